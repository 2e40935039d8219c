//! Late labels: ground truth arrives `label_delay_ticks` after a decision, so performance
//! metrics are computed over a rolling window of *delayed* labels.

use crate::phone::{DEFECT_TYPES, MAX_SLICES};
use crate::ring::RingBuffer;
use serde::{Deserialize, Serialize};

/// Confusion counts, where "positive" means REJECT (defective).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Confusion {
    /// Defective, rejected.
    pub tp: u64,
    /// Good, rejected (false reject).
    pub fp: u64,
    /// Good, passed.
    pub tn: u64,
    /// Defective, passed (escaped defect).
    pub fn_: u64,
}

impl Confusion {
    /// Records one decision against its truth.
    #[inline]
    pub fn add(&mut self, truth_reject: bool, said_reject: bool) {
        match (truth_reject, said_reject) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    /// All decisions counted.
    pub fn total(&self) -> u64 {
        self.tp + self.fp + self.tn + self.fn_
    }
    /// Errors counted.
    pub fn errors(&self) -> u64 {
        self.fp + self.fn_
    }
    /// Share correct, None without data.
    pub fn accuracy(&self) -> Option<f64> {
        frac(self.tp + self.tn, self.total())
    }
    /// Of the rejects, share truly defective; None without rejects.
    pub fn precision(&self) -> Option<f64> {
        frac(self.tp, self.tp + self.fp)
    }
    /// Of the defective, share rejected; None without defective phones.
    pub fn recall(&self) -> Option<f64> {
        frac(self.tp, self.tp + self.fn_)
    }
    /// Share wrong, None without data.
    pub fn error_rate(&self) -> Option<f64> {
        frac(self.errors(), self.total())
    }
    fn plus(&mut self, o: &Confusion) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.tn += o.tn;
        self.fn_ += o.fn_;
    }
    fn minus(&mut self, o: &Confusion) {
        self.tp -= o.tp;
        self.fp -= o.fp;
        self.tn -= o.tn;
        self.fn_ -= o.fn_;
    }
}

fn frac(a: u64, b: u64) -> Option<f64> {
    if b == 0 {
        None
    } else {
        Some(a as f64 / b as f64)
    }
}

/// Everything learned from the labels of one tick's decisions.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LabelTick {
    /// Final decisions (whoever made them).
    pub final_: Confusion,
    /// The stable model's answers (decisive or not).
    pub model: Confusion,
    /// The candidate model's answers (canary traffic or shadow).
    pub candidate: Confusion,
    /// Human decisions.
    pub human: Confusion,
    /// Stable model per slice.
    pub model_by_slice: [Confusion; MAX_SLICES],
    /// Stable model per true defect type.
    pub model_by_type: [Confusion; DEFECT_TYPES],
    /// Human per true defect type.
    pub human_by_type: [Confusion; DEFECT_TYPES],
    /// Final decisions per true defect type.
    pub final_by_type: [Confusion; DEFECT_TYPES],
}

impl LabelTick {
    fn plus(&mut self, o: &LabelTick) {
        self.final_.plus(&o.final_);
        self.model.plus(&o.model);
        self.candidate.plus(&o.candidate);
        self.human.plus(&o.human);
        for i in 0..MAX_SLICES {
            self.model_by_slice[i].plus(&o.model_by_slice[i]);
        }
        for i in 0..DEFECT_TYPES {
            self.model_by_type[i].plus(&o.model_by_type[i]);
            self.human_by_type[i].plus(&o.human_by_type[i]);
            self.final_by_type[i].plus(&o.final_by_type[i]);
        }
    }
    fn minus(&mut self, o: &LabelTick) {
        self.final_.minus(&o.final_);
        self.model.minus(&o.model);
        self.candidate.minus(&o.candidate);
        self.human.minus(&o.human);
        for i in 0..MAX_SLICES {
            self.model_by_slice[i].minus(&o.model_by_slice[i]);
        }
        for i in 0..DEFECT_TYPES {
            self.model_by_type[i].minus(&o.model_by_type[i]);
            self.human_by_type[i].minus(&o.human_by_type[i]);
            self.final_by_type[i].minus(&o.final_by_type[i]);
        }
    }
}

/// The delay line plus the rolling window of labels that have arrived.
#[derive(Debug, Clone)]
pub struct LabelPipeline {
    delay_ticks: u64,
    pending: RingBuffer<LabelTick>,
    window: RingBuffer<LabelTick>,
    sums: LabelTick,
    /// Labels that arrived this tick (for the canary check window and detectors).
    pub arrived_now: LabelTick,
    /// Labels that arrived since the run began.
    pub arrived_total: LabelTick,
}

impl LabelPipeline {
    /// A pipeline delaying labels by `delay_ticks` and averaging over `window_ticks`.
    pub fn new(delay_ticks: u64, window_ticks: u64) -> Self {
        Self {
            delay_ticks,
            // Holds the last `delay_ticks` ticks' decisions (a zero delay needs none).
            pending: RingBuffer::new(delay_ticks as usize),
            window: RingBuffer::new(window_ticks.max(1) as usize),
            sums: LabelTick::default(),
            arrived_now: LabelTick::default(),
            arrived_total: LabelTick::default(),
        }
    }

    /// Pushes this tick's decisions; the labels of decisions made `delay_ticks` ago arrive.
    pub fn push(&mut self, decided_now: LabelTick) {
        let arrived = if self.delay_ticks == 0 {
            decided_now
        } else {
            // Full after `delay_ticks` pushes: the tick pushed out is the one decided
            // `delay_ticks` ago, whose labels arrive now.
            self.pending.push_evict(decided_now).unwrap_or_default()
        };
        if let Some(old) = self.window.push_evict(arrived) {
            self.sums.minus(&old);
        }
        self.sums.plus(&arrived);
        self.arrived_now = arrived;
        self.arrived_total.plus(&arrived);
    }

    /// Sums over the rolling window of arrived labels.
    pub fn window(&self) -> &LabelTick {
        &self.sums
    }

    /// Forgets the rolling window (e.g. after a retrain, so old-model errors do not linger).
    pub fn reset_window(&mut self) {
        self.window.clear();
        self.sums = LabelTick::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_arrive_after_the_delay() {
        let mut p = LabelPipeline::new(3, 10);
        let mut t = LabelTick::default();
        t.final_.add(true, false);
        p.push(t);
        for _ in 0..2 {
            p.push(LabelTick::default());
            assert_eq!(p.window().final_.total(), 0);
        }
        p.push(LabelTick::default());
        assert_eq!(p.window().final_.fn_, 1);
        assert_eq!(p.window().final_.recall(), Some(0.0));
    }

    #[test]
    fn window_forgets_old_ticks() {
        let mut p = LabelPipeline::new(0, 2);
        let mut t = LabelTick::default();
        t.model.add(false, false);
        p.push(t);
        p.push(t);
        p.push(t);
        assert_eq!(p.window().model.total(), 2);
    }
}
