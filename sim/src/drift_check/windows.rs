//! Drift statistics of each window of a column against a reference, as Evidently computes
//! them (PSI and Jensen-Shannon on its binning, KS as `scipy.stats.ks_2samp`, Wasserstein
//! divided by the reference's standard deviation), and the two histograms to overlay.

use crate::monitor::stats::{
    evidently_bins, ks_2samp_sorted, sorted_finite, wasserstein_normed_sorted, DriftMethod,
    Histogram, KsMethod,
};
use serde::{Deserialize, Serialize};

/// Evidently's default drift thresholds, drawn on the charts: a distance at or above its
/// line, or a KS p-value at or below it, means drift.
pub const THRESHOLDS: Thresholds = Thresholds {
    psi: 0.1,
    ks_p_value: 0.05,
    wasserstein_normed: 0.1,
    jensen_shannon: 0.1,
};

/// One threshold per statistic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// PSI (Evidently's `psi` default threshold).
    pub psi: f64,
    /// KS p-value (drift when at or below).
    pub ks_p_value: f64,
    /// Normed Wasserstein distance.
    pub wasserstein_normed: f64,
    /// Jensen-Shannon distance.
    pub jensen_shannon: f64,
}

/// The statistics of one window against the reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowStat {
    /// First value of the window (an index into the column's values).
    pub start: usize,
    /// One past its last value.
    pub end: usize,
    /// Population Stability Index.
    pub psi: f64,
    /// Two-sample KS statistic, as scipy returns it.
    pub ks_statistic: f64,
    /// Its two-sided p-value.
    pub ks_p_value: f64,
    /// Whether scipy's exact or asymptotic distribution gave the p-value.
    pub ks_method: KsMethod,
    /// Wasserstein-1 distance over the reference's population standard deviation.
    pub wasserstein_normed: f64,
    /// Jensen-Shannon distance.
    pub jensen_shannon: f64,
}

impl WindowStat {
    /// The statistics of `window` (any order; non-finite values left out) against the
    /// sorted, finite `reference`.
    #[must_use]
    pub fn of(reference: &[f64], window: &[f64], start: usize) -> Self {
        let current = sorted_finite(window);
        let ks = ks_2samp_sorted(reference, &current);
        let bins = evidently_bins(reference, &current);
        Self {
            start,
            end: start + window.len(),
            psi: bins.psi(),
            ks_statistic: ks.statistic,
            ks_p_value: ks.p_value,
            ks_method: ks.method,
            wasserstein_normed: wasserstein_normed_sorted(reference, &current),
            jensen_shannon: bins.jensen_shannon(),
        }
    }

    /// The statistics that cross Evidently's default lines, by name.
    #[must_use]
    pub fn drifted(&self) -> Vec<&'static str> {
        let t = THRESHOLDS;
        let mut out = Vec::new();
        if DriftMethod::Psi.is_drift(self.psi, t.psi) {
            out.push("PSI");
        }
        if DriftMethod::Ks.is_drift(self.ks_p_value, t.ks_p_value) {
            out.push("KS");
        }
        if DriftMethod::WassersteinNormed.is_drift(self.wasserstein_normed, t.wasserstein_normed) {
            out.push("Wasserstein");
        }
        if DriftMethod::JensenShannon.is_drift(self.jensen_shannon, t.jensen_shannon) {
            out.push("Jensen-Shannon");
        }
        out
    }
}

/// Per-window statistics part-way through a column: windows of `size` values tile the column
/// from its first value; the last one may be shorter (at least half a window, else it joins
/// the one before).
#[derive(Debug, Clone)]
pub struct WindowRun {
    reference: Vec<f64>,
    size: usize,
    next: usize,
    stats: Vec<WindowStat>,
}

impl WindowRun {
    /// Windows of `size` values (at least 1) against `reference` (any order).
    #[must_use]
    pub fn new(reference: &[f64], size: usize) -> Self {
        Self {
            reference: sorted_finite(reference),
            size: size.max(1),
            next: 0,
            stats: Vec::new(),
        }
    }

    /// The window starting at `start` in a column of `n` values, or `None` past the end.
    fn window_at(&self, start: usize, n: usize) -> Option<std::ops::Range<usize>> {
        if start >= n {
            return None;
        }
        let end = start.saturating_add(self.size).min(n);
        // A short tail joins this window.
        let end = if n - end < self.size.div_ceil(2) {
            n
        } else {
            end
        };
        Some(start..end)
    }

