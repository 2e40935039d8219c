//! The shell around the page: the presenter toolbar (toggle, full screen, help, lesson
//! script), the keyboard shortcuts, the `#/embed` route, and the [`LabLink`] context the
//! chapter's lab attaches to.

use std::rc::Rc;

use yew::prelude::*;

use super::keys::HELP;
#[cfg(target_arch = "wasm32")]
use super::keys::{self, KeyAction};
use super::script::{script, Step};
use crate::app::Page;
use crate::chapters::route::route;
use crate::embed::builder::{is_builder_hash, EmbedBuilder, BUILDER_HASH};
use crate::lab::remote::{Command, LabLink};

/// True when a query string asks for presenter mode (`present=1`, `true` or `yes`).
#[must_use]
pub fn present_requested(query: &str) -> bool {
    let q = query.trim_start_matches(['?', '#']);
    q.split('&').any(|pair| {
        pair == "present"
            || matches!(
                pair.split_once('='),
                Some(("present", "1" | "true" | "yes"))
            )
    })
}

/// Presenter state kept in a reducer, so the keyboard listener can use a stable dispatcher.
#[derive(Clone, Debug, Default, PartialEq)]
struct Ui {
    presenting: bool,
    help: bool,
    step: usize,
    /// What the last shortcut did (read out to the room and to screen readers).
    last: String,
}

enum UiAction {
    SetPresenting(bool),
    ToggleHelp,
    CloseHelp,
    Next(usize),
    Prev,
    Restart,
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // Sent by the key listener.
    Did(String),
}

impl Reducible for Ui {
    type Action = UiAction;
    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            UiAction::SetPresenting(on) => {
                next.presenting = on;
                next.help = false;
            }
            UiAction::ToggleHelp => next.help = !self.help,
            UiAction::CloseHelp => next.help = false,
            UiAction::Next(len) => next.step = (self.step + 1).min(len.saturating_sub(1)),
            UiAction::Prev => next.step = self.step.saturating_sub(1),
            UiAction::Restart => next.step = 0,
            UiAction::Did(what) => next.last = what,
        }
        Rc::new(next)
    }
}

/// What a lab command did, in words for the status line.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // Used by the key listener.
fn describe(c: &Command) -> String {
    match c {
        Command::TogglePlay => "Play / pause".to_owned(),
        Command::Step => "Stepped one tick".to_owned(),
        Command::Reset => "Reset to tick 0".to_owned(),
        Command::SetAutomation(level) => format!("Degree of automation: {level:?}"),
        Command::InjectDriftNow { .. } => "Injected drift: the lighting dims, suddenly".to_owned(),
        other => format!("{other:?}"),
    }
}

