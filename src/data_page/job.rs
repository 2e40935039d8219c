//! One run of the checks on a file, a slice at a time: read the reference file (if any),
//! read the column, run the detectors, compute each window's statistics. Pure (no DOM, no
//! clock), so native tests drive it whole; the page gives it a slice of rows per timer tick.

use std::rc::Rc;

use driftline_sim::drift_check::{
    check_column, check_errors, reference_values, DetectorRun, DetectorSettings, Firings,
    Reference, WindowRun, WindowStat,
};
use driftline_sim::table::{BadCell, BadCells, ChunkedReader, ReadOptions};

/// Files larger than this are refused before reading (the whole file is held in memory).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Where the reference comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum RefChoice {
    /// The first this many values.
    FirstRows(usize),
    /// Data rows `first..=last`.
    Rows(usize, usize),
    /// The same column of a second file.
    File(Rc<[u8]>),
}

/// What to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The value column.
    pub column: String,
    /// A 0/1 column for DDM.
    pub errors: Option<String>,
    /// Separator (`None`: detect).
    pub delimiter: Option<u8>,
    /// Stop at cells that are not numbers, or skip them.
    pub bad_cells: BadCells,
    /// The reference.
    pub reference: RefChoice,
    /// Values per window of statistics.
    pub window: usize,
    /// Detector settings.
    pub detectors: DetectorSettings,
}

/// Everything the results show.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The value column's name.
    pub column: String,
    /// Its values.
    pub values: Vec<f64>,
    /// The data row of each value.
    pub rows: Vec<usize>,
    /// Data rows in the file.
    pub data_rows: usize,
    /// Cells left out (the first few), and how many.
    pub skipped: Vec<BadCell>,
    /// How many cells were left out.
    pub skipped_count: usize,
    /// The error column, when DDM ran.
    pub errors: Option<String>,
    /// Where each detector fired.
    pub firings: Firings,
    /// Statistics per window.
    pub windows: Vec<WindowStat>,
    /// The reference's values, sorted.
    pub reference: Vec<f64>,
    /// The reference in words.
    pub reference_label: String,
    /// Warnings about the column.
    pub notes: Vec<String>,
}

/// How far a job is.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Still working: what, and how far (0 to 1) overall.
    Working(&'static str, f64),
    /// Finished.
    Done,
}

enum Phase {
    Reference(ChunkedReader),
    Column(ChunkedReader),
    Detect(Box<DetectorRun>),
    Windows(WindowRun),
    Done,
}

/// A run in progress; see the module docs.
pub struct Job {
    bytes: Rc<[u8]>,
    config: Config,
    phase: Phase,
    file_reference: Option<Vec<f64>>,
    file_errors: Option<Vec<f64>>,
    out: Option<Analysis>,
}

fn read_options(config: &Config) -> ReadOptions {
    ReadOptions {
        delimiter: config.delimiter,
        bad_cells: config.bad_cells,
    }
}

