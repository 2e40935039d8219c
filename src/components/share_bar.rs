//! "Copy link" for the primary lab, and applying a link's setup to the first lab that mounts.
//!
//! The link carries the lab's starting scenario (as overrides on the closest lesson preset),
//! what the reader did by hand during the run (as scripted actions at their ticks), the
//! changed alarm thresholds, the speed and the current tick; opening it fast-forwards to
//! that tick, so the same run shows tick for tick. Anything a link cannot carry (more hand
//! actions than a link holds, say) is named next to the link.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use driftline_sim::lessons::Lesson;
use driftline_sim::scenario::Scenario;
use yew::prelude::*;

use crate::content::{chapter_by_id, ChapterId};
use crate::lab::state::{LabAction, LabState, DEFAULT_TICKS_PER_BEAT};
use crate::lab::LabToolbarArgs;
use crate::share::branch::BranchLink;
use crate::share::values::fmt_f64;
use crate::share::{Setup, ShareState};
use crate::url_sync;
use crate::view_model::Thresholds;

/// A link's state waiting for the first lab that mounts; taken once.
#[derive(Clone, Default)]
pub struct PendingLink(pub Rc<RefCell<Option<ShareState>>>);

impl PartialEq for PendingLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The link state for a lab in `chapter`: the run's scenario (its start plus the hand
/// actions so far) as overrides on the lesson preset that needs the fewest of them,
/// thresholds that differ from the defaults, the speed and the tick. The second value names
/// the scenario fields a link cannot carry.
#[must_use]
pub fn share_state_for(chapter: ChapterId, state: &LabState) -> (ShareState, Vec<&'static str>) {
    let run = state.run_scenario();
    let scenario = &run;
    let mut best: Option<((usize, usize), ShareState, Vec<&'static str>)> = None;
    for lesson in std::iter::once(None).chain(Lesson::ALL.iter().copied().map(Some)) {
        let base = ShareState {
            chapter: Some(chapter),
            lesson,
            ..ShareState::default()
        };
        let (candidate, lost) = base.with_scenario(scenario);
        let key = (lost.len(), candidate.to_query().len());
        if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
            best = Some((key, candidate, lost));
        }
    }
    let (mut share, lost) = match best {
        Some((_, s, lost)) => (s, lost),
        None => (ShareState::default(), Vec::new()),
    };
    let defaults = Thresholds::for_scenario(scenario);
    share.thresholds = state
        .thresholds
        .iter()
        .filter(|(spec, value)| defaults.get(spec.id) != Some(*value))
        .map(|(spec, value)| (spec.id, value))
        .collect::<BTreeMap<_, _>>();
    share.speed = (state.ticks_per_beat != DEFAULT_TICKS_PER_BEAT).then_some(state.ticks_per_beat);
    share.tick = state.world().tick();
    share.branch = state.branch.as_ref().map(|b| BranchLink {
        fork: b.fork,
        actions: b.own_actions().to_vec(),
        tick: b.tick,
    });
    (share, lost)
}

/// What a freshly mounted lab must do to show `link` (or just the preferred speed), the
/// notices that raises, and the speed it sets (if any).
#[must_use]
pub fn start_actions(
    link: Option<&ShareState>,
    lab_scenario: &Scenario,
    speed_pref: u32,
) -> (Vec<LabAction>, Vec<String>, Option<u32>) {
    let mut actions = Vec::new();
    let mut notices = Vec::new();
    let pref = (speed_pref != DEFAULT_TICKS_PER_BEAT).then_some(speed_pref);
    let Some(link) = link else {
        actions.extend(pref.map(LabAction::SetSpeed));
        return (actions, notices, pref);
    };
    // Load first: it resets the thresholds, which the link then changes.
    let carries_setup = link.lesson.is_some() || link.setup != Setup::default();
    let scenario = if carries_setup {
        let s = link.scenario();
        actions.push(LabAction::Load(Rc::new(s.clone())));
        s
    } else {
        lab_scenario.clone()
    };
    let speed = link.speed.or(pref);
    actions.extend(speed.map(LabAction::SetSpeed));
    let charts = Thresholds::for_scenario(&scenario);
    for (&id, &value) in &link.thresholds {
        if charts.get(id).is_some() {
            actions.push(LabAction::SetThreshold {
                id,
                text: fmt_f64(value),
            });
        } else {
            notices.push(format!(
                "thr: this lab has no {id} chart; its threshold was ignored"
            ));
        }
    }
    if link.tick > 0 {
        actions.push(LabAction::FastForward(link.tick));
    }
    if let Some(b) = &link.branch {
        actions.push(LabAction::OpenLinkBranch {
            fork: b.fork,
            start: Rc::new(b.scenario(&scenario)),
            tick: b.tick,
        });
    }
    (actions, notices, speed)
}

