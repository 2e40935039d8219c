//! Lab state: a reducer over the simulation.
//!
//! The world lives behind `Rc<RefCell<_>>` and is stepped in place. Cloning it per tick
//! (the textbook reducer) would copy its bounded histories every frame; instead each action
//! returns a new `LabState` that shares the world and carries a bumped `version`, which is
//! what components compare to decide whether to redraw.
//!
//! About 600 lines of code, the rest tests: the state and one method per action, which share
//! the world and the version every component compares.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{Pattern, Rollback};
use driftline_sim::drift::DriftEvent;
use driftline_sim::metrics::TickMetrics;
use driftline_sim::model::ModelPreset;
use driftline_sim::scenario::{Action as SimAction, Scenario, ScheduledAction};
use driftline_sim::serving::ServingConfig;
use driftline_sim::timeline::Timeline;
use driftline_sim::world::World;
use yew::prelude::*;

use crate::view_model::alarm_carry::AlarmCarry;
use crate::view_model::Thresholds;

mod branch;
mod rewind;

pub use branch::BranchRun;

/// Ticks per clock beat at normal speed.
pub const DEFAULT_TICKS_PER_BEAT: u32 = 1;
/// Ticks in the first fast-forward slice; one slice runs per timeout, so the page keeps
/// answering clicks while a long run proceeds. Later slices are sized by
/// [`next_slice_ticks`] from how long the last one took.
pub const FAST_FORWARD_SLICE_TICKS: u64 = 25;
/// Most ticks in one fast-forward slice.
pub const MAX_FAST_FORWARD_SLICE_TICKS: u64 = 20_000;
/// Wall time one slice should take, simulation and redraw together, in ms: long slices
/// finish sooner, short ones answer input sooner; at most about this long passes before a
/// click is handled (the issue asks for 100 ms).
pub const FAST_FORWARD_SLICE_TARGET_MS: f64 = 40.0;

/// Size of the next fast-forward slice, given the last one's size and how long it took
/// (simulation, render and chart paint): doubled when well under the target, halved when
/// over it, kept otherwise. A missing or odd time keeps the size.
#[must_use]
pub fn next_slice_ticks(last_ticks: u64, elapsed_ms: f64) -> u64 {
    let next = if !elapsed_ms.is_finite() || elapsed_ms < 0.0 {
        last_ticks
    } else if elapsed_ms < FAST_FORWARD_SLICE_TARGET_MS / 2.0 {
        last_ticks.saturating_mul(2)
    } else if elapsed_ms > FAST_FORWARD_SLICE_TARGET_MS {
        last_ticks / 2
    } else {
        last_ticks
    };
    next.clamp(1, MAX_FAST_FORWARD_SLICE_TICKS)
}
/// Longest fast-forward one request may ask for.
pub const MAX_FAST_FORWARD_TICKS: u64 = 100_000;
/// Speeds offered (ticks per beat).
pub const SPEEDS: [u32; 4] = [1, 5, 20, 100];

/// A fast-forward in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FastForward {
    /// Ticks asked for.
    pub total: u64,
    /// Ticks still to run.
    pub remaining: u64,
}

impl FastForward {
    /// Share done, 0..=1.
    #[must_use]
    pub fn progress(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            // Bounded by MAX_FAST_FORWARD_TICKS.
            (self.total - self.remaining) as f64 / self.total as f64
        }
    }
}

