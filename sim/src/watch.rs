//! Monitoring glue: feeds the world's numbers to the monitor module (drift statistics on
//! brightness, the error-rate detector on delayed label errors, alert rules on named
//! per-tick metrics) and keeps the alarms for scoring against injected events.

use crate::labels::LabelTick;
use crate::metrics::TickMetrics;
use crate::monitor::alert::{Alert, AlertTransition};
use crate::monitor::detectors::{AnyDetector, DetectorSignal, DriftDetector};
use crate::monitor::scoring::AlarmFiring;
use crate::monitor::stats::{
    psi_counts, sorted_finite, wasserstein_normed_sorted, DriftMethod, Histogram, RankedWindow,
};
use crate::scenario::{Scenario, ScenarioError};
use std::collections::VecDeque;

/// PSI bins, equal width over the reference brightness range (end bins open-ended).
const PSI_BINS: usize = 10;
/// Most alarm firings kept for scoring (the oldest are dropped).
pub const MAX_FIRINGS_KEPT: usize = 1024;

/// What monitoring concluded before the tick's metrics were assembled.
#[derive(Debug, Clone, Copy, Default)]
pub struct WatchOut {
    /// Latest PSI on brightness.
    pub psi: Option<f64>,
    /// Latest Evidently-default statistic on brightness.
    pub drift_stat: Option<f64>,
    /// Latest Evidently-default verdict.
    pub drift_detected: bool,
    /// Error-rate detector pulse this tick.
    pub detector_drift: bool,
    /// Error-rate detector warning this tick.
    pub detector_warning: bool,
}

/// Monitoring state.
#[derive(Debug, Clone)]
pub struct Watch {
    every: u64,
    reference_hist: Option<Histogram>,
    /// Recent brightness, ranked against the reference as it arrives, so an evaluation
    /// needs no sort (exact KS; PSI bin counts kept up to date).
    recent: RankedWindow,
    recent_rows: usize,
    scratch: Vec<f64>,
    method: Option<DriftMethod>,
    out: WatchOut,
    detector: Option<AnyDetector>,
    alerts: Vec<(Alert, usize)>,
    firing_now: u64,
    firings: VecDeque<AlarmFiring>,
    firings_total: u64,
}

impl Watch {
    /// Monitoring per the scenario, with the training window's brightness as reference.
    pub fn new(s: &Scenario, reference: &[f64]) -> Result<Self, ScenarioError> {
        let detector = match &s.monitoring.detector {
            Some(kind) => {
                Some(
                    AnyDetector::new(kind, s.seed).map_err(|e| ScenarioError::Invalid {
                        field: "monitoring.detector".into(),
                        reason: e.to_string(),
                    })?,
                )
            }
            None => None,
        };
        let mut alerts = Vec::with_capacity(s.monitoring.alerts.len());
        for (i, rule) in s.monitoring.alerts.iter().enumerate() {
            let idx = metric_index(&rule.metric).ok_or_else(|| ScenarioError::Invalid {
                field: format!("monitoring.alerts[{i}].metric"),
                reason: format!("unknown metric `{}` (see TickMetrics fields)", rule.metric),
            })?;
            let alert = Alert::new(rule.clone()).map_err(|e| ScenarioError::Invalid {
                field: format!("monitoring.alerts[{i}]"),
                reason: e.to_string(),
            })?;
            alerts.push((alert, idx));
        }
        let mut w = Self {
            every: s.monitoring.drift_eval_every_ticks.max(1),
            reference_hist: None,
            recent: RankedWindow::new(&[], s.monitoring.recent_rows, None),
            recent_rows: s.monitoring.recent_rows,
            scratch: Vec::new(),
            method: None,
            out: WatchOut::default(),
            detector,
            alerts,
            firing_now: 0,
            firings: VecDeque::new(),
            firings_total: 0,
        };
        w.set_reference(reference);
        Ok(w)
    }

    /// Replaces the reference window (after a retrain: the new training data is the new normal).
    pub fn set_reference(&mut self, reference: &[f64]) {
        let mut unique = sorted_finite(reference);
        let reference_len = unique.len();
        unique.dedup();
        // Evidently counts unique values over reference and current together; brightness is
        // continuous, so the reference alone already decides "more than 5" in practice.
        self.method = Some(DriftMethod::evidently_default(
            reference_len,
            unique.len(),
            true,
        ));
        let lo = reference.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = reference.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        self.reference_hist = if lo.is_finite() && hi > lo {
            Histogram::uniform(lo, hi, PSI_BINS).ok().map(|mut h| {
                for &x in reference {
                    h.add(x);
                }
                h
            })
        } else {
            None
        };
        // A new window (emptied) ranked against the new reference.
        self.recent = RankedWindow::new(reference, self.recent_rows, self.reference_hist.clone());
        self.out.psi = None;
        self.out.drift_stat = None;
        self.out.drift_detected = false;
    }

    /// One brightness value from this tick's images.
    #[inline]
    pub fn observe_brightness(&mut self, x: f64) {
        self.recent.push(x);
    }

    /// The Evidently method chosen for brightness at the last evaluation.
    pub fn method(&self) -> Option<DriftMethod> {
        self.method
    }

