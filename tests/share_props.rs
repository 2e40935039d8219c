//! Share links: property tests. Any valid state survives a round trip through its link;
//! any text at all (random strings, key-value soups built from real keys and nasty values)
//! parses to a valid scenario with safe notices; messages and stored preferences never panic.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline::{content, share, view_model};

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use content::ChapterId;
use driftline_sim::automation::{AutomationLevel, Fallback};
use driftline_sim::deploy::canary::MetricThresholds;
use driftline_sim::deploy::{BlueGreenConfig, CanaryConfig, FailureSemantics, Pattern};
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::lessons::Lesson;
use driftline_sim::model::ModelPreset;
use driftline_sim::scenario::{Action, ScheduledAction};
use driftline_sim::serving::{ServingConfig, ServingMode, Site};
use driftline_sim::world::World;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use share::embed_query::{Control, EmbedConfig, Widget, PIE_NAMES};
use share::limits as knobs;
use share::message::ParentMessage;
use share::notice::{Notice, MAX_NOTICES};
use share::prefs::Prefs;
use share::state::{ShareState, MAX_TICK};
use share::values::Detector;
use share::{ModelKnob, Setup};

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// A float in `lo..=hi`, with the bounds themselves drawn often.
fn float(lo: f64, hi: f64) -> BoxedStrategy<f64> {
    prop_oneof![1 => Just(lo), 1 => Just(hi), 6 => lo..=hi].boxed()
}

fn model_knob() -> impl Strategy<Value = ModelKnob> {
    let (lo, hi) = knobs::MODEL_THRESHOLD_RANGE;
    (
        prop::sample::select(vec![
            ModelPreset::Trained,
            ModelPreset::WrongLabels,
            ModelPreset::BrokenFeature,
            ModelPreset::AlwaysPass,
        ]),
        float(lo, hi),
    )
        .prop_map(|(preset, threshold)| ModelKnob { preset, threshold })
}

fn lines(hi: f64) -> impl Strategy<Value = MetricThresholds> {
    float(0.0, hi).prop_flat_map(move |pass_max| {
        float(pass_max, hi).prop_map(move |fail_above| MetricThresholds {
            pass_max,
            fail_above,
        })
    })
}

fn canary() -> impl Strategy<Value = CanaryConfig> {
    (1u8..=100)
        .prop_flat_map(|step| (Just(step), step..=100u8))
        .prop_flat_map(|(step, max)| {
            (
                Just((step, max)),
                1u64..=knobs::MAX_CANARY_INTERVAL_TICKS,
                0u32..=100,
                prop::sample::select(vec![
                    FailureSemantics::ArgoPastLimit,
                    FailureSemantics::FlaggerAtThreshold,
                ]),
                0u32..=10_000,
                lines(1.0),
                prop::option::of(lines(knobs::MAX_LATENCY_MS)),
            )
        })
        .prop_map(
            |((step, max), interval, limit, semantics, min, error_rate, latency)| CanaryConfig {
                step_weight_pct: step,
                max_weight_pct: max,
                interval_ticks: interval,
                failure_limit: limit,
                semantics,
                min_samples_per_check: min,
                error_rate,
                p99_latency_ms: latency,
            },
        )
}

fn pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        Just(Pattern::None),
        Just(Pattern::Shadow),
        canary().prop_map(Pattern::Canary),
        (
            0..=knobs::MAX_BLUE_GREEN_SECS,
            0..=knobs::MAX_BLUE_GREEN_SECS
        )
            .prop_map(|(a, b)| {
                Pattern::BlueGreen(BlueGreenConfig {
                    scale_down_delay_secs: a,
                    cold_start_secs: b,
                })
            }),
    ]
}

fn serving() -> impl Strategy<Value = ServingConfig> {
    prop::sample::select(vec![Site::Edge, Site::Cloud]).prop_flat_map(|site| {
        (
            1..=site.profile().max_servers,
            prop::option::of(1..=knobs::MAX_BATCH_EVERY_TICKS),
            any::<bool>(),
            1u32..=100_000,
        )
            .prop_map(move |(servers, batch, logging, queue)| ServingConfig {
                site,
                mode: batch.map_or(ServingMode::RealTime, |n| ServingMode::Batch {
                    batch_every_ticks: n,
                }),
                servers,
                logging,
                queue_capacity: queue,
            })
    })
}

