//! The lab's settings: speed, fast-forward and seed; automation; deployment pattern;
//! serving; drift injection; retraining; alarm thresholds. Every control has a label and
//! is a native form element, so keyboards and screen readers work without extra wiring.

use std::collections::{BTreeMap, BTreeSet};

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{
    BlueGreenConfig, CanaryConfig, FailureSemantics, Pattern, PatternKind,
};
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::model::ModelPreset;
use driftline_sim::serving::{ServingConfig, ServingMode, Site};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::controls::target_value;

use crate::components::lab::LabPanels;
use crate::share::Control;
use crate::state::{Action, FastForward, SPEEDS};
use crate::view_model::hover::format_value;
use crate::view_model::input::{parse_count, parse_threshold};
use crate::view_model::Thresholds;

/// Props of [`ControlPanel`].
#[derive(Properties, Clone, PartialEq)]
pub struct ControlPanelProps {
    /// Sends actions to the lab's reducer.
    pub dispatch: Callback<Action>,
    /// Which groups to show.
    pub panels: LabPanels,
    /// Prefix of the test ids.
    pub test_prefix: AttrValue,
    /// Ticks per beat.
    pub speed: u32,
    /// Seed in force.
    pub seed: u64,
    /// Fast-forward in progress.
    pub fast_forward: Option<FastForward>,
    /// Automation level in force.
    pub automation: AutomationLevel,
    /// Pattern kind in force.
    pub pattern: PatternKind,
    /// Deployment status line.
    pub deployment_status: AttrValue,
    /// Serving settings in force.
    pub serving: ServingConfig,
    /// Current thresholds.
    pub thresholds: Thresholds,
    /// Field errors.
    pub field_errors: BTreeMap<String, String>,
    /// Control groups not shown (embed `hide=`; the lab also drops hidden groups from `panels`).
    #[prop_or_default]
    pub hidden: BTreeSet<Control>,
    /// Control groups shown but disabled (embed `lock=`).
    #[prop_or_default]
    pub locked: BTreeSet<Control>,
    /// The rollout the lab's scenario starts with: the deployment form follows it whenever
    /// the lab loads another scenario (a chapter preset, a shared link, an import, a seed).
    #[prop_or_default]
    pub start_pattern: Pattern,
    /// The candidate model the lab's scenario starts with (`None`: the trained model).
    #[prop_or_default]
    pub start_candidate: Option<ModelPreset>,
}

fn input_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
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
const CANDIDATES: [(ModelPreset, &str); 4] = [
    (ModelPreset::Trained, "Good (trained)"),
    (ModelPreset::WrongLabels, "Bad (trained on wrong labels)"),
    (ModelPreset::BrokenFeature, "Bad (broken feature)"),
    (ModelPreset::AlwaysPass, "Always PASS"),
];

/// Shows a field's error next to it (role=alert so it is read out once).
fn field_error(errors: &BTreeMap<String, String>, key: &str, prefix: &str) -> Html {
    match errors.get(key) {
        Some(message) => {
            html! { <p class="field-error" role="alert" data-testid={format!("{prefix}{key}-error")}>{ message.clone() }</p> }
        }
        None => Html::default(),
    }
}

