//! The "Your data" page (`#/data`): the monitoring chapter's detectors and drift statistics
//! run on the reader's own CSV file, in the browser, with nothing sent anywhere.
//!
//! - [`input`]: file picker, drop zone, pasted text, the sample;
//! - [`form`]: column, error column, reference, window, detector settings;
//! - [`job`]: the run, a slice at a time (pure; native tests drive it);
//! - [`runner`]: the slices on timer ticks, progress and cancel;
//! - [`results`], [`draw`], [`canvas`], [`export`]: what a run shows and saves;
//! - [`slot`]: its own wasm entry point, so the chapters' wasm does not carry it.

pub mod canvas;
pub mod draw;
pub mod export;
pub mod form;
pub mod input;
pub mod job;
pub mod page;
pub mod results;
pub mod runner;
pub mod slot;

pub use page::DataPage;
pub use slot::{DataApp, DataPageSlot};

/// Slug of the page (`#/data`).
pub const DATA_SLUG: &str = "data";
