//! The interactive lab: one self-contained simulation with its controls, charts and pies.
//!
//! Several labs can live on one page; each owns its reducer and clock ([`super::clock`]).
//! `id` prefixes the test ids, except for the primary lab, which keeps the foundation ids
//! (`play`, `tick` ...). The lab reads the page's [`LabLink`] (hidden and locked groups, the
//! remote) and [`LabToolbar`] contexts; it imports no page that fills them in.

use std::rc::Rc;

use driftline_sim::scenario::{Scenario, ScheduledAction};
use yew::prelude::*;

use super::charts::{display_version, use_lab_charts, LabCharts};
use super::clock::{use_dispatch, use_lab};
use super::panels::{ControlVisibility, LabPanels, Visibility};
use super::quick::QuickControls;
use super::remote::LabLink;
use super::settings::Settings;
use super::state::{BranchRun, LabAction, LabState};
use super::timeline::RunTimeline;
use super::timeline_later::NewestMarks;
use super::toolbar::{LabToolbar, LabToolbarArgs};
use super::transport::ClockButtons;
use crate::components::alarm_log::AlarmLog;
use crate::components::compare_sides::CompareSides;
use crate::components::dashboard::Dashboard;
use crate::components::editable_pie::EditablePie;
use crate::components::pie_chart::{PieChart, PieEntry};
use crate::scene::model::SceneModel;
use crate::scene::view::{FactoryScene, SceneFrameMark};
use crate::share::Control;
use crate::view_model;

/// Props of [`Lab`].
#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    /// Unique per page; prefixes test ids: `<id>-play`, `<id>-tick` ...
    pub id: AttrValue,
    /// Preset to start from (Reset returns to it).
    pub scenario: Rc<Scenario>,
    /// Which control groups, charts and pies to show.
    #[prop_or_default]
    pub panels: LabPanels,
    /// The page's main lab keeps the unprefixed foundation test ids (`play`, `tick` ...).
    #[prop_or_default]
    pub primary: bool,
    /// Ticks simulated before the first paint, so the charts open with data (Reset still
    /// returns to tick 0). Zero for embeds, whose author drives the clock.
    #[prop_or_default]
    pub warm_up_ticks: u64,
    /// The chapter's story: drawn beside the lab's stage on wide screens (which stays in
    /// view while it scrolls) and between the stage and the rest on phones.
    #[prop_or_default]
    pub children: Html,
    /// Where this run parts from the one it branched from (marked on its timeline).
    #[prop_or_default]
    pub diverged_at: Option<u64>,
    /// Told this lab's actions and tick whenever they change (a branch tells its page).
    #[prop_or_default]
    pub on_run: Option<Callback<(Vec<ScheduledAction>, u64)>>,
}

/// What the lab's parts read while rendering one frame.
struct Frame<'a> {
    props: &'a LabProps,
    state: &'a LabState,
    dispatch: &'a Callback<LabAction>,
    /// Test-id prefix: empty for the primary lab, `<id>-` otherwise.
    prefix: String,
    visibility: ControlVisibility,
    charts: &'a LabCharts,
    /// Dragging a red line sets its threshold (where the threshold boxes are editable).
    on_threshold: Option<Callback<(&'static str, f64)>>,
    /// The timeline's marks at the newest tick, shown as "later" while the lab looks back.
    newest_marks: Rc<std::cell::RefCell<NewestMarks>>,
}

