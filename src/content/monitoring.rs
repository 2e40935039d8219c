//! Chapter 6: metrics, red lines, alarms and summary pies (lessons 12, 17).

use super::{Chapter, ChapterId, TryThis};

/// The monitoring chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Monitoring,
    slug: "monitoring",
    title: "Red lines: monitoring and alarms",
    lessons: &[12, 17],
    paragraphs: &[
        "Once the model is live, you want to see trouble before customers do. The idea is \
         simple: chart anything that could signal a change, and draw a red line on each chart. \
         When a metric crosses its line and stays there, an alarm rings.",
        "There are three families. Software metrics: latency, throughput, CPU, memory, server \
         load. Input metrics: average image brightness, the share of missing pictures, how many \
         phones arrive. Output metrics: how often the model says REJECT, how often it gives no \
         answer, and how often an inspector overrules it. An overrule is the factory's version \
         of a user retyping a search that went wrong.",
        "A good alarm does not shout at every blip. In Prometheus, a rule whose condition turns \
         true is first pending, and fires only if the condition holds for its `for` duration. \
         Grafana adds a recovery threshold, a second line the metric must get back past before \
         the alarm clears, so it does not flicker on and off. Driftline scores each alarm as \
         true, false or missed against the drift it really injected.",
        "Charts show change over time; pies show where things stand. Three live pies sum up \
         the run: how decisions split (true and false passes and rejects), who made them \
         (inspector or model), and how traffic splits between blue, green and shadow. One more \
         pie is yours to edit, like the little pie at the end of the blog post this page \
         grew from.",
    ],
    try_this: &[
        TryThis {
            lesson: 12,
            preset: "monitoring",
            setup: "Cause a camera fault so many pictures go missing. The missing-pictures \
                    rule has its red line at 5% and a `for` duration of 10 ticks, like a \
                    Prometheus rule.",
            question: "The missing share jumps over 5% at once. When does the alarm fire?",
            options: &[
                "After the late audit labels arrive",
                "About 10 ticks later, having been pending while the breach held",
                "In the same tick the line is crossed",
            ],
            expected: 1,
            explanation: "Missing pictures are an input metric, so there is no label to wait \
                          for. But the rule waits on purpose: it sits in pending until the \
                          breach has lasted its whole `for` duration, so a one-tick blip never \
                          fires. Once the share falls back under the line, the alarm \
                          resolves.",
        },
        TryThis {
            lesson: 17,
            preset: "pies",
            setup: "Run the line under partial automation and watch the pie of who decided \
                    each phone. Then try the editable pie: change a value with its buttons and \
                    hover over the legend.",
            question: "Under partial automation, who decides most phones?",
            options: &["The inspectors", "Exactly half each", "The model"],
            expected: 2,
            explanation: "Most phones are fine and the model scores them far from its \
                          threshold, so it is sure and decides them itself. Only the unsure \
                          few go to a person, which is why the inspector's slice is small. A \
                          pie makes that share visible at a glance.",
        },
    ],
    glossary: &[
        (
            "Software metrics",
            "Numbers about the machines: latency, throughput, CPU, memory, load.",
        ),
        (
            "Input metrics",
            "Numbers about what goes into the model: brightness, missing pictures, volume.",
        ),
        (
            "Output metrics",
            "Numbers about what comes out: reject rate, empty answers, inspector overrides.",
        ),
        (
            "Red line",
            "The threshold drawn on a chart; crossing it starts an alarm.",
        ),
        (
            "for",
            "Prometheus: how long a condition must keep holding before a pending alert fires.",
        ),
        (
            "Hysteresis",
            "Using a second, easier line for clearing an alarm than for raising it, so it does \
             not flicker.",
        ),
        (
            "Override rate",
            "How often the inspector changes the model's answer.",
        ),
    ],
};
