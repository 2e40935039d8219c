//! Issue 17: after a seek of any distance, the lab's charts and alarms (smoothed points,
//! shaded spans, transitions, episodes, what fires now) are those of a run that never
//! seeked, and stay so while it plays on. The chart history holds 4,096 ticks; the seeks
//! here go 6,000 and 17,000 ticks back in the data-drift lesson, whose alarms fire.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::rc::Rc;

use driftline::lab::state::{LabAction, LabState};
use driftline::view_model::alarm_episodes::episodes;
use driftline::view_model::chart_cache::ChartCache;
use driftline::view_model::{alarm_log, ChartView};
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::lessons::Lesson;
use yew::Reducible;

/// Ticks per beat while playing (every beat folds into the lab's chart cache).
const BEAT: u64 = 50;

/// A lab played beat by beat up to `until`, its chart cache following every beat.
fn play(mut state: Rc<LabState>, cache: &mut ChartCache, until: u64) -> Rc<LabState> {
    state = state.reduce(LabAction::SetSpeed(BEAT as u32));
    while state.world().tick() < until {
        let left = until - state.world().tick();
        state = if left >= BEAT {
            state.reduce(LabAction::Play).reduce(LabAction::Tick)
        } else {
            (0..left).fold(state, |s, _| s.reduce(LabAction::Step))
        };
        cache.charts(&state.world(), &state.thresholds);
    }
    state.reduce(LabAction::Pause)
}

/// The data-drift lesson with a second, recurring drift, so alarms fire and resolve
/// again and again over a long run.
fn lesson() -> Rc<LabState> {
    let state = Rc::new(LabState::new(Lesson::DataDrift.preset()));
    let mut event = DriftEvent::sudden(DriftKind::LightingDim, 0, 0.7);
    event.shape = DriftShape::Recurring;
    event.width_ticks = 2_500;
    state.reduce(LabAction::InjectDrift(DriftEvent {
        start_tick: 2_000,
        ..event
    }))
}

fn views(state: &LabState, cache: &mut ChartCache) -> Vec<ChartView> {
    cache.charts(&state.world(), &state.thresholds)
}

fn assert_same(seeked: &[ChartView], fresh: &[ChartView], at: u64) {
    assert_eq!(seeked.len(), fresh.len());
    for (s, f) in seeked.iter().zip(fresh) {
        assert_eq!(s.track, f.track, "{} alarms at tick {at}", s.spec.id);
        assert!(s.points == f.points, "{} points at tick {at}", s.spec.id);
        assert!(s.spans == f.spans, "{} spans at tick {at}", s.spec.id);
    }
    let (log_s, log_f) = (alarm_log(seeked), alarm_log(fresh));
    assert_eq!(log_s, log_f, "alarm log at tick {at}");
    assert_eq!(episodes(&log_s), episodes(&log_f), "episodes at tick {at}");
}

#[test]
fn long_seeks_back_give_the_alarms_of_a_run_that_never_seeked() {
    let newest = 21_000;
    let mut cache = ChartCache::default();
    let live = play(lesson(), &mut cache, newest);
    let fired: usize = views(&live, &mut cache)
        .iter()
        .map(|c| c.track.entries.len())
        .sum();
    assert!(fired > 0, "the lesson's alarms fire in the last window");
    for back in [6_000, 17_000] {
        let target = newest - back;
        let seeked = Rc::clone(&live).reduce(LabAction::Seek(target));
        assert_eq!(seeked.world().tick(), target);
        let shown = views(&seeked, &mut cache);
        let mut fresh_cache = ChartCache::default();
        let fresh = play(lesson(), &mut fresh_cache, target);
        assert_same(&shown, &views(&fresh, &mut fresh_cache), target);
        assert!(
            shown.iter().any(|c| !c.track.entries.is_empty()),
            "alarms in the window at {target}"
        );
        // Playing on from the seek keeps matching the run that never seeked.
        let on = play(seeked, &mut cache, target + 2_000);
        let fresh_on = play(fresh, &mut fresh_cache, target + 2_000);
        assert_same(
            &views(&on, &mut cache),
            &views(&fresh_on, &mut fresh_cache),
            target + 2_000,
        );
    }
}
