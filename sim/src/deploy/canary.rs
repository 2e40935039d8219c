//! Canary release: the candidate takes a small, growing share of phones while an analysis
//! checks it every interval.
//!
//! Long on purpose (about 850 lines of code, 480 of tests): the configuration, the check
//! window, the analysis and the ramp are one state machine whose transitions read each
//! other's fields; split into files they would have to share private state.
//!
//! The ramp is Flagger's (fluxcd/flagger: docs/gitbook/usage/deployment-strategies.md):
//! start at `stepWeight`, add `stepWeight` after every passing check until `maxWeight`,
//! then promote to 100%. Minimum promotion time is `interval * (maxWeight / stepWeight)`,
//! rollback time `interval * threshold`.
//!
//! Each check has one of three outcomes, as in an Argo Rollouts AnalysisRun
//! (argoproj/argo-rollouts: docs/features/analysis.md, pkg/apis/rollouts/v1alpha1/analysis_types.go):
//! - **pass**: the ramp advances one step;
//! - **fail**: the failed-check counter goes up and the ramp halts at its weight; once the
//!   counter crosses the limit the rollout aborts and 100% of phones return to stable at once
//!   ("setting the canary weight back to zero", Argo `Degraded`; Flagger "Canary failed!");
//! - **inconclusive**: the rollout pauses (Argo `PauseReasonInconclusiveAnalysis` =
//!   "InconclusiveAnalysisRun") until a human resumes or aborts it.
//!
//! When the limit is crossed depends on [`FailureSemantics`]: Argo fails an analysis when
//! the running total of failures goes *past* `failureLimit` (default 0, analysis/analysis.go),
//! Flagger rolls back *at* `FailedChecks >= threshold` (pkg/controller/scheduler.go; a
//! threshold of 0 means 1, `GetAnalysisThreshold` in pkg/apis/flagger/v1beta1/canary.go).
//! With the same number the two differ by exactly one check.
//!
//! A check with fewer than `min_samples_per_check` candidate phones has **no data** and
//! counts as a failed check, as Flagger's "Halt advancement no values found for ... metric
//! ... probably ... is not receiving traffic" does (fluxcd/flagger #883, #1090). (Argo would
//! record an Error and fail after `consecutiveErrorLimit` = 4 consecutive errors; the
//! simulation uses the single, stricter rule for both.)

use super::DeployConfigError;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Events kept in a controller's log; older ones are dropped first.
pub const EVENT_LOG_CAPACITY: usize = 64;

/// When the failed-check counter aborts the rollout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum FailureSemantics {
    /// Argo Rollouts: abort when `failed > failure_limit` (default limit 0: the first
    /// failure aborts).
    #[default]
    ArgoPastLimit,
    /// Flagger: roll back when `failed >= threshold` (a threshold of 0 acts as 1).
    FlaggerAtThreshold,
}

impl FailureSemantics {
    /// Whether `failed_checks` failures abort under this rule with this limit/threshold.
    pub fn should_abort(self, failed_checks: u32, failure_limit: u32) -> bool {
        failed_checks >= self.checks_to_abort(failure_limit)
    }

    /// Number of failed checks that triggers the abort.
    pub fn checks_to_abort(self, failure_limit: u32) -> u32 {
        match self {
            FailureSemantics::ArgoPastLimit => failure_limit.saturating_add(1),
            // Flagger treats threshold <= 0 as 1 (GetAnalysisThreshold, "default 1").
            FailureSemantics::FlaggerAtThreshold => failure_limit.max(1),
        }
    }

    /// The tool whose rule this is.
    pub fn tool(self) -> &'static str {
        match self {
            FailureSemantics::ArgoPastLimit => "Argo Rollouts",
            FailureSemantics::FlaggerAtThreshold => "Flagger",
        }
    }
}

/// Pass / fail lines for one metric where lower is better; values strictly between the
/// two lines are inconclusive. Setting `pass_max == fail_above` removes the inconclusive
/// band (like Flagger's single `thresholdRange.max`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricThresholds {
    /// Value at or below this passes.
    pub pass_max: f64,
    /// Value above this fails.
    pub fail_above: f64,
}

impl MetricThresholds {
    /// Judges one measured value.
    pub fn judge(&self, value: f64) -> CheckVerdict {
        if value.is_nan() || value > self.fail_above {
            CheckVerdict::Fail
        } else if value <= self.pass_max {
            CheckVerdict::Pass
        } else {
            CheckVerdict::Inconclusive
        }
    }

    fn validate(&self, field: &'static str, upper: f64) -> Result<(), DeployConfigError> {
        let ok_range = |v: f64| v.is_finite() && v >= 0.0 && v <= upper;
        if !ok_range(self.pass_max) || !ok_range(self.fail_above) {
            return Err(DeployConfigError::new(
                field,
                format!(
                    "pass_max {} and fail_above {} must be finite and within 0..={upper}",
                    self.pass_max, self.fail_above
                ),
            ));
        }
        if self.pass_max > self.fail_above {
            return Err(DeployConfigError::new(
                field,
                format!(
                    "pass_max {} must not exceed fail_above {}",
                    self.pass_max, self.fail_above
                ),
            ));
        }
        Ok(())
    }
}

