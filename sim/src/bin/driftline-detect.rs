//! `driftline-detect`: runs one of River's streaming drift detectors over a numeric column of
//! a CSV file and prints the 0-based data-row indices where it fires.
//!
//! Exit codes: 0 success, 1 bad data (file, header, column or cell), 2 bad usage (flags).
//! Never panics: every failure becomes a message naming the flag, row or column.

use clap::builder::PossibleValuesParser;
use clap::Parser;
use driftline_sim::monitor::detectors::{AnyDetector, DetectorKind, DetectorSignal, DriftDetector};
use driftline_sim::table::NumericColumn;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

#[path = "common/column_cli.rs"]
mod column_cli;
use column_cli::{non_empty, separator, BadCellsArg, CliError, ColumnRequest, Separator};

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

/// Reads the column; notes about skipped cells go to `notes`.
fn read_column(cli: &Cli, notes: &mut Vec<String>) -> Result<NumericColumn, CliError> {
    let request = ColumnRequest {
        column: &cli.column,
        bad_cells: cli.bad_cells,
        delimiter: cli.delimiter,
        separator_hint: false,
    };
    column_cli::read_column(&cli.file, &request, notes)
}

/// Runs the detector over the column and writes the detections.
fn run(cli: &Cli, column: &NumericColumn, out: &mut impl Write) -> Result<(), CliError> {
    let kind = DetectorKind::from_cli_name(&cli.detector)
        .ok_or_else(|| CliError::Data(format!("unknown detector `{}`", cli.detector)))?;
    let mut detector =
        AnyDetector::new(&kind, cli.seed).map_err(|e| CliError::Data(e.to_string()))?;
    let mut previous = DetectorSignal::Stable;
    let write_err = CliError::from_write;
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
    column_cli::print_notes("driftline-detect", &notes);
    let result = column.and_then(|column| {
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        run(&cli, &column, &mut out)
    });
    column_cli::exit_code("driftline-detect", result)
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
