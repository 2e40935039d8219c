//! Chapter 9: the sandbox, with every control unlocked (no lesson of its own).

use super::{Chapter, ChapterId};

/// The sandbox chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Sandbox,
    slug: "sandbox",
    title: "Sandbox: the whole factory",
    lessons: &[],
    paragraphs: &[
        "Everything at once. Every control is unlocked here: lighting, spec, camera, servers, \
         logging, rollout pattern, degree of automation and alarm lines.",
        "Try to break the factory, then fix it. Dim the lights while a canary is ramping up. \
         Tighten the spec with logging switched off. Move to full automation and check the \
         gold slice. Every run starts from a seed, so the same settings always give the same \
         run.",
    ],
    try_this: &[],
    glossary: &[],
};