/// Canary settings. Defaults and their sources:
///
/// | field | default | source |
/// |---|---|---|
/// | `step_weight_pct` | 5 | the seed post's "say 5%"; Flagger docs examples use 2-10 |
/// | `max_weight_pct` | 50 | Flagger docs example `maxWeight: 50` |
/// | `interval_ticks` | 30 (5 min at 10 s ticks) | simulation choice: Flagger's 60 s default sees only ~3 phones at 5% on this line |
/// | `failure_limit` | 0 | Argo Rollouts `failureLimit` default |
/// | `semantics` | Argo | pairs with the Argo default limit |
/// | `min_samples_per_check` | 8 | simulation choice (no tool default: tools see "no values", not "few") |
/// | `error_rate` | pass <= 0.15, fail > 0.30 | simulation choice for a model whose healthy error rate is a few % (Flagger's HTTP analogue: success rate >= 99%) |
/// | `p99_latency_ms` | fail > 500 ms, no band | Flagger built-in `request-duration` `thresholdRange.max: 500` |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CanaryConfig {
    /// Weight added after each passing check, percent (Flagger `stepWeight`).
    pub step_weight_pct: u8,
    /// Highest weight before promotion to 100%, percent (Flagger `maxWeight`).
    pub max_weight_pct: u8,
    /// Ticks between checks (Flagger `interval`, Argo analysis `interval`).
    pub interval_ticks: u64,
    /// Argo `failureLimit` or Flagger `threshold`, read per `semantics`.
    pub failure_limit: u32,
    /// Whether the abort happens past the limit (Argo) or at it (Flagger).
    pub semantics: FailureSemantics,
    /// Fewer candidate phones than this in a check window is "no data" (a failed check).
    pub min_samples_per_check: u32,
    /// Lines on the candidate's observed error rate (0..=1).
    pub error_rate: MetricThresholds,
    /// Lines on the candidate's p99 latency in ms; `None` skips the latency check.
    pub p99_latency_ms: Option<MetricThresholds>,
}

impl Default for CanaryConfig {
    fn default() -> Self {
        Self {
            step_weight_pct: 5,
            max_weight_pct: 50,
            interval_ticks: 30,
            failure_limit: 0,
            semantics: FailureSemantics::ArgoPastLimit,
            min_samples_per_check: 8,
            error_rate: MetricThresholds {
                pass_max: 0.15,
                fail_above: 0.30,
            },
            p99_latency_ms: Some(MetricThresholds {
                pass_max: 500.0,
                fail_above: 500.0,
            }),
        }
    }
}

impl CanaryConfig {
    /// Checks the settings; the error names the field.
    pub fn validate(&self) -> Result<(), DeployConfigError> {
        if self.step_weight_pct == 0 || self.step_weight_pct > 100 {
            return Err(DeployConfigError::new(
                "canary.step_weight_pct",
                format!("must be 1..=100, got {}", self.step_weight_pct),
            ));
        }
        if self.max_weight_pct < self.step_weight_pct || self.max_weight_pct > 100 {
            return Err(DeployConfigError::new(
                "canary.max_weight_pct",
                format!(
                    "must be step_weight_pct ({})..=100, got {}",
                    self.step_weight_pct, self.max_weight_pct
                ),
            ));
        }
        if self.interval_ticks == 0 {
            return Err(DeployConfigError::new(
                "canary.interval_ticks",
                "must be at least 1",
            ));
        }
        self.error_rate.validate("canary.error_rate", 1.0)?;
        if let Some(lat) = &self.p99_latency_ms {
            lat.validate("canary.p99_latency_ms", f64::MAX)?;
        }
        Ok(())
    }

    /// Number of weights the ramp holds before promotion: ceil(max / step).
    pub fn steps(&self) -> u64 {
        let step = u64::from(self.step_weight_pct.max(1));
        u64::from(self.max_weight_pct).div_ceil(step)
    }

    /// Minimum ticks from start to promotion when every check passes:
    /// `interval * (maxWeight / stepWeight)` (Flagger deployment-strategies.md; rounded up
    /// when max is not a multiple of step).
    pub fn min_promotion_ticks(&self) -> u64 {
        self.interval_ticks.saturating_mul(self.steps())
    }

    /// Failed checks that abort the rollout under the configured semantics.
    pub fn checks_to_abort(&self) -> u32 {
        self.semantics.checks_to_abort(self.failure_limit)
    }

    /// Ticks from the first failing check's interval start to the abort when every check
    /// fails: `interval * threshold` for Flagger (deployment-strategies.md), and
    /// `interval * (failureLimit + 1)` for Argo's "past the limit" rule.
    pub fn rollback_ticks(&self) -> u64 {
        self.interval_ticks
            .saturating_mul(u64::from(self.checks_to_abort()))
    }
}

/// What the candidate saw since the last check. The world accumulates it per tick with
/// [`CheckWindow::record`] and clears it after a check (see [`CanaryController::on_tick`]).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckWindow {
    /// Phones decided by the candidate whose correctness is known (labels or a proxy).
    pub samples: u32,
    /// Of those, how many the candidate got wrong.
    pub errors: u32,
    /// The candidate's p99 latency over the window, if measured.
    pub p99_latency_ms: Option<f64>,
}

impl CheckWindow {
    /// Adds one tick's evidence. Latency keeps the worst p99 seen (a conservative merge,
    /// since percentiles of sub-windows cannot be combined exactly).
    pub fn record(&mut self, samples: u32, errors: u32, p99_latency_ms: Option<f64>) {
        self.samples = self.samples.saturating_add(samples);
        self.errors = self.errors.saturating_add(errors.min(samples));
        self.p99_latency_ms = match (self.p99_latency_ms, p99_latency_ms) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// Empties the window.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Observed error rate, or `None` with no samples.
    pub fn error_rate(&self) -> Option<f64> {
        (self.samples > 0)
            .then(|| f64::from(self.errors.min(self.samples)) / f64::from(self.samples))
    }
}

/// The outcome of one analysis check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckVerdict {
    /// Every metric within its pass line.
    Pass,
    /// Some metric beyond its fail line.
    Fail,
    /// No metric failed, but some sits between its pass and fail lines.
    Inconclusive,
    /// Too few candidate phones to measure; counts as a failed check.
    NoData,
}

impl CheckVerdict {
    /// Whether the check adds to the failed-check counter.
    pub fn counts_as_failure(self) -> bool {
        matches!(self, CheckVerdict::Fail | CheckVerdict::NoData)
    }
}

/// The metrics a check looks at, named like Flagger's built-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CanaryMetric {
    /// Share of the candidate's decisions that were wrong.
    ErrorRate,
    /// The candidate's p99 latency.
    P99Latency,
}

