//! Export and import of a branched run (issue 17): the metrics CSV with a `run` column
//! (`original`, then `branch`), and one JSON file that carries both sides, so importing it
//! replays the original to its tick and opens the branch beside it, as its link does.

use driftline_sim::metrics::TickMetrics;
use driftline_sim::scenario::{Scenario, ValidatedScenario};
use serde::{Deserialize, Serialize};

use super::branch::MAX_TICK;
use super::export::{import_scenario_json, ImportError};

/// The key that marks a JSON file as a branched run (its value is the format's version).
pub const MARK: &str = "driftline_branch";

/// A branched run as its JSON file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchFile {
    /// The format's version: 1.
    pub driftline_branch: u32,
    /// The original run: its scenario with every action it took, each at its tick.
    pub original: Scenario,
    /// The tick the original had reached.
    pub tick: u64,
    /// The tick the branch leaves the original.
    pub fork: u64,
    /// The branch: the same scenario with the common start's actions and its own.
    pub branch: Scenario,
    /// The tick the branch had reached.
    pub branch_tick: u64,
}

/// What an imported JSON file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// One run's scenario.
    Run(Box<ValidatedScenario>),
    /// A branched run: both sides, each validated.
    Branched {
        /// The file, with both scenarios as validation left them.
        file: Box<BranchFile>,
        /// What validation adjusted, on either side.
        warnings: Vec<String>,
    },
}

/// The branched run as pretty-printed JSON.
///
/// # Errors
/// Only when serde cannot write the value (see [`super::scenario_json`]).
pub fn branch_json(file: &BranchFile) -> Result<String, ImportError> {
    serde_json::to_string_pretty(file).map_err(|e| ImportError::Syntax {
        line: 0,
        column: 0,
        message: e.to_string(),
    })
}

/// Reads a scenario file or a branched run's file (told apart by [`MARK`]).
///
/// # Errors
/// As [`import_scenario_json`]; for a branched run, field paths start `original.` or
/// `branch.`, and a tick past [`MAX_TICK`] or a fork past either side's tick is refused.
pub fn import_json(text: &str) -> Result<Imported, ImportError> {
    let marked = text.len() <= super::export::MAX_IMPORT_BYTES
        && serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get(MARK).is_some());
    if !marked {
        return import_scenario_json(text).map(|v| Imported::Run(Box::new(v)));
    }
    let file: BranchFile = serde_json::from_str(text).map_err(|e| ImportError::Schema {
        field: MARK.to_owned(),
        line: e.line(),
        column: e.column(),
        message: super::notice::sanitize(&e.to_string(), 200),
    })?;
    let invalid = |field: &str, message: String| ImportError::Invalid {
        field: field.to_owned(),
        message,
    };
    if file.driftline_branch != 1 {
        return Err(invalid(MARK, "this page reads version 1".to_owned()));
    }
    for (field, tick) in [("tick", file.tick), ("branch_tick", file.branch_tick)] {
        if tick > MAX_TICK || file.fork > tick {
            return Err(invalid(
                field,
                format!(
                    "{tick} must lie between the fork ({}) and {MAX_TICK}",
                    file.fork
                ),
            ));
        }
    }
    let side = |name: &str, s: &Scenario| {
        let text = serde_json::to_string(s).map_err(|e| invalid(name, e.to_string()))?;
        import_scenario_json(&text).map_err(|e| match e {
            ImportError::Invalid { field, message } => invalid(&format!("{name}.{field}"), message),
            other => other,
        })
    };
    let original = side("original", &file.original)?;
    let branch = side("branch", &file.branch)?;
    let warnings = original
        .warnings
        .iter()
        .chain(&branch.warnings)
        .map(ToString::to_string)
        .collect();
    Ok(Imported::Branched {
        file: Box::new(BranchFile {
            original: original.scenario,
            branch: branch.scenario,
            ..file
        }),
        warnings,
    })
}

/// CSV of both sides' per-tick metrics: a `run` column (`original` or `branch`) before the
/// `TickMetrics` header, the original's rows, then the branch's.
pub fn branched_csv<A, B>(original: A, branch: B) -> String
where
    A: IntoIterator<Item = TickMetrics>,
    B: IntoIterator<Item = TickMetrics>,
{
    let mut out = format!("run,{}\n", TickMetrics::csv_header());
    for (run, rows) in [
        ("original", original.into_iter().collect::<Vec<_>>()),
        ("branch", branch.into_iter().collect()),
    ] {
        for m in rows {
            out.push_str(run);
            out.push(',');
            out.push_str(&m.csv_row());
            out.push('\n');
        }
    }
    out
}
