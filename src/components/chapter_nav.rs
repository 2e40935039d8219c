//! The chapter list: one link per chapter, the current one marked with `aria-current`.

use yew::prelude::*;

use crate::chapters::route::hash_for;
use crate::content::{ChapterId, CHAPTERS};

/// Props of [`ChapterNav`].
#[derive(Properties, PartialEq)]
pub struct ChapterNavProps {
    /// The chapter on screen.
    pub current: ChapterId,
}

/// Navigation between chapters (plain links: the URL hash picks the chapter).
#[function_component(ChapterNav)]
pub fn chapter_nav(props: &ChapterNavProps) -> Html {
    html! {
        <nav class="chapter-nav" aria-label="Chapters">
            <ol>
                { for CHAPTERS.iter().enumerate().map(|(i, c)| {
                    let current = c.id == props.current;
                    html! {
                        <li>
                            <a href={hash_for(c)}
                                aria-current={current.then_some("page")}
                                data-testid={format!("nav-{}", c.slug)}>
                                <span class="nav-number">{ format!("{}.", i + 1) }</span>
                                { " " }{ c.title }
                            </a>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
