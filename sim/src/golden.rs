//! The golden trace hash: FNV-1a 64 over the f64 bits of every `TickMetrics` field for
//! 1000 ticks of the default scenario. Native and wasm32 tests both compare against it, so
//! any change in the simulation's numbers (or a platform difference) shows up.

/// `World::new(Scenario::default())?.trace_hash(1000)`.
pub const DEFAULT_TRACE_HASH_1000_TICKS: u64 = 0x2db0_c8c2_1432_5bd4;

/// Version of the simulation's numbers. Share links carry it, so a page can tell its reader
/// that a link was made by a simulation that drew other numbers from the same settings.
///
/// Raise it, and add a row to [`STREAM_HISTORY`], whenever
/// [`DEFAULT_TRACE_HASH_1000_TICKS`] changes (`tests/golden.rs` checks the pair).
pub const STREAM_VERSION: u32 = 2;

/// Every simulation version so far with its golden hash, oldest first. Links written before
/// versions were recorded carry none.
///
/// - 2: the candidate serves from its own stack during a canary or blue-green (its own
///   servers, queue and model speed), and `TickMetrics` gains the candidate's latency. The
///   default scenario's numbers are the same; its hash moved with the two new fields.
///   Canary and blue-green runs decide the same phones but report other serving figures.
pub const STREAM_HISTORY: &[(u32, u64)] = &[(1, 0xe7a3_f5c1_bbdf_ac94), (2, 0x2db0_c8c2_1432_5bd4)];
