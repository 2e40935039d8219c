//! App state: a reducer over the simulation.
//!
//! The world lives behind `Rc<RefCell<_>>` and is stepped in place. Cloning it per tick
//! (the textbook reducer) would copy its bounded histories every frame; instead each action
//! returns a new `AppState` that shares the world and carries a bumped `version`, which is
//! what components compare to decide whether to redraw.

use std::cell::RefCell;
use std::rc::Rc;

use driftline_sim::metrics::TickMetrics;
use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;
use yew::prelude::*;

/// Ticks per clock beat at normal speed.
pub const DEFAULT_TICKS_PER_BEAT: u32 = 1;

/// Everything the page shows is derived from this.
#[derive(Clone)]
pub struct AppState {
    world: Rc<RefCell<World>>,
    scenario: Rc<Scenario>,
    /// Whether the clock runs.
    pub playing: bool,
    /// Ticks simulated per clock beat.
    pub ticks_per_beat: u32,
    /// Bumps whenever the world changes.
    pub version: u64,
    /// A user-visible problem (e.g. a scenario the simulation refused), if any.
    pub error: Option<String>,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.playing == other.playing
            && self.ticks_per_beat == other.ticks_per_beat
            && self.error == other.error
    }
}

/// What the user or the clock can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Start or stop the clock.
    TogglePlay,
    /// Advance one tick (the Step button).
    Step,
    /// A clock beat: advance `ticks_per_beat` ticks.
    Tick,
    /// Rebuild the world from the scenario, back to tick 0.
    Reset,
}

impl AppState {
    /// Builds the state for `scenario`. A scenario the simulation rejects falls back to the
    /// default one, and the reason is kept in `error` for the page to show.
    #[must_use]
    pub fn new(scenario: Scenario) -> Self {
        let (world, scenario, error) = match World::new(scenario.clone()) {
            Ok(world) => (world, scenario, None),
            Err(problem) => {
                let fallback = Scenario::default();
                let message = format!("The scenario was not valid ({problem}); showing the default one.");
                (World::new(fallback.clone()).unwrap_or_else(|_| default_world_or_panic()), fallback, Some(message))
            }
        };
        Self {
            world: Rc::new(RefCell::new(world)),
            scenario: Rc::new(scenario),
            playing: false,
            ticks_per_beat: DEFAULT_TICKS_PER_BEAT,
            version: 0,
            error,
        }
    }

    /// Read access to the world for rendering.
    #[must_use]
    pub fn world(&self) -> std::cell::Ref<'_, World> {
        self.world.borrow()
    }

    /// The latest tick's metrics, if any tick has run.
    #[must_use]
    pub fn latest(&self) -> Option<TickMetrics> {
        self.world.borrow().history().last()
    }

    fn advance(&self, ticks: u32) {
        let mut world = self.world.borrow_mut();
        for _ in 0..ticks {
            world.step();
        }
    }
}

/// The default scenario is validated by a sim test, so failing here is a build defect.
#[allow(clippy::panic)]
fn default_world_or_panic() -> World {
    panic!("the default scenario must always be valid (checked by driftline-sim's tests)")
}

impl Default for AppState {
    fn default() -> Self {
        Self::new(Scenario::default())
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Play => next.playing = true,
            Action::Pause => next.playing = false,
            Action::TogglePlay => next.playing = !self.playing,
            Action::Step => {
                next.advance(1);
                next.version += 1;
            }
            Action::Tick => {
                if !self.playing {
                    return self; // A beat that raced a pause changes nothing.
                }
                next.advance(self.ticks_per_beat);
                next.version += 1;
            }
            Action::Reset => {
                let fresh = Self::new((*self.scenario).clone());
                next.world = fresh.world;
                next.error = fresh.error;
                next.playing = false;
                next.version += 1;
            }
        }
        Rc::new(next)
    }
}
