//! `driftline-bench`: measures the built site in headless Chromium (and the simulation
//! natively, in-process), prints a table of figures against their budgets, and can write the
//! table into `BENCHMARKS.md`. Exit code 0 once measured (1 with `--check` when a budget is
//! missed), 2 on bad usage or when nothing could be measured.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use driftline_e2e::bench::first_load::{self, PlaygroundSource};
use driftline_e2e::bench::markdown::{
    first_load_section, markdown_section, replace_marked, replace_section, text_table,
    FIRST_LOAD_BEGIN_MARKER, FIRST_LOAD_END_MARKER,
};
use driftline_e2e::bench::run::Phases;
use driftline_e2e::bench::{run, BenchOptions, BenchResults};
use driftline_e2e::{Error, Result};

const USAGE: &str = "\
usage: cargo run --release -p driftline-e2e --bin driftline-bench -- [options]

Serves DIST on 127.0.0.1, measures it in headless Chromium, runs the same simulation
natively, and prints each figure against its budget. Build the harness with --release:
the native figures need optimisations.

options:
  --dist DIR         built site to measure (default: dist); use a release build
  --build            first run `trunk build --release --dist DIR` in the repository
                     (tools/node_modules/.bin is put on PATH for wasm-opt)
  --write-md FILE    replace the generated section of FILE (e.g. BENCHMARKS.md),
                     or append one
  --check            exit 1 when a budget is missed (default: exit 0 once measured)
  --phases LIST      run only these phases, comma-separated, of: size, first-load,
                     first-chart, play, ui-fast-forward, simulation, memory (default: all)
  --only LIST        the same as --phases (e.g. --only first-load)
  --first-loads N    cold loads per page and profile in the first-load phase (default: 3)
  --playground DIR   a built TF Playground to compare with (default: build it with
                     scripts/build-playground.sh, which PLAYGROUND_MIRROR can feed offline)
  --no-playground    measure Driftline alone in the first-load phase
  --no-lighthouse    skip Lighthouse in the first-load phase
  --lighthouse-preset P  Lighthouse --preset (e.g. desktop; default: its mobile profile)
  --lighthouse-runs N  Lighthouse runs per site; tables show each figure's median (default: 3)
  --loads N          fresh page loads for the first-chart figure (default: 10)
  --play-runs N      playing runs, each on a fresh load (default: 3)
  --play-secs S      seconds recorded per playing run (default: 10)
  --days D           simulated days per fast-forward (default: 30)
  --ff-runs N        fast-forwards timed in wasm and natively (default: 5)
  --memory LIST      phone counts at which memory is read, comma-separated
                     (default: 1e6,1e7,1e8; 'none' skips the memory phase)
  --quick            a short run to try the harness: 3 loads, 1 playing run of 5 s,
                     2 fast-forwards of 3 days, memory at 1e5,1e6
  --sub-path PATH    URL sub-path the site is served under (default: /driftline/)
  --chromium PATH    browser binary (default: /usr/bin/chromium)
  --chromedriver PATH  chromedriver binary (default: /usr/bin/chromedriver)
  --driver-log FILE  write chromedriver's verbose log to FILE
  -h, --help         show this help
";

/// Parsed command line.
#[derive(Debug)]
struct Args {
    options: BenchOptions,
    build: bool,
    write_md: Option<PathBuf>,
    check: bool,
}

enum Parsed {
    Run(Box<Args>),
    Help,
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| Error::new(format!("{flag}: {text:?} is not a valid number")))
}

/// `1e6,1e7,1e8` as ascending positive numbers; `none` as an empty list.
fn parse_checkpoints(text: &str) -> Result<Vec<f64>> {
    if text == "none" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for part in text.split(',') {
        let value: f64 = number("--memory", part.trim())?;
        if !(value.is_finite() && value > 0.0) {
            return Err(Error::new(format!("--memory: {part:?} must be positive")));
        }
        if out.last().is_some_and(|&last| value <= last) {
            return Err(Error::new("--memory: counts must be ascending"));
        }
        out.push(value);
    }
    Ok(out)
}

