//! Turns the world into what the lab draws. Pure: no DOM, testable natively
//! (`tests/view_model.rs`).

pub mod alarm_carry;
pub mod alarm_episodes;
pub mod alarms;
pub mod axis;
pub mod chart_cache;
pub mod hover;
pub mod input;
pub mod metrics;
pub mod pies;
pub mod series;

use std::rc::Rc;

use driftline_sim::deploy::CanaryPhase;
use driftline_sim::drift::DriftEvent;
use driftline_sim::lifecycle::Stage;
use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;

use crate::charts::line::AlarmSpan;
use alarms::{AlarmEntry, AlarmTrack};
use metrics::{Family, MetricSpec};

/// Default reject-rate alarm threshold (on the 30-tick mean; editable in the lab).
pub const REJECT_RATE_THRESHOLD: f64 = 0.08;

/// The reader's alarm thresholds: each chart's spec with its current red line, in dashboard order.
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds(Vec<(MetricSpec, f64)>);

impl Default for Thresholds {
    fn default() -> Self {
        Self::from_specs(metrics::all())
    }
}

impl Thresholds {
    /// The default thresholds of `scenario`'s charts (see [`metrics::for_scenario`]).
    #[must_use]
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Self::from_specs(metrics::for_scenario(scenario))
    }

    fn from_specs(specs: Vec<MetricSpec>) -> Self {
        Self(
            specs
                .into_iter()
                .map(|m| {
                    let t = m.threshold;
                    (m, t)
                })
                .collect(),
        )
    }

    /// Threshold of chart `id`.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<f64> {
        self.0.iter().find(|(k, _)| k.id == id).map(|(_, v)| *v)
    }

    /// The chart specs with their current thresholds.
    pub fn iter(&self) -> impl Iterator<Item = (&MetricSpec, f64)> + '_ {
        self.0.iter().map(|(s, t)| (s, *t))
    }

    /// Sets chart `id`'s threshold after validating `text` against the chart's bounds.
    /// On error the old value stays and the message says why.
    ///
    /// # Errors
    /// Unknown chart id, or text [`input::parse_threshold`] rejects.
    pub fn set_from_text(&mut self, id: &str, text: &str) -> Result<f64, String> {
        let slot = self
            .0
            .iter_mut()
            .find(|(k, _)| k.id == id)
            .ok_or_else(|| format!("No chart called {id}."))?;
        let value = input::parse_threshold(text, slot.0.min, slot.0.max)?;
        slot.1 = value;
        Ok(value)
    }
}

/// One chart, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartView {
    /// The metric.
    pub spec: MetricSpec,
    /// `(tick, value)` points (smoothed when the spec says so).
    pub points: Rc<[(f64, f64)]>,
    /// The red line.
    pub threshold: f64,
    /// Visible value range.
    pub y_range: (f64, f64),
    /// Some values lie above the range's top (drawn at the top; the chart says so).
    pub clipped: bool,
    /// The unsmoothed values of a smoothed chart, drawn faintly under its line (empty
    /// when the chart is not smoothed).
    pub raw: Rc<[(f64, f64)]>,
    /// The candidate model's own series, beside the stable one, while a rollout gives it
    /// phones (the accuracy and latency charts have one: see [`candidate_series_field`]).
    pub candidate: Rc<[(f64, f64)]>,
    /// Alarm spans and transitions.
    pub track: AlarmTrack,
    /// Spans as the chart component wants them.
    pub spans: Rc<[AlarmSpan]>,
}

/// Something that happened to the line, drawn as a vertical marker on every chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Tick.
    pub tick: u64,
    /// What happened.
    pub label: String,
}

/// Injected drift events, deployment steps and retrains, in tick order.
#[must_use]
pub fn markers(world: &World) -> Vec<Marker> {
    let now = world.tick();
    let mut out: Vec<Marker> = world
        .events()
        .iter()
        .map(|e| Marker {
            tick: e.start_tick,
            label: drift_words(e, now),
        })
        .collect();
    let deployment = world.rollout().deployment();
    if let Some(canary) = deployment.canary() {
        out.extend(canary.events().map(|e| Marker {
            tick: e.tick,
            label: canary_words(e, &canary.describe(e)),
        }));
    }
    if let Some(bg) = deployment.blue_green() {
        out.extend(bg.events().map(|e| Marker {
            tick: e.tick,
            label: bg.describe(e),
        }));
    }
    out.extend(
        world
            .lifecycle()
            .events()
            .iter()
            .filter(|e| e.stage == Stage::Retraining)
            .map(|e| Marker {
                tick: e.tick,
                label: "retrained and redeployed".to_owned(),
            }),
    );
    crate::keyed_sort::sort_by_u64_key(&mut out, |m| m.tick);
    out
}