/// Props of [`ShareBar`].
#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The lab it belongs to.
    pub lab: LabToolbarArgs,
    /// Chapter on screen (written as `ch=` and as the `#/slug` hash).
    pub chapter: ChapterId,
    /// The page's link state, applied by the first lab that mounts.
    pub pending: PendingLink,
    /// Preferred speed (ticks per beat) from the reader's preferences.
    pub speed_pref: u32,
    /// Called when the reader changes the lab's speed.
    pub on_speed_change: Callback<u32>,
    /// Notices raised while applying the link.
    pub on_notices: Callback<Vec<String>>,
}

/// Outcome of the last "Copy link".
#[derive(Clone, PartialEq)]
struct Copied {
    link: String,
    status: String,
}

/// Asks the clipboard to hold `text`; `done(true)` once it does, `done(false)` when there is
/// no clipboard or it refused (insecure page, no permission, no focus).
fn copy_to_clipboard(text: &str, done: Callback<bool>) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};
        let get = |target: &JsValue, key: &str| {
            js_sys::Reflect::get(target, &JsValue::from_str(key))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let navigator: JsValue = gloo::utils::window().navigator().into();
        let Some(clipboard) = get(&navigator, "clipboard") else {
            done.emit(false);
            return;
        };
        let promise = get(&clipboard, "writeText")
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call1(&clipboard, &JsValue::from_str(text)).ok());
        let Some(promise) = promise else {
            done.emit(false);
            return;
        };
        let Some(then) = get(&promise, "then").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            done.emit(false);
            return;
        };
        let ok = {
            let done = done.clone();
            Closure::once_into_js(move |_: JsValue| done.emit(true))
        };
        let failed = {
            let done = done.clone();
            Closure::once_into_js(move |_: JsValue| done.emit(false))
        };
        if then.call2(&promise, &ok, &failed).is_err() {
            done.emit(false);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        done.emit(false);
    }
}

