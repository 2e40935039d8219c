//! A stand-in page for testing the benchmark harness itself: a canvas drawn shortly after
//! load, a Play button whose clock beat costs a known 2 ms, and a JavaScript imitation of the
//! `bench_*` exports of `src/bench_hooks.rs`. The browser tests below run every phase
//! against it, with and without the app's timing marks.

use std::path::Path;

use crate::error::{Context, Result};

/// Delay before the stand-in draws its chart (and leaves the first-chart mark), ms.
pub const FIRST_DRAW_MS: u32 = 150;
/// Busy time of each clock beat, ms.
pub const BEAT_BUSY_MS: u32 = 2;
/// Phones per tick of the imitated heavy world.
pub const PHONES_PER_TICK: u32 = 10;
/// Linear memory the imitation reports, bytes.
pub const MEMORY_BYTES: u32 = 1 << 20;

const INDEX_HTML: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>driftline-bench fixture</title></head>
<body>
<button type="button" data-testid="play">Play</button>
<span data-testid="tick">0</span>
<canvas data-testid="chart-fixture" width="300" height="150"></canvas>
<script src="app.js"></script>
</body>
</html>
"#;

const APP_JS: &str = r#"'use strict';
const WITH_MARKS = {{WITH_MARKS}};
const canvas = document.querySelector('canvas');
const ctx = canvas.getContext('2d');
let tick = 0;
let playing = false;
let redraws = [];
let phones = 0;
const draw = (n) => {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000000';
  ctx.fillRect(10, 10, 5 + (n % 200), 20);
};
setTimeout(() => {
  draw(0);
  if (WITH_MARKS) { performance.mark('driftline:first-chart'); }
}, {{FIRST_DRAW_MS}});
document.querySelector('[data-testid="play"]').addEventListener('click', () => {
  if (playing) { return; }
  playing = true;
  setInterval(() => {
    const start = performance.now();
    tick += 1;
    document.querySelector('[data-testid="tick"]').textContent = String(tick);
    draw(tick);
    while (performance.now() < start + {{BEAT_BUSY_MS}}) { /* a beat's work */ }
    if (WITH_MARKS) { redraws.push(performance.now() - start); }
  }, 100);
});
window.wasmBindings = {
  bench_hooks_version: () => 1,
  bench_redraw_samples: () => { const out = redraws; redraws = []; return new Float64Array(out); },
  bench_heavy_reset: () => { phones = 0; return 8640; },
  bench_heavy_run: (ticks) => { phones += ticks * {{PHONES_PER_TICK}}; return ticks * {{PHONES_PER_TICK}}; },
  bench_heavy_phones: () => phones,
  bench_heavy_drop: () => {},
  bench_heavy_trace_hash: () => '0000000000000000',
  bench_wasm_memory_bytes: () => {{MEMORY_BYTES}},
};
"#;

