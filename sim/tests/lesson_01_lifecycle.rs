//! Lesson 1: the lifecycle is a loop; retraining after a drift alarm restores performance.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;
use driftline_sim::lifecycle::Stage;

#[test]
fn run_loops_through_deploy_monitor_alarm_data_retrain_deploy() {
    let s = Lesson::Lifecycle.preset();
    let drift = s.events[0].start_tick;
    let retrain = s.actions[0].tick;
    let (w, ms) = run(s, retrain + 1200);
    let stages: Vec<Stage> = w.lifecycle().events().iter().map(|e| e.stage).collect();
    let want = [
        Stage::Deployment,
        Stage::Monitoring,
        Stage::Alarm,
        Stage::Data,
        Stage::Retraining,
        Stage::Deployment,
        Stage::Monitoring,
    ];
    // The wanted stages appear in this order (other entries may sit between them).
    let mut it = stages.iter();
    for st in want {
        assert!(
            it.any(|s| *s == st),
            "stage {st:?} missing in order: {stages:?}"
        );
    }
    let alarm_tick = w
        .lifecycle()
        .events()
        .iter()
        .find(|e| e.stage == Stage::Alarm)
        .map(|e| e.tick)
        .unwrap();
    assert!(
        alarm_tick >= drift,
        "alarm at {alarm_tick} came before the drift at {drift}"
    );
    assert_eq!(
        ms.last().unwrap().model_version,
        2,
        "the retrain deployed a new model"
    );

    // Recall: healthy before, hurt after drift, restored after the retrain.
    let before = mean(&ms, "model_recall", drift - 500, drift);
    let hurt = mean(&ms, "model_recall", retrain - 300, retrain);
    let after = mean(&ms, "model_recall", retrain + 700, retrain + 1200);
    assert!(
        hurt < before - 0.1,
        "drift should hurt recall: {before} -> {hurt}"
    );
    assert!(
        (after - before).abs() < 0.06,
        "retraining should restore recall within a few points: {before} vs {after}"
    );
    let acc_before = mean(&ms, "model_accuracy", drift - 500, drift);
    let acc_after = mean(&ms, "model_accuracy", retrain + 700, retrain + 1200);
    assert!(
        (acc_after - acc_before).abs() < 0.01,
        "{acc_before} vs {acc_after}"
    );
}
