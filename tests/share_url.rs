//! Share links, embed parameters, the postMessage API, export/import and preferences:
//! hand-written cases (tests/share_props.rs has the property tests).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline::{content, share, view_model};

use content::ChapterId;
use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{CanaryConfig, FailureSemantics, Pattern};
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::golden::STREAM_VERSION;
use driftline_sim::lessons::Lesson;
use driftline_sim::scenario::{Action, Scenario, ScheduledAction};
use driftline_sim::serving::{ServingConfig, ServingMode, Site};
use driftline_sim::world::World;
use share::embed_query::{Control, Widget};
use share::message::{height_message, ChildMessage, MessageError, ParentMessage};
use share::notice::{Notice, NoticeKind, MAX_NOTICES, MAX_VALUE_CHARS};
use share::prefs::{Prefs, Theme};
use share::state::ShareState;

/// The example link of the issue.
const EXAMPLE: &str = "v=1&ch=drift&seed=42&auto=partial&pat=canary:5,30,50,0,argo\
&drift=light:sudden:200:0:0.4,spec:gradual:500:200:0.3&thr=reject:0.08,psi:0.2&speed=4&t=1200";

/// Checks every bad-input promise: a usable scenario and notices safe to show as text.
fn assert_safe(input: &str) -> (ShareState, Vec<Notice>) {
    let (state, notices) = ShareState::parse(input);
    state
        .scenario()
        .validate()
        .unwrap_or_else(|e| panic!("invalid scenario from {:?}: {e}", short(input)));
    assert!(
        notices.len() <= MAX_NOTICES + 1,
        "{} notices",
        notices.len()
    );
    for n in &notices {
        let text = n.display();
        assert!(
            !text.contains('<') && !text.contains('>'),
            "raw angle bracket in {text:?}"
        );
        assert!(
            !text.chars().any(char::is_control),
            "control char in {text:?}"
        );
        assert!(
            !text.contains('\u{202E}') && !text.contains('\u{2066}'),
            "bidi override in {text:?}"
        );
        assert!(n.value().chars().count() <= MAX_VALUE_CHARS + 1, "{text:?}");
        assert!(
            text.chars().count() <= 400,
            "notice too long: {}",
            text.len()
        );
    }
    // Whatever came in, what goes out reads back the same.
    let (again, again_notices) = ShareState::parse(&state.to_query());
    assert_eq!(
        again,
        state,
        "re-reading the cleaned link of {:?}",
        short(input)
    );
    assert!(again_notices.is_empty(), "{again_notices:?}");
    (state, notices)
}

fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

fn kinds(notices: &[Notice], key: &str) -> Vec<NoticeKind> {
    notices
        .iter()
        .filter(|n| n.key() == key)
        .map(Notice::kind)
        .collect()
}

#[test]
fn the_issue_example_reads_without_notices_and_writes_back() {
    // The example predates `sim`: it pins a run without naming a simulation, so it simply
    // runs on this one, without a notice.
    let (old, notices) = ShareState::parse(EXAMPLE);
    assert!(notices.is_empty(), "{notices:?}");
    let (s, notices) = ShareState::parse(&format!("{EXAMPLE}&sim={STREAM_VERSION}"));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(old, s);
    assert_eq!(s.chapter, Some(ChapterId::Drift));
    assert_eq!(s.setup.seed, Some(42));
    assert_eq!(s.setup.automation, Some(AutomationLevel::PartialAutomation));
    assert_eq!(
        s.setup.pattern,
        Some(Pattern::Canary(CanaryConfig::default()))
    );
    assert_eq!(
        s.setup.events,
        Some(vec![
            DriftEvent::sudden(DriftKind::LightingDim, 200, 0.4),
            DriftEvent {
                kind: DriftKind::SpecTighten,
                shape: DriftShape::Gradual,
                start_tick: 500,
                width_ticks: 200,
                magnitude: 0.3,
            },
        ])
    );
    assert_eq!(s.thresholds.get("reject-rate"), Some(&0.08));
    assert_eq!(s.thresholds.get("psi"), Some(&0.2));
    assert_eq!(s.speed, Some(4));
    assert_eq!(s.tick, 1200);
    let q = s.to_query();
    assert!(
        q.starts_with(&format!(
            "v=1&sim={STREAM_VERSION}&ch=drift&seed=42&auto=partial&pat=canary:5,30,50,0,argo"
        )),
        "{q}"
    );
    assert!(
        q.contains("drift=light:sudden:200:0:0.4,spec:gradual:500:200:0.3"),
        "{q}"
    );
    assert_eq!(ShareState::parse(&q).0, s);
}

