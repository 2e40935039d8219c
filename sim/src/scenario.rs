//! A scenario is data: everything that defines a run, loadable from JSON.
//!
//! # Validation policy
//!
//! [`Scenario::validate`] either rejects a field with a typed [`ScenarioError`] naming it,
//! or clamps it and returns a [`ScenarioWarning`]. The choice per field:
//!
//! | field | rule | on violation |
//! |---|---|---|
//! | any `f64` | must be finite | reject (`NotFinite`) |
//! | `tick_secs` | > 0 and <= 86400 | reject |
//! | `phones_per_tick` | >= 0 | reject if negative; clamp to 10000 with a warning |
//! | `slices` | 1 to 4 entries | reject (`Count`) |
//! | `slices[i].share` | >= 0, some > 0 | reject if negative; normalised to sum 1 (warning if it did not) |
//! | `slices[i].brightness_mean` | 0..=1 | clamp with a warning |
//! | `slices[i].contrast_factor` | >= 0 | reject if negative |
//! | `defect_rates.*` | probability, total <= 0.5 | reject |
//! | `camera.missing_rate`, `human.hlp.*`, `human.assist_error_reduction` | probability in 0..=1 | reject |
//! | `camera.*_sd`, `camera.*noise*`, `camera.base_blur` | >= 0 | reject |
//! | `human.phones_per_hour_per_inspector`, `human.cost_per_phone`, costs | >= 0 | reject |
//! | `human.assist_speedup` | >= 1 | clamp with a warning |
//! | `human.inspectors` | <= 10000 | clamp with a warning |
//! | `human.queue_capacity` | 1..=100000 | clamp with a warning |
//! | `model.threshold`, `candidate.threshold`, `confidence_band` | threshold in (0,1); band in 0..0.5 | reject |
//! | `model.training_rows` | 100..=50000 | clamp with a warning |
//! | `model.iterations` | <= 5000 | clamp with a warning |
//! | `model.learning_rate`, `model.positive_weight` | > 0 | reject |
//! | `model.service_time_mult`, `candidate.service_time_mult` | 0.1..=10 | reject if not finite or <= 0; clamp with a warning |
//! | `label_delay_ticks` | <= 20000 (memory bound) | clamp with a warning |
//! | `monitoring.*` windows and history | bounded (see [`MonitoringConfig`]) | clamp with a warning |
//! | `events[i].magnitude` | 0..=1 | reject if negative; clamp above 1 with a warning |
//! | `events[i].width_ticks` | <= 10,000,000 | clamp with a warning |
//! | `pattern`, `serving`, `monitoring.detector`, `monitoring.alerts[i]` | the deploy/monitor modules' own checks; alert metric must be a `TickMetrics` field; at most 64 rules | reject (`Invalid`) |
//! | unknown field or enum name | | reject (serde error with its path) |
//!
//! About 710 lines: the whole schema of a scenario file (every section with its defaults and
//! the validation table above) in one place, as the JSON it reads is one document.

use crate::automation::{AutomationLevel, Fallback};
use crate::camera::{CameraConfig, DefectRates, SliceSpec};
use crate::concept::Concept;
use crate::deploy::Pattern;
use crate::drift::DriftEvent;
use crate::human::HumanConfig;
use crate::model::{ModelPreset, ModelSpec};
use crate::monitor::alert::AlertRule;
use crate::monitor::detectors::{AdwinParams, DetectorKind};
use crate::serving::ServingConfig;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Everything that defines a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// Seed of every random draw.
    pub seed: u64,
    /// Simulated seconds per tick.
    pub tick_secs: f64,
    /// Mean phone arrivals per tick (Poisson).
    pub phones_per_tick: f64,
    /// Production slices (colours); the last one is the small slice.
    pub slices: Vec<SliceSpec>,
    /// Defect rates.
    pub defect_rates: DefectRates,
    /// Camera behaviour.
    pub camera: CameraConfig,
    /// The spec in force at the start.
    pub concept: Concept,
    /// The inspection team.
    pub human: HumanConfig,
    /// The stable (blue) model.
    pub model: ModelSpec,
    /// The candidate (green) model, if one is being deployed.
    pub candidate: Option<ModelSpec>,
    /// How the candidate is rolled out (shadow, canary, blue-green), from tick 0.
    pub pattern: Pattern,
    /// Model serving: site, real time or batch, servers, logging, queue.
    pub serving: ServingConfig,
    /// Who decides.
    pub automation: AutomationLevel,
    /// Partial automation: phones whose score is within this distance of the threshold go to the human.
    pub confidence_band: f64,
    /// What happens to undecidable phones.
    pub fallback: Fallback,
    /// Business costs.
    pub costs: CostConfig,
    /// Ticks before a decided phone's ground truth label arrives.
    pub label_delay_ticks: u64,
    /// Monitoring windows and thresholds.
    pub monitoring: MonitoringConfig,
    /// Drift timeline.
    pub events: Vec<DriftEvent>,
    /// Scripted actions (the lesson's "what the reader does", as data).
    pub actions: Vec<ScheduledAction>,
}

