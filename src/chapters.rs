//! The explainer's chapters: routing by URL hash, the headless lesson runs behind each
//! "try this", the reveal text built from a run's numbers, the chapter page component and
//! the widgets only a chapter shows (try-this cards, lesson tables and diagrams, the
//! chapter menu). Generic components live in [`crate::components`], the lab in
//! [`crate::lab`]; neither imports this module.
//!
//! [`route`], [`runs`], [`reveal`] and [`tables`] are plain Rust with no browser
//! dependency, so they are tested natively.

pub mod baseline_table;
pub mod chapter_nav;
pub mod lifecycle_strip;
pub mod metrics_table;
pub mod page;
pub mod reveal;
pub mod route;
pub mod runs;
pub mod scrolly;
pub mod slice_table;
pub mod system_diagram;
pub mod tables;
pub mod try_this;
pub mod why_deploy;
