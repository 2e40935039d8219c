//! The heaviest scenario the benchmark times, in one place for both sides of the comparison.
//!
//! The native harness uses it directly; the app's `src/bench_hooks.rs` includes this file with
//! `#[path]`, so the wasm build and the native run simulate exactly the same thing (the harness
//! also compares the two runs' phone counts and trace hashes to prove it). Keep this file
//! free of `crate::` paths: it is compiled inside both crates and may only use `driftline_sim`.

use driftline_sim::deploy::Pattern;
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::lessons::Lesson;
use driftline_sim::model::ModelSpec;
use driftline_sim::monitor::detectors::{DetectorKind, KswinParams};
use driftline_sim::scenario::Scenario;

/// Simulated seconds in one day.
pub const SECS_PER_DAY: f64 = 86_400.0;

/// The heaviest scenario: every monitor on, two models per phone, drift all the way through.
///
/// Built from the lesson preset that measured slowest per phone (`Lesson::Shadow`: people
/// decide every phone while the model runs beside them), then:
/// - a candidate model mirrored in shadow mode, so every phone is scored twice;
/// - the KSWIN error-rate detector (River defaults), the costliest detector per update
///   (a partial shuffle and two sorts per labelled phone), instead of the default DDM;
/// - the default alert rules on every metric family (kept from the preset) and drift
///   statistics at the default cadence;
/// - drift events that stay active for the whole 30 simulated days: a recurring lighting
///   change (alarms go on and off), a slow camera blur and a slow spec change (two gradual
///   events mixed per phone, so each tick builds four line states), and missing images.
pub fn heavy_scenario() -> Scenario {
    let mut scenario = Lesson::Shadow.preset();
    scenario.candidate = Some(ModelSpec::default());
    scenario.pattern = Pattern::Shadow;
    scenario.monitoring.detector = Some(DetectorKind::Kswin(KswinParams::default()));
    let ticks_per_day = ticks_per_day(&scenario);
    scenario.events = vec![
        DriftEvent {
            kind: DriftKind::LightingDim,
            shape: DriftShape::Recurring,
            start_tick: 1_000,
            // Half a day dim, half a day normal.
            width_ticks: ticks_per_day / 2,
            magnitude: 0.5,
        },
        DriftEvent {
            kind: DriftKind::CameraBlur,
            shape: DriftShape::Gradual,
            start_tick: 2_000,
            width_ticks: 40 * ticks_per_day,
            magnitude: 0.5,
        },
        DriftEvent {
            kind: DriftKind::SpecTighten,
            shape: DriftShape::Gradual,
            start_tick: 3_000,
            width_ticks: 40 * ticks_per_day,
            magnitude: 0.3,
        },
        DriftEvent::sudden(DriftKind::MissingImages, ticks_per_day, 0.05),
    ];
    scenario
}

/// Ticks in one simulated day for `scenario` (at least 1).
pub fn ticks_per_day(scenario: &Scenario) -> u64 {
    if scenario.tick_secs > 0.0 {
        // Rounded: tick lengths that do not divide a day still get a whole number of ticks.
        (SECS_PER_DAY / scenario.tick_secs).round().max(1.0) as u64
    } else {
        1
    }
}

/// Ticks in `days` simulated days of `scenario`.
pub fn ticks_for_days(scenario: &Scenario, days: f64) -> u64 {
    (ticks_per_day(scenario) as f64 * days.max(0.0)).round() as u64
}
