//! Rewind: the lab moves to any tick of its run (restored from the run's [`Timeline`] and
//! replayed), plays on from there, and a hand action at a past tick starts a new future.
//!
//! [`Timeline`]: driftline_sim::timeline::Timeline

use std::cell::RefCell;
use std::rc::Rc;

use driftline_sim::scenario::{Scenario, ScheduledAction};

use super::LabState;
use crate::view_model::alarm_carry::AlarmCarry;

impl LabState {
    /// The newest tick this run has reached (the lab may show an earlier one).
    #[must_use]
    pub fn newest_tick(&self) -> u64 {
        self.newest.max(self.world.borrow().tick())
    }

    /// The run's actions, scripted and by hand, each at its tick, including those after
    /// the tick shown (played again if the lab plays on without a change).
    #[must_use]
    pub fn run_actions(&self) -> &[ScheduledAction] {
        &self.run_actions
    }

    /// The scenario that replays this run up to `tick` and no further: its scripted
    /// actions, and the reader's up to that tick (a branch's common start).
    #[must_use]
    pub fn scenario_until(&self, tick: u64) -> Scenario {
        Scenario {
            actions: self.future_rewritten_at(tick),
            ..self.scenario().clone()
        }
    }

    /// How many copies the run's timeline holds, and the ticks between them.
    #[must_use]
    pub fn timeline_shape(&self) -> (usize, u64) {
        let timeline = self.timeline.borrow();
        (timeline.len(), timeline.spacing())
    }

    /// Moves the lab to `tick` (at most the newest reached): the world as the run had it
    /// then, with that tick's actions applied, and the clock stopped.
    pub(super) fn seek(&mut self, tick: u64) {
        let newest = self.newest_tick();
        let target = tick.min(newest);
        if target == self.world.borrow().tick() {
            return;
        }
        let seeked = self
            .timeline
            .borrow()
            .seek(target, self.world.borrow().actions());
        if let Some(mut world) = seeked {
            world.apply_due_actions();
            // A copy made before the reader moved a red line carries the old lines' alarms.
            AlarmCarry::install(&mut world, &self.thresholds);
            self.newest = newest;
            self.world = Rc::new(RefCell::new(world));
            self.playing = false;
            self.fast_forward = None;
            self.version += 1;
        }
    }

    /// Moves the lab to `tick`: a seek up to the newest tick reached, a fast-forward beyond.
    pub(super) fn go_to(&mut self, tick: u64) {
        let newest = self.newest_tick();
        self.seek(tick.min(newest));
        if tick > newest {
            self.start_fast_forward(tick - newest);
        }
    }

    /// Before a hand action: when the lab shows a past tick, the future it had is no longer
    /// this run's. The reader's later actions are dropped (the scenario's own stay), and so
    /// are the copies after now; the newest tick becomes now.
    pub(super) fn rewrite_future(&mut self) {
        let now = self.world.borrow().tick();
        if now >= self.newest_tick() {
            return;
        }
        let actions = self.future_rewritten_at(now);
        self.world.borrow_mut().adopt_actions(&actions);
        self.hand_actions = actions.len().saturating_sub(self.scenario.actions.len());
        self.run_actions = Rc::new(actions);
        self.timeline.borrow_mut().forget_after(now);
        self.newest = now;
    }

    /// The run's actions up to `tick`, then the scenario's own after it.
    fn future_rewritten_at(&self, tick: u64) -> Vec<ScheduledAction> {
        self.run_actions
            .iter()
            .filter(|a| a.tick <= tick)
            .chain(self.scenario.actions.iter().filter(|a| a.tick > tick))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::LabAction;
    use super::*;
    use driftline_sim::drift::{DriftEvent, DriftKind};
    use driftline_sim::metrics::TickMetrics;
    use yew::Reducible;

    fn drift() -> LabAction {
        LabAction::InjectDriftNow(DriftEvent::sudden(DriftKind::LightingDim, 0, 0.6))
    }

    fn at(state: Rc<LabState>, ticks: u64) -> Rc<LabState> {
        state
            .reduce(LabAction::FastForward(ticks))
            .reduce(LabAction::RunFastForwardSlice(100_000))
    }

    #[test]
    fn a_seek_shows_the_run_as_it_was_and_plays_on_the_same() {
        let state = at(Rc::new(LabState::default()), 300).reduce(drift());
        let state = at(state, 5_000);
        let latest = state.latest();
        let back = state.reduce(LabAction::Seek(1_200));
        assert_eq!(back.world().tick(), 1_200);
        assert_eq!(back.newest_tick(), 5_300);
        let fresh = at(Rc::new(LabState::new(back.run_scenario())), 1_200);
        let shown: Vec<TickMetrics> = back.world().history().iter().collect();
        let expected: Vec<TickMetrics> = fresh.world().history().iter().collect();
        assert!(shown == expected, "the history at 1200 is a fresh run's");
        let forward = at(back, 4_100);
        assert_eq!(
            forward.latest(),
            latest,
            "playing on reaches the same newest tick"
        );
    }

    #[test]
    fn a_hand_action_at_a_past_tick_drops_the_later_ones() {
        let state = at(Rc::new(LabState::default()), 300).reduce(drift());
        let state = at(state, 700).reduce(LabAction::Retrain);
        let back = state
            .reduce(LabAction::Seek(500))
            .reduce(LabAction::Rollback);
        assert_eq!(back.newest_tick(), 500);
        assert_eq!(back.hand_action_count(), 2, "{:?}", back.run_actions());
        assert!(back.run_actions().iter().all(|a| a.tick <= 500));
        let seek_future = back.reduce(LabAction::Seek(900));
        assert_eq!(
            seek_future.world().tick(),
            500,
            "no future beyond the newest tick"
        );
    }
}
