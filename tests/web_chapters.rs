//! Browser tests for the chapters: routing by hash, each chapter's content and interactive,
//! predict -> run -> reveal, and the baseline table's highlight.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use driftline::content::{ChapterId, CHAPTERS};
use driftline::root::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn set_hash(hash: &str) {
    gloo::utils::window()
        .location()
        .set_hash(hash)
        .expect("hash can be set");
}

async fn settle() {
    // hashchange is dispatched asynchronously; give it a turn, then let Yew render.
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    yew::scheduler::flush().await;
}

/// A mounted app; dropping it unmounts the app and removes its host, so the apps of earlier
/// tests do not stay on the page answering every later test's hash changes (each one a
/// full lab re-render, which made the file outlast the runner's time budget).
struct Mounted {
    host: Element,
    app: Option<yew::AppHandle<App>>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.host
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.host.remove();
    }
}

async fn mount_at(hash: &str) -> Mounted {
    set_hash(hash);
    settle().await;
    let document = gloo::utils::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let app = yew::Renderer::<App>::with_root(host.clone()).render();
    settle().await;
    Mounted {
        host,
        app: Some(app),
    }
}

fn find(host: &Element, selector: &str) -> Option<HtmlElement> {
    host.query_selector(selector)
        .expect("valid selector")
        .and_then(|e| e.dyn_into().ok())
}

fn by_id(host: &Element, id: &str) -> HtmlElement {
    find(host, &format!("[data-testid=\"{id}\"]")).unwrap_or_else(|| panic!("no data-testid={id}"))
}

fn text(e: &HtmlElement) -> String {
    e.text_content().unwrap_or_default()
}

