//! First load as users feel it: for the home page and one chapter, served gzipped, several
//! cold loads (a fresh browser each, HTTP cache off) under two profiles ([`profile`]), each
//! measuring first contentful paint, largest contentful paint, cumulative layout shift, the
//! first chart drawn from the live simulation and the bytes before and of the wasm; the same
//! for TensorFlow Playground built from source, and Lighthouse's scores for both
//! ([`crate::bench::lighthouse`]). [`table`] turns it into the comparison with the issue's
//! targets.

pub mod profile;
pub mod sample;
pub mod table;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::bench::lighthouse::{self, LighthouseRun};
use crate::bench::scripts;
use crate::error::{Error, Result};
use crate::page::Page;
use crate::static_server::{Encoding, StaticServer};
use crate::webdriver::ChromeConfig;
use profile::{cdp, Profile};
use sample::LoadSample;

/// The chapter measured beside the home page.
pub const CHAPTER: &str = "#/drift";

/// A widget as a blog post embeds it (`embed.html` starts the widgets' own wasm); listed
/// with every page's spread, not held to the targets, which are for the home page
/// and a chapter.
pub const WIDGET: &str = "embed.html?v=1&embed=dashboard";

/// The sub-path TF Playground is served under.
pub const PLAYGROUND_SUB_PATH: &str = "/playground/";

/// How long after the first chart (or after the load event, for a page without one) the
/// page is left to settle before largest contentful paint and layout shift are read.
const SETTLE: Duration = Duration::from_millis(1500);

/// How often the page is polled while loading.
const POLL: Duration = Duration::from_millis(50);

/// Where TF Playground comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaygroundSource {
    /// Run `scripts/build-playground.sh` (a no-op once built) and measure its output.
    Build,
    /// A built TF Playground site.
    Dir(PathBuf),
    /// Do not measure it.
    Skip,
}

/// What the phase measures and how often.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstLoadOptions {
    /// Cold loads per page and profile (at least 3 for a median that means something).
    pub loads: usize,
    /// TF Playground to compare with.
    pub playground: PlaygroundSource,
    /// Run Lighthouse on each site's home page.
    pub lighthouse: bool,
    /// Lighthouse `--preset` (`None`: its default, mobile).
    pub lighthouse_preset: Option<String>,
    /// Lighthouse runs per site; the tables hold each figure's median (scores vary by a
    /// few points from run to run).
    pub lighthouse_runs: usize,
    /// Longest wait for one load (paint, chart, load event).
    pub load_timeout: Duration,
}

impl Default for FirstLoadOptions {
    fn default() -> Self {
        Self {
            loads: 3,
            playground: PlaygroundSource::Build,
            lighthouse: true,
            lighthouse_preset: None,
            lighthouse_runs: 3,
            load_timeout: Duration::from_secs(60),
        }
    }
}

/// How a site's first live chart is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSignal {
    /// Driftline's `driftline:first-chart` mark (`bench_hooks::chart_drawn` with data).
    AppMark,
    /// The first animation frame in which a canvas shows ink (TF Playground's heat map,
    /// drawn from its network's first output).
    CanvasInk,
}

impl ChartSignal {
    /// How the figure was taken, for the method column.
    pub fn describe(self) -> &'static str {
        match self {
            Self::AppMark => "the app's `driftline:first-chart` mark",
            Self::CanvasInk => "first animation frame with a non-white canvas pixel",
        }
    }
}

/// One page's loads under one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLoads {
    /// `Driftline` or `TF Playground`.
    pub site: String,
    /// `home` or the chapter's hash.
    pub page: String,
    /// The conditions.
    pub profile: Profile,
    /// How the first live chart was recognised.
    pub chart: ChartSignal,
    /// One sample per cold load that completed.
    pub samples: Vec<LoadSample>,
    /// Why loads failed, if any did.
    pub errors: Vec<String>,
}

/// Everything the phase measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FirstLoadReport {
    /// Every site, page and profile measured.
    pub loads: Vec<PageLoads>,
    /// `Err(reason)` when TF Playground was not measured; `Ok(dist)` when it was.
    pub playground: Option<std::result::Result<String, String>>,
    /// Lighthouse runs.
    pub lighthouse: Vec<LighthouseRun>,
    /// Why Lighthouse did not run, if it did not.
    pub lighthouse_skipped: Option<String>,
    /// Cold loads asked for per page and profile.
    pub loads_per_page: usize,
}

impl FirstLoadReport {
    /// The loads of `site`'s `page` under `profile`.
    pub fn find(&self, site: &str, page: &str, profile: Profile) -> Option<&PageLoads> {
        self.loads
            .iter()
            .find(|l| l.site == site && l.page == page && l.profile == profile)
    }

