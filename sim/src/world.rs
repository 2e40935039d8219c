//! The world: phones arrive, the camera images them, the model and/or a human decide,
//! labels arrive late, monitors watch. One call to [`World::step`] is one tick.

use crate::automation::AutomationLevel;
use crate::camera::LineState;
use crate::concept::ActiveConcept;
use crate::deploy::{Arm, Pattern, Rollback};
use crate::drift::{DriftEvent, DriftKind, DriftParams, EventPhase};
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

/// Most gradual events mixed per phone at once (further ones apply at their mean intensity).
const MAX_MIXED: usize = 3;

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

/// `rate` if the label window is full and the rate stands on at least
/// [`MIN_LABEL_SAMPLES`] labelled phones, else no data.
fn with_enough_labels(window_full: bool, denominator: u64, rate: Option<f64>) -> Option<f64> {
    if window_full && denominator >= MIN_LABEL_SAMPLES {
        rate
    } else {
        None
    }
}

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
    serving: ServingLink,
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
    line_cache: Option<Box<(DriftParams, LineState, ActiveConcept)>>,
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

/// `(logit(threshold - band), logit(threshold + band))`, recomputed only when the
/// threshold or the band changes (two `log`s per model per tick otherwise).
#[derive(Debug, Clone, Copy, Default)]
struct BandCache {
    key: Option<(u64, u64)>,
    logits: (f64, f64),
}

impl BandCache {
    fn get(&mut self, threshold: f64, band: f64) -> (f64, f64) {
        let key = (threshold.to_bits(), band.to_bits());
        if self.key != Some(key) {
            self.key = Some(key);
            self.logits = (
                crate::model::logit(threshold - band),
                crate::model::logit(threshold + band),
            );
        }
        self.logits
    }
}

/// What the lines of mixed gradual events depend on: the fixed drift, and each mixed event's
/// kind and magnitude (the scenario's slices, rates and camera never change after build).
type MixedKey = (DriftParams, [(DriftKind, u64); MAX_MIXED], usize);

/// One line state and concept per combination of mixed gradual events (bit j of the index:
/// mixed event j applies in full).
#[derive(Debug, Clone)]
struct MixedLines {
    key: MixedKey,
    lines: [Option<(LineState, ActiveConcept)>; 1 << MAX_MIXED],
}

/// What scoring a served request needs, fixed for the tick.
#[derive(Debug, Clone, Copy)]
struct ServeCtx {
    level: AutomationLevel,
    /// The candidate is mirrored (shadow traffic).
    shadow_on: bool,
    /// Confidence bands in logits.
    stable_band: (f64, f64),
    cand_band: Option<(f64, f64)>,
    stable: LinearScorer,
    candidate: Option<LinearScorer>,
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
    Classifier::train(rows, spec, version)
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
            labels: LabelPipeline::new(s.label_delay_ticks, s.monitoring.label_window_ticks),
            label_now: LabelTick::default(),
            human_queue: RingBuffer::new(s.human.queue_capacity),
            human_capacity_carry: 0.0,
            logged: FullRing::new(s.monitoring.log_capacity, Logged::UNUSED),
            watch,
            lifecycle,
            history: History::new(s.monitoring.history_ticks),
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

