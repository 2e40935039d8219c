//! The lab's charts, kept up to date one beat at a time.
//!
//! [`super::charts`] walks the whole history for every chart, and a full history is 4,096
//! ticks of a few hundred bytes each: on a long run that alone took longer than a beat's
//! redraw budget. A [`ChartCache`] folds in only the ticks added since the last beat,
//! keeping each chart's smoothing window, alarm state and points, and drops what the history
//! no longer holds.
//!
//! The cache starts again from the held history whenever it cannot follow the world: a new
//! world (reset, new preset, seed), a jump past the whole history (a long fast-forward), or
//! new thresholds. Until the history first evicts a tick the result equals
//! [`super::charts`] exactly (tested); after that, the alarm state is the one carried over
//! from the evicted ticks, as a monitoring system that never restarted would have it: a
//! start again begins from the state the world's [`AlarmCarry`] folded over those ticks,
//! so a seek or a long fast-forward shows what following every tick would have.

use std::collections::VecDeque;
use std::rc::Rc;

use driftline_sim::metrics::{History, TickMetrics};
use driftline_sim::world::World;

use super::alarm_carry::{AlarmCarry, ChartAlarm};
use super::metrics::MetricSpec;
use super::{ChartView, Thresholds};

/// Each chart's running state, and the last tick folded in.
#[derive(Debug, Default)]
pub struct ChartCache {
    charts: Vec<RunningChart>,
    /// Thresholds the charts were built for.
    thresholds: Option<Thresholds>,
    /// The last tick folded in, whole: the cache follows the world only if the history still
    /// holds this very tick.
    last: Option<TickMetrics>,
}

#[derive(Debug)]
struct RunningChart {
    spec: MetricSpec,
    threshold: f64,
    /// The chart's smoothing and alarm (the same fold as the world's [`AlarmCarry`]).
    alarm: ChartAlarm,
    points: VecDeque<(f64, f64)>,
    /// The unsmoothed values, kept only for a smoothed chart (drawn faintly under it).
    raw: VecDeque<(f64, f64)>,
    /// The candidate's series and where it comes from (see
    /// `view_model::candidate_series_field`).
    candidate: VecDeque<(f64, f64)>,
    candidate_field: Option<(usize, super::ValueMap)>,
}

impl RunningChart {
    /// A chart whose smoothing and alarm go on from `alarm` (fresh, or carried over the
    /// ticks before the history).
    fn new(spec: &MetricSpec, threshold: f64, alarm: ChartAlarm) -> Self {
        Self {
            alarm,
            points: VecDeque::new(),
            raw: VecDeque::new(),
            candidate: VecDeque::new(),
            candidate_field: super::candidate_series_field(spec.id).and_then(|(name, map)| {
                TickMetrics::FIELD_NAMES
                    .iter()
                    .position(|n| *n == name)
                    .map(|i| (i, map))
            }),
            spec: spec.clone(),
            threshold,
        }
    }

    fn push(&mut self, m: &TickMetrics) {
        if self.alarm.field.is_none() {
            return;
        }
        if let Some((i, map)) = self.candidate_field {
            if let Some(v) = m.value_at(i).filter(|v| v.is_finite()) {
                // Ticks stay far below 2^52.
                self.candidate.push_back((m.tick as f64, map(v)));
            }
        }
        let Some((raw, value)) = self.alarm.push(m) else {
            return;
        };
        if self.spec.smooth_ticks > 1 {
            if let Some(v) = raw.filter(|v| v.is_finite()) {
                // Ticks stay far below 2^52.
                self.raw.push_back((m.tick as f64, v));
            }
        }
        if let Some(v) = value.filter(|v| v.is_finite()) {
            // Ticks stay far below 2^52.
            self.points.push_back((m.tick as f64, v));
        }
    }

    fn forget_before(&mut self, tick: u64) {
        // Ticks stay far below 2^52.
        let cut = tick as f64;
        while self.points.front().is_some_and(|p| p.0 < cut) {
            self.points.pop_front();
        }
        while self.raw.front().is_some_and(|p| p.0 < cut) {
            self.raw.pop_front();
        }
        while self.candidate.front().is_some_and(|p| p.0 < cut) {
            self.candidate.pop_front();
        }
        self.alarm.track.forget_before(tick);
    }

    fn view(&self) -> ChartView {
        let points: Rc<[(f64, f64)]> = self.points.iter().copied().collect();
        let track = self.alarm.track.track();
        let raw: Rc<[(f64, f64)]> = self.raw.iter().copied().collect();
        let candidate: Rc<[(f64, f64)]> = self.candidate.iter().copied().collect();
        let (y_range, clipped) = self.spec.y_axis_with(&points, &candidate, self.threshold);
        ChartView {
            candidate,
            raw,
            spans: track.spans.clone().into(),
            y_range,
            clipped,
            points,
            threshold: self.threshold,
            track,
            spec: self.spec.clone(),
        }
    }
}

impl ChartCache {
    /// Every chart for `world` under `thresholds`, folding in only the ticks added since the
    /// last call when the cache can follow the world.
    pub fn charts(&mut self, world: &World, thresholds: &Thresholds) -> Vec<ChartView> {
        let history = world.history();
        let resume_at = self.resume_index(history, thresholds);
        let Some(start) = resume_at else {
            self.rebuild(world, thresholds);
            return self.views();
        };
        self.fold(history, start);
        self.finish(history);
        self.views()
    }

    /// Where in `history` to go on from, or `None` when the cache must start again.
    fn resume_index(&self, history: &History, thresholds: &Thresholds) -> Option<usize> {
        if self.thresholds.as_ref() != Some(thresholds) {
            return None;
        }
        let last = self.last?;
        let first_tick = history.get(0)?.tick;
        let index = usize::try_from(last.tick.checked_sub(first_tick)?).ok()?;
        // Same tick, same numbers: the same world (a reset to the same seed gives the same
        // numbers, and then going on is right too).
        (*history.get(index)? == last).then_some(index + 1)
    }

    /// Starts again from the held history, each chart going on from the alarm state the
    /// world carries over the ticks before it (fresh when it carries none for these
    /// thresholds): the same state as a cache that followed the run from tick 0.
    fn rebuild(&mut self, world: &World, thresholds: &Thresholds) {
        let history = world.history();
        let carried = AlarmCarry::of(world, thresholds).map(AlarmCarry::charts);
        self.charts = thresholds
            .iter()
            .enumerate()
            .map(|(i, (spec, t))| {
                let alarm = carried
                    .and_then(|c| c.get(i))
                    .cloned()
                    .unwrap_or_else(|| ChartAlarm::new(spec, t));
                RunningChart::new(spec, t, alarm)
            })
            .collect();
        self.thresholds = Some(thresholds.clone());
        self.fold(history, 0);
        self.finish(history);
    }

    /// Folds in the held ticks from position `start` on, read in place.
    fn fold(&mut self, history: &History, start: usize) {
        for m in (start..history.len()).filter_map(|i| history.get(i)) {
            for chart in &mut self.charts {
                chart.push(m);
            }
        }
    }

    fn finish(&mut self, history: &History) {
        self.last = history.last();
        if let Some(first) = history.get(0) {
            for chart in &mut self.charts {
                chart.forget_before(first.tick);
            }
        }
    }

    fn views(&self) -> Vec<ChartView> {
        self.charts.iter().map(RunningChart::view).collect()
    }
}