#[test]
fn a_link_replays_the_same_run_tick_for_tick() {
    let (s, _) = ShareState::parse(EXAMPLE);
    let (back, _) = ShareState::parse(&s.to_query());
    let mut a = World::new(s.scenario()).unwrap();
    let mut b = World::new(back.scenario()).unwrap();
    let ticks = 400;
    let ha = a.trace_hash(ticks);
    assert_eq!(ha, b.trace_hash(ticks));
    // The hash does see the link: another seed is another run.
    let other = ShareState::parse(&EXAMPLE.replace("seed=42", "seed=43")).0;
    let mut c = World::new(other.scenario()).unwrap();
    assert_ne!(ha, c.trace_hash(ticks));
}

#[test]
fn lesson_presets_are_the_base_and_overrides_apply_on_top() {
    let (s, n) = ShareState::parse("v=1&lesson=canary&delay=12");
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(s.lesson, Some(Lesson::Canary));
    let expected = Scenario {
        label_delay_ticks: 12,
        ..Lesson::Canary.preset()
    };
    assert_eq!(s.scenario(), expected);
    // Numbers, the simulation's names and the content's preset names all work.
    for name in ["5", "drift_speed", "drift-speed", "gradual-vs-sudden"] {
        let (s, n) = ShareState::parse(&format!("v=1&lesson={name}"));
        assert_eq!(s.lesson, Some(Lesson::DriftSpeed), "{name}: {n:?}");
    }
    // Written with the content's preset name.
    let q = ShareState {
        lesson: Some(Lesson::DriftSpeed),
        ..ShareState::default()
    }
    .to_query();
    assert_eq!(
        q,
        format!("v=1&sim={STREAM_VERSION}&lesson=gradual-vs-sudden")
    );
}

#[test]
fn a_pinned_run_from_another_simulation_version_is_named_but_still_applied() {
    let now = STREAM_VERSION;
    let replay = |q: &str| {
        let (s, n) = ShareState::parse(q);
        (s, kinds(&n, "sim"))
    };
    // Same version, or a link that pins no run: nothing to say.
    assert_eq!(replay(&format!("v=1&sim={now}&seed=5&t=300")).1, []);
    assert_eq!(replay("v=1&sim=0&ch=drift&lesson=canary").1, []);
    assert_eq!(replay("v=1&ch=drift&embed=drift").1, []);
    // A hand-written link without `sim` simply runs on this version.
    assert_eq!(replay("v=1&seed=5&t=300").1, []);
    // Another version, or a malformed one, with a pinned run.
    for q in [
        "v=1&sim=0&seed=5".to_string(),
        format!("v=1&sim={}&t=300", now + 1),
        "v=1&sim=x&act=100:auto:full".into(),
    ] {
        let (s, kinds) = replay(&q);
        assert_eq!(kinds, [NoticeKind::Replay], "{q}");
        // The settings are still applied: only the numbers may differ.
        let (same, _) = ShareState::parse(&format!("{q}&sim={now}"));
        assert_eq!(s.scenario(), same.scenario(), "{q}");
    }
    // A hand-typed link without `v` already gets the version notice; no second one.
    assert_eq!(replay("seed=5").1, []);
}

