//! Shadow mode: the candidate sees a copy of every phone, its answer is recorded and
//! thrown away, and only the agreement with the live decision is kept.
//!
//! Mirroring copies each request to the candidate and discards its response (Flagger
//! `mirror: true`, fluxcd/flagger: docs/gitbook/usage/deployment-strategies.md; Seldon Core
//! `seldon.io/ambassador-shadow`). Every phone is processed twice, so compute doubles.

use super::Router;
use serde::{Deserialize, Serialize};

/// Share of phones copied to the shadow model, percent: all of them.
pub const SHADOW_MIRROR_PCT: u8 = 100;

/// Compute relative to one model: each phone is scored by both models.
pub const SHADOW_COMPUTE_MULTIPLIER: f64 = 2.0;

/// How often the shadow's answer matched the live answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Agreement {
    /// Phones where both answers were the same.
    pub agree: u64,
    /// Phones where they differed.
    pub disagree: u64,
}

impl Agreement {
    /// Counts one comparison.
    #[inline]
    pub fn record(&mut self, same: bool) {
        if same {
            self.agree += 1;
        } else {
            self.disagree += 1;
        }
    }

    /// Comparisons counted.
    pub fn total(&self) -> u64 {
        self.agree + self.disagree
    }

    /// Share of agreeing phones, or `None` before the first comparison.
    pub fn rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.agree as f64 / total as f64)
    }

    /// Adds another counter.
    pub fn merge(&mut self, other: &Agreement) {
        self.agree += other.agree;
        self.disagree += other.disagree;
    }
}

/// Shadow-mode state: cumulative agreement, agreement since the last
/// [`ShadowMode::take_window`], and how many phones were mirrored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShadowMode {
    total: Agreement,
    window: Agreement,
    mirrored: u64,
}

impl ShadowMode {
    /// Nothing observed yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The router for shadow mode: stable decides, everything mirrored.
    pub fn router(&self) -> Router {
        Router::shadow()
    }

    /// Compute multiplier for the serving model ([`SHADOW_COMPUTE_MULTIPLIER`]).
    pub fn compute_multiplier(&self) -> f64 {
        SHADOW_COMPUTE_MULTIPLIER
    }

    /// Compares the live answer with the shadow's and returns the live one: the shadow's
    /// answer never leaves this function, so it cannot change a decision.
    #[inline]
    pub fn observe<D: PartialEq>(&mut self, live: D, shadow: D) -> D {
        let same = live == shadow;
        self.total.record(same);
        self.window.record(same);
        self.mirrored += 1;
        live
    }

    /// Agreement since shadowing started.
    pub fn agreement(&self) -> Agreement {
        self.total
    }

    /// Agreement since the previous call (e.g. per tick), then resets that window.
    pub fn take_window(&mut self) -> Agreement {
        std::mem::take(&mut self.window)
    }

    /// Phones mirrored to the shadow so far.
    pub fn mirrored(&self) -> u64 {
        self.mirrored
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::Arm;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Verdict {
        Pass,
        Reject,
    }

    #[test]
    fn shadow_never_changes_a_decision_and_counts_agreement() {
        let mut s = ShadowMode::new();
        let live = [Verdict::Pass, Verdict::Pass, Verdict::Reject, Verdict::Pass];
        let shadow = [
            Verdict::Pass,
            Verdict::Reject,
            Verdict::Reject,
            Verdict::Reject,
        ];
        let decided: Vec<Verdict> = live
            .iter()
            .zip(shadow.iter())
            .map(|(&l, &sh)| s.observe(l, sh))
            .collect();
        assert_eq!(decided, live.to_vec(), "zero decisions change");
        let a = s.agreement();
        assert_eq!((a.agree, a.disagree), (2, 2));
        assert_eq!(a.rate(), Some(0.5));
        assert_eq!(s.mirrored(), 4);
    }

    #[test]
    fn window_resets_but_total_accumulates() {
        let mut s = ShadowMode::new();
        for i in 0..10 {
            s.observe(i % 2, 0);
        }
        let w1 = s.take_window();
        assert_eq!((w1.agree, w1.disagree), (5, 5));
        assert_eq!(s.take_window(), Agreement::default());
        assert_eq!(s.take_window().rate(), None);
        s.observe(1, 1);
        assert_eq!(s.take_window().rate(), Some(1.0));
        assert_eq!(s.agreement().total(), 11);
        let mut m = Agreement::default();
        m.merge(&s.agreement());
        m.merge(&w1);
        assert_eq!(m.total(), 21);
    }

    #[test]
    fn shadow_mirrors_everything_and_doubles_compute() {
        let s = ShadowMode::new();
        let r = s.router();
        assert_eq!(SHADOW_MIRROR_PCT, 100);
        assert_eq!(s.compute_multiplier(), 2.0);
        for i in 0..1000 {
            let d = r.dispatch(f64::from(i) / 1000.0);
            assert!(d.mirrored);
            assert_eq!(d.serving, Arm::Stable);
        }
    }
}
