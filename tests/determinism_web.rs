//! The simulation gives the same bits in the browser as natively: the trace hash of the
//! default scenario matches the golden value that `sim/tests/golden.rs` checks natively.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use driftline_sim::golden::DEFAULT_TRACE_HASH_1000_TICKS;
use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn default_trace_hash_matches_the_native_golden_value() {
    let mut world = World::new(Scenario::default()).expect("the default scenario is valid");
    assert_eq!(world.trace_hash(1000), DEFAULT_TRACE_HASH_1000_TICKS);
}
