//! Drift events on a timeline: what changes, how fast, and how much.
//!
//! Shapes follow Gama et al. (2014), "A survey on concept drift adaptation":
//! sudden, gradual, incremental and recurring. Gradual drift mixes the old and new
//! worlds per phone with River's `ConceptDriftStream` sigmoid,
//! P(new) = 1 / (1 + exp(-4 (t - position) / width)), where `position` is the midpoint.

use serde::{Deserialize, Serialize};

/// What changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    /// Data drift: the lighting dims, so brightness and defect contrast fall.
    /// Magnitude 1 multiplies the light by 0.4.
    LightingDim,
    /// Data drift: a new camera blurs the image (adds up to 1.5 blur units at magnitude 1),
    /// which also smears contrast.
    CameraBlur,
    /// Data drift: the small slice (the last one in the scenario) gains share;
    /// magnitude 1 adds 0.5 to its share, taken proportionally from the others.
    NewSliceShare,
    /// Data drift: camera faults rise; magnitude 1 adds 0.3 to the missing-image rate.
    MissingImages,
    /// Concept drift: the spec tightens; every size limit is multiplied by (1 - 0.5 magnitude).
    SpecTighten,
    /// Concept drift: a defect type that used to be tolerated now counts: the discoloration
    /// limit is multiplied by (1 - magnitude), so at magnitude 1 any discoloration is a reject.
    NewDefectType,
}

impl DriftKind {
    /// True for concept drift (P(y|x) moves), false for data drift (P(x) moves).
    pub fn is_concept(self) -> bool {
        matches!(self, DriftKind::SpecTighten | DriftKind::NewDefectType)
    }
}

/// How the change unfolds over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftShape {
    /// Switches at `start_tick`.
    Sudden,
    /// Old and new worlds mixed per phone with a sigmoid centred at `start + width/2`
    /// (none before `start_tick`, all after `start_tick + width_ticks`).
    Gradual,
    /// Every phone sees parameters that move linearly from old to new over `width_ticks`.
    Incremental,
    /// On for `width_ticks`, off for `width_ticks`, repeating from `start_tick`.
    Recurring,
}

/// One drift event on the scenario timeline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftEvent {
    /// What changes.
    pub kind: DriftKind,
    /// How it unfolds.
    pub shape: DriftShape,
    /// First tick of the change.
    pub start_tick: u64,
    /// Length of the transition (gradual, incremental) or half-period (recurring), ticks.
    #[serde(default)]
    pub width_ticks: u64,
    /// Size of the change, 0 (none) to 1 (full, as documented per kind).
    pub magnitude: f64,
}

impl DriftEvent {
    /// A sudden event of `kind` at `start_tick` with `magnitude`.
    pub fn sudden(kind: DriftKind, start_tick: u64, magnitude: f64) -> Self {
        Self {
            kind,
            shape: DriftShape::Sudden,
            start_tick,
            width_ticks: 0,
            magnitude,
        }
    }

    /// How the event stands at `tick`.
    pub fn phase(&self, tick: u64) -> EventPhase {
        let width = self.width_ticks.max(1) as f64;
        let t = tick as f64;
        let start = self.start_tick as f64;
        match self.shape {
            DriftShape::Sudden => {
                if tick >= self.start_tick {
                    EventPhase::Fixed(1.0)
                } else {
                    EventPhase::Fixed(0.0)
                }
            }
            DriftShape::Incremental => EventPhase::Fixed(((t - start) / width).clamp(0.0, 1.0)),
            DriftShape::Recurring => {
                if tick < self.start_tick {
                    return EventPhase::Fixed(0.0);
                }
                let period_index = (tick - self.start_tick) / self.width_ticks.max(1);
                EventPhase::Fixed(if period_index.is_multiple_of(2) {
                    1.0
                } else {
                    0.0
                })
            }
            DriftShape::Gradual => {
                // The event is bounded to [start, start + width]: River's sigmoid runs from
                // 0.12 to 0.88 over that span, and is clamped to 0 before and 1 after, so
                // nothing changes before the event starts (alarm scoring relies on it).
                if tick < self.start_tick {
                    return EventPhase::Fixed(0.0);
                }
                if tick >= self.start_tick + self.width_ticks {
                    return EventPhase::Fixed(1.0);
                }
                // River ConceptDriftStream: position is the centre of the change.
                let position = start + width / 2.0;
                let p = 1.0 / (1.0 + libm::exp(-4.0 * (t - position) / width));
                // Outside the transition the mix is settled; skip the per-phone draw.
                if p < 1e-6 {
                    EventPhase::Fixed(0.0)
                } else if p > 1.0 - 1e-6 {
                    EventPhase::Fixed(1.0)
                } else {
                    EventPhase::Mixed(p)
                }
            }
        }
    }

