//! The link format and the other texts a setup becomes: everything that turns the page's
//! setup into text and back. Pure logic (no `web-sys`, no components), so it compiles and
//! is tested natively. The embedded page itself (components, `postMessage` listener, the
//! snippet builder) is [`crate::embed`]; this module only reads and writes its query keys.
//!
//!
//! - [`state`]: the shareable setup in the URL query (`?v=1&ch=drift&seed=42&...`),
//!   [`ShareState::to_query`] and the never-failing [`ShareState::parse`];
//! - [`notice`]: what [`ShareState::parse`] (and the other readers) changed, as plain text;
//! - [`branch`]: a branch beside the run (`fork=`, `bact=`, `bt=`);
//! - [`embed_query`]: the `embed=<widget>`, `hide=` and `lock=` keys of a link;
//! - [`setup`]: the scenario knobs a link carries (the format table), over [`limits`] (the
//!   bounds every value is clamped to) and the private `deploy` and `timeline` formats;
//! - [`message`]: the `postMessage` API between an embedded page and its parent;
//! - [`export`]: metrics history to CSV, scenario to JSON, JSON import with validation;
//! - [`prefs`]: theme, speed and last chapter for local storage.
//!
//! Depends on `crate::content` (chapter slugs, lesson preset names) and
//! `crate::view_model::metrics` (chart ids and their threshold bounds), plus the simulation.

pub mod branch;
pub mod branch_file;
mod deploy;
pub mod embed_query;
pub mod export;
pub mod limits;
pub mod message;
pub mod notice;
pub mod prefs;
pub mod query;
pub mod setup;
pub mod state;
mod timeline;
pub mod values;

pub use embed_query::{Control, EmbedConfig, Widget};
pub use export::{history_csv, import_scenario_json, metrics_csv, scenario_json, ImportError};
pub use message::{ChildMessage, MessageError, ParentMessage};
pub use notice::{Notice, NoticeKind};
pub use prefs::{Prefs, Theme};
pub use setup::Setup;
pub use state::ShareState;
pub use timeline::ModelKnob;