/// Business costs per outcome.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostConfig {
    /// Cost of a defective phone that was passed (returns, reputation).
    pub escape_cost: f64,
    /// Cost of a good phone that was rejected (rework, scrap).
    pub false_reject_cost: f64,
}

impl Default for CostConfig {
    fn default() -> Self {
        Self {
            escape_cost: 50.0,
            false_reject_cost: 5.0,
        }
    }
}

/// Monitoring windows, detectors and alert rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringConfig {
    /// Drift statistics are computed every this many ticks (1..=100000).
    pub drift_eval_every_ticks: u64,
    /// Brightness rows kept from the training window as the reference (10..=5000).
    pub reference_rows: usize,
    /// Most recent brightness rows compared with the reference (10..=5000).
    pub recent_rows: usize,
    /// Ticks of delayed labels in the rolling performance window (1..=100000).
    pub label_window_ticks: u64,
    /// Ticks of per-tick metrics kept for charts (16..=1,000,000).
    pub history_ticks: usize,
    /// An alarm within this many ticks of an injected event counts as a true alarm.
    pub alarm_max_delay_ticks: u64,
    /// Logged labelled phones kept for retraining (100..=50000).
    pub log_capacity: usize,
    /// Error-rate detector fed with the stable model's delayed label errors (None = off).
    pub detector: Option<DetectorKind>,
    /// Alert rules on named per-tick metrics (`TickMetrics` field names).
    pub alerts: Vec<AlertRule>,
}

impl Default for MonitoringConfig {
    fn default() -> Self {
        Self {
            drift_eval_every_ticks: 30,
            reference_rows: 1000,
            recent_rows: 500,
            label_window_ticks: 200,
            history_ticks: 4096,
            alarm_max_delay_ticks: 600,
            log_capacity: 4000,
            // River ADWIN defaults (delta 0.002, clock 32). DDM is selectable, but on an error
            // rate below 1% its warm start makes it jumpy.
            detector: Some(DetectorKind::Adwin(AdwinParams::default())),
            alerts: crate::monitor::alert::default_alerts(),
        }
    }
}

/// An action at a tick (part of the scenario data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledAction {
    /// Tick at which it happens (before that tick's phones).
    pub tick: u64,
    /// What happens.
    pub action: Action,
}

