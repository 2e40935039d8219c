//! The run group: speed, fast-forward and seed.

use std::collections::BTreeMap;

use yew::prelude::*;

use super::field::{field_error, on_parsed, NumberField};
use crate::components::controls::target_value;
use crate::lab::panels::Visibility;
use crate::lab::state::{FastForward, LabAction, MAX_FAST_FORWARD_TICKS, SPEEDS};
use crate::view_model::input::parse_count;

/// What [`use_run_group`] draws.
#[derive(Clone, PartialEq)]
pub struct RunGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// The speed selector.
    pub speed_shown: Visibility,
    /// The fast-forward field (it follows the clock's `hide=` / `lock=`).
    pub clock_shown: Visibility,
    /// The seed field.
    pub seed_shown: Visibility,
    /// Ticks per beat.
    pub speed: u32,
    /// Seed in force.
    pub seed: u64,
    /// Fast-forward in progress.
    pub fast_forward: Option<FastForward>,
    /// Field errors.
    pub errors: BTreeMap<String, String>,
}

fn speed_label(s: u32) -> String {
    if s == 1 {
        "1 tick per beat".to_owned()
    } else {
        format!("{s} ticks per beat")
    }
}

/// Speed, fast-forward (with its progress bar) and seed.
#[hook]
pub fn use_run_group(props: &RunGroupProps) -> Html {
    let ff_ticks = use_state(|| 500_u64);
    let p = props.prefix.as_str();
    let id = |name: &str| format!("{p}{name}");
    let d = &props.dispatch;
    let on_speed = d.reform(|e: Event| LabAction::SetSpeed(target_value(&e).parse().unwrap_or(1)));
    let busy = props.fast_forward.is_some();
    let fast_forward = NumberField {
        id: id("ff-ticks"),
        label: "Fast-forward ticks".into(),
        value: Some(ff_ticks.to_string()),
        min: Some(1),
        disabled: props.clock_shown.locked(),
        onchange: {
            let ff_ticks = ff_ticks.clone();
            on_parsed(
                d,
                "ff-ticks",
                |t| parse_count(t, 1, MAX_FAST_FORWARD_TICKS),
                move |v| ff_ticks.set(v),
            )
        },
        after: html! { <>
            <button data-testid={id("fast-forward")} onclick={{ let ticks = *ff_ticks; d.reform(move |_: MouseEvent| LabAction::FastForward(ticks)) }}
                disabled={props.clock_shown.locked() || busy}>{ "Fast-forward" }</button>
            if busy {
                <button data-testid={id("ff-cancel")} onclick={d.reform(|_: MouseEvent| LabAction::CancelFastForward)}>{ "Stop" }</button>
            }
        </> },
        error: field_error(&props.errors, "ff-ticks", p),
        ..NumberField::default()
    };
    let seed = NumberField {
        id: id("seed"),
        label: "Seed (restarts the run)".into(),
        value: Some(props.seed.to_string()),
        min: Some(0),
        disabled: props.seed_shown.locked(),
        onchange: {
            let d = d.clone();
            on_parsed(
                &d.clone(),
                "seed",
                |t| parse_count(t, 0, u64::from(u32::MAX)),
                move |s| d.emit(LabAction::SetSeed(s)),
            )
        },
        error: field_error(&props.errors, "seed", p),
        ..NumberField::default()
    };
    html! {
        <fieldset class="group">
            <legend>{ "Run" }</legend>
            if props.speed_shown.shown() {
            <div class="field">
                <label for={id("speed")}>{ "Speed" }</label>
                <select id={id("speed")} data-testid={id("speed")} onchange={on_speed} disabled={props.speed_shown.locked()}>
                    { for SPEEDS.iter().map(|&s| html! { <option value={s.to_string()} selected={s == props.speed}>{ speed_label(s) }</option> }) }
                </select>
            </div>
            }
            if props.clock_shown.shown() { { fast_forward.view() } }
            if let Some(ff) = props.fast_forward {
                <div class="field">
                    <label for={id("ff-progress")}>{ format!("Fast-forwarding {} ticks", ff.total) }</label>
                    <progress id={id("ff-progress")} data-testid={id("ff-progress")} max="1" value={format!("{:.3}", ff.progress())}>{ format!("{:.0}%", ff.progress() * 100.0) }</progress>
                </div>
            }
            if props.seed_shown.shown() { { seed.view() } }
        </fieldset>
    }
}
