//! Browser tests of sharing: links applied on mount, "Copy link", CSV export, scenario
//! import, and stored preferences, on the real app in headless Chromium.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use driftline::content::ChapterId;
use driftline::data_page::DataApp;
use driftline::lab::import_slot::{encode, PickedFile, STASH_KEY};
use driftline::root::App;
use driftline::share::{history_csv, scenario_json, Prefs, ShareState, Theme};
use driftline::{storage, url_sync};
use driftline_sim::metrics::TickMetrics;
use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Puts `query_and_hash` (e.g. `?v=1&seed=7#/drift`) in the address without events.
fn set_address(query_and_hash: &str) {
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query_and_hash}")),
        )
        .unwrap();
}

/// A mounted app; dropping it unmounts it, clears the address and the stored preferences.
struct Mounted {
    host: Element,
    destroy: Option<Box<dyn FnOnce()>>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.host
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(destroy) = self.destroy.take() {
            destroy();
        }
        self.host.remove();
        set_address("");
        storage::clear();
        storage::apply_theme(Theme::Light);
    }
}

async fn settle() {
    gloo::timers::future::TimeoutFuture::new(10).await;
    yew::scheduler::flush().await;
}

async fn mount_at(query_and_hash: &str) -> Mounted {
    mount_root::<App>(query_and_hash).await
}

/// Mounts `Root` (the chapters' [`App`], or the full build's [`DataApp`]).
async fn mount_root<Root>(query_and_hash: &str) -> Mounted
where
    Root: yew::BaseComponent,
    Root::Properties: Default,
{
    set_address(query_and_hash);
    let document = gloo::utils::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let app = yew::Renderer::<Root>::with_root(host.clone()).render();
    settle().await;
    Mounted {
        host,
        destroy: Some(Box::new(move || app.destroy())),
    }
}

fn find(host: &Element, test_id: &str) -> Option<HtmlElement> {
    host.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .unwrap()
        .and_then(|e| e.dyn_into().ok())
}

fn el(host: &Element, test_id: &str) -> HtmlElement {
    find(host, test_id).unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
}

fn text(host: &Element, test_id: &str) -> String {
    el(host, test_id).text_content().unwrap_or_default()
}

fn tick(host: &Element) -> u64 {
    text(host, "tick").trim().parse().unwrap()
}

/// Yields to the page until `ready` holds (no fixed sleep); fails after a generous bound.
async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..20_000 {
        if ready() {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(0).await;
        yew::scheduler::flush().await;
    }
    panic!("timed out waiting for {what}");
}

