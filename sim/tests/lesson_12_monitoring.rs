//! Lesson 12: alerts with thresholds, `for` and hysteresis, scored against injected events.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;
use driftline_sim::monitor::alert::AlertTransition;

#[test]
fn alerts_go_pending_firing_resolved_and_are_scored() {
    let s = Lesson::Monitoring.preset();
    let rules = s.monitoring.alerts.clone();
    // One rule per metric family: input, output, performance, software.
    for m in [
        "psi_brightness",
        "human_override_rate",
        "model_recall",
        "latency_p99_ms",
        "missing_share",
    ] {
        assert!(rules.iter().any(|r| r.metric == m), "no rule on {m}");
    }
    let (w, _) = run(s, 3600);
    let alerts: Vec<_> = w.watch().alerts().collect();
    let psi = alerts
        .iter()
        .find(|a| a.rule().name == "brightness_psi")
        .unwrap();
    let recs: Vec<_> = psi.log().records().collect();
    // Recurring dimming: fires and resolves more than once (hysteresis: resolves only below 0.1).
    let fired = recs
        .iter()
        .filter(|r| matches!(r.transition, AlertTransition::Fired { .. }))
        .count();
    let resolved = recs
        .iter()
        .filter(|r| matches!(r.transition, AlertTransition::Resolved { .. }))
        .count();
    assert!(fired >= 2 && resolved >= 1, "{recs:?}");
    // `for`: the missing-images rule is pending before it fires, for at least its `for` ticks.
    let missing = alerts
        .iter()
        .find(|a| a.rule().name == "missing_images")
        .unwrap();
    let for_ticks = missing.rule().for_ticks;
    let mrec: Vec<_> = missing.log().records().collect();
    let pending = mrec
        .iter()
        .find(|r| r.transition == AlertTransition::Pending)
        .unwrap()
        .tick;
    let fire = mrec
        .iter()
        .find(|r| matches!(r.transition, AlertTransition::Fired { .. }))
        .unwrap()
        .tick;
    assert!(
        fire >= pending + for_ticks,
        "pending {pending}, fired {fire}, for {for_ticks}"
    );
    assert!(fire >= 3000);
    // Scoring against the injected events.
    let score = w.alarm_score();
    assert!(score.true_alarms >= 2);
    assert_eq!(score.detected_events + score.missed_events, 2);
    assert_eq!(score.missed_events, 0);
    assert_eq!(
        score.true_alarms + score.false_alarms,
        w.watch().firings_total()
    );
}

#[test]
fn a_quiet_run_has_no_true_alarms_and_any_alarm_is_false() {
    let mut s = Lesson::Monitoring.preset();
    s.events.clear();
    let (w, _) = run(s, 1500);
    let score = w.alarm_score();
    assert_eq!(score.true_alarms, 0);
    assert_eq!(score.false_alarms, w.watch().firings_total());
}
