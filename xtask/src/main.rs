//! `cargo run -p driftline-xtask -- <task>`: build helpers for Driftline.
//!
//! Tasks (see [`USAGE`]):
//! - `single-file [--dist DIR] [--out FILE]`: pack a Trunk release build (default `dist`)
//!   into one self-contained HTML file (default `dist-single/driftline.html`) that runs
//!   offline from `file://`. Build the dist first: `trunk build --release`.
//! - `precompress [--dist DIR]`: write `.gz` and `.br` next to every compressible file of
//!   the dist (default `dist`) and print their sizes.

use std::path::PathBuf;
use std::process::ExitCode;

use driftline_xtask::{precompress, single_file};

/// What `--help` prints.
const USAGE: &str = "\
usage: cargo run -p driftline-xtask -- <task>

tasks:
  single-file [--dist DIR] [--out FILE]
      pack DIR (default dist, from `trunk build --release`) into one offline HTML file
      (default dist-single/driftline.html)
  precompress [--dist DIR]
      write FILE.gz (gzip -9) and FILE.br (brotli q11) next to every html, js, wasm, css,
      svg, json and txt file of at least 1 KB in DIR (default dist); prints the sizes";

/// Reads `--name value` flags; `names` lists the accepted ones. `None` means `--help`.
fn flags(args: &[String], names: &[&str]) -> Result<Option<Vec<(String, PathBuf)>>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(None);
        }
        if !names.contains(&arg.as_str()) {
            return Err(format!("unknown argument `{arg}`\n{USAGE}"));
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))?;
        out.push((arg.clone(), PathBuf::from(value)));
    }
    Ok(Some(out))
}

fn single_file(args: &[String]) -> Result<(), String> {
    let Some(given) = flags(args, &["--dist", "--out"])? else {
        println!("{USAGE}");
        return Ok(());
    };
    let mut dist = PathBuf::from("dist");
    let mut out = PathBuf::from("dist-single/driftline.html");
    for (name, value) in given {
        match name.as_str() {
            "--dist" => dist = value,
            _ => out = value,
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

fn precompress(args: &[String]) -> Result<(), String> {
    let Some(given) = flags(args, &["--dist"])? else {
        println!("{USAGE}");
        return Ok(());
    };
    let dist = given
        .into_iter()
        .last()
        .map_or_else(|| PathBuf::from("dist"), |(_, v)| v);
    let entries = precompress::run(&dist).map_err(|e| e.to_string())?;
    print!("{}", precompress::table(&entries));
    println!(
        "wrote {} .gz and {} .br files in {}",
        entries.len(),
        entries.len(),
        dist.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("single-file") => single_file(&args[1..]),
        Some("precompress") => precompress(&args[1..]),
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
