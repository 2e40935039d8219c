//! Browser tests: run the harness against the fixture page in real headless Chromium, and
//! check that every planted fault makes the matching check fail.
//!
//! They need /usr/bin/chromium and /usr/bin/chromedriver, so they are ignored by default:
//! `cargo test -p driftline-e2e -- --include-ignored`.

// The whole file is test code; clippy's allow-unwrap-in-tests does not reach the helper
// functions of an integration test, and a failing unwrap here is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use driftline_e2e::checks::{self, names, FoundationOptions};
use driftline_e2e::fixture::{write_fixture, Fault};
use driftline_e2e::screenshots::{take_screenshots, ScreenshotSpec};
use driftline_e2e::webdriver::ConsoleCapture;
use driftline_e2e::{ChromeConfig, Page, Report, StaticServer, Status};
use serde_json::json;
use tempfile::TempDir;

/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn one_browser() -> MutexGuard<'static, ()> {
    BROWSER.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "not a PNG: {}",
        path.display()
    );
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

struct Run {
    report: Report,
    out: TempDir,
    requests: Vec<driftline_e2e::static_server::RequestRecord>,
    capture: ConsoleCapture,
}

fn run_fixture(fault: &Fault, config: &ChromeConfig) -> Run {
    let site = TempDir::new().unwrap();
    write_fixture(site.path(), fault).unwrap();
    let out = TempDir::new().unwrap();
    let server = StaticServer::start(site.path(), "/driftline/").unwrap();
    let mut page = Page::launch(config, server.base_url()).unwrap();
    let opts = FoundationOptions {
        out_dir: out.path().to_owned(),
        tick_timeout: Duration::from_secs(3),
        chart_timeout: Duration::from_secs(2),
        ..FoundationOptions::default()
    };
    let capture = page.session().console_capture();
    let report = checks::run_foundation(&mut page, &server, &opts);
    page.close().unwrap();
    Run {
        report,
        out,
        requests: server.requests(),
        capture,
    }
}

fn status(report: &Report, name: &str) -> Status {
    report
        .get(name)
        .unwrap_or_else(|| panic!("check {name:?} did not run:\n{report}"))
        .status
}

#[test]
#[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
fn clean_fixture_passes_every_check_and_saves_a_desktop_screenshot() {
    let _guard = one_browser();
    let run = run_fixture(&Fault::None, &ChromeConfig::default());
    assert_eq!(run.capture, ConsoleCapture::DriverLog);
    assert!(!run.report.has_failures(), "{}", run.report);
    assert_eq!(status(&run.report, names::PIE_PRESENT), Status::Pass);
    assert_eq!(status(&run.report, names::CHART_UPDATES), Status::Pass);
    let shot = run.out.path().join("foundation-desktop.png");
    assert_eq!(png_size(&shot), (1366, 768));
    let wasm = run
        .requests
        .iter()
        .find(|r| r.path() == "/driftline/empty.wasm")
        .unwrap_or_else(|| panic!("wasm never requested: {:?}", run.requests));
    assert_eq!(wasm.status, 200);
}

