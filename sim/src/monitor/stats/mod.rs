//! Data-drift statistics, following Evidently's defaults (legacy `stattests` package).
//!
//! Everything is computed with `libm` so native and wasm32 runs give identical bits.
//! Functions taking `_sorted` slices never allocate (the world calls them on its hot path);
//! the convenience versions copy, drop non-finite values (treated as missing) and sort.
//!
//! Score directions differ by method, as in Evidently: for tests the score is a p-value and a
//! *small* value means drift; for distances a *large* value means drift (see [`ScoreDirection`]).

mod distance;
mod histogram;
mod hypothesis;
mod kolmogorov;
mod ks_scipy;
mod ks_walk;
mod ranked;

pub use distance::*;
pub use histogram::*;
pub use hypothesis::*;
pub use kolmogorov::{kolmogorov_n_sf, smirnov_sf};
pub use ks_scipy::*;
pub use ranked::RankedWindow;

use serde::{Deserialize, Serialize};

/// Finite values of `xs`, sorted ascending.
pub fn sorted_finite(xs: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

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
                    let (_, rc, cc) = evidently_binned_counts(&r, &c, &values);
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

/// How [`evidently_bins`] binned a numeric column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binning {
    /// Sturges' rule over the pooled range (the reference has more than 20 distinct values).
    Sturges,
    /// One bin per distinct value seen on either side.
    DistinctValues,
}

/// Counts per bin of a reference and a current sample, binned as Evidently bins a numeric
/// column for PSI and Jensen-Shannon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidentlyBins {
    /// How the bins were chosen.
    pub binning: Binning,
    /// Reference values per bin.
    pub reference: Vec<u64>,
    /// Current values per bin.
    pub current: Vec<u64>,
}

impl EvidentlyBins {
    /// Evidently's PSI on these bins ([`psi_counts`], with its empty-bin fill).
    pub fn psi(&self) -> f64 {
        psi_counts(&self.reference, &self.current)
    }

    /// Evidently's Jensen-Shannon distance on these bins ([`js_distance_counts`]).
    pub fn jensen_shannon(&self) -> f64 {
        js_distance_counts(&self.reference, &self.current)
    }
}

/// Evidently's binning of a numeric column for PSI and Jensen-Shannon, on *sorted*, finite
/// samples (evidently `legacy/calculations/stattests/utils.py::get_binned_data`): when the
/// reference has more than 20 distinct values, `numpy.histogram_bin_edges(pooled,
/// bins="sturges")` edges and `numpy.histogram` counts per side; otherwise one bin per
/// distinct value of either side.
pub fn evidently_bins(reference: &[f64], current: &[f64]) -> EvidentlyBins {
    let values = merged_unique(reference, current);
    let (binning, rc, cc) = evidently_binned_counts(reference, current, &values);
    EvidentlyBins {
        binning,
        reference: rc,
        current: cc,
    }
}

/// Evidently's binning for PSI and Jensen-Shannon on a numeric column: Sturges bins over the
/// pooled range when the reference has more than 20 distinct values, otherwise one bin per
/// distinct value (evidently `stattests/utils.py::get_binned_data`). Ranges too narrow or
/// too wide for Sturges edges (numpy would raise) fall back to one bin per distinct value.
fn evidently_binned_counts(r: &[f64], c: &[f64], values: &[f64]) -> (Binning, Vec<u64>, Vec<u64>) {
    let distinct_in_reference = 1 + r.windows(2).filter(|w| w[0] != w[1]).count();
    if !r.is_empty() && distinct_in_reference > 20 {
        let lo = values.first().copied().unwrap_or(0.0);
        let hi = values.last().copied().unwrap_or(0.0);
        if let Ok(mut hist) = Histogram::sturges(lo, hi, r.len() + c.len()) {
            r.iter().for_each(|&x| hist.add(x));
            let rc = hist.counts().to_vec();
            hist.clear();
            c.iter().for_each(|&x| hist.add(x));
            return (Binning::Sturges, rc, hist.counts().to_vec());
        }
    }
    (
        Binning::DistinctValues,
        counts_by_value(r, values),
        counts_by_value(c, values),
    )
}

/// `a` within relative tolerance `rel` of `b` (test helper shared by the stats tests).
#[cfg(test)]
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::stats::close;

    // Reference values come from scipy 1.17.1 / numpy 2.4.6 (computed by hand with
    // the calls named next to each number).

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
    fn drift_report_psi_and_js_use_evidently_sturges_binning() {
        // numpy: Sturges edges on the pooled 900 values (11 bins), np.histogram per side,
        // Evidently's empty-bin fill for PSI, scipy jensenshannon for JS.
        let reference: Vec<f64> = (0..500).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let current: Vec<f64> = (0..400)
            .map(|i| ((i * 41) % 103) as f64 / 103.0 * 0.8 + 0.1)
            .collect();
        let psi =
            DriftReport::numeric_with("x", &reference, &current, Some(DriftMethod::Psi), None);
        assert!(close(psi.score, 1.4085183973121875, 1e-9), "{psi:?}");
        assert!(psi.drifted);
        let js = DriftReport::numeric_with(
            "x",
            &reference,
            &current,
            Some(DriftMethod::JensenShannon),
            None,
        );
        assert!(close(js.score, 0.2722639110127966, 1e-9), "{js:?}");
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
}
