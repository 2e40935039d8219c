//! Play / pause / step / reset, and reading a form control's value off its event.

use yew::prelude::*;

/// The `value` of the element an event came from (a `<select>`, an `<input>`), read
/// without casting to a web-sys element type; empty when it has none.
#[must_use]
pub fn target_value(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

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
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
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
