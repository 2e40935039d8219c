//! Distances between distributions: PSI (with Evidently's empty-bin rule), Jensen-Shannon
//! and (normed) Wasserstein.

use super::sorted_finite;
use serde::{Deserialize, Serialize};

/// Evidently's value for an empty bin before taking PSI's logarithm: 0.0001, or the smallest
/// non-empty share divided by 10^6 when that share is itself at most 0.0001 (evidently
/// `stattests/utils.py::get_binned_data`, `feel_zeroes=True`). Applied to each side separately.
pub const PSI_EMPTY_BIN_EPSILON: f64 = 0.0001;

/// PSI's conventional bands (E. M. Lewis, *An Introduction to Credit Scoring*): below 0.1 no
/// significant shift, 0.1 to 0.25 moderate, 0.25 and above major. Evidently's default PSI drift
/// threshold is the lower band edge, 0.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PsiBand {
    /// PSI < 0.1.
    NoShift,
    /// 0.1 <= PSI < 0.25.
    Moderate,
    /// PSI >= 0.25.
    Major,
}

impl PsiBand {
    /// Lower edge of the moderate band.
    pub const MODERATE_AT: f64 = 0.1;
    /// Lower edge of the major band.
    pub const MAJOR_AT: f64 = 0.25;

    /// The band a PSI value falls in (NaN counts as no shift: there is nothing to compare).
    pub fn of(psi: f64) -> Self {
        if psi >= Self::MAJOR_AT {
            PsiBand::Major
        } else if psi >= Self::MODERATE_AT {
            PsiBand::Moderate
        } else {
            PsiBand::NoShift
        }
    }
}

/// The value Evidently substitutes for empty bins of one side (see [`PSI_EMPTY_BIN_EPSILON`]).
fn empty_bin_fill(props: impl Iterator<Item = f64>) -> f64 {
    let min_nonzero = props
        .filter(|p| *p != 0.0)
        .fold(f64::INFINITY, |m, p| if p < m { p } else { m });
    if min_nonzero <= PSI_EMPTY_BIN_EPSILON {
        min_nonzero / 1e6
    } else {
        PSI_EMPTY_BIN_EPSILON
    }
}

/// Population Stability Index, `PSI = sum((ref_i - cur_i) * ln(ref_i / cur_i))` over bins
/// (evidently `stattests/psi.py`), with Evidently's empty-bin rule ([`PSI_EMPTY_BIN_EPSILON`]).
/// Inputs are shares per bin. NaN if the lengths differ or a side has no non-empty bin.
pub fn psi(ref_props: &[f64], cur_props: &[f64]) -> f64 {
    if ref_props.len() != cur_props.len() || ref_props.is_empty() {
        return f64::NAN;
    }
    let ref_fill = empty_bin_fill(ref_props.iter().copied());
    let cur_fill = empty_bin_fill(cur_props.iter().copied());
    if !ref_fill.is_finite() || !cur_fill.is_finite() {
        return f64::NAN;
    }
    ref_props
        .iter()
        .zip(cur_props)
        .map(|(&r, &c)| {
            let r = if r == 0.0 { ref_fill } else { r };
            let c = if c == 0.0 { cur_fill } else { c };
            (r - c) * libm::log(r / c)
        })
        .sum()
}

/// [`psi`] on raw counts per bin, without allocating. NaN if lengths differ or a side is empty.
pub fn psi_counts(ref_counts: &[u64], cur_counts: &[u64]) -> f64 {
    if ref_counts.len() != cur_counts.len() || ref_counts.is_empty() {
        return f64::NAN;
    }
    let ref_n: u64 = ref_counts.iter().sum();
    let cur_n: u64 = cur_counts.iter().sum();
    if ref_n == 0 || cur_n == 0 {
        return f64::NAN;
    }
    let (ref_n, cur_n) = (ref_n as f64, cur_n as f64);
    let ref_fill = empty_bin_fill(ref_counts.iter().map(|&c| c as f64 / ref_n));
    let cur_fill = empty_bin_fill(cur_counts.iter().map(|&c| c as f64 / cur_n));
    ref_counts
        .iter()
        .zip(cur_counts)
        .map(|(&r, &c)| {
            let r = if r == 0 { ref_fill } else { r as f64 / ref_n };
            let c = if c == 0 { cur_fill } else { c as f64 / cur_n };
            (r - c) * libm::log(r / c)
        })
        .sum()
}

