//! The sample file: phones from a seeded run of the factory through a lamp dimming, one row
//! per decided phone, so the page is never empty and every number in it is reproducible.

use crate::automation::AutomationLevel;
use crate::drift::{DriftEvent, DriftKind};
use crate::scenario::Scenario;
use crate::world::World;

/// Seed of the sample's run.
pub const SAMPLE_SEED: u64 = 7;
/// Tick at which the lamp dims.
pub const SAMPLE_DIM_TICK: u64 = 200;
/// Ticks run (about ten phones each).
pub const SAMPLE_TICKS: u64 = 400;
/// How far the lamp dims (the drift event's magnitude).
pub const SAMPLE_DIM_MAGNITUDE: f64 = 0.5;
/// The sample's file name.
pub const SAMPLE_NAME: &str = "driftline-sample-lamp-dimming.csv";

/// The sample as CSV text: `phone,tick,brightness,blur,model_error` (a phone without a
/// picture is left out; `model_error` is 1 when the model's decision disagreed with the
/// truth). The model decides every phone (full automation) and the lamp dims at
/// [`SAMPLE_DIM_TICK`].
///
/// # Errors
/// Only if the built-in scenario were refused (a bug).
pub fn sample_csv() -> Result<String, String> {
    let scenario = Scenario {
        seed: SAMPLE_SEED,
        automation: AutomationLevel::FullAutomation,
        events: vec![DriftEvent::sudden(
            DriftKind::LightingDim,
            SAMPLE_DIM_TICK,
            SAMPLE_DIM_MAGNITUDE,
        )],
        ..Scenario::default()
    };
    let mut world = World::new(scenario).map_err(|e| e.to_string())?;
    world.record_phones(256);
    let mut out = String::from("phone,tick,brightness,blur,model_error\n");
    let mut phone = 0u64;
    let mut seen_tick = None;
    for _ in 0..SAMPLE_TICKS {
        world.step();
        let Some(trace) = world.phone_trace() else {
            continue;
        };
        let newest = trace.records().map(|r| r.decided_tick).max();
        for r in trace.records() {
            if seen_tick.is_some_and(|t| r.decided_tick <= t) {
                continue;
            }
            let Some(brightness) = r.brightness else {
                continue;
            };
            let error = u8::from(r.rejected != r.truth_reject);
            out.push_str(&format!(
                "{phone},{},{:.4},{:.4},{error}\n",
                r.decided_tick, brightness, r.blur
            ));
            phone += 1;
        }
        if newest.is_some() {
            seen_tick = newest;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{read_numeric_column, ReadOptions};

    #[test]
    fn the_sample_reads_and_the_lamp_dims() {
        let text = sample_csv().unwrap();
        let b =
            read_numeric_column(text.as_bytes(), "brightness", &ReadOptions::default()).unwrap();
        let t = read_numeric_column(text.as_bytes(), "tick", &ReadOptions::default()).unwrap();
        assert!(b.values.len() > 3000, "{}", b.values.len());
        let mean = |from: f64, to: f64| {
            let xs: Vec<f64> = b
                .values
                .iter()
                .zip(&t.values)
                .filter(|(_, &tick)| tick >= from && tick < to)
                .map(|(&x, _)| x)
                .collect();
            xs.iter().sum::<f64>() / xs.len() as f64
        };
        let before = mean(0.0, 200.0);
        let after = mean(210.0, 400.0);
        assert!(after < before * 0.8, "{before} -> {after}");
        // Every tick appears once, in order.
        assert!(t.values.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            text,
            sample_csv().unwrap(),
            "seeded: the same text each time"
        );
    }
}
