//! Runs every benchmark phase against a built site and collects the figures.
//!
//! A phase that fails leaves its figures as "n/a" with a note and the run goes on: a partial
//! table is more useful than none.
//!
//! This file holds the options, the order of the phases and the size phase; the phases on the
//! page as a reader uses it are in `run/playing.rs`, those through the bench hooks (trace
//! hash, throughput against native, memory) in `run/simulation.rs`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::bench::browser;
use crate::bench::budgets;
use crate::bench::first_load::{self, FirstLoadOptions};
use crate::bench::markdown::utc_timestamp;
use crate::bench::results::{BenchResults, Row, RunContext, Unit};
use crate::bench::size;
use crate::error::{Error, Result};
use crate::page::Page;
use crate::static_server::StaticServer;
use crate::webdriver::ChromeConfig;

mod playing;
mod simulation;

pub use playing::{
    first_chart_rows, play_rows, scene_rows, FULL_HISTORY_WARM_TICKS, UI_FAST_FORWARD_TICKS,
};
pub use simulation::{memory_rows, phones_label, simulation_rows};

/// The interface version of `src/bench_hooks.rs` this harness speaks.
pub const EXPECTED_HOOKS_VERSION: u64 = 1;

/// Chromium flags the measurements need: exact JS heap figures, a callable `gc()`, no
/// back/forward cache (a page kept alive there after a navigation would count in the next
/// page's JS heap), and no throttling of timers or frames in a window nobody looks at.
pub const BENCH_CHROMIUM_ARGS: [&str; 6] = [
    "--enable-precise-memory-info",
    "--js-flags=--expose-gc",
    "--disable-features=BackForwardCache",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
];

/// Which phases run (all by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phases {
    /// First-load transfer size.
    pub size: bool,
    /// Navigation to the first chart.
    pub first_chart: bool,
    /// Redraw and dropped frames while playing.
    pub play: bool,
    /// Fast-forward in wasm and natively.
    pub simulation: bool,
    /// Memory after many phones.
    pub memory: bool,
    /// A fast-forward through the page's controls: wall time and how long input waits.
    pub ui_fast_forward: bool,
    /// First load as users feel it, against TF Playground, with Lighthouse.
    pub first_load: bool,
}

impl Default for Phases {
    fn default() -> Self {
        Self::ALL
    }
}

impl Phases {
    /// Every phase.
    pub const ALL: Self = Self {
        size: true,
        first_chart: true,
        play: true,
        simulation: true,
        memory: true,
        ui_fast_forward: true,
        first_load: true,
    };

    /// The phase names accepted by [`Phases::parse`].
    pub const NAMES: [&'static str; 7] = [
        "size",
        "first-load",
        "first-chart",
        "play",
        "ui-fast-forward",
        "simulation",
        "memory",
    ];

    /// Parses a comma-separated list of phase names (see [`Phases::NAMES`]).
    pub fn parse(list: &str) -> Result<Self> {
        let mut phases = Self {
            size: false,
            first_chart: false,
            play: false,
            simulation: false,
            memory: false,
            ui_fast_forward: false,
            first_load: false,
        };
        for name in list.split(',').map(str::trim) {
            let flag = match name {
                "size" => &mut phases.size,
                "first-chart" => &mut phases.first_chart,
                "play" => &mut phases.play,
                "simulation" => &mut phases.simulation,
                "memory" => &mut phases.memory,
                "ui-fast-forward" => &mut phases.ui_fast_forward,
                "first-load" => &mut phases.first_load,
                other => {
                    return Err(Error::new(format!(
                        "unknown phase {other:?} (phases: {})",
                        Self::NAMES.join(", ")
                    )))
                }
            };
            *flag = true;
        }
        Ok(phases)
    }
}

/// What to measure and how often.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Which phases run.
    pub phases: Phases,
    /// The built site (a release build, for meaningful figures).
    pub dist: PathBuf,
    /// URL sub-path the site is served under.
    pub sub_path: String,
    /// Browser settings ([`BENCH_CHROMIUM_ARGS`] are added).
    pub chrome: ChromeConfig,
    /// Page loads for the first-chart figure.
    pub first_chart_loads: usize,
    /// Playing runs (each a fresh load).
    pub play_runs: usize,
    /// How long each playing run records.
    pub play_duration: Duration,
    /// Simulated days per fast-forward.
    pub fast_forward_days: f64,
    /// Fast-forwards timed, in wasm and natively each.
    pub fast_forward_runs: usize,
    /// Phones after which memory is read (ascending); empty skips the memory phase.
    pub memory_checkpoints: Vec<f64>,
    /// Ticks compared by trace hash between wasm and native.
    pub hash_ticks: u64,
    /// Longest wait for the page (load, app start, first chart).
    pub page_timeout: Duration,
    /// The command line, for the report.
    pub command: String,
    /// The first-load phase's loads, TF Playground and Lighthouse.
    pub first_load: FirstLoadOptions,
}

impl Default for BenchOptions {
    fn default() -> Self {
        Self {
            phases: Phases::ALL,
            dist: PathBuf::from("dist"),
            sub_path: "/driftline/".to_owned(),
            chrome: ChromeConfig::default(),
            first_chart_loads: 10,
            play_runs: 3,
            play_duration: Duration::from_secs(10),
            fast_forward_days: 30.0,
            fast_forward_runs: 5,
            memory_checkpoints: vec![1e6, 1e7, 1e8],
            hash_ticks: 2_000,
            page_timeout: Duration::from_secs(30),
            command: "driftline-bench".to_owned(),
            first_load: FirstLoadOptions::default(),
        }
    }
}

