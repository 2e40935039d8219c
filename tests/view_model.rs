//! Native tests of the lab's pure view model: series, alarms, pies, hover, input parsing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline::view_model::{self, alarms, hover, input, metrics, pies, series, Thresholds};
use driftline_sim::lessons::Lesson;
use driftline_sim::monitor::alert::AlertRule;
use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;

#[test]
fn rolling_mean_skips_gaps_and_keeps_ticks() {
    let points = vec![
        (0, Some(1.0)),
        (1, None),
        (2, Some(3.0)),
        (3, Some(5.0)),
        (4, None),
        (5, None),
    ];
    let m = series::rolling_mean(&points, 2);
    assert_eq!(m[0], (0, None), "no mean before the window first fills");
    assert_eq!(m[1], (1, Some(1.0)));
    assert_eq!(m[2], (2, Some(3.0)));
    assert_eq!(m[3], (3, Some(4.0)));
    assert_eq!(m[4], (4, Some(5.0)));
    assert_eq!(m[5], (5, None), "a window with no value stays absent");
    assert_eq!(series::present(&m).len(), 4);
}

#[test]
fn alarm_track_goes_pending_firing_resolved_with_hysteresis() {
    let rule = AlertRule::above("x", "missing_share", 0.5)
        .with_for_ticks(2)
        .with_recovery(0.3);
    // 0..3 low, 3..8 high, 8..10 between recovery and threshold (still firing), 10.. low.
    let values = [0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.4, 0.4, 0.1, 0.1];
    let points: Vec<(u64, Option<f64>)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (i as u64, Some(v)))
        .collect();
    let t = alarms::track("missing", rule, &points);
    let changes: Vec<_> = t.entries.iter().map(|e| (e.tick, e.change)).collect();
    assert_eq!(
        changes,
        vec![
            (3, alarms::AlarmChange::Pending),
            (5, alarms::AlarmChange::Firing),
            (10, alarms::AlarmChange::Resolved)
        ]
    );
    assert_eq!(t.spans.len(), 2);
    assert!(!t.spans[0].firing && t.spans[0].start_tick == 3.0 && t.spans[0].end_tick == 5.0);
    assert!(t.spans[1].firing && t.spans[1].end_tick == 10.0);
    assert_eq!(t.now, None);
    assert_eq!(alarms::first_firing(&t), Some(5));
}

#[test]
fn open_alarm_runs_to_the_last_tick() {
    let rule = AlertRule::below("r", "model_recall", 0.5);
    let points = vec![(0, Some(0.9)), (1, Some(0.2)), (2, None), (3, Some(0.1))];
    let t = alarms::track("recall", rule, &points);
    assert_eq!(t.now, Some(true));
    assert_eq!(t.spans.last().unwrap().end_tick, 3.0);
}

#[test]
fn hover_maps_pixels_to_the_nearest_point() {
    assert_eq!(hover::tick_at_pixel(50.0, 50.0, 150.0, (0.0, 100.0)), 0.0);
    assert_eq!(hover::tick_at_pixel(100.0, 50.0, 150.0, (0.0, 100.0)), 50.0);
    assert_eq!(
        hover::tick_at_pixel(500.0, 50.0, 150.0, (0.0, 100.0)),
        100.0,
        "clamped to the edge"
    );
    let points = [(0.0, 1.0), (10.0, 2.0), (20.0, 3.0)];
    assert_eq!(hover::nearest(&points, 4.0), Some((0.0, 1.0)));
    assert_eq!(hover::nearest(&points, 6.0), Some((10.0, 2.0)));
    assert_eq!(hover::nearest(&points, 99.0), Some((20.0, 3.0)));
    assert_eq!(hover::nearest(&[], 1.0), None);
    assert_eq!(hover::readout((12.0, 0.0834), ""), "tick 12: 0.083");
    assert_eq!(hover::readout((12.0, 512.3), " ms"), "tick 12: 512 ms");
}

