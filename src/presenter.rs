//! Presenter mode for classrooms (`?present=1` or the "Presenter mode" button): large type
//! and high contrast, keyboard shortcuts ([`keys`]), a step-by-step lesson script for the
//! current chapter ([`script`]) and a full-screen toggle. [`shell::PresenterShell`] wraps
//! the page and also routes `#/embed` to the snippet generator.

pub mod keys;
pub mod moments;
pub mod script;
pub mod shell;

pub use shell::PresenterShell;
