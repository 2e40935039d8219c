//! Integration tests of the `driftline-run` binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_driftline-run"))
}

fn tmp(name: &str, text: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("driftline-run-{}-{name}", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn lesson_run_writes_a_csv_with_header_and_one_row_per_tick() {
    let out = std::env::temp_dir().join(format!("driftline-run-{}-out.csv", std::process::id()));
    let st = bin()
        .args(["--lesson", "canary", "--ticks", "50", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 51);
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "tick");
    assert!(header.contains(&"candidate_weight_pct"));
    assert!(lines[1..]
        .iter()
        .all(|l| l.split(',').count() == header.len()));
    assert!(lines[1].starts_with("0,"));
}

#[test]
fn scenario_file_runs_and_is_deterministic() {
    let f = tmp("ok.json", r#"{"seed": 7, "automation": "full_automation"}"#);
    let a = bin().arg(&f).args(["--ticks", "30"]).output().unwrap();
    let b = bin().arg(&f).args(["--ticks", "30"]).output().unwrap();
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(String::from_utf8_lossy(&a.stdout).lines().count(), 31);
}

#[test]
fn bad_field_names_the_serde_path_and_exits_1() {
    let f = tmp("bad.json", r#"{"human": {"hlp": {"scratch": "high"}}}"#);
    let o = bin().arg(&f).args(["--ticks", "5"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("human.hlp.scratch"), "{err}");

    let f = tmp("enum.json", r#"{"automation": "robots"}"#);
    let o = bin().arg(&f).args(["--ticks", "5"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("automation"));

    let f = tmp("range.json", r#"{"camera": {"missing_rate": 1.5}}"#);
    let o = bin().arg(&f).args(["--ticks", "5"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("camera.missing_rate"));

    let o = bin()
        .args(["/nonexistent/x.json", "--ticks", "5"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["--lesson", "canary"],
        vec!["--lesson", "nope", "--ticks", "3"],
        vec!["--ticks", "3"],
        vec!["--lesson", "canary", "--ticks", "x"],
        vec!["--lesson", "canary", "--ticks", "3", "--frobnicate"],
        vec!["--lesson", "canary", "--ticks"],
        vec!["--lesson", "canary", "--ticks", "0"],
        vec!["x.json", "--lesson", "canary", "--ticks", "3"],
    ] {
        let o = bin().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        // clap's messages: `error: ...`, ending with a pointer to --help.
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with("error:") && err.contains("'--help'"),
            "{args:?}: {err}"
        );
    }
}
