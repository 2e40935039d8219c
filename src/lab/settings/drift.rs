//! The drift group: what changes, its shape, magnitude, width and start tick.

use std::collections::BTreeMap;

use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use yew::prelude::*;

use super::field::{field_error, on_parsed, NumberField};
use crate::components::controls::target_value;
use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;
use crate::view_model::input::{parse_count, parse_threshold};

const DRIFT_KINDS: [(DriftKind, &str); 6] = [
    (DriftKind::LightingDim, "Lighting dims (data drift)"),
    (DriftKind::CameraBlur, "Camera blurs (data drift)"),
    (DriftKind::NewSliceShare, "Small slice grows (data drift)"),
    (DriftKind::MissingImages, "Missing images rise (data drift)"),
    (DriftKind::SpecTighten, "Spec tightens (concept drift)"),
    (
        DriftKind::NewDefectType,
        "Discoloration now counts (concept drift)",
    ),
];
const DRIFT_SHAPES: [(DriftShape, &str); 4] = [
    (DriftShape::Sudden, "Sudden"),
    (DriftShape::Gradual, "Gradual"),
    (DriftShape::Incremental, "Incremental"),
    (DriftShape::Recurring, "Recurring"),
];

/// What [`use_drift_group`] draws.
#[derive(Clone, PartialEq)]
pub struct DriftGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
    /// Field errors.
    pub errors: BTreeMap<String, String>,
}

/// A `<select>` over `options` whose choice is kept in `state` (by index).
fn select<T>(id: &str, label: &str, options: &[(T, &str)], state: &UseStateHandle<usize>) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(target_value(&e).parse().unwrap_or(0)))
    };
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label.to_owned() }</label>
            <select id={id.to_owned()} data-testid={id.to_owned()} {onchange}>
                { for options.iter().enumerate().map(|(i, (_, n))| html! { <option value={i.to_string()} selected={i == **state}>{ *n }</option> }) }
            </select>
        </div>
    }
}

/// Build a drift event and inject it now or at a given tick.
#[hook]
pub fn use_drift_group(props: &DriftGroupProps) -> Html {
    let kind = use_state(|| 0_usize);
    let shape = use_state(|| 0_usize);
    let magnitude = use_state(|| 0.5_f64);
    let width = use_state(|| 300_u64);
    let start_at = use_state(|| None::<u64>);
    if !props.shown.shown() {
        return Html::default();
    }
    let p = props.prefix.as_str();
    let id = |name: &str| format!("{p}{name}");
    let d = &props.dispatch;
    let event = DriftEvent {
        kind: DRIFT_KINDS
            .get(*kind)
            .map_or(DriftKind::LightingDim, |k| k.0),
        shape: DRIFT_SHAPES.get(*shape).map_or(DriftShape::Sudden, |s| s.0),
        start_tick: start_at.unwrap_or(0),
        width_ticks: *width,
        magnitude: *magnitude,
    };
    let start_now = start_at.is_none();
    let on_inject = d.reform(move |_: MouseEvent| {
        if start_now {
            LabAction::InjectDriftNow(event)
        } else {
            LabAction::InjectDrift(event)
        }
    });
    html! {
        <fieldset class="group" disabled={props.shown.locked()}>
            <legend>{ "Drift" }</legend>
            { select(&id("drift-kind"), "What changes", &DRIFT_KINDS, &kind) }
            { select(&id("drift-shape"), "Shape", &DRIFT_SHAPES, &shape) }
            { numbers(props, &magnitude, &width, &start_at) }
            <button class="primary" data-testid={id("inject-drift")} onclick={on_inject}>{ "Inject drift" }</button>
        </fieldset>
    }
}

/// Magnitude, width and start tick: the drift event's numbers.
fn numbers(
    props: &DriftGroupProps,
    magnitude: &UseStateHandle<f64>,
    width: &UseStateHandle<u64>,
    start_at: &UseStateHandle<Option<u64>>,
) -> Html {
    let p = props.prefix.as_str();
    let d = &props.dispatch;
    let field = |key: &'static str, label: &str, value: Option<String>, onchange| NumberField {
        id: format!("{p}{key}"),
        label: AttrValue::from(label.to_owned()),
        value,
        onchange,
        error: field_error(&props.errors, key, p),
        ..NumberField::default()
    };
    let magnitude_field = NumberField {
        decimal: true,
        ..field(
            "magnitude",
            "Magnitude (0 to 1)",
            Some(magnitude.to_string()),
            {
                let m = magnitude.clone();
                on_parsed(
                    d,
                    "magnitude",
                    |t| parse_threshold(t, 0.0, 1.0),
                    move |v| m.set(v),
                )
            },
        )
    };
    let width_field = NumberField {
        min: Some(1),
        ..field(
            "width",
            "Width (ticks; gradual, incremental, recurring)",
            Some(width.to_string()),
            {
                let w = width.clone();
                on_parsed(
                    d,
                    "width",
                    |t| parse_count(t, 1, 100_000),
                    move |v| w.set(v),
                )
            },
        )
    };
    // Empty means "now" (the reducer fills in the tick: LabAction::InjectDriftNow).
    let start_field = NumberField {
        min: Some(0),
        placeholder: Some("now"),
        ..field("drift-start", "Start at tick (empty: now)", None, {
            let s = start_at.clone();
            let parse = |t: &str| {
                if t.trim().is_empty() {
                    Ok(None)
                } else {
                    parse_count(t, 0, 10_000_000).map(Some)
                }
            };
            on_parsed(d, "drift-start", parse, move |v| s.set(v))
        })
    };
    html! { <>{ magnitude_field.view() }{ width_field.view() }{ start_field.view() }</> }
}