fn event() -> impl Strategy<Value = DriftEvent> {
    (
        prop::sample::select(vec![
            DriftKind::LightingDim,
            DriftKind::CameraBlur,
            DriftKind::NewSliceShare,
            DriftKind::MissingImages,
            DriftKind::SpecTighten,
            DriftKind::NewDefectType,
        ]),
        prop::sample::select(vec![
            DriftShape::Sudden,
            DriftShape::Gradual,
            DriftShape::Incremental,
            DriftShape::Recurring,
        ]),
        0..=knobs::MAX_EVENT_TICK,
        0..=knobs::MAX_WIDTH_TICKS,
        float(0.0, 1.0),
    )
        .prop_map(
            |(kind, shape, start_tick, width_ticks, magnitude)| DriftEvent {
                kind,
                shape,
                start_tick,
                width_ticks,
                magnitude,
            },
        )
}

fn automation() -> impl Strategy<Value = AutomationLevel> {
    prop::sample::select(AutomationLevel::ALL.to_vec())
}

fn action() -> impl Strategy<Value = ScheduledAction> {
    let (lo, hi) = knobs::MODEL_THRESHOLD_RANGE;
    let what = prop_oneof![
        Just(Action::Retrain),
        Just(Action::Promote),
        Just(Action::Rollback),
        automation().prop_map(|level| Action::SetAutomation { level }),
        float(lo, hi).prop_map(|threshold| Action::SetThreshold { threshold }),
        event().prop_map(|event| Action::InjectDrift { event }),
    ];
    (0..=knobs::MAX_EVENT_TICK, what).prop_map(|(tick, action)| ScheduledAction { tick, action })
}

fn setup() -> impl Strategy<Value = Setup> {
    use prop::option::of;
    (
        (
            of(any::<u64>()),
            of(automation()),
            of(float(0.0, knobs::MAX_CONFIDENCE_BAND)),
            of(prop::sample::select(vec![
                Fallback::Human,
                Fallback::DefaultReject,
                Fallback::DefaultPass,
            ])),
            of(float(0.0, knobs::MAX_PHONES_PER_TICK)),
            of(0..=knobs::MAX_LABEL_DELAY_TICKS),
            of(model_knob()),
        ),
        (
            of(of(model_knob())),
            of(pattern()),
            of(serving()),
            of(prop::sample::select(vec![
                Detector::Off,
                Detector::Adwin,
                Detector::PageHinkley,
                Detector::Ddm,
                Detector::Kswin,
            ])),
            of(prop::collection::vec(event(), 0..=knobs::MAX_DRIFT_EVENTS)),
            of(
                prop::collection::vec(action(), 0..=knobs::MAX_ACTIONS).prop_map(|mut v| {
                    v.sort_by_key(|a| a.tick);
                    v
                }),
            ),
        ),
    )
        .prop_map(
            |(
                (seed, automation, confidence_band, fallback, phones_per_tick, delay, model),
                (candidate, pattern, serving, detector, events, actions),
            )| Setup {
                seed,
                automation,
                confidence_band,
                fallback,
                phones_per_tick,
                label_delay_ticks: delay,
                model,
                candidate,
                pattern,
                serving,
                detector,
                events,
                actions,
            },
        )
}

fn thresholds() -> impl Strategy<Value = BTreeMap<&'static str, f64>> {
    let specs = view_model::metrics::all();
    let n = specs.len();
    prop::sample::subsequence(specs, 0..=n).prop_flat_map(|chosen| {
        chosen
            .into_iter()
            .map(|s| float(s.min, s.max).prop_map(move |v| (s.id, v)))
            .collect::<Vec<_>>()
            .prop_map(|pairs| pairs.into_iter().collect::<BTreeMap<_, _>>())
    })
}

fn widget() -> impl Strategy<Value = Widget> {
    let mut all: Vec<Widget> = ChapterId::ALL.iter().map(|c| Widget::Chapter(*c)).collect();
    all.push(Widget::Dashboard);
    all.push(Widget::Lab);
    for p in PIE_NAMES {
        all.push(Widget::Pie(p));
    }
    for spec in view_model::metrics::all() {
        all.push(Widget::Chart(spec.id.into()));
    }
    all.push(Widget::Chart("model_recall".into()));
    prop::sample::select(all)
}

