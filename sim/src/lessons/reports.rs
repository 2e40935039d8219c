//! Tables the lessons read off a world: per slice (lesson 15), per defect type against
//! human-level performance (lesson 16), training vs test vs business (lesson 13).

use crate::labels::Confusion;
use crate::model::TrainReport;
use crate::phone::{DefectType, DEFECT_TYPES};
use crate::world::World;
use serde::Serialize;

/// Model performance on one slice, from all delayed labels so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SliceRow {
    /// Slice name.
    pub slice: String,
    /// Share of labelled phones in this slice.
    pub share: f64,
    /// Model accuracy on the slice.
    pub accuracy: Option<f64>,
    /// Model recall on the slice.
    pub recall: Option<f64>,
    /// Labelled phones.
    pub labelled: u64,
}

/// Per-slice model metrics (lesson 15).
pub fn slice_report(world: &World) -> Vec<SliceRow> {
    let labels = &world.labels().arrived_total;
    let total: u64 = labels.model_by_slice.iter().map(Confusion::total).sum();
    world
        .scenario()
        .slices
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = labels.model_by_slice[i];
            SliceRow {
                slice: s.name.clone(),
                share: if total > 0 {
                    c.total() as f64 / total as f64
                } else {
                    0.0
                },
                accuracy: c.accuracy(),
                recall: c.recall(),
                labelled: c.total(),
            }
        })
        .collect()
}

/// One row of the baseline table (lesson 16).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BaselineRow {
    /// Defect type.
    pub defect: DefectType,
    /// Model accuracy on phones of this type.
    pub model_accuracy: f64,
    /// Human-level performance: inspectors' measured accuracy on this type.
    pub hlp: f64,
    /// HLP minus model accuracy (negative: the model is already better).
    pub gap: f64,
    /// Share of defective phones of this type.
    pub share: f64,
    /// gap x share: how much overall improvement closing the gap would buy.
    pub gap_x_share: f64,
}

/// Per defect type: model vs human accuracy, gap, share (needs a run where both the
/// model and people see phones, e.g. shadow mode). Defect-free phones are left out.
pub fn baseline_table(world: &World) -> Vec<BaselineRow> {
    let l = &world.labels().arrived_total;
    let defective: u64 = (1..DEFECT_TYPES).map(|i| l.model_by_type[i].total()).sum();
    (1..DEFECT_TYPES)
        .map(|i| {
            let model_accuracy = l.model_by_type[i].accuracy().unwrap_or(0.0);
            let hlp = l.human_by_type[i]
                .accuracy()
                .unwrap_or_else(|| world.scenario().human.hlp.as_array()[i]);
            let share = if defective > 0 {
                l.model_by_type[i].total() as f64 / defective as f64
            } else {
                0.0
            };
            let gap = hlp - model_accuracy;
            BaselineRow {
                defect: DefectType::ALL[i],
                model_accuracy,
                hlp,
                gap,
                share,
                gap_x_share: gap.max(0.0) * share,
            }
        })
        .collect()
}

/// Training, test and business figures of one model side by side (lesson 13).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Milestones {
    /// Training and held-out figures.
    pub train: TrainReport,
    /// Accuracy in production, from delayed labels.
    pub production_accuracy: Option<f64>,
    /// Escaped defects in production.
    pub escapes: u64,
    /// False rejects in production.
    pub false_rejects: u64,
    /// Business cost of escapes and false rejects.
    pub business_cost: f64,
}

/// The stable model's milestones after a run.
pub fn milestones(world: &World) -> Milestones {
    let t = world.totals();
    let c = world.scenario().costs;
    Milestones {
        train: world.initial_train_report(),
        production_accuracy: world.labels().arrived_total.model.accuracy(),
        escapes: t.decisions.fn_,
        false_rejects: t.decisions.fp,
        business_cost: t.decisions.fn_ as f64 * c.escape_cost
            + t.decisions.fp as f64 * c.false_reject_cost,
    }
}
