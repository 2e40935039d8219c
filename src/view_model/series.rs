//! Series extraction from the world's history: one field, optionally smoothed.

use std::collections::VecDeque;

use driftline_sim::metrics::{History, TickMetrics};

/// `(tick, value)` for one field over the held history; `None` where the tick had no value.
#[must_use]
pub fn raw(history: &History, field: &str) -> Vec<(u64, Option<f64>)> {
    history.series(field)
}

/// [`raw`] for several fields in one walk over the history, in the order given (an unknown
/// field gets an empty series, as in [`raw`]).
#[must_use]
pub fn raw_many(history: &History, fields: &[&str]) -> Vec<Vec<(u64, Option<f64>)>> {
    let positions: Vec<Option<usize>> = fields
        .iter()
        .map(|f| TickMetrics::FIELD_NAMES.iter().position(|n| n == f))
        .collect();
    let mut out: Vec<Vec<(u64, Option<f64>)>> = positions
        .iter()
        .map(|p| Vec::with_capacity(if p.is_some() { history.len() } else { 0 }))
        .collect();
    // Read in place: copying each tick's whole metrics out costs more than the fields.
    for m in (0..history.len()).filter_map(|i| history.get(i)) {
        for (series, position) in out.iter_mut().zip(&positions) {
            if let Some(i) = *position {
                series.push((m.tick, m.value_at(i)));
            }
        }
    }
    out
}

/// Rolling mean over the last `window` ticks of the values present (absent ticks are skipped;
/// a window with no value stays absent, and so does every tick before the window first
/// fills). `window <= 1` returns the input unchanged.
#[must_use]
pub fn rolling_mean(points: &[(u64, Option<f64>)], window: usize) -> Vec<(u64, Option<f64>)> {
    let mut mean = RollingMean::new(window);
    points
        .iter()
        .map(|&(tick, value)| (tick, mean.push(value)))
        .collect()
}

/// [`rolling_mean`] one value at a time.
#[derive(Clone, Debug)]
pub struct RollingMean {
    window: usize,
    /// The last `window` values (only kept when `window > 1`).
    recent: VecDeque<Option<f64>>,
    sum: f64,
    count: usize,
}

impl RollingMean {
    /// A mean over `window` ticks (`window <= 1`: values pass through unchanged).
    #[must_use]
    pub fn new(window: usize) -> Self {
        Self {
            window,
            recent: VecDeque::with_capacity(window.saturating_add(1).min(4096)),
            sum: 0.0,
            count: 0,
        }
    }

    /// Folds in the next tick's value and returns the mean of the window ending there.
    pub fn push(&mut self, value: Option<f64>) -> Option<f64> {
        if self.window <= 1 {
            return value;
        }
        // Add before subtracting, as a whole-series pass would: the same sums bit for bit.
        let value = value.filter(|v| v.is_finite());
        if let Some(v) = value {
            self.sum += v;
            self.count += 1;
        }
        self.recent.push_back(value);
        if self.recent.len() > self.window {
            if let Some(Some(old)) = self.recent.pop_front() {
                self.sum -= old;
                self.count -= 1;
            }
        }
        // A 30-tick mean exists once 30 ticks have passed: before that it would rest on a
        // handful of phones and flap its alarm (as Prometheus rules wait out a warm-up).
        let warmed_up = self.recent.len() >= self.window;
        // Window counts are tiny.
        (warmed_up && self.count > 0).then(|| self.sum / self.count as f64)
    }
}

/// The present points as chart coordinates.
#[must_use]
pub fn present(points: &[(u64, Option<f64>)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .filter_map(|&(tick, value)| {
            // Ticks stay far below 2^52.
            value.filter(|v| v.is_finite()).map(|v| (tick as f64, v))
        })
        .collect()
}

/// Top of a y axis: the data's peak and the threshold with 10% headroom, rounded up to a
/// round number (so the axis does not move with every new peak), at least `floor`.
/// Rounding up adds headroom of its own, so 10% is enough to keep the peak off the top.
#[must_use]
pub fn ceiling(points: &[(f64, f64)], threshold: f64, floor: f64) -> f64 {
    let peak = points.iter().map(|p| p.1).fold(threshold, f64::max);
    super::axis::nice_ceiling(peak * 1.1, floor)
}
