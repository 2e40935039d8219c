//! Same-seed comparison (route `#/compare`): two setups, each a lesson preset with its own
//! model threshold, run headlessly on the identical phone stream (same seed, optionally the
//! same extra drift) for N ticks, and their differences in a table.

use std::rc::Rc;

use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use driftline_sim::lessons::Lesson;
use driftline_sim::scenario::{Action as SimAction, Scenario};
use driftline_sim::world::World;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::compare_sides::CompareSides;
use crate::components::controls::target_value;

use crate::view_model::alarms::AlarmChange;
use crate::view_model::{self, input, Thresholds};

/// Longest comparison run (the charts' history keeps 4096 ticks, which alarms are read from).
pub const MAX_COMPARE_TICKS: u64 = 4000;
/// Default run length.
pub const DEFAULT_COMPARE_TICKS: u64 = 600;

/// Extra drift both setups get, so "time to detect" has something to detect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharedDrift {
    /// Only the presets' own drift events.
    None,
    /// Lighting dims suddenly at tick 150 (magnitude 0.5).
    SuddenLight,
    /// The camera blurs gradually from tick 150 over 200 ticks (magnitude 0.6).
    GradualBlur,
}

impl SharedDrift {
    /// Every choice, in menu order.
    pub const ALL: [SharedDrift; 3] = [
        SharedDrift::None,
        SharedDrift::SuddenLight,
        SharedDrift::GradualBlur,
    ];

    /// Menu label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            SharedDrift::None => "Only the presets' own drift",
            SharedDrift::SuddenLight => "Add: lighting dims suddenly at tick 150",
            SharedDrift::GradualBlur => "Add: camera blurs gradually from tick 150",
        }
    }

    /// The event added to both setups.
    #[must_use]
    pub fn event(self) -> Option<DriftEvent> {
        match self {
            SharedDrift::None => None,
            SharedDrift::SuddenLight => Some(DriftEvent::sudden(DriftKind::LightingDim, 150, 0.5)),
            SharedDrift::GradualBlur => Some(DriftEvent {
                kind: DriftKind::CameraBlur,
                shape: DriftShape::Gradual,
                start_tick: 150,
                width_ticks: 200,
                magnitude: 0.6,
            }),
        }
    }
}

/// One side of the comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Side {
    /// Lesson preset (`None`: the default scenario).
    pub lesson: Option<Lesson>,
    /// Stable model's decision threshold (`None`: as in the preset).
    pub threshold: Option<f64>,
}

/// The scenario one side runs: its preset with the shared seed, its threshold and the
/// shared drift.
#[must_use]
pub fn side_scenario(side: Side, seed: u64, drift: SharedDrift) -> Scenario {
    let mut s = side.lesson.map_or_else(Scenario::default, Lesson::preset);
    s.seed = seed;
    if let Some(t) = side.threshold {
        s.model.threshold = t;
    }
    s.events.extend(drift.event());
    s
}

/// What one side's run came to.
#[derive(Clone, Debug, PartialEq)]
pub struct SideResult {
    /// Defective phones passed.
    pub escaped: u64,
    /// Good phones rejected.
    pub false_rejects: u64,
    /// Phones decided by inspectors.
    pub by_human: u64,
    /// Inspector hours: phones decided by hand over one inspector's unassisted rate.
    pub human_hours: f64,
    /// Accuracy of final decisions.
    pub accuracy: Option<f64>,
    /// Start of the first drift event (preset, shared or scripted).
    pub first_drift: Option<u64>,
    /// First tick any chart's alarm fired at or after `first_drift`.
    pub first_alarm_after: Option<u64>,
}

impl SideResult {
    /// Ticks from the first drift event to the first alarm after it.
    #[must_use]
    pub fn detection_delay(&self) -> Option<u64> {
        Some(self.first_alarm_after? - self.first_drift?)
    }
}

