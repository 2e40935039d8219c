//! Play / pause / step / reset.

use yew::prelude::*;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Whether the clock is running.
    pub playing: bool,
    /// Starts or stops the clock.
    pub on_toggle_play: Callback<()>,
    /// Advances one tick.
    pub on_step: Callback<()>,
    /// Rebuilds the world from its scenario.
    pub on_reset: Callback<()>,
}

/// Transport buttons. Play and Pause are separate buttons so each has one clear meaning
/// (and a stable test id); the inactive one is disabled.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let play = props.on_toggle_play.reform(|_: MouseEvent| ());
    let pause = props.on_toggle_play.reform(|_: MouseEvent| ());
    let step = props.on_step.reform(|_: MouseEvent| ());
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <div class="controls" role="group" aria-label="Simulation clock">
            <button class="primary" data-testid="play" onclick={play} disabled={props.playing}>{ "Play" }</button>
            <button data-testid="pause" onclick={pause} disabled={!props.playing}>{ "Pause" }</button>
            <button data-testid="step" onclick={step} disabled={props.playing}>{ "Step" }</button>
            <button data-testid="reset" onclick={reset}>{ "Reset" }</button>
        </div>
    }
}
