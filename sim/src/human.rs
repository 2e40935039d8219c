//! The human inspector: accurate per defect type (human-level performance), but finite and paid.

use crate::phone::{DefectType, DEFECT_TYPES};
use serde::{Deserialize, Serialize};

/// Human-level performance: probability that an inspector decides a phone correctly, per defect type.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Hlp {
    /// Phones without a defect.
    pub none: f64,
    /// Scratches.
    pub scratch: f64,
    /// Dents.
    pub dent: f64,
    /// Pits (tiny, hard to see).
    pub pit: f64,
    /// Discolouration (subtle under factory light).
    pub discoloration: f64,
}

impl Default for Hlp {
    fn default() -> Self {
        Self {
            none: 0.995,
            scratch: 0.95,
            dent: 0.93,
            pit: 0.90,
            discoloration: 0.85,
        }
    }
}

impl Hlp {
    /// Values indexed by [`DefectType::index`].
    pub fn as_array(&self) -> [f64; DEFECT_TYPES] {
        [
            self.none,
            self.scratch,
            self.dent,
            self.pit,
            self.discoloration,
        ]
    }

    /// HLP for one type.
    pub fn get(&self, t: DefectType) -> f64 {
        self.as_array()[t.index()]
    }
}

/// The inspection team.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HumanConfig {
    /// Number of inspectors on shift.
    pub inspectors: u32,
    /// Phones one inspector decides per hour.
    pub phones_per_hour_per_inspector: f64,
    /// Labour cost per phone inspected.
    pub cost_per_phone: f64,
    /// Accuracy per defect type.
    pub hlp: Hlp,
    /// With AI assistance, this share of the remaining error is removed (HLP rises a bit).
    pub assist_error_reduction: f64,
    /// With AI assistance, inspectors work this many times faster.
    pub assist_speedup: f64,
    /// Phones that may wait for an inspector; beyond this they are pulled off the line (dropped).
    pub queue_capacity: usize,
}

impl Default for HumanConfig {
    fn default() -> Self {
        Self {
            inspectors: 8,
            phones_per_hour_per_inspector: 500.0,
            cost_per_phone: 0.25,
            hlp: Hlp::default(),
            assist_error_reduction: 0.3,
            assist_speedup: 1.25,
            queue_capacity: 2000,
        }
    }
}