/// Everything a lab shows is derived from this.
#[derive(Clone)]
pub struct LabState {
    world: Rc<RefCell<World>>,
    /// Copies of the run's world for seeking (see [`rewind`]).
    timeline: Rc<RefCell<Timeline>>,
    /// The newest tick this run has reached (the world may be at an earlier one).
    newest: u64,
    scenario: Rc<Scenario>,
    /// The scenario's scripted actions with the reader's hand actions inserted in the order
    /// the world applied them, each at the tick it happened: the run a link reproduces.
    run_actions: Rc<Vec<ScheduledAction>>,
    /// How many entries of `run_actions` were done by hand.
    hand_actions: usize,
    /// Whether the clock runs.
    pub playing: bool,
    /// Ticks simulated per clock beat.
    pub ticks_per_beat: u32,
    /// Bumps whenever the world changes.
    pub version: u64,
    /// A user-visible problem (e.g. a scenario the simulation refused), if any.
    pub error: Option<String>,
    /// The outcome of the reader's last action (retrain result, rollback kind ...).
    pub notice: Option<String>,
    /// Alarm thresholds per chart.
    pub thresholds: Thresholds,
    /// Field errors by field key (shown next to the field; the old value is kept).
    pub field_errors: BTreeMap<String, String>,
    /// A fast-forward in progress.
    pub fast_forward: Option<FastForward>,
    /// A branch shown beside the lab, if one is open.
    pub branch: Option<Rc<BranchRun>>,
}

impl PartialEq for LabState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.playing == other.playing
            && self.ticks_per_beat == other.ticks_per_beat
            && self.error == other.error
            && self.notice == other.notice
            && self.thresholds == other.thresholds
            && self.field_errors == other.field_errors
            && self.fast_forward == other.fast_forward
            && self.branch == other.branch
    }
}

/// What the reader or the clock can do (imperative verbs).
#[derive(Clone, Debug, PartialEq)]
pub enum LabAction {
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Start or stop the clock.
    TogglePlay,
    /// Advance one tick (the Step button).
    Step,
    /// A clock beat: advance `ticks_per_beat` ticks.
    Tick,
    /// Rebuild the world from the scenario, back to tick 0.
    Reset,
    /// Set the clock speed in ticks per beat.
    SetSpeed(u32),
    /// Restart from tick 0 with another seed.
    SetSeed(u64),
    /// Run this many ticks as fast as the page allows, in slices.
    FastForward(u64),
    /// Run the next slice of a fast-forward, at most this many ticks (sent by the lab's
    /// scheduler, which sizes slices with [`next_slice_ticks`]).
    RunFastForwardSlice(u64),
    /// Stop a fast-forward where it is.
    CancelFastForward,
    /// Change who decides.
    SetAutomation(AutomationLevel),
    /// Build a candidate from `candidate` (unless `pattern` is none), then start `pattern`.
    SetPatternWith {
        /// The candidate model to roll out.
        candidate: ModelPreset,
        /// The pattern.
        pattern: Pattern,
    },
    /// Switch to another preset (a chapter changed the lab's scenario).
    Load(Rc<Scenario>),
    /// Inject a drift event (its start tick as given).
    InjectDrift(DriftEvent),
    /// Inject a drift event starting at the current tick (its own start tick is ignored).
    /// The control panel sends this for "start now", so it needs no tick prop and does not
    /// re-render every beat.
    InjectDriftNow(DriftEvent),
    /// Retrain on logged labelled phones and deploy as stable.
    Retrain,
    /// Promote the candidate.
    Promote,
    /// Roll back to stable.
    Rollback,
    /// Restart from tick 0 with new serving settings (the simulation fixes serving per run).
    SetServing(ServingConfig),
    /// Set a chart's alarm threshold from the text the reader typed.
    SetThreshold {
        /// Chart id.
        id: &'static str,
        /// Text as typed.
        text: String,
    },
    /// Report a field's bad input (parsed in the component) without changing anything else.
    RejectInput {
        /// Field key.
        field: String,
        /// Why.
        message: String,
    },
    /// Clear a field's error after good input.
    ClearFieldError(String),
    /// Move the whole lab to this tick of the run (at most the newest reached).
    Seek(u64),
    /// Show this branch beside the lab (or none).
    SetBranch(Option<Rc<BranchRun>>),
    /// Open a branch from this tick of the run (at most the newest reached).
    BranchAt(u64),
    /// Move to this tick: back along the timeline, or on by fast-forward past the newest.
    GoTo(u64),
    /// The branch's lab reports its actions and tick.
    BranchMoved(Vec<ScheduledAction>, u64),
    /// Open the branch a link carries: forked at `fork`, its full scenario, run to `tick`.
    OpenLinkBranch {
        /// Fork tick.
        fork: u64,
        /// The branch's scenario (common start and its own actions).
        start: Rc<Scenario>,
        /// Its tick.
        tick: u64,
    },
}