#[test]
fn with_scenario_carries_what_a_link_can_and_names_the_rest() {
    let base = ShareState {
        lesson: Some(Lesson::DataDrift),
        ..ShareState::default()
    };
    let mut current = Lesson::DataDrift.preset();
    current.seed = 7;
    current.automation = AutomationLevel::FullAutomation;
    current
        .events
        .push(DriftEvent::sudden(DriftKind::CameraBlur, 900, 0.7));
    current.serving = ServingConfig {
        site: Site::Cloud,
        mode: ServingMode::Batch {
            batch_every_ticks: 6,
        },
        servers: 12,
        logging: false,
        queue_capacity: 400,
    };
    current.actions.push(ScheduledAction {
        tick: 1000,
        action: Action::Retrain,
    });
    let (state, lost) = base.clone().with_scenario(&current);
    assert!(lost.is_empty(), "{lost:?}");
    assert_eq!(ShareState::parse(&state.to_query()).0.scenario(), current);
    // The camera has no key: the page is told the link leaves it out.
    current.camera.blur_sd += 0.1;
    let (_, lost) = base.with_scenario(&current);
    assert_eq!(lost, vec!["camera"]);
}

#[test]
fn nasty_links_never_break_the_page() {
    let mega = "9".repeat(1_000_000);
    let mega_junk = "<script>".repeat(130_000);
    let rtl = "\u{202E}tfird\u{202C}";
    let cases: Vec<String> = vec![
        String::new(),
        "?".into(),
        "#".into(),
        "&&&&".into(),
        "=".into(),
        "==&=x&x==".into(),
        "v=1".into(),
        "v=2&ch=drift".into(),
        "ch=drift".into(),
        "v=&ch=".into(),
        "v=1&seed=99999999999999999999999999999999".into(),
        "v=1&seed=-1".into(),
        "v=1&seed=1e9".into(),
        "v=1&speed=NaN&t=inf&band=-inf&rate=NaN".into(),
        "v=1&band=inf&rate=1e400&delay=-0".into(),
        "v=1&speed=0&t=18446744073709551616".into(),
        "v=1&speed=-4&t=-1".into(),
        format!("v=1&ch={rtl}"),
        "v=1&auto=🤖&ch=🏭&lesson=🧪🧪🧪".into(),
        "v=1&ch=%D8%A7%D9%84%D8%B9%D8%B1%D8%A8%D9%8A%D8%A9".into(),
        "v=1&ch=<script>alert(1)</script>".into(),
        "v=1&ch=%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(),
        "v=1&<img src=x onerror=alert(1)>=1".into(),
        "v=1&lesson=javascript:alert(1)&embed=javascript:alert(document.cookie)".into(),
        "v=1&embed=chart:<svg/onload=alert(1)>&hide=<b>,automation".into(),
        format!("v=1&seed={mega}"),
        format!("v=1&x={mega_junk}"),
        format!("{mega_junk}=1"),
        "v=1&seed=1&seed=2&seed=3".into(),
        "v=1&v=2&v=1".into(),
        "v=1&ch=%E0%A4%A&auto=%zz&pat=%".into(),
        "v=1&ch=%FF%FE&seed=%C0%AF".into(),
        "v=1&seed=&auto=&band=&fb=&rate=&delay=&model=&cand=&pat=&serve=&det=&drift=&act=&thr=&speed=&t=&embed=&hide=&lock=".into(),
        "v=1&pat=canary:0,0,0,999999,bogus,-5,2,-1,off".into(),
        "v=1&pat=canary:50,10,20".into(),
        "v=1&pat=canary:5,30,50,0,argo,8,0.9,0.1,900,100".into(),
        "v=1&pat=canary:,,,,,,,,,,,,,,".into(),
        "v=1&pat=bluegreen:99999999999,-1".into(),
        "v=1&pat=teleport".into(),
        "v=1&serve=edge,99,batch:0,maybe,0".into(),
        "v=1&serve=cloud,0,batch:,log,999999999".into(),
        "v=1&serve=,,,,,,,,".into(),
        "v=1&model=trained:1&cand=wrong-labels:0".into(),
        "v=1&model=always-pass:NaN&cand=none".into(),
        "v=1&drift=light:sudden:200:0:7,blur:gradual:-5:-5:-5,nope:x:1:1:1,spec:sudden".into(),
        format!("v=1&drift={}", vec!["light:sudden:1:0:0.1"; 40].join(",")),
        "v=1&act=retrain@500,promote@100,auto:full@50,model:2@10,drift:light:sudden:1:0:0.3@5".into(),
        "v=1&act=retrain,@,@@,teleport@5,auto:robot@1,model:x@1".into(),
        format!("v=1&act={}", vec!["retrain@1"; 100].join(",")),
        "v=1&thr=psi:99,reject:-1,nosuch:1,psi,:,p99:1e9".into(),
        "v=1&det=page_hinkley&fb=REJECT&auto=Full_Automation".into(),
        "v=1&embed=pie:nope&hide=all&lock=everything".into(),
        "v=1&embed=chart:model_recall&hide=automation,deployment,drift&lock=all".into(),
        "#?v=1&ch=drift".into(),
        "?v=1&ch=drift#/monitoring".into(),
        "v=1&ch=drift&\u{0}\u{1}\u{7f}=\u{0}".into(),
        "v=1&ch=drift\r\n\r\nSet-Cookie: x=1".into(),
        "v=1&a\u{2028}b=\u{FEFF}\u{200B}".into(),
        (0..200).map(|i| format!("k{i}=v{i}")).collect::<Vec<_>>().join("&"),
        "+++=+++&%20=%20".into(),
        "v=1;ch=drift;seed=4".into(),
        "v=1&ch=DRIFT&auto=PARTIAL".into(),
        "v=1&t=100001&speed=1001".into(),
    ];
    for case in &cases {
        assert_safe(case);
    }
    eprintln!(
        "nasty links: {} hand-written cases parsed safely",
        cases.len()
    );
}

