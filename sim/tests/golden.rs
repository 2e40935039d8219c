//! The default scenario's per-tick output is fixed bit for bit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::golden::{DEFAULT_TRACE_HASH_1000_TICKS, STREAM_HISTORY, STREAM_VERSION};
use driftline_sim::{Scenario, World};

#[test]
fn default_trace_matches_the_committed_hash() {
    let h = World::new(Scenario::default()).unwrap().trace_hash(1000);
    assert_eq!(h, DEFAULT_TRACE_HASH_1000_TICKS, "got {h:#018x}");
}

#[test]
fn same_seed_same_trace_other_seed_other_trace() {
    let a = World::new(Scenario::default()).unwrap().trace_hash(300);
    let b = World::new(Scenario::default()).unwrap().trace_hash(300);
    assert_eq!(a, b);
    let c = World::new(Scenario {
        seed: 43,
        ..Scenario::default()
    })
    .unwrap()
    .trace_hash(300);
    assert_ne!(a, c);
}

#[test]
fn stream_version_names_the_current_hash() {
    // The newest row is the current version and hash: a new golden hash needs a new row.
    assert_eq!(
        STREAM_HISTORY.last(),
        Some(&(STREAM_VERSION, DEFAULT_TRACE_HASH_1000_TICKS))
    );
    for pair in STREAM_HISTORY.windows(2) {
        assert_eq!(pair[1].0, pair[0].0 + 1, "versions count up by one");
    }
    for (i, (_, a)) in STREAM_HISTORY.iter().enumerate() {
        for (_, b) in &STREAM_HISTORY[i + 1..] {
            assert_ne!(a, b, "each version draws other numbers");
        }
    }
}
