//! Lesson 17: the run summarised as pie charts, computed from the run's totals.
//! One pie is editable as in the seed post's widget (title, five values, -/+ buttons).

use crate::metrics::Totals;
use crate::phone::{DefectType, DEFECT_TYPES};
use crate::world::World;
use serde::{Deserialize, Serialize};

/// One slice of a pie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PieSlice {
    /// Legend label.
    pub label: String,
    /// Value (non-negative).
    pub value: f64,
}

/// A pie chart: a title and slices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pie {
    /// Title.
    pub title: String,
    /// Slices, in legend order.
    pub slices: Vec<PieSlice>,
}

impl Pie {
    fn new(title: &str, slices: &[(&str, u64)]) -> Self {
        Self {
            title: title.into(),
            slices: slices
                .iter()
                .map(|(l, v)| PieSlice {
                    label: (*l).into(),
                    value: *v as f64,
                })
                .collect(),
        }
    }

    /// Sum of the slices.
    pub fn total(&self) -> f64 {
        self.slices.iter().map(|s| s.value).sum()
    }

    /// Each slice's share of the total (all 0 when the pie is empty).
    pub fn shares(&self) -> Vec<f64> {
        let t = self.total();
        self.slices
            .iter()
            .map(|s| if t > 0.0 { s.value / t } else { 0.0 })
            .collect()
    }

    /// Adds `delta` to slice `i` (the widget's -/+ buttons); values never go below 0.
    /// Returns false when there is no slice `i` or `delta` is not finite.
    pub fn adjust(&mut self, i: usize, delta: f64) -> bool {
        match self.slices.get_mut(i) {
            Some(s) if delta.is_finite() => {
                s.value = (s.value + delta).max(0.0);
                true
            }
            _ => false,
        }
    }

    /// The seed's editable pie: a title and five values.
    pub fn editable_default() -> Self {
        Self::new(
            "Where does the time go?",
            &[
                ("Scoping", 1),
                ("Data", 4),
                ("Modeling", 2),
                ("Deployment", 2),
                ("Monitoring", 3),
            ],
        )
    }
}

/// Final decisions: true/false pass/reject.
pub fn decisions(t: &Totals) -> Pie {
    Pie::new(
        "Decisions",
        &[
            ("True pass", t.decisions.tn),
            ("False pass (escaped defect)", t.decisions.fn_),
            ("True reject", t.decisions.tp),
            ("False reject", t.decisions.fp),
        ],
    )
}

/// Who made each final decision.
pub fn deciders(t: &Totals) -> Pie {
    Pie::new(
        "Who decided",
        &[
            ("Human", t.by_human),
            ("Model", t.by_model),
            ("Fallback default", t.by_default),
        ],
    )
}

/// Model traffic: blue, green, and mirrored shadow copies.
pub fn traffic(t: &Totals) -> Pie {
    Pie::new(
        "Model traffic",
        &[
            ("Stable (blue)", t.to_stable),
            ("Candidate (green)", t.to_candidate),
            ("Shadow copies", t.shadowed),
        ],
    )
}

/// Final-decision errors by true defect type, from the labels that have arrived.
pub fn errors_by_type(world: &World) -> Pie {
    let l = &world.labels().arrived_total;
    let mut pie = Pie {
        title: "Errors by defect type".into(),
        slices: Vec::with_capacity(DEFECT_TYPES),
    };
    for (i, t) in DefectType::ALL.iter().enumerate() {
        pie.slices.push(PieSlice {
            label: t.name().into(),
            value: l.final_by_type[i].errors() as f64,
        });
    }
    pie
}

/// All four live pies of a world.
pub fn all(world: &World) -> Vec<Pie> {
    let t = world.totals();
    vec![decisions(t), deciders(t), traffic(t), errors_by_type(world)]
}
