//! The candidate's own serving stack during a canary or a blue-green rollout: its own model
//! servers with their own queue, scoring at the candidate model's own speed, so the two arms
//! have latencies of their own (the stable stack is [`crate::servinglink::ServingLink`]).
//!
//! Progressive-delivery tools run the new version as separate pods behind the router (Flagger
//! makes `<app>-primary` and `<app>-canary` deployments; Argo Rollouts a canary ReplicaSet
//! beside the stable one), so a request routed to the canary waits in the canary's queue only.
//! How many servers each side runs is [`candidate_servers`]. Shadow mode keeps the old
//! picture, both models on the stable servers (`rollout::Rollout::compute_multiplier`).

use crate::deploy::PatternKind;
use crate::scenario::ScenarioError;
use crate::serving::{ServingConfig, ServingTick, LOGGING_COST_PER_PHONE};
use crate::servinglink::ServingLink;

/// Model servers of the candidate's own stack beside a stable stack of `stable_servers`,
/// with `weight_pct` percent of model traffic on the candidate.
///
/// - **Canary**: `ceil(weight x stable_servers)`, at least one. Argo Rollouts with a traffic
///   router scales the canary ReplicaSet to the traffic weight by default (`setCanaryScale`
///   with `matchTrafficWeight`) and leaves the stable ReplicaSet at full scale
///   (`dynamicStableScale` is off by default, argoproj/argo-rollouts PR #1430); its replica
///   rounding is a ceiling (10 replicas at 15%: 2 canary pods, docs/features/canary.md).
/// - **Blue-green**: as many as the stable stack: the preview (green) stack runs the full
///   replica count unless `previewReplicaCount` says otherwise (docs/features/bluegreen.md).
/// - Otherwise the candidate has no stack of its own: 0.
#[must_use]
pub fn candidate_servers(kind: PatternKind, weight_pct: u8, stable_servers: u32) -> u32 {
    match kind {
        PatternKind::Canary => {
            let pods = (u64::from(weight_pct.min(100)) * u64::from(stable_servers)).div_ceil(100);
            u32::try_from(pods).unwrap_or(stable_servers).max(1)
        }
        PatternKind::BlueGreen => stable_servers,
        PatternKind::None | PatternKind::Shadow => 0,
    }
}

/// What the candidate's stack is asked to do in one tick.
#[derive(Debug, Clone, Copy)]
pub struct StackTick {
    /// The scenario's serving settings (site, mode, queue); the servers come from `servers`.
    pub base: ServingConfig,
    /// Servers the stack runs this tick ([`candidate_servers`]); 0 when it is scaled down.
    pub servers: u32,
    /// Model requests routed to the candidate this tick.
    pub requests: u64,
    /// The candidate model's time per phone relative to the site's (`service_time_mult`).
    pub compute_mult: f64,
    /// Mean phones per tick (sizes the queue of phones).
    pub phones_per_tick: f64,
}

/// The candidate's serving stack.
#[derive(Debug, Clone)]
pub struct CandidateServing {
    link: ServingLink,
    /// This tick's figures, None while the stack ran no server.
    last: Option<ServingTick>,
}

/// The stack's settings: the scenario's, with its own server count. Logging stays off here:
/// the line's logging buffer is one, counted by the stable stack, and the candidate's logged
/// phones are charged in [`CandidateServing::on_tick`].
fn stack_config(base: ServingConfig, servers: u32) -> ServingConfig {
    ServingConfig {
        servers: servers.max(1),
        logging: false,
        ..base
    }
}

impl CandidateServing {
    /// An idle stack for a line with `base` serving settings.
    ///
    /// # Errors
    /// When `base` or `tick_secs` cannot serve (the scenario's own checks reject them first).
    pub fn new(
        base: ServingConfig,
        tick_secs: f64,
        phones_per_tick: f64,
    ) -> Result<Self, ScenarioError> {
        Ok(Self {
            link: ServingLink::with_config(stack_config(base, 1), tick_secs, phones_per_tick)?,
            last: None,
        })
    }

