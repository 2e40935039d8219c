//! The "Your data" run on hostile files: every one ends in a result or a message a person
//! can act on, never a panic; the sample shows firings; any bytes are safe.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use driftline::data_page::job::{run_to_end, Config, RefChoice};
use driftline_sim::drift_check::sample::sample_csv;
use driftline_sim::drift_check::DetectorSettings;
use driftline_sim::table::BadCells;
use proptest::prelude::*;

fn config(column: &str, errors: Option<&str>, bad_cells: BadCells, n: usize) -> Config {
    Config {
        column: column.into(),
        errors: errors.map(str::to_string),
        delimiter: None,
        bad_cells,
        reference: RefChoice::FirstRows(n),
        window: n,
        detectors: DetectorSettings::default(),
    }
}

fn run(text: &[u8], c: Config) -> Result<driftline::data_page::job::Analysis, String> {
    run_to_end(Rc::from(text), c, 7)
}

fn error(text: &[u8], c: Config) -> String {
    match run(text, c) {
        Ok(_) => panic!("expected an error for {:?}", String::from_utf8_lossy(text)),
        Err(e) => e,
    }
}

#[test]
fn the_sample_fires_every_detector_after_the_lamp_dims() {
    let text = sample_csv().unwrap();
    let a = run(
        text.as_bytes(),
        config("brightness", Some("model_error"), BadCells::Stop, 500),
    )
    .unwrap();
    // The lamp dims at tick 200, about row 2000 (ten phones a tick). ADWIN first fires
    // after it; KSWIN fires soon after it (it also has the odd false alarm before, as its
    // alpha of 0.005 allows over 2000 tests).
    let rows_of = |hits: &[usize]| hits.iter().map(|&i| a.rows[i]).collect::<Vec<_>>();
    let adwin = rows_of(&a.firings.adwin);
    assert!(
        adwin.first().is_some_and(|&r| (1900..2400).contains(&r)),
        "{adwin:?}"
    );
    let kswin = rows_of(&a.firings.kswin);
    assert!(kswin.iter().any(|r| (1900..2300).contains(r)), "{kswin:?}");
    assert!(a.firings.ddm_ran);
    assert!(!a.windows.is_empty());
    let last = a.windows.last().unwrap();
    assert_eq!(
        last.drifted(),
        ["PSI", "KS", "Wasserstein", "Jensen-Shannon"],
        "{last:?}"
    );
    assert!(a.windows[0].drifted().is_empty(), "{:?}", a.windows[0]);
}

#[test]
fn hostile_files_get_messages_naming_the_problem() {
    let c = |n| config("x", None, BadCells::Stop, n);
    assert!(error(b"", c(2)).contains("empty"));
    assert!(error(b"x\n", c(2)).contains("no data rows"));
    let ragged = error(b"x,y\n1,2\n3\n", c(1));
    assert!(
        ragged.contains("data row 1 (line 3) has 1 field"),
        "{ragged}"
    );
    let bad = error(b"x\n1\nabc\ninf\n2\n3\n", c(2));
    assert!(
        bad.contains("data row 1 (line 3)") && bad.contains("data row 2 (line 4)"),
        "{bad}"
    );
    assert!(error(b"\xFF\xFEx\n", c(2)).contains("UTF-16"));
    let all = error(b"x\n1\n2\n", c(2));
    assert!(all.contains("nothing is left"), "{all}");
    let not01 = error(
        b"x,e\n1,0\n2,0.5\n3,1\n",
        config("x", Some("e"), BadCells::Stop, 1),
    );
    assert!(not01.contains("data row 1 holds 0.5"), "{not01}");
    let missing = error(b"y\n1\n", c(1));
    assert!(missing.contains("not in the header"), "{missing}");
}

#[test]
fn quoted_separators_bom_semicolons_tabs_and_skipping_work() {
    let quoted = run(
        b"name,x\n\"a, b\",1\n\"c\nd\",2\n\"e\",3\n",
        config("x", None, BadCells::Stop, 2),
    )
    .unwrap();
    assert_eq!(quoted.values, [1.0, 2.0, 3.0]);
    for text in [
        &b"\xEF\xBB\xBFa;x\n1;1\n2;2\n3;3\n"[..],
        b"a\tx\n1\t1\n2\t2\n3\t3\n",
    ] {
        assert_eq!(
            run(text, config("x", None, BadCells::Stop, 2))
                .unwrap()
                .values,
            [1.0, 2.0, 3.0]
        );
    }
    let skipped = run(
        b"x\n1\nabc\n2\nNaN\n3\n",
        config("x", None, BadCells::Skip, 2),
    )
    .unwrap();
    assert_eq!((skipped.values.len(), skipped.skipped_count), (3, 2));
    assert_eq!(skipped.rows, [0, 2, 4]);
}

#[test]
fn one_distinct_value_is_said_and_a_reference_file_works() {
    let flat = run(b"x\n5\n5\n5\n5\n", config("x", None, BadCells::Stop, 2)).unwrap();
    assert!(
        flat.notes
            .iter()
            .any(|n| n.contains("every value in the column is 5")),
        "{:?}",
        flat.notes
    );
    let mut c = config("x", None, BadCells::Stop, 2);
    c.reference = RefChoice::File(Rc::from(&b"x;y\n1;0\n2;0\n"[..]));
    let a = run(b"x\n1\n2\n9\n9\n", c.clone()).unwrap();
    assert_eq!(a.reference, [1.0, 2.0]);
    assert_eq!(a.windows.len(), 2);
    c.reference = RefChoice::File(Rc::from(&b"z\n1\n"[..]));
    assert!(run(b"x\n1\n2\n", c)
        .unwrap_err()
        .starts_with("Reference file:"));
}

#[test]
fn a_large_file_runs_in_bounded_slices() {
    let mut text = String::from("t,x\n");
    for i in 0..200_000u32 {
        text.push_str(&format!(
            "{i},{}\n",
            if i < 100_000 {
                f64::from(i % 10)
            } else {
                5.0 + f64::from(i % 10)
            }
        ));
    }
    let mut job = driftline::data_page::job::Job::new(
        Rc::from(text.as_bytes()),
        config("x", None, BadCells::Stop, 1000),
    )
    .unwrap();
    let mut steps = 0;
    while job.step(20_000).unwrap() != driftline::data_page::job::Status::Done {
        steps += 1;
    }
    assert!(steps > 10, "{steps}");
    let a = job.into_analysis().unwrap();
    assert_eq!(a.values.len(), 200_000);
    assert!(a.firings.adwin.first().is_some_and(|&i| i >= 100_000));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// No bytes make the run panic.
    #[test]
    fn no_bytes_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), n in 1usize..5) {
        let mut text = b"x,e\n".to_vec();
        text.extend(bytes);
        for errors in [None, Some("e")] {
            for bad in [BadCells::Stop, BadCells::Skip] {
                let _ = run(&text, config("x", errors, bad, n));
            }
        }
    }
}
