//! The interactive lab: one self-contained simulation with its controls, charts and pies.
//!
//! Several labs can live on one page; each owns its reducer and clock. `id` prefixes the
//! test ids, except for the primary lab, which keeps the foundation ids (`play`, `tick` ...).

use std::collections::BTreeSet;
use std::rc::Rc;

use driftline_sim::scenario::Scenario;
use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use crate::components::alarm_log::AlarmLog;
use crate::components::control_panel::ControlPanel;
use crate::components::controls::Controls;
use crate::components::dashboard::Dashboard;
use crate::components::editable_pie::EditablePie;
use crate::components::pie_chart::{PieChart, PieEntry};
use crate::components::quick_controls::QuickControls;
use crate::embed::remote::{LabLink, LabStatus};
use crate::scene::model::SceneModel;
use crate::scene::view::{FactoryScene, SceneFrameMark};
use crate::share::Control;
use crate::state::{next_slice_ticks, Action, AppState, FAST_FORWARD_SLICE_TICKS};
use crate::view_model::chart_cache::ChartCache;
use crate::view_model::{self, metrics::Family, ChartView};

/// Which control groups, charts and pies a lab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)] // One switch per panel is the clearest shape here.
pub struct LabPanels {
    /// Degree-of-automation selector.
    pub automation: bool,
    /// Deployment pattern settings (shadow, canary, blue-green).
    pub deployment: bool,
    /// Serving choices (site, mode, servers, logging).
    pub serving: bool,
    /// Drift injection.
    pub drift: bool,
    /// Editable alarm thresholds.
    pub thresholds: bool,
    /// Retrain button.
    pub retrain: bool,
    /// Animated factory line.
    pub factory: bool,
    /// Latency and CPU charts.
    pub software_charts: bool,
    /// Brightness, drift statistic and missing-share charts.
    pub input_charts: bool,
    /// Reject rate, overrides and shadow agreement charts.
    pub output_charts: bool,
    /// Accuracy and recall from delayed labels.
    pub performance_charts: bool,
    /// Live pie summaries (and the editable pie).
    pub pies: bool,
    /// Alarm log with its aria-live region.
    pub alarm_log: bool,
}

impl LabPanels {
    /// Every panel (the sandbox).
    #[must_use]
    pub const fn all() -> Self {
        Self {
            automation: true,
            deployment: true,
            serving: true,
            drift: true,
            thresholds: true,
            retrain: true,
            factory: true,
            software_charts: true,
            input_charts: true,
            output_charts: true,
            performance_charts: true,
            pies: true,
            alarm_log: true,
        }
    }

    /// Nothing but the clock controls (add panels with struct update syntax).
    #[must_use]
    pub const fn none() -> Self {
        Self {
            automation: false,
            deployment: false,
            serving: false,
            drift: false,
            thresholds: false,
            retrain: false,
            factory: false,
            software_charts: false,
            input_charts: false,
            output_charts: false,
            performance_charts: false,
            pies: false,
            alarm_log: false,
        }
    }

    /// Drift chapters: drift injection, retraining, input/output/performance charts, alarms.
    #[must_use]
    pub const fn drift() -> Self {
        Self {
            drift: true,
            retrain: true,
            thresholds: true,
            factory: true,
            input_charts: true,
            output_charts: true,
            performance_charts: true,
            alarm_log: true,
            ..Self::none()
        }
    }

    /// Deployment chapter: patterns, factory, output charts, pies.
    #[must_use]
    pub const fn deployment() -> Self {
        Self {
            deployment: true,
            factory: true,
            output_charts: true,
            performance_charts: true,
            pies: true,
            alarm_log: true,
            ..Self::none()
        }
    }

    /// Serving chapter: serving choices, software charts, retrain (logging lesson).
    #[must_use]
    pub const fn serving() -> Self {
        Self {
            serving: true,
            retrain: true,
            software_charts: true,
            output_charts: true,
            alarm_log: true,
            ..Self::none()
        }
    }

    /// Automation chapter: automation level, factory, pies, reject rate, performance.
    #[must_use]
    pub const fn automation() -> Self {
        Self {
            automation: true,
            factory: true,
            pies: true,
            output_charts: true,
            performance_charts: true,
            ..Self::none()
        }
    }

    /// Monitoring chapter: thresholds, every chart family, alarm log.
    #[must_use]
    pub const fn monitoring() -> Self {
        Self {
            drift: true,
            thresholds: true,
            software_charts: true,
            input_charts: true,
            output_charts: true,
            performance_charts: true,
            alarm_log: true,
            ..Self::none()
        }
    }
}

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
}