fn parse_args(raw: Vec<String>) -> Result<Parsed> {
    let command = format!(
        "cargo run --release -p driftline-e2e --bin driftline-bench --{}",
        raw.iter().map(|a| format!(" {a}")).collect::<String>()
    );
    let mut args = Args {
        options: BenchOptions {
            command,
            ..BenchOptions::default()
        },
        build: false,
        write_md: None,
        check: false,
    };
    let o = &mut args.options;
    let mut raw = raw.into_iter();
    while let Some(flag) = raw.next() {
        let mut value = || {
            raw.next()
                .ok_or_else(|| Error::new(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--dist" => o.dist = PathBuf::from(value()?),
            "--build" => args.build = true,
            "--write-md" => args.write_md = Some(PathBuf::from(value()?)),
            "--check" => args.check = true,
            "--phases" | "--only" => o.phases = Phases::parse(&value()?)?,
            "--first-loads" => o.first_load.loads = number(&flag, &value()?)?,
            "--playground" => o.first_load.playground = PlaygroundSource::Dir(value()?.into()),
            "--no-playground" => o.first_load.playground = PlaygroundSource::Skip,
            "--no-lighthouse" => o.first_load.lighthouse = false,
            "--lighthouse-preset" => o.first_load.lighthouse_preset = Some(value()?),
            "--lighthouse-runs" => o.first_load.lighthouse_runs = number(&flag, &value()?)?,
            "--loads" => o.first_chart_loads = number(&flag, &value()?)?,
            "--play-runs" => o.play_runs = number(&flag, &value()?)?,
            "--play-secs" => {
                let secs: f64 = number(&flag, &value()?)?;
                o.play_duration = Duration::try_from_secs_f64(secs)
                    .map_err(|_| Error::new(format!("--play-secs: {secs} is not a duration")))?;
            }
            "--days" => o.fast_forward_days = number(&flag, &value()?)?,
            "--ff-runs" => o.fast_forward_runs = number(&flag, &value()?)?,
            "--memory" => o.memory_checkpoints = parse_checkpoints(&value()?)?,
            "--quick" => {
                o.first_chart_loads = 3;
                o.play_runs = 1;
                o.play_duration = Duration::from_secs(5);
                o.fast_forward_days = 3.0;
                o.fast_forward_runs = 2;
                o.memory_checkpoints = vec![1e5, 1e6];
            }
            "--sub-path" => o.sub_path = value()?,
            "--chromium" => o.chrome.chromium = PathBuf::from(value()?),
            "--chromedriver" => o.chrome.chromedriver = PathBuf::from(value()?),
            "--driver-log" => o.chrome.driver_log = Some(PathBuf::from(value()?)),
            other => return Err(Error::new(format!("unknown argument {other:?}"))),
        }
    }
    if args.options.first_chart_loads == 0
        || args.options.fast_forward_runs == 0
        || args.options.first_load.loads == 0
    {
        return Err(Error::new(
            "--loads, --ff-runs and --first-loads must be at least 1",
        ));
    }
    Ok(Parsed::Run(Box::new(args)))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match bench(&args) {
        Ok(results) => {
            let missed = results.missed_count();
            if missed > 0 {
                eprintln!("bench: {missed} budget(s) missed");
            }
            if args.check && missed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("bench: could not run: {e}");
            ExitCode::from(2)
        }
    }
}

fn bench(args: &Args) -> Result<BenchResults> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this harness is a debug build; native figures and the wasm/native ratio \
             are meaningless (use cargo run --release)"
        );
    }
    let mut options = args.options.clone();
    if args.build {
        options.dist = absolute(&options.dist)?;
        trunk_build(&options.dist)?;
    }
    let results = run(&options, |line| eprintln!("bench: {line}"))?;
    if !results.rows.is_empty() {
        println!("{}", text_table(&results));
    }
    for note in &results.notes {
        println!("note: {note}");
    }
    if let Some(report) = &results.first_load {
        println!("{}", first_load::table::markdown(report));
    }
    if let Some(path) = &args.write_md {
        let existing = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::new(format!("reading {}: {e}", path.display()))),
        };
        // Each section is replaced only by a run that measured it.
        let mut updated = existing;
        if !results.rows.is_empty() {
            updated = replace_section(&updated, &markdown_section(&results));
        }
        if let Some(section) = first_load_section(&results) {
            updated = replace_marked(
                &updated,
                (FIRST_LOAD_BEGIN_MARKER, FIRST_LOAD_END_MARKER),
                &section,
            );
        }
        std::fs::write(path, updated)
            .map_err(|e| Error::new(format!("writing {}: {e}", path.display())))?;
        println!("wrote the benchmark section(s) of {}", path.display());
    }
    Ok(results)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_owned())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

