//! Chapter 8: baselines and human-level performance (lesson 16).

use super::{Chapter, ChapterId, TryThis};

/// The baselines chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Baselines,
    slug: "baselines",
    title: "Baselines: how good could it be?",
    lessons: &[16],
    paragraphs: &[
        "Say the model is weakest on one defect type. Should the team spend next month on it? \
         Not yet. First ask how well anyone could do on it. A baseline is a fixed point to \
         measure against, and it stops you chasing a gain that is not there.",
        "Common baselines: human-level performance (how well a trained inspector does, most \
         useful for pictures and sound), results from papers or open-source models, and the \
         older system being replaced. Human-level performance also hints at the error nobody \
         can remove. If a good inspector often cannot tell from the picture either, the \
         picture may simply not hold enough to go on.",
        "So the baseline table lists, for each defect type, the model's accuracy, the \
         inspectors' accuracy, the gap between them, and how common that type is. Work goes \
         where gap times share is largest. A type where the model already matches the human \
         has little room left, however low its number looks.",
    ],
    try_this: &[TryThis {
        lesson: 16,
        preset: "baselines",
        setup: "Open the baseline table: per defect type, the model's accuracy, human-level \
                performance, the gap, and the share of the data.",
        question: "Where should the team work next?",
        options: &[
            "On the defect type where the model's accuracy is lowest",
            "On the type with the largest gap to human level, weighted by its share of the data",
            "On the type where the model already matches the inspectors",
        ],
        expected: 1,
        explanation: "The lowest number is not always the best target: if inspectors do no \
                      better, the pictures may not show enough to improve on. The gap to human \
                      level says how much is there to win on each phone of that type, and the \
                      share says how many phones would benefit. Their product ranks the work.",
    }],
    glossary: &[
        ("Baseline", "A fixed reference to compare a model against."),
        (
            "HLP",
            "Human-level performance: how well people do the same task.",
        ),
        (
            "Irreducible error",
            "Error that no model can remove, because the input does not contain the answer. \
             Also called Bayes error.",
        ),
        (
            "Gap to HLP",
            "How far the model trails human-level performance on a group of examples.",
        ),
    ],
};
