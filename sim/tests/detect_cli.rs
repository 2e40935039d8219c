//! Runs the `driftline-detect` binary end to end: a step change is found after the step, and
//! bad input gives the documented exit code and a message naming what is wrong.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_driftline-detect");

/// Writes `contents` to a file in the temp dir, unique per test, and returns its path.
fn temp_csv(name: &str, contents: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "driftline-detect-{}-{name}.csv",
        std::process::id()
    ));
    std::fs::write(&path, contents).unwrap();
    path
}

/// An error column whose rate steps from 10% to 60% at row `step`: a fixed pattern, so the
/// test needs no random numbers.
fn step_csv(rows: usize, step: usize) -> String {
    let mut s = String::from("tick,error,brightness\n");
    for i in 0..rows {
        let error = if i < step { i % 10 == 3 } else { i % 5 < 3 };
        s.push_str(&format!("{i},{},{}\n", u8::from(error), 100 + i % 7));
    }
    s
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout_rows(out: &Output) -> Vec<(usize, bool)> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.split_whitespace();
            let row = parts.next().unwrap().parse().unwrap();
            let warning = parts.next() == Some("warning");
            (row, warning)
        })
        .collect()
}

#[test]
fn every_detector_fires_after_the_step_and_not_before() {
    let path = temp_csv("step", &step_csv(3000, 1500));
    let file = path.to_str().unwrap();
    for detector in ["adwin", "page-hinkley", "ddm", "kswin"] {
        let out = run(&[
            "--detector",
            detector,
            "--column",
            "error",
            "--seed",
            "3",
            file,
        ]);
        assert_eq!(out.status.code(), Some(0), "{detector}: {out:?}");
        let drifts: Vec<usize> = stdout_rows(&out)
            .into_iter()
            .filter(|(_, w)| !w)
            .map(|(r, _)| r)
            .collect();
        let first = drifts.first().copied();
        assert!(
            matches!(first, Some(r) if (1500..1800).contains(&r)),
            "{detector}: drifts at {drifts:?}"
        );
    }
    // DDM marks its warning zone first.
    let out = run(&["--detector", "ddm", "--column", "error", file]);
    let rows = stdout_rows(&out);
    let first_warning = rows.iter().find(|(r, w)| *w && *r >= 1500).map(|(r, _)| *r);
    let first_drift = rows.iter().find(|(_, w)| !w).map(|(r, _)| *r);
    assert!(first_warning.unwrap() < first_drift.unwrap(), "{rows:?}");
    std::fs::remove_file(path).ok();
}

#[test]
fn stable_column_prints_nothing() {
    let path = temp_csv("stable", &step_csv(2000, 5000));
    let out = run(&[
        "--detector",
        "adwin",
        "--column",
        "error",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_file(path).ok();
}

#[test]
fn help_exits_zero() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Usage: driftline-detect"), "{help}");
    assert!(
        help.contains("page-hinkley") && help.contains("Exit status"),
        "{help}"
    );
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    let cases: [(&[&str], &str); 4] = [
        (&[], "the following required arguments were not provided"),
        (
            &["--detector", "cusum", "--column", "error", "x.csv"],
            "--detector",
        ),
        (
            &[
                "--detector",
                "adwin",
                "--column",
                "error",
                "--seed",
                "abc",
                "x.csv",
            ],
            "--seed",
        ),
        (
            &["--detector", "adwin", "--colum", "error", "x.csv"],
            "--colum",
        ),
    ];
    for (args, needle) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn data_errors_exit_1_and_name_the_row_and_column() {
    let mut text = step_csv(10, 5);
    text.push_str("10,oops,100\n");
    let path = temp_csv("bad-cell", &text);
    let out = run(&[
        "--detector",
        "ddm",
        "--column",
        "error",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("data row 10 (line 12)")
            && err.contains("column \"error\"")
            && err.contains("oops"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no partial output on bad data");

    let out = run(&[
        "--detector",
        "ddm",
        "--column",
        "latency",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"latency\" is not in the header"), "{err}");
    std::fs::remove_file(path).ok();

    let out = run(&[
        "--detector",
        "ddm",
        "--column",
        "error",
        "/nonexistent/driftline.csv",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/driftline.csv"));
}

#[test]
fn semicolon_files_and_skipped_cells_keep_their_row_numbers() {
    let clean = temp_csv("clean", &step_csv(3000, 1500));
    let out = run(&[
        "--detector",
        "adwin",
        "--column",
        "error",
        clean.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let want = stdout_rows(&out);
    assert!(!want.is_empty());

    // The same values, `;`-separated, with an extra row holding a bad cell after data row 2:
    // it becomes data row 3 (line 5), and every later row moves down by one.
    let text = step_csv(3000, 1500)
        .replace(',', ";")
        .replacen("\n3;", "\nextra;oops;0\n3;", 1);
    let path = temp_csv("semicolon-skip", &text);
    let file = path.to_str().unwrap();
    let stop = run(&["--detector", "adwin", "--column", "error", file]);
    assert_eq!(stop.status.code(), Some(1));
    let err = String::from_utf8_lossy(&stop.stderr);
    assert!(
        err.contains("data row 3 (line 5)") && err.contains("--bad-cells skip"),
        "{err}"
    );

    let skip = run(&[
        "--detector",
        "adwin",
        "--column",
        "error",
        "--bad-cells",
        "skip",
        file,
    ]);
    assert_eq!(skip.status.code(), Some(0));
    let err = String::from_utf8_lossy(&skip.stderr);
    assert!(err.contains("skipped 1 cell(s)"), "{err}");
    // The detector saw the same values, and names the rows of this file.
    let shifted: Vec<(usize, bool)> = want.iter().map(|&(r, w)| (r + 1, w)).collect();
    assert_eq!(stdout_rows(&skip), shifted);
    std::fs::remove_file(clean).ok();
    std::fs::remove_file(path).ok();
}
