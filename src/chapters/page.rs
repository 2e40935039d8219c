//! One chapter on screen: its text, its lab, its lesson sections (each with a try-this
//! and, where the lesson has one, its own interactive) and its glossary.

use std::collections::BTreeMap;
use std::rc::Rc;

use driftline_sim::lessons::{reports, Lesson};
use driftline_sim::scenario::Scenario;
use yew::prelude::*;

use super::baseline_table::BaselineTable;
use super::lifecycle_strip::LifecycleStrip;
use super::metrics_table::MetricsTable;
use super::runs::lesson_for_number;
use super::slice_table::SliceTable;
use super::system_diagram::SystemDiagram;
use super::try_this::{SharedRun, TryThis};
use super::why_deploy::WhyDeploy;
use crate::components::controls::target_value;
use crate::content::{Chapter, ChapterId};
use crate::lab::{Lab, LabPanels};

/// Which lab panels a lesson's preset needs (every chapter shows the factory picture).
#[must_use]
pub fn panels_for(lesson: Lesson) -> LabPanels {
    LabPanels {
        factory: true,
        ..lesson_panels(lesson)
    }
}

fn lesson_panels(lesson: Lesson) -> LabPanels {
    match lesson {
        // The landing chapter's lab also carries the foundation chart and pie.
        Lesson::Lifecycle => LabPanels {
            pies: true,
            ..LabPanels::drift()
        },
        Lesson::SystemMap => LabPanels::all(),
        Lesson::DataDrift | Lesson::ConceptDrift | Lesson::DriftSpeed => LabPanels::drift(),
        Lesson::Serving => LabPanels::serving(),
        Lesson::WhyDeploy | Lesson::Shadow => LabPanels {
            automation: true,
            ..LabPanels::deployment()
        },
        // The candidate serves from its own servers: the latency chart draws both stacks.
        Lesson::Canary | Lesson::BlueGreen => LabPanels {
            software_charts: true,
            ..LabPanels::deployment()
        },
        Lesson::Automation => LabPanels::automation(),
        // The chapter's text promises live pies beside the charts.
        Lesson::Monitoring => LabPanels {
            pies: true,
            ..LabPanels::monitoring()
        },
        Lesson::Pies => LabPanels {
            pies: true,
            automation: true,
            ..LabPanels::monitoring()
        },
        Lesson::Milestones | Lesson::RareClass | Lesson::Slices | Lesson::Baselines => LabPanels {
            automation: true,
            output_charts: true,
            performance_charts: true,
            pies: true,
            alarm_log: true,
            ..LabPanels::none()
        },
    }
}

/// Runs reported by the chapter's try-this cards, by lesson number.
#[derive(Default, PartialEq)]
struct Runs(BTreeMap<u8, SharedRun>);

impl Reducible for Runs {
    type Action = (u8, SharedRun);
    fn reduce(self: Rc<Self>, (lesson, run): (u8, SharedRun)) -> Rc<Self> {
        let mut next = self.0.clone();
        next.insert(lesson, run);
        Rc::new(Runs(next))
    }
}

/// Props of [`ChapterPage`].
#[derive(Properties, PartialEq)]
pub struct ChapterPageProps {
    /// The chapter to show.
    pub chapter: &'static Chapter,
    /// The lesson number of a link that is about to load into this chapter's lab, so the
    /// "start the lab from lesson" picker shows the lesson the link starts from.
    #[prop_or_default]
    pub link_lesson: Option<u8>,
}