    /// One request serving scored: routes it, scores it with the model(s) it reaches,
    /// records the answers against the label, and decides (or queues it for a person).
    #[inline]
    fn serve_request(&mut self, phone: Phone, ctx: &ServeCtx) {
        // Route: the n-th request's uniform is fixed by n, so it does not depend on the
        // weight, nor on whether earlier requests needed theirs.
        let index = self.requests_routed;
        self.requests_routed += 1;
        let uniforms = self.route_uniforms;
        let to_candidate = self.candidate.is_some()
            && self.rollout.route_lazy(|| uniforms.at(index)) == Arm::Candidate;
        if to_candidate {
            self.counts.to_candidate += 1;
        } else {
            self.counts.to_stable += 1;
        }
        let Some(x) = phone.image else {
            self.counts.null_outputs += 1;
            self.decide_without_answer(ctx.level, phone);
            return;
        };
        let truth = phone.truth_reject;
        let stable_logit = ctx.stable.logit_of(&x);
        let stable_says = stable_logit >= ctx.stable.logit_threshold;
        // The tick's model total is summed from the slices at the end of the tick.
        self.label_now.model_by_slice[phone.slice as usize].add(truth, stable_says);
        self.label_now.model_by_type[phone.defect.index()].add(truth, stable_says);
        let (answer, logit, (lo, hi)) = match (&ctx.candidate, ctx.cand_band, to_candidate) {
            (Some(cand), Some(cb), true) => {
                let l = cand.logit_of(&x);
                let says = l >= cand.logit_threshold;
                self.label_now.candidate.add(truth, says);
                (says, l, cb)
            }
            _ => (stable_says, stable_logit, ctx.stable_band),
        };
        let shadow_answer = match (&ctx.candidate, ctx.shadow_on && !to_candidate) {
            (Some(cand), true) => {
                self.counts.shadowed += 1;
                let says = cand.predict(&x);
                self.label_now.candidate.add(truth, says);
                Some(says)
            }
            _ => None,
        };
        let confident = logit < lo || logit >= hi;
        let arm = if to_candidate {
            Arm::Candidate
        } else {
            Arm::Stable
        };
        self.decide_with_answer(ctx.level, phone, (answer, arm), confident, shadow_answer);
    }

    /// The line and concept for every combination of the mixed events in `key`.
    fn build_mixed_lines(&self, key: MixedKey, mixed: &[(usize, f64); MAX_MIXED]) -> MixedLines {
        let (fixed, _, n_mixed) = key;
        let mut lines: [Option<(LineState, ActiveConcept)>; 1 << MAX_MIXED] =
            [None; 1 << MAX_MIXED];
        for (mask, slot) in lines.iter_mut().enumerate().take(1usize << n_mixed) {
            let mut p = fixed;
            for (j, (ei, _)) in mixed.iter().enumerate().take(n_mixed) {
                if mask & (1 << j) != 0 {
                    let e = self.events[*ei];
                    p.apply(e.kind, e.magnitude, 1.0);
                }
            }
            let sc = &self.scenario;
            *slot = Some((
                LineState::new(&sc.slices, &sc.defect_rates, &sc.camera, &p),
                active_concept(sc, &p),
            ));
        }
        MixedLines { key, lines }
    }

    /// Fixed drift parameters at this tick plus the gradual events mixed per phone.
    fn drift_at(&self) -> (DriftParams, [(usize, f64); MAX_MIXED], usize) {
        let mut fixed = DriftParams::default();
        let mut mixed = [(0usize, 0.0); MAX_MIXED];
        let mut n = 0usize;
        for (i, e) in self.events.iter().enumerate() {
            match e.phase(self.tick) {
                EventPhase::Fixed(x) => {
                    if x > 0.0 {
                        fixed.apply(e.kind, e.magnitude, x);
                    }
                }
                EventPhase::Mixed(p) => {
                    if n < MAX_MIXED {
                        mixed[n] = (i, p);
                        n += 1;
                    } else {
                        fixed.apply(e.kind, e.magnitude, p);
                    }
                }
            }
        }
        (fixed, mixed, n)
    }

