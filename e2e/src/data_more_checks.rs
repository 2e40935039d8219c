//! More checks of the "Your data" page: a file dropped on the page (a synthetic drop event
//! carrying a real `File`, as a browser builds one from the desktop), the two CSV
//! downloads read back from the links the page offers, and a 100 MB file run to the end
//! without freezing the tab.
//!
//! Every check fails when what it looks at is missing: a missing test id is a failure,
//! never a skip.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::data_checks::{firings, open, pick_file, wait_done, watched_gap, WATCH_JS};
use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;

/// Check names.
pub mod names {
    /// A file dropped on the drop zone runs like a picked one.
    pub const DROP: &str = "data: a dropped file runs";
    /// The firings and window-statistics downloads hold the results.
    pub const EXPORT: &str = "data: the CSV downloads hold the results";
    /// 100 MB of text runs to the end with the page answering throughout.
    pub const HUNDRED_MB: &str = "data: a 100 MB file runs without freezing the page";
}

/// Runs every check of this module; the large file is written under `out_dir`.
pub fn run_data_more_checks(page: &mut Page, out_dir: &Path) -> Report {
    let mut report = Report::new();
    let _ = page.set_viewport_size(1366, 900);
    record(&mut report, names::DROP, dropped(page));
    record(&mut report, names::EXPORT, exports(page));
    record(&mut report, names::HUNDRED_MB, hundred_mb(page, out_dir));
    report
}

fn record(report: &mut Report, name: &str, result: Result<String>) {
    match result {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, e.to_string()),
    }
}

/// Drops a 4,000-row file with a step at row 2,000 on the drop zone.
const DROP_JS: &str = r#"
const rows = ['x'];
for (let i = 0; i < 4000; i++) { rows.push(((i % 97) / 97 + (i >= 2000 ? 1 : 0)).toFixed(4)); }
const file = new File([rows.join('\n') + '\n'], 'dropped.csv', { type: 'text/csv' });
const zone = document.querySelector('[data-testid="data-drop"]');
if (!zone) { return 'no drop zone'; }
const dt = new DataTransfer();
dt.items.add(file);
zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
return 'dropped';
"#;

