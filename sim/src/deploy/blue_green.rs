//! Blue-green: all phones move from the blue (stable) stack to the green (candidate) stack
//! in one flip, and the old stack stays up for a while so the flip can be undone.
//!
//! Argo Rollouts (argoproj/argo-rollouts: docs/features/bluegreen.md) makes the flip a
//! Service selector swap and scales the old ReplicaSet down `scaleDownDelaySeconds` after
//! it (default 30, utils/defaults/defaults.go). While the old stack is warm a rollback is
//! the same instant swap back; once it has been scaled down it must be started again
//! (a cold start: schedule pods, pull the image, load the model), and until it is ready
//! traffic stays where it is.

use super::{Arm, DeployConfigError, Router};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Events kept in the blue-green log.
pub const EVENT_LOG_CAPACITY: usize = 32;

/// Blue-green settings.
///
/// | field | default | source |
/// |---|---|---|
/// | `scale_down_delay_secs` | 30 | Argo Rollouts `scaleDownDelaySeconds` default |
/// | `cold_start_secs` | 60 | simulation choice: restart a scaled-down model server (no tool default) |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BlueGreenConfig {
    /// Seconds the old stack stays up after a flip (Argo `scaleDownDelaySeconds`).
    pub scale_down_delay_secs: u64,
    /// Seconds to bring a scaled-down stack back before it can take traffic.
    pub cold_start_secs: u64,
}

impl Default for BlueGreenConfig {
    fn default() -> Self {
        Self {
            scale_down_delay_secs: 30,
            cold_start_secs: 60,
        }
    }
}

impl BlueGreenConfig {
    /// Checks the settings; both fields are bounded to one simulated week.
    pub fn validate(&self) -> Result<(), DeployConfigError> {
        const WEEK_SECS: u64 = 7 * 24 * 3600;
        if self.scale_down_delay_secs > WEEK_SECS {
            return Err(DeployConfigError::new(
                "blue_green.scale_down_delay_secs",
                format!(
                    "must be at most {WEEK_SECS}, got {}",
                    self.scale_down_delay_secs
                ),
            ));
        }
        if self.cold_start_secs > WEEK_SECS {
            return Err(DeployConfigError::new(
                "blue_green.cold_start_secs",
                format!("must be at most {WEEK_SECS}, got {}", self.cold_start_secs),
            ));
        }
        Ok(())
    }
}

/// What a rollback request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rollback {
    /// Traffic is back on stable in the same tick.
    Instant,
    /// The stable stack was scaled down: traffic stays on the candidate until `ready_tick`,
    /// then moves back.
    ColdStart {
        /// First tick served by stable again.
        ready_tick: u64,
    },
    /// Stable already has all the traffic (nothing was promoted).
    AlreadyStable,
}

/// Blue-green event kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlueGreenEventKind {
    /// All traffic flipped to green.
    Promoted,
    /// Traffic flipped back to blue at once (blue was warm).
    RolledBackInstantly,
    /// Blue had been scaled down; a cold start began.
    ColdStartBegun {
        /// When blue will be ready.
        ready_tick: u64,
    },
    /// The cold start finished and traffic returned to blue.
    RolledBackAfterColdStart,
    /// The old blue stack was scaled down (scale-down delay elapsed).
    OldStackScaledDown,
}

/// One blue-green log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlueGreenEvent {
    /// When.
    pub tick: u64,
    /// What.
    pub kind: BlueGreenEventKind,
}

/// The blue-green state machine.
#[derive(Debug, Clone)]
pub struct BlueGreen {
    config: BlueGreenConfig,
    tick_secs: f64,
    /// Arm serving traffic, not counting a cold-start rollback that has become ready.
    active: Arm,
    /// Tick of the last flip to green.
    promoted_at: Option<u64>,
    /// A cold-start rollback in progress: tick at which blue takes traffic again.
    pending_ready_tick: Option<u64>,
    scale_down_logged: bool,
    events: VecDeque<BlueGreenEvent>,
}

