//! The degree-of-automation group: one radio button per level.

use driftline_sim::automation::AutomationLevel;
use yew::prelude::*;

use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;

/// What [`automation_group`] draws.
#[derive(Clone, PartialEq)]
pub struct AutomationGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
    /// The level in force.
    pub automation: AutomationLevel,
}

fn automation_name(level: AutomationLevel) -> &'static str {
    match level {
        AutomationLevel::HumanOnly => "Human only",
        AutomationLevel::Shadow => "Shadow (model logged only)",
        AutomationLevel::AiAssistance => "AI assistance",
        AutomationLevel::PartialAutomation => "Partial automation",
        AutomationLevel::FullAutomation => "Full automation",
    }
}

/// Who decides: human only up to full automation.
pub fn automation_group(props: &AutomationGroupProps) -> Html {
    if !props.shown.shown() {
        return Html::default();
    }
    let p = &props.prefix;
    let radios = AutomationLevel::ALL.iter().enumerate().map(|(i, &level)| {
        let onchange = props.dispatch.reform(move |_: Event| LabAction::SetAutomation(level));
        let rid = format!("{p}automation-{i}");
        html! {
            <label class="radio" for={rid.clone()}>
                <input type="radio" id={rid.clone()} data-testid={rid} name={format!("{p}automation")} checked={props.automation == level} {onchange} />
                { format!("{}. {}", i + 1, automation_name(level)) }
            </label>
        }
    });
    html! {
        <fieldset class="group" disabled={props.shown.locked()}>
            <legend>{ "Degree of automation" }</legend>
            { for radios }
        </fieldset>
    }
}
