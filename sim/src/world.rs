//! The world: phones arrive, the camera images them, the model and/or a human decide,
//! labels arrive late, monitors watch. One call to [`World::step`] is one tick.
//!
//! About 640 lines: the world's state and its read accessors, which the page, the lessons
//! and the timeline all read; the tick itself is split into the phase files below.
//!
//! `step` runs the tick as named phases, each in its own file under `world/`: arrivals
//! (`step_arrivals`), drift (`step_drift`), routing and serving (`step_serve`), decisions
//! (`decide`), labels (`step_labels`) and metrics (`step_metrics`).

use crate::automation::AutomationLevel;
use crate::camera::LineState;
use crate::candidate_serving::CandidateServing;
use crate::concept::ActiveConcept;
use crate::deploy::{Arm, Pattern, Rollback};
use crate::drift::{DriftEvent, DriftParams};
use crate::labels::{LabelPipeline, LabelTick};
use crate::lifecycle::{Lifecycle, Stage};
use crate::metrics::{History, TickMetrics, Totals, TraceHasher};
use crate::model::{Classifier, Example, LinearScorer, ModelPreset, ModelSpec, TrainReport};
use crate::phone::{CameraFeatures, Phone, DEFECT_TYPES};
use crate::phone_trace::PhoneTrace;
use crate::ring::{FullRing, RingBuffer};
use crate::rng::{IndexedUniforms, Poisson, SimRng};
use crate::rollout::Rollout;
use crate::scenario::{Action, Scenario, ScenarioError, ScenarioWarning};
use crate::servinglink::ServingLink;
use crate::watch::Watch;
use serde::Serialize;
use thiserror::Error;

mod decide;
mod history_fold;
mod snapshot;
mod step_arrivals;
mod step_drift;
mod step_labels;
mod step_metrics;
mod step_serve;

pub use history_fold::HistoryFold;

use step_drift::{MixedLines, SingleLine};
use step_serve::BandCache;

/// Why retraining could not happen.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RetrainError {
    /// Serving logging is off, so no production images were kept to label and learn from.
    #[error("cannot retrain: serving logging is off, so no production phones were logged to train on (turn logging on and wait for labels)")]
    LoggingOff,
    /// Not enough labelled phones have arrived yet.
    #[error("cannot retrain: only {have} labelled phones logged, need at least {need} (labels arrive {delay_ticks} ticks after decisions)")]
    NotEnoughLabels {
        /// Labelled rows available.
        have: usize,
        /// Rows needed.
        need: usize,
        /// Label delay.
        delay_ticks: u64,
    },
}

/// What a retrain produced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RetrainReport {
    /// Tick of the retrain.
    pub tick: u64,
    /// New model version.
    pub version: u32,
    /// Training and test figures of the new model.
    pub train: TrainReport,
}

/// Minimum labelled rows for a retrain.
pub const MIN_RETRAIN_ROWS: usize = 200;

/// A phone waiting for an inspector.
#[derive(Debug, Clone, Copy, Default)]
struct Waiting {
    phone: Phone,
    /// The model's suggestion the inspector sees (AI assistance), if any.
    suggestion: Option<bool>,
    /// A model answer to compare with the human's decision (shadow agreement), if any.
    shadow_answer: Option<bool>,
    /// The inspector is assisted by the model's suggestion.
    assisted: bool,
    /// The model that answered for it (for the phone trace).
    arm: Option<Arm>,
    /// Partial automation's confidence gate sent it here.
    gated: bool,
}

/// A logged, eventually labelled phone (for retraining).
#[derive(Debug, Clone, Copy, Default)]
struct Logged {
    example: Example,
    label_tick: u64,
}

impl Logged {
    /// An empty slot of the log: its label would arrive at the end of time.
    const UNUSED: Logged = Logged {
        example: Example {
            x: CameraFeatures {
                brightness: 0.0,
                measured_size_mm: 0.0,
                contrast: 0.0,
                blur: 0.0,
            },
            y: false,
        },
        label_tick: u64::MAX,
    };
}

