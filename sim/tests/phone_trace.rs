//! The per-phone trace that pictures of the line read: it changes no number, it agrees
//! with the per-tick counts, and it records who decided and which model answered.

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::Arm;
use driftline_sim::lessons::Lesson;
use driftline_sim::phone_trace::DecidedBy;
use driftline_sim::world::World;

fn world(lesson: Lesson) -> World {
    match World::new(lesson.preset()) {
        Ok(w) => w,
        Err(e) => panic!("{lesson:?} preset is invalid: {e}"),
    }
}

#[test]
fn recording_changes_no_simulated_number() {
    for lesson in [Lesson::DataDrift, Lesson::Canary, Lesson::Automation] {
        let plain = world(lesson).trace_hash(800);
        let mut traced = world(lesson);
        traced.record_phones(64);
        assert_eq!(traced.trace_hash(800), plain, "{lesson:?}");
    }
}

#[test]
fn records_match_the_ticks_counts() {
    let mut w = world(Lesson::Automation);
    w.record_phones(100_000);
    w.run(300);
    let trace = w.phone_trace().expect("recording was asked for");
    let history = w.history();
    for tick in 200..300u64 {
        let Some(m) = history.iter().find(|m| m.tick == tick) else {
            panic!("tick {tick} is not in the history");
        };
        let of_tick: Vec<_> = trace.records().filter(|r| r.decided_tick == tick).collect();
        assert_eq!(of_tick.len() as u64, m.decided, "decided at tick {tick}");
        let humans = of_tick.iter().filter(|r| r.by == DecidedBy::Human).count() as u64;
        assert_eq!(humans, m.by_human, "human decisions at tick {tick}");
        let escaped = of_tick.iter().filter(|r| r.escaped()).count() as u64;
        assert_eq!(escaped, m.false_pass, "escaped at tick {tick}");
        let false_rejects = of_tick.iter().filter(|r| r.false_reject()).count() as u64;
        assert_eq!(
            false_rejects, m.false_reject,
            "false rejects at tick {tick}"
        );
    }
}

#[test]
fn partial_automation_gates_unsure_phones_to_inspectors() {
    let mut w = world(Lesson::Automation);
    w.set_automation(AutomationLevel::PartialAutomation);
    w.record_phones(5_000);
    w.run(400);
    let trace = w.phone_trace().expect("recording was asked for");
    let gated = trace.records().filter(|r| r.route.gated).count();
    let by_model = trace.records().filter(|r| r.by == DecidedBy::Model).count();
    assert!(gated > 0, "no phone went through the gate");
    assert!(by_model > gated, "the model should decide most phones");
    assert!(trace
        .records()
        .filter(|r| r.route.gated)
        .all(|r| r.by == DecidedBy::Human && r.route.suggestion.is_some()));
}

#[test]
fn a_canary_sends_some_phones_to_the_candidate() {
    let mut w = world(Lesson::Canary);
    w.record_phones(20_000);
    w.run(600);
    let trace = w.phone_trace().expect("recording was asked for");
    let candidate = trace
        .records()
        .filter(|r| r.route.arm == Some(Arm::Candidate))
        .count();
    let stable = trace
        .records()
        .filter(|r| r.route.arm == Some(Arm::Stable))
        .count();
    assert!(
        candidate > 0 && stable > candidate,
        "{candidate} vs {stable}"
    );
}
