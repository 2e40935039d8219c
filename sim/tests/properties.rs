//! Properties over random valid scenarios: conservation of phones, consistent counts,
//! rates in range, no NaN/inf, bounded memory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::deploy::{BlueGreenConfig, CanaryConfig, Pattern};
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::model::{ModelPreset, ModelSpec};
use driftline_sim::serving::{ServingConfig, ServingMode, Site};
use driftline_sim::{AutomationLevel, Fallback, Scenario, World};
use proptest::prelude::*;

const RATE_FIELDS: [&str; 12] = [
    "missing_share",
    "reject_rate",
    "shadow_agreement",
    "human_override_rate",
    "model_accuracy",
    "model_precision",
    "model_recall",
    "final_accuracy",
    "final_recall",
    "candidate_error_rate",
    "cpu_load",
    "human_utilization",
];

fn kind() -> impl Strategy<Value = DriftKind> {
    prop_oneof![
        Just(DriftKind::LightingDim),
        Just(DriftKind::CameraBlur),
        Just(DriftKind::NewSliceShare),
        Just(DriftKind::MissingImages),
        Just(DriftKind::SpecTighten),
        Just(DriftKind::NewDefectType),
    ]
}

fn shape() -> impl Strategy<Value = DriftShape> {
    prop_oneof![
        Just(DriftShape::Sudden),
        Just(DriftShape::Gradual),
        Just(DriftShape::Incremental),
        Just(DriftShape::Recurring),
    ]
}

