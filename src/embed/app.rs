//! The root of the widgets' own wasm (`driftline-embed`), which `embed.html` starts: one
//! widget from the address, and none of the chapters, the presenter or the comparison, so a
//! blog post's iframe downloads about a third less than the full explainer
//! (`BENCHMARKS.md`). `index.html?embed=` still works: the chapters' wasm keeps the same
//! widget view ([`crate::root::App`]).

use yew::prelude::*;

use super::link::FULL_PAGE;
use super::{from_location, EmbedView};

/// One widget, or, when the address asks for none, a line that links the full explainer
/// (`embed.html`'s loader sends such addresses to `index.html` before any wasm loads; this
/// is what is left if that did not happen).
#[function_component(EmbedApp)]
pub fn embed_app() -> Html {
    let request = use_memo((), |()| from_location());
    use_effect_with((), |()| crate::root::remove_first_paint());
    match (*request).clone() {
        Some(config) => html! { <EmbedView {config} /> },
        None => {
            let search = crate::url_sync::current_search();
            let query = if search.is_empty() {
                String::new()
            } else {
                format!("?{search}")
            };
            let full = format!("{FULL_PAGE}{query}{}", crate::url_sync::current_hash());
            html! {
                <p class="notice" role="status" data-testid="embed-no-widget">
                    { "This page shows one Driftline widget, and the address names none (it needs embed=). " }
                    <a href={full}>{ "Open the full explainer" }</a>
                    { "." }
                </p>
            }
        }
    }
}
