//! Performance budgets (issue "Measured performance in the browser", item 2) and how a
//! measured value is judged against one.

use std::fmt;

/// Compressed transfer size of the first load (html + js + wasm + css, gzip -9), KB.
pub const FIRST_LOAD_GZIP_KB: Budget = Budget::at_most(118.0);
/// Navigation to the first chart painted with data, median on localhost, ms.
pub const FIRST_CHART_MEDIAN_MS: Budget = Budget::at_most(260.0);
/// Full dashboard redraw per frame while playing, median, ms.
pub const REDRAW_MEDIAN_MS: Budget = Budget::at_most(4.0);
/// Full dashboard redraw per frame while playing, 95th percentile, ms.
pub const REDRAW_P95_MS: Budget = Budget::at_most(8.0);
/// The factory picture's frame cost while playing at top speed, median (ms).
pub const SCENE_MEDIAN_MS: Budget = Budget::at_most(4.0);
/// The same, 95th percentile (ms).
pub const SCENE_P95_MS: Budget = Budget::at_most(8.0);
/// Wall time to fast-forward 30 simulated days with every monitor on, ms.
pub const FAST_FORWARD_30_DAYS_MS: Budget = Budget::at_most(1000.0);
/// The page answers input within 100 ms during a fast-forward (issue: "the UI answers input
/// within 100 ms during a fast-forward"), read as the longest wait of a timer probe.
pub const FAST_FORWARD_INPUT_WAIT_MS: Budget = Budget::at_most(100.0);
/// Memory change between 10 and 100 million simulated phones, percent either way ("flat
/// within 5%").
pub const MEMORY_CHANGE_PCT: Budget = Budget::within(5.0);
/// Simulation throughput in wasm divided by the same simulation natively.
pub const WASM_NATIVE_RATIO: Budget = Budget::at_least(0.5);

// First load as users feel it (issue 14): mobile profile unless said, median of cold loads.

/// First contentful paint divided by TF Playground's, measured in the same run.
pub const FCP_RATIO_TO_PLAYGROUND: Budget = Budget::at_most(1.0);
/// Largest contentful paint, ms.
pub const LCP_MOBILE_MS: Budget = Budget::at_most(1200.0);
/// The live simulation drawing its first chart, ms from navigation start.
pub const FIRST_LIVE_CHART_MOBILE_MS: Budget = Budget::at_most(2500.0);
/// Cumulative layout shift when the wasm takes over.
pub const CLS: Budget = Budget::at_most(0.02);
/// Lighthouse performance score (mobile).
pub const LIGHTHOUSE_PERFORMANCE: Budget = Budget::at_least(98.0);
/// Lighthouse accessibility, best practices and SEO scores.
pub const LIGHTHOUSE_OTHER: Budget = Budget::at_least(100.0);
/// The wasm, gzip, KB.
pub const WASM_GZIP_KB: Budget = Budget::at_most(350.0);
/// Everything the first load fetches before the wasm, gzip, KB.
pub const BEFORE_WASM_GZIP_KB: Budget = Budget::at_most(60.0);

/// Which side of the limit is good.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// The value must not exceed the limit.
    AtMost(f64),
    /// The value must reach the limit.
    AtLeast(f64),
    /// The value's magnitude must not exceed the limit (a change in either direction).
    Within(f64),
}

/// A limit a measured value is held to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// The limit and its direction.
    pub limit: Limit,
}

/// How a measured value compares with its budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Within budget.
    Met,
    /// Outside the budget by `by` (in the value's unit), which is `pct` percent of the limit.
    Missed {
        /// Distance past the limit, always positive.
        by: f64,
        /// `by` as a percentage of the limit.
        pct: f64,
    },
    /// Nothing was measured.
    NotMeasured,
}

impl Budget {
    /// A ceiling.
    pub const fn at_most(limit: f64) -> Self {
        Self {
            limit: Limit::AtMost(limit),
        }
    }

    /// A floor.
    pub const fn at_least(limit: f64) -> Self {
        Self {
            limit: Limit::AtLeast(limit),
        }
    }

    /// A bound on the magnitude, either way.
    pub const fn within(limit: f64) -> Self {
        Self {
            limit: Limit::Within(limit),
        }
    }

    /// The limit's value.
    pub fn value(&self) -> f64 {
        match self.limit {
            Limit::AtMost(v) | Limit::AtLeast(v) | Limit::Within(v) => v,
        }
    }

    /// `<=`, `>=` or `within +/-`.
    pub fn symbol(&self) -> &'static str {
        match self.limit {
            Limit::AtMost(_) => "<=",
            Limit::AtLeast(_) => ">=",
            Limit::Within(_) => "within +/-",
        }
    }

    /// Judges `value` (`None` = not measured).
    pub fn judge(&self, value: Option<f64>) -> Verdict {
        let Some(value) = value.filter(|v| v.is_finite()) else {
            return Verdict::NotMeasured;
        };
        let by = match self.limit {
            Limit::AtMost(limit) => value - limit,
            Limit::AtLeast(limit) => limit - value,
            Limit::Within(limit) => value.abs() - limit,
        };
        if by <= 0.0 {
            Verdict::Met
        } else {
            let limit = self.value().abs();
            let pct = if limit > 0.0 { by / limit * 100.0 } else { 0.0 };
            Verdict::Missed { by, pct }
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Met => f.write_str("met"),
            Verdict::Missed { pct, .. } => write!(f, "MISSED by {pct:.0}%"),
            Verdict::NotMeasured => f.write_str("not measured"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_and_floors_are_judged_with_the_distance() {
        assert_eq!(FIRST_CHART_MEDIAN_MS.judge(Some(260.0)), Verdict::Met);
        assert_eq!(FIRST_CHART_MEDIAN_MS.judge(Some(120.0)), Verdict::Met);
        assert_eq!(
            FIRST_CHART_MEDIAN_MS.judge(Some(390.0)),
            Verdict::Missed {
                by: 130.0,
                pct: 50.0
            }
        );
        assert_eq!(WASM_NATIVE_RATIO.judge(Some(0.7)), Verdict::Met);
        assert_eq!(
            WASM_NATIVE_RATIO.judge(Some(0.25)),
            Verdict::Missed {
                by: 0.25,
                pct: 50.0
            }
        );
    }

    #[test]
    fn a_flat_band_is_judged_on_the_magnitude() {
        assert_eq!(MEMORY_CHANGE_PCT.judge(Some(4.9)), Verdict::Met);
        assert_eq!(MEMORY_CHANGE_PCT.judge(Some(-4.9)), Verdict::Met);
        assert_eq!(
            MEMORY_CHANGE_PCT.judge(Some(-7.5)),
            Verdict::Missed { by: 2.5, pct: 50.0 }
        );
    }

    #[test]
    fn missing_values_are_not_judged() {
        assert_eq!(REDRAW_MEDIAN_MS.judge(None), Verdict::NotMeasured);
        assert_eq!(REDRAW_MEDIAN_MS.judge(Some(f64::NAN)), Verdict::NotMeasured);
        assert_eq!(Verdict::NotMeasured.to_string(), "not measured");
        assert_eq!(
            Verdict::Missed { by: 1.0, pct: 25.0 }.to_string(),
            "MISSED by 25%"
        );
        assert_eq!(FIRST_LOAD_GZIP_KB.symbol(), "<=");
        assert_eq!(MEMORY_CHANGE_PCT.symbol(), "within +/-");
        assert_eq!(WASM_NATIVE_RATIO.symbol(), ">=");
    }
}
