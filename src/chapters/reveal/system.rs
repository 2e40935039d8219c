//! Lessons 1 and 2: the lifecycle strip and the system map (with the metric each box of
//! the diagram shows).

use super::*;

pub(super) fn lifecycle(v: &Variant) -> Reveal {
    let drift = first_event_tick(v, None);
    let retrain = v.world.scenario().actions.first().map_or(drift, |a| a.tick);
    let t = &v.trace;
    let before = mean(t, "model_recall", drift.saturating_sub(500), drift);
    let hurt = mean(t, "model_recall", retrain.saturating_sub(300), retrain);
    let after = mean(t, "model_recall", retrain + 700, retrain + 1200);
    let acc_before = mean(t, "model_accuracy", drift.saturating_sub(500), drift);
    let acc_after = mean(t, "model_accuracy", retrain + 700, retrain + 1200);
    let events = v.world.lifecycle().events();
    let alarm = events
        .iter()
        .find(|e| e.stage == Stage::Alarm && e.tick >= drift)
        .map(|e| e.tick);
    let path: Vec<&str> = events.iter().map(|e| e.stage.name()).collect();
    // "A few points" of recall for one run: dimmer light leaves defects fainter for good
    // (even a model fitted on ten times more post-drift labels catches about 4 points fewer
    // than before the drift), and one run's two models each land a couple of points either
    // side of that (sd about 0.03 for the difference), so 8 points.
    let few_points = 0.08;
    let observed = match (before, hurt, after) {
        (Some(b), _, Some(a)) if (a - b).abs() < few_points => Some(1),
        (Some(b), _, Some(a)) if a > b + few_points => Some(2),
        (_, Some(h), Some(a)) if a <= h + 0.03 => Some(0),
        _ => None,
    };
    Reveal {
        observed,
        findings: vec![
            format!(
                "Recall went from {} to {} after the lights dimmed at tick {drift}; {}.",
                two(before),
                two(hurt),
                fired_text("first", alarm, drift, "the change")
            ),
            format!(
                "After retraining at tick {retrain} on phones labelled since the change, recall came back to {} (accuracy {} before the drift, {} after retraining).",
                two(after),
                pct(acc_before),
                pct(acc_after)
            ),
            format!("The run went through the loop: {}.", path.join(" \u{2192} ")),
        ],
    }
}

/// The `TickMetrics` field that shows each system-diagram box at work, and how to read it.
pub const BOX_METRICS: &[(&str, &str, &str)] = &[
    ("configuration", "decision_threshold", "decision threshold"),
    ("data-collection", "arrived", "phones imaged this tick"),
    (
        "data-verification",
        "missing_share",
        "share of images missing",
    ),
    (
        "feature-extraction",
        "mean_brightness",
        "mean image brightness",
    ),
    (
        "ml-code",
        "by_model",
        "phones decided by the model this tick",
    ),
    ("machine-resource-management", "cpu_load", "server CPU load"),
    (
        "analysis-tools",
        "model_recall",
        "model recall from late labels",
    ),
    (
        "process-management-tools",
        "lifecycle_stage",
        "lifecycle stage",
    ),
    (
        "serving-infrastructure",
        "latency_p99_ms",
        "p99 latency (ms)",
    ),
    ("monitoring", "psi_brightness", "brightness PSI"),
];

/// The metric field and its reading for a system-diagram box id.
#[must_use]
pub fn box_metric(id: &str) -> Option<(&'static str, &'static str)> {
    BOX_METRICS
        .iter()
        .find(|(b, _, _)| *b == id)
        .map(|(_, f, l)| (*f, *l))
}

/// A metric value as the diagram shows it.
#[must_use]
pub fn metric_text(field: &str, m: &TickMetrics) -> String {
    match (field, m.get(field)) {
        ("lifecycle_stage", Some(v)) => crate::content::LIFECYCLE_STAGES
            .get(v as usize)
            .map_or_else(|| format!("{v}"), |(name, _)| (*name).to_owned()),
        ("missing_share" | "cpu_load" | "model_recall", Some(v)) => pct(Some(v)),
        ("latency_p99_ms", Some(v)) => format!("{v:.0} ms"),
        ("arrived" | "by_model", Some(v)) => format!("{v:.0}"),
        (_, Some(v)) => format!("{v:.2}"),
        (_, None) => "no data yet".to_owned(),
    }
}

pub(super) fn system(v: &Variant) -> Reveal {
    let ml = system_map().iter().filter(|b| b.is_ml_code).count();
    let moved: Vec<&str> = SYSTEM_DIAGRAM
        .iter()
        .filter(|b| {
            box_metric(b.id).is_some_and(|(field, _)| {
                let vals: Vec<f64> = v.trace.iter().filter_map(|m| m.get(field)).collect();
                let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                hi > lo
            })
        })
        .map(|b| b.title)
        .collect();
    Reveal {
        observed: (ml == 1).then_some(2),
        findings: vec![
            format!(
                "{ml} of the {} boxes is the model itself: ML code.",
                SYSTEM_DIAGRAM.len()
            ),
            format!(
                "In {} ticks, {} of the {} boxes showed a number that moved: {}.",
                v.trace.len(),
                moved.len(),
                SYSTEM_DIAGRAM.len(),
                moved.join(", ")
            ),
        ],
    }
}
