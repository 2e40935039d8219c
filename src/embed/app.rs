//! The root of the widgets' own wasm (`driftline-embed`), which `embed.html` starts: one
//! widget from the address, and none of the chapters, the presenter or the comparison, so a
//! blog post's iframe downloads about a third less than the full explainer
//! (`BENCHMARKS.md`). `index.html?embed=` still works: the chapters' wasm keeps the same
//! widget view ([`crate::root::App`]).

use yew::prelude::*;

use super::link::FULL_PAGE;
use super::{from_location, EmbedView};
use crate::share::ShareState;

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
            let full = format!(
                "{FULL_PAGE}{}{}",
                if search.is_empty() {
                    String::new()
                } else {
                    format!("?{search}")
                },
                crate::url_sync::current_hash()
            );
            html! {
                <p class="notice" role="status" data-testid="embed-no-widget">
                    { no_widget_text(&search) }
                    <a href={full}>{ "Open the full explainer" }</a>
                    { "." }
                </p>
            }
        }
    }
}

/// Why the address shows no widget: the link's own notice about `embed=` when it names
/// something that is not a widget, else that it names none.
fn no_widget_text(query: &str) -> String {
    let (_, notices) = ShareState::parse(query);
    match notices.iter().find(|n| n.key() == "embed") {
        Some(notice) => format!(
            "This page shows one Driftline widget, and the address asks for one it does not have ({}). ",
            notice.display()
        ),
        None => "This page shows one Driftline widget, and the address names none (it needs embed=). "
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::no_widget_text;

    #[test]
    fn an_unknown_widget_is_named_and_a_missing_one_explained() {
        let unknown = no_widget_text("v=1&embed=gauge");
        assert!(unknown.contains("not a widget"), "{unknown}");
        assert!(unknown.contains("gauge"), "{unknown}");
        assert!(no_widget_text("v=1&seed=3").contains("needs embed="));
    }
}
