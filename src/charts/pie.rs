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
    let clean: Vec<f64> = values
        .iter()
        .map(|&v| if v.is_finite() && v > 0.0 { v } else { 0.0 })
        .collect();
    let total: f64 = clean.iter().sum();
    let centre = (radius, radius);
    let mut angle = -TAU / 4.0; // Start at 12 o'clock, as people read pies.
    clean
        .iter()
        .map(|&v| {
            let share = if total > 0.0 { v / total } else { 0.0 };
            let sweep = share * TAU;
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
