//! Chart drawing, free of Yew and the DOM.
//!
//! Every drawing function is generic over plotters' [`DrawingBackend`], so the same
//! code paints a `<canvas>` in the browser and an SVG string in native tests.
//!
//! [`DrawingBackend`]: plotters::prelude::DrawingBackend

pub mod decimate;
pub mod line;
pub mod palette;
pub mod pie;

/// Result of a drawing call; errors stay typed until the wasm edge turns them into text.
pub type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;