/// One interactive lab: its own reducer, clock and fast-forward scheduler.
#[function_component(Lab)]
pub fn lab(props: &LabProps) -> Html {
    let state = use_lab(&props.scenario, props.warm_up_ticks, props.primary);
    let dispatch = use_dispatch(&state);
    let link = use_context::<LabLink>().unwrap_or_default();
    let toolbar = use_context::<LabToolbar>();
    let visibility = ControlVisibility::new(props.panels, &link.hidden, &link.locked);
    let charts = use_lab_charts(&state, props.panels);
    let newest_marks = use_mut_ref(NewestMarks::default);
    {
        let (on_run, reported) = (props.on_run.clone(), state.clone());
        use_effect_with((state.version, state.world().tick()), move |_| {
            if let Some(on_run) = on_run {
                on_run.emit((reported.run_actions().to_vec(), reported.world().tick()));
            }
        });
    }
    let on_branch_run = {
        let dispatch = dispatch.clone();
        (*use_memo((), move |()| {
            dispatch.reform(|(actions, tick)| LabAction::BranchMoved(actions, tick))
        }))
        .clone()
    };
    // Red lines can be dragged wherever the threshold boxes could be edited.
    let on_threshold = {
        let editable = visibility.of(Control::Thresholds) == Visibility::Shown;
        let dispatch = dispatch.clone();
        (*use_memo(editable, move |&editable| {
            editable.then(|| {
                dispatch.reform(|(id, value): (&'static str, f64)| LabAction::SetThreshold {
                    id,
                    text: view_model::hover::format_value(value),
                })
            })
        }))
        .clone()
    };
    let prefix = if props.primary {
        String::new()
    } else {
        format!("{}-", props.id)
    };
    let more_id = format!(
        "{}lab-more",
        if prefix.is_empty() {
            "primary-"
        } else {
            prefix.as_str()
        }
    );
    let has_story = props.children != Html::default();
    // Over a prerendered first paint the parts far below the fold (settings, the other
    // charts, the pies) mount one per task after the rest: see `first_paint`.
    let body_parts = crate::first_paint::use_staged_mount(BODY_PARTS);
    let frame = Frame {
        props,
        state: &state,
        dispatch: &dispatch,
        prefix,
        visibility,
        charts: &charts,
        on_threshold,
        newest_marks,
    };
    let prefix = frame.prefix.clone();
    let branched = state.branch.is_some();
    html! {
        <div class={classes!("lab-layout", (has_story && !branched).then_some("has-story"), branched.then_some("branched"))} data-testid={format!("{prefix}lab")}>
            if let Some(branch) = &state.branch {
                // The compare page's two columns: the run as it happened beside the branch.
                <CompareSides test_id="branch-compare"
                    a={html! {
                        <section class="lab lab-stage compare-side" aria-label="The original run" data-testid="original-side">
                            <h3>{ "A: the run as it happened" }</h3>
                            { stage(&frame, &more_id) }
                        </section>
                    }}
                    b={html! {
                        <div class="compare-side branch-side" data-testid="branch-side">{ branch_side(branch, &dispatch, on_branch_run, props.panels) }</div>
                    }} />
            } else {
                // Its own box, so the stage sticks beside the story only, never over the
                // charts and settings below it.
                <div class="lab-lead">
                    <section class="lab lab-stage" aria-label="Interactive lab">{ stage(&frame, &more_id) }</section>
                    if has_story {
                        <div class="lab-story">{ props.children.clone() }</div>
                    }
                </div>
            }
            <section class="lab lab-more" id={more_id} aria-label="All charts and settings" tabindex="-1">
                if let (true, Some(toolbar)) = (props.primary, &toolbar) {
                    { toolbar.0.emit(LabToolbarArgs { state: (*state).clone(), dispatch: dispatch.clone(), prefix: prefix.clone() }) }
                }
                if !crate::first_paint::BUILD_TIME && body_parts > 0 {
                <div class="lab-body">
                    <aside class="lab-controls" aria-label="Lab settings">{ settings(&frame) }</aside>
                    <div class="lab-main">{ more(&frame, body_parts) }</div>
                </div>
                }
            </section>
        </div>
    }
}

/// Parts of the lab's body, in the order they mount over a first paint: the settings, the
/// other charts, the pies.
const BODY_PARTS: u32 = 3;

