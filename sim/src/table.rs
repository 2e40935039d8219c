//! Reading one numeric column out of a CSV file, with errors a person can act on.
//!
//! Long on purpose (about 590 lines of code, the rest tests): every rule of the format a
//! reader meets (separator, BOM, quoting, bad cells by row) sits in one place, shared by the
//! command line and the page; `table/chunked.rs` reads the same rules a chunk at a time.
//!
//! Pure: everything takes the file's bytes (`&[u8]`), so the command-line tools and a web
//! page can share it. Parsing is the `csv` crate's (RFC 4180 quoting: separators, quotes and
//! line breaks inside quoted fields); this module adds what a drift tool needs on top:
//!
//! - a UTF-8 byte order mark is dropped; a UTF-16 one is refused with a message;
//! - the separator is detected among `,` `;` tab and `|` ([`detect_delimiter`]) unless given;
//! - cells are trimmed; blank lines, and rows whose fields are all empty, are skipped; the
//!   header must name the column exactly once;
//! - every data row must have as many fields as the header ("ragged" rows are errors);
//! - a cell that is empty, not a number, or not finite (`inf`, `NaN`, `1e999`) either stops
//!   the read, naming every such row ([`BadCells::Stop`]), or is left out and reported
//!   ([`BadCells::Skip`]).
//!
//! Rows are named as the command-line tools name them: `data row N (line L)`, N counted from
//! 0 over the data rows (the header is not a data row), L the file's 1-based line where the
//! record starts.
//!
//! [`ChunkedReader`] reads by the same rules a chunk of rows at a time, with a second column
//! beside the first, for a page that must stay responsive on a large file.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

mod chunked;

pub use chunked::{ChunkedReader, ReadColumns};

/// Separators [`detect_delimiter`] chooses from, in order of preference on a tie.
pub const DELIMITER_CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Records [`detect_delimiter`] looks at.
const DETECT_SAMPLE_RECORDS: usize = 64;

/// Bad cells described one by one in a message or report; the rest are only counted.
pub const MAX_LISTED_CELLS: usize = 10;

/// Longest cell text quoted in a message (longer text is cut, with `…`).
const MAX_QUOTED_CHARS: usize = 40;

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What to do with a cell that is not a finite number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadCells {
    /// Stop with [`TableError::BadCells`], naming the rows (the default).
    #[default]
    Stop,
    /// Leave the cell out and report it in [`NumericColumn::skipped`].
    Skip,
}

/// How to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadOptions {
    /// The separator, or `None` to detect it ([`detect_delimiter`]).
    pub delimiter: Option<u8>,
    /// What to do with cells that are not finite numbers.
    pub bad_cells: BadCells,
}

/// Why a cell is not a usable number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellProblem {
    /// Nothing in the cell (after trimming spaces).
    Empty,
    /// Text that does not read as a number.
    NotANumber,
    /// A number written with a decimal comma (`1,5`): read as text, with a hint.
    DecimalComma,
    /// `inf`, `NaN` or a number too large for a 64-bit float.
    NotFinite,
    /// Bytes that are not UTF-8 text.
    NotUtf8,
}

/// One cell that is not a finite number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadCell {
    /// Data row, counted from 0 (the header is not a data row).
    pub row: usize,
    /// The file's 1-based line where the row starts.
    pub line: u64,
    /// The cell's text (trimmed; invalid UTF-8 replaced by U+FFFD).
    pub text: String,
    /// What is wrong with it.
    pub problem: CellProblem,
}