fn controls() -> impl Strategy<Value = BTreeSet<Control>> {
    prop::collection::btree_set(prop::sample::select(Control::ALL.to_vec()), 0..=4)
}

fn share_state() -> impl Strategy<Value = ShareState> {
    (
        prop::option::of(prop::sample::select(ChapterId::ALL.to_vec())),
        prop::option::of(prop::sample::select(Lesson::ALL.to_vec())),
        setup(),
        thresholds(),
        prop::option::of(1u32..=1000),
        0..=MAX_TICK,
        (prop::option::of(widget()), controls(), controls()),
    )
        .prop_map(
            |(chapter, lesson, setup, thresholds, speed, tick, (widget, hide, lock))| ShareState {
                chapter,
                lesson,
                setup,
                thresholds,
                speed,
                tick,
                embed: EmbedConfig { widget, hide, lock },
                branch: None,
            },
        )
}

fn check_safe(input: &str) -> Result<(), TestCaseError> {
    let (state, notices) = ShareState::parse(input);
    prop_assert!(
        state.scenario().validate().is_ok(),
        "invalid scenario from {:?}",
        input
    );
    prop_assert!(notices.len() <= MAX_NOTICES + 1);
    for n in &notices {
        let text = n.display();
        prop_assert!(!text.contains('<') && !text.contains('>'), "{:?}", text);
        prop_assert!(!text.chars().any(char::is_control), "{:?}", text);
    }
    let (again, again_notices) = ShareState::parse(&state.to_query());
    prop_assert_eq!(&again, &state);
    prop_assert!(again_notices.is_empty(), "{:?}", again_notices);
    Ok(())
}

/// Values that exercise every reader: real ones, edge numbers, markup, unicode, encodings.
fn nasty_value() -> BoxedStrategy<String> {
    let fixed: Vec<&'static str> = vec![
        "",
        "0",
        "1",
        "-1",
        "-0",
        "+7",
        "4.5",
        "1e400",
        "-1e400",
        "NaN",
        "inf",
        "-inf",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999",
        "0.0000000001",
        "none",
        "off",
        "all",
        "drift",
        "sandbox",
        "canary",
        "5",
        "17",
        "18",
        "full",
        "human",
        "partial",
        "shadow",
        "assist",
        "reject",
        "pass",
        "ddm",
        "page-hinkley",
        "trained:0.5",
        "wrong-labels:0.99",
        "always-pass:1",
        "broken-feature:-1",
        "canary:5,30,50,0,argo",
        "canary:100,1,100,100,flagger,0,1,1,off",
        "canary:0,0,0",
        "canary:5,30,50,0,argo,8,0.3,0.1,700,600",
        "bluegreen:30,60",
        "bg:604801,-1",
        "shadow",
        "edge,1,rt,log,1000",
        "cloud,256,batch:6,nolog,1",
        "edge,9",
        "cloud,0,batch:0",
        "light:sudden:200:0:0.4",
        "spec:gradual:500:200:0.3,blur:recurring:1:1:1",
        "new-defect:incremental:99999999999:99999999999:2",
        "light:sudden",
        "retrain@1,promote@2,rollback@3",
        "auto:full@10,model:0.3@5",
        "drift:light:sudden:1:0:1@0",
        "psi:0.2,reject:0.08",
        "p99:1e9,cpu:-1",
        "chart:psi",
        "pie:decisions",
        "lab",
        "dashboard",
        "automation,deployment,drift",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "\"><img src=x onerror=alert(1)>",
        "%3Cscript%3E",
        "%",
        "%%",
        "%zz",
        "%E0%A4%A",
        "%FF",
        "%C0%AF",
        "+",
        "a+b",
        "\u{202E}rtl\u{202C}",
        "\u{2066}isolate",
        "مرحبا",
        "שלום",
        "🤖🏭🧪",
        "👨‍👩‍👧",
        "\u{0}",
        "\u{7f}",
        "\r\n",
        "\u{FEFF}",
        "\u{200B}",
        "a=b=c",
        "&",
        "#",
        ":",
        ",",
        ",,,",
        "@",
        "::::",
        "1,2,3",
    ];
    prop_oneof![
        3 => prop::sample::select(fixed).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-z0-9:,.@+%-]{0,40}",
        1 => (0usize..3000).prop_map(|n| "9".repeat(n)),
    ]
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    let mut known: Vec<&'static str> = vec!["v", "ch", "lesson", "thr", "speed", "t"];
    known.extend(Setup::KEYS);
    known.extend(EmbedConfig::KEYS);
    prop_oneof![
        6 => prop::sample::select(known).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[A-Za-z%<>&=#?]{0,8}",
    ]
    .boxed()
}