    /// The Lighthouse scores of `site`, each the median of its successful runs; `None`
    /// when none succeeded.
    pub fn lighthouse_of(&self, site: &str) -> Option<lighthouse::LighthouseScores> {
        let runs: Vec<&lighthouse::LighthouseScores> = self
            .lighthouse
            .iter()
            .filter(|r| r.site == site)
            .filter_map(|r| r.outcome.as_ref().ok())
            .collect();
        lighthouse::LighthouseScores::median_of(&runs)
    }
}

/// Driftline's name in the tables.
pub const DRIFTLINE: &str = "Driftline";
/// TF Playground's name in the tables.
pub const PLAYGROUND: &str = "TF Playground";

/// One site to load.
struct Site {
    name: &'static str,
    dist: PathBuf,
    sub_path: String,
    pages: Vec<(&'static str, &'static str)>,
    chart: ChartSignal,
}

/// Runs the phase: Driftline from `dist` under `sub_path`, TF Playground as `opts` says.
/// `log` hears progress lines. Never fails: what could not be measured is said in the report.
pub fn run(
    dist: &Path,
    sub_path: &str,
    chrome: &ChromeConfig,
    opts: &FirstLoadOptions,
    log: &mut dyn FnMut(&str),
) -> FirstLoadReport {
    let mut report = FirstLoadReport {
        loads_per_page: opts.loads,
        ..FirstLoadReport::default()
    };
    let mut sites = vec![Site {
        name: DRIFTLINE,
        dist: dist.to_owned(),
        sub_path: sub_path.to_owned(),
        pages: vec![("home", ""), (CHAPTER, CHAPTER), ("widget", WIDGET)],
        chart: ChartSignal::AppMark,
    }];
    match playground_dist(&opts.playground, log) {
        Ok(dir) => {
            report.playground = Some(Ok(dir.display().to_string()));
            sites.push(Site {
                name: PLAYGROUND,
                dist: dir,
                sub_path: PLAYGROUND_SUB_PATH.to_owned(),
                pages: vec![("home", "")],
                chart: ChartSignal::CanvasInk,
            });
        }
        Err(reason) => {
            log(&format!("TF Playground: skipped because {reason}"));
            report.playground = Some(Err(reason));
        }
    }
    let lighthouse_bin = if opts.lighthouse {
        lighthouse::find(&repository_root()).map_err(|reason| {
            log(&format!("Lighthouse: skipped because {reason}"));
            reason
        })
    } else {
        Err("not asked for (--no-lighthouse)".to_owned())
    };
    if let Err(reason) = &lighthouse_bin {
        report.lighthouse_skipped = Some(reason.clone());
    }

    for site in &sites {
        let server = match StaticServer::start_with(&site.dist, &site.sub_path, Encoding::GZIP_ONLY)
        {
            Ok(server) => server,
            Err(e) => {
                for &(page, _) in &site.pages {
                    for profile in Profile::ALL {
                        report.loads.push(PageLoads {
                            site: site.name.to_owned(),
                            page: page.to_owned(),
                            profile,
                            chart: site.chart,
                            samples: Vec::new(),
                            errors: vec![format!("serving {}: {e}", site.dist.display())],
                        });
                    }
                }
                continue;
            }
        };
        // One untimed load: fills the server's gzip cache and the OS file cache.
        let _ = measure_load(
            chrome,
            &server,
            "",
            Profile::Unthrottled,
            site.chart,
            false,
            opts,
        );
        for profile in Profile::ALL {
            for &(page, path) in &site.pages {
                log(&format!(
                    "first load: {} {page}, {}: {} cold loads",
                    site.name,
                    profile.label(),
                    opts.loads
                ));
                let loads = page_loads(chrome, &server, site, (page, path), profile, opts, log);
                report.loads.push(loads);
            }
        }
        if let Ok(bin) = &lighthouse_bin {
            let url = server.base_url();
            let runs = opts.lighthouse_runs.max(1);
            for run in 1..=runs {
                log(&format!(
                    "Lighthouse {}: {}, run {run} of {runs}",
                    lighthouse::LIGHTHOUSE_VERSION,
                    site.name,
                ));
                let outcome = lighthouse::run(
                    bin,
                    &url,
                    &chrome.chromium,
                    opts.lighthouse_preset.as_deref(),
                )
                .map_err(|e| e.to_string());
                if let Err(e) = &outcome {
                    log(&format!("  {e}"));
                }
                report.lighthouse.push(LighthouseRun {
                    site: site.name.to_owned(),
                    url: url.clone(),
                    outcome,
                });
            }
        }
    }
    report
}

fn page_loads(
    chrome: &ChromeConfig,
    server: &StaticServer,
    site: &Site,
    (page, path): (&str, &str),
    profile: Profile,
    opts: &FirstLoadOptions,
    log: &mut dyn FnMut(&str),
) -> PageLoads {
    let mut loads = PageLoads {
        site: site.name.to_owned(),
        page: page.to_owned(),
        profile,
        chart: site.chart,
        samples: Vec::new(),
        errors: Vec::new(),
    };
    let mut expect_chart = true;
    for _ in 0..opts.loads {
        match measure_load(
            chrome,
            server,
            path,
            profile,
            site.chart,
            expect_chart,
            opts,
        ) {
            Ok(sample) => {
                log(&format!("  {}", one_line(&sample)));
                // A page that drew no chart once will not draw one next time: stop waiting.
                expect_chart = sample.chart_ms.is_some();
                loads.samples.push(sample);
            }
            Err(e) => {
                log(&format!("  load failed: {e}"));
                loads.errors.push(e.to_string());
            }
        }
    }
    loads
}