/// Running per-tick counters, folded into [`TickMetrics`] at the end of the tick.
#[derive(Debug, Clone, Copy, Default)]
struct TickCounts {
    dropped: u64,
    by_human: u64,
    by_model: u64,
    by_default: u64,
    fallback: u64,
    to_stable: u64,
    to_candidate: u64,
    shadowed: u64,
    null_outputs: u64,
    overrides: u64,
    suggested: u64,
    shadow_agree: u64,
    shadow_total: u64,
    brightness_sum: f64,
    images: u64,
    truth_rejects: u64,
}

/// Fewest human-reviewed model suggestions in the window before an override rate is reported.
pub const MIN_OVERRIDE_SAMPLES: u64 = 20;

/// Fewest labelled phones behind a label-based rate (the rate's own denominator: all labels
/// for accuracy, defective phones for recall, rejects for precision) before it is reported.
///
/// A rate over a handful of labels is noise: at the start of a run, or for rare outcomes, the
/// window may hold 3 rejects, all correct, and precision reads 100%. Performance alerts then
/// fire on nothing (before this rule, lesson 1's run raised a recall alarm in its first 115
/// ticks in 27 of 400 seeds). So a label-based rate reports no data until the label window
/// spans its full length and its denominator holds this many phones; alert rules then
/// follow their no-data policy (silent by default), like a canary analysis that gets too
/// little traffic to measure. 50 keeps the binomial noise of a rate near 0.85 at about 0.05
/// (sqrt(0.85 * 0.15 / 50)), half the usual gap between a metric and its alert threshold.
pub const MIN_LABEL_SAMPLES: u64 = 50;

/// The simulated factory.
#[derive(Debug, Clone)]
pub struct World {
    scenario: Scenario,
    warnings: Vec<ScenarioWarning>,
    rng: SimRng,
    /// Human decisions draw from their own stream, so adding a shadow model or routing
    /// changes no human decision.
    human_rng: SimRng,
    /// Routing's uniforms, one per model request by its number (drawn only while a canary
    /// splits traffic; see [`IndexedUniforms`]).
    route_uniforms: IndexedUniforms,
    /// Model requests routed since the start (the next one's index in `route_uniforms`).
    requests_routed: u64,
    tick: u64,
    events: Vec<DriftEvent>,
    stable: Classifier,
    stable_spec: ModelSpec,
    candidate: Option<Classifier>,
    automation: AutomationLevel,
    rollout: Rollout,
    /// The stable stack's servers (every model request without a canary or blue-green).
    serving: ServingLink,
    /// The candidate's own servers during a canary or blue-green rollout.
    candidate_serving: CandidateServing,
    /// The candidate model's time per phone relative to the site's (1.0 without one).
    candidate_service_mult: f64,
    labels: LabelPipeline,
    label_now: LabelTick,
    human_queue: RingBuffer<Waiting>,
    human_capacity_carry: f64,
    /// The last `log_capacity` logged phones; slots not yet used hold [`Logged::UNUSED`],
    /// whose label never arrives, so retraining passes over them.
    logged: FullRing<Logged>,
    watch: Watch,
    lifecycle: Lifecycle,
    history: History,
    /// What the page folds over the ticks the history drops (see [`HistoryFold`]).
    history_fold: Option<Box<dyn HistoryFold>>,
    last: TickMetrics,
    arrived_total: u64,
    decided_total: u64,
    dropped_total: u64,
    cost_total: f64,
    initial_train: TrainReport,
    candidate_train: Option<TrainReport>,
    counts: TickCounts,
    action_cursor: usize,
    human_utilization: f64,
    overrides_window: RingBuffer<(u64, u64)>,
    overrides_sum: (u64, u64),
    totals: Totals,
    /// The line and concept for the last drift parameters without gradual mixing.
    /// Boxed: taken out during a tick and put back without copying the line.
    line_cache: Option<Box<SingleLine>>,
    /// The lines for every combination of mixed gradual events, kept while the fixed drift
    /// and the mixed events are unchanged (boxed: taken out during a tick without copying).
    mixed_cache: Option<Box<MixedLines>>,
    /// Arrivals per tick (its `exp(-lambda)` computed once).
    arrivals: Poisson,
    /// Confidence bands in logits, kept while thresholds and the band do not change.
    stable_band: BandCache,
    candidate_band: BandCache,
    /// The models folded for scoring (four divisions each), kept until a model changes
    /// (`models_changed` clears them: retrain, threshold, new candidate).
    scorers: Option<(LinearScorer, Option<LinearScorer>)>,
    /// The last decided phones, while a picture of the line asks for them (boxed: off in
    /// every run that does not draw).
    phone_trace: Option<Box<PhoneTrace>>,
}