/// The settings panel.
#[allow(clippy::too_many_lines)] // A form: one block per group, top to bottom.
#[function_component(ControlPanel)]
pub fn control_panel(props: &ControlPanelProps) -> Html {
    let p = props.test_prefix.to_string();
    let d = props.dispatch.clone();
    let id = |name: &str| format!("{p}{name}");
    let hides = |c: Control| props.hidden.contains(&c);
    let locks = |c: Control| props.locked.contains(&c);

    // --- speed, fast-forward, seed ---
    let ff_ticks = use_state(|| 500_u64);
    let on_speed = d.reform(|e: Event| Action::SetSpeed(target_value(&e).parse().unwrap_or(1)));
    let on_ff_ticks = {
        let ff_ticks = ff_ticks.clone();
        let d = d.clone();
        Callback::from(move |e: Event| {
            match parse_count(&input_value(&e), 1, crate::state::MAX_FAST_FORWARD_TICKS) {
                Ok(v) => {
                    ff_ticks.set(v);
                    d.emit(Action::ClearFieldError("ff-ticks".into()));
                }
                Err(message) => d.emit(Action::RejectInput {
                    field: "ff-ticks".into(),
                    message,
                }),
            }
        })
    };
    let on_ff = {
        let ticks = *ff_ticks;
        d.reform(move |_: MouseEvent| Action::FastForward(ticks))
    };
    let on_ff_cancel = d.reform(|_: MouseEvent| Action::CancelFastForward);
    let on_seed =
        d.reform(
            |e: Event| match parse_count(&input_value(&e), 0, u64::from(u32::MAX)) {
                Ok(seed) => Action::SetSeed(seed),
                Err(message) => Action::RejectInput {
                    field: "seed".into(),
                    message,
                },
            },
        );
    let run_group = html! {
        <fieldset class="group">
            <legend>{ "Run" }</legend>
            if !hides(Control::Speed) {
            <div class="field">
                <label for={id("speed")}>{ "Speed" }</label>
                <select id={id("speed")} data-testid={id("speed")} onchange={on_speed} disabled={locks(Control::Speed)}>
                    { for SPEEDS.iter().map(|&s| html! { <option value={s.to_string()} selected={s == props.speed}>{ if s == 1 { "1 tick per beat".to_owned() } else { format!("{s} ticks per beat") } }</option> }) }
                </select>
            </div>
            }
            if !hides(Control::Clock) {
            <div class="field">
                <label for={id("ff-ticks")}>{ "Fast-forward ticks" }</label>
                <input id={id("ff-ticks")} data-testid={id("ff-ticks")} type="number" min="1" inputmode="numeric" value={ff_ticks.to_string()} onchange={on_ff_ticks} disabled={locks(Control::Clock)} />
                <button data-testid={id("fast-forward")} onclick={on_ff} disabled={locks(Control::Clock) || props.fast_forward.is_some()}>{ "Fast-forward" }</button>
                if props.fast_forward.is_some() {
                    <button data-testid={id("ff-cancel")} onclick={on_ff_cancel}>{ "Stop" }</button>
                }
            </div>
            }
            { field_error(&props.field_errors, "ff-ticks", &p) }
            if let Some(ff) = props.fast_forward {
                <div class="field">
                    <label for={id("ff-progress")}>{ format!("Fast-forwarding {} ticks", ff.total) }</label>
                    <progress id={id("ff-progress")} data-testid={id("ff-progress")} max="1" value={format!("{:.3}", ff.progress())}>{ format!("{:.0}%", ff.progress() * 100.0) }</progress>
                </div>
            }
            if !hides(Control::Seed) {
            <div class="field">
                <label for={id("seed")}>{ "Seed (restarts the run)" }</label>
                <input id={id("seed")} data-testid={id("seed")} type="number" min="0" inputmode="numeric" value={props.seed.to_string()} onchange={on_seed} disabled={locks(Control::Seed)} />
            </div>
            }
            { field_error(&props.field_errors, "seed", &p) }
        </fieldset>
    };

    // --- automation ---
    let automation_group = props.panels.automation.then(|| {
        let radios = AutomationLevel::ALL.iter().enumerate().map(|(i, &level)| {
            let onchange = d.reform(move |_: Event| Action::SetAutomation(level));
            let rid = id(&format!("automation-{i}"));
            html! {
                <label class="radio" for={rid.clone()}>
                    <input type="radio" id={rid.clone()} data-testid={rid} name={id("automation")} checked={props.automation == level} {onchange} />
                    { format!("{}. {}", i + 1, automation_name(level)) }
                </label>
            }
        });
        html! { <fieldset class="group" disabled={locks(Control::Automation)}><legend>{ "Degree of automation" }</legend>{ for radios }</fieldset> }
    });

    // --- deployment ---
    let pattern_kind = use_state(|| props.pattern);
    let canary = use_state(CanaryConfig::default);
    let candidate = use_state(|| ModelPreset::Trained);
    {
        // Without this the form kept its first values, so a lab that loaded a canary preset
        // after mounting showed "Pattern: None" next to a running canary.
        let (pattern_kind, canary, candidate) =
            (pattern_kind.clone(), canary.clone(), candidate.clone());
        use_effect_with(
            (props.start_pattern.clone(), props.start_candidate),
            move |(pattern, preset)| {
                pattern_kind.set(pattern.kind());
                if let Pattern::Canary(config) = pattern {
                    canary.set(config.clone());
                }
                candidate.set(preset.unwrap_or(ModelPreset::Trained));
            },
        );
    }
    let deployment_group = props.panels.deployment.then(|| {
        let on_kind = {
            let pattern_kind = pattern_kind.clone();
            Callback::from(move |e: Event| {
                pattern_kind.set(match target_value(&e).as_str() {
                    "shadow" => PatternKind::Shadow,
                    "canary" => PatternKind::Canary,
                    "blue_green" => PatternKind::BlueGreen,
                    _ => PatternKind::None,
                });
            })
        };
        let on_candidate = {
            let candidate = candidate.clone();
            Callback::from(move |e: Event| {
                let i: usize = target_value(&e).parse().unwrap_or(0);
                candidate.set(CANDIDATES.get(i).map_or(ModelPreset::Trained, |c| c.0));
            })
        };
        let number = |key: &'static str, label: &str, value: u64, min: u64, max: u64, apply: fn(&mut CanaryConfig, u64)| {
            let canary = canary.clone();
            let d = d.clone();
            let onchange = Callback::from(move |e: Event| match parse_count(&input_value(&e), min, max) {
                Ok(v) => {
                    let mut next = (*canary).clone();
                    apply(&mut next, v);
                    canary.set(next);
                    d.emit(Action::ClearFieldError(key.into()));
                }
                Err(message) => d.emit(Action::RejectInput { field: key.into(), message }),
            });
            let fid = id(key);
            html! {
                <>
                <div class="field">
                    <label for={fid.clone()}>{ label.to_owned() }</label>
                    <input id={fid.clone()} data-testid={fid} type="number" inputmode="numeric" min={min.to_string()} max={max.to_string()} value={value.to_string()} {onchange} />
                </div>
                { field_error(&props.field_errors, key, &p) }
                </>
            }
        };
        let on_semantics = {
            let canary = canary.clone();
            Callback::from(move |e: Event| {
                let mut next = (*canary).clone();
                next.semantics = if target_value(&e) == "flagger" { FailureSemantics::FlaggerAtThreshold } else { FailureSemantics::ArgoPastLimit };
                canary.set(next);
            })
        };
        let on_start = {
            let kind = *pattern_kind;
            let config = (*canary).clone();
            let preset = *candidate;
            d.reform(move |_: MouseEvent| {
                let pattern = match kind {
                    PatternKind::None => Pattern::None,
                    PatternKind::Shadow => Pattern::Shadow,
                    PatternKind::Canary => Pattern::Canary(config.clone()),
                    PatternKind::BlueGreen => Pattern::BlueGreen(BlueGreenConfig::default()),
                };
                Action::SetPatternWith { candidate: preset, pattern }
            })
        };
        let c = &*canary;
        html! {
            <fieldset class="group" disabled={locks(Control::Deployment)}>
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
                        <option value="none" selected={*pattern_kind == PatternKind::None}>{ "None" }</option>
                        <option value="shadow" selected={*pattern_kind == PatternKind::Shadow}>{ "Shadow" }</option>
                        <option value="canary" selected={*pattern_kind == PatternKind::Canary}>{ "Canary" }</option>
                        <option value="blue_green" selected={*pattern_kind == PatternKind::BlueGreen}>{ "Blue-green" }</option>
                    </select>
                </div>
                if *pattern_kind == PatternKind::Canary {
                    { number("canary-step", "Step weight %", u64::from(c.step_weight_pct), 1, 100, |c, v| c.step_weight_pct = u8::try_from(v).unwrap_or(100)) }
                    { number("canary-interval", "Interval (ticks)", c.interval_ticks, 1, 10_000, |c, v| c.interval_ticks = v) }
                    { number("canary-max", "Max weight %", u64::from(c.max_weight_pct), 1, 100, |c, v| c.max_weight_pct = u8::try_from(v).unwrap_or(100)) }
                    { number("canary-failures", "Failure limit", u64::from(c.failure_limit), 0, 100, |c, v| c.failure_limit = u32::try_from(v).unwrap_or(100)) }
                    <div class="field">
                        <label for={id("canary-semantics")}>{ "Failure rule" }</label>
                        <select id={id("canary-semantics")} data-testid={id("canary-semantics")} onchange={on_semantics}>
                            <option value="argo" selected={c.semantics == FailureSemantics::ArgoPastLimit}>{ "Argo Rollouts: abort when failures exceed the limit" }</option>
                            <option value="flagger" selected={c.semantics == FailureSemantics::FlaggerAtThreshold}>{ "Flagger: roll back when failures reach the threshold" }</option>
                        </select>
                    </div>
                }
                <div class="field buttons">
                    <button class="primary" data-testid={id("start-pattern")} onclick={on_start}>{ "Start rollout" }</button>
                    <button data-testid={id("promote")} onclick={d.reform(|_: MouseEvent| Action::Promote)}>{ "Promote" }</button>
                    <button data-testid={id("rollback")} onclick={d.reform(|_: MouseEvent| Action::Rollback)}>{ "Roll back" }</button>
                </div>
                { field_error(&props.field_errors, "pattern", &p) }
                <p class="status" data-testid={id("deployment-status")}>{ props.deployment_status.clone() }</p>
            </fieldset>
        }
    });

    // --- serving ---
    let serving = use_state(|| props.serving);
    let serving_group = props.panels.serving.then(|| {
        let s = *serving;
        let on_site = {
            let serving = serving.clone();
            Callback::from(move |e: Event| {
                let site = if target_value(&e) == "cloud" { Site::Cloud } else { Site::Edge };
                serving.set(ServingConfig { site, ..*serving });
            })
        };
        let on_mode = {
            let serving = serving.clone();
            Callback::from(move |e: Event| {
                let mode = if target_value(&e) == "batch" { ServingMode::Batch { batch_every_ticks: 6 } } else { ServingMode::RealTime };
                serving.set(ServingConfig { mode, ..*serving });
            })
        };
        let on_servers = {
            let serving = serving.clone();
            let d = d.clone();
            Callback::from(move |e: Event| match parse_count(&input_value(&e), 1, 256) {
                Ok(v) => {
                    serving.set(ServingConfig { servers: u32::try_from(v).unwrap_or(1), ..*serving });
                    d.emit(Action::ClearFieldError("servers".into()));
                }
                Err(message) => d.emit(Action::RejectInput { field: "servers".into(), message }),
            })
        };
        let on_logging = {
            let serving = serving.clone();
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                serving.set(ServingConfig { logging: on, ..*serving });
            })
        };
        let on_apply = d.reform(move |_: MouseEvent| Action::SetServing(s));
        html! {
            <fieldset class="group" disabled={locks(Control::Serving)}>
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
                <div class="field">
                    <label for={id("servers")}>{ "Servers" }</label>
                    <input id={id("servers")} data-testid={id("servers")} type="number" min="1" max={s.site.profile().max_servers.to_string()} value={s.servers.to_string()} onchange={on_servers} />
                </div>
                { field_error(&props.field_errors, "servers", &p) }
                <div class="field">
                    <label class="radio" for={id("logging")}>
                        <input type="checkbox" id={id("logging")} data-testid={id("logging")} checked={s.logging} onchange={on_logging} />
                        { "Log images and verdicts (needed for retraining)" }
                    </label>
                </div>
                <button data-testid={id("apply-serving")} onclick={on_apply}>{ "Apply (restarts the run)" }</button>
                { field_error(&props.field_errors, "serving", &p) }
            </fieldset>
        }
    });

    // --- drift ---
    let drift_kind = use_state(|| 0_usize);
    let drift_shape = use_state(|| 0_usize);
    let magnitude = use_state(|| 0.5_f64);
    let width = use_state(|| 300_u64);
    let start_at = use_state(|| None::<u64>);
    let drift_group = props.panels.drift.then(|| {
        let pick = |state: &UseStateHandle<usize>| {
            let state = state.clone();
            Callback::from(move |e: Event| state.set(target_value(&e).parse().unwrap_or(0)))
        };
        let on_magnitude = {
            let magnitude = magnitude.clone();
            let d = d.clone();
            Callback::from(move |e: Event| match parse_threshold(&input_value(&e), 0.0, 1.0) {
                Ok(v) => {
                    magnitude.set(v);
                    d.emit(Action::ClearFieldError("magnitude".into()));
                }
                Err(message) => d.emit(Action::RejectInput { field: "magnitude".into(), message }),
            })
        };
        let on_width = {
            let width = width.clone();
            let d = d.clone();
            Callback::from(move |e: Event| match parse_count(&input_value(&e), 1, 100_000) {
                Ok(v) => {
                    width.set(v);
                    d.emit(Action::ClearFieldError("width".into()));
                }
                Err(message) => d.emit(Action::RejectInput { field: "width".into(), message }),
            })
        };
        let on_start_at = {
            let start_at = start_at.clone();
            let d = d.clone();
            Callback::from(move |e: Event| {
                let text = input_value(&e);
                if text.trim().is_empty() {
                    start_at.set(None);
                    d.emit(Action::ClearFieldError("drift-start".into()));
                    return;
                }
                match parse_count(&text, 0, 10_000_000) {
                    Ok(v) => {
                        start_at.set(Some(v));
                        d.emit(Action::ClearFieldError("drift-start".into()));
                    }
                    Err(message) => d.emit(Action::RejectInput { field: "drift-start".into(), message }),
                }
            })
        };
        let event = DriftEvent {
            kind: DRIFT_KINDS.get(*drift_kind).map_or(DriftKind::LightingDim, |k| k.0),
            shape: DRIFT_SHAPES.get(*drift_shape).map_or(DriftShape::Sudden, |s| s.0),
            // "Now" is filled in by the reducer (Action::InjectDriftNow).
            start_tick: start_at.unwrap_or(0),
            width_ticks: *width,
            magnitude: *magnitude,
        };
        let start_now = start_at.is_none();
        let on_inject = d.reform(move |_: MouseEvent| {
            if start_now {
                Action::InjectDriftNow(event)
            } else {
                Action::InjectDrift(event)
            }
        });
        html! {
            <fieldset class="group" disabled={locks(Control::Drift)}>
                <legend>{ "Drift" }</legend>
                <div class="field">
                    <label for={id("drift-kind")}>{ "What changes" }</label>
                    <select id={id("drift-kind")} data-testid={id("drift-kind")} onchange={pick(&drift_kind)}>
                        { for DRIFT_KINDS.iter().enumerate().map(|(i, (_, n))| html! { <option value={i.to_string()} selected={i == *drift_kind}>{ *n }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for={id("drift-shape")}>{ "Shape" }</label>
                    <select id={id("drift-shape")} data-testid={id("drift-shape")} onchange={pick(&drift_shape)}>
                        { for DRIFT_SHAPES.iter().enumerate().map(|(i, (_, n))| html! { <option value={i.to_string()} selected={i == *drift_shape}>{ *n }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for={id("magnitude")}>{ "Magnitude (0 to 1)" }</label>
                    <input id={id("magnitude")} data-testid={id("magnitude")} type="text" inputmode="decimal" value={magnitude.to_string()} onchange={on_magnitude} />
                </div>
                { field_error(&props.field_errors, "magnitude", &p) }
                <div class="field">
                    <label for={id("width")}>{ "Width (ticks; gradual, incremental, recurring)" }</label>
                    <input id={id("width")} data-testid={id("width")} type="number" min="1" value={width.to_string()} onchange={on_width} />
                </div>
                { field_error(&props.field_errors, "width", &p) }
                <div class="field">
                    <label for={id("drift-start")}>{ "Start at tick (empty: now)" }</label>
                    <input id={id("drift-start")} data-testid={id("drift-start")} type="number" min="0" placeholder="now" onchange={on_start_at} />
                </div>
                { field_error(&props.field_errors, "drift-start", &p) }
                <button class="primary" data-testid={id("inject-drift")} onclick={on_inject}>{ "Inject drift" }</button>
            </fieldset>
        }
    });

    let retrain_group = props.panels.retrain.then(|| html! {
        <fieldset class="group" disabled={locks(Control::Retrain)}>
            <legend>{ "Model" }</legend>
            <button class="primary" data-testid={id("retrain")} onclick={d.reform(|_: MouseEvent| Action::Retrain)}>{ "Retrain on logged labels" }</button>
        </fieldset>
    });

    let thresholds_group = props.panels.thresholds.then(|| {
        let rows = props.thresholds.iter().map(|(spec, value)| {
            let key = format!("threshold-{}", spec.id);
            let metric = spec.id;
            let onchange = d.reform(move |e: Event| Action::SetThreshold { id: metric, text: input_value(&e) });
            let fid = id(&key);
            html! {
                <div class="threshold-row">
                    <div class="field">
                        <label for={fid.clone()}>{ spec.caption }</label>
                        <input id={fid.clone()} data-testid={fid.clone()} type="text" inputmode="decimal" value={format_value(value)} {onchange}
                            aria-describedby={format!("{fid}-current")} />
                        <span class="muted" id={format!("{fid}-current")} data-testid={format!("{fid}-current")}>{ format!("now {}", format_value(value)) }</span>
                    </div>
                    { field_error(&props.field_errors, &key, &p) }
                </div>
            }
        });
        html! {
            <fieldset class="group thresholds" disabled={locks(Control::Thresholds)}>
                <legend>{ "Alarm thresholds (red lines)" }</legend>
                { for rows }
            </fieldset>
        }
    });

    html! {
        <div class="control-panel">
            { run_group }
            { automation_group.unwrap_or_default() }
            { deployment_group.unwrap_or_default() }
            { serving_group.unwrap_or_default() }
            { drift_group.unwrap_or_default() }
            { retrain_group.unwrap_or_default() }
            { thresholds_group.unwrap_or_default() }
        </div>
    }
}
