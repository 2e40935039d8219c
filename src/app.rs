//! The root component: header, chapter navigation, the chapter chosen by the URL hash,
//! previous/next links and the footer.

use yew::prelude::*;

use crate::chapters::page::ChapterPage;
use crate::chapters::route::{hash_for, neighbours, route, Route};
use crate::components::chapter_nav::ChapterNav;

/// Milliseconds between clock beats at normal speed (10 beats per second).
pub const BEAT_MS: u32 = 100;

/// The URL hash right now (empty outside a browser).
fn current_hash() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        gloo::utils::window().location().hash().unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let route_state = use_state(|| route(&current_hash()));
    {
        // Follow the hash: links in the nav, previous/next, the back button, typed URLs.
        let route_state = route_state.clone();
        use_effect_with((), move |()| {
            #[cfg(target_arch = "wasm32")]
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route_state.set(route(&current_hash()));
                    // Start the new chapter at its top, with focus on its heading for screen readers.
                    let window = gloo::utils::window();
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                    if let Some(h) = gloo::utils::document()
                        .query_selector("[data-testid=\"chapter-title\"]")
                        .ok()
                        .flatten()
                        .and_then(|e| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                        })
                    {
                        let _ = h.focus();
                    }
                });
            #[cfg(not(target_arch = "wasm32"))]
            let listener = route_state;
            move || drop(listener)
        });
    }
    let Route { chapter, unknown } = (*route_state).clone();
    let (prev, next) = neighbours(chapter);

    html! {
        <div class="page">
            <a class="skip-link" href="#main-content" onclick={Callback::from(|e: MouseEvent| {
                // Keep the hash for routing: move focus instead of navigating.
                e.prevent_default();
                #[cfg(target_arch = "wasm32")]
                if let Some(m) = gloo::utils::document().get_element_by_id("main-content")
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                    let _ = m.focus();
                }
            })}>{ "Skip to the chapter" }</a>
            <header class="app-header">
                <h1>{ "Driftline" }</h1>
                <p class="tagline">{ "Machine learning in production, on a simulated phone factory." }</p>
            </header>
            <p class="intro">
                { "A camera photographs every phone at the end of a line, and a model, an inspector or both decide PASS or REJECT. \
                   Each chapter below explains one idea about running such a model in production, lets you play with the factory, \
                   and asks you to predict what will happen before the simulation shows you." }
            </p>
            <div class="layout">
                <ChapterNav current={chapter.id} />
                <main id="main-content" class="app" tabindex="-1">
                    if let Some(slug) = unknown {
                        <p class="notice" role="status" data-testid="unknown-chapter">
                            { format!("There is no chapter called \u{201c}{slug}\u{201d}; showing the first chapter instead.") }
                        </p>
                    }
                    <ChapterPage key={chapter.slug} {chapter} />
                    <nav class="prev-next" aria-label="Previous and next chapter">
                        if let Some(p) = prev {
                            <a class="button" href={hash_for(p)} rel="prev" data-testid="prev-chapter">{ format!("\u{2190} Previous: {}", p.title) }</a>
                        }
                        if let Some(n) = next {
                            <a class="button" href={hash_for(n)} rel="next" data-testid="next-chapter">{ format!("Next: {} \u{2192}", n.title) }</a>
                        }
                    </nav>
                </main>
            </div>
            <footer class="app-footer">
                <p>
                    { "Every number on this page comes from a seeded simulation running in your browser: the same settings always give the same run. \
                       No real factory, model or user data is involved, and the page makes no network requests." }
                </p>
                <p>
                    { "Behaviour simulated after real tools: Argo Rollouts and Flagger (canary steps, analysis failure limits, blue-green scale-down delay), \
                       Seldon Core and Flagger mirroring (shadow mode), Evidently (data drift tests: KS, Wasserstein, PSI), \
                       River (ADWIN, Page-Hinkley and DDM drift detectors, ConceptDriftStream), Prometheus (alert rules with a `for` duration) \
                       and NannyML (performance estimation without labels). The system diagram follows Sculley et al., \
                       \u{201c}Hidden Technical Debt in Machine Learning Systems\u{201d} (NIPS 2015)." }
                </p>
            </footer>
        </div>
    }
}
