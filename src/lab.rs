//! Everything a lab is: one seeded simulation with its clock, controls, picture and charts.
//!
//! - [`state`]: [`LabState`] and [`LabAction`], the reducer over one `World`;
//! - [`clock`]: the hooks every lab-like widget shares (reducer, clock beat, fast-forward
//!   scheduler, attaching to the page's remote);
//! - [`remote`]: the [`LabLink`] context a page fills in (an embed's `postMessage` bridge,
//!   the presenter's keys, `hide=` / `lock=`) and the lab reads; the lab imports neither;
//! - [`panels`]: which groups a lab shows ([`LabPanels`]) and how each control group is
//!   shown ([`Visibility`]: shown, locked or hidden), decided once;
//! - [`view`]: the [`Lab`] component: the stage, the story beside it, "All settings";
//! - [`quick`]: the lesson's one-click buttons beside the picture;
//! - [`settings`]: the settings panel, one small component per group of controls;
//! - [`toolbar`]: the context through which a page adds its own buttons (share, export).

#[cfg(target_arch = "wasm32")]
pub mod bench_seek;
pub mod charts;
pub mod clock;
pub mod import;
pub mod import_slot;
pub mod panels;
pub mod quick;
pub mod remote;
pub mod settings;
pub mod state;
pub mod timeline;
pub mod timeline_later;
pub mod timeline_marks;
pub mod toolbar;
pub mod transport;
pub mod view;

pub use panels::{LabPanels, Visibility};
pub use remote::{Command, LabLink, LabStatus, Remote};
pub use state::{LabAction, LabState};
pub use toolbar::{LabToolbar, LabToolbarArgs};
pub use view::{Lab, LabProps};
