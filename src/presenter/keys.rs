//! Presenter keyboard shortcuts, as a pure mapping from `KeyboardEvent.key` to what to do.
//!
//! | key | effect |
//! |---|---|
//! | Space | play / pause |
//! | ArrowRight | step one tick |
//! | R | reset |
//! | 1 to 5 | degree of automation (human only ... full automation) |
//! | D | inject drift now: lighting dims, sudden, magnitude [`DRIFT_MAGNITUDE`] |
//! | PageDown / PageUp | next / previous step of the lesson script |
//! | ? | show or hide the shortcut help |
//! | Escape | close the help |
//!
//! Keys are ignored while focus is in a text field, and when Ctrl, Alt or Meta is held (so
//! browser shortcuts keep working).

use driftline_sim::automation::AutomationLevel;
use driftline_sim::drift::{DriftKind, DriftShape};

use crate::lab::remote::Command;

/// Size of the drift the D key injects (the data-drift lesson's own lamp dims by 0.6).
pub const DRIFT_MAGNITUDE: f64 = 0.6;

/// What a shortcut does.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyAction {
    /// A command for the chapter's lab.
    Lab(Command),
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Close the help overlay.
    CloseHelp,
    /// Next script step.
    NextStep,
    /// Previous script step.
    PrevStep,
}

/// The shortcut table as (keys, what it does) rows, for the help overlay.
pub const HELP: [(&str, &str); 8] = [
    ("Space", "Play or pause"),
    ("\u{2192} (right arrow)", "Step one tick"),
    ("R", "Reset to tick 0"),
    (
        "1 \u{2013} 5",
        "Degree of automation: 1 human only \u{2026} 5 full automation",
    ),
    ("D", "Inject drift now (lighting dims, sudden)"),
    (
        "Page Down / Page Up",
        "Next / previous step of the lesson script",
    ),
    ("?", "Show or hide this help"),
    ("Esc", "Close this help"),
];

/// The action for a key (`KeyboardEvent.key`), or `None` for keys presenter mode leaves alone.
#[must_use]
pub fn action_for(key: &str) -> Option<KeyAction> {
    let lab = |c| Some(KeyAction::Lab(c));
    match key {
        " " | "Spacebar" => lab(Command::TogglePlay),
        "ArrowRight" => lab(Command::Step),
        "r" | "R" => lab(Command::Reset),
        "d" | "D" => lab(Command::InjectDriftNow {
            kind: DriftKind::LightingDim,
            shape: DriftShape::Sudden,
            magnitude: DRIFT_MAGNITUDE,
            width_ticks: 0,
        }),
        "1" | "2" | "3" | "4" | "5" => {
            let i = usize::from(key.as_bytes()[0] - b'1');
            AutomationLevel::ALL
                .get(i)
                .and_then(|&level| lab(Command::SetAutomation(level)))
        }
        "?" => Some(KeyAction::ToggleHelp),
        "Escape" | "Esc" => Some(KeyAction::CloseHelp),
        "PageDown" => Some(KeyAction::NextStep),
        "PageUp" => Some(KeyAction::PrevStep),
        _ => None,
    }
}

/// Whether an element with this tag (upper or lower case), `type` attribute and
/// `contenteditable` state takes typed text, so shortcuts must leave its keys alone.
#[must_use]
pub fn is_text_field(tag: &str, input_type: &str, editable: bool) -> bool {
    if editable {
        return true;
    }
    match tag.to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(
            input_type.to_ascii_lowercase().as_str(),
            "button"
                | "checkbox"
                | "radio"
                | "range"
                | "reset"
                | "submit"
                | "image"
                | "color"
                | "file"
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_keys_map_to_lab_commands() {
        assert_eq!(action_for(" "), Some(KeyAction::Lab(Command::TogglePlay)));
        assert_eq!(
            action_for("ArrowRight"),
            Some(KeyAction::Lab(Command::Step))
        );
        assert_eq!(action_for("R"), action_for("r"));
        assert_eq!(action_for("r"), Some(KeyAction::Lab(Command::Reset)));
        assert_eq!(action_for("ArrowLeft"), None);
        assert_eq!(action_for("x"), None);
        assert_eq!(action_for("6"), None);
    }

    #[test]
    fn digits_pick_automation_levels_in_order() {
        for (i, level) in AutomationLevel::ALL.iter().enumerate() {
            let key = (i + 1).to_string();
            assert_eq!(
                action_for(&key),
                Some(KeyAction::Lab(Command::SetAutomation(*level)))
            );
        }
    }

    #[test]
    fn d_injects_a_sudden_lighting_drift_and_help_keys_work() {
        match action_for("d") {
            Some(KeyAction::Lab(Command::InjectDriftNow {
                kind,
                shape,
                magnitude,
                ..
            })) => {
                assert_eq!(kind, DriftKind::LightingDim);
                assert_eq!(shape, DriftShape::Sudden);
                assert!((0.0..=1.0).contains(&magnitude));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(action_for("?"), Some(KeyAction::ToggleHelp));
        assert_eq!(action_for("Escape"), Some(KeyAction::CloseHelp));
        assert_eq!(action_for("PageDown"), Some(KeyAction::NextStep));
        assert_eq!(action_for("PageUp"), Some(KeyAction::PrevStep));
    }

    #[test]
    fn text_fields_are_recognised() {
        assert!(is_text_field("INPUT", "text", false));
        assert!(is_text_field("input", "", false));
        assert!(is_text_field("input", "number", false));
        assert!(is_text_field("TEXTAREA", "", false));
        assert!(is_text_field("div", "", true));
        assert!(!is_text_field("input", "radio", false));
        assert!(!is_text_field("BUTTON", "", false));
        assert!(!is_text_field("div", "", false));
    }
}