impl CanaryMetric {
    /// Metric name as it appears in status text.
    pub fn name(self) -> &'static str {
        match self {
            CanaryMetric::ErrorRate => "error-rate",
            CanaryMetric::P99Latency => "request-duration",
        }
    }
}

/// One check, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CheckRecord {
    /// Tick of the check.
    pub tick: u64,
    /// Candidate weight while the window was collected.
    pub weight_pct: u8,
    /// Candidate phones in the window.
    pub samples: u32,
    /// Candidate errors in the window.
    pub errors: u32,
    /// Observed error rate (None with no samples).
    pub error_rate: Option<f64>,
    /// Observed p99 latency.
    pub p99_latency_ms: Option<f64>,
    /// The outcome.
    pub verdict: CheckVerdict,
    /// The metric that made it fail or inconclusive (None for pass and no data).
    pub decided_by: Option<CanaryMetric>,
    /// Failed checks so far, including this one.
    pub failed_checks: u32,
}

/// Where the rollout stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum CanaryPhase {
    /// Ramping: checks run every interval.
    #[default]
    Progressing,
    /// Halted by an inconclusive check, waiting for a human `resume` or `abort`.
    Paused,
    /// The candidate took 100% of traffic.
    Promoted,
    /// The rollout was aborted; 100% of traffic is on stable.
    Aborted,
}

impl CanaryPhase {
    /// Whether the rollout has finished (promoted or aborted).
    pub fn is_terminal(self) -> bool {
        matches!(self, CanaryPhase::Promoted | CanaryPhase::Aborted)
    }

    /// The Argo Rollouts status for this phase (an aborted rollout is `Degraded`).
    pub fn argo_status(self) -> &'static str {
        match self {
            CanaryPhase::Progressing => "Progressing",
            CanaryPhase::Paused => "Paused",
            CanaryPhase::Promoted => "Healthy",
            CanaryPhase::Aborted => "Degraded",
        }
    }

    /// The Flagger canary phase (Flagger has no inconclusive outcome; a rollout held for a
    /// human gate is `Waiting`).
    pub fn flagger_phase(self) -> &'static str {
        match self {
            CanaryPhase::Progressing => "Progressing",
            CanaryPhase::Paused => "Waiting",
            CanaryPhase::Promoted => "Succeeded",
            CanaryPhase::Aborted => "Failed",
        }
    }
}

/// What happened, for the event log.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum CanaryEventKind {
    /// The rollout began at the first step.
    Started,
    /// A check passed.
    CheckPassed,
    /// A check failed on a metric.
    CheckFailed {
        /// Failing metric.
        metric: CanaryMetric,
        /// Its value (error rate as a fraction, latency in ms).
        value: f64,
        /// The fail line it crossed.
        fail_above: f64,
    },
    /// A check had too few samples.
    NoData {
        /// Samples seen.
        samples: u32,
        /// Samples needed.
        min_samples: u32,
    },
    /// The weight moved up one step.
    Advanced,
    /// An inconclusive check paused the rollout.
    Paused {
        /// The metric in its inconclusive band.
        metric: CanaryMetric,
        /// Its value.
        value: f64,
    },
    /// A human resumed the rollout.
    Resumed,
    /// The candidate was promoted to 100%.
    Promoted,
    /// The failed-check rule aborted the rollout.
    AbortedByAnalysis {
        /// Failed checks at the abort.
        failed_checks: u32,
    },
    /// A human aborted the rollout.
    AbortedByUser,
}

/// One entry of the event log.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CanaryEvent {
    /// When.
    pub tick: u64,
    /// Candidate weight after the event.
    pub weight_pct: u8,
    /// What.
    pub kind: CanaryEventKind,
}

/// The canary state machine. Create with [`CanaryController::new`], call
/// [`CanaryController::on_tick`] every tick, read [`CanaryController::candidate_weight_pct`]
/// for the router.
#[derive(Debug, Clone)]
pub struct CanaryController {
    config: CanaryConfig,
    phase: CanaryPhase,
    weight_pct: u8,
    failed_checks: u32,
    checks_run: u32,
    /// Tick the current weight took effect (or the rollout resumed); the next check is one
    /// interval later.
    step_started_tick: u64,
    last_check: Option<CheckRecord>,
    /// Last failing check before an analysis abort (for the status text).
    abort_check: Option<CheckRecord>,
    events: VecDeque<CanaryEvent>,
}

impl CanaryController {
    /// Starts a rollout at `start_tick` with the candidate at `step_weight_pct`.
    pub fn new(config: CanaryConfig, start_tick: u64) -> Result<Self, DeployConfigError> {
        config.validate()?;
        let weight_pct = config.step_weight_pct.min(config.max_weight_pct);
        let mut c = Self {
            config,
            phase: CanaryPhase::Progressing,
            weight_pct,
            failed_checks: 0,
            checks_run: 0,
            step_started_tick: start_tick,
            last_check: None,
            abort_check: None,
            events: VecDeque::with_capacity(EVENT_LOG_CAPACITY),
        };
        c.log(start_tick, CanaryEventKind::Started);
        Ok(c)
    }

    /// The settings.
    pub fn config(&self) -> &CanaryConfig {
        &self.config
    }

    /// Current phase.
    pub fn phase(&self) -> CanaryPhase {
        self.phase
    }

    /// Percent of phones the router should send to the candidate now.
    pub fn candidate_weight_pct(&self) -> u8 {
        self.weight_pct
    }

    /// Failed checks so far (running total, not reset by a pass).
    pub fn failed_checks(&self) -> u32 {
        self.failed_checks
    }

    /// Checks evaluated so far.
    pub fn checks_run(&self) -> u32 {
        self.checks_run
    }

    /// Tick of the next check, while progressing.
    pub fn next_check_tick(&self) -> Option<u64> {
        (self.phase == CanaryPhase::Progressing).then(|| {
            self.step_started_tick
                .saturating_add(self.config.interval_ticks)
        })
    }

