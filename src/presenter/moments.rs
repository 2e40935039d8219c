//! Named moments of the chapter's lessons for the presenter ("the moment the canary starts"):
//! each lesson preset's drift events and scripted actions, and what its run logs in its
//! first [`RUN_TICKS`] ticks (rollout steps, retrains), in plain words; one button each moves
//! the lab there (back along its timeline, or on by fast-forward).

use driftline_sim::lessons::Lesson;
use driftline_sim::world::World;
use yew::prelude::*;

use crate::content::Chapter;
use crate::lab::remote::{Command, Remote};
use crate::lab::state::LabAction;
use crate::lab::timeline_marks::action_words;
use crate::view_model;

/// Ticks of each lesson's preset run read for its logged moments.
pub const RUN_TICKS: u64 = 2_000;
/// Most moments shown per lesson.
pub const MAX_PER_LESSON: usize = 4;

/// One moment: a lesson, a tick and what happens then.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    /// The lesson's number.
    pub lesson: u8,
    /// The tick.
    pub tick: u64,
    /// What happens, in plain words.
    pub label: String,
}

/// The moments of `chapter`'s lessons, lesson by lesson, each lesson's in tick order.
#[must_use]
pub fn moments(chapter: &Chapter) -> Vec<Moment> {
    let mut out = Vec::new();
    for t in chapter.try_this {
        let Some(preset) = Lesson::from_name(&t.lesson.to_string()).map(Lesson::preset) else {
            continue;
        };
        let logged = World::new(preset.clone())
            .map(|mut world| {
                world.run(RUN_TICKS);
                view_model::markers(&world)
            })
            .unwrap_or_default();
        let mut own: Vec<Moment> = preset
            .events
            .iter()
            .map(|e| (e.start_tick, view_model::drift_words(e, e.start_tick)))
            .chain(
                preset
                    .actions
                    .iter()
                    .map(|a| (a.tick, action_words(&a.action, a.tick))),
            )
            // The log's words without the tool's own status in brackets.
            .chain(logged.into_iter().map(|m| {
                let short = m.label.split(" (").next().unwrap_or_default().to_owned();
                (m.tick, short)
            }))
            .map(|(tick, label)| Moment {
                lesson: t.lesson,
                tick,
                label,
            })
            .collect();
        crate::keyed_sort::sort_by_u64_key(&mut own, |m| m.tick);
        // One moment per tick: the first words found for it.
        own.dedup_by_key(|m| m.tick);
        own.truncate(MAX_PER_LESSON);
        out.extend(own);
    }
    out
}

/// Props of [`MomentButtons`].
#[derive(Properties, PartialEq)]
pub struct MomentButtonsProps {
    /// The moments.
    pub moments: Vec<Moment>,
    /// Where the buttons send the lab.
    pub remote: Remote,
}

/// "Jump to": one button per moment.
#[function_component(MomentButtons)]
pub fn moment_buttons(props: &MomentButtonsProps) -> Html {
    if props.moments.is_empty() {
        return Html::default();
    }
    let buttons = props.moments.iter().map(|m| {
        let (remote, tick) = (props.remote.clone(), m.tick);
        let onclick = Callback::from(move |_: MouseEvent| {
            remote.send(Command::Action(LabAction::GoTo(tick)));
        });
        html! {
            <button class="chip" {onclick} data-testid={format!("moment-{}", m.tick)}>
                { format!("Lesson {}: {} (tick {})", m.lesson, m.label, m.tick) }
            </button>
        }
    });
    html! {
        <details class="script-moments" data-testid="presenter-moments">
            <summary>{ format!("Jump to a moment ({})", props.moments.len()) }</summary>
            <div class="chips">{ for buttons }</div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::CHAPTERS;

    #[test]
    fn every_moment_is_named_and_the_drift_chapter_has_the_lamp() {
        for chapter in CHAPTERS {
            for m in moments(chapter) {
                assert!(!m.label.is_empty(), "{}: {m:?}", chapter.slug);
                println!(
                    "{}: lesson {} tick {} {}",
                    chapter.slug, m.lesson, m.tick, m.label
                );
            }
        }
        let drift = CHAPTERS
            .iter()
            .find(|c| c.slug == "drift")
            .map(moments)
            .unwrap_or_default();
        assert!(
            drift.iter().any(|m| m.label.contains("lamp dims")),
            "{drift:?}"
        );
        let deployment = CHAPTERS
            .iter()
            .find(|c| c.slug == "deployment")
            .map(moments)
            .unwrap_or_default();
        assert!(
            deployment
                .iter()
                .any(|m| m.label.starts_with("canary starts")),
            "{deployment:?}"
        );
    }
}
