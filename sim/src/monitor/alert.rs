//! Prometheus-style alert rules evaluated once per tick.
//!
//! Semantics (Prometheus `rules/alerting.go` and the alerting-rules docs,
//! <https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/>):
//! - when the condition first holds the alert becomes **pending**; it becomes **firing** once
//!   the condition has held at every evaluation for `for` (`tick - active_since >= for_ticks`;
//!   `for = 0` fires at once);
//! - a pending alert whose condition stops holding is dropped silently (never fired);
//! - a firing alert whose condition stops holding is **resolved**, unless `keep_firing_for` is
//!   set: it then keeps firing until the condition has been false for that long;
//! - no data (an absent series) is no alert: pending alerts drop and firing ones resolve.
//!
//! Two Grafana additions: a **recovery threshold** (hysteresis: once pending or firing, the
//! value must cross back past the recovery threshold to clear, grafana/grafana PR #75189, where
//! series in the Pending and Alerting states use it), and the **no-data state**
//! (`noDataState`: `OK` = [`NoDataPolicy::Silent`], `Alerting`, `KeepLast`).
//!
//! About 480 lines of code, the rest tests.

use crate::ring::RingBuffer;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Which side of the threshold is bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Alert when the value is above the threshold (`value > threshold`).
    #[default]
    Above,
    /// Alert when the value is below the threshold (`value < threshold`).
    Below,
}

impl Comparison {
    /// Whether `value` breaches `threshold` (strict, as PromQL's `>`/`<` and Grafana's
    /// "IS ABOVE"/"IS BELOW").
    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Above => value > threshold,
            Comparison::Below => value < threshold,
        }
    }

    /// Whether `value` has crossed back past a recovery threshold (strictly).
    pub fn recovered(self, value: f64, recovery: f64) -> bool {
        match self {
            Comparison::Above => value < recovery,
            Comparison::Below => value > recovery,
        }
    }

    /// `">"` or `"<"`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Above => ">",
            Comparison::Below => "<",
        }
    }
}

/// What an evaluation without data (a missing value, or NaN) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoDataPolicy {
    /// No data, no alert: counts as the condition not holding (Prometheus; Grafana `OK`).
    #[default]
    Silent,
    /// Counts as the condition holding (Grafana `Alerting`).
    Alerting,
    /// Reuses the last value seen, so the alert keeps its course (Grafana `KeepLast`); with no
    /// value seen yet it is silent.
    KeepLast,
}

/// An alert rule on one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    /// Alert name (Prometheus `alert:`), used in logs and scoring.
    pub name: String,
    /// Name of the metric the rule reads (the world maps it to a per-tick value).
    pub metric: String,
    /// Which side of the threshold is bad.
    #[serde(default)]
    pub comparison: Comparison,
    /// The red line.
    pub threshold: f64,
    /// Hysteresis: once pending or firing, the alert clears only when the value crosses back
    /// past this (below it for `Above`, above it for `Below`). `None` = the threshold itself.
    #[serde(default)]
    pub recovery_threshold: Option<f64>,
    /// Prometheus `for`, in ticks: how long the condition must hold before firing.
    #[serde(default)]
    pub for_ticks: u64,
    /// Prometheus `keep_firing_for`, in ticks: how long a firing alert keeps firing after its
    /// condition stops holding.
    #[serde(default)]
    pub keep_firing_for_ticks: u64,
    /// What missing data means.
    #[serde(default)]
    pub no_data: NoDataPolicy,
}

/// The default alert rules: input (PSI, missing images), performance (recall from delayed
/// labels) and software (latency). Output rules such as the human-override rate depend on the
/// automation level, so lesson presets add them with a threshold that fits.
pub fn default_alerts() -> Vec<AlertRule> {
    vec![
        // PSI >= 0.25 is the usual "major shift" band; resolve below 0.1 ("no shift").
        AlertRule::above("brightness_psi", "psi_brightness", 0.25).with_recovery(0.1),
        AlertRule::above("missing_images", "missing_share", 0.05).with_for_ticks(10),
        AlertRule::below("model_recall", "model_recall", 0.75)
            .with_for_ticks(20)
            .with_recovery(0.80),
        AlertRule::above("latency_p99", "latency_p99_ms", 500.0).with_for_ticks(3),
    ]
}

