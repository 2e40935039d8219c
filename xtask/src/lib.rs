//! Build helpers for Driftline. Std only: no dependencies to download or audit.
//!
//! - [`single_file`]: packs Trunk's release `dist/` into one self-contained HTML file that
//!   runs from `file://` with no network (CSS, favicon, JS glue and wasm all inlined).

pub mod base64;
pub mod html;
pub mod single_file;
