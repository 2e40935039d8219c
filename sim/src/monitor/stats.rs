//! Data-drift statistics, following Evidently's defaults (legacy `stattests` package).
//!
//! Everything is computed with `libm` so native and wasm32 runs give identical bits.
//! Functions taking `_sorted` slices never allocate (the world calls them on its hot path);
//! the convenience versions copy, drop non-finite values (treated as missing) and sort.
//!
//! Score directions differ by method, as in Evidently: for tests the score is a p-value and a
//! *small* value means drift; for distances a *large* value means drift (see [`ScoreDirection`]).

use serde::{Deserialize, Serialize};
use thiserror::Error;

// ---------------------------------------------------------------------------------------------
// Histograms
// ---------------------------------------------------------------------------------------------

/// Why a [`Histogram`] could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum HistogramError {
    /// Fewer than two edges (at least one bin is needed).
    #[error("a histogram needs at least 2 edges, got {0}")]
    TooFewEdges(usize),
    /// An edge is NaN or infinite.
    #[error("histogram edge {index} is not finite ({value})")]
    NonFiniteEdge {
        /// Position of the bad edge.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// Edges must strictly increase.
    #[error("histogram edges must strictly increase, but edge {index} ({value}) is not above the previous one")]
    NotIncreasing {
        /// Position of the first edge that does not increase.
        index: usize,
        /// Its value.
        value: f64,
    },
}

/// A histogram with fixed edges, filled one value at a time without allocating.
///
/// Bins are `[edges[i], edges[i+1])`, the last one closed on the right as in numpy. Values
/// below the first edge count in the first bin and values above the last edge in the last bin
/// (open-ended end bins, as usual for PSI on credit-scoring style fixed bins), so a shift out
/// of the reference range still shows up. Non-finite values are counted as `skipped` only.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    edges: Vec<f64>,
    counts: Vec<u64>,
    total: u64,
    skipped: u64,
    /// `(first edge, 1 / bin width)` when the edges are evenly spaced: O(1) bin lookup.
    uniform: Option<(f64, f64)>,
}

impl Histogram {
    /// A histogram over the given edges (at least 2, finite, strictly increasing).
    pub fn new(edges: Vec<f64>) -> Result<Self, HistogramError> {
        if edges.len() < 2 {
            return Err(HistogramError::TooFewEdges(edges.len()));
        }
        for (index, &value) in edges.iter().enumerate() {
            if !value.is_finite() {
                return Err(HistogramError::NonFiniteEdge { index, value });
            }
            if index > 0 && value <= edges[index - 1] {
                return Err(HistogramError::NotIncreasing { index, value });
            }
        }
        let bins = edges.len() - 1;
        Ok(Self {
            counts: vec![0; bins],
            edges,
            total: 0,
            skipped: 0,
            uniform: None,
        })
    }

    /// `bins` equal-width bins from `lo` to `hi` (numpy `linspace` edges).
    pub fn uniform(lo: f64, hi: f64, bins: usize) -> Result<Self, HistogramError> {
        let bins = bins.max(1);
        let edges = linspace_edges(lo, hi, bins);
        let mut h = Self::new(edges)?;
        h.uniform = Some((lo, bins as f64 / (hi - lo)));
        Ok(h)
    }

    /// Evidently's numeric binning: Sturges' rule on the pooled reference+current data
    /// (`numpy.histogram_bin_edges(pooled, bins="sturges")`, evidently
    /// `stattests/utils.py::get_binned_data`). `pooled_len` is the pooled sample size.
    /// A zero-width range is widened by 0.5 on each side, as numpy does.
    pub fn sturges(
        pooled_min: f64,
        pooled_max: f64,
        pooled_len: usize,
    ) -> Result<Self, HistogramError> {
        let (lo, hi) = if pooled_min == pooled_max {
            (pooled_min - 0.5, pooled_max + 0.5)
        } else {
            (pooled_min, pooled_max)
        };
        Self::uniform(lo, hi, sturges_bins(pooled_len))
    }

    /// Adds one value (non-finite values are only counted in [`Histogram::skipped`]).
    pub fn add(&mut self, x: f64) {
        self.add_count(x, 1);
    }

    /// Adds `count` copies of `x`.
    pub fn add_count(&mut self, x: f64, count: u64) {
        if !x.is_finite() {
            self.skipped += count;
            return;
        }
        let bin = self.bin_of(x);
        self.counts[bin] += count;
        self.total += count;
    }

    /// The bin a finite value falls in (end bins are open-ended).
    pub fn bin_of(&self, x: f64) -> usize {
        let bins = self.counts.len();
        let last = bins - 1;
        let mut idx = match self.uniform {
            Some((lo, inv_width)) => {
                let pos = libm::floor((x - lo) * inv_width);
                if pos <= 0.0 {
                    0
                } else if pos >= last as f64 {
                    last
                } else {
                    pos as usize
                }
            }
            // Number of edges <= x, minus one, is the bin.
            None => self
                .edges
                .partition_point(|e| *e <= x)
                .saturating_sub(1)
                .min(last),
        };
        // Rounding in the arithmetic path can be one bin off at an edge: settle on the edges.
        while idx > 0 && x < self.edges[idx] {
            idx -= 1;
        }
        while idx < last && x >= self.edges[idx + 1] {
            idx += 1;
        }
        idx
    }

