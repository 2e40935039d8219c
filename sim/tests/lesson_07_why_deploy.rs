//! Lesson 7: why you deploy suggests how.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::deploy::why::{suggest_pattern, DeployReason};
use driftline_sim::deploy::PatternKind;
use driftline_sim::lessons::Lesson;

#[test]
fn each_reason_suggests_its_pattern() {
    assert_eq!(
        suggest_pattern(DeployReason::AutomateManualTask).primary,
        PatternKind::Shadow
    );
    let replace = suggest_pattern(DeployReason::ReplaceOlderMl).primary;
    assert!(matches!(
        replace,
        PatternKind::Canary | PatternKind::BlueGreen
    ));
    let new = suggest_pattern(DeployReason::NewProduct);
    assert!(matches!(
        new.primary,
        PatternKind::Canary | PatternKind::Shadow
    ));
    for r in DeployReason::ALL {
        assert!(!suggest_pattern(r).rationale.is_empty());
    }
}

#[test]
fn the_manual_task_preset_runs_the_model_in_shadow_beside_people() {
    let (w, ms) = run(Lesson::WhyDeploy.preset(), 300);
    assert_eq!(w.totals().by_model, 0, "the shadow model decides nothing");
    assert!(w.totals().by_human > 0);
    assert!(mean(&ms, "shadow_agreement", 10, 300) > 0.9);
}
