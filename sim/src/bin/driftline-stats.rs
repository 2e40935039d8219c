//! `driftline-stats`: the drift statistics of one numeric column, reference against current,
//! as one JSON object (scipy's two-sample KS test, Evidently's normed Wasserstein distance,
//! PSI and Jensen-Shannon distance).
//!
//! Exit codes (as `driftline-detect`): 0 success, 1 bad data (file, header, column or cell),
//! 2 bad usage (flags). Never panics: every failure becomes a message naming the file, row or
//! column.

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use driftline_sim::monitor::stats::{
    evidently_bins, ks_2samp_sorted, std_pop, wasserstein_normed_sorted, wasserstein_sorted,
    Binning, KsMethod, WASSERSTEIN_MIN_NORM,
};
use driftline_sim::table::NumericColumn;
use serde::Serialize;
use std::io::{self, Write};
use std::process::ExitCode;

#[path = "common/column_cli.rs"]
mod column_cli;
use column_cli::{non_empty, separator, BadCellsArg, CliError, ColumnRequest, Separator};

const AFTER_HELP: &str = "\
Output: one JSON object on one line, with these fields.

  ks_statistic        D = max |F_ref(x) - F_cur(x)| over the pooled values, each empirical
                      CDF taken after every copy of a tied value; with the exact method,
                      rounded to the nearest multiple of 1/lcm(n_ref, n_cur).
                      Source: scipy.stats.ks_2samp (scipy 1.17, stats/_stats_py.py).
  ks_pvalue           Two-sided p-value of scipy.stats.ks_2samp with its default
                      method='auto': exact when both samples have at most 10,000 values
                      (Hodges' lattice-path count with Viehmann's recursion; the
                      Gnedenko-Korolyuk sum for equal sizes), otherwise
                      kstwo.sf(D, round(n m / (n + m))) (Simard and L'Ecuyer's algorithm,
                      stats/_ksstats.py). Ties change D only, as in scipy.
                      Evidently's \"K-S p_value\" (legacy/calculations/stattests/
                      ks_stattest.py): drift when <= 0.05.
  ks_method           \"exact\" or \"asymp\": the method scipy used.
  wasserstein         Wasserstein-1 distance between the two samples
                      (scipy.stats.wasserstein_distance).
  wasserstein_normed  wasserstein / max(reference population std, 0.001): Evidently's
                      \"Wasserstein distance (normed)\" (stattests/wasserstein_distance_norm.py,
                      np.std with ddof=0): drift when >= 0.1.
  reference_std       The reference's population standard deviation.
  psi                 Population Stability Index, sum((r - c) ln(r / c)) over Evidently's
                      bins, each side's empty bins filled with 0.0001 (or its smallest
                      non-empty share / 10^6 when that share is <= 0.0001)
                      (stattests/psi.py and utils.py::get_binned_data): drift when >= 0.1.
  jensen_shannon      Jensen-Shannon distance, natural log, over the same bins without the
                      fill (scipy.spatial.distance.jensenshannon, via stattests/
                      jensenshannon.py): drift when >= 0.1.
  binning, bins       Evidently's binning for psi and jensen_shannon: \"sturges\"
                      (numpy.histogram_bin_edges(pooled, bins=\"sturges\"), counts by
                      numpy.histogram) when the reference has more than 20 distinct values,
                      else \"distinct_values\" (one bin per value seen on either side).
  reference_rows,     Values used from each file, and cells left out by --bad-cells skip.
  current_rows,
  reference_skipped,
  current_skipped

Files: a header row, then one row per record. The separator (, ; tab |) is detected unless
--delimiter names it; fields may be quoted (RFC 4180); a UTF-8 byte order mark is ignored;
blank lines are skipped; every row needs as many fields as the header. Cells that are empty,
not numbers, or not finite (inf, NaN) stop the run naming their rows, or with --bad-cells
skip are left out and listed on stderr. A reference column with one distinct value is an
error (its standard deviation is 0, so wasserstein_normed is not defined).

Exit status: 0 ok, 1 bad data (file, column, cell), 2 bad usage.";

/// Compares one numeric column of two CSV files (reference and current) with the drift
/// statistics of scipy and Evidently, and prints them as one JSON object.
#[derive(Debug, Parser)]
#[command(name = "driftline-stats", version, after_help = AFTER_HELP)]
struct Cli {
    /// The reference CSV file (`-` reads stdin).
    #[arg(long, value_name = "REF.csv")]
    reference: String,
    /// The current CSV file (`-` reads stdin).
    #[arg(long, value_name = "CUR.csv")]
    current: String,
    /// Header name of the numeric column to compare (the same in both files).
    #[arg(long, value_name = "NAME", value_parser = non_empty)]
    column: String,
    /// Cells that are empty, not numbers, or not finite: stop, or skip them.
    #[arg(long, value_enum, value_name = "WHAT", default_value = "stop")]
    bad_cells: BadCellsArg,
    /// Field separator: auto (detect among , ; tab |), comma, semicolon, tab, pipe, or the
    /// character itself.
    #[arg(long, value_name = "SEP", default_value = "auto", value_parser = separator)]
    delimiter: Separator,
}

/// The printed object.
#[derive(Debug, Serialize)]
struct Report {
    column: String,
    reference_rows: usize,
    current_rows: usize,
    reference_skipped: usize,
    current_skipped: usize,
    ks_statistic: f64,
    ks_pvalue: f64,
    ks_method: &'static str,
    wasserstein: f64,
    wasserstein_normed: f64,
    reference_std: f64,
    psi: f64,
    jensen_shannon: f64,
    binning: Binning,
    bins: usize,
}

/// Reads the column of one file; skipped cells are listed in `notes`.
fn read_file(file: &str, cli: &Cli, notes: &mut Vec<String>) -> Result<NumericColumn, CliError> {
    let request = ColumnRequest {
        column: &cli.column,
        bad_cells: cli.bad_cells,
        delimiter: cli.delimiter,
        separator_hint: true,
    };
    column_cli::read_column(file, &request, notes)
}

/// Formats a value for a message as the JSON output would.
fn show(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_else(|_| x.to_string())
}

/// Reads both files and computes the report; notes for stderr go to `notes`.
fn compute(cli: &Cli, notes: &mut Vec<String>) -> Result<Report, CliError> {
    let reference = read_file(&cli.reference, cli, notes)?;
    let current = read_file(&cli.current, cli, notes)?;
    let mut r = reference.values.clone();
    let mut c = current.values.clone();
    r.sort_unstable_by(f64::total_cmp);
    c.sort_unstable_by(f64::total_cmp);
    if let (Some(&lo), Some(&hi)) = (r.first(), r.last()) {
        if lo == hi {
            return Err(CliError::Data(format!(
                "{}: column \"{}\" has one distinct value ({}) in all {} value(s): its \
                 standard deviation is 0, so wasserstein_normed (divided by it) is not \
                 defined (Evidently would divide by {} instead); a reference needs at least \
                 two distinct values",
                cli.reference,
                cli.column,
                show(lo),
                r.len(),
                WASSERSTEIN_MIN_NORM
            )));
        }
    }
    if let (Some(&lo), Some(&hi)) = (c.first(), c.last()) {
        if lo == hi {
            notes.push(format!(
                "{}: column \"{}\" has one distinct value ({}) in all {} value(s)",
                cli.current,
                cli.column,
                show(lo),
                c.len()
            ));
        }
    }
    let ks = ks_2samp_sorted(&r, &c);
    let bins = evidently_bins(&r, &c);
    Ok(Report {
        column: cli.column.clone(),
        reference_rows: r.len(),
        current_rows: c.len(),
        reference_skipped: reference.skipped_count,
        current_skipped: current.skipped_count,
        ks_statistic: ks.statistic,
        ks_pvalue: ks.p_value,
        ks_method: match ks.method {
            KsMethod::Exact => KsMethod::Exact.scipy_name(),
            KsMethod::Asymptotic => KsMethod::Asymptotic.scipy_name(),
        },
        wasserstein: wasserstein_sorted(&r, &c),
        wasserstein_normed: wasserstein_normed_sorted(&r, &c),
        reference_std: std_pop(&r),
        psi: bins.psi(),
        jensen_shannon: bins.jensen_shannon(),
        binning: bins.binning,
        bins: bins.reference.len(),
    })
}

/// Writes the report as one line of JSON.
fn write_report(report: &Report, out: &mut impl Write) -> Result<(), CliError> {
    let write_err = CliError::from_write;
    let json = serde_json::to_string(report)
        .map_err(|e| CliError::Data(format!("cannot format the output: {e}")))?;
    writeln!(out, "{json}").map_err(write_err)?;
    out.flush().map_err(write_err)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version print to stdout and exit 0; usage errors to stderr with exit 2.
        Err(e) => e.exit(),
    };
    if cli.reference == "-" && cli.current == "-" {
        Cli::command()
            .error(
                ErrorKind::ArgumentConflict,
                "--reference and --current cannot both read stdin (`-`)",
            )
            .exit();
    }
    let mut notes = Vec::new();
    let result = compute(&cli, &mut notes);
    column_cli::print_notes("driftline-stats", &notes);
    let result = result.and_then(|report| write_report(&report, &mut io::stdout().lock()));
    column_cli::exit_code("driftline-stats", result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("driftline-stats").chain(args.iter().copied()))
    }

    #[test]
    fn parses_flags() {
        let cli = parse(&[
            "--reference",
            "r.csv",
            "--current=c.csv",
            "--column",
            "x",
            "--bad-cells",
            "skip",
            "--delimiter",
            "semicolon",
        ])
        .unwrap();
        assert_eq!(cli.reference, "r.csv");
        assert_eq!(cli.current, "c.csv");
        assert_eq!(cli.bad_cells, BadCellsArg::Skip);
        assert_eq!(cli.delimiter, Separator(Some(b';')));
        let cli = parse(&["--reference", "r", "--current", "c", "--column", "x"]).unwrap();
        assert_eq!(
            (cli.bad_cells, cli.delimiter),
            (BadCellsArg::Stop, Separator(None))
        );
    }

    #[test]
    fn usage_errors_name_the_flag() {
        let kind = |args: &[&str]| parse(args).unwrap_err().kind();
        assert_eq!(
            kind(&["--reference", "r", "--current", "c"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            kind(&["--reference", "r", "--current", "c", "--column", " "]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            kind(&[
                "--reference",
                "r",
                "--current",
                "c",
                "--column",
                "x",
                "--bad-cells",
                "eat"
            ]),
            ErrorKind::InvalidValue
        );
        assert_eq!(
            kind(&[
                "--reference",
                "r",
                "--current",
                "c",
                "--column",
                "x",
                "--delimiter",
                "xy"
            ]),
            ErrorKind::ValueValidation
        );
        assert_eq!(kind(&["--help"]), ErrorKind::DisplayHelp);
    }

    #[test]
    fn help_names_every_field_and_its_source() {
        let help = Cli::command().render_help().to_string();
        for field in [
            "ks_statistic",
            "ks_pvalue",
            "wasserstein_normed",
            "psi",
            "jensen_shannon",
            "scipy.stats.ks_2samp",
            "stattests/psi.py",
            "Exit status",
        ] {
            assert!(help.contains(field), "{field} missing from --help");
        }
    }
}
