//! The metrics phase of a tick: the tick's counters, serving's figures, the label window and
//! monitoring's verdicts folded into one [`TickMetrics`], the running totals, alerts and the
//! lifecycle stage.
//!
//! [`TickMetrics`] has over 60 fields, so `tick_metrics` is one struct literal of about 75
//! lines, one field a line; whatever a field computes lives in the small helpers above it
//! (the six label-based rates share [`LabelRate::of`]).

use super::step_arrivals::Arrivals;
use super::step_labels::Labelled;
use super::{TickCounts, World, MIN_LABEL_SAMPLES, MIN_OVERRIDE_SAMPLES};
use crate::labels::Confusion;
use crate::lifecycle::Stage;
use crate::metrics::TickMetrics;
use crate::scenario::Scenario;

/// `rate` if the label window is full and the rate stands on at least
/// [`MIN_LABEL_SAMPLES`] labelled phones, else no data.
fn with_enough_labels(window_full: bool, denominator: u64, rate: Option<f64>) -> Option<f64> {
    if window_full && denominator >= MIN_LABEL_SAMPLES {
        rate
    } else {
        None
    }
}

/// The label-based rates of [`TickMetrics`], each with its own denominator.
#[derive(Debug, Clone, Copy)]
enum LabelRate {
    /// Correct over all labels.
    Accuracy,
    /// Defective over rejects.
    Precision,
    /// Rejected over defective phones.
    Recall,
    /// Wrong over all labels.
    ErrorRate,
}

impl LabelRate {
    /// The rate over the window's confusion `c`, or no data while the window is not full or
    /// the rate's denominator holds fewer than [`MIN_LABEL_SAMPLES`] phones.
    fn of(self, c: &Confusion, window_full: bool) -> Option<f64> {
        let (denominator, rate) = match self {
            Self::Accuracy => (c.total(), c.accuracy()),
            Self::Precision => (c.tp + c.fp, c.precision()),
            Self::Recall => (c.tp + c.fn_, c.recall()),
            Self::ErrorRate => (c.total(), c.error_rate()),
        };
        with_enough_labels(window_full, denominator, rate)
    }
}

/// `n / d`, or no data when `d` is zero.
fn ratio(n: u64, d: u64) -> Option<f64> {
    if d > 0 {
        Some(n as f64 / d as f64)
    } else {
        None
    }
}

/// `sum / n`, or no data when `n` is zero.
fn mean(sum: f64, n: u64) -> Option<f64> {
    if n > 0 {
        Some(sum / n as f64)
    } else {
        None
    }
}

/// `n / d`, or zero when `d` is zero.
fn share(n: u64, d: u64) -> f64 {
    if d > 0 {
        n as f64 / d as f64
    } else {
        0.0
    }
}

/// 1 for true, 0 for false (flags charted as series).
fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// The tick's costs by source.
#[derive(Debug, Clone, Copy)]
struct TickCosts {
    escape: f64,
    false_reject: f64,
    human: f64,
    serving: f64,
    total: f64,
}

impl TickCosts {
    fn of(s: &Scenario, final_: &Confusion, by_human: u64, serving: f64) -> Self {
        let escape = final_.fn_ as f64 * s.costs.escape_cost;
        let false_reject = final_.fp as f64 * s.costs.false_reject_cost;
        let human = by_human as f64 * s.human.cost_per_phone;
        Self {
            escape,
            false_reject,
            human,
            serving,
            total: escape + false_reject + human + serving,
        }
    }
}

impl World {
    /// Metrics phase: folds the tick into [`World::last`] and the history, adds it to the
    /// running totals, evaluates the alert rules on it and moves the lifecycle.
    ///
    /// Last of the tick's phases: it reports what every other phase did (arrivals and
    /// serving, decisions, the label window and monitoring), and the alert rules read the
    /// assembled metrics.
    pub(super) fn phase_metrics(&mut self, a: &Arrivals, final_: &Confusion, l: &Labelled) {
        let c = self.counts;
        self.slide_override_window(&c);
        self.decided_total += final_.total();
        self.dropped_total += c.dropped;
        let serving_cost = a.serve.cost + a.cand.map_or(0.0, |t| t.cost);
        let costs = TickCosts::of(&self.scenario, final_, c.by_human, serving_cost);
        self.cost_total += costs.total;
        self.last = self.tick_metrics(a, final_, l, &costs);
        self.add_to_totals(final_, &c);
        let (firing, alert_alarm) = self.watch.after_metrics(self.tick, &self.last);
        self.last.alerts_firing = firing;
        // Lifecycle: the first production tick moves to monitoring; an alarm is an alarm.
        if alert_alarm {
            self.lifecycle.enter(self.tick, Stage::Alarm);
        } else if self.lifecycle.current() == Stage::Deployment {
            self.lifecycle.enter(self.tick, Stage::Monitoring);
        }
        self.last.lifecycle_stage = self.lifecycle.current().index();
        self.push_history();
    }

    /// Moves the override-rate window on by this tick's overrides and suggestions.
    fn slide_override_window(&mut self, c: &TickCounts) {
        if self.overrides_window.is_full() {
            if let Some((o, n)) = self.overrides_window.front() {
                self.overrides_sum.0 -= o;
                self.overrides_sum.1 -= n;
            }
        }
        self.overrides_window.push((c.overrides, c.suggested));
        self.overrides_sum.0 += c.overrides;
        self.overrides_sum.1 += c.suggested;
    }

