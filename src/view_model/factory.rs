//! Tiles of the factory view: one per phone decided in the last few ticks.
//!
//! The simulation reports per-tick counts, not per-phone records, so each tick's counts are
//! expanded into tiles; who decided and which model served are spread over the tick's tiles
//! in proportion to that tick's counts.

use driftline_sim::automation::AutomationLevel;
use driftline_sim::metrics::History;

/// Outcome of one decided phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Good phone passed.
    TruePass,
    /// Defective phone rejected.
    TrueReject,
    /// Defective phone passed (escaped).
    FalsePass,
    /// Good phone rejected.
    FalseReject,
}

impl Outcome {
    /// Two-letter code drawn on the tile.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Outcome::TruePass => "TP",
            Outcome::TrueReject => "TR",
            Outcome::FalsePass => "FP",
            Outcome::FalseReject => "FR",
        }
    }
    /// Words for screen readers and the legend.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Outcome::TruePass => "good phone passed",
            Outcome::TrueReject => "defect caught",
            Outcome::FalsePass => "defect escaped",
            Outcome::FalseReject => "good phone rejected",
        }
    }
    /// CSS class suffix.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Outcome::TruePass => "tp",
            Outcome::TrueReject => "tr",
            Outcome::FalsePass => "fp",
            Outcome::FalseReject => "fr",
        }
    }
    /// True for the correct decisions.
    #[must_use]
    pub fn correct(self) -> bool {
        matches!(self, Outcome::TruePass | Outcome::TrueReject)
    }
}

/// Who decided a phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decider {
    /// A human inspector alone.
    Human,
    /// A human with the model's suggestion in view.
    Both,
    /// The model.
    Model,
    /// The fallback default.
    Default,
}

impl Decider {
    /// Short label on the tile.
    #[must_use]
    pub fn short(self) -> &'static str {
        match self {
            Decider::Human => "human",
            Decider::Both => "both",
            Decider::Model => "model",
            Decider::Default => "default",
        }
    }
}

/// Which model answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Served {
    /// No model answered (human only or fallback).
    None,
    /// The stable (blue) model.
    Blue,
    /// The candidate (green) model.
    Green,
}

impl Served {
    /// Short label on the tile.
    #[must_use]
    pub fn short(self) -> &'static str {
        match self {
            Served::None => "",
            Served::Blue => "blue",
            Served::Green => "green",
        }
    }
}

/// One phone on the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tile {
    /// Tick it was decided in.
    pub tick: u64,
    /// Index within the tick (for stable keys).
    pub index: u32,
    /// Outcome.
    pub outcome: Outcome,
    /// Who decided.
    pub decider: Decider,
    /// Which model served it.
    pub served: Served,
    /// A shadow model also saw it (answer discarded).
    pub shadowed: bool,
}

/// True for the `i`-th of `n` items when `k` of them should be picked, spread evenly.
fn spread(i: u64, n: u64, k: u64) -> bool {
    n > 0 && (i + 1) * k / n > i * k / n
}

/// Tiles for the last `ticks` ticks, at most `max_tiles` (the newest are kept), oldest first.
#[must_use]
pub fn tiles(
    history: &History,
    automation: AutomationLevel,
    ticks: usize,
    max_tiles: usize,
) -> Vec<Tile> {
    let skip = history.len().saturating_sub(ticks);
    let mut out = Vec::new();
    for m in history.iter().skip(skip) {
        let mut outcomes: Vec<Outcome> = Vec::new();
        outcomes.extend(std::iter::repeat_n(
            Outcome::TruePass,
            usize::try_from(m.true_pass).unwrap_or(0),
        ));
        // Errors and rejects are spread among the passes so the row does not clump by kind.
        let rare: Vec<Outcome> = std::iter::repeat_n(
            Outcome::TrueReject,
            usize::try_from(m.true_reject).unwrap_or(0),
        )
        .chain(std::iter::repeat_n(
            Outcome::FalsePass,
            usize::try_from(m.false_pass).unwrap_or(0),
        ))
        .chain(std::iter::repeat_n(
            Outcome::FalseReject,
            usize::try_from(m.false_reject).unwrap_or(0),
        ))
        .collect();
        for (j, o) in rare.into_iter().enumerate() {
            let at = (j * 7 + usize::try_from(m.tick % 5).unwrap_or(0)) % (outcomes.len() + 1);
            outcomes.insert(at, o);
        }
        let n = outcomes.len() as u64;
        let decided = m.by_human + m.by_model + m.by_default;
        let served = m.to_stable + m.to_candidate;
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let i64_ = i as u64;
            // Model share of the tick's decisions, then default share among the rest.
            let by_model = decided > 0 && spread(i64_, n, n * m.by_model / decided.max(1));
            let by_default =
                !by_model && decided > 0 && spread(i64_, n, n * m.by_default / decided.max(1));
            let decider = if by_model {
                Decider::Model
            } else if by_default {
                Decider::Default
            } else if automation == AutomationLevel::AiAssistance {
                Decider::Both
            } else {
                Decider::Human
            };
            let served_by = if served == 0 {
                Served::None
            } else if spread(i64_, n, n * m.to_candidate / served) {
                Served::Green
            } else {
                Served::Blue
            };
            out.push(Tile {
                tick: m.tick,
                index: u32::try_from(i).unwrap_or(u32::MAX),
                outcome,
                decider,
                served: if decider == Decider::Default {
                    Served::None
                } else {
                    served_by
                },
                shadowed: m.shadowed > 0,
            });
        }
    }
    let extra = out.len().saturating_sub(max_tiles);
    out.drain(..extra);
    out
}
