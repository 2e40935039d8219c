//! The lab's alarm state over the ticks its chart history no longer holds.
//!
//! A chart's alarm depends on the whole run: a rolling mean feeds a pending/firing rule, so
//! an alarm that fired at tick 1,514 is still the same episode 20,000 ticks later. The chart
//! cache only sees the 4,096 ticks the history holds. Whenever it had to start again from
//! them (after a seek, a long fast-forward), every alarm began inactive and every mean
//! empty at the history's first tick, and the charts told another story than the run that
//! never seeked ("FIRING since 10,923" instead of "since 1,514"). An [`AlarmCarry`] rides in
//! the world as its [`HistoryFold`]: it folds every tick the history drops through the same
//! [`ChartAlarm`] the cache uses, the world's timeline copies carry it, and the cache starts
//! each chart from it. It also keeps the run's firings from before the history, so the
//! timeline can mark the whole run's alarms.

use std::any::Any;
use std::collections::VecDeque;

use driftline_sim::metrics::TickMetrics;
use driftline_sim::world::{HistoryFold, World};

use super::alarms::{AlarmChange, AlarmEntry, TrackBuilder};
use super::metrics::MetricSpec;
use super::series::RollingMean;
use super::Thresholds;

/// Most firings kept from before the history (the oldest go first): a run of months with
/// an alarm flapping every few minutes stays a few KB.
pub const CARRIED_FIRINGS: usize = 512;

/// One chart's smoothing and alarm, fed one tick at a time.
#[derive(Clone, Debug)]
pub struct ChartAlarm {
    /// Position of the chart's field in `TickMetrics::FIELD_NAMES`.
    pub field: Option<usize>,
    /// The chart's rolling mean.
    pub mean: RollingMean,
    /// The chart's alarm track.
    pub track: TrackBuilder,
}

impl ChartAlarm {
    /// A fresh chart alarm for `spec` with its red line at `threshold`.
    #[must_use]
    pub fn new(spec: &MetricSpec, threshold: f64) -> Self {
        Self {
            field: TickMetrics::FIELD_NAMES
                .iter()
                .position(|n| *n == spec.field),
            mean: RollingMean::new(spec.smooth_ticks),
            track: TrackBuilder::new(spec.id, spec.rule(threshold)),
        }
    }

    /// Folds in tick `m`; returns the raw and the smoothed value (None without a field).
    pub fn push(&mut self, m: &TickMetrics) -> Option<(Option<f64>, Option<f64>)> {
        let field = self.field?;
        let raw = m.value_at(field);
        let value = self.mean.push(raw);
        self.track.push(m.tick, value);
        Some((raw, value))
    }
}

/// Every chart's alarm state just before the chart history's first tick, under one set of
/// thresholds (see the module's documentation).
#[derive(Clone, Debug)]
pub struct AlarmCarry {
    thresholds: Thresholds,
    charts: Vec<ChartAlarm>,
    firings: VecDeque<AlarmEntry>,
}

impl AlarmCarry {
    /// Nothing folded yet, for `thresholds`.
    #[must_use]
    pub fn new(thresholds: &Thresholds) -> Self {
        Self {
            thresholds: thresholds.clone(),
            charts: thresholds
                .iter()
                .map(|(spec, t)| ChartAlarm::new(spec, t))
                .collect(),
            firings: VecDeque::new(),
        }
    }

    /// The carry `world` holds, if it holds one for `thresholds`.
    #[must_use]
    pub fn of<'w>(world: &'w World, thresholds: &Thresholds) -> Option<&'w Self> {
        world
            .history_fold()
            .and_then(|f| f.as_any().downcast_ref::<Self>())
            .filter(|c| c.thresholds == *thresholds)
    }

    /// Gives `world` a fresh carry for `thresholds`, unless it holds one for them already.
    /// Fresh, the alarms start at the history's first tick (new thresholds re-read the
    /// history, as if they had been set there).
    pub fn install(world: &mut World, thresholds: &Thresholds) {
        if Self::of(world, thresholds).is_none() {
            world.set_history_fold(Some(Box::new(Self::new(thresholds))));
        }
    }

    /// The state of each chart, in the thresholds' order.
    #[must_use]
    pub fn charts(&self) -> &[ChartAlarm] {
        &self.charts
    }

    /// The firings before the history's first tick, oldest first (at most
    /// [`CARRIED_FIRINGS`]).
    pub fn firings(&self) -> impl Iterator<Item = &AlarmEntry> + '_ {
        self.firings.iter()
    }
}

impl HistoryFold for AlarmCarry {
    fn fold(&mut self, m: &TickMetrics) {
        for chart in &mut self.charts {
            chart.push(m);
            // Spans and transitions before the history are drawn by no chart: only the
            // firings stay, for the timeline.
            for e in chart.track.take_closed() {
                if e.change == AlarmChange::Firing {
                    if self.firings.len() == CARRIED_FIRINGS {
                        self.firings.pop_front();
                    }
                    self.firings.push_back(e);
                }
            }
        }
    }

    fn clone_box(&self) -> Box<dyn HistoryFold> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
