//! The models kept ahead of time (`driftline_sim::pretrained`) are exactly the ones the
//! first paint's scenarios train, and each is what training produces now. Native: the
//! first paint is rendered at build time.
#![cfg(not(target_arch = "wasm32"))]

use driftline::prerender::first_paint_trainings;
use driftline_sim::model::Classifier;
use driftline_sim::pretrained::kept_count;

const REGENERATE: &str =
    "run `cargo run --release --bin driftline-prerender -- --write-pretrained sim/src/pretrained/table.rs`";

#[test]
fn every_training_the_first_paint_asks_for_is_kept_and_retrains_to_the_same_bits() {
    let trainings = first_paint_trainings();
    assert!(!trainings.is_empty(), "the first paint trains no model?");
    let mut keys: Vec<u64> = trainings.iter().map(|t| t.key).collect();
    keys.sort_unstable();
    keys.dedup();
    for t in &trainings {
        assert!(
            t.kept,
            "a lab of the first paint trains a model the table does not keep (key {:016x}): {REGENERATE}",
            t.key
        );
        let (model, report) = Classifier::train(&t.rows, &t.spec, t.version);
        assert_eq!(
            (model, report),
            (t.model, t.report),
            "the kept model for key {:016x} is not what training gives now: {REGENERATE}",
            t.key
        );
    }
    assert_eq!(
        kept_count(),
        keys.len(),
        "the table keeps trainings the first paint no longer asks for: {REGENERATE}"
    );
}
