//! Lesson 11: the five degrees of automation.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;
use driftline_sim::{AutomationLevel, Scenario};

#[test]
fn workload_cost_and_throughput_move_monotonically() {
    const T: u64 = 1500;
    let mut rows = Vec::new();
    for level in AutomationLevel::ALL {
        let s = Scenario {
            automation: level,
            ..Lesson::Automation.preset()
        };
        let (w, ms) = run(s, T);
        let t = *w.totals();
        rows.push((
            level,
            t.by_human as f64 / t.decided as f64,
            sum(&ms, "human_cost", 0, T) / t.decided as f64,
            t.decided as f64 / T as f64,
            t.decisions.fn_,
            t.decisions.fp,
            w,
        ));
    }
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            b.1 <= a.1 + 0.01,
            "human share {:?} {} -> {:?} {}",
            a.0,
            a.1,
            b.0,
            b.1
        );
        assert!(
            b.2 <= a.2 * 1.01,
            "human cost per phone {:?} -> {:?}",
            a.0,
            b.0
        );
        assert!(
            b.3 >= a.3 * 0.99,
            "throughput {:?} {} -> {:?} {}",
            a.0,
            a.3,
            b.0,
            b.3
        );
    }
    // People alone cannot keep up with 12 phones per tick; automation can.
    assert!(
        rows[0].3 < 11.8 && rows[4].3 > 11.8,
        "{} {}",
        rows[0].3,
        rows[4].3
    );
    // The model's suggestion makes people more accurate.
    assert!(
        rows[2].4 < rows[1].4,
        "AI assistance escapes {} vs shadow {}",
        rows[2].4,
        rows[1].4
    );
    // Partial automation: people see only the unsure phones, and far fewer of them.
    let partial = &rows[3];
    assert!(
        partial.1 > 0.0 && partial.1 < 0.2,
        "human share {}",
        partial.1
    );
    // Full automation escapes more defects than partial (people catch the unsure ones).
    assert!(rows[4].4 > rows[3].4);
}

#[test]
fn partial_automation_sends_only_low_confidence_phones_to_people() {
    use driftline_sim::World;
    let s = Scenario {
        automation: AutomationLevel::PartialAutomation,
        ..Lesson::Automation.preset()
    };
    let band = s.confidence_band;
    let mut w = World::new(s).unwrap();
    w.run(300);
    // Re-derive the routing rule from the model: with images, people get exactly the phones
    // scored within the band (the simulation counts them as by_human; here we check the rule).
    let m = *w.stable_model();
    let sure = driftline_sim::phone::CameraFeatures {
        brightness: 0.5,
        measured_size_mm: 6.0,
        contrast: 1.0,
        blur: 0.2,
    };
    let clean = driftline_sim::phone::CameraFeatures {
        brightness: 0.5,
        measured_size_mm: 0.0,
        contrast: 0.0,
        blur: 0.2,
    };
    assert!((m.score(&sure) - m.threshold).abs() >= band);
    assert!((m.score(&clean) - m.threshold).abs() >= band);
    let t = w.totals();
    assert!(t.by_human > 0 && t.by_human < t.by_model / 10);
}