    /// Edges (one more than bins).
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Counts per bin.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Number of bins.
    pub fn bins(&self) -> usize {
        self.counts.len()
    }

    /// Number of finite values added.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of non-finite values seen (and not binned).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Empties every bin (edges and capacity are kept).
    pub fn clear(&mut self) {
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.total = 0;
        self.skipped = 0;
    }

    /// Writes the share of values in each bin into `out` (length must equal [`Histogram::bins`]).
    /// Returns false (and leaves `out` untouched) on a length mismatch or an empty histogram.
    pub fn proportions_into(&self, out: &mut [f64]) -> bool {
        if out.len() != self.counts.len() || self.total == 0 {
            return false;
        }
        let n = self.total as f64;
        for (o, &c) in out.iter_mut().zip(&self.counts) {
            *o = c as f64 / n;
        }
        true
    }

    /// PSI of `self` (current) against `reference`; NaN if the bins differ or either is empty.
    pub fn psi_against(&self, reference: &Histogram) -> f64 {
        if reference.edges != self.edges {
            return f64::NAN;
        }
        psi_counts(&reference.counts, &self.counts)
    }

    /// Jensen-Shannon distance of `self` (current) against `reference`; NaN if the bins differ
    /// or either is empty.
    pub fn js_against(&self, reference: &Histogram) -> f64 {
        if reference.edges != self.edges {
            return f64::NAN;
        }
        js_distance_counts(&reference.counts, &self.counts)
    }
}

/// Sturges' number of bins, `ceil(log2(n) + 1)` (numpy `_hist_bin_sturges`); 1 for n <= 1.
pub fn sturges_bins(n: usize) -> usize {
    if n <= 1 {
        return 1;
    }
    libm::ceil(libm::log2(n as f64) + 1.0) as usize
}

/// `bins + 1` evenly spaced edges from `lo` to `hi`, last edge exactly `hi` (numpy `linspace`).
fn linspace_edges(lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let step = (hi - lo) / bins as f64;
    let mut edges: Vec<f64> = (0..=bins).map(|i| lo + i as f64 * step).collect();
    if let Some(last) = edges.last_mut() {
        *last = hi;
    }
    edges
}

// ---------------------------------------------------------------------------------------------
// PSI
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Jensen-Shannon
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Wasserstein
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Kolmogorov-Smirnov
// ---------------------------------------------------------------------------------------------

/// Result of a two-sample Kolmogorov-Smirnov test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KsResult {
    /// `D = sup_x |F_ref(x) - F_cur(x)|`.
    pub statistic: f64,
    /// Two-sided p-value (small means the samples differ).
    pub p_value: f64,
}

/// Two-sample KS statistic on *sorted* samples, ties handled as `scipy.stats.ks_2samp` does
/// (both empirical CDFs are taken after every copy of a tied value). NaN if either is empty.
pub fn ks_statistic_sorted(a: &[f64], b: &[f64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return f64::NAN;
    }
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut d: f64 = 0.0;
    while i < a.len() && j < b.len() {
        let x = if a[i] <= b[j] { a[i] } else { b[j] };
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max(libm::fabs(i as f64 / n - j as f64 / m));
    }
    d
}

