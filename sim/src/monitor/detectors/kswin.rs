//! KSWIN, Kolmogorov-Smirnov windowing (Raab, Heusinger & Schleif 2020), as River implements
//! it (`river/drift/kswin.py`, v0.26): a sliding window of `window_size` values; the newest
//! `stat_size` values are compared with `stat_size` values drawn without replacement from the
//! older part by a two-sample KS test; drift when `p <= alpha` and `D > 0.1`.

use super::{DetectorParamError, DetectorSignal, DriftDetector};
use crate::monitor::stats::{ks_p_value_exact_equal_steps, ks_statistic_sorted};
use crate::ring::RingBuffer;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// River's extra condition on the KS statistic, besides `p <= alpha`.
pub const KSWIN_MIN_STATISTIC: f64 = 0.1;

/// KSWIN parameters. Defaults are River's: `KSWIN(alpha=0.005, window_size=100,
/// stat_size=30)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KswinParams {
    /// Significance of the KS test (River advises below 0.01).
    pub alpha: f64,
    /// Sliding window length.
    pub window_size: usize,
    /// Size of the newest part and of the sample drawn from the older part.
    pub stat_size: usize,
}

impl Default for KswinParams {
    fn default() -> Self {
        Self {
            alpha: 0.005,
            window_size: 100,
            stat_size: 30,
        }
    }
}

impl KswinParams {
    /// Checks the parameters (River rejects alpha outside [0, 1] and stat_size > window_size;
    /// an equal size would leave nothing to sample from, so it is rejected too).
    pub fn validate(&self) -> Result<(), DetectorParamError> {
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(DetectorParamError::invalid(
                "KSWIN",
                "alpha",
                self.alpha,
                "must be in [0, 1]",
            ));
        }
        if self.stat_size == 0 {
            return Err(DetectorParamError::invalid(
                "KSWIN",
                "stat_size",
                0,
                "must be at least 1",
            ));
        }
        if self.stat_size >= self.window_size {
            return Err(DetectorParamError::invalid(
                "KSWIN",
                "stat_size",
                self.stat_size,
                "must be smaller than window_size",
            ));
        }
        if self.window_size - self.stat_size > u32::MAX as usize {
            return Err(DetectorParamError::invalid(
                "KSWIN",
                "window_size",
                self.window_size,
                "is too large",
            ));
        }
        Ok(())
    }
}

/// KSWIN drift detector. Per update: a partial shuffle to draw the sample and two sorts of
/// `stat_size` values, in preallocated buffers (no allocation). The exact p-value depends
/// only on how many `1/stat_size` steps the statistic spans, so it is tabulated once.
///
/// On a 0/1 error stream the KS statistic is just the gap between the two error shares, and
/// at the defaults (30 vs 30, alpha 0.005) it must reach 14/30: a step from 10% to 50% errors
/// can pass unnoticed before the window turns over, while 10% to 80% is caught within ~30
/// updates. KSWIN suits continuous inputs better than error indicators.
#[derive(Debug, Clone)]
pub struct Kswin {
    params: KswinParams,
    seed: u64,
    rng: Xoshiro256PlusPlus,
    window: RingBuffer<f64>,
    /// Positions 0..window_size - stat_size, partially shuffled to draw the sample.
    positions: Vec<u32>,
    sample: Vec<f64>,
    recent: Vec<f64>,
    /// `p_by_steps[h]`: the exact p-value of a statistic of `h / stat_size`.
    p_by_steps: Vec<f64>,
    p_value: f64,
    drift: bool,
}

impl Default for Kswin {
    /// River's defaults with seed 0 (River's default `seed=None` draws from the OS; a
    /// simulation must be reproducible).
    fn default() -> Self {
        Self::with_seed(0)
    }
}

impl Kswin {
    /// KSWIN with the given parameters; `seed` drives the sampling (River's `seed`).
    pub fn new(params: KswinParams, seed: u64) -> Result<Self, DetectorParamError> {
        params.validate()?;
        Ok(Self::build(params, seed))
    }

    /// KSWIN with River's defaults and the given seed.
    pub fn with_seed(seed: u64) -> Self {
        Self::build(KswinParams::default(), seed)
    }

    fn build(params: KswinParams, seed: u64) -> Self {
        let older = params.window_size - params.stat_size;
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            window: RingBuffer::new(params.window_size),
            positions: (0..older as u32).collect(),
            sample: vec![0.0; params.stat_size],
            recent: vec![0.0; params.stat_size],
            p_by_steps: (0..=params.stat_size)
                .map(|h| ks_p_value_exact_equal_steps(h, params.stat_size))
                .collect(),
            p_value: 1.0,
            drift: false,
            seed,
            params,
        }
    }

    /// The parameters.
    pub fn params(&self) -> &KswinParams {
        &self.params
    }

    /// p-value of the last test (1 before the window first fills).
    pub fn p_value(&self) -> f64 {
        self.p_value
    }
}

