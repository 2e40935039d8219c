//! One phone on the line: its true state and what the camera saw.

use serde::{Deserialize, Serialize};

/// Most slices a scenario may define (keeps per-slice metrics in fixed arrays).
pub const MAX_SLICES: usize = 4;

/// Number of defect types, including `None`.
pub const DEFECT_TYPES: usize = 5;

/// The true physical defect on a phone.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DefectType {
    /// No defect.
    #[default]
    None,
    /// A line scratch on the glass or frame.
    Scratch,
    /// A dent in the frame.
    Dent,
    /// A tiny pit in the coating.
    Pit,
    /// A patch of discoloured finish.
    Discoloration,
}

impl DefectType {
    /// All types, in index order.
    pub const ALL: [DefectType; DEFECT_TYPES] = [
        DefectType::None,
        DefectType::Scratch,
        DefectType::Dent,
        DefectType::Pit,
        DefectType::Discoloration,
    ];

    /// Position in [`DefectType::ALL`] (for fixed-size per-type arrays).
    pub fn index(self) -> usize {
        match self {
            DefectType::None => 0,
            DefectType::Scratch => 1,
            DefectType::Dent => 2,
            DefectType::Pit => 3,
            DefectType::Discoloration => 4,
        }
    }

    /// Lower-case name, as in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            DefectType::None => "none",
            DefectType::Scratch => "scratch",
            DefectType::Dent => "dent",
            DefectType::Pit => "pit",
            DefectType::Discoloration => "discoloration",
        }
    }
}

/// The camera's view of a phone: the model's input features.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct CameraFeatures {
    /// Mean image brightness (0 = black, 1 = saturated).
    pub brightness: f64,
    /// Defect size as measured in the image, millimetres (noisy; faint defects look smaller).
    pub measured_size_mm: f64,
    /// Contrast of the defect against the surface (0 = invisible).
    pub contrast: f64,
    /// Blur of the image (0 = sharp).
    pub blur: f64,
}

impl CameraFeatures {
    /// Number of model features.
    pub const LEN: usize = 4;

    /// The features as the vector the model sees.
    #[inline]
    pub fn as_array(&self) -> [f64; Self::LEN] {
        [
            self.contrast,
            self.measured_size_mm,
            self.brightness,
            self.blur,
        ]
    }
}

/// One phone: ground truth plus the camera image (absent on a camera fault).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Phone {
    /// Tick the phone arrived.
    pub arrived_tick: u64,
    /// Index of its slice in the scenario's slice list.
    pub slice: u8,
    /// The true defect.
    pub defect: DefectType,
    /// True defect size in millimetres (0 when no defect).
    pub size_mm: f64,
    /// What the camera saw; `None` when the image is missing.
    pub image: Option<CameraFeatures>,
    /// Ground truth under the concept in force when it was made: true = should be rejected.
    pub truth_reject: bool,
}