/// Clicks "Metrics CSV" and reads the exported file back through its blob URL.
async fn export_csv(host: &Element) -> String {
    el(host, "export-csv").click();
    settle().await;
    let href = el(host, "export-link").get_attribute("href").unwrap();
    assert!(href.starts_with("blob:"), "{href}");
    gloo::net::http::Request::get(&href)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn fresh_run(scenario: Scenario, ticks: u64) -> World {
    let mut world = World::new(scenario).unwrap();
    world.run(ticks);
    world
}

#[wasm_bindgen_test]
async fn a_link_applied_on_mount_replays_the_same_run_tick_for_tick() {
    let query = format!(
        "v=1&sim={}&lesson=data-drift&seed=7&thr=psi:0.3&t=120",
        driftline_sim::golden::STREAM_VERSION
    );
    let app = mount_at(&format!("?{query}#/drift")).await;
    until("the link's tick", || tick(&app) == 120).await;
    assert!(
        find(&app, "notices-link").is_none(),
        "a good link raises no notice"
    );
    let (link, _) = ShareState::parse(&query);
    let expected = fresh_run(link.scenario(), 120);
    // Every tick's metrics, not just the last, match a fresh run of the same setup.
    assert_eq!(export_csv(&app).await, history_csv(expected.history()));
    assert_eq!(
        text(&app, "escaped").trim(),
        expected.totals().decisions.fn_.to_string()
    );
    // The seed field shows the link's seed.
    let seed: HtmlInputElement = el(&app, "seed").dyn_into().unwrap();
    assert_eq!(seed.value(), "7");
}

#[wasm_bindgen_test]
async fn the_lab_picker_shows_the_lesson_a_link_starts_from() {
    let app = mount_at("?v=1&lesson=concept-drift&seed=5&t=30#/drift").await;
    until("the link's tick", || tick(&app) == 30).await;
    let picker = el(&app, "lab-preset");
    let value = js_sys::Reflect::get(&picker, &"value".into())
        .unwrap()
        .as_string()
        .unwrap();
    // The drift chapter's picker starts at lesson 3; the link starts from lesson 4.
    assert_eq!(value, "4");
}

#[wasm_bindgen_test]
async fn a_bad_link_shows_notices_as_text_and_the_page_still_works() {
    let app = mount_at("?v=9&seed=banana&speed=99999&zzz=%3Cb%3Ebold%3C%2Fb%3E#/drift").await;
    let box_el = el(&app, "notices-link");
    let t = box_el.text_content().unwrap();
    assert!(t.contains("seed"), "{t}");
    assert!(t.contains("speed"), "{t}");
    assert!(t.contains("zzz"), "{t}");
    // Rendered as text: the link's markup made no element.
    assert!(box_el.query_selector("b").unwrap().is_none());
    // The page works: stepping advances the clock.
    let before = tick(&app);
    el(&app, "step").click();
    settle().await;
    assert_eq!(tick(&app), before + 1);
    // Dismissing removes the box.
    el(&app, "notices-link-dismiss").click();
    settle().await;
    assert!(find(&app, "notices-link").is_none());
}

#[wasm_bindgen_test]
async fn copy_link_gives_a_link_that_parses_back_to_the_same_state() {
    let query = "v=1&lesson=canary&seed=11&speed=5&t=30";
    let app = mount_at(&format!("?{query}#/deployment")).await;
    until("the link's tick", || tick(&app) == 30).await;
    el(&app, "copy-link").click();
    settle().await;
    until("the link field", || find(&app, "share-link").is_some()).await;
    let field: HtmlInputElement = el(&app, "share-link").dyn_into().unwrap();
    let link = field.value();
    let (q, hash) = url_sync::split_link(&link);
    assert_eq!(hash, "#/deployment");
    let (back, notices) = ShareState::parse(q);
    assert!(notices.is_empty(), "{notices:?}");
    let (original, _) = ShareState::parse(query);
    assert_eq!(back.scenario(), original.scenario());
    assert_eq!(back.tick, 30);
    assert_eq!(back.speed, Some(5));
    assert_eq!(back.chapter, Some(ChapterId::Deployment));
    let status = text(&app, "share-status");
    assert!(
        status.contains("copied") || status.contains("by hand"),
        "{status}"
    );
}

#[wasm_bindgen_test]
async fn csv_export_has_the_header_and_one_row_per_tick() {
    let app = mount_at("#/drift").await;
    // The lab opens a little way into its run; the export covers exactly what ran.
    el(&app, "reset").click();
    settle().await;
    for _ in 0..6 {
        el(&app, "step").click();
        settle().await;
    }
    assert_eq!(tick(&app), 6);
    let csv = export_csv(&app).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], TickMetrics::csv_header());
    assert_eq!(lines.len(), 1 + 6, "{csv}");
    assert!(lines[1..].iter().all(|l| !l.is_empty()));
}