/// An output-metric rule: inspectors overruling the model's suggestion more than `threshold`
/// of the time for 20 ticks (resolves below 80% of the threshold).
pub fn override_alert(threshold: f64) -> AlertRule {
    AlertRule::above("human_overrides", "human_override_rate", threshold)
        .with_for_ticks(20)
        .with_recovery(0.8 * threshold)
}

impl AlertRule {
    /// A rule that alerts when `metric > threshold`, with no `for`, hysteresis or keep-firing.
    pub fn above(name: &str, metric: &str, threshold: f64) -> Self {
        Self::new(name, metric, Comparison::Above, threshold)
    }

    /// A rule that alerts when `metric < threshold`.
    pub fn below(name: &str, metric: &str, threshold: f64) -> Self {
        Self::new(name, metric, Comparison::Below, threshold)
    }

    fn new(name: &str, metric: &str, comparison: Comparison, threshold: f64) -> Self {
        Self {
            name: name.to_string(),
            metric: metric.to_string(),
            comparison,
            threshold,
            recovery_threshold: None,
            for_ticks: 0,
            keep_firing_for_ticks: 0,
            no_data: NoDataPolicy::Silent,
        }
    }

    /// Sets `for`.
    pub fn with_for_ticks(mut self, ticks: u64) -> Self {
        self.for_ticks = ticks;
        self
    }

    /// Sets the recovery threshold.
    pub fn with_recovery(mut self, recovery_threshold: f64) -> Self {
        self.recovery_threshold = Some(recovery_threshold);
        self
    }

    /// Sets `keep_firing_for`.
    pub fn with_keep_firing_for_ticks(mut self, ticks: u64) -> Self {
        self.keep_firing_for_ticks = ticks;
        self
    }

    /// Sets the no-data policy.
    pub fn with_no_data(mut self, policy: NoDataPolicy) -> Self {
        self.no_data = policy;
        self
    }

    /// Checks the rule: finite thresholds, recovery threshold on the safe side.
    pub fn validate(&self) -> Result<(), AlertRuleError> {
        if !self.threshold.is_finite() {
            return Err(AlertRuleError::NonFiniteThreshold {
                rule: self.name.clone(),
                field: "threshold",
                value: self.threshold,
            });
        }
        if let Some(r) = self.recovery_threshold {
            if !r.is_finite() {
                return Err(AlertRuleError::NonFiniteThreshold {
                    rule: self.name.clone(),
                    field: "recovery_threshold",
                    value: r,
                });
            }
            if self.comparison.breaches(r, self.threshold) {
                return Err(AlertRuleError::RecoveryOnAlertingSide {
                    rule: self.name.clone(),
                    recovery: r,
                    comparison: self.comparison.symbol(),
                    threshold: self.threshold,
                });
            }
        }
        Ok(())
    }

    /// Whether the condition holds for `value` given whether the alert is already active
    /// (pending or firing), applying hysteresis to active alerts.
    fn holds(&self, value: f64, active: bool) -> bool {
        match (active, self.recovery_threshold) {
            (true, Some(r)) => !self.comparison.recovered(value, r),
            _ => self.comparison.breaches(value, self.threshold),
        }
    }
}

/// An invalid alert rule.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AlertRuleError {
    /// A threshold is NaN or infinite.
    #[error("alert rule `{rule}`: {field} must be a finite number, got {value}")]
    NonFiniteThreshold {
        /// Rule name.
        rule: String,
        /// `threshold` or `recovery_threshold`.
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// The recovery threshold would itself breach the alert threshold.
    #[error(
        "alert rule `{rule}`: recovery_threshold {recovery} is on the alerting side \
         (value {comparison} {threshold}); it must not breach the threshold"
    )]
    RecoveryOnAlertingSide {
        /// Rule name.
        rule: String,
        /// The recovery threshold given.
        recovery: f64,
        /// The rule's comparison symbol.
        comparison: &'static str,
        /// The alert threshold.
        threshold: f64,
    },
}

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AlertState {
    /// Condition not holding.
    #[default]
    Inactive,
    /// Condition holding, for shorter than `for`.
    Pending {
        /// Tick the condition started holding.
        since_tick: u64,
    },
    /// Firing.
    Firing {
        /// Tick it started firing.
        since_tick: u64,
    },
}

