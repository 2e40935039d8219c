//! Reading a column (and an optional second one) a few thousand rows at a time, so a page can
//! draw a progress bar, stay responsive and offer a cancel button between chunks.
//!
//! The same rules as [`read_numeric_column`](super::read_numeric_column) (byte order mark,
//! separator detection, trimming, blank lines, ragged rows, bad cells named by data row and
//! line); a test checks that both give the same column for any bytes. The reader keeps no
//! borrow of the file between chunks: each [`ChunkedReader::step`] is handed the same bytes
//! again and starts a `csv` reader where the last chunk stopped (a record boundary).

use super::{
    find_column, header_of, is_blank, malformed, parse_cell, reader, strip_bom, BadCell, BadCells,
    Lines, NumericColumn, ReadOptions, TableError, MAX_LISTED_CELLS,
};

/// A column being read: its index in the header and what was read so far.
#[derive(Debug, Clone)]
struct Target {
    index: usize,
    column: NumericColumn,
}

impl Target {
    fn new(name: &str, index: usize, delimiter: u8) -> Self {
        Self {
            index,
            column: NumericColumn {
                name: name.to_string(),
                delimiter,
                data_rows: 0,
                values: Vec::new(),
                rows: Vec::new(),
                skipped: Vec::new(),
                skipped_count: 0,
            },
        }
    }

    fn note_bad(&mut self, cell: BadCell) {
        if self.column.skipped.len() < MAX_LISTED_CELLS {
            self.column.skipped.push(cell);
        }
        self.column.skipped_count += 1;
    }
}

/// Both columns of a finished read. Rows where either cell was bad are left out of both, so
/// `values.values[i]` and `errors.values[i]` always come from the same data row.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadColumns {
    /// The value column.
    pub values: NumericColumn,
    /// The second column, when one was asked for.
    pub errors: Option<NumericColumn>,
}

/// A read in progress; see the module docs.
#[derive(Debug, Clone)]
pub struct ChunkedReader {
    options: ReadOptions,
    delimiter: u8,
    header_fields: usize,
    /// Bytes of the byte order mark skipped at the start.
    bom: usize,
    /// Offset (after the byte order mark) where the next record starts.
    next: usize,
    /// Where the line counter stands: byte offset and line.
    lines_at: usize,
    line: u64,
    row: usize,
    done: bool,
    value: Target,
    error: Option<Target>,
}