    /// Whether [`CanaryController::on_tick`] at `tick` will evaluate the window.
    pub fn check_due(&self, tick: u64) -> bool {
        self.next_check_tick().is_some_and(|t| tick >= t)
    }

    /// The most recent check.
    pub fn last_check(&self) -> Option<&CheckRecord> {
        self.last_check.as_ref()
    }

    /// Minimum ticks to promotion (see [`CanaryConfig::min_promotion_ticks`]).
    pub fn min_promotion_ticks(&self) -> u64 {
        self.config.min_promotion_ticks()
    }

    /// Ticks of consecutive failing checks until abort (see [`CanaryConfig::rollback_ticks`]).
    pub fn rollback_ticks(&self) -> u64 {
        self.config.rollback_ticks()
    }

    /// Advances to `tick`. When a check is due (see [`CanaryController::check_due`]) the
    /// `window` — what the candidate saw since the last check — is judged; otherwise it is
    /// ignored. The world should clear its window whenever `check_due(tick)` was true
    /// before this call.
    pub fn on_tick(&mut self, tick: u64, window: &CheckWindow) -> CanaryPhase {
        if !self.check_due(tick) {
            return self.phase;
        }
        let mut record = self.judge(tick, window);
        self.checks_run = self.checks_run.saturating_add(1);
        match record.verdict {
            CheckVerdict::Pass => {
                self.log(tick, CanaryEventKind::CheckPassed);
                self.advance(tick);
            }
            CheckVerdict::Fail | CheckVerdict::NoData => {
                self.failed_checks = self.failed_checks.saturating_add(1);
                record.failed_checks = self.failed_checks;
                let kind = match (record.verdict, record.decided_by) {
                    (CheckVerdict::Fail, Some(metric)) => CanaryEventKind::CheckFailed {
                        metric,
                        value: self.metric_value(&record, metric),
                        fail_above: self.fail_line(metric),
                    },
                    _ => CanaryEventKind::NoData {
                        samples: record.samples,
                        min_samples: self.config.min_samples_per_check,
                    },
                };
                self.log(tick, kind);
                if self
                    .config
                    .semantics
                    .should_abort(self.failed_checks, self.config.failure_limit)
                {
                    self.abort_check = Some(record);
                    self.set_aborted(
                        tick,
                        CanaryEventKind::AbortedByAnalysis {
                            failed_checks: self.failed_checks,
                        },
                    );
                } else {
                    // Halt advancement: hold the weight, check again after another interval.
                    self.step_started_tick = tick;
                }
            }
            CheckVerdict::Inconclusive => {
                self.phase = CanaryPhase::Paused;
                let metric = record.decided_by.unwrap_or(CanaryMetric::ErrorRate);
                let value = self.metric_value(&record, metric);
                self.log(tick, CanaryEventKind::Paused { metric, value });
            }
        }
        self.last_check = Some(record);
        self.phase
    }

    /// A human judged the paused step good enough: the ramp continues with the next step
    /// (like `kubectl argo rollouts promote` on a paused rollout). Returns false unless paused.
    pub fn resume(&mut self, tick: u64) -> bool {
        if self.phase != CanaryPhase::Paused {
            return false;
        }
        self.phase = CanaryPhase::Progressing;
        self.log(tick, CanaryEventKind::Resumed);
        self.advance(tick);
        true
    }

    /// A human aborts: 100% back to stable now. Returns false if already finished.
    pub fn abort(&mut self, tick: u64) -> bool {
        if self.phase.is_terminal() {
            return false;
        }
        self.set_aborted(tick, CanaryEventKind::AbortedByUser);
        true
    }

    /// Skips the remaining steps and promotes to 100% (`promote --full`). Returns false if
    /// already finished.
    pub fn promote_full(&mut self, tick: u64) -> bool {
        if self.phase.is_terminal() {
            return false;
        }
        self.set_promoted(tick);
        true
    }

