//! Lighthouse, run from the bench (never from the test command) against the gzip-serving
//! static server: its four category scores and the metrics behind the performance score.
//!
//! Pinned like binaryen (`scripts/versions.sh`), installed into `tools/` by
//! `scripts/setup.sh --bench`; a missing or different install is skipped with a message
//! saying how to install it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::error::{Context, Error, Result};

/// The Lighthouse version the figures are comparable with.
pub const LIGHTHOUSE_VERSION: &str = "12.2.3";

/// How long one Lighthouse run may take before it is stopped.
pub const LIGHTHOUSE_TIMEOUT: Duration = Duration::from_secs(300);

/// What one Lighthouse report says (scores 0-100; times in ms).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LighthouseScores {
    /// Performance category score.
    pub performance: Option<f64>,
    /// Accessibility category score.
    pub accessibility: Option<f64>,
    /// Best practices category score.
    pub best_practices: Option<f64>,
    /// SEO category score.
    pub seo: Option<f64>,
    /// First contentful paint (simulated throttling).
    pub fcp_ms: Option<f64>,
    /// Largest contentful paint.
    pub lcp_ms: Option<f64>,
    /// Total blocking time.
    pub tbt_ms: Option<f64>,
    /// Cumulative layout shift.
    pub cls: Option<f64>,
    /// Speed index.
    pub speed_index_ms: Option<f64>,
}

impl LighthouseScores {
    /// Each figure's median over `runs` (where the runs report it); `None` for no runs.
    pub fn median_of(runs: &[&Self]) -> Option<Self> {
        if runs.is_empty() {
            return None;
        }
        let median = |figure: fn(&Self) -> Option<f64>| {
            let values: Vec<f64> = runs.iter().filter_map(|r| figure(r)).collect();
            crate::bench::stats::Summary::of(&values).map(|s| s.median)
        };
        Some(Self {
            performance: median(|s| s.performance),
            accessibility: median(|s| s.accessibility),
            best_practices: median(|s| s.best_practices),
            seo: median(|s| s.seo),
            fcp_ms: median(|s| s.fcp_ms),
            lcp_ms: median(|s| s.lcp_ms),
            tbt_ms: median(|s| s.tbt_ms),
            cls: median(|s| s.cls),
            speed_index_ms: median(|s| s.speed_index_ms),
        })
    }
}

/// One site's Lighthouse run.
#[derive(Debug, Clone, PartialEq)]
pub struct LighthouseRun {
    /// Which site, e.g. `Driftline`.
    pub site: String,
    /// The URL audited.
    pub url: String,
    /// The scores, or why there are none.
    pub outcome: std::result::Result<LighthouseScores, String>,
}

/// `tools/node_modules/.bin/lighthouse` under `root` when it is version
/// [`LIGHTHOUSE_VERSION`]; otherwise why it cannot be used.
pub fn find(root: &Path) -> std::result::Result<PathBuf, String> {
    let install = format!(
        "install it with `scripts/setup.sh --bench` (lighthouse@{LIGHTHOUSE_VERSION} into tools/)"
    );
    let bin = root.join("tools/node_modules/.bin/lighthouse");
    if !bin.exists() {
        return Err(format!("{} is missing; {install}", bin.display()));
    }
    let manifest = root.join("tools/node_modules/lighthouse/package.json");
    let version = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_owned));
    match version.as_deref() {
        Some(LIGHTHOUSE_VERSION) => Ok(bin),
        Some(other) => Err(format!(
            "tools/ has Lighthouse {other}, not {LIGHTHOUSE_VERSION}; {install}"
        )),
        None => Err(format!("cannot read {}; {install}", manifest.display())),
    }
}

/// The command line for one run (`preset`: `None` for Lighthouse's default, the mobile
/// profile with simulated throttling; or e.g. `desktop`).
pub fn arguments(url: &str, output: &Path, preset: Option<&str>) -> Vec<String> {
    let mut args = vec![
        url.to_owned(),
        "--only-categories=performance,accessibility,best-practices,seo".to_owned(),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu".to_owned(),
        "--output=json".to_owned(),
        format!("--output-path={}", output.display()),
        "--quiet".to_owned(),
    ];
    if let Some(preset) = preset {
        args.push(format!("--preset={preset}"));
    }
    args
}

