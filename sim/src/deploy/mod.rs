//! Deployment patterns: how a candidate (green) model reaches production next to the
//! stable (blue) one.
//!
//! Everything here is a pure state machine driven by the tick number. The world supplies
//! the randomness (a uniform `u` per phone for the [`router::Router`]) and the evidence
//! (a [`canary::CheckWindow`] of what the candidate saw), so these modules hold no RNG.
//!
//! The behaviour follows two real progressive-delivery controllers, cited where each rule
//! lives: Argo Rollouts (argoproj/argo-rollouts) and Flagger (fluxcd/flagger).
//!
//! - [`canary`]: stepWeight / interval / maxWeight ramp, analysis with pass / fail /
//!   inconclusive, Argo "past failureLimit" vs Flagger "at threshold" abort rules.
//! - [`blue_green`]: one flip of all traffic, old stack warm for `scaleDownDelaySeconds`.
//! - [`shadow`]: mirror everything, discard the answers, count agreement.
//! - [`why`]: which pattern suits which reason to deploy (lesson 7).
//! - [`Deployment`]: a small driver that owns the controller for a [`Pattern`] and keeps
//!   the [`router::Router`] in step with it.

pub mod blue_green;
pub mod canary;
pub mod router;
pub mod shadow;
pub mod why;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use blue_green::{BlueGreen, BlueGreenConfig, Rollback};
pub use canary::{CanaryConfig, CanaryController, CanaryPhase, CheckWindow, FailureSemantics};
pub use router::Router;
pub use shadow::ShadowMode;

/// One of the two model stacks behind the router.
///
/// In blue-green vocabulary the stable stack is blue and the candidate is green.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Arm {
    /// The model currently trusted with decisions (blue).
    #[default]
    Stable,
    /// The new model being rolled out (green).
    Candidate,
}

impl Arm {
    /// Blue-green colour of this arm.
    pub fn colour(self) -> &'static str {
        match self {
            Arm::Stable => "blue",
            Arm::Candidate => "green",
        }
    }

    /// The other arm.
    pub fn other(self) -> Arm {
        match self {
            Arm::Stable => Arm::Candidate,
            Arm::Candidate => Arm::Stable,
        }
    }
}

/// How a candidate model is put into production (serde: externally tagged, e.g.
/// `"Shadow"` or `{"Canary": {...}}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Pattern {
    /// No rollout: the stable model takes every phone.
    #[default]
    None,
    /// The candidate sees a copy of every phone; its answers are discarded.
    Shadow,
    /// The candidate takes a growing share of phones while analysis passes.
    Canary(CanaryConfig),
    /// All phones switch to the candidate at once, with the old stack kept warm.
    BlueGreen(BlueGreenConfig),
}

impl Pattern {
    /// Which kind of pattern this is, without its configuration.
    pub fn kind(&self) -> PatternKind {
        match self {
            Pattern::None => PatternKind::None,
            Pattern::Shadow => PatternKind::Shadow,
            Pattern::Canary(_) => PatternKind::Canary,
            Pattern::BlueGreen(_) => PatternKind::BlueGreen,
        }
    }

    /// Checks the configuration; the error names the offending field.
    pub fn validate(&self) -> Result<(), DeployConfigError> {
        match self {
            Pattern::None | Pattern::Shadow => Ok(()),
            Pattern::Canary(config) => config.validate(),
            Pattern::BlueGreen(config) => config.validate(),
        }
    }
}

/// The four patterns without their settings (for menus and suggestions).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum PatternKind {
    /// No rollout.
    #[default]
    None,
    /// Shadow mode.
    Shadow,
    /// Canary release.
    Canary,
    /// Blue-green switch.
    BlueGreen,
}

impl PatternKind {
    /// Human-readable name.
    pub fn name(self) -> &'static str {
        match self {
            PatternKind::None => "none",
            PatternKind::Shadow => "shadow",
            PatternKind::Canary => "canary",
            PatternKind::BlueGreen => "blue-green",
        }
    }

    /// This kind with its default settings.
    pub fn default_pattern(self) -> Pattern {
        match self {
            PatternKind::None => Pattern::None,
            PatternKind::Shadow => Pattern::Shadow,
            PatternKind::Canary => Pattern::Canary(CanaryConfig::default()),
            PatternKind::BlueGreen => Pattern::BlueGreen(BlueGreenConfig::default()),
        }
    }
}