/// Runs `scenario` for `ticks` ticks without a page.
///
/// # Errors
/// The simulation's validation message.
pub fn run_side(scenario: Scenario, ticks: u64) -> Result<SideResult, String> {
    let mut world = World::new(scenario).map_err(|e| e.to_string())?;
    world.run(ticks.min(MAX_COMPARE_TICKS));
    let s = world.scenario();
    let scripted = s.actions.iter().filter_map(|a| match a.action {
        SimAction::InjectDrift { event } => Some(event.start_tick),
        _ => None,
    });
    let first_drift = s.events.iter().map(|e| e.start_tick).chain(scripted).min();
    let charts = view_model::charts(&world, &Thresholds::for_scenario(s));
    let first_alarm_after = first_drift.and_then(|from| {
        view_model::alarm_log(&charts)
            .iter()
            .filter(|e| e.change == AlarmChange::Firing && e.tick >= from)
            .map(|e| e.tick)
            .min()
    });
    let t = world.totals();
    // Phone counts stay far below 2^52.
    let human_hours = t.by_human as f64 / s.human.phones_per_hour_per_inspector.max(1.0);
    Ok(SideResult {
        escaped: t.decisions.fn_,
        false_rejects: t.decisions.fp,
        by_human: t.by_human,
        human_hours,
        accuracy: t.decisions.accuracy(),
        first_drift,
        first_alarm_after,
    })
}

fn lesson_from_value(v: &str) -> Option<Lesson> {
    v.parse::<u32>()
        .ok()
        .and_then(|n| Lesson::ALL.into_iter().find(|l| l.number() == n))
}

fn opt_u64(v: Option<u64>) -> String {
    v.map_or_else(|| "none".to_owned(), |x| x.to_string())
}

/// `b - a` for counts, signed.
fn diff_i(a: u64, b: u64) -> String {
    let d = i128::from(b) - i128::from(a);
    if d > 0 {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

fn diff_opt(a: Option<u64>, b: Option<u64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => diff_i(a, b),
        _ => "\u{2013}".to_owned(),
    }
}

/// Form values of one side.
#[derive(Clone, PartialEq)]
struct SideForm {
    lesson: Option<Lesson>,
    threshold_text: String,
}

type Outcome = Rc<(Result<SideResult, String>, Result<SideResult, String>, u64)>;

fn side_controls(
    name: &'static str,
    form: &UseStateHandle<SideForm>,
    error: Option<&String>,
) -> Html {
    let lesson_id = format!("compare-{name}-preset");
    let thr_id = format!("compare-{name}-threshold");
    let on_lesson = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            form.set(SideForm {
                lesson: lesson_from_value(&target_value(&e)),
                ..(*form).clone()
            });
        })
    };
    let on_thr = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            form.set(SideForm {
                threshold_text: target_value(&e),
                ..(*form).clone()
            });
        })
    };
    let preset_threshold = form
        .lesson
        .map_or_else(Scenario::default, Lesson::preset)
        .model
        .threshold;
    html! {
        <fieldset class="compare-side">
            <legend>{ format!("Setup {}", name.to_uppercase()) }</legend>
            <p>
                <label for={lesson_id.clone()}>{ "Preset: " }</label>
                <select id={lesson_id.clone()} data-testid={lesson_id} onchange={on_lesson}>
                    <option value="0" selected={form.lesson.is_none()}>{ "Default factory" }</option>
                    { for Lesson::ALL.iter().map(|l| html! {
                        <option value={l.number().to_string()} selected={form.lesson == Some(*l)}>
                            { format!("{}. {}", l.number(), l.title()) }
                        </option>
                    }) }
                </select>
            </p>
            <p>
                <label for={thr_id.clone()}>{ "Model threshold (empty: the preset's): " }</label>
                <input id={thr_id.clone()} data-testid={thr_id} type="text" inputmode="decimal" size="6"
                    placeholder={preset_threshold.to_string()} value={form.threshold_text.clone()} onchange={on_thr} />
            </p>
            if let Some(e) = error {
                <p class="field-error" role="alert">{ e.clone() }</p>
            }
        </fieldset>
    }
}