/// `x * ln(x / y)` with scipy's `rel_entr` conventions (0 when x = 0).
fn rel_entr(x: f64, y: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else if y > 0.0 {
        x * libm::log(x / y)
    } else {
        f64::INFINITY
    }
}

/// Jensen-Shannon *distance* with natural logarithms, as `scipy.spatial.distance.jensenshannon`
/// (used by evidently `stattests/jensenshannon.py`): both vectors are normalised to sum 1, then
/// `sqrt((KL(p||m) + KL(q||m)) / 2)` with `m = (p + q) / 2`. Ranges from 0 to sqrt(ln 2) ~ 0.83.
/// No empty-bin epsilon (Evidently passes `feel_zeroes=False` here). NaN on bad input.
pub fn js_distance(p: &[f64], q: &[f64]) -> f64 {
    if p.len() != q.len() || p.is_empty() {
        return f64::NAN;
    }
    let ps: f64 = p.iter().sum();
    let qs: f64 = q.iter().sum();
    if ps <= 0.0 || qs <= 0.0 || !ps.is_finite() || !qs.is_finite() {
        return f64::NAN;
    }
    js_from_normalised(p.iter().map(|v| v / ps).zip(q.iter().map(|v| v / qs)))
}

/// [`js_distance`] on raw counts per bin, without allocating.
pub fn js_distance_counts(ref_counts: &[u64], cur_counts: &[u64]) -> f64 {
    if ref_counts.len() != cur_counts.len() || ref_counts.is_empty() {
        return f64::NAN;
    }
    let ps = ref_counts.iter().sum::<u64>() as f64;
    let qs = cur_counts.iter().sum::<u64>() as f64;
    if ps == 0.0 || qs == 0.0 {
        return f64::NAN;
    }
    js_from_normalised(
        ref_counts
            .iter()
            .map(|&v| v as f64 / ps)
            .zip(cur_counts.iter().map(|&v| v as f64 / qs)),
    )
}

fn js_from_normalised(pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    let mut js = 0.0;
    for (p, q) in pairs {
        let m = (p + q) / 2.0;
        js += rel_entr(p, m) + rel_entr(q, m);
    }
    // Rounding can leave a tiny negative sum for identical inputs.
    libm::sqrt((js / 2.0).max(0.0))
}

/// First Wasserstein (earth mover's) distance between two empirical distributions given as
/// *sorted* samples: the area between their CDFs (`scipy.stats.wasserstein_distance`).
/// NaN if either sample is empty.
pub fn wasserstein_sorted(a: &[f64], b: &[f64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return f64::NAN;
    }
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut prev = if a[0] < b[0] { a[0] } else { b[0] };
    let mut area = 0.0;
    while i < a.len() || j < b.len() {
        let take_a = j >= b.len() || (i < a.len() && a[i] <= b[j]);
        let x = if take_a { a[i] } else { b[j] };
        area += libm::fabs(i as f64 / n - j as f64 / m) * (x - prev);
        if take_a {
            i += 1;
        } else {
            j += 1;
        }
        prev = x;
    }
    area
}

/// [`wasserstein_sorted`] on unsorted samples (copies, drops non-finite values, sorts).
pub fn wasserstein_distance(a: &[f64], b: &[f64]) -> f64 {
    wasserstein_sorted(&sorted_finite(a), &sorted_finite(b))
}

/// Population standard deviation (numpy `np.std`, ddof = 0); NaN when empty.
pub fn std_pop(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    libm::sqrt(ss / n)
}

/// Evidently's floor on the reference standard deviation when norming Wasserstein
/// (`max(np.std(reference), 0.001)`, evidently `stattests/wasserstein_distance_norm.py`).
pub const WASSERSTEIN_MIN_NORM: f64 = 0.001;