/// Survival function of the Kolmogorov distribution (the limit law of `sqrt(n) * D`),
/// `Q(lambda) = 2 * sum_{k>=1} (-1)^(k-1) * exp(-2 k^2 lambda^2)` (Kolmogorov 1933; the same
/// function as `scipy.stats.kstwobign.sf`). For lambda < 1 the equivalent Jacobi-theta form
/// `1 - sqrt(2 pi)/lambda * sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 lambda^2))` converges faster.
pub fn kolmogorov_sf(lambda: f64) -> f64 {
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda <= 0.0 {
        return 1.0;
    }
    if lambda < 1.0 {
        let c = core::f64::consts::PI * core::f64::consts::PI / (8.0 * lambda * lambda);
        let mut sum = 0.0;
        for k in 1..=20u32 {
            let odd = (2 * k - 1) as f64;
            let term = libm::exp(-odd * odd * c);
            sum += term;
            if term < 1e-20 * sum {
                break;
            }
        }
        let cdf = libm::sqrt(2.0 * core::f64::consts::PI) / lambda * sum;
        return (1.0 - cdf).clamp(0.0, 1.0);
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..=100u32 {
        let kf = k as f64;
        let term = libm::exp(-2.0 * kf * kf * lambda * lambda);
        sum += sign * term;
        if term < 1e-20 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Asymptotic two-sided KS p-value: Smirnov's limit, `P(D >= d) ~ Q(sqrt(n_e) * d)` with the
/// effective sample size `n_e = n * m / (n + m)` and `Q` = [`kolmogorov_sf`].
///
/// scipy's `ks_2samp` (which Evidently calls) computes the *exact* distribution for samples up
/// to 10,000; the limit is within about 1% of it near p = 0.05 at a few hundred rows, and
/// slightly conservative (larger p) for small samples.
pub fn ks_p_value_asymptotic(statistic: f64, n: usize, m: usize) -> f64 {
    if n == 0 || m == 0 || statistic.is_nan() {
        return f64::NAN;
    }
    let (nf, mf) = (n as f64, m as f64);
    let en = nf * mf / (nf + mf);
    kolmogorov_sf(libm::sqrt(en) * statistic)
}

/// Exact two-sided KS p-value for two samples of the *same* size `n` (no ties), the case
/// KSWIN uses: the share of lattice paths leaving the band `|i - j| < h`,
/// `P(D >= h/n) = 2 * sum_{j>=1} (-1)^(j-1) * C(2n, n - j h) / C(2n, n)` (Gnedenko-Korolyuk;
/// scipy's `_compute_prob_outside_square`, used by `ks_2samp(method="exact")`).
pub fn ks_p_value_exact_equal(statistic: f64, n: usize) -> f64 {
    if n == 0 || statistic.is_nan() {
        return f64::NAN;
    }
    let h = libm::round(statistic * n as f64);
    if h <= 0.0 {
        return 1.0;
    }
    let h = h as usize;
    if h > n {
        return 0.0;
    }
    // ratio_j = C(2n, n - j h) / C(2n, n) = prod_{i=0}^{j h - 1} (n - i) / (n + 1 + i).
    let mut sum = 0.0;
    let mut ratio = 1.0;
    let mut sign = 1.0;
    let mut i = 0usize;
    let mut j = 1usize;
    while j * h <= n {
        while i < j * h {
            ratio *= (n - i) as f64 / (n + 1 + i) as f64;
            i += 1;
        }
        sum += sign * ratio;
        sign = -sign;
        j += 1;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Two-sample KS test on *sorted*, finite samples with the asymptotic p-value
/// ([`ks_p_value_asymptotic`]); no allocation. NaNs if either sample is empty.
pub fn ks_two_sample_sorted(reference: &[f64], current: &[f64]) -> KsResult {
    let statistic = ks_statistic_sorted(reference, current);
    KsResult {
        statistic,
        p_value: ks_p_value_asymptotic(statistic, reference.len(), current.len()),
    }
}

/// Two-sample KS test (Evidently's default for numeric columns with at most 1000 reference
/// rows; drift when p <= 0.05). Copies, drops non-finite values, sorts; asymptotic p-value.
pub fn ks_two_sample(reference: &[f64], current: &[f64]) -> KsResult {
    ks_two_sample_sorted(&sorted_finite(reference), &sorted_finite(current))
}

/// Finite values of `xs`, sorted ascending.
pub fn sorted_finite(xs: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

// ---------------------------------------------------------------------------------------------
// Chi-square and Z tests
// ---------------------------------------------------------------------------------------------

/// Regularised upper incomplete gamma function `Q(a, x) = Gamma(a, x) / Gamma(a)`, by its power
/// series for `x < a + 1` and by a continued fraction (modified Lentz) otherwise.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if a.is_nan() || x.is_nan() || a <= 0.0 || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    // ln(x^a e^-x / Gamma(a)), shared by both branches.
    let log_prefactor = a * libm::log(x) - x - libm::lgamma(a);
    if x < a + 1.0 {
        // P(a, x) = x^a e^-x / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n)).
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut ap = a;
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if libm::fabs(term) < libm::fabs(sum) * 1e-16 {
                break;
            }
        }
        (1.0 - sum * libm::exp(log_prefactor)).clamp(0.0, 1.0)
    } else {
        // Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1(1-a)/(x + 3 - a - ...)).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if libm::fabs(d) < tiny {
                d = tiny;
            }
            c = b + an / c;
            if libm::fabs(c) < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if libm::fabs(delta - 1.0) < 1e-16 {
                break;
            }
        }
        (libm::exp(log_prefactor) * h).clamp(0.0, 1.0)
    }
}

/// Upper tail of the chi-square distribution with `dof` degrees of freedom
/// (`scipy.stats.chi2.sf`). NaN for `dof == 0`.
pub fn chi_square_sf(statistic: f64, dof: usize) -> f64 {
    if dof == 0 {
        return f64::NAN;
    }
    if statistic == f64::INFINITY {
        return 0.0;
    }
    gamma_q(dof as f64 / 2.0, statistic / 2.0)
}

/// Result of a chi-square goodness-of-fit test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChiSquareResult {
    /// Pearson's statistic, `sum((obs - exp)^2 / exp)`.
    pub statistic: f64,
    /// Degrees of freedom (categories - 1).
    pub dof: usize,
    /// Upper-tail p-value.
    pub p_value: f64,
}

/// Evidently's chi-square drift test on category counts (evidently
/// `stattests/chisquare_stattest.py`): expected counts are the reference counts scaled to the
/// current total, observed are the current counts, over the categories seen on either side;
/// then `scipy.stats.chisquare`. A category absent from the reference but present now gives an
/// infinite statistic and p = 0. NaN p-value with fewer than two categories or an empty side.
pub fn chi_square_test(ref_counts: &[u64], cur_counts: &[u64]) -> ChiSquareResult {
    let nan = ChiSquareResult {
        statistic: f64::NAN,
        dof: 0,
        p_value: f64::NAN,
    };
    if ref_counts.len() != cur_counts.len() {
        return nan;
    }
    let ref_n: u64 = ref_counts.iter().sum();
    let cur_n: u64 = cur_counts.iter().sum();
    if ref_n == 0 || cur_n == 0 {
        return nan;
    }
    let k_norm = cur_n as f64 / ref_n as f64;
    let mut statistic = 0.0;
    let mut categories = 0usize;
    for (&r, &c) in ref_counts.iter().zip(cur_counts) {
        if r == 0 && c == 0 {
            continue;
        }
        categories += 1;
        let expected = r as f64 * k_norm;
        let diff = c as f64 - expected;
        statistic += if expected > 0.0 {
            diff * diff / expected
        } else {
            f64::INFINITY
        };
    }
    let dof = categories.saturating_sub(1);
    ChiSquareResult {
        statistic,
        dof,
        p_value: chi_square_sf(statistic, dof),
    }
}

/// Standard normal upper tail `1 - Phi(z)`, via `erfc` (accurate far into the tail).
pub fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / core::f64::consts::SQRT_2)
}

