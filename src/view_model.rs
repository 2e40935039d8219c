//! Turns the world's history into what the dashboard draws. Pure: testable natively.

use std::rc::Rc;

use driftline_sim::world::World;

/// Numbers and series for one render of the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardView {
    /// `(tick, reject rate)` over the visible history.
    pub reject_rate: Rc<[(f64, f64)]>,
    /// The reject-rate alarm threshold.
    pub reject_rate_threshold: f64,
    /// Top of the reject-rate axis: enough for the data and the threshold.
    pub reject_rate_ceiling: f64,
    /// Visible tick range.
    pub x_range: (f64, f64),
    /// Phones decided since the start.
    pub decided_total: u64,
    /// Correct passes in the visible history.
    pub true_pass: u64,
    /// Escaped defects in the visible history.
    pub false_pass: u64,
    /// Correct rejects in the visible history.
    pub true_reject: u64,
    /// False rejects in the visible history.
    pub false_reject: u64,
}

/// Reject-rate alarm threshold for the first slice of the app (the monitoring chapter makes it editable).
pub const REJECT_RATE_THRESHOLD: f64 = 0.08;

impl DashboardView {
    /// Reads the world's bounded history.
    #[must_use]
    pub fn from_world(world: &World) -> Self {
        let history = world.history();
        let mut reject_rate = Vec::with_capacity(history.len());
        let (mut tp, mut fp, mut tr, mut fr) = (0, 0, 0, 0);
        let mut decided_total = 0;
        let mut first_tick = None;
        let mut last_tick = 0.0;
        for m in history.iter() {
            #[allow(clippy::cast_precision_loss)] // Ticks stay far below 2^52.
            let tick = m.tick as f64;
            first_tick.get_or_insert(tick);
            last_tick = tick;
            if let Some(rate) = m.reject_rate {
                reject_rate.push((tick, rate));
            }
            tp += m.true_pass;
            fp += m.false_pass;
            tr += m.true_reject;
            fr += m.false_reject;
            decided_total = m.decided_total;
        }
        let peak = reject_rate.iter().map(|p| p.1).fold(0.0, f64::max);
        let start = first_tick.unwrap_or(0.0);
        Self {
            reject_rate: reject_rate.into(),
            reject_rate_threshold: REJECT_RATE_THRESHOLD,
            reject_rate_ceiling: (peak.max(REJECT_RATE_THRESHOLD) * 1.25).min(1.0),
            x_range: (start, last_tick.max(start + 10.0)),
            decided_total,
            true_pass: tp,
            false_pass: fp,
            true_reject: tr,
            false_reject: fr,
        }
    }
}
