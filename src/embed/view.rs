//! The embedded page: one widget, no page chrome, and a link to the full explainer.

use std::rc::Rc;

use driftline_sim::scenario::Scenario;
use yew::prelude::*;

use super::link::{chapter_of, full_link, widget_title};
use super::solo::{Solo, SoloKind};
use crate::chapters::page::{panels_for, CHAPTER_LAB_WARM_UP_TICKS};
use crate::chapters::runs::lesson_for_number;
use crate::charts::palette::ChartTheme;
use crate::lab::state::LabAction;
use crate::lab::{Command, Lab, LabLink, LabPanels};
use crate::share::{Notice, ShareState, Widget};
use crate::storage;

/// A link that asks for embed mode: the parsed setup and what parsing changed.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedRequest {
    /// The whole setup (its `embed.widget` is the widget to show).
    pub share: ShareState,
    /// The widget.
    pub widget: Widget,
    /// What reading the link changed (shown under the widget).
    pub notices: Vec<Notice>,
}

impl EmbedRequest {
    /// Reads a query string (`?v=1&embed=dashboard...`); `None` when it asks for no widget.
    #[must_use]
    pub fn from_query(query: &str) -> Option<Self> {
        let (share, notices) = ShareState::parse(query);
        let widget = share.embed.widget.clone()?;
        Some(Self {
            share,
            widget,
            notices,
        })
    }

    /// The scenario the widget starts from. A chapter widget without `lesson=` starts from
    /// the chapter's first lesson preset (the link's overrides still apply).
    #[must_use]
    pub fn scenario(&self) -> Scenario {
        match (&self.widget, self.share.lesson) {
            (Widget::Chapter(id), None) => {
                let lesson = crate::content::chapter_by_id(*id)
                    .and_then(|c| c.lessons.first().copied())
                    .and_then(lesson_for_number);
                let base =
                    lesson.map_or_else(Scenario::default, driftline_sim::lessons::Lesson::preset);
                self.share.setup.apply(&base)
            }
            _ => self.share.scenario(),
        }
    }

    /// The lab panels for a lab-based widget.
    #[must_use]
    pub fn panels(&self) -> LabPanels {
        match &self.widget {
            Widget::Chapter(id) => crate::content::chapter_by_id(*id)
                .and_then(|c| c.lessons.first().copied())
                .and_then(lesson_for_number)
                .map_or_else(LabPanels::all, panels_for),
            Widget::Dashboard => LabPanels {
                automation: true,
                factory: true,
                ..LabPanels::monitoring()
            },
            _ => LabPanels::all(),
        }
    }
}

/// The embed request of the page's own address, if it asks for embed mode.
#[must_use]
pub fn from_location() -> Option<Rc<EmbedRequest>> {
    EmbedRequest::from_query(&crate::url_sync::current_search()).map(Rc::new)
}

/// Props of [`EmbedView`].
#[derive(Properties, PartialEq, Clone)]
pub struct EmbedViewProps {
    /// What to show.
    pub config: Rc<EmbedRequest>,
}

/// The lab-side commands that apply the link's `speed`, `thr` and `t`.
fn initial_commands(share: &ShareState, fast_forward: bool) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(s) = share.speed {
        out.push(Command::Action(LabAction::SetSpeed(s)));
    }
    for (id, value) in &share.thresholds {
        out.push(Command::Action(LabAction::SetThreshold {
            id,
            text: value.to_string(),
        }));
    }
    if fast_forward && share.tick > 0 {
        out.push(Command::Action(LabAction::FastForward(share.tick)));
    }
    out
}

/// Ticks an embedded lab has run when the reader first sees it, so a post never shows an
/// empty widget: past the scenario's first drift event or scripted action by
/// [`OPENING_AFTER_TICKS`] (time for its alarms to fire), or the chapters' warm-up when it
/// has neither. A link's own `t=` wins (see `initial_commands`).
#[must_use]
pub fn opening_tick(scenario: &Scenario) -> u64 {
    let first_event = scenario.events.iter().map(|e| e.start_tick).min();
    let first_action = scenario.actions.iter().map(|a| a.tick).min();
    match (first_event, first_action) {
        (None, None) => CHAPTER_LAB_WARM_UP_TICKS,
        (a, b) => a.into_iter().chain(b).min().unwrap_or(0) + OPENING_AFTER_TICKS,
    }
}

