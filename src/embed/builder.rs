//! The snippet generator at `#/embed`: pick a widget and its settings, watch a live preview
//! and copy the `<iframe>` element.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::components::controls::target_value;

use super::link::{default_height_px, frame_id, iframe_snippet, widget_choices, widget_title};
use crate::content::LESSONS;
use crate::share::state::lesson_by_name;
use crate::share::{Control, EmbedConfig, ShareState, Widget};

/// The hash of the snippet generator.
pub const BUILDER_HASH: &str = "#/embed";

/// True when `hash` asks for the snippet generator (`#/embed`, `#embed`, `#/embed/`).
#[must_use]
pub fn is_builder_hash(hash: &str) -> bool {
    crate::chapters::route::slug_of(hash) == "embed"
}

/// What the reader picked.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The widget.
    pub widget: Widget,
    /// Lesson preset name, or empty for the default scenario.
    pub lesson: String,
    /// Seed, or `None` for the preset's.
    pub seed: Option<u64>,
    /// Hidden control groups.
    pub hide: BTreeSet<Control>,
    /// Locked control groups.
    pub lock: BTreeSet<Control>,
}

impl Default for Choice {
    fn default() -> Self {
        Self {
            widget: Widget::Dashboard,
            lesson: "data-drift".to_owned(),
            seed: None,
            hide: BTreeSet::new(),
            lock: BTreeSet::new(),
        }
    }
}

impl Choice {
    /// The embed query, without the leading `?`.
    #[must_use]
    pub fn query(&self) -> String {
        let mut share = ShareState {
            lesson: lesson_by_name(&self.lesson),
            embed: EmbedConfig {
                widget: Some(self.widget.clone()),
                hide: self.hide.clone(),
                lock: self.lock.clone(),
            },
            ..ShareState::default()
        };
        share.setup.seed = self.seed;
        share.to_query()
    }
}

