//! Per-tick metrics: one flat, `Copy` record per tick, plus the bounded history of them.

use crate::fnv::Fnv1a;
use crate::ring::RingBuffer;
use serde::{Deserialize, Serialize};

/// A metric value that can be read as an optional f64 (for CSV, hashing and charts).
pub trait MetricValue {
    /// The value as f64, None when absent.
    fn metric(&self) -> Option<f64>;
}

impl MetricValue for u64 {
    fn metric(&self) -> Option<f64> {
        Some(*self as f64)
    }
}
impl MetricValue for f64 {
    fn metric(&self) -> Option<f64> {
        Some(*self)
    }
}
impl MetricValue for Option<f64> {
    fn metric(&self) -> Option<f64> {
        *self
    }
}

macro_rules! tick_metrics {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ty ),* $(,)?) => {
        /// Everything measured in one tick. Counts are for this tick unless named `_total`;
        /// label-based rates are over the rolling window of delayed labels (None until the window
        /// is full and holds `world::MIN_LABEL_SAMPLES` labelled phones for the rate).
        #[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
        pub struct TickMetrics {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        impl TickMetrics {
            /// Field names, in declaration order (the CSV header).
            pub const FIELD_NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Every field as an optional f64, in declaration order.
            pub fn values(&self) -> [Option<f64>; Self::FIELD_NAMES.len()] {
                [$( MetricValue::metric(&self.$name) ),*]
            }

            /// One reader per field, in declaration order (alert rules read a few fields
            /// every tick without converting them all).
            const READERS: [fn(&TickMetrics) -> Option<f64>; Self::FIELD_NAMES.len()] =
                [$( |m: &TickMetrics| MetricValue::metric(&m.$name) ),*];

            /// The field at position `i` of [`TickMetrics::FIELD_NAMES`] as an optional f64
            /// (None when absent or past the last field).
            #[inline]
            pub fn value_at(&self, i: usize) -> Option<f64> {
                Self::READERS.get(i).and_then(|read| read(self))
            }
        }
    };
}

tick_metrics! {
    /// Tick index (0-based).
    tick: u64,
    /// Phones that arrived this tick.
    arrived: u64,
    /// Phones that got their final decision this tick.
    decided: u64,
    /// Phones pulled off the line undecided this tick (every queue full); counted, never lost.
    dropped: u64,
    /// Phones waiting for a decision at the end of the tick.
    in_flight: u64,
    /// Phones arrived since the start.
    arrived_total: u64,
    /// Phones decided since the start.
    decided_total: u64,
    /// Phones dropped since the start.
    dropped_total: u64,
    /// Model requests answered this tick that had waited from an earlier tick.
    delayed: u64,
    /// Model requests turned away by serving this tick (they took the fallback path).
    serving_dropped: u64,
    /// Model requests waiting in the serving queue at the end of the tick.
    serving_queue: u64,
    /// Good phones passed.
    true_pass: u64,
    /// Defective phones passed (escaped defects).
    false_pass: u64,
    /// Defective phones rejected.
    true_reject: u64,
    /// Good phones rejected.
    false_reject: u64,
    /// Phones the human decided.
    by_human: u64,
    /// Phones the model decided.
    by_model: u64,
    /// Phones the fallback default decided.
    by_default: u64,
    /// Phones that took the fallback path (serving dropped them or no model answer at full automation).
    fallback: u64,
    /// Phones waiting for an inspector.
    human_queue: u64,
    /// Share of inspector capacity used this tick (0..1).
    human_utilization: f64,
    /// Model requests routed to the stable (blue) model.
    to_stable: u64,
    /// Model requests routed to the candidate (green) model.
    to_candidate: u64,
    /// Requests mirrored to a shadow model (answers discarded).
    shadowed: u64,
    /// Candidate traffic weight, percent.
    candidate_weight_pct: f64,
    /// Mean brightness of this tick's images (None when no image).
    mean_brightness: Option<f64>,
    /// Share of this tick's phones without an image.
    missing_share: f64,
    /// Phones per second arriving (volume).
    volume_per_sec: f64,
    /// Share of this tick's decisions that were REJECT (None when nothing decided).
    reject_rate: Option<f64>,
    /// Model requests without an answer (missing image).
    null_outputs: u64,
    /// Human decisions that disagreed with the model's answer.
    human_overrides: u64,
    /// Share of human decisions that overrode the model's suggestion, over the label window's
    /// length of recent ticks (None when no suggestion was shown).
    human_override_rate: Option<f64>,
    /// Share of shadow answers agreeing with the decision actually taken (None without shadow traffic).
    shadow_agreement: Option<f64>,
    /// Ground-truth defective share of this tick's phones (known only to the simulation).
    true_defect_rate: f64,
    /// Stable model accuracy over the window of delayed labels.
    model_accuracy: Option<f64>,
    /// Stable model precision over the window of delayed labels.
    model_precision: Option<f64>,
    /// Stable model recall over the window of delayed labels.
    model_recall: Option<f64>,
    /// Accuracy of final decisions over the window of delayed labels.
    final_accuracy: Option<f64>,
    /// Recall of final decisions over the window of delayed labels.
    final_recall: Option<f64>,
    /// Candidate model error rate over the window of delayed labels.
    candidate_error_rate: Option<f64>,
    /// Labelled decisions in the rolling window.
    labels_in_window: u64,
    /// Serving latency of the stable stack's phones, median, ms (every model request's
    /// without a canary or blue-green; None when the stack scored nothing this tick).
    latency_p50_ms: Option<f64>,
    /// Serving latency of the stable stack's phones, 99th percentile, ms.
    latency_p99_ms: Option<f64>,
    /// Serving latency of the candidate's own stack's phones during a canary or blue-green,
    /// median, ms (None when it scored nothing this tick).
    candidate_latency_p50_ms: Option<f64>,
    /// Serving latency of the candidate's own stack's phones, 99th percentile, ms.
    candidate_latency_p99_ms: Option<f64>,
    /// Serving throughput of both stacks, requests per second.
    throughput_per_sec: f64,
    /// The stable stack's offered utilisation rho (can exceed 1).
    serving_utilisation: f64,
    /// The stable stack's CPU load (0..1).
    cpu_load: f64,
    /// Serving memory of both stacks, MB.
    memory_mb: f64,
    /// Cost of escaped defects this tick.
    escape_cost: f64,
    /// Cost of false rejects this tick.
    false_reject_cost: f64,
    /// Inspector cost this tick.
    human_cost: f64,
    /// Serving (compute) cost of both stacks this tick.
    serving_cost: f64,
    /// Total cost this tick.
    cost: f64,
    /// Total cost since the start.
    cost_total: f64,
    /// PSI of recent brightness vs the training reference (None before the first evaluation).
    psi_brightness: Option<f64>,
    /// The Evidently-default method's statistic on brightness (KS p-value or distance).
    drift_stat_brightness: Option<f64>,
    /// 1 when the Evidently-default test says brightness drifted.
    drift_detected_brightness: f64,
    /// 1 on the tick the error-rate detector signals drift (a one-tick pulse).
    detector_drift: f64,
    /// 1 while the error-rate detector signals a warning.
    detector_warning: f64,
    /// Alert rules currently firing.
    alerts_firing: u64,
    /// Lifecycle stage index (see `lifecycle::Stage`).
    lifecycle_stage: u64,
    /// Version of the stable model.
    model_version: u64,
    /// The stable model's decision threshold (a configuration value).
    decision_threshold: f64,
}

