//! Lesson 13: training, test and business metrics can disagree.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::reports::milestones;
use driftline_sim::lessons::Lesson;
use driftline_sim::Scenario;

#[test]
fn better_test_accuracy_can_cost_more() {
    let cautious = Lesson::Milestones.preset();
    let eager = Scenario {
        model: cautious.candidate.unwrap(),
        candidate: None,
        ..cautious.clone()
    };
    let (wc, _) = run(cautious, 3000);
    let (we, _) = run(eager, 3000);
    let (c, e) = (milestones(&wc), milestones(&we));
    // Both look fine in training, and the cautious model even wins on the test set...
    assert!(c.train.train_accuracy > 0.97 && e.train.train_accuracy > 0.97);
    assert!(
        c.train.test_accuracy >= e.train.test_accuracy,
        "{c:?} {e:?}"
    );
    // ... but it lets more defects escape, and escapes are what cost money.
    assert!(c.escapes > e.escapes);
    assert!(
        c.business_cost > 1.2 * e.business_cost,
        "{} vs {}",
        c.business_cost,
        e.business_cost
    );
}