/// A change of [`AlertState`], returned by [`Alert::evaluate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AlertTransition {
    /// Inactive -> Pending.
    #[default]
    Pending,
    /// -> Firing (from Pending, or straight from Inactive when `for` is 0).
    Fired {
        /// Tick the condition started holding.
        active_since_tick: u64,
    },
    /// Pending -> Inactive before `for` elapsed (Prometheus drops it without a notification).
    PendingCleared {
        /// Tick the condition had started holding.
        active_since_tick: u64,
    },
    /// Firing -> Inactive.
    Resolved {
        /// Tick it had started firing.
        fired_at_tick: u64,
    },
}

/// One logged transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AlertRecord {
    /// Evaluation tick.
    pub tick: u64,
    /// What happened.
    pub transition: AlertTransition,
}

/// Default number of transitions an [`AlertLog`] keeps.
pub const ALERT_LOG_CAPACITY: usize = 256;

/// The most recent transitions of one alert (bounded; the oldest are dropped).
#[derive(Debug, Clone)]
pub struct AlertLog {
    records: RingBuffer<AlertRecord>,
    total: u64,
}

impl AlertLog {
    /// A log keeping at most `capacity` records.
    pub fn new(capacity: usize) -> Self {
        Self {
            records: RingBuffer::new(capacity),
            total: 0,
        }
    }

    fn push(&mut self, record: AlertRecord) {
        self.records.push(record);
        self.total += 1;
    }

    /// Records held, oldest first.
    pub fn records(&self) -> impl Iterator<Item = AlertRecord> + '_ {
        (0..self.records.len()).filter_map(|i| self.records.get(i))
    }

    /// Records held.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Transitions ever logged, including those dropped from the window.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Ticks at which the alert fired, among the records held.
    pub fn firing_ticks(&self) -> impl Iterator<Item = u64> + '_ {
        self.records()
            .filter(|r| matches!(r.transition, AlertTransition::Fired { .. }))
            .map(|r| r.tick)
    }
}

/// A rule plus its evaluation state.
#[derive(Debug, Clone)]
pub struct Alert {
    rule: AlertRule,
    state: AlertState,
    /// Tick the condition stopped holding while firing (Prometheus `KeepFiringSince`).
    keep_firing_since: Option<u64>,
    last_value: Option<f64>,
    fired_count: u64,
    log: AlertLog,
}

impl Alert {
    /// An inactive alert for `rule` (validated), logging up to [`ALERT_LOG_CAPACITY`]
    /// transitions.
    pub fn new(rule: AlertRule) -> Result<Self, AlertRuleError> {
        Self::with_log_capacity(rule, ALERT_LOG_CAPACITY)
    }

    /// As [`Alert::new`] with a chosen log capacity.
    pub fn with_log_capacity(rule: AlertRule, capacity: usize) -> Result<Self, AlertRuleError> {
        rule.validate()?;
        Ok(Self {
            rule,
            state: AlertState::Inactive,
            keep_firing_since: None,
            last_value: None,
            fired_count: 0,
            log: AlertLog::new(capacity),
        })
    }

    /// The rule.
    pub fn rule(&self) -> &AlertRule {
        &self.rule
    }

    /// Current state.
    pub fn state(&self) -> AlertState {
        self.state
    }

    /// True while firing (including a keep-firing period).
    pub fn is_firing(&self) -> bool {
        matches!(self.state, AlertState::Firing { .. })
    }

    /// True while firing only because of `keep_firing_for` (Grafana's "Recovering").
    pub fn is_recovering(&self) -> bool {
        self.is_firing() && self.keep_firing_since.is_some()
    }

    /// Times the alert has fired.
    pub fn fired_count(&self) -> u64 {
        self.fired_count
    }

    /// The transition log.
    pub fn log(&self) -> &AlertLog {
        &self.log
    }

    /// Back to inactive, forgetting the last value (the log is kept).
    pub fn reset(&mut self) {
        self.state = AlertState::Inactive;
        self.keep_firing_since = None;
        self.last_value = None;
    }

