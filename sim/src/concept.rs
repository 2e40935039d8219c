//! The concept: the rule that says which phones are defective.

use crate::phone::{DefectType, DEFECT_TYPES};
use serde::{Deserialize, Serialize};

/// The spec: a phone must be rejected when its defect is larger than the limit for its type.
/// Changing these limits is concept drift: P(y|x) moves while the images stay the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Concept {
    /// Largest acceptable scratch length, mm.
    pub scratch_limit_mm: f64,
    /// Largest acceptable dent, mm.
    pub dent_limit_mm: f64,
    /// Largest acceptable pit, mm.
    pub pit_limit_mm: f64,
    /// Largest acceptable discoloured patch, mm.
    pub discoloration_limit_mm: f64,
}

impl Default for Concept {
    fn default() -> Self {
        Self {
            scratch_limit_mm: 2.0,
            dent_limit_mm: 2.0,
            pit_limit_mm: 0.8,
            discoloration_limit_mm: 3.0,
        }
    }
}

impl Concept {
    /// Limits indexed by [`DefectType::index`] (infinite for `None`: nothing to reject).
    pub fn limits_mm(&self) -> [f64; DEFECT_TYPES] {
        [
            f64::INFINITY,
            self.scratch_limit_mm,
            self.dent_limit_mm,
            self.pit_limit_mm,
            self.discoloration_limit_mm,
        ]
    }
}

/// The concept in force at one tick, after drift, in a form cheap to apply per phone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActiveConcept {
    /// Per-type size limits, mm.
    pub limits_mm: [f64; DEFECT_TYPES],
}

impl ActiveConcept {
    /// True when a defect of this type and size must be rejected.
    #[inline]
    pub fn is_reject(&self, defect: DefectType, size_mm: f64) -> bool {
        defect != DefectType::None && size_mm > self.limits_mm[defect.index()]
    }
}
