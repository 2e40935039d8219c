//! Models trained ahead of time for the scenarios the site opens with.
//!
//! Training the logistic model (`Classifier::train`: 300 full passes over 3,200 rows) is
//! most of `World::new`, and every lab on the page builds a world before its first render:
//! in the release wasm on a phone-speed CPU that alone was 176 ms of the page's start. The
//! result depends only on the training rows and the model's settings, so the build keeps
//! the results for the scenarios the first paint renders ([`table`], written by
//! `driftline-prerender --write-pretrained`) and [`train`] returns a kept result when its
//! inputs match bit for bit. Anything else (another seed, a retrain) trains as before.
//! Same inputs, same numbers: a kept model is the one training would produce, and a test
//! retrains every entry to show it.

mod table;

use std::cell::RefCell;

use crate::fnv::Fnv1a;
use crate::model::{Classifier, Example, ModelSpec, TrainReport};

/// A training's inputs, as one number: FNV-1a (64 bit) over the rows' bits, the settings'
/// bits and the version.
#[must_use]
pub fn key(rows: &[Example], spec: &ModelSpec, version: u32) -> u64 {
    let mut h = Fnv1a::default();
    h.u64(rows.len() as u64);
    for r in rows {
        for v in r.x.as_array() {
            h.u64(v.to_bits());
        }
        h.u64(u64::from(r.y));
    }
    // Every setting, also those training ignores (threshold, serving speed): a key that
    // over-distinguishes can only miss, never return a model for other settings.
    let settings = format!("{spec:?}");
    for b in settings.bytes() {
        h.u64(u64::from(b));
    }
    h.u64(u64::from(version));
    h.finish()
}

/// `Classifier::train(rows, spec, version)`, from the kept table when it holds these inputs.
#[must_use]
pub fn train(rows: &[Example], spec: &ModelSpec, version: u32) -> (Classifier, TrainReport) {
    let k = key(rows, spec, version);
    let kept = table::lookup(k);
    let (model, report) = kept.unwrap_or_else(|| Classifier::train(rows, spec, version));
    RECORDING.with_borrow_mut(|r| {
        if let Some(seen) = r {
            seen.push(Training {
                key: k,
                rows: rows.to_vec(),
                spec: *spec,
                version,
                kept: kept.is_some(),
                model,
                report,
            });
        }
    });
    (model, report)
}

/// One call of [`train`], seen while recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    /// Its key.
    pub key: u64,
    /// The rows it was given.
    pub rows: Vec<Example>,
    /// The settings.
    pub spec: ModelSpec,
    /// The version.
    pub version: u32,
    /// Whether the table held it.
    pub kept: bool,
    /// The model returned.
    pub model: Classifier,
    /// The report returned.
    pub report: TrainReport,
}

thread_local! {
    /// Trainings seen while recording (see [`record`]).
    static RECORDING: RefCell<Option<Vec<Training>>> = const { RefCell::new(None) };
}

/// Runs `f` and returns every training it asked for (on this thread), kept or not.
pub fn record(f: impl FnOnce()) -> Vec<Training> {
    let outer = RECORDING.with_borrow_mut(|r| r.replace(Vec::new()));
    f();
    RECORDING.with_borrow_mut(|r| std::mem::replace(r, outer).unwrap_or_default())
}

/// How many trainings the table keeps.
#[must_use]
pub fn kept_count() -> usize {
    table::all().len()
}

/// Rust source of a table keeping `trainings` (what `--write-pretrained` writes).
#[must_use]
pub fn table_source(trainings: &[Training]) -> String {
    let mut entries: Vec<(u64, Classifier, TrainReport)> = trainings
        .iter()
        .map(|t| (t.key, t.model, t.report))
        .collect();
    entries.sort_by_key(|e| e.0);
    entries.dedup_by_key(|e| e.0);
    let bits = |v: f64| format!("f(0x{:016x})", v.to_bits());
    let arr = |a: [f64; 4]| format!("[{}]", a.map(bits).join(", "));
    let mut out = String::from(
        "//! Written by `cargo run --bin driftline-prerender -- --write-pretrained` (see\n\
         //! `super`): the models the first paint's scenarios train, as exact bits.\n\
         //! Do not edit by hand; `tests/pretrained.rs` retrains every entry.\n\n\
         use crate::model::{Classifier, ModelPreset, TrainReport};\n\n\
         const fn f(bits: u64) -> f64 {\n    f64::from_bits(bits)\n}\n\n\
         const ENTRIES: &[(u64, Classifier, TrainReport)] = &[\n",
    );
    for (k, m, r) in &entries {
        out.push_str(&format!(
            "    (\n        0x{k:016x},\n        Classifier {{\n            preset: ModelPreset::{:?},\n            \
             weights: {},\n            bias: {},\n            mean: {},\n            sd: {},\n            \
             threshold: {},\n            logit_threshold: {},\n            version: {},\n        }},\n        \
             TrainReport {{\n            train_rows: {},\n            test_rows: {},\n            \
             train_accuracy: {},\n            test_accuracy: {},\n            test_recall: {},\n            \
             positive_share: {},\n        }},\n    ),\n",
            m.preset,
            arr(m.weights),
            bits(m.bias),
            arr(m.mean),
            arr(m.sd),
            bits(m.threshold),
            bits(m.logit_threshold),
            m.version,
            r.train_rows,
            r.test_rows,
            bits(r.train_accuracy),
            bits(r.test_accuracy),
            bits(r.test_recall),
            bits(r.positive_share),
        ));
    }
    out.push_str(
        "];\n\n\
         /// The kept training with this key.\n\
         pub fn lookup(key: u64) -> Option<(Classifier, TrainReport)> {\n    \
         ENTRIES\n        .binary_search_by_key(&key, |e| e.0)\n        .ok()\n        \
         .map(|i| (ENTRIES[i].1, ENTRIES[i].2))\n}\n\n\
         /// Every kept training.\n\
         pub fn all() -> Vec<(u64, Classifier, TrainReport)> {\n    ENTRIES.to_vec()\n}\n",
    );
    out
}
