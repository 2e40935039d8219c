//! Every lesson preset is valid data: it validates, round-trips through JSON unchanged,
//! and the round-tripped scenario runs to the same numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::lessons::Lesson;
use driftline_sim::{Scenario, World};

#[test]
fn presets_validate_round_trip_and_replay_identically() {
    assert_eq!(Lesson::ALL.len(), 17);
    for (i, l) in Lesson::ALL.iter().enumerate() {
        assert_eq!(l.number() as usize, i + 1);
        assert_eq!(Lesson::from_name(l.name()), Some(*l));
        assert_eq!(Lesson::from_name(&(i + 1).to_string()), Some(*l));
        assert!(!l.title().is_empty() && !l.claim().is_empty());
        let s = l.preset();
        let v = s.validate().unwrap();
        assert!(v.warnings.is_empty(), "{l:?}: {:?}", v.warnings);
        let json = serde_json::to_string(&s).unwrap();
        let back = Scenario::from_json(&json).unwrap();
        assert_eq!(back, s, "{l:?}");
        let a = World::new(s).unwrap().trace_hash(40);
        let b = World::new(back).unwrap().trace_hash(40);
        assert_eq!(a, b, "{l:?}");
    }
    assert_eq!(Lesson::from_name("nope"), None);
    assert_eq!(Lesson::from_name("18"), None);
}