/// The comparison page.
#[function_component(ComparePage)]
pub fn compare_page() -> Html {
    let a = use_state(|| SideForm {
        lesson: Some(Lesson::Shadow),
        threshold_text: String::new(),
    });
    let b = use_state(|| SideForm {
        lesson: Some(Lesson::Canary),
        threshold_text: String::new(),
    });
    let seed_text = use_state(|| "42".to_owned());
    let ticks_text = use_state(|| DEFAULT_COMPARE_TICKS.to_string());
    let drift = use_state(|| SharedDrift::SuddenLight);
    let errors = use_state(Vec::<(&'static str, String)>::new);
    let outcome = use_state(|| None::<Outcome>);
    let running = use_state(|| false);
    let timer = use_mut_ref(|| None::<Timeout>);

    let text_setter = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: Event| h.set(target_value(&e)))
    };
    let on_drift = {
        let drift = drift.clone();
        Callback::from(move |e: Event| {
            let i: usize = target_value(&e).parse().unwrap_or(0);
            drift.set(
                SharedDrift::ALL
                    .get(i)
                    .copied()
                    .unwrap_or(SharedDrift::None),
            );
        })
    };
    let on_run = {
        let (a, b, seed_text, ticks_text, drift) = (
            a.clone(),
            b.clone(),
            seed_text.clone(),
            ticks_text.clone(),
            drift.clone(),
        );
        let (errors, outcome, running, timer) = (
            errors.clone(),
            outcome.clone(),
            running.clone(),
            timer.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errs = Vec::new();
            let threshold =
                |f: &SideForm, key: &'static str, errs: &mut Vec<(&'static str, String)>| {
                    if f.threshold_text.trim().is_empty() {
                        return None;
                    }
                    match input::parse_threshold(&f.threshold_text, 0.01, 0.99) {
                        Ok(v) => Some(v),
                        Err(m) => {
                            errs.push((key, m));
                            None
                        }
                    }
                };
            let side_a = Side {
                lesson: a.lesson,
                threshold: threshold(&a, "a", &mut errs),
            };
            let side_b = Side {
                lesson: b.lesson,
                threshold: threshold(&b, "b", &mut errs),
            };
            let seed = seed_text.trim().parse::<u64>().map_err(|_| {
                errs.push((
                    "seed",
                    "The seed must be a whole number from 0 to 18446744073709551615.".to_owned(),
                ));
            });
            let ticks = match ticks_text.trim().parse::<u64>() {
                Ok(t) if (1..=MAX_COMPARE_TICKS).contains(&t) => Some(t),
                _ => {
                    errs.push((
                        "ticks",
                        format!("Ticks must be a whole number from 1 to {MAX_COMPARE_TICKS}."),
                    ));
                    None
                }
            };
            let ok = errs.is_empty();
            errors.set(errs);
            let (Ok(seed), Some(ticks), true) = (seed, ticks, ok) else {
                return;
            };
            running.set(true);
            let (outcome, running) = (outcome.clone(), running.clone());
            let shared = *drift;
            // Give the page a frame to show "Running..." before the synchronous runs.
            *timer.borrow_mut() = Some(Timeout::new(20, move || {
                let ra = run_side(side_scenario(side_a, seed, shared), ticks);
                let rb = run_side(side_scenario(side_b, seed, shared), ticks);
                outcome.set(Some(Rc::new((ra, rb, ticks))));
                running.set(false);
            }));
        })
    };
    let err_for = |key: &str| {
        errors
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, m)| m.clone())
    };

    let table = outcome.as_ref().map(|o| {
        let (ra, rb, ticks) = &**o;
        match (ra, rb) {
            (Ok(ra), Ok(rb)) => {
                let hours = |r: &SideResult| format!("{:.1}", r.human_hours);
                let acc = |r: &SideResult| r.accuracy.map_or_else(|| "\u{2013}".to_owned(), |x| format!("{:.3}", x));
                let rows: Vec<(&str, String, String, String)> = vec![
                    ("Escaped defects (defective phones passed)", ra.escaped.to_string(), rb.escaped.to_string(), diff_i(ra.escaped, rb.escaped)),
                    ("False rejects (good phones rejected)", ra.false_rejects.to_string(), rb.false_rejects.to_string(), diff_i(ra.false_rejects, rb.false_rejects)),
                    ("Inspector hours", hours(ra), hours(rb), format!("{:+.1}", rb.human_hours - ra.human_hours)),
                    ("Accuracy of final decisions", acc(ra), acc(rb), match (ra.accuracy, rb.accuracy) { (Some(x), Some(y)) => format!("{:+.3}", y - x), _ => "\u{2013}".to_owned() }),
                    ("First drift event (tick)", opt_u64(ra.first_drift), opt_u64(rb.first_drift), diff_opt(ra.first_drift, rb.first_drift)),
                    ("First alarm after it (tick)", opt_u64(ra.first_alarm_after), opt_u64(rb.first_alarm_after), diff_opt(ra.first_alarm_after, rb.first_alarm_after)),
                    ("Time to detect drift (ticks)", opt_u64(ra.detection_delay()), opt_u64(rb.detection_delay()), diff_opt(ra.detection_delay(), rb.detection_delay())),
                ];
                html! {
                    <table class="data-table compare-table" data-testid="compare-table">
                        <caption>{ format!("Both setups after {ticks} ticks on the same phones (seed {}).", *seed_text) }</caption>
                        <thead><tr><th scope="col">{ "Measure" }</th><th scope="col">{ "Setup A" }</th><th scope="col">{ "Setup B" }</th><th scope="col">{ "B \u{2212} A" }</th></tr></thead>
                        <tbody>
                            { for rows.into_iter().map(|(name, x, y, d)| html! {
                                <tr><th scope="row">{ name }</th><td>{ x }</td><td>{ y }</td><td>{ d }</td></tr>
                            }) }
                        </tbody>
                    </table>
                }
            }
            (ra, rb) => {
                let msg = |side: &str, r: &Result<SideResult, String>| r.as_ref().err().map(|e| format!("Setup {side}: {e}"));
                html! {
                    <p class="field-error" role="alert" data-testid="compare-error">
                        { [msg("A", ra), msg("B", rb)].into_iter().flatten().collect::<Vec<_>>().join(" ") }
                    </p>
                }
            }
        }
    });

    html! {
        <article class="chapter compare" aria-labelledby="compare-title" data-testid="compare-page">
            <h2 id="compare-title" tabindex="-1" data-testid="chapter-title">{ "Compare two setups on the same phones" }</h2>
            <p>
                { "Pick two setups: a lesson preset each (for example shadow mode against a canary), and if you like a different \
                   model threshold for each. Both run on the identical stream of phones (the same seed, so the same phones arrive in \
                   the same order with the same defects), so every difference in the table comes from the setup, not from luck." }
            </p>
            <form class="compare-form" onsubmit={on_run}>
                <CompareSides a={side_controls("a", &a, err_for("a").as_ref())} b={side_controls("b", &b, err_for("b").as_ref())} />
                <p>
                    <label for="compare-seed">{ "Seed (the phone stream): " }</label>
                    <input id="compare-seed" data-testid="compare-seed" type="text" inputmode="numeric" size="8"
                        value={(*seed_text).clone()} onchange={text_setter(&seed_text)} />
                    <label for="compare-ticks">{ " Ticks to run: " }</label>
                    <input id="compare-ticks" data-testid="compare-ticks" type="text" inputmode="numeric" size="6"
                        value={(*ticks_text).clone()} onchange={text_setter(&ticks_text)} />
                </p>
                if let Some(e) = err_for("seed") { <p class="field-error" role="alert">{ e }</p> }
                if let Some(e) = err_for("ticks") { <p class="field-error" role="alert">{ e }</p> }
                <p>
                    <label for="compare-drift">{ "Drift for both: " }</label>
                    <select id="compare-drift" data-testid="compare-drift" onchange={on_drift}>
                        { for SharedDrift::ALL.iter().enumerate().map(|(i, d)| html! {
                            <option value={i.to_string()} selected={*drift == *d}>{ d.label() }</option>
                        }) }
                    </select>
                </p>
                <button type="submit" class="primary" data-testid="compare-run" disabled={*running}>
                    { if *running { "Running\u{2026}" } else { "Run both" } }
                </button>
            </form>
            <div aria-live="polite">{ table.unwrap_or_default() }</div>
            <p class="placeholder">
                { "Time to detect drift counts ticks from the first drift event to the first alarm any chart raises after it, \
                   with each chart's default red line. Inspector hours divide the phones decided by hand by one inspector's \
                   unassisted rate." }
            </p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_setup_gives_identical_results_and_thresholds_matter() {
        let side = Side {
            lesson: None,
            threshold: None,
        };
        let a = run_side(side_scenario(side, 5, SharedDrift::SuddenLight), 300);
        let b = run_side(side_scenario(side, 5, SharedDrift::SuddenLight), 300);
        assert_eq!(a, b);
        let eager = Side {
            lesson: None,
            threshold: Some(0.1),
        };
        let cautious = Side {
            lesson: None,
            threshold: Some(0.9),
        };
        let e = run_side(side_scenario(eager, 5, SharedDrift::None), 300).unwrap();
        let c = run_side(side_scenario(cautious, 5, SharedDrift::None), 300).unwrap();
        // A low threshold rejects more good phones and lets fewer defects through.
        assert!(e.false_rejects > c.false_rejects, "{e:?} {c:?}");
        assert!(e.escaped <= c.escaped, "{e:?} {c:?}");
    }

    #[test]
    fn shared_drift_sets_the_first_drift_tick() {
        let side = Side {
            lesson: None,
            threshold: None,
        };
        let r = run_side(side_scenario(side, 1, SharedDrift::SuddenLight), 200).unwrap();
        assert_eq!(r.first_drift, Some(150));
        if let Some(t) = r.first_alarm_after {
            assert!(t >= 150);
            assert_eq!(r.detection_delay(), Some(t - 150));
        }
    }
}
