//! Export and import: the metrics history as CSV, the scenario as JSON, and reading a
//! scenario file back with the same care as a link (typed errors that name the field).

use std::fmt;

use super::notice::{sanitize, Notice, NoticeKind};
use driftline_sim::metrics::{History, TickMetrics};
use driftline_sim::scenario::{Scenario, ScenarioError, ValidatedScenario};

/// Largest scenario file read, in bytes (a full scenario is a few KB).
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;
/// Most characters of a parser message kept in an [`ImportError`].
const MAX_MESSAGE_CHARS: usize = 200;

/// CSV of per-tick metrics: the `TickMetrics` header, then one row per tick (absent values
/// are empty cells), `\n` line ends, a final newline.
pub fn metrics_csv<I: IntoIterator<Item = TickMetrics>>(rows: I) -> String {
    let mut out = TickMetrics::csv_header();
    out.push('\n');
    for m in rows {
        out.push_str(&m.csv_row());
        out.push('\n');
    }
    out
}

/// CSV of the ticks a history holds, oldest first.
pub fn history_csv(history: &History) -> String {
    metrics_csv(history.iter())
}

/// The scenario as pretty-printed JSON, readable by [`import_scenario_json`] and by the
/// simulation's `Scenario::from_json`.
///
/// # Errors
/// Only when serde cannot write the value (a non-finite float is written as `null`, which
/// the import then rejects, so export validated scenarios).
pub fn scenario_json(scenario: &Scenario) -> Result<String, ImportError> {
    serde_json::to_string_pretty(scenario).map_err(|e| ImportError::Syntax {
        line: 0,
        column: 0,
        message: sanitize(&e.to_string(), MAX_MESSAGE_CHARS),
    })
}

/// Why a scenario file was not accepted. Messages are sanitised plain text.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not well-formed JSON.
    Syntax {
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// The parser's words.
        message: String,
    },
    /// Well-formed JSON that does not match the scenario schema (unknown field, unknown
    /// name, wrong type).
    Schema {
        /// Path of the field, e.g. `pattern.Canary.step_weight_pct` (`.` for the root).
        field: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's words.
        message: String,
    },
    /// A scenario the simulation's validation refuses (e.g. a threshold of 1.5).
    Invalid {
        /// Path of the field, e.g. `model.threshold`.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl ImportError {
    /// The field (or `(file)` / `(json)` when the problem is not one field).
    pub fn field(&self) -> &str {
        match self {
            ImportError::TooLarge { .. } => "(file)",
            ImportError::Syntax { .. } => "(json)",
            ImportError::Schema { field, .. } | ImportError::Invalid { field, .. } => field,
        }
    }

    /// The error as a notice for the page.
    pub fn to_notice(&self) -> Notice {
        Notice::new(self.field(), NoticeKind::Rejected, &self.to_string(), "")
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes; at most {MAX_IMPORT_BYTES} are read"
            ),
            ImportError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "not valid JSON at line {line}, column {column}: {message}"
            ),
            ImportError::Schema {
                field,
                line,
                column,
                message,
            } => write!(
                f,
                "`{field}` (line {line}, column {column}) does not fit the scenario: {message}"
            ),
            ImportError::Invalid { field, message } => write!(f, "`{field}`: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads a scenario file and validates it with the simulation's own rules (clamps come
/// back as warnings in the [`ValidatedScenario`]).
///
/// # Errors
/// A typed [`ImportError`] naming the field: syntax errors carry serde_json's line and
/// column; schema errors also the field path (from `Scenario::from_json`); validation
/// errors the field the simulation named.
pub fn import_scenario_json(text: &str) -> Result<ValidatedScenario, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let scenario: Scenario = match serde_json::from_str(text) {
        Ok(s) => s,
        Err(e) => {
            let message = sanitize(&e.to_string(), MAX_MESSAGE_CHARS);
            if !e.is_data() {
                return Err(ImportError::Syntax {
                    line: e.line(),
                    column: e.column(),
                    message,
                });
            }
            // Parse again only on error, for the field path the simulation's reader tracks.
            let field = match Scenario::from_json(text) {
                Err(ScenarioError::Parse { path, .. }) => sanitize(&path, MAX_MESSAGE_CHARS),
                _ => ".".into(),
            };
            return Err(ImportError::Schema {
                field,
                line: e.line(),
                column: e.column(),
                message,
            });
        }
    };
    scenario.validate().map_err(|e| {
        let field = match &e {
            ScenarioError::Parse { path, .. } => path.clone(),
            ScenarioError::NotFinite { field, .. }
            | ScenarioError::OutOfRange { field, .. }
            | ScenarioError::Invalid { field, .. }
            | ScenarioError::Count { field, .. } => field.clone(),
        };
        ImportError::Invalid {
            field: sanitize(&field, MAX_MESSAGE_CHARS),
            message: sanitize(&e.to_string(), MAX_MESSAGE_CHARS),
        }
    })
}