/// Normed Wasserstein distance, `W1(reference, current) / max(std(reference), 0.001)`, as
/// Evidently's default for numeric columns with more than 1000 reference rows (drift at >= 0.1).
pub fn wasserstein_normed(reference: &[f64], current: &[f64]) -> f64 {
    let r = sorted_finite(reference);
    let c = sorted_finite(current);
    wasserstein_normed_sorted(&r, &c)
}

/// [`wasserstein_normed`] on already sorted, finite samples (no allocation).
pub fn wasserstein_normed_sorted(reference: &[f64], current: &[f64]) -> f64 {
    let norm = std_pop(reference).max(WASSERSTEIN_MIN_NORM);
    wasserstein_sorted(reference, current) / norm
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::stats::close;

    // Reference values come from scipy 1.17.1 / numpy 2.4.6 (computed by hand with
    // the calls named next to each number).

    #[test]
    fn psi_matches_numpy_with_evidently_epsilon() {
        let cases: [(&[f64], &[f64], f64); 4] = [
            (
                &[0.1, 0.2, 0.3, 0.4],
                &[0.15, 0.25, 0.25, 0.35],
                0.04722308044204257,
            ),
            (&[0.25; 4], &[0.0, 0.1, 0.4, 0.5], 2.3364600474209576),
            (
                &[0.5, 0.3, 0.2, 0.0],
                &[0.1, 0.2, 0.3, 0.4],
                4.041658637672074,
            ),
            (
                &[0.99999, 0.00001, 0.0],
                &[0.5, 0.3, 0.2],
                8.182943989412738,
            ),
        ];
        for (r, c, want) in cases {
            let got = psi(r, c);
            assert!(close(got, want, 1e-12), "{got} vs {want}");
        }
        assert!(close(
            psi_counts(&[50, 30, 20, 0], &[10, 20, 30, 40]),
            4.041658637672074,
            1e-12
        ));
        assert_eq!(psi(&[0.5, 0.5], &[0.5, 0.5]), 0.0);
        assert!(psi(&[0.5], &[0.5, 0.5]).is_nan());
        assert!(psi_counts(&[0, 0], &[1, 1]).is_nan());
    }

    #[test]
    fn psi_bands() {
        assert_eq!(PsiBand::of(0.05), PsiBand::NoShift);
        assert_eq!(PsiBand::of(0.1), PsiBand::Moderate);
        assert_eq!(PsiBand::of(0.2), PsiBand::Moderate);
        assert_eq!(PsiBand::of(0.25), PsiBand::Major);
        assert_eq!(PsiBand::of(f64::NAN), PsiBand::NoShift);
    }

    #[test]
    fn js_matches_scipy() {
        assert!(close(
            js_distance(&[0.1, 0.2, 0.3, 0.4], &[0.15, 0.25, 0.25, 0.35]),
            0.07668497816148617,
            1e-12
        ));
        // Disjoint supports reach the maximum sqrt(ln 2).
        assert!(close(
            js_distance(&[1.0, 0.0], &[0.0, 1.0]),
            0.8325546111576977,
            1e-12
        ));
        assert!(close(
            js_distance_counts(&[50, 30, 20, 0], &[10, 20, 30, 40]),
            0.47060916310185213,
            1e-12
        ));
        assert_eq!(js_distance(&[0.3, 0.7], &[0.3, 0.7]), 0.0);
    }

    #[test]
    fn wasserstein_matches_scipy() {
        let u: Vec<f64> = (0..60).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let v: Vec<f64> = (0..45)
            .map(|i| ((i * 53) % 97) as f64 / 97.0 * 1.5 + 0.2)
            .collect();
        assert!(close(
            wasserstein_distance(&u, &v),
            0.40733047531557276,
            1e-12
        ));
        assert!(close(wasserstein_normed(&u, &v), 1.4113941658195244, 1e-12));
        assert!(close(
            wasserstein_distance(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]),
            5.0,
            1e-12
        ));
        assert!(close(
            wasserstein_distance(&[0.0, 1.0, 1.0, 2.0], &[1.0, 1.0, 1.0, 5.0]),
            1.0,
            1e-12
        ));
    }
}