#[cfg(target_arch = "wasm32")]
fn in_text_field(event: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let element = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .or_else(|| gloo::utils::document().active_element());
    element.is_some_and(|el| {
        let editable = js_sys::Reflect::get(&el, &"isContentEditable".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        keys::is_text_field(
            &el.tag_name(),
            &el.get_attribute("type").unwrap_or_default(),
            editable,
        )
    })
}

/// Asks for full screen, or leaves it; a refusal is shown in `message`.
#[cfg(target_arch = "wasm32")]
fn toggle_fullscreen(message: UseStateHandle<Option<String>>) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let document = gloo::utils::document();
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
        message.set(None);
        return;
    }
    let refused =
        "Full screen was refused by the browser. Try F11 (or the browser's View menu) instead.";
    let Some(root) = document.document_element() else {
        message.set(Some(refused.to_owned()));
        return;
    };
    let request = js_sys::Reflect::get(&root, &"requestFullscreen".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request else {
        message.set(Some(
            "This browser has no full-screen mode here. Try F11 instead.".to_owned(),
        ));
        return;
    };
    match request.call0(&root) {
        Ok(result) => match result.dyn_into::<js_sys::Promise>() {
            Ok(promise) => {
                let ok = message.clone();
                let on_ok = Closure::once(move |_: JsValue| ok.set(None));
                let on_err = Closure::once(move |_: JsValue| message.set(Some(refused.to_owned())));
                let _ = promise.then2(&on_ok, &on_err);
                on_ok.forget();
                on_err.forget();
            }
            Err(_) => message.set(None),
        },
        Err(_) => message.set(Some(refused.to_owned())),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn toggle_fullscreen(message: UseStateHandle<Option<String>>) {
    message.set(Some("Full screen needs a browser.".to_owned()));
}

fn step_view(step: Option<&Step>, index: usize, total: usize) -> Html {
    match step {
        Some(s) => html! {
            <div class="script-step" data-testid="script-step" data-step={index.to_string()}>
                <p class="script-count">{ format!("Step {} of {total}", index + 1) }</p>
                <h2 class="script-title" data-testid="script-title">{ s.title.clone() }</h2>
                <p><strong>{ "Do: " }</strong>{ s.todo.clone() }</p>
                <p><strong>{ "Watch: " }</strong>{ s.watch.clone() }</p>
            </div>
        },
        None => Html::default(),
    }
}

/// The page inside its shell.
#[function_component(PresenterShell)]
pub fn presenter_shell() -> Html {
    let ui = use_reducer(|| Ui {
        presenting: present_requested(&crate::url_sync::current_search()),
        ..Ui::default()
    });
    let hash = use_state(crate::url_sync::current_hash);
    let link = use_memo((), |()| LabLink::default());
    let fullscreen_message = use_state(|| None::<String>);
    // The teacher's notes fold to one line (step and title), so the projected screen
    // carries what the class should see; unfolded they show what to do and to watch.
    let notes_open = use_state(|| false);
    let on_notes = {
        let notes_open = notes_open.clone();
        Callback::from(move |_: MouseEvent| notes_open.set(!*notes_open))
    };
    {
        let hash = hash.clone();
        use_effect_with((), move |()| {
            #[cfg(target_arch = "wasm32")]
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    hash.set(crate::url_sync::current_hash())
                });
            #[cfg(not(target_arch = "wasm32"))]
            let listener = hash;
            move || drop(listener)
        });
    }
    let chapter = route(&hash).chapter;
    let steps = use_memo(chapter.slug, |_| script(chapter));
    // Only while presenting: finding them runs each lesson's preset.
    let moments = use_memo((chapter.slug, ui.presenting), |&(_, on)| {
        if on {
            super::moments::moments(chapter)
        } else {
            Vec::new()
        }
    });
    {
        // A new chapter starts its script at the top.
        let ui = ui.dispatcher();
        use_effect_with(chapter.slug, move |_| ui.dispatch(UiAction::Restart));
    }
    // Large type and high contrast: a class on <html>, so rem-based sizes scale too.
    #[cfg(target_arch = "wasm32")]
    {
        use_effect_with(ui.presenting, |&on| {
            let root = gloo::utils::document().document_element();
            if let Some(r) = &root {
                let _ = if on {
                    r.class_list().add_1("presenting")
                } else {
                    r.class_list().remove_1("presenting")
                };
            }
            move || {
                if let Some(r) = root {
                    let _ = r.class_list().remove_1("presenting");
                }
            }
        });
    }
    // The address says whether presenter mode is on, so a reload or a copied address keeps it.
    use_effect_with(ui.presenting, |&on| {
        let query = crate::url_sync::current_search();
        let wanted = crate::url_sync::with_present_flag(&query, on);
        if wanted != query.trim_start_matches('?') {
            crate::url_sync::replace_query(&wanted);
        }
    });
    #[cfg(target_arch = "wasm32")]
    {
        let remote = link.remote.clone();
        let dispatcher = ui.dispatcher();
        let total = steps.len();
        use_effect_with(
            (ui.presenting, total, remote),
            move |(on, total, remote)| {
                use wasm_bindgen::JsCast;
                let total = *total;
                let remote = remote.clone();
                let listener = on.then(|| {
                    gloo::events::EventListener::new_with_options(
                        &gloo::utils::document(),
                        "keydown",
                        gloo::events::EventListenerOptions::enable_prevent_default(),
                        move |e| {
                            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                                return;
                            };
                            if k.ctrl_key() || k.alt_key() || k.meta_key() || in_text_field(k) {
                                return;
                            }
                            let Some(action) = keys::action_for(&k.key()) else {
                                return;
                            };
                            e.prevent_default();
                            match action {
                                KeyAction::Lab(c) => {
                                    dispatcher.dispatch(UiAction::Did(describe(&c)));
                                    remote.send(c);
                                }
                                KeyAction::ToggleHelp => dispatcher.dispatch(UiAction::ToggleHelp),
                                KeyAction::CloseHelp => dispatcher.dispatch(UiAction::CloseHelp),
                                KeyAction::NextStep => dispatcher.dispatch(UiAction::Next(total)),
                                KeyAction::PrevStep => dispatcher.dispatch(UiAction::Prev),
                            }
                        },
                    )
                });
                move || drop(listener)
            },
        );
    }

    if is_builder_hash(&hash) {
        return html! { <EmbedBuilder /> };
    }

    let toggle = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::SetPresenting(!ui.presenting)))
    };
    let on_help = {
        let ui = ui.dispatcher();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::ToggleHelp))
    };
    let on_close_help = {
        let ui = ui.dispatcher();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::CloseHelp))
    };
    let on_next = {
        let ui = ui.dispatcher();
        let total = steps.len();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::Next(total)))
    };
    let on_prev = {
        let ui = ui.dispatcher();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::Prev))
    };
    let on_fullscreen = {
        let message = fullscreen_message.clone();
        Callback::from(move |_: MouseEvent| toggle_fullscreen(message.clone()))
    };
    let step = ui.step.min(steps.len().saturating_sub(1));

    html! {
        <ContextProvider<LabLink> context={(*link).clone()}>
            <div class={classes!("presenter-shell", ui.presenting.then_some("is-presenting"))} data-testid="presenter-shell">
                <div class="presenter-toolbar" role="toolbar" aria-label="Teaching tools">
                    <button data-testid="presenter-toggle" aria-pressed={ui.presenting.to_string()} onclick={toggle}>
                        { if ui.presenting { "Leave presenter mode" } else { "Presenter mode" } }
                    </button>
                    if ui.presenting {
                        <button data-testid="presenter-fullscreen" onclick={on_fullscreen}>{ "Full screen" }</button>
                        <button data-testid="presenter-help-button" aria-expanded={ui.help.to_string()} onclick={on_help}>{ "Shortcuts (?)" }</button>
                        <span class="presenter-last" role="status" aria-live="polite" data-testid="presenter-last">{ ui.last.clone() }</span>
                    } else {
                        <a class="button" href={BUILDER_HASH} data-testid="embed-builder-link">{ "Embed a widget" }</a>
                    }
                </div>
                if let Some(m) = &*fullscreen_message {
                    <p class="notice" role="alert" data-testid="presenter-fullscreen-message">{ m.clone() }</p>
                }
                <Page />
                if ui.presenting {
                    <aside class={classes!("presenter-script", (!*notes_open).then_some("folded"))} aria-label="Lesson script" data-testid="presenter-script">
                        { step_view(steps.get(step), step, steps.len()) }
                        <super::moments::MomentButtons moments={(*moments).clone()} remote={link.remote.clone()} />
                        <div class="script-nav">
                            <button data-testid="script-notes" aria-expanded={notes_open.to_string()} onclick={on_notes}>
                                { if *notes_open { "Hide notes \u{25be}" } else { "Notes \u{25b4}" } }
                            </button>
                            <button data-testid="script-prev" onclick={on_prev} disabled={step == 0}>{ "\u{2190} Prev" }</button>
                            <button class="primary" data-testid="script-next" onclick={on_next} disabled={step + 1 >= steps.len()}>{ "Next \u{2192}" }</button>
                        </div>
                    </aside>
                }
                if ui.presenting && ui.help {
                    <div class="presenter-help" role="dialog" aria-modal="false" aria-labelledby="presenter-help-title" data-testid="presenter-help">
                        <h2 id="presenter-help-title">{ "Keyboard shortcuts" }</h2>
                        <table>
                            <tbody>
                                { for HELP.iter().map(|(k, what)| html! { <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *what }</td></tr> }) }
                            </tbody>
                        </table>
                        <p class="muted">{ "Shortcuts are ignored while you type in a field." }</p>
                        <button data-testid="presenter-help-close" onclick={on_close_help}>{ "Close (Esc)" }</button>
                    </div>
                }
            </div>
        </ContextProvider<LabLink>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_flag_is_read_from_the_query() {
        assert!(present_requested("?present=1"));
        assert!(present_requested("?v=1&present=true&seed=3"));
        assert!(present_requested("present"));
        assert!(!present_requested("?present=0"));
        assert!(!present_requested("?v=1&presenter=1"));
        assert!(!present_requested(""));
    }

    #[test]
    fn script_steps_stay_in_range() {
        let ui = Rc::new(Ui::default());
        let ui = ui.reduce(UiAction::Prev);
        assert_eq!(ui.step, 0);
        let mut ui = ui;
        for _ in 0..10 {
            ui = ui.reduce(UiAction::Next(3));
        }
        assert_eq!(ui.step, 2);
        let ui = ui.reduce(UiAction::Prev).reduce(UiAction::ToggleHelp);
        assert_eq!(ui.step, 1);
        assert!(ui.help);
        let ui = ui.reduce(UiAction::SetPresenting(true));
        assert!(!ui.help && ui.presenting);
    }
}
