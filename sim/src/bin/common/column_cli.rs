//! What `driftline-detect` and `driftline-stats` share: the flags that read one numeric
//! column of a CSV file, reading it (with the hints a bad file gets), and the exit-code
//! contract (0 ok, 1 bad data, 2 bad usage from clap; a closed output pipe is not an error).
//!
//! Included by both binaries with `#[path]`, so neither binary carries its own copy.

use clap::ValueEnum;
use driftline_sim::table::{
    describe_delimiter, detect_delimiter, parse_delimiter, read_numeric_column, BadCells,
    NumericColumn, ReadOptions, TableError, MAX_LISTED_CELLS,
};
use std::io::{self, Read, Write};
use std::process::ExitCode;

/// What to do with a cell that is not a finite number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BadCellsArg {
    /// Stop, naming the rows.
    Stop,
    /// Leave them out, listing them on stderr.
    Skip,
}

/// A `--delimiter` value: a separator, or `None` to detect it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Separator(pub Option<u8>);

/// Parses a `--delimiter` value.
pub fn separator(s: &str) -> Result<Separator, String> {
    parse_delimiter(s).map(Separator)
}

/// Refuses an empty (or blank) column name.
pub fn non_empty(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("the name is empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

/// What went wrong, and so which exit code to use.
#[derive(Debug, PartialEq)]
pub enum CliError {
    /// Bad file, header, column or cell: exit 1.
    Data(String),
    /// The reader closed stdout (`| head`): their choice, not an error; exit 0.
    ClosedPipe,
}

impl CliError {
    /// A failed write of the output: a closed pipe, or a real error.
    pub fn from_write(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::ClosedPipe
        } else {
            CliError::Data(format!("cannot write the output: {e}"))
        }
    }
}

/// Reads the whole input (a file, or stdin for `-`).
pub fn read_bytes(file: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    read.map_err(|e| CliError::Data(format!("cannot read {file}: {e}")))?;
    Ok(bytes)
}

/// How a binary reads its column.
pub struct ColumnRequest<'a> {
    /// Header name of the column.
    pub column: &'a str,
    /// `--bad-cells`.
    pub bad_cells: BadCellsArg,
    /// `--delimiter`.
    pub delimiter: Separator,
    /// Whether a header that comes out as one field gets a hint about the separator.
    pub separator_hint: bool,
}

/// Reads the column of `file`; skipped cells are listed in `notes`.
pub fn read_column(
    file: &str,
    request: &ColumnRequest<'_>,
    notes: &mut Vec<String>,
) -> Result<NumericColumn, CliError> {
    let bytes = read_bytes(file)?;
    let options = ReadOptions {
        delimiter: request.delimiter.0,
        bad_cells: match request.bad_cells {
            BadCellsArg::Stop => BadCells::Stop,
            BadCellsArg::Skip => BadCells::Skip,
        },
    };
    let column = read_numeric_column(&bytes, request.column, &options).map_err(|e| {
        let hint = match &e {
            TableError::BadCells { .. } => " (--bad-cells skip leaves them out)".to_string(),
            TableError::MissingColumn { columns, .. }
                if request.separator_hint && columns.len() == 1 =>
            {
                separator_hint(&bytes, options.delimiter)
            }
            _ => String::new(),
        };
        CliError::Data(format!("{file}: {e}{hint}"))
    })?;
    if column.skipped_count > 0 {
        let mut listed: Vec<String> = column.skipped.iter().map(ToString::to_string).collect();
        if column.skipped_count > MAX_LISTED_CELLS {
            listed.push(format!(
                "and {} more",
                column.skipped_count - column.skipped.len()
            ));
        }
        notes.push(format!(
            "{file}: skipped {} cell(s) of column \"{}\": {}",
            column.skipped_count,
            request.column,
            listed.join("; ")
        ));
    }
    Ok(column)
}

/// Why a header may have come out as one field: the wrong separator given, or none found.
fn separator_hint(bytes: &[u8], given: Option<u8>) -> String {
    let detected = detect_delimiter(bytes);
    match given {
        Some(d) if d != detected => format!(
            " (the header is one field with separator {}, but splits with {}: try \
             --delimiter auto)",
            describe_delimiter(d),
            describe_delimiter(detected)
        ),
        _ => " (no separator among , ; tab | splits the header; --delimiter names another)"
            .to_string(),
    }
}

/// Prints `notes` on stderr, each after the tool's name.
pub fn print_notes(tool: &str, notes: &[String]) {
    let mut err = io::stderr();
    for note in notes {
        let _ = writeln!(err, "{tool}: note: {note}");
    }
}

/// The exit code for `result`, printing a data error after the tool's name.
pub fn exit_code(tool: &str, result: Result<(), CliError>) -> ExitCode {
    match result {
        Ok(()) | Err(CliError::ClosedPipe) => ExitCode::SUCCESS,
        Err(CliError::Data(msg)) => {
            let _ = writeln!(io::stderr(), "{tool}: {msg}");
            ExitCode::from(1)
        }
    }
}