    /// Computes up to `max` more windows of `values`; `true` once every window is done.
    pub fn step(&mut self, values: &[f64], max: usize) -> bool {
        for _ in 0..max {
            let Some(range) = self.window_at(self.next, values.len()) else {
                return true;
            };
            let start = range.start;
            let window = values.get(range).unwrap_or_default();
            self.stats
                .push(WindowStat::of(&self.reference, window, start));
            self.next = start + window.len();
        }
        self.next >= values.len()
    }

    /// Fraction of the column done, 0 to 1.
    #[must_use]
    pub fn progress(&self, n: usize) -> f64 {
        if n == 0 {
            1.0
        } else {
            (self.next as f64 / n as f64).min(1.0)
        }
    }

    /// The sorted reference.
    #[must_use]
    pub fn reference(&self) -> &[f64] {
        &self.reference
    }

    /// The windows so far.
    #[must_use]
    pub fn into_stats(self) -> Vec<WindowStat> {
        self.stats
    }
}

/// Two histograms on shared bins, as shares of each sample, for drawing one over the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overlay {
    /// Bin edges (one more than the bins).
    pub edges: Vec<f64>,
    /// Share of the reference in each bin.
    pub reference: Vec<f64>,
    /// Share of the window in each bin.
    pub current: Vec<f64>,
}

impl Overlay {
    /// Sturges bins over both samples' pooled range (Evidently's binning for PSI), as shares.
    /// `None` when either sample has no finite value.
    #[must_use]
    pub fn of(reference: &[f64], current: &[f64]) -> Option<Self> {
        let finite = |xs: &[f64]| {
            xs.iter()
                .copied()
                .filter(|x| x.is_finite())
                .collect::<Vec<_>>()
        };
        let (r, c) = (finite(reference), finite(current));
        if r.is_empty() || c.is_empty() {
            return None;
        }
        let (lo, hi) = r
            .iter()
            .chain(&c)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let mut hist = Histogram::sturges(lo, hi, r.len() + c.len())
            .or_else(|_| Histogram::uniform(lo - 0.5, hi + 0.5, 1))
            .ok()?;
        let mut shares = |xs: &[f64]| {
            hist.clear();
            xs.iter().for_each(|&x| hist.add(x));
            let total = hist.total().max(1) as f64;
            hist.counts()
                .iter()
                .map(|&k| k as f64 / total)
                .collect::<Vec<_>>()
        };
        let reference = shares(&r);
        let current = shares(&c);
        Some(Self {
            edges: hist.edges().to_vec(),
            reference,
            current,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_tile_the_column_and_a_short_tail_joins_the_last() {
        let values: Vec<f64> = (0..1030).map(|i| f64::from(i % 50)).collect();
        let mut run = WindowRun::new(&values[..200], 100);
        while !run.step(&values, 3) {}
        let stats = run.into_stats();
        assert_eq!(stats.len(), 10);
        assert_eq!((stats[0].start, stats[0].end), (0, 100));
        assert_eq!((stats[9].start, stats[9].end), (900, 1030));
        // The same values as the reference: no statistic moves (the tail's extra 30 do).
        assert!(
            stats[..9].iter().all(|s| s.drifted().is_empty()),
            "{stats:?}"
        );
    }

    #[test]
    fn a_shifted_window_crosses_every_line() {
        let reference: Vec<f64> = (0..500).map(|i| f64::from(i % 100) / 100.0).collect();
        let shifted: Vec<f64> = reference.iter().map(|x| x + 0.5).collect();
        let sorted = sorted_finite(&reference);
        let s = WindowStat::of(&sorted, &shifted, 0);
        assert_eq!(s.drifted(), ["PSI", "KS", "Wasserstein", "Jensen-Shannon"]);
        assert!(s.ks_statistic > 0.49 && s.ks_p_value < 1e-6, "{s:?}");
    }

    #[test]
    fn overlay_shares_sum_to_one_on_shared_bins() {
        let o = Overlay::of(&[1.0, 2.0, 3.0, 4.0], &[3.0, 4.0, 5.0, f64::NAN]).unwrap();
        assert_eq!(o.edges.len(), o.reference.len() + 1);
        for shares in [&o.reference, &o.current] {
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        let flat = Overlay::of(&[5.0, 5.0], &[5.0]).unwrap();
        assert_eq!(flat.reference, [1.0]);
        assert!(Overlay::of(&[], &[1.0]).is_none());
    }
}
