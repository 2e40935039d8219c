//! The presenter checks (`?present=1`): space plays and pauses, `?` opens the keyboard help.

use std::time::Duration;

use serde_json::json;

use super::{names, read_tick, ShareOptions, PRESENTER_HELP, PRESENTER_UI};
use crate::checks::PLAY;
use crate::error::{Context, Error, Result};
use crate::page::Page;
use crate::report::Report;

/// Presses and releases one key through the W3C actions API (goes to the focused element).
fn press_key(page: &Page, key: &str) -> Result<()> {
    let actions = json!({ "actions": [{
        "type": "key",
        "id": "keyboard",
        "actions": [ { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key } ]
    }]});
    page.session()
        .command("POST", "/actions", Some(&actions))
        .map(|_| ())
        .context(&format!("pressing {key:?}"))?;
    page.session()
        .command("DELETE", "/actions", None)
        .map(|_| ())
}

/// Whether the first element matching the selector is rendered and not hidden.
const VISIBLE_JS: &str = r#"
const e = document.querySelector(arguments[0]);
if (!e) { return false; }
const s = getComputedStyle(e);
const r = e.getBoundingClientRect();
return !e.hidden && s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0
  && r.width > 0 && r.height > 0;
"#;

fn visible(page: &Page, css: &str) -> Result<bool> {
    Ok(page.eval(VISIBLE_JS, &[json!(css)])?.as_bool() == Some(true))
}

pub(super) fn check_presenter(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
    let loaded = page
        .goto("about:blank")
        .and_then(|()| page.goto("?present=1"))
        .and_then(|()| page.wait_for(PLAY, opts.ready_timeout).map(|_| ()));
    let presenting = loaded.and_then(|()| {
        page.wait_for(PRESENTER_UI, opts.ready_timeout)
            .map(|_| ())
            .map_err(|e| e.context("?present=1 is not in presenter mode"))
    });
    if let Err(e) = presenting {
        let why = format!("?present=1: {e}");
        report.fail(names::PRESENTER_SPACE, &why);
        report.fail(names::PRESENTER_HELP, why);
        return;
    }
    match presenter_space(page, opts) {
        Ok(detail) => report.pass(names::PRESENTER_SPACE, detail),
        Err(e) => report.fail(names::PRESENTER_SPACE, e.to_string()),
    }
    let help = press_key(page, "?").and_then(|()| {
        page.wait_until(
            &format!("the keyboard help {PRESENTER_HELP} to show"),
            Duration::from_secs(5),
            |p| {
                if !p.exists(PRESENTER_HELP)? {
                    return Err(Error::new(format!("no element matches {PRESENTER_HELP}")));
                }
                Ok(visible(p, PRESENTER_HELP)?.then_some(()))
            },
        )
    });
    match help {
        Ok(()) => report.pass(names::PRESENTER_HELP, "the help overlay is visible after ?"),
        Err(e) => report.fail(names::PRESENTER_HELP, e.to_string()),
    }
}

fn presenter_space(page: &mut Page, opts: &ShareOptions) -> Result<String> {
    let before = read_tick(page)?;
    press_key(page, " ")?;
    let running = page.wait_until(
        &format!("the tick to pass {before} after space"),
        opts.tick_timeout.min(Duration::from_secs(15)),
        |p| Ok(Some(read_tick(p)?).filter(|&t| t > before)),
    )?;
    press_key(page, " ")?;
    // A beat already scheduled may still land; then the counter must hold still.
    std::thread::sleep(Duration::from_millis(400));
    let paused = read_tick(page)?;
    std::thread::sleep(Duration::from_millis(1200));
    let still = read_tick(page)?;
    if still != paused {
        return Err(Error::new(format!(
            "the second space did not stop the clock: tick {paused} -> {still} in 1.2 s"
        )));
    }
    Ok(format!(
        "space: tick {before} -> {running}; space again: held at {still}"
    ))
}
