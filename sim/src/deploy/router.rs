//! The traffic router between the stable and candidate stacks.
//!
//! A weighted split like a service-mesh route (Istio / Flagger `canaryWeight`, Argo
//! Rollouts `setWeight`): the candidate gets `candidate_weight_pct` percent of phones.
//! The router owns no randomness: the world passes one uniform `u` in [0, 1) per phone,
//! so the same `u` sequence always gives the same split.

use super::Arm;
use serde::{Deserialize, Serialize};

/// Weighted split of phones between [`Arm::Stable`] and [`Arm::Candidate`], plus an
/// optional mirror (shadow) that copies every phone to the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Router {
    /// Percent of phones (0..=100) whose decision comes from the candidate.
    candidate_weight_pct: u8,
    /// Copy every phone to the candidate and discard its answer (shadow mode).
    mirror: bool,
}

/// Where one phone goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dispatch {
    /// The arm whose answer decides the phone.
    pub serving: Arm,
    /// Whether a copy also goes to the candidate, whose answer is discarded.
    pub mirrored: bool,
}

impl Router {
    /// A router sending `candidate_weight_pct` percent to the candidate (values above 100
    /// are treated as 100).
    pub fn new(candidate_weight_pct: u8) -> Self {
        Self {
            candidate_weight_pct: candidate_weight_pct.min(100),
            mirror: false,
        }
    }

    /// Shadow routing: every decision from stable, every phone mirrored to the candidate.
    pub fn shadow() -> Self {
        Self {
            candidate_weight_pct: 0,
            mirror: true,
        }
    }

    /// Percent of phones decided by the candidate.
    pub fn candidate_weight_pct(&self) -> u8 {
        self.candidate_weight_pct
    }

    /// Percent of phones decided by the stable model.
    pub fn stable_weight_pct(&self) -> u8 {
        100 - self.candidate_weight_pct
    }

    /// Sets the candidate's share (clamped to 100).
    pub fn set_candidate_weight_pct(&mut self, pct: u8) {
        self.candidate_weight_pct = pct.min(100);
    }

    /// Whether every phone is mirrored to the candidate.
    pub fn mirrors(&self) -> bool {
        self.mirror
    }

    /// Turns mirroring on or off.
    pub fn set_mirror(&mut self, on: bool) {
        self.mirror = on;
    }

    /// The arm that decides a phone drawn with uniform `u` in [0, 1).
    ///
    /// The candidate is chosen when `u < weight / 100`, so over uniform `u` its share is
    /// exactly the weight. Weight 0 never picks the candidate and 100 always does, even for
    /// out-of-range or NaN `u`.
    #[inline]
    pub fn route(&self, u: f64) -> Arm {
        self.route_lazy(|| u)
    }

    /// [`Router::route`] with `u` asked for only when the weight splits traffic (strictly
    /// between 0 and 100): the same arm as `route(u())`.
    #[inline]
    pub fn route_lazy(&self, u: impl FnOnce() -> f64) -> Arm {
        match self.candidate_weight_pct {
            0 => Arm::Stable,
            100.. => Arm::Candidate,
            w => {
                if u() * 100.0 < f64::from(w) {
                    Arm::Candidate
                } else {
                    Arm::Stable
                }
            }
        }
    }

    /// [`Router::route`] plus whether a mirror copy goes to the candidate.
    #[inline]
    pub fn dispatch(&self, u: f64) -> Dispatch {
        Dispatch {
            serving: self.route(u),
            mirrored: self.mirror,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64Mcg;

    fn candidate_share(router: &Router, seed: u64, n: u32) -> f64 {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut hits = 0u32;
        for _ in 0..n {
            if router.route(rng.random::<f64>()) == Arm::Candidate {
                hits += 1;
            }
        }
        f64::from(hits) / f64::from(n)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// With 20,000 uniform draws the binomial standard deviation is at most 0.0036, so
        /// a 0.025 tolerance is about 7 standard deviations.
        #[test]
        fn candidate_share_converges_to_weight(weight in 0u8..=100, seed in any::<u64>()) {
            let router = Router::new(weight);
            let share = candidate_share(&router, seed, 20_000);
            prop_assert!((share - f64::from(weight) / 100.0).abs() < 0.025,
                "weight {} share {}", weight, share);
        }

        #[test]
        fn weight_zero_never_routes_to_candidate(u in 0.0f64..1.0) {
            prop_assert_eq!(Router::new(0).route(u), Arm::Stable);
        }

        #[test]
        fn weight_hundred_always_routes_to_candidate(u in 0.0f64..1.0) {
            prop_assert_eq!(Router::new(100).route(u), Arm::Candidate);
        }

        #[test]
        fn routing_is_deterministic_and_monotone_in_u(weight in 0u8..=100, u in 0.0f64..1.0) {
            let r = Router::new(weight);
            prop_assert_eq!(r.route(u), r.route(u));
            // Raising the weight can only move a phone from stable to candidate.
            if r.route(u) == Arm::Candidate {
                prop_assert_eq!(Router::new(weight.saturating_add(1)).route(u), Arm::Candidate);
            }
        }
    }

    #[test]
    fn stratified_u_gives_the_exact_share() {
        // u_i = (i + 0.5) / 1000 hits the candidate exactly weight * 10 times.
        for weight in [1u8, 5, 33, 50, 99] {
            let r = Router::new(weight);
            let hits = (0..1000)
                .filter(|&i| r.route((f64::from(i) + 0.5) / 1000.0) == Arm::Candidate)
                .count();
            assert_eq!(hits, usize::from(weight) * 10);
        }
    }

    #[test]
    fn weights_above_hundred_are_clamped_and_nan_is_safe() {
        let mut r = Router::new(250);
        assert_eq!(r.candidate_weight_pct(), 100);
        assert_eq!(r.stable_weight_pct(), 0);
        r.set_candidate_weight_pct(7);
        assert_eq!(r.stable_weight_pct(), 93);
        assert_eq!(r.route(f64::NAN), Arm::Stable);
        assert_eq!(Router::new(100).route(f64::NAN), Arm::Candidate);
    }

    #[test]
    fn shadow_router_mirrors_every_phone_and_serves_stable() {
        let r = Router::shadow();
        for i in 0..100 {
            let d = r.dispatch(f64::from(i) / 100.0);
            assert_eq!(d.serving, Arm::Stable);
            assert!(d.mirrored);
        }
        assert!(!Router::new(50).dispatch(0.1).mirrored);
    }
}
