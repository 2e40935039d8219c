//! The golden trace hash: FNV-1a 64 over the f64 bits of every `TickMetrics` field for
//! 1000 ticks of the default scenario. Native and wasm32 tests both compare against it, so
//! any change in the simulation's numbers (or a platform difference) shows up.

/// `World::new(Scenario::default())?.trace_hash(1000)`.
pub const DEFAULT_TRACE_HASH_1000_TICKS: u64 = 0x5aab_0df0_6383_dc30;
