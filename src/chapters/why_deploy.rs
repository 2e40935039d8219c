//! Lesson 7's chooser: pick why the model is being deployed, see which pattern to start with.

use driftline_sim::deploy::why::{suggest_pattern, DeployReason};
use yew::prelude::*;

/// The "why deploy" chooser (radio buttons, with the suggestion read out as it changes).
#[function_component(WhyDeploy)]
pub fn why_deploy() -> Html {
    let reason = use_state(|| DeployReason::AutomateManualTask);
    let s = suggest_pattern(*reason);
    html! {
        <div class="why-deploy card" data-testid="why-deploy">
            <fieldset>
                <legend>{ "Why is this model being deployed?" }</legend>
                { for DeployReason::ALL.iter().enumerate().map(|(i, r)| {
                    let id = format!("why-reason-{i}");
                    let pick = {
                        let reason = reason.clone();
                        let r = *r;
                        Callback::from(move |_: Event| reason.set(r))
                    };
                    html! {
                        <div class="option">
                            <input type="radio" name="why-reason" id={id.clone()} data-testid={id.clone()}
                                checked={*reason == *r} onchange={pick} />
                            <label for={id}>{ r.label() }</label>
                        </div>
                    }
                }) }
            </fieldset>
            <p aria-live="polite" data-testid="why-suggestion">
                <strong>{ format!("Start with {}", s.primary.name()) }</strong>
                { format!(" (then {}). {}", s.alternative.name(), s.rationale) }
            </p>
        </div>
    }
}