    /// The log, oldest first (at most [`EVENT_LOG_CAPACITY`] entries).
    pub fn events(&self) -> impl Iterator<Item = &CanaryEvent> + '_ {
        self.events.iter()
    }

    /// One event in the words of the tool whose semantics are configured.
    pub fn describe(&self, event: &CanaryEvent) -> String {
        let argo = self.config.semantics == FailureSemantics::ArgoPastLimit;
        let w = event.weight_pct;
        match event.kind {
            CanaryEventKind::Started => {
                if argo {
                    format!("Rollout started: setWeight {w}")
                } else {
                    format!("New revision detected! Starting canary analysis; canary weight {w}")
                }
            }
            CanaryEventKind::CheckPassed => "Analysis check passed".to_string(),
            CanaryEventKind::CheckFailed {
                metric,
                value,
                fail_above,
            } => {
                let (v, limit) = format_metric(metric, value, fail_above);
                if argo {
                    format!(
                        "Metric \"{}\" measurement Failed: {v} > {limit}",
                        metric.name()
                    )
                } else {
                    format!("Halt advancement {} {v} > {limit}", metric.name())
                }
            }
            CanaryEventKind::NoData {
                samples,
                min_samples,
            } => format!(
                "Halt advancement no values found for metric error-rate: candidate saw \
                 {samples} phones < {min_samples} needed, probably not receiving traffic"
            ),
            CanaryEventKind::Advanced => {
                if argo {
                    format!("Rollout step: setWeight {w}")
                } else {
                    format!("Advance canary weight {w}")
                }
            }
            CanaryEventKind::Paused { metric, value } => {
                let (v, _) = format_metric(metric, value, 0.0);
                format!(
                    "Paused: InconclusiveAnalysisRun ({} {v} between pass and fail lines)",
                    metric.name()
                )
            }
            CanaryEventKind::Resumed => "Resumed by a human".to_string(),
            CanaryEventKind::Promoted => {
                if argo {
                    "Rollout completed: candidate promoted to 100%".to_string()
                } else {
                    "Promotion completed! Candidate takes 100%".to_string()
                }
            }
            CanaryEventKind::AbortedByAnalysis { failed_checks } => self.abort_text(failed_checks),
            CanaryEventKind::AbortedByUser => {
                "Rollout aborted by a human; 100% of phones back on stable".to_string()
            }
        }
    }

    /// Status line in the style of the configured tool, e.g. Argo's
    /// `Degraded: RolloutAborted: Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0)`.
    pub fn status_text(&self) -> String {
        match self.phase {
            CanaryPhase::Progressing => {
                let rule = match self.config.semantics {
                    FailureSemantics::ArgoPastLimit => format!(
                        "aborts when failed > failureLimit ({})",
                        self.config.failure_limit
                    ),
                    FailureSemantics::FlaggerAtThreshold => format!(
                        "rolls back when failed >= threshold ({})",
                        self.config.checks_to_abort()
                    ),
                };
                format!(
                    "Progressing: candidate at {}% (step {}% up to {}%), failed checks {}; {rule}",
                    self.weight_pct,
                    self.config.step_weight_pct,
                    self.config.max_weight_pct,
                    self.failed_checks
                )
            }
            CanaryPhase::Paused => {
                let detail = self
                    .last_check
                    .and_then(|r| {
                        r.decided_by.map(|m| {
                            let (v, _) = format_metric(m, self.metric_value(&r, m), 0.0);
                            format!(" ({} {v} between pass and fail lines)", m.name())
                        })
                    })
                    .unwrap_or_default();
                format!(
                    "Paused: InconclusiveAnalysisRun{detail}; candidate held at {}%, \
                     waiting for a human to resume or abort",
                    self.weight_pct
                )
            }
            CanaryPhase::Promoted => "Healthy: candidate promoted to 100%".to_string(),
            CanaryPhase::Aborted => match self.abort_check {
                Some(r) => self.abort_text(r.failed_checks),
                None => "Degraded: RolloutAborted by a human; 100% of phones on stable".to_string(),
            },
        }
    }

    fn abort_text(&self, failed_checks: u32) -> String {
        let metric = self
            .abort_check
            .and_then(|r| r.decided_by)
            .unwrap_or(CanaryMetric::ErrorRate);
        let no_data = self
            .abort_check
            .is_some_and(|r| r.verdict == CheckVerdict::NoData);
        let why = if no_data { " (no data)" } else { "" };
        match self.config.semantics {
            FailureSemantics::ArgoPastLimit => format!(
                "Degraded: RolloutAborted: Metric \"{}\" assessed Failed due to failed ({failed_checks}) \
                 > failureLimit ({}){why}; canary weight set back to 0",
                metric.name(),
                self.config.failure_limit
            ),
            FailureSemantics::FlaggerAtThreshold => format!(
                "Failed: Rolling back candidate failed checks threshold reached {failed_checks}{why}; \
                 Canary failed! Scaling down candidate"
            ),
        }
    }

    fn judge(&self, tick: u64, window: &CheckWindow) -> CheckRecord {
        let mut record = CheckRecord {
            tick,
            weight_pct: self.weight_pct,
            samples: window.samples,
            errors: window.errors.min(window.samples),
            error_rate: window.error_rate(),
            p99_latency_ms: window.p99_latency_ms,
            verdict: CheckVerdict::NoData,
            decided_by: None,
            failed_checks: self.failed_checks,
        };
        // At least one phone is needed for any measurement.
        let error_rate = match record.error_rate {
            Some(r) if window.samples >= self.config.min_samples_per_check.max(1) => r,
            _ => return record,
        };
        let mut verdicts = [
            (
                CanaryMetric::ErrorRate,
                self.config.error_rate.judge(error_rate),
            ),
            (CanaryMetric::P99Latency, CheckVerdict::Pass),
        ];
        if let (Some(lines), Some(p99)) = (self.config.p99_latency_ms, window.p99_latency_ms) {
            verdicts[1].1 = lines.judge(p99);
        }
        let worst = |v: CheckVerdict| verdicts.iter().find(|(_, x)| *x == v).map(|(m, _)| *m);
        if let Some(m) = worst(CheckVerdict::Fail) {
            record.verdict = CheckVerdict::Fail;
            record.decided_by = Some(m);
        } else if let Some(m) = worst(CheckVerdict::Inconclusive) {
            record.verdict = CheckVerdict::Inconclusive;
            record.decided_by = Some(m);
        } else {
            record.verdict = CheckVerdict::Pass;
        }
        record
    }

    fn metric_value(&self, record: &CheckRecord, metric: CanaryMetric) -> f64 {
        match metric {
            CanaryMetric::ErrorRate => record.error_rate.unwrap_or(0.0),
            CanaryMetric::P99Latency => record.p99_latency_ms.unwrap_or(0.0),
        }
    }

    fn fail_line(&self, metric: CanaryMetric) -> f64 {
        match metric {
            CanaryMetric::ErrorRate => self.config.error_rate.fail_above,
            CanaryMetric::P99Latency => self
                .config
                .p99_latency_ms
                .map_or(f64::INFINITY, |l| l.fail_above),
        }
    }

    fn advance(&mut self, tick: u64) {
        if self.weight_pct >= self.config.max_weight_pct {
            self.set_promoted(tick);
        } else {
            self.weight_pct = self
                .weight_pct
                .saturating_add(self.config.step_weight_pct)
                .min(self.config.max_weight_pct);
            self.step_started_tick = tick;
            self.log(tick, CanaryEventKind::Advanced);
        }
    }

    fn set_promoted(&mut self, tick: u64) {
        self.phase = CanaryPhase::Promoted;
        self.weight_pct = 100;
        self.log(tick, CanaryEventKind::Promoted);
    }

    fn set_aborted(&mut self, tick: u64, kind: CanaryEventKind) {
        self.phase = CanaryPhase::Aborted;
        // Abort returns every phone to stable at once (Argo: "setting the canary weight back
        // to zero"; Flagger: primary 100 / canary 0).
        self.weight_pct = 0;
        self.log(tick, kind);
    }

    fn log(&mut self, tick: u64, kind: CanaryEventKind) {
        if self.events.len() == EVENT_LOG_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(CanaryEvent {
            tick,
            weight_pct: self.weight_pct,
            kind,
        });
    }
}

