//! What a lesson run showed, in words and numbers, and whether the reader's prediction
//! matched it. The simulation is the judge: where the numbers decide which answer came
//! true, that answer is used; otherwise the content's expected answer. One file per group of
//! lessons under `reveal/`; the helpers they share are here.

use driftline_sim::deploy::canary::CanaryPhase;
use driftline_sim::deploy::why::{suggest_pattern, DeployReason};
use driftline_sim::deploy::{Pattern, PatternKind};
use driftline_sim::drift::DriftKind;
use driftline_sim::lessons::reports;
use driftline_sim::lessons::system_map::system_map;
use driftline_sim::lessons::Lesson;
use driftline_sim::lifecycle::Stage;
use driftline_sim::metrics::TickMetrics;
use driftline_sim::world::World;

use super::runs::{LessonRun, Variant};
use super::tables::{largest_gap_share, lowest_accuracy, money, no_room_left, pct, points, two};
use crate::content::{TryThis, SYSTEM_DIAGRAM};

mod deploy;
mod drift;
mod monitoring;
mod system;

use deploy::{blue_green, canary, serving, shadow, why_deploy};
use drift::{concept_drift, data_drift, drift_speed};
use monitoring::{automation, baselines, milestones, monitoring, pies, rare_class, slices};
pub use system::{box_metric, metric_text, BOX_METRICS};
use system::{lifecycle, system};

/// The outcome of a run: which answer came true (index into the try-this options, when
/// the numbers decide it) and the findings, one sentence each, with the run's numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reveal {
    /// Index of the option the run bore out, when the numbers decide it.
    pub observed: Option<usize>,
    /// Findings, one sentence each.
    pub findings: Vec<String>,
}

/// The reader's prediction against the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// True when the prediction matched what happened.
    pub right: bool,
    /// One sentence saying so, quoting the answers.
    pub text: String,
}

/// Compares the prediction (an option index) with the run's outcome.
#[must_use]
pub fn verdict(t: &TryThis, predicted: usize, reveal: &Reveal) -> Verdict {
    let happened = reveal.observed.unwrap_or(t.expected);
    let quote = |i: usize| t.options.get(i).copied().unwrap_or("(no such answer)");
    if predicted == happened {
        Verdict {
            right: true,
            text: format!(
                "Your prediction was right: \u{201c}{}\u{201d}.",
                quote(predicted)
            ),
        }
    } else {
        Verdict {
            right: false,
            text: format!(
                "Not this time. You predicted \u{201c}{}\u{201d}; the run showed \u{201c}{}\u{201d}.",
                quote(predicted),
                quote(happened)
            ),
        }
    }
}

