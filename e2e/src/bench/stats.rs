//! Order statistics over repeated measurements: median and 95th percentile.

/// Summary of a set of samples (non-finite samples are ignored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of finite samples.
    pub count: usize,
    /// Smallest sample.
    pub min: f64,
    /// Median (mean of the two middle samples when the count is even).
    pub median: f64,
    /// 95th percentile by the nearest-rank method: the smallest sample with at least 95% of
    /// the samples at or below it. With fewer than 20 samples this is the maximum.
    pub p95: f64,
    /// Largest sample.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
}

impl Summary {
    /// Summarises `samples`; `None` when there is no finite sample.
    pub fn of(samples: &[f64]) -> Option<Self> {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Some(Self {
            count: n,
            min: sorted[0],
            median,
            p95: nearest_rank(&sorted, 95.0),
            max: sorted[n - 1],
            mean: sorted.iter().sum::<f64>() / n as f64,
        })
    }
}

/// The `pct` percentile of sorted, non-empty `sorted` by the nearest-rank method
/// (rank = ceil(pct/100 * n), 1-based).
fn nearest_rank(sorted: &[f64], pct: f64) -> f64 {
    let n = sorted.len();
    let rank = ((pct / 100.0) * n as f64).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(Summary::of(&[3.0, 1.0, 2.0]).unwrap().median, 2.0);
        assert_eq!(Summary::of(&[4.0, 1.0, 3.0, 2.0]).unwrap().median, 2.5);
    }

    #[test]
    fn p95_uses_the_nearest_rank() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = Summary::of(&samples).unwrap();
        assert_eq!(s.p95, 95.0);
        assert_eq!((s.min, s.max, s.count), (1.0, 100.0, 100));
        assert_eq!(s.mean, 50.5);
        // Below 20 samples the 95th percentile is the slowest one.
        let few = Summary::of(&[5.0, 1.0, 9.0, 2.0]).unwrap();
        assert_eq!(few.p95, 9.0);
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(Summary::of(&twenty).unwrap().p95, 19.0);
    }

    #[test]
    fn non_finite_samples_are_ignored() {
        assert!(Summary::of(&[]).is_none());
        assert!(Summary::of(&[f64::NAN]).is_none());
        let s = Summary::of(&[f64::NAN, 2.0, f64::INFINITY, 4.0]).unwrap();
        assert_eq!((s.count, s.median), (2, 3.0));
    }
}
