//! Chapter 3: software engineering choices for serving the model (lesson 6).

use super::{Chapter, ChapterId, TryThis};

/// The serving chapter.
pub const CHAPTER: Chapter = Chapter {
    id: ChapterId::Serving,
    slug: "serving",
    title: "Where the model runs",
    lessons: &[6],
    paragraphs: &[
        "Before the model can judge one phone, it needs somewhere to run. That is a plain \
         software engineering choice, and it shapes everything after it: how fast answers \
         come back, what they cost, and what you can learn later.",
        "Edge or cloud? A box next to the line answers without a network trip and keeps \
         working if the connection drops, but it is not very powerful. Cloud servers are \
         faster and you can rent more of them, but every picture travels there and back. Real \
         time or batch? The line needs an answer before the phone reaches the reject gate, so \
         real time. Batch is cheaper, and fits only work that can wait.",
        "How many servers? While they are lightly loaded, latency hardly moves. As the load \
         gets close to what they can handle, queues form and latency climbs steeply; past \
         that point phones wait too long and are delayed or dropped. Watch p99 latency: the \
         time that 99 answers out of 100 beat.",
        "Last, logging. Keeping each picture and its decision costs storage, but it is the raw \
         material for the next model. Switch logging off and the line still runs, yet when \
         drift arrives there is nothing labelled to retrain on.",
    ],
    try_this: &[TryThis {
        lesson: 6,
        preset: "serving-choices",
        setup: "Bring the model servers close to full, then past full: take servers away, or \
                send more phones per second.",
        question: "What happens to p99 latency as the servers fill up?",
        options: &[
            "It rises a little with each server you remove, in a straight line",
            "It stays flat; only the cost changes",
            "It barely moves at first, then shoots up near full load, and past it phones are \
             delayed or dropped",
        ],
        expected: 2,
        explanation: "Servers behave like checkout lanes. With spare capacity a phone rarely \
                      waits. Near full load, a short burst of arrivals builds a queue that \
                      takes a long time to clear, so waiting time grows much faster than the \
                      load. Past full load the queue only grows until phones are turned away.",
    }],
    glossary: &[
        (
            "Edge",
            "Computing on a device next to where the data is made, here a box beside the line.",
        ),
        (
            "Real time vs batch",
            "Answering each request as it comes, or collecting many and answering them \
             together later.",
        ),
        (
            "Latency",
            "How long one answer takes. p99 latency is the time 99 answers in 100 beat.",
        ),
        (
            "QPS",
            "Queries per second: how many requests the servers receive each second.",
        ),
        (
            "Throughput",
            "How much work gets done per unit of time, here phones decided per hour.",
        ),
        (
            "Logging",
            "Keeping inputs and decisions so they can be checked, labelled and used to \
             retrain.",
        ),
    ],
};