impl fmt::Display for BadCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = quote_cell(&self.text);
        write!(f, "data row {} (line {}): ", self.row, self.line)?;
        match self.problem {
            CellProblem::Empty => write!(f, "empty cell (expected a number)"),
            CellProblem::NotANumber => {
                write!(f, "cannot read {quoted} as a number")?;
                if self.text.contains(['\n', '\r']) {
                    write!(
                        f,
                        " (a quoted field runs across lines: is a closing quote missing?)"
                    )?;
                }
                Ok(())
            }
            CellProblem::DecimalComma => write!(
                f,
                "cannot read {quoted} as a number (a decimal comma? write {})",
                self.text.replace(',', ".")
            ),
            CellProblem::NotFinite => write!(f, "{quoted} is not a finite number"),
            CellProblem::NotUtf8 => write!(f, "{quoted} is not valid UTF-8 text"),
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TableError {
    /// No bytes, or only blank lines.
    #[error("the file is empty (expected a header row)")]
    Empty,
    /// A UTF-16 byte order mark.
    #[error("the file is UTF-16 text (byte order mark {0}); save it as UTF-8")]
    Utf16(&'static str),
    /// The header is not UTF-8.
    #[error("the header (line {line}) is not valid UTF-8 text")]
    HeaderNotUtf8 {
        /// Line of the header.
        line: u64,
    },
    /// A header and no data rows.
    #[error("the file has a header row but no data rows")]
    HeaderOnly,
    /// The column is not in the header.
    #[error("column \"{column}\" is not in the header; columns are: {}{}", quote_list(.columns), hint_case(.column, .columns))]
    MissingColumn {
        /// The name asked for.
        column: String,
        /// The header's names.
        columns: Vec<String>,
    },
    /// The column is named more than once.
    #[error(
        "column \"{column}\" appears more than once in the header (fields {first} and {second})"
    )]
    DuplicateColumn {
        /// The name.
        column: String,
        /// 1-based field of its first appearance.
        first: usize,
        /// 1-based field of its second appearance.
        second: usize,
    },
    /// A data row with a different number of fields from the header.
    #[error("data row {row} (line {line}) has {found} field(s) but the header has {expected} (separator {}); quote fields that contain it", describe_delimiter(*.delimiter))]
    Ragged {
        /// Data row, from 0.
        row: usize,
        /// 1-based line where it starts.
        line: u64,
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
        /// The separator used.
        delimiter: u8,
    },
    /// The CSV reader gave up (rare: the reader accepts almost anything).
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line.
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// Cells that are not finite numbers, with [`BadCells::Stop`].
    #[error("column \"{column}\": {total} cell(s) are not finite numbers: {}", list_cells(.cells, *.total))]
    BadCells {
        /// The column.
        column: String,
        /// The first [`MAX_LISTED_CELLS`] of them.
        cells: Vec<BadCell>,
        /// How many there are.
        total: usize,
    },
    /// Every cell was skipped.
    #[error("column \"{column}\" has no numeric values ({skipped} cell(s) skipped)")]
    NoValues {
        /// The column.
        column: String,
        /// Cells skipped.
        skipped: usize,
    },
}

/// The header of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The separator used (given or detected).
    pub delimiter: u8,
    /// The column names, trimmed.
    pub columns: Vec<String>,
    /// The header's 1-based line.
    pub line: u64,
}

/// The finite numbers of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericColumn {
    /// The column's name.
    pub name: String,
    /// The separator used (given or detected).
    pub delimiter: u8,
    /// Data rows read (blank lines not counted).
    pub data_rows: usize,
    /// The values, in file order.
    pub values: Vec<f64>,
    /// The data row of each value (differs from its index once a cell was skipped).
    pub rows: Vec<usize>,
    /// The first [`MAX_LISTED_CELLS`] skipped cells ([`BadCells::Skip`]).
    pub skipped: Vec<BadCell>,
    /// How many cells were skipped.
    pub skipped_count: usize,
}

/// A readable name for a separator: `","`, `";"`, `tab`, ...
pub fn describe_delimiter(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        b' ' => "space".to_string(),
        d if d.is_ascii_graphic() => format!("\"{}\"", d as char),
        d => format!("byte 0x{d:02X}"),
    }
}

