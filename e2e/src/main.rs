//! `driftline-e2e`: runs the Foundation checks, then the chapter walk and the share/embed/
//! presenter checks (or only takes screenshots) against the built site in headless Chromium.
//! Exit code 0 = all checks passed, 1 = a check failed, 2 = bad usage or the harness could
//! not start. A check whose feature is missing fails; skips (only for what this machine or
//! command line cannot provide) are named in the final summary line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use driftline_e2e::checks::{self, FoundationOptions};
use driftline_e2e::data_checks;
use driftline_e2e::data_more_checks;
use driftline_e2e::first_paint_checks;
use driftline_e2e::fixture::{write_fixture, Fault};
use driftline_e2e::own_wasm_checks;
use driftline_e2e::scene_checks;
use driftline_e2e::screenshots::{take_screenshots, ScreenshotSpec};
use driftline_e2e::share_checks::{self, ShareOptions, SingleFile};
use driftline_e2e::timeline_checks;
use driftline_e2e::walk::{self, WalkOptions};
use driftline_e2e::{ChromeConfig, Error, Page, Report, Result, StaticServer};

const USAGE: &str = "\
usage: cargo run -p driftline-e2e -- [options]

Serves a copy of DIST (plus an iframe host page) under SUB_PATH on 127.0.0.1 and checks
it in headless Chromium: the Foundation checks first, then every chapter at 1366x768 and
360x740 (screenshots OUT/<slug>-desktop.png, OUT/<slug>-phone.png), then the share, embed,
single-file, presenter and scene checks. A missing feature fails its check. The only
skips are what this run was not given (no single-file build, --no-walk, --no-share);
they are listed, with why, in the final summary line.

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
  --self-test                serve a built-in fixture page instead of DIST (checks the harness;
                             Foundation checks only)
  --no-walk                  skip the chapter walk
  --no-share                 skip the share/embed/single-file/presenter checks
  --chapters LIST            walk only these comma-separated chapter slugs
  --single-file FILE         single-file build to open via file://; must exist (a
                             missing FILE fails). Without it DIST/../dist-single/
                             driftline.html is checked if present, else skipped
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
    walk: bool,
    share: bool,
    chapters: Option<Vec<String>>,
    single_file: Option<PathBuf>,
}

impl Args {
    /// The single-file build to check: as given (must exist), else the default beside DIST
    /// (checked when present).
    fn single_file(&self) -> SingleFile {
        match &self.single_file {
            Some(path) => SingleFile::Given(path.clone()),
            None => SingleFile::Default(self.single_file_path()),
        }
    }

