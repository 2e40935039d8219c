//! A fold over the ticks the chart history lets go of, carried by the world.
//!
//! The chart history keeps the last `history_ticks` ticks; whatever a page derives from
//! the whole run (alarm rules over smoothed series, their open episodes) would otherwise
//! restart at the history's first tick whenever the page rebuilds its view: after a seek,
//! a long fast-forward or a restored copy. The world hands every tick it drops from the
//! history to the fold, so the fold always holds the state just before the history's
//! first tick, and a copy carries it (see [`World::clone_without_history`]).

use std::any::Any;
use std::fmt::Debug;

use super::World;
use crate::metrics::TickMetrics;

/// State folded over the ticks before the chart history's first tick, oldest first.
pub trait HistoryFold: Debug {
    /// Folds in the next tick (the one the history just dropped).
    fn fold(&mut self, tick: &TickMetrics);
    /// A boxed copy (a world is cloned for every timeline copy).
    fn clone_box(&self) -> Box<dyn HistoryFold>;
    /// The fold as `Any`, for its owner to read it back.
    fn as_any(&self) -> &dyn Any;
}

impl Clone for Box<dyn HistoryFold> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

impl World {
    /// Hands every tick the history drops from now on to `fold` (None: to nothing). The
    /// fold starts at the history's current first tick.
    pub fn set_history_fold(&mut self, fold: Option<Box<dyn HistoryFold>>) {
        self.history_fold = fold;
    }

    /// The fold the history's dropped ticks go to, if any.
    pub fn history_fold(&self) -> Option<&dyn HistoryFold> {
        self.history_fold.as_deref()
    }

    /// Appends the tick's metrics to the history, folding the one it drops.
    pub(super) fn push_history(&mut self) {
        let dropped = self.history.push_evict(self.last);
        if let (Some(fold), Some(m)) = (self.history_fold.as_mut(), dropped) {
            fold.fold(&m);
        }
    }
}
