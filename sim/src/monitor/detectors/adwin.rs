//! ADWIN, adaptive windowing (Bifet & Gavaldà 2007), as River implements it
//! (`river/drift/adwin.py` and `adwin_c.pyx`, v0.26): the ADWIN2 exponential histogram of
//! buckets, a cut check every `clock` updates once the window is longer than `grace_period`,
//! and River's Hoeffding-style cut bound.

use super::{DetectorParamError, DetectorSignal, DriftDetector};
use serde::{Deserialize, Serialize};

/// ADWIN parameters. Defaults are River's: `ADWIN(delta=0.002, clock=32, max_buckets=5,
/// min_window_length=5, grace_period=10)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdwinParams {
    /// Significance of the cut test, in (0, 1); smaller means fewer false alarms, later alarms.
    pub delta: f64,
    /// Check for a cut every this many updates (River: 32; 1 checks every update).
    pub clock: u32,
    /// Buckets of each size kept before two are merged.
    pub max_buckets: usize,
    /// Minimum length of each sub-window at a cut.
    pub min_window_length: u32,
    /// No check until the window holds more than this many values.
    pub grace_period: u32,
}

impl Default for AdwinParams {
    fn default() -> Self {
        Self {
            delta: 0.002,
            clock: 32,
            max_buckets: 5,
            min_window_length: 5,
            grace_period: 10,
        }
    }
}

impl AdwinParams {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), DetectorParamError> {
        let bad = |field, value: String, reason| {
            Err(DetectorParamError::invalid("ADWIN", field, value, reason))
        };
        if !(self.delta > 0.0 && self.delta < 1.0) {
            return bad("delta", self.delta.to_string(), "must be in (0, 1)");
        }
        if self.clock == 0 {
            return bad("clock", "0".into(), "must be at least 1");
        }
        if self.max_buckets == 0 || self.max_buckets > 1000 {
            return bad(
                "max_buckets",
                self.max_buckets.to_string(),
                "must be in 1..=1000",
            );
        }
        if self.min_window_length == 0 {
            return bad("min_window_length", "0".into(), "must be at least 1");
        }
        Ok(())
    }
}

/// ADWIN drift detector. Memory and the cost of a cut check grow with the logarithm of the
/// window; an update is amortised O(1) plus an O(log n) check every `clock` updates.
#[derive(Debug, Clone)]
pub struct Adwin {
    params: AdwinParams,
    /// Bucket totals, row after row; row `r` holds buckets of `2^r` values, stride
    /// `max_buckets + 1`. Each row is a small ring starting at `row_head[r]` (its oldest
    /// bucket), so dropping the oldest buckets moves nothing.
    totals: Vec<f64>,
    /// Bucket variances (sum of squared deviations), same layout as `totals`.
    variances: Vec<f64>,
    /// Buckets held in each row in use.
    row_len: Vec<usize>,
    /// Position of each row's oldest bucket within its stride.
    row_head: Vec<usize>,
    /// Rows in use (River starts with one empty row).
    rows: usize,
    /// Values in the window (a float, as in River).
    width: f64,
    /// Sum of the window's values.
    total: f64,
    /// Sum of squared deviations from the window mean.
    variance: f64,
    tick: u64,
    n_detections: u64,
    drift: bool,
}

impl Default for Adwin {
    fn default() -> Self {
        Self::build(AdwinParams::default())
    }
}

impl Adwin {
    /// ADWIN with the given parameters.
    pub fn new(params: AdwinParams) -> Result<Self, DetectorParamError> {
        params.validate()?;
        Ok(Self::build(params))
    }

    fn build(params: AdwinParams) -> Self {
        let stride = params.max_buckets + 1;
        Self {
            totals: vec![0.0; stride],
            variances: vec![0.0; stride],
            row_len: vec![0],
            row_head: vec![0],
            rows: 1,
            width: 0.0,
            total: 0.0,
            variance: 0.0,
            tick: 0,
            n_detections: 0,
            drift: false,
            params,
        }
    }

    /// The parameters.
    pub fn params(&self) -> &AdwinParams {
        &self.params
    }

    /// Current window length.
    pub fn width(&self) -> u64 {
        self.width as u64
    }

    /// Mean of the window (River's `estimation`), 0 when empty.
    pub fn estimation(&self) -> f64 {
        if self.width == 0.0 {
            0.0
        } else {
            self.total / self.width
        }
    }

    /// Detections since the last reset.
    pub fn n_detections(&self) -> u64 {
        self.n_detections
    }

    fn stride(&self) -> usize {
        self.params.max_buckets + 1
    }

    /// Number of values in a bucket of row `row`.
    fn bucket_size(row: usize) -> f64 {
        // Rows stay far below 63 (2^63 values); saturate rather than overflow.
        1u64.checked_shl(row as u32).unwrap_or(u64::MAX) as f64
    }

