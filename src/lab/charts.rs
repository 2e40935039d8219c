//! Which charts a lab draws and where: folded from the world's history through the lab's
//! [`ChartCache`], filtered by the lesson's panels, each chart that cannot have data in the
//! current setup replaced by one line saying why, the lesson's two focus charts on the
//! stage and the rest under "All settings".

use std::rc::Rc;

use driftline_sim::automation::AutomationLevel;
use driftline_sim::world::World;
use yew::prelude::*;

use super::panels::LabPanels;
use super::state::LabState;
use crate::view_model::alarms::AlarmEntry;
use crate::view_model::chart_cache::ChartCache;
use crate::view_model::metrics::Family;
use crate::view_model::{self, ChartView, Marker};

/// During a fast-forward the charts are recomputed and redrawn on every this many slices
/// (their view model walks the whole history), the tick and progress bar on every slice.
const FAST_FORWARD_REDRAW_EVERY: u64 = 8;

/// Charts drawn on the stage, next to the picture; the others follow under "All settings".
const STAGE_CHARTS: usize = 2;

/// The version the charts follow: the state's, except during a fast-forward, where it only
/// moves every [`FAST_FORWARD_REDRAW_EVERY`] slices.
#[must_use]
pub fn display_version(state: &LabState) -> u64 {
    if state.fast_forward.is_some() {
        state.version - state.version % FAST_FORWARD_REDRAW_EVERY
    } else {
        state.version
    }
}

/// What a lab's charts show at one version.
pub struct LabCharts {
    /// The stage's charts (up to [`STAGE_CHARTS`], the focus family first).
    pub stage: Rc<Vec<ChartView>>,
    /// The other charts, under "All settings".
    pub more: Rc<Vec<ChartView>>,
    /// The alarm log.
    pub log: Vec<AlarmEntry>,
    /// Event ticks (the pink lines).
    pub events: Rc<[f64]>,
    /// Events with their labels.
    pub markers: Vec<Marker>,
    /// The shared x range.
    pub x_range: (f64, f64),
    /// Captions of the charts whose alarm fires now (the picture's alarm lamp).
    pub firing: Vec<&'static str>,
    /// Charts left out, with why they can have no data.
    pub unavailable: Vec<(&'static str, &'static str)>,
}

/// The lab's charts, recomputed when the display version, thresholds or panels change;
/// each time only the ticks added since the last one are folded in ([`ChartCache`]).
#[hook]
pub fn use_lab_charts(state: &UseReducerHandle<LabState>, panels: LabPanels) -> Rc<LabCharts> {
    let cache = use_mut_ref(ChartCache::default);
    let state = state.clone();
    use_memo(
        (display_version(&state), state.thresholds.clone(), panels),
        move |(_, thresholds, panels)| {
            let world = state.world();
            let all = cache.borrow_mut().charts(&world, thresholds);
            let log = view_model::alarm_log(&all);
            let firing = all
                .iter()
                .filter(|c| c.track.now == Some(true))
                .map(|c| c.spec.caption)
                .collect();
            let mut shown = Vec::new();
            let mut unavailable = Vec::new();
            for c in all.into_iter().filter(|c| panels.wants(c.spec.family)) {
                match why_no_data(&world, c.spec.id) {
                    Some(why) if c.points.is_empty() => unavailable.push((c.spec.caption, why)),
                    _ => shown.push(c),
                }
            }
            let markers = view_model::markers(&world);
            // Ticks stay far below 2^52, so the conversion is exact.
            let events = markers.iter().map(|m| m.tick as f64).collect();
            let (stage, more) = split_for_stage(&shown, panels.focus());
            LabCharts {
                stage: Rc::new(stage),
                more: Rc::new(more),
                log,
                events,
                markers,
                x_range: view_model::x_range(&world),
                firing,
                unavailable,
            }
        },
    )
}

/// Why the chart `id` can have no data in `world`'s current setup, if it cannot (shown as
/// one line instead of an empty chart; a chart that has data from an earlier setup stays).
fn why_no_data(world: &World, id: &str) -> Option<&'static str> {
    use AutomationLevel as L;
    let level = world.automation();
    match id {
        "overrides" if !matches!(level, L::AiAssistance | L::PartialAutomation) => {
            Some("no inspector sees a model's suggestion at this degree of automation")
        }
        "shadow-agreement" if level != L::Shadow && !world.rollout().mirrors() => {
            Some("no shadow model runs (pick shadow automation or a shadow rollout)")
        }
        "recall" | "precision" | "accuracy" if !level.runs_model() => {
            Some("the model does not run when inspectors alone decide")
        }
        _ => None,
    }
}

/// The stage's charts (up to [`STAGE_CHARTS`], the focus family first) and the rest, each
/// in the lab's order.
fn split_for_stage(shown: &[ChartView], focus: Family) -> (Vec<ChartView>, Vec<ChartView>) {
    let mut order: Vec<usize> = (0..shown.len()).collect();
    crate::keyed_sort::sort_by_u64_key(&mut order, |&i| u64::from(shown[i].spec.family != focus));
    let mut on_stage: Vec<usize> = order.into_iter().take(STAGE_CHARTS).collect();
    on_stage.sort_unstable();
    let (stage, more): (Vec<_>, Vec<_>) = shown
        .iter()
        .enumerate()
        .partition(|(i, _)| on_stage.contains(i));
    let strip = |v: Vec<(usize, &ChartView)>| v.into_iter().map(|(_, c)| c.clone()).collect();
    (strip(stage), strip(more))
}
