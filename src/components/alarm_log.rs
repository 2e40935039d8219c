//! The alarm log: one line per alarm episode, newest first (see
//! `view_model::alarm_episodes`), in a `role="log"` region; firing and resolving are also
//! announced once through a polite status line.

use yew::prelude::*;

use crate::view_model::alarm_episodes::{episodes, EpisodeState};
use crate::view_model::alarms::{AlarmChange, AlarmEntry};

/// Props of [`AlarmLog`].
#[derive(Properties, Clone, PartialEq)]
pub struct AlarmLogProps {
    /// Transitions in tick order.
    pub entries: Vec<AlarmEntry>,
    /// Chart captions by id, for readable names.
    pub names: Vec<(&'static str, &'static str)>,
    /// Prefix of the test ids.
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

/// Most episodes listed: a screenful; older ones are counted in one line.
pub const SHOWN: usize = 8;

/// Alarm log.
#[function_component(AlarmLog)]
pub fn alarm_log(props: &AlarmLogProps) -> Html {
    let name = |id: &'static str| -> &'static str {
        props
            .names
            .iter()
            .find(|(k, _)| *k == id)
            .map_or(id, |(_, v)| *v)
    };
    // Only firing and resolving are worth interrupting a screen reader for.
    let announce = props
        .entries
        .iter()
        .rev()
        .find(|e| matches!(e.change, AlarmChange::Firing | AlarmChange::Resolved))
        .map(|e| {
            format!(
                "Tick {}: {} alarm {}",
                e.tick,
                name(e.metric),
                e.change.word()
            )
        })
        .unwrap_or_default();
    let all = episodes(&props.entries);
    let older = all.len().saturating_sub(SHOWN);
    let items = all.iter().take(SHOWN).map(|e| {
        let (class, icon) = match e.state {
            EpisodeState::Firing => ("alarm-firing", "\u{25B2} "),
            EpisodeState::Pending => ("alarm-pending", "\u{25CB} "),
            EpisodeState::Resolved | EpisodeState::Cleared => ("alarm-resolved", "\u{2713} "),
        };
        html! { <li class={class}><span aria-hidden="true">{ icon }</span>{ e.text(name(e.metric)) }</li> }
    });
    let p = &props.test_prefix;
    html! {
        <section class="card alarm-log" aria-labelledby={format!("{p}alarm-log-title")} data-testid={format!("{p}alarm-log")}>
            <h3 id={format!("{p}alarm-log-title")}>{ "Alarms" }</h3>
            <p class="sr-only" aria-live="polite" role="status" data-testid={format!("{p}alarm-live")}>{ announce }</p>
            if all.is_empty() {
                <p class="muted">{ "No alarm so far." }</p>
            } else {
                // The live line above speaks; the log itself stays quiet to avoid saying
                // everything twice.
                <div role="log" aria-live="off" aria-label="Alarm episodes, newest first">
                    <ul class="alarm-list" data-testid={format!("{p}alarm-episodes")}>{ for items }</ul>
                </div>
                if older > 0 {
                    <p class="muted">{ format!("{older} older episode{} not shown.", if older == 1 { "" } else { "s" }) }</p>
                }
            }
        </section>
    }
}
