//! Runs the `driftline-stats` binary end to end on hostile files: every one gets the
//! documented exit code (0 ok, 1 bad data, 2 bad usage) and a message naming what is wrong,
//! never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_driftline-stats");

/// Writes `bytes` to a new file in the temp dir (unique per call: tests run in parallel) and
/// returns its path, which ends in `name`.
fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("driftline-stats-{}-{n}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A good reference file: 30 distinct values in column `x`, a text column around it.
fn good_reference() -> PathBuf {
    let mut s = String::from("id,x,label\n");
    for i in 0..30 {
        s.push_str(&format!("{i},{},a\n", f64::from(i) * 0.5));
    }
    temp_file("good-ref.csv", s.as_bytes())
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

/// Runs with the good reference and `current` as the current file, column `x`.
fn run_current(current: &Path, extra: &[&str]) -> Output {
    let reference = good_reference();
    let mut args = vec![
        "--reference",
        reference.to_str().unwrap(),
        "--current",
        current.to_str().unwrap(),
        "--column",
        "x",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "one JSON object on one line: {text}"
    );
    serde_json::from_str(&text).unwrap()
}

/// Exit 1, nothing on stdout, and every needle in the message.
fn assert_data_error(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty(), "no output on bad data");
    assert!(err.starts_with("driftline-stats: "), "{err}");
    for n in needles {
        assert!(err.contains(n), "`{n}` not in: {err}");
    }
}

#[test]
fn a_good_pair_prints_every_statistic() {
    let current = temp_file("good-cur.csv", b"x\n1\n2\n3.5\n4\n20\n");
    let out = run_current(&current, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    for key in [
        "ks_statistic",
        "ks_pvalue",
        "wasserstein",
        "wasserstein_normed",
        "reference_std",
        "psi",
        "jensen_shannon",
    ] {
        let x = v[key].as_f64().unwrap_or_else(|| panic!("{key}: {v}"));
        assert!(x.is_finite() && x >= 0.0, "{key}: {x}");
    }
    assert_eq!(v["ks_method"], "exact");
    assert_eq!(v["binning"], "sturges");
    assert_eq!(
        (v["reference_rows"].as_u64(), v["current_rows"].as_u64()),
        (Some(30), Some(5))
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn empty_file() {
    let current = temp_file("empty.csv", b"");
    assert_data_error(
        &run_current(&current, &[]),
        &["empty.csv", "the file is empty"],
    );
    let blank = temp_file("blank.csv", b"\n\r\n  \n");
    assert_data_error(&run_current(&blank, &[]), &["the file is empty"]);
}

#[test]
fn header_only() {
    let current = temp_file("header-only.csv", b"id,x\n");
    assert_data_error(
        &run_current(&current, &[]),
        &["header-only.csv", "header row but no data rows"],
    );
}

#[test]
fn ragged_rows() {
    let current = temp_file("ragged.csv", b"id,x\n0,1\n1,2,3\n2,4\n");
    assert_data_error(
        &run_current(&current, &[]),
        &["data row 1 (line 3) has 3 field(s) but the header has 2"],
    );
    let short = temp_file("short.csv", b"id,x\n0,1\n1\n");
    assert_data_error(
        &run_current(&short, &[]),
        &["data row 1 (line 3) has 1 field(s)"],
    );
}

#[test]
fn quoted_fields_with_separators_inside() {
    let current = temp_file(
        "quoted.csv",
        b"name,\"x\",note\n\"Smith, J\",\"1.5\",\"a, b; c\"\n\"O\"\"Neil\",2,\"two\nlines\"\n",
    );
    let out = run_current(&current, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["current_rows"], 2);
}

#[test]
fn semicolon_and_tab_separators_are_detected() {
    for (name, text) in [
        (
            "semicolon.csv",
            &b"id;x;note\n0;1.5;a,b\n1;2;c\n2;7;d\n"[..],
        ),
        ("tab.tsv", &b"id\tx\n0\t1.5\n1\t2\n2\t7\n"[..]),
        ("pipe.csv", &b"id|x\n0|1.5\n1|2\n2|7\n"[..]),
    ] {
        let current = temp_file(name, text);
        let out = run_current(&current, &[]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(json(&out)["current_rows"], 3, "{name}");
    }
    // A wrong --delimiter says which separator would split the header.
    let current = temp_file("semi2.csv", b"id;x\n0;1\n");
    let out = run_current(&current, &["--delimiter", "comma"]);
    assert_data_error(&out, &["not in the header", "splits with \";\""]);
    // --delimiter applies to both files.
    let out = run(&[
        "--reference",
        current.to_str().unwrap(),
        "--current",
        current.to_str().unwrap(),
        "--column",
        "x",
        "--delimiter",
        ";",
    ]);
    assert_data_error(&out, &["one distinct value (1.0)"]);
}

#[test]
fn utf8_byte_order_mark() {
    let current = temp_file("bom.csv", b"\xEF\xBB\xBFx,id\r\n1,0\r\n2,1\r\n");
    let out = run_current(&current, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["current_rows"], 2);
    let utf16 = temp_file("utf16.csv", b"\xFF\xFEx\x00\n\x001\x00");
    assert_data_error(&run_current(&utf16, &[]), &["UTF-16", "save it as UTF-8"]);
}

#[test]
fn non_numeric_and_non_finite_cells_stop_or_skip() {
    let text = b"id,x\n0,1\n1,abc\n2,\n3,inf\n4,NaN\n5,2\n6,1e999\n7,3\n";
    let current = temp_file("bad-cells.csv", text);
    // Default: stop, naming every bad row.
    let out = run_current(&current, &[]);
    assert_data_error(
        &out,
        &[
            "bad-cells.csv",
            "column \"x\": 5 cell(s) are not finite numbers",
            "data row 1 (line 3): cannot read `abc` as a number",
            "data row 2 (line 4): empty cell",
            "data row 3 (line 5): `inf` is not a finite number",
            "data row 4 (line 6): `NaN` is not a finite number",
            "data row 6 (line 8): `1e999` is not a finite number",
            "--bad-cells skip",
        ],
    );
    // Skip: the statistics use the other cells, stderr lists the skipped ones.
    let out = run_current(&current, &["--bad-cells", "skip"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        (v["current_rows"].as_u64(), v["current_skipped"].as_u64()),
        (Some(3), Some(5))
    );
    let err = stderr(&out);
    assert!(
        err.contains("note:")
            && err.contains("skipped 5 cell(s)")
            && err.contains("data row 1 (line 3)"),
        "{err}"
    );
    // Nothing left after skipping.
    let none = temp_file("no-numbers.csv", b"x\na\nb\n");
    assert_data_error(
        &run_current(&none, &["--bad-cells", "skip"]),
        &["has no numeric values (2 cell(s) skipped)"],
    );
    // A decimal comma gets a hint.
    let comma = temp_file("decimal-comma.csv", b"id;x\n0;1,5\n");
    assert_data_error(&run_current(&comma, &[]), &["a decimal comma? write 1.5"]);
}

#[test]
fn a_column_with_one_distinct_value() {
    let constant = temp_file("constant.csv", b"x\n3\n3\n3.0\n");
    // As the reference: an error (its standard deviation is 0).
    let current = good_reference();
    let out = run(&[
        "--reference",
        constant.to_str().unwrap(),
        "--current",
        current.to_str().unwrap(),
        "--column",
        "x",
    ]);
    assert_data_error(
        &out,
        &[
            "constant.csv",
            "one distinct value (3.0)",
            "standard deviation is 0",
        ],
    );
    // As the current sample: the statistics are defined; a note says so.
    let out = run_current(&constant, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("one distinct value"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["current_rows"], 3);
}

#[test]
fn missing_or_unreadable_files_and_columns() {
    let current = temp_file("cols.csv", b"a,B\n1,2\n");
    let out = run(&[
        "--reference",
        current.to_str().unwrap(),
        "--current",
        current.to_str().unwrap(),
        "--column",
        "b",
    ]);
    assert_data_error(
        &out,
        &[
            "column \"b\" is not in the header",
            "\"a\", \"B\"",
            "did you mean \"B\"",
        ],
    );
    let dup = temp_file("dup.csv", b"x,x\n1,2\n");
    assert_data_error(&run_current(&dup, &[]), &["appears more than once"]);
    let out = run(&[
        "--reference",
        "/nonexistent/ref.csv",
        "--current",
        "/nonexistent/cur.csv",
        "--column",
        "x",
    ]);
    assert_data_error(&out, &["cannot read /nonexistent/ref.csv"]);
    let garbage = temp_file(
        "garbage.bin",
        &[0xFF, 0x00, 0xC3, 0x28, 0x0A, 0xA0, 0xA1, 0x0A],
    );
    let out = run_current(&garbage, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn stdin_can_be_one_of_the_files() {
    let reference = good_reference();
    let mut child = Command::new(BIN)
        .args([
            "--reference",
            reference.to_str().unwrap(),
            "--current",
            "-",
            "--column",
            "x",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"x\n1\n2\n3\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["current_rows"], 3);
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    let cases: [(&[&str], &str); 6] = [
        (&[], "--reference"),
        (&["--reference", "r.csv", "--current", "c.csv"], "--column"),
        (
            &["--reference", "r.csv", "--current", "c.csv", "--column", ""],
            "--column",
        ),
        (
            &[
                "--reference",
                "r",
                "--current",
                "c",
                "--column",
                "x",
                "--bad-cells",
                "drop",
            ],
            "--bad-cells",
        ),
        (
            &[
                "--reference",
                "r",
                "--current",
                "c",
                "--column",
                "x",
                "--delimiter",
                "ab",
            ],
            "--delimiter",
        ),
        (
            &["--reference", "-", "--current", "-", "--column", "x"],
            "stdin",
        ),
    ];
    for (args, needle) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn help_documents_each_statistic_and_exits_0() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Usage: driftline-stats",
        "ks_statistic",
        "ks_pvalue",
        "wasserstein_normed",
        "psi",
        "jensen_shannon",
        "scipy.stats.ks_2samp",
        "Evidently",
        "Exit status: 0 ok, 1 bad data",
    ] {
        assert!(help.contains(needle), "`{needle}` not in --help");
    }
}
