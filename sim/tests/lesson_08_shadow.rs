//! Lesson 8: shadow mode changes no decision, doubles compute, and measures agreement.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::deploy::Pattern;
use driftline_sim::lessons::Lesson;
use driftline_sim::model::ModelSpec;
use driftline_sim::{AutomationLevel, Scenario};

const DECISIONS: [&str; 6] = [
    "true_pass",
    "false_pass",
    "true_reject",
    "false_reject",
    "by_human",
    "by_model",
];

fn same_decisions(a: &[driftline_sim::TickMetrics], b: &[driftline_sim::TickMetrics]) {
    for (x, y) in a.iter().zip(b) {
        for f in DECISIONS {
            assert_eq!(x.get(f), y.get(f), "tick {}: {f} changed", x.tick);
        }
    }
}

#[test]
fn a_model_shadowing_people_changes_no_decision() {
    let shadow = Lesson::Shadow.preset();
    assert_eq!(shadow.automation, AutomationLevel::Shadow);
    let human_only = Scenario {
        automation: AutomationLevel::HumanOnly,
        ..shadow.clone()
    };
    let (_, ms) = run(shadow, 1000);
    let (_, mh) = run(human_only, 1000);
    same_decisions(&ms, &mh);
    let agree = mean(&ms, "shadow_agreement", 10, 1000);
    assert!(agree > 0.95 && agree < 1.0, "agreement {agree}");
}

#[test]
fn a_shadow_candidate_beside_the_live_model_changes_nothing_and_doubles_compute() {
    let base = Scenario {
        automation: AutomationLevel::PartialAutomation,
        candidate: Some(ModelSpec {
            threshold: 0.3,
            ..ModelSpec::default()
        }),
        ..Scenario::default()
    };
    let shadow = Scenario {
        pattern: Pattern::Shadow,
        ..base.clone()
    };
    let (_, mb) = run(base, 800);
    let (w, ms) = run(shadow, 800);
    same_decisions(&ms, &mb);
    assert_eq!(w.totals().to_candidate, 0);
    assert_eq!(
        w.totals().shadowed,
        w.totals().to_stable - (sum(&ms, "null_outputs", 0, 800) as u64)
    );
    let ratio = mean(&ms, "cpu_load", 10, 800) / mean(&mb, "cpu_load", 10, 800);
    assert!((ratio - 2.0).abs() < 0.1, "compute x{ratio}");
    let agree = mean(&ms, "shadow_agreement", 10, 800);
    assert!(agree > 0.9 && agree < 1.0, "{agree}");
}