/// Reads a separator named on a command line or in a form: `auto` (detect; `None`),
/// `comma`, `semicolon`, `tab`, `pipe`, `space`, or any single ASCII character other than a
/// quote, a letter, a digit or a line break (so `,` `;` `|` work as themselves, and `\t`
/// means tab).
pub fn parse_delimiter(name: &str) -> Result<Option<u8>, String> {
    let d = match name {
        "auto" => return Ok(None),
        "comma" => b',',
        "semicolon" => b';',
        "tab" | "\\t" | "\t" => b'\t',
        "pipe" => b'|',
        "space" => b' ',
        other => match other.as_bytes() {
            [b] if b.is_ascii_punctuation() && *b != b'"' => *b,
            _ => {
                return Err(format!(
                    "`{name}` is not a separator (use auto, comma, semicolon, tab, pipe, space, \
                     or one punctuation character other than a double quote)"
                ))
            }
        },
    };
    Ok(Some(d))
}

fn quote_list(columns: &[String]) -> String {
    if columns.is_empty() {
        return "(none)".to_string();
    }
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn hint_case(column: &str, columns: &[String]) -> String {
    match columns.iter().find(|c| c.eq_ignore_ascii_case(column)) {
        Some(c) => format!(" (names are case-sensitive: did you mean \"{c}\"?)"),
        None => String::new(),
    }
}

fn list_cells(cells: &[BadCell], total: usize) -> String {
    let mut s = cells
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if total > cells.len() {
        s.push_str(&format!("; and {} more", total - cells.len()));
    }
    s
}

/// The cell's text in backquotes, escaped and cut to a readable length.
fn quote_cell(text: &str) -> String {
    let mut escaped: String = text.escape_debug().collect();
    if escaped.chars().count() > MAX_QUOTED_CHARS {
        escaped = escaped.chars().take(MAX_QUOTED_CHARS).collect();
        escaped.push('…');
    }
    format!("`{escaped}`")
}

/// The bytes after a UTF-8 byte order mark, or an error for a UTF-16 one.
fn strip_bom(bytes: &[u8]) -> Result<&[u8], TableError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Ok(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Err(TableError::Utf16("FF FE"));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Err(TableError::Utf16("FE FF"));
    }
    Ok(bytes)
}

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// A record that holds nothing: one empty field (a line of spaces).
fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(<[u8]>::is_empty)
}

/// Guesses the separator of a CSV text (after any byte order mark) among
/// [`DELIMITER_CANDIDATES`]: the one that splits the header into the most fields (at least
/// two) while giving every sampled record that many; failing that, the one whose header
/// splits into the most fields with the most records agreeing; `,` when nothing splits the
/// header (a one-column file). Quotes are honoured, so separators inside quoted fields do
/// not count.
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let bytes = strip_bom(bytes).unwrap_or(bytes);
    // (consistent, header fields, agreeing records) per candidate; the best wins.
    let mut best: Option<((bool, usize, usize), u8)> = None;
    for &d in &DELIMITER_CANDIDATES {
        let mut rdr = reader(bytes, d);
        let mut header_fields = None;
        let (mut agree, mut seen) = (0usize, 0usize);
        for record in rdr.byte_records().take(DETECT_SAMPLE_RECORDS) {
            let Ok(record) = record else { break };
            if is_blank(&record) {
                continue;
            }
            match header_fields {
                None => header_fields = Some(record.len()),
                Some(h) => {
                    seen += 1;
                    agree += usize::from(record.len() == h);
                }
            }
        }
        let h = header_fields.unwrap_or(1);
        if h < 2 {
            continue;
        }
        let score = (agree == seen, h, agree);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, d));
        }
    }
    best.map_or(b',', |(_, d)| d)
}

