//! The chapter list: one link per chapter, the current one marked with `aria-current`.
//! It folds into a dropdown in the sticky header, so it is one click away at any scroll
//! position and never takes the lab's room.

use yew::prelude::*;

use super::route::hash_for;
use crate::content::{ChapterId, CHAPTERS};

/// Props of [`ChapterNav`].
#[derive(Properties, PartialEq)]
pub struct ChapterNavProps {
    /// The chapter on screen; `None` on a page that is not a chapter (`#/compare`), so no
    /// entry is marked as the current page.
    pub current: Option<ChapterId>,
}

/// Navigation between chapters (plain links: the URL hash picks the chapter).
#[function_component(ChapterNav)]
pub fn chapter_nav(props: &ChapterNavProps) -> Html {
    // A dropdown in the sticky header: closed until asked for, closed again once a
    // chapter is picked, so the lab keeps the screen.
    let open = use_state(|| false);
    {
        let open = open.clone();
        use_effect_with(props.current, move |_| open.set(false));
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