    /// The reference brightness window.
    pub fn reference(&self) -> &[f64] {
        self.recent.reference()
    }

    /// The alert rules with their current state.
    pub fn alerts(&self) -> impl Iterator<Item = &Alert> + '_ {
        self.alerts.iter().map(|(a, _)| a)
    }

    /// Alarm firings kept (alert firings and detector pulses), oldest first.
    pub fn firings(&self) -> impl Iterator<Item = &AlarmFiring> + '_ {
        self.firings.iter()
    }

    /// Alarm firings since the start (including those no longer kept).
    pub fn firings_total(&self) -> u64 {
        self.firings_total
    }

    /// The error-rate detector's name, if one runs.
    pub fn detector_name(&self) -> Option<&'static str> {
        self.detector.as_ref().map(|d| d.name())
    }

    fn fire(&mut self, tick: u64, name: &str) {
        if self.firings.len() == MAX_FIRINGS_KEPT {
            self.firings.pop_front();
        }
        self.firings.push_back(AlarmFiring {
            tick,
            alert: name.to_string(),
        });
        self.firings_total += 1;
    }

    /// Per-tick monitoring before the metrics are assembled: drift statistics every
    /// `drift_eval_every_ticks`, and the detector fed with this tick's newly labelled errors.
    pub fn on_tick(&mut self, tick: u64, arrived: &LabelTick) -> WatchOut {
        self.out.detector_drift = false;
        self.out.detector_warning = false;
        if tick % self.every == self.every - 1 && self.recent.is_full() {
            self.evaluate_drift();
        }
        // Borrowed in place (the detector state is large; moving it out and back costs copies).
        if let Some(det) = self.detector.as_mut() {
            let total = arrived.model.total();
            let errors = arrived.model.errors();
            let mut drift = false;
            let mut warning = false;
            let mut note = |sig: DetectorSignal| match sig {
                DetectorSignal::Drift => drift = true,
                DetectorSignal::Warning => warning = true,
                DetectorSignal::Stable => {}
            };
            if matches!(det, AnyDetector::Ddm(_)) {
                // DDM models a 0/1 error stream (River: input 1 = error): feed each labelled
                // answer, errors spread evenly through the tick so the order is deterministic.
                for k in 0..total {
                    let is_err = (k + 1) * errors / total > k * errors / total;
                    note(det.update(if is_err { 1.0 } else { 0.0 }));
                }
            } else if total > 0 {
                // ADWIN, Page-Hinkley and KSWIN take any numeric stream: one value per tick,
                // the error rate of the labels that arrived (ten times fewer updates).
                note(det.update(errors as f64 / total as f64));
            }
            let name = det.name();
            if drift {
                self.fire(tick, name);
            }
            self.out.detector_drift = drift;
            self.out.detector_warning = warning;
        }
        self.out
    }

    fn evaluate_drift(&mut self) {
        // Evidently's default choice: KS for <= 1000 reference rows, normed Wasserstein above.
        let method = self.method.unwrap_or(DriftMethod::Ks);
        let score = match method {
            DriftMethod::WassersteinNormed => {
                // The distance needs the values themselves: sort a copy (large references only).
                self.recent.sorted_values_into(&mut self.scratch);
                wasserstein_normed_sorted(self.recent.reference(), &self.scratch)
            }
            // Exact KS from the ranked counts: the same bits as sorting and merging.
            _ => self.recent.ks_test().p_value,
        };
        let threshold = method.default_threshold();
        self.out.drift_stat = score.is_finite().then_some(score);
        self.out.drift_detected = method.is_drift(score, threshold);
        if let Some(r) = &self.reference_hist {
            // The window's bin counts are kept as values arrive (same bins as the reference).
            let p = psi_counts(r.counts(), self.recent.bin_counts());
            self.out.psi = p.is_finite().then_some(p);
        }
    }

    /// Evaluates the alert rules on this tick's metrics; returns (alerts firing, alarm this tick).
    pub fn after_metrics(&mut self, tick: u64, m: &TickMetrics) -> (u64, bool) {
        let mut alarm = self.out.detector_drift;
        if self.alerts.is_empty() {
            return (0, alarm);
        }
        let mut firing = 0;
        let mut fired: [Option<usize>; 8] = [None; 8];
        let mut n_fired = 0;
        for (i, (alert, idx)) in self.alerts.iter_mut().enumerate() {
            let t = alert.evaluate(tick, m.value_at(*idx));
            if let Some(AlertTransition::Fired { .. }) = t {
                alarm = true;
                if n_fired < fired.len() {
                    fired[n_fired] = Some(i);
                    n_fired += 1;
                }
            }
            if alert.is_firing() {
                firing += 1;
            }
        }
        for i in fired.iter().take(n_fired).flatten() {
            let name = self.alerts[*i].0.rule().name.clone();
            self.fire(tick, &name);
        }
        self.firing_now = firing;
        (firing, alarm)
    }
}

/// Position of a metric among [`TickMetrics::FIELD_NAMES`].
pub fn metric_index(name: &str) -> Option<usize> {
    TickMetrics::FIELD_NAMES.iter().position(|n| *n == name)
}
