//! `driftline-run`: runs a scenario (JSON file or lesson preset) and writes per-tick metrics as CSV.
//!
//! ```text
//! driftline-run SCENARIO.json --ticks N [--out FILE.csv]
//! driftline-run --lesson NAME --ticks N [--out FILE.csv]
//! ```
//! Arguments are parsed by clap (`--help` lists them).
//! Exit codes: 0 ok, 1 bad data (unreadable or invalid scenario, unwritable output),
//! 2 usage (unknown or missing flags).

use clap::builder::PossibleValuesParser;
use clap::{ArgGroup, Parser};
use driftline_sim::lessons::Lesson;
use driftline_sim::metrics::TickMetrics;
use driftline_sim::{Scenario, World};
use std::io::Write;
use std::process::ExitCode;

/// Most ticks one run may ask for (about 38 simulated years at 10 s ticks).
const MAX_TICKS: u64 = 100_000_000;

/// Runs a scenario (a JSON file or a lesson's preset) and writes per-tick metrics as CSV.
#[derive(Debug, Parser)]
#[command(
    name = "driftline-run",
    version,
    group(ArgGroup::new("source").required(true).args(["scenario", "lesson"])),
    after_help = "Exit status: 0 ok, 1 bad data (unreadable or invalid scenario, unwritable \
                  output), 2 bad usage."
)]
struct Args {
    /// Scenario JSON file.
    #[arg(value_name = "SCENARIO.json")]
    scenario: Option<String>,
    /// A lesson's preset scenario instead of a file.
    #[arg(long, value_name = "NAME", value_parser = PossibleValuesParser::new(Lesson::ALL.map(Lesson::name)))]
    lesson: Option<String>,
    /// Ticks to run.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_TICKS))]
    ticks: u64,
    /// Write the CSV here instead of stdout.
    #[arg(long, value_name = "FILE.csv")]
    out: Option<String>,
}

fn run(args: &Args) -> Result<(), String> {
    let scenario = match (&args.scenario, &args.lesson) {
        (_, Some(name)) => Lesson::from_name(name)
            .ok_or_else(|| format!("unknown lesson `{name}`"))?
            .preset(),
        (Some(path), None) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))?
        }
        (None, None) => return Err("missing scenario file or --lesson".into()),
    };
    let mut world = World::new(scenario).map_err(|e| format!("invalid scenario: {e}"))?;
    for w in world.warnings() {
        eprintln!("driftline-run: warning: {w}");
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).map_err(|e| format!("cannot create {p}: {e}"))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(sink);
    let io = |e: std::io::Error| format!("cannot write output: {e}");
    writeln!(out, "{}", TickMetrics::csv_header()).map_err(io)?;
    for _ in 0..args.ticks {
        let m = world.step();
        writeln!(out, "{}", m.csv_row()).map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(())
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        // Help and version print to stdout and exit 0; usage errors to stderr with exit 2.
        Err(e) => e.exit(),
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("driftline-run: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("driftline-run").chain(args.iter().copied()))
    }

    #[test]
    fn file_or_lesson_not_both() {
        let a = parse(&["s.json", "--ticks", "5"]).unwrap();
        assert_eq!((a.scenario.as_deref(), a.ticks), (Some("s.json"), 5));
        let a = parse(&["--lesson", "canary", "--ticks", "5", "--out", "o.csv"]).unwrap();
        assert_eq!(a.lesson.as_deref(), Some("canary"));
        assert_eq!(a.out.as_deref(), Some("o.csv"));
        let kind = |args: &[&str]| parse(args).unwrap_err().kind();
        assert_eq!(
            kind(&["s.json", "--lesson", "canary", "--ticks", "5"]),
            ErrorKind::ArgumentConflict
        );
        assert_eq!(kind(&["--ticks", "5"]), ErrorKind::MissingRequiredArgument);
        assert_eq!(
            kind(&["--lesson", "nope", "--ticks", "5"]),
            ErrorKind::InvalidValue
        );
        assert_eq!(
            kind(&["--lesson", "canary", "--ticks", "0"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            kind(&["--lesson", "canary", "--ticks", "100000001"]),
            ErrorKind::ValueValidation
        );
    }

    #[test]
    fn every_lesson_name_reads_back() {
        for l in Lesson::ALL {
            assert_eq!(Lesson::from_name(l.name()), Some(l));
        }
    }
}
