//! Seeking on a timeline rebuilds the run exactly: the world restored at any tick has the
//! chart history and the numbers of a run that never seeked, and playing on from it gives
//! the same ticks bit for bit, whatever the order of seeks (a proptest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{CanaryConfig, Pattern};
use driftline_sim::drift::{DriftEvent, DriftKind};
use driftline_sim::metrics::TickMetrics;
use driftline_sim::model::ModelPreset;
use driftline_sim::timeline::Timeline;
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
