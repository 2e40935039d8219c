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
    /// No decisions.
    pub const ZERO: Confusion = Confusion {
        tp: 0,
        fp: 0,
        tn: 0,
        fn_: 0,
    };

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
    /// Adds `o`'s counts to these.
    pub fn plus(&mut self, o: &Confusion) {
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

/// The sum of `parts`.
fn sum(parts: &[Confusion]) -> Confusion {
    let mut total = Confusion::ZERO;
    for p in parts {
        total.plus(p);
    }
    total
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

/// A tick without labels (what arrives before the first delayed labels).
static NO_LABELS: LabelTick = LabelTick {
    final_: Confusion::ZERO,
    model: Confusion::ZERO,
    candidate: Confusion::ZERO,
    human: Confusion::ZERO,
    model_by_slice: [Confusion::ZERO; MAX_SLICES],
    model_by_type: [Confusion::ZERO; DEFECT_TYPES],
    human_by_type: [Confusion::ZERO; DEFECT_TYPES],
    final_by_type: [Confusion::ZERO; DEFECT_TYPES],
};

impl LabelTick {
    /// Sets the final, model and human confusions to the sums of their breakdowns (final
    /// and human by defect type, model by slice). The world counts each decision once, in
    /// its breakdown, and totals the tick here: a few additions per tick instead of one more
    /// per phone.
    pub fn total_from_breakdowns(&mut self) {
        self.final_ = sum(&self.final_by_type);
        self.model = sum(&self.model_by_slice);
        self.human = sum(&self.human_by_type);
    }

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
}

/// The window sums the world reads every tick (its label-based rates), kept up to date as
/// labels arrive and leave; the finer breakdowns of [`LabelPipeline::window`] are summed only
/// when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WindowHeadline {
    /// Final decisions (whoever made them).
    pub final_: Confusion,
    /// The stable model's answers.
    pub model: Confusion,
    /// The candidate model's answers.
    pub candidate: Confusion,
}

impl WindowHeadline {
    #[inline]
    fn plus(&mut self, t: &LabelTick) {
        self.final_.plus(&t.final_);
        self.model.plus(&t.model);
        self.candidate.plus(&t.candidate);
    }
    #[inline]
    fn minus(&mut self, t: &LabelTick) {
        self.final_.minus(&t.final_);
        self.model.minus(&t.model);
        self.candidate.minus(&t.candidate);
    }
}

/// The delay line plus the rolling window of labels that have arrived.
///
/// One ring keeps the decisions of the last `delay + window + 1` ticks: the labels arriving
/// now are the decisions `delay` ticks back, and the ones leaving the window are
/// `delay + window` ticks back, so both are read in place and nothing is copied around.
///
/// Only the headline sums (final, model, candidate) are kept running: the world reads them
/// every tick, while nothing in a tick reads the per-slice and per-type window sums, so those
/// are summed from the ring when [`LabelPipeline::window`] is called.
#[derive(Debug, Clone)]
pub struct LabelPipeline {
    delay_ticks: u64,
    window_ticks: usize,
    decided: RingBuffer<LabelTick>,
    /// Ticks pushed since the start.
    pushed: u64,
    /// Ticks of arrivals currently summed in the window (at most `window_ticks`; a reset
    /// empties it).
    in_window: usize,
    headline: WindowHeadline,
    /// Labels arrived this tick: read in place from the delay line (None before the first).
    arrived_now_back: Option<usize>,
    /// Labels that arrived since the run began.
    pub arrived_total: LabelTick,
}

impl LabelPipeline {
    /// A pipeline delaying labels by `delay_ticks` and averaging over `window_ticks`.
    pub fn new(delay_ticks: u64, window_ticks: u64) -> Self {
        let window_ticks = window_ticks.max(1) as usize;
        Self {
            delay_ticks,
            window_ticks,
            decided: RingBuffer::new(delay_ticks as usize + window_ticks + 1),
            pushed: 0,
            in_window: 0,
            headline: WindowHeadline::default(),
            arrived_now_back: None,
            arrived_total: LabelTick::default(),
        }
    }

    /// Pushes this tick's decisions; the labels of decisions made `delay_ticks` ago arrive.
    pub fn push(&mut self, decided_now: LabelTick) {
        self.decided.push(decided_now);
        self.pushed += 1;
        let newest = self.decided.len() - 1;
        let delay = self.delay_ticks;
        // Every tick adds one tick of arrivals to the window (empty before the first labels
        // arrive); past the window's length the oldest leaves, if it held anything.
        self.in_window += 1;
        if self.in_window > self.window_ticks {
            self.in_window = self.window_ticks;
            let back = delay + self.window_ticks as u64;
            if self.pushed > back {
                if let Some(old) = self.decided.get_ref(newest - back as usize) {
                    self.headline.minus(old);
                }
            }
        }
        if self.pushed > delay {
            let at = newest - delay as usize;
            if let Some(a) = self.decided.get_ref(at) {
                self.headline.plus(a);
                self.arrived_total.plus(a);
            }
            self.arrived_now_back = Some(delay as usize);
        } else {
            self.arrived_now_back = None;
        }
    }

    /// Labels that arrived this tick (for the canary check window and detectors): the
    /// decisions made `delay_ticks` ago, or nothing before the first labels arrive.
    pub fn arrived_now(&self) -> &LabelTick {
        let newest = self.decided.len().saturating_sub(1);
        self.arrived_now_back
            .and_then(|back| self.decided.get_ref(newest.checked_sub(back)?))
            .unwrap_or(&NO_LABELS)
    }

    /// True once the rolling window spans its full length of arrived labels (false from the
    /// start until `delay + window` ticks have passed, and again for `window` ticks after
    /// [`LabelPipeline::reset_window`]).
    pub fn window_full(&self) -> bool {
        self.in_window >= self.window_ticks
            && self.pushed >= self.delay_ticks + self.window_ticks as u64
    }

    /// Sums over the rolling window of arrived labels, every breakdown included. Summed from
    /// the delay line at each call (one pass over the window's ticks); the running
    /// [`LabelPipeline::headline`] is free to read.
    pub fn window(&self) -> LabelTick {
        let mut sums = LabelTick::default();
        let newest = self.decided.len().saturating_sub(1);
        let delay = self.delay_ticks as usize;
        // The arrivals of the last `in_window` ticks: the decisions `delay` ticks before each
        // (none for ticks before the first labels arrived).
        for back in 0..self.in_window {
            let Some(at) = newest.checked_sub(delay + back) else {
                break;
            };
            if let Some(t) = self.decided.get_ref(at) {
                sums.plus(t);
            }
        }
        sums
    }

    /// The final, model and candidate sums over the rolling window (the same counts as
    /// [`LabelPipeline::window`], kept running, so reading them costs nothing).
    pub fn headline(&self) -> &WindowHeadline {
        &self.headline
    }

    /// Forgets the rolling window (e.g. after a retrain, so old-model errors do not linger).
    pub fn reset_window(&mut self) {
        self.in_window = 0;
        self.headline = WindowHeadline::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_the_sums_of_the_breakdowns() {
        let mut t = LabelTick::default();
        t.final_by_type[0].add(false, false);
        t.final_by_type[3].add(true, true);
        t.final_by_type[3].add(true, false);
        t.model_by_slice[1].add(false, true);
        t.model_by_slice[2].add(false, true);
        t.human_by_type[4].add(true, true);
        // Stale totals are replaced, not added to.
        t.model.add(true, true);
        t.total_from_breakdowns();
        let c = |tp, fp, tn, fn_| Confusion { tp, fp, tn, fn_ };
        assert_eq!(t.final_, c(1, 0, 1, 1));
        assert_eq!(t.model, c(0, 2, 0, 0));
        assert_eq!(t.human, c(1, 0, 0, 0));
    }

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

    /// The pipeline against a plain model: arrivals = decisions `delay` ticks back; the
    /// window sums the last `window` arrivals since the last reset.
    #[test]
    fn matches_a_plain_delay_line_and_window_with_resets() {
        for (delay, window) in [(0u64, 1u64), (0, 3), (2, 1), (3, 4), (5, 2)] {
            let mut p = LabelPipeline::new(delay, window);
            let mut decided: Vec<LabelTick> = Vec::new();
            let mut arrivals: Vec<LabelTick> = Vec::new();
            let mut reset_at = 0usize;
            for t in 0..40usize {
                let mut d = LabelTick::default();
                for k in 0..(t % 4) {
                    d.final_.add(k % 2 == 0, t % 3 == 0);
                    d.model.add(k == 2, t % 2 == 0);
                    d.candidate.add(t % 5 == 0, k == 0);
                    d.model_by_type[k].add(true, k == 1);
                }
                decided.push(d);
                p.push(d);
                let arrived = if t as u64 >= delay {
                    decided[t - delay as usize]
                } else {
                    LabelTick::default()
                };
                arrivals.push(arrived);
                assert_eq!(*p.arrived_now(), arrived, "delay {delay} tick {t}");
                let from = (t + 1).saturating_sub(window as usize).max(reset_at);
                let mut want = LabelTick::default();
                for a in &arrivals[from..=t] {
                    want.plus(a);
                }
                assert_eq!(p.window(), want, "delay {delay} window {window} tick {t}");
                let h = p.headline();
                assert_eq!(
                    (h.final_, h.model, h.candidate),
                    (want.final_, want.model, want.candidate),
                    "headline, delay {delay} window {window} tick {t}"
                );
                if t % 11 == 10 {
                    p.reset_window();
                    reset_at = t + 1;
                }
            }
        }
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
