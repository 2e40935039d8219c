//! The browser side of the `postMessage` API (see [`crate::share::message`] for the schema).
//!
//! Incoming: only messages whose `event.source` is `window.parent` are read. In a top-level
//! page `window.parent === window`, so a page (or a browser test) that is not inside an
//! iframe can drive itself by dispatching a `MessageEvent` with `source: window`; anything
//! from another window (a sibling iframe, a popup) is dropped unread. The data may be a
//! JSON string or a plain object (serialised before parsing). Messages for someone else
//! (no `driftline:` type) are ignored silently; malformed driftline messages are ignored
//! with a `console.warn` giving the reason.
//!
//! Outgoing: `driftline:ready` once, and `driftline:height` whenever the widget's height
//! changes (a `ResizeObserver` on the widget's root). Nothing is posted when the page is
//! not inside a frame, so a top-level page never talks to itself.

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MessageEvent, ResizeObserver};

use crate::lab::remote::{Command, Remote};
use crate::share::message::{ChildMessage, MessageError, ParentMessage};

/// True when `source` is this window's parent (which is the window itself at top level).
fn from_parent(source: Option<&js_sys::Object>) -> bool {
    let window = gloo::utils::window();
    let parent: JsValue = match window.parent() {
        Ok(Some(p)) => p.into(),
        // No parent reachable: only the window itself counts.
        _ => window.into(),
    };
    source.is_some_and(|s| js_sys::Object::is(s, &parent))
}

/// The message's data as text: strings as they are, other values as JSON.
fn data_text(data: &JsValue) -> Option<String> {
    data.as_string().or_else(|| {
        js_sys::JSON::stringify(data)
            .ok()
            .and_then(|s| s.as_string())
    })
}

/// Whether a parse error should be reported: only for messages meant for Driftline.
fn worth_warning(error: &MessageError, text: &str) -> bool {
    match error {
        MessageError::NotOurs => false,
        MessageError::NotJson { .. } | MessageError::NotAnObject | MessageError::MissingType => {
            text.contains(crate::share::message::TYPE_PREFIX)
        }
        _ => true,
    }
}

/// Reads one message event: `Some` for a valid command from the parent window.
#[must_use]
pub fn read_event(event: &MessageEvent) -> Option<ParentMessage> {
    if !from_parent(event.source().as_ref()) {
        return None;
    }
    let text = data_text(&event.data())?;
    match ParentMessage::parse(&text) {
        Ok(m) => Some(m),
        Err(e) => {
            if worth_warning(&e, &text) {
                web_sys::console::warn_1(
                    &format!("Driftline ignored a message from the parent page: {e}").into(),
                );
            }
            None
        }
    }
}

/// Listens for parent messages and sends them to `remote`; drop the listener to stop.
pub fn listen(remote: Remote) -> EventListener {
    EventListener::new(&gloo::utils::window(), "message", move |e| {
        if let Some(event) = e.dyn_ref::<MessageEvent>() {
            if let Some(m) = read_event(event) {
                remote.send(Command::from(m));
            }
        }
    })
}

/// True when the page is inside a frame (its parent is another window).
fn framed() -> bool {
    let window = gloo::utils::window();
    match window.parent() {
        Ok(Some(p)) => !js_sys::Object::is(&p, &window),
        _ => false,
    }
}

/// Posts a child message (as a plain object) to the parent window, if there is one.
pub fn post(message: ChildMessage) {
    if !framed() {
        return;
    }
    let Ok(value) = js_sys::JSON::parse(&message.to_json()) else {
        return;
    };
    if let Ok(Some(parent)) = gloo::utils::window().parent() {
        // Target "*": the messages carry no data about the reader (see the schema docs).
        let _ = parent.post_message(&value, "*");
    }
}

/// Reports `root`'s height to the parent now and whenever it changes. Keep the value alive
/// as long as the reports should go on.
pub struct HeightReporter {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightReporter {
    /// Starts observing `root`; `None` if the browser has no `ResizeObserver`.
    #[must_use]
    pub fn start(root: &Element) -> Option<Self> {
        let last = std::rc::Rc::new(std::cell::Cell::new(0_u32));
        let target = root.clone();
        let report = move || {
            let h = u32::try_from(target.scroll_height()).unwrap_or(0);
            if h > 0 && h != last.get() {
                last.set(h);
                post(ChildMessage::Height { height: h });
            }
        };
        report();
        let callback = Closure::<dyn FnMut()>::new(report);
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(root);
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