/// Finds the 1-based line where each record starts. (The reader's own positions are taken
/// before the blank lines it skips, so they can name an earlier line.)
struct Lines<'a> {
    bytes: &'a [u8],
    /// Bytes counted so far, and the line the next byte is on.
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after the record's position that is not a line break
    /// (where the record really starts). Calls must come in record order.
    fn record_line(&mut self, record: &csv::ByteRecord) -> u64 {
        let from = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.at)
            .max(self.at);
        let rest = self.bytes.get(from..).unwrap_or_default();
        let skip = rest
            .iter()
            .position(|b| !matches!(b, b'\n' | b'\r'))
            .unwrap_or(rest.len());
        let start = from + skip;
        let span = self.bytes.get(self.at..start).unwrap_or_default();
        for (i, &b) in span.iter().enumerate() {
            // `\r\n`, `\n` and a lone `\r` each end a line.
            let lone_cr = b == b'\r' && self.bytes.get(self.at + i + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                self.line += 1;
            }
        }
        self.at = start;
        self.line
    }
}

/// The first non-blank record (the header) as UTF-8 names, with its line.
fn header_of(
    rdr: &mut csv::Reader<&[u8]>,
    lines: &mut Lines<'_>,
) -> Result<(Vec<String>, u64), TableError> {
    let mut record = csv::ByteRecord::new();
    loop {
        let more = rdr
            .read_byte_record(&mut record)
            .map_err(|e| malformed(&e))?;
        if !more {
            return Err(TableError::Empty);
        }
        if !is_blank(&record) {
            break;
        }
    }
    let line = lines.record_line(&record);
    let columns = record
        .iter()
        .map(|f| std::str::from_utf8(f).map(str::to_string))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| TableError::HeaderNotUtf8 { line })?;
    Ok((columns, line))
}

fn malformed(e: &csv::Error) -> TableError {
    TableError::Malformed {
        line: e.position().map_or(0, csv::Position::line),
        message: e.to_string(),
    }
}

/// Reads the header: the separator (given in `delimiter`, or detected) and the column names.
pub fn read_header(bytes: &[u8], delimiter: Option<u8>) -> Result<Header, TableError> {
    let bytes = strip_bom(bytes)?;
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    let mut rdr = reader(bytes, delimiter);
    let (columns, line) = header_of(&mut rdr, &mut Lines::new(bytes))?;
    Ok(Header {
        delimiter,
        columns,
        line,
    })
}

/// Reads the cell of one record as a finite number.
fn parse_cell(cell: &[u8]) -> Result<f64, (CellProblem, String)> {
    let Ok(text) = std::str::from_utf8(cell) else {
        return Err((
            CellProblem::NotUtf8,
            String::from_utf8_lossy(cell).into_owned(),
        ));
    };
    if text.is_empty() {
        return Err((CellProblem::Empty, String::new()));
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err((CellProblem::NotFinite, text.to_string())),
        Err(_) => {
            let decimal_comma = text.matches(',').count() == 1
                && text
                    .replace(',', ".")
                    .parse::<f64>()
                    .is_ok_and(f64::is_finite);
            let problem = if decimal_comma {
                CellProblem::DecimalComma
            } else {
                CellProblem::NotANumber
            };
            Err((problem, text.to_string()))
        }
    }
}

/// Reads the column named `column` (matched exactly, after trimming the header's names) as
/// finite numbers. See the module docs for what is checked.
pub fn read_numeric_column(
    bytes: &[u8],
    column: &str,
    options: &ReadOptions,
) -> Result<NumericColumn, TableError> {
    let bytes = strip_bom(bytes)?;
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    let mut rdr = reader(bytes, delimiter);
    let mut lines = Lines::new(bytes);
    let (columns, _) = header_of(&mut rdr, &mut lines)?;
    let col = find_column(column, &columns)?;
    let mut out = NumericColumn {
        name: column.to_string(),
        delimiter,
        data_rows: 0,
        values: Vec::new(),
        rows: Vec::new(),
        skipped: Vec::new(),
        skipped_count: 0,
    };
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    while rdr
        .read_byte_record(&mut record)
        .map_err(|e| malformed(&e))?
    {
        if is_blank(&record) {
            continue;
        }
        let line = lines.record_line(&record);
        if record.len() != columns.len() {
            return Err(TableError::Ragged {
                row,
                line,
                expected: columns.len(),
                found: record.len(),
                delimiter,
            });
        }
        match parse_cell(record.get(col).unwrap_or_default()) {
            Ok(x) => {
                out.values.push(x);
                out.rows.push(row);
            }
            Err((problem, text)) => {
                if out.skipped.len() < MAX_LISTED_CELLS {
                    out.skipped.push(BadCell {
                        row,
                        line,
                        text,
                        problem,
                    });
                }
                out.skipped_count += 1;
            }
        }
        row += 1;
    }
    out.data_rows = row;
    if row == 0 {
        return Err(TableError::HeaderOnly);
    }
    if out.skipped_count > 0 && options.bad_cells == BadCells::Stop {
        return Err(TableError::BadCells {
            column: column.to_string(),
            cells: out.skipped,
            total: out.skipped_count,
        });
    }
    if out.values.is_empty() {
        return Err(TableError::NoValues {
            column: column.to_string(),
            skipped: out.skipped_count,
        });
    }
    Ok(out)
}

