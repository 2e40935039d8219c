//! Property tests of the CSV column reader (`driftline_sim::table`): no input bytes make it
//! panic, what it returns is consistent, and well-formed tables read back exactly.
//! Also: `ks_2samp_sorted` gives a statistic and p-value in [0, 1] for any finite samples.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::monitor::stats::{ks_2samp_sorted, sorted_finite};
use driftline_sim::table::{
    detect_delimiter, read_header, read_numeric_column, BadCells, ReadOptions, DELIMITER_CANDIDATES,
};
use proptest::prelude::*;

fn options() -> impl Strategy<Value = ReadOptions> {
    let delimiter = prop_oneof![
        Just(None),
        Just(Some(b',')),
        Just(Some(b';')),
        Just(Some(b'\t')),
        Just(Some(b'"')),
        Just(Some(b'\n')),
        any::<u8>().prop_map(Some),
    ];
    let bad = prop_oneof![Just(BadCells::Stop), Just(BadCells::Skip)];
    (delimiter, bad).prop_map(|(delimiter, bad_cells)| ReadOptions {
        delimiter,
        bad_cells,
    })
}

/// Bytes that look like CSV more often than random bytes do: separators, quotes, line ends,
/// digits, number words, a byte order mark, and some invalid UTF-8.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"|".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b" ".to_vec()),
        Just(b"a".to_vec()),
        Just(b"b".to_vec()),
        Just(b"1".to_vec()),
        Just(b"2.5".to_vec()),
        Just(b"-3e2".to_vec()),
        Just(b"inf".to_vec()),
        Just(b"NaN".to_vec()),
        Just(b"1e999".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xC3".to_vec()),
        Just(b"\x00".to_vec()),
    ];
    proptest::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn check_consistent(bytes: &[u8], column: &str, options: &ReadOptions) {
    let _ = detect_delimiter(bytes);
    let _ = read_header(bytes, options.delimiter);
    if let Ok(c) = read_numeric_column(bytes, column, options) {
        assert_eq!(c.values.len(), c.rows.len());
        assert!(c.values.iter().all(|x| x.is_finite()));
        assert!(c.rows.windows(2).all(|w| w[0] < w[1]));
        assert!(c.rows.iter().all(|&r| r < c.data_rows));
        assert_eq!(c.values.len() + c.skipped_count, c.data_rows);
        assert!(!c.values.is_empty());
        if options.bad_cells == BadCells::Stop {
            assert_eq!(c.skipped_count, 0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_bytes_panic_the_reader(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        column in "[a-b]{0,2}",
        options in options(),
    ) {
        check_consistent(&bytes, &column, &options);
    }

    #[test]
    fn no_csv_like_bytes_panic_the_reader(
        bytes in csvish(),
        column in prop_oneof![Just("a".to_string()), Just("b".to_string()), Just("a b".to_string())],
        options in options(),
    ) {
        check_consistent(&bytes, &column, &options);
    }

    #[test]
    fn well_formed_tables_read_back_exactly(
        rows in proptest::collection::vec((any::<f64>(), "[a-z ,;\"]{0,6}"), 1..40),
        d in 0usize..4,
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let sep = DELIMITER_CANDIDATES[d] as char;
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        text.push_str(&format!("note{sep}x{end}"));
        for (x, note) in &rows {
            let note = note.replace('"', "\"\"");
            text.push_str(&format!("\"{note}\"{sep}{x:?}{end}"));
        }
        let options = ReadOptions { delimiter: None, bad_cells: BadCells::Skip };
        let c = read_numeric_column(text.as_bytes(), "x", &options);
        let finite: Vec<f64> = rows.iter().map(|r| r.0).filter(|x| x.is_finite()).collect();
        if finite.is_empty() {
            prop_assert!(c.is_err());
        } else {
            let c = c.unwrap();
            prop_assert_eq!(c.delimiter, sep as u8);
            prop_assert_eq!(c.data_rows, rows.len());
            let got: Vec<u64> = c.values.iter().map(|x| x.to_bits()).collect();
            let want: Vec<u64> = finite.iter().map(|x| x.to_bits()).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn ks_2samp_stays_in_range(
        a in proptest::collection::vec(-1e6f64..1e6, 1..60),
        b in proptest::collection::vec(-1e6f64..1e6, 1..60),
        coarse in any::<bool>(),
    ) {
        // Coarse values make ties within and across the samples.
        let round = |v: Vec<f64>| -> Vec<f64> {
            if coarse { v.into_iter().map(|x| (x / 2e5).round()).collect() } else { v }
        };
        let (a, b) = (sorted_finite(&round(a)), sorted_finite(&round(b)));
        let r = ks_2samp_sorted(&a, &b);
        prop_assert!((0.0..=1.0).contains(&r.statistic), "{:?}", r);
        prop_assert!((0.0..=1.0).contains(&r.p_value), "{:?}", r);
        let swapped = ks_2samp_sorted(&b, &a);
        prop_assert_eq!(r.statistic.to_bits(), swapped.statistic.to_bits());
        prop_assert!((r.p_value - swapped.p_value).abs() <= 1e-12);
    }
}
