//! The system diagram, the degrees of automation and the lifecycle stages.

use super::SystemBox;

/// The ten boxes of Sculley et al. (NIPS 2015), each tied to the part of Driftline that
/// plays it. Order: the paper's boxes read around the ring, with ML code in the middle.
pub const SYSTEM_DIAGRAM: &[SystemBox] = &[
    SystemBox {
        id: "configuration",
        title: "Configuration",
        what_it_does: "Holds every setting of the system in one place: which data, which model, \
            which thresholds, which servers. In real systems it is often bigger than the model \
            code and just as easy to get wrong.",
        in_driftline: "The scenario: the seed, the phone slices, the defect spec, the model and \
            rollout settings, and the alarm rules. Same scenario, same run.",
    },
    SystemBox {
        id: "data-collection",
        title: "Data Collection",
        what_it_does: "Gathers the raw inputs and, later, the true answers, and stores them so \
            they can be used for training and for checking the model.",
        in_driftline: "The camera that images every phone, the log of decided phones, and the \
            audit labels that arrive late. With logging off, nothing is kept.",
    },
    SystemBox {
        id: "data-verification",
        title: "Data Verification",
        what_it_does: "Checks incoming data before anyone trusts it: missing values, broken \
            records, values outside their usual range.",
        in_driftline: "The missing-image count and its alarm. A phone with no picture is not \
            scored; it goes to the fallback path (the inspector, or a default answer).",
    },
    SystemBox {
        id: "feature-extraction",
        title: "Feature Extraction",
        what_it_does: "Turns raw inputs into the numbers the model reads. If training and serving \
            compute them differently, the model quietly gets worse.",
        in_driftline: "Turning each image into brightness, defect size, defect contrast and \
            blur. The broken-feature model shows what happens when one of them arrives empty \
            at serving time.",
    },
    SystemBox {
        id: "ml-code",
        title: "ML Code",
        what_it_does: "The model itself: the training code and the function that turns features \
            into a prediction. The small box in the middle.",
        in_driftline: "A logistic regression trained on labelled phones, plus the decision \
            threshold that turns its score into PASS or REJECT.",
    },
    SystemBox {
        id: "machine-resource-management",
        title: "Machine Resource Management",
        what_it_does: "Decides which machines run what, and how many: CPUs, GPUs, memory, and \
            the bill that comes with them.",
        in_driftline: "The serving panel: edge box or cloud, how many servers, their CPU and \
            memory load, and what they cost per hour.",
    },
    SystemBox {
        id: "analysis-tools",
        title: "Analysis Tools",
        what_it_does: "Help people understand the model: error analysis, comparisons against \
            baselines, breakdowns by group.",
        in_driftline: "The tables that compare training, test and business numbers, show each \
            slice separately, and put the model next to the human inspectors per defect type.",
    },
    SystemBox {
        id: "process-management-tools",
        title: "Process Management Tools",
        what_it_does: "Run the jobs that keep the system moving: retraining, rolling out a new \
            version, rolling back a bad one.",
        in_driftline: "The rollout controller (shadow, canary steps, blue-green switch), the \
            retrain and redeploy actions, and the lifecycle strip that follows them.",
    },
    SystemBox {
        id: "serving-infrastructure",
        title: "Serving Infrastructure",
        what_it_does: "Answers requests in production: receives an input, calls the model, and \
            returns a prediction fast enough to be useful.",
        in_driftline: "The router that splits phones between the blue, green and shadow models, \
            and the queue in front of the servers that sets latency.",
    },
    SystemBox {
        id: "monitoring",
        title: "Monitoring",
        what_it_does: "Watches the running system and raises an alarm when something moves: \
            slow answers, odd inputs, strange outputs, falling accuracy.",
        in_driftline: "The charts with red lines, the drift statistics on brightness, the error \
            detector on late labels, and the alarm log that scores each alarm as true, false \
            or missed.",
    },
];

/// The five degrees of automation, from least to most automated: name and one sentence.
/// Same order as the simulation's `AutomationLevel::ALL`.
pub const AUTOMATION_LEVELS: &[(&str, &str)] = &[
    (
        "Human only",
        "Inspectors decide every phone and the model does not run.",
    ),
    (
        "Shadow mode",
        "The model judges every phone too, but only its log sees the answer; inspectors still \
         decide everything.",
    ),
    (
        "AI assistance",
        "Inspectors decide every phone with the model's suggestion on screen, which makes them \
         a little faster and more accurate.",
    ),
    (
        "Partial automation",
        "The model decides the phones it is sure about and sends the unsure ones, with scores \
         near its threshold, to an inspector.",
    ),
    (
        "Full automation",
        "The model decides every phone it can score, and nobody checks its answers on the line.",
    ),
];

/// The lifecycle stages in the order a run visits them: the four project stages, then the
/// production loop (monitoring, alarm, retraining) that leads back to data and deployment.
/// Same order as the simulation's `lifecycle::Stage`.
pub const LIFECYCLE_STAGES: &[(&str, &str)] = &[
    (
        "Scoping",
        "Decide what problem to solve and how to judge success: inspect phones, reject the \
         defective ones, and say exactly what counts as a defect.",
    ),
    (
        "Data",
        "Collect camera images and label them PASS or REJECT, consistently.",
    ),
    (
        "Modeling",
        "Train a model, test it on phones it has not seen, and study its mistakes.",
    ),
    (
        "Deployment",
        "Put the model on the line, carefully, with a way back if it goes wrong.",
    ),
    (
        "Monitoring",
        "Watch inputs, outputs and servers while the line runs.",
    ),
    (
        "Alarm",
        "A metric crossed its red line for long enough: something changed.",
    ),
    (
        "Retraining",
        "Train again on fresh, logged, labelled phones, then deploy the new model and keep \
         watching.",
    ),
];