/// `panels` without the control groups in `hidden` (charts and pies are kept).
#[must_use]
pub fn without_hidden(panels: LabPanels, hidden: &BTreeSet<Control>) -> LabPanels {
    let shown = |c: Control| !hidden.contains(&c);
    LabPanels {
        automation: panels.automation && shown(Control::Automation),
        deployment: panels.deployment && shown(Control::Deployment),
        serving: panels.serving && shown(Control::Serving),
        drift: panels.drift && shown(Control::Drift),
        thresholds: panels.thresholds && shown(Control::Thresholds),
        retrain: panels.retrain && shown(Control::Retrain),
        ..panels
    }
}

/// What a page-level toolbar (share and export buttons) sees of the primary lab.
#[derive(Clone, PartialEq)]
pub struct LabToolbarArgs {
    /// The lab's state (a cheap clone: the world is shared).
    pub state: AppState,
    /// Sends actions to the lab.
    pub dispatch: Callback<Action>,
    /// Test-id prefix of the lab (empty for the primary lab).
    pub prefix: String,
}

/// Context a page provides to add its own controls (share, export) to its primary lab;
/// the lab calls it on every render and shows the result under its clock controls.
#[derive(Clone, PartialEq)]
pub struct LabToolbar(pub Callback<LabToolbarArgs, Html>);

/// Test id for `name` inside lab `id` (unprefixed for the primary lab).
#[must_use]
pub fn test_id(id: &str, primary: bool, name: &str) -> String {
    if primary {
        name.to_owned()
    } else {
        format!("{id}-{name}")
    }
}

/// During a fast-forward the charts are recomputed and redrawn on every this many slices
/// (their view model walks the whole history), the tick and progress bar on every slice.
const FAST_FORWARD_REDRAW_EVERY: u64 = 8;

/// The version the charts follow: the state's, except during a fast-forward, where it only
/// moves every [`FAST_FORWARD_REDRAW_EVERY`] slices.
fn display_version(state: &AppState) -> u64 {
    if state.fast_forward.is_some() {
        state.version - state.version % FAST_FORWARD_REDRAW_EVERY
    } else {
        state.version
    }
}

/// The page's clock in ms (`performance.now()`); `None` outside a browser.
fn now_ms() -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Milliseconds between clock beats (10 beats per second).
pub const BEAT_MS: u32 = 100;

fn chart_wanted(panels: &LabPanels, family: Family) -> bool {
    match family {
        Family::Software => panels.software_charts,
        Family::Input => panels.input_charts,
        Family::Output => panels.output_charts,
        Family::Performance => panels.performance_charts,
    }
}

