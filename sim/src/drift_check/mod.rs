//! Drift checks on a reader's own column of numbers: the four streaming detectors over it
//! ([`detect`]), Evidently's statistics of each window against a reference ([`windows`]),
//! the choice of reference and the checks a column must pass ([`setup`]), the results as
//! CSV ([`export`]), a sample file from the simulation ([`sample`]) and a guess at which
//! columns hold numbers ([`columns`]).
//!
//! Pure, like the rest of the crate: the page runs each part a chunk at a time (every
//! `step` takes a budget and says when it is done) so the browser stays responsive, and
//! native tests run the same code whole.

pub mod columns;
pub mod detect;
pub mod export;
pub mod sample;
pub mod setup;
pub mod windows;

pub use columns::{default_error_column, default_value_column, guess_columns, ColumnGuess};
pub use detect::{DetectorRun, DetectorSettings, Firings};
pub use setup::{check_column, check_errors, reference_values, ColumnNote, Reference};
pub use windows::{Overlay, WindowRun, WindowStat, THRESHOLDS};