/// Index of `column` in `columns`, or the error naming what is wrong.
fn find_column(column: &str, columns: &[String]) -> Result<usize, TableError> {
    let mut at = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.as_str() == column)
        .map(|(i, _)| i);
    let Some(first) = at.next() else {
        return Err(TableError::MissingColumn {
            column: column.to_string(),
            columns: columns.to_vec(),
        });
    };
    if let Some(second) = at.next() {
        return Err(TableError::DuplicateColumn {
            column: column.to_string(),
            first: first + 1,
            second: second + 1,
        });
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, column: &str) -> Result<NumericColumn, TableError> {
        read_numeric_column(text.as_bytes(), column, &ReadOptions::default())
    }

    fn skip(text: &str, column: &str) -> Result<NumericColumn, TableError> {
        let options = ReadOptions {
            bad_cells: BadCells::Skip,
            ..ReadOptions::default()
        };
        read_numeric_column(text.as_bytes(), column, &options)
    }

    #[test]
    fn reads_a_plain_column() {
        let c = read("a,b\n1,2\n3,4.5\n", "b").unwrap();
        assert_eq!(c.values, vec![2.0, 4.5]);
        assert_eq!(c.rows, vec![0, 1]);
        assert_eq!((c.delimiter, c.data_rows, c.skipped_count), (b',', 2, 0));
    }

    #[test]
    fn empty_and_blank_files() {
        assert_eq!(read("", "a"), Err(TableError::Empty));
        assert_eq!(read("\n\n  \n", "a"), Err(TableError::Empty));
        assert_eq!(read("\u{feff}", "a"), Err(TableError::Empty));
    }

    #[test]
    fn header_only() {
        assert_eq!(read("a,b\n", "a"), Err(TableError::HeaderOnly));
        assert_eq!(read("a,b\r\n\r\n", "a"), Err(TableError::HeaderOnly));
        assert_eq!(read("a,b", "a"), Err(TableError::HeaderOnly));
    }

    #[test]
    fn ragged_rows_name_the_row_and_line() {
        let e = read("a,b\n1,2\n3\n", "a").unwrap_err();
        assert_eq!(
            e,
            TableError::Ragged {
                row: 1,
                line: 3,
                expected: 2,
                found: 1,
                delimiter: b','
            }
        );
        assert!(e.to_string().contains("data row 1 (line 3) has 1 field(s)"));
        assert!(matches!(
            read("a,b\n1,2,3\n", "a"),
            Err(TableError::Ragged { found: 3, .. })
        ));
    }

    #[test]
    fn quoted_fields_keep_their_separators() {
        let c = read(
            "name,\"value\"\n\"Smith, J\",1\n\"say \"\"hi\"\", ok\",\"2.5\"\n\"two\nlines\",3\n",
            "value",
        )
        .unwrap();
        assert_eq!(c.values, vec![1.0, 2.5, 3.0]);
        assert_eq!(c.delimiter, b',');
    }

    #[test]
    fn detects_semicolons_tabs_and_pipes() {
        let c = read("a;b\n1;2\n3;4\n", "b").unwrap();
        assert_eq!((c.delimiter, c.values.clone()), (b';', vec![2.0, 4.0]));
        let c = read("a\tb\n1\t2\n", "b").unwrap();
        assert_eq!((c.delimiter, c.values.clone()), (b'\t', vec![2.0]));
        let c = read("a|b\n1|2\n", "a").unwrap();
        assert_eq!(c.delimiter, b'|');
        // Semicolons inside a comma file's text do not fool it.
        let c = read("note,x\n\"a;b;c\",1\nd;e,2\n", "x").unwrap();
        assert_eq!((c.delimiter, c.values.clone()), (b',', vec![1.0, 2.0]));
        // European style: `;` separates, `,` is the decimal mark (reported, with a hint).
        assert_eq!(detect_delimiter(b"x;y\n1,5;2,5\n"), b';');
        let e = read("x;y\n1,5;2\n", "x").unwrap_err();
        assert!(e.to_string().contains("decimal comma? write 1.5"), "{e}");
        // One column: nothing to split.
        assert_eq!(detect_delimiter(b"x\n1\n2\n"), b',');
        let c = read("x\n1\n2\n", "x").unwrap();
        assert_eq!(c.values, vec![1.0, 2.0]);
        // A given separator wins.
        let options = ReadOptions {
            delimiter: Some(b';'),
            ..ReadOptions::default()
        };
        let c = read_numeric_column(b"a,b;c\n1,2;3\n", "c", &options).unwrap();
        assert_eq!(c.values, vec![3.0]);
    }

    #[test]
    fn byte_order_marks() {
        let c = read("\u{feff}x,y\n1,2\n", "x").unwrap();
        assert_eq!(c.values, vec![1.0]);
        assert_eq!(
            read_numeric_column(b"\xFF\xFEx\x00", "x", &ReadOptions::default()),
            Err(TableError::Utf16("FF FE"))
        );
        assert_eq!(
            read_numeric_column(b"\xFE\xFF\x00x", "x", &ReadOptions::default()),
            Err(TableError::Utf16("FE FF"))
        );
    }

    #[test]
    fn bad_cells_stop_naming_every_row() {
        let e = read("t,x\n0,1\n1,abc\n2,\n3,inf\n4,NaN\n5,1e999\n6,2\n", "x").unwrap_err();
        let TableError::BadCells {
            ref column,
            ref cells,
            total,
        } = e
        else {
            panic!("{e:?}")
        };
        assert_eq!((column.as_str(), total), ("x", 5));
        let rows: Vec<(usize, u64, CellProblem)> =
            cells.iter().map(|c| (c.row, c.line, c.problem)).collect();
        assert_eq!(
            rows,
            vec![
                (1, 3, CellProblem::NotANumber),
                (2, 4, CellProblem::Empty),
                (3, 5, CellProblem::NotFinite),
                (4, 6, CellProblem::NotFinite),
                (5, 7, CellProblem::NotFinite),
            ]
        );
        let msg = e.to_string();
        assert!(
            msg.contains("data row 1 (line 3): cannot read `abc` as a number"),
            "{msg}"
        );
        assert!(
            msg.contains("data row 3 (line 5): `inf` is not a finite number"),
            "{msg}"
        );
        assert!(msg.contains("data row 2 (line 4): empty cell"), "{msg}");
    }

    #[test]
    fn bad_cells_skip_and_report() {
        let c = skip("t,x\n0,1\n1,abc\n2,3\n", "x").unwrap();
        assert_eq!(c.values, vec![1.0, 3.0]);
        assert_eq!(c.rows, vec![0, 2]);
        assert_eq!(c.skipped_count, 1);
        assert_eq!(c.skipped[0].row, 1);
        assert_eq!(
            skip("x\nabc\n", "x"),
            Err(TableError::NoValues {
                column: "x".into(),
                skipped: 1
            })
        );
        // Many bad cells: the first few are listed, all are counted.
        let mut text = String::from("x\n");
        for _ in 0..25 {
            text.push_str("?\n");
        }
        text.push_str("1\n");
        let c = skip(&text, "x").unwrap();
        assert_eq!((c.skipped.len(), c.skipped_count), (MAX_LISTED_CELLS, 25));
        let e = read(&text, "x").unwrap_err();
        assert!(e.to_string().ends_with("; and 15 more"), "{e}");
    }

    #[test]
    fn column_selection() {
        let e = read("a,b\n1,2\n", "c").unwrap_err();
        assert_eq!(
            e.to_string(),
            "column \"c\" is not in the header; columns are: \"a\", \"b\""
        );
        let e = read("Speed,b\n1,2\n", "speed").unwrap_err();
        assert!(e.to_string().contains("did you mean \"Speed\"?"), "{e}");
        let e = read("a,a\n1,2\n", "a").unwrap_err();
        assert!(e.to_string().contains("fields 1 and 2"), "{e}");
        // Names and cells are trimmed.
        let c = read(" a , b \n 1 , 2 \n", "b").unwrap();
        assert_eq!(c.values, vec![2.0]);
    }

    #[test]
    fn not_utf8() {
        assert_eq!(
            read_numeric_column(b"a\xFF,b\n1,2\n", "b", &ReadOptions::default()),
            Err(TableError::HeaderNotUtf8 { line: 1 })
        );
        let e = read_numeric_column(b"a,b\n1,\xFF\n", "b", &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("not valid UTF-8"), "{e}");
        // Bad bytes elsewhere in the row do not matter.
        let c = read_numeric_column(b"a,b\n\xFF,2\n", "b", &ReadOptions::default()).unwrap();
        assert_eq!(c.values, vec![2.0]);
    }

    #[test]
    fn lines_count_blank_lines_crlf_lone_cr_and_quoted_breaks() {
        // Header line 1; blank lines 2-3; row 0 on line 4 (CRLF); blank line 5; row 1 on
        // lines 6-7 (a quoted line break); a lone CR ends line 7, another ends blank line 8;
        // row 2 on line 9.
        let text = "a,b\n\n\n1,2\r\n\r\n\"x\ny\",3\r\r4,z\n";
        let where_bad = |column: &str| match read(text, column) {
            Err(TableError::BadCells { cells, .. }) => {
                cells.iter().map(|c| (c.row, c.line)).collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(where_bad("a"), vec![(1, 6)]);
        assert_eq!(where_bad("b"), vec![(2, 9)]);
    }

    #[test]
    fn unclosed_quote_gets_a_hint() {
        let e = read("a,b\n1,\"2\n3,4\n", "b").unwrap_err();
        assert!(e.to_string().contains("closing quote missing"), "{e}");
    }

    #[test]
    fn header_reading() {
        let h = read_header(b"\xEF\xBB\xBF\n\r\nx;y;z\n1;2;3\n", None).unwrap();
        assert_eq!(h.delimiter, b';');
        assert_eq!(h.columns, vec!["x", "y", "z"]);
        assert_eq!(h.line, 3);
        assert_eq!(describe_delimiter(b'\t'), "tab");
        assert_eq!(describe_delimiter(b';'), "\";\"");
    }

    #[test]
    fn delimiter_names() {
        assert_eq!(parse_delimiter("auto"), Ok(None));
        assert_eq!(parse_delimiter("semicolon"), Ok(Some(b';')));
        assert_eq!(parse_delimiter(";"), Ok(Some(b';')));
        assert_eq!(parse_delimiter("tab"), Ok(Some(b'\t')));
        assert_eq!(parse_delimiter("\\t"), Ok(Some(b'\t')));
        assert_eq!(parse_delimiter("\t"), Ok(Some(b'\t')));
        assert_eq!(parse_delimiter("|"), Ok(Some(b'|')));
        for bad in ["", "x", "\"", ",,", "1", "\n", "é"] {
            assert!(parse_delimiter(bad).is_err(), "{bad:?}");
        }
    }
}
