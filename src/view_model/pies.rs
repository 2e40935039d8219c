//! Values of the live pies: decisions, who decided, traffic split, errors by defect type.

use driftline_sim::automation::AutomationLevel;
use driftline_sim::lessons::pies as sim_pies;
use driftline_sim::metrics::History;
use driftline_sim::world::World;

use crate::charts::palette;

/// Ticks the traffic pie looks back over: the current split, not the whole run's.
pub const TRAFFIC_WINDOW_TICKS: usize = 100;

/// One wedge.
#[derive(Clone, Debug, PartialEq)]
pub struct Wedge {
    /// Legend label.
    pub label: String,
    /// Short mark drawn on the wedge and in the legend (so colour is never the only cue).
    pub mark: &'static str,
    /// Value.
    pub value: f64,
    /// CSS colour.
    pub colour: String,
}

/// One pie.
#[derive(Clone, Debug, PartialEq)]
pub struct PieData {
    /// Test-id suffix: `pie-<id>`.
    pub id: &'static str,
    /// Title.
    pub title: String,
    /// Wedges in legend order.
    pub wedges: Vec<Wedge>,
}

impl PieData {
    /// Sum of the wedge values.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.wedges.iter().map(|w| w.value.max(0.0)).sum()
    }

    /// Share of wedge `i` (0 when the pie is empty).
    #[must_use]
    pub fn share(&self, i: usize) -> f64 {
        let total = self.total();
        match self.wedges.get(i) {
            Some(w) if total > 0.0 => w.value.max(0.0) / total,
            _ => 0.0,
        }
    }
}

// Counts stay far below 2^52.
fn wedge(label: &str, mark: &'static str, value: u64, colour: &str) -> Wedge {
    Wedge {
        label: label.to_owned(),
        mark,
        value: value as f64,
        colour: colour.to_owned(),
    }
}

/// Final decisions since the start.
#[must_use]
pub fn decisions(world: &World) -> PieData {
    let t = world.totals();
    PieData {
        id: "decisions",
        title: "Decisions so far".to_owned(),
        wedges: vec![
            wedge(
                "True pass",
                "TP",
                t.decisions.tn,
                &palette::css(palette::TRUE_PASS),
            ),
            wedge(
                "True reject",
                "TR",
                t.decisions.tp,
                &palette::css(palette::TRUE_REJECT),
            ),
            wedge(
                "False pass (escaped)",
                "FP",
                t.decisions.fn_,
                &palette::css(palette::FALSE_PASS),
            ),
            wedge(
                "False reject",
                "FR",
                t.decisions.fp,
                &palette::css(palette::FALSE_REJECT),
            ),
        ],
    }
}

/// Who made the final decisions since the start. With AI assistance every human decision
/// was made with the model's suggestion in view: both decided.
#[must_use]
pub fn deciders(world: &World) -> PieData {
    let t = world.totals();
    let human_label = if world.automation() == AutomationLevel::AiAssistance {
        "Human with model suggestion"
    } else {
        "Human"
    };
    PieData {
        id: "deciders",
        title: "Who decided".to_owned(),
        wedges: vec![
            wedge(human_label, "H", t.by_human, palette::HUMAN),
            wedge("Model", "M", t.by_model, palette::MODEL),
            wedge("Fallback default", "D", t.by_default, palette::NEUTRAL),
        ],
    }
}

/// Model traffic over the last [`TRAFFIC_WINDOW_TICKS`] ticks.
#[must_use]
pub fn traffic(history: &History) -> PieData {
    let skip = history.len().saturating_sub(TRAFFIC_WINDOW_TICKS);
    let (mut stable, mut candidate, mut shadow) = (0, 0, 0);
    for m in history.iter().skip(skip) {
        stable += m.to_stable;
        candidate += m.to_candidate;
        shadow += m.shadowed;
    }
    PieData {
        id: "traffic",
        title: format!("Model traffic, last {TRAFFIC_WINDOW_TICKS} ticks"),
        wedges: vec![
            wedge("Stable (blue)", "B", stable, palette::BLUE_ARM),
            wedge("Candidate (green)", "G", candidate, palette::GREEN_ARM),
            wedge("Shadow copies", "S", shadow, palette::NEUTRAL),
        ],
    }
}

/// "scratch" -> "Scratch", so the legend reads like the other pies' legends.
fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Final-decision errors by true defect type, from the labels that have arrived.
#[must_use]
pub fn errors_by_type(world: &World) -> PieData {
    let pie = sim_pies::errors_by_type(world);
    let marks = ["N", "Sc", "De", "Pi", "Di"];
    PieData {
        id: "errors",
        title: "Errors by defect type (labelled)".to_owned(),
        wedges: pie
            .slices
            .iter()
            .enumerate()
            .map(|(i, s)| Wedge {
                label: if s.label == "none" {
                    "No defect (false reject)".to_owned()
                } else {
                    capitalised(&s.label)
                },
                mark: marks.get(i).copied().unwrap_or("?"),
                value: s.value,
                colour: palette::CATEGORY
                    .get(i)
                    .copied()
                    .unwrap_or(palette::NEUTRAL)
                    .to_owned(),
            })
            .collect(),
    }
}

/// The four live pies.
#[must_use]
pub fn all(world: &World) -> Vec<PieData> {
    vec![
        decisions(world),
        deciders(world),
        traffic(world.history()),
        errors_by_type(world),
    ]
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn labels_get_a_capital_first_letter_only() {
        assert_eq!(capitalised("scratch"), "Scratch");
        assert_eq!(capitalised("dark spot"), "Dark spot");
        assert_eq!(capitalised(""), "");
    }
}