    /// Runs the stack for one tick and returns its figures, or None when it ran no server:
    /// scaled down (`servers` 0) with nothing left to score, so no latency and no cost. A
    /// stack scaled down with phones still queued keeps one server until they are scored, as
    /// an aborted canary's pods stay up a while (Argo's `abortScaleDownDelaySeconds`).
    pub fn on_tick(&mut self, t: StackTick) -> Option<ServingTick> {
        if t.servers == 0 && t.requests == 0 && self.link.queued() == 0 {
            self.last = None;
            return None;
        }
        let config = stack_config(t.base, t.servers);
        // Resized only when the weight moved the pod count (or the line's settings changed).
        // `candidate_servers` never asks for more than the stable stack holds, so this
        // cannot fail; if it did, the stack would keep its old size.
        if config != *self.link.model().config() {
            let _ = self.link.set_config(config, t.phones_per_tick);
        }
        let mut tick = self.link.on_tick(t.requests, t.compute_mult);
        if t.base.logging {
            tick.cost += f64::from(tick.arrived) * LOGGING_COST_PER_PHONE;
        }
        self.last = Some(tick);
        Some(tick)
    }

    /// This tick's figures, None while the stack ran no server.
    pub fn last(&self) -> Option<&ServingTick> {
        self.last.as_ref()
    }

    /// The stack's serving model (its servers, totals and backlog).
    pub fn link(&self) -> &ServingLink {
        &self.link
    }

    /// Phones waiting for the candidate.
    pub fn queued(&self) -> usize {
        self.link.queued()
    }

    /// Queues a request the stack admitted; false (the caller takes the fallback) if the
    /// queue of phones is unexpectedly full.
    #[inline]
    pub fn admit(&mut self, phone: crate::phone::Phone) -> bool {
        self.link.admit(phone)
    }

    /// The next request the stack scored, oldest first.
    #[inline]
    pub fn next_served(&mut self) -> Option<crate::phone::Phone> {
        self.link.next_served()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canary_pods_follow_the_weight_rounded_up_blue_green_mirrors_stable() {
        // Argo's example: 10 replicas at 15% give 2 canary pods.
        assert_eq!(candidate_servers(PatternKind::Canary, 15, 10), 2);
        assert_eq!(candidate_servers(PatternKind::Canary, 5, 2), 1);
        assert_eq!(candidate_servers(PatternKind::Canary, 50, 2), 1);
        assert_eq!(candidate_servers(PatternKind::Canary, 100, 3), 3);
        // A canary at 0% still has its pod until it is scaled down (the world asks for 0).
        assert_eq!(candidate_servers(PatternKind::Canary, 0, 4), 1);
        assert_eq!(candidate_servers(PatternKind::BlueGreen, 0, 4), 4);
        assert_eq!(candidate_servers(PatternKind::Shadow, 50, 4), 0);
        assert_eq!(candidate_servers(PatternKind::None, 50, 4), 0);
    }

    #[test]
    fn a_slower_model_waits_longer_on_the_same_load_and_an_idle_stack_costs_nothing() {
        let base = ServingConfig::default();
        let tick = |mult: f64| StackTick {
            base,
            servers: 1,
            requests: 50,
            compute_mult: mult,
            phones_per_tick: 50.0,
        };
        let mut same = CandidateServing::new(base, 10.0, 50.0).unwrap();
        let mut slow = CandidateServing::new(base, 10.0, 50.0).unwrap();
        let a = same.on_tick(tick(1.0)).unwrap();
        let b = slow.on_tick(tick(1.5)).unwrap();
        assert!(b.latency_p50_ms.unwrap() >= 1.5 * a.latency_p50_ms.unwrap() - 1e-9);
        assert!(b.latency_p99_ms.unwrap() > a.latency_p99_ms.unwrap());
        // Logging is charged per phone the candidate took, its buffer only once (stable's).
        assert!(a.cost > 0.0);
        assert!((a.memory_mb - 300.0).abs() < 1e-9);
        let idle = StackTick {
            servers: 0,
            requests: 0,
            ..tick(1.0)
        };
        assert_eq!(same.on_tick(idle), None);
        assert_eq!(same.last(), None);
    }
}
