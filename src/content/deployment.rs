//! Chapter 4: why deploy, shadow mode, canary and blue-green (lessons 7 to 10).

use super::{Chapter, ChapterId, TryThis};

/// The deployment patterns chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Deployment,
    slug: "deployment",
    title: "Rolling out safely: shadow, canary, blue-green",
    lessons: &[7, 8, 9, 10],
    paragraphs: &[
        "People deploy a model for one of three usual reasons: to offer something new, to \
         automate work people now do by hand, or to replace an older model with a better one. \
         The reason points to a safe way to start.",
        "Shadow mode fits work people already do. The model judges a copy of every phone next \
         to the inspector, but its answers are only logged, never used. You learn how often it \
         agrees with the human and no phone is put at risk. The price is double the compute. \
         Seldon Core's shadow and Flagger's traffic mirroring work the same way: the copy's \
         answer is thrown away.",
        "A canary gives the new model a small share of real phones, say 5%, and raises it step \
         by step while checks pass (Flagger calls these stepWeight, interval and maxWeight). A \
         failed check sends every phone back to the old model. Argo Rollouts aborts once \
         failures go past failureLimit, which is 0 by default, so one failure is enough; \
         Flagger rolls back when failed checks reach its threshold. An inconclusive check \
         pauses for a person. In Flagger, a canary too small to measure yields no data, and \
         that counts as a failed check.",
        "Blue-green keeps the old model (blue) and the new one (green) both running behind a \
         router, and moves every phone at once. Going back is one flip, and it is instant while \
         blue is still warm. Argo Rollouts keeps the old copy running for \
         scaleDownDelaySeconds, 30 seconds by default; after that, going back means waiting \
         for blue to start up again.",
    ],
    try_this: &[
        TryThis {
            lesson: 7,
            preset: "why-deploy",
            setup: "Pick the reason for this deployment: automating the inspection the \
                    inspectors now do by hand.",
            question: "Which pattern should the first rollout use?",
            options: &[
                "Shadow mode, next to the inspectors",
                "Blue-green: switch every phone to the model at once",
                "Full automation from the first day",
            ],
            expected: 0,
            explanation: "People already decide every phone, so there is a ready yardstick: run \
                          the model beside them, compare, and change nothing. Once it agrees \
                          often enough, a canary can hand it real phones. Blue-green suits \
                          replacing an older model, where a warm model is there to flip back \
                          to.",
        },
        TryThis {
            lesson: 8,
            preset: "shadow",
            setup: "Run the new model in shadow mode beside the inspectors.",
            question: "How many PASS or REJECT decisions does the model change?",
            options: &[
                "Only the ones where it is very sure",
                "None at all",
                "About as many as the times it disagrees with the inspector",
            ],
            expected: 1,
            explanation: "In shadow mode the model's answers go to a log and nowhere else; the \
                          inspectors decide every phone. What you gain is the agreement rate: \
                          how often the model would have said the same as the human. That is \
                          the evidence for giving it real responsibility.",
        },
        TryThis {
            lesson: 9,
            preset: "canary",
            setup: "Start a canary of a bad model (trained on flipped labels) at 5% of phones, \
                    with Argo Rollouts' default failureLimit of 0.",
            question: "What happens next?",
            options: &[
                "The first failed check aborts it: all phones go back to the stable model, and \
                 only about the canary's 5% ever met the bad one",
                "The share keeps climbing to the maximum before anything is noticed",
                "It stays at 5% until someone turns it off by hand",
            ],
            expected: 0,
            explanation: "Each check window compares the canary's error rate with its limits. \
                          The bad model fails the first one, the failure count goes past 0, \
                          and the rollout aborts: the canary's share drops to zero at once. \
                          The damage is capped by the share it had, which is the whole point \
                          of starting small.",
        },
        TryThis {
            lesson: 10,
            preset: "blue-green",
            setup: "Switch every phone to green, then roll back twice: once right away, and \
                    once after waiting longer than the scale-down delay.",
            question: "What does the late rollback cost?",
            options: &[
                "Nothing: rolling back is always instant",
                "Nothing, because the late rollback is refused",
                "A cold start: blue was shut down and must start up again before it serves",
            ],
            expected: 2,
            explanation: "The switch itself is a single flip of the router, so all traffic \
                          moves at once. Right after it, blue is still running and taking it \
                          back is instant. Once the scale-down delay has passed, blue's \
                          servers are gone, and rolling back means waiting for them to start \
                          cold.",
        },
    ],
    glossary: &[
        (
            "Shadow mode",
            "The new model sees every input and answers, but its answers are only logged.",
        ),
        (
            "Canary",
            "A rollout that gives the new model a small share of traffic first and grows it \
             while checks pass.",
        ),
        (
            "Blue-green",
            "Two full copies, old (blue) and new (green), with a router that moves all traffic \
             from one to the other at once.",
        ),
        ("Rollback", "Sending traffic back to the previous version."),
        (
            "failureLimit",
            "Argo Rollouts: how many failed measurements are allowed; the analysis fails when \
             the count goes past it. Default 0.",
        ),
        (
            "threshold",
            "Flagger: how many failed checks trigger a rollback; it rolls back when the count \
             reaches it.",
        ),
        (
            "scaleDownDelaySeconds",
            "Argo Rollouts: how long the old blue-green copy stays running after a switch. \
             Default 30 seconds.",
        ),
    ],
};
