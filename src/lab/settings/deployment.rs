//! The deployment group: candidate model, rollout pattern (with the canary's settings),
//! start, promote and roll back.

use std::collections::BTreeMap;

use driftline_sim::deploy::{
    BlueGreenConfig, CanaryConfig, FailureSemantics, Pattern, PatternKind,
};
use driftline_sim::model::ModelPreset;
use yew::prelude::*;

use super::field::{field_error, on_parsed, NumberField};
use crate::components::controls::target_value;
use crate::lab::panels::Visibility;
use crate::lab::state::LabAction;
use crate::view_model::input::parse_count;

const CANDIDATES: [(ModelPreset, &str); 4] = [
    (ModelPreset::Trained, "Good (trained)"),
    (ModelPreset::WrongLabels, "Bad (trained on wrong labels)"),
    (ModelPreset::BrokenFeature, "Bad (broken feature)"),
    (ModelPreset::AlwaysPass, "Always PASS"),
];

const PATTERNS: [(PatternKind, &str, &str); 4] = [
    (PatternKind::None, "none", "None"),
    (PatternKind::Shadow, "shadow", "Shadow"),
    (PatternKind::Canary, "canary", "Canary"),
    (PatternKind::BlueGreen, "blue_green", "Blue-green"),
];

/// What [`use_deployment_group`] draws.
#[derive(Clone, PartialEq)]
pub struct DeploymentGroupProps {
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Prefix of the test ids.
    pub prefix: AttrValue,
    /// Shown, locked or hidden.
    pub shown: Visibility,
    /// Pattern kind in force when the lab mounts.
    pub pattern: PatternKind,
    /// Deployment status line.
    pub status: AttrValue,
    /// Field errors.
    pub errors: BTreeMap<String, String>,
    /// The rollout the lab's scenario starts with: the form follows it whenever the lab
    /// loads another scenario (a chapter preset, a shared link, an import, a seed).
    pub start_pattern: Pattern,
    /// The candidate model the lab's scenario starts with (`None`: the trained model).
    pub start_candidate: Option<ModelPreset>,
}

/// A canary setting: field key, label, bounds, how to read it and how to set it.
struct CanaryField {
    key: &'static str,
    label: &'static str,
    min: u64,
    max: u64,
    get: fn(&CanaryConfig) -> u64,
    set: fn(&mut CanaryConfig, u64),
}

const CANARY_FIELDS: [CanaryField; 4] = [
    CanaryField {
        key: "canary-step",
        label: "Step weight %",
        min: 1,
        max: 100,
        get: |c| u64::from(c.step_weight_pct),
        set: |c, v| c.step_weight_pct = u8::try_from(v).unwrap_or(100),
    },
    CanaryField {
        key: "canary-interval",
        label: "Interval (ticks)",
        min: 1,
        max: 10_000,
        get: |c| c.interval_ticks,
        set: |c, v| c.interval_ticks = v,
    },
    CanaryField {
        key: "canary-max",
        label: "Max weight %",
        min: 1,
        max: 100,
        get: |c| u64::from(c.max_weight_pct),
        set: |c, v| c.max_weight_pct = u8::try_from(v).unwrap_or(100),
    },
    CanaryField {
        key: "canary-failures",
        label: "Failure limit",
        min: 0,
        max: 100,
        get: |c| u64::from(c.failure_limit),
        set: |c, v| c.failure_limit = u32::try_from(v).unwrap_or(100),
    },
];

