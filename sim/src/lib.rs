//! Driftline's simulation: a phone factory where a camera images each phone and a
//! human inspector, a model, or both decide PASS or REJECT.
//!
//! Pure and deterministic: the same seed and scenario give the same per-tick numbers,
//! bit for bit, natively and in wasm32 (all transcendental maths goes through `libm`).

pub mod bench_scenarios;
pub mod deploy;
pub mod monitor;
pub mod serving;

pub mod ring;
pub mod rng;
pub mod ziggurat;

pub mod automation;
pub mod camera;
pub mod candidate_serving;
pub mod concept;
pub mod drift;
pub mod drift_check;
pub mod fnv;
pub mod golden;
pub mod human;
pub mod json_path;
pub mod labels;
pub mod lessons;
pub mod lifecycle;
pub mod metrics;
pub mod model;
pub mod phone;
pub mod phone_trace;
pub mod pretrained;
pub mod rollout;
pub mod scenario;
pub mod servinglink;
pub mod table;
pub mod timeline;
pub mod watch;
pub mod world;

pub use automation::{AutomationLevel, Fallback};
pub use drift::{DriftEvent, DriftKind, DriftShape};
pub use metrics::{History, TickMetrics};
pub use scenario::{Action, Scenario, ScenarioError, ScenarioWarning, ScheduledAction};
pub use world::{RetrainError, RetrainReport, World};
