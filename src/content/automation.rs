//! Chapter 5: the degrees of automation (lesson 11).

use super::{Chapter, ChapterId, TryThis};

/// The degrees of automation chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Automation,
    slug: "automation",
    title: "Degrees of automation",
    lessons: &[11],
    paragraphs: &[
        "Automation is not an on-off switch. Between a person checking every phone and a model \
         checking them all alone, there are several stops, and each one hands the model a \
         little more of the job.",
        "Human only: inspectors decide everything. Shadow: the model runs too, but only \
         watches. AI assistance: inspectors decide with the model's hint on screen, a bit \
         faster and more accurate. Partial automation: the model decides the phones it is sure \
         about and passes the unsure ones to a person. Full automation: the model decides \
         everything it can score.",
        "Each step up trades inspector hours for risk. Inspectors see fewer phones, the line \
         decides more per hour, and each decision costs less. But the mistakes become the \
         model's, and a defect that escapes costs far more than a good phone rejected by \
         mistake. Partial automation is often the sweet spot: human attention goes exactly \
         where the model is unsure, much like a canary check that cannot decide and pauses \
         for a person.",
    ],
    try_this: &[TryThis {
        lesson: 11,
        preset: "automation-levels",
        setup: "Slide from human only to full automation, one level at a time, and watch how \
                many phones reach an inspector.",
        question: "How does the inspectors' workload change along the way?",
        options: &[
            "It drops to zero as soon as the model runs, in shadow mode",
            "It falls by the same amount at every step",
            "Every phone through shadow and AI assistance, then only the unsure phones under \
             partial automation, then almost none",
        ],
        expected: 2,
        explanation: "Shadow and AI assistance still leave every decision with a person, so the \
                      workload stays full (assistance only makes each phone quicker). Partial \
                      automation is the first real drop: only phones scored close to the \
                      threshold go to the inspector. Full automation removes nearly all the rest: \
                      only phones the model cannot score, such as those with no picture, \
                      still take the fallback path. Gone with them is the last check on \
                      escaped defects.",
    }],
    glossary: &[
        (
            "AI assistance",
            "A person makes the decision while seeing the model's suggestion.",
        ),
        (
            "Partial automation",
            "The model decides when it is confident and hands the rest to a person.",
        ),
        (
            "Confidence band",
            "Scores this close to the decision threshold count as unsure and go to a person.",
        ),
        (
            "Escaped defect",
            "A defective phone that was passed: a false PASS.",
        ),
        ("False reject", "A good phone that was rejected."),
    ],
};