/// Puts a file holding `text` into the import field and fires `change`.
fn choose_file(host: &Element, name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = el(host, "import-json").dyn_into().unwrap();
    input.set_files(transfer.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn importing_json_names_the_bad_field_and_a_good_file_restarts_the_lab() {
    // The full build reads files; the chapters' wasm hands them to it (the next test).
    let app = mount_root::<DataApp>("#/drift").await;
    let mut value: serde_json::Value =
        serde_json::from_str(&scenario_json(&Scenario::default()).unwrap()).unwrap();
    value["model"]["threshold"] = serde_json::json!(1.5);
    choose_file(&app, "bad.json", &value.to_string());
    until("the import error", || find(&app, "import-error").is_some()).await;
    let error = text(&app, "import-error");
    assert!(error.contains("model.threshold"), "{error}");
    // Broken JSON names the line instead.
    choose_file(&app, "broken.json", "{\"seed\": 1,\n  oops");
    until("the syntax error", || {
        find(&app, "import-error").is_some_and(|e| e.text_content().unwrap().contains("line 2"))
    })
    .await;

    el(&app, "step").click();
    settle().await;
    let good = Scenario {
        seed: 4242,
        ..Scenario::default()
    };
    choose_file(&app, "good.json", &scenario_json(&good).unwrap());
    until("the import status", || {
        find(&app, "import-status").is_some()
    })
    .await;
    assert!(find(&app, "import-error").is_none());
    assert_eq!(tick(&app), 0, "the lab restarted");
    let seed: HtmlInputElement = el(&app, "seed").dyn_into().unwrap();
    assert_eq!(seed.value(), "4242");
}

#[wasm_bindgen_test]
async fn a_file_kept_across_the_reload_is_imported_once_by_the_full_build() {
    let good = Scenario {
        seed: 4343,
        ..Scenario::default()
    };
    let kept = PickedFile {
        name: "kept.json".to_owned(),
        text: scenario_json(&good).unwrap(),
    };
    let session = gloo::utils::window().session_storage().unwrap().unwrap();
    session.set_item(STASH_KEY, &encode(&kept)).unwrap();
    let app = mount_root::<DataApp>("#/drift").await;
    until("the kept file's import status", || {
        find(&app, "import-status").is_some()
    })
    .await;
    let status = text(&app, "import-status");
    assert!(status.contains("Imported kept.json"), "{status}");
    let seed: HtmlInputElement = el(&app, "seed").dyn_into().unwrap();
    assert_eq!(seed.value(), "4343");
    assert_eq!(
        session.get_item(STASH_KEY).unwrap(),
        None,
        "taken out, so a later reload is a plain one"
    );
}

#[wasm_bindgen_test]
async fn corrupt_stored_prefs_fall_back_with_a_notice_and_changes_are_stored() {
    storage::write_raw("{\"v\":1,\"theme\":\"neon\",\"speed\":\"fast\"").unwrap();
    let app = mount_at("").await;
    let notice = text(&app, "notices-prefs");
    assert!(notice.contains("(prefs)"), "{notice}");
    let theme: HtmlElement = el(&app, "theme");
    assert_eq!(
        js_sys::Reflect::get(&theme, &"value".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "system",
        "an unreadable theme falls back to following the system"
    );
    assert!(find(&app, "play").is_some(), "the page still works");

    // A readable but wrong field falls back on its own.
    drop(app);
    storage::write_raw("{\"v\":1,\"theme\":\"neon\",\"speed\":20}").unwrap();
    let app = mount_at("").await;
    let notice = text(&app, "notices-prefs");
    assert!(notice.contains("theme"), "{notice}");
    let speed = el(&app, "speed");
    assert_eq!(
        js_sys::Reflect::get(&speed, &"value".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "20",
        "the good speed was kept and applied"
    );

    // Choosing a theme puts its class on <html> and stores it.
    js_sys::Reflect::set(&theme_of(&app), &"value".into(), &"dark".into()).unwrap();
    theme_of(&app)
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    let root = gloo::utils::document().document_element().unwrap();
    assert!(root.class_list().contains("theme-dark"));
    let (stored, notices) = Prefs::from_stored(&storage::read_raw().unwrap());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(stored.theme, Theme::Dark);
    assert_eq!(stored.speed, 20);
}

fn theme_of(host: &Element) -> HtmlElement {
    el(host, "theme")
}

#[wasm_bindgen_test]
async fn compare_runs_two_setups_on_the_same_phones() {
    let app = mount_at("#/compare").await;
    el(&app, "compare-run").click();
    until("the comparison table", || {
        find(&app, "compare-table").is_some()
    })
    .await;
    let table = text(&app, "compare-table");
    for row in [
        "Escaped defects",
        "False rejects",
        "Inspector hours",
        "Time to detect drift",
    ] {
        assert!(table.contains(row), "{row} missing in {table}");
    }
    // The same setup on both sides differs by nothing.
    let b = el(&app, "compare-b-preset");
    js_sys::Reflect::set(&b, &"value".into(), &"8".into()).unwrap();
    b.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    el(&app, "compare-run").click();
    settle().await;
    until("the second run", || {
        !text(&app, "compare-run").contains("Running")
    })
    .await;
    let rows = app
        .query_selector_all("[data-testid=\"compare-table\"] tbody tr td:last-child")
        .unwrap();
    for i in 0..rows.length() {
        let cell = rows.get(i).unwrap().text_content().unwrap();
        assert!(
            ["0", "+0.0", "+0.000", "\u{2013}"].contains(&cell.as_str()),
            "row {i}: {cell}"
        );
    }
}
