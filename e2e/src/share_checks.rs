//! Checks of the share, embed, single-file and presenter features. Every check fails when
//! what it looks at is missing: each test id it names must be on the page, and the check
//! says which one was not. The only skip is the single-file check when no `--single-file`
//! was given and no build sits beside `dist` (this machine has nothing to open); it is
//! listed in the run's summary.
//!
//! - a shared link (`?v=1&sim=N&seed=7&t=300#/sandbox`, N this build's simulation version)
//!   raises no notice (while one with `sim=N+1` must, so the notice's test id is real) and
//!   shows the same numbers at tick 300 as a fresh page set to seed 7
//!   and fast-forwarded 300 ticks through the controls, and so does the link the "Copy
//!   link" button hands out on that page;
//! - `host.html` (written next to the served copy of `dist`, see [`prepare_site`]) embeds
//!   `embed.html?embed=dashboard`, must receive a `driftline:height` message, and a
//!   `driftline:play` message must start the embedded clock;
//! - the single-file build opened from `file://` runs and loads nothing from a network;
//! - presenter mode (`?present=1`): space plays, space pauses, `?` opens the help.
//!
//! One file per feature under `share_checks/`: `links.rs`, `embed.rs`, `single_file.rs`,
//! `presenter.rs`; this one holds the test ids, check names and options they share, the
//! served copy of the site and the order the checks run in.

use std::path::Path;
use std::time::Duration;

use tempfile::TempDir;

use crate::checks::{parse_tick, TICK};
use crate::error::{Context, Error, Result};
use crate::page::Page;
use crate::report::Report;

mod embed;
mod links;
mod presenter;
mod single_file;

pub use embed::HOST_HTML;
pub use links::{
    other_version_link, shared_link, snapshot_differences, Snapshot, SHARED_SEED, SHARED_TICK,
};
pub use single_file::{file_url, network_urls, plan_single_file, SingleFile, SingleFilePlan};

/// File name of the iframe host page written into the served directory.
pub const HOST_PAGE: &str = "host.html";

/// The primary lab's "Copy link" button.
pub const COPY_LINK: &str = r#"[data-testid="copy-link"]"#;
/// The field showing the copied link (rendered once the button was pressed).
pub const SHARE_LINK_FIELD: &str = r#"[data-testid="share-link"]"#;
/// The primary lab's root.
pub const LAB: &str = r#"[data-testid="lab"]"#;
/// The root of an embedded widget (`?embed=...`). Exact: the normal page carries an
/// `embed-builder-link`, which must not count.
pub const EMBED_UI: &str = r#"[data-testid="embed"]"#;
/// The lesson script beside the lab, shown only while presenting (`?present=1`); the
/// presenter toolbar alone is on every page.
pub const PRESENTER_UI: &str = r#"[data-testid="presenter-script"]"#;
/// The presenter's keyboard help.
pub const PRESENTER_HELP: &str = r#"[data-testid="presenter-help"]"#;

/// Check names.
pub mod names {
    /// A shared link replays the same run.
    pub const SHARE_REPRODUCES: &str = "share: link reproduces the run";
    /// The link from "Copy link" replays the same run.
    pub const SHARE_COPIED: &str = "share: copied link reproduces the run";
    /// A copied link also replays what was done by hand during the run.
    pub const SHARE_HAND_ACTIONS: &str = "share: copied link replays hand actions";
    /// The embedded page reports its height.
    pub const EMBED_HEIGHT: &str = "embed: height message";
    /// `driftline:play` starts the embedded clock.
    pub const EMBED_PLAY: &str = "embed: play message runs the clock";
    /// The reported height covers the embedded document (else the iframe keeps a
    /// scrollbar of its own).
    pub const EMBED_HEIGHT_FITS: &str = "embed: reported height fits the content";
    /// The single-file build runs from `file://` without network.
    pub const SINGLE_FILE: &str = "single-file: runs offline";
    /// Space starts and stops the clock in presenter mode.
    pub const PRESENTER_SPACE: &str = "presenter: space plays and pauses";
    /// `?` opens the keyboard help.
    pub const PRESENTER_HELP: &str = "presenter: ? shows help";
}

/// Tunables of the share checks.
#[derive(Debug, Clone)]
pub struct ShareOptions {
    /// The single-file build to open via `file://`, see [`plan_single_file`]; `None` skips
    /// that check.
    pub single_file: Option<SingleFile>,
    /// How long a page may take to show its lab.
    pub ready_timeout: Duration,
    /// How long a tick counter may take to reach a value (fast-forwards in debug builds
    /// are slow).
    pub tick_timeout: Duration,
    /// How long the embedded page may take to send its first message.
    pub message_timeout: Duration,
    /// Viewport the checks run at (the walk may have left a phone-sized window).
    pub viewport: (u32, u32),
}