    fn ensure_row(&mut self, row: usize) {
        if row < self.rows {
            return;
        }
        let stride = self.stride();
        if self.row_len.len() <= row {
            // Allocation only when the window doubles past every existing row.
            self.row_len.push(0);
            self.row_head.push(0);
            self.totals.resize(self.row_len.len() * stride, 0.0);
            self.variances.resize(self.row_len.len() * stride, 0.0);
        }
        self.row_len[row] = 0;
        self.row_head[row] = 0;
        self.rows = row + 1;
    }

    /// Index of the `k`-th oldest bucket of `row` (`k` below the stride).
    #[inline]
    fn slot(&self, row: usize, k: usize) -> usize {
        let stride = self.stride();
        let i = self.row_head[row] + k;
        row * stride + if i >= stride { i - stride } else { i }
    }

    fn push_bucket(&mut self, row: usize, total: f64, variance: f64) {
        let at = self.slot(row, self.row_len[row]);
        self.totals[at] = total;
        self.variances[at] = variance;
        self.row_len[row] += 1;
    }

    /// Drops the `count` oldest buckets of `row`.
    fn drop_oldest(&mut self, row: usize, count: usize) {
        let stride = self.stride();
        let head = self.row_head[row] + count;
        self.row_head[row] = if head >= stride { head - stride } else { head };
        self.row_len[row] -= count;
    }

    fn insert_element(&mut self, value: f64) {
        self.push_bucket(0, value, 0.0);
        self.width += 1.0;
        if self.width > 1.0 {
            let mean_before = self.total / (self.width - 1.0);
            self.variance +=
                (self.width - 1.0) * (value - mean_before) * (value - mean_before) / self.width;
        }
        self.total += value;
        self.compress_buckets();
    }

    /// Merges the two oldest buckets of a full row into the next row, cascading upwards.
    fn compress_buckets(&mut self) {
        let mut row = 0;
        while self.row_len[row] == self.params.max_buckets + 1 {
            self.ensure_row(row + 1);
            let n = Self::bucket_size(row);
            let (b0, b1) = (self.slot(row, 0), self.slot(row, 1));
            let (t0, t1) = (self.totals[b0], self.totals[b1]);
            let (mu0, mu1) = (t0 / n, t1 / n);
            // Variance of two merged buckets of equal size n: v0 + v1 + n/2 (mu0 - mu1)^2.
            let v = self.variances[b0] + self.variances[b1] + n * 0.5 * (mu0 - mu1) * (mu0 - mu1);
            self.push_bucket(row + 1, t0 + t1, v);
            self.drop_oldest(row, 2);
            if self.row_len[row + 1] <= self.params.max_buckets {
                break;
            }
            row += 1;
        }
    }

    /// Removes the oldest bucket of the window; returns its size.
    fn delete_element(&mut self) -> f64 {
        let row = self.rows - 1;
        let at = self.slot(row, 0);
        let n = Self::bucket_size(row);
        let u = self.totals[at];
        let mu = u / n;
        let v = self.variances[at];
        self.width -= n;
        self.total -= u;
        let mu_window = if self.width > 0.0 {
            self.total / self.width
        } else {
            0.0
        };
        self.variance -=
            v + n * self.width * (mu - mu_window) * (mu - mu_window) / (n + self.width);
        self.drop_oldest(row, 1);
        if self.row_len[row] == 0 {
            // Never drop the last row: the next insert needs row 0.
            self.rows = (self.rows - 1).max(1);
        }
        n
    }

    /// River's cut bound: with `m = 1/(n0 - mwl + 1) + 1/(n1 - mwl + 1)` and
    /// `d' = ln(2 ln(W) / delta)` (passed in: it only changes with the width), cut when
    /// `|mu0 - mu1| > sqrt(2 m var_W d') + 2/3 d' m`.
    fn evaluate_cut(&self, n0: f64, n1: f64, delta_mean: f64, delta_prime: f64) -> bool {
        let mwl = self.params.min_window_length as f64;
        let m_recip = 1.0 / (n0 - mwl + 1.0) + 1.0 / (n1 - mwl + 1.0);
        let var_in_window = self.variance / self.width;
        let epsilon = libm::sqrt(2.0 * m_recip * var_in_window * delta_prime)
            + 2.0 / 3.0 * delta_prime * m_recip;
        libm::fabs(delta_mean) > epsilon
    }

