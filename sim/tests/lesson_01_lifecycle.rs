//! Lesson 1: the lifecycle is a loop; retraining after a drift alarm restores performance.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;
use driftline_sim::lifecycle::Stage;

/// Worlds averaged for the performance claims (the preset's seed and the next ones).
///
/// One world is not enough: its initial model and its retrained model are each fitted on
/// about a hundred defective phones, so each one's recall lands a couple of points above or
/// below what the line allows (sd about 0.02), and a single before/after difference spreads
/// with sd about 0.03. The dimmed light also makes defects fainter for good, so even a model
/// fitted on ten times more post-drift labels catches about 4 points fewer of them than the
/// pre-drift model did. Averaged over 16 worlds, the difference has sd about 0.007.
const SEEDS: u64 = 16;

/// Recall and accuracy around the drift and the retrain in one world.
struct Run {
    /// Tick the lifecycle first entered the alarm stage.
    first_alarm: u64,
    before: f64,
    hurt: f64,
    after: f64,
    acc_before: f64,
    acc_after: f64,
}

/// Runs the preset with `seed`, checks the loop itself, and measures performance
/// (rolling-window means over long stretches: 1200 ticks before the drift, the last 300
/// before the retrain, and 1500 once the window holds only the new model's labels).
fn run_seed(seed: u64) -> Run {
    let mut s = Lesson::Lifecycle.preset();
    s.seed = seed;
    let drift = s.events[0].start_tick;
    let retrain = s.actions[0].tick;
    // Labels arrive `label_delay_ticks` late and the window spans `label_window_ticks`:
    // after that long (plus a margin) the window, reset at the retrain, holds only the new
    // model's answers.
    let settled = retrain + s.label_delay_ticks + s.monitoring.label_window_ticks + 70;
    let (w, ms) = run(s, settled + 1500);
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
            "seed {seed}: stage {st:?} missing in order: {stages:?}"
        );
    }
    // The drift raised an alarm before the retrain (the alarm that starts the loop).
    assert!(
        w.watch()
            .firings()
            .any(|f| f.tick >= drift && f.tick < retrain),
        "seed {seed}: no alarm between the drift at {drift} and the retrain at {retrain}"
    );
    assert_eq!(
        ms.last().unwrap().model_version,
        2,
        "seed {seed}: the retrain deployed a new model"
    );
    let first_alarm = w
        .lifecycle()
        .events()
        .iter()
        .find(|e| e.stage == Stage::Alarm)
        .map(|e| e.tick)
        .unwrap();
    Run {
        first_alarm,
        before: mean(&ms, "model_recall", drift - 1200, drift),
        hurt: mean(&ms, "model_recall", retrain - 300, retrain),
        after: mean(&ms, "model_recall", settled, settled + 1500),
        acc_before: mean(&ms, "model_accuracy", drift - 1200, drift),
        acc_after: mean(&ms, "model_accuracy", settled, settled + 1500),
    }
}

#[test]
fn run_loops_through_deploy_monitor_alarm_data_retrain_deploy() {
    let preset = Lesson::Lifecycle.preset();
    let drift = preset.events[0].start_tick;
    let base = preset.seed;
    // Two threads share the worlds (each world is still one deterministic run); the preset's
    // own seed comes first.
    let runs: Vec<Run> = map_seeds(base, SEEDS, run_seed);

    // The run the reader watches (the preset's own seed): its first alarm is the drift's.
    // (Other seeds may show a false alarm in the first ticks, while the label window holds a
    // handful of defective phones; the loop checks above hold for them too.)
    let alarm_tick = runs[0].first_alarm;
    assert!(
        alarm_tick >= drift,
        "alarm at {alarm_tick} came before the drift at {drift}"
    );

    // Recall: healthy before, hurt after drift, restored after the retrain (means over worlds).
    let avg = |f: fn(&Run) -> f64| runs.iter().map(f).sum::<f64>() / runs.len() as f64;
    let before = avg(|r| r.before);
    let hurt = avg(|r| r.hurt);
    let after = avg(|r| r.after);
    assert!(
        hurt < before - 0.1,
        "drift should hurt recall: {before} -> {hurt}"
    );
    assert!(
        (after - before).abs() < 0.06,
        "retraining should restore recall within a few points: {before} vs {after}"
    );
    let acc_before = avg(|r| r.acc_before);
    let acc_after = avg(|r| r.acc_after);
    assert!(
        (acc_after - acc_before).abs() < 0.01,
        "{acc_before} vs {acc_after}"
    );
}
