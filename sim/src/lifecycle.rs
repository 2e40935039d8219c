//! The ML project lifecycle as a stage tracker with a bounded event log (lesson 1).

use crate::ring::RingBuffer;
use serde::{Deserialize, Serialize};

/// A stage of the ML project lifecycle (scoping, data, modeling, deployment), plus the
/// production loop stages the run moves through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Define the project: what to inspect, what counts as a defect.
    #[default]
    Scoping,
    /// Collect and label data.
    Data,
    /// Train and evaluate the model.
    Modeling,
    /// Put the model into production.
    Deployment,
    /// Watch the system in production.
    Monitoring,
    /// A monitor raised an alarm.
    Alarm,
    /// Training a new model on fresh labelled data.
    Retraining,
}

impl Stage {
    /// Index used in `TickMetrics::lifecycle_stage`.
    pub fn index(self) -> u64 {
        self as u64
    }
    /// Human-readable name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Scoping => "scoping",
            Stage::Data => "data",
            Stage::Modeling => "modeling",
            Stage::Deployment => "deployment",
            Stage::Monitoring => "monitoring",
            Stage::Alarm => "alarm",
            Stage::Retraining => "retraining",
        }
    }
}

/// One stage entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StageEvent {
    /// Tick at which the stage was entered.
    pub tick: u64,
    /// The stage.
    pub stage: Stage,
}

/// Current stage plus the last `capacity` transitions.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    current: Stage,
    log: RingBuffer<StageEvent>,
}

impl Lifecycle {
    /// A tracker keeping the last `capacity` transitions, starting in `Scoping` at tick 0.
    pub fn new(capacity: usize) -> Self {
        let mut log = RingBuffer::new(capacity);
        log.push(StageEvent {
            tick: 0,
            stage: Stage::Scoping,
        });
        Self {
            current: Stage::Scoping,
            log,
        }
    }
    /// Enters `stage` at `tick` (no entry when already there).
    pub fn enter(&mut self, tick: u64, stage: Stage) {
        if stage != self.current {
            self.current = stage;
            self.log.push(StageEvent { tick, stage });
        }
    }
    /// The current stage.
    pub fn current(&self) -> Stage {
        self.current
    }
    /// Transitions, oldest first.
    pub fn events(&self) -> Vec<StageEvent> {
        self.log.to_vec()
    }
}