impl DriftDetector for Kswin {
    fn update(&mut self, x: f64) -> DetectorSignal {
        if !x.is_finite() {
            return DetectorSignal::Stable;
        }
        if self.drift {
            self.reset();
        }
        self.window.push(x);
        if self.window.len() < self.params.window_size {
            return DetectorSignal::Stable;
        }
        let r = self.params.stat_size;
        let older = self.positions.len();
        // Partial Fisher-Yates: the first r positions become a uniform sample without
        // replacement (River: `rng.sample(range(window_size - stat_size), stat_size)`).
        for i in 0..r {
            // i < r < older, so the range is never empty.
            let j = self.rng.random_range(i as u32..older as u32) as usize;
            self.positions.swap(i, j);
        }
        for (slot, &pos) in self.sample.iter_mut().zip(&self.positions[..r]) {
            *slot = self.window.get(pos as usize).unwrap_or(0.0);
        }
        for (k, slot) in self.recent.iter_mut().enumerate() {
            *slot = self.window.get(older + k).unwrap_or(0.0);
        }
        sort_total(&mut self.sample);
        sort_total(&mut self.recent);
        let d = ks_statistic_sorted(&self.sample, &self.recent);
        // River calls scipy's ks_2samp(method="auto"), exact at these sizes. Both samples
        // hold r finite values, so d is a whole number of 1/r steps (up to rounding, which
        // `ks_p_value_exact_equal` removes the same way) and at most 1.
        let steps = libm::round(d * r as f64) as usize;
        self.p_value = self.p_by_steps.get(steps).copied().unwrap_or(0.0);
        self.drift = self.p_value <= self.params.alpha && d > KSWIN_MIN_STATISTIC;
        if self.drift {
            DetectorSignal::Drift
        } else {
            DetectorSignal::Stable
        }
    }

    fn name(&self) -> &'static str {
        "KSWIN"
    }

    /// As River's `_reset`: empty window and a re-seeded generator. (River keeps the newest
    /// `stat_size` values at a detection, but its reset on the next update discards them.)
    fn reset(&mut self) {
        self.window.clear();
        self.rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        self.p_value = 1.0;
        self.drift = false;
    }
}

/// `f64::total_cmp` as an integer: the same order, one integer comparison.
#[inline]
fn total_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// Sorts by `f64::total_cmp` with an insertion sort: for the few dozen values KSWIN sorts it
/// beats the general sort, whose helpers stay out of line at opt-level "z" (the wasm build).
/// Values with equal keys have equal bits, so the result is the one any sort gives.
#[inline]
fn sort_total(v: &mut [f64]) {
    for i in 1..v.len() {
        let x = v[i];
        let kx = total_key(x);
        let mut j = i;
        while j > 0 && total_key(v[j - 1]) > kx {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn defaults_match_river() {
        let p = KswinParams::default();
        assert_eq!(p.alpha, 0.005);
        assert_eq!(p.window_size, 100);
        assert_eq!(p.stat_size, 30);
    }

    #[test]
    fn default_is_seed_zero() {
        let xs = uniform_step(8, 2000, 1000, 0.4);
        assert_eq!(
            hits(&mut Kswin::default(), &xs, DetectorSignal::Drift),
            hits(&mut Kswin::with_seed(0), &xs, DetectorSignal::Drift)
        );
    }

    #[test]
    fn same_seed_same_detections() {
        let xs = uniform_step(4, 3000, 1500, 0.5);
        let a = hits(&mut Kswin::with_seed(42), &xs, DetectorSignal::Drift);
        let b = hits(&mut Kswin::with_seed(42), &xs, DetectorSignal::Drift);
        assert_eq!(a, b);
        assert!(a.iter().any(|&i| (1500..1600).contains(&i)), "{a:?}");
    }

    #[test]
    fn needs_a_full_window_and_restarts_after_a_drift() {
        let mut k = Kswin::with_seed(1);
        for _ in 0..99 {
            assert_eq!(k.update(0.0), DetectorSignal::Stable);
        }
        assert_eq!(k.p_value(), 1.0);
        // From the 100th value on it tests; a jump to 1.0 shows up once 30 new values sit in
        // the recent part... and it then needs a fresh window of 100 before testing again.
        let mut fired = None;
        for i in 0..200 {
            if k.update(1.0) == DetectorSignal::Drift {
                fired = Some(i);
                break;
            }
        }
        let fired = fired.unwrap();
        assert!(fired < 30, "fired after {fired} new values");
        for _ in 0..99 {
            assert_eq!(k.update(5.0), DetectorSignal::Stable);
        }
    }

    #[test]
    fn sort_total_matches_total_cmp() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let specials = [0.0, -0.0, 1.0, -1.0, f64::INFINITY, f64::NEG_INFINITY, 0.5];
        for len in 0..40 {
            let v: Vec<f64> = (0..len)
                .map(|_| {
                    if rng.random::<f64>() < 0.3 {
                        specials[rng.random_range(0..specials.len())]
                    } else {
                        rng.random::<f64>() * 4.0 - 2.0
                    }
                })
                .collect();
            let mut a = v.clone();
            let mut b = v;
            sort_total(&mut a);
            // Equal under total_cmp means the same bits, so unstable order is the same
            // result (and shares the one compiled sort of f64s).
            b.sort_unstable_by(f64::total_cmp);
            let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b));
        }
    }

    #[test]
    fn tabulated_p_values_match_the_formula() {
        use crate::monitor::stats::ks_p_value_exact_equal;
        let k = Kswin::with_seed(3);
        let r = k.params().stat_size;
        for h in 0..=r {
            let d = h as f64 / r as f64;
            assert_eq!(
                k.p_by_steps[h].to_bits(),
                ks_p_value_exact_equal(d, r).to_bits(),
                "h = {h}"
            );
        }
    }
}