impl ChunkedReader {
    /// Reads the header of `bytes` and finds `column` (and `second`, if given) in it.
    ///
    /// # Errors
    /// The file's problems that show in its header ([`TableError`]).
    pub fn new(
        bytes: &[u8],
        column: &str,
        second: Option<&str>,
        options: &ReadOptions,
    ) -> Result<Self, TableError> {
        let body = strip_bom(bytes)?;
        let bom = bytes.len() - body.len();
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| super::detect_delimiter(body));
        let mut rdr = reader(body, delimiter);
        let mut lines = Lines::new(body);
        let (columns, _) = header_of(&mut rdr, &mut lines)?;
        let value = Target::new(column, find_column(column, &columns)?, delimiter);
        let error = match second {
            Some(name) => Some(Target::new(name, find_column(name, &columns)?, delimiter)),
            None => None,
        };
        let next = usize::try_from(rdr.position().byte()).unwrap_or(body.len());
        Ok(Self {
            options: *options,
            delimiter,
            header_fields: columns.len(),
            bom,
            next,
            lines_at: lines.at,
            line: lines.line,
            row: 0,
            done: false,
            value,
            error,
        })
    }

    /// Reads up to `max_rows` more records of `bytes` (the same bytes given to
    /// [`ChunkedReader::new`]). Returns `true` once the file is read to its end.
    ///
    /// # Errors
    /// A ragged row, or (rarely) a record the CSV reader cannot read.
    pub fn step(&mut self, bytes: &[u8], max_rows: usize) -> Result<bool, TableError> {
        if self.done {
            return Ok(true);
        }
        let body = bytes.get(self.bom..).unwrap_or_default();
        let next = self.next.min(body.len());
        // The `csv` reader drops a byte order mark at the start of its input: start on the
        // line break that ended the last record (an empty line, which it skips), so a
        // U+FEFF that begins a record stays in its cell as it does in a whole-file read.
        let start = match next.checked_sub(1) {
            Some(before) if matches!(body.get(before), Some(b'\n' | b'\r')) => before,
            _ => next,
        };
        let mut rdr = reader(body.get(start..).unwrap_or_default(), self.delimiter);
        let mut lines = Lines {
            bytes: body,
            at: self.lines_at,
            line: self.line,
        };
        let mut record = csv::ByteRecord::new();
        let mut read = 0usize;
        while read < max_rows {
            let more = rdr
                .read_byte_record(&mut record)
                .map_err(|e| malformed(&e))?;
            if !more {
                self.done = true;
                break;
            }
            read += 1;
            if is_blank(&record) {
                continue;
            }
            // Positions are relative to this chunk's start: make them the file's.
            if let Some(p) = record.position() {
                let mut abs = p.clone();
                abs.set_byte(p.byte() + start as u64);
                record.set_position(Some(abs));
            }
            let line = lines.record_line(&record);
            if record.len() != self.header_fields {
                return Err(TableError::Ragged {
                    row: self.row,
                    line,
                    expected: self.header_fields,
                    found: record.len(),
                    delimiter: self.delimiter,
                });
            }
            self.take_row(&record, line);
            self.row += 1;
        }
        self.next = start + usize::try_from(rdr.position().byte()).unwrap_or(0);
        self.lines_at = lines.at;
        self.line = lines.line;
        Ok(self.done)
    }

    /// Keeps the row's values when every asked-for cell is a finite number.
    fn take_row(&mut self, record: &csv::ByteRecord, line: u64) {
        let row = self.row;
        let cell = |t: &Target| parse_cell(record.get(t.index).unwrap_or_default());
        let value = cell(&self.value);
        let error = self.error.as_ref().map(cell);
        let mut ok = true;
        if let Err((problem, text)) = &value {
            let (problem, text) = (*problem, text.clone());
            self.value.note_bad(BadCell {
                row,
                line,
                text,
                problem,
            });
            ok = false;
        }
        if let (Some(t), Some(Err((problem, text)))) = (self.error.as_mut(), &error) {
            t.note_bad(BadCell {
                row,
                line,
                text: text.clone(),
                problem: *problem,
            });
            ok = false;
        }
        if !ok {
            return;
        }
        if let Ok(x) = value {
            self.value.column.values.push(x);
            self.value.column.rows.push(row);
        }
        if let (Some(t), Some(Ok(e))) = (self.error.as_mut(), error) {
            t.column.values.push(e);
            t.column.rows.push(row);
        }
    }

    /// How far the read is, from 0 to 1 (by bytes).
    #[must_use]
    pub fn progress(&self, bytes: &[u8]) -> f64 {
        let body = bytes.len().saturating_sub(self.bom);
        if self.done || body == 0 {
            1.0
        } else {
            (self.next as f64 / body as f64).clamp(0.0, 1.0)
        }
    }

    /// Data rows read so far.
    #[must_use]
    pub fn rows_read(&self) -> usize {
        self.row
    }

    /// The columns, once [`ChunkedReader::step`] said the file is read.
    ///
    /// # Errors
    /// A file with no data rows, bad cells when the options say stop, or a column with no
    /// number left.
    pub fn finish(self) -> Result<ReadColumns, TableError> {
        if self.row == 0 {
            return Err(TableError::HeaderOnly);
        }
        let mut targets = vec![self.value];
        targets.extend(self.error);
        for t in &mut targets {
            t.column.data_rows = self.row;
            if t.column.skipped_count > 0 && self.options.bad_cells == BadCells::Stop {
                return Err(TableError::BadCells {
                    column: t.column.name.clone(),
                    cells: std::mem::take(&mut t.column.skipped),
                    total: t.column.skipped_count,
                });
            }
        }
        let mut targets = targets.into_iter().map(|t| t.column);
        let values = targets.next().ok_or(TableError::Empty)?;
        if values.values.is_empty() {
            return Err(TableError::NoValues {
                column: values.name.clone(),
                skipped: values.skipped_count,
            });
        }
        Ok(ReadColumns {
            values,
            errors: targets.next(),
        })
    }
}
