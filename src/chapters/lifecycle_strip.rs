//! Lesson 1's lifecycle strip: the stages in order, the run's current stage lit up.

use yew::prelude::*;

use crate::content::LIFECYCLE_STAGES;

/// Props of [`LifecycleStrip`].
#[derive(Properties, PartialEq)]
pub struct LifecycleStripProps {
    /// Index of the current stage (same order as `LIFECYCLE_STAGES` and the sim's `Stage`).
    pub current: Option<usize>,
    /// Tick the stage was read at.
    #[prop_or_default]
    pub tick: Option<u64>,
    /// Stages visited so far, oldest first, as (tick, stage index).
    #[prop_or_default]
    pub path: Vec<(u64, usize)>,
}

fn stage_name(i: usize) -> &'static str {
    LIFECYCLE_STAGES.get(i).map_or("unknown", |(n, _)| *n)
}

/// The strip.
#[function_component(LifecycleStrip)]
pub fn lifecycle_strip(props: &LifecycleStripProps) -> Html {
    let now = props.current.and_then(|i| LIFECYCLE_STAGES.get(i));
    html! {
        <figure class="lifecycle" data-testid="lifecycle-strip">
            <figcaption>{ "The ML lifecycle, as the run moves through it" }</figcaption>
            <ol class="lifecycle-strip">
                { for LIFECYCLE_STAGES.iter().enumerate().map(|(i, (name, _))| {
                    let current = props.current == Some(i);
                    let visited = props.path.iter().any(|(_, s)| *s == i);
                    html! {
                        <li class={classes!(current.then_some("current"), visited.then_some("visited"))}
                            aria-current={current.then_some("step")}
                            data-testid={format!("stage-{i}")}>
                            <span class="stage-name">{ *name }</span>
                            if current { <span class="stage-mark">{ "now" }</span> }
                            else if visited { <span class="stage-mark">{ "visited" }</span> }
                        </li>
                    }
                }) }
            </ol>
            <p class="stage-now" aria-live="polite" data-testid="stage-now">
                { match (now, props.tick) {
                    (Some((name, what)), Some(tick)) => format!("Tick {tick}: {name}. {what}"),
                    (Some((name, what)), None) => format!("{name}. {what}"),
                    _ => "Run the loop below to watch the stages light up.".to_owned(),
                } }
            </p>
            if !props.path.is_empty() {
                <p class="stage-path">
                    { "Path so far: " }
                    { props.path.iter().map(|(t, s)| format!("{} (tick {t})", stage_name(*s))).collect::<Vec<_>>().join(" \u{2192} ") }
                </p>
            }
        </figure>
    }
}
