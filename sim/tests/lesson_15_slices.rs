//! Lesson 15: good on average, bad on the small slice.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::reports::slice_report;
use driftline_sim::lessons::Lesson;

#[test]
fn the_small_gold_slice_is_markedly_worse() {
    let (w, _) = run(Lesson::Slices.preset(), 6000);
    let overall = w.labels().arrived_total.model;
    assert!(overall.accuracy().unwrap() > 0.98);
    let rows = slice_report(&w);
    let gold = rows.iter().find(|r| r.slice == "gold").unwrap();
    assert!(gold.share < 0.08, "gold is small: {}", gold.share);
    let others: Vec<_> = rows.iter().filter(|r| r.slice != "gold").collect();
    for r in &others {
        assert!(
            gold.recall.unwrap() < r.recall.unwrap() - 0.2,
            "gold recall {:?} vs {} {:?}",
            gold.recall,
            r.slice,
            r.recall
        );
    }
    assert!(overall.recall().unwrap() > gold.recall.unwrap() + 0.2);
}
