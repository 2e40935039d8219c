//! The run's timeline under the stage: a slider from tick 0 to the newest tick reached,
//! the run's events marked along it, and what happened at the tick shown in its value text.
//!
//! Moving it moves the whole lab (picture, charts, counters, alarms) to that tick; the
//! keyboard works as on any slider (arrows step a tick, Page keys jump, Home and End go to
//! the ends). Pure markup, so the first paint draws it too.

use std::rc::Rc;

use yew::prelude::*;

/// One event on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineMark {
    /// Tick it happened.
    pub tick: u64,
    /// What happened, in plain words.
    pub label: String,
    /// A CSS class suffix: `action`, `event` or `alarm`.
    pub kind: &'static str,
    /// After the tick shown: it happened in the run's future (drawn dimmer).
    pub later: bool,
}

/// Props of [`RunTimeline`].
#[derive(Properties, PartialEq, Clone)]
pub struct RunTimelineProps {
    /// The tick the lab shows.
    pub tick: u64,
    /// The newest tick the run reached.
    pub newest: u64,
    /// The run's events, oldest first.
    pub marks: Rc<Vec<TimelineMark>>,
    /// Where this run left another it branched from (or another left it), if it did.
    #[prop_or_default]
    pub diverged_at: Option<u64>,
    /// Asked to move the lab to a tick.
    pub on_seek: Callback<u64>,
    /// "Try something else from here", when the page offers branches.
    #[prop_or_default]
    pub on_branch: Option<Callback<u64>>,
    /// Disabled (the clock is locked).
    #[prop_or_default]
    pub locked: bool,
    /// Test-id prefix.
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

/// What happened at `tick`, in the slider's value text: the events there, or the nearest
/// before it within `near` ticks.
#[must_use]
pub fn value_text(tick: u64, newest: u64, marks: &[TimelineMark], near: u64) -> String {
    let here: Vec<&str> = marks
        .iter()
        .filter(|m| !m.later && m.tick <= tick && tick - m.tick <= near)
        .map(|m| m.label.as_str())
        .collect();
    let head = format!("Tick {tick} of {newest}");
    match here.last() {
        Some(label) => format!("{head}: {label}"),
        None => head,
    }
}

/// Where `tick` sits along a run of `newest` ticks, in percent.
fn percent(tick: u64, newest: u64) -> f64 {
    if newest == 0 {
        0.0
    } else {
        // Ticks stay far below 2^52.
        (tick.min(newest) as f64 / newest as f64) * 100.0
    }
}

/// The slider, its marks and the tick's story.
#[function_component(RunTimeline)]
pub fn run_timeline(props: &RunTimelineProps) -> Html {
    let prefix = props.test_prefix.as_str();
    let id = format!("{prefix}timeline-slider");
    let oninput = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(tick) = input.value().parse::<u64>() {
                on_seek.emit(tick);
            }
        })
    };
    // A tick counts as "at" an event for a twentieth of the run (the thumb's width).
    let near = (props.newest / 40).max(1);
    let text = value_text(props.tick, props.newest, &props.marks, near);
    let rewound = props.tick < props.newest;
    let marks = props.marks.iter().map(|m| {
        let style = format!("left:{:.2}%", percent(m.tick, props.newest));
        let when = if m.later { "later, tick" } else { "tick" };
        html! { <span class={classes!("timeline-mark", format!("timeline-mark-{}", m.kind), m.later.then_some("timeline-mark-later"))} {style} title={format!("{when} {}: {}", m.tick, m.label)}></span> }
    });
    let to_now = {
        let (on_seek, newest) = (props.on_seek.clone(), props.newest);
        Callback::from(move |_: MouseEvent| on_seek.emit(newest))
    };
    let branch = props.on_branch.clone().map(|on_branch| {
        let tick = props.tick;
        Callback::from(move |_: MouseEvent| on_branch.emit(tick))
    });
    html! {
        <div class={classes!("run-timeline", rewound.then_some("rewound"))} data-testid={format!("{prefix}timeline")}>
            <label for={id.clone()}>{ "Timeline" }</label>
            <div class="timeline-track">
                <input type="range" id={id.clone()} min="0" max={props.newest.to_string()} step="1"
                    value={props.tick.to_string()} aria-valuetext={text.clone()} disabled={props.locked}
                    data-testid={id} {oninput} />
                <div class="timeline-marks" aria-hidden="true">
                    { for marks }
                    if let Some(at) = props.diverged_at {
                        <span class="timeline-mark timeline-diverged" style={format!("left:{:.2}%", percent(at, props.newest))} title={format!("the runs part at tick {at}")}></span>
                    }
                </div>
            </div>
            <p class="timeline-note" data-testid={format!("{prefix}timeline-note")}>
                <span>{ text }</span>
                if rewound {
                    <button class="link-button" onclick={to_now} disabled={props.locked} data-testid={format!("{prefix}timeline-now")}>{ "Back to the newest tick" }</button>
                }
                if let (true, Some(onclick)) = (props.tick > 0, branch) {
                    <button class="link-button" {onclick} disabled={props.locked} data-testid={format!("{prefix}branch")}>{ "Try something else from here" }</button>
                }
            </p>
        </div>
    }
}
