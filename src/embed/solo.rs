//! A single chart or pie with its own clock: what `embed=chart:<metric>` and
//! `embed=pie:<name>` show. Like a lab it runs on [`use_lab`] (reducer, clock, attached to
//! the page's [`LabLink`] remote), so the parent's `postMessage` commands drive it.

use std::rc::Rc;

use driftline_sim::scenario::Scenario;
use yew::prelude::*;

use crate::components::dashboard::series_key;
use crate::components::editable_pie::EditablePie;
use crate::components::line_chart::LineChart;
use crate::components::pie_chart::{PieChart, PieEntry};
use crate::lab::clock::use_lab;
use crate::lab::panels::{ControlVisibility, LabPanels};
use crate::lab::transport::ClockButtons;
use crate::lab::{LabAction, LabLink, LabState};
use crate::share::Control;
use crate::view_model::{self, series};

/// What a solo widget shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SoloKind {
    /// A dashboard chart id (`psi`) or a `TickMetrics` field (`model_recall`).
    Chart(String),
    /// A pie name (`decisions`, `deciders`, `traffic`, `errors`, `editable`).
    Pie(&'static str),
}

/// Props of [`Solo`].
#[derive(Properties, PartialEq, Clone)]
pub struct SoloProps {
    /// The chart or pie.
    pub kind: SoloKind,
    /// The scenario to run (Reset returns to it).
    pub scenario: Rc<Scenario>,
    /// Ticks run before the first paint (the link's `t=`, or the scenario's opening).
    #[prop_or_default]
    pub warm_up_ticks: u64,
}

fn chart_html(state: &LabState, id: &str) -> Html {
    let world = state.world();
    let x_range = view_model::x_range(&world);
    let spec = view_model::metrics::all().into_iter().find(|m| m.id == id);
    match spec {
        Some(spec) => {
            let threshold = state.thresholds.get(spec.id).unwrap_or(spec.threshold);
            let c = view_model::chart(&world, spec, threshold);
            // During a canary or blue-green the candidate is drawn beside the stable model,
            // with the same key in words as in the lab.
            let share = world
                .candidate_model()
                .map(|_| world.rollout().candidate_weight_pct());
            html! {
                <div class="card chart-card">
                    if !c.candidate.is_empty() {
                        <p class="muted chart-legend-candidate" data-testid={format!("candidate-legend-{}", c.spec.id)}>
                            { series_key(c.spec.id, share) }
                        </p>
                    }
                    <LineChart id={c.spec.id} caption={c.spec.caption} points={Rc::clone(&c.points)}
                        threshold={Some(c.threshold)} {x_range} y_range={c.y_range} clipped={c.clipped}
                        raw={Rc::clone(&c.raw)} candidate={Rc::clone(&c.candidate)}
                        alarms={Rc::clone(&c.spans)} version={state.version} unit={c.spec.unit} />
                </div>
            }
        }
        None => {
            // A raw TickMetrics field: no threshold, no smoothing.
            let points: Rc<[(f64, f64)]> =
                series::present(&series::raw(world.history(), id)).into();
            let top = series::ceiling(&points, 0.0, 1.0);
            let field = id.to_owned();
            html! {
                <div class="card chart-card">
                    <LineChart id={AttrValue::from(field.clone())} caption={AttrValue::from(field.replace('_', " "))}
                        {points} threshold={None::<f64>} {x_range} y_range={(0.0, top)} version={state.version} />
                </div>
            }
        }
    }
}

fn pie_html(state: &LabState, name: &'static str) -> Html {
    if name == "editable" {
        return html! { <div class="card"><EditablePie /></div> };
    }
    let world = state.world();
    let Some(pie) = view_model::pies::all(&world)
        .into_iter()
        .find(|p| p.id == name)
    else {
        return html! { <p class="notice" role="status">{ format!("There is no pie called {name}.") }</p> };
    };
    let entries: Vec<PieEntry> = pie
        .wedges
        .iter()
        .map(|w| PieEntry {
            label: w.label.clone().into(),
            value: w.value,
            colour: w.colour.clone().into(),
        })
        .collect();
    let marks: Vec<AttrValue> = pie.wedges.iter().map(|w| AttrValue::from(w.mark)).collect();
    html! { <div class="card"><PieChart id={pie.id} title={pie.title.clone()} {entries} {marks} /></div> }
}

/// One chart or pie with play / pause / step / reset.
#[function_component(Solo)]
pub fn solo(props: &SoloProps) -> Html {
    let state = use_lab(&props.scenario, props.warm_up_ticks, true);
    let link = use_context::<LabLink>().unwrap_or_default();
    let clock =
        ControlVisibility::new(LabPanels::none(), &link.hidden, &link.locked).of(Control::Clock);
    let tick = state.world().tick();
    let send = |action: LabAction| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(action.clone()))
    };
    let body = match &props.kind {
        SoloKind::Chart(id) => chart_html(&state, id),
        SoloKind::Pie(name) => pie_html(&state, name),
    };
    html! {
        <section class="solo" aria-label="Simulation" data-testid="solo">
            <div class="lab-top">
                if clock.shown() {
                    <fieldset class="embed-lock" disabled={clock.locked()}>
                        <legend class="sr-only">{ "Simulation clock" }</legend>
                        <ClockButtons playing={state.playing} on_toggle_play={send(LabAction::TogglePlay)}
                            on_step={send(LabAction::Step)} on_reset={send(LabAction::Reset)} />
                    </fieldset>
                }
                <div class="stat-row">
                    <span>{ "Tick " }<strong class="tick" data-testid="tick">{ tick }</strong></span>
                </div>
            </div>
            { body }
        </section>
    }
}
