//! The seventeen lessons of `LESSONS.md`, with the preset name each one loads.

use super::LessonEntry;

/// Lessons 1 to 17 in order; `preset` is the kebab-case name shared with the simulation's
/// lesson scenarios and with [`super::TryThis::preset`].
pub const LESSONS: &[LessonEntry] = &[
    LessonEntry {
        number: 1,
        preset: "lifecycle",
        title: "The lifecycle is a loop",
    },
    LessonEntry {
        number: 2,
        preset: "system-map",
        title: "The model is a small part of the system",
    },
    LessonEntry {
        number: 3,
        preset: "data-drift",
        title: "Data drift",
    },
    LessonEntry {
        number: 4,
        preset: "concept-drift",
        title: "Concept drift",
    },
    LessonEntry {
        number: 5,
        preset: "gradual-vs-sudden",
        title: "Slow drift and sudden drift",
    },
    LessonEntry {
        number: 6,
        preset: "serving-choices",
        title: "Where and how the model runs",
    },
    LessonEntry {
        number: 7,
        preset: "why-deploy",
        title: "Why deploy, and how to start",
    },
    LessonEntry {
        number: 8,
        preset: "shadow",
        title: "Shadow mode",
    },
    LessonEntry {
        number: 9,
        preset: "canary",
        title: "Canary rollout",
    },
    LessonEntry {
        number: 10,
        preset: "blue-green",
        title: "Blue-green switch",
    },
    LessonEntry {
        number: 11,
        preset: "automation-levels",
        title: "Degrees of automation",
    },
    LessonEntry {
        number: 12,
        preset: "monitoring",
        title: "Metrics, red lines and alarms",
    },
    LessonEntry {
        number: 13,
        preset: "milestones",
        title: "Training, test and business milestones",
    },
    LessonEntry {
        number: 14,
        preset: "rare-classes",
        title: "Rare classes",
    },
    LessonEntry {
        number: 15,
        preset: "slices",
        title: "Good on average, bad on a slice",
    },
    LessonEntry {
        number: 16,
        preset: "baselines",
        title: "Baselines and human-level performance",
    },
    LessonEntry {
        number: 17,
        preset: "pies",
        title: "Summaries as pie charts",
    },
];
