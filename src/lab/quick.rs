//! The two or three controls a lesson needs, beside the picture: one click each, no form.
//!
//! Each button sends the same action the full control panel would (the panel stays below,
//! with every setting), so a quick click is recorded and shared like any other.

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{BlueGreenConfig, CanaryConfig, Pattern, PatternKind};
use driftline_sim::drift::{DriftEvent, DriftKind};
use driftline_sim::model::ModelPreset;
use yew::prelude::*;

use crate::components::controls::target_value;
use crate::lab::panels::ControlVisibility;
use crate::lab::state::LabAction;
use crate::share::Control;

/// One-click drift: what it is called and what it changes; its size is the strength
/// slider's (0..1, as the drift panel's magnitude).
pub const QUICK_DRIFTS: [(DriftKind, &str); 5] = [
    (DriftKind::LightingDim, "Dim the lamp"),
    (DriftKind::CameraBlur, "Blur the camera"),
    (DriftKind::NewSliceShare, "More gold phones"),
    (DriftKind::MissingImages, "Camera faults"),
    (DriftKind::SpecTighten, "Tighten the spec"),
];

/// The strength slider's starting value, percent.
pub const DEFAULT_STRENGTH_PCT: u32 = 60;

/// Degrees of automation with short names for the segmented control.
pub const LEVELS: [(AutomationLevel, &str); 5] = [
    (AutomationLevel::HumanOnly, "Human"),
    (AutomationLevel::Shadow, "Shadow"),
    (AutomationLevel::AiAssistance, "Assist"),
    (AutomationLevel::PartialAutomation, "Partial"),
    (AutomationLevel::FullAutomation, "Full"),
];

/// Props of [`QuickControls`].
#[derive(Properties, PartialEq, Clone)]
pub struct QuickControlsProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// How each control group is shown.
    pub visibility: ControlVisibility,
    /// Who decides now.
    pub automation: AutomationLevel,
    /// The rollout pattern running now.
    pub pattern: PatternKind,
    /// Prefix of the test ids.
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

/// The lesson's one-click controls.
#[function_component(QuickControls)]
pub fn quick_controls(props: &QuickControlsProps) -> Html {
    let shown = |c: Control| props.visibility.of(c).shown();
    let strength = use_state(|| DEFAULT_STRENGTH_PCT);
    html! {
        <div class="quick" data-testid={format!("{}quick-controls", props.test_prefix)}>
            if shown(Control::Automation) { { automation(props) } }
            if shown(Control::Drift) { { drift(props, &strength) } }
            if shown(Control::Deployment) { { deployment(props) } }
            if shown(Control::Retrain) {
                <button class="chip" disabled={props.visibility.of(Control::Retrain).locked()}
                    data-testid={format!("{}quick-retrain", props.test_prefix)}
                    onclick={props.dispatch.reform(|_: MouseEvent| LabAction::Retrain)}>{ "\u{21bb} Retrain" }</button>
            }
        </div>
    }
}

fn automation(props: &QuickControlsProps) -> Html {
    let locked = props.visibility.of(Control::Automation).locked();
    html! {
        <div class="segmented" role="group" aria-label="Who decides">
            { for LEVELS.iter().map(|&(level, name)| {
                let pressed = props.automation == level;
                html! {
                    <button aria-pressed={pressed.to_string()} disabled={locked}
                        data-testid={format!("{}quick-level-{}", props.test_prefix, name.to_lowercase())}
                        onclick={props.dispatch.reform(move |_: MouseEvent| LabAction::SetAutomation(level))}>{ name }</button>
                }
            }) }
        </div>
    }
}

fn drift(props: &QuickControlsProps, strength: &UseStateHandle<u32>) -> Html {
    let locked = props.visibility.of(Control::Drift).locked();
    let magnitude = f64::from(**strength) / 100.0;
    let id = format!("{}quick-strength", props.test_prefix);
    let on_strength = {
        let strength = strength.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(v) = target_value(&e).parse::<u32>() {
                strength.set(v.clamp(10, 100));
            }
        })
    };
    html! {
        <div class="chips" role="group" aria-label="Inject drift now">
            <label class="slider" for={id.clone()}>
                { "Strength " }
                <input type="range" id={id.clone()} data-testid={id.clone()} min="10" max="100" step="10"
                    value={strength.to_string()} disabled={locked} oninput={on_strength} />
                <output for={id}>{ format!("{}%", **strength) }</output>
            </label>
            { for QUICK_DRIFTS.iter().map(|&(kind, name)| html! {
                <button class="chip" disabled={locked}
                    data-testid={format!("{}quick-drift-{}", props.test_prefix, slug(name))}
                    onclick={props.dispatch.reform(move |_: MouseEvent| LabAction::InjectDriftNow(DriftEvent::sudden(kind, 0, magnitude)))}>{ name }</button>
            }) }
        </div>
    }
}

fn deployment(props: &QuickControlsProps) -> Html {
    let locked = props.visibility.of(Control::Deployment).locked();
    let start = |pattern: Pattern| {
        props
            .dispatch
            .reform(move |_: MouseEvent| LabAction::SetPatternWith {
                candidate: ModelPreset::Trained,
                pattern: pattern.clone(),
            })
    };
    let running = props.pattern != PatternKind::None;
    html! {
        <div class="chips" role="group" aria-label="Roll out the candidate model">
            <button class="chip" disabled={locked} aria-pressed={(props.pattern == PatternKind::Shadow).to_string()}
                data-testid={format!("{}quick-shadow", props.test_prefix)} onclick={start(Pattern::Shadow)}>{ "Shadow" }</button>
            <button class="chip" disabled={locked} aria-pressed={(props.pattern == PatternKind::Canary).to_string()}
                data-testid={format!("{}quick-canary", props.test_prefix)} onclick={start(Pattern::Canary(CanaryConfig::default()))}>{ "Canary" }</button>
            <button class="chip" disabled={locked} aria-pressed={(props.pattern == PatternKind::BlueGreen).to_string()}
                data-testid={format!("{}quick-blue-green", props.test_prefix)} onclick={start(Pattern::BlueGreen(BlueGreenConfig::default()))}>{ "Blue-green" }</button>
            <button class="chip" disabled={locked || !running}
                data-testid={format!("{}quick-rollback", props.test_prefix)}
                onclick={props.dispatch.reform(|_: MouseEvent| LabAction::Rollback)}>{ "Roll back" }</button>
        </div>
    }
}

/// `"Dim the lamp"` -> `"dim-the-lamp"`, for test ids.
fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}
