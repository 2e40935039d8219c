//! `driftline-detect`: runs one of River's streaming drift detectors over a numeric column of
//! a CSV file and prints the 0-based data-row indices where it fires.
//!
//! Exit codes: 0 success, 1 bad data (file, header, column or cell), 2 bad usage (flags).
//! Never panics: every failure becomes a message naming the flag, row or column.

use driftline_sim::monitor::detectors::{AnyDetector, DetectorKind, DetectorSignal, DriftDetector};
use std::borrow::Cow;
use std::ffi::OsString;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
usage: driftline-detect --detector adwin|page-hinkley|ddm|kswin --column NAME [--seed N] FILE.csv

Runs a streaming drift detector (River's defaults) over one numeric column of a CSV file
with a header row, and prints the 0-based data-row index of every detection, one per line.
A line `N warning` marks the row where a DDM warning zone begins. FILE `-` reads stdin.

options:
  --detector NAME  adwin (ADWIN, delta 0.002, clock 32), page-hinkley (min_instances 30,
                   delta 0.005, threshold 50, alpha 0.9999, both directions), ddm (error
                   stream: 1 = error; warm_start 30, warning 2, drift 3), kswin (alpha 0.005,
                   window 100, stat_size 30)
  --column NAME    header name of the column to read (cells must be finite numbers)
  --seed N         seed for KSWIN's sampling (default 0; other detectors ignore it)
  -h, --help       show this help

exit status: 0 ok, 1 bad data (file, column, cell), 2 bad usage";

/// What went wrong, and so which exit code to use.
#[derive(Debug, PartialEq)]
enum CliError {
    /// Bad flags or arguments: exit 2.
    Usage(String),
    /// Bad file, header, column or cell: exit 1.
    Data(String),
    /// The reader closed stdout (`| head`): their choice, not an error; exit 0.
    ClosedPipe,
}

/// Parsed command line.
#[derive(Debug, PartialEq)]
struct Args {
    detector: DetectorKind,
    column: String,
    seed: u64,
    file: String,
}

/// Parses the arguments (without the program name); `Ok(None)` means help was asked for.
fn parse_args(args: Vec<OsString>) -> Result<Option<Args>, CliError> {
    let mut detector: Option<DetectorKind> = None;
    let mut column: Option<String> = None;
    let mut seed: Option<u64> = None;
    let mut files: Vec<String> = Vec::new();
    let mut only_files = false;
    let mut it = args.into_iter().enumerate();
    while let Some((pos, raw)) = it.next() {
        let arg = raw.into_string().map_err(|bad| {
            CliError::Usage(format!(
                "argument {} ({}) is not valid UTF-8",
                pos + 1,
                bad.to_string_lossy()
            ))
        })?;
        if only_files || arg == "-" || !arg.starts_with('-') {
            files.push(arg);
            continue;
        }
        if arg == "--" {
            only_files = true;
            continue;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if !matches!(flag.as_str(), "--detector" | "--column" | "--seed") {
            return Err(CliError::Usage(format!("unknown option `{arg}`")));
        }
        let value = match inline {
            Some(v) => v,
            None => match it.next() {
                Some((_, v)) => v.into_string().map_err(|bad| {
                    CliError::Usage(format!(
                        "{flag}: value {} is not valid UTF-8",
                        bad.to_string_lossy()
                    ))
                })?,
                None => return Err(CliError::Usage(format!("{flag} needs a value"))),
            },
        };
        let twice = || CliError::Usage(format!("{flag} given more than once"));
        match flag.as_str() {
            "--detector" => {
                if detector.is_some() {
                    return Err(twice());
                }
                let kind = DetectorKind::from_cli_name(&value).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--detector: unknown detector `{value}` (expected one of: {})",
                        DetectorKind::CLI_NAMES.join(", ")
                    ))
                })?;
                detector = Some(kind);
            }
            "--column" => {
                if column.is_some() {
                    return Err(twice());
                }
                if value.is_empty() {
                    return Err(CliError::Usage("--column: the name is empty".into()));
                }
                column = Some(value);
            }
            _ => {
                if seed.is_some() {
                    return Err(twice());
                }
                let n = value.parse::<u64>().map_err(|_| {
                    CliError::Usage(format!(
                        "--seed: `{value}` is not a whole number from 0 to {}",
                        u64::MAX
                    ))
                })?;
                seed = Some(n);
            }
        }
    }
    let detector = detector.ok_or_else(|| CliError::Usage("missing --detector".into()))?;
    let column = column.ok_or_else(|| CliError::Usage("missing --column".into()))?;
    let file = match files.len() {
        0 => return Err(CliError::Usage("missing FILE.csv".into())),
        1 => files.remove(0),
        n => {
            return Err(CliError::Usage(format!(
                "expected one FILE.csv, got {n}: {}",
                files.join(" ")
            )))
        }
    };
    Ok(Some(Args {
        detector,
        column,
        seed: seed.unwrap_or(0),
        file,
    }))
}

