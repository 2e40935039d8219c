//! The timeline's marks of the whole run while the reader looks at an earlier tick.
//!
//! A world only knows its past: moved back to tick 2,000 it has not yet started the canary
//! it starts at 3,000, nor raised the alarm of 4,500. So the lab keeps the marks it drew at
//! the newest tick and, while it shows an earlier one, draws those after the shown tick as
//! "later" (dimmer). A hand action at a past tick gives the run a new future (the newest
//! tick moves back to it), and the later marks past it go.

use super::timeline::TimelineMark;

/// The marks drawn at the newest tick of the run, kept for later looks back.
#[derive(Debug, Default)]
pub struct NewestMarks {
    /// The newest tick they were drawn at.
    newest: u64,
    marks: Vec<TimelineMark>,
}

impl NewestMarks {
    /// The marks to draw for a lab at `tick` of a run whose newest tick is `newest`, from
    /// `current`, the marks the world at `tick` knows of. At the newest tick they are kept;
    /// at an earlier one, the kept marks after `tick` replace the current ones there,
    /// flagged `later`.
    pub fn show(
        &mut self,
        current: Vec<TimelineMark>,
        tick: u64,
        newest: u64,
    ) -> Vec<TimelineMark> {
        if newest < self.newest {
            // A new future (or a new run): what lay beyond its newest tick is not its.
            self.marks.retain(|m| m.tick <= newest);
            self.newest = newest;
        }
        if tick >= newest {
            self.newest = newest;
            self.marks.clone_from(&current);
            return current;
        }
        if self.newest != newest {
            // Never drawn at this newest tick (nothing kept to go by).
            return current;
        }
        let mut shown: Vec<TimelineMark> = current.into_iter().filter(|m| m.tick <= tick).collect();
        shown.extend(
            self.marks
                .iter()
                .filter(|m| m.tick > tick)
                .map(|m| TimelineMark {
                    later: true,
                    ..m.clone()
                }),
        );
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(tick: u64, label: &str) -> TimelineMark {
        TimelineMark {
            tick,
            label: label.to_owned(),
            kind: "event",
            later: false,
        }
    }

    #[test]
    fn looking_back_keeps_the_later_marks_dimmed() {
        let mut kept = NewestMarks::default();
        let at_newest = vec![
            mark(100, "drift"),
            mark(3_000, "canary"),
            mark(4_500, "alarm"),
        ];
        assert_eq!(kept.show(at_newest.clone(), 5_000, 5_000), at_newest);
        let back = kept.show(vec![mark(100, "drift")], 2_000, 5_000);
        let ticks: Vec<(u64, bool)> = back.iter().map(|m| (m.tick, m.later)).collect();
        assert_eq!(ticks, [(100, false), (3_000, true), (4_500, true)]);
    }

    #[test]
    fn a_new_future_drops_the_marks_beyond_it() {
        let mut kept = NewestMarks::default();
        kept.show(
            vec![mark(100, "drift"), mark(3_000, "canary")],
            5_000,
            5_000,
        );
        // A rollback at 2,000: the newest tick is 2,000 now, then the run goes on.
        let now = kept.show(vec![mark(100, "drift")], 2_000, 2_000);
        assert_eq!(now.len(), 1);
        let back = kept.show(vec![mark(100, "drift")], 1_000, 2_000);
        assert!(back.iter().all(|m| m.tick < 3_000), "{back:?}");
    }
}
