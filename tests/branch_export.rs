//! Issue 17: the export of a branched run carries both sides. The metrics CSV has a `run`
//! column with the original's rows and the branch's; the JSON, imported again into a fresh
//! lab, replays the original to its tick and opens the branch, each side equal to the run
//! that was exported.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::rc::Rc;

use driftline::lab::import::load_actions;
use driftline::lab::state::{LabAction, LabState};
use driftline::share::branch_file::{branch_json, branched_csv, import_json, Imported};
use driftline_sim::automation::AutomationLevel;
use driftline_sim::drift::{DriftEvent, DriftKind};
use driftline_sim::metrics::TickMetrics;
use driftline_sim::scenario::Scenario;
use yew::Reducible;

fn run(state: Rc<LabState>, ticks: u64) -> Rc<LabState> {
    let state = state.reduce(LabAction::FastForward(ticks));
    state.reduce(LabAction::RunFastForwardSlice(ticks))
}

/// A run with a drift at 200, branched at 400 into human-only, the branch at 700.
fn branched() -> Rc<LabState> {
    let scenario = Scenario {
        seed: 9,
        ..Scenario::default()
    };
    let state = run(Rc::new(LabState::new(scenario)), 200).reduce(LabAction::InjectDriftNow(
        DriftEvent::sudden(DriftKind::LightingDim, 0, 0.6),
    ));
    let state = run(state, 600);
    let branch = state.branch_at(400);
    let mut actions = branch.scenario().actions;
    actions.push(driftline_sim::ScheduledAction {
        tick: 400,
        action: driftline_sim::Action::SetAutomation {
            level: AutomationLevel::HumanOnly,
        },
    });
    state
        .reduce(LabAction::SetBranch(Some(Rc::new(branch))))
        .reduce(LabAction::BranchMoved(actions, 700))
}

fn ticks_of(world_history: impl Iterator<Item = TickMetrics>) -> Vec<TickMetrics> {
    world_history.collect()
}

#[test]
fn the_csv_carries_both_runs() {
    let state = branched();
    let branch = state.branch.as_ref().unwrap().replay().unwrap();
    let csv = branched_csv(state.world().history().iter(), branch.history().iter());
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("run,tick,"));
    let runs: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(runs.iter().filter(|r| **r == "original").count(), 800);
    assert_eq!(runs.iter().filter(|r| **r == "branch").count(), 700);
    // The two sides part after the fork: the branch is the human-only run.
    let original = ticks_of(state.world().history().iter());
    let theirs = ticks_of(branch.history().iter());
    assert!(original[..400] == theirs[..400], "the common start");
    assert!(original[400..700] != theirs[400..], "the sides part");
}

#[test]
fn a_branched_runs_json_imports_as_both_runs() {
    let state = branched();
    let file = state.branch_file().unwrap();
    let text = branch_json(&file).unwrap();
    let imported = import_json(&text).unwrap();
    assert!(
        matches!(imported, Imported::Branched { .. }),
        "{imported:?}"
    );
    let mut again = Rc::new(LabState::default());
    for action in load_actions(imported) {
        again = again.reduce(action);
        while let Some(ff) = again.fast_forward {
            again = again.reduce(LabAction::RunFastForwardSlice(ff.remaining));
        }
    }
    assert_eq!(again.world().tick(), 800);
    assert_eq!(again.run_scenario(), state.run_scenario());
    let before: Vec<_> = state.world().history().iter().collect();
    let after: Vec<_> = again.world().history().iter().collect();
    assert!(before == after, "the original replays");
    let (b0, b1) = (
        state.branch.as_ref().unwrap(),
        again.branch.as_ref().unwrap(),
    );
    assert_eq!((b1.fork, b1.tick), (400, 700));
    assert_eq!(b1.own_actions(), b0.own_actions());
    let (r0, r1) = (b0.replay().unwrap(), b1.replay().unwrap());
    assert!(
        r0.history().iter().eq(r1.history().iter()),
        "the branch replays"
    );
    // And the file of the re-imported run is the same file.
    assert_eq!(again.branch_file().unwrap(), file);
}

#[test]
fn a_plain_scenario_still_imports_as_one_run_and_bad_branch_files_are_refused() {
    let plain = driftline::share::scenario_json(&Scenario::default()).unwrap();
    assert!(matches!(import_json(&plain).unwrap(), Imported::Run(_)));
    let state = branched();
    let mut file = state.branch_file().unwrap();
    file.fork = 900;
    let err = import_json(&branch_json(&file).unwrap()).unwrap_err();
    assert_eq!(err.field(), "tick", "{err}");
    let mut file = state.branch_file().unwrap();
    file.branch.model.threshold = 1.5;
    let err = import_json(&branch_json(&file).unwrap()).unwrap_err();
    assert!(err.field().starts_with("branch."), "{err}");
}
