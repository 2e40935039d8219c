//! The "Your data" page (`#/data`): a file in, the checks run in slices with a progress bar
//! and a cancel button, errors in words, results below.

use std::rc::Rc;

use driftline_sim::drift_check::{
    default_error_column, default_value_column, guess_columns, ColumnGuess,
};
use driftline_sim::table::{describe_delimiter, BadCells};
use yew::prelude::*;

use super::form::{Settings, SettingsForm};
use super::input::{Source, SourcePicker};
use super::job::{Config, Job, RefChoice};
use super::results::Results;
use super::runner::{self, RunState, Runner};

/// Default reference and window: a quarter of the rows, at most 500 (estimated from line
/// breaks before the file is read).
fn default_rows(bytes: &[u8]) -> usize {
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    (lines / 4).clamp(2, 500)
}

/// The settings a freshly loaded file starts with.
fn initial_settings(columns: &[ColumnGuess], bytes: &[u8]) -> Option<Settings> {
    let column = default_value_column(columns)?.to_string();
    let n = default_rows(bytes);
    Some(Settings {
        errors: default_error_column(columns, Some(&column)).map(str::to_string),
        column,
        skip_bad: false,
        ref_mode: "first".into(),
        ref_n: n,
        ref_rows: (0, n.saturating_sub(1)),
        window: n,
        detectors: Default::default(),
    })
}

/// The run's configuration from the form and the files.
fn config_of(s: &Settings, delimiter: u8, reference: Option<&Source>) -> Result<Config, String> {
    let reference = match s.ref_mode.as_str() {
        "rows" => RefChoice::Rows(s.ref_rows.0, s.ref_rows.1),
        "file" => RefChoice::File(
            reference
                .ok_or("Pick a reference file first.")?
                .bytes
                .clone(),
        ),
        _ => RefChoice::FirstRows(s.ref_n),
    };
    Ok(Config {
        column: s.column.clone(),
        errors: s.errors.clone(),
        delimiter: Some(delimiter),
        bad_cells: if s.skip_bad {
            BadCells::Skip
        } else {
            BadCells::Stop
        },
        reference,
        window: s.window,
        detectors: s.detectors.clone(),
    })
}

/// A loaded file and what its header says.
#[derive(Clone, PartialEq)]
struct Loaded {
    source: Source,
    delimiter: u8,
    columns: Rc<[ColumnGuess]>,
    initial: Settings,
}

