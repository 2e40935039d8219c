//! The labels phase of a tick: decisions enter the label delay line, old ones come back
//! labelled, and the monitors and the rollout read what came back.

use super::World;
use crate::labels::WindowHeadline;
use crate::watch::WatchOut;

/// What the labels phase hands to the metrics phase.
#[derive(Debug, Clone, Copy)]
pub(super) struct Labelled {
    /// What monitoring concluded this tick (drift statistics, detector).
    pub(super) watch: WatchOut,
    /// The running headline sums of the label window (the finer breakdowns are not read).
    pub(super) window: WindowHeadline,
    /// The label window spans its full length.
    pub(super) full: bool,
}

impl World {
    /// Labels phase: this tick's decisions enter the delay line and the labels of old ones
    /// arrive; monitoring and the canary analysis read the arrived labels.
    ///
    /// Ordered after the decisions phase, whose final decisions it labels, and before the
    /// metrics phase, which reports the label window and monitoring's verdicts.
    /// `latency_p99_ms` is the candidate's own stack's for this tick (the canary judges it
    /// with the labels; None while the candidate has no stack or scored nothing).
    pub(super) fn phase_labels(&mut self, latency_p99_ms: Option<f64>) -> Labelled {
        self.labels.push(self.label_now);
        let arrived_labels = self.labels.arrived_now();
        let watch = self.watch.on_tick(self.tick, arrived_labels);
        self.rollout
            .end_tick(&arrived_labels.candidate, latency_p99_ms);
        Labelled {
            watch,
            window: *self.labels.headline(),
            full: self.labels.window_full(),
        }
    }
}