/// The chapter-specific interactive for a lesson, fed by that lesson's run when there is one.
fn lesson_extra(lesson: u8, run: Option<&SharedRun>) -> Html {
    let finished = run.filter(|r| r.finished);
    let waiting = |what: &str| html! { <p class="placeholder">{ format!("Run the try-this below to fill {what}.") }</p> };
    match lesson {
        1 => {
            let (current, tick, path) = run
                .and_then(|r| {
                    r.run.try_borrow().ok().and_then(|b| {
                        b.main().map(|v| {
                            let events: Vec<(u64, usize)> = v
                                .world
                                .lifecycle()
                                .events()
                                .iter()
                                .map(|e| (e.tick, usize::try_from(e.stage.index()).unwrap_or(0)))
                                .collect();
                            let now = usize::try_from(v.world.lifecycle().current().index()).ok();
                            (now, v.world.tick().checked_sub(1), events)
                        })
                    })
                })
                .unwrap_or_default();
            html! { <LifecycleStrip {current} {tick} {path} /> }
        }
        2 => {
            let metrics = run.and_then(|r| {
                r.run
                    .try_borrow()
                    .ok()
                    .and_then(|b| b.main().and_then(|v| v.trace.last().copied()))
            });
            html! { <SystemDiagram {metrics} /> }
        }
        7 => html! { <WhyDeploy /> },
        13 => match finished.and_then(|r| {
            r.run.try_borrow().ok().map(|b| {
                b.variants
                    .iter()
                    .map(|v| {
                        let name = if v.label == "cautious" {
                            "Cautious model (threshold 0.9)"
                        } else {
                            "Eager model (threshold 0.25)"
                        };
                        (AttrValue::from(name), reports::milestones(&v.world))
                    })
                    .collect::<Vec<_>>()
            })
        }) {
            Some(models) => html! { <MetricsTable {models} /> },
            None => waiting("the milestone table"),
        },
        15 => match finished.and_then(|r| {
            r.run.try_borrow().ok().and_then(|b| {
                b.main().map(|v| {
                    let overall = v.world.labels().arrived_total.model;
                    (
                        reports::slice_report(&v.world),
                        overall.accuracy(),
                        overall.recall(),
                    )
                })
            })
        }) {
            Some((rows, overall_accuracy, overall_recall)) => html! {
                <SliceTable rows={Rc::new(rows)} {overall_accuracy} {overall_recall} />
            },
            None => waiting("the per-slice table"),
        },
        16 => match finished.and_then(|r| {
            r.run
                .try_borrow()
                .ok()
                .and_then(|b| b.main().map(|v| reports::baseline_table(&v.world)))
        }) {
            Some(rows) => html! { <BaselineTable rows={Rc::new(rows)} /> },
            None => waiting("the baseline table"),
        },
        _ => html! {},
    }
}

/// Factory time a chapter's lab has run when the reader arrives: 90 ticks of 10 s, i.e.
/// 15 minutes and about 900 phones, so its charts open with data instead of empty frames.
pub const CHAPTER_LAB_WARM_UP_TICKS: u64 = 90;

