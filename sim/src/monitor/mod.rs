//! Monitoring: drift statistics, streaming drift detectors, alert rules and alarm scoring.
//!
//! Pure and free of world knowledge: everything here takes numbers in and gives numbers or
//! states out, so the world, the browser page and the `driftline-detect` binary share it.
//!
//! - [`stats`]: Evidently-style data-drift statistics (PSI, Jensen-Shannon, normed Wasserstein,
//!   two-sample KS, chi-square, Z-test) and Evidently's default choice between them.
//! - [`detectors`]: River's streaming detectors (ADWIN, Page-Hinkley, DDM, KSWIN) with River's
//!   defaults; a detection is a one-update pulse.
//! - [`alert`]: Prometheus-style alert rules (pending for `for`, firing, resolved), with
//!   Grafana-style recovery thresholds and no-data policies.
//! - [`scoring`]: true, false and missed alarms against injected events, and detection delays.

pub mod alert;
pub mod detectors;
pub mod scoring;
pub mod stats;

pub use alert::{
    Alert, AlertLog, AlertRecord, AlertRule, AlertRuleError, AlertState, AlertTransition,
    Comparison, NoDataPolicy,
};
pub use detectors::{
    Adwin, AdwinParams, AnyDetector, Ddm, DdmParams, DetectorKind, DetectorParamError,
    DetectorSignal, DriftDetector, Kswin, KswinParams, PageHinkley, PageHinkleyMode,
    PageHinkleyParams,
};
pub use scoring::{score, AlarmFiring, AlarmScore, InjectedEvent};
pub use stats::{
    js_distance, ks_two_sample, psi, wasserstein_normed, DriftMethod, DriftReport, Histogram,
    KsResult, PsiBand, ScoreDirection,
};
