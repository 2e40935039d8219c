//! Runs a [`Job`] in slices of about 30 ms on timer ticks, so the page answers input
//! throughout; dropping the runner's job cancels it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::Callback;

use super::job::{Analysis, Job, Status};

/// Rows of work per call to [`Job::step`]; calls repeat until the slice's time is up.
const ROWS_PER_STEP: usize = 20_000;
/// Milliseconds of work per slice before the page gets the thread back.
const SLICE_MS: f64 = 30.0;

/// What the page shows about a run.
#[derive(Clone)]
pub enum RunState {
    /// Nothing yet.
    Idle,
    /// Working: what, and how far (0 to 1).
    Running(&'static str, f64),
    /// Stopped by an error.
    Failed(String),
    /// Stopped by the reader.
    Cancelled,
    /// Finished, with how long it took (ms).
    Done(Rc<Analysis>, f64),
}

/// The job in progress and its next timer.
#[derive(Default)]
pub struct Runner {
    job: Option<Job>,
    timer: Option<Timeout>,
    started_ms: f64,
}

/// A shared handle to the runner.
pub type RunnerHandle = Rc<RefCell<Runner>>;

fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        gloo::utils::window().performance().map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Starts `job`, replacing (and so cancelling) any run in progress.
pub fn start(runner: &RunnerHandle, job: Job, on_state: Callback<RunState>) {
    {
        let mut r = runner.borrow_mut();
        r.job = Some(job);
        r.timer = None;
        r.started_ms = now_ms();
    }
    on_state.emit(RunState::Running("Starting", 0.0));
    schedule(runner, on_state);
}

/// Stops the run in progress, if any.
pub fn cancel(runner: &RunnerHandle) -> bool {
    let mut r = runner.borrow_mut();
    r.timer = None;
    r.job.take().is_some()
}

fn schedule(runner: &RunnerHandle, on_state: Callback<RunState>) {
    let next = runner.clone();
    let timer = Timeout::new(0, move || slice(&next, &on_state));
    runner.borrow_mut().timer = Some(timer);
}

fn slice(runner: &RunnerHandle, on_state: &Callback<RunState>) {
    let start = now_ms();
    let outcome = {
        let mut r = runner.borrow_mut();
        let Some(job) = r.job.as_mut() else { return };
        loop {
            match job.step(ROWS_PER_STEP) {
                Ok(Status::Working(stage, p)) if now_ms() - start >= SLICE_MS => {
                    break Ok(Some((stage, p)));
                }
                Ok(Status::Working(..)) => {}
                Ok(Status::Done) => break Ok(None),
                Err(e) => break Err(e),
            }
        }
    };
    match outcome {
        Ok(Some((stage, p))) => {
            on_state.emit(RunState::Running(stage, p));
            schedule(runner, on_state.clone());
        }
        Ok(None) => {
            let (job, started) = {
                let mut r = runner.borrow_mut();
                r.timer = None;
                (r.job.take(), r.started_ms)
            };
            match job.and_then(Job::into_analysis) {
                Some(a) => on_state.emit(RunState::Done(Rc::new(a), now_ms() - started)),
                None => on_state.emit(RunState::Failed("The run stopped early.".into())),
            }
        }
        Err(e) => {
            cancel(runner);
            on_state.emit(RunState::Failed(e));
        }
    }
}