fn dropped(page: &mut Page) -> Result<String> {
    open(page)?;
    let said = page.eval(DROP_JS, &[])?;
    if said != json!("dropped") {
        return Err(Error::new(format!("drop: {said}")));
    }
    let name = page
        .wait_for(r#"[data-testid="data-file-name"]"#, Duration::from_secs(30))
        .and_then(|_| page.text(r#"[data-testid="data-file-name"]"#))?;
    if !name.contains("dropped.csv") {
        return Err(Error::new(format!("the page names the file {name:?}")));
    }
    wait_done(page)?;
    let adwin = firings(page, "adwin")?;
    if adwin == 0 {
        return Err(Error::new("no ADWIN firing on a step of 1.0 at row 2,000"));
    }
    Ok(format!("{name}: ADWIN fired {adwin} time(s)"))
}

/// Clicks an export button and reads the file its link points at.
const EXPORT_JS: &str = r#"
const done = arguments[arguments.length - 1];
const button = document.querySelector(arguments[0]);
if (!button) { done({ error: 'no button ' + arguments[0] }); return; }
button.click();
const started = performance.now();
const poll = () => {
  const link = document.querySelector('[data-testid="data-export-link"]');
  if (link && link.href.startsWith('blob:') && link.dataset.seen !== link.href) {
    link.dataset.seen = link.href;
    fetch(link.href).then((r) => r.text())
      .then((text) => done({ name: link.getAttribute('download'), text }))
      .catch((e) => done({ error: String(e) }));
  } else if (performance.now() - started > 10000) {
    done({ error: 'no download link after 10 s' });
  } else {
    setTimeout(poll, 50);
  }
};
poll();
"#;

fn export(page: &Page, button: &str) -> Result<(String, String)> {
    let v = page.eval_async(EXPORT_JS, &[json!(button)])?;
    if let Some(e) = v.get("error").and_then(Value::as_str) {
        return Err(Error::new(format!("{button}: {e}")));
    }
    let name = v.get("name").and_then(Value::as_str).unwrap_or_default();
    let text = v.get("text").and_then(Value::as_str).unwrap_or_default();
    Ok((name.to_owned(), text.to_owned()))
}

fn exports(page: &mut Page) -> Result<String> {
    open(page)?;
    page.click(r#"[data-testid="data-sample"]"#)?;
    wait_done(page)?;
    let adwin = firings(page, "adwin")?;
    let (firings_name, firings_csv) = export(page, r#"[data-testid="data-export-firings"]"#)?;
    let (windows_name, windows_csv) = export(page, r#"[data-testid="data-export-windows"]"#)?;
    let firing_rows = firings_csv
        .lines()
        .filter(|l| l.contains("ADWIN") || l.contains("adwin"))
        .count();
    let window_rows = windows_csv.lines().count().saturating_sub(1);
    let header = windows_csv
        .lines()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let problems: Vec<String> = [
        (!firings_name.ends_with(".csv")).then(|| format!("firings file named {firings_name:?}")),
        (!windows_name.ends_with(".csv"))
            .then(|| format!("statistics file named {windows_name:?}")),
        (u64::try_from(firing_rows).unwrap_or(0) < adwin)
            .then(|| format!("{firing_rows} ADWIN rows in the CSV, {adwin} in the table")),
        (window_rows == 0).then(|| "no window rows".to_owned()),
        (!header.contains("psi")).then(|| format!("statistics header {header:?}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !problems.is_empty() {
        return Err(Error::new(problems.join("; ")));
    }
    Ok(format!(
        "{firings_name}: {firing_rows} ADWIN row(s); {windows_name}: {window_rows} window rows"
    ))
}

/// About 100 MiB: 13.2 million rows of one column, a step halfway.
fn hundred_mb_text() -> String {
    let rows = 13_200_000u32;
    let mut text = String::with_capacity(100 * 1024 * 1024 + 1024);
    text.push_str("x\n");
    for i in 0..rows {
        let step = if i > rows / 2 { 1 } else { 0 };
        // Eight bytes a row ("0.96000\n"), a step of 1 halfway.
        text.push_str(&format!("{}.{:05}\n", step, (i % 97) * 1000));
    }
    text
}

fn hundred_mb(page: &mut Page, out_dir: &Path) -> Result<String> {
    let dir = out_dir.join("data-files");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::new(format!("creating {}: {e}", dir.display())))?;
    let path = dir.join("hundred-mb.csv");
    let text = hundred_mb_text();
    let megabytes = text.len() as f64 / (1024.0 * 1024.0);
    std::fs::write(&path, text)
        .map_err(|e| Error::new(format!("writing {}: {e}", path.display())))?;
    let path = path.canonicalize().unwrap_or(path);
    open(page)?;
    page.eval(WATCH_JS, &[json!(false)])?;
    pick_file(page, &path)?;
    let outcome = page.wait_for(
        r#"[data-testid="data-done"], [data-testid="data-error"], [data-testid="data-load-error"]"#,
        Duration::from_secs(300),
    );
    let _ = std::fs::remove_file(&path);
    outcome?;
    if !page.exists(r#"[data-testid="data-done"]"#)? {
        let why = page.text(r#"[data-testid="data-error"], [data-testid="data-load-error"]"#)?;
        return Err(Error::new(format!(
            "{megabytes:.0} MB: stopped with {why:?}"
        )));
    }
    let took = page.text(r#"[data-testid="data-done"]"#)?;
    let gap = watched_gap(page)?;
    // Frozen means the whole run in one task: about 5 s here. The page reads the file into
    // the wasm's memory in one piece first (about 0.9 s on this machine for 100 MB), so the
    // line is drawn at 2 s; the 1,000,000-row check holds the slices themselves to 250 ms.
    if gap.is_nan() || gap >= 2000.0 {
        return Err(Error::new(format!(
            "{megabytes:.0} MB: the page froze for {gap:.0} ms ({took})"
        )));
    }
    Ok(format!(
        "{megabytes:.0} MB: {took} The longest pause of a 10 ms timer: {gap:.0} ms."
    ))
}
