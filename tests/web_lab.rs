//! Browser tests of the lab: mount `Lab` with a lesson preset in headless Chromium and drive it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::rc::Rc;

use driftline::lab::{Lab, LabPanels, LabProps};
use driftline_sim::lessons::Lesson;
use driftline_sim::scenario::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount(id: &str, scenario: Scenario, panels: LabPanels) -> web_sys::Element {
    let document = gloo::utils::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let props = LabProps {
        id: id.to_owned().into(),
        scenario: Rc::new(scenario),
        panels,
        primary: false,
        warm_up_ticks: 0,
        children: yew::Html::default(),
        diverged_at: None,
        on_run: None,
    };
    yew::Renderer::<Lab>::with_root_and_props(host.clone(), props).render();
    host
}

/// Any element (SVG ones included) by test id.
fn node(host: &web_sys::Element, test_id: &str) -> web_sys::Element {
    host.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
}

/// An HTML element by test id (SVG elements are not `HtmlElement`s: use [`node`]).
fn el(host: &web_sys::Element, test_id: &str) -> HtmlElement {
    node(host, test_id).dyn_into::<HtmlElement>().unwrap()
}

fn text(host: &web_sys::Element, test_id: &str) -> String {
    el(host, test_id).text_content().unwrap_or_default()
}

fn tick(host: &web_sys::Element, id: &str) -> u64 {
    text(host, &format!("{id}-tick")).trim().parse().unwrap()
}

/// Sets the fast-forward field, clicks Fast-forward and waits (yielding to the page's
/// timeouts, no fixed sleep) until the tick reaches the target.
async fn fast_forward(host: &web_sys::Element, id: &str, ticks: u64) {
    let start = tick(host, id);
    let field: HtmlInputElement = el(host, &format!("{id}-ff-ticks")).dyn_into().unwrap();
    field.set_value(&ticks.to_string());
    field
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    el(host, &format!("{id}-fast-forward")).click();
    yew::scheduler::flush().await;
    while tick(host, id) < start + ticks {
        gloo::timers::future::TimeoutFuture::new(0).await;
        yew::scheduler::flush().await;
    }
}

/// The percentage after `label` in a pie's legend ("Stable (blue): 12 (100.0%)"); the
/// search starts after the label because labels may hold parentheses themselves.
fn legend_share(host: &web_sys::Element, pie: &str, label: &str) -> f64 {
    let t = text(host, pie);
    let at = t
        .find(label)
        .unwrap_or_else(|| panic!("{label} missing in {t}"));
    let rest = &t[at + label.len()..];
    let open = rest.find('(').unwrap();
    let close = rest.find('%').unwrap();
    rest[open + 1..close].parse().unwrap()
}

#[wasm_bindgen_test]
async fn bad_canary_ends_all_stable_and_the_rollback_is_noted() {
    let host = mount("canary", Lesson::Canary.preset(), LabPanels::all());
    yew::scheduler::flush().await;
    fast_forward(&host, "canary", 250).await;
    assert_eq!(
        legend_share(&host, "canary-pie-traffic", "Stable (blue)"),
        100.0
    );
    let status = text(&host, "canary-deployment-status");
    assert!(status.contains("Rolled back"), "{status}");
}

/// A chart's text alternative: its figure's caption (summary plus recent values).
fn chart_summary(host: &Element, id: &str) -> String {
    el(host, id)
        .closest("figure")
        .unwrap()
        .and_then(|f| f.query_selector("figcaption").unwrap())
        .and_then(|c| c.text_content())
        .unwrap_or_else(|| panic!("chart {id} has no figcaption"))
}