/// `trunk build --release --dist DIST` in the repository root.
fn trunk_build(dist: &Path) -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or_else(|| Error::new("the e2e crate has no parent directory"))?
        .to_owned();
    let tools = root.join("tools").join("node_modules").join(".bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![tools];
    dirs.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(dirs).map_err(|e| Error::new(format!("PATH: {e}")))?;
    eprintln!("bench: trunk build --release --dist {}", dist.display());
    let status = Command::new("trunk")
        .args(["build", "--release", "--dist"])
        .arg(dist)
        .current_dir(&root)
        .env("PATH", path)
        .status()
        .map_err(|e| Error::new(format!("running trunk (is it installed?): {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("trunk build failed ({status})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Parsed> {
        parse_args(list.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn defaults_and_flags() {
        let Ok(Parsed::Run(args)) = parse(&[]) else {
            panic!("expected a run");
        };
        assert_eq!(args.options.dist, PathBuf::from("dist"));
        assert_eq!(args.options.first_chart_loads, 10);
        assert_eq!(args.options.memory_checkpoints, vec![1e6, 1e7, 1e8]);
        assert!(!args.build && !args.check && args.write_md.is_none());

        let Ok(Parsed::Run(args)) = parse(&[
            "--dist",
            "/tmp/d",
            "--write-md",
            "BENCHMARKS.md",
            "--check",
            "--loads",
            "4",
            "--play-secs",
            "2.5",
            "--memory",
            "none",
            "--build",
        ]) else {
            panic!("expected a run");
        };
        assert_eq!(args.options.dist, PathBuf::from("/tmp/d"));
        assert_eq!(args.write_md, Some(PathBuf::from("BENCHMARKS.md")));
        assert!(args.check && args.build);
        assert_eq!(args.options.phases, Phases::ALL);
        assert_eq!(args.options.first_chart_loads, 4);
        assert_eq!(args.options.play_duration, Duration::from_millis(2500));
        assert!(args.options.memory_checkpoints.is_empty());
        assert!(args.options.command.ends_with("-- --dist /tmp/d --write-md BENCHMARKS.md --check --loads 4 --play-secs 2.5 --memory none --build"));
        assert!(matches!(parse(&["-h"]), Ok(Parsed::Help)));

        let Ok(Parsed::Run(args)) = parse(&[
            "--only",
            "first-load",
            "--first-loads",
            "5",
            "--playground",
            "/tmp/pg",
            "--no-lighthouse",
        ]) else {
            panic!("expected a run");
        };
        let o = &args.options;
        assert!(o.phases.first_load && !o.phases.size && !o.phases.memory);
        assert_eq!(o.first_load.loads, 5);
        assert_eq!(
            o.first_load.playground,
            PlaygroundSource::Dir(PathBuf::from("/tmp/pg"))
        );
        assert!(!o.first_load.lighthouse);
        let Ok(Parsed::Run(args)) = parse(&["--no-playground"]) else {
            panic!("expected a run");
        };
        assert_eq!(args.options.first_load.playground, PlaygroundSource::Skip);
        assert_eq!(args.options.first_load.loads, 3);
    }

    #[test]
    fn bad_input_is_named() {
        let err = |list: &[&str]| parse(list).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(err(&["--loads"]), "--loads needs a value");
        assert!(err(&["--loads", "many"]).contains("not a valid number"));
        assert!(err(&["--loads", "0"]).contains("at least 1"));
        assert!(err(&["--play-secs", "-1"]).contains("not a duration"));
        assert!(err(&["--memory", "1e7,1e6"]).contains("ascending"));
        assert!(err(&["--memory", "0"]).contains("positive"));
        assert!(err(&["--bogus"]).contains("unknown argument"));
        assert!(err(&["--phases", "size,warp"]).contains("unknown phase"));
        assert!(err(&["--first-loads", "0"]).contains("at least 1"));
        assert_eq!(parse_checkpoints("1e5, 2e5").unwrap(), vec![1e5, 2e5]);
    }
}