/// Choose a candidate and a pattern, then start, promote or roll back.
#[hook]
pub fn use_deployment_group(props: &DeploymentGroupProps) -> Html {
    let kind = use_state(|| props.pattern);
    let canary = use_state(CanaryConfig::default);
    let candidate = use_state(|| ModelPreset::Trained);
    {
        // Without this the form kept its first values, so a lab that loaded a canary preset
        // after mounting showed "Pattern: None" next to a running canary.
        let (kind, canary, candidate) = (kind.clone(), canary.clone(), candidate.clone());
        use_effect_with(
            (props.start_pattern.clone(), props.start_candidate),
            move |(pattern, preset)| {
                kind.set(pattern.kind());
                if let Pattern::Canary(config) = pattern {
                    canary.set(config.clone());
                }
                candidate.set(preset.unwrap_or(ModelPreset::Trained));
            },
        );
    }
    if !props.shown.shown() {
        return Html::default();
    }
    let p = props.prefix.as_str();
    let id = |name: &str| format!("{p}{name}");
    let d = &props.dispatch;
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let value = target_value(&e);
            kind.set(
                PATTERNS
                    .iter()
                    .find(|k| k.1 == value)
                    .map_or(PatternKind::None, |k| k.0),
            );
        })
    };
    let on_candidate = {
        let candidate = candidate.clone();
        Callback::from(move |e: Event| {
            let i: usize = target_value(&e).parse().unwrap_or(0);
            candidate.set(CANDIDATES.get(i).map_or(ModelPreset::Trained, |c| c.0));
        })
    };
    let on_start = {
        let (kind, config, preset) = (*kind, (*canary).clone(), *candidate);
        d.reform(move |_: MouseEvent| {
            let pattern = match kind {
                PatternKind::None => Pattern::None,
                PatternKind::Shadow => Pattern::Shadow,
                PatternKind::Canary => Pattern::Canary(config.clone()),
                PatternKind::BlueGreen => Pattern::BlueGreen(BlueGreenConfig::default()),
            };
            LabAction::SetPatternWith {
                candidate: preset,
                pattern,
            }
        })
    };
    html! {
        <fieldset class="group" disabled={props.shown.locked()}>
            <legend>{ "Deployment" }</legend>
            <div class="field">
                <label for={id("candidate")}>{ "Candidate model" }</label>
                <select id={id("candidate")} data-testid={id("candidate")} onchange={on_candidate}>
                    { for CANDIDATES.iter().enumerate().map(|(i, (preset, name))| html! { <option value={i.to_string()} selected={*preset == *candidate}>{ *name }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for={id("pattern")}>{ "Pattern" }</label>
                <select id={id("pattern")} data-testid={id("pattern")} onchange={on_kind}>
                    { for PATTERNS.iter().map(|(k, value, name)| html! { <option value={*value} selected={*kind == *k}>{ *name }</option> }) }
                </select>
            </div>
            if *kind == PatternKind::Canary { { canary_fields(props, &canary) } }
            <div class="field buttons">
                <button class="primary" data-testid={id("start-pattern")} onclick={on_start}>{ "Start rollout" }</button>
                <button data-testid={id("promote")} onclick={d.reform(|_: MouseEvent| LabAction::Promote)}>{ "Promote" }</button>
                <button data-testid={id("rollback")} onclick={d.reform(|_: MouseEvent| LabAction::Rollback)}>{ "Roll back" }</button>
            </div>
            { field_error(&props.errors, "pattern", p) }
            <p class="status" data-testid={id("deployment-status")}>{ props.status.clone() }</p>
        </fieldset>
    }
}

/// The canary's numbers and its failure rule.
fn canary_fields(props: &DeploymentGroupProps, canary: &UseStateHandle<CanaryConfig>) -> Html {
    let p = props.prefix.as_str();
    let numbers = CANARY_FIELDS.iter().map(|f| {
        let (canary_state, set) = (canary.clone(), f.set);
        let (min, max) = (f.min, f.max);
        NumberField {
            id: format!("{p}{}", f.key),
            label: f.label.into(),
            value: Some((f.get)(canary).to_string()),
            min: Some(min),
            max: Some(max),
            onchange: on_parsed(
                &props.dispatch,
                f.key,
                move |t| parse_count(t, min, max),
                move |v| {
                    let mut next = (*canary_state).clone();
                    set(&mut next, v);
                    canary_state.set(next);
                },
            ),
            error: field_error(&props.errors, f.key, p),
            ..NumberField::default()
        }
        .view()
    });
    let on_semantics = {
        let canary = canary.clone();
        Callback::from(move |e: Event| {
            let mut next = (*canary).clone();
            next.semantics = if target_value(&e) == "flagger" {
                FailureSemantics::FlaggerAtThreshold
            } else {
                FailureSemantics::ArgoPastLimit
            };
            canary.set(next);
        })
    };
    let semantics = canary.semantics;
    html! { <>
        { for numbers }
        <div class="field">
            <label for={format!("{p}canary-semantics")}>{ "Failure rule" }</label>
            <select id={format!("{p}canary-semantics")} data-testid={format!("{p}canary-semantics")} onchange={on_semantics}>
                <option value="argo" selected={semantics == FailureSemantics::ArgoPastLimit}>{ "Argo Rollouts: abort when failures exceed the limit" }</option>
                <option value="flagger" selected={semantics == FailureSemantics::FlaggerAtThreshold}>{ "Flagger: roll back when failures reach the threshold" }</option>
            </select>
        </div>
    </> }
}
