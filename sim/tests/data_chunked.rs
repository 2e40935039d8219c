//! The chunked reader reads exactly what the whole-file reader reads, whatever the bytes and
//! however small the chunks, and never panics.

use driftline_sim::table::{
    read_numeric_column, BadCells, ChunkedReader, NumericColumn, ReadOptions, TableError,
};
use proptest::prelude::*;

/// Reads `bytes` in chunks of `chunk` records.
fn chunked(
    bytes: &[u8],
    column: &str,
    second: Option<&str>,
    options: &ReadOptions,
    chunk: usize,
) -> Result<(NumericColumn, Option<NumericColumn>), TableError> {
    let mut r = ChunkedReader::new(bytes, column, second, options)?;
    let mut last = -1.0;
    while !r.step(bytes, chunk)? {
        let p = r.progress(bytes);
        assert!(
            (0.0..=1.0).contains(&p) && p >= last,
            "progress {last} -> {p}"
        );
        last = p;
    }
    let out = r.finish()?;
    Ok((out.values, out.errors))
}

fn same_as_whole_file(bytes: &[u8], column: &str, options: &ReadOptions, chunk: usize) {
    let whole = read_numeric_column(bytes, column, options);
    let parts = chunked(bytes, column, None, options, chunk).map(|(v, _)| v);
    assert_eq!(
        parts,
        whole,
        "chunk {chunk}: {:?}",
        String::from_utf8_lossy(bytes)
    );
}

/// The hostile files of issue 15, each read whole and in chunks of 1, 2 and 7 rows.
const HOSTILE: &[&[u8]] = &[
    b"",
    b"\n\n  \n",
    b"x\n",
    b"x,y\n1,2\n3\n4,5\n",
    b"name,x\n\"a, b\",1\n\"c\nd\",2\n",
    b"a;x\n1;2,5\n3;4\n",
    b"a\tx\n1\t2\n3\t4\n",
    b"\xEF\xBB\xBFx\n1\n2\n",
    b"\xFF\xFEx\n",
    b"x\n1\nabc\ninf\nNaN\n1e999\n\n2\n",
    b"x\n5\n5\n5\n",
    b"x,y\r\n1,2\r\n\r\n3,4\r\n",
    b"x\r1\r2\r",
    b"x\n\"1\n",
    b"x\n\xC3\x28\n1\n",
];

#[test]
fn hostile_files_read_the_same_whole_and_in_chunks() {
    for bytes in HOSTILE {
        for bad_cells in [BadCells::Stop, BadCells::Skip] {
            let options = ReadOptions {
                delimiter: None,
                bad_cells,
            };
            for chunk in [1, 2, 7, usize::MAX] {
                same_as_whole_file(bytes, "x", &options, chunk);
            }
        }
    }
}

#[test]
fn a_second_column_keeps_rows_aligned() {
    let text = b"x,err\n1,0\n2,oops\n3,1\nzz,0\n4,0\n";
    let options = ReadOptions {
        delimiter: None,
        bad_cells: BadCells::Skip,
    };
    let (values, errors) = chunked(text, "x", Some("err"), &options, 2).expect("reads");
    let errors = errors.expect("second column");
    assert_eq!(values.values, [1.0, 3.0, 4.0]);
    assert_eq!(errors.values, [0.0, 1.0, 0.0]);
    assert_eq!(values.rows, errors.rows);
    assert_eq!(values.skipped_count, 1);
    assert_eq!(errors.skipped_count, 1);
    // Stopping names the value column's rows first, then the second column's.
    let stop = ReadOptions::default();
    let err = chunked(b"x,err\n1,0\n2,oops\n", "x", Some("err"), &stop, 1).unwrap_err();
    assert!(
        err.to_string().contains("column \"err\"") && err.to_string().contains("data row 1"),
        "{err}"
    );
    let missing = chunked(text, "x", Some("label"), &stop, 1).unwrap_err();
    assert!(
        matches!(missing, TableError::MissingColumn { .. }),
        "{missing}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Any bytes: no panic, and the same answer as the whole-file reader.
    #[test]
    fn any_bytes_read_the_same(bytes in proptest::collection::vec(any::<u8>(), 0..300), chunk in 1usize..6) {
        for bad_cells in [BadCells::Stop, BadCells::Skip] {
            let options = ReadOptions { delimiter: None, bad_cells };
            same_as_whole_file(&bytes, "x", &options, chunk);
        }
    }

    /// CSV-shaped text (the bytes above rarely have a header named `x`).
    #[test]
    fn csv_like_text_reads_the_same(
        body in proptest::collection::vec(
            prop_oneof![Just("1"), Just("-2.5"), Just(","), Just(";"), Just("\t"), Just("\n"), Just("\r\n"), Just("\""), Just("x"), Just(" "), Just("nan"), Just("1e999"), Just("\u{feff}")],
            0..80,
        ),
        header in prop_oneof![Just("x\n"), Just("x,y\n"), Just("y;x\n"), Just("\"x\"\t y\n"), Just("\u{feff}x\n")],
        chunk in 1usize..6,
    ) {
        let text = format!("{header}{}", body.concat());
        for bad_cells in [BadCells::Stop, BadCells::Skip] {
            let options = ReadOptions { delimiter: None, bad_cells };
            same_as_whole_file(text.as_bytes(), "x", &options, chunk);
        }
        let options = ReadOptions { delimiter: None, bad_cells: BadCells::Skip };
        let _ = chunked(text.as_bytes(), "x", Some("y"), &options, chunk);
    }
}
