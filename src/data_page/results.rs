//! The results of a run: the column with each detector's firings, the statistics of every
//! window against the reference with Evidently's default lines, the two histograms, and
//! the export buttons.

use std::rc::Rc;

use driftline_sim::drift_check::{Overlay, WindowStat, THRESHOLDS};
use yew::prelude::*;

use super::canvas::{Drawing, DrawnCanvas};
use super::draw::{draw_lanes, draw_overlay, Lane};
use super::export::ExportResults;
use super::job::Analysis;
use crate::charts::line::AlarmSpan;
use crate::charts::palette::ChartTheme;
use crate::components::controls::target_value;
use crate::components::line_chart::LineChart;

/// Event markers drawn on the column chart at most (the lanes show every firing).
const MAX_MARKERS: usize = 2000;

/// Props of [`Results`].
#[derive(Properties)]
pub struct ResultsProps {
    /// What the run found.
    pub analysis: Rc<Analysis>,
    /// Changes with every run.
    pub version: u64,
}

impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.version == other.version
    }
}

fn range_of(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = xs
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(x), h.max(x))
        });
    if lo <= hi {
        (lo, hi)
    } else {
        (0.0, 1.0)
    }
}

/// The lanes of the detector drawing, firings as data rows.
#[must_use]
pub fn lanes(a: &Analysis) -> Vec<Lane> {
    let row = |i: &usize| a.rows.get(*i).copied().unwrap_or(*i) as f64;
    let f = &a.firings;
    let lane = |name, hits: &[usize]| Lane {
        name,
        marks: hits.iter().map(row).collect(),
        spans: Vec::new(),
        note: None,
    };
    let mut ddm = lane("DDM", &f.ddm);
    ddm.spans = f
        .ddm_warnings
        .iter()
        .map(|(x, y)| (row(x), row(y)))
        .collect();
    if !f.ddm_ran {
        ddm.note = Some("needs a 0/1 error column");
    }
    vec![
        lane("ADWIN", &f.adwin),
        lane("Page-Hinkley", &f.page_hinkley),
        lane("KSWIN", &f.kswin),
        ddm,
    ]
}