    /// Adds the tick's decisions and routing to the counts since the start.
    fn add_to_totals(&mut self, final_: &Confusion, c: &TickCounts) {
        let t = &mut self.totals;
        t.arrived = self.arrived_total;
        t.decided = self.decided_total;
        t.dropped = self.dropped_total;
        t.decisions.plus(final_);
        t.by_human += c.by_human;
        t.by_model += c.by_model;
        t.by_default += c.by_default;
        t.to_stable += c.to_stable;
        t.to_candidate += c.to_candidate;
        t.shadowed += c.shadowed;
    }

    /// The candidate's share of model traffic in percent, 0 without a candidate.
    fn candidate_weight_pct(&self) -> f64 {
        if self.candidate.is_some() {
            self.rollout.candidate_weight_pct()
        } else {
            0.0
        }
    }

    /// The tick's metrics; alerts and the lifecycle stage are filled in after the alert
    /// rules have read them.
    fn tick_metrics(
        &self,
        a: &Arrivals,
        final_: &Confusion,
        l: &Labelled,
        costs: &TickCosts,
    ) -> TickMetrics {
        let (c, serve, w, full) = (&self.counts, &a.serve, &l.window, l.full);
        // The candidate's own stack during a canary or blue-green (none without a rollout).
        let cand = a.cand.as_ref();
        let queued = (self.serving.queued() + self.candidate_serving.queued()) as u64;
        let arrived = a.arrived;
        let decided = final_.total();
        let (overrides, suggested) = self.overrides_sum;
        TickMetrics {
            tick: self.tick,
            arrived,
            decided,
            dropped: c.dropped,
            in_flight: self.human_queue.len() as u64 + queued,
            arrived_total: self.arrived_total,
            decided_total: self.decided_total,
            dropped_total: self.dropped_total,
            delayed: u64::from(serve.delayed) + cand.map_or(0, |t| u64::from(t.delayed)),
            serving_dropped: u64::from(serve.dropped) + cand.map_or(0, |t| u64::from(t.dropped)),
            serving_queue: queued,
            true_pass: final_.tn,
            false_pass: final_.fn_,
            true_reject: final_.tp,
            false_reject: final_.fp,
            by_human: c.by_human,
            by_model: c.by_model,
            by_default: c.by_default,
            fallback: c.fallback,
            human_queue: self.human_queue.len() as u64,
            human_utilization: self.human_utilization,
            to_stable: c.to_stable,
            to_candidate: c.to_candidate,
            shadowed: c.shadowed,
            candidate_weight_pct: self.candidate_weight_pct(),
            mean_brightness: mean(c.brightness_sum, c.images),
            missing_share: share(arrived - c.images, arrived),
            volume_per_sec: arrived as f64 / self.scenario.tick_secs,
            reject_rate: ratio(final_.tp + final_.fp, decided),
            null_outputs: c.null_outputs,
            human_overrides: c.overrides,
            // A rate over a handful of suggestions is noise (1 of 1 reads as 100%), so the
            // metric reports no data until the window holds enough of them.
            human_override_rate: ratio(overrides, suggested)
                .filter(|_| suggested >= MIN_OVERRIDE_SAMPLES),
            shadow_agreement: ratio(c.shadow_agree, c.shadow_total),
            true_defect_rate: share(c.truth_rejects, arrived),
            model_accuracy: LabelRate::Accuracy.of(&w.model, full),
            model_precision: LabelRate::Precision.of(&w.model, full),
            model_recall: LabelRate::Recall.of(&w.model, full),
            final_accuracy: LabelRate::Accuracy.of(&w.final_, full),
            final_recall: LabelRate::Recall.of(&w.final_, full),
            candidate_error_rate: LabelRate::ErrorRate.of(&w.candidate, full),
            labels_in_window: w.final_.total(),
            latency_p50_ms: serve.latency_p50_ms,
            latency_p99_ms: serve.latency_p99_ms,
            candidate_latency_p50_ms: cand.and_then(|t| t.latency_p50_ms),
            candidate_latency_p99_ms: cand.and_then(|t| t.latency_p99_ms),
            throughput_per_sec: serve.throughput_per_sec
                + cand.map_or(0.0, |t| t.throughput_per_sec),
            serving_utilisation: serve.utilisation,
            cpu_load: serve.cpu_load,
            memory_mb: serve.memory_mb + cand.map_or(0.0, |t| t.memory_mb),
            escape_cost: costs.escape,
            false_reject_cost: costs.false_reject,
            human_cost: costs.human,
            serving_cost: costs.serving,
            cost: costs.total,
            cost_total: self.cost_total,
            psi_brightness: l.watch.psi,
            drift_stat_brightness: l.watch.drift_stat,
            drift_detected_brightness: flag(l.watch.drift_detected),
            detector_drift: flag(l.watch.detector_drift),
            detector_warning: flag(l.watch.detector_warning),
            alerts_firing: 0,
            lifecycle_stage: 0,
            model_version: u64::from(self.stable.version),
            decision_threshold: self.stable.threshold,
        }
    }
}
