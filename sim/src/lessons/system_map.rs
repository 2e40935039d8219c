//! Lesson 2: the boxes of Sculley et al.'s "Hidden Technical Debt in Machine Learning
//! Systems" figure, each bound to a live metric of the simulation.

use serde::Serialize;

/// One box of the system diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SystemBox {
    /// Box name as in the figure.
    pub name: &'static str,
    /// What it stands for on this factory line.
    pub stands_for: &'static str,
    /// The `TickMetrics` field that shows it working.
    pub metric: &'static str,
    /// True for the small box in the middle: the ML code.
    pub is_ml_code: bool,
}

/// The system map: nine boxes, each bound to a `TickMetrics` field.
pub fn system_map() -> Vec<SystemBox> {
    let b = |name, stands_for, metric| SystemBox {
        name,
        stands_for,
        metric,
        is_ml_code: false,
    };
    vec![
        b(
            "Data collection",
            "phones arriving at the camera",
            "arrived",
        ),
        b(
            "Data verification",
            "share of images missing (camera faults)",
            "missing_share",
        ),
        b(
            "Feature extraction",
            "brightness, defect size, contrast and blur from each image",
            "mean_brightness",
        ),
        SystemBox {
            name: "ML code",
            stands_for: "the logistic regression that scores each phone",
            metric: "by_model",
            is_ml_code: true,
        },
        b(
            "Serving infrastructure",
            "model servers, their queue and latency",
            "latency_p99_ms",
        ),
        b(
            "Monitoring",
            "drift statistics on brightness against the training reference",
            "psi_brightness",
        ),
        b(
            "Configuration",
            "the decision threshold and rollout weights",
            "decision_threshold",
        ),
        b(
            "Analysis tools",
            "delayed-label recall of the model",
            "model_recall",
        ),
        b(
            "Process management",
            "the lifecycle stage: deploy, monitor, alarm, retrain",
            "lifecycle_stage",
        ),
    ]
}