/// A deployment setting that cannot work; `field` names it as in the serde form.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{field}: {reason}")]
pub struct DeployConfigError {
    /// Dotted path of the field, e.g. `canary.step_weight_pct`.
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

impl DeployConfigError {
    pub(crate) fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// The controller behind the active pattern.
#[derive(Debug, Clone)]
enum Controller {
    None,
    Shadow(ShadowMode),
    Canary(Box<CanaryController>),
    BlueGreen(BlueGreen),
}

/// Drives the controller of one [`Pattern`] and keeps the [`Router`] in step with it.
///
/// Per tick the world calls [`Deployment::on_tick`] (with the candidate's evidence since
/// the last canary check), then routes each phone with [`Deployment::route`] and, when
/// [`Deployment::mirrors`] is true, also sends a copy to the candidate.
#[derive(Debug, Clone)]
pub struct Deployment {
    router: Router,
    controller: Controller,
}

impl Deployment {
    /// Starts `pattern` at `start_tick`; `tick_secs` converts blue-green seconds to ticks.
    pub fn new(
        pattern: &Pattern,
        start_tick: u64,
        tick_secs: f64,
    ) -> Result<Self, DeployConfigError> {
        let (router, controller) = match pattern {
            Pattern::None => (Router::new(0), Controller::None),
            Pattern::Shadow => (Router::shadow(), Controller::Shadow(ShadowMode::new())),
            Pattern::Canary(config) => {
                let canary = CanaryController::new(config.clone(), start_tick)?;
                (
                    Router::new(canary.candidate_weight_pct()),
                    Controller::Canary(Box::new(canary)),
                )
            }
            Pattern::BlueGreen(config) => {
                let bg = BlueGreen::new(*config, tick_secs)?;
                (bg.router(start_tick), Controller::BlueGreen(bg))
            }
        };
        Ok(Self { router, controller })
    }

    /// Which pattern is running.
    pub fn kind(&self) -> PatternKind {
        match self.controller {
            Controller::None => PatternKind::None,
            Controller::Shadow(_) => PatternKind::Shadow,
            Controller::Canary(_) => PatternKind::Canary,
            Controller::BlueGreen(_) => PatternKind::BlueGreen,
        }
    }

    /// Advances the controller to `tick` and updates the router. `window` is only read by
    /// a canary (see [`CanaryController::on_tick`]); other patterns ignore it.
    pub fn on_tick(&mut self, tick: u64, window: &CheckWindow) -> &Router {
        match &mut self.controller {
            Controller::None | Controller::Shadow(_) => {}
            Controller::Canary(canary) => {
                canary.on_tick(tick, window);
                self.router
                    .set_candidate_weight_pct(canary.candidate_weight_pct());
            }
            Controller::BlueGreen(bg) => {
                bg.on_tick(tick);
                self.router = bg.router(tick);
            }
        }
        &self.router
    }

    /// The router as of the last [`Deployment::on_tick`].
    pub fn router(&self) -> &Router {
        &self.router
    }

    /// Which arm decides a phone, given a uniform `u` in [0, 1) from the world.
    pub fn route(&self, u: f64) -> Arm {
        self.router.route(u)
    }

    /// [`Deployment::route`] asking for the uniform only when the weight splits traffic.
    #[inline]
    pub fn route_lazy(&self, u: impl FnOnce() -> f64) -> Arm {
        self.router.route_lazy(u)
    }

    /// Whether every phone is also copied to the candidate (shadow mode).
    pub fn mirrors(&self) -> bool {
        self.router.mirrors()
    }

    /// Compute used relative to serving one model: 2.0 while shadowing, else 1.0.
    pub fn compute_multiplier(&self) -> f64 {
        match self.controller {
            Controller::Shadow(ref s) => s.compute_multiplier(),
            _ => 1.0,
        }
    }

    /// Promotes the candidate: canary jumps to 100%, blue-green flips. Returns whether
    /// anything changed (shadow and none have nothing to promote).
    pub fn promote(&mut self, tick: u64) -> bool {
        let changed = match &mut self.controller {
            Controller::None | Controller::Shadow(_) => false,
            Controller::Canary(canary) => canary.promote_full(tick),
            Controller::BlueGreen(bg) => bg.promote(tick),
        };
        self.sync_router(tick);
        changed
    }

    /// Sends traffic back to the stable model. A canary abort and a warm blue-green
    /// rollback are [`Rollback::Instant`]; a cold blue-green rollback needs a cold start.
    pub fn rollback(&mut self, tick: u64) -> Rollback {
        let outcome = match &mut self.controller {
            Controller::None | Controller::Shadow(_) => Rollback::AlreadyStable,
            Controller::Canary(canary) => {
                if canary.abort(tick) {
                    Rollback::Instant
                } else {
                    Rollback::AlreadyStable
                }
            }
            Controller::BlueGreen(bg) => bg.rollback(tick),
        };
        self.sync_router(tick);
        outcome
    }

