//! The single-file check: the offline build opened from `file://` runs and loads nothing
//! from a network. Which build it opens is decided first ([`plan_single_file`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{names, read_tick, ShareOptions};
use crate::checks::{severe_messages, PLAY};
use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;

/// Which single-file build the single-file check opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SingleFile {
    /// Named on the command line (`--single-file PATH`): it must exist, a missing file
    /// fails the check.
    Given(PathBuf),
    /// Not named: the build beside `dist` (`dist-single/driftline.html`) is checked when it
    /// exists; when it does not, the check is skipped and the summary says so.
    Default(PathBuf),
}

/// What the single-file check does, decided before the browser is involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SingleFilePlan {
    /// Open this (canonical) path via `file://`.
    Open(PathBuf),
    /// Fail with this detail.
    Fail(String),
    /// Skip with this reason.
    Skip(String),
}

/// How to build the single-file page, for messages.
const SINGLE_FILE_BUILD: &str =
    "cargo run -p driftline-xtask -- single-file --dist dist --out dist-single/driftline.html";

/// Decides the single-file check: a given path must exist, the default path is checked
/// when it exists, and only a missing default (or no choice at all) is a skip.
pub fn plan_single_file(choice: Option<&SingleFile>) -> SingleFilePlan {
    match choice {
        None => SingleFilePlan::Skip("no single-file build to open (--single-file not given)".to_owned()),
        Some(SingleFile::Given(path)) => match path.canonicalize() {
            Ok(p) if p.is_file() => SingleFilePlan::Open(p),
            _ => SingleFilePlan::Fail(format!(
                "--single-file {} does not exist or is not a file; build it with `{SINGLE_FILE_BUILD}`",
                path.display()
            )),
        },
        Some(SingleFile::Default(path)) => match path.canonicalize() {
            Ok(p) if p.is_file() => SingleFilePlan::Open(p),
            _ => SingleFilePlan::Skip(format!(
                "--single-file not given and there is no single-file build at {} (build it with \
                 `{SINGLE_FILE_BUILD}`)",
                path.display()
            )),
        },
    }
}

/// Resource and navigation entries not loaded from `data:`, `blob:` or `file:`.
const NON_LOCAL_JS: &str = r#"
const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return { count: all.length, network: all.map((e) => e.name).filter((n) => !/^(data|blob|file):/.test(n)) };
"#;

/// URLs that would need a network (anything but `data:`, `blob:`, `file:`).
pub fn network_urls(urls: &[String]) -> Vec<String> {
    urls.iter()
        .filter(|u| !["data:", "blob:", "file:"].iter().any(|p| u.starts_with(p)))
        .cloned()
        .collect()
}

/// `file://` URL of an absolute path (spaces and `%`/`#`/`?` escaped).
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for c in path.to_string_lossy().chars() {
        match c {
            ' ' => url.push_str("%20"),
            '%' => url.push_str("%25"),
            '#' => url.push_str("%23"),
            '?' => url.push_str("%3F"),
            c => url.push(c),
        }
    }
    url
}

pub(super) fn check_single_file(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
    let name = names::SINGLE_FILE;
    let path = match plan_single_file(opts.single_file.as_ref()) {
        SingleFilePlan::Open(path) => path,
        SingleFilePlan::Fail(why) => {
            report.fail(name, why);
            return;
        }
        SingleFilePlan::Skip(why) => {
            report.skip(name, why);
            return;
        }
    };
    match single_file_steps(page, &path, opts) {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, format!("{}: {e}", path.display())),
    }
}

fn single_file_steps(page: &mut Page, path: &Path, opts: &ShareOptions) -> Result<String> {
    let logs_before = page.console()?.len();
    page.goto("about:blank")?;
    page.goto(&file_url(path))?;
    page.wait_for(PLAY, opts.ready_timeout)?;
    page.click(PLAY)?;
    let tick = page.wait_until("the tick counter to pass 0", opts.tick_timeout, |p| {
        Ok(Some(read_tick(p)?).filter(|&t| t > 0))
    })?;
    let later = page.wait_until(
        &format!("the tick counter to pass {tick}"),
        opts.tick_timeout,
        |p| Ok(Some(read_tick(p)?).filter(|&t| t > tick)),
    )?;
    let value = page.eval(NON_LOCAL_JS, &[])?;
    let urls: Vec<String> = crate::page::strings(value.get("network"));
    let network = network_urls(&urls);
    if !network.is_empty() {
        return Err(Error::new(format!(
            "loaded over the network: {}",
            network.join(", ")
        )));
    }
    let errors = severe_messages(page.console()?.get(logs_before..).unwrap_or_default());
    if !errors.is_empty() {
        return Err(Error::new(format!(
            "console errors: {}",
            errors.join(" | ")
        )));
    }
    let count = value.get("count").and_then(Value::as_u64).unwrap_or(0);
    Ok(format!(
        "tick {tick} -> {later} after Play; {count} performance entries, all data:/blob:/file:"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn only_local_schemes_count_as_offline() {
        let urls: Vec<String> = [
            "file:///tmp/driftline.html",
            "data:application/wasm;base64,AGFzbQ==",
            "blob:null/1234",
            "http://127.0.0.1:8080/x.wasm",
            "https://cdn.example/font.woff2",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert_eq!(network_urls(&urls), urls[3..].to_vec());
    }

    #[test]
    fn file_urls_escape_what_a_url_would_misread() {
        assert_eq!(
            file_url(Path::new("/tmp/dist single/a#b?.html")),
            "file:///tmp/dist%20single/a%23b%3F.html"
        );
        assert_eq!(file_url(Path::new("/x/100%.html")), "file:///x/100%25.html");
    }

    #[test]
    fn a_given_single_file_must_exist_and_only_a_missing_default_is_skipped() {
        let dir = TempDir::new().unwrap();
        let file = dir.path().join("driftline.html");
        std::fs::write(&file, "<p>offline</p>").unwrap();
        let missing = dir.path().join("nope.html");
        let canonical = file.canonicalize().unwrap();

        assert_eq!(
            plan_single_file(Some(&SingleFile::Given(file.clone()))),
            SingleFilePlan::Open(canonical.clone())
        );
        assert_eq!(
            plan_single_file(Some(&SingleFile::Default(file))),
            SingleFilePlan::Open(canonical)
        );
        let SingleFilePlan::Fail(why) = plan_single_file(Some(&SingleFile::Given(missing.clone())))
        else {
            panic!("a missing --single-file must fail");
        };
        assert!(
            why.contains("nope.html") && why.contains("does not exist"),
            "{why}"
        );
        let SingleFilePlan::Fail(_) =
            plan_single_file(Some(&SingleFile::Given(dir.path().to_owned())))
        else {
            panic!("a directory is not a single-file build");
        };
        let SingleFilePlan::Skip(why) = plan_single_file(Some(&SingleFile::Default(missing)))
        else {
            panic!("a missing default is a skip");
        };
        assert!(
            why.contains("--single-file not given") && why.contains("nope.html"),
            "{why}"
        );
        assert!(matches!(plan_single_file(None), SingleFilePlan::Skip(_)));
    }
}