/// The "Copy link" button, the link field and, on mount, the link or preference applier.
#[function_component(ShareBar)]
pub fn share_bar(props: &ShareBarProps) -> Html {
    let p = props.lab.prefix.clone();
    let copied = use_state(|| None::<Copied>);
    // The speed this component set itself (not the reader's choice: not written back).
    let own_speed = use_mut_ref(|| None::<u32>);
    {
        let pending = props.pending.clone();
        let dispatch = props.lab.dispatch.clone();
        let scenario = props.lab.state.scenario().clone();
        let speed_pref = props.speed_pref;
        let on_notices = props.on_notices.clone();
        let own_speed = own_speed.clone();
        use_effect_with((), move |()| {
            let link = pending.0.borrow_mut().take();
            let (actions, notices, speed) = start_actions(link.as_ref(), &scenario, speed_pref);
            *own_speed.borrow_mut() = speed;
            for a in actions {
                dispatch.emit(a);
            }
            if !notices.is_empty() {
                on_notices.emit(notices);
            }
        });
    }
    {
        let on_speed_change = props.on_speed_change.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(props.lab.state.ticks_per_beat, move |&speed| {
            let was_first = std::mem::replace(&mut *first.borrow_mut(), false);
            let own = own_speed.borrow_mut().take_if(|s| *s == speed);
            if !was_first && own.is_none() {
                on_speed_change.emit(speed);
            }
        });
    }
    let on_copy = {
        let state = props.lab.state.clone();
        let chapter = props.chapter;
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let (share, lost) = share_state_for(chapter, &state);
            let slug = chapter_by_id(chapter).map_or("", |c| c.slug);
            let link = url_sync::build_link(&url_sync::page_base(), &share.to_query(), slug);
            let mut note = String::new();
            let by_hand = state.hand_action_count();
            if by_hand > 0 {
                let plural = if by_hand == 1 { "" } else { "s" };
                note = format!(" It replays the {by_hand} action{plural} you took during the run.");
            }
            if !lost.is_empty() {
                note += &format!(
                    " The link cannot carry these settings of the run: {}.",
                    lost.join(", ")
                );
            }
            copied.set(Some(Copied {
                link: link.clone(),
                status: format!("Copying\u{2026}{note}"),
            }));
            let copied = copied.clone();
            let link_for_status = link.clone();
            copy_to_clipboard(
                &link,
                Callback::from(move |ok: bool| {
                    let status = if ok {
                        format!("Link copied to the clipboard.{note}")
                    } else {
                        format!("The clipboard is not available here: select the link and copy it by hand.{note}")
                    };
                    copied.set(Some(Copied {
                        link: link_for_status.clone(),
                        status,
                    }));
                }),
            );
        })
    };
    let field_id = format!("{p}share-link-field");
    html! {
        <div class="share-bar" data-testid={format!("{p}share-bar")}>
            <button type="button" onclick={on_copy} data-testid={format!("{p}copy-link")}
                title="A link that opens this chapter with the same setup, at the same tick">
                { "Copy link to this run" }
            </button>
            if let Some(c) = &*copied {
                <label for={field_id.clone()} class="share-link-label">{ "Link:" }</label>
                <input id={field_id} class="share-link" type="text" readonly=true value={c.link.clone()}
                    data-testid={format!("{p}share-link")}
                    onfocus={Callback::from(|e: FocusEvent| {
                        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                            input.select();
                        }
                    })} />
                <span class="share-status" role="status" data-testid={format!("{p}share-status")}>{ c.status.clone() }</span>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftline_sim::automation::AutomationLevel;
    use driftline_sim::deploy::{CanaryConfig, Pattern};
    use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
    use driftline_sim::model::ModelPreset;

    fn finish_fast_forward(mut state: Rc<LabState>) -> Rc<LabState> {
        while state.fast_forward.is_some() {
            state = state.reduce(LabAction::RunFastForwardSlice(7));
        }
        state
    }

    fn run_for(state: Rc<LabState>, ticks: u64) -> Rc<LabState> {
        finish_fast_forward(state.reduce(LabAction::FastForward(ticks)))
    }

    fn history(state: &LabState) -> Vec<driftline_sim::metrics::TickMetrics> {
        state.world().history().iter().collect()
    }

    #[test]
    fn a_link_replays_what_the_reader_did_by_hand() {
        let preset = Lesson::Lifecycle.preset();
        let scripted_retrain = preset.actions[0].tick;
        let mut state = Rc::new(LabState::new(preset));
        state = run_for(state, 120);
        state = state.reduce(LabAction::SetPatternWith {
            candidate: ModelPreset::WrongLabels,
            pattern: Pattern::Canary(CanaryConfig {
                step_weight_pct: 10,
                ..CanaryConfig::default()
            }),
        });
        state = run_for(state, 200);
        state = state.reduce(LabAction::InjectDrift(DriftEvent {
            kind: DriftKind::CameraBlur,
            shape: DriftShape::Sudden,
            start_tick: 400,
            width_ticks: 0,
            magnitude: 0.7,
        }));
        state = state.reduce(LabAction::SetAutomation(AutomationLevel::FullAutomation));
        // A hand action at the very tick of the preset's scripted retrain goes after it.
        state = run_for(state, scripted_retrain - 320);
        state = state.reduce(LabAction::Rollback);
        state = state.reduce(LabAction::Retrain);
        state = run_for(state, 150);
        assert_eq!(state.hand_action_count(), 5);

        let (share, lost) = share_state_for(ChapterId::Lifecycle, &state);
        assert!(lost.is_empty(), "{lost:?}");
        let query = share.to_query();
        assert!(
            query.contains("deploy:wrong-labels:canary:10/30/50/0/argo@120"),
            "{query}"
        );
        assert!(
            query.contains(&format!("rollback@{scripted_retrain}")),
            "{query}"
        );

        let (back, notices) = ShareState::parse(&query);
        assert!(notices.is_empty(), "{notices:?}");
        let (actions, _, _) = start_actions(Some(&back), &Scenario::default(), 1);
        let mut replay = Rc::new(LabState::default());
        for action in actions {
            replay = replay.reduce(action);
        }
        replay = finish_fast_forward(replay);
        assert_eq!(replay.world().tick(), state.world().tick());
        assert_eq!(history(&replay), history(&state));
        assert_eq!(replay.world().automation(), AutomationLevel::FullAutomation);
        // Without the hand actions the same start gives another run.
        let plain = run_for(
            Rc::new(LabState::new(Lesson::Lifecycle.preset())),
            state.world().tick(),
        );
        assert_ne!(history(&plain), history(&state));
    }

    #[test]
    fn a_link_with_a_setup_loads_it_then_sets_speed_thresholds_and_tick() {
        use driftline_sim::golden::STREAM_VERSION;
        let (link, notices) = ShareState::parse(&format!(
            "v=1&sim={STREAM_VERSION}&lesson=data-drift&seed=9&thr=psi:0.3&speed=5&t=40"
        ));
        assert!(notices.is_empty(), "{notices:?}");
        let (actions, notes, speed) = start_actions(Some(&link), &Scenario::default(), 1);
        assert_eq!(speed, Some(5));
        assert!(matches!(&actions[0], LabAction::Load(s) if **s == link.scenario()));
        assert_eq!(actions[1], LabAction::SetSpeed(5));
        assert!(notes.is_empty(), "{notes:?}");
        assert!(actions.contains(&LabAction::SetThreshold {
            id: "psi",
            text: "0.3".into()
        }));
        assert_eq!(actions.last(), Some(&LabAction::FastForward(40)));
    }

    #[test]
    fn no_link_only_applies_a_non_default_speed_preference() {
        let (a, n, s) = start_actions(None, &Scenario::default(), DEFAULT_TICKS_PER_BEAT);
        assert!(a.is_empty() && n.is_empty() && s.is_none());
        let (a, _, s) = start_actions(None, &Scenario::default(), 20);
        assert_eq!(a, vec![LabAction::SetSpeed(20)]);
        assert_eq!(s, Some(20));
    }

    #[test]
    fn a_lab_state_round_trips_through_its_link() {
        let scenario = Lesson::Canary.preset();
        let mut state = LabState::new(Scenario {
            seed: 77,
            ..scenario.clone()
        });
        state.ticks_per_beat = 20;
        let (share, lost) = share_state_for(ChapterId::Deployment, &state);
        assert!(lost.is_empty(), "{lost:?}");
        let (back, notices) = ShareState::parse(&share.to_query());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back.scenario(), *state.scenario());
        assert_eq!(back.speed, Some(20));
        assert_eq!(back.chapter, Some(ChapterId::Deployment));
        // The closest preset is the canary lesson, so only the seed is an override.
        assert_eq!(back.lesson, Some(Lesson::Canary));
        assert_eq!(
            back.setup,
            Setup {
                seed: Some(77),
                ..Setup::default()
            }
        );
    }
}
