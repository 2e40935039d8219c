//! Deployment glue: drives the deploy module's [`Deployment`] from the world's numbers.
//! The canary's check window is what the candidate got wrong as the delayed labels
//! (audits) reveal it, accumulated between checks.

use crate::deploy::{Arm, CheckWindow, Deployment, Pattern, PatternKind, Rollback};
use crate::labels::Confusion;
use crate::scenario::ScenarioError;

/// Deployment state of a world.
#[derive(Debug, Clone)]
pub struct Rollout {
    pattern: Pattern,
    deployment: Deployment,
    window: CheckWindow,
    tick_secs: f64,
    last_rollback: Option<Rollback>,
}

impl Rollout {
    /// Starts `pattern` at `start_tick`.
    pub fn new(pattern: &Pattern, start_tick: u64, tick_secs: f64) -> Result<Self, ScenarioError> {
        let deployment = Deployment::new(pattern, start_tick, tick_secs).map_err(|e| {
            ScenarioError::Invalid {
                field: format!("pattern.{}", e.field),
                reason: e.reason,
            }
        })?;
        Ok(Self {
            pattern: pattern.clone(),
            deployment,
            window: CheckWindow::default(),
            tick_secs,
            last_rollback: None,
        })
    }

    /// Replaces the pattern, starting it at `tick`.
    pub fn set_pattern(&mut self, pattern: &Pattern, tick: u64) -> Result<(), ScenarioError> {
        *self = Self::new(pattern, tick, self.tick_secs)?;
        Ok(())
    }

    /// The configured pattern.
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// The deploy module's state (canary phase and log, blue-green events, router).
    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }

    /// Evidence gathered for the next canary check.
    pub fn check_window(&self) -> CheckWindow {
        self.window
    }

    /// Outcome of the last rollback request.
    pub fn last_rollback(&self) -> Option<Rollback> {
        self.last_rollback
    }

    /// Start of a tick: advance the controller (a due canary check judges the window).
    pub fn begin_tick(&mut self, tick: u64) {
        let due = self.deployment.canary().is_some_and(|c| c.check_due(tick));
        self.deployment.on_tick(tick, &self.window);
        if due {
            self.window.clear();
        }
    }

    /// End of a tick: the candidate's newly labelled answers join the check window.
    pub fn end_tick(&mut self, candidate_labels: &Confusion, p99_latency_ms: Option<f64>) {
        if self.deployment.kind() == PatternKind::Canary {
            let samples = u32::try_from(candidate_labels.total()).unwrap_or(u32::MAX);
            let errors = u32::try_from(candidate_labels.errors()).unwrap_or(u32::MAX);
            let latency = if samples > 0 { p99_latency_ms } else { None };
            self.window.record(samples, errors, latency);
        }
    }

    /// Candidate weight in percent.
    pub fn candidate_weight_pct(&self) -> f64 {
        f64::from(self.deployment.router().candidate_weight_pct())
    }

    /// Which arm serves a request, asking for its uniform `u` in [0, 1) only when the weight
    /// splits traffic (see [`crate::deploy::Router::route`]).
    #[inline]
    pub fn route_lazy(&self, u: impl FnOnce() -> f64) -> Arm {
        self.deployment.route_lazy(u)
    }

    /// Whether the candidate sees a mirrored copy of every request.
    pub fn mirrors(&self) -> bool {
        self.deployment.mirrors()
    }

    /// Compute relative to one model (2 while shadowing).
    pub fn compute_multiplier(&self) -> f64 {
        self.deployment.compute_multiplier()
    }

    /// Promote the candidate.
    pub fn promote(&mut self, tick: u64) -> bool {
        self.deployment.promote(tick)
    }

    /// Roll back to stable.
    pub fn rollback(&mut self, tick: u64) -> Rollback {
        let r = self.deployment.rollback(tick);
        self.last_rollback = Some(r);
        r
    }
}
