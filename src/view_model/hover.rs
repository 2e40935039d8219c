//! Hover readout: which data point is under the mouse.

/// Maps a pixel column of the plot area to a tick. `plot_left_px`/`plot_right_px` bound the
/// plotting area inside the canvas; outside it the nearest edge is used.
#[must_use]
pub fn tick_at_pixel(x_px: f64, plot_left_px: f64, plot_right_px: f64, x_range: (f64, f64)) -> f64 {
    let width = plot_right_px - plot_left_px;
    if width.is_nan() || width <= 0.0 || !x_px.is_finite() {
        return x_range.0;
    }
    let fraction = ((x_px - plot_left_px) / width).clamp(0.0, 1.0);
    x_range.0 + fraction * (x_range.1 - x_range.0)
}

/// The point whose x is nearest `x` (points sorted by x), by binary search.
#[must_use]
pub fn nearest(points: &[(f64, f64)], x: f64) -> Option<(f64, f64)> {
    if points.is_empty() || !x.is_finite() {
        return None;
    }
    let i = points.partition_point(|p| p.0 < x);
    let after = points.get(i);
    let before = i.checked_sub(1).and_then(|j| points.get(j));
    match (before, after) {
        (Some(b), Some(a)) => Some(if x - b.0 <= a.0 - x { *b } else { *a }),
        (Some(b), None) => Some(*b),
        (None, Some(a)) => Some(*a),
        (None, None) => None,
    }
}

/// Text of the readout: `tick 120: 0.083`, with the unit.
#[must_use]
pub fn readout(point: (f64, f64), unit: &str) -> String {
    format!("tick {:.0}: {}{unit}", point.0, format_value(point.1))
}

/// Three significant-ish digits: small shares keep decimals, big numbers do not.
#[must_use]
pub fn format_value(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}