/// Mean of a field over ticks in `[from, to)`, skipping absent values.
#[must_use]
pub fn mean(trace: &[TickMetrics], field: &str, from: u64, to: u64) -> Option<f64> {
    let (sum, n) = trace
        .iter()
        .filter(|m| m.tick >= from && m.tick < to)
        .filter_map(|m| m.get(field))
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// Sum of a field over the whole trace.
#[must_use]
pub fn sum(trace: &[TickMetrics], field: &str) -> f64 {
    trace.iter().filter_map(|m| m.get(field)).sum()
}

/// First tick at or after `from` at which the named alert fired.
#[must_use]
pub fn first_firing(world: &World, alert: &str, from: u64) -> Option<u64> {
    world
        .watch()
        .firings()
        .filter(|f| f.alert == alert && f.tick >= from)
        .map(|f| f.tick)
        .min()
}

fn fired_text(what: &str, fired: Option<u64>, since: u64, event: &str) -> String {
    match fired {
        Some(t) => format!(
            "the {what} alarm fired at tick {t}, {} ticks after {event}",
            t.saturating_sub(since)
        ),
        None => format!("the {what} alarm stayed silent"),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds the reveal for a finished run (an unfinished one reports what it has).
#[must_use]
pub fn reveal(run: &LessonRun) -> Reveal {
    let Some(main) = run.main() else {
        return Reveal::default();
    };
    match run.lesson {
        Lesson::Lifecycle => lifecycle(main),
        Lesson::SystemMap => system(main),
        Lesson::DataDrift => data_drift(main),
        Lesson::ConceptDrift => concept_drift(main),
        Lesson::DriftSpeed => drift_speed(run),
        Lesson::Serving => serving(run),
        Lesson::WhyDeploy => why_deploy(main),
        Lesson::Shadow => shadow(run),
        Lesson::Canary => canary(main),
        Lesson::BlueGreen => blue_green(main),
        Lesson::Automation => automation(run),
        Lesson::Monitoring => monitoring(main),
        Lesson::Milestones => milestones(run),
        Lesson::RareClass => rare_class(main),
        Lesson::Slices => slices(main),
        Lesson::Baselines => baselines(main),
        Lesson::Pies => pies(main),
    }
}

fn first_event_tick(v: &Variant, kind: Option<DriftKind>) -> u64 {
    v.world
        .scenario()
        .events
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .map(|e| e.start_tick)
        .min()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_override_finding_follows_the_run_not_the_pooled_claim() {
        let fell = super::drift::overrides_finding(Some(0.12), Some(0.09));
        assert!(
            fell.contains("12.0%") && fell.contains("now agree"),
            "{fell}"
        );
        let rose = super::drift::overrides_finding(Some(0.09), Some(0.12));
        assert!(rose.contains("No fall in this run"), "{rose}");
        assert!(!rose.contains("now agree"), "{rose}");
        let none = super::drift::overrides_finding(None, Some(0.1));
        assert!(none.contains("too few"), "{none}");
    }

    use super::*;
    use crate::chapters::runs::lesson_for_number;
    use crate::content::CHAPTERS;

    fn try_this(lesson: u8) -> &'static TryThis {
        CHAPTERS
            .iter()
            .flat_map(|c| c.try_this.iter())
            .find(|t| t.lesson == lesson)
            .expect("every lesson has a try-this")
    }

    #[test]
    fn verdict_marks_right_and_wrong_predictions() {
        let t = try_this(3);
        let r = Reveal {
            observed: Some(0),
            findings: vec![],
        };
        let v = verdict(t, 0, &r);
        assert!(v.right);
        assert!(v.text.contains(t.options[0]), "{}", v.text);
        let v = verdict(t, 2, &r);
        assert!(!v.right);
        assert!(
            v.text.contains(t.options[2]) && v.text.contains(t.options[0]),
            "{}",
            v.text
        );
        // Without an observed answer the content's expected one is the judge.
        let v = verdict(t, t.expected, &Reveal::default());
        assert!(v.right);
    }

    #[test]
    fn every_lesson_run_bears_out_its_expected_answer_with_numbers() {
        let mut wrong = Vec::new();
        for c in CHAPTERS {
            for t in c.try_this {
                let lesson = lesson_for_number(t.lesson).expect("lesson exists");
                let mut run = LessonRun::new(lesson).expect("preset is valid");
                run.run_to_end();
                let r = reveal(&run);
                if r.observed != Some(t.expected) {
                    wrong.push(format!(
                        "lesson {}: {:?} {:#?}",
                        t.lesson, r.observed, r.findings
                    ));
                }
                assert!(!r.findings.is_empty(), "lesson {}", t.lesson);
                let text = r.findings.join(" ");
                assert!(
                    text.chars().any(|c| c.is_ascii_digit()),
                    "lesson {} has no numbers: {text}",
                    t.lesson
                );
                assert!(
                    !text.contains("NaN") && !text.contains("inf"),
                    "lesson {}: {text}",
                    t.lesson
                );
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn concept_drift_reveal_reads_like_the_story() {
        let mut run = LessonRun::new(Lesson::ConceptDrift).expect("valid");
        run.run_to_end();
        let text = reveal(&run).findings.join(" ");
        assert!(text.contains("input alarm stayed silent"), "{text}");
        assert!(text.contains("after the spec changed"), "{text}");
    }

    #[test]
    fn every_box_has_a_real_metric() {
        for b in SYSTEM_DIAGRAM {
            let (field, _) = box_metric(b.id).unwrap_or_else(|| panic!("no metric for {}", b.id));
            assert!(TickMetrics::has_field(field), "{field}");
        }
        for b in system_map() {
            assert!(
                BOX_METRICS.iter().any(|(_, f, _)| *f == b.metric),
                "sim box {} ({}) is not on the page",
                b.name,
                b.metric
            );
        }
        let m = TickMetrics {
            lifecycle_stage: 4,
            ..TickMetrics::default()
        };
        assert_eq!(metric_text("lifecycle_stage", &m), "Monitoring");
        assert_eq!(metric_text("latency_p99_ms", &m), "no data yet");
    }
}
