//! Share, embed, teach: everything that turns the page's setup into text and back.
//!
//! Pure logic (no `web-sys`), so it compiles and is tested natively:
//!
//! - [`state`]: the shareable setup in the URL query (`?v=1&ch=drift&seed=42&...`),
//!   [`ShareState::to_query`] and the never-failing [`ShareState::parse`];
//! - [`notice`]: what [`ShareState::parse`] (and the other readers) changed, as plain text;
//! - [`embed`]: `embed=<widget>` and the per-control `hide=` / `lock=` flags;
//! - [`message`]: the `postMessage` API between an embedded page and its parent;
//! - [`export`]: metrics history to CSV, scenario to JSON, JSON import with validation;
//! - [`prefs`]: theme, speed and last chapter for local storage.
//!
//! Depends on `crate::content` (chapter slugs, lesson preset names) and
//! `crate::view_model::metrics` (chart ids and their threshold bounds), plus the simulation.

mod deploy;
pub mod embed;
pub mod export;
pub mod message;
pub mod notice;
pub mod prefs;
pub mod query;
pub mod setup;
pub mod state;
mod timeline;
pub mod values;

pub use embed::{Control, EmbedConfig, Widget};
pub use export::{history_csv, import_scenario_json, metrics_csv, scenario_json, ImportError};
pub use message::{ChildMessage, MessageError, ParentMessage};
pub use notice::{Notice, NoticeKind};
pub use prefs::{Prefs, Theme};
pub use setup::{ModelKnob, Setup};
pub use state::ShareState;