/// Runs every phase; `log` hears progress lines. Fails only when nothing can be measured
/// (no site, no browser).
pub fn run(opts: &BenchOptions, mut log: impl FnMut(&str)) -> Result<BenchResults> {
    if !opts.dist.join("index.html").is_file() {
        return Err(Error::new(format!(
            "{} has no index.html; build the site first (`trunk build --release`) or pass --build",
            opts.dist.display()
        )));
    }
    let mut chrome = opts.chrome.clone();
    chrome
        .extra_args
        .extend(BENCH_CHROMIUM_ARGS.iter().map(|s| (*s).to_owned()));
    let mut results = BenchResults {
        context: context(opts, &chrome),
        ..BenchResults::default()
    };

    let phases = opts.phases;
    if phases.size {
        log("size: gzip -9 of the first-load files");
        size_phase(opts, &mut results);
    }
    if phases.first_load {
        log("first load: cold loads of the home page and a chapter, then TF Playground");
        results.first_load = Some(first_load::run(
            &opts.dist,
            &opts.sub_path,
            &chrome,
            &opts.first_load,
            &mut log,
        ));
    }
    if !(phases.first_chart
        || phases.play
        || phases.ui_fast_forward
        || phases.simulation
        || phases.memory)
    {
        return Ok(results);
    }

    let server = StaticServer::start(&opts.dist, &opts.sub_path)?;
    let mut page = Page::launch(&chrome, server.base_url())?;
    // Fast-forwards and memory runs take seconds inside one script call.
    page.session()
        .set_script_timeout(Duration::from_secs(600))?;
    if phases.first_chart {
        if !browser::install_ink_watch(&page) {
            results
                .notes
                .push("DevTools commands unavailable: no first-ink fallback".into());
        }
        log(&format!(
            "first chart: {} fresh loads",
            opts.first_chart_loads
        ));
        playing::first_chart_phase(&mut page, opts, &mut results);
    }
    if phases.play {
        log(&format!(
            "playing: {} of {:.0} s",
            plural(opts.play_runs, "run"),
            opts.play_duration.as_secs_f64()
        ));
        playing::play_phase(&mut page, opts, &mut results);
        playing::scene_phase(&mut page, opts, &mut results);
    }
    if phases.ui_fast_forward {
        log(&format!(
            "ui fast-forward: {UI_FAST_FORWARD_TICKS} ticks through the sandbox's controls"
        ));
        playing::ui_fast_forward_phase(&mut page, opts, &mut results);
    }
    if phases.simulation || phases.memory {
        match simulation::check_hooks(&mut page, opts.page_timeout) {
            Ok(()) => {
                if phases.simulation {
                    log("simulation: trace hash, fast-forward in wasm and natively");
                    simulation::simulation_phase(&page, opts, &mut results, &mut log);
                }
                if phases.memory && !opts.memory_checkpoints.is_empty() {
                    log("memory: one heavy world up to the largest checkpoint");
                    simulation::memory_phase(&mut page, opts, &mut results, &mut log);
                }
            }
            Err(e) => results
                .notes
                .push(format!("simulation and memory figures skipped: {e}")),
        }
    }
    if let Err(e) = page.close() {
        results.notes.push(format!("closing the browser: {e}"));
    }
    Ok(results)
}

fn context(opts: &BenchOptions, chrome: &ChromeConfig) -> RunContext {
    RunContext {
        started: utc_timestamp(SystemTime::now()),
        cpus: std::thread::available_parallelism().map_or(0, usize::from),
        load_average: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok())),
        browser: browser_version(chrome),
        dist: opts.dist.display().to_string(),
        command: opts.command.clone(),
        optimized_harness: !cfg!(debug_assertions),
    }
}

fn browser_version(chrome: &ChromeConfig) -> String {
    Command::new(&chrome.chromium)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .map_or_else(
            || "unknown browser".to_owned(),
            |v| format!("{v}, headless"),
        )
}

fn size_phase(opts: &BenchOptions, results: &mut BenchResults) {
    const KB: f64 = 1024.0;
    let name = "First load, gzip (html + js + wasm + css)";
    match size::first_load_sizes(&opts.dist) {
        Ok(files) => {
            let total = size::total_gzip_bytes(&files) as f64 / KB;
            let raw: u64 = files.iter().map(|f| f.raw_bytes).sum();
            results.rows.push(
                Row::new(name, Some(total), Unit::Kb)
                    .with_budget(budgets::FIRST_LOAD_GZIP_KB)
                    .with_method(format!(
                        "`scripts/size-report.sh` method: gzip -9 per file, {} files, {:.1} KB raw",
                        files.len(),
                        raw as f64 / KB
                    )),
            );
            let wasm: u64 = files
                .iter()
                .filter(|f| f.name.ends_with(".wasm"))
                .map(|f| f.gzip_bytes)
                .sum();
            results.rows.push(
                Row::new("  of which wasm, gzip", Some(wasm as f64 / KB), Unit::Kb)
                    .with_method("gzip -9"),
            );
        }
        Err(e) => {
            results
                .rows
                .push(Row::new(name, None, Unit::Kb).with_budget(budgets::FIRST_LOAD_GZIP_KB));
            results.notes.push(format!("size: {e}"));
        }
    }
}

/// `1 run`, `3 runs`.
pub(super) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_parse_from_a_list() {
        let p = Phases::parse("memory, size").unwrap();
        assert!(p.memory && p.size && !p.play && !p.first_chart && !p.simulation);
        assert_eq!(
            Phases::parse(&Phases::NAMES.join(",")).unwrap(),
            Phases::ALL
        );
        let err = Phases::parse("memory,bogus").unwrap_err();
        assert!(err.message().contains("unknown phase \"bogus\""), "{err}");
    }
}