/// The page address without query or hash.
fn page_base() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let href = gloo::utils::window().location().href().unwrap_or_default();
        let end = href.find(['?', '#']).unwrap_or(href.len());
        href[..end].to_owned()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Where an iframe should point: the embed page beside `page` (it carries the widgets'
/// prerendered first paint, see `crate::first_paint::EMBED_PAGE`).
#[must_use]
pub fn embed_page(page: &str) -> String {
    let dir_end = page.rfind('/').map_or(0, |i| i + 1);
    format!("{}{}", &page[..dir_end], crate::first_paint::EMBED_PAGE)
}

fn target_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"checked".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

#[cfg(target_arch = "wasm32")]
fn copy_text(text: &str, status: UseStateHandle<String>) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let navigator = gloo::utils::window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok();
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &"writeText".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call1(c, &JsValue::from_str(text)).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    });
    let failed =
        "Copying was refused by the browser: select the snippet and press Ctrl+C (Cmd+C on a Mac).";
    match write {
        Some(promise) => {
            let ok = status.clone();
            let on_ok =
                Closure::once(move |_: JsValue| ok.set("Copied to the clipboard.".to_owned()));
            let on_err = Closure::once(move |_: JsValue| status.set(failed.to_owned()));
            let _ = promise.then2(&on_ok, &on_err);
            on_ok.forget();
            on_err.forget();
        }
        None => status.set(failed.to_owned()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn copy_text(_text: &str, status: UseStateHandle<String>) {
    status.set("Copying needs a browser.".to_owned());
}

/// The snippet generator.
// One form, top to bottom.
#[function_component(EmbedBuilder)]
pub fn embed_builder() -> Html {
    let choice = use_state(Choice::default);
    let copy_status = use_state(String::new);
    let seed_error = use_state(|| None::<String>);
    let preview_height = use_state(|| default_height_px(&choice.widget));
    let iframe = use_node_ref();
    // Follow the preview's height messages (the API a host page would use).
    #[cfg(target_arch = "wasm32")]
    {
        let iframe = iframe.clone();
        let preview_height = preview_height.clone();
        use_effect_with((), move |()| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "message", move |e| {
                    use wasm_bindgen::JsCast;
                    let Some(event) = e.dyn_ref::<web_sys::MessageEvent>() else {
                        return;
                    };
                    let Some(frame) = iframe.cast::<web_sys::HtmlIFrameElement>() else {
                        return;
                    };
                    let from_preview = match (event.source(), frame.content_window()) {
                        (Some(s), Some(w)) => js_sys::Object::is(&s, &w),
                        _ => false,
                    };
                    if !from_preview {
                        return;
                    }
                    let data = event.data();
                    let is_height = js_sys::Reflect::get(&data, &"type".into())
                        .ok()
                        .and_then(|t| t.as_string())
                        .as_deref()
                        == Some("driftline:height");
                    let height = js_sys::Reflect::get(&data, &"height".into())
                        .ok()
                        .and_then(|h| h.as_f64());
                    if let (true, Some(h)) = (is_height, height) {
                        // Clamped to a page-sized range first.
                        preview_height.set(h.clamp(100.0, 5000.0) as u32);
                    }
                });
            move || drop(listener)
        });
    }
    let query = choice.query();
    let src = format!("{}?{query}", embed_page(&page_base()));
    let title = widget_title(&choice.widget);
    let snippet = iframe_snippet(
        &src,
        &title,
        default_height_px(&choice.widget),
        &frame_id(&choice.widget),
    );

    let update = |f: fn(&mut Choice, &Event)| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let mut next = (*choice).clone();
            f(&mut next, &e);
            choice.set(next);
        })
    };
    let choices = widget_choices();
    let on_widget = {
        let choice = choice.clone();
        let preview_height = preview_height.clone();
        let list = choices.clone();
        Callback::from(move |e: Event| {
            let i: usize = target_value(&e).parse().unwrap_or(0);
            if let Some((w, _)) = list.get(i) {
                preview_height.set(default_height_px(w));
                choice.set(Choice {
                    widget: w.clone(),
                    ..(*choice).clone()
                });
            }
        })
    };
    let on_lesson = update(|c, e| c.lesson = target_value(e));
    let on_seed = {
        let choice = choice.clone();
        let seed_error = seed_error.clone();
        Callback::from(move |e: Event| {
            let text = target_value(&e);
            let t = text.trim();
            if t.is_empty() {
                seed_error.set(None);
                choice.set(Choice {
                    seed: None,
                    ..(*choice).clone()
                });
            } else if let Ok(seed) = t.parse::<u64>() {
                seed_error.set(None);
                choice.set(Choice {
                    seed: Some(seed),
                    ..(*choice).clone()
                });
            } else {
                seed_error.set(Some(format!("\u{201c}{}\u{201d} is not a whole number from 0 up; the previous seed is kept.", crate::share::notice::sanitize(t, 30))));
            }
        })
    };
    let flag_box = |control: Control, lock: bool| {
        let choice = choice.clone();
        let id = format!(
            "embed-{}-{}",
            if lock { "lock" } else { "hide" },
            control.name()
        );
        let set = if lock { &choice.lock } else { &choice.hide };
        let checked = set.contains(&control);
        let onchange = {
            let choice = choice.clone();
            Callback::from(move |e: Event| {
                let mut next = (*choice).clone();
                let set = if lock { &mut next.lock } else { &mut next.hide };
                if target_checked(&e) {
                    set.insert(control);
                } else {
                    set.remove(&control);
                }
                choice.set(next);
            })
        };
        html! {
            <label class="radio" for={id.clone()}>
                <input type="checkbox" id={id.clone()} data-testid={id} {checked} {onchange} />
                { control.name() }
            </label>
        }
    };
    let on_copy = {
        let snippet = snippet.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |_: MouseEvent| copy_text(&snippet, copy_status.clone()))
    };
    let selected = choices
        .iter()
        .position(|(w, _)| *w == choice.widget)
        .unwrap_or(0);

    html! {
        <div class="app embed-builder" data-testid="embed-builder">
            <p><a href="#/">{ "\u{2190} Back to the explainer" }</a></p>
            <h2>{ "Embed Driftline in your page" }</h2>
            <p>{ "Pick a widget and its settings. The preview below is the real embedded page; copy the snippet into any HTML page or course platform that accepts iframes." }</p>
            <div class="embed-builder-grid">
                <form class="control-panel" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <fieldset class="group">
                        <legend>{ "Widget" }</legend>
                        <div class="field">
                            <label for="embed-widget">{ "Show" }</label>
                            <select id="embed-widget" data-testid="embed-widget" onchange={on_widget}>
                                { for choices.iter().enumerate().map(|(i, (_, label))| html! {
                                    <option value={i.to_string()} selected={i == selected}>{ label.clone() }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="embed-lesson">{ "Start from lesson" }</label>
                            <select id="embed-lesson" data-testid="embed-lesson" onchange={on_lesson}>
                                <option value="" selected={choice.lesson.is_empty()}>{ "Default factory (no drift)" }</option>
                                { for LESSONS.iter().map(|l| html! {
                                    <option value={l.preset} selected={choice.lesson == l.preset}>{ format!("{}. {}", l.number, l.title) }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="embed-seed">{ "Seed (empty: the lesson's)" }</label>
                            <input id="embed-seed" data-testid="embed-seed" type="text" inputmode="numeric" onchange={on_seed}
                                value={choice.seed.map(|s| s.to_string()).unwrap_or_default()} />
                        </div>
                        if let Some(err) = &*seed_error {
                            <p class="field-error" role="alert">{ err.clone() }</p>
                        }
                    </fieldset>
                    <fieldset class="group">
                        <legend>{ "Hide these controls" }</legend>
                        { for Control::ALL.iter().map(|&c| flag_box(c, false)) }
                    </fieldset>
                    <fieldset class="group">
                        <legend>{ "Lock these controls (shown, not usable)" }</legend>
                        { for Control::ALL.iter().map(|&c| flag_box(c, true)) }
                    </fieldset>
                </form>
                <div class="embed-builder-out">
                    <label for="embed-snippet"><strong>{ "Snippet" }</strong></label>
                    <textarea id="embed-snippet" data-testid="embed-snippet" class="embed-snippet" readonly=true rows="4" value={snippet.clone()} />
                    <p>
                        <button class="primary" data-testid="embed-copy" onclick={on_copy}>{ "Copy" }</button>
                        <span role="status" class="muted" data-testid="embed-copy-status">{ (*copy_status).clone() }</span>
                    </p>
                    <h3>{ "Live preview" }</h3>
                    // Not in the first paint: an iframe loads even inside a hidden view, so
                    // every reader of every chapter would download a second copy of the app.
                    if crate::first_paint::BUILD_TIME {
                        <div class="embed-preview" style={format!("height:{}px", *preview_height)}></div>
                    } else {
                        <iframe ref={iframe} class="embed-preview" data-testid="embed-preview" src={format!("{}?{query}", crate::first_paint::EMBED_PAGE)} {title}
                            height={preview_height.to_string()} />
                    }
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_iframe_points_at_the_embed_page_beside_the_page() {
        use super::embed_page;
        assert_eq!(
            embed_page("https://h.org/driftline/"),
            "https://h.org/driftline/embed.html"
        );
        assert_eq!(
            embed_page("https://h.org/d/index.html"),
            "https://h.org/d/embed.html"
        );
        assert_eq!(
            embed_page("file:///tmp/dist/index.html"),
            "file:///tmp/dist/embed.html"
        );
        assert_eq!(embed_page(""), "embed.html");
    }
    use super::*;

    #[test]
    fn builder_hash_is_recognised() {
        assert!(is_builder_hash("#/embed"));
        assert!(is_builder_hash("#embed/"));
        assert!(!is_builder_hash("#/drift"));
        assert!(!is_builder_hash(""));
    }

    #[test]
    fn choice_query_round_trips_through_the_share_parser() {
        let mut c = Choice {
            widget: Widget::Chart("psi".into()),
            seed: Some(9),
            ..Choice::default()
        };
        c.hide.insert(Control::Clock);
        c.lock.insert(Control::Drift);
        let (share, notices) = ShareState::parse(&c.query());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(share.embed.widget, Some(Widget::Chart("psi".into())));
        assert!(share.embed.hides(Control::Clock));
        assert!(!share.embed.allows(Control::Drift));
        assert_eq!(share.setup.seed, Some(9));
        assert_eq!(share.lesson, lesson_by_name("data-drift"));
        let none = Choice {
            lesson: String::new(),
            ..Choice::default()
        };
        assert_eq!(ShareState::parse(&none.query()).0.lesson, None);
    }
}
