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
