//! The arrivals phase of a tick: how many phones reach the camera, which serving stack each
//! model request is routed to, and what each stack does with its requests this tick.

use super::World;
use crate::automation::AutomationLevel;
use crate::candidate_serving::{candidate_servers, StackTick};
use crate::deploy::{Arm, PatternKind};
use crate::serving::ServingTick;

/// This tick's arrivals and serving's answer to them, fixed for the rest of the tick.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arrivals {
    /// Phones arriving this tick.
    pub(super) arrived: u64,
    /// Model requests the stable stack takes in this tick (the newest beyond it are dropped).
    pub(super) admitted: u64,
    /// The automation level in force for the tick.
    pub(super) level: AutomationLevel,
    /// What the stable stack did this tick (scored, dropped, latency, cost).
    pub(super) serve: ServingTick,
    /// Whether the candidate has a serving stack of its own this tick (canary, blue-green):
    /// each model request is then routed on arrival, by its number ([`World::arm_of`]).
    pub(super) split: bool,
    /// Number of the tick's first model request (routing's uniforms are indexed by it).
    pub(super) first_request: u64,
    /// Model requests the candidate's stack takes in this tick.
    pub(super) cand_admitted: u64,
    /// What the candidate's stack did this tick; None when it ran no server.
    pub(super) cand: Option<ServingTick>,
}

impl Arrivals {
    /// Phones scored this tick by both stacks.
    pub(super) fn served(&self) -> u64 {
        u64::from(self.serve.served) + self.cand.map_or(0, |c| u64::from(c.served))
    }
}

impl World {
    /// Arrivals phase: draws the number of phones, routes the model requests between the
    /// stacks and runs each stack's serving tick for its share.
    ///
    /// First of the tick's phases (after the scripted actions, which may change the
    /// automation level or the deployment): the count is the tick's first draw from `rng`,
    /// ahead of every phone's draws, and serving needs only the counts, so the phones
    /// themselves are drawn later, one at a time, in the routing loop. The rollout's tick
    /// begins here because the split and serving's compute depend on the candidate's share.
    pub(super) fn phase_arrivals(&mut self) -> Arrivals {
        let arrived = u64::from(self.arrivals.sample(&mut self.rng));
        self.arrived_total += arrived;

        let level = self.automation;
        let model_requests = if level.runs_model() { arrived } else { 0 };
        self.rollout.begin_tick(self.tick);
        let kind = self.rollout.deployment().kind();
        let split = self.candidate.is_some()
            && matches!(kind, PatternKind::Canary | PatternKind::BlueGreen);
        let first_request = self.requests_routed;
        // The router sits in front of the queues: a request waits in its own arm's stack.
        let to_candidate = if split {
            (0..model_requests)
                .filter(|&i| self.arm_of(first_request + i) == Arm::Candidate)
                .count() as u64
        } else {
            0
        };
        self.requests_routed += model_requests;

        let stable_mult = self.stable_spec.service_time_mult;
        let compute_mult = if self.candidate.is_some() && self.rollout.mirrors() {
            // Shadow: the stable servers score every phone with both models.
            stable_mult + self.candidate_service_mult
        } else {
            stable_mult
        };
        let serve = self
            .serving
            .on_tick(model_requests - to_candidate, compute_mult);
        let weight = self.rollout.deployment().router().candidate_weight_pct();
        // A canary at 0% (not started, or aborted) is scaled down; blue-green keeps green up.
        let servers = if split && (weight > 0 || kind == PatternKind::BlueGreen) {
            candidate_servers(kind, weight, self.scenario.serving.servers)
        } else {
            0
        };
        // Without a rollout the candidate's stack is idle and empty: not even asked.
        let cand = if split || self.candidate_serving.queued() > 0 {
            self.candidate_serving.on_tick(StackTick {
                base: self.scenario.serving,
                servers,
                requests: to_candidate,
                compute_mult: self.candidate_service_mult,
                phones_per_tick: self.scenario.phones_per_tick,
            })
        } else {
            None
        };
        // Each stack turns away the newest of its own requests when its queue is full.
        let admitted = (model_requests - to_candidate).saturating_sub(u64::from(serve.dropped));
        let cand_admitted = to_candidate.saturating_sub(cand.map_or(0, |c| u64::from(c.dropped)));
        Arrivals {
            arrived,
            admitted,
            level,
            serve,
            split,
            first_request,
            cand_admitted,
            cand,
        }
    }

    /// The arm model request number `index` is routed to (a uniform is drawn only while the
    /// weight splits traffic, see [`crate::rng::IndexedUniforms`]).
    #[inline]
    pub(super) fn arm_of(&self, index: u64) -> Arm {
        let uniforms = self.route_uniforms;
        self.rollout.route_lazy(|| uniforms.at(index))
    }
}