/// Evidently's two-proportion Z-test (evidently `stattests/z_stattest.py`), two-sided:
/// `z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2))` with pooled `P`, `p = 2 (1 - Phi(|z|))`.
/// When both samples hold one and the same value the p-value is 1, as in Evidently.
/// NaN when either sample is empty.
pub fn z_test_proportions(ref_hits: u64, ref_n: u64, cur_hits: u64, cur_n: u64) -> f64 {
    if ref_n == 0 || cur_n == 0 || ref_hits > ref_n || cur_hits > cur_n {
        return f64::NAN;
    }
    let (n1, n2) = (ref_n as f64, cur_n as f64);
    let p1 = ref_hits as f64 / n1;
    let p2 = cur_hits as f64 / n2;
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if var <= 0.0 {
        return 1.0;
    }
    let z = (p1 - p2) / libm::sqrt(var);
    (2.0 * normal_sf(libm::fabs(z))).min(1.0)
}

// ---------------------------------------------------------------------------------------------
// Evidently's method choice and per-column report
// ---------------------------------------------------------------------------------------------

/// Which way a drift score points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoreDirection {
    /// A p-value; drift when `p <= threshold` (Evidently's KS test).
    PValueAtMost,
    /// A p-value; drift when `p < threshold` (Evidently's chi-square and Z tests use `<`).
    PValueBelow,
    /// A distance; drift when `distance >= threshold` (Wasserstein, Jensen-Shannon, PSI).
    DistanceAtLeast,
}

/// A per-column drift method, as named by Evidently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftMethod {
    /// Two-sample Kolmogorov-Smirnov test (p-value).
    Ks,
    /// Chi-square goodness-of-fit test on category counts (p-value).
    ChiSquare,
    /// Two-proportion Z-test for binary columns (p-value).
    ZTest,
    /// Wasserstein distance divided by the reference standard deviation.
    WassersteinNormed,
    /// Jensen-Shannon distance (natural log).
    JensenShannon,
    /// Population Stability Index (not an Evidently default, but a common choice).
    Psi,
}

impl DriftMethod {
    /// Evidently's default test (`_get_default_stattest`, evidently
    /// `stattests/registry.py`). `unique_values` counts distinct values over reference and
    /// current together.
    /// - reference <= 1000 rows: numeric with > 5 unique values -> KS; otherwise chi-square if
    ///   > 2 unique values, else Z-test;
    /// - reference > 1000 rows: numeric with > 5 unique values -> normed Wasserstein;
    ///   otherwise Jensen-Shannon.
    pub fn evidently_default(
        reference_rows: usize,
        unique_values: usize,
        is_numeric: bool,
    ) -> Self {
        let many_values = is_numeric && unique_values > 5;
        if reference_rows <= 1000 {
            if many_values {
                DriftMethod::Ks
            } else if unique_values > 2 {
                DriftMethod::ChiSquare
            } else {
                DriftMethod::ZTest
            }
        } else if many_values {
            DriftMethod::WassersteinNormed
        } else {
            DriftMethod::JensenShannon
        }
    }

