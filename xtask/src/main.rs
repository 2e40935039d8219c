//! `cargo run -p driftline-xtask -- <task>`: build helpers for Driftline.
//!
//! Tasks:
//! - `single-file [--dist DIR] [--out FILE]`: pack a Trunk release build (default `dist`)
//!   into one self-contained HTML file (default `dist-single/driftline.html`) that runs
//!   offline from `file://`. Build the dist first: `trunk build --release`.

use std::path::PathBuf;
use std::process::ExitCode;

use driftline_xtask::single_file;

const USAGE: &str = "usage: cargo run -p driftline-xtask -- single-file [--dist DIR] [--out FILE]";

fn single_file(args: &[String]) -> Result<(), String> {
    let mut dist = PathBuf::from("dist");
    let mut out = PathBuf::from("dist-single/driftline.html");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = |it: &mut std::slice::Iter<'_, String>| {
            it.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--dist" => dist = value(&mut it)?,
            "--out" => out = value(&mut it)?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let report = single_file::write(&dist, &out).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {} ({size} bytes): inlined {}; dropped {} preload hints",
        out.display(),
        report.inlined.join(", "),
        report.dropped
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("single-file") => single_file(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