    /// The last tick at which this event is still changing (None for recurring: never settles).
    pub fn end_tick(&self) -> Option<u64> {
        match self.shape {
            DriftShape::Sudden => Some(self.start_tick),
            DriftShape::Gradual | DriftShape::Incremental => {
                Some(self.start_tick + self.width_ticks)
            }
            DriftShape::Recurring => None,
        }
    }
}

/// How an event applies at one tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EventPhase {
    /// Every phone sees the event at this intensity (0 = not yet, 1 = fully).
    Fixed(f64),
    /// Each phone independently sees the full event with this probability.
    Mixed(f64),
}

/// The world's parameters after drift, as multipliers and offsets on the scenario's base values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftParams {
    /// Multiplies the light (brightness and hence contrast).
    pub lighting_mult: f64,
    /// Added to camera blur.
    pub blur_add: f64,
    /// Added to the small slice's share.
    pub small_slice_share_add: f64,
    /// Added to the missing-image rate.
    pub missing_add: f64,
    /// Multiplies every spec limit.
    pub limit_mult: f64,
    /// Multiplies the discoloration limit.
    pub discoloration_limit_mult: f64,
}

impl Default for DriftParams {
    fn default() -> Self {
        Self {
            lighting_mult: 1.0,
            blur_add: 0.0,
            small_slice_share_add: 0.0,
            missing_add: 0.0,
            limit_mult: 1.0,
            discoloration_limit_mult: 1.0,
        }
    }
}

impl DriftParams {
    /// Applies `kind` at `magnitude * intensity`.
    pub fn apply(&mut self, kind: DriftKind, magnitude: f64, intensity: f64) {
        let m = (magnitude * intensity).clamp(0.0, 1.0);
        match kind {
            DriftKind::LightingDim => self.lighting_mult *= 1.0 - 0.6 * m,
            DriftKind::CameraBlur => self.blur_add += 1.5 * m,
            DriftKind::NewSliceShare => self.small_slice_share_add += 0.5 * m,
            DriftKind::MissingImages => self.missing_add += 0.3 * m,
            DriftKind::SpecTighten => self.limit_mult *= 1.0 - 0.5 * m,
            DriftKind::NewDefectType => self.discoloration_limit_mult *= 1.0 - m,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradual_is_half_at_the_midpoint_and_settles() {
        let e = DriftEvent {
            kind: DriftKind::LightingDim,
            shape: DriftShape::Gradual,
            start_tick: 100,
            width_ticks: 100,
            magnitude: 1.0,
        };
        assert_eq!(e.phase(150), EventPhase::Mixed(0.5));
        assert_eq!(e.phase(0), EventPhase::Fixed(0.0));
        assert_eq!(e.phase(1000), EventPhase::Fixed(1.0));
    }

    #[test]
    fn incremental_and_recurring() {
        let mut e = DriftEvent {
            kind: DriftKind::CameraBlur,
            shape: DriftShape::Incremental,
            start_tick: 10,
            width_ticks: 10,
            magnitude: 1.0,
        };
        assert_eq!(e.phase(15), EventPhase::Fixed(0.5));
        e.shape = DriftShape::Recurring;
        assert_eq!(e.phase(15), EventPhase::Fixed(1.0));
        assert_eq!(e.phase(25), EventPhase::Fixed(0.0));
        assert_eq!(e.phase(35), EventPhase::Fixed(1.0));
    }
}