    /// Evidently's default threshold: 0.05 for the p-value tests, 0.1 for the distances
    /// (and for PSI).
    pub fn default_threshold(self) -> f64 {
        match self {
            DriftMethod::Ks | DriftMethod::ChiSquare | DriftMethod::ZTest => 0.05,
            DriftMethod::WassersteinNormed | DriftMethod::JensenShannon | DriftMethod::Psi => 0.1,
        }
    }

    /// Which way the score points for this method.
    pub fn direction(self) -> ScoreDirection {
        match self {
            DriftMethod::Ks => ScoreDirection::PValueAtMost,
            DriftMethod::ChiSquare | DriftMethod::ZTest => ScoreDirection::PValueBelow,
            DriftMethod::WassersteinNormed | DriftMethod::JensenShannon | DriftMethod::Psi => {
                ScoreDirection::DistanceAtLeast
            }
        }
    }

    /// Whether `score` means drift at `threshold` (NaN never does, as in Evidently).
    pub fn is_drift(self, score: f64, threshold: f64) -> bool {
        match self.direction() {
            ScoreDirection::PValueAtMost => score <= threshold,
            ScoreDirection::PValueBelow => score < threshold,
            ScoreDirection::DistanceAtLeast => score >= threshold,
        }
    }

    /// Evidently's display name for the score.
    pub fn label(self) -> &'static str {
        match self {
            DriftMethod::Ks => "K-S p_value",
            DriftMethod::ChiSquare => "chi-square p_value",
            DriftMethod::ZTest => "Z-test p_value",
            DriftMethod::WassersteinNormed => "Wasserstein distance (normed)",
            DriftMethod::JensenShannon => "Jensen-Shannon distance",
            DriftMethod::Psi => "PSI",
        }
    }
}

/// The drift verdict for one column, like one row of Evidently's data-drift table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    /// Column name.
    pub column: String,
    /// Method used.
    pub method: DriftMethod,
    /// The method's score (p-value or distance; NaN when it cannot be computed).
    pub score: f64,
    /// Threshold compared against.
    pub threshold: f64,
    /// Whether the column drifted.
    pub drifted: bool,
    /// Reference rows used (finite values).
    pub reference_rows: usize,
    /// Current rows used (finite values).
    pub current_rows: usize,
    /// Distinct values over both samples.
    pub unique_values: usize,
}

impl DriftReport {
    /// Numeric column with Evidently's default method and threshold.
    pub fn numeric(column: &str, reference: &[f64], current: &[f64]) -> Self {
        Self::numeric_with(column, reference, current, None, None)
    }

    /// Numeric column with an explicit method and/or threshold (None = Evidently's default).
    pub fn numeric_with(
        column: &str,
        reference: &[f64],
        current: &[f64],
        method: Option<DriftMethod>,
        threshold: Option<f64>,
    ) -> Self {
        let r = sorted_finite(reference);
        let c = sorted_finite(current);
        let values = merged_unique(&r, &c);
        let method =
            method.unwrap_or_else(|| DriftMethod::evidently_default(r.len(), values.len(), true));
        let threshold = threshold.unwrap_or_else(|| method.default_threshold());
        let score = if r.is_empty() || c.is_empty() {
            f64::NAN
        } else {
            match method {
                DriftMethod::Ks => ks_two_sample_sorted(&r, &c).p_value,
                DriftMethod::WassersteinNormed => wasserstein_normed_sorted(&r, &c),
                DriftMethod::ChiSquare | DriftMethod::ZTest => {
                    let rc = counts_by_value(&r, &values);
                    let cc = counts_by_value(&c, &values);
                    categorical_p_value(method, &rc, &cc)
                }
                DriftMethod::JensenShannon | DriftMethod::Psi => {
                    let (rc, cc) = evidently_binned_counts(&r, &c, &values);
                    if method == DriftMethod::Psi {
                        psi_counts(&rc, &cc)
                    } else {
                        js_distance_counts(&rc, &cc)
                    }
                }
            }
        };
        Self {
            column: column.to_string(),
            method,
            score,
            threshold,
            drifted: method.is_drift(score, threshold),
            reference_rows: r.len(),
            current_rows: c.len(),
            unique_values: values.len(),
        }
    }

    /// Categorical column given as counts per category (same category order on both sides),
    /// with Evidently's default method and threshold.
    pub fn categorical(column: &str, ref_counts: &[u64], cur_counts: &[u64]) -> Self {
        Self::categorical_with(column, ref_counts, cur_counts, None, None)
    }