/// A chapter.
#[function_component(ChapterPage)]
pub fn chapter_page(props: &ChapterPageProps) -> Html {
    let c = props.chapter;
    let runs = use_reducer(Runs::default);
    // `_eq`: scrolling back and forth over one lesson must not restart its lab.
    let lab_lesson = use_state_eq(|| {
        props
            .link_lesson
            .filter(|n| c.lessons.contains(n))
            .or_else(|| c.lessons.first().copied())
    });
    let scenario = {
        let l = *lab_lesson;
        use_memo(l, |l| {
            Rc::new(
                l.and_then(lesson_for_number)
                    .map_or_else(Scenario::default, Lesson::preset),
            )
        })
    };
    let panels = if c.id == ChapterId::Sandbox {
        LabPanels::all()
    } else {
        (*lab_lesson)
            .and_then(lesson_for_number)
            .map_or_else(LabPanels::all, panels_for)
    };
    let on_progress = {
        let runs = runs.dispatcher();
        Callback::from(move |x: (u8, SharedRun)| runs.dispatch(x))
    };
    {
        // Reading down to a lesson sets the lab up for it (wide screens; see `scrolly`).
        let lab_lesson = lab_lesson.clone();
        let lessons = c.lessons;
        super::scrolly::use_lesson_steps(Callback::from(move |n: u8| {
            if lessons.contains(&n) {
                lab_lesson.set(Some(n));
            }
        }));
    }
    let on_pick_lab = {
        let lab_lesson = lab_lesson.clone();
        Callback::from(move |e: Event| {
            if let Ok(n) = target_value(&e).parse::<u8>() {
                lab_lesson.set(Some(n));
            }
        })
    };
    let lab_key = format!("{}-{}", c.slug, (*lab_lesson).unwrap_or(0));
    let heading_id = format!("chapter-{}", c.slug);
    let lab_heading = if c.id == ChapterId::Sandbox {
        "The whole factory"
    } else {
        "Play with the factory"
    };
    html! {
        <article class="chapter" aria-labelledby={heading_id.clone()} data-testid={format!("chapter-{}", c.slug)}>
            <h2 id={heading_id} tabindex="-1" data-testid="chapter-title">{ c.title }</h2>
            <Lab key={lab_key} id={AttrValue::from(c.slug)} scenario={Rc::clone(&*scenario)} {panels} primary=true warm_up_ticks={CHAPTER_LAB_WARM_UP_TICKS}>
                <div class="chapter-text" data-testid="chapter-text">
                    { for c.paragraphs.iter().map(|p| html! { <p>{ *p }</p> }) }
                    if matches!(c.id, ChapterId::Monitoring | ChapterId::Sandbox) {
                        <p class="data-invite">
                            <a href={format!("#/{}", crate::data_page::DATA_SLUG)} data-testid="data-invite">
                                { "Would these detectors catch drift in your own numbers? Run them on a CSV file, in this browser." }
                            </a>
                        </p>
                    }
                </div>
                <section class="chapter-lab" aria-labelledby={format!("{}-lab-heading", c.slug)}>
                    <h3 id={format!("{}-lab-heading", c.slug)}>{ lab_heading }</h3>
                    <p class="muted">{ "The picture and the charts beside this text are a live, seeded run: press play, or use the buttons under the picture." }</p>
                    if c.lessons.len() > 1 {
                        <p class="lab-picker">
                            <label for={format!("{}-lab-preset", c.slug)}>{ "Start the lab from lesson: " }</label>
                            <select id={format!("{}-lab-preset", c.slug)} data-testid="lab-preset" onchange={on_pick_lab}>
                                { for c.lessons.iter().map(|&n| {
                                    let title = crate::content::lesson(n).map_or("", |l| l.title);
                                    html! { <option value={n.to_string()} selected={*lab_lesson == Some(n)}>{ format!("{n}. {title}") }</option> }
                                }) }
                            </select>
                        </p>
                    }
                </section>

                { for c.try_this.iter().map(|t| {
                    let title = crate::content::lesson(t.lesson).map_or("", |l| l.title);
                    html! {
                        <section class="lesson" aria-labelledby={format!("lesson-{}", t.lesson)} data-testid={format!("lesson-{}", t.lesson)} data-lesson-step={t.lesson.to_string()}>
                            <h3 id={format!("lesson-{}", t.lesson)}>{ format!("Lesson {}: {title}", t.lesson) }</h3>
                            { lesson_extra(t.lesson, runs.0.get(&t.lesson)) }
                            <TryThis data={t} on_progress={on_progress.clone()} />
                        </section>
                    }
                }) }

                if !c.glossary.is_empty() {
                    <section class="glossary" aria-labelledby={format!("{}-glossary", c.slug)}>
                        <h3 id={format!("{}-glossary", c.slug)}>{ "Words used here" }</h3>
                        <dl>
                            { for c.glossary.iter().map(|(term, def)| html! { <><dt>{ *term }</dt><dd>{ *def }</dd></> }) }
                        </dl>
                    </section>
                }
            </Lab>
        </article>
    }
}