#[test]
fn bad_values_are_clamped_or_defaulted_and_reported() {
    let (s, n) = assert_safe("v=1&seed=99999999999999999999999999&speed=0&t=-1&band=inf&rate=NaN");
    assert_eq!(s.setup.seed, Some(u64::MAX));
    assert_eq!(kinds(&n, "seed"), [NoticeKind::Clamped]);
    assert_eq!(s.speed, Some(1));
    assert_eq!(kinds(&n, "speed"), [NoticeKind::Clamped]);
    assert_eq!(s.tick, 0);
    assert_eq!(kinds(&n, "t"), [NoticeKind::Clamped]);
    assert_eq!(s.setup.confidence_band, Some(0.49));
    assert_eq!(s.setup.phones_per_tick, None);
    assert_eq!(kinds(&n, "rate"), [NoticeKind::Malformed]);

    let (s, n) = assert_safe("v=1&pat=canary:50,10,20&serve=edge,99");
    let Some(Pattern::Canary(c)) = s.setup.pattern else {
        panic!("not a canary")
    };
    assert_eq!((c.step_weight_pct, c.max_weight_pct), (50, 50));
    assert_eq!(c.interval_ticks, 10);
    assert_eq!(s.setup.serving.map(|s| s.servers), Some(8));
    assert!(kinds(&n, "pat").contains(&NoticeKind::Clamped));

    let (s, n) = assert_safe("v=1&pat=canary:5,30,50,2,flagger,8,0.1,0.2,off");
    let Some(Pattern::Canary(c)) = s.setup.pattern else {
        panic!("not a canary")
    };
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(c.semantics, FailureSemantics::FlaggerAtThreshold);
    assert_eq!(c.failure_limit, 2);
    assert_eq!(c.p99_latency_ms, None);
    assert_eq!((c.error_rate.pass_max, c.error_rate.fail_above), (0.1, 0.2));

    let (s, n) = assert_safe("v=1&drift=light:sudden:200:0:7,nope:x:1:1:1,spec:sudden");
    let events = s.setup.events.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].magnitude, 1.0);
    assert!(kinds(&n, "drift[0]").contains(&NoticeKind::Clamped));
    assert!(kinds(&n, "drift[1]").contains(&NoticeKind::Malformed));
    assert!(kinds(&n, "drift[2]").contains(&NoticeKind::Dropped));

    let many = vec!["light:sudden:1:0:0.1"; 40].join(",");
    let (s, n) = assert_safe(&format!("v=1&drift={many}"));
    assert_eq!(
        s.setup.events.unwrap().len(),
        share::limits::MAX_DRIFT_EVENTS
    );
    assert!(kinds(&n, "drift").contains(&NoticeKind::Dropped));

    let (s, n) = assert_safe("v=1&act=retrain@500,promote@100");
    let ticks: Vec<u64> = s.setup.actions.unwrap().iter().map(|a| a.tick).collect();
    assert_eq!(ticks, [100, 500]);
    assert_eq!(kinds(&n, "act"), [NoticeKind::Reordered]);

    let (s, n) = assert_safe("v=1&thr=psi:99,nosuch:1");
    assert_eq!(s.thresholds.get("psi"), Some(&10.0));
    assert_eq!(kinds(&n, "thr[0]"), [NoticeKind::Clamped]);
    assert_eq!(kinds(&n, "thr[1]"), [NoticeKind::Dropped]);
}

