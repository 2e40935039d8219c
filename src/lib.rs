//! Driftline's browser app: state (a reducer over the simulation), components and charts.
//!
//! `main.rs` only calls [`start`]; everything lives here so tests can reach it.

pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench_hooks;
pub mod chapters;
pub mod charts;
pub mod components;
pub mod content;
pub mod data_page;
pub mod embed;
pub mod first_paint;
pub mod keyed_sort;
pub mod lab;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod presenter;
pub mod root;
pub mod scene;
pub mod share;
pub mod storage;
pub mod url_sync;
pub mod view_model;

#[cfg(target_arch = "wasm32")]
pub mod panic_notice;

/// Installs the panic hook and mounts the app on `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    panic_notice::install();
    note_first_paint();
    yew::Renderer::<root::App>::new().render();
}

/// The same with the "Your data" page in its slot: the `driftline-data` wasm's entry point
/// (see [`data_page::slot`]).
#[cfg(target_arch = "wasm32")]
pub fn start_data_page() {
    panic_notice::install();
    note_first_paint();
    yew::Renderer::<data_page::DataApp>::new().render();
}

/// One widget and nothing else: the `driftline-embed` wasm's entry point, which
/// `embed.html` starts (see [`embed::app`]).
#[cfg(target_arch = "wasm32")]
pub fn start_embed() {
    panic_notice::install();
    note_first_paint();
    yew::Renderer::<embed::app::EmbedApp>::new().render();
}

/// Tells the components whether they mount over a prerendered first paint
/// ([`first_paint::taking_over`]).
#[cfg(target_arch = "wasm32")]
fn note_first_paint() {
    let has_first_paint = gloo::utils::document()
        .get_element_by_id("first-paint")
        .is_some();
    first_paint::set_taking_over(has_first_paint);
}
