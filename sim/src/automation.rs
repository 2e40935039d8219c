//! Degrees of automation, from a human doing everything to the model doing everything.

use serde::{Deserialize, Serialize};

/// Who decides PASS/REJECT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AutomationLevel {
    /// Only the human inspector; the model does not run.
    #[default]
    HumanOnly,
    /// The model runs on every phone but its answer is only logged; the human decides.
    Shadow,
    /// The human decides, seeing the model's suggestion (a little more accurate and faster).
    AiAssistance,
    /// The model decides when confident; phones whose score is within the confidence band
    /// of the threshold (and phones without a model answer) go to the human.
    PartialAutomation,
    /// The model decides everything it can answer; the rest take the fallback path.
    FullAutomation,
}

impl AutomationLevel {
    /// All five levels, from least to most automated.
    pub const ALL: [AutomationLevel; 5] = [
        AutomationLevel::HumanOnly,
        AutomationLevel::Shadow,
        AutomationLevel::AiAssistance,
        AutomationLevel::PartialAutomation,
        AutomationLevel::FullAutomation,
    ];

    /// True when the model runs at this level.
    pub fn runs_model(self) -> bool {
        self != AutomationLevel::HumanOnly
    }
}

/// What happens to a phone that neither the model nor a human can decide in time
/// (serving dropped it, or its image is missing at full automation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    /// Send it to the human queue (if that is full too, it is pulled off the line: dropped).
    #[default]
    Human,
    /// Reject it by default (safe, but a false reject when it was fine).
    DefaultReject,
    /// Pass it by default (cheap, but a defect escapes when it was bad).
    DefaultPass,
}
