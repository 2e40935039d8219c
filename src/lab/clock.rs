//! The hooks every lab-like widget shares (the chapter lab, an embedded lab, an embedded
//! chart or pie): its reducer, the clock beat, the fast-forward scheduler and attaching to
//! the page's remote ([`super::remote`]), so none of them keeps its own copy.

use std::rc::Rc;

use driftline_sim::scenario::Scenario;
use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use super::remote::{LabLink, LabStatus};
use super::state::{next_slice_ticks, LabAction, LabState, FAST_FORWARD_SLICE_TICKS};

/// Milliseconds between clock beats (10 beats per second).
pub const BEAT_MS: u32 = 100;

/// A running lab: its reducer, started on `scenario` after `warm_up_ticks` ticks, with the
/// clock and the fast-forward scheduler running, restarted when `scenario` changes, and,
/// when `attach` is set, attached to the page's [`LabLink`] remote after every render.
#[hook]
pub fn use_lab(
    scenario: &Rc<Scenario>,
    warm_up_ticks: u64,
    attach: bool,
) -> UseReducerHandle<LabState> {
    let state = {
        let scenario = Rc::clone(scenario);
        use_reducer(move || LabState::new((*scenario).clone()).warmed_up(warm_up_ticks))
    };
    use_reload(&state, scenario);
    use_beat(&state);
    use_fast_forward(&state);
    use_attach(&state, attach);
    state
}

/// One callback for the lab's whole life: a new one each render would make every child
/// that takes it (the settings above all) render again on every beat.
#[hook]
pub fn use_dispatch(state: &UseReducerHandle<LabState>) -> Callback<LabAction> {
    let dispatcher = state.dispatcher();
    (*use_memo((), move |()| {
        Callback::from(move |action: LabAction| dispatcher.dispatch(action))
    }))
    .clone()
}

/// A new preset from the page restarts the lab on it (first render excluded).
#[hook]
fn use_reload(state: &UseReducerHandle<LabState>, scenario: &Rc<Scenario>) {
    let dispatcher = state.dispatcher();
    let first = use_mut_ref(|| true);
    use_effect_with(Rc::clone(scenario), move |scenario| {
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            dispatcher.dispatch(LabAction::Load(Rc::clone(scenario)));
        }
    });
}

/// The clock lives as long as `playing` stays true; dropping the `Interval` cancels it.
#[hook]
fn use_beat(state: &UseReducerHandle<LabState>) {
    let dispatcher = state.dispatcher();
    use_effect_with(state.playing, move |&playing| {
        let interval = playing.then(|| {
            Interval::new(BEAT_MS, move || {
                #[cfg(target_arch = "wasm32")]
                crate::bench_hooks::beat_start();
                dispatcher.dispatch(LabAction::Tick);
            })
        });
        move || drop(interval)
    });
}

/// Fast-forward: one slice per timeout, so the page repaints and answers between slices.
/// Each slice is sized from how long its simulation took ([`next_slice_ticks`]).
#[hook]
fn use_fast_forward(state: &UseReducerHandle<LabState>) {
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
                    dispatcher.dispatch(LabAction::RunFastForwardSlice(ticks));
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

/// Attaches the lab to the page's remote after every render, so commands (embed
/// `postMessage`, presenter keys) see its current tick.
#[hook]
fn use_attach(state: &UseReducerHandle<LabState>, attach: bool) {
    let remote = use_context::<LabLink>().unwrap_or_default().remote;
    let dispatcher = state.dispatcher();
    let status = {
        let world = state.world();
        LabStatus {
            tick: world.tick(),
            playing: state.playing,
            automation: world.automation(),
        }
    };
    use_effect(move || {
        if attach {
            remote.attach(Callback::from(move |a| dispatcher.dispatch(a)), status);
        }
        move || {
            if attach {
                remote.detach();
            }
        }
    });
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
