//! Why deploy, and which pattern fits (lesson 7).
//!
//! The course behind the seed post names three common reasons to deploy and ties each to a
//! way of starting safely: a task people already do is first shadowed, something new is
//! ramped up from a small share, and an existing model is replaced with a quick way back.

use super::{Pattern, PatternKind};
use serde::{Deserialize, Serialize};

/// The reason a model is being deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeployReason {
    /// A product or capability that did not exist before.
    NewProduct,
    /// A job people do by hand today (the inspectors on the line).
    AutomateManualTask,
    /// An older ML system already decides; a better one should take over.
    ReplaceOlderMl,
}

impl DeployReason {
    /// All reasons, in menu order.
    pub const ALL: [DeployReason; 3] = [
        DeployReason::NewProduct,
        DeployReason::AutomateManualTask,
        DeployReason::ReplaceOlderMl,
    ];

    /// Short label for a menu.
    pub fn label(self) -> &'static str {
        match self {
            DeployReason::NewProduct => "New product or capability",
            DeployReason::AutomateManualTask => "Automate a manual task",
            DeployReason::ReplaceOlderMl => "Replace an older ML system",
        }
    }

    /// Whether something already makes these decisions that a new model can be compared with.
    pub fn has_incumbent(self) -> bool {
        !matches!(self, DeployReason::NewProduct)
    }

    /// Whether the incumbent is a model (so a model stack already exists to fall back to).
    pub fn incumbent_is_model(self) -> bool {
        matches!(self, DeployReason::ReplaceOlderMl)
    }
}

/// A suggested pattern with a runner-up and a one-line reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SuggestedPattern {
    /// The reason asked about.
    pub reason: DeployReason,
    /// The pattern to start with.
    pub primary: PatternKind,
    /// A sound second choice (or the natural next stage).
    pub alternative: PatternKind,
    /// One sentence on why.
    pub rationale: &'static str,
}

impl SuggestedPattern {
    /// The primary pattern with its default settings.
    pub fn pattern(&self) -> Pattern {
        self.primary.default_pattern()
    }
}

/// The pattern to start with for `reason` (lesson 7): shadow when people already do the
/// job, a canary ramp for something new, blue-green (or canary) when a model already exists.
pub fn suggest_pattern(reason: DeployReason) -> SuggestedPattern {
    let (primary, alternative, rationale) = match reason {
        DeployReason::NewProduct => (
            PatternKind::Canary,
            PatternKind::Shadow,
            "Nothing does this job yet, so start the model on a small share of phones and ramp \
             up while the numbers stay healthy; shadow it first if a stand-in can judge its answers.",
        ),
        DeployReason::AutomateManualTask => (
            PatternKind::Shadow,
            PatternKind::Canary,
            "Inspectors already decide every phone, so let the model judge copies beside them \
             without acting, measure how often it agrees, and only then hand it a canary share.",
        ),
        DeployReason::ReplaceOlderMl => (
            PatternKind::BlueGreen,
            PatternKind::Canary,
            "An older model already serves, so keep it warm as blue, switch the phones to the \
             new green model in one step and flip back at once if it misbehaves (or ramp by canary).",
        ),
    };
    SuggestedPattern {
        reason,
        primary,
        alternative,
        rationale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_work_is_shadowed_first() {
        let s = suggest_pattern(DeployReason::AutomateManualTask);
        assert_eq!(s.primary, PatternKind::Shadow);
        assert_eq!(s.pattern(), Pattern::Shadow);
    }

    #[test]
    fn an_existing_model_gets_canary_or_blue_green() {
        let s = suggest_pattern(DeployReason::ReplaceOlderMl);
        assert!(matches!(
            s.primary,
            PatternKind::BlueGreen | PatternKind::Canary
        ));
        assert!(matches!(
            s.alternative,
            PatternKind::BlueGreen | PatternKind::Canary
        ));
        assert!(matches!(s.pattern(), Pattern::BlueGreen(_)));
    }

    #[test]
    fn a_new_product_ramps_up_gradually() {
        let s = suggest_pattern(DeployReason::NewProduct);
        assert_eq!(s.primary, PatternKind::Canary);
        assert!(matches!(s.pattern(), Pattern::Canary(_)));
    }

    #[test]
    fn shadow_is_primary_only_where_people_already_do_the_job() {
        for reason in DeployReason::ALL {
            let s = suggest_pattern(reason);
            assert_eq!(s.reason, reason);
            let shadow_first = s.primary == PatternKind::Shadow;
            assert_eq!(
                shadow_first,
                reason.has_incumbent() && !reason.incumbent_is_model(),
                "{reason:?}"
            );
            // Never suggest doing nothing, never repeat the primary as the alternative.
            assert_ne!(s.primary, PatternKind::None);
            assert_ne!(s.primary, s.alternative);
            // The rationale is one sentence and names the idea behind the choice.
            assert!(s.rationale.ends_with('.') && s.rationale.matches(". ").count() == 0);
            assert!(s.pattern().validate().is_ok());
            assert!(!reason.label().is_empty());
        }
    }

    #[test]
    fn reasons_serialise_by_name() {
        let json = serde_json::to_string(&DeployReason::ReplaceOlderMl).unwrap();
        assert_eq!(json, "\"ReplaceOlderMl\"");
        let back: DeployReason = serde_json::from_str("\"NewProduct\"").unwrap();
        assert_eq!(back, DeployReason::NewProduct);
        let s = serde_json::to_value(suggest_pattern(DeployReason::AutomateManualTask)).unwrap();
        assert_eq!(s["primary"], "Shadow");
    }
}
