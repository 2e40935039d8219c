//! The lab's settings, one small file per group of controls: run (speed, fast-forward,
//! seed), automation, deployment, serving, drift, retraining, alarm thresholds. A group with
//! state of its own is a hook (`use_run_group`), the others plain functions, all drawn by
//! the one [`Settings`] component. Every control has a label and is a native form element, so keyboards and
//! screen readers work without extra wiring; every number field goes through
//! [`field::NumberField`] and [`field::on_parsed`]. A new control belongs to its group's
//! file; a new group is one file plus one line here.

pub mod automation;
pub mod deployment;
pub mod drift;
pub mod field;
pub mod retrain;
pub mod run;
pub mod serving;
pub mod thresholds;

use std::collections::BTreeMap;

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{Pattern, PatternKind};
use driftline_sim::model::ModelPreset;
use driftline_sim::serving::ServingConfig;
use yew::prelude::*;

use super::panels::ControlVisibility;
use super::state::{FastForward, LabAction};
use crate::share::Control;
use crate::view_model::Thresholds;
use automation::{automation_group, AutomationGroupProps};
use deployment::{use_deployment_group, DeploymentGroupProps};
use drift::{use_drift_group, DriftGroupProps};
use retrain::{retrain_group, RetrainGroupProps};
use run::{use_run_group, RunGroupProps};
use serving::{use_serving_group, ServingGroupProps};
use thresholds::{thresholds_group, ThresholdsGroupProps};

/// Props of [`Settings`]: what the groups show, none of it changing on a plain beat.
#[derive(Properties, Clone, PartialEq)]
pub struct SettingsProps {
    /// Sends actions to the lab's reducer.
    pub dispatch: Callback<LabAction>,
    /// How each group is shown.
    pub visibility: ControlVisibility,
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
    /// The rollout the lab's scenario starts with (the deployment form follows it).
    #[prop_or_default]
    pub start_pattern: Pattern,
    /// The candidate model the lab's scenario starts with (`None`: the trained model).
    #[prop_or_default]
    pub start_candidate: Option<ModelPreset>,
}

/// The settings panel.
#[function_component(Settings)]
pub fn settings(props: &SettingsProps) -> Html {
    let dispatch = props.dispatch.clone();
    let prefix = props.test_prefix.clone();
    let errors = props.field_errors.clone();
    let shown = |c: Control| props.visibility.of(c);
    // The groups with state of their own are hooks, called in the same order every render;
    // one component for the whole panel, because each Yew component carries its own copy of
    // the framework's generic lifecycle code (twiggy: 5-9 KB of wasm each).
    let run = use_run_group(&RunGroupProps {
        dispatch: dispatch.clone(),
        prefix: prefix.clone(),
        speed_shown: shown(Control::Speed),
        clock_shown: shown(Control::Clock),
        seed_shown: shown(Control::Seed),
        speed: props.speed,
        seed: props.seed,
        fast_forward: props.fast_forward,
        errors: errors.clone(),
    });
    let deployment = use_deployment_group(&DeploymentGroupProps {
        dispatch: dispatch.clone(),
        prefix: prefix.clone(),
        shown: shown(Control::Deployment),
        pattern: props.pattern,
        status: props.deployment_status.clone(),
        errors: errors.clone(),
        start_pattern: props.start_pattern.clone(),
        start_candidate: props.start_candidate,
    });
    let serving = use_serving_group(&ServingGroupProps {
        dispatch: dispatch.clone(),
        prefix: prefix.clone(),
        shown: shown(Control::Serving),
        serving: props.serving,
        errors: errors.clone(),
    });
    let drift = use_drift_group(&DriftGroupProps {
        dispatch: dispatch.clone(),
        prefix: prefix.clone(),
        shown: shown(Control::Drift),
        errors: errors.clone(),
    });
    let automation = automation_group(&AutomationGroupProps {
        dispatch: dispatch.clone(),
        prefix: prefix.clone(),
        shown: shown(Control::Automation),
        automation: props.automation,
    });
    let retrain = retrain_group(&RetrainGroupProps {
        dispatch: dispatch.clone(),
        prefix: prefix.clone(),
        shown: shown(Control::Retrain),
    });
    let thresholds = thresholds_group(&ThresholdsGroupProps {
        dispatch,
        prefix,
        shown: shown(Control::Thresholds),
        thresholds: props.thresholds.clone(),
        errors,
    });
    html! {
        <div class="control-panel">
            { run }
            { automation }
            { deployment }
            { serving }
            { drift }
            { retrain }
            { thresholds }
        </div>
    }
}
