//! `driftline-e2e`: runs the Foundation checks (or takes screenshots) against the built site
//! in headless Chromium. Exit code 0 = all checks passed, 1 = a check failed, 2 = bad usage
//! or the harness could not start.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use driftline_e2e::checks::{self, FoundationOptions};
use driftline_e2e::fixture::{write_fixture, Fault};
use driftline_e2e::screenshots::{take_screenshots, ScreenshotSpec};
use driftline_e2e::tempdir::TempDir;
use driftline_e2e::{ChromeConfig, Error, Page, Report, Result, StaticServer};

const USAGE: &str = "\
usage: cargo run -p driftline-e2e -- [options]

Serves DIST under SUB_PATH on 127.0.0.1 and checks it in headless Chromium.

options:
  --dist DIR                 built site to serve (default: dist)
  --out DIR                  where screenshots and the report go (default: target/e2e)
  --sub-path PATH            URL sub-path the site is served under (default: /driftline/)
  --screenshot-only SPEC     only take a screenshot, SPEC = URLPATH:NAME:WxH, e.g.
                             ':home-mobile:390x844' or '#chapter-2:ch2:1366x768';
                             repeatable; writes OUT/NAME.png
  --wait-for CSS             with --screenshot-only: wait for this element first
                             (default: [data-testid=\"play\"]; '' to skip)
  --settle-ms N              with --screenshot-only: pause before each shot (default: 500)
  --self-test                serve a built-in fixture page instead of DIST (checks the harness)
  --chromium PATH            browser binary (default: /usr/bin/chromium)
  --chromedriver PATH        chromedriver binary (default: /usr/bin/chromedriver)
  --driver-log FILE          write chromedriver's verbose log to FILE
  --verbose                  print every request the static server saw
  -h, --help                 show this help
";

/// Parsed command line.
#[derive(Debug)]
struct Args {
    dist: PathBuf,
    out: PathBuf,
    sub_path: String,
    screenshots: Vec<ScreenshotSpec>,
    wait_for: String,
    settle: Duration,
    self_test: bool,
    chrome: ChromeConfig,
    verbose: bool,
}

/// What the command line asks for.
enum Command {
    Run(Box<Args>),
    Help,
}

fn parse_args(raw: impl IntoIterator<Item = String>) -> Result<Command> {
    let mut args = Args {
        dist: PathBuf::from("dist"),
        out: PathBuf::from("target/e2e"),
        sub_path: "/driftline/".to_owned(),
        screenshots: Vec::new(),
        wait_for: checks::PLAY.to_owned(),
        settle: Duration::from_millis(500),
        self_test: false,
        chrome: ChromeConfig::default(),
        verbose: false,
    };
    let mut raw = raw.into_iter();
    while let Some(flag) = raw.next() {
        let mut value = || {
            raw.next()
                .ok_or_else(|| Error::new(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--dist" => args.dist = PathBuf::from(value()?),
            "--out" => args.out = PathBuf::from(value()?),
            "--sub-path" => args.sub_path = value()?,
            "--screenshot-only" => args.screenshots.push(ScreenshotSpec::parse(&value()?)?),
            "--wait-for" => args.wait_for = value()?,
            "--settle-ms" => {
                let text = value()?;
                let ms = text
                    .parse()
                    .map_err(|_| Error::new(format!("--settle-ms: {text:?} is not a number")))?;
                args.settle = Duration::from_millis(ms);
            }
            "--self-test" => args.self_test = true,
            "--chromium" => args.chrome.chromium = PathBuf::from(value()?),
            "--chromedriver" => args.chrome.chromedriver = PathBuf::from(value()?),
            "--driver-log" => args.chrome.driver_log = Some(PathBuf::from(value()?)),
            "--verbose" => args.verbose = true,
            other => return Err(Error::new(format!("unknown argument {other:?}"))),
        }
    }
    Ok(Command::Run(Box::new(args)))
}

fn main() -> ExitCode {
    let command = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let args = match command {
        Command::Help => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Run(args) => args,
    };
    match run(&args) {
        Ok(report) if report.has_failures() => {
            println!("{report}");
            eprintln!("e2e: FAILED");
            for failure in report.failures() {
                eprintln!("  - {}: {}", failure.name, failure.detail);
            }
            ExitCode::FAILURE
        }
        Ok(report) => {
            println!("{report}");
            println!("e2e: all checks passed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("e2e: could not run: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<Report> {
    // Keeps the generated fixture alive while it is served.
    let mut _fixture_dir = None;
    let dist = if args.self_test {
        let dir = TempDir::new("fixture")?;
        write_fixture(dir.path(), &Fault::None)?;
        let path = dir.path().to_owned();
        _fixture_dir = Some(dir);
        path
    } else {
        args.dist.clone()
    };
    if !dist.join("index.html").is_file() {
        return Err(Error::new(format!(
            "{} has no index.html; build the site first (`trunk build --release`)",
            dist.display()
        )));
    }
    std::fs::create_dir_all(&args.out)?;

    let server = StaticServer::start(&dist, &args.sub_path)?;
    println!("serving {} at {}", dist.display(), server.base_url());
    let mut page = Page::launch(&args.chrome, server.base_url())?;
    println!(
        "browser started (console capture: {:?})",
        page.session().console_capture()
    );

    let report = if args.screenshots.is_empty() {
        let opts = FoundationOptions {
            out_dir: args.out.clone(),
            ..FoundationOptions::default()
        };
        checks::run_foundation(&mut page, &server, &opts)
    } else {
        let wait_for = Some(args.wait_for.as_str()).filter(|s| !s.is_empty());
        take_screenshots(
            &mut page,
            &args.screenshots,
            &args.out,
            wait_for,
            args.settle,
        )
    };
    if let Err(e) = page.close() {
        eprintln!("warning: closing the browser: {e}");
    }

    if args.verbose || report.has_failures() {
        println!("requests seen by the static server:");
        for r in server.requests() {
            println!("  {} {} -> {}", r.method, r.target, r.status);
        }
    }
    let report_path = args.out.join("e2e-report.txt");
    std::fs::write(&report_path, format!("{report}\n"))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<Command> {
        parse_args(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn defaults_match_the_documented_ones() {
        let Ok(Command::Run(args)) = parse(&[]) else {
            panic!("expected a run");
        };
        assert_eq!(args.dist, PathBuf::from("dist"));
        assert_eq!(args.out, PathBuf::from("target/e2e"));
        assert_eq!(args.sub_path, "/driftline/");
        assert!(args.screenshots.is_empty() && !args.self_test);
    }

    #[test]
    fn flags_are_parsed_and_errors_named() {
        let Ok(Command::Run(args)) = parse(&[
            "--dist",
            "site",
            "--screenshot-only",
            ":home:800x600",
            "--screenshot-only",
            "#c2:c2:390x844",
            "--settle-ms",
            "0",
            "--self-test",
        ]) else {
            panic!("expected a run");
        };
        assert_eq!(args.dist, PathBuf::from("site"));
        assert_eq!(args.screenshots.len(), 2);
        assert_eq!(args.settle, Duration::ZERO);
        assert!(args.self_test);
        assert!(matches!(parse(&["--help"]), Ok(Command::Help)));
        let missing = parse(&["--out"]).err().map(|e| e.to_string());
        assert_eq!(missing.as_deref(), Some("--out needs a value"));
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--settle-ms", "soon"]).is_err());
    }
}
