//! Browser benchmark of the built site (`driftline-bench`): first chart, dashboard redraw and
//! dropped frames while playing, fast-forward throughput in wasm against the same simulation
//! natively, wasm and JS memory after many simulated phones, the first-load size, and the
//! first load as users feel it next to TF Playground ([`first_load`], with Lighthouse). Each
//! figure is judged against its budget ([`budgets`]) and can be written into `BENCHMARKS.md`
//! ([`markdown`]).
//!
//! Not part of the test command's pass/fail: timings depend on the machine.

pub mod browser;
pub mod budgets;
pub mod first_load;
pub mod fixture;
pub mod heavy;
pub mod lighthouse;
pub mod markdown;
pub mod native;
pub mod results;
pub mod run;
pub mod scripts;
pub mod size;
pub mod stats;
pub mod unit;

pub use results::{BenchResults, Row, Unit};
pub use run::{run, BenchOptions};