impl Job {
    /// Starts a run on `bytes`.
    ///
    /// # Errors
    /// A file too large, or a header without the column, in words.
    pub fn new(bytes: Rc<[u8]>, config: Config) -> Result<Self, String> {
        for (what, b) in [
            ("The file", Some(&bytes)),
            (
                "The reference file",
                match &config.reference {
                    RefChoice::File(r) => Some(r),
                    _ => None,
                },
            ),
        ] {
            if b.is_some_and(|b| b.len() > MAX_FILE_BYTES) {
                return Err(format!(
                    "{what} is larger than {} MB; split it or keep the rows you need.",
                    MAX_FILE_BYTES / (1024 * 1024)
                ));
            }
        }
        let options = read_options(&config);
        let phase = if let RefChoice::File(r) = &config.reference {
            // The reference file is read with its own separator detected.
            let options = ReadOptions {
                delimiter: None,
                ..options
            };
            Phase::Reference(
                ChunkedReader::new(r, &config.column, None, &options)
                    .map_err(|e| format!("Reference file: {e}"))?,
            )
        } else {
            Phase::Column(
                ChunkedReader::new(&bytes, &config.column, config.errors.as_deref(), &options)
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(Self {
            bytes,
            config,
            phase,
            file_reference: None,
            file_errors: None,
            out: None,
        })
    }

    /// Does about `budget` rows of work. Call again until [`Status::Done`].
    ///
    /// # Errors
    /// What stops the run (a ragged row, bad cells, a bad reference, ...), in words.
    pub fn step(&mut self, budget: usize) -> Result<Status, String> {
        let budget = budget.max(1);
        match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Reference(mut r) => {
                let RefChoice::File(bytes) = &self.config.reference else {
                    return Err("no reference file".into());
                };
                let done = r
                    .step(bytes, budget)
                    .map_err(|e| format!("Reference file: {e}"))?;
                if !done {
                    let p = r.progress(bytes);
                    self.phase = Phase::Reference(r);
                    return Ok(Status::Working("Reading the reference file", 0.1 * p));
                }
                let read = r.finish().map_err(|e| format!("Reference file: {e}"))?;
                self.file_reference = Some(read.values.values);
                let options = read_options(&self.config);
                self.phase = Phase::Column(
                    ChunkedReader::new(
                        &self.bytes,
                        &self.config.column,
                        self.config.errors.as_deref(),
                        &options,
                    )
                    .map_err(|e| e.to_string())?,
                );
                Ok(Status::Working("Reading the file", 0.1))
            }
            Phase::Column(mut r) => {
                if !r.step(&self.bytes, budget).map_err(|e| e.to_string())? {
                    let p = r.progress(&self.bytes);
                    self.phase = Phase::Column(r);
                    return Ok(Status::Working("Reading the file", 0.1 + 0.4 * p));
                }
                self.start_analysis(r)?;
                Ok(Status::Working("Running the detectors", 0.5))
            }
            Phase::Detect(mut d) => {
                let out = self.out.as_mut().ok_or("lost the column")?;
                let errors = self.file_errors.as_deref();
                let done = d.step(&out.values, errors, budget);
                if !done {
                    let p = d.fed() as f64 / out.values.len().max(1) as f64;
                    self.phase = Phase::Detect(d);
                    return Ok(Status::Working("Running the detectors", 0.5 + 0.3 * p));
                }
                out.firings = d.firings().clone();
                self.phase = Phase::Windows(WindowRun::new(&out.reference, self.config.window));
                Ok(Status::Working("Comparing windows with the reference", 0.8))
            }
            Phase::Windows(mut w) => {
                let out = self.out.as_mut().ok_or("lost the column")?;
                // A window costs about its size in rows (a sort and a few passes).
                let windows = (budget / self.config.window.max(1)).max(1);
                if !w.step(&out.values, windows) {
                    let p = w.progress(out.values.len());
                    self.phase = Phase::Windows(w);
                    return Ok(Status::Working(
                        "Comparing windows with the reference",
                        0.8 + 0.2 * p,
                    ));
                }
                out.reference = w.reference().to_vec();
                out.windows = w.into_stats();
                Ok(Status::Done)
            }
            Phase::Done => Ok(Status::Done),
        }
    }

    fn start_analysis(&mut self, reader: ChunkedReader) -> Result<(), String> {
        let read = reader.finish().map_err(|e| e.to_string())?;
        let column = read.values;
        let errors = match read.errors {
            Some(e) => {
                check_errors(&e.name, &e.values, &e.rows)?;
                Some(e)
            }
            None => None,
        };
        let (reference, reference_label) = match &self.config.reference {
            RefChoice::FirstRows(n) => (Reference::FirstRows(*n), format!("the first {n} values")),
            RefChoice::Rows(a, b) => (
                Reference::Rows {
                    first: *a,
                    last: *b,
                },
                format!("data rows {a} to {b}"),
            ),
            RefChoice::File(_) => (
                Reference::File(self.file_reference.take().unwrap_or_default()),
                "the reference file".to_string(),
            ),
        };
        let reference = reference_values(&column.values, &column.rows, &reference)
            .map_err(|e| format!("Reference: {e}."))?;
        let needed = self.config.detectors.kswin.window_size;
        let notes = check_column(&column.values, needed)
            .iter()
            .map(ToString::to_string)
            .collect();
        self.phase = Phase::Detect(Box::new(
            DetectorRun::new(&self.config.detectors, errors.is_some())
                .map_err(|e| e.to_string())?,
        ));
        self.file_errors = errors.as_ref().map(|e| e.values.clone());
        self.out = Some(Analysis {
            column: column.name,
            values: column.values,
            rows: column.rows,
            data_rows: column.data_rows,
            skipped: column.skipped,
            skipped_count: column.skipped_count,
            errors: errors.map(|e| e.name),
            firings: Firings::default(),
            windows: Vec::new(),
            reference,
            reference_label,
            notes,
        });
        Ok(())
    }

    /// The results, once [`Job::step`] said [`Status::Done`].
    #[must_use]
    pub fn into_analysis(self) -> Option<Analysis> {
        matches!(self.phase, Phase::Done)
            .then_some(self.out)
            .flatten()
    }
}

/// Runs a job to its end in slices of `budget` rows (tests and the command line).
///
/// # Errors
/// What stops the run, in words.
pub fn run_to_end(bytes: Rc<[u8]>, config: Config, budget: usize) -> Result<Analysis, String> {
    let mut job = Job::new(bytes, config)?;
    while job.step(budget)? != Status::Done {}
    job.into_analysis()
        .ok_or_else(|| "the run stopped early".to_string())
}