#[wasm_bindgen_test]
async fn always_pass_model_is_accurate_with_zero_recall() {
    let host = mount("rare", Lesson::RareClass.preset(), LabPanels::all());
    yew::scheduler::flush().await;
    fast_forward(&host, "rare", 300).await;
    let recall = chart_summary(&host, "rare-chart-recall");
    assert!(recall.contains("Latest value 0.000"), "{recall}");
    let accuracy = chart_summary(&host, "rare-chart-accuracy");
    let value: f64 = accuracy
        .split("Latest value ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(value > 0.9, "{accuracy}");
    assert!(text(&host, "rare-escaped").trim().parse::<u64>().unwrap() > 0);
}

#[wasm_bindgen_test]
async fn concept_drift_keeps_inputs_quiet_while_a_label_alarm_fires() {
    let preset = Lesson::ConceptDrift.preset();
    let drift = preset.events[0].start_tick;
    let host = mount("concept", preset, LabPanels::monitoring());
    yew::scheduler::flush().await;
    fast_forward(&host, "concept", drift + 800).await;
    let log = text(&host, "concept-alarm-log");
    // Log lines read "Tick 40: Share of missing images alarm FIRING".
    let inputs: Vec<_> = driftline::view_model::metrics::all()
        .into_iter()
        .filter(|m| m.family == driftline::view_model::metrics::Family::Input)
        .collect();
    assert_eq!(inputs.len(), 3, "brightness, PSI and missing share");
    for m in &inputs {
        assert!(
            !log.contains(&format!("{} alarm FIRING", m.caption)),
            "{log}"
        );
    }
    for id in ["brightness", "psi", "missing"] {
        assert!(!text(&host, &format!("concept-alarm-{id}")).contains("FIRING"));
        let label = chart_summary(&host, &format!("concept-chart-{id}"));
        assert!(!label.contains("Alarm fired"), "{label}");
    }
    let fired = [
        "precision",
        "recall",
        "accuracy",
        "overrides",
        "reject-rate",
    ]
    .iter()
    .any(|id| chart_summary(&host, &format!("concept-chart-{id}")).contains("Alarm fired"));
    assert!(fired, "no output or performance alarm: {log}");
}

#[wasm_bindgen_test]
async fn editable_pie_buttons_change_the_wedges() {
    let host = mount(
        "ed",
        Lesson::Pies.preset(),
        LabPanels {
            pies: true,
            ..LabPanels::none()
        },
    );
    yew::scheduler::flush().await;
    let wedge = |i: usize| {
        node(&host, &format!("ed-pie-editable-wedge-{i}"))
            .get_attribute("d")
            .unwrap()
    };
    let before = wedge(0);
    let value_before = text(&host, "ed-pie-editable-value-1");
    el(&host, "ed-pie-editable-plus-1").click();
    yew::scheduler::flush().await;
    assert_ne!(wedge(0), before, "a bigger neighbour shrinks wedge 0");
    assert_ne!(text(&host, "ed-pie-editable-value-1"), value_before);
    for _ in 0..10 {
        el(&host, "ed-pie-editable-minus-0").click();
        yew::scheduler::flush().await;
    }
    assert!(
        host.query_selector("[data-testid=\"ed-pie-editable-wedge-0\"]")
            .unwrap()
            .is_none(),
        "a zero value draws no wedge"
    );
    assert_eq!(text(&host, "ed-pie-editable-value-0"), "0");
}

#[wasm_bindgen_test]
async fn bad_threshold_shows_a_message_and_keeps_the_old_value() {
    let host = mount("thr", Scenario::default(), LabPanels::monitoring());
    yew::scheduler::flush().await;
    let before = text(&host, "thr-threshold-recall-current");
    let field: HtmlInputElement = el(&host, "thr-threshold-recall").dyn_into().unwrap();
    field.set_value("lots");
    field
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let message = text(&host, "thr-threshold-recall-error");
    assert!(message.contains("not a number"), "{message}");
    assert_eq!(text(&host, "thr-threshold-recall-current"), before);
    field.set_value("0.6");
    field
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(text(&host, "thr-threshold-recall-current").contains("0.600"));
    assert!(host
        .query_selector("[data-testid=\"thr-threshold-recall-error\"]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn retrain_with_logging_off_says_why() {
    let scenario = Scenario {
        serving: driftline_sim::serving::ServingConfig {
            logging: false,
            ..Default::default()
        },
        ..Scenario::default()
    };
    let host = mount("log", scenario, LabPanels::serving());
    yew::scheduler::flush().await;
    el(&host, "log-retrain").click();
    yew::scheduler::flush().await;
    assert!(text(&host, "log-notice").contains("logging is off"));
}

/// A mouse event of `kind` at `(x, y)` inside `target`'s box.
fn mouse_at(target: &HtmlElement, kind: &str, (x, y): (f64, f64)) {
    let rect = target.get_bounding_client_rect();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_client_x((rect.left() + x).round() as i32);
    init.set_client_y((rect.top() + y).round() as i32);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn dragging_the_red_line_moves_the_alarm_threshold() {
    let host = mount("drag", Lesson::DataDrift.preset(), LabPanels::drift());
    yew::scheduler::flush().await;
    fast_forward(&host, "drag", 60).await;
    let canvas = el(&host, "drag-chart-psi");
    canvas
        .set_attribute("style", "width: 400px; height: 220px")
        .unwrap();
    gloo::timers::future::TimeoutFuture::new(100).await;
    yew::scheduler::flush().await;
    let before = text(&host, "drag-threshold-psi-current");
    assert_eq!(before.trim(), "now 0.250");
    let size = (
        u32::try_from(canvas.client_width()).unwrap(),
        u32::try_from(canvas.client_height()).unwrap(),
    );
    let summary = chart_summary(&host, "drag-chart-psi");
    assert!(summary.contains("alarm threshold 0.25"), "{summary}");
    // Press on the line: try every row within its band (the axis range is the chart's own).
    let mut moved = false;
    for y in (0..size.1).step_by(2) {
        mouse_at(&canvas, "mousedown", (200.0, f64::from(y)));
        mouse_at(&canvas, "mousemove", (200.0, f64::from(y) + 30.0));
        mouse_at(&canvas, "mouseup", (200.0, f64::from(y) + 30.0));
        yew::scheduler::flush().await;
        if text(&host, "drag-threshold-psi-current").trim() != "now 0.250" {
            moved = true;
            break;
        }
    }
    assert!(moved, "no press on the chart picked up the red line");
    let after: f64 = text(&host, "drag-threshold-psi-current")
        .trim()
        .trim_start_matches("now ")
        .parse()
        .unwrap();
    assert!((0.0..0.25).contains(&after), "dragged down to {after}");
}

#[wasm_bindgen_test]
async fn blue_green_draws_the_candidate_beside_the_stable_model_with_its_share() {
    let host = mount("bg", Lesson::BlueGreen.preset(), LabPanels::deployment());
    yew::scheduler::flush().await;
    fast_forward(&host, "bg", 600).await;
    let legend = text(&host, "bg-candidate-legend-accuracy");
    assert!(legend.contains("% of phones"), "{legend}");
    assert!(legend.contains("solid: the stable model"), "{legend}");
    let summary = chart_summary(&host, "bg-chart-accuracy");
    assert!(
        summary.contains("Candidate model, dashed green"),
        "{summary}"
    );
}
