//! Lesson 17: the pies add up to the run's totals.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::pies::{self, Pie};
use driftline_sim::lessons::Lesson;

#[test]
fn pies_sum_to_totals() {
    let (w, _) = run(Lesson::Pies.preset(), 1500);
    let t = *w.totals();
    let all = pies::all(&w);
    assert_eq!(all.len(), 4);
    assert_eq!(pies::decisions(&t).total(), t.decided as f64);
    assert_eq!(pies::deciders(&t).total(), t.decided as f64);
    assert_eq!(
        pies::traffic(&t).total(),
        (t.to_stable + t.to_candidate + t.shadowed) as f64
    );
    assert!(t.to_candidate > 0 && t.by_human > 0 && t.by_model > 0);
    let errors = pies::errors_by_type(&w);
    assert_eq!(
        errors.total(),
        w.labels().arrived_total.final_.errors() as f64
    );
    for p in &all {
        let s: f64 = p.shares().iter().sum();
        assert!((s - 1.0).abs() < 1e-9, "{} shares sum to {s}", p.title);
    }
}

#[test]
fn the_editable_pie_has_five_values_and_never_goes_negative() {
    let mut p = Pie::editable_default();
    assert_eq!(p.slices.len(), 5);
    assert!(!p.title.is_empty());
    let before = p.total();
    assert!(p.adjust(0, 1.0));
    assert_eq!(p.total(), before + 1.0);
    assert!(p.adjust(1, -100.0));
    assert_eq!(p.slices[1].value, 0.0);
    assert!(!p.adjust(9, 1.0));
    assert!(!p.adjust(0, f64::NAN));
}