    /// Tries every cut between buckets, oldest first; drops the oldest bucket while a cut
    /// holds. (River also tracks the two sub-window variances here but never uses them.)
    fn detect_change(&mut self) -> bool {
        self.tick += 1;
        if !self.tick.is_multiple_of(self.params.clock as u64)
            || self.width <= self.params.grace_period as f64
        {
            return false;
        }
        let mwl = self.params.min_window_length as f64;
        let mut change = false;
        let mut reduce = true;
        while reduce {
            reduce = false;
            let (mut n0, mut n1) = (0.0, self.width);
            let (mut u0, mut u1) = (0.0, self.total);
            let delta_prime = libm::log(2.0 * libm::log(self.width) / self.params.delta);
            'rows: for row in (0..self.rows).rev() {
                let size = Self::bucket_size(row);
                let len = self.row_len[row];
                for k in 0..len {
                    let t = self.totals[self.slot(row, k)];
                    n0 += size;
                    n1 -= size;
                    u0 += t;
                    u1 -= t;
                    if row == 0 && k + 1 == len {
                        break 'rows;
                    }
                    let delta_mean = u0 / n0 - u1 / n1;
                    if n1 >= mwl && n0 >= mwl && self.evaluate_cut(n0, n1, delta_mean, delta_prime)
                    {
                        reduce = true;
                        change = true;
                        if self.width > 0.0 {
                            self.delete_element();
                            break 'rows;
                        }
                    }
                }
            }
        }
        if change {
            self.n_detections += 1;
        }
        change
    }
}

impl DriftDetector for Adwin {
    fn update(&mut self, x: f64) -> DetectorSignal {
        if !x.is_finite() {
            return DetectorSignal::Stable;
        }
        if self.drift {
            self.reset();
        }
        self.insert_element(x);
        self.drift = self.detect_change();
        if self.drift {
            DetectorSignal::Drift
        } else {
            DetectorSignal::Stable
        }
    }

    fn name(&self) -> &'static str {
        "ADWIN"
    }

    /// River replaces the whole window after a detection (a new `AdaptiveWindowing`); the
    /// allocated rows are kept here so a reset does not allocate.
    fn reset(&mut self) {
        self.rows = 1;
        self.row_len.iter_mut().for_each(|l| *l = 0);
        self.row_head.iter_mut().for_each(|h| *h = 0);
        self.width = 0.0;
        self.total = 0.0;
        self.variance = 0.0;
        self.tick = 0;
        self.n_detections = 0;
        self.drift = false;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn defaults_match_river() {
        // river.drift.ADWIN(delta=0.002, clock=32, max_buckets=5, min_window_length=5,
        // grace_period=10)
        let p = AdwinParams::default();
        assert_eq!(p.delta, 0.002);
        assert_eq!(p.clock, 32);
        assert_eq!(p.max_buckets, 5);
        assert_eq!(p.min_window_length, 5);
        assert_eq!(p.grace_period, 10);
    }

    // Detection indices below were produced by river 0.26.1 on the same SplitMix64 streams.

    #[test]
    fn matches_river_on_an_error_rate_step() {
        let xs = bernoulli_step(7, 3000, 1000, 0.1, 0.5);
        assert_eq!(
            hits(&mut Adwin::default(), &xs, DetectorSignal::Drift),
            vec![1055]
        );
        let mut every = Adwin::new(AdwinParams {
            clock: 1,
            ..AdwinParams::default()
        })
        .unwrap();
        assert_eq!(hits(&mut every, &xs, DetectorSignal::Drift), vec![1053]);
    }

    #[test]
    fn matches_river_on_a_continuous_step() {
        let xs = uniform_step(11, 3000, 1500, 0.3);
        assert_eq!(
            hits(&mut Adwin::default(), &xs, DetectorSignal::Drift),
            vec![1567]
        );
    }

    #[test]
    fn matches_river_on_a_stationary_stream() {
        let xs = bernoulli_step(3, 5000, 5000, 0.2, 0.2);
        assert!(hits(&mut Adwin::default(), &xs, DetectorSignal::Drift).is_empty());
    }

    #[test]
    fn window_tracks_the_stream_and_stays_logarithmic() {
        let mut a = Adwin::default();
        for i in 0..100_000u32 {
            a.update((i % 2) as f64);
        }
        assert_eq!(a.width(), 100_000);
        assert!((a.estimation() - 0.5).abs() < 1e-9);
        // log2(100000 / 5) ~ 15 rows of at most 6 buckets.
        assert!(a.rows <= 17, "rows {}", a.rows);
    }

    #[test]
    fn reset_after_the_pulse_restarts_the_window() {
        let xs = bernoulli_step(7, 1100, 1000, 0.1, 0.5);
        let mut a = Adwin::default();
        let mut fired_at = None;
        for (i, &x) in xs.iter().enumerate() {
            if a.update(x) == DetectorSignal::Drift {
                fired_at = Some(i);
                break;
            }
        }
        assert!(fired_at.is_some());
        assert_eq!(a.update(1.0), DetectorSignal::Stable);
        assert_eq!(a.width(), 1);
    }
}
