//! Browser tests: mount the real app in headless Chromium and drive it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use driftline::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let host = document
        .create_element("div")
        .expect("a div can always be created");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&host)
        .expect("append to body");
    yew::Renderer::<App>::with_root(host.clone()).render();
    host
}

fn by_test_id(host: &web_sys::Element, id: &str) -> HtmlElement {
    host.query_selector(&format!("[data-testid=\"{id}\"]"))
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
}

fn tick_of(host: &web_sys::Element) -> u64 {
    by_test_id(host, "tick")
        .text_content()
        .unwrap_or_default()
        .trim()
        .parse()
        .expect("tick is a number")
}

#[wasm_bindgen_test]
async fn step_advances_the_tick_and_reset_returns_to_zero() {
    let host = mount();
    yew::scheduler::flush().await;
    // The chapter's lab opens with some factory time run, so its charts have data.
    let start = driftline::chapters::page::CHAPTER_LAB_WARM_UP_TICKS;
    assert!(start > 0);
    assert_eq!(tick_of(&host), start);
    for _ in 0..3 {
        by_test_id(&host, "step").click();
        yew::scheduler::flush().await;
    }
    assert_eq!(tick_of(&host), start + 3);
    by_test_id(&host, "reset").click();
    yew::scheduler::flush().await;
    assert_eq!(tick_of(&host), 0);
}

#[wasm_bindgen_test]
async fn chart_canvas_and_decision_pie_are_present_and_sized() {
    let host = mount();
    yew::scheduler::flush().await;
    for _ in 0..20 {
        by_test_id(&host, "step").click();
        yew::scheduler::flush().await;
    }
    let canvas: HtmlCanvasElement = by_test_id(&host, "chart-reject-rate")
        .dyn_into()
        .expect("a canvas");
    assert!(
        canvas.width() >= 100,
        "canvas drawing buffer not sized: {}",
        canvas.width()
    );
    let pie = by_test_id(&host, "pie-decisions");
    let text = pie.text_content().unwrap_or_default();
    assert!(text.contains("True pass"), "pie legend missing: {text}");
    assert!(
        pie.query_selector("path")
            .expect("valid selector")
            .is_some(),
        "pie has no wedge after 20 ticks"
    );
}

#[wasm_bindgen_test]
async fn a_chart_follows_its_container_size_without_new_data() {
    let host = mount();
    yew::scheduler::flush().await;
    by_test_id(&host, "step").click();
    yew::scheduler::flush().await;
    let canvas: HtmlCanvasElement = by_test_id(&host, "chart-reject-rate")
        .dyn_into()
        .expect("a canvas");
    let before = canvas.width();
    // Narrow the laid-out canvas (the test page has no stylesheet, so it is sized by its
    // own style here); no tick runs, so only the resize report can repaint it.
    canvas.set_attribute("style", "width: 240px").unwrap();
    let mut after = before;
    for _ in 0..50 {
        gloo::timers::future::TimeoutFuture::new(20).await;
        yew::scheduler::flush().await;
        after = canvas.width();
        if after != before {
            break;
        }
    }
    assert_eq!(
        after,
        u32::try_from(canvas.client_width()).unwrap(),
        "the drawing buffer should match the new laid-out width (was {before})"
    );
    assert!(after < before, "{after} should be narrower than {before}");
}

#[wasm_bindgen_test]
async fn play_disables_step_and_pause_restores_it() {
    let host = mount();
    yew::scheduler::flush().await;
    by_test_id(&host, "play").click();
    yew::scheduler::flush().await;
    assert!(by_test_id(&host, "step").has_attribute("disabled"));
    by_test_id(&host, "pause").click();
    yew::scheduler::flush().await;
    assert!(!by_test_id(&host, "step").has_attribute("disabled"));
}
