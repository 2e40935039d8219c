//! Browser tests for presenter mode: the toggle, keyboard shortcuts on `document`, the help
//! overlay and the lesson script.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use driftline::chapters::page::CHAPTER_LAB_WARM_UP_TICKS;
use driftline::root::App;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app on the automation chapter (its lab has the automation radios) and turns
/// presenter mode on with the toolbar button.
async fn mount_presenting() -> (Element, AppHandle<App>) {
    gloo::utils::window()
        .location()
        .set_hash("/automation")
        .unwrap();
    let document = gloo::utils::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = yew::Renderer::<App>::with_root(host.clone()).render();
    settle().await;
    button(&host, "presenter-toggle").click();
    settle().await;
    (host, handle)
}

fn find(host: &Element, id: &str) -> Option<Element> {
    host.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
}

fn get(host: &Element, id: &str) -> Element {
    find(host, id).unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn button(host: &Element, id: &str) -> HtmlElement {
    get(host, id).dyn_into().unwrap()
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

fn press_on(target: &web_sys::EventTarget, key: &str) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    event.default_prevented()
}

fn press(key: &str) -> bool {
    press_on(gloo::utils::document().as_ref(), key)
}

async fn settle() {
    yew::scheduler::flush().await;
    TimeoutFuture::new(0).await;
    yew::scheduler::flush().await;
}

fn script_step(host: &Element) -> String {
    get(host, "script-step").get_attribute("data-step").unwrap()
}

fn search() -> String {
    gloo::utils::window().location().search().unwrap()
}

fn finish(handle: AppHandle<App>) {
    handle.destroy();
    let window = gloo::utils::window();
    window.location().set_hash("").unwrap();
    // Presenter mode writes `present=1` into the query; the next test starts without it.
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
}

#[wasm_bindgen_test]
async fn presenter_mode_scales_the_page_and_shows_the_script() {
    let (host, handle) = mount_presenting().await;
    let root = gloo::utils::document().document_element().unwrap();
    assert!(root.class_list().contains("presenting"));
    assert!(find(&host, "presenter-script").is_some());
    // The address remembers it, so a reload or a copied address stays in presenter mode.
    assert!(search().contains("present=1"), "{}", search());
    let title = get(&host, "script-title").text_content().unwrap();
    assert!(title.starts_with("Introduce"), "{title}");
    // Leaving presenter mode removes the class and the script.
    button(&host, "presenter-toggle").click();
    settle().await;
    assert!(!root.class_list().contains("presenting"));
    assert!(find(&host, "presenter-script").is_none());
    assert!(!search().contains("present"), "{}", search());
    finish(handle);
}

#[wasm_bindgen_test]
async fn shortcuts_play_pause_step_reset_and_set_automation() {
    let (host, handle) = mount_presenting().await;
    // A chapter's lab opens with some factory time already run.
    let start = CHAPTER_LAB_WARM_UP_TICKS;
    assert_eq!(tick(&host), start);
    assert!(
        press("ArrowRight"),
        "handled keys prevent the default action"
    );
    settle().await;
    assert_eq!(tick(&host), start + 1);
    press(" ");
    settle().await;
    TimeoutFuture::new(400).await;
    settle().await;
    assert!(tick(&host) > start + 1, "space plays");
    press(" ");
    settle().await;
    let paused = tick(&host);
    TimeoutFuture::new(300).await;
    settle().await;
    assert_eq!(tick(&host), paused, "space again pauses");
    press("r");
    settle().await;
    assert_eq!(tick(&host), 0, "R resets");
    press("1");
    settle().await;
    assert!(checked(&host, "automation-0"), "1 selects human only");
    press("3");
    settle().await;
    assert!(checked(&host, "automation-2"), "3 selects the third level");
    assert!(!checked(&host, "automation-0"));
    press("d");
    settle().await;
    let last = get(&host, "presenter-last").text_content().unwrap();
    assert!(last.contains("drift"), "{last}");
    finish(handle);
}

#[wasm_bindgen_test]
async fn shortcuts_are_ignored_in_text_fields_and_outside_presenter_mode() {
    let (host, handle) = mount_presenting().await;
    let stepped = CHAPTER_LAB_WARM_UP_TICKS + 1;
    press("ArrowRight");
    settle().await;
    assert_eq!(tick(&host), stepped);
    let seed = get(&host, "seed");
    assert!(
        !press_on(seed.as_ref(), "r"),
        "typing in a field is left alone"
    );
    settle().await;
    assert_eq!(tick(&host), stepped);
    button(&host, "presenter-toggle").click();
    settle().await;
    assert!(!press("ArrowRight"));
    settle().await;
    assert_eq!(tick(&host), stepped, "no shortcuts outside presenter mode");
    finish(handle);
}

#[wasm_bindgen_test]
async fn question_mark_opens_help_and_escape_closes_it() {
    let (host, handle) = mount_presenting().await;
    assert!(find(&host, "presenter-help").is_none());
    press("?");
    settle().await;
    let help = get(&host, "presenter-help").text_content().unwrap();
    assert!(help.contains("Play or pause"), "{help}");
    press("Escape");
    settle().await;
    assert!(find(&host, "presenter-help").is_none());
    button(&host, "presenter-help-button").click();
    settle().await;
    assert!(find(&host, "presenter-help").is_some());
    button(&host, "presenter-help-close").click();
    settle().await;
    assert!(find(&host, "presenter-help").is_none());
    finish(handle);
}

#[wasm_bindgen_test]
async fn script_next_and_page_keys_move_through_the_steps() {
    let (host, handle) = mount_presenting().await;
    assert_eq!(script_step(&host), "0");
    assert!(get(&host, "script-prev").matches(":disabled").unwrap());
    button(&host, "script-next").click();
    settle().await;
    assert_eq!(script_step(&host), "1");
    let title = get(&host, "script-title").text_content().unwrap();
    assert!(title.starts_with("Lesson 11"), "{title}");
    press("PageDown");
    settle().await;
    assert_eq!(script_step(&host), "2");
    press("PageUp");
    settle().await;
    assert_eq!(script_step(&host), "1");
    button(&host, "script-prev").click();
    settle().await;
    assert_eq!(script_step(&host), "0");
    finish(handle);
}