/// Splits one CSV record (RFC 4180 quoting: `"a,b"`, `"say ""hi"""`; no line breaks inside
/// quotes).
fn split_record(line: &str) -> Result<Vec<Cow<'_, str>>, String> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut close = None;
            let mut chars = quoted.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c != '"' {
                    value.push(c);
                } else if matches!(chars.peek(), Some((_, '"'))) {
                    value.push('"');
                    chars.next();
                } else {
                    close = Some(i + 1);
                    break;
                }
            }
            let close = close.ok_or_else(|| {
                "a quoted field is not closed (quoted line breaks are not supported)".to_string()
            })?;
            fields.push(Cow::Owned(value));
            let after = quoted.get(close..).unwrap_or("");
            if after.is_empty() {
                break;
            }
            match after.strip_prefix(',') {
                Some(r) => rest = r,
                None => return Err("unexpected text after a closing quote".into()),
            }
        } else {
            match rest.split_once(',') {
                Some((field, r)) => {
                    fields.push(Cow::Borrowed(field));
                    rest = r;
                }
                None => {
                    fields.push(Cow::Borrowed(rest));
                    break;
                }
            }
        }
    }
    Ok(fields)
}

/// Reads the named column of a CSV text as numbers, one per data row (blank lines skipped).
fn read_column(text: &str, file: &str, column: &str) -> Result<Vec<f64>, CliError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.is_empty());
    let (header_line, header) = lines.next().ok_or_else(|| {
        CliError::Data(format!("{file}: the file is empty (expected a header row)"))
    })?;
    let names = split_record(header)
        .map_err(|e| CliError::Data(format!("{file}: header (line {header_line}): {e}")))?;
    let mut matches = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.trim() == column)
        .map(|(i, _)| i);
    let col = matches.next().ok_or_else(|| {
        let list: Vec<String> = names.iter().map(|n| format!("\"{}\"", n.trim())).collect();
        CliError::Data(format!(
            "{file}: column \"{column}\" is not in the header; columns are: {}",
            list.join(", ")
        ))
    })?;
    if let Some(other) = matches.next() {
        return Err(CliError::Data(format!(
            "{file}: column \"{column}\" appears more than once in the header (fields {} and {})",
            col + 1,
            other + 1
        )));
    }
    let mut values = Vec::new();
    for (row, (line_no, line)) in lines.enumerate() {
        let at = || format!("{file}: data row {row} (line {line_no})");
        let fields = split_record(line).map_err(|e| CliError::Data(format!("{}: {e}", at())))?;
        let cell = fields.get(col).ok_or_else(|| {
            CliError::Data(format!(
                "{}: has {} field(s) but column \"{column}\" is field {}",
                at(),
                fields.len(),
                col + 1
            ))
        })?;
        let cell = cell.trim();
        if cell.is_empty() {
            return Err(CliError::Data(format!(
                "{}, column \"{column}\": empty cell (expected a number)",
                at()
            )));
        }
        match cell.parse::<f64>() {
            Ok(x) if x.is_finite() => values.push(x),
            Ok(_) => {
                return Err(CliError::Data(format!(
                    "{}, column \"{column}\": `{cell}` is not a finite number",
                    at()
                )))
            }
            Err(_) => {
                return Err(CliError::Data(format!(
                    "{}, column \"{column}\": cannot read `{cell}` as a number",
                    at()
                )))
            }
        }
    }
    Ok(values)
}

/// Reads the whole input as UTF-8 text.
fn read_text(file: &str) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    read.map_err(|e| CliError::Data(format!("cannot read {file}: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = ok.iter().filter(|&&b| b == b'\n').count() + 1;
        CliError::Data(format!("{file}: line {line} is not valid UTF-8"))
    })
}

