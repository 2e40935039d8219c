//! Page-Hinkley test (Page 1954), as River implements it (`river/drift/page_hinkley.py`,
//! v0.26): cumulative deviations from the running mean, with a forgetting factor, tested in
//! both directions by default.

use super::{DetectorParamError, DetectorSignal, DriftDetector};
use serde::{Deserialize, Serialize};

/// Which direction of change Page-Hinkley looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageHinkleyMode {
    /// Increases of the mean only.
    Up,
    /// Decreases of the mean only.
    Down,
    /// Either (River's default, `mode="both"`).
    #[default]
    Both,
}

/// Page-Hinkley parameters. Defaults are River's: `PageHinkley(min_instances=30,
/// delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="both")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageHinkleyParams {
    /// Values needed before a drift may be flagged.
    pub min_instances: u64,
    /// Tolerated deviation per value (slack), in the stream's units.
    pub delta: f64,
    /// Drift when the cumulative deviation exceeds this (lambda).
    pub threshold: f64,
    /// Forgetting factor applied to the cumulative sums.
    pub alpha: f64,
    /// Direction(s) tested.
    pub mode: PageHinkleyMode,
}

impl Default for PageHinkleyParams {
    fn default() -> Self {
        Self {
            min_instances: 30,
            delta: 0.005,
            threshold: 50.0,
            alpha: 1.0 - 0.0001,
            mode: PageHinkleyMode::Both,
        }
    }
}

impl PageHinkleyParams {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), DetectorParamError> {
        let bad = |field, value: f64, reason| {
            Err(DetectorParamError::invalid(
                "Page-Hinkley",
                field,
                value,
                reason,
            ))
        };
        if !(self.delta.is_finite() && self.delta >= 0.0) {
            return bad("delta", self.delta, "must be finite and >= 0");
        }
        if !(self.threshold.is_finite() && self.threshold > 0.0) {
            return bad("threshold", self.threshold, "must be finite and > 0");
        }
        if !(self.alpha > 0.0 && self.alpha <= 1.0) {
            return bad("alpha", self.alpha, "must be in (0, 1]");
        }
        Ok(())
    }
}

/// Page-Hinkley drift detector: O(1) time and memory per update, no allocation.
#[derive(Debug, Clone)]
pub struct PageHinkley {
    params: PageHinkleyParams,
    n: f64,
    mean: f64,
    sum_increase: f64,
    sum_decrease: f64,
    min_increase: f64,
    max_decrease: f64,
    drift: bool,
}

impl Default for PageHinkley {
    fn default() -> Self {
        Self::build(PageHinkleyParams::default())
    }
}

impl PageHinkley {
    /// Page-Hinkley with the given parameters.
    pub fn new(params: PageHinkleyParams) -> Result<Self, DetectorParamError> {
        params.validate()?;
        Ok(Self::build(params))
    }

    fn build(params: PageHinkleyParams) -> Self {
        let mut d = Self {
            params,
            n: 0.0,
            mean: 0.0,
            sum_increase: 0.0,
            sum_decrease: 0.0,
            min_increase: 0.0,
            max_decrease: 0.0,
            drift: false,
        };
        d.reset();
        d
    }

    /// The parameters.
    pub fn params(&self) -> &PageHinkleyParams {
        &self.params
    }

    /// The two test statistics `(increase, decrease)` after the last update.
    pub fn statistics(&self) -> (f64, f64) {
        (
            self.sum_increase - self.min_increase,
            self.max_decrease - self.sum_decrease,
        )
    }
}