/// One interactive lab: its own reducer, clock and fast-forward scheduler.
#[allow(clippy::too_many_lines)] // Layout of the whole lab in one place.
#[function_component(Lab)]
pub fn lab(props: &LabProps) -> Html {
    let state = {
        let scenario = Rc::clone(&props.scenario);
        let warm_up = props.warm_up_ticks;
        use_reducer(move || AppState::new((*scenario).clone()).warmed_up(warm_up))
    };
    let prefix = if props.primary {
        String::new()
    } else {
        format!("{}-", props.id)
    };
    let toolbar = use_context::<LabToolbar>();
    // Embed and presenter hooks: hidden/locked control groups and a remote control come
    // from the page's LabLink context (crate::embed::remote), so no prop has to be threaded
    // through the chapter page.
    let link = use_context::<LabLink>().unwrap_or_default();
    let hidden = &link.hidden;
    let locked = &link.locked;

    // A new preset from the page restarts the lab on it (first render excluded).
    {
        let dispatcher = state.dispatcher();
        let first = use_mut_ref(|| true);
        use_effect_with(Rc::clone(&props.scenario), move |scenario| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                dispatcher.dispatch(Action::Load(Rc::clone(scenario)));
            }
        });
    }
    // The clock lives as long as `playing` stays true; dropping the Interval cancels it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let interval = playing.then(|| {
                Interval::new(BEAT_MS, move || {
                    #[cfg(target_arch = "wasm32")]
                    crate::bench_hooks::beat_start();
                    dispatcher.dispatch(Action::Tick);
                })
            });
            move || drop(interval)
        });
    }
    // Fast-forward: one slice per timeout, so the page repaints and answers between slices.
    // Each slice is sized from how long its simulation took; the charts are redrawn only on
    // every `FAST_FORWARD_REDRAW_EVERY`-th slice (see `display_version`), so rendering adds
    // little to most slices.
    {
        let dispatcher = state.dispatcher();
        let slice_ticks = use_mut_ref(|| FAST_FORWARD_SLICE_TICKS);
        use_effect_with(
            (state.version, state.fast_forward.is_some()),
            move |&(_, running)| {
                if !running {
                    *slice_ticks.borrow_mut() = FAST_FORWARD_SLICE_TICKS;
                }
                let timeout = running.then(|| {
                    Timeout::new(0, move || {
                        let ticks = *slice_ticks.borrow();
                        // The reducer runs inside `dispatch`, so this times the simulation.
                        let started = now_ms();
                        dispatcher.dispatch(Action::RunFastForwardSlice(ticks));
                        if let (Some(started), Some(ended)) = (started, now_ms()) {
                            let mut size = slice_ticks.borrow_mut();
                            *size = next_slice_ticks(*size, ended - started);
                        }
                    })
                });
                move || drop(timeout)
            },
        );
    }

    // One callback for the lab's whole life: a new one each render would make every child
    // that takes it (the control panel above all) render again on every beat.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |()| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };
    let send = |action: Action| dispatch.reform(move |()| action.clone());

    // Charts fold in only the ticks added since the last render (see `ChartCache`).
    let chart_cache = use_mut_ref(ChartCache::default);
    let charts = {
        let state = state.clone();
        let panels = props.panels;
        use_memo(
            (display_version(&state), state.thresholds.clone(), panels),
            move |(_, thresholds, panels)| {
                let world = state.world();
                let all = chart_cache.borrow_mut().charts(&world, thresholds);
                let log = view_model::alarm_log(&all);
                let firing: Vec<&'static str> = all
                    .iter()
                    .filter(|c| c.track.now == Some(true))
                    .map(|c| c.spec.caption)
                    .collect();
                // A chart with no point that the current setup cannot give one is replaced by
                // one line saying why.
                let mut shown: Vec<ChartView> = Vec::new();
                let mut unavailable: Vec<(&'static str, &'static str)> = Vec::new();
                for c in all
                    .into_iter()
                    .filter(|c| chart_wanted(panels, c.spec.family))
                {
                    match why_no_data(&world, c.spec.id) {
                        Some(why) if c.points.is_empty() => unavailable.push((c.spec.caption, why)),
                        _ => shown.push(c),
                    }
                }
                let markers = view_model::markers(&world);
                #[allow(clippy::cast_precision_loss)] // Ticks stay far below 2^52.
                let events: Rc<[f64]> = markers.iter().map(|m| m.tick as f64).collect();
                (
                    Rc::new(shown),
                    log,
                    events,
                    markers,
                    view_model::x_range(&world),
                    firing,
                    unavailable,
                )
            },
        )
    };
    let (shown, log, events, markers, x_range, firing, unavailable) = &*charts;

    let world = state.world();
    let tick = world.tick();
    let totals = *world.totals();
    let automation = world.automation();
    let pattern = world.rollout().pattern().kind();
    let status = view_model::deployment_status(&world);
    // The candidate's live share of model traffic, shown beside its series on the charts.
    let candidate_share = world
        .candidate_model()
        .map(|_| world.rollout().candidate_weight_pct());
    let serving = world.scenario().serving;
    let seed = world.scenario().seed;
    let pies = if props.panels.pies {
        view_model::pies::all(&world)
    } else {
        Vec::new()
    };
    let scene = props.panels.factory.then(|| {
        #[cfg(target_arch = "wasm32")]
        crate::bench_hooks::scene_model_started();
        let model = Rc::new(SceneModel::of(
            &world,
            u64::from(state.ticks_per_beat),
            firing.clone(),
        ));
        #[cfg(target_arch = "wasm32")]
        crate::bench_hooks::scene_model_built();
        model
    });
    drop(world);
    let names: Vec<(&'static str, &'static str)> = state
        .thresholds
        .iter()
        .map(|(s, _)| (s.id, s.caption))
        .collect();
    let firing_now = shown.iter().filter(|c| c.track.now == Some(true)).count();
    {
        // The primary lab attaches to the page's remote after every render, so commands
        // (embed postMessage, presenter keys) see its current tick.
        let remote = link.remote.clone();
        let dispatcher = state.dispatcher();
        let status = LabStatus {
            tick,
            playing: state.playing,
            automation,
        };
        let primary = props.primary;
        use_effect(move || {
            if primary {
                remote.attach(Callback::from(move |a| dispatcher.dispatch(a)), status);
            }
            move || {
                if primary {
                    remote.detach();
                }
            }
        });
    }

    let pie_views = pies.into_iter().map(|pie| {
        let entries: Vec<PieEntry> = pie
            .wedges
            .iter()
            .map(|w| PieEntry { label: w.label.clone().into(), value: w.value, colour: w.colour.clone().into() })
            .collect();
        let marks: Vec<AttrValue> = pie.wedges.iter().map(|w| AttrValue::from(w.mark)).collect();
        html! { <div class="card"><PieChart id={pie.id} title={pie.title.clone()} {entries} {marks} test_prefix={prefix.clone()} /></div> }
    });
    let recent_markers = markers
        .iter()
        .rev()
        .take(4)
        .map(|m| html! { <li>{ format!("tick {}: {}", m.tick, m.label) }</li> });

    let more_id = format!(
        "{}lab-more",
        if prefix.is_empty() {
            "primary-"
        } else {
            prefix.as_str()
        }
    );
    let (stage_charts, more_charts) = split_for_stage(shown, focus_family(&props.panels));
    let (stage_charts, more_charts) = (Rc::new(stage_charts), Rc::new(more_charts));
    let has_story = props.children != Html::default();
    let version = display_version(&state);
    // Red lines can be dragged wherever the threshold boxes could be edited.
    let can_edit_thresholds = props.panels.thresholds
        && !hidden.contains(&Control::Thresholds)
        && !locked.contains(&Control::Thresholds);
    let on_threshold = {
        let dispatch = dispatch.clone();
        (*use_memo(can_edit_thresholds, move |&editable| {
            editable.then(|| {
                dispatch.reform(|(id, value): (&'static str, f64)| Action::SetThreshold {
                    id,
                    text: crate::view_model::hover::format_value(value),
                })
            })
        }))
        .clone()
    };
    let to_more = {
        let more_id = more_id.clone();
        Callback::from(move |_: MouseEvent| scroll_to(&more_id))
    };

    html! {
        <div class={classes!("lab-layout", has_story.then_some("has-story"))} data-testid={format!("{prefix}lab")}>
            <section class="lab lab-stage" aria-label="Interactive lab">
                if let Some(error) = &state.error {
                    <p class="notice" role="status">{ error.clone() }</p>
                }
                <div class="lab-top">
                    if !hidden.contains(&Control::Clock) {
                    <Controls
                        locked={locked.contains(&Control::Clock)}
                        playing={state.playing}
                        busy={state.fast_forward.is_some()}
                        on_toggle_play={send(Action::TogglePlay)}
                        on_step={send(Action::Step)}
                        on_reset={send(Action::Reset)}
                        test_prefix={prefix.clone()}
                    />
                    }
                    <div class="stat-row" aria-live="off">
                        <span>{ "Tick " }<strong class="tick" data-testid={format!("{prefix}tick")}>{ tick }</strong></span>
                        <span>{ "Phones decided " }<strong>{ totals.decided }</strong></span>
                        <span>{ "Escaped defects " }<strong data-testid={format!("{prefix}escaped")}>{ totals.decisions.fn_ }</strong></span>
                        <span>{ "False rejects " }<strong>{ totals.decisions.fp }</strong></span>
                        <span>{ "Alarms firing " }<strong data-testid={format!("{prefix}firing")}>{ firing_now }</strong></span>
                    </div>
                    <button class="link-button" data-testid={format!("{prefix}to-settings")} onclick={to_more}>{ "All settings \u{2193}" }</button>
                </div>
                if let Some(notice) = &state.notice {
                    <p class="notice" role="status" data-testid={format!("{prefix}notice")}>{ notice.clone() }</p>
                }
                if let Some(model) = scene {
                    // Before the picture: Yew reconciles siblings from the last to the first,
                    // so the mark's update is queued, and runs, just after the picture's.
                    <SceneFrameMark frame={Rc::clone(&model)} />
                    <FactoryScene {model} test_prefix={prefix.clone()} />
                }
                <QuickControls dispatch={dispatch.clone()} panels={props.panels} hidden={hidden.clone()} locked={locked.clone()}
                    {automation} {pattern} test_prefix={prefix.clone()} />
                if !stage_charts.is_empty() {
                    <Dashboard charts={stage_charts} x_range={*x_range} events={Rc::clone(events)} {version} test_prefix={prefix.clone()} on_threshold={on_threshold.clone()} compact=true {candidate_share} />
                }
                if props.panels.alarm_log {
                    <AlarmLog entries={log.clone()} {names} test_prefix={prefix.clone()} />
                }
            </section>
            if has_story {
                <div class="lab-story">{ props.children.clone() }</div>
            }
            <section class="lab lab-more" id={more_id} aria-label="All charts and settings" tabindex="-1">
                if let (true, Some(toolbar)) = (props.primary, &toolbar) {
                    { toolbar.0.emit(LabToolbarArgs { state: (*state).clone(), dispatch: dispatch.clone(), prefix: prefix.clone() }) }
                }
                if !crate::first_paint::BUILD_TIME {
                <div class="lab-body">
                    <aside class="lab-controls" aria-label="Lab settings">
                        <ControlPanel
                            dispatch={dispatch.clone()}
                            panels={without_hidden(props.panels, hidden)}
                            hidden={hidden.clone()}
                            locked={locked.clone()}
                            test_prefix={prefix.clone()}
                            speed={state.ticks_per_beat}
                            {seed}
                            fast_forward={state.fast_forward}
                            {automation}
                            {pattern}
                            deployment_status={status}
                            {serving}
                            thresholds={state.thresholds.clone()}
                            field_errors={state.field_errors.clone()}
                            start_pattern={state.scenario().pattern.clone()}
                            start_candidate={state.scenario().candidate.map(|c| c.preset)}
                        />
                    </aside>
                    <div class="lab-main">
                        if !more_charts.is_empty() {
                            <Dashboard charts={more_charts} x_range={*x_range} events={Rc::clone(events)} {version} test_prefix={prefix.clone()} {on_threshold} {candidate_share} />
                        }
                        if !unavailable.is_empty() {
                            <ul class="card charts-unavailable" data-testid={format!("{prefix}charts-unavailable")}>
                                { for unavailable.iter().map(|(caption, why)| html! { <li><strong>{ *caption }</strong>{ format!(": not shown, {why}.") }</li> }) }
                            </ul>
                        }
                        if !markers.is_empty() {
                            <div class="card markers">
                                <h3>{ "Recent events (pink lines)" }</h3>
                                <ul>{ for recent_markers }</ul>
                            </div>
                        }
                        if props.panels.pies {
                            <section class="pies" aria-label="Summaries">
                                <h3 class="family-title">{ "Summaries" }</h3>
                                <div class="dashboard">
                                    { for pie_views }
                                    <div class="card"><EditablePie test_prefix={prefix.clone()} /></div>
                                </div>
                            </section>
                        }
                    </div>
                </div>
                }
            </section>
        </div>
    }
}

