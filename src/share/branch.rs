//! A branch in a link (issue 17): the run forks at `fork=` and the branch goes on with its
//! own actions (`bact=`, the same format as `act=`) to its own tick (`bt=`). The common
//! start is the main run's actions up to the fork (its `act=`); opening the link replays the
//! main run and the branch beside it.
//!
//! `?v=1&seed=7&act=auto:full@300&t=900&fork=600&bact=auto:human@600&bt=800#/sandbox`

use driftline_sim::scenario::{Scenario, ScheduledAction};

use super::notice::{NoticeKind, NoticeLog};
use super::timeline::{fmt_action, fmt_list, read_actions};
use super::values::read_u64;

/// Latest tick a fork or a branch may be at (as `t=`: what one fast-forward may run).
pub const MAX_TICK: u64 = 100_000;

/// The keys a branch adds to a link.
pub const KEYS: [&str; 3] = ["fork", "bact", "bt"];

/// A branch as a link carries it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BranchLink {
    /// Tick the branch leaves the main run.
    pub fork: u64,
    /// The branch's actions after the common start, each at its tick (at or after the fork).
    pub actions: Vec<ScheduledAction>,
    /// Tick the branch is at.
    pub tick: u64,
}

impl BranchLink {
    /// Appends `fork=`, `bact=` and `bt=`.
    pub fn write(&self, out: &mut Vec<(&'static str, String)>) {
        out.push(("fork", self.fork.to_string()));
        if !self.actions.is_empty() {
            out.push(("bact", fmt_list(self.actions.iter().map(fmt_action))));
        }
        out.push(("bt", self.tick.to_string()));
    }

    /// The branch's scenario: `main` (the main run's, with its actions) with the actions up
    /// to the fork kept, then the branch's own.
    #[must_use]
    pub fn scenario(&self, main: &Scenario) -> Scenario {
        let mut actions: Vec<ScheduledAction> = main
            .actions
            .iter()
            .filter(|a| a.tick <= self.fork)
            .cloned()
            .collect();
        actions.extend(self.actions.iter().filter(|a| a.tick >= self.fork).cloned());
        Scenario {
            actions,
            ..main.clone()
        }
    }
}

/// Reads a branch key into `branch` (made when the first one is read); false for any other
/// key.
pub fn read(branch: &mut Option<BranchLink>, log: &mut NoticeLog, key: &str, value: &str) -> bool {
    if !KEYS.contains(&key) {
        return false;
    }
    let b = branch.get_or_insert_with(BranchLink::default);
    match key {
        "fork" => {
            if let Some(t) = read_u64(log, key, value, 0, MAX_TICK) {
                b.fork = t;
            }
        }
        "bact" => {
            if let Some(actions) = read_actions(log, key, value) {
                b.actions = actions;
            }
        }
        _ => {
            if let Some(t) = read_u64(log, key, value, 0, MAX_TICK) {
                b.tick = t;
            }
        }
    }
    true
}

/// A read branch made whole: its tick at least its fork, its actions none before it.
pub fn settle(branch: &mut Option<BranchLink>, log: &mut NoticeLog) {
    if let Some(b) = branch {
        if b.tick < b.fork {
            log.push(
                "bt",
                NoticeKind::Rejected,
                "before the fork; the fork was used",
                &b.tick.to_string(),
            );
            b.tick = b.fork;
        }
        let before = b.actions.len();
        let fork = b.fork;
        b.actions.retain(|a| a.tick >= fork);
        if b.actions.len() < before {
            log.push(
                "bact",
                NoticeKind::Rejected,
                "actions before the fork were dropped",
                "",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::state::ShareState;
    use super::*;
    use driftline_sim::automation::AutomationLevel;
    use driftline_sim::scenario::Action;

    #[test]
    fn a_branch_round_trips_through_a_link() {
        let (main, _) = ShareState::parse("v=1&seed=7&act=auto:full@300&t=900");
        let branch = BranchLink {
            fork: 600,
            actions: vec![ScheduledAction {
                tick: 600,
                action: Action::SetAutomation {
                    level: AutomationLevel::HumanOnly,
                },
            }],
            tick: 800,
        };
        let state = ShareState {
            branch: Some(branch.clone()),
            ..main
        };
        let query = state.to_query();
        assert!(
            query.contains("&fork=600&bact=auto:human@600&bt=800"),
            "{query}"
        );
        let (back, notices) = ShareState::parse(&query);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back.branch.as_ref(), Some(&branch));
        let ticks: Vec<u64> = branch
            .scenario(&back.scenario())
            .actions
            .iter()
            .map(|a| a.tick)
            .collect();
        assert_eq!(
            ticks,
            vec![300, 600],
            "the common start, then the branch's own"
        );
    }

    #[test]
    fn a_branch_before_its_fork_is_mended() {
        let (state, notices) = ShareState::parse("v=1&fork=500&bact=retrain@100,retrain@700&bt=20");
        let branch = state.branch.unwrap_or_default();
        assert_eq!(
            (branch.fork, branch.tick, branch.actions.len()),
            (500, 500, 1)
        );
        assert_eq!(notices.len(), 2, "{notices:?}");
    }
}
