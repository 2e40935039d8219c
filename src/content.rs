//! The explainer's narrative as plain data: chapters, predict-then-reveal prompts, the
//! system diagram, the degrees of automation and the lifecycle stages.
//!
//! Nothing here depends on Yew or the browser, so the text compiles (and is tested) on any
//! target. The page decides how to show it; this module only says what to show.

mod automation;
mod baselines;
mod beyond_accuracy;
mod deployment;
mod drift;
mod lessons;
mod lifecycle;
mod monitoring;
mod sandbox;
mod serving;
mod system;

pub use lessons::LESSONS;
pub use system::{AUTOMATION_LEVELS, LIFECYCLE_STAGES, SYSTEM_DIAGRAM};

/// Which chapter a piece of text belongs to (one per lesson group, in the seed's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChapterId {
    /// The ML lifecycle loop and the system around the model (lessons 1, 2).
    Lifecycle,
    /// Data drift, concept drift and drift shapes (lessons 3, 4, 5).
    Drift,
    /// Software engineering choices for serving (lesson 6).
    Serving,
    /// Why deploy, shadow, canary, blue-green (lessons 7 to 10).
    Deployment,
    /// The five degrees of automation (lesson 11).
    Automation,
    /// Metrics, red lines, alarms and summary pies (lessons 12, 17).
    Monitoring,
    /// Milestones, rare classes and slices (lessons 13, 14, 15).
    BeyondAccuracy,
    /// Baselines and human-level performance (lesson 16).
    Baselines,
    /// Everything unlocked at once (no lesson of its own).
    Sandbox,
}

impl ChapterId {
    /// Every chapter id, in reading order (the same order as [`CHAPTERS`]).
    pub const ALL: [ChapterId; 9] = [
        ChapterId::Lifecycle,
        ChapterId::Drift,
        ChapterId::Serving,
        ChapterId::Deployment,
        ChapterId::Automation,
        ChapterId::Monitoring,
        ChapterId::BeyondAccuracy,
        ChapterId::Baselines,
        ChapterId::Sandbox,
    ];
}

/// One chapter of the explainer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter {
    /// Which chapter this is.
    pub id: ChapterId,
    /// URL-safe name (lowercase ASCII letters, digits and `-`), e.g. `"drift"`.
    pub slug: &'static str,
    /// Heading shown above the chapter.
    pub title: &'static str,
    /// Lesson numbers from `LESSONS.md` (1 to 17) that this chapter teaches.
    pub lessons: &'static [u8],
    /// Body text, one short paragraph per entry.
    pub paragraphs: &'static [&'static str],
    /// Predict-then-reveal prompts, one per lesson in the chapter (none in the sandbox).
    pub try_this: &'static [TryThis],
    /// Terms used in the chapter, as (term, plain definition).
    pub glossary: &'static [(&'static str, &'static str)],
}

/// A predict-then-reveal prompt: the reader loads a lesson preset, guesses, runs, and
/// then sees the explanation (the page appends the run's own numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TryThis {
    /// The lesson this prompt belongs to (one of its chapter's `lessons`).
    pub lesson: u8,
    /// Name of the lesson preset to load (kebab-case, see [`LESSONS`]).
    pub preset: &'static str,
    /// What the reader is about to do.
    pub setup: &'static str,
    /// The question asking for a prediction.
    pub question: &'static str,
    /// The answers to choose from (three).
    pub options: &'static [&'static str],
    /// Index into `options` of the answer the simulation bears out.
    pub expected: usize,
    /// Why that answer is right, shown after the run.
    pub explanation: &'static str,
}

/// One box of the production ML system diagram (Sculley et al., "Hidden Technical Debt in
/// Machine Learning Systems", NIPS 2015).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemBox {
    /// URL-safe id, e.g. `"data-verification"`.
    pub id: &'static str,
    /// Box label as in the paper.
    pub title: &'static str,
    /// What this part does in a real system.
    pub what_it_does: &'static str,
    /// Which part of the simulation stands for it.
    pub in_driftline: &'static str,
}

/// One row of `LESSONS.md`: a lesson's number, preset name and short title (the
/// simulation's preset itself is `driftline_sim::lessons::Lesson`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonEntry {
    /// Lesson number, 1 to 17.
    pub number: u8,
    /// Preset name (kebab-case), used in [`TryThis::preset`] and in links.
    pub preset: &'static str,
    /// Short title for menus.
    pub title: &'static str,
}

/// All chapters, in the order of the seed blog post.
pub const CHAPTERS: &[Chapter] = &[
    lifecycle::CHAPTER,
    drift::CHAPTER,
    serving::CHAPTER,
    deployment::CHAPTER,
    automation::CHAPTER,
    monitoring::CHAPTER,
    beyond_accuracy::CHAPTER,
    baselines::CHAPTER,
    sandbox::CHAPTER,
];