/// Something the reader (or the script) does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "do")]
pub enum Action {
    /// Retrain on logged labelled phones and deploy the new model as stable.
    Retrain,
    /// Promote the candidate (blue-green switch or canary full promotion).
    Promote,
    /// Roll back to the stable model.
    Rollback,
    /// Change the automation level.
    SetAutomation {
        /// New level.
        level: AutomationLevel,
    },
    /// Change the stable model's decision threshold.
    SetThreshold {
        /// New threshold.
        threshold: f64,
    },
    /// Inject a drift event now.
    InjectDrift {
        /// The event (its start tick is used as given).
        event: DriftEvent,
    },
    /// Build a candidate from `candidate` (unless `pattern` is none) and start `pattern`
    /// with it: the page's "Start" button in the deployment controls.
    Deploy {
        /// The candidate model to roll out.
        candidate: ModelPreset,
        /// How it is rolled out.
        pattern: Pattern,
    },
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            seed: 42,
            tick_secs: 10.0,
            phones_per_tick: 10.0,
            slices: vec![
                SliceSpec {
                    name: "black".into(),
                    share: 0.60,
                    brightness_mean: 0.45,
                    contrast_factor: 1.0,
                },
                SliceSpec {
                    name: "silver".into(),
                    share: 0.35,
                    brightness_mean: 0.60,
                    contrast_factor: 0.9,
                },
                SliceSpec {
                    name: "gold".into(),
                    share: 0.05,
                    brightness_mean: 0.80,
                    // Reflective finish: brighter images, fainter defects.
                    contrast_factor: 0.2,
                },
            ],
            defect_rates: DefectRates::default(),
            camera: CameraConfig::default(),
            concept: Concept::default(),
            human: HumanConfig::default(),
            model: ModelSpec::default(),
            candidate: None,
            pattern: Pattern::None,
            serving: ServingConfig::default(),
            automation: AutomationLevel::PartialAutomation,
            confidence_band: 0.3,
            fallback: Fallback::Human,
            costs: CostConfig::default(),
            label_delay_ticks: 30,
            monitoring: MonitoringConfig::default(),
            events: Vec::new(),
            actions: Vec::new(),
        }
    }
}

/// A scenario field that cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScenarioError {
    /// The JSON did not parse or did not match the schema (unknown field, unknown enum name, wrong type).
    #[error("scenario JSON error at `{path}`: {message}")]
    Parse {
        /// serde path of the offending field (`.` when unknown).
        path: String,
        /// What serde said.
        message: String,
    },
    /// NaN or infinity.
    #[error("`{field}` must be a finite number, got {value}")]
    NotFinite {
        /// Field path.
        field: String,
        /// The value.
        value: f64,
    },
    /// A value outside its allowed range.
    #[error("`{field}` = {value} is out of range: {rule}")]
    OutOfRange {
        /// Field path.
        field: String,
        /// The value.
        value: f64,
        /// The rule it broke.
        rule: &'static str,
    },
    /// A structured setting (deployment pattern, alert rule, detector) is invalid.
    #[error("`{field}`: {reason}")]
    Invalid {
        /// Field path.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A list with the wrong number of entries.
    #[error("`{field}` has {count} entries: {rule}")]
    Count {
        /// Field path.
        field: String,
        /// Entries found.
        count: usize,
        /// The rule it broke.
        rule: &'static str,
    },
}

/// A field that was clamped to a usable value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioWarning {
    /// Field path.
    pub field: String,
    /// Value given.
    pub given: f64,
    /// Value used.
    pub used: f64,
    /// Why.
    pub reason: &'static str,
}

