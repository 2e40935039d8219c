//! Rewind: copies of a run's world at intervals, and seeking to any tick by restoring the
//! nearest usable copy and replaying the recorded actions from there.
//!
//! A run is a pure function of its scenario, seed and timed actions, so a copy only saves
//! time. The copies leave out the chart history (most of a world's memory, and read by no
//! tick), so a seek restores the newest copy at least one history length before the target
//! (or the one at tick 0) and replays from there: the history it rebuilds is the one the
//! run had. A seek replays at most `history + spacing` ticks.
//!
//! Memory is bounded: at most [`Timeline::DEFAULT_CAP`] copies. They start
//! [`Timeline::DEFAULT_EVERY`] ticks apart; when the cap is reached every other copy is
//! dropped (the first is kept) and the spacing doubles, so a run of any length fits.

use crate::scenario::ScheduledAction;
use crate::world::World;

/// Copies of one run's world at intervals (see the module's documentation).
#[derive(Debug, Clone)]
pub struct Timeline {
    every: u64,
    cap: usize,
    snapshots: Vec<World>,
}

impl Timeline {
    /// Ticks between copies at first.
    pub const DEFAULT_EVERY: u64 = 1024;
    /// Most copies kept.
    pub const DEFAULT_CAP: usize = 24;

    /// A timeline that starts with a copy of `world` as it is now (normally tick 0).
    pub fn new(world: &mut World) -> Self {
        Self::with_spacing(world, Self::DEFAULT_EVERY, Self::DEFAULT_CAP)
    }

    /// As [`Timeline::new`], with a copy every `every` ticks (at least 1) and at most
    /// `cap` copies (at least 2).
    pub fn with_spacing(world: &mut World, every: u64, cap: usize) -> Self {
        Self {
            every: every.max(1),
            cap: cap.max(2),
            snapshots: vec![world.clone_without_history()],
        }
    }

    /// Call after every [`World::step`]: keeps a copy when the world's tick is on the
    /// spacing and past the newest copy, thinning the copies when there are too many.
    pub fn observe(&mut self, world: &mut World) {
        let tick = world.tick();
        if !tick.is_multiple_of(self.every)
            || self.newest_tick().is_some_and(|newest| newest >= tick)
        {
            return;
        }
        self.snapshots.push(world.clone_without_history());
        if self.snapshots.len() > self.cap {
            self.every = self.every.saturating_mul(2);
            let every = self.every;
            let mut index = 0;
            self.snapshots.retain(|s| {
                index += 1;
                index == 1 || s.tick().is_multiple_of(every)
            });
        }
    }

    /// Drops the copies made after `tick`: the run changed there (an action at a past
    /// tick), so their futures are no longer this run's.
    pub fn forget_after(&mut self, tick: u64) {
        if self.snapshots.len() > 1 {
            let first = self.snapshots.first().map_or(0, World::tick);
            self.snapshots.retain(|s| s.tick() <= tick.max(first));
        }
    }

    /// The run's world at the start of `target` (as [`World::step`] leaves it: the actions
    /// due at `target` not applied yet), replayed with `actions`, the whole run's action list
    /// (it must begin with the actions applied before the copies were made, as
    /// [`World::note_hand_action`] keeps it). None when no copy can rebuild that tick with
    /// its full chart history (a target before the first copy).
    pub fn seek(&self, target: u64, actions: &[ScheduledAction]) -> Option<World> {
        let base = self.base_for(target)?;
        let mut world = base.clone();
        world.restart_history();
        world.adopt_actions(actions);
        for _ in base.tick()..target {
            world.step();
        }
        Some(world)
    }

    /// How many ticks a seek to `target` replays, if it can.
    pub fn replay_ticks(&self, target: u64) -> Option<u64> {
        self.base_for(target).map(|base| target - base.tick())
    }

    /// The copy a seek to `target` starts from: the newest at least one history length
    /// before it, or the first one when that is at tick 0.
    fn base_for(&self, target: u64) -> Option<&World> {
        let first = self.snapshots.first()?;
        let history = first.scenario().monitoring.history_ticks as u64;
        self.snapshots
            .iter()
            .rev()
            .find(|s| s.tick().saturating_add(history) <= target)
            .or_else(|| (first.tick() == 0 && target >= first.tick()).then_some(first))
    }

    /// The ticks of the copies held, oldest first.
    pub fn ticks(&self) -> impl Iterator<Item = u64> + '_ {
        self.snapshots.iter().map(World::tick)
    }

    /// The newest copy's tick.
    pub fn newest_tick(&self) -> Option<u64> {
        self.snapshots.last().map(World::tick)
    }

    /// Ticks between copies now.
    pub fn spacing(&self) -> u64 {
        self.every
    }

    /// How many copies are held.
    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    /// True when no copy is held (never, once built).
    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }
}
