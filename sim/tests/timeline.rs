//! Seeking on a timeline rebuilds the run exactly: the world restored at any tick has the
//! chart history, the numbers, the alarm state and the history fold of a run that never
//! seeked, and playing on from it gives the same ticks bit for bit, whatever the order of
//! seeks (a proptest) and however far back (past one history and past 16,384 ticks).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{CanaryConfig, Pattern};
use driftline_sim::drift::{DriftEvent, DriftKind};
use driftline_sim::lessons::Lesson;
use driftline_sim::metrics::TickMetrics;
use driftline_sim::model::ModelPreset;
use driftline_sim::monitor::alert::Alert;
use driftline_sim::timeline::Timeline;
use driftline_sim::watch::metric_index;
use driftline_sim::world::HistoryFold;
use driftline_sim::{Action, Scenario, ScheduledAction, World};
use proptest::prelude::*;

const TICKS: u64 = 1_500;

/// Hand actions at their ticks: drift, a canary, a retrain, an automation change.
fn session() -> Vec<ScheduledAction> {
    let at = |tick, action| ScheduledAction { tick, action };
    vec![
        at(
            150,
            Action::InjectDrift {
                event: DriftEvent::sudden(DriftKind::LightingDim, 150, 0.6),
            },
        ),
        at(
            400,
            Action::Deploy {
                candidate: ModelPreset::Trained,
                pattern: Pattern::Canary(CanaryConfig::default()),
            },
        ),
        at(700, Action::Retrain),
        at(
            900,
            Action::SetAutomation {
                level: AutomationLevel::FullAutomation,
            },
        ),
    ]
}

fn by_hand(world: &mut World, action: &Action) {
    match action {
        Action::Retrain => {
            let _ = world.retrain();
        }
        Action::Promote => {
            world.promote();
        }
        Action::Rollback => {
            world.rollback();
        }
        Action::SetAutomation { level } => world.set_automation(*level),
        Action::SetThreshold { threshold } => {
            world.set_threshold(*threshold);
        }
        Action::InjectDrift { event } => world.inject_drift(*event),
        Action::Deploy { candidate, pattern } => world.deploy(*candidate, pattern).unwrap(),
    }
    world.note_hand_action(action.clone());
}

fn scenario(history_ticks: usize) -> Scenario {
    let mut s = Scenario {
        seed: 5,
        ..Scenario::default()
    };
    s.monitoring.history_ticks = history_ticks;
    s
}

/// The run played by hand as the page plays it, with a timeline observing every tick:
/// the live world, its timeline and every tick's metrics.
fn live_run(
    s: &Scenario,
    every: u64,
    cap: usize,
    ticks: u64,
) -> (World, Timeline, Vec<TickMetrics>) {
    let mut world = World::new(s.clone()).unwrap();
    world.record_phones(32);
    let mut timeline = Timeline::with_spacing(&mut world, every, cap);
    let actions = session();
    let mut next = actions.iter().peekable();
    let mut metrics = Vec::new();
    for _ in 0..ticks {
        world.apply_due_actions();
        while let Some(a) = next.next_if(|a| a.tick == world.tick()) {
            by_hand(&mut world, &a.action);
        }
        metrics.push(*world.step());
        timeline.observe(&mut world);
    }
    (world, timeline, metrics)
}

/// Checks a world restored at `target`: its history is the run's last ticks before it,
/// and playing on to `until` gives the run's ticks.
fn check_from(mut world: World, target: u64, until: u64, run: &[TickMetrics], history: usize) {
    assert_eq!(world.tick(), target);
    let start = (target as usize).saturating_sub(history);
    let held: Vec<TickMetrics> = world.history().iter().collect();
    assert!(held == run[start..target as usize], "history at {target}");
    for t in target..until {
        assert!(
            *world.step() == run[t as usize],
            "tick {t} after a seek to {target}"
        );
    }
}