/// Draws a labelled training window from the line as it is at `params` (missing images skipped).
fn training_rows(
    s: &Scenario,
    params: &DriftParams,
    rows: usize,
    rng: &mut SimRng,
) -> Vec<Example> {
    let line = LineState::new(&s.slices, &s.defect_rates, &s.camera, params);
    let concept = active_concept(s, params);
    let mut out = Vec::with_capacity(rows);
    let mut guard = 0usize;
    while out.len() < rows && guard < rows * 4 {
        guard += 1;
        let p = line.draw(0, rng);
        if let Some(x) = p.image {
            out.push(Example {
                x,
                y: concept.is_reject(p.defect, p.size_mm),
            });
        }
    }
    out
}

fn active_concept(s: &Scenario, params: &DriftParams) -> ActiveConcept {
    let mut limits_mm = s.concept.limits_mm();
    for l in limits_mm.iter_mut().skip(1) {
        *l *= params.limit_mult;
    }
    limits_mm[DEFECT_TYPES - 1] *= params.discoloration_limit_mult;
    ActiveConcept { limits_mm }
}

fn build_model(spec: &ModelSpec, rows: &[Example], version: u32) -> (Classifier, TrainReport) {
    crate::pretrained::train(rows, spec, version)
}

impl World {
    /// Builds a world from a scenario (validated first; clamps are kept as warnings).
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        let v = scenario.validate()?;
        let s = v.scenario;
        let mut train_rng = SimRng::new(s.seed ^ 0x5452_4149_4e00_0001);
        let params0 = DriftParams::default();
        let rows = training_rows(&s, &params0, s.model.training_rows, &mut train_rng);
        let (stable, initial_train) = build_model(&s.model, &rows, 1);
        let (candidate, candidate_train) = match s.candidate {
            Some(spec) => {
                let (c, r) = build_model(&spec, &rows, 2);
                (Some(c), Some(r))
            }
            None => (None, None),
        };
        let reference: Vec<f64> = rows
            .iter()
            .take(s.monitoring.reference_rows)
            .map(|e| e.x.brightness)
            .collect();
        let mut lifecycle = Lifecycle::new(64);
        lifecycle.enter(0, Stage::Data);
        lifecycle.enter(0, Stage::Modeling);
        lifecycle.enter(0, Stage::Deployment);
        let watch = Watch::new(&s, &reference)?;
        let rollout = Rollout::new(&s.pattern, 0, s.tick_secs)?;
        let serving = ServingLink::new(&s)?;
        let candidate_serving = CandidateServing::new(s.serving, s.tick_secs, s.phones_per_tick)?;
        Ok(Self {
            rng: SimRng::new(s.seed),
            human_rng: SimRng::new(s.seed ^ 0x4855_4d41_4e00_0002),
            route_uniforms: IndexedUniforms::new(s.seed ^ 0x524f_5554_4500_0003),
            requests_routed: 0,
            tick: 0,
            events: s.events.clone(),
            stable,
            stable_spec: s.model,
            candidate,
            automation: s.automation,
            rollout,
            serving,
            candidate_serving,
            candidate_service_mult: s.candidate.map_or(1.0, |c| c.service_time_mult),
            labels: LabelPipeline::new(s.label_delay_ticks, s.monitoring.label_window_ticks),
            label_now: LabelTick::default(),
            human_queue: RingBuffer::new(s.human.queue_capacity),
            human_capacity_carry: 0.0,
            logged: FullRing::new(s.monitoring.log_capacity, Logged::UNUSED),
            watch,
            lifecycle,
            history: History::new(s.monitoring.history_ticks),
            history_fold: None,
            last: TickMetrics::default(),
            arrived_total: 0,
            decided_total: 0,
            dropped_total: 0,
            cost_total: 0.0,
            initial_train,
            candidate_train,
            counts: TickCounts::default(),
            action_cursor: 0,
            human_utilization: 0.0,
            overrides_window: RingBuffer::new(s.monitoring.label_window_ticks as usize),
            overrides_sum: (0, 0),
            totals: Totals::default(),
            line_cache: None,
            mixed_cache: None,
            arrivals: Poisson::new(s.phones_per_tick),
            stable_band: BandCache::default(),
            candidate_band: BandCache::default(),
            scorers: None,
            phone_trace: None,
            warnings: v.warnings,
            scenario: s,
        })
    }

    /// The scenario in force (after validation clamps).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    /// Clamps applied when the scenario was validated.
    pub fn warnings(&self) -> &[ScenarioWarning] {
        &self.warnings
    }
    /// The next tick to run.
    pub fn tick(&self) -> u64 {
        self.tick
    }
    /// The last tick's metrics.
    pub fn last(&self) -> &TickMetrics {
        &self.last
    }
    /// Bounded per-tick history.
    pub fn history(&self) -> &History {
        &self.history
    }
    /// Counts since the start.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
    /// Alarms (alert firings and detector pulses) scored against the drift events:
    /// a firing within `monitoring.alarm_max_delay_ticks` after an event's start is true.
    pub fn alarm_score(&self) -> crate::monitor::scoring::AlarmScore {
        let events: Vec<crate::monitor::scoring::InjectedEvent> = self
            .events
            .iter()
            .map(|e| crate::monitor::scoring::InjectedEvent {
                start_tick: e.start_tick,
                end_tick: e.end_tick(),
                kind: format!("{:?} {:?}", e.kind, e.shape),
            })
            .collect();
        let firings: Vec<_> = self.watch.firings().cloned().collect();
        crate::monitor::scoring::score(
            &events,
            &firings,
            self.scenario.monitoring.alarm_max_delay_ticks,
        )
    }
    /// The stable (blue) model.
    pub fn stable_model(&self) -> &Classifier {
        &self.stable
    }
    /// The candidate (green) model, if any.
    pub fn candidate_model(&self) -> Option<&Classifier> {
        self.candidate.as_ref()
    }
    /// Training report of the initial stable model.
    pub fn initial_train_report(&self) -> TrainReport {
        self.initial_train
    }
    /// Training report of the candidate model, if any.
    pub fn candidate_train_report(&self) -> Option<TrainReport> {
        self.candidate_train
    }
    /// The current automation level.
    pub fn automation(&self) -> AutomationLevel {
        self.automation
    }
    /// Lifecycle tracker.
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }
    /// Delayed-label pipeline (rolling window and totals).
    pub fn labels(&self) -> &LabelPipeline {
        &self.labels
    }
    /// Monitoring state (drift statistics, detector, alerts).
    pub fn watch(&self) -> &Watch {
        &self.watch
    }
    /// Deployment state (router, canary, blue-green, shadow).
    pub fn rollout(&self) -> &Rollout {
        &self.rollout
    }
    /// Serving state.
    pub fn serving(&self) -> &ServingLink {
        &self.serving
    }
    /// The candidate's own serving stack (used during a canary or blue-green rollout).
    pub fn candidate_serving(&self) -> &CandidateServing {
        &self.candidate_serving
    }
    /// Drift events in force (scenario events plus injected ones).
    pub fn events(&self) -> &[DriftEvent] {
        &self.events
    }

    /// Starts keeping the last `capacity` decided phones (see [`PhoneTrace`]); changes no
    /// simulated number. A capacity of zero stops it.
    pub fn record_phones(&mut self, capacity: usize) {
        self.phone_trace = (capacity > 0).then(|| Box::new(PhoneTrace::new(capacity)));
    }

    /// The last decided phones, when [`World::record_phones`] asked for them.
    pub fn phone_trace(&self) -> Option<&PhoneTrace> {
        self.phone_trace.as_deref()
    }

    /// Injects a drift event. Its magnitude is clamped to 0..=1 (NaN counts as 0) and its
    /// width to 10,000,000 ticks, as scenario validation would.
    pub fn inject_drift(&mut self, mut event: DriftEvent) {
        event.magnitude = if event.magnitude.is_nan() {
            0.0
        } else {
            event.magnitude.clamp(0.0, 1.0)
        };
        event.width_ticks = event.width_ticks.min(10_000_000);
        self.events.push(event);
    }
    /// Changes the automation level.
    pub fn set_automation(&mut self, level: AutomationLevel) {
        self.automation = level;
    }
    /// Changes the stable model's decision threshold (kept strictly inside 0..1; a
    /// non-finite value is ignored and false is returned).
    pub fn set_threshold(&mut self, threshold: f64) -> bool {
        if !threshold.is_finite() {
            return false;
        }
        self.stable.set_threshold(threshold);
        self.models_changed();
        true
    }
    /// Promotes the candidate (blue-green flip or full canary promotion); false if nothing changed.
    pub fn promote(&mut self) -> bool {
        self.rollout.promote(self.tick)
    }
    /// Rolls back to the stable model (instant while blue is warm, else a cold start).
    pub fn rollback(&mut self) -> Rollback {
        self.rollout.rollback(self.tick)
    }
    /// Starts a new deployment pattern at the next tick.
    pub fn set_pattern(&mut self, pattern: &Pattern) -> Result<(), ScenarioError> {
        pattern.validate().map_err(|e| ScenarioError::Invalid {
            field: format!("pattern.{}", e.field),
            reason: e.reason,
        })?;
        self.rollout.set_pattern(pattern, self.tick)
    }
    /// Builds a candidate from `candidate` (unless `pattern` is none) and starts `pattern`
    /// at the next tick. A pattern that fails validation is refused before anything changes.
    pub fn deploy(
        &mut self,
        candidate: ModelPreset,
        pattern: &Pattern,
    ) -> Result<(), ScenarioError> {
        pattern.validate().map_err(|e| ScenarioError::Invalid {
            field: format!("pattern.{}", e.field),
            reason: e.reason,
        })?;
        if *pattern != Pattern::None {
            self.set_candidate(ModelSpec {
                preset: candidate,
                ..ModelSpec::default()
            });
        }
        self.set_pattern(pattern)
    }
    /// Mutable deployment state (canary `resume` / `abort` from the page).
    pub fn rollout_mut(&mut self) -> &mut Rollout {
        &mut self.rollout
    }
    /// Changes serving (site, mode, servers, logging, queue) from the next tick on.
    pub fn set_serving(
        &mut self,
        config: crate::serving::ServingConfig,
    ) -> Result<(), ScenarioError> {
        self.serving
            .set_config(config, self.scenario.phones_per_tick)?;
        self.scenario.serving = config;
        Ok(())
    }
    /// Replaces the candidate model with one built from `spec` on a fresh training window.
    pub fn set_candidate(&mut self, spec: ModelSpec) {
        let mut rng = SimRng::new(self.scenario.seed ^ 0x4341_4e44 ^ self.tick);
        let rows = training_rows(
            &self.scenario,
            &DriftParams::default(),
            spec.training_rows,
            &mut rng,
        );
        let (c, r) = build_model(&spec, &rows, self.stable.version + 1);
        self.candidate = Some(c);
        self.candidate_service_mult = spec.service_time_mult;
        self.models_changed();
        self.candidate_train = Some(r);
    }

    /// Retrains on logged phones whose labels have arrived and deploys the result as stable.
    pub fn retrain(&mut self) -> Result<RetrainReport, RetrainError> {
        if !self.serving.logging() {
            return Err(RetrainError::LoggingOff);
        }
        let rows: Vec<Example> = self
            .logged
            .iter()
            .filter(|l| l.label_tick <= self.tick)
            .map(|l| l.example)
            .collect();
        if rows.len() < MIN_RETRAIN_ROWS {
            return Err(RetrainError::NotEnoughLabels {
                have: rows.len(),
                need: MIN_RETRAIN_ROWS,
                delay_ticks: self.scenario.label_delay_ticks,
            });
        }
        self.lifecycle.enter(self.tick, Stage::Data);
        self.lifecycle.enter(self.tick, Stage::Retraining);
        let mut spec = self.stable_spec;
        spec.preset = ModelPreset::Trained;
        spec.threshold = self.stable.threshold;
        let version = self.stable.version + 1;
        let (model, train) = build_model(&spec, &rows, version);
        self.stable = model;
        self.models_changed();
        self.stable_spec = spec;
        self.labels.reset_window();
        let reference: Vec<f64> = rows
            .iter()
            .rev()
            .take(self.scenario.monitoring.reference_rows)
            .map(|e| e.x.brightness)
            .collect();
        self.watch.set_reference(&reference);
        self.lifecycle.enter(self.tick, Stage::Deployment);
        Ok(RetrainReport {
            tick: self.tick,
            version,
            train,
        })
    }

    /// Forgets the folded scorers: call after any change to the stable or candidate model.
    fn models_changed(&mut self) {
        self.scorers = None;
    }

    /// Runs `ticks` ticks.
    pub fn run(&mut self, ticks: u64) {
        for _ in 0..ticks {
            self.step();
        }
    }

    /// FNV-1a 64 over the f64 bits of every metric of the next `ticks` ticks.
    pub fn trace_hash(&mut self, ticks: u64) -> u64 {
        let mut h = TraceHasher::default();
        for _ in 0..ticks {
            let m = *self.step();
            h.add(&m);
        }
        h.finish()
    }

    /// Applies the scripted actions due at the current tick (those not applied yet).
    ///
    /// `step` does this first; calling it between steps only applies them earlier, before
    /// the same tick's phones, so the run is the same either way. The page calls it after
    /// each advance so a scripted action shows as soon as its tick is reached.
    pub fn apply_due_actions(&mut self) {
        while let Some(a) = self.scenario.actions.get(self.action_cursor).cloned() {
            if a.tick > self.tick {
                break;
            }
            self.action_cursor += 1;
            match a.action {
                Action::Retrain => {
                    // A failed scripted retrain is visible in the lifecycle log (no stage change).
                    let _ = self.retrain();
                }
                Action::Promote => {
                    self.promote();
                }
                Action::Rollback => {
                    self.rollback();
                }
                Action::SetAutomation { level } => self.set_automation(level),
                Action::SetThreshold { threshold } => {
                    self.set_threshold(threshold);
                }
                Action::InjectDrift { event } => self.inject_drift(event),
                Action::Deploy { candidate, pattern } => {
                    // A refused pattern changes nothing (checked first); validation of the
                    // scenario already refuses one, so this is only defence in depth.
                    let _ = self.deploy(candidate, &pattern);
                }
            }
        }
    }

    /// How many of the scenario's scripted actions have been applied so far.
    pub fn actions_applied(&self) -> usize {
        self.action_cursor
    }

    /// Advances one tick and returns its metrics.
    ///
    /// The tick runs as phases, in this order (each method's doc says why it sits where it
    /// does): the scripted actions due, arrivals (the count and serving's tick), drift (the
    /// line phones are drawn from), routing and serving (each phone drawn, observed and sent
    /// on its way; the served requests answered), decisions (the inspectors' queue; the
    /// tick's final total), labels (the delay line; monitoring and the canary read what
    /// arrived), and metrics (the tick's figures, totals, alerts and lifecycle).
    pub fn step(&mut self) -> &TickMetrics {
        self.apply_due_actions();
        self.counts = TickCounts::default();
        self.label_now = LabelTick::default();
        let arrivals = self.phase_arrivals();
        let lines = self.phase_drift();
        self.phase_route_and_serve(&arrivals, lines);
        let final_ = self.phase_decisions();
        // The canary's analysis judges the candidate's own latency (Flagger's
        // request-duration query runs on the canary workload).
        let labelled = self.phase_labels(arrivals.cand.and_then(|c| c.latency_p99_ms));
        self.phase_metrics(&arrivals, &final_, &labelled);
        self.tick += 1;
        &self.last
    }
}