impl LabState {
    /// Builds the state for `scenario`. A scenario the simulation rejects falls back to the
    /// default one, and the reason is kept in `error` for the page to show.
    #[must_use]
    pub fn new(scenario: Scenario) -> Self {
        let (world, scenario, error) = build(scenario);
        let thresholds = Thresholds::for_scenario(&scenario);
        let mut world = world;
        AlarmCarry::install(&mut world, &thresholds);
        Self {
            timeline: Rc::new(RefCell::new(Timeline::new(&mut world))),
            newest: 0,
            world: Rc::new(RefCell::new(world)),
            run_actions: Rc::new(scenario.actions.clone()),
            hand_actions: 0,
            scenario: Rc::new(scenario),
            playing: false,
            ticks_per_beat: DEFAULT_TICKS_PER_BEAT,
            version: 0,
            error,
            notice: None,
            thresholds,
            field_errors: BTreeMap::new(),
            fast_forward: None,
            branch: None,
        }
    }

    /// Read access to the world for rendering.
    #[must_use]
    pub fn world(&self) -> std::cell::Ref<'_, World> {
        self.world.borrow()
    }

    /// The scenario Reset returns to.
    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// This state after `ticks` ticks (at most [`MAX_FAST_FORWARD_TICKS`]), run at once:
    /// a lab that opens with some factory time already on its charts.
    #[must_use]
    pub fn warmed_up(mut self, ticks: u64) -> Self {
        let ticks = ticks.min(MAX_FAST_FORWARD_TICKS);
        if ticks > 0 {
            self.advance(ticks);
            self.version += 1;
        }
        self
    }

    /// The scenario that replays this run from tick 0: the starting scenario with the
    /// reader's hand actions (drift, deployments, retrains, rollbacks, automation changes)
    /// added as scripted actions at the ticks they happened.
    #[must_use]
    pub fn run_scenario(&self) -> Scenario {
        Scenario {
            actions: (*self.run_actions).clone(),
            ..(*self.scenario).clone()
        }
    }

    /// How many actions the reader took by hand since the run started.
    #[must_use]
    pub fn hand_action_count(&self) -> usize {
        self.hand_actions
    }

    /// The latest tick's metrics, if any tick has run.
    #[must_use]
    pub fn latest(&self) -> Option<TickMetrics> {
        self.world.borrow().history().last()
    }

    fn advance(&self, ticks: u64) {
        let mut world = self.world.borrow_mut();
        let mut timeline = self.timeline.borrow_mut();
        for _ in 0..ticks {
            world.step();
            timeline.observe(&mut world);
        }
        // Scripted actions due now show at once (a lesson's retrain, a link's hand actions),
        // and a hand action taken now lands after them, as it would on replay.
        world.apply_due_actions();
    }

    /// Injects `event` by hand, records it for the share link and says so.
    fn inject_drift(&mut self, event: DriftEvent) {
        self.world.borrow_mut().inject_drift(event);
        self.record(SimAction::InjectDrift { event });
        self.notice = Some(format!(
            "Injected {:?} drift ({:?}, magnitude {:.2}) starting at tick {}.",
            event.kind, event.shape, event.magnitude, event.start_tick
        ));
        self.version += 1;
    }

    /// Notes a hand action the world has just applied at its current tick. It goes after
    /// everything applied so far and before the scripted actions still due, which is where
    /// the world will apply it when the recorded scenario is replayed.
    fn record(&mut self, action: SimAction) {
        self.rewrite_future();
        let mut world = self.world.borrow_mut();
        let at = world
            .note_hand_action(action.clone())
            .min(self.run_actions.len());
        let tick = world.tick();
        drop(world);
        Rc::make_mut(&mut self.run_actions).insert(at, ScheduledAction { tick, action });
        self.hand_actions += 1;
    }

    fn restart(&mut self, scenario: Scenario) {
        let (mut world, scenario, error) = build(scenario);
        AlarmCarry::install(&mut world, &self.thresholds);
        self.timeline = Rc::new(RefCell::new(Timeline::new(&mut world)));
        self.newest = 0;
        self.branch = None;
        self.world = Rc::new(RefCell::new(world));
        self.run_actions = Rc::new(scenario.actions.clone());
        self.hand_actions = 0;
        self.scenario = Rc::new(scenario);
        self.error = error;
        self.playing = false;
        self.fast_forward = None;
        self.version += 1;
    }
}