impl BlueGreen {
    /// Blue serving everything; `tick_secs` converts the configured seconds to ticks.
    pub fn new(config: BlueGreenConfig, tick_secs: f64) -> Result<Self, DeployConfigError> {
        config.validate()?;
        if !(tick_secs.is_finite() && tick_secs > 0.0) {
            return Err(DeployConfigError::new(
                "tick_secs",
                format!("must be finite and > 0, got {tick_secs}"),
            ));
        }
        Ok(Self {
            config,
            tick_secs,
            active: Arm::Stable,
            promoted_at: None,
            pending_ready_tick: None,
            scale_down_logged: false,
            events: VecDeque::with_capacity(EVENT_LOG_CAPACITY),
        })
    }

    /// The settings.
    pub fn config(&self) -> &BlueGreenConfig {
        &self.config
    }

    /// Flips all traffic to green at `tick`. Returns false if green already serves (or a
    /// rollback to blue is under way, which a new promotion cancels: true).
    pub fn promote(&mut self, tick: u64) -> bool {
        self.settle(tick);
        if self.active == Arm::Candidate && self.pending_ready_tick.is_none() {
            return false;
        }
        self.active = Arm::Candidate;
        self.pending_ready_tick = None;
        self.promoted_at = Some(tick);
        self.scale_down_logged = false;
        self.log(tick, BlueGreenEventKind::Promoted);
        true
    }

    /// Sends traffic back to blue: instantly while blue is warm, otherwise after a cold
    /// start during which green keeps serving.
    pub fn rollback(&mut self, tick: u64) -> Rollback {
        self.settle(tick);
        if let Some(ready_tick) = self.pending_ready_tick {
            return Rollback::ColdStart { ready_tick };
        }
        if self.active == Arm::Stable {
            return Rollback::AlreadyStable;
        }
        if self.is_warm(tick) {
            self.active = Arm::Stable;
            self.log(tick, BlueGreenEventKind::RolledBackInstantly);
            Rollback::Instant
        } else {
            let ready_tick = tick.saturating_add(self.cold_start_ticks());
            if ready_tick <= tick {
                self.active = Arm::Stable;
                self.log(tick, BlueGreenEventKind::RolledBackAfterColdStart);
            } else {
                self.pending_ready_tick = Some(ready_tick);
                self.log(tick, BlueGreenEventKind::ColdStartBegun { ready_tick });
            }
            Rollback::ColdStart { ready_tick }
        }
    }

    /// The arm serving traffic at `tick` (a pending cold-start rollback counts from its
    /// ready tick on, even before [`BlueGreen::on_tick`] records it).
    pub fn active_arm(&self, tick: u64) -> Arm {
        match self.pending_ready_tick {
            Some(ready) if tick >= ready => Arm::Stable,
            _ => self.active,
        }
    }

    /// Records what happened by `tick` (cold start finished, old stack scaled down) and
    /// returns the active arm.
    pub fn on_tick(&mut self, tick: u64) -> Arm {
        self.settle(tick);
        if self.active == Arm::Candidate
            && self.pending_ready_tick.is_none()
            && !self.scale_down_logged
            && self.promoted_at.is_some()
            && !self.is_warm(tick)
        {
            self.scale_down_logged = true;
            self.log(tick, BlueGreenEventKind::OldStackScaledDown);
        }
        self.active
    }

    /// Whether the stack that a rollback would return to (blue, after a flip to green) is
    /// still running: true for the `scale_down_delay_secs` after the flip.
    pub fn is_warm(&self, tick: u64) -> bool {
        match self.promoted_at {
            Some(p) if self.active == Arm::Candidate => {
                let elapsed_secs = tick.saturating_sub(p) as f64 * self.tick_secs;
                elapsed_secs < self.config.scale_down_delay_secs as f64
            }
            _ => false,
        }
    }

    /// First tick at which the old stack is gone, after a flip.
    pub fn scale_down_tick(&self) -> Option<u64> {
        let p = self.promoted_at?;
        let delay_ticks = libm::ceil(self.config.scale_down_delay_secs as f64 / self.tick_secs);
        Some(p.saturating_add(delay_ticks as u64))
    }

