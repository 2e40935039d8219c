//! Check outcomes and their summary, printed one line per check.
//!
//! A check that finds its feature missing fails. [`Status::Skip`] is only for what this
//! machine or this invocation cannot do (say, no single-file build was asked for); every
//! skip is printed in the summary line with its reason, so a green run names what it did
//! not look at.

use std::fmt;

/// Outcome of a single check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The check held.
    Pass,
    /// Advisory only (a timing note, a slow step); never a missing feature.
    Warn,
    /// Not run because the machine or the command line cannot provide what it needs; the
    /// detail says what. Does not fail the run, but is listed in the summary.
    Skip,
    /// The check failed; the harness exits non-zero.
    Fail,
}

impl Status {
    /// The tag printed in front of a report line.
    pub fn tag(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Skip => "SKIP",
            Status::Fail => "FAIL",
        }
    }
}

/// One named check with a human-readable detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// Short stable name, e.g. `tick advances`.
    pub name: String,
    /// Pass, warn, skip or fail.
    pub status: Status,
    /// What was observed (numbers, offending URLs, messages); for a skip, why.
    pub detail: String,
}

/// Ordered list of check outcomes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Outcomes in the order the checks ran.
    pub results: Vec<CheckResult>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an outcome.
    pub fn add(&mut self, name: &str, status: Status, detail: impl Into<String>) {
        self.results.push(CheckResult {
            name: name.to_owned(),
            status,
            detail: detail.into(),
        });
    }

    /// Records a passing check.
    pub fn pass(&mut self, name: &str, detail: impl Into<String>) {
        self.add(name, Status::Pass, detail);
    }

    /// Records an advisory note (never use it for a missing feature: that is a failure).
    pub fn warn(&mut self, name: &str, detail: impl Into<String>) {
        self.add(name, Status::Warn, detail);
    }

    /// Records a check that could not run on this machine or with these arguments; `why`
    /// says what was missing. Listed in the summary line.
    pub fn skip(&mut self, name: &str, why: impl Into<String>) {
        self.add(name, Status::Skip, why);
    }

    /// Records a failed check.
    pub fn fail(&mut self, name: &str, detail: impl Into<String>) {
        self.add(name, Status::Fail, detail);
    }

    /// Appends all outcomes of another report.
    pub fn extend(&mut self, other: Report) {
        self.results.extend(other.results);
    }

    /// The outcomes with one status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &CheckResult> {
        self.results.iter().filter(move |r| r.status == status)
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &CheckResult> {
        self.with_status(Status::Fail)
    }

    /// The skipped checks.
    pub fn skipped(&self) -> impl Iterator<Item = &CheckResult> {
        self.with_status(Status::Skip)
    }

    /// Whether any check failed.
    pub fn has_failures(&self) -> bool {
        self.failures().next().is_some()
    }

    /// The outcome of the check called `name`, if it ran.
    pub fn get(&self, name: &str) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.name == name)
    }

    /// The one-line summary: counts per status, every skipped check with its reason, then
    /// `<n> checks, <m> failed`, e.g. `47 passed, 1 warned, 1 skipped (single-file: runs
    /// offline: no --single-file given); 49 checks, 0 failed`.
    pub fn summary(&self) -> String {
        let count = |s: Status| self.with_status(s).count();
        let skipped: Vec<String> = self
            .skipped()
            .map(|r| format!("{}: {}", r.name, r.detail))
            .collect();
        let skip_list = if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join("; "))
        };
        format!(
            "{} passed, {} warned, {} skipped{skip_list}; {} checks, {} failed",
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Skip),
            self.results.len(),
            count(Status::Fail)
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.results {
            writeln!(f, "[{}] {}: {}", r.status.tag(), r.name, r.detail)?;
        }
        f.write_str(&self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_counted_and_printed() {
        let mut report = Report::new();
        report.pass("a", "ok");
        report.warn("b", "hmm");
        assert!(!report.has_failures());
        report.fail("c", "broken");
        assert!(report.has_failures());
        assert_eq!(report.failures().count(), 1);
        assert_eq!(report.get("b").map(|r| r.status), Some(Status::Warn));
        let text = report.to_string();
        assert!(text.contains("[FAIL] c: broken"), "{text}");
        assert!(text.ends_with("3 checks, 1 failed"), "{text}");
    }

    #[test]
    fn a_skip_does_not_fail_the_run_but_is_named_in_the_summary() {
        let mut report = Report::new();
        report.pass("page loads", "ok");
        report.skip("single-file: runs offline", "no --single-file given");
        assert!(!report.has_failures(), "a skip is not a failure");
        assert_eq!(report.skipped().count(), 1);
        assert_eq!(
            report.get("single-file: runs offline").map(|r| r.status),
            Some(Status::Skip)
        );
        let text = report.to_string();
        assert!(
            text.contains("[SKIP] single-file: runs offline: no --single-file given"),
            "{text}"
        );
        let last = text.lines().last().unwrap_or_default();
        assert_eq!(
            last,
            "1 passed, 0 warned, 1 skipped (single-file: runs offline: no --single-file \
             given); 2 checks, 0 failed"
        );
    }

    #[test]
    fn the_summary_counts_every_status_and_lists_each_skip() {
        let mut report = Report::new();
        report.pass("a", "ok");
        report.pass("b", "ok");
        report.warn("c", "slow");
        report.fail("d", "broken");
        report.skip("e", "no GPU");
        report.skip("f", "--no-walk");
        assert_eq!(
            report.summary(),
            "2 passed, 1 warned, 2 skipped (e: no GPU; f: --no-walk); 6 checks, 1 failed"
        );
        let empty = Report::new();
        assert_eq!(
            empty.summary(),
            "0 passed, 0 warned, 0 skipped; 0 checks, 0 failed"
        );
        assert_eq!(
            empty.to_string(),
            empty.summary(),
            "no lines, only the summary"
        );
    }

    #[test]
    fn extended_reports_keep_their_skips() {
        let mut a = Report::new();
        a.pass("x", "ok");
        let mut b = Report::new();
        b.skip("y", "not asked for");
        a.extend(b);
        assert_eq!(
            a.skipped().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["y"]
        );
        assert!(a.summary().contains("1 skipped (y: not asked for)"));
    }
}
