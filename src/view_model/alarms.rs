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
    let mut builder = TrackBuilder::new(metric, rule);
    for &(tick, value) in points {
        builder.push(tick, value);
    }
    builder.track()
}

/// A track built one tick at a time, so a lab can fold in only the ticks of the last beat.
#[derive(Clone, Debug)]
pub struct TrackBuilder {
    metric: &'static str,
    /// `None` for an invalid rule: the track stays empty.
    alert: Option<Alert>,
    /// Open span: (start tick, firing).
    open: Option<(u64, bool)>,
    last_tick: u64,
    /// Closed spans.
    spans: Vec<AlarmSpan>,
    entries: Vec<AlarmEntry>,
}

impl TrackBuilder {
    /// An empty track for `metric` under `rule`.
    #[must_use]
    pub fn new(metric: &'static str, rule: AlertRule) -> Self {
        Self {
            metric,
            // The alert's own log of transitions is read by nothing here (the track keeps
            // its entries), and every timeline copy carries a track: one slot, not 256.
            alert: Alert::with_log_capacity(rule, 1).ok(),
            open: None,
            last_tick: 0,
            spans: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// Folds in the value of the next tick.
    pub fn push(&mut self, tick: u64, value: Option<f64>) {
        let Some(alert) = self.alert.as_mut() else {
            return;
        };
        self.last_tick = tick;
        let Some(transition) = alert.evaluate(tick, value) else {
            return;
        };
        let change = match transition {
            AlertTransition::Pending => {
                self.open = Some((tick, false));
                AlarmChange::Pending
            }
            AlertTransition::Fired { .. } => {
                if let Some((start, false)) = self.open {
                    if tick > start {
                        self.spans.push(span(start, tick, false));
                    }
                }
                self.open = Some((tick, true));
                AlarmChange::Firing
            }
            AlertTransition::PendingCleared { .. } | AlertTransition::Resolved { .. } => {
                if let Some((start, firing)) = self.open.take() {
                    self.spans.push(span(start, tick, firing));
                }
                if matches!(transition, AlertTransition::Resolved { .. }) {
                    AlarmChange::Resolved
                } else {
                    AlarmChange::PendingCleared
                }
            }
        };
        self.entries.push(AlarmEntry {
            tick,
            metric: self.metric,
            change,
        });
    }

    /// Drops closed spans that ended and transitions that happened before `tick` (the
    /// history no longer holds those ticks). The alert's own state is kept.
    pub fn forget_before(&mut self, tick: u64) {
        // Ticks stay far below 2^52.
        let cut = tick as f64;
        self.spans.retain(|s| s.end_tick >= cut);
        self.entries.retain(|e| e.tick >= tick);
    }

    /// Takes the transitions so far and drops the closed spans (the open one stays): what
    /// a fold over ticks no chart draws keeps of them.
    pub fn take_closed(&mut self) -> Vec<AlarmEntry> {
        self.spans.clear();
        std::mem::take(&mut self.entries)
    }

    /// The track so far; an open span runs to the last tick folded in.
    #[must_use]
    pub fn track(&self) -> AlarmTrack {
        let mut spans = self.spans.clone();
        if let Some((start, firing)) = self.open {
            spans.push(span(start, self.last_tick, firing));
        }
        AlarmTrack {
            spans,
            entries: self.entries.clone(),
            now: self.open.map(|(_, firing)| firing),
        }
    }
}

// Ticks stay far below 2^52.
fn span(start: u64, end: u64, firing: bool) -> AlarmSpan {
    AlarmSpan {
        start_tick: start as f64,
        end_tick: end as f64,
        firing,
    }
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
