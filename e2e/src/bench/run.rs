//! Runs every benchmark phase against a built site and collects the figures.
//!
//! A phase that fails leaves its figures as "n/a" with a note and the run goes on: a partial
//! table is more useful than none.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::bench::browser::{self, FirstChart, MemoryPoint, PlayRun, WasmRun};
use crate::bench::budgets;
use crate::bench::first_load::{self, FirstLoadOptions};
use crate::bench::heavy::{heavy_scenario, ticks_for_days};
use crate::bench::markdown::utc_timestamp;
use crate::bench::native::{self, SimRun};
use crate::bench::results::{BenchResults, Row, RunContext, Unit};
use crate::bench::size;
use crate::bench::stats::Summary;
use crate::error::{Error, Result};
use crate::page::Page;
use crate::static_server::StaticServer;
use crate::webdriver::ChromeConfig;

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
        first_chart_phase(&mut page, opts, &mut results);
    }
    if phases.play {
        log(&format!(
            "playing: {} of {:.0} s",
            plural(opts.play_runs, "run"),
            opts.play_duration.as_secs_f64()
        ));
        play_phase(&mut page, opts, &mut results);
        scene_phase(&mut page, opts, &mut results);
    }
    if phases.ui_fast_forward {
        log(&format!(
            "ui fast-forward: {UI_FAST_FORWARD_TICKS} ticks through the sandbox's controls"
        ));
        ui_fast_forward_phase(&mut page, opts, &mut results);
    }
    if phases.simulation || phases.memory {
        match check_hooks(&mut page, opts.page_timeout) {
            Ok(()) => {
                if phases.simulation {
                    log("simulation: trace hash, fast-forward in wasm and natively");
                    simulation_phase(&page, opts, &mut results, &mut log);
                }
                if phases.memory && !opts.memory_checkpoints.is_empty() {
                    log("memory: one heavy world up to the largest checkpoint");
                    memory_phase(&mut page, opts, &mut results, &mut log);
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

fn first_chart_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
    let samples = browser::first_chart(page, opts.first_chart_loads, opts.page_timeout);
    let samples = samples.unwrap_or_else(|e| {
        results.notes.push(format!("first chart: {e}"));
        Vec::new()
    });
    let rows = first_chart_rows(&samples);
    if samples.iter().any(|s| s.mark_ms.is_none()) && !samples.is_empty() {
        results.notes.push(
            "first chart: the app left no `driftline:first-chart` mark (call \
             `bench_hooks::chart_drawn` after each chart paint); the figure is the first \
             canvas with ink instead, which may be an empty chart frame"
                .into(),
        );
    }
    results.rows.extend(rows);
}

/// Rows for the first-chart figure: from the app's mark when every load left one, else from
/// the first canvas with ink (said in the row's name).
pub fn first_chart_rows(samples: &[FirstChart]) -> Vec<Row> {
    let marks: Vec<f64> = samples.iter().filter_map(|s| s.mark_ms).collect();
    let from_marks = !samples.is_empty() && marks.len() == samples.len();
    let (values, label, method) = if from_marks {
        (
            marks,
            "First chart with data",
            "app mark `driftline:first-chart`",
        )
    } else {
        (
            samples.iter().filter_map(|s| s.ink_ms).collect(),
            "First canvas with ink (fallback, no app mark)",
            "first animation frame with a non-white canvas pixel",
        )
    };
    let summary = Summary::of(&values);
    let method = format!(
        "{} fresh loads (no HTTP cache), ms from navigation start; {method}",
        values.len()
    );
    let loads: Vec<f64> = samples.iter().filter_map(|s| s.load_event_ms).collect();
    vec![
        Row::new(
            format!("{label}, median"),
            summary.map(|s| s.median),
            Unit::Ms,
        )
        .with_budget(budgets::FIRST_CHART_MEDIAN_MS)
        .with_method(method.clone()),
        Row::new(format!("{label}, p95"), summary.map(|s| s.p95), Unit::Ms).with_method(method),
        Row::new(
            "Load event end, median",
            Summary::of(&loads).map(|s| s.median),
            Unit::Ms,
        )
        .with_method("navigation timing `loadEventEnd`"),
    ]
}

/// Ticks fast-forwarded before the second set of playing runs: past the history's 4,096
/// ticks, so every chart holds a full history and the history evicts every beat.
pub const FULL_HISTORY_WARM_TICKS: u64 = 5_000;

fn play_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
    let runs = play_runs(page, opts, 0, results);
    let (rows, notes) = play_rows(&runs, opts.play_duration);
    results.rows.extend(rows);
    results.notes.extend(notes);
    // A long-running lab: the same beats with a full history behind every chart.
    let runs = play_runs(page, opts, FULL_HISTORY_WARM_TICKS, results);
    let (rows, _) = play_rows(&runs, opts.play_duration);
    results.rows.extend(rows.into_iter().take(2).map(|mut row| {
        row.name = row.name.replace(
            "Dashboard redraw per beat",
            "Dashboard redraw per beat, full history",
        );
        row.method = format!(
            "after a {FULL_HISTORY_WARM_TICKS}-tick fast-forward in the page; {}",
            row.method
        );
        row
    }));
}

/// The factory picture's frame cost while playing at the clock's top speed, pooled over
/// the playing runs.
fn scene_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
    let mut samples = Vec::new();
    let mut missing = false;
    for i in 0..opts.play_runs {
        match browser::play_scene(page, opts.play_duration, opts.page_timeout) {
            Ok(Some(s)) => samples.extend(s),
            Ok(None) => missing = true,
            Err(e) => results.notes.push(format!("picture run {}: {e}", i + 1)),
        }
    }
    if missing {
        results
            .notes
            .push("picture: the build has no `bench_scene_samples` hook".into());
    }
    results
        .rows
        .extend(scene_rows(&samples, opts.play_runs, opts.play_duration));
}

/// Rows for the factory picture's frame cost.
pub fn scene_rows(samples: &[f64], runs: usize, duration: Duration) -> Vec<Row> {
    let summary = Summary::of(samples);
    let method = format!(
        "{} frames over {} of {:.0} s at the top speed (100 ticks per beat); app hooks: \
         the picture's model build plus its render and DOM patch (closed by a marker \
         component that Yew renders next)",
        samples.len(),
        plural(runs, "run"),
        duration.as_secs_f64()
    );
    vec![
        Row::new(
            "Factory picture per beat, median",
            summary.map(|s| s.median),
            Unit::Ms,
        )
        .with_budget(budgets::SCENE_MEDIAN_MS)
        .with_method(method.clone()),
        Row::new(
            "Factory picture per beat, p95",
            summary.map(|s| s.p95),
            Unit::Ms,
        )
        .with_budget(budgets::SCENE_P95_MS)
        .with_method(method),
    ]
}

fn play_runs(
    page: &mut Page,
    opts: &BenchOptions,
    warm_ticks: u64,
    results: &mut BenchResults,
) -> Vec<PlayRun> {
    let mut runs = Vec::with_capacity(opts.play_runs);
    for i in 0..opts.play_runs {
        match browser::play(page, warm_ticks, opts.play_duration, opts.page_timeout) {
            Ok(run) => {
                if let (Some(a), Some(b)) = run.ticks {
                    if b <= a {
                        results.notes.push(format!(
                            "playing run {}: the tick counter did not advance",
                            i + 1
                        ));
                    }
                }
                runs.push(run);
            }
            Err(e) => results.notes.push(format!("playing run {}: {e}", i + 1)),
        }
    }
    runs
}

/// Rows for redraw time, frame pacing and dropped frames, pooled over `runs`.
pub fn play_rows(runs: &[PlayRun], duration: Duration) -> (Vec<Row>, Vec<String>) {
    let mut notes = Vec::new();
    let app: Vec<f64> = runs
        .iter()
        .filter_map(|r| r.app_redraws_ms.as_ref())
        .flatten()
        .copied()
        .collect();
    let beats: Vec<f64> = runs
        .iter()
        .flat_map(|r| r.beats_ms.iter().copied())
        .collect();
    let (redraws, source) = if app.is_empty() {
        if !runs.is_empty() {
            notes.push(
                "redraw: the app recorded no redraw samples (call `bench_hooks::beat_start` \
                 in the clock beat and `bench_hooks::chart_drawn` after each chart paint); \
                 the figure is each clock callback timed by a setInterval wrapper instead"
                    .into(),
            );
        }
        (
            beats,
            "setInterval wrapper: clock callback to end of its microtasks",
        )
    } else {
        (app, "app hooks: beat start to last chart drawn")
    };
    let redraw = Summary::of(&redraws);
    let method = format!(
        "{} beats over {} of {:.0} s at normal speed; {source}",
        redraws.len(),
        plural(runs.len(), "run"),
        duration.as_secs_f64()
    );
    let idle: Vec<f64> = runs
        .iter()
        .flat_map(|r| r.idle_frames_ms.iter().copied())
        .collect();
    let interval = Summary::of(&idle).map(|s| s.median);
    let frames: Vec<f64> = runs
        .iter()
        .flat_map(|r| r.frames_ms.iter().copied())
        .collect();
    let frame_summary = Summary::of(&frames);
    let dropped: Vec<f64> = runs
        .iter()
        .map(|r| browser::dropped_frames(&r.frames_ms, interval.unwrap_or(f64::NAN)) as f64)
        .collect();
    let interval_text = interval.map_or_else(|| "unknown".to_owned(), |i| format!("{i:.2} ms"));
    let rows = vec![
        Row::new(
            "Dashboard redraw per beat, median",
            redraw.map(|s| s.median),
            Unit::Ms,
        )
        .with_budget(budgets::REDRAW_MEDIAN_MS)
        .with_method(method.clone()),
        Row::new(
            "Dashboard redraw per beat, p95",
            redraw.map(|s| s.p95),
            Unit::Ms,
        )
        .with_budget(budgets::REDRAW_P95_MS)
        .with_method(method),
        Row::new(
            "Frame interval while playing, p95",
            frame_summary.map(|s| s.p95),
            Unit::Ms,
        )
        .with_method(format!(
            "requestAnimationFrame deltas, {} frames; idle interval {interval_text}",
            frames.len()
        )),
        Row::new(
            format!(
                "Dropped frames in {:.0} s of playing, median of runs",
                duration.as_secs_f64()
            ),
            Summary::of(&dropped).map(|s| s.median),
            Unit::Count,
        )
        .with_method(format!(
            "sum of round(delta / idle interval) - 1; per run: {}",
            dropped
                .iter()
                .map(|d| format!("{d:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    ];
    (rows, notes)
}

/// Ticks of the UI fast-forward: the most one request may ask for (`state::MAX_FAST_FORWARD_TICKS`),
/// 11.6 days of factory time at 10 s ticks.
pub const UI_FAST_FORWARD_TICKS: u64 = 100_000;

fn ui_fast_forward_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
    let measured = browser::fresh_load(page, opts.page_timeout)
        .and_then(|()| page.goto("#/sandbox"))
        .and_then(|()| {
            page.wait_for(
                r#"[data-testid="chapter-sandbox"] [data-testid="fast-forward"]"#,
                opts.page_timeout,
            )
            .map(|_| ())
        })
        .and_then(|()| {
            page.eval_async(
                crate::bench::scripts::UI_FAST_FORWARD_JS,
                &[serde_json::json!(UI_FAST_FORWARD_TICKS)],
            )
        });
    let value = match measured {
        Ok(v) if v.get("error").is_none() => v,
        Ok(v) => {
            results
                .notes
                .push(format!("ui fast-forward: {}", v["error"]));
            return;
        }
        Err(e) => {
            results.notes.push(format!("ui fast-forward: {e}"));
            return;
        }
    };
    let numbers = |key: &str| -> Vec<f64> {
        value[key]
            .as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default()
    };
    let lags = numbers("lagsMs");
    let long_tasks = numbers("longTasksMs");
    let lag = Summary::of(&lags);
    let method = format!(
        "{UI_FAST_FORWARD_TICKS} ticks via the sandbox's Fast-forward button; {} setTimeout(0) probes; {} long tasks (> 50 ms), longest {}; ended at tick {}",
        lags.len(),
        long_tasks.len(),
        long_tasks
            .iter()
            .copied()
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
            .map_or_else(|| "none".to_owned(), |m| format!("{m:.0} ms")),
        value["tick"].as_str().unwrap_or("?")
    );
    results.rows.push(
        Row::new(
            "UI fast-forward: longest wait for input",
            lag.map(|s| s.max),
            Unit::Ms,
        )
        .with_budget(budgets::FAST_FORWARD_INPUT_WAIT_MS)
        .with_method(method.clone()),
    );
    results.rows.push(
        Row::new(
            "UI fast-forward: wait for input, p95",
            lag.map(|s| s.p95),
            Unit::Ms,
        )
        .with_method(method.clone()),
    );
    results.rows.push(
        Row::new(
            format!("UI fast-forward of {UI_FAST_FORWARD_TICKS} ticks, wall time"),
            value["wallMs"].as_f64(),
            Unit::Ms,
        )
        .with_method(method),
    );
}

fn check_hooks(page: &mut Page, timeout: Duration) -> Result<()> {
    browser::fresh_load(page, timeout)?;
    match browser::hooks_version(page)? {
        Some(v) if v == EXPECTED_HOOKS_VERSION => Ok(()),
        Some(v) => Err(Error::new(format!(
            "the page's bench hooks speak version {v}, this harness {EXPECTED_HOOKS_VERSION}"
        ))),
        None => Err(Error::new(
            "the build exports no bench hooks (window.wasmBindings.bench_hooks_version)",
        )),
    }
}

fn simulation_phase(
    page: &Page,
    opts: &BenchOptions,
    results: &mut BenchResults,
    log: &mut impl FnMut(&str),
) {
    match (
        browser::trace_hash(page, opts.hash_ticks),
        native::heavy_trace_hash(opts.hash_ticks),
    ) {
        (Ok(w), Ok(n)) if w == n => results.notes.push(format!(
            "wasm and native simulate the same bits: trace hash {w} over the first {} ticks",
            opts.hash_ticks
        )),
        (Ok(w), Ok(n)) => results.notes.push(format!(
            "WARNING: trace hashes differ (wasm {w}, native {n}): the two runs are not the same \
             simulation, so the ratio compares different work"
        )),
        (w, n) => results.notes.push(format!(
            "trace hash comparison failed: wasm {:?}, native {:?}",
            w.err().map(|e| e.to_string()),
            n.err().map(|e| e.to_string())
        )),
    }
    let ticks = ticks_for_days(&heavy_scenario(), opts.fast_forward_days);
    // Alternate wasm and native runs, so both see the same background load on a shared
    // machine and the ratio is not skewed by a busy minute on one side.
    let mut wasm = Vec::with_capacity(opts.fast_forward_runs);
    let mut native_runs = Vec::with_capacity(opts.fast_forward_runs);
    let (mut wasm_failed, mut native_failed) = (false, false);
    for _ in 0..opts.fast_forward_runs {
        if !wasm_failed {
            match browser::fast_forward(page, ticks, 1) {
                Ok(runs) => wasm.extend(runs),
                Err(e) => {
                    results.notes.push(format!("fast-forward in wasm: {e}"));
                    wasm_failed = true;
                }
            }
        }
        if !native_failed {
            match native::time_heavy(ticks) {
                Ok(run) => native_runs.push(run),
                Err(e) => {
                    results.notes.push(format!("native run: {e}"));
                    native_failed = true;
                }
            }
        }
    }
    log(&format!(
        "  {} wasm and {} native runs of {ticks} ticks done",
        wasm.len(),
        native_runs.len()
    ));
    let (rows, notes) = simulation_rows(&wasm, &native_runs, opts.fast_forward_days, ticks);
    results.rows.extend(rows);
    results.notes.extend(notes);
}

/// Rows for fast-forward time, throughput in wasm and natively, and their ratio.
pub fn simulation_rows(
    wasm: &[WasmRun],
    native_runs: &[SimRun],
    days: f64,
    ticks: u64,
) -> (Vec<Row>, Vec<String>) {
    let mut notes = Vec::new();
    let wasm_ms: Vec<f64> = wasm.iter().map(|r| r.run_ms).collect();
    let wasm_build: Vec<f64> = wasm.iter().map(|r| r.build_ms).collect();
    let wasm_rate: Vec<f64> = wasm
        .iter()
        .map(|r| r.phones / (r.run_ms / 1000.0))
        .collect();
    let native_ms: Vec<f64> = native_runs.iter().map(|r| r.run_ms).collect();
    let native_build: Vec<f64> = native_runs.iter().map(|r| r.build_ms).collect();
    let native_rate: Vec<f64> = native_runs.iter().map(SimRun::phones_per_sec).collect();
    let phones = wasm.first().map(|r| r.phones);
    if let (Some(w), Some(n)) = (phones, native_runs.first().map(|r| r.phones)) {
        if w != n {
            notes.push(format!(
                "WARNING: wasm simulated {w} phones, native {n}, over the same ticks"
            ));
        }
    }
    let median = |v: &[f64]| Summary::of(v).map(|s| s.median);
    let ratio = match (median(&wasm_rate), median(&native_rate)) {
        (Some(w), Some(n)) if n > 0.0 => Some(w / n),
        _ => None,
    };
    let days = days_label(days);
    let what = format!(
        "heavy scenario, {ticks} ticks ({} phones)",
        phones.map_or_else(|| "?".to_owned(), |p| format!("{p:.0}"))
    );
    let runs_w = format!(
        "{} in wasm (alternating with the native runs), performance.now() around the call",
        plural(wasm.len(), "run")
    );
    let runs_n = format!(
        "{} natively in-process, std::time::Instant",
        plural(native_runs.len(), "run")
    );
    let rows = vec![
        Row::new(
            format!("Fast-forward {days} simulated days, median"),
            median(&wasm_ms),
            Unit::Ms,
        )
        .with_budget(budgets::FAST_FORWARD_30_DAYS_MS)
        .with_method(format!("{what}; {runs_w}")),
        Row::new(
            format!("Fast-forward {days} simulated days, p95"),
            Summary::of(&wasm_ms).map(|s| s.p95),
            Unit::Ms,
        )
        .with_method(runs_w.clone()),
        Row::new(
            "Heavy world build (model training) in wasm, median",
            median(&wasm_build),
            Unit::Ms,
        )
        .with_method(format!("{runs_w}; not part of the fast-forward time")),
        Row::new(
            "Simulated phones per second in wasm, median",
            median(&wasm_rate),
            Unit::PhonesPerSec,
        )
        .with_method(runs_w),
        Row::new(
            "Simulated phones per second natively, median",
            median(&native_rate),
            Unit::PhonesPerSec,
        )
        .with_method(runs_n.clone()),
        Row::new(
            format!("Fast-forward {days} simulated days natively, median"),
            median(&native_ms),
            Unit::Ms,
        )
        .with_method(runs_n.clone()),
        Row::new(
            "Heavy world build natively, median",
            median(&native_build),
            Unit::Ms,
        )
        .with_method(runs_n),
        Row::new("Wasm / native throughput", ratio, Unit::Ratio)
            .with_budget(budgets::WASM_NATIVE_RATIO)
            .with_method("ratio of the two medians above"),
    ];
    (rows, notes)
}

fn memory_phase(
    page: &mut Page,
    opts: &BenchOptions,
    results: &mut BenchResults,
    log: &mut impl FnMut(&str),
) {
    let measured = browser::fresh_load(page, opts.page_timeout).and_then(|()| {
        browser::memory(
            page,
            &opts.memory_checkpoints,
            // Well below the 120 s the WebDriver client allows one call.
            Duration::from_secs(40),
            |p| {
                log(&format!(
                    "  {:.0} phones: wasm {:.1} MB, JS heap {}",
                    p.phones,
                    p.wasm_bytes / MB,
                    p.js_heap_bytes
                        .map_or_else(|| "n/a".to_owned(), |h| format!("{:.1} MB", h / MB))
                ));
            },
        )
    });
    let points = measured.unwrap_or_else(|e| {
        results.notes.push(format!("memory: {e}"));
        Vec::new()
    });
    results
        .rows
        .extend(memory_rows(&points, &opts.memory_checkpoints));
}

const MB: f64 = 1024.0 * 1024.0;

/// `1 run`, `3 runs`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `30` for whole days, `0.5` otherwise.
fn days_label(days: f64) -> String {
    if days.fract() == 0.0 {
        format!("{days:.0}")
    } else {
        format!("{days}")
    }
}

/// Short label for a phone count: `1M`, `10M`, `100M`, `250k`.
pub fn phones_label(phones: f64) -> String {
    if phones >= 1e6 {
        format!("{:.0}M", phones / 1e6)
    } else if phones >= 1e3 {
        format!("{:.0}k", phones / 1e3)
    } else {
        format!("{phones:.0}")
    }
}

/// Rows for memory at each checkpoint, and the change between the last two checkpoints.
pub fn memory_rows(points: &[MemoryPoint], checkpoints: &[f64]) -> Vec<Row> {
    let method = "one heavy world in a fresh page; read after window.gc()";
    let mut rows = Vec::new();
    for (i, &target) in checkpoints.iter().enumerate() {
        let point = points.get(i);
        rows.push(
            Row::new(
                format!("Wasm memory after {} phones", phones_label(target)),
                point.map(|p| p.wasm_bytes / MB),
                Unit::Mb,
            )
            .with_method(format!(
                "`bench_wasm_memory_bytes` (linear memory buffer); {method}"
            )),
        );
    }
    for (i, &target) in checkpoints.iter().enumerate() {
        let point = points.get(i);
        rows.push(
            Row::new(
                format!("JS heap after {} phones", phones_label(target)),
                point.and_then(|p| p.js_heap_bytes).map(|b| b / MB),
                Unit::Mb,
            )
            .with_method(format!("`performance.memory.usedJSHeapSize`; {method}")),
        );
    }
    if checkpoints.len() >= 2 {
        let (a, b) = (checkpoints.len() - 2, checkpoints.len() - 1);
        let span = format!(
            "{} to {} phones",
            phones_label(checkpoints[a]),
            phones_label(checkpoints[b])
        );
        let growth = |f: fn(&MemoryPoint) -> Option<f64>| match (points.get(a), points.get(b)) {
            (Some(x), Some(y)) => match (f(x), f(y)) {
                (Some(x), Some(y)) if x > 0.0 => Some((y - x) / x * 100.0),
                _ => None,
            },
            _ => None,
        };
        rows.push(
            Row::new(
                format!("Wasm memory change, {span}"),
                growth(|p| Some(p.wasm_bytes)),
                Unit::Percent,
            )
            .with_budget(budgets::MEMORY_CHANGE_PCT)
            .with_method("relative to the smaller checkpoint"),
        );
        rows.push(
            Row::new(
                format!("JS heap change, {span}"),
                growth(|p| p.js_heap_bytes),
                Unit::Percent,
            )
            .with_budget(budgets::MEMORY_CHANGE_PCT)
            .with_method("relative to the smaller checkpoint"),
        );
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::budgets::Verdict;

    #[test]
    fn first_chart_prefers_the_app_mark_and_says_when_it_falls_back() {
        let marked: Vec<FirstChart> = [200.0, 240.0, 220.0]
            .iter()
            .map(|&m| FirstChart {
                mark_ms: Some(m),
                ink_ms: Some(m - 30.0),
                load_event_ms: Some(100.0),
            })
            .collect();
        let rows = first_chart_rows(&marked);
        assert_eq!(rows[0].name, "First chart with data, median");
        assert_eq!(rows[0].value, Some(220.0));
        assert_eq!(rows[0].verdict(), Some(Verdict::Met));
        assert_eq!(rows[1].value, Some(240.0));

        let mut partly = marked.clone();
        partly[1].mark_ms = None;
        let rows = first_chart_rows(&partly);
        assert!(rows[0].name.contains("fallback"), "{}", rows[0].name);
        assert_eq!(rows[0].value, Some(190.0));

        let rows = first_chart_rows(&[]);
        assert_eq!(rows[0].value, None);
        assert_eq!(rows[0].verdict(), Some(Verdict::NotMeasured));
    }

    fn play_run(app: Option<Vec<f64>>) -> PlayRun {
        PlayRun {
            idle_frames_ms: vec![16.7; 60],
            // 600 frames, two of them 3 intervals long (4 frames dropped).
            frames_ms: std::iter::repeat_n(16.7, 598).chain([50.1, 50.1]).collect(),
            beats_ms: vec![2.0, 3.0, 9.0],
            app_redraws_ms: app,
            ticks: (Some(0), Some(100)),
        }
    }

    #[test]
    fn scene_rows_judge_the_median_and_the_p95() {
        let samples: Vec<f64> = (1..=99).map(|i| f64::from(i) / 10.0).collect();
        let rows = scene_rows(&samples, 2, Duration::from_secs(5));
        assert_eq!(rows[0].value, Some(5.0));
        assert_eq!(
            rows[0].verdict(),
            Some(Verdict::Missed { by: 1.0, pct: 25.0 })
        );
        assert_eq!(
            rows[1].verdict(),
            Some(Verdict::Missed {
                by: 1.5,
                pct: 18.75
            })
        );
        let rows = scene_rows(&[], 2, Duration::from_secs(5));
        assert_eq!(rows[0].verdict(), Some(Verdict::NotMeasured));
    }

    #[test]
    fn play_rows_use_app_samples_when_present() {
        let (rows, notes) = play_rows(
            &[play_run(Some(vec![1.0, 2.0, 3.0]))],
            Duration::from_secs(10),
        );
        assert!(notes.is_empty());
        assert_eq!(rows[0].value, Some(2.0));
        assert!(rows[0].method.contains("app hooks"));
        assert_eq!(rows[3].value, Some(4.0));

        let (rows, notes) = play_rows(
            &[play_run(None), play_run(Some(vec![]))],
            Duration::from_secs(10),
        );
        assert_eq!(notes.len(), 1);
        assert!(rows[0].method.contains("setInterval"));
        assert_eq!(rows[0].value, Some(3.0));
        assert_eq!(rows[1].value, Some(9.0));
        assert_eq!(
            rows[1].verdict(),
            Some(Verdict::Missed { by: 1.0, pct: 12.5 })
        );
    }

    #[test]
    fn simulation_rows_compute_the_ratio_of_median_throughputs() {
        let wasm = [
            WasmRun {
                build_ms: 50.0,
                run_ms: 2000.0,
                phones: 2.0e6,
            },
            WasmRun {
                build_ms: 60.0,
                run_ms: 4000.0,
                phones: 2.0e6,
            },
            WasmRun {
                build_ms: 55.0,
                run_ms: 1000.0,
                phones: 2.0e6,
            },
        ];
        let native_runs = [SimRun {
            build_ms: 20.0,
            run_ms: 1000.0,
            phones: 2.0e6,
        }];
        let (rows, notes) = simulation_rows(&wasm, &native_runs, 30.0, 259_200);
        assert!(notes.is_empty());
        let by_name = |n: &str| rows.iter().find(|r| r.name.starts_with(n)).unwrap();
        assert_eq!(
            by_name("Fast-forward 30 simulated days, median").value,
            Some(2000.0)
        );
        assert_eq!(
            by_name("Simulated phones per second in wasm").value,
            Some(1.0e6)
        );
        assert_eq!(
            by_name("Simulated phones per second natively").value,
            Some(2.0e6)
        );
        let ratio = by_name("Wasm / native");
        assert_eq!(ratio.value, Some(0.5));
        assert_eq!(ratio.verdict(), Some(Verdict::Met));

        let other = [SimRun {
            build_ms: 20.0,
            run_ms: 1000.0,
            phones: 1.0e6,
        }];
        let (_, notes) = simulation_rows(&wasm, &other, 30.0, 259_200);
        assert_eq!(notes.len(), 1, "a phone-count mismatch is reported");
    }

    #[test]
    fn memory_rows_report_the_change_between_the_last_two_checkpoints() {
        let point = |phones: f64, wasm_mb: f64, heap_mb: Option<f64>| MemoryPoint {
            phones,
            wasm_bytes: wasm_mb * MB,
            js_heap_bytes: heap_mb.map(|h| h * MB),
        };
        let points = [
            point(1.0e6, 10.0, Some(2.0)),
            point(1.0e7, 20.0, Some(2.0)),
            point(1.0e8, 20.0, Some(2.5)),
        ];
        let rows = memory_rows(&points, &[1e6, 1e7, 1e8]);
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[0].name, "Wasm memory after 1M phones");
        assert_eq!(rows[5].name, "JS heap after 100M phones");
        assert_eq!(rows[6].name, "Wasm memory change, 10M to 100M phones");
        assert_eq!(rows[6].value, Some(0.0));
        assert_eq!(rows[6].verdict(), Some(Verdict::Met));
        assert_eq!(rows[7].value, Some(25.0));
        assert!(matches!(rows[7].verdict(), Some(Verdict::Missed { .. })));
        // A phase that measured nothing leaves every figure unmeasured.
        let empty = memory_rows(&[], &[1e6, 1e7]);
        assert!(empty.iter().all(|r| r.value.is_none()));
        assert_eq!(phones_label(250_000.0), "250k");
    }

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
        assert_eq!(
            (days_label(30.0), days_label(0.5)),
            ("30".to_owned(), "0.5".to_owned())
        );
    }
}