fn build(scenario: Scenario) -> (World, Scenario, Option<String>) {
    let (mut world, scenario, error) = build_unrecorded(scenario);
    // The factory picture reads per-phone records; keeping them changes no number.
    world.record_phones(crate::scene::model::RECORDS_KEPT);
    (world, scenario, error)
}

fn build_unrecorded(scenario: Scenario) -> (World, Scenario, Option<String>) {
    match World::new(scenario.clone()) {
        Ok(world) => (world, scenario, None),
        Err(problem) => {
            let fallback = Scenario::default();
            let message =
                format!("The scenario was not valid ({problem}); showing the default one.");
            (
                World::new(fallback.clone()).unwrap_or_else(|_| default_world_or_panic()),
                fallback,
                Some(message),
            )
        }
    }
}

/// The default scenario is validated by a sim test, so failing here is a build defect.
fn default_world_or_panic() -> World {
    panic!("the default scenario must always be valid (checked by driftline-sim's tests)")
}

impl Default for LabState {
    fn default() -> Self {
        Self::new(Scenario::default())
    }
}

fn rollback_notice(outcome: Rollback) -> String {
    match outcome {
        Rollback::Instant => "Rolled back: the stable (blue) model has all traffic again.".to_owned(),
        Rollback::ColdStart { ready_tick } => format!(
            "Rolling back, but blue was already scaled down: it needs a cold start and takes traffic again at tick {ready_tick}."
        ),
        Rollback::AlreadyStable => "Nothing to roll back: the stable model already has all traffic.".to_owned(),
    }
}

/// `text` with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The reader's hand actions and the settings that restart the run: each changes the world
/// through its own method, is recorded for the share link and says what happened.
impl LabState {
    fn step_ticks(&mut self, ticks: u64) {
        self.advance(ticks);
        self.version += 1;
    }

    fn start_fast_forward(&mut self, ticks: u64) {
        let total = ticks.min(MAX_FAST_FORWARD_TICKS);
        self.playing = false;
        self.fast_forward = (total > 0).then_some(FastForward {
            total,
            remaining: total,
        });
    }

    fn run_fast_forward_slice(&mut self, ff: FastForward, ticks: u64) {
        let slice = ff
            .remaining
            .min(ticks.clamp(1, MAX_FAST_FORWARD_SLICE_TICKS));
        self.step_ticks(slice);
        let remaining = ff.remaining - slice;
        self.fast_forward = (remaining > 0).then_some(FastForward { remaining, ..ff });
    }

    fn set_automation(&mut self, level: AutomationLevel) {
        self.world.borrow_mut().set_automation(level);
        self.record(SimAction::SetAutomation { level });
        self.version += 1;
    }

    fn load(&mut self, scenario: &Scenario) {
        self.thresholds = Thresholds::for_scenario(scenario);
        self.restart(scenario.clone());
        self.notice = None;
        self.field_errors.clear();
    }