/// The results.
#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let a = props.analysis.clone();
    let theme = use_context::<ChartTheme>().unwrap_or(ChartTheme::LIGHT);
    let v = props.version;
    let most = a
        .windows
        .iter()
        .enumerate()
        .max_by(|x, y| x.1.psi.total_cmp(&y.1.psi))
        .map_or(0, |(i, _)| i);
    let picked = use_state(|| None::<usize>);
    let window_index = picked
        .unwrap_or(most)
        .min(a.windows.len().saturating_sub(1));
    let row_of = |i: usize| a.rows.get(i).copied().unwrap_or(i);

    let points: Rc<[(f64, f64)]> = a
        .rows
        .iter()
        .zip(&a.values)
        .map(|(&r, &x)| (r as f64, x))
        .collect();
    let x_range = range_of(a.rows.iter().map(|&r| r as f64));
    let lanes = Rc::new(lanes(&a));
    let mut markers: Vec<f64> = lanes.iter().flat_map(|l| l.marks.iter().copied()).collect();
    markers.sort_by(f64::total_cmp);
    markers.dedup();
    let capped = markers.len() > MAX_MARKERS;
    markers.truncate(MAX_MARKERS);
    let spans: Rc<[AlarmSpan]> = lanes
        .get(3)
        .map_or(Vec::new(), |l| l.spans.clone())
        .into_iter()
        .map(|(s, e)| AlarmSpan {
            start_tick: s,
            end_tick: e,
            firing: false,
        })
        .collect();

    let draw_lanes_fn: Drawing = {
        let lanes = lanes.clone();
        Rc::new(move |root| draw_lanes(root, &lanes, x_range, theme))
    };
    let window = a.windows.get(window_index).copied();
    let overlay = window.and_then(|w| {
        Overlay::of(
            &a.reference,
            a.values.get(w.start..w.end).unwrap_or_default(),
        )
    });
    let overlay_caption = window.map_or_else(String::new, |w| {
        format!(
            "Reference vs rows {} to {}",
            row_of(w.start),
            row_of(w.end.saturating_sub(1))
        )
    });
    let draw_overlay_fn: Drawing = {
        let (o, c) = (overlay.clone(), overlay_caption.clone());
        Rc::new(move |root| match &o {
            Some(o) => draw_overlay(root, &c, &o.edges, &o.reference, &o.current, theme),
            None => Ok(()),
        })
    };
    let stat_chart = |id: &'static str,
                      caption: &'static str,
                      get: fn(&WindowStat) -> f64,
                      threshold: f64,
                      floor: f64| {
        let pts: Rc<[(f64, f64)]> = a
            .windows
            .iter()
            .map(|w| (row_of(w.end.saturating_sub(1)) as f64, get(w)))
            .collect();
        let top = pts
            .iter()
            .map(|p| p.1)
            .filter(|x| x.is_finite())
            .fold(floor, f64::max);
        let drifted = a
            .windows
            .iter()
            .filter(|w| w.drifted().iter().any(|d| caption.starts_with(d)))
            .count();
        html! {
            <figure class="data-stat">
                <LineChart id={id} caption={format!("{caption} per window (line: Evidently's {threshold})")}
                    points={pts} threshold={Some(threshold)} y_range={(0.0, top)} x_range={x_range} version={v} test_prefix="data-" />
                <figcaption>{ format!("{drifted} of {} windows cross the line", a.windows.len()) }</figcaption>
            </figure>
        }
    };
    let on_window = {
        let picked = picked.clone();
        Callback::from(move |e: Event| picked.set(target_value(&e).parse().ok()))
    };
    let skipped = (a.skipped_count > 0).then(|| {
        let list: Vec<String> = a.skipped.iter().map(ToString::to_string).collect();
        format!(
            "{} cell(s) were skipped: {}{}",
            a.skipped_count,
            list.join("; "),
            if a.skipped_count > list.len() {
                "; ..."
            } else {
                ""
            }
        )
    });
    html! {
        <section class="data-results" aria-label="Results" data-testid="data-results">
            <p class="data-summary" data-testid="data-summary">
                { format!("{} values of \u{201c}{}\u{201d} from {} data rows; reference: {} ({} values); {} windows.",
                    a.values.len(), a.column, a.data_rows, a.reference_label, a.reference.len(), a.windows.len()) }
            </p>
            if let Some(s) = skipped { <p class="notice" role="status" data-testid="data-skipped">{ s }</p> }
            { for a.notes.iter().map(|n| html! { <p class="notice" role="status" data-testid="data-note">{ n.clone() }</p> }) }
            <h3>{ "Detectors" }</h3>
            <LineChart id="column" caption={format!("{} by data row; marks: detector firings{}", a.column, if capped { " (first 2000)" } else { "" })}
                points={points} y_range={range_of(a.values.iter().copied())} x_range={x_range}
                events={Rc::<[f64]>::from(markers)} alarms={spans} version={v} test_prefix="data-" />
            <DrawnCanvas id="data-lanes" height={132} version={v} draw={draw_lanes_fn}
                label={lanes.iter().map(|l| format!("{}: {} firing(s)", l.name, l.marks.len())).collect::<Vec<_>>().join(", ")} />
            <table class="data-table" data-testid="data-firings">
                <thead><tr><th scope="col">{ "Detector" }</th><th scope="col">{ "Firings" }</th><th scope="col">{ "First at data rows" }</th></tr></thead>
                <tbody>
                    { for lanes.iter().map(|l| html! {
                        <tr data-testid={format!("data-firings-{}", l.name.to_lowercase())}>
                            <th scope="row">{ l.name }</th>
                            <td>{ l.note.map_or_else(|| l.marks.len().to_string(), str::to_string) }</td>
                            <td>{ l.marks.iter().take(5).map(|m| format!("{m}")).collect::<Vec<_>>().join(", ") }
                                { if l.spans.is_empty() { String::new() } else { format!(" (warning zones: {})", l.spans.len()) } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "Drift statistics, each window against the reference" }</h3>
            <div class="data-stats">
                { stat_chart("psi", "PSI", |w| w.psi, THRESHOLDS.psi, 0.25) }
                { stat_chart("ks", "KS p-value", |w| w.ks_p_value, THRESHOLDS.ks_p_value, 1.0) }
                { stat_chart("wasserstein", "Wasserstein (normed)", |w| w.wasserstein_normed, THRESHOLDS.wasserstein_normed, 0.2) }
                { stat_chart("js", "Jensen-Shannon", |w| w.jensen_shannon, THRESHOLDS.jensen_shannon, 0.2) }
            </div>
            if let Some(w) = window {
                <p class="data-window-pick">
                    <label for="data-window-pick">{ "Histograms of window " }</label>
                    <select id="data-window-pick" onchange={on_window} data-testid="data-window-pick">
                        { for a.windows.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={i == window_index}>
                                { format!("rows {} to {}{}", row_of(s.start), row_of(s.end.saturating_sub(1)), if i == most { " (largest PSI)" } else { "" }) }
                            </option>
                        }) }
                    </select>
                    { format!(" PSI {:.3}, KS {:.3} (p {:.3}), Wasserstein {:.3}, Jensen-Shannon {:.3}", w.psi, w.ks_statistic, w.ks_p_value, w.wasserstein_normed, w.jensen_shannon) }
                </p>
                <DrawnCanvas id="data-histograms" height={220} version={v.wrapping_mul(1_000_003).wrapping_add(window_index as u64)}
                    draw={draw_overlay_fn} label={format!("{overlay_caption}: the two histograms overlaid")} />
            }
            <ExportResults analysis={a.clone()} />
        </section>
    }
}
