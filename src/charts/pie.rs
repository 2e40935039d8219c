//! Pie geometry: slices as SVG arc paths, computed without any DOM.

use std::f64::consts::TAU;

/// One slice ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct PieSlice {
    /// SVG path data for the wedge (`M`, `L`, `A`, `Z`), in a box of side `2 * radius`.
    pub path: String,
    /// Share of the whole, in [0, 1].
    pub share: f64,
    /// Where a label for the slice sits (middle of the wedge, 60% out).
    pub label_at: (f64, f64),
}

/// Splits a circle of `radius` centred at `(radius, radius)` into wedges proportional to
/// `values`. Negative, NaN and infinite values count as zero; if nothing is left, every
/// slice is empty (the caller shows "no data" instead of a misleading full circle).
#[must_use]
pub fn slices(values: &[f64], radius: f64) -> Vec<PieSlice> {
    slices_with_min(values, radius, 0.0)
}

/// Like [`slices`], but every non-zero slice is drawn at least `min_share` of the circle
/// (the others give up the room in proportion), so a rare but important slice, such as
/// escaped defects, never shrinks to a hairline. `share` stays the true share.
#[must_use]
pub fn slices_with_min(values: &[f64], radius: f64, min_share: f64) -> Vec<PieSlice> {
    let clean: Vec<f64> = values
        .iter()
        .map(|&v| if v.is_finite() && v > 0.0 { v } else { 0.0 })
        .collect();
    let total: f64 = clean.iter().sum();
    let shares: Vec<f64> = clean
        .iter()
        .map(|&v| if total > 0.0 { v / total } else { 0.0 })
        .collect();
    let drawn = drawn_shares(&shares, min_share);
    let centre = (radius, radius);
    let mut angle = -TAU / 4.0; // Start at 12 o'clock, as people read pies.
    shares
        .iter()
        .zip(drawn)
        .map(|(&share, drawn)| {
            let sweep = drawn * TAU;
            let path = wedge_path(centre, radius, angle, sweep);
            let middle = angle + sweep / 2.0;
            let label_at = (
                centre.0 + 0.6 * radius * middle.cos(),
                centre.1 + 0.6 * radius * middle.sin(),
            );
            angle += sweep;
            PieSlice {
                path,
                share,
                label_at,
            }
        })
        .collect()
}

/// Shares as drawn: those under `min` (but above zero) raised to it, the others scaled to
/// fill the rest; the true shares when the minimum cannot be honoured.
fn drawn_shares(shares: &[f64], min: f64) -> Vec<f64> {
    let is_small = |s: f64| s > 0.0 && s < min;
    // Exact as f64: a pie has a handful of slices.
    let raised = shares.iter().filter(|&&s| is_small(s)).count() as f64 * min;
    let rest: f64 = shares.iter().filter(|&&s| !is_small(s)).sum();
    if min <= 0.0 || raised == 0.0 || raised >= 1.0 || rest <= 0.0 {
        return shares.to_vec();
    }
    let scale = (1.0 - raised) / rest;
    shares
        .iter()
        .map(|&s| if is_small(s) { min } else { s * scale })
        .collect()
}

fn wedge_path(centre: (f64, f64), radius: f64, start: f64, sweep: f64) -> String {
    if sweep <= 0.0 {
        return String::new();
    }
    let (cx, cy) = centre;
    if sweep >= TAU - 1e-9 {
        // A full circle cannot be one arc (start == end); draw two half arcs.
        return format!(
            "M{:.2},{:.2} A{r:.2},{r:.2} 0 1 1 {:.2},{:.2} A{r:.2},{r:.2} 0 1 1 {:.2},{:.2} Z",
            cx,
            cy - radius,
            cx,
            cy + radius,
            cx,
            cy - radius,
            r = radius
        );
    }
    let (x0, y0) = (cx + radius * start.cos(), cy + radius * start.sin());
    let end = start + sweep;
    let (x1, y1) = (cx + radius * end.cos(), cy + radius * end.sin());
    let large_arc = u8::from(sweep > TAU / 2.0);
    format!("M{cx:.2},{cy:.2} L{x0:.2},{y0:.2} A{radius:.2},{radius:.2} 0 {large_arc} 1 {x1:.2},{y1:.2} Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rare_slice_is_drawn_at_least_the_minimum_and_keeps_its_true_share() {
        let shares = [0.002, 0.0, 0.498, 0.5];
        let drawn = drawn_shares(&shares, 0.04);
        assert!((drawn[0] - 0.04).abs() < 1e-12);
        assert_eq!(drawn[1], 0.0, "an empty slice stays empty");
        assert!((drawn.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(drawn[2] < 0.498 && drawn[3] < 0.5);
        let s = slices_with_min(&[2.0, 0.0, 498.0, 500.0], 50.0, 0.04);
        assert!((s[0].share - 0.002).abs() < 1e-12, "the true share is kept");
        // A minimum that cannot hold (every slice small) leaves the shares alone.
        assert_eq!(drawn_shares(&[0.5, 0.5], 0.6), vec![0.5, 0.5]);
    }

    #[test]
    fn shares_sum_to_one_and_follow_values() {
        let s = slices(&[1.0, 3.0, 0.0, 4.0], 50.0);
        let total: f64 = s.iter().map(|p| p.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!((s[1].share - 0.375).abs() < 1e-12);
        assert!(s[2].path.is_empty(), "a zero slice draws nothing");
        assert!(
            s[3].path.contains(" 0 0 1 "),
            "half or less uses the small arc"
        );
    }

    #[test]
    fn bad_values_count_as_zero() {
        let s = slices(&[f64::NAN, -2.0, f64::INFINITY, 5.0], 10.0);
        assert_eq!(s[3].share, 1.0);
        assert!(
            s[3].path.matches('A').count() == 2,
            "full circle is two arcs"
        );
        assert!(slices(&[0.0, 0.0], 10.0).iter().all(|p| p.share == 0.0));
    }
}
