//! The two-sample Kolmogorov-Smirnov test exactly as `scipy.stats.ks_2samp` computes it with
//! its defaults (`alternative='two-sided'`, `method='auto'`), which is what Evidently calls
//! (evidently `legacy/calculations/stattests/ks_stattest.py`).
//!
//! scipy 1.17 `stats/_stats_py.py::ks_2samp`:
//! - the statistic is `max |F1(x) - F2(x)|` over the pooled values, both empirical CDFs taken
//!   after every copy of a tied value (`searchsorted(..., side='right')`);
//! - `auto` picks the exact distribution when `max(n1, n2) <= 10000`, the asymptotic one
//!   otherwise;
//! - exact (`_attempt_exact_2kssamp`): the statistic is rounded to `h / lcm(n1, n2)`, then
//!   equal sizes use `_compute_prob_outside_square` and unequal ones
//!   `_compute_outer_prob_inside_method`; a result outside `[0, 1]` falls back to asymptotic;
//! - asymptotic: `kstwo.sf(d, round(n1 n2 / (n1 + n2)))`, the finite-n one-sample
//!   distribution at the effective sample size ([`kolmogorov_n_sf`]), not the limit law.
//!
//! Ties change only the statistic: scipy applies the same (continuous-data) null
//! distribution to it, and so does this module.

use super::kolmogorov::kolmogorov_n_sf;
use super::ks_statistic_sorted;
use serde::{Deserialize, Serialize};

/// Largest sample size for which `method='auto'` tries the exact distribution (scipy
/// `ks_2samp`'s `MAX_AUTO_N`).
pub const KS_EXACT_MAX_N: usize = 10_000;

/// Which null distribution gave a [`KsTwoSample`] p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KsMethod {
    /// The exact distribution of the two-sample statistic (lattice-path counts).
    Exact,
    /// `kstwo` at the effective sample size `round(n1 n2 / (n1 + n2))`.
    Asymptotic,
}

impl KsMethod {
    /// scipy's name for the method (`"exact"` or `"asymp"`).
    pub fn scipy_name(self) -> &'static str {
        match self {
            KsMethod::Exact => "exact",
            KsMethod::Asymptotic => "asymp",
        }
    }
}

/// Result of [`ks_2samp_sorted`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KsTwoSample {
    /// The statistic scipy returns: `D`, rounded to the nearest multiple of
    /// `1 / lcm(n1, n2)` when the exact method was used.
    pub statistic: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// The null distribution used.
    pub method: KsMethod,
}

/// `scipy.stats.ks_2samp(a, b)` (two-sided, `method='auto'`) on *sorted*, finite samples.
/// NaN statistic and p-value when either sample is empty (scipy raises there).
pub fn ks_2samp_sorted(a: &[f64], b: &[f64]) -> KsTwoSample {
    let (n1, n2) = (a.len(), b.len());
    if n1 == 0 || n2 == 0 {
        return KsTwoSample {
            statistic: f64::NAN,
            p_value: f64::NAN,
            method: KsMethod::Exact,
        };
    }
    let d = ks_statistic_sorted(a, b);
    if n1.max(n2) <= KS_EXACT_MAX_N {
        let (rounded, exact) = ks_exact_p_value(n1 as u64, n2 as u64, d);
        if let Some(p) = exact {
            return KsTwoSample {
                statistic: rounded,
                p_value: p.clamp(0.0, 1.0),
                method: KsMethod::Exact,
            };
        }
        // scipy keeps the rounded statistic when the exact computation fails.
        return KsTwoSample {
            statistic: rounded,
            p_value: ks_p_value_kstwo(rounded, n1, n2),
            method: KsMethod::Asymptotic,
        };
    }
    KsTwoSample {
        statistic: d,
        p_value: ks_p_value_kstwo(d, n1, n2),
        method: KsMethod::Asymptotic,
    }
}

