//! The factory as a picture: phones on a belt past the camera to the decision station and
//! into the PASS tray or the REJECT bin, drawn from the simulation's per-phone records.
//!
//! - [`model`]: what the picture shows, read from a `World` (pure).
//! - [`geometry`]: where things sit.
//! - [`view`]: the SVG component.

pub mod geometry;
pub mod model;
pub mod view;
