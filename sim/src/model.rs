//! A real, small classifier: logistic regression on the camera features, trained by
//! fixed-iteration full-batch gradient descent (deterministic: no shuffling, libm only).

// Index loops over the fixed-size feature arrays read more clearly than zipped iterators here.
#![allow(clippy::needless_range_loop)]

use crate::phone::CameraFeatures;
use serde::{Deserialize, Serialize};

const NF: usize = CameraFeatures::LEN;
// `LinearScorer::logit_of` spells out four features.
const _: () = assert!(NF == 4);

/// Which model to build (the "bad model" presets exist to be caught by deployment safeguards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ModelPreset {
    /// Logistic regression trained on correct labels.
    #[default]
    Trained,
    /// Trained on inverted labels (a labelling pipeline bug): rejects good phones.
    WrongLabels,
    /// Trained correctly, but at serving time the contrast feature arrives as 0
    /// (a training/serving skew bug in feature extraction).
    BrokenFeature,
    /// Always says PASS: 96% accurate on a 4% defect rate, and useless.
    AlwaysPass,
}

/// How to build a model (serde, part of a scenario).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSpec {
    /// Which model.
    pub preset: ModelPreset,
    /// REJECT when the score is at least this probability.
    pub threshold: f64,
    /// Labelled phones generated for the initial training window (80% train, 20% test).
    pub training_rows: usize,
    /// Gradient-descent iterations (fixed, so training is deterministic and bounded).
    pub iterations: usize,
    /// Gradient-descent step size on standardised features.
    pub learning_rate: f64,
    /// Weight of a defective example in the loss relative to a good one (rare-class reweighting).
    pub positive_weight: f64,
    /// Time this model takes to score one phone, relative to the site's `service_ms` (1.0:
    /// as fast as the site's reference model). A new version often serves a little slower (a
    /// larger network, an extra feature step) or faster (a distilled or quantised one); the
    /// serving stack that runs the model scores phones at this speed.
    pub service_time_mult: f64,
}

impl Default for ModelSpec {
    fn default() -> Self {
        Self {
            preset: ModelPreset::Trained,
            threshold: 0.5,
            training_rows: 4000,
            iterations: 300,
            learning_rate: 0.5,
            positive_weight: 4.0,
            // Every preset is the same logistic model on the same four features, so by
            // default a candidate costs what the stable model costs to run.
            service_time_mult: 1.0,
        }
    }
}

/// One labelled example.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Example {
    /// Camera features.
    pub x: CameraFeatures,
    /// True when the phone should be rejected.
    pub y: bool,
}

/// A trained (or preset) classifier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Classifier {
    /// The preset it was built from.
    pub preset: ModelPreset,
    /// Weights on standardised features: contrast, measured size, brightness, blur.
    pub weights: [f64; NF],
    /// Intercept.
    pub bias: f64,
    /// Feature means from the training window (for standardising).
    pub mean: [f64; NF],
    /// Feature standard deviations from the training window.
    pub sd: [f64; NF],
    /// Decision threshold on the probability score.
    pub threshold: f64,
    /// `logit(threshold)`, so decisions need no `exp` per phone.
    pub logit_threshold: f64,
    /// Model version (1 = first trained model; each retrain adds one).
    pub version: u32,
}

/// What a training run produced (lesson 13: training vs test error).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct TrainReport {
    /// Rows used for fitting.
    pub train_rows: usize,
    /// Rows held out for testing.
    pub test_rows: usize,
    /// Accuracy on the training rows.
    pub train_accuracy: f64,
    /// Accuracy on the held-out rows.
    pub test_accuracy: f64,
    /// Recall (defects caught) on the held-out rows.
    pub test_recall: f64,
    /// Share of defective rows in the training window.
    pub positive_share: f64,
}

/// A classifier's log-odds as `offset + sum(coef[i] * x[i])` on the raw features:
/// `w_i (x_i - mean_i) / sd_i` summed with the bias, with the divisions and the means folded
/// into the coefficients once, so scoring an image is four multiply-adds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearScorer {
    /// Per-feature coefficient `weight / sd` (0 for a feature that arrives broken).
    pub coef: [f64; NF],
    /// `bias - sum(coef * mean)`.
    pub offset: f64,
    /// The classifier's `logit(threshold)`.
    pub logit_threshold: f64,
}

impl LinearScorer {
    /// Log-odds of REJECT for one image.
    #[inline]
    pub fn logit_of(&self, f: &CameraFeatures) -> f64 {
        // Written out in the order of `CameraFeatures::as_array` (the same additions, left to
        // right, as a loop over it): the optimised-for-size builds keep a loop of four as a
        // loop, twice the instructions of the straight line.
        let c = &self.coef;
        self.offset
            + c[0] * f.contrast
            + c[1] * f.measured_size_mm
            + c[2] * f.brightness
            + c[3] * f.blur
    }

    /// True when the model says REJECT.
    #[inline]
    pub fn predict(&self, f: &CameraFeatures) -> bool {
        self.logit_of(f) >= self.logit_threshold
    }
}

/// `ln(p / (1 - p))`, with p clamped away from 0 and 1.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-9, 1.0 - 1e-9);
    libm::log(p / (1.0 - p))
}

/// Logistic function.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
}

impl Classifier {
    /// The always-PASS model.
    pub fn always_pass() -> Self {
        Self {
            preset: ModelPreset::AlwaysPass,
            weights: [0.0; NF],
            bias: -50.0,
            mean: [0.0; NF],
            sd: [1.0; NF],
            threshold: 0.5,
            logit_threshold: 0.0,
            version: 1,
        }
    }