    fn deploy(&mut self, candidate: ModelPreset, pattern: Pattern) {
        let result = self.world.borrow_mut().deploy(candidate, &pattern);
        match result {
            Ok(()) => {
                self.notice = Some(format!(
                    "Deployment pattern set to {}.",
                    pattern.kind().name()
                ));
                self.record(SimAction::Deploy { candidate, pattern });
                self.field_errors.remove("pattern");
            }
            Err(e) => {
                self.field_errors.insert(
                    "pattern".to_owned(),
                    format!("{e}; the old pattern is kept."),
                );
            }
        }
        self.version += 1;
    }

    fn retrain(&mut self) {
        let result = self.world.borrow_mut().retrain();
        // Recorded even when it fails: the replay fails the same way at the same tick.
        self.record(SimAction::Retrain);
        self.notice = Some(match result {
            Ok(report) => format!(
                "Retrained at tick {}: model version {} is now stable (test accuracy {:.3}).",
                report.tick, report.version, report.train.test_accuracy
            ),
            Err(e) => capitalized(&e.to_string()),
        });
        self.version += 1;
    }

    fn promote(&mut self) {
        let changed = self.world.borrow_mut().promote();
        self.record(SimAction::Promote);
        self.notice = Some(if changed {
            "Promoted: the candidate (green) model now serves all traffic.".to_owned()
        } else {
            "Nothing to promote with the current pattern.".to_owned()
        });
        self.version += 1;
    }

    fn rollback(&mut self) {
        let outcome = self.world.borrow_mut().rollback();
        self.record(SimAction::Rollback);
        self.notice = Some(rollback_notice(outcome));
        self.version += 1;
    }

    fn set_serving(&mut self, serving: ServingConfig) {
        let scenario = Scenario {
            serving,
            ..(*self.scenario).clone()
        };
        match scenario.validate() {
            Ok(_) => {
                self.restart(scenario);
                self.field_errors.remove("serving");
                self.notice =
                    Some("Serving settings changed: the run restarted from tick 0.".to_owned());
            }
            Err(e) => {
                self.field_errors.insert(
                    "serving".to_owned(),
                    format!("{e}; the old settings are kept."),
                );
            }
        }
    }

