//! What one benchmark run produced: one row per figure, plus the circumstances of the run.

use crate::bench::budgets::{Budget, Verdict};
use crate::bench::first_load::table::compared;
use crate::bench::first_load::FirstLoadReport;

pub use crate::bench::unit::Unit;

/// One measured figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What was measured, e.g. `Dashboard redraw per frame, median`.
    pub name: String,
    /// The value, or `None` when the phase could not measure it.
    pub value: Option<f64>,
    /// How to show the value.
    pub unit: Unit,
    /// The budget it is held to, if any.
    pub budget: Option<Budget>,
    /// How it was measured (phase, sample count, source of the numbers).
    pub method: String,
}

impl Row {
    /// A row with a value.
    pub fn new(name: impl Into<String>, value: Option<f64>, unit: Unit) -> Self {
        Self {
            name: name.into(),
            value,
            unit,
            budget: None,
            method: String::new(),
        }
    }

    /// Holds the row to `budget`.
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Says how the value was measured.
    pub fn with_method(mut self, method: impl Into<String>) -> Self {
        self.method = method.into();
        self
    }

    /// The value with its unit, or `n/a`.
    pub fn shown_value(&self) -> String {
        self.value
            .filter(|v| v.is_finite())
            .map_or_else(|| "n/a".to_owned(), |v| self.unit.format(v))
    }

    /// The budget with its unit, or `-`.
    pub fn shown_budget(&self) -> String {
        self.budget
            .as_ref()
            .map_or_else(|| "-".to_owned(), |b| self.unit.format_budget(b))
    }

    /// The verdict against the budget (`None` when the row has no budget).
    pub fn verdict(&self) -> Option<Verdict> {
        self.budget.as_ref().map(|b| b.judge(self.value))
    }

    /// The verdict as text, with the distance in the row's unit when missed.
    pub fn shown_verdict(&self) -> String {
        match self.verdict() {
            None => "-".to_owned(),
            // A percentage of a percentage reads badly: say the points instead.
            Some(Verdict::Missed { by, .. }) if self.unit == Unit::Percent => {
                format!("MISSED by {by:.1} points")
            }
            Some(v @ Verdict::Missed { by, .. }) => {
                format!("{v} ({} over)", self.unit.format(by))
            }
            Some(v) => v.to_string(),
        }
    }
}

/// The circumstances of a run, printed above the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunContext {
    /// UTC date and time the run started, e.g. `2025-11-28 04:50 UTC`.
    pub started: String,
    /// Logical CPUs the harness saw.
    pub cpus: usize,
    /// 1-minute load average at the start, if known (Linux `/proc/loadavg`).
    pub load_average: Option<f64>,
    /// Browser version, e.g. `Chromium 131.0.6778.85`.
    pub browser: String,
    /// The built site that was measured.
    pub dist: String,
    /// The command line that ran the benchmark.
    pub command: String,
    /// Whether the harness itself was compiled with optimisations (native figures need it).
    pub optimized_harness: bool,
}

/// Everything one run measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BenchResults {
    /// When, where and how.
    pub context: RunContext,
    /// The figures, in table order.
    pub rows: Vec<Row>,
    /// Remarks: fallbacks taken, phases that failed, consistency checks.
    pub notes: Vec<String>,
    /// The first-load comparison with TF Playground, when that phase ran.
    pub first_load: Option<FirstLoadReport>,
}

impl BenchResults {
    /// Rows whose budget was missed.
    pub fn missed(&self) -> impl Iterator<Item = &Row> + '_ {
        self.rows
            .iter()
            .filter(|r| matches!(r.verdict(), Some(Verdict::Missed { .. })))
    }

    /// How many budgets were missed, the first-load targets included.
    pub fn missed_count(&self) -> usize {
        let first_load = self.first_load.as_ref().map_or(0, |report| {
            compared(report)
                .iter()
                .filter(|c| matches!(c.verdict(), Some(Verdict::Missed { .. })))
                .count()
        });
        self.missed().count() + first_load
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::budgets;

    #[test]
    fn values_and_budgets_are_shown_with_units() {
        assert_eq!(Unit::Ms.format(3.456), "3.46 ms");
        assert_eq!(Unit::Ms.format(231.4), "231 ms");
        assert_eq!(Unit::Kb.format(117.94), "117.9 KB");
        assert_eq!(Unit::PhonesPerSec.format(2_500_000.0), "2.50 M phones/s");
        assert_eq!(Unit::Percent.format(-0.04), "-0.0%");
        assert_eq!(
            Unit::Ms.format_budget(&budgets::REDRAW_MEDIAN_MS),
            "<= 4 ms"
        );
        assert_eq!(
            Unit::Ratio.format_budget(&budgets::WASM_NATIVE_RATIO),
            ">= 0.5"
        );
        assert_eq!(
            Unit::Percent.format_budget(&budgets::MEMORY_CHANGE_PCT),
            "within +/- 5%"
        );
    }

    #[test]
    fn rows_report_verdicts_and_missing_values() {
        let missed = Row::new("redraw", Some(6.0), Unit::Ms).with_budget(budgets::REDRAW_MEDIAN_MS);
        assert_eq!(missed.shown_verdict(), "MISSED by 50% (2.00 ms over)");
        let met = Row::new("redraw", Some(3.0), Unit::Ms).with_budget(budgets::REDRAW_MEDIAN_MS);
        assert_eq!(met.shown_verdict(), "met");
        let none = Row::new("redraw", None, Unit::Ms).with_budget(budgets::REDRAW_MEDIAN_MS);
        assert_eq!(
            (none.shown_value(), none.shown_verdict().as_str()),
            ("n/a".to_owned(), "not measured")
        );
        let change =
            Row::new("heap", Some(-7.5), Unit::Percent).with_budget(budgets::MEMORY_CHANGE_PCT);
        assert_eq!(change.shown_verdict(), "MISSED by 2.5 points");
        let info = Row::new("frames", Some(600.0), Unit::Count);
        assert_eq!(
            (info.shown_budget().as_str(), info.shown_verdict().as_str()),
            ("-", "-")
        );
        let results = BenchResults {
            rows: vec![missed, met, none, info],
            ..BenchResults::default()
        };
        assert_eq!(results.missed().count(), 1);
    }
}
