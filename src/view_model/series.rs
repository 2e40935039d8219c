//! Series extraction from the world's history: one field, optionally smoothed.

use driftline_sim::metrics::History;

/// `(tick, value)` for one field over the held history; `None` where the tick had no value.
#[must_use]
pub fn raw(history: &History, field: &str) -> Vec<(u64, Option<f64>)> {
    history.series(field)
}

/// Rolling mean over the last `window` ticks of the values present (absent ticks are skipped;
/// a window with no value stays absent). `window <= 1` returns the input unchanged.
#[must_use]
pub fn rolling_mean(points: &[(u64, Option<f64>)], window: usize) -> Vec<(u64, Option<f64>)> {
    if window <= 1 {
        return points.to_vec();
    }
    let mut out = Vec::with_capacity(points.len());
    let mut sum = 0.0;
    let mut count = 0usize;
    for (i, &(tick, value)) in points.iter().enumerate() {
        if let Some(v) = value.filter(|v| v.is_finite()) {
            sum += v;
            count += 1;
        }
        if i >= window {
            if let Some(old) = points[i - window].1.filter(|v| v.is_finite()) {
                sum -= old;
                count -= 1;
            }
        }
        #[allow(clippy::cast_precision_loss)] // Window counts are tiny.
        let mean = (count > 0).then(|| sum / count as f64);
        out.push((tick, mean));
    }
    out
}

/// The present points as chart coordinates.
#[must_use]
pub fn present(points: &[(u64, Option<f64>)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .filter_map(|&(tick, value)| {
            #[allow(clippy::cast_precision_loss)] // Ticks stay far below 2^52.
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
