//! The chapter list: one link per chapter, the current one marked with `aria-current`.
//! On narrow screens the list folds into a disclosure so the chapter itself comes first.

use yew::prelude::*;

use crate::chapters::route::hash_for;
use crate::content::{ChapterId, CHAPTERS};

/// Screens at least this wide (CSS px) open the chapter list by default.
pub const WIDE_PX: f64 = 860.0;

/// Props of [`ChapterNav`].
#[derive(Properties, PartialEq)]
pub struct ChapterNavProps {
    /// The chapter on screen; `None` on a page that is not a chapter (`#/compare`), so no
    /// entry is marked as the current page.
    pub current: Option<ChapterId>,
}

fn wide_screen() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo::utils::window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_none_or(|w| w >= WIDE_PX)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

/// Navigation between chapters (plain links: the URL hash picks the chapter).
#[function_component(ChapterNav)]
pub fn chapter_nav(props: &ChapterNavProps) -> Html {
    let open = use_state(wide_screen);
    {
        // Crossing the breakpoint (rotating a phone, resizing a window) resets the default.
        let open = open.clone();
        use_effect_with((), move |()| {
            #[cfg(target_arch = "wasm32")]
            let listener = {
                let was_wide = std::cell::Cell::new(wide_screen());
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    let wide = wide_screen();
                    if wide != was_wide.get() {
                        was_wide.set(wide);
                        open.set(wide);
                    }
                })
            };
            #[cfg(not(target_arch = "wasm32"))]
            let listener = open;
            move || drop(listener)
        });
    }
    let position = CHAPTERS.iter().position(|c| Some(c.id) == props.current);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            // Mirror the browser's own open/closed state (the summary toggles it natively).
            let now = e
                .target()
                .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
                .and_then(|v| v.as_bool());
            if let Some(now) = now {
                open.set(now);
            }
        })
    };
    html! {
        <nav class="chapter-nav" aria-label="Chapters">
            <details open={*open} ontoggle={on_toggle}>
                <summary data-testid="nav-toggle">
                    { "Chapters" }
                    if let Some(i) = position {
                        <span class="nav-where">{ format!(" ({} of {})", i + 1, CHAPTERS.len()) }</span>
                    }
                </summary>
                <ol>
                    { for CHAPTERS.iter().enumerate().map(|(i, c)| {
                        let current = Some(c.id) == props.current;
                        html! {
                            <li>
                                <a href={hash_for(c)}
                                    aria-current={current.then_some("page")}
                                    data-testid={format!("nav-{}", c.slug)}>
                                    <span class="nav-number">{ format!("{}.", i + 1) }</span>
                                    <span>{ c.title }</span>
                                </a>
                            </li>
                        }
                    }) }
                </ol>
            </details>
        </nav>
    }
}