/// Writes the stand-in site into `dir`; `with_marks` makes it leave the first-chart mark and
/// record its own redraw samples, like an app that calls the timing hooks.
pub fn write_bench_fixture(dir: &Path, with_marks: bool) -> Result<()> {
    std::fs::create_dir_all(dir).context("creating the bench fixture directory")?;
    let app = APP_JS
        .replace("{{WITH_MARKS}}", if with_marks { "true" } else { "false" })
        .replace("{{FIRST_DRAW_MS}}", &FIRST_DRAW_MS.to_string())
        .replace("{{BEAT_BUSY_MS}}", &BEAT_BUSY_MS.to_string())
        .replace("{{PHONES_PER_TICK}}", &PHONES_PER_TICK.to_string())
        .replace("{{MEMORY_BYTES}}", &MEMORY_BYTES.to_string());
    std::fs::write(dir.join("index.html"), INDEX_HTML).context("writing index.html")?;
    std::fs::write(dir.join("app.js"), app).context("writing app.js")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::{Mutex, PoisonError};
    use std::time::Duration;

    use super::*;
    use crate::bench::budgets::Verdict;
    use crate::bench::first_load::{FirstLoadOptions, PlaygroundSource, CHAPTER};
    use crate::bench::results::BenchResults;
    use crate::bench::run::{run, BenchOptions, Phases};
    use tempfile::TempDir;

    /// One browser at a time: the machine has two cores.
    static BROWSER: Mutex<()> = Mutex::new(());

    fn bench_fixture(with_marks: bool) -> (TempDir, BenchResults) {
        let _one = BROWSER.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = TempDir::new().unwrap();
        write_bench_fixture(dir.path(), with_marks).unwrap();
        let options = BenchOptions {
            dist: dir.path().to_owned(),
            first_chart_loads: 2,
            play_runs: 1,
            play_duration: Duration::from_millis(1500),
            fast_forward_days: 0.1,
            fast_forward_runs: 1,
            memory_checkpoints: vec![1e4, 2e4],
            hash_ticks: 20,
            // The first-load phase once, with its mark, without TF Playground or Lighthouse.
            phases: Phases {
                first_load: with_marks,
                ..Phases::ALL
            },
            first_load: FirstLoadOptions {
                loads: 1,
                playground: PlaygroundSource::Skip,
                lighthouse: false,
                ..FirstLoadOptions::default()
            },
            ..BenchOptions::default()
        };
        let results = run(&options, |_| {}).unwrap();
        (dir, results)
    }

    fn row<'a>(results: &'a BenchResults, prefix: &str) -> &'a crate::bench::Row {
        results
            .rows
            .iter()
            .find(|r| r.name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no row {prefix}: {:#?}", results.rows))
    }

    #[test]
    #[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
    fn every_phase_measures_a_page_with_marks() {
        let (_dir, results) = bench_fixture(true);
        let first = row(&results, "First chart with data, median");
        let first_ms = first.value.unwrap();
        assert!(first_ms >= f64::from(FIRST_DRAW_MS), "{first:?}");
        assert!(first_ms < 5_000.0, "{first:?}");

        let redraw = row(&results, "Dashboard redraw per beat, median");
        assert!(redraw.method.contains("app hooks"), "{redraw:?}");
        let redraw_ms = redraw.value.unwrap();
        assert!(redraw_ms >= f64::from(BEAT_BUSY_MS), "{redraw:?}");
        assert!(redraw_ms < 50.0, "{redraw:?}");
        assert!(row(&results, "Dropped frames").value.is_some());

        // The imitation's heavy world is not the real one: the harness must say so.
        let ff = row(&results, "Fast-forward 0.1 simulated days, median");
        assert!(ff.value.is_some(), "{ff:?}");
        assert!(ff.method.contains("8640 phones"), "{ff:?}");
        assert!(
            row(&results, "Simulated phones per second natively")
                .value
                .unwrap()
                > 0.0
        );
        assert!(
            results
                .notes
                .iter()
                .any(|n| n.contains("trace hashes differ")),
            "{:?}",
            results.notes
        );
        assert!(
            results
                .notes
                .iter()
                .any(|n| n.contains("wasm simulated 8640 phones")),
            "{:?}",
            results.notes
        );

        let wasm_after = row(&results, "Wasm memory after 20k phones");
        assert_eq!(
            wasm_after.value,
            Some(f64::from(MEMORY_BYTES) / (1024.0 * 1024.0))
        );
        let change = row(&results, "Wasm memory change, 10k to 20k phones");
        assert_eq!(change.value, Some(0.0));
        assert_eq!(change.verdict(), Some(Verdict::Met));
        assert!(row(&results, "JS heap after 20k phones").value.unwrap() > 0.0);

        // Both pages under both profiles, one cold load each, the mark read as the chart.
        let report = results.first_load.as_ref().unwrap();
        assert_eq!(report.loads.len(), 4, "{report:#?}");
        for loads in &report.loads {
            let sample = loads
                .samples
                .first()
                .unwrap_or_else(|| panic!("{loads:#?}"));
            assert!(sample.fcp_ms.is_some(), "{loads:#?}");
            let chart = sample.chart_ms.unwrap();
            assert!(chart >= f64::from(FIRST_DRAW_MS), "{loads:#?}");
            assert_eq!(sample.compressed.0, sample.compressed.1, "{sample:#?}");
        }
        let md = crate::bench::first_load::table::markdown(report);
        assert!(
            md.contains("TF Playground: skipped because not asked for"),
            "{md}"
        );
        assert!(
            md.contains(&format!("| Driftline | {CHAPTER} | mobile |")),
            "{md}"
        );
    }

    #[test]
    #[ignore = "needs /usr/bin/chromium and /usr/bin/chromedriver"]
    fn without_marks_the_harness_falls_back_and_says_so() {
        let (_dir, results) = bench_fixture(false);
        let first = row(
            &results,
            "First canvas with ink (fallback, no app mark), median",
        );
        assert!(
            first.value.unwrap() >= f64::from(FIRST_DRAW_MS),
            "{first:?}"
        );
        let redraw = row(&results, "Dashboard redraw per beat, median");
        assert!(redraw.method.contains("setInterval wrapper"), "{redraw:?}");
        assert!(
            redraw.value.unwrap() >= f64::from(BEAT_BUSY_MS),
            "{redraw:?}"
        );
        assert!(results
            .notes
            .iter()
            .any(|n| n.contains("no `driftline:first-chart` mark")));
        assert!(results
            .notes
            .iter()
            .any(|n| n.contains("no redraw samples")));
    }
}