/// The stage: clock, counters, the factory picture, the one-click controls, the lesson's
/// two charts and the alarm log.
fn stage(f: &Frame<'_>, more_id: &str) -> Html {
    let (state, prefix, charts) = (f.state, f.prefix.as_str(), f.charts);
    let scene = f.props.panels.factory.then(|| {
        #[cfg(target_arch = "wasm32")]
        crate::bench_hooks::scene_model_started();
        let model = Rc::new(SceneModel::of(
            &state.world(),
            u64::from(state.ticks_per_beat),
            charts.firing.clone(),
        ));
        #[cfg(target_arch = "wasm32")]
        crate::bench_hooks::scene_model_built();
        model
    });
    let (automation, pattern) = {
        let world = state.world();
        (world.automation(), world.rollout().pattern().kind())
    };
    let clock = f.visibility.of(Control::Clock);
    let send = |action: LabAction| f.dispatch.reform(move |()| action.clone());
    let to_more = {
        let more_id = more_id.to_owned();
        Callback::from(move |_: MouseEvent| scroll_to(&more_id))
    };
    let names: Vec<(&'static str, &'static str)> = state
        .thresholds
        .iter()
        .map(|(s, _)| (s.id, s.caption))
        .collect();
    html! { <>
        if let Some(error) = &state.error {
            <p class="notice" role="status">{ error.clone() }</p>
        }
        <div class="lab-top">
            if clock.shown() {
            <ClockButtons locked={clock.locked()} playing={state.playing} busy={state.fast_forward.is_some()}
                on_toggle_play={send(LabAction::TogglePlay)} on_step={send(LabAction::Step)}
                on_reset={send(LabAction::Reset)} test_prefix={prefix.to_owned()} />
            }
            { stats(f) }
            <button class="link-button" data-testid={format!("{prefix}to-settings")} onclick={to_more}>{ "All settings \u{2193}" }</button>
        </div>
        if let Some(notice) = &state.notice {
            <p class="notice" role="status" data-testid={format!("{prefix}notice")}>{ notice.clone() }</p>
        }
        if let Some(model) = scene {
            // Before the picture: Yew reconciles siblings from the last to the first,
            // so the mark's update is queued, and runs, just after the picture's.
            <SceneFrameMark frame={Rc::clone(&model)} />
            <FactoryScene {model} test_prefix={prefix.to_owned()} />
        }
        <QuickControls dispatch={f.dispatch.clone()} visibility={f.visibility.clone()} {automation} {pattern} test_prefix={prefix.to_owned()} />
        if !charts.stage.is_empty() {
            { dashboard(f, Rc::clone(&charts.stage), true) }
        }
        if f.props.panels.alarm_log {
            <AlarmLog entries={charts.log.clone()} {names} test_prefix={prefix.to_owned()} />
        }
        { timeline(f) }
    </> }
}

/// The run's timeline (see [`super::timeline`]).
fn timeline(f: &Frame<'_>) -> Html {
    let state = f.state;
    let current = super::timeline_marks::run_marks(
        &state.world(),
        state.run_actions(),
        &f.charts.log,
        &state.thresholds,
    );
    let marks = Rc::new(f.newest_marks.borrow_mut().show(
        current,
        state.world().tick(),
        state.newest_tick(),
    ));
    let on_branch = f.props.primary.then(|| {
        let state = state.clone();
        f.dispatch
            .reform(move |at: u64| LabAction::SetBranch(Some(Rc::new(state.branch_at(at)))))
    });
    let diverged_at = f
        .props
        .diverged_at
        .or_else(|| state.branch.as_ref().map(|b| b.fork));
    html! {
        <RunTimeline tick={state.world().tick()} newest={state.newest_tick()} {marks} {diverged_at}
            on_seek={f.dispatch.reform(LabAction::Seek)} {on_branch} locked={f.visibility.of(Control::Clock).locked()}
            test_prefix={f.prefix.clone()} />
    }
}

/// "Try something else from here": a second lab that replays the run up to the fork,
/// beside the original, for the reader to take another action in.
fn branch_side(
    branch: &BranchRun,
    dispatch: &Callback<LabAction>,
    on_run: Callback<(Vec<ScheduledAction>, u64)>,
    panels: LabPanels,
) -> Html {
    let close = dispatch.reform(|_: MouseEvent| LabAction::SetBranch(None));
    let at = branch.fork;
    html! { <>
        <h3>{ format!("B: the same run from tick {at}, for you to change") }</h3>
        <p class="lead">{ "Both runs share everything up to the black mark on their timelines. Take another action here (a rollout, a rollback, a retrain, another automation level) and play both." }
            <button class="link-button" onclick={close} data-testid="branch-close">{ "Close the branch" }</button></p>
        <Lab id="branch" scenario={Rc::clone(&branch.start)} warm_up_ticks={branch.warm_up} diverged_at={Some(at)} {panels} on_run={Some(on_run)} />
    </> }
}

/// The counters beside the clock.
fn stats(f: &Frame<'_>) -> Html {
    let prefix = f.prefix.as_str();
    let world = f.state.world();
    let totals = world.totals();
    let firing_now = f
        .charts
        .stage
        .iter()
        .chain(f.charts.more.iter())
        .filter(|c| c.track.now == Some(true))
        .count();
    html! {
        <div class="stat-row" aria-live="off">
            <span>{ "Tick " }<strong class="tick" data-testid={format!("{prefix}tick")}>{ world.tick() }</strong></span>
            <span>{ "Phones decided " }<strong>{ totals.decided }</strong></span>
            <span>{ "Escaped defects " }<strong data-testid={format!("{prefix}escaped")}>{ totals.decisions.fn_ }</strong></span>
            <span>{ "False rejects " }<strong>{ totals.decisions.fp }</strong></span>
            <span>{ "Alarms firing " }<strong data-testid={format!("{prefix}firing")}>{ firing_now }</strong></span>
        </div>
    }
}

