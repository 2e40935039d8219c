//! The model group: retrain on the logged labelled phones.

use yew::prelude::*;

use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;

/// Props of [`RetrainGroup`].
#[derive(Properties, Clone, PartialEq)]
pub struct RetrainGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
}

/// The retrain button.
#[function_component(RetrainGroup)]
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
