//! Chapter 7: milestones, rare classes and slices (lessons 13, 14, 15).

use super::{Chapter, ChapterId, TryThis};

/// The beyond-test-set-accuracy chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::BeyondAccuracy,
    slug: "beyond-accuracy",
    title: "Beyond test-set accuracy",
    lessons: &[13, 14, 15],
    paragraphs: &[
        "Building a model has milestones. First, do well on the training data. Next, do well \
         on dev and test data the model never trained on. Last, the one that pays the bills: \
         do well on the business goal. Passing the first two does not promise the third.",
        "Not every mistake costs the same. A defective phone that slips through means a \
         return, a repair and an unhappy customer. A good phone rejected by mistake means a \
         bit of rework. Test accuracy counts each as one error. The cost panel does not, which \
         is why the two can disagree.",
        "Rare classes make this worse. Only about 4 phones in 100 are defective, so a model \
         that always says PASS is right 96% of the time and catches nothing. With a rare \
         class, look at recall (the share of defects caught) and at cost, never at accuracy \
         alone.",
        "An average can also hide a group. The line makes black, silver and a small run of gold \
         phones, about 5 in 100. Gold is shiny, so defects show little contrast, and the model \
         can do badly there while its overall score looks fine. Loan approvals and shop \
         recommendations share the trap: one group of applicants, or the small sellers, can be \
         treated unfairly without the total showing it. Look at every slice on its own.",
    ],
    try_this: &[
        TryThis {
            lesson: 13,
            preset: "milestones",
            setup: "Put a model with a great test score on the line and compare its training, \
                    test and business numbers side by side.",
            question: "Does the great test score mean a good result for the factory?",
            options: &[
                "Yes: test accuracy is the final word",
                "Not necessarily: the cost can be high while test accuracy looks great",
                "Only if its training error is even lower than its test error",
            ],
            expected: 1,
            explanation: "Accuracy treats every error alike, and defective phones are rare, so \
                          a handful of escapes barely dents it. In money those escapes are the \
                          expensive errors. Training and test error are milestones on the way; \
                          the business number is the one the factory is judged by.",
        },
        TryThis {
            lesson: 14,
            preset: "rare-classes",
            setup: "Deploy the always-PASS model: it says PASS to every phone, whatever the \
                    camera shows.",
            question: "What accuracy does it get?",
            options: &[
                "About 50%, like a coin toss",
                "Close to 0%: a model that does nothing scores nothing",
                "About 96%, while catching none of the defects",
            ],
            expected: 2,
            explanation: "It is right about every good phone, and nearly all phones are good, \
                          so its accuracy is at least one minus the defect rate. Its recall is \
                          zero: every defect escapes, and the cost panel fills up with \
                          returns. High accuracy on a rare class can mean nothing at all.",
        },
        TryThis {
            lesson: 15,
            preset: "slices",
            setup: "Open the per-slice table: black, silver, and the small gold slice, about 5% \
                    of phones.",
            question: "How does the model do on gold compared with its average?",
            options: &[
                "Markedly worse, although the average looks healthy",
                "About the same as the average",
                "Better, because there are fewer gold phones to get wrong",
            ],
            expected: 0,
            explanation: "Defects on shiny gold phones show little contrast, so the model misses \
                          more of them there. Gold is only about one phone in twenty, so even a \
                          poor result on it barely moves the average. Only the per-slice view \
                          shows it.",
        },
    ],
    glossary: &[
        (
            "Training error",
            "How often the model is wrong on the data it learned from.",
        ),
        (
            "Dev and test sets",
            "Labelled data kept aside to check the model on examples it has not seen.",
        ),
        (
            "Business metric",
            "What the project is really for, here the cost of escaped defects and false \
             rejects.",
        ),
        (
            "Rare class",
            "A category that makes up a small share of the data, like defective phones.",
        ),
        (
            "Recall",
            "Of all the truly defective phones, the share the model rejected.",
        ),
        (
            "Slice",
            "A subgroup of the data, like one phone colour, looked at on its own.",
        ),
    ],
};