    /// Evaluates the rule at `tick` on `value` (`None` or NaN = no data). Ticks should not go
    /// backwards; if they do, elapsed time counts as zero.
    pub fn evaluate(&mut self, tick: u64, value: Option<f64>) -> Option<AlertTransition> {
        let active = !matches!(self.state, AlertState::Inactive);
        let holds = match value.filter(|v| !v.is_nan()) {
            Some(v) => {
                self.last_value = Some(v);
                self.rule.holds(v, active)
            }
            None => match self.rule.no_data {
                NoDataPolicy::Silent => false,
                NoDataPolicy::Alerting => true,
                NoDataPolicy::KeepLast => {
                    self.last_value.is_some_and(|v| self.rule.holds(v, active))
                }
            },
        };
        let transition = match (self.state, holds) {
            (AlertState::Inactive, false) => None,
            (AlertState::Inactive, true) => {
                self.state = AlertState::Pending { since_tick: tick };
                self.try_fire(tick, tick).or(Some(AlertTransition::Pending))
            }
            (AlertState::Pending { since_tick }, true) => self.try_fire(tick, since_tick),
            (AlertState::Pending { since_tick }, false) => {
                self.state = AlertState::Inactive;
                Some(AlertTransition::PendingCleared {
                    active_since_tick: since_tick,
                })
            }
            (AlertState::Firing { .. }, true) => {
                self.keep_firing_since = None;
                None
            }
            (AlertState::Firing { since_tick }, false) => {
                let quiet_since = *self.keep_firing_since.get_or_insert(tick);
                if tick.saturating_sub(quiet_since) < self.rule.keep_firing_for_ticks {
                    None
                } else {
                    self.state = AlertState::Inactive;
                    self.keep_firing_since = None;
                    Some(AlertTransition::Resolved {
                        fired_at_tick: since_tick,
                    })
                }
            }
        };
        if let Some(t) = transition {
            self.log.push(AlertRecord {
                tick,
                transition: t,
            });
        }
        transition
    }

