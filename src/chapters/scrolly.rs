//! Scrollytelling: on a wide screen, where the lab stays in view beside the story, reading
//! down to a lesson sets the lab up for that lesson (its preset), as if its "start the lab
//! from lesson" entry had been picked.
//!
//! A lesson counts as reached when its section crosses a band in the middle of the
//! viewport. On a phone the lab sits above the story, out of view while reading, so the
//! hook stays off there and the lab changes only when asked.

use yew::prelude::*;

/// Narrowest viewport (CSS px) with the lab beside the story (matches the stylesheet's
/// two-column breakpoint).
pub const SIDE_BY_SIDE_PX: u32 = 1000;

/// Calls `on_reached` with a lesson's number whenever its section (an element carrying
/// `data-lesson-step`) reaches the middle of the viewport.
#[hook]
pub fn use_lesson_steps(on_reached: Callback<u8>) {
    use_effect_with((), move |()| {
        #[cfg(target_arch = "wasm32")]
        let guard = observe(on_reached);
        #[cfg(not(target_arch = "wasm32"))]
        let guard = on_reached;
        move || drop(guard)
    });
}

#[cfg(target_arch = "wasm32")]
struct StepObserver {
    observer: web_sys::IntersectionObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

#[cfg(target_arch = "wasm32")]
impl Drop for StepObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[cfg(target_arch = "wasm32")]
fn observe(on_reached: Callback<u8>) -> Option<StepObserver> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let window = gloo::utils::window();
    let wide = window
        .match_media(&format!("(min-width: {SIDE_BY_SIDE_PX}px)"))
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if !wide {
        return None;
    }
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                continue;
            };
            if !entry.is_intersecting() {
                continue;
            }
            let lesson = entry
                .target()
                .get_attribute("data-lesson-step")
                .and_then(|v| v.parse::<u8>().ok());
            if let Some(n) = lesson {
                on_reached.emit(n);
            }
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    // A band from 40% to 55% of the viewport's height: a section is reached when it
    // passes the reader's eye line, not when its first pixel shows.
    options.set_root_margin("-40% 0px -45% 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    let steps = gloo::utils::document()
        .query_selector_all("[data-lesson-step]")
        .ok()?;
    for i in 0..steps.length() {
        if let Some(el) = steps
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            observer.observe(&el);
        }
    }
    Some(StepObserver {
        observer,
        _callback: callback,
    })
}