/// Runs the detector and writes the detections.
fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let text = read_text(&args.file)?;
    let values = read_column(&text, &args.file, &args.column)?;
    let mut detector =
        AnyDetector::new(&args.detector, args.seed).map_err(|e| CliError::Usage(e.to_string()))?;
    let mut previous = DetectorSignal::Stable;
    let write_err = |e: io::Error| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::ClosedPipe
        } else {
            CliError::Data(format!("cannot write the output: {e}"))
        }
    };
    for (row, &x) in values.iter().enumerate() {
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
    let args = match parse_args(std::env::args_os().skip(1).collect()) {
        Ok(Some(args)) => args,
        Ok(None) => {
            let _ = writeln!(io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => return report(e),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match run(&args, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(e),
    }
}

/// Prints the error to stderr and picks the exit code.
fn report(e: CliError) -> ExitCode {
    let mut err = io::stderr();
    match e {
        CliError::Usage(msg) => {
            let _ = writeln!(err, "driftline-detect: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
        CliError::Data(msg) => {
            let _ = writeln!(err, "driftline-detect: {msg}");
            ExitCode::from(1)
        }
        CliError::ClosedPipe => ExitCode::SUCCESS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(xs: &[&str]) -> Vec<OsString> {
        xs.iter().map(OsString::from).collect()
    }

    fn usage_err(xs: &[&str]) -> String {
        match parse_args(args(xs)) {
            Err(CliError::Usage(m)) => m,
            other => panic!("expected a usage error, got {other:?}"),
        }
    }

    #[test]
    fn parses_flags_in_any_order_and_with_equals() {
        let a = parse_args(args(&[
            "f.csv",
            "--column=err",
            "--seed",
            "7",
            "--detector",
            "ddm",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(a.file, "f.csv");
        assert_eq!(a.column, "err");
        assert_eq!(a.seed, 7);
        assert_eq!(a.detector, DetectorKind::from_cli_name("ddm").unwrap());
        assert_eq!(parse_args(args(&["--help"])).unwrap(), None);
        let dash = parse_args(args(&[
            "--detector",
            "adwin",
            "--column",
            "x",
            "--",
            "-odd.csv",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(dash.file, "-odd.csv");
    }

    #[test]
    fn usage_errors_name_the_flag() {
        assert!(usage_err(&["--detector", "eddm", "--column", "x", "f"]).contains("--detector"));
        assert!(usage_err(&["--detector", "adwin", "f"]).contains("missing --column"));
        assert!(usage_err(&["--column", "x", "f"]).contains("missing --detector"));
        assert!(usage_err(&["--detector", "adwin", "--column", "x"]).contains("FILE"));
        assert!(usage_err(&["--detector", "adwin", "--column"]).contains("--column needs a value"));
        assert!(
            usage_err(&["--detector", "adwin", "--column", "x", "--seed", "-1", "f"])
                .contains("--seed")
        );
        assert!(usage_err(&["--verbose"]).contains("--verbose"));
        assert!(usage_err(&["--detector", "adwin", "--detector", "ddm"]).contains("more than once"));
        assert!(
            usage_err(&["--detector", "adwin", "--column", "x", "a", "b"]).contains("one FILE")
        );
    }

    #[test]
    fn splits_quoted_records() {
        let f = split_record(r#"1,"a,b","say ""hi""",,x"#).unwrap();
        let f: Vec<&str> = f.iter().map(|c| c.as_ref()).collect();
        assert_eq!(f, vec!["1", "a,b", r#"say "hi""#, "", "x"]);
        assert!(split_record(r#"1,"open"#).is_err());
        assert!(split_record(r#""a"b,1"#).is_err());
        assert_eq!(split_record("").unwrap().len(), 1);
    }

    #[test]
    fn reads_a_column_and_names_bad_cells() {
        let text = "\u{feff}tick,\"error\"\r\n0,1\r\n\r\n1, 0 \r\n2,0.5\r\n";
        assert_eq!(
            read_column(text, "f", "error").unwrap(),
            vec![1.0, 0.0, 0.5]
        );
        let bad = read_column("a,b\n1,2\n3,x\n", "f.csv", "b").unwrap_err();
        assert_eq!(
            bad,
            CliError::Data(
                "f.csv: data row 1 (line 3), column \"b\": cannot read `x` as a number".into()
            )
        );
        let short = read_column("a,b\n1\n", "f", "b").unwrap_err();
        assert!(
            matches!(short, CliError::Data(m) if m.contains("data row 0") && m.contains("field 2"))
        );
        let missing = read_column("a,b\n1,2\n", "f", "c").unwrap_err();
        assert!(
            matches!(missing, CliError::Data(m) if m.contains("\"c\"") && m.contains("\"a\", \"b\""))
        );
        let inf = read_column("a\ninf\n", "f", "a").unwrap_err();
        assert!(matches!(inf, CliError::Data(m) if m.contains("finite")));
        let empty = read_column("a\n\n \n", "f", "a").unwrap_err();
        assert!(matches!(empty, CliError::Data(m) if m.contains("empty cell")));
        assert!(matches!(read_column("", "f", "a"), Err(CliError::Data(m)) if m.contains("empty")));
        let dup = read_column("a,a\n1,2\n", "f", "a").unwrap_err();
        assert!(matches!(dup, CliError::Data(m) if m.contains("more than once")));
        assert_eq!(read_column("a\n", "f", "a").unwrap(), Vec::<f64>::new());
    }
}