    /// Categorical column with an explicit method and/or threshold (None = Evidently's
    /// default). Methods that need raw numeric samples (KS, Wasserstein) give a NaN score.
    pub fn categorical_with(
        column: &str,
        ref_counts: &[u64],
        cur_counts: &[u64],
        method: Option<DriftMethod>,
        threshold: Option<f64>,
    ) -> Self {
        let reference_rows = ref_counts.iter().sum::<u64>() as usize;
        let current_rows = cur_counts.iter().sum::<u64>() as usize;
        let unique_values = ref_counts
            .iter()
            .zip(cur_counts)
            .filter(|(r, c)| **r > 0 || **c > 0)
            .count();
        let method = method.unwrap_or_else(|| {
            DriftMethod::evidently_default(reference_rows, unique_values, false)
        });
        let threshold = threshold.unwrap_or_else(|| method.default_threshold());
        let score = if ref_counts.len() != cur_counts.len() {
            f64::NAN
        } else {
            match method {
                DriftMethod::ChiSquare | DriftMethod::ZTest => {
                    categorical_p_value(method, ref_counts, cur_counts)
                }
                DriftMethod::JensenShannon => js_distance_counts(ref_counts, cur_counts),
                DriftMethod::Psi => psi_counts(ref_counts, cur_counts),
                DriftMethod::Ks | DriftMethod::WassersteinNormed => f64::NAN,
            }
        };
        Self {
            column: column.to_string(),
            method,
            score,
            threshold,
            drifted: method.is_drift(score, threshold),
            reference_rows,
            current_rows,
            unique_values,
        }
    }
}

/// Distinct values of two sorted slices, sorted.
fn merged_unique(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut all: Vec<f64> = a.iter().chain(b).copied().collect();
    all.sort_unstable_by(f64::total_cmp);
    all.dedup();
    all
}

/// Counts of each of `values` (sorted, distinct) in the sorted slice `xs`.
fn counts_by_value(xs: &[f64], values: &[f64]) -> Vec<u64> {
    let mut counts = vec![0u64; values.len()];
    let mut k = 0usize;
    for &x in xs {
        while k < values.len() && values[k] < x {
            k += 1;
        }
        if k < values.len() && values[k] == x {
            counts[k] += 1;
        }
    }
    counts
}

/// Chi-square or Z-test p-value on aligned category counts (Z-test: first present category vs
/// the rest, as Evidently maps the first sorted key to 0 and everything else to 1).
fn categorical_p_value(method: DriftMethod, ref_counts: &[u64], cur_counts: &[u64]) -> f64 {
    if method == DriftMethod::ChiSquare {
        return chi_square_test(ref_counts, cur_counts).p_value;
    }
    let ref_n: u64 = ref_counts.iter().sum();
    let cur_n: u64 = cur_counts.iter().sum();
    let first = ref_counts
        .iter()
        .zip(cur_counts)
        .position(|(r, c)| *r > 0 || *c > 0);
    match first {
        Some(k) => z_test_proportions(ref_counts[k], ref_n, cur_counts[k], cur_n),
        None => f64::NAN,
    }
}

