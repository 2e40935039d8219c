//! A predict-then-reveal step: pick an answer, run the lesson headlessly, see the numbers.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use super::reveal::{reveal, verdict, Reveal, Verdict};
use super::runs::{lesson_for_number, LessonRun};
use crate::content::TryThis as TryThisData;

/// A lesson run shared between the try-this that drives it and the views that read it.
/// Equality is identity plus progress, so readers re-render as the run advances.
#[derive(Clone, Debug)]
pub struct SharedRun {
    /// The run.
    pub run: Rc<RefCell<LessonRun>>,
    /// Ticks done when this snapshot was taken.
    pub done_ticks: u64,
    /// True once the run is complete.
    pub finished: bool,
}

impl PartialEq for SharedRun {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && self.done_ticks == other.done_ticks
            && self.finished == other.finished
    }
}

impl SharedRun {
    fn snapshot(run: &Rc<RefCell<LessonRun>>) -> Self {
        let r = run.borrow();
        Self {
            run: Rc::clone(run),
            done_ticks: r.done_ticks(),
            finished: r.finished(),
        }
    }
}

/// Props of [`TryThis`].
#[derive(Properties, PartialEq)]
pub struct TryThisProps {
    /// The prompt.
    pub data: &'static TryThisData,
    /// Called as the run advances (each slice) and when it finishes.
    #[prop_or_default]
    pub on_progress: Callback<(u8, SharedRun)>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Running { done: u64, total: u64 },
    Done { reveal: Reveal, verdict: Verdict },
    Failed(String),
}

/// Wall-clock budget for one slice of simulation, so the page keeps answering input.
const SLICE_MS: f64 = 25.0;

fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The try-this card for one lesson.
#[function_component(TryThis)]
pub fn try_this(props: &TryThisProps) -> Html {
    let t = props.data;
    let lesson = t.lesson;
    let choice = use_state(|| None::<usize>);
    let status = use_state(|| Status::Idle);
    let nudge = use_state(|| false);
    // Set when the card unmounts, so a run in progress stops stepping.
    let cancelled = use_memo((), |()| Rc::new(Cell::new(false)));
    {
        let cancelled = Rc::clone(&cancelled);
        use_effect_with((), move |()| move || cancelled.set(true));
    }
    let id = |name: &str| format!("try-{lesson}-{name}");

    let on_pick = |i: usize| {
        let choice = choice.clone();
        let nudge = nudge.clone();
        Callback::from(move |_: Event| {
            choice.set(Some(i));
            nudge.set(false);
        })
    };

    let on_run = {
        let choice = choice.clone();
        let status = status.clone();
        let nudge = nudge.clone();
        let on_progress = props.on_progress.clone();
        let cancelled = Rc::clone(&cancelled);
        Callback::from(move |_: MouseEvent| {
            let Some(predicted) = *choice else {
                nudge.set(true);
                return;
            };
            if matches!(*status, Status::Running { .. }) {
                return;
            }
            let Some(sim_lesson) = lesson_for_number(lesson) else {
                status.set(Status::Failed(format!(
                    "Lesson {lesson} has no simulation preset."
                )));
                return;
            };
            let run = match LessonRun::new(sim_lesson) {
                Ok(run) => Rc::new(RefCell::new(run)),
                Err(e) => {
                    status.set(Status::Failed(e));
                    return;
                }
            };
            let total = run.borrow().total_ticks();
            status.set(Status::Running { done: 0, total });
            let status = status.clone();
            let on_progress = on_progress.clone();
            let cancelled = Rc::clone(&cancelled);
            yew::platform::spawn_local(async move {
                let mut budget: u64 = 50;
                loop {
                    if cancelled.get() {
                        return;
                    }
                    let started = now_ms();
                    let finished = run.borrow_mut().advance(budget);
                    let spent = now_ms() - started;
                    // Aim each slice at SLICE_MS of work.
                    if spent > 0.0 {
                        #[allow(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            clippy::cast_precision_loss
                        )]
                        let next = ((budget as f64) * SLICE_MS / spent).clamp(10.0, 5000.0) as u64;
                        budget = next;
                    } else {
                        budget = (budget * 2).min(5000);
                    }
                    on_progress.emit((lesson, SharedRun::snapshot(&run)));
                    if finished {
                        let r = reveal(&run.borrow());
                        let v = verdict(t, predicted, &r);
                        status.set(Status::Done {
                            reveal: r,
                            verdict: v,
                        });
                        return;
                    }
                    status.set(Status::Running {
                        done: run.borrow().done_ticks(),
                        total,
                    });
                    yew::platform::time::sleep(Duration::from_millis(0)).await;
                }
            });
        })
    };

    let running = matches!(*status, Status::Running { .. });
    let legend_id = id("question");
    html! {
        <section class="try-this card" aria-labelledby={id("heading")} data-testid={id("card")}>
            <h4 id={id("heading")}>{ "Try this" }</h4>
            <p>{ t.setup }</p>
            <fieldset class="predict" disabled={running}>
                <legend id={legend_id}>{ "Predict: " }{ t.question }</legend>
                { for t.options.iter().enumerate().map(|(i, option)| {
                    let input_id = id(&format!("option-{i}"));
                    html! {
                        <div class="option">
                            <input type="radio" id={input_id.clone()} name={id("prediction")}
                                data-testid={input_id.clone()}
                                checked={*choice == Some(i)} onchange={on_pick(i)} />
                            <label for={input_id}>{ *option }</label>
                        </div>
                    }
                }) }
            </fieldset>
            <div class="try-actions">
                <button class="primary" data-testid={id("run")} onclick={on_run} disabled={running}>
                    { if matches!(*status, Status::Done { .. }) { "Run it again" } else { "Run it and see" } }
                </button>
                if *nudge {
                    <p class="notice" role="alert" data-testid={id("nudge")}>{ "Pick a prediction first, then run." }</p>
                }
            </div>
            <div aria-live="polite" class="try-result">
                { match &*status {
                    Status::Idle => html! {},
                    Status::Running { done, total } => html! {
                        <p class="progress" data-testid={id("progress")}>
                            <label for={id("progress-bar")}>{ format!("Running the simulation: tick {done} of {total}") }</label>
                            <progress id={id("progress-bar")} max={total.to_string()} value={done.to_string()}></progress>
                        </p>
                    },
                    Status::Failed(e) => html! { <p class="notice" role="alert">{ e.clone() }</p> },
                    Status::Done { reveal, verdict } => html! {
                        <div class="reveal" data-testid={id("reveal")}>
                            <p class={classes!("verdict", if verdict.right { "right" } else { "wrong" })}
                                data-testid={id("verdict")} data-right={verdict.right.to_string()}>
                                <strong>{ if verdict.right { "\u{2713} Right. " } else { "\u{2717} Not quite. " } }</strong>
                                { verdict.text.clone() }
                            </p>
                            <h5>{ "What the run showed" }</h5>
                            <ul class="findings">
                                { for reveal.findings.iter().map(|f| html! { <li>{ f.clone() }</li> }) }
                            </ul>
                            <p class="explanation"><strong>{ "Why: " }</strong>{ t.explanation }</p>
                        </div>
                    },
                } }
            </div>
        </section>
    }
}