/// Why the chart `id` can have no data in `world`'s current setup, if it cannot (shown as
/// one line instead of an empty chart; a chart that has data from an earlier setup stays).
fn why_no_data(world: &driftline_sim::world::World, id: &str) -> Option<&'static str> {
    use driftline_sim::automation::AutomationLevel as L;
    let level = world.automation();
    match id {
        "overrides" if !matches!(level, L::AiAssistance | L::PartialAutomation) => {
            Some("no inspector sees a model's suggestion at this degree of automation")
        }
        "shadow-agreement" if level != L::Shadow && !world.rollout().mirrors() => {
            Some("no shadow model runs (pick shadow automation or a shadow rollout)")
        }
        "recall" | "precision" | "accuracy" if !level.runs_model() => {
            Some("the model does not run when inspectors alone decide")
        }
        _ => None,
    }
}

/// Charts drawn on the stage, next to the picture; the others follow under "All settings".
const STAGE_CHARTS: usize = 2;

/// The chart family a lab's lesson is about: what its own controls move first.
fn focus_family(panels: &LabPanels) -> Family {
    if panels.drift {
        Family::Input
    } else if panels.deployment {
        Family::Output
    } else if panels.serving {
        Family::Software
    } else {
        Family::Performance
    }
}

/// The stage's charts (up to [`STAGE_CHARTS`], the focus family first) and the rest, each
/// in the lab's order.
fn split_for_stage(shown: &[ChartView], focus: Family) -> (Vec<ChartView>, Vec<ChartView>) {
    let mut order: Vec<usize> = (0..shown.len()).collect();
    order.sort_by_key(|&i| shown[i].spec.family != focus);
    let mut on_stage: Vec<usize> = order.into_iter().take(STAGE_CHARTS).collect();
    on_stage.sort_unstable();
    let (stage, more): (Vec<_>, Vec<_>) = shown
        .iter()
        .enumerate()
        .partition(|(i, _)| on_stage.contains(i));
    let strip = |v: Vec<(usize, &ChartView)>| v.into_iter().map(|(_, c)| c.clone()).collect();
    (strip(stage), strip(more))
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
