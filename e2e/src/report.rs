//! Check outcomes and their summary, printed one line per check.

use std::fmt;

/// Outcome of a single check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The check held.
    Pass,
    /// Worth a look, but not a failure (e.g. an optional hook is missing).
    Warn,
    /// The check failed; the harness exits non-zero.
    Fail,
}

/// One named check with a human-readable detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// Short stable name, e.g. `tick advances`.
    pub name: String,
    /// Pass, warn or fail.
    pub status: Status,
    /// What was observed (numbers, offending URLs, messages).
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

    /// Records a warning.
    pub fn warn(&mut self, name: &str, detail: impl Into<String>) {
        self.add(name, Status::Warn, detail);
    }

    /// Records a failed check.
    pub fn fail(&mut self, name: &str, detail: impl Into<String>) {
        self.add(name, Status::Fail, detail);
    }

    /// Appends all outcomes of another report.
    pub fn extend(&mut self, other: Report) {
        self.results.extend(other.results);
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &CheckResult> {
        self.results.iter().filter(|r| r.status == Status::Fail)
    }

    /// Whether any check failed.
    pub fn has_failures(&self) -> bool {
        self.failures().next().is_some()
    }

    /// The outcome of the check called `name`, if it ran.
    pub fn get(&self, name: &str) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.name == name)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.results {
            let tag = match r.status {
                Status::Pass => "PASS",
                Status::Warn => "WARN",
                Status::Fail => "FAIL",
            };
            writeln!(f, "[{tag}] {}: {}", r.name, r.detail)?;
        }
        let failed = self.failures().count();
        write!(f, "{} checks, {} failed", self.results.len(), failed)
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
}
