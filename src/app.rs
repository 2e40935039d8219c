//! The root component: owns the clock, dispatches actions, lays out the page.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::charts::palette;
use crate::components::controls::Controls;
use crate::components::line_chart::LineChart;
use crate::components::pie_chart::{PieChart, PieEntry};
use crate::state::{Action, AppState};
use crate::view_model;

/// Milliseconds between clock beats at normal speed (10 beats per second).
pub const BEAT_MS: u32 = 100;

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);

    // The clock lives as long as `playing` stays true; dropping the Interval cancels it
    // (the same shape as Yew's game_of_life example).
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let interval = playing.then(|| Interval::new(BEAT_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }

    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(action.clone()))
    };

    let view = view_model::DashboardView::from_world(&state.world());
    let tick = state.latest().map_or(0, |m| m.tick + 1);

    html! {
        <main class="app">
            <header class="app-header">
                <h1>{ "Driftline" }</h1>
                <p>{ "Machine learning in production, on a simulated phone factory." }</p>
            </header>
            if let Some(error) = &state.error {
                <p class="notice" role="status">{ error.clone() }</p>
            }
            <Controls
                playing={state.playing}
                on_toggle_play={dispatch(Action::TogglePlay)}
                on_step={dispatch(Action::Step)}
                on_reset={dispatch(Action::Reset)}
            />
            <div class="stat-row" aria-live="off">
                <span>{ "Tick " }<strong class="tick" data-testid="tick">{ tick }</strong></span>
                <span>{ "Phones decided " }<strong>{ view.decided_total }</strong></span>
                <span>{ "Escaped defects " }<strong>{ view.false_pass }</strong></span>
            </div>
            <section class="dashboard" aria-label="Monitoring dashboard">
                <div class="card">
                    <LineChart
                        id="reject-rate"
                        caption="Reject rate (output metric)"
                        points={Rc::clone(&view.reject_rate)}
                        threshold={Some(view.reject_rate_threshold)}
                        x_range={view.x_range}
                        y_range={(0.0, view.reject_rate_ceiling)}
                        version={state.version}
                    />
                </div>
                <div class="card">
                    <PieChart id="decisions" title="Decisions so far" entries={vec![
                        PieEntry { label: "True pass".into(), value: view.true_pass as f64, colour: palette::css(palette::TRUE_PASS).into() },
                        PieEntry { label: "True reject".into(), value: view.true_reject as f64, colour: palette::css(palette::TRUE_REJECT).into() },
                        PieEntry { label: "False pass (escaped)".into(), value: view.false_pass as f64, colour: palette::css(palette::FALSE_PASS).into() },
                        PieEntry { label: "False reject".into(), value: view.false_reject as f64, colour: palette::css(palette::FALSE_REJECT).into() },
                    ]} />
                </div>
            </section>
        </main>
    }
}