#[test]
fn threshold_input_is_validated_and_bad_input_keeps_the_old_value() {
    assert_eq!(input::parse_threshold(" 0.3 ", 0.0, 1.0), Ok(0.3));
    assert_eq!(input::parse_threshold("30%", 0.0, 1.0), Ok(0.3));
    assert!(input::parse_threshold("abc", 0.0, 1.0)
        .unwrap_err()
        .contains("not a number"));
    assert!(input::parse_threshold("", 0.0, 1.0).is_err());
    assert!(input::parse_threshold("NaN", 0.0, 1.0).is_err());
    assert!(input::parse_threshold("inf", 0.0, 1.0).is_err());
    assert!(input::parse_threshold("2", 0.0, 1.0)
        .unwrap_err()
        .contains("between"));
    let mut t = Thresholds::default();
    let before = t.get("recall").unwrap();
    assert!(t.set_from_text("recall", "lots").is_err());
    assert_eq!(t.get("recall"), Some(before));
    assert_eq!(t.set_from_text("recall", "0.6"), Ok(0.6));
    assert_eq!(t.get("recall"), Some(0.6));
    assert_eq!(input::parse_count("12", 1, 20), Ok(12));
    assert!(input::parse_count("-3", 1, 20).is_err());
}

#[test]
fn metric_rules_keep_hysteresis_on_the_safe_side_when_moved() {
    for spec in metrics::all() {
        for t in [spec.min, spec.threshold, spec.max] {
            let rule = spec.rule(t);
            assert!(rule.validate().is_ok(), "{} at {t}", spec.id);
            assert_eq!(rule.threshold, t);
        }
        assert!(
            driftline_sim::TickMetrics::has_field(spec.field),
            "{}",
            spec.field
        );
    }
}

#[test]
fn always_pass_model_is_accurate_and_catches_nothing() {
    let summary = view_model::run_preset(Lesson::RareClass.preset(), 400).unwrap();
    let accuracy = summary.model_accuracy.unwrap();
    assert!(accuracy > 0.9, "accuracy {accuracy}");
    assert_eq!(summary.model_recall, Some(0.0));
    assert!(summary.escaped > 0);
    assert_eq!(summary.false_rejects, 0);
}

#[test]
fn bad_canary_leaves_the_traffic_pie_all_stable() {
    let mut world = World::new(Lesson::Canary.preset()).unwrap();
    world.run(300);
    let pie = pies::traffic(world.history());
    assert_eq!(pie.share(0), 1.0, "{pie:?}");
    assert!(
        world.totals().to_candidate > 0,
        "the canary did take some traffic first"
    );
    let status = view_model::deployment_status(&world);
    assert!(status.contains("Rolled back"), "{status}");
    assert!(view_model::markers(&world)
        .iter()
        .any(|m| m.label.to_lowercase().contains("abort")));
}

#[test]
fn concept_drift_is_silent_on_inputs_and_loud_on_performance() {
    let preset = Lesson::ConceptDrift.preset();
    let drift = preset.events[0].start_tick;
    let summary = view_model::run_preset(preset, drift + 800).unwrap();
    let alarm = |f: metrics::Family| summary.first_alarm.iter().find(|(g, _)| *g == f).unwrap().1;
    assert_eq!(alarm(metrics::Family::Input), None, "{summary:?}");
    let late = [
        alarm(metrics::Family::Performance),
        alarm(metrics::Family::Output),
    ];
    let first = late
        .iter()
        .flatten()
        .min()
        .copied()
        .expect("an output or performance alarm fired");
    assert!(
        first > drift + 5,
        "fired at {first}, before labels could arrive"
    );
}

#[test]
fn data_drift_fires_an_input_alarm() {
    let preset = Lesson::DataDrift.preset();
    let drift = preset.events[0].start_tick;
    let summary = view_model::run_preset(preset, drift + 300).unwrap();
    let input = summary
        .first_alarm
        .iter()
        .find(|(g, _)| *g == metrics::Family::Input)
        .unwrap()
        .1;
    let tick = input.expect("an input alarm fired");
    assert!(tick >= drift && tick < drift + 300, "{tick}");
}

