//! Which chapter the URL hash asks for: `#/drift` -> the drift chapter.

use crate::content::{Chapter, CHAPTERS};

/// The first chapter: shown for an empty or unknown hash.
#[must_use]
pub fn first_chapter() -> &'static Chapter {
    // CHAPTERS is a non-empty constant (checked by content's tests); index 0 always exists.
    &CHAPTERS[0]
}

/// The slug inside a hash such as `#/drift`, `#drift` or `#/drift/` (empty for `""` or `#/`).
#[must_use]
pub fn slug_of(hash: &str) -> &str {
    let s = hash.trim();
    let s = s.strip_prefix('#').unwrap_or(s);
    let s = s.strip_prefix('/').unwrap_or(s);
    s.trim_end_matches('/')
}

/// The chapter to show, and the slug that was asked for when no chapter has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The chapter to show (the first one when the hash is empty or unknown).
    pub chapter: &'static Chapter,
    /// The slug from the hash when no chapter has it (the page shows a notice).
    pub unknown: Option<String>,
}

/// Resolves a URL hash to a chapter; never fails.
#[must_use]
pub fn route(hash: &str) -> Route {
    let slug = slug_of(hash);
    match crate::content::chapter_by_slug(slug) {
        Some(chapter) => Route {
            chapter,
            unknown: None,
        },
        None if slug.is_empty() => Route {
            chapter: first_chapter(),
            unknown: None,
        },
        None => Route {
            chapter: first_chapter(),
            // Keep the notice short and free of markup-looking noise.
            unknown: Some(slug.chars().take(60).collect()),
        },
    }
}

/// The hash that selects `chapter`, e.g. `#/drift`.
#[must_use]
pub fn hash_for(chapter: &Chapter) -> String {
    format!("#/{}", chapter.slug)
}

/// The chapters before and after `chapter` in reading order.
#[must_use]
pub fn neighbours(chapter: &Chapter) -> (Option<&'static Chapter>, Option<&'static Chapter>) {
    let i = CHAPTERS.iter().position(|c| c.id == chapter.id);
    match i {
        Some(i) => (
            i.checked_sub(1).and_then(|j| CHAPTERS.get(j)),
            CHAPTERS.get(i + 1),
        ),
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ChapterId;

    #[test]
    fn hashes_resolve_to_their_chapter() {
        for c in CHAPTERS {
            for hash in [
                format!("#/{}", c.slug),
                format!("#{}", c.slug),
                format!("#/{}/", c.slug),
            ] {
                let r = route(&hash);
                assert_eq!(r.chapter.id, c.id, "{hash}");
                assert_eq!(r.unknown, None);
            }
            assert_eq!(route(&hash_for(c)).chapter.id, c.id);
        }
    }

    #[test]
    fn empty_hash_is_the_first_chapter_without_a_notice() {
        for hash in ["", "#", "#/", "  "] {
            let r = route(hash);
            assert_eq!(r.chapter.id, ChapterId::Lifecycle, "{hash:?}");
            assert_eq!(r.unknown, None, "{hash:?}");
        }
    }

    #[test]
    fn unknown_slug_falls_back_with_a_notice() {
        let r = route("#/no-such-chapter");
        assert_eq!(r.chapter.id, ChapterId::Lifecycle);
        assert_eq!(r.unknown.as_deref(), Some("no-such-chapter"));
        // Case matters, and odd input never panics.
        assert!(route("#/Drift").unknown.is_some());
        let long = format!("#/{}", "é".repeat(500));
        let r = route(&long);
        assert_eq!(r.unknown.map(|s| s.chars().count()), Some(60));
    }

    #[test]
    fn neighbours_follow_reading_order() {
        let first = first_chapter();
        assert_eq!(neighbours(first).0, None);
        assert_eq!(neighbours(first).1.map(|c| c.id), Some(ChapterId::Drift));
        let last = CHAPTERS.last().map(|c| neighbours(c));
        assert_eq!(last.map(|n| n.1.is_none()), Some(true));
        assert_eq!(
            last.and_then(|n| n.0).map(|c| c.id),
            Some(ChapterId::Baselines)
        );
    }
}
