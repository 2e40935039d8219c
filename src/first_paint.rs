//! What a build-time render (the prerendered first paint, `src/prerender.rs`) draws
//! differently from the browser.
//!
//! Native builds render components only for the first paint, so "native" and "build time"
//! are the same thing here. The first paint carries what a reader reads and sees before the
//! wasm arrives (chapter, factory, the stage's charts as SVG); what needs the wasm to do
//! anything (the lab's settings forms, below the story) is left for the wasm to add under
//! it, where adding it moves nothing on screen.

/// `true` when rendering at build time (natively), `false` in the browser.
pub const BUILD_TIME: bool = cfg!(not(target_arch = "wasm32"));

/// The page embeds point at (`dist/embed.html`): the app, with the widgets' first paint
/// instead of the chapters' (written by `src/bin/prerender.rs`).
pub const EMBED_PAGE: &str = "embed.html";

thread_local! {
    /// Set while the app takes over from a prerendered first paint (see [`taking_over`]).
    static TAKING_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks whether the app is mounting over a prerendered first paint: `lib.rs` sets it
/// before the first render when the page has one, the root clears it once that render is in.
pub fn set_taking_over(on: bool) {
    TAKING_OVER.with(|t| t.set(on));
}

/// Whether the first render over a prerendered first paint is under way. Parts the first
/// paint leaves for the wasm (the lab's settings, its other charts and its pies, far below
/// the fold) then mount one per task after the rest ([`use_staged_mount`]), so the page's
/// start is several short tasks instead of one long one that blocks input (Lighthouse's
/// total blocking time).
#[must_use]
pub fn taking_over() -> bool {
    TAKING_OVER.with(std::cell::Cell::get)
}

/// How many of `stages` parts to draw now: none on the first render of a takeover, then
/// one more per task (each part's render and paint is a task of its own, short enough not
/// to block input); all of them at once otherwise (a lab opened later, a test mounting a
/// lab, the build-time render).
#[yew::hook]
pub fn use_staged_mount(stages: u32) -> u32 {
    let ready = yew::use_state(|| if taking_over() { 0 } else { stages });
    {
        let setter = ready.setter();
        yew::use_effect_with(*ready, move |&n| {
            #[cfg(target_arch = "wasm32")]
            let timer = (n < stages)
                .then(|| gloo::timers::callback::Timeout::new(0, move || setter.set(n + 1)));
            #[cfg(not(target_arch = "wasm32"))]
            let timer = (n, setter);
            move || drop(timer)
        });
    }
    *ready
}