    /// Pending -> Firing once the condition has held for `for`.
    fn try_fire(&mut self, tick: u64, since_tick: u64) -> Option<AlertTransition> {
        if tick.saturating_sub(since_tick) < self.rule.for_ticks {
            return None;
        }
        self.state = AlertState::Firing { since_tick: tick };
        self.keep_firing_since = None;
        self.fired_count += 1;
        Some(AlertTransition::Fired {
            active_since_tick: since_tick,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `values` from tick 0 and returns the (tick, transition) pairs.
    fn run(alert: &mut Alert, values: &[Option<f64>]) -> Vec<(u64, AlertTransition)> {
        values
            .iter()
            .enumerate()
            .filter_map(|(t, v)| alert.evaluate(t as u64, *v).map(|tr| (t as u64, tr)))
            .collect()
    }

    fn some(xs: &[f64]) -> Vec<Option<f64>> {
        xs.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn inactive_pending_firing_resolved_with_for() {
        let mut a =
            Alert::new(AlertRule::above("psi", "psi_brightness", 0.2).with_for_ticks(3)).unwrap();
        let v = some(&[0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.1, 0.1]);
        let got = run(&mut a, &v);
        assert_eq!(
            got,
            vec![
                (1, AlertTransition::Pending),
                (
                    4,
                    AlertTransition::Fired {
                        active_since_tick: 1
                    }
                ),
                (6, AlertTransition::Resolved { fired_at_tick: 4 }),
            ]
        );
        assert_eq!(a.state(), AlertState::Inactive);
        assert_eq!(a.fired_count(), 1);
        assert_eq!(a.log().len(), 3);
        assert_eq!(a.log().firing_ticks().collect::<Vec<_>>(), vec![4]);
    }

    #[test]
    fn state_while_pending_and_firing() {
        let mut a = Alert::new(AlertRule::above("x", "x", 1.0).with_for_ticks(2)).unwrap();
        a.evaluate(10, Some(2.0));
        assert_eq!(a.state(), AlertState::Pending { since_tick: 10 });
        a.evaluate(11, Some(2.0));
        assert_eq!(a.state(), AlertState::Pending { since_tick: 10 });
        a.evaluate(12, Some(2.0));
        assert_eq!(a.state(), AlertState::Firing { since_tick: 12 });
        assert!(a.is_firing());
    }

    #[test]
    fn for_zero_fires_on_the_first_breach() {
        let mut a = Alert::new(AlertRule::above("x", "x", 1.0)).unwrap();
        assert_eq!(
            a.evaluate(5, Some(1.5)),
            Some(AlertTransition::Fired {
                active_since_tick: 5
            })
        );
        // The threshold itself is not a breach (strict comparison).
        let mut b = Alert::new(AlertRule::above("x", "x", 1.0)).unwrap();
        assert_eq!(b.evaluate(0, Some(1.0)), None);
    }

    #[test]
    fn a_blip_shorter_than_for_never_fires() {
        let mut a = Alert::new(AlertRule::above("x", "x", 0.2).with_for_ticks(5)).unwrap();
        // Breaches of 3, 5 and 1 ticks: each shorter than the 6 evaluations `for = 5` needs.
        let v = some(&[0.3, 0.3, 0.3, 0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.0, 0.5, 0.0]);
        let got = run(&mut a, &v);
        assert!(
            got.iter()
                .all(|(_, t)| !matches!(t, AlertTransition::Fired { .. })),
            "{got:?}"
        );
        assert_eq!(
            got.iter()
                .filter(|(_, t)| matches!(t, AlertTransition::PendingCleared { .. }))
                .count(),
            3
        );
        assert_eq!(a.fired_count(), 0);
    }

    #[test]
    fn hysteresis_prevents_flapping() {
        // A metric wobbling around the threshold 0.2, between 0.17 and 0.23.
        let wobble: Vec<Option<f64>> = (0..40)
            .map(|t| Some(if t % 2 == 0 { 0.23 } else { 0.17 }))
            .collect();
        let mut plain = Alert::new(AlertRule::above("x", "x", 0.2)).unwrap();
        run(&mut plain, &wobble);
        assert_eq!(
            plain.fired_count(),
            20,
            "without hysteresis it flaps on every wobble"
        );

        let mut damped = Alert::new(AlertRule::above("x", "x", 0.2).with_recovery(0.15)).unwrap();
        let got = run(&mut damped, &wobble);
        assert_eq!(damped.fired_count(), 1);
        assert!(damped.is_firing());
        assert_eq!(got.len(), 1);
        // Crossing below the recovery threshold resolves it.
        assert_eq!(
            damped.evaluate(40, Some(0.14)),
            Some(AlertTransition::Resolved { fired_at_tick: 0 })
        );
    }

    #[test]
    fn hysteresis_works_below_too() {
        let mut a =
            Alert::new(AlertRule::below("acc", "accuracy", 0.9).with_recovery(0.93)).unwrap();
        let got = run(&mut a, &some(&[0.95, 0.89, 0.92, 0.91, 0.92, 0.94]));
        assert_eq!(
            got,
            vec![
                (
                    1,
                    AlertTransition::Fired {
                        active_since_tick: 1
                    }
                ),
                (5, AlertTransition::Resolved { fired_at_tick: 1 }),
            ]
        );
    }

    #[test]
    fn keep_firing_for_bridges_short_dips() {
        let rule = AlertRule::above("x", "x", 1.0).with_keep_firing_for_ticks(3);
        let mut a = Alert::new(rule).unwrap();
        // Fires at 0; dips 1-2 (shorter than 3): keeps firing and is "recovering" meanwhile.
        let got = run(&mut a, &some(&[2.0, 0.0, 0.0, 2.0]));
        assert_eq!(
            got,
            vec![(
                0,
                AlertTransition::Fired {
                    active_since_tick: 0
                }
            )]
        );
        assert!(a.is_firing() && !a.is_recovering());
        // Quiet from tick 4: still firing at 4, 5, 6, resolved at 7 (3 ticks after 4).
        for t in 4..7 {
            assert_eq!(a.evaluate(t, Some(0.0)), None);
            assert!(a.is_recovering());
        }
        assert_eq!(
            a.evaluate(7, Some(0.0)),
            Some(AlertTransition::Resolved { fired_at_tick: 0 })
        );
    }

    #[test]
    fn no_data_is_silent_by_default() {
        let mut a = Alert::new(AlertRule::above("x", "x", 1.0).with_for_ticks(2)).unwrap();
        // Pending, then the series disappears: dropped; nothing ever fires on missing data.
        let got = run(&mut a, &[Some(2.0), None, None, None, None]);
        assert_eq!(
            got,
            vec![
                (0, AlertTransition::Pending),
                (
                    1,
                    AlertTransition::PendingCleared {
                        active_since_tick: 0
                    }
                ),
            ]
        );
        // A firing alert resolves when its series vanishes; NaN counts as missing.
        let mut b = Alert::new(AlertRule::above("x", "x", 1.0)).unwrap();
        let got = run(&mut b, &[Some(2.0), Some(f64::NAN)]);
        assert_eq!(got[1], (1, AlertTransition::Resolved { fired_at_tick: 0 }));
    }

    #[test]
    fn no_data_alerting_policy_fires_after_for() {
        let rule = AlertRule::above("x", "x", 1.0)
            .with_for_ticks(2)
            .with_no_data(NoDataPolicy::Alerting);
        let mut a = Alert::new(rule).unwrap();
        let got = run(&mut a, &[Some(0.0), None, None, None, Some(0.0)]);
        assert_eq!(
            got,
            vec![
                (1, AlertTransition::Pending),
                (
                    3,
                    AlertTransition::Fired {
                        active_since_tick: 1
                    }
                ),
                (4, AlertTransition::Resolved { fired_at_tick: 3 }),
            ]
        );
    }

    #[test]
    fn no_data_keep_last_policy_holds_the_course() {
        let rule = AlertRule::above("x", "x", 1.0)
            .with_for_ticks(2)
            .with_no_data(NoDataPolicy::KeepLast);
        let mut a = Alert::new(rule.clone()).unwrap();
        // Breach, then data stops: the last value keeps the alert going and it fires.
        let got = run(&mut a, &[Some(2.0), None, None, None]);
        assert_eq!(
            got.last(),
            Some(&(
                2,
                AlertTransition::Fired {
                    active_since_tick: 0
                }
            ))
        );
        assert!(a.is_firing());
        // Calm, then data stops: stays calm. No value ever seen: silent.
        let mut b = Alert::new(rule.clone()).unwrap();
        assert!(run(&mut b, &[Some(0.5), None, None, None]).is_empty());
        let mut c = Alert::new(rule).unwrap();
        assert!(run(&mut c, &[None, None, None]).is_empty());
    }

    #[test]
    fn invalid_rules_are_rejected() {
        let e = Alert::new(AlertRule::above("psi", "psi", 0.2).with_recovery(0.3)).unwrap_err();
        assert!(e.to_string().contains("recovery_threshold"), "{e}");
        assert!(Alert::new(AlertRule::below("acc", "acc", 0.9).with_recovery(0.8)).is_err());
        assert!(Alert::new(AlertRule::above("x", "x", f64::NAN)).is_err());
        assert!(Alert::new(AlertRule::above("x", "x", 1.0).with_recovery(1.0)).is_ok());
    }

    #[test]
    fn log_is_bounded_but_counts_everything() {
        let mut a = Alert::with_log_capacity(AlertRule::above("x", "x", 0.5), 4).unwrap();
        for t in 0..20u64 {
            a.evaluate(t, Some((t % 2) as f64));
        }
        assert_eq!(a.log().len(), 4);
        assert_eq!(a.log().total(), 19);
        let ticks: Vec<u64> = a.log().records().map(|r| r.tick).collect();
        assert_eq!(ticks, vec![16, 17, 18, 19]);
    }

    #[test]
    fn rule_serde_round_trip_with_defaults() {
        let json = r#"{"name":"psi","metric":"psi_brightness","threshold":0.2}"#;
        let rule: AlertRule = serde_json::from_str(json).unwrap();
        assert_eq!(rule, AlertRule::above("psi", "psi_brightness", 0.2));
        let full = AlertRule::below("acc", "accuracy", 0.9)
            .with_recovery(0.92)
            .with_for_ticks(6)
            .with_keep_firing_for_ticks(3)
            .with_no_data(NoDataPolicy::KeepLast);
        let back: AlertRule = serde_json::from_str(&serde_json::to_string(&full).unwrap()).unwrap();
        assert_eq!(back, full);
    }
}