fn event() -> impl Strategy<Value = DriftEvent> {
    (kind(), shape(), 0u64..800, 0u64..400, 0.0f64..=1.0).prop_map(
        |(kind, shape, start_tick, width_ticks, magnitude)| DriftEvent {
            kind,
            shape,
            start_tick,
            width_ticks,
            magnitude,
        },
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        0.0f64..80.0,
        0usize..5,
        0u32..12,
        prop::collection::vec(event(), 0..4),
        0u64..60,
        0usize..4,
        0usize..4,
        (1u32..4, any::<bool>(), any::<bool>(), 10u32..2000),
        0usize..3,
    )
        .prop_map(
            |(seed, ppt, level, inspectors, events, delay, pattern, preset, serving, fallback)| {
                let (servers, cloud, batch, queue) = serving;
                Scenario {
                    seed,
                    phones_per_tick: ppt,
                    automation: AutomationLevel::ALL[level],
                    human: driftline_sim::human::HumanConfig {
                        inspectors,
                        queue_capacity: 200,
                        ..Default::default()
                    },
                    events,
                    label_delay_ticks: delay,
                    model: ModelSpec {
                        training_rows: 400,
                        iterations: 60,
                        ..ModelSpec::default()
                    },
                    candidate: Some(ModelSpec {
                        preset: [
                            ModelPreset::Trained,
                            ModelPreset::WrongLabels,
                            ModelPreset::BrokenFeature,
                            ModelPreset::AlwaysPass,
                        ][preset],
                        training_rows: 400,
                        iterations: 60,
                        ..ModelSpec::default()
                    }),
                    pattern: match pattern {
                        0 => Pattern::None,
                        1 => Pattern::Shadow,
                        2 => Pattern::Canary(CanaryConfig::default()),
                        _ => Pattern::BlueGreen(BlueGreenConfig::default()),
                    },
                    serving: ServingConfig {
                        site: if cloud { Site::Cloud } else { Site::Edge },
                        mode: if batch {
                            ServingMode::Batch {
                                batch_every_ticks: 5,
                            }
                        } else {
                            ServingMode::RealTime
                        },
                        servers,
                        logging: true,
                        queue_capacity: queue,
                    },
                    fallback: [
                        Fallback::Human,
                        Fallback::DefaultReject,
                        Fallback::DefaultPass,
                    ][fallback],
                    monitoring: driftline_sim::scenario::MonitoringConfig {
                        history_ticks: 64,
                        ..Default::default()
                    },
                    ..Scenario::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_every_tick(s in scenario(), ticks in 50u64..600) {
        let mut w = World::new(s).unwrap();
        for i in 0..ticks {
            if i == ticks / 2 {
                w.promote();
            }
            let m = *w.step();
            // Every phone is decided, dropped (counted) or still in flight.
            prop_assert_eq!(m.arrived_total, m.decided_total + m.dropped_total + m.in_flight);
            // This tick's confusion counts and deciders add up to its decisions.
            prop_assert_eq!(m.true_pass + m.false_pass + m.true_reject + m.false_reject, m.decided);
            prop_assert_eq!(m.by_human + m.by_model + m.by_default, m.decided);
            for (name, v) in driftline_sim::TickMetrics::FIELD_NAMES.iter().zip(m.values()) {
                if let Some(v) = v {
                    prop_assert!(v.is_finite(), "{} = {}", name, v);
                    prop_assert!(v >= 0.0, "{} = {}", name, v);
                }
            }
            for f in RATE_FIELDS {
                if let Some(v) = m.get(f) {
                    prop_assert!((0.0..=1.0).contains(&v), "{} = {}", f, v);
                }
            }
        }
        let t = *w.totals();
        prop_assert_eq!(t.decisions.total(), t.decided);
        prop_assert_eq!(t.by_human + t.by_model + t.by_default, t.decided);
        // History is bounded by its capacity, however long the run.
        prop_assert!(w.history().len() <= w.history().capacity());
        prop_assert_eq!(w.history().capacity(), 64);
    }

    #[test]
    fn same_scenario_same_numbers(s in scenario()) {
        let a = World::new(s.clone()).unwrap().trace_hash(120);
        let b = World::new(s).unwrap().trace_hash(120);
        prop_assert_eq!(a, b);
    }
}

#[test]
fn invalid_fields_are_rejected_with_their_name_and_absurd_sizes_clamped() {
    use driftline_sim::ScenarioError;
    let bad = |f: &dyn Fn(&mut Scenario)| {
        let mut s = Scenario::default();
        f(&mut s);
        s.validate().unwrap_err()
    };
    let e = bad(&|s| s.phones_per_tick = -1.0);
    assert!(e.to_string().contains("phones_per_tick"), "{e}");
    let e = bad(&|s| s.human.hlp.pit = 1.2);
    assert!(e.to_string().contains("human.hlp.pit"), "{e}");
    let e = bad(&|s| s.camera.brightness_sd = f64::NAN);
    assert!(matches!(e, ScenarioError::NotFinite { .. }), "{e}");
    let e = bad(&|s| s.model.threshold = 1.0);
    assert!(e.to_string().contains("model.threshold"), "{e}");
    let e = bad(&|s| s.slices.clear());
    assert!(e.to_string().contains("slices"), "{e}");
    let e = bad(&|s| s.monitoring.alerts[0].metric = "nope".into());
    assert!(e.to_string().contains("monitoring.alerts[0].metric"), "{e}");
    let mut s = Scenario {
        phones_per_tick: 1e9,
        label_delay_ticks: u64::MAX,
        ..Scenario::default()
    };
    s.monitoring.history_ticks = usize::MAX;
    let v = s.validate().unwrap();
    assert_eq!(v.scenario.phones_per_tick, 10_000.0);
    assert_eq!(v.scenario.label_delay_ticks, 20_000);
    let fields: Vec<&str> = v.warnings.iter().map(|w| w.field.as_str()).collect();
    assert!(
        fields.contains(&"phones_per_tick") && fields.contains(&"label_delay_ticks"),
        "{fields:?}"
    );
    let e = Scenario::from_json(r#"{"events": [{"kind": "earthquake", "shape": "sudden", "start_tick": 1, "magnitude": 1}]}"#).unwrap_err();
    assert!(e.to_string().contains("events[0]"), "{e}");
}

#[test]
fn hostile_actions_never_produce_nan() {
    let mut w = World::new(Scenario::default()).unwrap();
    assert!(!w.set_threshold(f64::NAN));
    w.inject_drift(DriftEvent {
        kind: DriftKind::LightingDim,
        shape: DriftShape::Gradual,
        start_tick: 0,
        width_ticks: u64::MAX,
        magnitude: f64::NAN,
    });
    w.inject_drift(DriftEvent::sudden(DriftKind::CameraBlur, 5, 1e9));
    for _ in 0..200 {
        let m = *w.step();
        for (name, v) in driftline_sim::TickMetrics::FIELD_NAMES
            .iter()
            .zip(m.values())
        {
            if let Some(v) = v {
                assert!(v.is_finite(), "{name} = {v}");
            }
        }
    }
}