/// A drift event in plain words, "planned" while its tick lies ahead of `now`.
#[must_use]
pub fn drift_words(e: &DriftEvent, now: u64) -> String {
    use driftline_sim::drift::{DriftKind as K, DriftShape as S};
    let what = match e.kind {
        K::LightingDim => "the lamp dims",
        K::CameraBlur => "a new camera blurs the pictures",
        K::NewSliceShare => "more phones come in the new colour",
        K::MissingImages => "camera faults leave pictures missing",
        K::SpecTighten => "the spec tightens (concept drift)",
        K::NewDefectType => "a tolerated defect becomes a reject (concept drift)",
    };
    let how = match e.shape {
        S::Sudden => "at once",
        S::Gradual => "gradually, old and new mixed",
        S::Incremental => "step by step",
        S::Recurring => "on and off",
    };
    let pct = (e.magnitude * 100.0).round();
    if e.start_tick > now {
        format!("planned: {what}, {how} ({pct:.0}%)")
    } else {
        format!("{what}, {how} ({pct:.0}%)")
    }
}

/// A canary step in plain words, with the tool's own message after it.
fn canary_words(e: &driftline_sim::deploy::canary::CanaryEvent, tool: &str) -> String {
    use driftline_sim::deploy::canary::CanaryEventKind as K;
    let w = e.weight_pct;
    let plain = match e.kind {
        K::Started => format!("canary starts: {w}% of phones to the candidate"),
        K::Advanced => format!("checks passed: {w}% of phones to the candidate"),
        K::CheckPassed => "a check passed".to_owned(),
        K::CheckFailed { .. } => "a check failed".to_owned(),
        K::NoData { .. } => "a check had too few phones to judge".to_owned(),
        K::Paused { .. } => "paused: a check was inconclusive".to_owned(),
        K::Resumed => "resumed".to_owned(),
        K::Promoted => "the candidate is promoted to every phone".to_owned(),
        K::AbortedByAnalysis { .. } => {
            "rolled back by the checks: every phone on stable".to_owned()
        }
        K::AbortedByUser => "rolled back by hand: every phone on stable".to_owned(),
    };
    format!("{plain} ({tool})")
}

/// Visible tick range of the charts: the history's ticks, snapped to steps (see [`axis`]).
#[must_use]
pub fn x_range(world: &World) -> (f64, f64) {
    let history = world.history();
    // Ticks stay far below 2^52.
    let first = history.iter().next().map_or(0.0, |m| m.tick as f64);
    let last = history.last().map_or(0.0, |m| m.tick as f64);
    axis::tick_window(first, last)
}

/// Every chart with its series, threshold and alarm track.
#[must_use]
pub fn charts(world: &World, thresholds: &Thresholds) -> Vec<ChartView> {
    let fields: Vec<&str> = thresholds.iter().map(|(spec, _)| spec.field).collect();
    // One walk over the history for every chart: a tick's metrics are a few hundred bytes,
    // so a full history is megabytes, and walking it once per chart cost more than the rest.
    let raws = series::raw_many(world.history(), &fields);
    thresholds
        .iter()
        .zip(raws)
        .map(|((spec, t), raw)| {
            let mut c = chart_from_raw(spec.clone(), t, &raw);
            c.candidate = candidate_series(world, spec.id);
            c
        })
        .collect()
}

/// One chart.
#[must_use]
pub fn chart(world: &World, spec: MetricSpec, threshold: f64) -> ChartView {
    let raw = series::raw(world.history(), spec.field);
    let id = spec.id;
    let mut c = chart_from_raw(spec, threshold, &raw);
    c.candidate = candidate_series(world, id);
    if !c.candidate.is_empty() {
        (c.y_range, c.clipped) = c.spec.y_axis_with(&c.points, &c.candidate, threshold);
    }
    c
}

/// Turns a stored value into the chart's quantity (e.g. an error rate into an accuracy).
pub type ValueMap = fn(f64) -> f64;

/// The `TickMetrics` field that gives the candidate's side of chart `id`, and how a value
/// of it becomes the chart's quantity. Accuracy: the simulation labels the candidate's
/// answers (error rate). Latency: during a canary or blue-green the candidate scores its
/// phones on its own servers, at its own speed (`driftline_sim::candidate_serving`), while
/// the chart's own field is the stable servers'.
#[must_use]
pub fn candidate_series_field(id: &str) -> Option<(&'static str, ValueMap)> {
    match id {
        "accuracy" => Some(("candidate_error_rate", |error_rate| 1.0 - error_rate)),
        "latency-p99" => Some(("candidate_latency_p99_ms", |ms| ms)),
        _ => None,
    }
}

fn candidate_series(world: &World, id: &str) -> Rc<[(f64, f64)]> {
    let Some((field, map)) = candidate_series_field(id) else {
        return Rc::new([]);
    };
    series::present(&series::raw(world.history(), field))
        .into_iter()
        .map(|(t, v)| (t, map(v)))
        .collect()
}

