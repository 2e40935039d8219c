//! The seventeen lessons of `LESSONS.md`, with the preset name each one loads.

use super::Lesson;

/// Lessons 1 to 17 in order; `preset` is the kebab-case name shared with the simulation's
/// lesson scenarios and with [`super::TryThis::preset`].
pub const LESSONS: &[Lesson] = &[
    Lesson {
        number: 1,
        preset: "lifecycle",
        title: "The lifecycle is a loop",
    },
    Lesson {
        number: 2,
        preset: "system-map",
        title: "The model is a small part of the system",
    },
    Lesson {
        number: 3,
        preset: "data-drift",
        title: "Data drift",
    },
    Lesson {
        number: 4,
        preset: "concept-drift",
        title: "Concept drift",
    },
    Lesson {
        number: 5,
        preset: "gradual-vs-sudden",
        title: "Slow drift and sudden drift",
    },
    Lesson {
        number: 6,
        preset: "serving-choices",
        title: "Where and how the model runs",
    },
    Lesson {
        number: 7,
        preset: "why-deploy",
        title: "Why deploy, and how to start",
    },
    Lesson {
        number: 8,
        preset: "shadow",
        title: "Shadow mode",
    },
    Lesson {
        number: 9,
        preset: "canary",
        title: "Canary rollout",
    },
    Lesson {
        number: 10,
        preset: "blue-green",
        title: "Blue-green switch",
    },
    Lesson {
        number: 11,
        preset: "automation-levels",
        title: "Degrees of automation",
    },
    Lesson {
        number: 12,
        preset: "monitoring",
        title: "Metrics, red lines and alarms",
    },
    Lesson {
        number: 13,
        preset: "milestones",
        title: "Training, test and business milestones",
    },
    Lesson {
        number: 14,
        preset: "rare-classes",
        title: "Rare classes",
    },
    Lesson {
        number: 15,
        preset: "slices",
        title: "Good on average, bad on a slice",
    },
    Lesson {
        number: 16,
        preset: "baselines",
        title: "Baselines and human-level performance",
    },
    Lesson {
        number: 17,
        preset: "pies",
        title: "Summaries as pie charts",
    },
];
