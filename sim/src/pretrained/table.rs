//! Written by `cargo run --bin driftline-prerender -- --write-pretrained` (see
//! `super`): the models the first paint's scenarios train, as exact bits.
//! Do not edit by hand; `tests/pretrained.rs` retrains every entry.

use crate::model::{Classifier, ModelPreset, TrainReport};

const fn f(bits: u64) -> f64 {
    f64::from_bits(bits)
}

const ENTRIES: &[(u64, Classifier, TrainReport)] = &[
    (
        0x10cb094334b1ddd9,
        Classifier {
            preset: ModelPreset::Trained,
            weights: [
                f(0x3ff219399ad99fa2),
                f(0x3ff59ce8ff3de78a),
                f(0x3fdb3850eeed2604),
                f(0xbfcb5ec630b6e7de),
            ],
            bias: f(0xc01155393ee27b91),
            mean: [
                f(0x3fa77cea3e194564),
                f(0x3fcedce8f037c48f),
                f(0x3fe0a9c955085ab4),
                f(0x3fc97b9f67cc4d0e),
            ],
            sd: [
                f(0x3fbe042e10064bba),
                f(0x3fe3b16a91fb7da8),
                f(0x3fbc2539be94b37f),
                f(0x3fa99bfa8e55fd50),
            ],
            threshold: f(0x3fe0000000000000),
            logit_threshold: f(0x0000000000000000),
            version: 1,
        },
        TrainReport {
            train_rows: 3200,
            test_rows: 800,
            train_accuracy: f(0x3fefc00000000000),
            test_accuracy: f(0x3fefeb851eb851ec),
            test_recall: f(0x3fef000000000000),
            positive_share: f(0x3fa147ae147ae148),
        },
    ),
    (
        0x9876c1212d0933be,
        Classifier {
            preset: ModelPreset::Trained,
            weights: [
                f(0x3ff5e26d5cb60a77),
                f(0x3ff7b30602384a00),
                f(0x3fd1b6e6061b2ac9),
                f(0xbfa9c9100d67b697),
            ],
            bias: f(0xc0112dc956e23993),
            mean: [
                f(0x3fa6defa1d019dfc),
                f(0x3fcf093b69913992),
                f(0x3fe0aed01ed781fd),
                f(0x3fc988b477661f5d),
            ],
            sd: [
                f(0x3fbdb9e20c2c7f6e),
                f(0x3fe3db7f7b0c51fd),
                f(0x3fbbf44e9f792562),
                f(0x3fa9eb327054c8e6),
            ],
            threshold: f(0x3fe6666666666666),
            logit_threshold: f(0x3feb1d10670aae98),
            version: 1,
        },
        TrainReport {
            train_rows: 8000,
            test_rows: 2000,
            train_accuracy: f(0x3fefd0e560418937),
            test_accuracy: f(0x3fefd70a3d70a3d7),
            test_recall: f(0x3fed4bb7e327a977),
            positive_share: f(0x3fa13404ea4a8c15),
        },
    ),
    (
        0x9ded6fc13f6d1dc4,
        Classifier {
            preset: ModelPreset::Trained,
            weights: [
                f(0x3ff2495ce31cbdd4),
                f(0x3ff94e2725dc6e9d),
                f(0x3fdb5b71ffa91d92),
                f(0xbfc68f8ce2872a81),
            ],
            bias: f(0xc01106b9a3921937),
            mean: [
                f(0x3fa851e5caea6355),
                f(0x3fcfeae01a60dce5),
                f(0x3fe0aa1447863bfd),
                f(0x3fc988758d706daa),
            ],
            sd: [
                f(0x3fbf2920610a3e05),
                f(0x3fe4374a09d069c2),
                f(0x3fbbf72bfd791bc5),
                f(0x3fa9382008224287),
            ],
            threshold: f(0x3fe0000000000000),
            logit_threshold: f(0x0000000000000000),
            version: 1,
        },
        TrainReport {
            train_rows: 3200,
            test_rows: 800,
            train_accuracy: f(0x3fefc51eb851eb85),
            test_accuracy: f(0x3fefcccccccccccd),
            test_recall: f(0x3fee0f83e0f83e10),
            positive_share: f(0x3fa3126e978d4fdf),
        },
    ),
    (
        0xba10d3f48c6c04db,
        Classifier {
            preset: ModelPreset::Trained,
            weights: [
                f(0x3ff5e26d5cb60a77),
                f(0x3ff7b30602384a00),
                f(0x3fd1b6e6061b2ac9),
                f(0xbfa9c9100d67b697),
            ],
            bias: f(0xc0112dc956e23993),
            mean: [
                f(0x3fa6defa1d019dfc),
                f(0x3fcf093b69913992),
                f(0x3fe0aed01ed781fd),
                f(0x3fc988b477661f5d),
            ],
            sd: [
                f(0x3fbdb9e20c2c7f6e),
                f(0x3fe3db7f7b0c51fd),
                f(0x3fbbf44e9f792562),
                f(0x3fa9eb327054c8e6),
            ],
            threshold: f(0x3fb999999999999a),
            logit_threshold: f(0xc00193ea7aad030a),
            version: 2,
        },
        TrainReport {
            train_rows: 8000,
            test_rows: 2000,
            train_accuracy: f(0x3fefc5a1cac08312),
            test_accuracy: f(0x3fefba5e353f7cee),
            test_recall: f(0x3fef193d4bb7e328),
            positive_share: f(0x3fa13404ea4a8c15),
        },
    ),
];

/// The kept training with this key.
pub fn lookup(key: u64) -> Option<(Classifier, TrainReport)> {
    ENTRIES
        .binary_search_by_key(&key, |e| e.0)
        .ok()
        .map(|i| (ENTRIES[i].1, ENTRIES[i].2))
}

/// Every kept training.
pub fn all() -> Vec<(u64, Classifier, TrainReport)> {
    ENTRIES.to_vec()
}
