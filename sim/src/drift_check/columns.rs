//! Which columns of a file hold numbers, guessed from its first rows, so a page can offer
//! them and preselect a likely value column and a likely 0/1 error column.

use crate::table::{read_header, TableError};

/// Data rows looked at.
const SAMPLE_ROWS: usize = 200;

/// A column and what its first rows look like.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnGuess {
    /// Name in the header.
    pub name: String,
    /// Most sampled cells read as finite numbers.
    pub numeric: bool,
    /// Every sampled number is 0 or 1.
    pub zero_one: bool,
    /// Every sampled number is a whole number.
    pub whole: bool,
}

/// The header's columns with their guesses, and the separator used.
///
/// # Errors
/// What [`read_header`] refuses (an empty file, UTF-16, a header that is not UTF-8), and a
/// header with no data row under it.
pub fn guess_columns(
    bytes: &[u8],
    delimiter: Option<u8>,
) -> Result<(u8, Vec<ColumnGuess>), TableError> {
    let header = read_header(bytes, delimiter)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(header.delimiter)
        .from_reader(body);
    let n = header.columns.len();
    // (numbers, other cells, zero-one, whole) per column.
    let mut tally = vec![(0usize, 0usize, true, true); n];
    let mut rows = 0usize;
    for record in rdr.byte_records().take(SAMPLE_ROWS) {
        let Ok(record) = record else { break };
        if record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        rows += 1;
        for (i, t) in tally.iter_mut().enumerate() {
            let cell = record.get(i).unwrap_or_default();
            match std::str::from_utf8(cell)
                .ok()
                .and_then(|s| s.parse::<f64>().ok())
            {
                Some(x) if x.is_finite() => {
                    t.0 += 1;
                    t.2 &= x == 0.0 || x == 1.0;
                    t.3 &= x.fract() == 0.0;
                }
                _ => t.1 += 1,
            }
        }
    }
    if rows == 0 {
        return Err(TableError::HeaderOnly);
    }
    let guesses = header
        .columns
        .into_iter()
        .zip(tally)
        .map(|(name, (numbers, other, zero_one, whole))| ColumnGuess {
            name,
            numeric: numbers > 0 && numbers >= other,
            zero_one: numbers > 0 && zero_one,
            whole: numbers > 0 && whole,
        })
        .collect();
    Ok((header.delimiter, guesses))
}

/// The column to preselect for values: the first numeric one with fractions, else the first
/// numeric one that is not 0/1, else the first numeric one.
#[must_use]
pub fn default_value_column(columns: &[ColumnGuess]) -> Option<&str> {
    let numeric = || columns.iter().filter(|c| c.numeric);
    numeric()
        .find(|c| !c.whole)
        .or_else(|| numeric().find(|c| !c.zero_one))
        .or_else(|| numeric().next())
        .map(|c| c.name.as_str())
}

/// The column to preselect as DDM's errors: the first 0/1 column other than `value`.
#[must_use]
pub fn default_error_column<'a>(
    columns: &'a [ColumnGuess],
    value: Option<&str>,
) -> Option<&'a str> {
    columns
        .iter()
        .find(|c| c.zero_one && Some(c.name.as_str()) != value)
        .map(|c| c.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_preselects_brightness_and_model_error() {
        let text = crate::drift_check::sample::sample_csv().unwrap();
        let (d, cols) = guess_columns(text.as_bytes(), None).unwrap();
        assert_eq!(d, b',');
        assert!(cols.iter().all(|c| c.numeric));
        assert_eq!(default_value_column(&cols), Some("brightness"));
        assert_eq!(
            default_error_column(&cols, Some("brightness")),
            Some("model_error")
        );
    }

    #[test]
    fn text_columns_are_not_offered() {
        let (d, cols) = guess_columns("\u{feff}name;x\na;1\nb;2\n".as_bytes(), None).unwrap();
        assert_eq!(d, b';');
        assert!(!cols[0].numeric && cols[1].numeric);
        assert_eq!(cols[0].name, "name");
        assert_eq!(default_value_column(&cols), Some("x"));
        assert!(guess_columns(b"", None).is_err());
        assert_eq!(guess_columns(b"x,y\n\n", None), Err(TableError::HeaderOnly));
    }
}
