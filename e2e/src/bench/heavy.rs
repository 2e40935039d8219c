//! The heaviest scenario the benchmark times. It lives in the simulation crate
//! (`driftline_sim::bench_scenarios`) so the app's wasm hooks and this native harness build
//! the very same scenario (the harness also compares phone counts and trace hashes).

pub use driftline_sim::bench_scenarios::{
    heavy_scenario, ticks_for_days, ticks_per_day, SECS_PER_DAY,
};