/// See [`opening_tick`].
pub const OPENING_AFTER_TICKS: u64 = 400;

/// The widget title without the "Driftline: " prefix, starting with a capital.
fn heading(title: &str) -> String {
    let t = title.trim_start_matches("Driftline: ");
    let mut chars = t.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// One widget, sized to its frame, with an "Open the full explainer" link.
#[function_component(EmbedView)]
pub fn embed_view(props: &EmbedViewProps) -> Html {
    let req = &props.config;
    let link = use_memo(Rc::clone(req), |req| {
        LabLink::new(req.share.embed.hide.clone(), req.share.embed.lock.clone())
    });
    let scenario = use_memo(Rc::clone(req), |req| Rc::new(req.scenario()));
    let root = use_node_ref();
    {
        let remote = link.remote.clone();
        let share = req.share.clone();
        // A single chart or pie has no fast-forward scheduler: it starts warmed up instead.
        let fast_forward = !matches!(req.widget, Widget::Chart(_) | Widget::Pie(_));
        use_effect_with(remote, move |remote| {
            for c in initial_commands(&share, fast_forward) {
                remote.send(c);
            }
        });
    }
    #[cfg(target_arch = "wasm32")]
    {
        let remote = link.remote.clone();
        let root = root.clone();
        use_effect_with(remote, move |remote| {
            let listener = super::bridge::listen(remote.clone());
            let reporter = root
                .cast::<web_sys::Element>()
                .and_then(|r| super::bridge::HeightReporter::start(&r));
            super::bridge::post(crate::share::ChildMessage::Ready);
            move || {
                drop(listener);
                drop(reporter);
            }
        });
    }
    let widget = &req.widget;
    let chapter = chapter_of(widget, &req.share);
    let scenario = Rc::clone(&*scenario);
    let warm_up_ticks = if req.share.tick > 0 {
        0
    } else {
        opening_tick(&scenario)
    };
    let solo_ticks = if req.share.tick > 0 {
        req.share.tick
    } else {
        warm_up_ticks
    };
    let body = match widget {
        Widget::Chart(id) => {
            html! { <Solo kind={SoloKind::Chart(id.clone())} {scenario} warm_up_ticks={solo_ticks} /> }
        }
        Widget::Pie(name) => {
            html! { <Solo kind={SoloKind::Pie(name)} {scenario} warm_up_ticks={solo_ticks} /> }
        }
        Widget::Chapter(_) | Widget::Dashboard | Widget::Lab => html! {
            <Lab id={AttrValue::from(chapter.slug)} {scenario} panels={req.panels()} primary=true {warm_up_ticks} />
        },
    };
    let title = widget_title(widget);
    // The page's colours follow the reader's stored theme from the first paint (its head
    // script puts the class on <html>); the charts take the same.
    let chart_theme = use_memo((), |()| storage::chart_theme(storage::shown_theme()));
    html! {
        <div class="embed" ref={root} data-testid="embed" data-widget={widget.name()}>
            // A chart or pie carries its own caption; bigger widgets get a heading.
            if !matches!(widget, Widget::Chart(_) | Widget::Pie(_)) {
                <h1 class="embed-title">{ heading(&title) }</h1>
            }
            <ContextProvider<ChartTheme> context={*chart_theme}>
            <ContextProvider<LabLink> context={(*link).clone()}>
                { body }
            </ContextProvider<LabLink>>
            </ContextProvider<ChartTheme>>
            if !req.notices.is_empty() {
                <details class="embed-notices" data-testid="embed-notices">
                    <summary>{ format!("The link had {} problem(s); the page used safe values", req.notices.len()) }</summary>
                    <ul>{ for req.notices.iter().map(|n| html! { <li>{ n.display() }</li> }) }</ul>
                </details>
            }
            <p class="embed-foot">
                <a href={full_link(&req.share, widget)} target="_blank" rel="noopener" data-testid="embed-open-full">
                    { "Open the full explainer" }<span class="sr-only">{ " (opens in a new tab)" }</span>
                </a>
                <span class="muted">{ " Driftline: machine learning in production, simulated." }</span>
            </p>
        </div>
    }
}
