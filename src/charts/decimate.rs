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
    let mut start = 0;
    while start < points.len() {
        // Truncation picks the bucket; the clamp keeps the last point in the last bucket.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let bucket = |x: f64| (((x - first.0) / span * columns as f64) as usize).min(columns - 1);
        let current = bucket(points[start].0);
        let mut end = start + 1;
        while end < points.len() && bucket(points[end].0) == current {
            end += 1;
        }
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
}
