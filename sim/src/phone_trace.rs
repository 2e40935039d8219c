//! Per-phone records of the last few decisions, for pictures of the line.
//!
//! The simulation's metrics are per tick; a picture of the factory needs the phones
//! themselves: what the camera saw, who decided, which model answered. Recording is off
//! until a caller asks for it ([`crate::world::World::record_phones`]), draws no random
//! numbers, and so leaves every simulated number (and the golden hash) unchanged.

use std::collections::VecDeque;

use crate::deploy::Arm;
use crate::phone::{DefectType, Phone};

/// Who made a phone's final decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedBy {
    /// An inspector (alone, with the model's suggestion in view, or sent by the gate).
    Human,
    /// The model.
    Model,
    /// The fallback default, when neither could answer.
    Default,
}

/// How a phone reached its decider, besides the decider itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Route {
    /// The model that answered for it, if one was asked and had an image.
    pub arm: Option<Arm>,
    /// The suggestion the inspector saw (AI assistance, or a phone the gate sent on).
    pub suggestion: Option<bool>,
    /// A model answer recorded but not used (shadow model or shadow automation).
    pub shadow_answer: Option<bool>,
    /// Partial automation sent it to an inspector because the model was unsure.
    pub gated: bool,
}

/// One decided phone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhoneRecord {
    /// Tick it arrived on the line.
    pub arrived_tick: u64,
    /// Tick it was decided.
    pub decided_tick: u64,
    /// Index of its slice in the scenario's slice list.
    pub slice: u8,
    /// Its true defect.
    pub defect: DefectType,
    /// Image brightness the camera saw; `None` when the image was missing.
    pub brightness: Option<f32>,
    /// Image blur (0 = sharp; 0 too when the image was missing).
    pub blur: f32,
    /// Ground truth: it should have been rejected.
    pub truth_reject: bool,
    /// The final decision: rejected.
    pub rejected: bool,
    /// Who decided.
    pub by: DecidedBy,
    /// How it got there.
    pub route: Route,
}

impl PhoneRecord {
    /// The record of `phone`, decided at `tick`.
    #[must_use]
    pub fn new(phone: &Phone, tick: u64, rejected: bool, by: DecidedBy, route: Route) -> Self {
        // f32 is plenty for a picture and halves the record.
        #[allow(clippy::cast_possible_truncation)]
        let (brightness, blur) = match phone.image {
            Some(x) => (Some(x.brightness as f32), x.blur as f32),
            None => (None, 0.0),
        };
        Self {
            arrived_tick: phone.arrived_tick,
            decided_tick: tick,
            slice: phone.slice,
            defect: phone.defect,
            brightness,
            blur,
            truth_reject: phone.truth_reject,
            rejected,
            by,
            route,
        }
    }

    /// A defective phone that passed.
    #[must_use]
    pub fn escaped(&self) -> bool {
        self.truth_reject && !self.rejected
    }

    /// A good phone that was rejected.
    #[must_use]
    pub fn false_reject(&self) -> bool {
        !self.truth_reject && self.rejected
    }
}

/// Ticks for which [`PhoneTrace::newest_of_each_tick`] keeps a phone: enough for a picture
/// that shows one phone per beat on ten belt slots at 100 ticks per beat.
pub const TICKS_KEPT: usize = 1_024;

/// The last `capacity` decided phones, oldest first, and the newest phone of each of the
/// last [`TICKS_KEPT`] ticks that decided any.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneTrace {
    records: VecDeque<PhoneRecord>,
    capacity: usize,
    newest_per_tick: VecDeque<PhoneRecord>,
}

impl PhoneTrace {
    /// An empty trace keeping at most `capacity` records (at least one).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            records: VecDeque::with_capacity(capacity),
            capacity,
            newest_per_tick: VecDeque::with_capacity(TICKS_KEPT),
        }
    }

    /// Adds a record, forgetting the oldest when full.
    pub fn push(&mut self, record: PhoneRecord) {
        if self.records.len() == self.capacity {
            self.records.pop_front();
        }
        self.records.push_back(record);
        match self.newest_per_tick.back_mut() {
            Some(last) if last.decided_tick == record.decided_tick => *last = record,
            _ => {
                if self.newest_per_tick.len() == TICKS_KEPT {
                    self.newest_per_tick.pop_front();
                }
                self.newest_per_tick.push_back(record);
            }
        }
    }

    /// The newest decided phone of each recent tick that decided any, oldest first.
    pub fn newest_of_each_tick(
        &self,
    ) -> impl DoubleEndedIterator<Item = &PhoneRecord> + ExactSizeIterator {
        self.newest_per_tick.iter()
    }

    /// The records, oldest first.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = &PhoneRecord> + ExactSizeIterator {
        self.records.iter()
    }

    /// How many records are held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True before the first decision.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Most records kept.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Forgets every record (a new run).
    pub fn clear(&mut self) {
        self.records.clear();
        self.newest_per_tick.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(tick: u64) -> PhoneRecord {
        PhoneRecord::new(
            &Phone {
                arrived_tick: tick,
                ..Phone::default()
            },
            tick,
            false,
            DecidedBy::Model,
            Route::default(),
        )
    }

    #[test]
    fn keeps_the_newest_records_up_to_capacity() {
        let mut t = PhoneTrace::new(3);
        for tick in 0..5 {
            t.push(record(tick));
        }
        let ticks: Vec<u64> = t.records().map(|r| r.decided_tick).collect();
        assert_eq!(ticks, vec![2, 3, 4]);
        assert_eq!(t.len(), 3);
        // The per-tick list outlives the short one.
        assert_eq!(t.newest_of_each_tick().len(), 5);
    }

    #[test]
    fn each_tick_keeps_its_newest_phone() {
        let mut t = PhoneTrace::new(100);
        for (tick, arrived) in [(1, 10), (1, 11), (2, 12), (4, 13), (4, 14)] {
            let mut r = record(tick);
            r.arrived_tick = arrived;
            t.push(r);
        }
        let kept: Vec<(u64, u64)> = t
            .newest_of_each_tick()
            .map(|r| (r.decided_tick, r.arrived_tick))
            .collect();
        assert_eq!(kept, vec![(1, 11), (2, 12), (4, 14)]);
    }

    #[test]
    fn missing_image_has_no_brightness() {
        let r = record(0);
        assert_eq!(r.brightness, None);
        assert!(!r.escaped() && !r.false_reject());
    }
}
