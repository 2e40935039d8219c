//! A branch beside the lab (issue 17): where it forks, the scenario its own lab starts from,
//! and what that lab last reported (its actions and tick), so a link can carry it.

use std::rc::Rc;

use driftline_sim::scenario::{Scenario, ScheduledAction};
use driftline_sim::world::World;

use super::LabState;
use crate::share::branch_file::BranchFile;

/// A second run that shares this lab's run up to `fork`.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchRun {
    /// Tick it leaves the main run.
    pub fork: u64,
    /// The scenario its lab starts from (fixed while it is open).
    pub start: Rc<Scenario>,
    /// Ticks its lab runs before its first paint.
    pub warm_up: u64,
    /// How many of its actions are the common start (the main run's up to the fork).
    pub common: usize,
    /// Its actions as its lab last reported them.
    pub actions: Rc<Vec<ScheduledAction>>,
    /// Its tick as its lab last reported it.
    pub tick: u64,
}

impl BranchRun {
    /// The branch's own actions after the common start (what a link's `bact=` carries).
    #[must_use]
    pub fn own_actions(&self) -> &[ScheduledAction] {
        self.actions.get(self.common..).unwrap_or_default()
    }
}

impl LabState {
    /// A branch from `fork` of this run, starting there.
    #[must_use]
    pub fn branch_at(&self, fork: u64) -> BranchRun {
        let start = self.scenario_until(fork);
        let common = self.run_actions.iter().filter(|a| a.tick <= fork).count();
        BranchRun {
            fork,
            warm_up: fork,
            common,
            actions: Rc::new(start.actions.clone()),
            start: Rc::new(start),
            tick: fork,
        }
    }

    /// A branch as a link gives it: `start` (its full action list) run to `tick`.
    #[must_use]
    pub fn branch_from_link(&self, fork: u64, start: Scenario, tick: u64) -> BranchRun {
        let common = self.run_actions.iter().filter(|a| a.tick <= fork).count();
        BranchRun {
            fork,
            warm_up: tick,
            common,
            actions: Rc::new(start.actions.clone()),
            start: Rc::new(start),
            tick,
        }
    }
}

impl LabState {
    /// The branched run as its JSON file holds it (both sides), when a branch is open.
    #[must_use]
    pub fn branch_file(&self) -> Option<BranchFile> {
        let branch = self.branch.as_ref()?;
        Some(BranchFile {
            driftline_branch: 1,
            original: self.run_scenario(),
            tick: self.newest_tick(),
            fork: branch.fork,
            branch: branch.scenario(),
            branch_tick: branch.tick,
        })
    }
}

impl BranchRun {
    /// The branch's run from tick 0: its common start and its own actions as scripted ones.
    #[must_use]
    pub fn scenario(&self) -> Scenario {
        Scenario {
            actions: (*self.actions).clone(),
            ..(*self.start).clone()
        }
    }

    /// The branch's world replayed to its tick, as its lab has it (its chart history
    /// included), for an export; None when the simulation refuses its scenario.
    #[must_use]
    pub fn replay(&self) -> Option<World> {
        let mut world = World::new(self.scenario()).ok()?;
        world.run(self.tick);
        Some(world)
    }

    /// Notes what the branch's lab reports.
    pub(super) fn moved(&mut self, actions: Vec<ScheduledAction>, tick: u64) {
        if *self.actions != actions {
            self.actions = Rc::new(actions);
        }
        self.tick = tick;
    }
}