    /// Log-odds of REJECT for one image.
    #[inline]
    pub fn logit_of(&self, f: &CameraFeatures) -> f64 {
        self.scorer().logit_of(f)
    }

    /// The model folded into one linear function of the raw features, for scoring many
    /// images (see [`LinearScorer`]); [`Classifier::logit_of`] gives the same bits.
    pub fn scorer(&self) -> LinearScorer {
        let mut coef = [0.0; NF];
        let mut offset = self.bias;
        for i in 0..NF {
            let c = self.weights[i] / self.sd[i];
            offset -= c * self.mean[i];
            coef[i] = c;
        }
        if self.preset == ModelPreset::BrokenFeature {
            // The contrast feature arrives as 0 at serving time: only its constant part stays.
            coef[0] = 0.0;
        }
        LinearScorer {
            coef,
            offset,
            logit_threshold: self.logit_threshold,
        }
    }

    /// Probability score of REJECT.
    pub fn score(&self, f: &CameraFeatures) -> f64 {
        sigmoid(self.logit_of(f))
    }

    /// True when the model says REJECT.
    #[inline]
    pub fn predict(&self, f: &CameraFeatures) -> bool {
        self.logit_of(f) >= self.logit_threshold
    }

    /// Changes the decision threshold.
    pub fn set_threshold(&mut self, threshold: f64) {
        self.threshold = threshold.clamp(1e-6, 1.0 - 1e-6);
        self.logit_threshold = logit(self.threshold);
    }

    /// Accuracy and recall on `rows`.
    pub fn evaluate(&self, rows: &[Example]) -> (f64, f64) {
        if rows.is_empty() {
            return (0.0, 0.0);
        }
        let scorer = self.scorer();
        let mut correct = 0usize;
        let mut pos = 0usize;
        let mut tp = 0usize;
        for r in rows {
            let p = scorer.predict(&r.x);
            if p == r.y {
                correct += 1;
            }
            if r.y {
                pos += 1;
                if p {
                    tp += 1;
                }
            }
        }
        let recall = if pos == 0 {
            0.0
        } else {
            tp as f64 / pos as f64
        };
        (correct as f64 / rows.len() as f64, recall)
    }

    /// Trains on `rows` (last 20% held out as the test set) per `spec`.
    pub fn train(rows: &[Example], spec: &ModelSpec, version: u32) -> (Self, TrainReport) {
        if spec.preset == ModelPreset::AlwaysPass {
            let mut m = Self::always_pass();
            m.version = version;
            let split = rows.len() * 4 / 5;
            let (tr, te) = rows.split_at(split);
            let (ta, _) = m.evaluate(tr);
            let (sa, sr) = m.evaluate(te);
            let pos = rows.iter().filter(|r| r.y).count();
            return (
                m,
                TrainReport {
                    train_rows: tr.len(),
                    test_rows: te.len(),
                    train_accuracy: ta,
                    test_accuracy: sa,
                    test_recall: sr,
                    positive_share: ratio(pos, rows.len()),
                },
            );
        }
        let split = rows.len() * 4 / 5;
        let (train, test) = rows.split_at(split);
        let invert = spec.preset == ModelPreset::WrongLabels;
        let n = train.len().max(1) as f64;
        let mut mean = [0.0; NF];
        for r in train {
            let x = r.x.as_array();
            for i in 0..NF {
                mean[i] += x[i] / n;
            }
        }
        let mut sd = [0.0; NF];
        for r in train {
            let x = r.x.as_array();
            for i in 0..NF {
                sd[i] += (x[i] - mean[i]) * (x[i] - mean[i]) / n;
            }
        }
        for s in &mut sd {
            *s = libm::sqrt(*s).max(1e-6);
        }
        // Standardise once so each iteration is a tight loop.
        let z: Vec<([f64; NF], f64, f64)> = train
            .iter()
            .map(|r| {
                let x = r.x.as_array();
                let mut s = [0.0; NF];
                for i in 0..NF {
                    s[i] = (x[i] - mean[i]) / sd[i];
                }
                let y = if r.y != invert { 1.0 } else { 0.0 };
                let w = if y > 0.5 { spec.positive_weight } else { 1.0 };
                (s, y, w)
            })
            .collect();
        let total_w: f64 = z.iter().map(|r| r.2).sum::<f64>().max(1e-12);
        let mut weights = [0.0; NF];
        let mut bias = 0.0;
        for _ in 0..spec.iterations {
            let mut gw = [0.0; NF];
            let mut gb = 0.0;
            for (x, y, w) in &z {
                let mut s = bias;
                for i in 0..NF {
                    s += weights[i] * x[i];
                }
                let err = w * (sigmoid(s) - y);
                for i in 0..NF {
                    gw[i] += err * x[i];
                }
                gb += err;
            }
            for i in 0..NF {
                // Small L2 penalty keeps weights finite on separable data.
                weights[i] -= spec.learning_rate * (gw[i] / total_w + 1e-4 * weights[i]);
            }
            bias -= spec.learning_rate * gb / total_w;
        }
        let mut m = Self {
            preset: spec.preset,
            weights,
            bias,
            mean,
            sd,
            threshold: 0.5,
            logit_threshold: 0.0,
            version,
        };
        m.set_threshold(spec.threshold);
        let (ta, _) = m.evaluate(train);
        let (sa, sr) = m.evaluate(test);
        let pos = rows.iter().filter(|r| r.y).count();
        (
            m,
            TrainReport {
                train_rows: train.len(),
                test_rows: test.len(),
                train_accuracy: ta,
                test_accuracy: sa,
                test_recall: sr,
                positive_share: ratio(pos, rows.len()),
            },
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
