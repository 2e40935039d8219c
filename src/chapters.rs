//! The explainer's chapters: routing by URL hash, the headless lesson runs behind each
//! "try this", the reveal text built from a run's numbers, and the chapter page component.
//!
//! Everything except [`page`] and [`why_deploy`] is plain Rust with no browser dependency,
//! so it is tested natively.

pub mod page;
pub mod reveal;
pub mod route;
pub mod runs;
pub mod scrolly;
pub mod tables;
pub mod why_deploy;
