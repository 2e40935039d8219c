//! The model group: retrain on the logged labelled phones.

use yew::prelude::*;

use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;

/// What [`retrain_group`] draws.
#[derive(Clone, PartialEq)]
pub struct RetrainGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
}

/// The retrain button.
pub fn retrain_group(props: &RetrainGroupProps) -> Html {
    if !props.shown.shown() {
        return Html::default();
    }
    html! {
        <fieldset class="group" disabled={props.shown.locked()}>
            <legend>{ "Model" }</legend>
            <button class="primary" data-testid={format!("{}retrain", props.prefix)}
                onclick={props.dispatch.reform(|_: MouseEvent| LabAction::Retrain)}>{ "Retrain on logged labels" }</button>
        </fieldset>
    }
}
