//! Browser tests for embed mode: one widget without page chrome, hide/lock flags, and the
//! parent-window postMessage API.
//!
//! In a top-level test page `window.parent === window`, so the tests send "parent"
//! messages by dispatching a `MessageEvent` whose `source` is the window itself (see
//! `driftline::embed::bridge`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use std::rc::Rc;

use driftline::embed::view::EmbedViewProps;
use driftline::embed::{EmbedRequest, EmbedView};
use driftline::root::App;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, MessageEvent, MessageEventInit};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> Element {
    let document = gloo::utils::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn mount(query: &str) -> (Element, AppHandle<EmbedView>) {
    let host = host();
    let config = Rc::new(EmbedRequest::from_query(query).expect("an embed query"));
    let handle =
        yew::Renderer::<EmbedView>::with_root_and_props(host.clone(), EmbedViewProps { config })
            .render();
    (host, handle)
}

fn find(host: &Element, id: &str) -> Option<Element> {
    host.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
}

fn get(host: &Element, id: &str) -> Element {
    find(host, id).unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn tick(host: &Element) -> u64 {
    get(host, "tick")
        .text_content()
        .unwrap_or_default()
        .trim()
        .parse()
        .unwrap()
}

fn checked(host: &Element, id: &str) -> bool {
    get(host, id)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .checked()
}

/// Sends `data` as a message whose source is `source` (the window, i.e. the parent here).
fn post(data: &JsValue, source: Option<&web_sys::Window>) {
    let init = MessageEventInit::new();
    init.set_data(data);
    if let Some(w) = source {
        init.set_source(Some(w.as_ref()));
    }
    let event = MessageEvent::new_with_event_init_dict("message", &init).unwrap();
    gloo::utils::window().dispatch_event(&event).unwrap();
}

fn post_from_parent(json: &str) {
    post(&JsValue::from_str(json), Some(&gloo::utils::window()));
}

async fn settle() {
    yew::scheduler::flush().await;
    TimeoutFuture::new(0).await;
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn embed_shows_only_the_widget_and_the_open_full_link() {
    let (host, handle) = mount("?v=1&seed=5&embed=dashboard");
    settle().await;
    assert!(find(&host, "embed").is_some());
    // The widget: the lab's clock and dashboard charts.
    assert!(find(&host, "play").is_some());
    assert!(find(&host, "chart-psi").is_some());
    // No page chrome.
    assert!(host.query_selector(".app-header").unwrap().is_none());
    assert!(host.query_selector("nav").unwrap().is_none());
    assert!(find(&host, "chapter-title").is_none());
    let link = get(&host, "embed-open-full");
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener"));
    let href = link.get_attribute("href").unwrap();
    assert!(!href.contains("embed="), "{href}");
    assert!(href.contains("seed=5"), "{href}");
    assert!(href.ends_with("#/sandbox"), "{href}");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn the_app_switches_to_embed_mode_from_the_address() {
    let window = gloo::utils::window();
    let history = window.history().unwrap();
    let original = window.location().href().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("?v=1&embed=pie:decisions"))
        .unwrap();
    let host = host();
    let handle = yew::Renderer::<App>::with_root(host.clone()).render();
    settle().await;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&original))
        .unwrap();
    assert_eq!(
        get(&host, "embed").get_attribute("data-widget").as_deref(),
        Some("pie:decisions")
    );
    assert!(find(&host, "pie-decisions").is_some());
    assert!(find(&host, "chart-psi").is_none());
    assert!(find(&host, "presenter-toggle").is_none());
    handle.destroy();
}

/// The tick a dashboard of the default scenario opens at (it opens with data).
fn opening() -> u64 {
    driftline::embed::view::opening_tick(&driftline_sim::scenario::Scenario::default())
}

#[wasm_bindgen_test]
async fn hide_flags_hide_control_groups_and_lock_flags_disable_them() {
    let (host, handle) = mount("?v=1&embed=dashboard&hide=drift,seed,clock&lock=automation");
    settle().await;
    for gone in ["inject-drift", "seed", "play", "step", "fast-forward"] {
        assert!(find(&host, gone).is_none(), "{gone} should be hidden");
    }
    // Still there: the tick readout (at the widget's opening tick: it opens with data),
    // thresholds and the (locked) automation radios.
    assert_eq!(tick(&host), opening());
    assert!(find(&host, "threshold-psi").is_some());
    let radio = get(&host, "automation-4");
    assert!(radio.matches(":disabled").unwrap(), "automation is locked");
    assert!(!get(&host, "threshold-psi").matches(":disabled").unwrap());
    handle.destroy();

    // A locked clock is shown but disabled.
    let (host, handle) = mount("?v=1&embed=chart:psi&lock=clock");
    settle().await;
    assert!(find(&host, "chart-psi").is_some());
    let play = get(&host, "play");
    assert!(play.matches(":disabled").unwrap());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn parent_messages_play_pause_inject_and_set_automation() {
    let (host, handle) = mount("?v=1&embed=dashboard");
    settle().await;
    assert!(
        checked(&host, "automation-3"),
        "default scenario: partial automation"
    );
    post_from_parent(r#"{"type":"driftline:play"}"#);
    settle().await;
    TimeoutFuture::new(400).await;
    settle().await;
    let running = tick(&host);
    assert!(running > opening(), "play should advance the clock");
    post_from_parent(r#"{"type":"driftline:pause"}"#);
    settle().await;
    let paused = tick(&host);
    TimeoutFuture::new(300).await;
    settle().await;
    assert_eq!(tick(&host), paused, "pause stops the clock");

    // A plain object works as well as a JSON string.
    let obj = js_sys::JSON::parse(r#"{"type":"driftline:setAutomation","level":"full"}"#).unwrap();
    post(&obj, Some(&gloo::utils::window()));
    settle().await;
    assert!(checked(&host, "automation-4"), "full automation selected");

    post_from_parent(
        r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":0.5}"#,
    );
    settle().await;
    let notice = get(&host, "notice").text_content().unwrap_or_default();
    assert!(notice.contains("Injected"), "{notice}");
    assert!(notice.contains(&format!("tick {paused}")), "{notice}");

    post_from_parent(r#"{"type":"driftline:reset"}"#);
    settle().await;
    assert_eq!(tick(&host), 0);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn malformed_or_foreign_messages_are_ignored() {
    let (host, handle) = mount("?v=1&embed=dashboard");
    settle().await;
    post_from_parent(r#"{"type":"driftline:setAutomation","level":"robot"}"#);
    post_from_parent(r#"{"type":"driftline:play","extra":1}"#);
    post_from_parent(r#"{"type":"driftline:play""#);
    post_from_parent(r#"{"type":"someone-else:play"}"#);
    post_from_parent("42");
    // A valid message from a window that is not the parent (no source) is dropped too.
    post(&JsValue::from_str(r#"{"type":"driftline:play"}"#), None);
    settle().await;
    TimeoutFuture::new(300).await;
    settle().await;
    assert_eq!(tick(&host), opening(), "nothing may start the clock");
    assert!(checked(&host, "automation-3"), "automation unchanged");
    let pause: HtmlElement = get(&host, "pause").dyn_into().unwrap();
    assert!(pause.matches(":disabled").unwrap(), "not playing");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_single_chart_embed_of_a_canary_draws_the_candidate_with_its_key() {
    let (host, handle) = mount("?v=1&lesson=canary&t=40&embed=chart:latency-p99");
    settle().await;
    assert_eq!(tick(&host), 40);
    assert!(find(&host, "chart-latency-p99").is_some());
    let key = get(&host, "candidate-legend-latency-p99")
        .text_content()
        .unwrap_or_default();
    assert!(
        key.contains("the candidate's own servers") && key.contains("on 5%"),
        "{key}"
    );
    handle.destroy();

    // Without a rollout there is no candidate and no key.
    let (host, handle) = mount("?v=1&seed=5&t=40&embed=chart:latency-p99");
    settle().await;
    assert!(find(&host, "chart-latency-p99").is_some());
    assert!(find(&host, "candidate-legend-latency-p99").is_none());
    handle.destroy();
}