/// Value and line as display strings: error rate in percent, latency in ms.
fn format_metric(metric: CanaryMetric, value: f64, line: f64) -> (String, String) {
    match metric {
        CanaryMetric::ErrorRate => (
            format!("{:.1}%", value * 100.0),
            format!("{:.1}%", line * 100.0),
        ),
        CanaryMetric::P99Latency => (format!("{value:.0}ms"), format!("{line:.0}ms")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::{Arm, Router};

    fn good() -> CheckWindow {
        CheckWindow {
            samples: 100,
            errors: 2,
            p99_latency_ms: Some(120.0),
        }
    }

    fn bad() -> CheckWindow {
        CheckWindow {
            samples: 100,
            errors: 50,
            p99_latency_ms: Some(120.0),
        }
    }

    /// Runs ticks `from..=to` feeding the same window at every tick.
    fn run(c: &mut CanaryController, from: u64, to: u64, w: &CheckWindow) {
        for t in from..=to {
            c.on_tick(t, w);
        }
    }

    #[test]
    fn ramp_follows_step_interval_and_max_then_promotes() {
        let cfg = CanaryConfig {
            step_weight_pct: 10,
            max_weight_pct: 50,
            interval_ticks: 5,
            ..CanaryConfig::default()
        };
        assert_eq!(cfg.min_promotion_ticks(), 5 * (50 / 10));
        let mut c = CanaryController::new(cfg.clone(), 100).unwrap();
        let mut seen = Vec::new();
        for t in 100..=130 {
            c.on_tick(t, &good());
            seen.push((t, c.candidate_weight_pct()));
        }
        // Weight k*10 holds from tick 100 + 5(k-1) to 100 + 5k - 1.
        for &(t, w) in &seen {
            let expected = match t {
                100..=104 => 10,
                105..=109 => 20,
                110..=114 => 30,
                115..=119 => 40,
                120..=124 => 50,
                _ => 100,
            };
            assert_eq!(w, expected, "tick {t}");
        }
        assert_eq!(c.phase(), CanaryPhase::Promoted);
        // Promotion happened exactly min_promotion_ticks after the start.
        let promoted_at = seen.iter().find(|(_, w)| *w == 100).unwrap().0;
        assert_eq!(promoted_at - 100, cfg.min_promotion_ticks());
        assert_eq!(c.checks_run(), 5);
        assert_eq!(c.failed_checks(), 0);
    }

    #[test]
    fn max_not_multiple_of_step_caps_at_max() {
        let cfg = CanaryConfig {
            step_weight_pct: 20,
            max_weight_pct: 50,
            interval_ticks: 1,
            ..CanaryConfig::default()
        };
        assert_eq!(cfg.steps(), 3);
        let mut c = CanaryController::new(cfg, 0).unwrap();
        let weights: Vec<u8> = (1..=4)
            .map(|t| {
                c.on_tick(t, &good());
                c.candidate_weight_pct()
            })
            .collect();
        assert_eq!(weights, vec![40, 50, 100, 100]);
    }

    /// Feeds a bad candidate at 5% and returns (abort tick, checks run, max weight seen).
    fn abort_bad_candidate(semantics: FailureSemantics, limit: u32) -> (u64, u32, u8) {
        let cfg = CanaryConfig {
            step_weight_pct: 5,
            interval_ticks: 10,
            failure_limit: limit,
            semantics,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg, 0).unwrap();
        let mut max_w = 0;
        for t in 0..1000 {
            max_w = max_w.max(c.candidate_weight_pct());
            if c.on_tick(t, &bad()) == CanaryPhase::Aborted {
                assert_eq!(c.candidate_weight_pct(), 0);
                return (t, c.checks_run(), max_w);
            }
        }
        panic!("never aborted");
    }

    #[test]
    fn bad_candidate_aborts_argo_past_limit_flagger_at_threshold() {
        // Argo default failureLimit 0: the first failed check aborts.
        let (t, checks, max_w) = abort_bad_candidate(FailureSemantics::ArgoPastLimit, 0);
        assert_eq!((t, checks, max_w), (10, 1, 5));
        for limit in 1..=4u32 {
            let (ta, argo_checks, wa) = abort_bad_candidate(FailureSemantics::ArgoPastLimit, limit);
            let (tf, flagger_checks, wf) =
                abort_bad_candidate(FailureSemantics::FlaggerAtThreshold, limit);
            assert_eq!(argo_checks, limit + 1, "Argo aborts past the limit");
            assert_eq!(flagger_checks, limit, "Flagger rolls back at the threshold");
            assert_eq!(ta - tf, 10, "they differ by exactly one check interval");
            // A failing candidate never advances past its first step.
            assert_eq!((wa, wf), (5, 5));
            let cfg = CanaryConfig {
                interval_ticks: 10,
                failure_limit: limit,
                semantics: FailureSemantics::FlaggerAtThreshold,
                ..CanaryConfig::default()
            };
            assert_eq!(
                tf,
                cfg.rollback_ticks(),
                "Flagger rollback time = interval * threshold"
            );
        }
        // Flagger's threshold 0 behaves as 1.
        let (_, checks0, _) = abort_bad_candidate(FailureSemantics::FlaggerAtThreshold, 0);
        assert_eq!(checks0, 1);
    }

    #[test]
    fn bad_candidate_exposure_is_bounded_by_the_canary_share() {
        // 200 phones per tick routed by uniform draws; the candidate errs on every other phone.
        use rand::{Rng, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        let cfg = CanaryConfig {
            interval_ticks: 6,
            failure_limit: 2,
            semantics: FailureSemantics::FlaggerAtThreshold,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg, 0).unwrap();
        let mut window = CheckWindow::default();
        let (mut total, mut to_candidate) = (0u32, 0u32);
        let mut router = Router::new(c.candidate_weight_pct());
        for t in 0..200u64 {
            let (mut s, mut e) = (0, 0);
            for _ in 0..200 {
                total += 1;
                if router.route(rng.random::<f64>()) == Arm::Candidate {
                    to_candidate += 1;
                    s += 1;
                    e += s % 2;
                }
            }
            window.record(s, e, Some(100.0));
            let due = c.check_due(t);
            c.on_tick(t, &window);
            if due {
                window.clear();
            }
            router.set_candidate_weight_pct(c.candidate_weight_pct());
        }
        assert_eq!(c.phase(), CanaryPhase::Aborted);
        assert_eq!(router.candidate_weight_pct(), 0);
        // Aborted after 2 checks = 12 ticks of 5%, out of 200 ticks of phones.
        let share = f64::from(to_candidate) / f64::from(total);
        assert!(share <= 0.05 * 13.0 / 200.0 + 0.005, "share {share}");
        assert!(to_candidate > 0);
    }

    #[test]
    fn too_little_traffic_is_no_data_and_counts_as_failed() {
        let cfg = CanaryConfig {
            interval_ticks: 3,
            min_samples_per_check: 8,
            failure_limit: 1,
            semantics: FailureSemantics::ArgoPastLimit,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg, 0).unwrap();
        // Perfect answers, but only 3 phones: not enough to measure.
        let thin = CheckWindow {
            samples: 3,
            errors: 0,
            p99_latency_ms: Some(50.0),
        };
        c.on_tick(3, &thin);
        let rec = c.last_check().unwrap();
        assert_eq!(rec.verdict, CheckVerdict::NoData);
        assert_eq!(c.failed_checks(), 1);
        assert_eq!(c.phase(), CanaryPhase::Progressing);
        assert_eq!(c.candidate_weight_pct(), 5, "advancement halts");
        c.on_tick(6, &thin);
        assert_eq!(c.phase(), CanaryPhase::Aborted);
        assert_eq!(c.candidate_weight_pct(), 0);
        let text = c.status_text();
        assert!(text.contains("failed (2) > failureLimit (1)"), "{text}");
        assert!(text.contains("no data"), "{text}");
        assert!(c
            .events()
            .any(|e| c.describe(e).contains("no values found")));
        // Zero samples is also no data, even with min_samples_per_check = 0.
        let cfg0 = CanaryConfig {
            min_samples_per_check: 0,
            interval_ticks: 1,
            ..CanaryConfig::default()
        };
        let mut c0 = CanaryController::new(cfg0, 0).unwrap();
        c0.on_tick(1, &CheckWindow::default());
        assert_eq!(c0.last_check().unwrap().verdict, CheckVerdict::NoData);
    }

    #[test]
    fn enough_samples_with_the_same_error_rate_passes() {
        let cfg = CanaryConfig {
            interval_ticks: 1,
            min_samples_per_check: 8,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg, 0).unwrap();
        c.on_tick(
            1,
            &CheckWindow {
                samples: 8,
                errors: 0,
                p99_latency_ms: None,
            },
        );
        assert_eq!(c.last_check().unwrap().verdict, CheckVerdict::Pass);
        assert_eq!(c.candidate_weight_pct(), 10);
    }

    #[test]
    fn inconclusive_pauses_for_a_human() {
        let cfg = CanaryConfig {
            interval_ticks: 2,
            ..CanaryConfig::default()
        };
        let mid = CheckWindow {
            samples: 100,
            errors: 20, // 20%: above pass 15%, not above fail 30%
            p99_latency_ms: Some(100.0),
        };
        let mut c = CanaryController::new(cfg.clone(), 0).unwrap();
        c.on_tick(2, &mid);
        assert_eq!(c.phase(), CanaryPhase::Paused);
        assert_eq!(c.last_check().unwrap().verdict, CheckVerdict::Inconclusive);
        assert_eq!(c.failed_checks(), 0, "inconclusive is not a failure");
        assert_eq!(c.candidate_weight_pct(), 5, "weight held while paused");
        assert!(c.status_text().contains("InconclusiveAnalysisRun"));
        // Nothing happens while paused, whatever the evidence.
        run(&mut c, 3, 50, &bad());
        assert_eq!(c.phase(), CanaryPhase::Paused);
        assert!(!c.check_due(50));
        // Resume continues the ramp with the next step.
        assert!(c.resume(51));
        assert_eq!(c.phase(), CanaryPhase::Progressing);
        assert_eq!(c.candidate_weight_pct(), 10);
        assert_eq!(c.next_check_tick(), Some(53));
        assert!(!c.resume(52), "resume only applies to a paused rollout");

        // The other human choice: abort.
        let mut c2 = CanaryController::new(cfg, 0).unwrap();
        c2.on_tick(2, &mid);
        assert!(c2.abort(3));
        assert_eq!(c2.phase(), CanaryPhase::Aborted);
        assert_eq!(c2.candidate_weight_pct(), 0);
        assert!(!c2.abort(4));
        assert!(!c2.promote_full(4));
    }

    #[test]
    fn latency_breach_fails_even_with_a_good_error_rate() {
        let cfg = CanaryConfig {
            interval_ticks: 1,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg.clone(), 0).unwrap();
        c.on_tick(
            1,
            &CheckWindow {
                samples: 100,
                errors: 0,
                p99_latency_ms: Some(900.0),
            },
        );
        let rec = c.last_check().unwrap();
        assert_eq!(rec.verdict, CheckVerdict::Fail);
        assert_eq!(rec.decided_by, Some(CanaryMetric::P99Latency));
        assert_eq!(c.phase(), CanaryPhase::Aborted);
        assert!(c.status_text().contains("\"request-duration\""));
        // Without a latency line the same window passes.
        let mut c2 = CanaryController::new(
            CanaryConfig {
                p99_latency_ms: None,
                ..cfg
            },
            0,
        )
        .unwrap();
        c2.on_tick(
            1,
            &CheckWindow {
                samples: 100,
                errors: 0,
                p99_latency_ms: Some(900.0),
            },
        );
        assert_eq!(c2.last_check().unwrap().verdict, CheckVerdict::Pass);
    }

    #[test]
    fn failures_are_a_running_total_not_reset_by_a_pass() {
        let cfg = CanaryConfig {
            interval_ticks: 1,
            failure_limit: 1,
            semantics: FailureSemantics::ArgoPastLimit,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg, 0).unwrap();
        c.on_tick(1, &bad());
        c.on_tick(2, &good());
        assert_eq!(c.phase(), CanaryPhase::Progressing);
        assert_eq!(c.candidate_weight_pct(), 10);
        c.on_tick(3, &bad());
        assert_eq!(c.phase(), CanaryPhase::Aborted);
        assert_eq!(c.failed_checks(), 2);
    }

    #[test]
    fn status_texts_match_the_tools() {
        let mut argo = CanaryController::new(
            CanaryConfig {
                interval_ticks: 1,
                ..CanaryConfig::default()
            },
            0,
        )
        .unwrap();
        argo.on_tick(1, &bad());
        let s = argo.status_text();
        assert!(
            s.contains(
                "Metric \"error-rate\" assessed Failed due to failed (1) > failureLimit (0)"
            ),
            "{s}"
        );
        assert!(s.starts_with(CanaryPhase::Aborted.argo_status()));

        let mut flagger = CanaryController::new(
            CanaryConfig {
                interval_ticks: 1,
                failure_limit: 2,
                semantics: FailureSemantics::FlaggerAtThreshold,
                ..CanaryConfig::default()
            },
            0,
        )
        .unwrap();
        flagger.on_tick(1, &bad());
        assert!(flagger.status_text().contains("threshold (2)"));
        flagger.on_tick(2, &bad());
        let s = flagger.status_text();
        assert!(s.contains("failed checks threshold reached 2"), "{s}");
        assert!(s.contains("Canary failed!"), "{s}");
        assert!(flagger.events().any(|e| flagger
            .describe(e)
            .starts_with("Halt advancement error-rate 50.0% > 30.0%")));
    }

    #[test]
    fn manual_promotion_and_helpers() {
        let cfg = CanaryConfig {
            interval_ticks: 6,
            step_weight_pct: 5,
            max_weight_pct: 50,
            failure_limit: 3,
            semantics: FailureSemantics::FlaggerAtThreshold,
            ..CanaryConfig::default()
        };
        assert_eq!(cfg.min_promotion_ticks(), 60);
        assert_eq!(cfg.rollback_ticks(), 18);
        let argo = CanaryConfig {
            semantics: FailureSemantics::ArgoPastLimit,
            ..cfg.clone()
        };
        assert_eq!(argo.rollback_ticks(), 24);
        let mut c = CanaryController::new(cfg, 0).unwrap();
        assert!(c.promote_full(1));
        assert_eq!(c.candidate_weight_pct(), 100);
        assert_eq!(c.phase(), CanaryPhase::Promoted);
        assert!(!c.abort(2), "promoted rollouts are finished");
    }

    #[test]
    fn event_log_is_bounded() {
        let cfg = CanaryConfig {
            interval_ticks: 1,
            failure_limit: 1000,
            ..CanaryConfig::default()
        };
        let mut c = CanaryController::new(cfg, 0).unwrap();
        run(&mut c, 1, 500, &bad());
        assert_eq!(c.events().count(), EVENT_LOG_CAPACITY);
        let last = c.events().last().unwrap();
        assert_eq!(last.tick, 500);
    }

    #[test]
    fn check_window_accumulates() {
        let mut w = CheckWindow::default();
        assert_eq!(w.error_rate(), None);
        w.record(10, 1, Some(100.0));
        w.record(10, 3, None);
        w.record(5, 9, Some(300.0)); // errors capped at samples
        assert_eq!(w.samples, 25);
        assert_eq!(w.errors, 9);
        assert_eq!(w.p99_latency_ms, Some(300.0));
        assert!((w.error_rate().unwrap() - 9.0 / 25.0).abs() < 1e-12);
        w.clear();
        assert_eq!(w, CheckWindow::default());
    }

    #[test]
    fn config_validation_and_serde() {
        assert!(CanaryConfig::default().validate().is_ok());
        let cases = [
            (
                CanaryConfig {
                    max_weight_pct: 3,
                    ..CanaryConfig::default()
                },
                "canary.max_weight_pct",
            ),
            (
                CanaryConfig {
                    interval_ticks: 0,
                    ..CanaryConfig::default()
                },
                "canary.interval_ticks",
            ),
            (
                CanaryConfig {
                    error_rate: MetricThresholds {
                        pass_max: 0.5,
                        fail_above: 0.2,
                    },
                    ..CanaryConfig::default()
                },
                "canary.error_rate",
            ),
            (
                CanaryConfig {
                    p99_latency_ms: Some(MetricThresholds {
                        pass_max: f64::NAN,
                        fail_above: 1.0,
                    }),
                    ..CanaryConfig::default()
                },
                "canary.p99_latency_ms",
            ),
        ];
        for (cfg, field) in cases {
            assert_eq!(cfg.validate().unwrap_err().field, field);
        }
        let json = serde_json::to_string(&CanaryConfig::default()).unwrap();
        let back: CanaryConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, CanaryConfig::default());
        let partial: CanaryConfig =
            serde_json::from_str(r#"{"semantics":"FlaggerAtThreshold","failure_limit":5}"#)
                .unwrap();
        assert_eq!(partial.failure_limit, 5);
        assert_eq!(partial.step_weight_pct, 5);
        assert!(serde_json::from_str::<CanaryConfig>(r#"{"stepWeight":5}"#).is_err());
    }
}