impl std::fmt::Display for ScenarioWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` = {} clamped to {}: {}",
            self.field, self.given, self.used, self.reason
        )
    }
}

/// A scenario that passed validation, with the clamps applied and the warnings they raised.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedScenario {
    /// The usable scenario.
    pub scenario: Scenario,
    /// What was clamped.
    pub warnings: Vec<ScenarioWarning>,
}

struct Checker {
    warnings: Vec<ScenarioWarning>,
}

impl Checker {
    fn finite(&self, field: &str, v: f64) -> Result<f64, ScenarioError> {
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ScenarioError::NotFinite {
                field: field.into(),
                value: v,
            })
        }
    }
    fn nonneg(&self, field: &str, v: f64) -> Result<f64, ScenarioError> {
        let v = self.finite(field, v)?;
        if v < 0.0 {
            return Err(ScenarioError::OutOfRange {
                field: field.into(),
                value: v,
                rule: "must be >= 0",
            });
        }
        Ok(v)
    }
    fn prob(&self, field: &str, v: f64) -> Result<f64, ScenarioError> {
        let v = self.finite(field, v)?;
        if !(0.0..=1.0).contains(&v) {
            return Err(ScenarioError::OutOfRange {
                field: field.into(),
                value: v,
                rule: "a probability must be within 0..=1",
            });
        }
        Ok(v)
    }
    fn clamp_f(&mut self, field: &str, v: f64, lo: f64, hi: f64, reason: &'static str) -> f64 {
        let c = v.clamp(lo, hi);
        if c != v {
            self.warnings.push(ScenarioWarning {
                field: field.into(),
                given: v,
                used: c,
                reason,
            });
        }
        c
    }
    fn clamp_u(&mut self, field: &str, v: u64, lo: u64, hi: u64, reason: &'static str) -> u64 {
        let c = v.clamp(lo, hi);
        if c != v {
            self.warnings.push(ScenarioWarning {
                field: field.into(),
                given: v as f64,
                used: c as f64,
                reason,
            });
        }
        c
    }
}

fn check_model(c: &mut Checker, name: &str, m: &mut ModelSpec) -> Result<(), ScenarioError> {
    let t = c.finite(&format!("{name}.threshold"), m.threshold)?;
    if t <= 0.0 || t >= 1.0 {
        return Err(ScenarioError::OutOfRange {
            field: format!("{name}.threshold"),
            value: t,
            rule: "must be strictly between 0 and 1",
        });
    }
    m.training_rows = c.clamp_u(
        &format!("{name}.training_rows"),
        m.training_rows as u64,
        100,
        50_000,
        "training window bounded to 100..=50000 rows",
    ) as usize;
    m.iterations = c.clamp_u(
        &format!("{name}.iterations"),
        m.iterations as u64,
        0,
        5000,
        "training time bounded to 5000 iterations",
    ) as usize;
    for (f, v) in [
        ("learning_rate", m.learning_rate),
        ("positive_weight", m.positive_weight),
    ] {
        let v = c.finite(&format!("{name}.{f}"), v)?;
        if v <= 0.0 {
            return Err(ScenarioError::OutOfRange {
                field: format!("{name}.{f}"),
                value: v,
                rule: "must be > 0",
            });
        }
    }
    let field = format!("{name}.service_time_mult");
    let mult = c.finite(&field, m.service_time_mult)?;
    if mult <= 0.0 {
        return Err(ScenarioError::OutOfRange {
            field,
            value: mult,
            rule: "must be > 0",
        });
    }
    m.service_time_mult = c.clamp_f(
        &field,
        mult,
        0.1,
        10.0,
        "a model from 10x faster to 10x slower than the site's reference",
    );
    Ok(())
}

impl Scenario {
    /// Parses JSON, reporting the path of a bad field (`monitoring.alerts[2].metric`).
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        serde_json::from_str(text).map_err(|e| ScenarioError::Parse {
            path: crate::json_path::path_at(text, e.line(), e.column()),
            message: e.to_string(),
        })
    }

    /// Checks every field (see the module docs for the per-field policy).
    pub fn validate(&self) -> Result<ValidatedScenario, ScenarioError> {
        let mut s = self.clone();
        let mut c = Checker {
            warnings: Vec::new(),
        };
        let ts = c.finite("tick_secs", s.tick_secs)?;
        if ts <= 0.0 || ts > 86_400.0 {
            return Err(ScenarioError::OutOfRange {
                field: "tick_secs".into(),
                value: ts,
                rule: "must be > 0 and <= 86400",
            });
        }
        c.nonneg("phones_per_tick", s.phones_per_tick)?;
        s.phones_per_tick = c.clamp_f(
            "phones_per_tick",
            s.phones_per_tick,
            0.0,
            10_000.0,
            "at most 10000 phones per tick",
        );
        if s.slices.is_empty() || s.slices.len() > crate::phone::MAX_SLICES {
            return Err(ScenarioError::Count {
                field: "slices".into(),
                count: s.slices.len(),
                rule: "need 1 to 4 slices",
            });
        }
        let mut total = 0.0;
        for (i, sl) in s.slices.iter_mut().enumerate() {
            total += c.nonneg(&format!("slices[{i}].share"), sl.share)?;
            let b = c.finite(&format!("slices[{i}].brightness_mean"), sl.brightness_mean)?;
            sl.brightness_mean = c.clamp_f(
                &format!("slices[{i}].brightness_mean"),
                b,
                0.0,
                1.0,
                "brightness is within 0..=1",
            );
            c.nonneg(&format!("slices[{i}].contrast_factor"), sl.contrast_factor)?;
        }
        if total <= 0.0 {
            return Err(ScenarioError::OutOfRange {
                field: "slices[].share".into(),
                value: total,
                rule: "shares must not all be 0",
            });
        }
        if (total - 1.0).abs() > 1e-9 {
            c.warnings.push(ScenarioWarning {
                field: "slices[].share".into(),
                given: total,
                used: 1.0,
                reason: "shares normalised to sum to 1",
            });
            for sl in &mut s.slices {
                sl.share /= total;
            }
        }
        let r = s.defect_rates;
        for (f, v) in [
            ("defect_rates.scratch", r.scratch),
            ("defect_rates.dent", r.dent),
            ("defect_rates.pit", r.pit),
            ("defect_rates.discoloration", r.discoloration),
        ] {
            c.prob(f, v)?;
        }
        if r.total() > 0.5 {
            return Err(ScenarioError::OutOfRange {
                field: "defect_rates".into(),
                value: r.total(),
                rule: "defects are a rare class: total rate must be <= 0.5",
            });
        }
        let cam = s.camera;
        c.prob("camera.missing_rate", cam.missing_rate)?;
        for (f, v) in [
            ("camera.brightness_sd", cam.brightness_sd),
            ("camera.base_blur", cam.base_blur),
            ("camera.blur_sd", cam.blur_sd),
            ("camera.size_noise_mm", cam.size_noise_mm),
            ("camera.contrast_noise", cam.contrast_noise),
        ] {
            c.nonneg(f, v)?;
        }
        let con = s.concept;
        for (f, v) in [
            ("concept.scratch_limit_mm", con.scratch_limit_mm),
            ("concept.dent_limit_mm", con.dent_limit_mm),
            ("concept.pit_limit_mm", con.pit_limit_mm),
            ("concept.discoloration_limit_mm", con.discoloration_limit_mm),
        ] {
            c.nonneg(f, v)?;
        }
        let h = &mut s.human;
        let hl = h.hlp;
        for (f, v) in [
            ("human.hlp.none", hl.none),
            ("human.hlp.scratch", hl.scratch),
            ("human.hlp.dent", hl.dent),
            ("human.hlp.pit", hl.pit),
            ("human.hlp.discoloration", hl.discoloration),
            ("human.assist_error_reduction", h.assist_error_reduction),
        ] {
            c.prob(f, v)?;
        }
        c.nonneg(
            "human.phones_per_hour_per_inspector",
            h.phones_per_hour_per_inspector,
        )?;
        c.nonneg("human.cost_per_phone", h.cost_per_phone)?;
        let sp = c.finite("human.assist_speedup", h.assist_speedup)?;
        h.assist_speedup = c.clamp_f(
            "human.assist_speedup",
            sp,
            1.0,
            10.0,
            "a suggestion cannot slow the inspector; at most 10x",
        );
        h.inspectors = c.clamp_u(
            "human.inspectors",
            u64::from(h.inspectors),
            0,
            10_000,
            "at most 10000 inspectors",
        ) as u32;
        h.queue_capacity = c.clamp_u(
            "human.queue_capacity",
            h.queue_capacity as u64,
            1,
            100_000,
            "human queue bounded to 1..=100000",
        ) as usize;
        check_model(&mut c, "model", &mut s.model)?;
        if let Some(m) = s.candidate.as_mut() {
            check_model(&mut c, "candidate", m)?;
        }
        s.pattern.validate().map_err(|e| ScenarioError::Invalid {
            field: format!("pattern.{}", e.field),
            reason: e.reason,
        })?;
        s.serving.validate().map_err(|e| ScenarioError::Invalid {
            field: "serving".into(),
            reason: e.to_string(),
        })?;
        let band = c.finite("confidence_band", s.confidence_band)?;
        if !(0.0..0.5).contains(&band) {
            return Err(ScenarioError::OutOfRange {
                field: "confidence_band".into(),
                value: band,
                rule: "must be within 0..0.5",
            });
        }
        c.nonneg("costs.escape_cost", s.costs.escape_cost)?;
        c.nonneg("costs.false_reject_cost", s.costs.false_reject_cost)?;
        s.label_delay_ticks = c.clamp_u(
            "label_delay_ticks",
            s.label_delay_ticks,
            0,
            20_000,
            "label queue bounded to 20000 ticks",
        );
        if s.monitoring.alerts.len() > 64 {
            return Err(ScenarioError::Count {
                field: "monitoring.alerts".into(),
                count: s.monitoring.alerts.len(),
                rule: "at most 64 alert rules",
            });
        }
        for (i, a) in s.monitoring.alerts.iter().enumerate() {
            if !crate::metrics::TickMetrics::has_field(&a.metric) {
                return Err(ScenarioError::Invalid {
                    field: format!("monitoring.alerts[{i}].metric"),
                    reason: format!("unknown metric `{}`", a.metric),
                });
            }
            a.validate().map_err(|e| ScenarioError::Invalid {
                field: format!("monitoring.alerts[{i}]"),
                reason: e.to_string(),
            })?;
        }
        if let Some(d) = &s.monitoring.detector {
            d.validate().map_err(|e| ScenarioError::Invalid {
                field: "monitoring.detector".into(),
                reason: e.to_string(),
            })?;
        }
        let m = &mut s.monitoring;
        m.drift_eval_every_ticks = c.clamp_u(
            "monitoring.drift_eval_every_ticks",
            m.drift_eval_every_ticks,
            1,
            100_000,
            "bounded to 1..=100000",
        );
        m.reference_rows = c.clamp_u(
            "monitoring.reference_rows",
            m.reference_rows as u64,
            10,
            5000,
            "bounded to 10..=5000",
        ) as usize;
        m.recent_rows = c.clamp_u(
            "monitoring.recent_rows",
            m.recent_rows as u64,
            10,
            5000,
            "bounded to 10..=5000",
        ) as usize;
        m.label_window_ticks = c.clamp_u(
            "monitoring.label_window_ticks",
            m.label_window_ticks,
            1,
            100_000,
            "bounded to 1..=100000",
        );
        m.history_ticks = c.clamp_u(
            "monitoring.history_ticks",
            m.history_ticks as u64,
            16,
            1_000_000,
            "bounded to 16..=1000000",
        ) as usize;
        m.log_capacity = c.clamp_u(
            "monitoring.log_capacity",
            m.log_capacity as u64,
            100,
            50_000,
            "bounded to 100..=50000",
        ) as usize;
        for (i, e) in s.events.iter_mut().enumerate() {
            let f = format!("events[{i}].magnitude");
            c.nonneg(&f, e.magnitude)?;
            e.magnitude = c.clamp_f(&f, e.magnitude, 0.0, 1.0, "magnitude is within 0..=1");
            e.width_ticks = c.clamp_u(
                &format!("events[{i}].width_ticks"),
                e.width_ticks,
                0,
                10_000_000,
                "at most 10,000,000 ticks",
            );
        }
        for (i, a) in s.actions.iter().enumerate() {
            match &a.action {
                Action::SetThreshold { threshold } => {
                    let f = format!("actions[{i}].action.threshold");
                    let t = c.finite(&f, *threshold)?;
                    if t <= 0.0 || t >= 1.0 {
                        return Err(ScenarioError::OutOfRange {
                            field: f,
                            value: t,
                            rule: "must be strictly between 0 and 1",
                        });
                    }
                }
                Action::InjectDrift { event } => {
                    let f = format!("actions[{i}].action.event.magnitude");
                    c.nonneg(&f, event.magnitude)?;
                }
                Action::Deploy { pattern, .. } => {
                    pattern.validate().map_err(|e| ScenarioError::Invalid {
                        field: format!("actions[{i}].action.pattern.{}", e.field),
                        reason: e.reason,
                    })?;
                }
                _ => {}
            }
        }
        Ok(ValidatedScenario {
            scenario: s,
            warnings: c.warnings,
        })
    }
}
