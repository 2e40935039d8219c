//! `driftline-detect`: runs one of River's streaming drift detectors over a numeric column of
//! a CSV file and prints the 0-based data-row indices where it fires.
//!
//! Exit codes: 0 success, 1 bad data (file, header, column or cell), 2 bad usage (flags).
//! Never panics: every failure becomes a message naming the flag, row or column.

use clap::builder::PossibleValuesParser;
use clap::{Parser, ValueEnum};
use driftline_sim::monitor::detectors::{AnyDetector, DetectorKind, DetectorSignal, DriftDetector};
use driftline_sim::table::{
    parse_delimiter, read_numeric_column, BadCells, NumericColumn, ReadOptions, TableError,
    MAX_LISTED_CELLS,
};
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Prints the 0-based data-row index of every detection, one per line (the header is not a data
row; with --bad-cells skip, rows keep their place in the file). A line `N warning` marks the
row where a DDM warning zone begins.

Detectors (River's defaults):
  adwin         ADWIN, delta 0.002, clock 32
  page-hinkley  min_instances 30, delta 0.005, threshold 50, alpha 0.9999, both directions
  ddm           error stream (1 = error): warm_start 30, warning 2, drift 3
  kswin         alpha 0.005, window 100, stat_size 30 (sampling seeded by --seed)

Files: a header row; the separator (, ; tab |) is detected unless --delimiter names it;
quoted fields (RFC 4180) and a UTF-8 byte order mark are fine; blank lines are skipped.

Exit status: 0 ok, 1 bad data (file, column, cell), 2 bad usage.";

/// What to do with a cell that is not a finite number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BadCellsArg {
    /// Stop, naming the rows.
    Stop,
    /// Leave them out, listing them on stderr.
    Skip,
}

/// A `--delimiter` value: a separator, or `None` to detect it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Separator(Option<u8>);

fn separator(s: &str) -> Result<Separator, String> {
    parse_delimiter(s).map(Separator)
}