impl Default for ShareOptions {
    fn default() -> Self {
        Self {
            single_file: None,
            ready_timeout: Duration::from_secs(20),
            tick_timeout: Duration::from_secs(60),
            message_timeout: Duration::from_secs(10),
            viewport: (1366, 768),
        }
    }
}

/// Copies the built site into a fresh temporary directory and adds [`HOST_PAGE`]. Serve
/// the returned directory; it is removed when dropped.
pub fn prepare_site(dist: &Path) -> Result<TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("driftline-e2e-site-")
        .tempdir()
        .context("creating a directory for the served copy")?;
    copy_dir(dist, dir.path()).context(&format!("copying {}", dist.display()))?;
    std::fs::write(dir.path().join(HOST_PAGE), HOST_HTML)
        .context(&format!("writing {HOST_PAGE}"))?;
    Ok(dir)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Runs the four feature checks in order.
pub fn run_share_checks(page: &mut Page, opts: &ShareOptions) -> Report {
    let mut report = Report::new();
    let (width, height) = opts.viewport;
    // The checks below compare desktop layouts; at another size they would not mean much.
    if let Err(e) = page.session().set_window_size(width, height) {
        report.fail(
            "share: viewport",
            format!("could not resize to {width}x{height}: {e}"),
        );
    }
    let fresh = links::check_shared_link(&mut report, page, opts);
    links::check_copied_link(&mut report, page, fresh, opts);
    links::check_hand_actions(&mut report, page, opts);
    embed::check_embed(&mut report, page, opts);
    single_file::check_single_file(&mut report, page, opts);
    presenter::check_presenter(&mut report, page, opts);
    report
}

/// Fails every check in `names` that has no outcome in `report` after index `from` (a step
/// all of them needed went wrong).
fn fail_unreported(report: &mut Report, from: usize, names: &[&str], why: &str) {
    for name in names {
        let reported = report
            .results
            .get(from..)
            .unwrap_or_default()
            .iter()
            .any(|r| r.name == *name);
        if !reported {
            report.fail(name, why);
        }
    }
}

/// The primary lab's tick; fails when the counter is missing or shows no number.
fn read_tick(page: &Page) -> Result<u64> {
    let text = page
        .text_content(TICK)?
        .ok_or_else(|| Error::new(format!("no element matches {TICK}")))?;
    parse_tick(&text).ok_or_else(|| Error::new(format!("{TICK} shows no number: {text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_name_exactly_one_test_id_each() {
        // A list (`a, b`) would let a check pass on a stand-in; each names one id.
        for css in [
            COPY_LINK,
            SHARE_LINK_FIELD,
            LAB,
            EMBED_UI,
            PRESENTER_UI,
            PRESENTER_HELP,
            links::LINK_NOTICES,
        ] {
            assert!(!css.contains(','), "{css}");
            assert_eq!(css.matches("data-testid=").count(), 1, "{css}");
        }
    }

    #[test]
    fn unreported_checks_fail_when_a_shared_step_broke() {
        let mut report = Report::new();
        report.pass("earlier", "ok");
        let from = report.results.len();
        report.pass("b", "ok");
        fail_unreported(&mut report, from, &["a", "b", "earlier"], "frame gone");
        let failed: Vec<&str> = report.failures().map(|r| r.name.as_str()).collect();
        assert_eq!(
            failed,
            ["a", "earlier"],
            "only checks reported before `from` are not counted"
        );
        assert_eq!(
            report.get("a").map(|r| r.detail.as_str()),
            Some("frame gone")
        );
    }

    #[test]
    fn prepared_site_is_a_copy_with_the_host_page() {
        let dist = TempDir::new().unwrap();
        std::fs::create_dir_all(dist.path().join("assets")).unwrap();
        std::fs::write(dist.path().join("index.html"), "<p>app</p>").unwrap();
        std::fs::write(dist.path().join("assets").join("a.js"), "x").unwrap();
        let site = prepare_site(dist.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(site.path().join("index.html")).unwrap(),
            "<p>app</p>"
        );
        assert_eq!(
            std::fs::read_to_string(site.path().join("assets/a.js")).unwrap(),
            "x"
        );
        let host = std::fs::read_to_string(site.path().join(HOST_PAGE)).unwrap();
        assert!(host.contains("embed=dashboard") && host.contains("driftline:height"));
        assert!(
            !dist.path().join(HOST_PAGE).exists(),
            "dist itself is untouched"
        );
    }
}