#[test]
fn duplicates_last_wins_versions_and_encoding_are_reported() {
    let (s, n) = assert_safe("v=1&seed=1&seed=2&seed=3");
    assert_eq!(s.setup.seed, Some(3));
    let dup: Vec<&str> = n
        .iter()
        .filter(|n| n.kind() == NoticeKind::Duplicate)
        .map(Notice::value)
        .collect();
    assert_eq!(dup, ["1", "2"]);

    let (s, n) = assert_safe("ch=drift");
    assert_eq!(s.chapter, Some(ChapterId::Drift));
    assert_eq!(kinds(&n, "v"), [NoticeKind::Version]);
    let (s, n) = assert_safe("v=2&ch=drift");
    assert_eq!(s.chapter, Some(ChapterId::Drift));
    assert_eq!(kinds(&n, "v"), [NoticeKind::Version]);
    assert_eq!(n[0].value(), "2");

    let (s, n) = assert_safe("v=1&ch=%zzdrift&auto=%66ull");
    assert_eq!(s.setup.automation, Some(AutomationLevel::FullAutomation));
    assert!(kinds(&n, "ch").contains(&NoticeKind::Encoding));
    assert!(kinds(&n, "auto").is_empty());

    let (_, n) = assert_safe("v=1&x=1&y=2");
    assert_eq!(kinds(&n, "x"), [NoticeKind::UnknownKey]);
    assert_eq!(kinds(&n, "y"), [NoticeKind::UnknownKey]);

    let (s, _) = assert_safe("?v=1&ch=drift#/monitoring");
    assert_eq!(s.chapter, Some(ChapterId::Drift));
    let (s, _) = assert_safe("#?v=1&ch=serving");
    assert_eq!(s.chapter, Some(ChapterId::Serving));
}

#[test]
fn notices_are_plain_short_text() {
    let (_, n) = assert_safe("v=1&ch=<script>alert(1)</script>");
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].value(), "‹script›alert(1)‹/script›");
    let (_, n) = assert_safe("v=1&ch=%E2%80%AEtfird");
    assert_eq!(n[0].value(), "\u{FFFD}tfird");
    let long = "x".repeat(5000);
    let (_, n) = assert_safe(&format!("v=1&ch={long}"));
    assert_eq!(n[0].value().chars().count(), MAX_VALUE_CHARS + 1);
    assert!(n[0].value().ends_with('…'));
    let junk: String = (0..100).map(|i| format!("k{i}=1&")).collect();
    let (_, n) = assert_safe(&format!("v=1&{junk}"));
    assert_eq!(n.len(), MAX_NOTICES + 1);
    assert_eq!(n[MAX_NOTICES].kind(), NoticeKind::TooMany);
    assert!(n[MAX_NOTICES]
        .display()
        .contains(&(100 - MAX_NOTICES).to_string()));
    let (_, n) = assert_safe(&format!("v=1&seed={}", "9".repeat(1_000_000)));
    assert!(n.iter().any(|n| n.kind() == NoticeKind::Truncated));
}

