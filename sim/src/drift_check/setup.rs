//! What the checks compare against (the reference) and what a column must be for them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which values are the reference the windows are compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reference {
    /// The first this many values.
    FirstRows(usize),
    /// The values of data rows `first..=last` (rows as the file counts them, from 0).
    Rows {
        /// First data row.
        first: usize,
        /// Last data row.
        last: usize,
    },
    /// The same column of a second file.
    File(Vec<f64>),
}

/// The reference's values: `values` and `rows` are a read column's values and their data
/// rows.
///
/// # Errors
/// A reference with fewer than two values, or one that takes every value (nothing left to
/// compare), in words.
pub fn reference_values(
    values: &[f64],
    rows: &[usize],
    reference: &Reference,
) -> Result<Vec<f64>, String> {
    let picked: Vec<f64> = match reference {
        Reference::FirstRows(n) => {
            if *n >= values.len() {
                return Err(format!(
                    "the reference takes all {} values, so nothing is left to compare; \
                     choose fewer than {} rows",
                    values.len(),
                    values.len()
                ));
            }
            values.get(..*n).unwrap_or_default().to_vec()
        }
        Reference::Rows { first, last } => {
            if first > last {
                return Err(format!(
                    "the row range {first} to {last} is empty (first > last)"
                ));
            }
            values
                .iter()
                .zip(rows)
                .filter(|(_, r)| (*first..=*last).contains(*r))
                .map(|(&x, _)| x)
                .collect()
        }
        Reference::File(v) => v.clone(),
    };
    if picked.len() < 2 {
        return Err(format!(
            "the reference holds {} value(s); the statistics need at least 2",
            picked.len()
        ));
    }
    Ok(picked)
}

/// Something worth saying about a column before reading its results.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnNote {
    /// Every value is the same: nothing can drift, and distances divided by a spread of 0
    /// are not meaningful.
    OneValue(f64),
    /// Fewer values than a detector needs to say anything (KSWIN's window, say).
    Short {
        /// Values in the column.
        values: usize,
        /// Values the slowest detector needs.
        needed: usize,
    },
}

impl fmt::Display for ColumnNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnNote::OneValue(x) => write!(
                f,
                "every value in the column is {x}: nothing in it can drift, and the statistics \
                 have no spread to compare"
            ),
            ColumnNote::Short { values, needed } => write!(
                f,
                "the column has {values} values; the detectors need about {needed} before they \
                 can fire"
            ),
        }
    }
}

/// Notes on a column of `values` for detectors needing `needed` values.
#[must_use]
pub fn check_column(values: &[f64], needed: usize) -> Vec<ColumnNote> {
    let mut notes = Vec::new();
    if let Some(&first) = values.first() {
        if values.iter().all(|&x| x == first) {
            notes.push(ColumnNote::OneValue(first));
        }
    }
    if values.len() < needed {
        notes.push(ColumnNote::Short {
            values: values.len(),
            needed,
        });
    }
    notes
}

/// Checks that an error column holds only 0 and 1 (DDM reads 1 as an error).
///
/// # Errors
/// The first few rows holding something else, in words.
pub fn check_errors(name: &str, errors: &[f64], rows: &[usize]) -> Result<(), String> {
    let bad: Vec<String> = errors
        .iter()
        .zip(rows)
        .filter(|(&e, _)| e != 0.0 && e != 1.0)
        .take(5)
        .map(|(e, r)| format!("data row {r} holds {e}"))
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    Err(format!(
        "DDM needs column \"{name}\" to hold only 0 (right) and 1 (wrong): {}",
        bad.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let values = [1.0, 2.0, 3.0, 4.0];
        let rows = [0, 2, 3, 5];
        let first = reference_values(&values, &rows, &Reference::FirstRows(2)).unwrap();
        assert_eq!(first, [1.0, 2.0]);
        let range = Reference::Rows { first: 2, last: 5 };
        assert_eq!(
            reference_values(&values, &rows, &range).unwrap(),
            [2.0, 3.0, 4.0]
        );
        let all = reference_values(&values, &rows, &Reference::FirstRows(4)).unwrap_err();
        assert!(all.contains("nothing is left"), "{all}");
        let empty = Reference::Rows { first: 9, last: 2 };
        assert!(reference_values(&values, &rows, &empty).is_err());
        let one = reference_values(&values, &rows, &Reference::File(vec![1.0])).unwrap_err();
        assert!(one.contains("at least 2"), "{one}");
    }

    #[test]
    fn column_notes_and_error_columns() {
        let notes = check_column(&[5.0, 5.0, 5.0], 100);
        assert_eq!(notes.len(), 2);
        assert!(notes[0]
            .to_string()
            .contains("every value in the column is 5"));
        assert!(check_column(&[1.0, 2.0], 2).is_empty());
        assert!(check_errors("e", &[0.0, 1.0], &[0, 1]).is_ok());
        let bad = check_errors("e", &[0.0, 0.5], &[0, 7]).unwrap_err();
        assert!(bad.contains("data row 7 holds 0.5"), "{bad}");
    }
}
