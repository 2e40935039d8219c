//! The arrivals phase of a tick: how many phones reach the camera, and what serving does with
//! that many requests this tick.

use super::World;
use crate::automation::AutomationLevel;
use crate::serving::ServingTick;

/// This tick's arrivals and serving's answer to them, fixed for the rest of the tick.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arrivals {
    /// Phones arriving this tick.
    pub(super) arrived: u64,
    /// Model requests serving takes in this tick (the newest beyond it are dropped).
    pub(super) admitted: u64,
    /// The automation level in force for the tick.
    pub(super) level: AutomationLevel,
    /// What serving did this tick (scored, dropped, latency, cost).
    pub(super) serve: ServingTick,
}

impl World {
    /// Arrivals phase: draws the number of phones and runs serving's tick for them.
    ///
    /// First of the tick's phases (after the scripted actions, which may change the
    /// automation level or the deployment): the count is the tick's first draw from `rng`,
    /// ahead of every phone's draws, and serving needs only the count, so the phones
    /// themselves are drawn later, one at a time, in the routing loop. The rollout's tick
    /// begins here because serving's compute depends on the candidate's share of traffic.
    pub(super) fn phase_arrivals(&mut self) -> Arrivals {
        let arrived = u64::from(self.arrivals.sample(&mut self.rng));
        self.arrived_total += arrived;

        // Serving: how many model requests this tick, and how many it drops.
        let level = self.automation;
        let model_requests = if level.runs_model() { arrived } else { 0 };
        self.rollout.begin_tick(self.tick);
        let compute_mult = if self.candidate.is_some() {
            self.rollout.compute_multiplier()
        } else {
            1.0
        };
        let serve = self.serving.on_tick(model_requests, compute_mult);
        // Serving turns away the newest requests when its queue is full.
        let admitted = model_requests.saturating_sub(u64::from(serve.dropped));
        Arrivals {
            arrived,
            admitted,
            level,
            serve,
        }
    }
}
