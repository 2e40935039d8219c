//! Scoring alarms against the drift events that were injected: true, false and missed alarms
//! and detection delays, the usual way drift detectors are benchmarked (an alarm counts as a
//! detection when it comes within an acceptable delay after the change).

use serde::{Deserialize, Serialize};

/// A change that was injected on purpose (the ground truth alarms are scored against).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InjectedEvent {
    /// Tick the change starts.
    pub start_tick: u64,
    /// Tick it ends, if it does (informational: only the start window scores alarms).
    pub end_tick: Option<u64>,
    /// What kind of event it is (free text, e.g. `"lighting dims"`).
    pub kind: String,
}

/// One alarm: an alert starting to fire (or a detector's drift pulse).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmFiring {
    /// Tick it fired.
    pub tick: u64,
    /// Alert (or detector) name.
    pub alert: String,
}

/// How a set of alarms fared against the injected events.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AlarmScore {
    /// Firings inside some event's window `[start, start + max_delay]`.
    pub true_alarms: u64,
    /// Firings inside no event's window.
    pub false_alarms: u64,
    /// Events with no firing in their window.
    pub missed_events: u64,
    /// Events with at least one firing in their window.
    pub detected_events: u64,
    /// For each detected event, in event order: ticks from its start to its first firing.
    pub detection_delays_ticks: Vec<u64>,
}

impl AlarmScore {
    /// Share of firings that were true (None with no firings).
    pub fn precision(&self) -> Option<f64> {
        let fired = self.true_alarms + self.false_alarms;
        (fired > 0).then(|| self.true_alarms as f64 / fired as f64)
    }

    /// Share of events detected (None with no events).
    pub fn recall(&self) -> Option<f64> {
        let events = self.detected_events + self.missed_events;
        (events > 0).then(|| self.detected_events as f64 / events as f64)
    }

    /// Mean detection delay in ticks (None when nothing was detected).
    pub fn mean_delay_ticks(&self) -> Option<f64> {
        let n = self.detection_delays_ticks.len();
        (n > 0).then(|| self.detection_delays_ticks.iter().sum::<u64>() as f64 / n as f64)
    }
}

/// Scores `firings` against `events`: a firing within `[start, start + max_delay_ticks]` of an
/// event is a true alarm (it may cover several overlapping events, and counts once); any other
/// firing is a false alarm; an event with no firing in its window is missed. Delays are from
/// each detected event's start to its first firing. Order of either list does not matter.
pub fn score(
    events: &[InjectedEvent],
    firings: &[AlarmFiring],
    max_delay_ticks: u64,
) -> AlarmScore {
    let in_window =
        |e: &InjectedEvent, t: u64| t >= e.start_tick && t - e.start_tick <= max_delay_ticks;
    let mut s = AlarmScore::default();
    for f in firings {
        if events.iter().any(|e| in_window(e, f.tick)) {
            s.true_alarms += 1;
        } else {
            s.false_alarms += 1;
        }
    }
    for e in events {
        let first = firings
            .iter()
            .filter(|f| in_window(e, f.tick))
            .map(|f| f.tick)
            .min();
        match first {
            Some(t) => {
                s.detected_events += 1;
                s.detection_delays_ticks.push(t - e.start_tick);
            }
            None => s.missed_events += 1,
        }
    }
    s
}

/// The firings of one alert only (to score alerts separately).
pub fn firings_of<'a>(
    firings: &'a [AlarmFiring],
    alert: &'a str,
) -> impl Iterator<Item = &'a AlarmFiring> + 'a {
    firings.iter().filter(move |f| f.alert == alert)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(start: u64) -> InjectedEvent {
        InjectedEvent {
            start_tick: start,
            end_tick: None,
            kind: "drift".into(),
        }
    }

    fn fire(tick: u64) -> AlarmFiring {
        AlarmFiring {
            tick,
            alert: "psi".into(),
        }
    }

    #[test]
    fn true_false_and_missed() {
        let events = [ev(100), ev(500), ev(900)];
        // 130: detects 100 (delay 30); 150: second true alarm for 100; 300: false;
        // 899: false (before the event); 960: detects 900 (delay 60); 500 missed.
        let firings = [fire(300), fire(130), fire(150), fire(899), fire(960)];
        let s = score(&events, &firings, 100);
        assert_eq!(s.true_alarms, 3);
        assert_eq!(s.false_alarms, 2);
        assert_eq!(s.missed_events, 1);
        assert_eq!(s.detected_events, 2);
        assert_eq!(s.detection_delays_ticks, vec![30, 60]);
        assert_eq!(s.precision(), Some(0.6));
        assert!((s.recall().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.mean_delay_ticks(), Some(45.0));
    }

    #[test]
    fn window_edges_are_inclusive_and_late_alarms_are_false() {
        let s = score(&[ev(10)], &[fire(10), fire(20), fire(21)], 10);
        assert_eq!((s.true_alarms, s.false_alarms), (2, 1));
        assert_eq!(s.detection_delays_ticks, vec![0]);
    }

    #[test]
    fn overlapping_events_share_one_alarm() {
        let s = score(&[ev(100), ev(120)], &[fire(125)], 50);
        assert_eq!(s.true_alarms, 1);
        assert_eq!(s.detected_events, 2);
        assert_eq!(s.detection_delays_ticks, vec![25, 5]);
    }

    #[test]
    fn nothing_in_nothing_out() {
        let s = score(&[], &[], 10);
        assert_eq!(s, AlarmScore::default());
        assert_eq!(s.precision(), None);
        assert_eq!(s.recall(), None);
        let quiet = score(&[ev(5)], &[], 10);
        assert_eq!(quiet.missed_events, 1);
        assert_eq!(quiet.mean_delay_ticks(), None);
    }

    #[test]
    fn filter_by_alert() {
        let fs = [
            fire(1),
            AlarmFiring {
                tick: 2,
                alert: "ks".into(),
            },
        ];
        assert_eq!(firings_of(&fs, "ks").count(), 1);
    }
}