    /// Ticks a cold start takes (seconds rounded up to whole ticks).
    pub fn cold_start_ticks(&self) -> u64 {
        libm::ceil(self.config.cold_start_secs as f64 / self.tick_secs) as u64
    }

    /// Stacks running at `tick` (2 while the old one is warm or one is cold-starting), for
    /// memory and cost.
    pub fn stacks_running(&self, tick: u64) -> u8 {
        if self.is_warm(tick) || self.pending_ready_tick.is_some_and(|r| tick < r) {
            2
        } else {
            1
        }
    }

    /// A router sending 100% to the active arm at `tick`.
    pub fn router(&self, tick: u64) -> Router {
        match self.active_arm(tick) {
            Arm::Stable => Router::new(0),
            Arm::Candidate => Router::new(100),
        }
    }

    /// The log, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &BlueGreenEvent> + '_ {
        self.events.iter()
    }

    /// One event in words.
    pub fn describe(&self, event: &BlueGreenEvent) -> String {
        match event.kind {
            BlueGreenEventKind::Promoted => {
                "Switched active selector to green: 100% of phones on the candidate".to_string()
            }
            BlueGreenEventKind::RolledBackInstantly => {
                "Rolled back: blue was still warm, 100% of phones on stable this tick".to_string()
            }
            BlueGreenEventKind::ColdStartBegun { ready_tick } => format!(
                "Rollback requested but blue was scaled down after {}s: cold start until tick {ready_tick}, green keeps serving",
                self.config.scale_down_delay_secs
            ),
            BlueGreenEventKind::RolledBackAfterColdStart => {
                "Blue ready after cold start: 100% of phones back on stable".to_string()
            }
            BlueGreenEventKind::OldStackScaledDown => format!(
                "Old blue stack scaled down (scaleDownDelaySeconds {} elapsed): rollback now needs a cold start",
                self.config.scale_down_delay_secs
            ),
        }
    }

    fn settle(&mut self, tick: u64) {
        if let Some(ready) = self.pending_ready_tick {
            if tick >= ready {
                self.pending_ready_tick = None;
                self.active = Arm::Stable;
                self.log(ready, BlueGreenEventKind::RolledBackAfterColdStart);
            }
        }
    }

    fn log(&mut self, tick: u64, kind: BlueGreenEventKind) {
        if self.events.len() == EVENT_LOG_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(BlueGreenEvent { tick, kind });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bg() -> BlueGreen {
        // Defaults: 30 s warm window and 60 s cold start; 10 s ticks.
        BlueGreen::new(BlueGreenConfig::default(), 10.0).unwrap()
    }

    #[test]
    fn promotion_moves_all_traffic_at_once() {
        let mut b = bg();
        assert_eq!(b.active_arm(0), Arm::Stable);
        assert_eq!(b.router(0).candidate_weight_pct(), 0);
        assert!(b.promote(100));
        assert_eq!(b.active_arm(100), Arm::Candidate);
        let r = b.router(100);
        assert_eq!(r.candidate_weight_pct(), 100);
        for i in 0..100 {
            assert_eq!(r.route(f64::from(i) / 100.0), Arm::Candidate);
        }
        assert!(!b.promote(101), "already on green");
    }

    #[test]
    fn rollback_is_instant_while_blue_is_warm() {
        // 30 s at 10 s ticks: warm at +0, +1, +2 ticks; scaled down from +3.
        for offset in 0..3 {
            let mut b = bg();
            b.promote(100);
            assert!(b.is_warm(100 + offset));
            assert_eq!(b.rollback(100 + offset), Rollback::Instant);
            assert_eq!(b.active_arm(100 + offset), Arm::Stable, "same tick");
            assert_eq!(b.router(100 + offset).candidate_weight_pct(), 0);
        }
    }

    #[test]
    fn rollback_after_the_delay_needs_a_cold_start() {
        let mut b = bg();
        b.promote(100);
        assert_eq!(b.scale_down_tick(), Some(103));
        assert!(!b.is_warm(103));
        assert_eq!(b.on_tick(103), Arm::Candidate);
        assert!(b
            .events()
            .any(|e| e.kind == BlueGreenEventKind::OldStackScaledDown));
        let outcome = b.rollback(110);
        // 60 s cold start = 6 ticks.
        assert_eq!(outcome, Rollback::ColdStart { ready_tick: 116 });
        for t in 110..116 {
            assert_eq!(
                b.active_arm(t),
                Arm::Candidate,
                "tick {t}: traffic stays on green"
            );
            assert_eq!(b.stacks_running(t), 2);
        }
        // Asking again during the cold start changes nothing.
        assert_eq!(b.rollback(112), Rollback::ColdStart { ready_tick: 116 });
        assert_eq!(b.active_arm(116), Arm::Stable);
        assert_eq!(b.on_tick(116), Arm::Stable);
        assert_eq!(b.stacks_running(117), 1);
        assert!(b
            .events()
            .any(|e| e.kind == BlueGreenEventKind::RolledBackAfterColdStart));
        assert_eq!(b.rollback(117), Rollback::AlreadyStable);
    }

    #[test]
    fn warm_window_follows_the_configured_delay_and_tick_length() {
        let cfg = BlueGreenConfig {
            scale_down_delay_secs: 30,
            cold_start_secs: 5,
        };
        // 1 s ticks: warm for 30 ticks.
        let mut b = BlueGreen::new(cfg, 1.0).unwrap();
        b.promote(0);
        assert!(b.is_warm(29));
        assert!(!b.is_warm(30));
        assert_eq!(b.cold_start_ticks(), 5);
        // 7 s ticks: 30 s covers ticks +0..+4 (0, 7, 14, 21, 28 s).
        let mut b7 = BlueGreen::new(cfg, 7.0).unwrap();
        b7.promote(0);
        assert!(b7.is_warm(4));
        assert!(!b7.is_warm(5));
        assert_eq!(b7.scale_down_tick(), Some(5));
        assert_eq!(b7.cold_start_ticks(), 1);
        // A zero delay means no warm window at all.
        let mut b0 = BlueGreen::new(
            BlueGreenConfig {
                scale_down_delay_secs: 0,
                cold_start_secs: 0,
            },
            10.0,
        )
        .unwrap();
        b0.promote(0);
        assert!(!b0.is_warm(0));
        // ...and a zero cold start is immediate even though it is "cold".
        assert_eq!(b0.rollback(0), Rollback::ColdStart { ready_tick: 0 });
        assert_eq!(b0.active_arm(0), Arm::Stable);
    }

    #[test]
    fn nothing_to_roll_back_before_promotion_and_repromotion_restarts_the_window() {
        let mut b = bg();
        assert!(!b.is_warm(0));
        assert_eq!(b.rollback(0), Rollback::AlreadyStable);
        b.promote(10);
        assert_eq!(b.rollback(11), Rollback::Instant);
        assert!(b.promote(50));
        assert!(b.is_warm(52));
        assert!(!b.is_warm(53));
        // Promoting during a cold-start rollback cancels it.
        b.rollback(60);
        assert!(b.promote(61));
        assert_eq!(b.active_arm(70), Arm::Candidate);
    }

    #[test]
    fn invalid_settings_are_rejected() {
        assert!(BlueGreen::new(BlueGreenConfig::default(), 0.0).is_err());
        assert!(BlueGreen::new(BlueGreenConfig::default(), f64::NAN).is_err());
        let err = BlueGreenConfig {
            scale_down_delay_secs: u64::MAX,
            cold_start_secs: 1,
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.field, "blue_green.scale_down_delay_secs");
        let json = serde_json::to_string(&BlueGreenConfig::default()).unwrap();
        assert_eq!(
            serde_json::from_str::<BlueGreenConfig>(&json).unwrap(),
            BlueGreenConfig::default()
        );
        assert_eq!(
            serde_json::from_str::<BlueGreenConfig>("{}").unwrap(),
            BlueGreenConfig::default()
        );
    }
}
