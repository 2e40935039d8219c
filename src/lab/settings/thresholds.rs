//! The alarm thresholds group: one text field per chart's red line (the reducer parses).

use std::collections::BTreeMap;

use yew::prelude::*;

use super::field::{field_error, input_value};
use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;
use crate::view_model::hover::format_value;
use crate::view_model::Thresholds;

/// What [`thresholds_group`] draws.
#[derive(Clone, PartialEq)]
pub struct ThresholdsGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
    /// Current thresholds.
    pub thresholds: Thresholds,
    /// Field errors.
    pub errors: BTreeMap<String, String>,
}

/// Every chart's alarm threshold, with the value in force beside it.
pub fn thresholds_group(props: &ThresholdsGroupProps) -> Html {
    if !props.shown.shown() {
        return Html::default();
    }
    let p = props.prefix.as_str();
    let rows = props.thresholds.iter().map(|(spec, value)| {
        let key = format!("threshold-{}", spec.id);
        let metric = spec.id;
        let onchange = props.dispatch.reform(move |e: Event| LabAction::SetThreshold { id: metric, text: input_value(&e) });
        let fid = format!("{p}{key}");
        html! {
            <div class="threshold-row">
                <div class="field">
                    <label for={fid.clone()}>{ spec.caption }</label>
                    <input id={fid.clone()} data-testid={fid.clone()} type="text" inputmode="decimal" value={format_value(value)} {onchange}
                        aria-describedby={format!("{fid}-current")} />
                    <span class="muted" id={format!("{fid}-current")} data-testid={format!("{fid}-current")}>{ format!("now {}", format_value(value)) }</span>
                </div>
                { field_error(&props.errors, &key, p) }
            </div>
        }
    });
    html! {
        <fieldset class="group thresholds" disabled={props.shown.locked()}>
            <legend>{ "Alarm thresholds (red lines)" }</legend>
            { for rows }
        </fieldset>
    }
}
