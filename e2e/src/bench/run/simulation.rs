//! The phases measured through the page's bench hooks on one world: the trace hash and
//! fast-forward throughput in wasm against the same simulation natively, and memory after
//! many simulated phones.

use std::time::Duration;

use super::{plural, BenchOptions, EXPECTED_HOOKS_VERSION};
use crate::bench::browser::{self, MemoryPoint, WasmRun};
use crate::bench::budgets;
use crate::bench::heavy::{heavy_scenario, ticks_for_days};
use crate::bench::native::{self, SimRun};
use crate::bench::results::{BenchResults, Row, Unit};
use crate::bench::stats::Summary;
use crate::error::{Error, Result};
use crate::page::Page;

/// Loads the page afresh and fails unless its bench hooks speak [`EXPECTED_HOOKS_VERSION`].
pub(super) fn check_hooks(page: &mut Page, timeout: Duration) -> Result<()> {
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

pub(super) fn simulation_phase(
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

pub(super) fn memory_phase(
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
    fn days_label_is_whole_or_decimal() {
        assert_eq!(
            (days_label(30.0), days_label(0.5)),
            ("30".to_owned(), "0.5".to_owned())
        );
    }
}