#[test]
fn a_seek_rebuilds_the_run_and_plays_on_bit_for_bit() {
    let s = scenario(300);
    let (world, timeline, run) = live_run(&s, 128, 6, TICKS);
    // A run that never seeked, from the recorded list alone, is the same run.
    let mut fresh = World::new(Scenario {
        actions: world.actions().to_vec(),
        ..s.clone()
    })
    .unwrap();
    let replayed: Vec<TickMetrics> = (0..TICKS).map(|_| *fresh.step()).collect();
    assert!(replayed == run, "the recorded list replays the run");
    assert!(
        timeline.len() <= 6,
        "{:?}",
        timeline.ticks().collect::<Vec<_>>()
    );
    for target in [0, 1, 127, 128, 150, 299, 300, 401, 700, 1024, 1499, TICKS] {
        let seeked = timeline.seek(target, world.actions()).unwrap();
        check_from(seeked, target, TICKS, &run, 300);
    }
}

#[test]
fn default_history_and_spacing_seek_exactly() {
    let s = scenario(Scenario::default().monitoring.history_ticks);
    let ticks = 6_000;
    let (world, timeline, run) =
        live_run(&s, Timeline::DEFAULT_EVERY, Timeline::DEFAULT_CAP, ticks);
    for target in [4_095, 4_096, 5_000, 5_999] {
        assert!(timeline.replay_ticks(target).unwrap() <= 4_096 + Timeline::DEFAULT_EVERY);
        let seeked = timeline.seek(target, world.actions()).unwrap();
        check_from(seeked, target, ticks, &run, 4_096);
    }
}

#[test]
fn copies_stay_bounded_however_long_the_run() {
    let mut world = World::new(scenario(100)).unwrap();
    let mut timeline = Timeline::with_spacing(&mut world, 16, 5);
    for _ in 0..5_000 {
        world.step();
        timeline.observe(&mut world);
    }
    assert!(timeline.len() <= 5);
    assert!(timeline.spacing() >= 1_024, "{}", timeline.spacing());
    assert_eq!(timeline.ticks().next(), Some(0));
    assert!(timeline.replay_ticks(4_999).unwrap() <= 100 + timeline.spacing());
}

#[test]
fn an_action_at_a_past_tick_starts_a_new_run_from_there() {
    let s = scenario(200);
    let (world, mut timeline, run) = live_run(&s, 64, 8, 1_000);
    let branch_at = 500;
    let mut prefix: Vec<ScheduledAction> = world.actions().to_vec();
    prefix.retain(|a| a.tick <= branch_at);
    let mut branch = timeline.seek(branch_at, &prefix).unwrap();
    branch.apply_due_actions();
    timeline.forget_after(branch_at);
    assert!(timeline.newest_tick().unwrap() <= branch_at);
    by_hand(&mut branch, &Action::Rollback);
    let mut branch_metrics = Vec::new();
    for _ in branch_at..1_000 {
        branch_metrics.push(*branch.step());
        timeline.observe(&mut branch);
    }
    // The branch is the fresh run of its own action list.
    let mut fresh = World::new(Scenario {
        actions: branch.actions().to_vec(),
        ..s
    })
    .unwrap();
    fresh.run(branch_at);
    let again: Vec<TickMetrics> = (branch_at..1_000).map(|_| *fresh.step()).collect();
    assert!(again == branch_metrics, "the branch is its list's run");
    // And seeking inside the branch's new future rebuilds it too.
    let seeked = timeline.seek(900, branch.actions()).unwrap();
    let branch_run = [&run[..branch_at as usize], &again[..]].concat();
    check_from(seeked, 900, 1_000, &branch_run, 200);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any sequence of seeks, each followed by some play, gives the run's numbers.
    #[test]
    fn random_seeks_give_the_run(moves in prop::collection::vec((0..=TICKS, 0u64..200), 1..6)) {
        let s = scenario(150);
        let (world, timeline, run) = live_run(&s, 64, 6, TICKS);
        for (target, play) in moves {
            let until = (target + play).min(TICKS);
            let seeked = timeline.seek(target, world.actions()).unwrap();
            check_from(seeked, target, until, &run, 150);
        }
    }
}