    fn sync_router(&mut self, tick: u64) {
        match &self.controller {
            Controller::None | Controller::Shadow(_) => {}
            Controller::Canary(canary) => self
                .router
                .set_candidate_weight_pct(canary.candidate_weight_pct()),
            Controller::BlueGreen(bg) => self.router = bg.router(tick),
        }
    }

    /// The canary controller, when the pattern is a canary.
    pub fn canary(&self) -> Option<&CanaryController> {
        match &self.controller {
            Controller::Canary(c) => Some(c),
            _ => None,
        }
    }

    /// Mutable canary controller (for `resume` / `abort` from the page).
    pub fn canary_mut(&mut self) -> Option<&mut CanaryController> {
        match &mut self.controller {
            Controller::Canary(c) => Some(c),
            _ => None,
        }
    }

    /// The blue-green controller, when the pattern is blue-green.
    pub fn blue_green(&self) -> Option<&BlueGreen> {
        match &self.controller {
            Controller::BlueGreen(bg) => Some(bg),
            _ => None,
        }
    }

    /// The shadow agreement counter, when the pattern is shadow.
    pub fn shadow(&self) -> Option<&ShadowMode> {
        match &self.controller {
            Controller::Shadow(s) => Some(s),
            _ => None,
        }
    }

    /// Mutable shadow state (to record agreement per phone).
    pub fn shadow_mut(&mut self) -> Option<&mut ShadowMode> {
        match &mut self.controller {
            Controller::Shadow(s) => Some(s),
            _ => None,
        }
    }

    /// Applies a canary resume (after an inconclusive pause). Returns whether it resumed.
    pub fn resume(&mut self, tick: u64) -> bool {
        let resumed = match &mut self.controller {
            Controller::Canary(c) => c.resume(tick),
            _ => false,
        };
        self.sync_router(tick);
        resumed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_pattern_routes_everything_to_stable() {
        let d = Deployment::new(&Pattern::None, 0, 10.0).unwrap();
        for i in 0..100 {
            assert_eq!(d.route(f64::from(i) / 100.0), Arm::Stable);
        }
        assert!(!d.mirrors());
        assert_eq!(d.compute_multiplier(), 1.0);
    }

    #[test]
    fn shadow_pattern_mirrors_and_doubles_compute_but_serves_stable() {
        let d = Deployment::new(&Pattern::Shadow, 0, 10.0).unwrap();
        assert!(d.mirrors());
        assert_eq!(d.compute_multiplier(), 2.0);
        for i in 0..100 {
            assert_eq!(d.route(f64::from(i) / 100.0), Arm::Stable);
        }
    }

    #[test]
    fn canary_router_follows_the_controller() {
        let config = CanaryConfig::default();
        let interval = config.interval_ticks;
        let mut d = Deployment::new(&Pattern::Canary(config.clone()), 0, 10.0).unwrap();
        assert_eq!(d.router().candidate_weight_pct(), config.step_weight_pct);
        let good = CheckWindow {
            samples: 100,
            errors: 0,
            p99_latency_ms: Some(100.0),
        };
        d.on_tick(interval, &good);
        assert_eq!(
            d.router().candidate_weight_pct(),
            2 * config.step_weight_pct
        );
        assert_eq!(d.rollback(interval + 1), Rollback::Instant);
        assert_eq!(d.router().candidate_weight_pct(), 0);
        assert_eq!(d.route(0.0), Arm::Stable);
    }

    #[test]
    fn blue_green_promote_and_rollback_through_the_driver() {
        let mut d =
            Deployment::new(&Pattern::BlueGreen(BlueGreenConfig::default()), 0, 10.0).unwrap();
        assert_eq!(d.route(0.5), Arm::Stable);
        assert!(d.promote(5));
        assert_eq!(d.route(0.0), Arm::Candidate);
        assert_eq!(d.route(0.999), Arm::Candidate);
        assert_eq!(d.rollback(6), Rollback::Instant);
        assert_eq!(d.route(0.0), Arm::Stable);
    }

    #[test]
    fn invalid_pattern_is_rejected_with_the_field_name() {
        let bad = Pattern::Canary(CanaryConfig {
            step_weight_pct: 0,
            ..CanaryConfig::default()
        });
        let err = bad.validate().unwrap_err();
        assert_eq!(err.field, "canary.step_weight_pct");
        assert!(Deployment::new(&bad, 0, 10.0).is_err());
    }

    #[test]
    fn pattern_serde_round_trip() {
        for kind in [
            PatternKind::None,
            PatternKind::Shadow,
            PatternKind::Canary,
            PatternKind::BlueGreen,
        ] {
            let p = kind.default_pattern();
            let json = serde_json::to_string(&p).unwrap();
            let back: Pattern = serde_json::from_str(&json).unwrap();
            assert_eq!(back, p);
            assert_eq!(back.kind(), kind);
        }
    }
}
