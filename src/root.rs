//! The root component: one widget for `?embed=<widget>`, else the page inside the
//! presenter shell. It sits apart from the page so that the page and the shell that wraps
//! it never import each other through it.

use yew::prelude::*;

/// The root: [`crate::embed::EmbedView`] when the address asks for one widget, else
/// [`crate::presenter::PresenterShell`] (toolbar, shortcuts, `#/embed`, the lab's remote),
/// which renders [`crate::app::Page`].
#[function_component(App)]
pub fn app() -> Html {
    let embed_request = use_memo((), |()| crate::embed::from_location());
    // The first render is in the document: the build-time first paint above it can go.
    // Both happen before the browser paints again, so the reader never sees the two.
    use_effect_with((), |()| remove_first_paint());
    match (*embed_request).clone() {
        Some(config) => html! { <crate::embed::EmbedView {config} /> },
        None => html! { <crate::presenter::PresenterShell /> },
    }
}

/// Takes the prerendered first paint (`crate::prerender`) off the screen now and out of
/// the document half a second later, if the page has one. Removing its twelve views at
/// once was 87 ms of the app's first task on a phone-speed CPU; hidden, it costs a style
/// change now and is removed after the app's first charts are drawn.
pub(crate) fn remove_first_paint() {
    crate::first_paint::set_taking_over(false);
    #[cfg(target_arch = "wasm32")]
    if let Some(first_paint) = gloo::utils::document().get_element_by_id("first-paint") {
        // A failed style write only leaves the views until their removal below.
        let _ = first_paint.set_attribute("style", "display:none");
        gloo::timers::callback::Timeout::new(500, move || first_paint.remove()).forget();
    }
}
