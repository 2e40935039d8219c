//! One error type for the whole harness: a human-readable message.
//!
//! The harness reports failures to a person reading CI output, so a message that says what
//! was being attempted matters more than a machine-matchable variant.

use std::fmt;

/// A harness error carrying a message that explains what went wrong and while doing what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

/// Result alias used throughout the harness.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Creates an error from any message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// Returns a new error whose message is prefixed with what was being attempted.
    pub fn context(self, what: &str) -> Self {
        Self::new(format!("{what}: {}", self.message))
    }

    /// The message text.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Self::new(format!("I/O error: {err}"))
    }
}

/// Adds context to the error of any `Result` whose error converts into [`Error`].
pub trait Context<T> {
    /// Prefixes the error message with `what`.
    fn context(self, what: &str) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, what: &str) -> Result<T> {
        self.map_err(|e| e.into().context(what))
    }
}