#[test]
fn default_run_has_no_alarm_before_drift() {
    let summary = view_model::run_preset(Lesson::DataDrift.preset(), 1400).unwrap();
    for (family, first) in &summary.first_alarm {
        assert_eq!(*first, None, "{family:?} fired with nothing injected");
    }
}

#[test]
fn pies_add_up_to_the_totals() {
    let mut world = World::new(Lesson::Pies.preset()).unwrap();
    world.run(100);
    let all = pies::all(&world);
    assert_eq!(all[0].total() as u64, world.totals().decided);
    assert_eq!(
        all[1].total() as u64,
        world.totals().by_human + world.totals().by_model + world.totals().by_default
    );
    assert!(
        all.iter()
            .all(|p| p.wedges.iter().all(|w| !w.mark.is_empty())),
        "every wedge has a non-colour mark"
    );
}

#[test]
fn one_walk_gives_the_same_series_as_one_walk_per_field() {
    let mut world = World::new(Lesson::DataDrift.preset()).expect("preset is valid");
    for _ in 0..300 {
        world.step();
    }
    let fields = [
        "latency_p99_ms",
        "no_such_field",
        "recall",
        "mean_brightness",
    ];
    let many = series::raw_many(world.history(), &fields);
    assert_eq!(many.len(), fields.len());
    for (field, got) in fields.iter().zip(&many) {
        assert_eq!(got, &series::raw(world.history(), field), "{field}");
    }
    assert!(many[1].is_empty());
    assert_eq!(many[0].len(), world.history().len());
}

/// The lab's incremental charts against a whole-history pass, beat by beat.
#[test]
fn the_chart_cache_follows_the_world_beat_by_beat() {
    let preset = Lesson::DataDrift.preset();
    let mut world = World::new(preset.clone()).expect("preset is valid");
    let mut thresholds = Thresholds::for_scenario(&preset);
    let mut cache = view_model::chart_cache::ChartCache::default();
    for beat in 0..400 {
        // Beats of 1 to 7 ticks, like the speed control.
        for _ in 0..=(beat % 7) {
            world.step();
        }
        if beat == 150 {
            thresholds
                .set_from_text("reject-rate", "0.02")
                .expect("a valid threshold");
        }
        let incremental = cache.charts(&world, &thresholds);
        if world.history().len() < world.history().capacity() {
            assert_eq!(
                incremental,
                view_model::charts(&world, &thresholds),
                "beat {beat}"
            );
        }
    }
    assert!(
        view_model::charts(&world, &thresholds)
            .iter()
            .any(|c| !c.track.entries.is_empty()),
        "the run should raise some alarm, or the comparison proves little"
    );
    // A new world at a later tick (another seed): the cache starts again.
    let mut other = World::new(Scenario {
        seed: preset.seed + 1,
        ..preset
    })
    .expect("valid");
    for _ in 0..world.tick() + 5 {
        other.step();
    }
    assert_eq!(
        cache.charts(&other, &thresholds),
        view_model::charts(&other, &thresholds)
    );
}