#[test]
#[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
fn each_planted_fault_fails_its_check() {
    let _guard = one_browser();
    let other_site = TempDir::new().unwrap();
    std::fs::write(
        other_site.path().join("dot.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#,
    )
    .unwrap();
    let other = StaticServer::start(other_site.path(), "/").unwrap();
    let foreign = format!("{}/dot.svg", other.origin());

    let cases: [(Fault, &[&str]); 6] = [
        (
            Fault::Panic,
            &[
                names::NO_PANIC_ELEMENT,
                names::NO_PANIC_MESSAGE,
                names::NO_CONSOLE_ERRORS,
            ],
        ),
        (Fault::ConsoleError, &[names::NO_CONSOLE_ERRORS]),
        (
            Fault::OutsideSubPath,
            // The 404 is also logged by the browser as a failed load.
            &[
                names::UNDER_SUB_PATH,
                names::REQUESTS_OK,
                names::NO_CONSOLE_ERRORS,
            ],
        ),
        (Fault::ForeignOrigin(foreign.clone()), &[names::SAME_ORIGIN]),
        (Fault::BlankChart, &[names::CHART_DRAWN]),
        // The chart is drawn once at load and never again: a chart that does not follow
        // the run is a failure too.
        (
            Fault::StuckTick,
            &[names::TICK_STARTS, names::CHART_UPDATES],
        ),
    ];
    for (fault, expected) in cases {
        let run = run_fixture(&fault, &ChromeConfig::default());
        let failed: Vec<&str> = run.report.failures().map(|r| r.name.as_str()).collect();
        let mut want = expected.to_vec();
        want.sort_unstable();
        let mut got = failed.clone();
        got.sort_unstable();
        assert_eq!(got, want, "{fault:?}:\n{}", run.report);
    }
    assert!(
        other.requests().iter().any(|r| r.path() == "/dot.svg"),
        "the foreign image was never fetched"
    );
}

#[test]
#[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
fn console_hook_fallback_catches_early_errors() {
    let _guard = one_browser();
    let config = ChromeConfig {
        force_console_hook: true,
        ..ChromeConfig::default()
    };
    let run = run_fixture(&Fault::ConsoleError, &config);
    assert_eq!(run.capture, ConsoleCapture::HookBeforeLoad);
    let errors = run.report.get(names::NO_CONSOLE_ERRORS).unwrap();
    assert_eq!(errors.status, Status::Fail, "{}", run.report);
    assert!(
        errors.detail.contains("deliberate console error"),
        "{}",
        errors.detail
    );

    // Same session type on a clean page: the hook must not invent errors.
    let clean = run_fixture(&Fault::None, &config);
    assert!(!clean.report.has_failures(), "{}", clean.report);
}

#[test]
#[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
fn page_api_drives_the_fixture_and_cleans_up_the_driver() {
    let _guard = one_browser();
    let site = TempDir::new().unwrap();
    write_fixture(site.path(), &Fault::None).unwrap();
    let server = StaticServer::start(site.path(), "/driftline/").unwrap();
    let mut page = Page::launch(&ChromeConfig::default(), server.base_url()).unwrap();
    assert_eq!(page.session().console_capture(), ConsoleCapture::DriverLog);
    let port = page.session().driver_port();

    page.goto("?from=test").unwrap();
    page.wait_for(checks::PLAY, Duration::from_secs(10))
        .unwrap();
    assert_eq!(page.text(checks::TICK).unwrap(), "0");
    for _ in 0..8 {
        page.click(r#"[data-testid="step"]"#).unwrap();
    }
    // 8 steps of 137 = 1,096: the separator must not confuse the reader.
    assert_eq!(page.text(checks::TICK).unwrap(), "1,096");
    assert_eq!(
        page.text_content(checks::TICK)
            .unwrap()
            .as_deref()
            .and_then(checks::parse_tick),
        Some(1096)
    );
    page.click(r#"[data-testid="reset"]"#).unwrap();
    assert_eq!(page.text(checks::TICK).unwrap(), "0");

    let sum = page
        .eval("return arguments[0] + arguments[1];", &[json!(2), json!(3)])
        .unwrap();
    assert_eq!(sum, json!(5));
    let later = page
        .eval_async(
            "const done = arguments[arguments.length - 1]; setTimeout(() => done('late'), 50);",
            &[],
        )
        .unwrap();
    assert_eq!(later, json!("late"));
    assert!(page.count("button").unwrap() >= 4);
    assert!(!page.exists(checks::PANIC).unwrap());
    let missing = page
        .wait_for("#never", Duration::from_millis(300))
        .unwrap_err();
    assert!(missing.message().contains("timed out"), "{missing}");
    let logs = page.console().unwrap();
    assert!(
        logs.iter().any(|l| l.message.contains("fixture ready")),
        "{logs:?}"
    );

    let out = TempDir::new().unwrap();
    let specs = [
        ScreenshotSpec::parse(":mobile:390x844").unwrap(),
        ScreenshotSpec::parse("#top:wide:1600x900").unwrap(),
    ];
    let report = take_screenshots(
        &mut page,
        &specs,
        out.path(),
        Some(checks::PLAY),
        Duration::ZERO,
    );
    assert!(!report.has_failures(), "{report}");
    assert_eq!(png_size(&out.path().join("mobile.png")), (390, 844));
    assert_eq!(png_size(&out.path().join("wide.png")), (1600, 900));

    // Dropping without `close` must still end the session and chromedriver.
    drop(page);
    let listening = std::net::TcpStream::connect_timeout(
        &([127, 0, 0, 1], port).into(),
        Duration::from_secs(2),
    );
    assert!(listening.is_err(), "chromedriver still listens after drop");
}

#[test]
#[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
fn missing_page_fails_loading_checks_without_hanging() {
    let _guard = one_browser();
    let site = TempDir::new().unwrap();
    std::fs::write(site.path().join("index.html"), "<p>nothing here</p>").unwrap();
    let server = StaticServer::start(site.path(), "/driftline/").unwrap();
    let mut page = Page::launch(&ChromeConfig::default(), server.base_url()).unwrap();
    let out = TempDir::new().unwrap();
    let opts = FoundationOptions {
        out_dir: out.path().to_owned(),
        ready_timeout: Duration::from_secs(1),
        chart_timeout: Duration::from_millis(300),
        ..FoundationOptions::default()
    };
    let report = checks::run_foundation(&mut page, &server, &opts);
    assert_eq!(status(&report, names::PAGE_LOADS), Status::Pass);
    assert_eq!(status(&report, names::PLAY_APPEARS), Status::Fail);
    assert_eq!(status(&report, names::CHART_DRAWN), Status::Fail);
    assert_eq!(status(&report, names::PIE_PRESENT), Status::Fail);
    assert_eq!(
        report.skipped().count(),
        0,
        "a missing feature is never a skip"
    );
    // Without <link rel="icon"> Chromium asks for /favicon.ico at the origin root, outside
    // the sub-path: the app's index.html must declare its icon.
    let outside = report.get(names::UNDER_SUB_PATH).unwrap();
    assert_eq!(outside.status, Status::Fail, "{report}");
    assert!(outside.detail.contains("/favicon.ico"), "{report}");
}
