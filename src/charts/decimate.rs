//! Reduces a long series to what a chart of a given pixel width can show.

/// Keeps, for each of `columns` equal x-buckets, the first point and the points with the
/// minimum and maximum y, in x order. Spikes survive (an alarm-worthy peak is never
/// averaged away) while the output stays at most `3 * columns` points.
///
/// Points must be sorted by x. With `columns == 0` or a short input, the input is returned.
#[must_use]
pub fn min_max(points: &[(f64, f64)], columns: usize) -> Vec<(f64, f64)> {
    if columns == 0 || points.len() <= columns.saturating_mul(3) {
        return points.to_vec();
    }
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Vec::new();
    };
    let span = last.0 - first.0;
    if span.is_nan() || span <= 0.0 {
        return points.to_vec();
    }
    let mut out = Vec::with_capacity(columns * 3);
    // Exact as f64: a column count is a few hundred.
    let per_x = columns as f64 / span;
    let mut start = 0;
    while start < points.len() {
        // Truncation picks the bucket; the clamp keeps the last point in the last bucket.
        let current = (((points[start].0 - first.0) * per_x) as usize).min(columns - 1);
        // The bucket's right edge in x: one comparison per point instead of a division.
        let edge = if current + 1 >= columns {
            f64::INFINITY
        } else {
            first.0 + (current + 1) as f64 / per_x
        };
        let end = start + points[start..].partition_point(|p| p.0 < edge);
        // Rounding can put the edge a hair below a point the truncation above assigned
        // to this bucket; always move on by at least one point.
        let end = end.max(start + 1);
        let chunk = &points[start..end];
        let mut low = 0;
        let mut high = 0;
        for (i, p) in chunk.iter().enumerate() {
            if p.1 < chunk[low].1 {
                low = i;
            }
            if p.1 > chunk[high].1 {
                high = i;
            }
        }
        let mut picks = [0, low, high];
        picks.sort_unstable();
        let mut previous = None;
        for i in picks {
            if previous != Some(i) {
                out.push(chunk[i]);
                previous = Some(i);
            }
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_series_is_untouched() {
        let points = vec![(0.0, 1.0), (1.0, 2.0)];
        assert_eq!(min_max(&points, 10), points);
    }

    #[test]
    fn long_series_is_bounded_and_keeps_the_spike() {
        let mut points: Vec<(f64, f64)> = (0..10_000).map(|i| (f64::from(i), 0.5)).collect();
        points[7_777].1 = 9.0;
        points[1_234].1 = -3.0;
        let reduced = min_max(&points, 100);
        assert!(reduced.len() <= 300, "got {} points", reduced.len());
        assert!(reduced.contains(&(7_777.0, 9.0)));
        assert!(reduced.contains(&(1_234.0, -3.0)));
        assert!(reduced.windows(2).all(|w| w[0].0 < w[1].0), "x order kept");
    }

    #[test]
    fn uneven_spacing_still_gives_each_column_at_most_three_points() {
        // Ticks with gaps (absent values) and a burst: buckets by x, not by index.
        let mut points: Vec<(f64, f64)> = (0..3_000).map(|i| (f64::from(i) * 0.5, 1.0)).collect();
        points.extend((0..500).map(|i| (1_500.0 + f64::from(i) * 7.0, f64::from(i % 5))));
        let reduced = min_max(&points, 50);
        assert!(reduced.len() <= 150, "got {}", reduced.len());
        assert_eq!(reduced.first(), points.first());
        // The burst's highs and lows survive.
        assert!(reduced.iter().any(|p| p.1 == 4.0) && reduced.iter().any(|p| p.1 == 0.0));
        assert!(reduced.windows(2).all(|w| w[0].0 < w[1].0), "x order kept");
    }
}
