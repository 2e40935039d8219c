//! The embedded page (`?embed=<widget>`: components, the `postMessage` bridge) and the
//! snippet generator (`#/embed`). The link keys it reads are parsed in
//! [`crate::share::embed_query`]; this module is what a reader sees.
//!
//! - [`app`]: the root of the widgets' own wasm, which `embed.html` starts;
//! - [`view`]: the embedded page: one widget, no page chrome, an "Open the full explainer"
//!   link; it fills in the [`crate::lab::LabLink`] context (`hide=` / `lock=`, the remote
//!   its `postMessage` bridge drives) that the lab reads;
//! - [`bridge`] (browser only): the `postMessage` listener and the height reports;
//! - [`solo`]: a single chart or pie with its own clock;
//! - [`link`]: pure helpers (full-page link, iframe snippet, widget menu);
//! - [`builder`]: the snippet generator page.
//!
//! The message schema and the link format are in [`crate::share::message`] and
//! [`crate::share::embed_query`].

pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod bridge;
pub mod builder;
pub mod link;
pub mod solo;
pub mod view;

pub use view::{from_location, EmbedRequest, EmbedView};