fn soup() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), nasty_value(), any::<bool>()), 0..24),
        prop::sample::select(vec!["", "?", "#", "#?", "v=1&", "v=2&", "?v=1&"]),
    )
        .prop_map(|(pairs, prefix)| {
            let body: Vec<String> = pairs
                .into_iter()
                .map(|(k, v, raw)| {
                    if raw {
                        format!("{k}={v}")
                    } else {
                        format!(
                            "{}={}",
                            share::query::encode_component(&k),
                            share::query::encode_component(&v)
                        )
                    }
                })
                .collect();
            format!("{prefix}{}", body.join("&"))
        })
}

#[test]
fn every_valid_state_survives_its_link() {
    let cases = Cell::new(0u32);
    runner(1000)
        .run(&share_state(), |s| {
            cases.set(cases.get() + 1);
            let q = s.to_query();
            let (back, notices) = ShareState::parse(&q);
            prop_assert!(notices.is_empty(), "{:?} from {}", notices, q);
            prop_assert_eq!(&back, &s, "link {}", q);
            prop_assert!(q.starts_with("v=1"));
            prop_assert!(!q.contains(' ') && !q.contains('#'));
            Ok(())
        })
        .unwrap();
    eprintln!("round trip: {} arbitrary valid states", cases.get());
}

#[test]
fn same_link_same_run_tick_for_tick() {
    let cases = Cell::new(0u32);
    // Few cases: each builds and runs two worlds.
    runner(6)
        .run(&share_state(), |s| {
            cases.set(cases.get() + 1);
            let back = ShareState::parse(&s.to_query()).0;
            let (mut a, mut b) = (
                World::new(s.scenario()).unwrap(),
                World::new(back.scenario()).unwrap(),
            );
            prop_assert_eq!(a.trace_hash(120), b.trace_hash(120));
            Ok(())
        })
        .unwrap();
    eprintln!("trace hash: {} states replayed", cases.get());
}

#[test]
fn arbitrary_strings_never_break_the_page() {
    let cases = Cell::new(0u32);
    let strategy = prop_oneof![
        any::<String>(),
        "[ -~]{0,200}",
        prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    runner(2500)
        .run(&strategy, |input| {
            cases.set(cases.get() + 1);
            check_safe(&input)
        })
        .unwrap();
    eprintln!(
        "bad-URL property: {} arbitrary strings parsed safely",
        cases.get()
    );
}

#[test]
fn key_value_soups_never_break_the_page() {
    let cases = Cell::new(0u32);
    runner(2500)
        .run(&soup(), |input| {
            cases.set(cases.get() + 1);
            check_safe(&input)
        })
        .unwrap();
    eprintln!(
        "bad-URL property: {} key-value soups parsed safely",
        cases.get()
    );
}

#[test]
fn messages_and_prefs_never_panic() {
    let cases = Cell::new(0u32);
    let json_ish = prop_oneof![
        any::<String>(),
        (key(), nasty_value()).prop_map(|(k, v)| format!(
            r#"{{"type":"driftline:{k}","kind":"{v}","shape":"{v}","magnitude":{v},"level":"{v}"}}"#
        )),
        nasty_value()
            .prop_map(|v| format!(r#"{{"v":{v},"theme":"{v}","speed":{v},"last_chapter":"{v}"}}"#)),
    ];
    runner(1000)
        .run(&json_ish, |text| {
            cases.set(cases.get() + 1);
            match ParentMessage::parse(&text) {
                Ok(m) => prop_assert_eq!(ParentMessage::parse(&m.to_json()), Ok(m)),
                Err(e) => prop_assert!(!e.to_string().contains('<'), "{}", e),
            }
            let (p, notices) = Prefs::from_stored(&text);
            prop_assert!((1..=1000).contains(&p.speed));
            prop_assert_eq!(
                Prefs::from_stored(&p.to_stored()),
                (p, Vec::<Notice>::new())
            );
            for n in notices {
                prop_assert!(!n.display().contains('<'));
            }
            Ok(())
        })
        .unwrap();
    eprintln!("messages and prefs: {} inputs read safely", cases.get());
}
