//! Rewind in the browser (issue 17): a seek on a run's timeline, then play, gives the
//! numbers of a run that never seeked, bit for bit, in wasm32 as natively
//! (`sim/tests/timeline.rs`); and a lab moved back by `LabAction::Seek` shows a fresh run's
//! history at that tick.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use std::rc::Rc;

use driftline::lab::{LabAction, LabState};
use driftline_sim::drift::{DriftEvent, DriftKind};
use driftline_sim::timeline::Timeline;
use driftline_sim::{Action, Scenario, World};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

const TICKS: u64 = 3_000;

#[wasm_bindgen_test]
fn a_seek_then_play_hashes_like_a_run_that_never_seeked() {
    let mut scenario = Scenario::default();
    scenario.monitoring.history_ticks = 500;
    let mut world = World::new(scenario.clone()).unwrap();
    let mut timeline = Timeline::with_spacing(&mut world, 256, 6);
    for _ in 0..TICKS {
        if world.tick() == 700 {
            let event = DriftEvent::sudden(DriftKind::LightingDim, 700, 0.6);
            world.inject_drift(event);
            world.note_hand_action(Action::InjectDrift { event });
        }
        world.step();
        timeline.observe(&mut world);
    }
    let mut fresh = World::new(Scenario {
        actions: world.actions().to_vec(),
        ..scenario
    })
    .unwrap();
    fresh.run(1_200);
    let expected = fresh.trace_hash(TICKS - 1_200);
    let mut seeked = timeline.seek(1_200, world.actions()).unwrap();
    assert_eq!(seeked.trace_hash(TICKS - 1_200), expected);
}

#[wasm_bindgen_test]
fn a_lab_moved_back_shows_a_fresh_runs_history() {
    let run = |state: Rc<LabState>, ticks: u64| {
        state
            .reduce(LabAction::FastForward(ticks))
            .reduce(LabAction::RunFastForwardSlice(ticks))
    };
    let state = run(Rc::new(LabState::default()), 5_000);
    let back = state.reduce(LabAction::Seek(1_234));
    let fresh = run(Rc::new(LabState::default()), 1_234);
    let shown: Vec<_> = back.world().history().iter().collect();
    let expected: Vec<_> = fresh.world().history().iter().collect();
    assert!(shown == expected, "the history at 1234 is a fresh run's");
    assert_eq!(back.latest(), fresh.latest());
}