    fn set_threshold(&mut self, id: &'static str, text: &str) {
        let key = format!("threshold-{id}");
        match self.thresholds.set_from_text(id, text) {
            Ok(_) => {
                AlarmCarry::install(&mut self.world.borrow_mut(), &self.thresholds);
                self.field_errors.remove(&key)
            }
            Err(message) => self.field_errors.insert(key, message),
        };
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LabAction::Play => next.playing = true,
            LabAction::Pause => next.playing = false,
            LabAction::TogglePlay => next.playing = !self.playing,
            LabAction::Step => next.step_ticks(1),
            // A beat that raced a pause changes nothing.
            LabAction::Tick if !self.playing || self.fast_forward.is_some() => return self,
            LabAction::Tick => next.step_ticks(u64::from(self.ticks_per_beat)),
            LabAction::Reset => {
                next.restart((*self.scenario).clone());
                next.notice = None;
            }
            LabAction::SetSpeed(ticks) => next.ticks_per_beat = ticks.clamp(1, 1000),
            LabAction::SetSeed(seed) => {
                next.restart(Scenario {
                    seed,
                    ..(*self.scenario).clone()
                });
                next.notice = Some(format!("Restarted from tick 0 with seed {seed}."));
            }
            LabAction::FastForward(ticks) => next.start_fast_forward(ticks),
            LabAction::RunFastForwardSlice(ticks) => match self.fast_forward {
                Some(ff) => next.run_fast_forward_slice(ff, ticks),
                None => return self,
            },
            LabAction::CancelFastForward => next.fast_forward = None,
            LabAction::SetAutomation(level) => next.set_automation(level),
            LabAction::Load(scenario) => next.load(&scenario),
            LabAction::SetPatternWith { candidate, pattern } => next.deploy(candidate, pattern),
            LabAction::InjectDrift(event) => next.inject_drift(event),
            LabAction::InjectDriftNow(event) => {
                let start_tick = next.world().tick();
                next.inject_drift(DriftEvent {
                    start_tick,
                    ..event
                });
            }
            LabAction::Retrain => next.retrain(),
            LabAction::Promote => next.promote(),
            LabAction::Rollback => next.rollback(),
            LabAction::SetServing(serving) => next.set_serving(serving),
            LabAction::SetThreshold { id, text } => next.set_threshold(id, &text),
            LabAction::RejectInput { field, message } => {
                next.field_errors.insert(field, message);
            }
            LabAction::ClearFieldError(field) => {
                next.field_errors.remove(&field);
            }
            LabAction::Seek(tick) => next.seek(tick),
            LabAction::GoTo(tick) => next.go_to(tick),
            LabAction::SetBranch(branch) => next.branch = branch,
            LabAction::BranchAt(tick) => {
                next.branch = Some(Rc::new(self.branch_at(tick.min(self.newest_tick()))));
            }
            LabAction::OpenLinkBranch { fork, start, tick } => {
                next.branch = Some(Rc::new(self.branch_from_link(fork, (*start).clone(), tick)));
            }
            LabAction::BranchMoved(actions, tick) => {
                if let Some(branch) = &mut next.branch {
                    Rc::make_mut(branch).moved(actions, tick);
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftline_sim::drift::{DriftKind, DriftShape};

    #[test]
    fn fast_forward_slices_grow_when_quick_and_shrink_when_slow() {
        assert_eq!(next_slice_ticks(25, 5.0), 50);
        assert_eq!(next_slice_ticks(25, 30.0), 25);
        assert_eq!(next_slice_ticks(25, 90.0), 12);
        assert_eq!(next_slice_ticks(1, 500.0), 1, "never below one tick");
        assert_eq!(
            next_slice_ticks(MAX_FAST_FORWARD_SLICE_TICKS, 1.0),
            MAX_FAST_FORWARD_SLICE_TICKS
        );
        assert_eq!(next_slice_ticks(40, f64::NAN), 40);
        assert_eq!(next_slice_ticks(40, -3.0), 40);
    }

    #[test]
    fn a_slice_runs_at_most_what_is_left() {
        let state = Rc::new(LabState::default()).reduce(LabAction::FastForward(30));
        let state = state.reduce(LabAction::RunFastForwardSlice(1000));
        assert_eq!(state.world().tick(), 30);
        assert!(state.fast_forward.is_none());
        let state = state
            .reduce(LabAction::FastForward(30))
            .reduce(LabAction::RunFastForwardSlice(10));
        assert_eq!(state.world().tick(), 40);
        assert_eq!(state.fast_forward.map(|f| f.remaining), Some(20));
    }

    #[test]
    fn drift_injected_now_starts_at_the_current_tick_and_is_recorded() {
        let state = Rc::new(LabState::default())
            .reduce(LabAction::FastForward(37))
            .reduce(LabAction::RunFastForwardSlice(1000));
        let event = DriftEvent {
            kind: DriftKind::LightingDim,
            shape: DriftShape::Sudden,
            start_tick: 5,
            width_ticks: 0,
            magnitude: 0.5,
        };
        let state = state.reduce(LabAction::InjectDriftNow(event));
        let recorded = state.run_scenario().actions;
        let injected: Vec<u64> = recorded
            .iter()
            .filter_map(|a| match &a.action {
                SimAction::InjectDrift { event } => Some(event.start_tick),
                _ => None,
            })
            .collect();
        assert_eq!(injected, vec![37], "{recorded:?}");
        assert!(state
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("tick 37")));
    }
}
