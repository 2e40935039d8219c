//! Heavy scenarios for the throughput benchmarks, in one place so every measurement
//! (criterion, the profiler probe, the browser harness natively and in wasm) simulates
//! exactly the same thing.

use crate::deploy::Pattern;
use crate::drift::{DriftEvent, DriftKind, DriftShape};
use crate::lessons::Lesson;
use crate::model::ModelSpec;
use crate::monitor::alert::AlertRule;
use crate::monitor::detectors::{DetectorKind, KswinParams};
use crate::scenario::Scenario;
use crate::AutomationLevel;

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

/// The criterion bench's heavy case: partial automation, a shadow candidate doubling model
/// work, drift statistics every 10 ticks, and three alert rules on top of the defaults.
pub fn heavy_monitoring() -> Scenario {
    let mut s = Scenario {
        automation: AutomationLevel::PartialAutomation,
        candidate: Some(ModelSpec::default()),
        pattern: Pattern::Shadow,
        ..Scenario::default()
    };
    s.monitoring.drift_eval_every_ticks = 10;
    s.monitoring
        .alerts
        .push(AlertRule::above("overrides", "human_override_rate", 0.8).with_for_ticks(20));
    s.monitoring
        .alerts
        .push(AlertRule::above("escapes", "escape_cost", 100.0));
    s.monitoring
        .alerts
        .push(AlertRule::below("accuracy", "model_accuracy", 0.95));
    s
}