/// Runs Lighthouse on `url` with `chromium` and reads its report.
pub fn run(
    bin: &Path,
    url: &str,
    chromium: &Path,
    preset: Option<&str>,
) -> Result<LighthouseScores> {
    let dir = tempfile::Builder::new()
        .prefix("driftline-bench-lighthouse-")
        .tempdir()
        .context("creating a directory for the Lighthouse report")?;
    let report = dir.path().join("report.json");
    let stderr_path = dir.path().join("stderr.log");
    let stderr = std::fs::File::create(&stderr_path)?;
    let mut child = Command::new(bin)
        .args(arguments(url, &report, preset))
        .env("CHROME_PATH", chromium)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .context(&format!("starting {}", bin.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > LIGHTHOUSE_TIMEOUT {
            // Our own child: stop it rather than wait forever.
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::new(format!(
                "Lighthouse took longer than {} s",
                LIGHTHOUSE_TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = std::fs::read_to_string(&report).ok();
    if !status.success() || text.is_none() {
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(Error::new(format!("Lighthouse failed ({status}): {last}")));
    }
    let json: Value = serde_json::from_str(text.as_deref().unwrap_or_default())
        .map_err(|e| Error::new(format!("Lighthouse report is not JSON: {e}")))?;
    parse_report(&json)
}

/// The scores and metrics of a Lighthouse JSON report; an error naming Lighthouse's runtime
/// error when the page could not be audited.
pub fn parse_report(report: &Value) -> Result<LighthouseScores> {
    if let Some(code) = report.pointer("/runtimeError/code").and_then(Value::as_str) {
        let message = report
            .pointer("/runtimeError/message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(Error::new(format!(
            "Lighthouse could not audit the page: {code} {message}"
        )));
    }
    let score = |category: &str| {
        report
            .pointer(&format!("/categories/{category}/score"))
            .and_then(Value::as_f64)
            .map(|s| (s * 100.0).round())
    };
    let metric = |audit: &str| {
        report
            .pointer(&format!("/audits/{audit}/numericValue"))
            .and_then(Value::as_f64)
    };
    let scores = LighthouseScores {
        performance: score("performance"),
        accessibility: score("accessibility"),
        best_practices: score("best-practices"),
        seo: score("seo"),
        fcp_ms: metric("first-contentful-paint"),
        lcp_ms: metric("largest-contentful-paint"),
        tbt_ms: metric("total-blocking-time"),
        cls: metric("cumulative-layout-shift"),
        speed_index_ms: metric("speed-index"),
    };
    if scores.performance.is_none() && scores.accessibility.is_none() {
        return Err(Error::new("the Lighthouse report has no category scores"));
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_figure_is_the_median_of_the_runs_that_report_it() {
        let run = |performance: f64, tbt: Option<f64>| LighthouseScores {
            performance: Some(performance),
            tbt_ms: tbt,
            ..LighthouseScores::default()
        };
        let (a, b, c) = (
            run(96.0, Some(200.0)),
            run(99.0, None),
            run(98.0, Some(100.0)),
        );
        let median = LighthouseScores::median_of(&[&a, &b, &c]).unwrap();
        assert_eq!(median.performance, Some(98.0));
        assert_eq!(median.tbt_ms, Some(150.0));
        assert_eq!(median.seo, None);
        assert_eq!(LighthouseScores::median_of(&[]), None);
    }

    #[test]
    fn reports_are_read_into_scores_out_of_100() {
        let report = json!({
            "lighthouseVersion": "12.2.3",
            "categories": {
                "performance": { "score": 0.87 },
                "accessibility": { "score": 1.0 },
                "best-practices": { "score": 0.96 },
                "seo": { "score": null },
            },
            "audits": {
                "first-contentful-paint": { "numericValue": 3580.2 },
                "largest-contentful-paint": { "numericValue": 3600.0 },
                "cumulative-layout-shift": { "numericValue": 0.004 },
            },
        });
        let s = parse_report(&report).unwrap();
        assert_eq!(
            (s.performance, s.accessibility, s.best_practices, s.seo),
            (Some(87.0), Some(100.0), Some(96.0), None)
        );
        assert_eq!(
            (s.fcp_ms, s.tbt_ms, s.cls),
            (Some(3580.2), None, Some(0.004))
        );
    }

    #[test]
    fn a_runtime_error_is_named() {
        let report = json!({ "runtimeError": { "code": "NO_FCP", "message": "no paint" } });
        let err = parse_report(&report).unwrap_err();
        assert!(err.message().contains("NO_FCP"), "{err}");
        assert!(parse_report(&json!({})).is_err());
    }

    #[test]
    fn the_command_line_asks_for_the_four_categories_as_json() {
        let args = arguments("http://h/d/", Path::new("/tmp/r.json"), None);
        assert_eq!(args[0], "http://h/d/");
        assert!(args.contains(
            &"--only-categories=performance,accessibility,best-practices,seo".to_owned()
        ));
        assert!(args.contains(&"--output-path=/tmp/r.json".to_owned()));
        assert!(!args.iter().any(|a| a.starts_with("--preset")));
        let desktop = arguments("http://h/", Path::new("r.json"), Some("desktop"));
        assert!(desktop.contains(&"--preset=desktop".to_owned()));
        let missing = find(Path::new("/nonexistent")).unwrap_err();
        assert!(missing.contains("scripts/setup.sh --bench"), "{missing}");
    }
}