/// scipy's asymptotic two-sided p-value: `kstwo.sf(d, round(n1 n2 / (n1 + n2)))` (rounding
/// half to even, as numpy's `round`), clipped to `[0, 1]`.
pub fn ks_p_value_kstwo(d: f64, n1: usize, n2: usize) -> f64 {
    let (big, small) = if n1 >= n2 {
        (n1 as f64, n2 as f64)
    } else {
        (n2 as f64, n1 as f64)
    };
    let en = big * small / (big + small);
    let effective = en.round_ties_even();
    if effective.is_nan() || effective < 1.0 {
        return f64::NAN;
    }
    let p = kolmogorov_n_sf(effective as u64, d);
    if p.is_nan() {
        p
    } else {
        p.clamp(0.0, 1.0)
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// scipy's `_attempt_exact_2kssamp` (two-sided): the statistic rounded to `h / lcm(n1, n2)`,
/// and the exact p-value, or `None` when it is not a probability (then scipy falls back to the
/// asymptotic distribution).
pub fn ks_exact_p_value(n1: u64, n2: u64, d: f64) -> (f64, Option<f64>) {
    if n1 == 0 || n2 == 0 || d.is_nan() {
        return (f64::NAN, None);
    }
    let g = gcd(n1, n2);
    let lcm = (n1 / g) as f64 * n2 as f64;
    let h = (d * lcm).round_ties_even();
    let rounded = h / lcm;
    if h <= 0.0 {
        return (rounded, Some(1.0));
    }
    let h = h as u64;
    let p = if n1 == n2 {
        prob_outside_square(n1, h)
    } else {
        outer_prob_inside(n1, n2, g, h)
    };
    if (0.0..=1.0).contains(&p) {
        (rounded, Some(p))
    } else {
        (rounded, None)
    }
}

/// `P(D_{n,n} >= h/n)` for two samples of size n: the share of lattice paths leaving the band
/// `|x - y| < h`, `2 sum_{k>=1} (-1)^(k-1) C(2n, n - k h) / C(2n, n)` (Gnedenko-Korolyuk),
/// summed as scipy does, Horner-like from the smallest term to avoid cancellation
/// (scipy `_compute_prob_outside_square`).
fn prob_outside_square(n: u64, h: u64) -> f64 {
    if h == 0 {
        return 1.0;
    }
    let mut p = 0.0;
    let top = n / h;
    for k in (0..=top).rev() {
        let mut p1 = 1.0;
        for j in 0..h {
            // n - k h - j may be negative (Python integers); only its product matters.
            let num = n as f64 - (k * h + j) as f64;
            let den = (n + k * h + j + 1) as f64;
            p1 = num * p1 / den;
        }
        p = p1 * (1.0 - p);
    }
    2.0 * p
}

/// The share of lattice paths from (0, 0) to (m, n) that do *not* stay strictly inside
/// `|x/m - y/n| < h / lcm(m, n)`, by Hodges' (1958) inside method rewritten to carry the
/// outside share directly, column by column over a sliding window, as in Viehmann (2021,
/// "Numerically more stable computation of the p-values for the two-sample
/// Kolmogorov-Smirnov test", arXiv:2102.08037) (scipy
/// `_stats_pythran.py::_compute_outer_prob_inside_method`).
fn outer_prob_inside(m: u64, n: u64, g: u64, h: u64) -> f64 {
    let (m, n) = if m < n { (n, m) } else { (m, n) };
    let (mg, ng) = ((m / g) as i64, (n / g) as i64);
    let (h, ni) = (h as i64, n as i64);
    // ceil and floor of a / b for b > 0, in integers (exact, like scipy's float division of
    // integers below 2^53 followed by ceil or floor).
    let ceil_div = |a: i64, b: i64| -> i64 { a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0) };
    let floor_div = |a: i64, b: i64| -> i64 { a.div_euclid(b) };
    let mut minj: i64 = 0;
    let mut maxj: i64 = ceil_div(h, mg).min(ni + 1);
    let mut curlen = maxj - minj;
    let len_a = (2 * maxj + 2).min(ni + 1).max(1) as usize;
    let mut a = vec![1.0f64; len_a];
    for c in a.iter_mut().take(maxj.max(0) as usize) {
        *c = 0.0;
    }
    for i in 1..=(m as i64) {
        let (lastminj, lastlen) = (minj, curlen);
        minj = (floor_div(ng * i - h, mg) + 1).max(0).min(ni);
        maxj = ceil_div(ng * i + h, mg).min(ni + 1);
        if maxj <= minj {
            return 1.0;
        }
        let mut val = if minj == 0 { 0.0 } else { 1.0 };
        let fi = i as f64;
        for jj in 0..(maxj - minj) {
            let j = jj + minj;
            let prev = usize::try_from(jj + minj - lastminj)
                .ok()
                .and_then(|k| a.get(k))
                .copied()
                .unwrap_or(1.0);
            val = (prev * fi + val * j as f64) / (fi + j as f64);
            if let Some(slot) = a.get_mut(jj as usize) {
                *slot = val;
            }
        }
        curlen = maxj - minj;
        if lastlen > curlen {
            // Carried-over places past the window count as outside.
            let from = (maxj - minj) as usize;
            let to = from + (lastlen - curlen) as usize;
            for c in a.iter_mut().take(to).skip(from) {
                *c = 1.0;
            }
        }
    }
    usize::try_from(maxj - minj - 1)
        .ok()
        .and_then(|k| a.get(k))
        .copied()
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_agrees_with_the_existing_equal_size_formula() {
        for (n, h) in [(30u64, 3u64), (30, 8), (30, 17), (200, 28), (5, 5)] {
            let a = prob_outside_square(n, h);
            let b = super::super::ks_p_value_exact_equal_steps(h as usize, n as usize);
            assert!((a - b).abs() < 1e-12, "n {n} h {h}: {a} vs {b}");
        }
    }

    #[test]
    fn empty_samples_give_nan() {
        let r = ks_2samp_sorted(&[], &[1.0]);
        assert!(r.statistic.is_nan() && r.p_value.is_nan());
        assert!(ks_p_value_kstwo(0.5, 0, 0).is_nan());
    }

    #[test]
    fn identical_samples_have_p_one() {
        let a = [1.0, 2.0, 3.0];
        let r = ks_2samp_sorted(&a, &a);
        assert_eq!(
            (r.statistic, r.p_value, r.method),
            (0.0, 1.0, KsMethod::Exact)
        );
    }
}
