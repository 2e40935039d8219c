//! Alarm states recomputed from the chart history with the thresholds the reader set,
//! using the simulation's own Prometheus-style rule engine (pending -> firing -> resolved).

use driftline_sim::monitor::alert::{Alert, AlertRule, AlertTransition};

use crate::charts::line::AlarmSpan;

/// What an alarm did at a tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmChange {
    /// The condition started holding (waiting for `for`).
    Pending,
    /// Held long enough: firing.
    Firing,
    /// Was firing, condition cleared past the recovery line.
    Resolved,
    /// Cleared before `for` elapsed.
    PendingCleared,
}

impl AlarmChange {
    /// Word used in the alarm log.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            AlarmChange::Pending => "pending",
            AlarmChange::Firing => "FIRING",
            AlarmChange::Resolved => "resolved",
            AlarmChange::PendingCleared => "cleared while pending",
        }
    }
}

/// One alarm transition.
#[derive(Clone, Debug, PartialEq)]
pub struct AlarmEntry {
    /// Tick of the transition.
    pub tick: u64,
    /// Chart id of the metric.
    pub metric: &'static str,
    /// What happened.
    pub change: AlarmChange,
}

/// The alarm picture of one metric over its history.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AlarmTrack {
    /// Shaded spans (pending and firing).
    pub spans: Vec<AlarmSpan>,
    /// Every transition in tick order.
    pub entries: Vec<AlarmEntry>,
    /// State at the last tick: `None` inactive, `Some(false)` pending, `Some(true)` firing.
    pub now: Option<bool>,
}

/// Runs `rule` over `points` (tick order) and returns spans and transitions.
/// An invalid rule yields an empty track (the threshold parser never lets one through).
#[must_use]
pub fn track(metric: &'static str, rule: AlertRule, points: &[(u64, Option<f64>)]) -> AlarmTrack {
    let Ok(mut alert) = Alert::new(rule) else {
        return AlarmTrack::default();
    };
    let mut out = AlarmTrack::default();
    // Open span: (start tick, firing).
    let mut open: Option<(u64, bool)> = None;
    let mut last_tick = 0;
    #[allow(clippy::cast_precision_loss)] // Ticks stay far below 2^52.
    let close = |spans: &mut Vec<AlarmSpan>, start: u64, end: u64, firing: bool| {
        spans.push(AlarmSpan {
            start_tick: start as f64,
            end_tick: end as f64,
            firing,
        });
    };
    for &(tick, value) in points {
        last_tick = tick;
        let Some(transition) = alert.evaluate(tick, value) else {
            continue;
        };
        let change = match transition {
            AlertTransition::Pending => {
                open = Some((tick, false));
                AlarmChange::Pending
            }
            AlertTransition::Fired { .. } => {
                if let Some((start, false)) = open {
                    if tick > start {
                        close(&mut out.spans, start, tick, false);
                    }
                }
                open = Some((tick, true));
                AlarmChange::Firing
            }
            AlertTransition::PendingCleared { .. } => {
                if let Some((start, firing)) = open.take() {
                    close(&mut out.spans, start, tick, firing);
                }
                AlarmChange::PendingCleared
            }
            AlertTransition::Resolved { .. } => {
                if let Some((start, firing)) = open.take() {
                    close(&mut out.spans, start, tick, firing);
                }
                AlarmChange::Resolved
            }
        };
        out.entries.push(AlarmEntry {
            tick,
            metric,
            change,
        });
    }
    if let Some((start, firing)) = open {
        close(&mut out.spans, start, last_tick, firing);
        out.now = Some(firing);
    }
    out
}

/// First tick at which the track fired, if it did.
#[must_use]
pub fn first_firing(track: &AlarmTrack) -> Option<u64> {
    track
        .entries
        .iter()
        .find(|e| e.change == AlarmChange::Firing)
        .map(|e| e.tick)
}
