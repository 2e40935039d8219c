//! Build helpers for Driftline.
//!
//! - [`single_file`]: packs Trunk's release `dist/` into one self-contained HTML file that
//!   runs from `file://` with no network (CSS, favicon, JS glue and wasm all inlined). The
//!   HTML is read and rewritten with lol_html; [`check`] refuses any reference left.
//! - [`precompress`]: writes `.gz` and `.br` copies of the compressible files in `dist/`
//!   for hosts that serve precompressed assets.
//!
//! Small helpers they share: [`data_url`] (base64 via the `base64` crate, MIME types),
//! [`css`] (`url(...)` in stylesheets) and [`js`] (specifiers and string literals).

pub mod check;
pub mod css;
pub mod data_url;
pub mod js;
pub mod precompress;
pub mod single_file;