    /// Advances one tick and returns its metrics.
    pub fn step(&mut self) -> &TickMetrics {
        self.apply_due_actions();
        let tick = self.tick;
        self.counts = TickCounts::default();
        self.label_now = LabelTick::default();

        // The line as drift has left it: one state per combination of mixed gradual events.
        let (fixed, mixed, n_mixed) = self.drift_at();
        // Without gradual mixing every phone sees the same line: reuse it while drift is still.
        let single = n_mixed == 0;
        if single && self.line_cache.as_ref().map(|c| c.0) != Some(fixed) {
            let sc = &self.scenario;
            let line = (
                fixed,
                LineState::new(&sc.slices, &sc.defect_rates, &sc.camera, &fixed),
                active_concept(sc, &fixed),
            );
            // The box is reused: drift that changes every tick allocates nothing.
            match self.line_cache.as_mut() {
                Some(cached) => **cached = line,
                None => self.line_cache = Some(Box::new(line)),
            }
        }
        // Taken out of the world for the tick (the phone loop below borrows the world) and
        // put back after it; rebuilt only when what the lines depend on changed.
        let mixed_lines = if single {
            None
        } else {
            let mut key: MixedKey = (fixed, [(DriftKind::LightingDim, 0); MAX_MIXED], n_mixed);
            for (slot, (ei, _)) in key.1.iter_mut().zip(mixed.iter().take(n_mixed)) {
                let e = self.events[*ei];
                *slot = (e.kind, e.magnitude.to_bits());
            }
            match self.mixed_cache.take() {
                Some(cached) if cached.key == key => Some(cached),
                _ => Some(Box::new(self.build_mixed_lines(key, &mixed))),
            }
        };

        // Arrivals: serving needs only their number, so each phone is drawn and sent on its
        // way in one pass (the draws come from `rng` alone, in the same order as ever).
        let arrived = u64::from(self.arrivals.sample(&mut self.rng));
        self.arrived_total += arrived;

        // Serving: how many model requests this tick, and how many it drops.
        let level = self.automation;
        let model_requests = if level.runs_model() { arrived } else { 0 };
        self.rollout.begin_tick(tick);
        let compute_mult = if self.candidate.is_some() {
            self.rollout.compute_multiplier()
        } else {
            1.0
        };
        let serve = self.serving.on_tick(model_requests, compute_mult);
        // Serving turns away the newest requests when its queue is full.
        let admitted = model_requests.saturating_sub(u64::from(serve.dropped));

        let shadow_on = self.rollout.mirrors() && self.candidate.is_some();
        let logging = self.serving.logging();
        let delay = self.scenario.label_delay_ticks;

        // Scoring context for the requests served this tick (thresholds and bands do not
        // change within a tick).
        let band = self.scenario.confidence_band;
        let scorers = *self
            .scorers
            .get_or_insert_with(|| (self.stable.scorer(), self.candidate.map(|c| c.scorer())));
        let serve_ctx = ServeCtx {
            level,
            shadow_on,
            stable_band: self.stable_band.get(self.stable.threshold, band),
            cand_band: match &self.candidate {
                Some(c) => Some(self.candidate_band.get(c.threshold, band)),
                None => None,
            },
            // Each model folded into four multiply-adds per image (same bits as `logit_of`).
            stable: scorers.0,
            candidate: scorers.1,
        };
        // When serving had nothing waiting and scores every request of this tick, the FIFO
        // would hand the phones back in arrival order untouched: each one is then decided as
        // soon as it is drawn, with the same results (the camera, routing and inspectors
        // draw from separate streams, and nothing else reaches the inspectors' queue).
        let direct = level.runs_model()
            && self.serving.queued() == 0
            && admitted == arrived
            && u64::from(serve.served) == arrived;

        // Taken out of the cache so the loop below may update the world (put back after it).
        let single_line = if mixed_lines.is_none() {
            self.line_cache.take()
        } else {
            None
        };
        let mut i = 0u64;
        for _ in 0..arrived {
            let pair = match (&mixed_lines, &single_line) {
                (Some(m), _) => {
                    let mut mask = 0usize;
                    for (j, (_, p)) in mixed.iter().enumerate().take(n_mixed) {
                        if self.rng.uniform() < *p {
                            mask |= 1 << j;
                        }
                    }
                    m.lines[mask].as_ref().map(|(l, c)| (l, c))
                }
                (None, Some(cached)) => Some((&cached.1, &cached.2)),
                (None, None) => None,
            };
            let Some((line, concept)) = pair else {
                continue;
            };
            let mut phone = line.draw(tick, &mut self.rng);
            phone.truth_reject = concept.is_reject(phone.defect, phone.size_mm);
            let c = &mut self.counts;
            c.truth_rejects += u64::from(phone.truth_reject);
            if let Some(x) = phone.image {
                c.brightness_sum += x.brightness;
                c.images += 1;
                self.watch.observe_brightness(x.brightness);
                if logging {
                    self.logged.push_replace(Logged {
                        example: Example {
                            x,
                            y: phone.truth_reject,
                        },
                        label_tick: tick + delay,
                    });
                }
            }
            if direct {
                self.serve_request(phone, &serve_ctx);
            } else if !level.runs_model() {
                self.enqueue_human(Waiting {
                    phone,
                    ..Waiting::default()
                });
            } else if i >= admitted || !self.serving.admit(phone) {
                // Serving dropped the request: fallback path (counted).
                self.counts.fallback += 1;
                self.take_fallback(phone, None);
            }
            i += 1;
        }

        if mixed_lines.is_some() {
            self.mixed_cache = mixed_lines;
        }
        if single_line.is_some() {
            self.line_cache = single_line;
        }

        // The requests serving scored this tick, oldest first (already decided when direct).
        if !direct {
            for _ in 0..serve.served {
                let Some(phone) = self.serving.next_served() else {
                    break;
                };
                self.serve_request(phone, &serve_ctx);
            }
        }

        self.run_human();

        // Decisions were counted in their breakdowns only (see `final_decision`): the tick's
        // final confusion, and so its decision count, is their sum.
        self.label_now.total_from_breakdowns();
        let final_ = self.label_now.final_;
        let decided = final_.total();

        // Labels: this tick's decisions enter the delay line; old ones arrive.
        self.labels.push(self.label_now);
        let arrived_labels = self.labels.arrived_now();
        let watch_out = self.watch.on_tick(tick, arrived_labels);
        self.rollout
            .end_tick(&arrived_labels.candidate, serve.latency_p99_ms);
        // The running headline sums: the full window (per slice and type) is not read here.
        let window = *self.labels.headline();
        let full = self.labels.window_full();

        let c = self.counts;
        if self.overrides_window.is_full() {
            if let Some((o, n)) = self.overrides_window.front() {
                self.overrides_sum.0 -= o;
                self.overrides_sum.1 -= n;
            }
        }
        self.overrides_window.push((c.overrides, c.suggested));
        self.overrides_sum.0 += c.overrides;
        self.overrides_sum.1 += c.suggested;
        self.decided_total += decided;
        self.dropped_total += c.dropped;
        let s = &self.scenario;
        let escape_cost = final_.fn_ as f64 * s.costs.escape_cost;
        let false_reject_cost = final_.fp as f64 * s.costs.false_reject_cost;
        let human_cost = c.by_human as f64 * s.human.cost_per_phone;
        let cost = escape_cost + false_reject_cost + human_cost + serve.cost;
        self.cost_total += cost;
        let arrived_f = arrived as f64;
        self.last = TickMetrics {
            tick,
            arrived,
            decided,
            dropped: c.dropped,
            in_flight: (self.human_queue.len() + self.serving.queued()) as u64,
            arrived_total: self.arrived_total,
            decided_total: self.decided_total,
            dropped_total: self.dropped_total,
            delayed: u64::from(serve.delayed),
            serving_dropped: u64::from(serve.dropped),
            serving_queue: self.serving.queued() as u64,
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
            candidate_weight_pct: if self.candidate.is_some() {
                self.rollout.candidate_weight_pct()
            } else {
                0.0
            },
            mean_brightness: if c.images > 0 {
                Some(c.brightness_sum / c.images as f64)
            } else {
                None
            },
            missing_share: if arrived > 0 {
                (arrived - c.images) as f64 / arrived_f
            } else {
                0.0
            },
            volume_per_sec: arrived_f / s.tick_secs,
            reject_rate: if decided > 0 {
                Some((final_.tp + final_.fp) as f64 / decided as f64)
            } else {
                None
            },
            null_outputs: c.null_outputs,
            human_overrides: c.overrides,
            // A rate over a handful of suggestions is noise (1 of 1 reads as 100%), so the
            // metric reports no data until the window holds enough of them.
            human_override_rate: if self.overrides_sum.1 >= MIN_OVERRIDE_SAMPLES {
                Some(self.overrides_sum.0 as f64 / self.overrides_sum.1 as f64)
            } else {
                None
            },
            shadow_agreement: if c.shadow_total > 0 {
                Some(c.shadow_agree as f64 / c.shadow_total as f64)
            } else {
                None
            },
            true_defect_rate: if arrived > 0 {
                c.truth_rejects as f64 / arrived_f
            } else {
                0.0
            },
            model_accuracy: with_enough_labels(full, window.model.total(), window.model.accuracy()),
            model_precision: with_enough_labels(
                full,
                window.model.tp + window.model.fp,
                window.model.precision(),
            ),
            model_recall: with_enough_labels(
                full,
                window.model.tp + window.model.fn_,
                window.model.recall(),
            ),
            final_accuracy: with_enough_labels(
                full,
                window.final_.total(),
                window.final_.accuracy(),
            ),
            final_recall: with_enough_labels(
                full,
                window.final_.tp + window.final_.fn_,
                window.final_.recall(),
            ),
            candidate_error_rate: with_enough_labels(
                full,
                window.candidate.total(),
                window.candidate.error_rate(),
            ),
            labels_in_window: window.final_.total(),
            latency_p50_ms: serve.latency_p50_ms,
            latency_p99_ms: serve.latency_p99_ms,
            throughput_per_sec: serve.throughput_per_sec,
            serving_utilisation: serve.utilisation,
            cpu_load: serve.cpu_load,
            memory_mb: serve.memory_mb,
            escape_cost,
            false_reject_cost,
            human_cost,
            serving_cost: serve.cost,
            cost,
            cost_total: self.cost_total,
            psi_brightness: watch_out.psi,
            drift_stat_brightness: watch_out.drift_stat,
            drift_detected_brightness: if watch_out.drift_detected { 1.0 } else { 0.0 },
            detector_drift: if watch_out.detector_drift { 1.0 } else { 0.0 },
            detector_warning: if watch_out.detector_warning { 1.0 } else { 0.0 },
            alerts_firing: 0,
            lifecycle_stage: 0,
            model_version: u64::from(self.stable.version),
            decision_threshold: self.stable.threshold,
        };
        let t = &mut self.totals;
        t.arrived = self.arrived_total;
        t.decided = self.decided_total;
        t.dropped = self.dropped_total;
        t.decisions.plus(&final_);
        t.by_human += c.by_human;
        t.by_model += c.by_model;
        t.by_default += c.by_default;
        t.to_stable += c.to_stable;
        t.to_candidate += c.to_candidate;
        t.shadowed += c.shadowed;
        let (firing, alert_alarm) = self.watch.after_metrics(tick, &self.last);
        self.last.alerts_firing = firing;
        // Lifecycle: the first production tick moves to monitoring; an alarm is an alarm.
        if alert_alarm {
            self.lifecycle.enter(tick, Stage::Alarm);
        } else if self.lifecycle.current() == Stage::Deployment {
            self.lifecycle.enter(tick, Stage::Monitoring);
        }
        self.last.lifecycle_stage = self.lifecycle.current().index();
        self.history.push(self.last);
        self.tick += 1;
        &self.last
    }
}
