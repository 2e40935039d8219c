//! Serving glue: the serving module's queueing model decides how many model requests are
//! scored each tick, how many wait, and how many are turned away; the world keeps the actual
//! phones in a matching FIFO so each one is decided exactly once.

use crate::phone::Phone;
use crate::ring::RingBuffer;
use crate::scenario::{Scenario, ScenarioError};
use crate::serving::{ServingConfig, ServingModel, ServingTick};

/// The world's view of the serving layer.
#[derive(Debug, Clone)]
pub struct ServingLink {
    model: ServingModel,
    queue: RingBuffer<Phone>,
    last: ServingTick,
    tick_secs: f64,
}

fn queue_capacity(config: &ServingConfig, phones_per_tick: f64) -> usize {
    // Room for the serving queue plus one tick's worth of arrivals (a generous Poisson tail).
    config.queue_capacity as usize + (phones_per_tick * 4.0) as usize + 64
}

impl ServingLink {
    /// Serving per the scenario.
    pub fn new(s: &Scenario) -> Result<Self, ScenarioError> {
        Self::with_config(s.serving, s.tick_secs, s.phones_per_tick)
    }

    /// Serving with `config` (a stack other than the scenario's own, such as the
    /// candidate's: [`crate::candidate_serving`]).
    pub fn with_config(
        config: ServingConfig,
        tick_secs: f64,
        phones_per_tick: f64,
    ) -> Result<Self, ScenarioError> {
        let model = ServingModel::new(config, tick_secs).map_err(|e| ScenarioError::Invalid {
            field: "serving".into(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            model,
            queue: RingBuffer::new(queue_capacity(&config, phones_per_tick)),
            last: ServingTick::default(),
            tick_secs,
        })
    }

    /// Changes the serving settings (phones already queued stay queued).
    pub fn set_config(
        &mut self,
        config: ServingConfig,
        phones_per_tick: f64,
    ) -> Result<(), ScenarioError> {
        self.model
            .set_config(config)
            .map_err(|e| ScenarioError::Invalid {
                field: "serving".into(),
                reason: e.to_string(),
            })?;
        let cap = queue_capacity(&config, phones_per_tick);
        if cap > self.queue.capacity() {
            let mut q = RingBuffer::new(cap);
            for p in self.queue.iter() {
                q.push(p);
            }
            self.queue = q;
        }
        Ok(())
    }

    /// The serving model (config, totals, backlog).
    pub fn model(&self) -> &ServingModel {
        &self.model
    }

    /// Whether production phones are logged.
    pub fn logging(&self) -> bool {
        self.model.logs_phones()
    }

    /// Last tick's serving figures.
    pub fn last(&self) -> &ServingTick {
        &self.last
    }

    /// Tick length in seconds.
    pub fn tick_secs(&self) -> f64 {
        self.tick_secs
    }

    /// Phones waiting for the model.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Runs serving for `requests` new requests; returns the tick figures.
    pub fn on_tick(&mut self, requests: u64, compute_mult: f64) -> ServingTick {
        let r = u32::try_from(requests).unwrap_or(u32::MAX);
        self.last = self.model.on_tick(r, compute_mult);
        self.last
    }

    /// Queues an admitted request; false (the caller takes the fallback) if the world's
    /// queue is unexpectedly full.
    #[inline]
    pub fn admit(&mut self, phone: Phone) -> bool {
        if self.queue.is_full() {
            false
        } else {
            self.queue.push(phone);
            true
        }
    }

    /// The next served request, oldest first.
    #[inline]
    pub fn next_served(&mut self) -> Option<Phone> {
        self.queue.pop_front()
    }
}