/// A fold over the ticks the history drops: the lesson's own alert rules run over them,
/// with every transition noted, as a page's alarm view would run them.
#[derive(Debug, Clone)]
struct AlertFold {
    alerts: Vec<(Alert, usize)>,
    transitions: Vec<String>,
    ticks: Vec<u64>,
}

impl AlertFold {
    fn new(s: &Scenario) -> Self {
        let alerts = s
            .monitoring
            .alerts
            .iter()
            .map(|r| {
                (
                    Alert::new(r.clone()).unwrap(),
                    metric_index(&r.metric).unwrap(),
                )
            })
            .collect();
        Self {
            alerts,
            transitions: Vec::new(),
            ticks: Vec::new(),
        }
    }

    /// Everything it holds, as text (an alert has no `PartialEq`).
    fn state(&self) -> String {
        format!("{:?}", (&self.alerts, &self.transitions, &self.ticks))
    }
}

impl HistoryFold for AlertFold {
    fn fold(&mut self, m: &TickMetrics) {
        self.ticks.push(m.tick);
        for (alert, field) in &mut self.alerts {
            if let Some(t) = alert.evaluate(m.tick, m.value_at(*field)) {
                self.transitions.push(format!("{} {t:?}", m.tick));
            }
        }
    }
    fn clone_box(&self) -> Box<dyn HistoryFold> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn fold_state(world: &World) -> String {
    world
        .history_fold()
        .and_then(|f| f.as_any().downcast_ref::<AlertFold>())
        .map(AlertFold::state)
        .unwrap()
}

/// The alarm state a world holds: its own alert rules and firings, and the fold's.
fn alarm_state(world: &World) -> String {
    let alerts: Vec<_> = world.watch().alerts().collect();
    let firings: Vec<_> = world.watch().firings().collect();
    format!("{alerts:?} {firings:?} {}", fold_state(world))
}

/// Issue 17: seeks more than one history (4,096 ticks) and more than 16,384 ticks back in
/// a lesson whose alarms fire, then play on: every number, the world's alert states and
/// firings, and the state folded over the ticks before the history are a never-seeked run's.
#[test]
fn long_seeks_keep_alarm_state_and_the_history_fold() {
    let mut s = Lesson::DataDrift.preset();
    s.seed = 11;
    let newest = 21_000;
    let mut world = World::new(s.clone()).unwrap();
    world.set_history_fold(Some(Box::new(AlertFold::new(&s))));
    let mut timeline = Timeline::new(&mut world);
    let mut run = Vec::new();
    let mut states = Vec::new();
    for _ in 0..newest {
        world.apply_due_actions();
        run.push(*world.step());
        states.push(alarm_state(&world));
        timeline.observe(&mut world);
    }
    assert!(
        run.iter().any(|m| m.alerts_firing > 0),
        "the lesson's alarms fire"
    );
    assert!(
        fold_state(&world).contains("Fired"),
        "alarms fired before the history's first tick"
    );
    let history = s.monitoring.history_ticks as u64;
    for back in [history + 1_000, 16_384 + 1_000, newest - 10] {
        let target = newest - back;
        let mut seeked = timeline.seek(target, world.actions()).unwrap();
        if target > 0 {
            assert_eq!(
                alarm_state(&seeked),
                states[target as usize - 1],
                "at {target}"
            );
        }
        check_from(seeked.clone(), target, newest, &run, history as usize);
        for t in target..newest.min(target + 5_000) {
            seeked.apply_due_actions();
            seeked.step();
            assert!(
                alarm_state(&seeked) == states[t as usize],
                "alarm state at tick {t} after a seek to {target}"
            );
        }
    }
}