/// The chapter with this slug, if any.
pub fn chapter_by_slug(slug: &str) -> Option<&'static Chapter> {
    CHAPTERS.iter().find(|c| c.slug == slug)
}

/// The chapter with this id (always present; `Option` keeps callers free of panics).
pub fn chapter_by_id(id: ChapterId) -> Option<&'static Chapter> {
    CHAPTERS.iter().find(|c| c.id == id)
}

/// The lesson with this number, if any.
pub fn lesson(number: u8) -> Option<&'static LessonEntry> {
    LESSONS.iter().find(|l| l.number == number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Longest paragraph, in characters: about what fits on a phone screen.
    const MAX_PARAGRAPH_CHARS: usize = 700;

    fn is_url_safe(s: &str) -> bool {
        !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    /// Every string a reader sees, with a label saying where it came from.
    fn all_texts() -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for c in CHAPTERS {
            out.push((format!("{} title", c.slug), c.title));
            for (i, p) in c.paragraphs.iter().enumerate() {
                out.push((format!("{} paragraph {i}", c.slug), *p));
            }
            for t in c.try_this {
                let at = format!("{} try {}", c.slug, t.lesson);
                out.push((format!("{at} setup"), t.setup));
                out.push((format!("{at} question"), t.question));
                out.push((format!("{at} explanation"), t.explanation));
                for o in t.options {
                    out.push((format!("{at} option"), *o));
                }
            }
            for (term, def) in c.glossary {
                out.push((format!("{} glossary term", c.slug), *term));
                out.push((format!("{} glossary {term}", c.slug), *def));
            }
        }
        for b in SYSTEM_DIAGRAM {
            out.push((format!("box {}", b.id), b.title));
            out.push((format!("box {} what", b.id), b.what_it_does));
            out.push((format!("box {} driftline", b.id), b.in_driftline));
        }
        for (name, what) in AUTOMATION_LEVELS.iter().chain(LIFECYCLE_STAGES) {
            out.push(("level/stage name".into(), *name));
            out.push((format!("level/stage {name}"), *what));
        }
        for l in LESSONS {
            out.push((format!("lesson {}", l.number), l.title));
        }
        out
    }

    #[test]
    fn every_lesson_is_in_exactly_one_chapter() {
        for n in 1..=17u8 {
            let count = CHAPTERS.iter().filter(|c| c.lessons.contains(&n)).count();
            assert_eq!(count, 1, "lesson {n} appears in {count} chapters");
        }
        for c in CHAPTERS {
            for &n in c.lessons {
                assert!((1..=17).contains(&n), "{}: lesson {n} out of range", c.slug);
            }
        }
    }

    #[test]
    fn chapters_follow_the_seed_order_and_match_their_ids() {
        let ids: Vec<ChapterId> = CHAPTERS.iter().map(|c| c.id).collect();
        assert_eq!(ids, ChapterId::ALL.to_vec());
        // Lessons are numbered in the seed's order except 17 (the closing pie widget),
        // which is taught with monitoring; everything else must not go backwards.
        let firsts: Vec<u8> = CHAPTERS
            .iter()
            .filter_map(|c| c.lessons.iter().copied().filter(|&n| n != 17).min())
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        for id in ChapterId::ALL {
            assert_eq!(chapter_by_id(id).map(|c| c.id), Some(id));
        }
    }

    #[test]
    fn each_try_this_belongs_to_its_chapter_one_per_lesson() {
        for c in CHAPTERS {
            let tried: Vec<u8> = c.try_this.iter().map(|t| t.lesson).collect();
            let mut sorted_tried = tried.clone();
            sorted_tried.sort_unstable();
            let mut lessons = c.lessons.to_vec();
            lessons.sort_unstable();
            assert_eq!(sorted_tried, lessons, "{}: one TryThis per lesson", c.slug);
            for t in c.try_this {
                assert!(c.lessons.contains(&t.lesson), "{}: {}", c.slug, t.lesson);
                let teaching = CHAPTERS.iter().find(|x| x.lessons.contains(&t.lesson));
                assert_eq!(teaching.map(|x| x.id), Some(c.id));
            }
        }
    }

    #[test]
    fn sandbox_has_no_lessons_and_others_have_some() {
        for c in CHAPTERS {
            if c.id == ChapterId::Sandbox {
                assert!(c.lessons.is_empty() && c.try_this.is_empty());
            } else {
                assert!(!c.lessons.is_empty(), "{} has no lesson", c.slug);
                let n = c.paragraphs.len();
                assert!((2..=4).contains(&n), "{} has {n} paragraphs", c.slug);
            }
        }
    }

    #[test]
    fn try_this_answers_are_well_formed() {
        for c in CHAPTERS {
            for t in c.try_this {
                assert_eq!(t.options.len(), 3, "{} lesson {}", c.slug, t.lesson);
                assert!(
                    t.expected < t.options.len(),
                    "{} lesson {}",
                    c.slug,
                    t.lesson
                );
                let distinct: BTreeSet<&str> = t.options.iter().copied().collect();
                assert_eq!(distinct.len(), t.options.len(), "duplicate option");
                assert!(t.question.trim_end().ends_with('?'), "{}", t.question);
            }
        }
    }

    #[test]
    fn expected_answers_are_not_all_in_one_position() {
        // A reader should not be able to win by always picking the same button.
        let positions: BTreeSet<usize> = CHAPTERS
            .iter()
            .flat_map(|c| c.try_this.iter().map(|t| t.expected))
            .collect();
        assert_eq!(positions.len(), 3, "{positions:?}");
    }

    #[test]
    fn presets_match_the_lesson_table() {
        let numbers: Vec<u8> = LESSONS.iter().map(|l| l.number).collect();
        assert_eq!(numbers, (1..=17).collect::<Vec<u8>>());
        let presets: BTreeSet<&str> = LESSONS.iter().map(|l| l.preset).collect();
        assert_eq!(presets.len(), LESSONS.len(), "preset names must be unique");
        for l in LESSONS {
            assert!(is_url_safe(l.preset), "{}", l.preset);
            assert_eq!(lesson(l.number).map(|x| x.preset), Some(l.preset));
        }
        for c in CHAPTERS {
            for t in c.try_this {
                assert_eq!(lesson(t.lesson).map(|l| l.preset), Some(t.preset));
            }
        }
    }

    #[test]
    fn slugs_are_unique_url_safe_and_round_trip() {
        let slugs: BTreeSet<&str> = CHAPTERS.iter().map(|c| c.slug).collect();
        assert_eq!(slugs.len(), CHAPTERS.len());
        for c in CHAPTERS {
            assert!(is_url_safe(c.slug), "{}", c.slug);
            assert_eq!(chapter_by_slug(c.slug).map(|x| x.id), Some(c.id));
        }
        assert!(chapter_by_slug("").is_none());
        assert!(chapter_by_slug("Drift").is_none());
        assert!(chapter_by_slug("no-such-chapter").is_none());
    }

    #[test]
    fn paragraphs_are_short_and_not_empty() {
        for c in CHAPTERS {
            assert!(!c.paragraphs.is_empty(), "{}", c.slug);
            for p in c.paragraphs {
                let chars = p.chars().count();
                assert!(!p.trim().is_empty(), "{}: empty paragraph", c.slug);
                assert!(
                    chars <= MAX_PARAGRAPH_CHARS,
                    "{}: {chars} chars: {p}",
                    c.slug
                );
            }
        }
    }

    #[test]
    fn text_is_clean() {
        for (at, s) in all_texts() {
            assert!(!s.trim().is_empty(), "{at} is empty");
            assert_eq!(s, s.trim(), "{at} has outer whitespace");
            assert!(!s.contains("  "), "{at} has a double space: {s}");
            assert!(!s.contains('\n'), "{at} has a line break: {s}");
            assert!(
                !s.contains(" ,") && !s.contains(" ."),
                "{at}: space before punctuation"
            );
        }
    }

    #[test]
    fn glossary_terms_are_unique_per_chapter() {
        for c in CHAPTERS {
            let terms: BTreeSet<&str> = c.glossary.iter().map(|(t, _)| *t).collect();
            assert_eq!(terms.len(), c.glossary.len(), "{}", c.slug);
        }
    }

    #[test]
    fn system_diagram_has_the_ten_boxes_of_the_paper() {
        let ids: Vec<&str> = SYSTEM_DIAGRAM.iter().map(|b| b.id).collect();
        assert_eq!(
            ids,
            [
                "configuration",
                "data-collection",
                "data-verification",
                "feature-extraction",
                "ml-code",
                "machine-resource-management",
                "analysis-tools",
                "process-management-tools",
                "serving-infrastructure",
                "monitoring",
            ]
        );
        assert!(ids.iter().all(|id| is_url_safe(id)));
    }

    #[test]
    fn automation_levels_and_lifecycle_stages_are_complete() {
        let levels: Vec<&str> = AUTOMATION_LEVELS.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            levels,
            [
                "Human only",
                "Shadow mode",
                "AI assistance",
                "Partial automation",
                "Full automation"
            ]
        );
        let stages: Vec<String> = LIFECYCLE_STAGES
            .iter()
            .map(|(n, _)| n.to_lowercase())
            .collect();
        for needed in ["scoping", "data", "modeling", "deployment", "monitoring"] {
            assert!(stages.iter().any(|s| s == needed), "missing stage {needed}");
        }
        assert!(stages.iter().any(|s| s.starts_with("retrain")));
    }
}
