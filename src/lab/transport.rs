//! The clock's buttons: play, pause, step, reset.

use yew::prelude::*;

/// Props of [`ClockButtons`].
#[derive(Properties, PartialEq)]
pub struct ClockButtonsProps {
    /// Whether the clock is running.
    pub playing: bool,
    /// Starts or stops the clock.
    pub on_toggle_play: Callback<()>,
    /// Advances one tick.
    pub on_step: Callback<()>,
    /// Rebuilds the world from its scenario.
    pub on_reset: Callback<()>,
    /// Prefix of the test ids (`""` for the page's primary lab, `"<lab id>-"` otherwise).
    #[prop_or_default]
    pub test_prefix: AttrValue,
    /// Disables play and step (e.g. during a fast-forward).
    #[prop_or_default]
    pub busy: bool,
    /// Disables every button (an embedding page locked the clock: `lock=clock`).
    #[prop_or_default]
    pub locked: bool,
}

/// Transport buttons. Play and Pause are separate buttons so each has one clear meaning
/// (and a stable test id); the inactive one is disabled.
#[function_component(ClockButtons)]
pub fn clock_buttons(props: &ClockButtonsProps) -> Html {
    let play = props.on_toggle_play.reform(|_: MouseEvent| ());
    let pause = props.on_toggle_play.reform(|_: MouseEvent| ());
    let step = props.on_step.reform(|_: MouseEvent| ());
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    let p = &props.test_prefix;
    let locked = props.locked;
    html! {
        <div class="controls" role="group" aria-label="Simulation clock">
            <button class="primary" data-testid={format!("{p}play")} onclick={play} disabled={locked || props.playing || props.busy}>{ "Play" }</button>
            <button data-testid={format!("{p}pause")} onclick={pause} disabled={locked || !props.playing}>{ "Pause" }</button>
            <button data-testid={format!("{p}step")} onclick={step} disabled={locked || props.playing || props.busy}>{ "Step" }</button>
            <button data-testid={format!("{p}reset")} onclick={reset} disabled={locked}>{ "Reset" }</button>
        </div>
    }
}