/// One chart from its field's raw series.
fn chart_from_raw(spec: MetricSpec, threshold: f64, raw: &[(u64, Option<f64>)]) -> ChartView {
    let smooth = series::rolling_mean(raw, spec.smooth_ticks);
    let track = alarms::track(spec.id, spec.rule(threshold), &smooth);
    let points = series::present(&smooth);
    let (y_range, clipped) = spec.y_axis(&points, threshold);
    let raw: Rc<[(f64, f64)]> = if spec.smooth_ticks > 1 {
        series::present(raw).into()
    } else {
        Rc::new([])
    };
    ChartView {
        candidate: Rc::new([]),
        raw,
        spans: track.spans.clone().into(),
        y_range,
        clipped,
        points: points.into(),
        threshold,
        track,
        spec,
    }
}

/// Every alarm transition of every chart, in tick order.
#[must_use]
pub fn alarm_log(charts: &[ChartView]) -> Vec<AlarmEntry> {
    let mut all: Vec<AlarmEntry> = charts
        .iter()
        .flat_map(|c| c.track.entries.iter().cloned())
        .collect();
    crate::keyed_sort::sort_by_u64_key(&mut all, |e| e.tick);
    all
}

/// A one-line, human-readable status of the deployment.
#[must_use]
pub fn deployment_status(world: &World) -> String {
    let deployment = world.rollout().deployment();
    if let Some(canary) = deployment.canary() {
        let note = match canary.phase() {
            CanaryPhase::Aborted => " Rolled back: all traffic is on the stable model.",
            _ => "",
        };
        // The status text is the controller's own message, with or without a final stop.
        let text = canary.status_text();
        let stop = if text.ends_with('.') || text.is_empty() {
            ""
        } else {
            "."
        };
        return format!("Canary. {text}{stop}{note}");
    }
    if let Some(bg) = deployment.blue_green() {
        let tick = world.tick();
        let last = bg
            .events()
            .last()
            .map(|e| bg.describe(e))
            .unwrap_or_default();
        return format!(
            "Blue-green: {} serves; {} stack(s) running. {last}",
            bg.active_arm(tick).colour(),
            bg.stacks_running(tick)
        );
    }
    if deployment.shadow().is_some() {
        return "Shadow: the candidate sees a copy of every phone; its answers are discarded."
            .to_owned();
    }
    "No rollout: the stable (blue) model serves every model request.".to_owned()
}

/// Headline numbers of a headless run (for the chapters' try-this reveals).
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// Ticks run.
    pub ticks: u64,
    /// Accuracy of final decisions since the start.
    pub accuracy: Option<f64>,
    /// Recall of final decisions since the start.
    pub recall: Option<f64>,
    /// Stable model accuracy over the last label window.
    pub model_accuracy: Option<f64>,
    /// Stable model recall over the last label window.
    pub model_recall: Option<f64>,
    /// Defective phones passed.
    pub escaped: u64,
    /// Good phones rejected.
    pub false_rejects: u64,
    /// Total cost.
    pub cost_total: f64,
    /// First firing tick per metric family, with the default thresholds.
    pub first_alarm: Vec<(Family, Option<u64>)>,
    /// Share of model requests served by the candidate, last 100 ticks.
    pub candidate_share_recent: f64,
    /// Deployment status line at the end.
    pub deployment: String,
}

/// Runs `scenario` for `ticks` ticks without a page and sums it up.
///
/// # Errors
/// The scenario's validation error, as text.
pub fn run_preset(scenario: Scenario, ticks: u64) -> Result<RunSummary, String> {
    let mut world = World::new(scenario).map_err(|e| e.to_string())?;
    world.run(ticks);
    let charts = charts(&world, &Thresholds::for_scenario(world.scenario()));
    let families = [
        Family::Software,
        Family::Input,
        Family::Output,
        Family::Performance,
    ];
    let first_alarm = families
        .iter()
        .map(|&f| {
            let first = charts
                .iter()
                .filter(|c| c.spec.family == f)
                .filter_map(|c| alarms::first_firing(&c.track))
                .min();
            (f, first)
        })
        .collect();
    let traffic = pies::traffic(world.history());
    let served = traffic.wedges.iter().take(2).map(|w| w.value).sum::<f64>();
    let t = world.totals();
    let last = world.last();
    Ok(RunSummary {
        ticks,
        accuracy: t.decisions.accuracy(),
        recall: t.decisions.recall(),
        model_accuracy: last.model_accuracy,
        model_recall: last.model_recall,
        escaped: t.decisions.fn_,
        false_rejects: t.decisions.fp,
        cost_total: last.cost_total,
        first_alarm,
        candidate_share_recent: if served > 0.0 {
            traffic.wedges[1].value / served
        } else {
            0.0
        },
        deployment: deployment_status(&world),
    })
}
