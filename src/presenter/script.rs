//! The teacher's lesson script: short steps for the current chapter, each naming what to
//! do and what to watch, built from the chapter's predict-then-reveal prompts.

use crate::content::{lesson, Chapter};

/// One step of a lesson script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Short heading, e.g. "Lesson 3: predict".
    pub title: String,
    /// What the teacher (or class) does.
    pub todo: String,
    /// What to watch or ask.
    pub watch: String,
}

const LETTERS: [char; 3] = ['A', 'B', 'C'];

/// The script for `chapter`: an opening step, two steps per try-this (predict, then run
/// and compare) and a closing free-play step.
#[must_use]
pub fn script(chapter: &Chapter) -> Vec<Step> {
    let mut steps = vec![Step {
        title: format!("Introduce: {}", chapter.title),
        todo: "Read the opening paragraph with the class, then show the factory lab.".to_owned(),
        watch: chapter
            .paragraphs
            .first()
            .map_or_else(String::new, |p| first_sentence(p).to_owned()),
    }];
    for t in chapter.try_this {
        let name = lesson(t.lesson).map_or("", |l| l.title);
        let options: Vec<String> = t
            .options
            .iter()
            .zip(LETTERS)
            .map(|(o, l)| format!("{l}) {o}"))
            .collect();
        steps.push(Step {
            title: format!("Lesson {}: {name} \u{2014} predict", t.lesson),
            todo: t.setup.to_owned(),
            watch: format!("Ask: {} Take a vote: {}", t.question, options.join("  ")),
        });
        steps.push(Step {
            title: format!("Lesson {}: {name} \u{2014} run and compare", t.lesson),
            todo: format!(
                "Press Run on the Lesson {} card and let the class watch the numbers arrive.",
                t.lesson
            ),
            watch: t.explanation.to_owned(),
        });
    }
    steps.push(Step {
        title: "Your turn".to_owned(),
        todo: "Change one thing in the lab (1\u{2013}5 change who decides, D dims the lights, R resets) and ask the class to predict again before pressing Space.".to_owned(),
        watch: "Which alarm rings first, and how many defects escape before anyone notices.".to_owned(),
    });
    steps
}

/// Text up to and including the first sentence end (". "), or all of it.
fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ChapterId, CHAPTERS};

    #[test]
    fn every_chapter_has_a_script_with_two_steps_per_try_this() {
        for c in CHAPTERS {
            let s = script(c);
            assert_eq!(s.len(), 2 + 2 * c.try_this.len(), "{}", c.slug);
            for step in &s {
                assert!(!step.title.is_empty() && !step.todo.is_empty(), "{step:?}");
                assert!(!step.watch.is_empty(), "{}: {step:?}", c.slug);
            }
        }
    }

    #[test]
    fn drift_script_uses_the_lessons_setup_question_and_answer() {
        let drift = CHAPTERS.iter().find(|c| c.id == ChapterId::Drift).unwrap();
        let s = script(drift);
        let t = &drift.try_this[0];
        assert!(s[1].title.starts_with("Lesson 3"));
        assert_eq!(s[1].todo, t.setup);
        assert!(s[1].watch.contains(t.question));
        assert!(s[1].watch.contains("A) "));
        assert_eq!(s[2].watch, t.explanation);
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(first_sentence("One. Two. Three"), "One.");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