fn one_line(s: &LoadSample) -> String {
    let ms = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.0} ms"));
    format!(
        "FCP {}, LCP {}, CLS {}, chart {}, {:.1} KB before wasm + {:.1} KB wasm",
        ms(s.fcp_ms),
        ms(s.lcp_ms),
        s.cls
            .map_or_else(|| "n/a".to_owned(), |c| format!("{c:.3}")),
        ms(s.chart_ms),
        s.bytes_before_wasm / 1024.0,
        s.bytes_wasm / 1024.0
    )
}

/// One cold load in a fresh browser: profile applied, page loaded, paints and the first chart
/// waited for, the page left to settle, then its performance entries read.
fn measure_load(
    chrome: &ChromeConfig,
    server: &StaticServer,
    path: &str,
    profile: Profile,
    chart: ChartSignal,
    expect_chart: bool,
    opts: &FirstLoadOptions,
) -> Result<LoadSample> {
    let mut page = Page::launch(chrome, server.base_url())?;
    let measured = (|| {
        profile.apply(&page)?;
        if chart == ChartSignal::CanvasInk {
            cdp(
                &page,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": scripts::INK_WATCH_JS }),
            )?;
        }
        page.goto(path)?;
        let chart_ms = wait_for_paints(&page, chart, expect_chart, opts.load_timeout)?;
        let vitals = page.eval_async(scripts::VITALS_JS, &[])?;
        let mut sample = LoadSample::from_vitals(&vitals);
        sample.chart_ms = chart_ms;
        Ok(sample)
    })();
    // A browser that does not close cleanly is ended by the session's drop.
    let _ = page.close();
    measured
}

/// Polls until first contentful paint, the load event and (when `expect_chart`) the first
/// chart have happened, then lets the page settle; returns the chart's time, if any.
fn wait_for_paints(
    page: &Page,
    chart: ChartSignal,
    expect_chart: bool,
    timeout: Duration,
) -> Result<Option<f64>> {
    let deadline = Instant::now() + timeout;
    let mut ready_at: Option<Instant> = None;
    loop {
        let probe = page.eval(scripts::FIRST_LOAD_PROBE_JS, &[])?;
        let num = |k: &str| probe.get(k).and_then(Value::as_f64);
        let chart_ms = match chart {
            ChartSignal::AppMark => num("mark"),
            ChartSignal::CanvasInk => num("ink"),
        };
        let painted = num("fcp").is_some() && num("loadEvent").is_some();
        if painted && (chart_ms.is_some() || !expect_chart) {
            let at = *ready_at.get_or_insert_with(Instant::now);
            if at.elapsed() >= SETTLE {
                return Ok(chart_ms);
            }
        }
        if Instant::now() >= deadline {
            if painted {
                // A page without a chart: measured all the same, the chart left n/a.
                return Ok(chart_ms);
            }
            return Err(Error::new(format!(
                "no first contentful paint and load event within {:.0} s",
                timeout.as_secs_f64()
            )));
        }
        std::thread::sleep(POLL);
    }
}

/// The repository root (the e2e crate's parent).
pub fn repository_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// The built TF Playground to measure, or why there is none.
fn playground_dist(
    source: &PlaygroundSource,
    log: &mut dyn FnMut(&str),
) -> std::result::Result<PathBuf, String> {
    match source {
        PlaygroundSource::Skip => Err("not asked for (--no-playground)".to_owned()),
        PlaygroundSource::Dir(dir) if dir.join("index.html").is_file() => Ok(dir.clone()),
        PlaygroundSource::Dir(dir) => Err(format!("{} has no index.html", dir.display())),
        PlaygroundSource::Build => {
            let script = repository_root().join("scripts/build-playground.sh");
            log(&format!("TF Playground: {}", script.display()));
            let output = Command::new("bash")
                .arg(&script)
                .output()
                .map_err(|e| format!("{} could not run: {e}", script.display()))?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            if !output.status.success() {
                let reason = stderr
                    .lines()
                    .rev()
                    .find_map(|l| l.strip_prefix("build-playground: "))
                    .unwrap_or("scripts/build-playground.sh failed");
                return Err(reason.to_owned());
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            let dir = stdout.lines().last().map(PathBuf::from).unwrap_or_default();
            if dir.join("index.html").is_file() {
                Ok(dir)
            } else {
                Err(format!("the build left no index.html in {}", dir.display()))
            }
        }
    }
}