/// Evidently's binning for PSI and Jensen-Shannon on a numeric column: Sturges bins over the
/// pooled range when the reference has more than 20 distinct values, otherwise one bin per
/// distinct value (evidently `stattests/utils.py::get_binned_data`).
fn evidently_binned_counts(r: &[f64], c: &[f64], values: &[f64]) -> (Vec<u64>, Vec<u64>) {
    let mut ref_unique = r.to_vec();
    ref_unique.dedup();
    if ref_unique.len() > 20 {
        let lo = values.first().copied().unwrap_or(0.0);
        let hi = values.last().copied().unwrap_or(0.0);
        if let Ok(mut hist) = Histogram::sturges(lo, hi, r.len() + c.len()) {
            r.iter().for_each(|&x| hist.add(x));
            let rc = hist.counts().to_vec();
            hist.clear();
            c.iter().for_each(|&x| hist.add(x));
            return (rc, hist.counts().to_vec());
        }
    }
    (counts_by_value(r, values), counts_by_value(c, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    // Reference values below come from scipy 1.17.1 / numpy 2.4.6 (scripts run by hand).

    #[test]
    fn kolmogorov_sf_matches_scipy_kstwobign() {
        let cases = [
            (0.2, 0.999999999999495),
            (0.5, 0.9639452436648751),
            (0.8, 0.5441424115741981),
            (1.0, 0.26999967167735456),
            (1.2238478702170825, 0.09999999999999995),
            (1.3580986393225505, 0.050000000000000024),
            (1.5, 0.022217962616525127),
            (2.0, 0.0006709252557796953),
            (3.0, 3.045995948942526e-08),
        ];
        for (lambda, want) in cases {
            let got = kolmogorov_sf(lambda);
            assert!(close(got, want, 1e-10), "lambda {lambda}: {got} vs {want}");
        }
        assert_eq!(kolmogorov_sf(0.0), 1.0);
        assert!(kolmogorov_sf(10.0) < 1e-80);
    }

    #[test]
    fn ks_two_sample_matches_scipy() {
        let a: Vec<f64> = (0..60).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let b: Vec<f64> = (0..80)
            .map(|i| ((i * 53) % 97) as f64 / 97.0 + 0.1)
            .collect();
        let r = ks_two_sample(&a, &b);
        // scipy ks_2samp statistic; p = kstwobign.sf(sqrt(60*80/140) * D).
        assert!(close(r.statistic, 0.11666666666666667, 1e-12));
        assert!(close(r.p_value, 0.7391045368250917, 1e-9));
        // Order of the samples does not change D.
        assert_eq!(ks_two_sample(&b, &a).statistic, r.statistic);
    }

    #[test]
    fn ks_statistic_handles_ties_like_scipy() {
        let c: Vec<f64> = (0..50).map(|i| (i % 5) as f64).collect();
        let d: Vec<f64> = (0..70).map(|i| (i % 7) as f64).collect();
        let r = ks_two_sample(&c, &d);
        assert!(close(r.statistic, 0.2857142857142857, 1e-12));
        assert!(close(r.p_value, 0.017098608274873438, 1e-9));
    }

    #[test]
    fn ks_exact_equal_sizes_matches_scipy_exact() {
        // ks_2samp(arange(n), arange(n) + h, method="exact").
        let cases = [
            (30, 3, 0.9988393756362763),
            (30, 8, 0.23907300248018645),
            (30, 10, 0.07088798787114439),
            (30, 12, 0.015643390496754332),
            (30, 14, 0.0025300622362698397),
            (30, 17, 8.737803591291227e-05),
            (200, 20, 0.2704743832803917),
            (200, 28, 0.03956202584899502),
        ];
        for (n, h, want) in cases {
            let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let y: Vec<f64> = x.iter().map(|v| v + h as f64).collect();
            let d = ks_statistic_sorted(&x, &y);
            assert!(close(d, h as f64 / n as f64, 1e-12));
            let got = ks_p_value_exact_equal(d, n);
            assert!(close(got, want, 1e-9), "n {n} h {h}: {got} vs {want}");
        }
        assert_eq!(ks_p_value_exact_equal(0.0, 30), 1.0);
    }

    #[test]
    fn asymptotic_ks_is_close_to_exact_at_a_few_hundred_rows() {
        // n = m = 200, D = 0.14: scipy exact 0.03956, limit law 0.03968.
        let asym = ks_p_value_asymptotic(0.14, 200, 200);
        let exact = ks_p_value_exact_equal(0.14, 200);
        assert!(close(asym, 0.039681879538114355, 1e-9));
        assert!(close(asym, exact, 0.01));
    }

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

    #[test]
    fn chi_square_matches_scipy() {
        let cases = [
            (3.84145882069412, 1, 0.05000000000000028),
            (10.0, 3, 0.01856613546304325),
            (0.5, 2, 0.7788007830714049),
            (25.0, 4, 5.0309817823062075e-05),
            (100.0, 10, 5.4497019829205215e-17),
            (1e-3, 5, 0.9999999983185123),
        ];
        for (x, k, want) in cases {
            let got = chi_square_sf(x, k);
            assert!(
                close(got, want, 1e-9),
                "chi2.sf({x}, {k}) = {got} vs {want}"
            );
        }
        let r = chi_square_test(&[30, 50, 20], &[45, 35, 40]);
        assert!(close(r.statistic, 23.333333333333332, 1e-12));
        assert_eq!(r.dof, 2);
        assert!(close(r.p_value, 8.574939102672296e-06, 1e-9));
        // A category new in the current data cannot be expected: p = 0.
        assert_eq!(chi_square_test(&[10, 10, 0], &[10, 10, 5]).p_value, 0.0);
    }

    #[test]
    fn z_test_matches_scipy() {
        // z = -1.58375652471787, p = 2 * (1 - norm.cdf(|z|)).
        let p = z_test_proportions(30, 200, 52, 250);
        assert!(close(p, 0.11324913623585897, 1e-9));
        assert_eq!(z_test_proportions(0, 10, 0, 20), 1.0);
        assert!(z_test_proportions(1, 0, 1, 2).is_nan());
    }

    #[test]
    fn evidently_default_method_choice() {
        use DriftMethod::*;
        assert_eq!(DriftMethod::evidently_default(1000, 6, true), Ks);
        assert_eq!(DriftMethod::evidently_default(1000, 5, true), ChiSquare);
        assert_eq!(DriftMethod::evidently_default(1000, 3, false), ChiSquare);
        assert_eq!(DriftMethod::evidently_default(500, 2, false), ZTest);
        assert_eq!(DriftMethod::evidently_default(500, 2, true), ZTest);
        assert_eq!(
            DriftMethod::evidently_default(1001, 6, true),
            WassersteinNormed
        );
        assert_eq!(DriftMethod::evidently_default(1001, 5, true), JensenShannon);
        assert_eq!(
            DriftMethod::evidently_default(5000, 40, false),
            JensenShannon
        );
        assert_eq!(Ks.default_threshold(), 0.05);
        assert_eq!(WassersteinNormed.default_threshold(), 0.1);
        assert_eq!(JensenShannon.default_threshold(), 0.1);
        // Direction: p-values drift when small, distances when large.
        assert!(Ks.is_drift(0.05, 0.05));
        assert!(!ChiSquare.is_drift(0.05, 0.05));
        assert!(ChiSquare.is_drift(0.049, 0.05));
        assert!(WassersteinNormed.is_drift(0.1, 0.1));
        assert!(!JensenShannon.is_drift(0.09, 0.1));
        assert!(!Ks.is_drift(f64::NAN, 0.05));
    }

    #[test]
    fn drift_report_numeric_small_reference_uses_ks() {
        let reference: Vec<f64> = (0..500).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let same: Vec<f64> = (0..400).map(|i| ((i * 41) % 103) as f64 / 103.0).collect();
        let shifted: Vec<f64> = same.iter().map(|x| x + 0.2).collect();
        let quiet = DriftReport::numeric("brightness", &reference, &same);
        assert_eq!(quiet.method, DriftMethod::Ks);
        assert!(!quiet.drifted, "{quiet:?}");
        let loud = DriftReport::numeric("brightness", &reference, &shifted);
        assert_eq!(loud.method, DriftMethod::Ks);
        assert!(loud.drifted && loud.score <= 0.05, "{loud:?}");
    }

    #[test]
    fn drift_report_numeric_large_reference_uses_wasserstein() {
        let reference: Vec<f64> = (0..2000).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let slight: Vec<f64> = reference.iter().map(|x| x + 0.01).collect();
        let big: Vec<f64> = reference.iter().map(|x| x + 0.1).collect();
        let a = DriftReport::numeric("x", &reference, &slight);
        assert_eq!(a.method, DriftMethod::WassersteinNormed);
        // Shift 0.01 over std ~0.29 is ~0.035: below 0.1.
        assert!(!a.drifted && close(a.score, 0.01 / std_pop(&reference), 1e-6));
        let b = DriftReport::numeric("x", &reference, &big);
        assert!(b.drifted && b.score >= 0.1);
    }

    #[test]
    fn drift_report_categorical_defaults() {
        let small = DriftReport::categorical("colour", &[300, 500, 200], &[450, 350, 400]);
        assert_eq!(small.method, DriftMethod::ChiSquare);
        assert!(small.drifted);
        let binary = DriftReport::categorical("missing", &[900, 100], &[880, 120]);
        assert_eq!(binary.method, DriftMethod::ZTest);
        let big = DriftReport::categorical("colour", &[3000, 5000, 2000], &[3000, 5000, 2000]);
        assert_eq!(big.method, DriftMethod::JensenShannon);
        assert!(!big.drifted && big.score == 0.0);
    }

    #[test]
    fn histogram_bins_and_clamps() {
        let mut h = Histogram::uniform(0.0, 1.0, 4).unwrap();
        for x in [-5.0, 0.0, 0.1, 0.25, 0.5, 0.99, 1.0, 7.0, f64::NAN] {
            h.add(x);
        }
        assert_eq!(h.counts(), &[3, 1, 1, 3]);
        assert_eq!(h.total(), 8);
        assert_eq!(h.skipped(), 1);
        let irregular = Histogram::new(vec![0.0, 1.0, 10.0, 100.0]).unwrap();
        assert_eq!(irregular.bin_of(1.0), 1);
        assert_eq!(irregular.bin_of(99.0), 2);
        assert_eq!(irregular.bin_of(-1.0), 0);
        assert!(Histogram::new(vec![0.0]).is_err());
        assert!(Histogram::new(vec![0.0, 0.0]).is_err());
        assert!(Histogram::new(vec![0.0, f64::NAN]).is_err());
        let mut props = [0.0; 4];
        assert!(h.proportions_into(&mut props));
        assert!(close(props[0], 3.0 / 8.0, 1e-15));
    }

    #[test]
    fn histogram_psi_detects_a_shift() {
        let mut reference = Histogram::uniform(0.0, 1.0, 10).unwrap();
        let mut current = reference.clone();
        for i in 0..1000 {
            let x = (i as f64 + 0.5) / 1000.0;
            reference.add(x);
            current.add(x * 0.7);
        }
        let psi = current.psi_against(&reference);
        assert_eq!(PsiBand::of(psi), PsiBand::Major, "psi {psi}");
        assert!(current.js_against(&reference) > 0.1);
        assert_eq!(reference.psi_against(&reference), 0.0);
        let other = Histogram::uniform(0.0, 2.0, 10).unwrap();
        assert!(other.psi_against(&reference).is_nan());
    }

    #[test]
    fn sturges_bin_count_matches_numpy() {
        // numpy: histogram_bin_edges(np.arange(n), bins="sturges").size - 1
        assert_eq!(sturges_bins(100), 8);
        assert_eq!(sturges_bins(1000), 11);
        assert_eq!(sturges_bins(1024), 11);
        assert_eq!(sturges_bins(1025), 12);
    }
}