#[test]
fn embed_parameters() {
    let (s, n) = assert_safe("v=1&embed=chart:psi&hide=automation,deployment,drift&lock=all");
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(s.embed.widget, Some(Widget::Chart("psi".into())));
    assert!(s.embed.hides(Control::Drift));
    assert!(!s.embed.hides(Control::Clock));
    assert!(!s.embed.allows(Control::Clock));
    assert_eq!(s.embed.lock.len(), Control::ALL.len());
    for (text, widget) in [
        ("drift", Widget::Chapter(ChapterId::Drift)),
        (
            "beyond-accuracy",
            Widget::Chapter(ChapterId::BeyondAccuracy),
        ),
        ("dashboard", Widget::Dashboard),
        ("lab", Widget::Lab),
        ("pie:decisions", Widget::Pie("decisions")),
        ("chart:model_recall", Widget::Chart("model_recall".into())),
    ] {
        assert_eq!(Widget::parse(text), Some(widget.clone()), "{text}");
        assert_eq!(Widget::parse(&widget.name()), Some(widget));
    }
    for bad in [
        "",
        "chart:",
        "chart:nope",
        "pie:",
        "pie:nope",
        "Drift",
        "lab2",
    ] {
        assert_eq!(Widget::parse(bad), None, "{bad}");
    }
    let (s, n) = assert_safe("v=1&embed=pie:nope&hide=automation,teleport");
    assert_eq!(s.embed.widget, None);
    assert_eq!(kinds(&n, "embed"), [NoticeKind::Malformed]);
    assert_eq!(kinds(&n, "hide"), [NoticeKind::Dropped]);
    assert!(s.embed.hides(Control::Automation));
}

#[test]
fn embed_widget_names_match_the_app() {
    // Every dashboard chart id is an embeddable chart.
    for spec in view_model::metrics::all() {
        assert_eq!(
            Widget::parse(&format!("chart:{}", spec.id)),
            Some(Widget::Chart(spec.id.into()))
        );
    }
    // Every live pie of the lab is an embeddable pie.
    let world = World::new(Scenario::default()).unwrap();
    for pie in view_model::pies::all(&world) {
        assert!(
            share::embed_query::PIE_NAMES.contains(&pie.id),
            "{}",
            pie.id
        );
    }
}

