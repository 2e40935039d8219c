//! The phases measured on the page as a reader uses it: the first chart after a fresh load,
//! dashboard redraw and dropped frames while playing (and again with a full history), the
//! factory picture's frame cost, and a fast-forward through the sandbox's controls.

use std::time::Duration;

use super::{plural, BenchOptions};
use crate::bench::browser::{self, FirstChart, PlayRun};
use crate::bench::budgets;
use crate::bench::results::{BenchResults, Row, Unit};
use crate::bench::stats::Summary;
use crate::page::Page;

pub(super) fn first_chart_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
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

pub(super) fn play_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
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
pub(super) fn scene_phase(page: &mut Page, opts: &BenchOptions, results: &mut BenchResults) {
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

pub(super) fn ui_fast_forward_phase(
    page: &mut Page,
    opts: &BenchOptions,
    results: &mut BenchResults,
) {
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
}
