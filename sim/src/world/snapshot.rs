//! What a timeline needs from a world: a copy without the chart history (the history is
//! most of a world's memory and never feeds back into a tick), a fresh history after a
//! restore, and one action list for the whole run (hand actions join it as they happen, so
//! a restored copy replays them). The copy's history fold has the left-out ticks folded in,
//! so after a restore and a replay it holds what the run's own fold held.

use super::World;
use crate::metrics::History;
use crate::scenario::{Action, ScheduledAction};

impl World {
    /// A copy of this world as it is now, without its chart history (it holds an empty,
    /// one-tick history instead). Stepping the copy draws the same numbers as stepping
    /// this world; only [`World::history`] differs until [`World::restart_history`]. The
    /// copy's [`HistoryFold`](super::HistoryFold) has the history's ticks folded in: its
    /// history starts empty, so the fold must cover every tick before now.
    pub fn clone_without_history(&mut self) -> World {
        let history = std::mem::replace(&mut self.history, History::new(1));
        let mut copy = self.clone();
        if let Some(fold) = copy.history_fold.as_mut() {
            history.iter().for_each(|m| fold.fold(&m));
        }
        self.history = history;
        copy
    }

    /// Gives the world an empty chart history of the scenario's capacity.
    pub fn restart_history(&mut self) {
        self.history = History::new(self.scenario.monitoring.history_ticks);
    }

    /// Notes an action the caller has just applied by hand (through the world's own
    /// method) at the current tick. It joins the scripted list after everything applied so
    /// far, where a replay applies it, and counts as applied. Returns its place in the list.
    pub fn note_hand_action(&mut self, action: Action) -> usize {
        let at = self.action_cursor.min(self.scenario.actions.len());
        self.scenario.actions.insert(
            at,
            ScheduledAction {
                tick: self.tick,
                action,
            },
        );
        self.action_cursor = at + 1;
        at
    }

    /// Replaces the scripted actions with `actions`, the whole run's list as recorded
    /// later, which must begin with the actions this world has applied (a copy made before
    /// any of the later ones happened). Those stay counted as applied.
    pub fn adopt_actions(&mut self, actions: &[ScheduledAction]) {
        self.scenario.actions = actions.to_vec();
        self.action_cursor = self.action_cursor.min(actions.len());
    }

    /// The scripted actions (the scenario's, plus any noted by hand).
    pub fn actions(&self) -> &[ScheduledAction] {
        &self.scenario.actions
    }
}
