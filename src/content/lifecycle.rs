//! Chapter 1: the lifecycle loop and the system around the model (lessons 1, 2).

use super::{Chapter, ChapterId, TryThis};

/// The lifecycle chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Lifecycle,
    slug: "lifecycle",
    title: "A model is a loop, not a launch",
    lessons: &[1, 2],
    paragraphs: &[
        "Picture a phone factory. At the end of the line a camera takes a picture of every \
         phone, and someone has to decide: PASS or REJECT. For years that someone was a \
         person. Now the factory wants a machine learning model to help.",
        "Getting a model onto the line takes four stages. Scoping: agree on the job and on \
         what counts as a defect. Data: collect camera images and label them. Modeling: train \
         a classifier and test it on phones it has never seen. Deployment: put it to work.",
        "It is tempting to think deployment is the finish line. It is closer to halfway. The \
         factory keeps changing: lamps age, the spec gets stricter, a new colour arrives. So \
         the last stage loops back. You monitor, an alarm rings, you gather fresh labelled \
         phones, retrain, and deploy again. The strip above the line shows where the run is \
         in that loop.",
        "The model is also a small part of the whole. In a well-known 2015 paper, Sculley and \
         colleagues at Google drew a production ML system as many boxes around one tiny box \
         called ML code. Settings, data collection, checks, servers, monitoring: that is where \
         most of the work goes. Click a box in the diagram to see which part of Driftline \
         plays it.",
    ],
    try_this: &[
        TryThis {
            lesson: 1,
            preset: "lifecycle",
            setup: "The line runs with a trained model. Partway through, the lighting dims and \
                    the model starts missing defects. When the alarm rings, retrain: the model is \
                    trained again on phones logged and labelled after the change, then deployed.",
            question: "After retraining, where does the model's accuracy end up?",
            options: &[
                "Still as low as during the drift: it is the same kind of model",
                "Back within a few points of where it was before the lights dimmed",
                "Far above where it started, because it now has more data",
            ],
            expected: 1,
            explanation: "Nothing was wrong with the model's design; it had learned from \
                          brighter pictures. Training it again on pictures taken under the new \
                          lighting gives it the right examples, so it recovers to roughly its \
                          old level. More data of the same kind does not lift it much higher. \
                          This is the loop: deploy, monitor, alarm, data, retrain, deploy.",
        },
        TryThis {
            lesson: 2,
            preset: "system-map",
            setup: "Open the system diagram and click each box. The part of the factory it \
                    stands for lights up.",
            question: "How many of the ten boxes are the model itself?",
            options: &[
                "Most of them: the rest is plumbing",
                "About half",
                "One: the small ML code box in the middle",
            ],
            expected: 2,
            explanation: "Only the ML code box is the model. The other nine (configuration, \
                          data collection and verification, feature extraction, machines, \
                          analysis, process tools, serving and monitoring) are what keep it \
                          useful on a real line, and each has a live counterpart in the \
                          simulation.",
        },
    ],
    glossary: &[
        (
            "Lifecycle",
            "The stages of an ML project: scoping, data, modeling, deployment, and then the \
             loop of monitoring and retraining.",
        ),
        (
            "Scoping",
            "Deciding what the project must do and how success will be measured.",
        ),
        (
            "Proof of concept",
            "A first model that shows the idea can work, usually in a notebook, far from \
             ready for a factory.",
        ),
        (
            "Retraining",
            "Training the model again on newer labelled data so it matches today's world.",
        ),
    ],
};