/// Waits (yielding to the page) until `selector` exists, up to `secs` seconds.
async fn wait_for(host: &Element, selector: &str, secs: u64) -> HtmlElement {
    for _ in 0..secs * 20 {
        if let Some(e) = find(host, selector) {
            return e;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
        yew::scheduler::flush().await;
    }
    panic!("{selector} did not appear within {secs} s");
}

#[wasm_bindgen_test]
async fn every_chapter_mounts_with_title_text_and_interactive() {
    let host = mount_at("#/lifecycle").await;
    for c in CHAPTERS {
        set_hash(&format!("/{}", c.slug));
        settle().await;
        assert_eq!(text(&by_id(&host, "chapter-title")), c.title);
        let body = text(&by_id(&host, "chapter-text"));
        let first: String = c.paragraphs[0].chars().take(40).collect();
        assert!(body.contains(&first), "{}: text missing", c.slug);
        // The chapter's lab is there, with the foundation ids.
        by_id(&host, "tick");
        by_id(&host, "play");
        // One try-this per lesson, each with its options as radio buttons.
        for t in c.try_this {
            let card = by_id(&host, &format!("try-{}-card", t.lesson));
            let radios = card.query_selector_all("input[type=\"radio\"]").unwrap();
            assert_eq!(
                radios.length() as usize,
                t.options.len(),
                "{} lesson {}",
                c.slug,
                t.lesson
            );
        }
        let current = find(&host, "nav a[aria-current=\"page\"]").expect("current chapter marked");
        assert!(text(&current).contains(c.title));
        match c.id {
            ChapterId::Lifecycle => {
                by_id(&host, "lifecycle-strip");
                by_id(&host, "system-diagram");
            }
            ChapterId::Deployment => {
                by_id(&host, "why-deploy");
            }
            _ => {}
        }
    }
}

#[wasm_bindgen_test]
async fn nav_links_and_next_button_change_the_chapter() {
    let host = mount_at("#/lifecycle").await;
    by_id(&host, "nav-drift").click();
    settle().await;
    assert_eq!(text(&by_id(&host, "chapter-title")), CHAPTERS[1].title);
    assert_eq!(gloo::utils::window().location().hash().unwrap(), "#/drift");
    by_id(&host, "next-chapter").click();
    settle().await;
    assert_eq!(text(&by_id(&host, "chapter-title")), CHAPTERS[2].title);
    by_id(&host, "prev-chapter").click();
    settle().await;
    assert_eq!(text(&by_id(&host, "chapter-title")), CHAPTERS[1].title);
}

#[wasm_bindgen_test]
async fn unknown_hash_shows_a_notice_and_the_first_chapter() {
    let host = mount_at("#/no-such-chapter").await;
    let notice = text(&by_id(&host, "unknown-chapter"));
    assert!(notice.contains("no-such-chapter"), "{notice}");
    assert_eq!(text(&by_id(&host, "chapter-title")), CHAPTERS[0].title);
    // A known chapter clears the notice.
    set_hash("/drift");
    settle().await;
    assert!(find(&host, "[data-testid=\"unknown-chapter\"]").is_none());
}

#[wasm_bindgen_test]
async fn the_system_diagram_shows_a_box_detail_when_picked() {
    let host = mount_at("#/lifecycle").await;
    by_id(&host, "box-monitoring").click();
    yew::scheduler::flush().await;
    assert_eq!(
        by_id(&host, "box-monitoring")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert!(text(&by_id(&host, "box-detail")).contains("Monitoring"));
}

async fn predict_and_run(host: &Element, lesson: u8, option: usize) -> HtmlElement {
    let radio: HtmlInputElement = by_id(host, &format!("try-{lesson}-option-{option}"))
        .dyn_into()
        .unwrap();
    radio.click();
    yew::scheduler::flush().await;
    assert!(radio.checked());
    by_id(host, &format!("try-{lesson}-run")).click();
    yew::scheduler::flush().await;
    wait_for(
        host,
        &format!("[data-testid=\"try-{lesson}-verdict\"]"),
        120,
    )
    .await
}

#[wasm_bindgen_test]
async fn running_without_a_prediction_asks_for_one() {
    let host = mount_at("#/deployment").await;
    by_id(&host, "try-8-run").click();
    yew::scheduler::flush().await;
    assert!(text(&by_id(&host, "try-8-nudge")).contains("Pick a prediction"));
    assert!(find(&host, "[data-testid=\"try-8-progress\"]").is_none());
}

#[wasm_bindgen_test]
async fn predict_run_reveal_marks_right_and_wrong_with_numbers() {
    let host = mount_at("#/deployment").await;
    let t = CHAPTERS
        .iter()
        .flat_map(|c| c.try_this)
        .find(|t| t.lesson == 7)
        .unwrap();
    let verdict = predict_and_run(&host, 7, t.expected).await;
    assert_eq!(verdict.get_attribute("data-right").as_deref(), Some("true"));
    let reveal = text(&by_id(&host, "try-7-reveal"));
    assert!(
        reveal.chars().any(|c| c.is_ascii_digit()),
        "no numbers: {reveal}"
    );
    assert!(reveal.contains("shadow"), "{reveal}");

    let wrong = (t.expected + 1) % t.options.len();
    let verdict = predict_and_run(&host, 7, wrong).await;
    // The old verdict is replaced once the new run finishes; wait for the new one.
    let mut right = verdict.get_attribute("data-right");
    for _ in 0..200 {
        if right.as_deref() == Some("false") {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
        yew::scheduler::flush().await;
        right = by_id(&host, "try-7-verdict").get_attribute("data-right");
    }
    assert_eq!(right.as_deref(), Some("false"));
    assert!(text(&by_id(&host, "try-7-verdict")).contains(t.options[wrong]));
}

#[wasm_bindgen_test]
async fn baseline_table_highlights_the_largest_gap_times_share() {
    let host = mount_at("#/baselines").await;
    predict_and_run(&host, 16, 1).await;
    let table = wait_for(&host, "[data-testid=\"baseline-table\"]", 10).await;
    let largest = by_id(&host, "baseline-largest");
    assert!(largest
        .get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == "highlight"));
    assert!(text(&largest).contains("Largest gap"));
    let cell = |row: &Element| -> f64 {
        row.query_selector_all("td")
            .unwrap()
            .item(4)
            .and_then(|c| c.text_content())
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let top = cell(&largest);
    let rows = table.query_selector_all("tbody tr").unwrap();
    assert!(rows.length() >= 3);
    for i in 0..rows.length() {
        let row: Element = rows.item(i).unwrap().dyn_into().unwrap();
        assert!(
            cell(&row) <= top,
            "row {i} has a larger gap x share than the highlighted one"
        );
    }
    assert!(table.query_selector("caption").unwrap().is_some());
}
