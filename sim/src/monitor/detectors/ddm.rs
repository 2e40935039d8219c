//! DDM, the Drift Detection Method (Gama et al. 2004), as River implements it
//! (`river/drift/binary/ddm.py`, v0.26). Input 1 = error, 0 = correct. With `p` the running
//! error rate and `s = sqrt(p (1 - p) / n)`, the minimum of `p + s` is remembered; warning when
//! `p + s > p_min + 2 s_min`, drift when `p + s > p_min + 3 s_min`.

use super::{DetectorParamError, DetectorSignal, DriftDetector};
use serde::{Deserialize, Serialize};

/// DDM parameters. Defaults are River's: `DDM(warm_start=30, warning_threshold=2.0,
/// drift_threshold=3.0)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DdmParams {
    /// Values seen before warnings or drifts can be flagged (River tests `n > warm_start`).
    pub warm_start: u64,
    /// Warning zone at `p_min + warning_threshold * s_min` (about 95% confidence).
    pub warning_threshold: f64,
    /// Drift at `p_min + drift_threshold * s_min` (about 99% confidence).
    pub drift_threshold: f64,
}

impl Default for DdmParams {
    fn default() -> Self {
        Self {
            warm_start: 30,
            warning_threshold: 2.0,
            drift_threshold: 3.0,
        }
    }
}

impl DdmParams {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), DetectorParamError> {
        if !(self.warning_threshold.is_finite() && self.warning_threshold > 0.0) {
            return Err(DetectorParamError::invalid(
                "DDM",
                "warning_threshold",
                self.warning_threshold,
                "must be finite and > 0",
            ));
        }
        if !(self.drift_threshold.is_finite() && self.drift_threshold >= self.warning_threshold) {
            return Err(DetectorParamError::invalid(
                "DDM",
                "drift_threshold",
                self.drift_threshold,
                "must be finite and >= warning_threshold",
            ));
        }
        Ok(())
    }
}

/// DDM error-rate drift detector with a warning zone: O(1) per update, no allocation.
#[derive(Debug, Clone)]
pub struct Ddm {
    params: DdmParams,
    n: f64,
    p: f64,
    p_min: f64,
    s_min: f64,
    ps_min: f64,
    warning: bool,
    drift: bool,
}

impl Default for Ddm {
    fn default() -> Self {
        Self::build(DdmParams::default())
    }
}

impl Ddm {
    /// DDM with the given parameters.
    pub fn new(params: DdmParams) -> Result<Self, DetectorParamError> {
        params.validate()?;
        Ok(Self::build(params))
    }

    fn build(params: DdmParams) -> Self {
        let mut d = Self {
            params,
            n: 0.0,
            p: 0.0,
            p_min: 0.0,
            s_min: 0.0,
            ps_min: 0.0,
            warning: false,
            drift: false,
        };
        d.reset();
        d
    }

    /// The parameters.
    pub fn params(&self) -> &DdmParams {
        &self.params
    }

    /// Running error rate since the last reset.
    pub fn error_rate(&self) -> f64 {
        self.p
    }
}

impl DriftDetector for Ddm {
    /// `x` is the error indicator; values are clamped to [0, 1] so the Bernoulli standard
    /// deviation stays defined (River feeds booleans into a running mean).
    fn update(&mut self, x: f64) -> DetectorSignal {
        if !x.is_finite() {
            return DetectorSignal::Stable;
        }
        if self.drift {
            self.reset();
        }
        let x = x.clamp(0.0, 1.0);
        self.n += 1.0;
        self.p += (1.0 / self.n) * (x - self.p);
        let s = libm::sqrt(self.p * (1.0 - self.p) / self.n);
        if self.n > self.params.warm_start as f64 {
            if self.p + s <= self.ps_min {
                self.p_min = self.p;
                self.s_min = s;
                self.ps_min = self.p_min + self.s_min;
            }
            self.warning = self.p + s > self.p_min + self.params.warning_threshold * self.s_min;
            if self.p + s > self.p_min + self.params.drift_threshold * self.s_min {
                self.drift = true;
                self.warning = false;
            }
        }
        if self.drift {
            DetectorSignal::Drift
        } else if self.warning {
            DetectorSignal::Warning
        } else {
            DetectorSignal::Stable
        }
    }

    fn name(&self) -> &'static str {
        "DDM"
    }

    fn reset(&mut self) {
        self.n = 0.0;
        self.p = 0.0;
        self.p_min = f64::INFINITY;
        self.s_min = f64::INFINITY;
        self.ps_min = f64::INFINITY;
        self.warning = false;
        self.drift = false;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn defaults_match_river() {
        let p = DdmParams::default();
        assert_eq!(p.warm_start, 30);
        assert_eq!(p.warning_threshold, 2.0);
        assert_eq!(p.drift_threshold, 3.0);
    }

    // Indices below were produced by river 0.26.1 (drift.binary.DDM) on the same stream.

    #[test]
    fn matches_river_drift_and_warnings() {
        let xs = bernoulli_step(7, 3000, 1000, 0.1, 0.5);
        let mut ddm = Ddm::default();
        let signals: Vec<DetectorSignal> = xs.iter().map(|&x| ddm.update(x)).collect();
        let at = |want| -> Vec<usize> {
            signals
                .iter()
                .enumerate()
                .filter_map(|(i, s)| (*s == want).then_some(i))
                .collect()
        };
        assert_eq!(at(DetectorSignal::Drift), vec![1054]);
        let warnings = at(DetectorSignal::Warning);
        assert_eq!(warnings.len(), 72);
        assert_eq!(&warnings[..5], &[36, 37, 43, 44, 45]);
    }

    #[test]
    fn warning_zone_precedes_drift_on_a_gradual_rise() {
        // Error rate creeping up from 10% to 40% over 2000 updates.
        let mut g = SplitMix::new(5);
        let mut ddm = Ddm::default();
        let mut first_warning = None;
        let mut first_drift = None;
        for i in 0..6000usize {
            let p = 0.1 + 0.3 * ((i.saturating_sub(2000)) as f64 / 2000.0).min(1.0);
            let x = if g.uniform() < p { 1.0 } else { 0.0 };
            match ddm.update(x) {
                DetectorSignal::Warning if i >= 2000 && first_warning.is_none() => {
                    first_warning = Some(i)
                }
                DetectorSignal::Drift if i >= 2000 && first_drift.is_none() => {
                    first_drift = Some(i)
                }
                _ => {}
            }
        }
        let (w, d) = (first_warning.unwrap(), first_drift.unwrap());
        assert!(w < d, "warning {w} drift {d}");
    }

    #[test]
    fn silent_during_warm_start() {
        let mut ddm = Ddm::default();
        for i in 0..30 {
            let x = if i < 10 { 0.0 } else { 1.0 };
            assert_eq!(ddm.update(x), DetectorSignal::Stable);
        }
    }
}
