//! What the reader does by hand between ticks, replayed as the scenario's scripted actions
//! at the same ticks, gives the same run bit for bit. Shared links rely on this: the page
//! records each hand action at the tick it happened and the link carries the list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{CanaryConfig, Pattern};
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::model::ModelPreset;
use driftline_sim::{Action, Scenario, ScheduledAction, World};

/// Applies `action` the way the page does: through the world's own methods, between ticks.
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
        Action::Deploy { candidate, pattern } => {
            world.deploy(*candidate, pattern).unwrap();
        }
    }
}

/// A session of hand actions at various ticks, covering every kind of action.
fn session() -> Vec<ScheduledAction> {
    let at = |tick, action| ScheduledAction { tick, action };
    vec![
        at(
            120,
            Action::Deploy {
                candidate: ModelPreset::WrongLabels,
                pattern: Pattern::Canary(CanaryConfig::default()),
            },
        ),
        at(
            300,
            Action::InjectDrift {
                event: DriftEvent {
                    kind: DriftKind::LightingDim,
                    shape: DriftShape::Gradual,
                    start_tick: 300,
                    width_ticks: 200,
                    magnitude: 0.8,
                },
            },
        ),
        at(
            300,
            Action::SetAutomation {
                level: AutomationLevel::FullAutomation,
            },
        ),
        at(650, Action::Retrain),
        at(
            700,
            Action::Deploy {
                candidate: ModelPreset::Trained,
                pattern: Pattern::BlueGreen(driftline_sim::deploy::BlueGreenConfig::default()),
            },
        ),
        at(760, Action::Promote),
        at(800, Action::Rollback),
        at(820, Action::SetThreshold { threshold: 0.3 }),
    ]
}

const TICKS: u64 = 1_000;

fn hand_run(scenario: &Scenario, actions: &[ScheduledAction]) -> u64 {
    let mut world = World::new(scenario.clone()).unwrap();
    let mut hasher_ticks = Vec::new();
    let mut next = actions.iter().peekable();
    for _ in 0..TICKS {
        while let Some(a) = next.next_if(|a| a.tick == world.tick()) {
            by_hand(&mut world, &a.action);
        }
        hasher_ticks.push(*world.step());
    }
    fingerprint(&hasher_ticks)
}

fn scripted_run(scenario: &Scenario, actions: &[ScheduledAction], apply_early: bool) -> u64 {
    let mut scripted = scenario.clone();
    scripted.actions = actions.to_vec();
    let mut world = World::new(scripted).unwrap();
    let mut ticks = Vec::new();
    for _ in 0..TICKS {
        if apply_early {
            world.apply_due_actions();
        }
        ticks.push(*world.step());
    }
    assert_eq!(world.actions_applied(), actions.len());
    fingerprint(&ticks)
}

fn fingerprint(ticks: &[driftline_sim::metrics::TickMetrics]) -> u64 {
    // The per-tick metrics serialised as JSON: any differing number changes the text.
    let text = serde_json::to_string(ticks).unwrap();
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn hand_actions_and_scripted_actions_give_the_same_run() {
    let scenario = Scenario {
        seed: 11,
        ..Scenario::default()
    };
    let actions = session();
    let by_hand = hand_run(&scenario, &actions);
    assert_eq!(by_hand, scripted_run(&scenario, &actions, false));
    assert_eq!(by_hand, scripted_run(&scenario, &actions, true));
    // And the actions matter: without them the run differs.
    assert_ne!(by_hand, hand_run(&scenario, &[]));
}

#[test]
fn a_refused_deploy_changes_nothing() {
    let mut world = World::new(Scenario::default()).unwrap();
    world.run(50);
    let bad = Pattern::Canary(CanaryConfig {
        step_weight_pct: 0,
        ..CanaryConfig::default()
    });
    let before = world.candidate_model().is_some();
    let err = world.deploy(ModelPreset::AlwaysPass, &bad).unwrap_err();
    assert!(err.to_string().contains("pattern."), "{err}");
    assert_eq!(world.candidate_model().is_some(), before);
}

#[test]
fn a_scripted_deploy_with_a_bad_pattern_is_refused_by_validation() {
    let scenario = Scenario {
        actions: vec![ScheduledAction {
            tick: 10,
            action: Action::Deploy {
                candidate: ModelPreset::Trained,
                pattern: Pattern::Canary(CanaryConfig {
                    step_weight_pct: 0,
                    ..CanaryConfig::default()
                }),
            },
        }],
        ..Scenario::default()
    };
    let err = World::new(scenario).err().unwrap();
    assert!(
        err.to_string().contains("actions[0].action.pattern"),
        "{err}"
    );
}
