//! Browser tests: mount the real app in headless Chromium and drive it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use driftline::root::App;
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

/// The lab's reject-rate chart canvas, once one step has given it data.
async fn stepped_chart_canvas() -> HtmlCanvasElement {
    let host = mount();
    yew::scheduler::flush().await;
    by_test_id(&host, "step").click();
    yew::scheduler::flush().await;
    by_test_id(&host, "chart-reject-rate")
        .dyn_into()
        .expect("a canvas")
}

/// The canvas's drawing-buffer size once `done` holds for it, or after a second of waiting
/// (only resize reports repaint it: no tick runs).
async fn buffer_size_when(
    canvas: &HtmlCanvasElement,
    done: impl Fn((u32, u32)) -> bool,
) -> (u32, u32) {
    let mut size = (canvas.width(), canvas.height());
    for _ in 0..50 {
        gloo::timers::future::TimeoutFuture::new(20).await;
        yew::scheduler::flush().await;
        size = (canvas.width(), canvas.height());
        if done(size) {
            break;
        }
    }
    size
}

#[wasm_bindgen_test]
async fn a_chart_follows_its_container_size_without_new_data() {
    let canvas = stepped_chart_canvas().await;
    let before = canvas.width();
    // Narrow the laid-out canvas (the test page has no stylesheet, so it is sized by its
    // own style here); no tick runs, so only the resize report can repaint it.
    canvas.set_attribute("style", "width: 240px").unwrap();
    let (after, _) = buffer_size_when(&canvas, |(w, _)| w != before).await;
    let dpr = gloo::utils::window().device_pixel_ratio();
    assert_eq!(
        after,
        (f64::from(u32::try_from(canvas.client_width()).unwrap()) * dpr).round() as u32,
        "the drawing buffer should hold one pixel per device pixel (was {before})"
    );
    assert!(after < before, "{after} should be narrower than {before}");
}

/// Takes the `presenting` class off the page again, even when the test fails.
struct PresentingClass;

impl Drop for PresentingClass {
    fn drop(&mut self) {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.class_list().remove_1("presenting");
        }
    }
}

#[wasm_bindgen_test]
async fn a_presenting_page_draws_charts_larger_at_full_resolution() {
    use driftline::components::line_chart::PRESENTER_CHART_ZOOM;
    let canvas = stepped_chart_canvas().await;
    // The stylesheet sizes canvases in the page; the test page has none, so the test does.
    canvas
        .set_attribute("style", "width: 600px; height: 300px")
        .unwrap();
    let _class = PresentingClass;
    gloo::utils::document()
        .document_element()
        .unwrap()
        .class_list()
        .add_1("presenting")
        .unwrap();
    // Laid out at 1 / zoom of its size (so text and lines come out zoom times larger), and
    // drawn at one buffer pixel per device pixel through the context's transform.
    let dpr = gloo::utils::window().device_pixel_ratio();
    let expected = (
        ((600.0 / PRESENTER_CHART_ZOOM).round() * PRESENTER_CHART_ZOOM * dpr).round() as u32,
        ((300.0 / PRESENTER_CHART_ZOOM).round() * PRESENTER_CHART_ZOOM * dpr).round() as u32,
    );
    let got = buffer_size_when(&canvas, |size| size == expected).await;
    assert_eq!(
        got, expected,
        "buffer for a 600 x 300 canvas while presenting"
    );
    // Laid out as before: the browser scales the smaller buffer up.
    assert_eq!(canvas.client_width(), 600);
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

/// The canvas wrapper writes stroke settings only when they change; a shape drawn by
/// plotters-canvas in between (an outlined rectangle) must not leave it with a stale colour.
#[wasm_bindgen_test]
fn canvas_lines_keep_their_own_colour_around_other_shapes() {
    use driftline::components::measured_canvas::{ContextState, MeasuredCanvas};
    use plotters_backend::{BackendColor, DrawingBackend};
    use std::cell::RefCell;
    use std::rc::Rc;

    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(60);
    canvas.set_height(60);
    let state = Rc::new(RefCell::new(ContextState::default()));
    let mut backend = MeasuredCanvas::new(canvas.clone(), Rc::clone(&state)).unwrap();
    let red = BackendColor {
        alpha: 1.0,
        rgb: (255, 0, 0),
    };
    let green = BackendColor {
        alpha: 1.0,
        rgb: (0, 160, 0),
    };
    backend.draw_line((0, 10), (59, 10), &red).unwrap();
    backend.draw_rect((5, 30), (55, 50), &green, false).unwrap();
    backend.draw_path([(0, 20), (59, 20)], &red).unwrap();
    // A fresh wrapper on the same canvas shares the remembered settings, as a chart's next
    // paint does.
    let mut again = MeasuredCanvas::new(canvas.clone(), state).unwrap();
    again.draw_line((0, 55), (59, 55), &red).unwrap();
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let pixel = |x: f64, y: f64| -> Vec<u8> {
        context
            .get_image_data(x, y, 1.0, 1.0)
            .unwrap()
            .data()
            .to_vec()
    };
    // Lines one pixel wide sit on the row above their coordinate (the half-pixel shift).
    assert_eq!(pixel(30.0, 9.0)[..3], [255, 0, 0], "first line");
    assert_eq!(
        pixel(30.0, 19.0)[..3],
        [255, 0, 0],
        "path after the outline"
    );
    let outline = pixel(5.0, 40.0);
    assert!(
        outline[1] > 100 && outline[0] < 60,
        "outline is green: {outline:?}"
    );
    assert_eq!(pixel(2.0, 54.0)[..3], [255, 0, 0], "line of the next paint");
}

/// A scaled wrapper lays out in smaller units and draws them at full resolution: what a
/// device pixel ratio of 2, or presenter mode, does to a chart.
#[wasm_bindgen_test]
fn a_scaled_canvas_draws_logical_units_on_every_buffer_pixel() {
    use driftline::components::measured_canvas::{ContextState, MeasuredCanvas};
    use plotters_backend::{BackendColor, DrawingBackend};
    use std::cell::RefCell;
    use std::rc::Rc;

    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(200);
    canvas.set_height(100);
    let state = Rc::new(RefCell::new(ContextState::default()));
    let mut backend = MeasuredCanvas::with_scale(canvas.clone(), state, 2.0).unwrap();
    assert_eq!(
        backend.get_size(),
        (100, 50),
        "plotters sees half the buffer"
    );
    let blue = BackendColor {
        alpha: 1.0,
        rgb: (0, 0, 255),
    };
    // Filled over the whole logical area: it must cover the whole buffer.
    backend.draw_rect((0, 0), (100, 50), &blue, true).unwrap();
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let corner = context
        .get_image_data(195.0, 95.0, 1.0, 1.0)
        .unwrap()
        .data()
        .to_vec();
    assert_eq!(
        corner[..3],
        [0, 0, 255],
        "the far corner of the buffer is painted"
    );
}