/// The page.
#[function_component(DataPage)]
pub fn data_page() -> Html {
    let loaded = use_state(|| None::<Loaded>);
    let load_error = use_state(|| None::<String>);
    let reference = use_state(|| None::<Source>);
    let run = use_state(|| RunState::Idle);
    let version = use_mut_ref(|| 0u64);
    let runner = use_mut_ref(Runner::default);
    // Leaving the page cancels a run.
    {
        let runner = runner.clone();
        use_effect_with((), move |()| {
            move || {
                runner::cancel(&runner);
            }
        });
    }
    let on_state = {
        let run = run.clone();
        Callback::from(move |s: RunState| run.set(s))
    };
    let start = {
        let (runner, run, reference, version) = (
            runner.clone(),
            run.clone(),
            reference.clone(),
            version.clone(),
        );
        Rc::new(move |l: &Loaded, s: &Settings| {
            let job = config_of(s, l.delimiter, reference.as_ref())
                .and_then(|c| Job::new(l.source.bytes.clone(), c));
            match job {
                Ok(job) => {
                    *version.borrow_mut() += 1;
                    runner::start(&runner, job, on_state.clone());
                }
                Err(e) => {
                    runner::cancel(&runner);
                    run.set(RunState::Failed(e));
                }
            }
        })
    };
    let on_source = {
        let (loaded, load_error, run, start, runner) = (
            loaded.clone(),
            load_error.clone(),
            run.clone(),
            start.clone(),
            runner.clone(),
        );
        Callback::from(move |source: Source| {
            runner::cancel(&runner);
            run.set(RunState::Idle);
            let guessed = guess_columns(&source.bytes, None)
                .map_err(|e| e.to_string())
                .and_then(|(d, cols)| {
                    let initial = initial_settings(&cols, &source.bytes).ok_or_else(|| {
                        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
                        format!(
                            "no column holds numbers in its first rows (columns: {})",
                            names.join(", ")
                        )
                    })?;
                    Ok(Loaded {
                        source: source.clone(),
                        delimiter: d,
                        columns: Rc::from(cols),
                        initial,
                    })
                });
            match guessed {
                Ok(l) => {
                    load_error.set(None);
                    start(&l, &l.initial);
                    loaded.set(Some(l));
                }
                Err(e) => {
                    load_error.set(Some(format!("{}: {e}", source.name)));
                    loaded.set(None);
                }
            }
        })
    };
    let on_error = {
        let load_error = load_error.clone();
        Callback::from(move |m: String| load_error.set(Some(m)))
    };
    let on_reference = {
        let reference = reference.clone();
        Callback::from(move |s: Source| reference.set(Some(s)))
    };
    let on_cancel = {
        let (runner, run) = (runner.clone(), run.clone());
        Callback::from(move |_: MouseEvent| {
            if runner::cancel(&runner) {
                run.set(RunState::Cancelled)
            }
        })
    };
    let reference_picker = html! {
        <span class="data-field">
            <SourcePicker prefix="ref-" full={false} on_source={on_reference} on_error={on_error.clone()} />
            { reference.as_ref().map_or_else(String::new, |r| format!("Reference: {}", r.name)) }
        </span>
    };
    html! {
        <article class="data-page" data-testid="data-page">
            <h2 data-testid="chapter-title" tabindex="-1">{ "Your data: would these checks catch drift in your numbers?" }</h2>
            <p>{ "Give the page a CSV file with a column of numbers in row order: a sensor, a score, a daily count. \
                  Four streaming detectors (ADWIN, Page-Hinkley, KSWIN, and DDM on a 0/1 error column) read it row by row, \
                  as River runs them; each window of rows is also compared with a reference by the statistics Evidently uses \
                  (PSI, Kolmogorov-Smirnov, Wasserstein, Jensen-Shannon), with Evidently's default lines." }</p>
            <p class="data-privacy" data-testid="data-privacy">{ "Your file never leaves this browser: it is read and checked on this page, and nothing is sent anywhere." }</p>
            <SourcePicker on_source={on_source} on_error={on_error} />
            if let Some(m) = &*load_error {
                <p class="field-error" role="alert" data-testid="data-load-error">{ m.clone() }</p>
            }
            if let Some(l) = &*loaded {
                <p class="data-file" data-testid="data-file-name">
                    { format!("Checking {} (separator {}).", l.source.name, describe_delimiter(l.delimiter)) }
                </p>
                <SettingsForm key={format!("{}-{}", l.source.name, l.source.bytes.len())} columns={l.columns.clone()}
                    initial={l.initial.clone()} reference_picker={reference_picker}
                    on_run={{ let (start, l) = (start.clone(), l.clone()); Callback::from(move |s: Settings| start(&l, &s)) }} />
            }
            { match &*run {
                RunState::Idle => html! {},
                RunState::Running(stage, p) => html! {
                    <div class="data-progress" role="status" data-testid="data-progress">
                        <label for="data-progress-bar">{ format!("{stage}: {:.0}%", p * 100.0) }</label>
                        <progress id="data-progress-bar" max="1" value={p.to_string()} />
                        <button type="button" onclick={on_cancel} data-testid="data-cancel">{ "Cancel" }</button>
                    </div>
                },
                RunState::Failed(m) => html! { <p class="field-error" role="alert" data-testid="data-error">{ m.clone() }</p> },
                RunState::Cancelled => html! { <p class="notice" role="status" data-testid="data-cancelled">{ "Stopped. Change a setting or pick a file to run again." }</p> },
                RunState::Done(a, ms) => html! {
                    <>
                        <p class="data-timing" role="status" data-testid="data-done">{ format!("Checked in {:.0} ms.", ms) }</p>
                        <Results analysis={a.clone()} version={*version.borrow()} />
                    </>
                },
            } }
        </article>
    }
}