impl DriftDetector for PageHinkley {
    fn update(&mut self, x: f64) -> DetectorSignal {
        if !x.is_finite() {
            return DetectorSignal::Stable;
        }
        if self.drift {
            self.reset();
        }
        // river.stats.Mean: n += 1; mean += (1 / n) * (x - mean).
        self.n += 1.0;
        self.mean += (1.0 / self.n) * (x - self.mean);
        let dev = x - self.mean;
        let p = &self.params;
        self.sum_increase = p.alpha * self.sum_increase + dev - p.delta;
        self.sum_decrease = p.alpha * self.sum_decrease + dev + p.delta;
        if self.sum_increase < self.min_increase {
            self.min_increase = self.sum_increase;
        }
        if self.sum_decrease > self.max_decrease {
            self.max_decrease = self.sum_decrease;
        }
        if self.n >= p.min_instances as f64 {
            let (up, down) = self.statistics();
            self.drift = match p.mode {
                PageHinkleyMode::Up => up > p.threshold,
                PageHinkleyMode::Down => down > p.threshold,
                PageHinkleyMode::Both => up > p.threshold || down > p.threshold,
            };
        }
        if self.drift {
            DetectorSignal::Drift
        } else {
            DetectorSignal::Stable
        }
    }

    fn name(&self) -> &'static str {
        "Page-Hinkley"
    }

    fn reset(&mut self) {
        self.n = 0.0;
        self.mean = 0.0;
        self.sum_increase = 0.0;
        self.sum_decrease = 0.0;
        self.min_increase = f64::INFINITY;
        // River starts the running maximum at -1, not -inf; the first sum (delta > -1) replaces
        // it at once, so the two are equivalent.
        self.max_decrease = -1.0;
        self.drift = false;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn defaults_match_river() {
        let p = PageHinkleyParams::default();
        assert_eq!(p.min_instances, 30);
        assert_eq!(p.delta, 0.005);
        assert_eq!(p.threshold, 50.0);
        assert_eq!(p.alpha, 0.9999);
        assert_eq!(p.mode, PageHinkleyMode::Both);
    }

    // Detection indices below were produced by river 0.26.1 on the same SplitMix64 streams.

    #[test]
    fn matches_river_on_an_error_rate_step() {
        let xs = bernoulli_step(7, 3000, 1000, 0.1, 0.5);
        assert_eq!(
            hits(&mut PageHinkley::default(), &xs, DetectorSignal::Drift),
            vec![1113]
        );
    }

    #[test]
    fn matches_river_on_a_downward_step_and_mode_up_ignores_it() {
        let xs = uniform_step(11, 3000, 1500, 0.3);
        assert_eq!(
            hits(&mut PageHinkley::default(), &xs, DetectorSignal::Drift),
            vec![1600]
        );
        let mut up = PageHinkley::new(PageHinkleyParams {
            mode: PageHinkleyMode::Up,
            ..PageHinkleyParams::default()
        })
        .unwrap();
        assert!(hits(&mut up, &xs, DetectorSignal::Drift).is_empty());
    }

    #[test]
    fn matches_river_on_a_stationary_stream() {
        let xs = bernoulli_step(3, 5000, 5000, 0.2, 0.2);
        assert!(hits(&mut PageHinkley::default(), &xs, DetectorSignal::Drift).is_empty());
    }

    #[test]
    fn long_stationary_streams_do_raise_rare_false_alarms_as_in_river() {
        // With alpha < 1 the cumulative sum wanders around a steady level while its running
        // minimum keeps the deepest dip ever seen, so a long enough stream crosses the
        // threshold by chance: about once per 30,000 updates at a 10% error rate. River
        // 0.26.1 gives exactly these indices on this 300,000-value stream.
        let xs = bernoulli_step(100, 300_000, 300_000, 0.1, 0.1);
        assert_eq!(
            hits(&mut PageHinkley::default(), &xs, DetectorSignal::Drift),
            vec![43991, 74927, 92289, 100838, 133349, 150037, 169382, 203686, 258157, 290412]
        );
    }

    #[test]
    fn needs_min_instances_before_firing() {
        let mut ph = PageHinkley::new(PageHinkleyParams {
            threshold: 1.0,
            ..PageHinkleyParams::default()
        })
        .unwrap();
        // A huge jump at update 5 cannot fire before the 30th value.
        let mut first = None;
        for i in 0..100 {
            let x = if i < 5 { 0.0 } else { 100.0 };
            if ph.update(x) == DetectorSignal::Drift && first.is_none() {
                first = Some(i);
            }
        }
        assert_eq!(first, Some(29));
    }
}
