//! How a benchmark figure's value is written (its unit), shared by the main table and the
//! first-load table.

use crate::bench::budgets::Budget;

/// How a figure's value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds.
    Ms,
    /// Kibibytes (1024 bytes, as `scripts/size-report.sh`).
    Kb,
    /// Mebibytes.
    Mb,
    /// Simulated phones per second, shown in millions.
    PhonesPerSec,
    /// A plain ratio.
    Ratio,
    /// A percentage (signed: growth can be negative).
    Percent,
    /// A count (or a score out of 100).
    Count,
    /// A small unitless score such as cumulative layout shift, three decimals.
    Score,
}

impl Unit {
    /// `value` with its unit, e.g. `12.3 ms`.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Ms if value < 10.0 => format!("{value:.2} ms"),
            Unit::Ms => format!("{value:.0} ms"),
            Unit::Kb => format!("{value:.1} KB"),
            Unit::Mb => format!("{value:.1} MB"),
            Unit::PhonesPerSec => format!("{:.2} M phones/s", value / 1e6),
            Unit::Ratio => format!("{value:.2}"),
            Unit::Percent => format!("{value:+.1}%"),
            Unit::Count => format!("{value:.0}"),
            Unit::Score => format!("{value:.3}"),
        }
    }

    /// The limit of a budget in this unit, e.g. `<= 4 ms`.
    pub fn format_budget(self, budget: &Budget) -> String {
        let v = budget.value();
        let shown = match self {
            Unit::Ms | Unit::Kb | Unit::Mb | Unit::Count => format!("{v}"),
            Unit::PhonesPerSec => format!("{} M", v / 1e6),
            Unit::Ratio | Unit::Score => format!("{v}"),
            Unit::Percent => format!("{v}%"),
        };
        let suffix = match self {
            Unit::Ms => " ms",
            Unit::Kb => " KB",
            Unit::Mb => " MB",
            Unit::PhonesPerSec => " phones/s",
            Unit::Ratio | Unit::Percent | Unit::Count | Unit::Score => "",
        };
        format!("{} {shown}{suffix}", budget.symbol())
    }
}
