//! The alarm log: recent transitions, with the newest announced through an aria-live region.

use yew::prelude::*;

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

/// Most entries listed.
const SHOWN: usize = 8;

/// Alarm log.
#[function_component(AlarmLog)]
pub fn alarm_log(props: &AlarmLogProps) -> Html {
    let name = |id: &str| {
        props
            .names
            .iter()
            .find(|(k, _)| *k == id)
            .map_or(id.to_owned(), |(_, v)| (*v).to_owned())
    };
    let text = |e: &AlarmEntry| {
        format!(
            "Tick {}: {} alarm {}",
            e.tick,
            name(e.metric),
            e.change.word()
        )
    };
    // Only firing and resolving are worth interrupting a screen reader for.
    let announce = props
        .entries
        .iter()
        .rev()
        .find(|e| matches!(e.change, AlarmChange::Firing | AlarmChange::Resolved))
        .map(text)
        .unwrap_or_default();
    let items = props
        .entries
        .iter()
        .rev()
        .filter(|e| e.change != AlarmChange::PendingCleared)
        .take(SHOWN)
        .map(|e| {
            let class = match e.change {
                AlarmChange::Firing => "alarm-firing",
                AlarmChange::Pending => "alarm-pending",
                _ => "alarm-resolved",
            };
            let icon = match e.change {
                AlarmChange::Firing => "\u{25B2} ",
                AlarmChange::Pending => "\u{25CB} ",
                _ => "\u{2713} ",
            };
            html! { <li class={class}><span aria-hidden="true">{ icon }</span>{ text(e) }</li> }
        });
    let p = &props.test_prefix;
    html! {
        <section class="card alarm-log" aria-label="Alarm log" data-testid={format!("{p}alarm-log")}>
            <h3>{ "Alarms" }</h3>
            <p class="sr-only" aria-live="polite" role="status" data-testid={format!("{p}alarm-live")}>{ announce }</p>
            if props.entries.is_empty() {
                <p class="muted">{ "No alarm so far." }</p>
            } else {
                <ul class="alarm-list">{ for items }</ul>
            }
        </section>
    }
}
