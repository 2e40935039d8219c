//! The simulation benchmark run natively, in-process, on the same scenario the page runs in
//! wasm ([`crate::bench::heavy`]), so the two throughputs can be compared.

use std::hint::black_box;
use std::time::Instant;

use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;

use crate::bench::heavy::heavy_scenario;
use crate::error::{Error, Result};

/// One timed run of the simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimRun {
    /// Building the world (validation and training the models), ms.
    pub build_ms: f64,
    /// Running the ticks, ms.
    pub run_ms: f64,
    /// Phones simulated by the ticks.
    pub phones: f64,
}

impl SimRun {
    /// Phones simulated per second of run time.
    pub fn phones_per_sec(&self) -> f64 {
        if self.run_ms > 0.0 {
            self.phones / (self.run_ms / 1000.0)
        } else {
            f64::NAN
        }
    }
}

/// Builds a world from `scenario` and times `ticks` ticks of it.
pub fn time_run(scenario: Scenario, ticks: u64) -> Result<SimRun> {
    let start = Instant::now();
    let mut world =
        World::new(scenario).map_err(|e| Error::new(format!("native scenario: {e}")))?;
    let built = Instant::now();
    world.run(black_box(ticks));
    let phones = black_box(world.last().arrived_total) as f64;
    let done = Instant::now();
    Ok(SimRun {
        build_ms: (built - start).as_secs_f64() * 1000.0,
        run_ms: (done - built).as_secs_f64() * 1000.0,
        phones,
    })
}

/// Times `ticks` ticks of the heavy scenario.
pub fn time_heavy(ticks: u64) -> Result<SimRun> {
    time_run(heavy_scenario(), ticks)
}

/// Trace hash (hex, as the page's `bench_heavy_trace_hash`) of the first `ticks` ticks of the
/// heavy scenario.
pub fn heavy_trace_hash(ticks: u64) -> Result<String> {
    let mut world =
        World::new(heavy_scenario()).map_err(|e| Error::new(format!("native scenario: {e}")))?;
    Ok(format!("{:016x}", world.trace_hash(ticks)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::heavy::{ticks_for_days, ticks_per_day};
    use driftline_sim::drift::DriftShape;

    #[test]
    fn the_heavy_scenario_is_valid_and_keeps_every_monitor_on() {
        let scenario = heavy_scenario();
        let validated = scenario.validate().unwrap();
        assert!(validated.warnings.is_empty(), "{:?}", validated.warnings);
        assert!(scenario.monitoring.detector.is_some());
        assert!(!scenario.monitoring.alerts.is_empty());
        assert!(scenario.candidate.is_some());
        assert_eq!(ticks_per_day(&scenario), 8_640);
        assert_eq!(ticks_for_days(&scenario, 30.0), 259_200);
        // Every drift event has started by day 30 and the gradual ones are still mixing
        // (two line states per phone), so the work does not fade out during the run.
        let day_30 = ticks_for_days(&scenario, 30.0);
        let mut gradual = 0;
        for event in &scenario.events {
            assert!(event.start_tick < day_30, "{event:?}");
            if event.shape == DriftShape::Gradual {
                gradual += 1;
                assert!(
                    event.end_tick().is_some_and(|end| end > day_30),
                    "{event:?}"
                );
            }
        }
        assert_eq!(gradual, 2);
    }

    #[test]
    fn a_timed_run_counts_its_phones() {
        let run = time_heavy(200).unwrap();
        // About ten phones per tick (Poisson mean 10).
        assert!((1_500.0..2_500.0).contains(&run.phones), "{run:?}");
        assert!(run.run_ms >= 0.0 && run.build_ms > 0.0);
        assert!(run.phones_per_sec() > 0.0);
    }

    #[test]
    fn trace_hashes_are_deterministic_and_depend_on_the_ticks() {
        let a = heavy_trace_hash(50).unwrap();
        assert_eq!(a.len(), 16);
        assert_eq!(a, heavy_trace_hash(50).unwrap());
        assert_ne!(a, heavy_trace_hash(51).unwrap());
    }
}