#[test]
fn parent_messages_parse_strictly() {
    let ok = [
        (r#"{"type":"driftline:play"}"#, ParentMessage::Play),
        (r#"{"type":"driftline:pause"}"#, ParentMessage::Pause),
        (r#" {"type": "driftline:reset"} "#, ParentMessage::Reset),
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":0.4}"#,
            ParentMessage::InjectDrift {
                kind: DriftKind::LightingDim,
                shape: DriftShape::Sudden,
                magnitude: 0.4,
                width_ticks: None,
            },
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"spec_tighten","shape":"gradual","magnitude":1,"widthTicks":300}"#,
            ParentMessage::InjectDrift {
                kind: DriftKind::SpecTighten,
                shape: DriftShape::Gradual,
                magnitude: 1.0,
                width_ticks: Some(300),
            },
        ),
        (
            r#"{"type":"driftline:setAutomation","level":"full"}"#,
            ParentMessage::SetAutomation {
                level: AutomationLevel::FullAutomation,
            },
        ),
        (
            r#"{"type":"driftline:seek","tick":600}"#,
            ParentMessage::Seek { tick: 600 },
        ),
        (
            r#"{"type":"driftline:branch","tick":0}"#,
            ParentMessage::Branch { tick: 0 },
        ),
    ];
    for (json, msg) in ok {
        assert_eq!(ParentMessage::parse(json), Ok(msg), "{json}");
        assert_eq!(ParentMessage::parse(&msg.to_json()), Ok(msg));
    }
    let big = format!(r#"{{"type":"driftline:play","x":"{}"}}"#, "a".repeat(5000));
    let bad: Vec<(String, MessageError)> = vec![
        ("".into(), MessageError::NotJson { line: 1, column: 0 }),
        ("play".into(), MessageError::NotJson { line: 1, column: 1 }),
        ("[1,2]".into(), MessageError::NotAnObject),
        (r#""driftline:play""#.into(), MessageError::NotAnObject),
        ("{}".into(), MessageError::MissingType),
        (r#"{"type":7}"#.into(), MessageError::MissingType),
        (r#"{"type":"play"}"#.into(), MessageError::NotOurs),
        (r#"{"type":"react-devtools"}"#.into(), MessageError::NotOurs),
        (
            r#"{"type":"driftline:seek","tick":-3}"#.into(),
            MessageError::BadField {
                field: "tick",
                reason: "must be a whole number from 0 to 100000".into(),
            },
        ),
        (
            r#"{"type":"driftline:branch"}"#.into(),
            MessageError::MissingField("tick"),
        ),
        (
            r#"{"type":"driftline:<script>"}"#.into(),
            MessageError::UnknownType("‹script›".into()),
        ),
        (
            r#"{"type":"driftline:play","now":true}"#.into(),
            MessageError::UnknownField("now".into()),
        ),
        (
            r#"{"type":"driftline:injectDrift","shape":"sudden","magnitude":0.4}"#.into(),
            MessageError::MissingField("kind"),
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden"}"#.into(),
            MessageError::MissingField("magnitude"),
        ),
        (
            r#"{"type":"driftline:setAutomation"}"#.into(),
            MessageError::MissingField("level"),
        ),
        (big.clone(), MessageError::TooLarge { bytes: big.len() }),
    ];
    for (json, err) in bad {
        assert_eq!(ParentMessage::parse(&json), Err(err), "{}", short(&json));
    }
    // Wrong values name the field.
    for (json, field) in [
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":1.5}"#,
            "magnitude",
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":"0.4"}"#,
            "magnitude",
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":-0.1}"#,
            "magnitude",
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"laser","shape":"sudden","magnitude":0.4}"#,
            "kind",
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":7,"magnitude":0.4}"#,
            "shape",
        ),
        (
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":0.4,"widthTicks":-1}"#,
            "widthTicks",
        ),
        (
            r#"{"type":"driftline:setAutomation","level":"robot"}"#,
            "level",
        ),
    ] {
        match ParentMessage::parse(json) {
            Err(MessageError::BadField { field: f, reason }) => {
                assert_eq!(f, field, "{json}");
                assert!(!reason.contains('<'));
            }
            other => panic!("{json}: {other:?}"),
        }
    }
}

#[test]
fn child_messages_are_exact_json() {
    assert_eq!(
        height_message(640),
        r#"{"type":"driftline:height","height":640}"#
    );
    assert_eq!(
        ChildMessage::Ready.to_json(),
        r#"{"type":"driftline:ready"}"#
    );
    let v: serde_json::Value = serde_json::from_str(&height_message(u32::MAX)).unwrap();
    assert_eq!(v["height"].as_u64(), Some(u64::from(u32::MAX)));
}

#[test]
fn csv_export_has_one_row_per_tick_and_the_sim_header() {
    let mut world = World::new(Lesson::DataDrift.preset()).unwrap();
    world.run(50);
    let csv = share::history_csv(world.history());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 51);
    assert_eq!(lines[0], driftline_sim::metrics::TickMetrics::csv_header());
    let columns = lines[0].split(',').count();
    for (i, line) in lines[1..].iter().enumerate() {
        assert_eq!(line.split(',').count(), columns, "row {i}");
        assert!(line.starts_with(&format!("{i},")), "row {i}: {line}");
    }
    assert!(csv.ends_with('\n'));
}

#[test]
fn json_export_round_trips_and_import_names_bad_fields() {
    let scenario = ShareState::parse(EXAMPLE).0.scenario();
    let json = share::scenario_json(&scenario).unwrap();
    let back = share::import_scenario_json(&json).unwrap();
    assert_eq!(back.scenario, scenario);
    assert_eq!(Scenario::from_json(&json).unwrap(), scenario);

    let err = share::import_scenario_json("{\n  \"seed\": 4,\n  \"tick_secs\": }").unwrap_err();
    assert!(
        matches!(err, share::ImportError::Syntax { line: 3, .. }),
        "{err:?}"
    );
    let err = share::import_scenario_json(r#"{"seed": 4, "colour": "<b>red</b>"}"#).unwrap_err();
    match &err {
        share::ImportError::Schema { field, line, .. } => {
            assert_eq!(*line, 1);
            assert!(field.contains("colour") || field == ".", "{field}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.to_notice().display().contains('<'));
    let err = share::import_scenario_json(r#"{"model": {"threshold": "high"}}"#).unwrap_err();
    assert_eq!(err.field(), "model.threshold", "{err}");
    let err = share::import_scenario_json(r#"{"model": {"threshold": 1.5}}"#).unwrap_err();
    assert!(matches!(err, share::ImportError::Invalid { .. }), "{err:?}");
    assert_eq!(err.field(), "model.threshold");
    let err = share::import_scenario_json(r#"{"pattern": {"Canary": {"step_weight_pct": 0}}}"#)
        .unwrap_err();
    assert_eq!(err.field(), "pattern.canary.step_weight_pct", "{err}");
    let huge = format!(
        "{{\"seed\": 1{}}}",
        " ".repeat(share::export::MAX_IMPORT_BYTES)
    );
    assert!(matches!(
        share::import_scenario_json(&huge),
        Err(share::ImportError::TooLarge { .. })
    ));
}

#[test]
fn prefs_round_trip_and_tolerate_corruption() {
    let p = Prefs {
        theme: Theme::HighContrast,
        speed: 20,
        last_chapter: Some(ChapterId::BeyondAccuracy),
    };
    let stored = p.to_stored();
    assert_eq!(
        stored,
        r#"{"last_chapter":"beyond-accuracy","speed":20,"theme":"high-contrast","v":1}"#
    );
    assert_eq!(Prefs::from_stored(&stored), (p, vec![]));

    for corrupt in [
        "",
        "null",
        "{",
        "[1]",
        "\"dark\"",
        "{\"v\":1,",
        "\u{0}\u{1}",
    ] {
        let (q, n) = Prefs::from_stored(corrupt);
        assert_eq!(q, Prefs::default(), "{corrupt:?}");
        assert_eq!(n.len(), 1, "{corrupt:?}");
    }
    let (q, n) = Prefs::from_stored(r#"{"v":0,"dark":true,"speed":5,"chapter":"drift"}"#);
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(
        q,
        Prefs {
            theme: Theme::Dark,
            speed: 5,
            last_chapter: Some(ChapterId::Drift)
        }
    );
    let (q, n) = Prefs::from_stored(
        r#"{"v":1,"theme":"<blink>","speed":-3,"last_chapter":"nowhere","font":"huge"}"#,
    );
    assert_eq!(q, Prefs::default());
    let keys: Vec<&str> = n.iter().map(Notice::key).collect();
    assert_eq!(keys, ["font", "last_chapter", "speed", "theme"]);
    assert!(n.iter().all(|n| !n.display().contains('<')));
    let (q, n) = Prefs::from_stored(r#"{"v":9,"theme":"dark","speed":99999}"#);
    assert_eq!((q.theme, q.speed), (Theme::Dark, 1000));
    assert_eq!(n.len(), 2, "{n:?}");
    let (_, n) = Prefs::from_stored(&format!("{{\"v\":1,\"x\":\"{}\"}}", "a".repeat(10_000)));
    assert_eq!(n[0].kind(), NoticeKind::Truncated);
}
