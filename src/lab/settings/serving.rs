//! The serving group: where the model runs, when phones are scored, servers, logging.
//! Applying restarts the run (the simulation fixes serving per run).

use std::collections::BTreeMap;

use driftline_sim::serving::{ServingConfig, ServingMode, Site};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{field_error, on_parsed, NumberField};
use crate::components::controls::target_value;
use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;
use crate::view_model::input::parse_count;

/// What [`use_serving_group`] draws.
#[derive(Clone, PartialEq)]
pub struct ServingGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
    /// Serving settings in force when the lab mounts.
    pub serving: ServingConfig,
    /// Field errors.
    pub errors: BTreeMap<String, String>,
}

/// Serving settings, applied together.
#[hook]
pub fn use_serving_group(props: &ServingGroupProps) -> Html {
    let serving = use_state(|| props.serving);
    if !props.shown.shown() {
        return Html::default();
    }
    let p = props.prefix.as_str();
    let id = |name: &str| format!("{p}{name}");
    let s = *serving;
    // Each field edits one part of the form's copy; Apply sends it.
    let edit = |change: fn(ServingConfig, &Event) -> ServingConfig| {
        let serving = serving.clone();
        Callback::from(move |e: Event| serving.set(change(*serving, &e)))
    };
    let on_site = edit(|s, e| ServingConfig {
        site: if target_value(e) == "cloud" {
            Site::Cloud
        } else {
            Site::Edge
        },
        ..s
    });
    let on_mode = edit(|s, e| ServingConfig {
        mode: if target_value(e) == "batch" {
            ServingMode::Batch {
                batch_every_ticks: 6,
            }
        } else {
            ServingMode::RealTime
        },
        ..s
    });
    let on_logging = edit(|s, e| ServingConfig {
        logging: e.target_unchecked_into::<HtmlInputElement>().checked(),
        ..s
    });
    let servers = NumberField {
        id: id("servers"),
        label: "Servers".into(),
        value: Some(s.servers.to_string()),
        min: Some(1),
        max: Some(u64::from(s.site.profile().max_servers)),
        onchange: {
            let serving = serving.clone();
            on_parsed(
                &props.dispatch,
                "servers",
                |t| parse_count(t, 1, 256),
                move |v| {
                    serving.set(ServingConfig {
                        servers: u32::try_from(v).unwrap_or(1),
                        ..*serving
                    });
                },
            )
        },
        error: field_error(&props.errors, "servers", p),
        ..NumberField::default()
    };
    html! {
        <fieldset class="group" disabled={props.shown.locked()}>
            <legend>{ "Serving" }</legend>
            <div class="field">
                <label for={id("site")}>{ "Where the model runs" }</label>
                <select id={id("site")} data-testid={id("site")} onchange={on_site}>
                    <option value="edge" selected={s.site == Site::Edge}>{ "Edge box in the factory" }</option>
                    <option value="cloud" selected={s.site == Site::Cloud}>{ "Cloud" }</option>
                </select>
            </div>
            <div class="field">
                <label for={id("mode")}>{ "When phones are scored" }</label>
                <select id={id("mode")} data-testid={id("mode")} onchange={on_mode}>
                    <option value="real_time" selected={s.mode == ServingMode::RealTime}>{ "Real time" }</option>
                    <option value="batch" selected={s.mode != ServingMode::RealTime}>{ "Batch (every minute)" }</option>
                </select>
            </div>
            { servers.view() }
            <div class="field">
                <label class="radio" for={id("logging")}>
                    <input type="checkbox" id={id("logging")} data-testid={id("logging")} checked={s.logging} onchange={on_logging} />
                    { "Log images and verdicts (needed for retraining)" }
                </label>
            </div>
            <button data-testid={id("apply-serving")} onclick={props.dispatch.reform(move |_: MouseEvent| LabAction::SetServing(s))}>{ "Apply (restarts the run)" }</button>
            { field_error(&props.errors, "serving", p) }
        </fieldset>
    }
}
