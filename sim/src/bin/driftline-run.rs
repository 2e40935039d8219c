//! `driftline-run`: runs a scenario (JSON file or lesson preset) and writes per-tick metrics as CSV.
//!
//! ```text
//! driftline-run SCENARIO.json --ticks N [--out FILE.csv]
//! driftline-run --lesson NAME --ticks N [--out FILE.csv]
//! ```
//! Exit codes: 0 ok, 1 bad data (unreadable or invalid scenario, unwritable output),
//! 2 usage (unknown or missing flags).

use driftline_sim::lessons::Lesson;
use driftline_sim::metrics::TickMetrics;
use driftline_sim::{Scenario, World};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: driftline-run SCENARIO.json --ticks N [--out FILE.csv]\n       driftline-run --lesson NAME --ticks N [--out FILE.csv]";

/// Most ticks one run may ask for (about 38 simulated years at 10 s ticks).
const MAX_TICKS: u64 = 100_000_000;

struct Args {
    source: Source,
    ticks: u64,
    out: Option<String>,
}

enum Source {
    File(String),
    Lesson(Lesson),
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("driftline-run: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn parse(argv: &[String]) -> Result<Args, String> {
    let mut file = None;
    let mut lesson = None;
    let mut ticks = None;
    let mut out = None;
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i].as_str();
        let mut value = |name: &str| -> Result<String, String> {
            i += 1;
            argv.get(i)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a {
            "--ticks" => {
                let v = value("--ticks")?;
                let n: u64 = v
                    .parse()
                    .map_err(|_| format!("--ticks: `{v}` is not a whole number"))?;
                if n == 0 || n > MAX_TICKS {
                    return Err(format!("--ticks: must be 1..={MAX_TICKS}, got {n}"));
                }
                ticks = Some(n);
            }
            "--out" => out = Some(value("--out")?),
            "--lesson" => {
                let v = value("--lesson")?;
                let l = Lesson::from_name(&v).ok_or_else(|| {
                    let names: Vec<&str> = Lesson::ALL.iter().map(|l| l.name()).collect();
                    format!(
                        "--lesson: unknown lesson `{v}` (one of: {})",
                        names.join(", ")
                    )
                })?;
                lesson = Some(l);
            }
            "-h" | "--help" => return Err("help".into()),
            s if s.starts_with('-') => return Err(format!("unknown flag `{s}`")),
            s => {
                if file.is_some() {
                    return Err(format!("unexpected argument `{s}`"));
                }
                file = Some(s.to_string());
            }
        }
        i += 1;
    }
    let source = match (file, lesson) {
        (Some(_), Some(_)) => return Err("give a scenario file or --lesson, not both".into()),
        (Some(f), None) => Source::File(f),
        (None, Some(l)) => Source::Lesson(l),
        (None, None) => return Err("missing scenario file or --lesson".into()),
    };
    let ticks = ticks.ok_or("missing --ticks")?;
    Ok(Args { source, ticks, out })
}

fn run(args: &Args) -> Result<(), String> {
    let scenario = match &args.source {
        Source::Lesson(l) => l.preset(),
        Source::File(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))?
        }
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
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&argv) {
        Ok(a) => a,
        Err(e) if e == "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => return usage(&e),
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("driftline-run: {e}");
            ExitCode::from(1)
        }
    }
}
