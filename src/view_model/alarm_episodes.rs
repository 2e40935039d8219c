//! Alarm transitions folded into episodes, so the log tells a story instead of listing
//! every flicker: one entry per metric per stretch of trouble, with counts and a span.

use super::alarms::{AlarmChange, AlarmEntry};

/// Transitions of one metric closer together than this many ticks belong to one episode.
pub const EPISODE_GAP_TICKS: u64 = 300;

/// Where an episode stands at its last transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpisodeState {
    /// Firing now.
    Firing,
    /// Pending now (its condition holds, not yet for long enough).
    Pending,
    /// It fired and then resolved.
    Resolved,
    /// It was only ever pending, and the condition cleared.
    Cleared,
}

/// A stretch of trouble on one metric.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Episode {
    /// Chart id of the metric.
    pub metric: &'static str,
    /// First transition.
    pub first_tick: u64,
    /// Last transition.
    pub last_tick: u64,
    /// Tick it last started firing, if it fired.
    pub fired_at: Option<u64>,
    /// Times it fired.
    pub fired: u32,
    /// Times it went pending.
    pub pending: u32,
    /// Where it stands.
    pub state: EpisodeState,
}

impl Episode {
    fn start(e: &AlarmEntry) -> Self {
        let mut episode = Self {
            metric: e.metric,
            first_tick: e.tick,
            last_tick: e.tick,
            fired_at: None,
            fired: 0,
            pending: 0,
            state: EpisodeState::Cleared,
        };
        episode.add(e);
        episode
    }

    fn add(&mut self, e: &AlarmEntry) {
        self.last_tick = e.tick;
        self.state = match e.change {
            AlarmChange::Pending => {
                self.pending += 1;
                EpisodeState::Pending
            }
            AlarmChange::Firing => {
                self.fired += 1;
                self.fired_at = Some(e.tick);
                EpisodeState::Firing
            }
            AlarmChange::Resolved => EpisodeState::Resolved,
            AlarmChange::PendingCleared => {
                if self.fired > 0 {
                    EpisodeState::Resolved
                } else {
                    EpisodeState::Cleared
                }
            }
        };
    }

    /// One line for the log, naming the metric with `name`: "Mean image brightness alarm
    /// FIRING since tick 1529 (fired once, pending 3 times, ticks 1500-1529)".
    #[must_use]
    pub fn text(&self, name: &str) -> String {
        let head = match (self.state, self.fired_at) {
            (EpisodeState::Firing, Some(t)) => format!("{name} alarm FIRING since tick {t}"),
            (EpisodeState::Pending, _) => format!("{name} alarm pending"),
            (EpisodeState::Resolved, _) => {
                format!("{name} alarm resolved at tick {}", self.last_tick)
            }
            _ => format!("{name} alarm cleared while pending"),
        };
        let mut counts = Vec::new();
        if self.fired > 0 {
            counts.push(format!("fired {}", times(self.fired)));
        }
        if self.pending > 0 {
            counts.push(format!("pending {}", times(self.pending)));
        }
        let span = if self.first_tick == self.last_tick {
            format!("tick {}", self.first_tick)
        } else {
            format!("ticks {}\u{2013}{}", self.first_tick, self.last_tick)
        };
        counts.push(span);
        format!("{head} ({})", counts.join(", "))
    }
}

fn times(n: u32) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// Episodes of `entries` (tick order), newest first: a metric's transition joins its open
/// episode when it comes within [`EPISODE_GAP_TICKS`] of that episode's last one.
#[must_use]
pub fn episodes(entries: &[AlarmEntry]) -> Vec<Episode> {
    let mut done: Vec<Episode> = Vec::new();
    let mut open: Vec<Episode> = Vec::new();
    for e in entries {
        match open.iter_mut().position(|x| x.metric == e.metric) {
            Some(i) if e.tick.saturating_sub(open[i].last_tick) <= EPISODE_GAP_TICKS => {
                open[i].add(e);
            }
            Some(i) => {
                done.push(open.swap_remove(i));
                open.push(Episode::start(e));
            }
            None => open.push(Episode::start(e)),
        }
    }
    done.extend(open);
    done.sort_by(|a, b| b.last_tick.cmp(&a.last_tick).then(a.metric.cmp(b.metric)));
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(tick: u64, metric: &'static str, change: AlarmChange) -> AlarmEntry {
        AlarmEntry {
            tick,
            metric,
            change,
        }
    }

    #[test]
    fn flicker_folds_into_one_episode_with_counts() {
        let mut entries = Vec::new();
        for i in 0..14 {
            entries.push(entry(1200 + i * 14, "missing", AlarmChange::Pending));
            entries.push(entry(1205 + i * 14, "missing", AlarmChange::PendingCleared));
        }
        let e = episodes(&entries);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].pending, 14);
        assert_eq!(e[0].state, EpisodeState::Cleared);
        let text = e[0].text("Share of missing images");
        assert!(text.contains("pending 14 times"), "{text}");
        assert!(text.contains("ticks 1200\u{2013}1387"), "{text}");
    }

    #[test]
    fn a_long_quiet_gap_starts_a_new_episode_and_newest_comes_first() {
        let entries = [
            entry(100, "psi", AlarmChange::Pending),
            entry(110, "psi", AlarmChange::Firing),
            entry(150, "psi", AlarmChange::Resolved),
            entry(900, "psi", AlarmChange::Pending),
            entry(920, "psi", AlarmChange::Firing),
            entry(400, "recall", AlarmChange::Pending),
        ];
        let mut sorted = entries.to_vec();
        sorted.sort_by_key(|e| e.tick);
        let e = episodes(&sorted);
        assert_eq!(e.len(), 3);
        assert_eq!((e[0].metric, e[0].state), ("psi", EpisodeState::Firing));
        assert_eq!(e[0].fired_at, Some(920));
        assert_eq!((e[1].metric, e[1].state), ("recall", EpisodeState::Pending));
        assert_eq!((e[2].metric, e[2].state), ("psi", EpisodeState::Resolved));
        assert!(e[0]
            .text("PSI")
            .starts_with("PSI alarm FIRING since tick 920"));
    }
}