impl TickMetrics {
    /// The value of the field called `name`, if that field exists (None also when absent).
    pub fn get(&self, name: &str) -> Option<f64> {
        let i = Self::FIELD_NAMES.iter().position(|n| *n == name)?;
        self.value_at(i)
    }

    /// True when `name` is a field.
    pub fn has_field(name: &str) -> bool {
        Self::FIELD_NAMES.contains(&name)
    }

    /// One CSV row (absent values are empty cells).
    pub fn csv_row(&self) -> String {
        let mut s = String::with_capacity(512);
        for (i, v) in self.values().iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            if let Some(v) = v {
                s.push_str(&format!("{v}"));
            }
        }
        s
    }

    /// The CSV header row.
    pub fn csv_header() -> String {
        Self::FIELD_NAMES.join(",")
    }
}

/// Counts since the start of the run (the pies of lesson 17 are drawn from these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// Phones arrived.
    pub arrived: u64,
    /// Phones decided.
    pub decided: u64,
    /// Phones dropped.
    pub dropped: u64,
    /// Final decisions against ground truth (known to the simulation at decision time).
    pub decisions: crate::labels::Confusion,
    /// Decided by a human.
    pub by_human: u64,
    /// Decided by the model.
    pub by_model: u64,
    /// Decided by the fallback default.
    pub by_default: u64,
    /// Model requests served by the stable (blue) model.
    pub to_stable: u64,
    /// Model requests served by the candidate (green) model.
    pub to_candidate: u64,
    /// Requests mirrored to a shadow model.
    pub shadowed: u64,
}

/// Streaming FNV-1a 64 hash over the f64 bits of every metric (absent values hash as all ones).
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceHasher(Fnv1a);

impl TraceHasher {
    /// Adds one tick's metrics.
    pub fn add(&mut self, m: &TickMetrics) {
        for v in m.values() {
            self.0.u64(v.map_or(u64::MAX, f64::to_bits));
        }
    }
    /// The hash so far.
    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// Bounded per-tick history for charts: memory stays fixed however long a run lasts.
#[derive(Debug, Clone)]
pub struct History {
    ticks: RingBuffer<TickMetrics>,
}

impl History {
    /// Keeps the last `capacity` ticks.
    pub fn new(capacity: usize) -> Self {
        Self {
            ticks: RingBuffer::new(capacity),
        }
    }
    /// Appends a tick.
    pub fn push(&mut self, m: TickMetrics) {
        self.ticks.push(m);
    }
    /// Appends a tick and returns the oldest one when it had to make room for it.
    pub fn push_evict(&mut self, m: TickMetrics) -> Option<TickMetrics> {
        self.ticks.push_evict(m)
    }
    /// Ticks held.
    pub fn len(&self) -> usize {
        self.ticks.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ticks.is_empty()
    }
    /// Most ticks held.
    pub fn capacity(&self) -> usize {
        self.ticks.capacity()
    }
    /// Oldest to newest.
    pub fn iter(&self) -> impl Iterator<Item = TickMetrics> + '_ {
        self.ticks.iter()
    }
    /// The tick `i` places after the oldest held (0 = oldest), by reference: a tick's
    /// metrics are a few hundred bytes, too many to copy when reading a few fields.
    pub fn get(&self, i: usize) -> Option<&TickMetrics> {
        self.ticks.get_ref(i)
    }
    /// One field over the held ticks, oldest first, as (tick, value) for charting.
    pub fn series(&self, field: &str) -> Vec<(u64, Option<f64>)> {
        let idx = TickMetrics::FIELD_NAMES.iter().position(|n| *n == field);
        match idx {
            None => Vec::new(),
            Some(i) => self.ticks.iter().map(|m| (m.tick, m.value_at(i))).collect(),
        }
    }
    /// The newest tick.
    pub fn last(&self) -> Option<TickMetrics> {
        self.ticks.back()
    }
}