    /// The single-file build's path: as given, else `dist-single/driftline.html` beside DIST.
    fn single_file_path(&self) -> PathBuf {
        self.single_file.clone().unwrap_or_else(|| {
            let parent = self
                .dist
                .parent()
                .unwrap_or_else(|| std::path::Path::new(""));
            parent.join("dist-single").join("driftline.html")
        })
    }
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
        walk: true,
        share: true,
        chapters: None,
        single_file: None,
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
            "--no-walk" => args.walk = false,
            "--no-share" => args.share = false,
            "--chapters" => {
                let list: Vec<String> = value()?
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if list.is_empty() {
                    return Err(Error::new("--chapters needs at least one slug"));
                }
                args.chapters = Some(list);
            }
            "--single-file" => args.single_file = Some(PathBuf::from(value()?)),
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
            eprintln!("e2e: {}", report.summary());
            ExitCode::FAILURE
        }
        Ok(report) => {
            println!("{report}");
            println!("e2e: all checks passed; {}", report.summary());
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
        let dir = tempfile::Builder::new()
            .prefix("driftline-e2e-fixture-")
            .tempdir()?;
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
    // A copy of the site with the iframe host page beside it (also for screenshots, so
    // `--screenshot-only host.html:embed:1366x768` works); kept alive while served.
    let full_run = !args.self_test && args.screenshots.is_empty();
    let _site_copy;
    let dist = if !args.self_test {
        let copy = share_checks::prepare_site(&dist)?;
        let path = copy.path().to_owned();
        _site_copy = Some(copy);
        path
    } else {
        _site_copy = None;
        dist
    };

    let server = StaticServer::start(&dist, &args.sub_path)?;
    println!("serving {} at {}", dist.display(), server.base_url());
    let mut chrome = args.chrome.clone();
    if full_run && args.walk {
        // Phones draw overlay scrollbars; without this a classic 15 px scrollbar would
        // shrink the 360 px layout width to 345 px.
        chrome.extra_args.push("--hide-scrollbars".to_owned());
    }
    let mut page = Page::launch(&chrome, server.base_url())?;
    println!(
        "browser started (console capture: {:?})",
        page.session().console_capture()
    );

    let report = if args.screenshots.is_empty() {
        let opts = FoundationOptions {
            out_dir: args.out.clone(),
            ..FoundationOptions::default()
        };
        let mut report = checks::run_foundation(&mut page, &server, &opts);
        let shot = opts.out_dir.join(&opts.screenshot_name);
        if shot.is_file() {
            let shown = shot.canonicalize().unwrap_or(shot);
            println!("desktop screenshot: {}", shown.display());
        }
        if full_run && args.walk {
            let walk_opts = WalkOptions {
                out_dir: args.out.clone(),
                only: args.chapters.clone(),
                ..WalkOptions::default()
            };
            report.extend(walk::run_walk(&mut page, &walk_opts));
        } else if full_run {
            report.skip("walk", "not run: --no-walk");
        }
        if full_run && args.share {
            let share_opts = ShareOptions {
                single_file: Some(args.single_file()),
                ..ShareOptions::default()
            };
            report.extend(share_checks::run_share_checks(&mut page, &share_opts));
        } else if full_run {
            report.skip(
                "share, embed, single-file, presenter",
                "not run: --no-share",
            );
        }
        if full_run {
            report.extend(first_paint_checks::run_first_paint_checks(&mut page));
            report.extend(timeline_checks::run_timeline_checks(&mut page, &args.out));
            report.extend(scene_checks::run_scene_checks(&mut page));
            report.extend(data_checks::run_data_checks(&mut page, &server, &args.out));
            report.extend(own_wasm_checks::run_own_wasm_checks(
                &mut page, &server, &args.out,
            ));
            report.extend(data_more_checks::run_data_more_checks(&mut page, &args.out));
        }
        report
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
        assert!(args.walk && args.share && args.chapters.is_none());
        assert_eq!(
            args.single_file_path(),
            PathBuf::from("dist-single/driftline.html")
        );
        assert_eq!(
            args.single_file(),
            SingleFile::Default(PathBuf::from("dist-single/driftline.html")),
            "without --single-file the default is checked only if present"
        );
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

    #[test]
    fn walk_and_share_flags_are_parsed() {
        let Ok(Command::Run(args)) = parse(&[
            "--dist",
            "/srv/site/dist",
            "--no-walk",
            "--chapters",
            "drift, serving,,",
        ]) else {
            panic!("expected a run");
        };
        assert!(!args.walk && args.share);
        assert_eq!(
            args.chapters,
            Some(vec!["drift".to_owned(), "serving".to_owned()])
        );
        assert_eq!(
            args.single_file_path(),
            PathBuf::from("/srv/site/dist-single/driftline.html")
        );
        let Ok(Command::Run(args)) = parse(&["--no-share", "--single-file", "x.html"]) else {
            panic!("expected a run");
        };
        assert!(args.walk && !args.share);
        assert_eq!(args.single_file_path(), PathBuf::from("x.html"));
        assert_eq!(
            args.single_file(),
            SingleFile::Given(PathBuf::from("x.html")),
            "a given path must exist"
        );
        assert!(parse(&["--chapters", ","]).is_err());
    }
}