/// A dashboard of `charts` (the stage's compact one, or the one under "All settings").
fn dashboard(f: &Frame<'_>, charts: Rc<Vec<view_model::ChartView>>, compact: bool) -> Html {
    let candidate_share = {
        let world = f.state.world();
        // The candidate's live share of model traffic, shown beside its series.
        world
            .candidate_model()
            .map(|_| world.rollout().candidate_weight_pct())
    };
    html! {
        <Dashboard {charts} x_range={f.charts.x_range} events={Rc::clone(&f.charts.events)} version={display_version(f.state)}
            test_prefix={f.prefix.clone()} on_threshold={f.on_threshold.clone()} {compact} {candidate_share} />
    }
}

/// Every setting of the lab (see [`super::settings`]).
fn settings(f: &Frame<'_>) -> Html {
    let state = f.state;
    let world = state.world();
    html! {
        <Settings
            dispatch={f.dispatch.clone()}
            visibility={f.visibility.clone()}
            test_prefix={f.prefix.clone()}
            speed={state.ticks_per_beat}
            seed={world.scenario().seed}
            fast_forward={state.fast_forward}
            automation={world.automation()}
            pattern={world.rollout().pattern().kind()}
            deployment_status={view_model::deployment_status(&world)}
            serving={world.scenario().serving}
            thresholds={state.thresholds.clone()}
            field_errors={state.field_errors.clone()}
            start_pattern={state.scenario().pattern.clone()}
            start_candidate={state.scenario().candidate.map(|c| c.preset)}
        />
    }
}

/// Under "All settings": the other charts, what cannot be charted now, recent events, pies
/// (`parts` of [`BODY_PARTS`] mounted so far: the charts from the second, the pies the third).
fn more(f: &Frame<'_>, parts: u32) -> Html {
    let (charts, prefix) = (f.charts, f.prefix.as_str());
    let recent_markers = charts
        .markers
        .iter()
        .rev()
        .take(4)
        .map(|m| html! { <li>{ format!("tick {}: {}", m.tick, m.label) }</li> });
    if parts < 2 {
        return Html::default();
    }
    html! { <>
        if !charts.more.is_empty() {
            { dashboard(f, Rc::clone(&charts.more), false) }
        }
        if !charts.unavailable.is_empty() {
            <ul class="card charts-unavailable" data-testid={format!("{prefix}charts-unavailable")}>
                { for charts.unavailable.iter().map(|(caption, why)| html! { <li><strong>{ *caption }</strong>{ format!(": not shown, {why}.") }</li> }) }
            </ul>
        }
        if !charts.markers.is_empty() {
            <div class="card markers">
                <h3>{ "Recent events (pink lines)" }</h3>
                <ul>{ for recent_markers }</ul>
            </div>
        }
        if f.props.panels.pies && parts >= BODY_PARTS {
            { pies(f) }
        }
    </> }
}

/// The live pies and the editable one.
fn pies(f: &Frame<'_>) -> Html {
    let prefix = f.prefix.as_str();
    let pies = view_model::pies::all(&f.state.world());
    let views = pies.into_iter().map(|pie| {
        let entries: Vec<PieEntry> = pie
            .wedges
            .iter()
            .map(|w| PieEntry { label: w.label.clone().into(), value: w.value, colour: w.colour.clone().into() })
            .collect();
        let marks: Vec<AttrValue> = pie.wedges.iter().map(|w| AttrValue::from(w.mark)).collect();
        html! { <div class="card"><PieChart id={pie.id} title={pie.title.clone()} {entries} {marks} test_prefix={prefix.to_owned()} /></div> }
    });
    html! {
        <section class="pies" aria-label="Summaries">
            <h3 class="family-title">{ "Summaries" }</h3>
            <div class="dashboard">
                { for views }
                <div class="card"><EditablePie test_prefix={prefix.to_owned()} /></div>
            </div>
        </section>
    }
}

/// Brings the element with `id` into view and gives it focus (keyboard users land there).
fn scroll_to(id: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(e) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        e.scroll_into_view();
        let _ = e.focus();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}
