//! Scenario presets, one per lesson (the "what the reader does" is in `actions`).

use super::Lesson;
use crate::automation::AutomationLevel;
use crate::camera::DefectRates;
use crate::concept::Concept;
use crate::deploy::{BlueGreenConfig, CanaryConfig, Pattern};
use crate::drift::{DriftEvent, DriftKind, DriftShape};
use crate::model::{ModelPreset, ModelSpec};
use crate::monitor::alert::override_alert;
use crate::monitor::alert::AlertRule;
use crate::scenario::{Action, MonitoringConfig, Scenario, ScheduledAction};
use crate::serving::ServingConfig;

/// Tick at which drift starts in the drift lessons.
pub const DRIFT_TICK: u64 = 1500;

fn with_alerts(base: &Scenario, extra: Vec<AlertRule>) -> MonitoringConfig {
    let mut m = base.monitoring.clone();
    m.alerts.extend(extra);
    m
}

fn at(tick: u64, action: Action) -> ScheduledAction {
    ScheduledAction { tick, action }
}

pub(super) fn preset(lesson: Lesson) -> Scenario {
    let base = Scenario::default();
    match lesson {
        Lesson::Lifecycle => Scenario {
            events: vec![DriftEvent::sudden(DriftKind::LightingDim, DRIFT_TICK, 0.6)],
            // Enough post-drift labels: the log keeps the last 4000 phones (about 400 ticks).
            actions: vec![at(DRIFT_TICK + 600, Action::Retrain)],
            ..base
        },
        Lesson::SystemMap => Scenario {
            events: vec![
                DriftEvent::sudden(DriftKind::LightingDim, 800, 0.5),
                DriftEvent::sudden(DriftKind::MissingImages, 1200, 0.3),
            ],
            candidate: Some(ModelSpec::default()),
            pattern: Pattern::Canary(CanaryConfig::default()),
            actions: vec![
                at(1000, Action::SetThreshold { threshold: 0.4 }),
                at(1600, Action::Retrain),
            ],
            ..base
        },
        Lesson::DataDrift => Scenario {
            events: vec![DriftEvent::sudden(DriftKind::LightingDim, DRIFT_TICK, 0.7)],
            ..base
        },
        Lesson::ConceptDrift => Scenario {
            // People see every phone with the model's suggestion, so overrides show the change.
            automation: AutomationLevel::AiAssistance,
            // Every size limit halves.
            events: vec![DriftEvent::sudden(DriftKind::SpecTighten, DRIFT_TICK, 1.0)],
            // A band alarm on a label-based metric: the model's precision normally sits between
            // 0.8 and 0.93 (it also rejects some cosmetic defects); leaving the band means labels and
            // model now disagree differently, the signature of a changed concept.
            // The window spans 600 ticks of labels: the model rejects only ~3% of phones, so
            // the default 200-tick window holds ~60 rejects and its precision wanders by
            // ~0.04 (binomial sd), enough to leave the band by chance in about one run in
            // ten; ~180 rejects bring that to ~0.025.
            monitoring: MonitoringConfig {
                label_window_ticks: 600,
                ..with_alerts(
                    &base,
                    vec![
                        override_alert(0.15),
                        AlertRule::above("precision_shift", "model_precision", 0.95)
                            .with_for_ticks(30),
                    ],
                )
            },
            ..base
        },
        Lesson::DriftSpeed => Scenario {
            events: vec![DriftEvent {
                kind: DriftKind::LightingDim,
                shape: DriftShape::Gradual,
                start_tick: DRIFT_TICK,
                width_ticks: 800,
                // The light falls by 18% (0.82x). The gradual blend starts with about 12% of
                // phones under the new light (River's sigmoid, 0.12 at the start of the
                // transition); under a deep dimming (0.6, light 0.64x) those few very dark
                // images alone pushed PSI past 0.25 within 60 ticks on some seeds, so the
                // gradual change was caught almost as early as the step (and 0.4 still did on
                // one seed in 40). At this depth PSI crosses 0.25 only once a good part of
                // the line has moved (240 to 450 ticks in, over seeds 0..40), while the
                // sudden step is still caught at the first evaluation.
                magnitude: 0.3,
            }],
            ..base
        },
        Lesson::Serving => Scenario {
            automation: AutomationLevel::FullAutomation,
            serving: ServingConfig::default(),
            ..base
        },
        // Automating the inspectors' job: the model first runs in shadow beside them.
        Lesson::WhyDeploy | Lesson::Shadow => Scenario {
            automation: AutomationLevel::Shadow,
            ..base
        },
        Lesson::Canary => Scenario {
            automation: AutomationLevel::FullAutomation,
            // Audited quickly, so the canary's errors are known within a check interval.
            label_delay_ticks: 5,
            candidate: Some(ModelSpec {
                preset: ModelPreset::WrongLabels,
                // Version 2 also runs a larger network, half as slow again per phone (a new
                // version often costs a little more to serve). On its own pod that shows as
                // its own latency line, 150 ms against stable's 100 ms, far below the
                // analysis's 500 ms line, so the check still judges the labels.
                service_time_mult: 1.5,
                ..ModelSpec::default()
            }),
            // Checks every 60 ticks (10 minutes, the pause in Argo Rollouts' canary examples):
            // at 5% the first window then holds about 27 labelled canary phones. With the
            // default 30 ticks it held about 12, and a quiet stretch (fewer than the 8 the
            // analysis needs, "no data", a failed check) aborted a healthy canary on about
            // one seed in seven.
            pattern: Pattern::Canary(CanaryConfig {
                interval_ticks: 60,
                ..CanaryConfig::default()
            }),
            // Two edge boxes for stable (the canary runs on its own pod beside them, see
            // `candidate_serving`). On one box the stable line's p99 sits near Flagger's
            // 500 ms request-duration line, so a busy tick would raise the latency alarm;
            // with two it stays about 100 ms, and the lesson is about the model.
            serving: ServingConfig {
                servers: 2,
                ..ServingConfig::default()
            },
            ..base
        },
        Lesson::BlueGreen => Scenario {
            automation: AutomationLevel::FullAutomation,
            candidate: Some(ModelSpec {
                threshold: 0.4,
                ..ModelSpec::default()
            }),
            pattern: Pattern::BlueGreen(BlueGreenConfig::default()),
            actions: vec![
                at(200, Action::Promote),
                // Within scaleDownDelaySeconds (30 s = 3 ticks): instant.
                at(202, Action::Rollback),
                at(400, Action::Promote),
                // Long after: blue was scaled down, so a cold start.
                at(500, Action::Rollback),
            ],
            ..base
        },
        Lesson::Automation => Scenario {
            // Slightly more phones than eight unassisted inspectors can handle.
            phones_per_tick: 12.0,
            automation: AutomationLevel::HumanOnly,
            ..base
        },
        Lesson::Monitoring => Scenario {
            events: vec![
                DriftEvent {
                    kind: DriftKind::LightingDim,
                    shape: DriftShape::Recurring,
                    start_tick: 1000,
                    width_ticks: 400,
                    magnitude: 0.6,
                },
                DriftEvent::sudden(DriftKind::MissingImages, 3000, 1.0),
            ],
            // Under partial automation people see the unsure phones, so they often disagree.
            monitoring: with_alerts(&base, vec![override_alert(0.8)]),
            ..base
        },
        Lesson::Milestones => Scenario {
            automation: AutomationLevel::FullAutomation,
            // Cautious model: rejects only when very sure. Great test accuracy, many escapes.
            model: ModelSpec {
                threshold: 0.7,
                training_rows: 10_000,
                ..ModelSpec::default()
            },
            // Eager model: rejects on a hint of a defect. More false rejects, worse test
            // accuracy, far fewer escapes (the lesson compares it by swapping it in as stable).
            candidate: Some(ModelSpec {
                threshold: 0.1,
                training_rows: 10_000,
                ..ModelSpec::default()
            }),
            ..base
        },
        Lesson::RareClass => Scenario {
            automation: AutomationLevel::FullAutomation,
            model: ModelSpec {
                preset: ModelPreset::AlwaysPass,
                ..ModelSpec::default()
            },
            ..base
        },
        Lesson::Slices => Scenario {
            automation: AutomationLevel::FullAutomation,
            ..base
        },
        Lesson::Baselines => Scenario {
            // People decide every phone and the model runs beside them: both measured per type.
            automation: AutomationLevel::Shadow,
            // This line's spec rejects any dent over 1 mm. Dents are big (4 mm on average) and
            // high-contrast, so nearly every dent is a clear reject the camera shows plainly:
            // the model catches them better than the inspectors' 93% (about 97%), a type with
            // no room left. Under the default 2 mm limit about one dent in eleven sat near the
            // border, where the model trailed people by about 2 points.
            concept: Concept {
                dent_limit_mm: 1.0,
                ..Concept::default()
            },
            // Pits (a coating fault on this line) are about as common as dents. The model sees
            // little of a pit, so this is where the gap to people times the share is largest,
            // well ahead of scratches (about 2.5x, against about 1.7x at the default rate,
            // where it sometimes fell below 1.5x).
            defect_rates: DefectRates {
                pit: 0.012,
                ..DefectRates::default()
            },
            ..base
        },
        Lesson::Pies => Scenario {
            automation: AutomationLevel::PartialAutomation,
            candidate: Some(ModelSpec::default()),
            pattern: Pattern::Canary(CanaryConfig::default()),
            ..base
        },
    }
}
