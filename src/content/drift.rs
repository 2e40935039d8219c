//! Chapter 2: data drift, concept drift and the shape of drift (lessons 3, 4, 5).

use super::{Chapter, ChapterId, TryThis};

/// The drift chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Drift,
    slug: "drift",
    title: "When the world moves: data drift and concept drift",
    lessons: &[3, 4, 5],
    paragraphs: &[
        "A model learns from the phones it saw in training. When later phones stop looking \
         like those, its answers get worse, although nobody touched the model. That slow or \
         sudden change is called drift. It comes in two kinds, and they are caught in very \
         different ways.",
        "Data drift: what the camera sees changes. A lamp dims, so pictures get darker and \
         scratches show less contrast. A new camera adds blur. A new colour shows up. The \
         inputs move (P(x) changes) but the rule for a defect stays the same. Inputs can be \
         measured the moment a phone is imaged, so this is quick to spot: compare today's \
         brightness with the training data, for example with PSI (above 0.1 is a moderate \
         shift, above 0.25 a major one).",
        "Concept drift: the rule itself changes. Say the spec tightens and a scratch that was \
         fine yesterday is a reject today. The pictures look exactly as before (P(x) stays \
         put), but the right answer for them has moved (P(y|x) changed). No input check can \
         see that. Only true labels can, and in a factory they come late, from audits and \
         returns. Tools that estimate accuracy without labels, like NannyML's CBPE, say \
         plainly that they assume no concept drift.",
        "Drift also has a shape. It can be sudden, like a lamp failing overnight, or gradual, \
         with old and new mixed for a while before the new one takes over (River's \
         ConceptDriftStream blends them along an S-shaped curve). A gradual change starts \
         faint, so it is noticed later. One warning: books and tools do not all use these \
         names the same way, so check each one's definition.",
    ],
    try_this: &[
        TryThis {
            lesson: 3,
            preset: "data-drift",
            setup: "Dim the factory lighting. Every picture gets darker, and defects show \
                    less contrast against the phone.",
            question: "Which alarm rings first?",
            options: &[
                "The brightness input alarm, within a few checks of the change",
                "The recall alarm, because defects are now missed",
                "None: the phones themselves have not changed",
            ],
            expected: 0,
            explanation: "Brightness is measured on every picture, with no waiting, so the \
                          comparison with the training pictures (PSI here; Evidently would run \
                          a KS test on a reference of up to 1000 rows) crosses its line within \
                          a few checks. Recall may fall too, because the model leans on contrast, \
                          but recall needs true labels, and those arrive late.",
        },
        TryThis {
            lesson: 4,
            preset: "concept-drift",
            setup: "Tighten the spec: smaller defects now count as rejects. The phones, the \
                    lighting and the camera stay exactly as they were.",
            question: "Which alarm rings first?",
            options: &[
                "The brightness input alarm, right away",
                "A label-based alarm (precision, recall or inspector overrides), later, \
                 while the input alarms stay quiet",
                "Every alarm at the same moment",
            ],
            expected: 1,
            explanation: "The pictures did not change, so brightness and PSI stay flat and the \
                          input alarms have nothing to see. What changed is the right answer. \
                          Only the inspectors' overrides and the late audit labels reveal it. \
                          Here the model's old \"cosmetic\" rejects become correct, so \
                          precision jumps: an alarm on a metric leaving its usual band comes, \
                          but later than a data-drift alarm would.",
        },
        TryThis {
            lesson: 5,
            preset: "gradual-vs-sudden",
            setup: "Run the same lighting change twice: once as a sudden step, once as a \
                    gradual blend from old to new over many ticks.",
            question: "Counting from the tick the change begins, which one is detected sooner?",
            options: &["The gradual one", "Both at the same tick", "The sudden one"],
            expected: 2,
            explanation: "A sudden change hits every phone at full strength, so the statistics \
                          jump over their lines right away. A gradual change starts with only a \
                          few phones from the new world, which look like noise; the alarm waits \
                          until the mix has tipped far enough. The charts show a step for one \
                          and a ramp for the other.",
        },
    ],
    glossary: &[
        (
            "Drift",
            "A change over time in the data a model sees, or in what the right answers are.",
        ),
        (
            "Data drift",
            "The inputs change (P(x) moves), like darker pictures, while the rule for a defect \
             stays the same.",
        ),
        (
            "Concept drift",
            "The rule changes (P(y|x) moves), like a stricter spec, while the inputs may look \
             exactly the same.",
        ),
        (
            "PSI",
            "Population stability index: compares two histograms, summing (ref - cur) times \
             ln(ref / cur) over the bins. Under 0.1 is stable, over 0.25 is a major shift.",
        ),
        (
            "KS test",
            "Kolmogorov-Smirnov: measures the largest gap between two cumulative \
             distributions. Evidently uses it by default for numbers when the reference has \
             at most 1000 rows, flagging drift at p of 0.05 or less.",
        ),
        (
            "Label delay",
            "The time between a decision and learning whether it was right.",
        ),
    ],
};