/// Past the history's capacity the cache holds exactly the held ticks.
#[test]
fn the_chart_cache_drops_what_the_history_evicted() {
    let mut scenario = Lesson::DataDrift.preset();
    scenario.monitoring.history_ticks = 200;
    let mut world = World::new(scenario.clone()).expect("valid");
    let thresholds = Thresholds::for_scenario(&scenario);
    let mut cache = view_model::chart_cache::ChartCache::default();
    for _ in 0..130 {
        for _ in 0..3 {
            world.step();
        }
        let _ = cache.charts(&world, &thresholds);
    }
    let first_tick = world.history().iter().next().expect("held").tick;
    let cached = cache.charts(&world, &thresholds);
    let whole = view_model::charts(&world, &thresholds);
    for (c, w) in cached.iter().zip(&whole) {
        // The same ticks and values once the whole-history pass has a full smoothing window
        // of its own (before that it has no mean yet; the cache still has the evicted
        // ticks), up to the rounding of a long-running sum.
        #[allow(clippy::cast_precision_loss)]
        let settled = (first_tick + c.spec.smooth_ticks as u64) as f64;
        let ticks = |points: &[(f64, f64)]| {
            points
                .iter()
                .map(|p| p.0)
                .filter(|&t| t >= settled)
                .collect::<Vec<_>>()
        };
        assert_eq!(ticks(&c.points), ticks(&w.points), "{}", c.spec.id);
        let settled_points = |points: &[(f64, f64)]| {
            points
                .iter()
                .copied()
                .filter(|p| p.0 >= settled)
                .collect::<Vec<_>>()
        };
        for (a, b) in settled_points(&c.points)
            .into_iter()
            .zip(settled_points(&w.points))
        {
            assert!(
                (a.1 - b.1).abs() < 1e-9,
                "{} at {}: {} vs {}",
                c.spec.id,
                a.0,
                a.1,
                b.1
            );
        }
        assert!(c.track.entries.iter().all(|e| e.tick >= first_tick));
        #[allow(clippy::cast_precision_loss)]
        let cut = first_tick as f64;
        assert!(c.spans.iter().all(|s| s.end_tick >= cut));
    }
    // A jump past the whole history starts again from what is held.
    for _ in 0..1_000 {
        world.step();
    }
    assert_eq!(
        cache.charts(&world, &thresholds),
        view_model::charts(&world, &thresholds)
    );
}

#[test]
fn drift_markers_speak_plainly_and_say_planned_until_they_start() {
    use driftline_sim::drift::{DriftEvent, DriftKind};
    let mut world = World::new(Lesson::DataDrift.preset()).unwrap();
    world.inject_drift(DriftEvent::sudden(DriftKind::LightingDim, 50, 0.5));
    let label = |w: &World| {
        view_model::markers(w)
            .into_iter()
            .find(|m| m.tick == 50)
            .map(|m| m.label)
            .unwrap()
    };
    assert_eq!(label(&world), "planned: the lamp dims, at once (50%)");
    world.run(60);
    assert_eq!(label(&world), "the lamp dims, at once (50%)");
}

#[test]
fn blue_green_gives_the_accuracy_chart_a_candidate_series_and_the_cache_agrees() {
    // Blue-green's candidate serves every phone once promoted, so its labels arrive; a bad
    // canary is rolled back before any of its phones is labelled.
    let scenario = Lesson::BlueGreen.preset();
    let mut world = World::new(scenario.clone()).unwrap();
    let thresholds = Thresholds::for_scenario(&scenario);
    let mut cache = view_model::chart_cache::ChartCache::default();
    for _ in 0..120 {
        world.run(5);
        let _ = cache.charts(&world, &thresholds);
    }
    let whole = view_model::charts(&world, &thresholds);
    let cached = cache.charts(&world, &thresholds);
    let accuracy = |charts: &[view_model::ChartView]| {
        charts
            .iter()
            .find(|c| c.spec.id == "accuracy")
            .map(|c| c.candidate.to_vec())
            .unwrap()
    };
    let candidate = accuracy(&whole);
    assert!(!candidate.is_empty(), "the green model has labelled phones");
    assert!(candidate.iter().all(|p| (0.0..=1.0).contains(&p.1)));
    assert_eq!(accuracy(&cached), candidate);
    // Green scores its phones on its own servers: the latency chart has its series too.
    let latency = |charts: &[view_model::ChartView]| {
        charts
            .iter()
            .find(|c| c.spec.id == "latency-p99")
            .map(|c| c.candidate.to_vec())
            .unwrap()
    };
    assert!(!latency(&whole).is_empty(), "green served no phone");
    assert_eq!(latency(&cached), latency(&whole));
    assert!(whole
        .iter()
        .filter(|c| c.spec.id != "accuracy" && c.spec.id != "latency-p99")
        .all(|c| c.candidate.is_empty()));
}