fn non_empty(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("the name is empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

/// Runs a streaming drift detector (River's defaults) over one numeric column of a CSV file
/// with a header row, and prints the data rows where it fires.
#[derive(Debug, Parser)]
#[command(name = "driftline-detect", version, after_help = AFTER_HELP)]
struct Cli {
    /// The detector.
    #[arg(long, value_name = "NAME", value_parser = PossibleValuesParser::new(DetectorKind::CLI_NAMES))]
    detector: String,
    /// Header name of the column to read (cells must be finite numbers).
    #[arg(long, value_name = "NAME", value_parser = non_empty)]
    column: String,
    /// Seed for KSWIN's sampling (other detectors ignore it).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    seed: u64,
    /// Cells that are empty, not numbers, or not finite: stop, or skip them.
    #[arg(long, value_enum, value_name = "WHAT", default_value = "stop")]
    bad_cells: BadCellsArg,
    /// Field separator: auto (detect among , ; tab |), comma, semicolon, tab, pipe, or the
    /// character itself.
    #[arg(long, value_name = "SEP", default_value = "auto", value_parser = separator)]
    delimiter: Separator,
    /// The CSV file (`-` reads stdin).
    #[arg(value_name = "FILE.csv")]
    file: String,
}

/// What went wrong, and so which exit code to use.
#[derive(Debug, PartialEq)]
enum CliError {
    /// Bad file, header, column or cell: exit 1.
    Data(String),
    /// The reader closed stdout (`| head`): their choice, not an error; exit 0.
    ClosedPipe,
}

/// Reads the whole input (a file, or stdin for `-`).
fn read_bytes(file: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    read.map_err(|e| CliError::Data(format!("cannot read {file}: {e}")))?;
    Ok(bytes)
}

/// Reads the column; notes about skipped cells go to `notes`.
fn read_column(cli: &Cli, notes: &mut Vec<String>) -> Result<NumericColumn, CliError> {
    let bytes = read_bytes(&cli.file)?;
    let options = ReadOptions {
        delimiter: cli.delimiter.0,
        bad_cells: match cli.bad_cells {
            BadCellsArg::Stop => BadCells::Stop,
            BadCellsArg::Skip => BadCells::Skip,
        },
    };
    let column = read_numeric_column(&bytes, &cli.column, &options).map_err(|e| {
        let hint = if matches!(e, TableError::BadCells { .. }) {
            " (--bad-cells skip leaves them out)"
        } else {
            ""
        };
        CliError::Data(format!("{}: {e}{hint}", cli.file))
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
            "{}: skipped {} cell(s) of column \"{}\": {}",
            cli.file,
            column.skipped_count,
            cli.column,
            listed.join("; ")
        ));
    }
    Ok(column)
}

/// Runs the detector over the column and writes the detections.
fn run(cli: &Cli, column: &NumericColumn, out: &mut impl Write) -> Result<(), CliError> {
    let kind = DetectorKind::from_cli_name(&cli.detector)
        .ok_or_else(|| CliError::Data(format!("unknown detector `{}`", cli.detector)))?;
    let mut detector =
        AnyDetector::new(&kind, cli.seed).map_err(|e| CliError::Data(e.to_string()))?;
    let mut previous = DetectorSignal::Stable;
    let write_err = |e: io::Error| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::ClosedPipe
        } else {
            CliError::Data(format!("cannot write the output: {e}"))
        }
    };
    for (&x, &row) in column.values.iter().zip(&column.rows) {
        let signal = detector.update(x);
        match signal {
            DetectorSignal::Drift => writeln!(out, "{row}").map_err(write_err)?,
            DetectorSignal::Warning if previous != DetectorSignal::Warning => {
                writeln!(out, "{row} warning").map_err(write_err)?
            }
            _ => {}
        }
        previous = signal;
    }
    out.flush().map_err(write_err)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version print to stdout and exit 0; usage errors to stderr with exit 2.
        Err(e) => e.exit(),
    };
    let mut notes = Vec::new();
    let column = read_column(&cli, &mut notes);
    let mut err = io::stderr();
    for note in &notes {
        let _ = writeln!(err, "driftline-detect: note: {note}");
    }
    let result = column.and_then(|column| {
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        run(&cli, &column, &mut out)
    });
    match result {
        Ok(()) | Err(CliError::ClosedPipe) => ExitCode::SUCCESS,
        Err(CliError::Data(msg)) => {
            let _ = writeln!(err, "driftline-detect: {msg}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("driftline-detect").chain(args.iter().copied()))
    }

    #[test]
    fn parses_flags_in_any_order_and_with_equals() {
        let a = parse(&["f.csv", "--column=err", "--seed", "7", "--detector", "ddm"]).unwrap();
        assert_eq!(a.file, "f.csv");
        assert_eq!(a.column, "err");
        assert_eq!(a.seed, 7);
        assert_eq!(a.detector, "ddm");
        assert_eq!(
            (a.bad_cells, a.delimiter),
            (BadCellsArg::Stop, Separator(None))
        );
        let dash = parse(&["--detector", "adwin", "--column", "x", "--", "-odd.csv"]).unwrap();
        assert_eq!(dash.file, "-odd.csv");
        let stdin = parse(&["--detector", "adwin", "--column", "x", "-"]).unwrap();
        assert_eq!(stdin.file, "-");
        assert_eq!(
            parse(&["--help"]).unwrap_err().kind(),
            ErrorKind::DisplayHelp
        );
    }

    #[test]
    fn usage_errors_name_the_flag() {
        let err = |args: &[&str]| parse(args).unwrap_err();
        let e = err(&["--detector", "eddm", "--column", "x", "f"]);
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert!(e.to_string().contains("--detector"), "{e}");
        assert!(e.to_string().contains("page-hinkley"), "{e}");
        let e = err(&["--detector", "adwin", "f"]);
        assert!(e.to_string().contains("--column"), "{e}");
        let e = err(&["--column", "x", "f"]);
        assert!(e.to_string().contains("--detector"), "{e}");
        let e = err(&["--detector", "adwin", "--column", "x"]);
        assert!(e.to_string().contains("FILE.csv"), "{e}");
        let e = err(&["--detector", "adwin", "--column"]);
        assert!(e.to_string().contains("--column"), "{e}");
        let e = err(&["--detector", "adwin", "--column", "x", "--seed", "-1", "f"]);
        assert!(e.to_string().contains("--seed"), "{e}");
        let e = err(&["--verbose"]);
        assert!(e.to_string().contains("--verbose"), "{e}");
        let e = err(&["--detector", "adwin", "--detector", "ddm"]);
        assert_eq!(e.kind(), ErrorKind::ArgumentConflict);
        let e = err(&["--detector", "adwin", "--column", "x", "a", "b"]);
        assert_eq!(e.kind(), ErrorKind::UnknownArgument);
        let e = err(&["--detector", "adwin", "--column", "", "f"]);
        assert!(e.to_string().contains("--column"), "{e}");
    }

    #[test]
    fn every_cli_name_is_a_detector() {
        for name in DetectorKind::CLI_NAMES {
            assert!(DetectorKind::from_cli_name(name).is_some(), "{name}");
        }
    }
}
