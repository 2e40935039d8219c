//! The root component: header, chapter navigation, the chapter chosen by the URL hash (or
//! the `#/compare` page), previous/next links and the footer.
//!
//! At start it reads the link's query (`?v=1&seed=7&...`, see [`crate::share::state`]) and
//! the stored preferences; the first lab to mount applies the link (see
//! [`crate::components::share_bar`]). What either reader changed or ignored is listed in a
//! dismissible notice box.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::controls::target_value;

use crate::charts::palette::ChartTheme;

use crate::chapters::chapter_nav::ChapterNav;
use crate::chapters::page::ChapterPage;
use crate::chapters::route::{first_chapter, hash_for, neighbours, route, slug_of, Route};
use crate::components::compare::ComparePage;
use crate::components::export_buttons::ExportButtons;
use crate::components::notices::NoticeBox;
use crate::components::share_bar::{PendingLink, ShareBar};
use crate::content::{chapter_by_id, Chapter, ChapterId};
use crate::data_page::{DataPageSlot, DATA_SLUG};
use crate::lab::{LabToolbar, LabToolbarArgs};
use crate::share::{Notice, Prefs, ShareState, Theme};
use crate::{storage, url_sync};

/// Milliseconds between clock beats at normal speed (10 beats per second).
pub const BEAT_MS: u32 = 100;
/// Slug of the comparison page (`#/compare`).
pub const COMPARE_SLUG: &str = "compare";

/// What the page read once at start.
struct Start {
    /// The link's state, when the address has a query.
    link: Option<ShareState>,
    /// What reading the link changed or ignored.
    link_notices: Vec<Notice>,
    /// Stored preferences.
    prefs: Prefs,
    /// What reading them changed or ignored.
    prefs_notices: Vec<Notice>,
    /// The hash to start on (the link's `ch=` fills an empty hash).
    hash: String,
    /// The chapter read last time, offered when the page opened without a chapter.
    resume: Option<&'static Chapter>,
}

impl Start {
    fn read() -> Self {
        let search = url_sync::current_search();
        let (link, link_notices) = if search.trim().is_empty() {
            (None, Vec::new())
        } else {
            let (state, notices) = ShareState::parse(&search);
            (Some(state), notices)
        };
        let (prefs, prefs_notices) = storage::load_prefs();
        let mut hash = url_sync::current_hash();
        let mut resume = None;
        if slug_of(&hash).is_empty() {
            if let Some(c) = link
                .as_ref()
                .and_then(|l| l.chapter)
                .and_then(chapter_by_id)
            {
                url_sync::replace_hash(c.slug);
                hash = hash_for(c);
            } else {
                resume = prefs
                    .last_chapter
                    .and_then(chapter_by_id)
                    .filter(|c| c.id != first_chapter().id);
            }
        }
        Self {
            link,
            link_notices,
            prefs,
            prefs_notices,
            hash,
            resume,
        }
    }
}

/// Notice groups on screen, by group key.
#[derive(Default, PartialEq)]
struct Notices(BTreeMap<&'static str, Vec<String>>);

enum NoticeAction {
    Add(&'static str, Vec<String>),
    Dismiss(&'static str),
}

impl Reducible for Notices {
    type Action = NoticeAction;
    fn reduce(self: Rc<Self>, action: NoticeAction) -> Rc<Self> {
        let mut next = self.0.clone();
        match action {
            NoticeAction::Add(_, lines) if lines.is_empty() => return self,
            NoticeAction::Add(group, lines) => next.entry(group).or_default().extend(lines),
            NoticeAction::Dismiss(group) => {
                next.remove(group);
            }
        }
        Rc::new(Notices(next))
    }
}

const LINK_NOTICES: &str = "link";
const PREFS_NOTICES: &str = "prefs";

fn notice_title(group: &str) -> &'static str {
    if group == PREFS_NOTICES {
        "Your saved preferences could not all be read; the page used defaults here:"
    } else {
        "This link had settings the page changed or ignored:"
    }
}

fn lines(notices: &[Notice]) -> Vec<String> {
    notices.iter().map(Notice::display).collect()
}

/// The reader's preferences, kept in local storage.
#[derive(PartialEq)]
struct PrefsState(Prefs);

enum PrefsAction {
    Theme(Theme),
    Speed(u32),
    Chapter(ChapterId),
}

impl Reducible for PrefsState {
    type Action = PrefsAction;
    fn reduce(self: Rc<Self>, action: PrefsAction) -> Rc<Self> {
        let mut p = self.0;
        match action {
            PrefsAction::Theme(t) => p.theme = t,
            PrefsAction::Speed(s) => p.speed = s,
            PrefsAction::Chapter(c) => p.last_chapter = Some(c),
        }
        if p == self.0 {
            self
        } else {
            Rc::new(PrefsState(p))
        }
    }
}

/// The whole page: header, chapter (or compare), footer.
#[function_component(Page)]
pub fn page() -> Html {
    let start = use_memo((), |()| Start::read());
    let pending = use_memo((), {
        let link = start.link.clone();
        move |()| PendingLink(Rc::new(RefCell::new(link)))
    });
    let notices = use_reducer({
        let link = lines(&start.link_notices);
        let prefs = lines(&start.prefs_notices);
        move || {
            let mut n = BTreeMap::new();
            if !link.is_empty() {
                n.insert(LINK_NOTICES, link);
            }
            if !prefs.is_empty() {
                n.insert(PREFS_NOTICES, prefs);
            }
            Notices(n)
        }
    });
    let (first_hash, first_prefs, resume) = (start.hash.clone(), start.prefs, start.resume);
    let prefs = use_reducer(move || PrefsState(first_prefs));
    let hash = use_state(move || first_hash);
    {
        // Follow the hash: links in the nav, previous/next, the back button, typed URLs.
        let hash = hash.clone();
        use_effect_with((), move |()| {
            #[cfg(target_arch = "wasm32")]
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    hash.set(url_sync::current_hash());
                    // Start the new chapter at its top, with focus on its heading for screen readers.
                    let window = gloo::utils::window();
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                    if let Some(h) = gloo::utils::document()
                        .query_selector("[data-testid=\"chapter-title\"]")
                        .ok()
                        .flatten()
                        .and_then(|e| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                        })
                    {
                        let _ = h.focus();
                    }
                });
            #[cfg(not(target_arch = "wasm32"))]
            let listener = hash;
            move || drop(listener)
        });
    }
    // Theme on <html> now and on every change; preferences stored on change only.
    {
        let notices = notices.dispatcher();
        let first = use_mut_ref(|| true);
        use_effect_with(prefs.0, move |p| {
            storage::apply_theme(p.theme);
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                if let Err(n) = storage::save_prefs(*p) {
                    notices.dispatch(NoticeAction::Add(PREFS_NOTICES, vec![n.display()]));
                }
            }
        });
    }

    let is_data = slug_of(&hash) == DATA_SLUG;
    let data_slot = use_context::<DataPageSlot>();
    {
        // This wasm has no "Your data" page (see `crate::data_page::slot`): reload, and the
        // loader starts the one that has it. Not when the page opened on `#/data`: then the
        // loader already chose, and a reload would only repeat the choice.
        let opened_on_data = slug_of(&start.hash) == DATA_SLUG;
        let reload = is_data && data_slot.is_none() && !opened_on_data;
        use_effect_with(reload, |&reload| {
            #[cfg(target_arch = "wasm32")]
            if reload {
                // A failed reload leaves the "opening" line and its link on screen.
                let _ = gloo::utils::window().location().reload();
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = reload;
        });
    }
    let is_compare = slug_of(&hash) == COMPARE_SLUG || is_data;
    // Only while the link waits for its lab: once applied, the chapter's own default returns.
    let link_lesson = pending
        .0
        .borrow()
        .as_ref()
        .and_then(|l| l.lesson)
        .and_then(|l| u8::try_from(l.number()).ok());
    let Route { chapter, unknown } = if is_compare {
        Route {
            chapter: first_chapter(),
            unknown: None,
        }
    } else {
        route(&hash)
    };
    {
        let prefs = prefs.dispatcher();
        use_effect_with((chapter.id, is_compare), move |&(id, compare)| {
            if !compare {
                prefs.dispatch(PrefsAction::Chapter(id));
            }
        });
    }
    let (prev, next) = neighbours(chapter);

    let toolbar = {
        let notices = notices.dispatcher();
        let prefs_dispatch = prefs.dispatcher();
        use_memo(
            (chapter.id, prefs.0.speed, (*pending).clone()),
            move |(chapter_id, speed, pending)| {
                let (chapter_id, speed, pending) = (*chapter_id, *speed, pending.clone());
                let slug = AttrValue::from(chapter_by_id(chapter_id).map_or("lab", |c| c.slug));
                let on_speed_change =
                    Callback::from(move |s: u32| prefs_dispatch.dispatch(PrefsAction::Speed(s)));
                let on_notices = Callback::from(move |l: Vec<String>| {
                    notices.dispatch(NoticeAction::Add(LINK_NOTICES, l));
                });
                LabToolbar(Callback::from(move |args: LabToolbarArgs| {
                    html! {
                        <div class="lab-share" aria-label="Share and export">
                            <ShareBar lab={args.clone()} chapter={chapter_id} pending={pending.clone()}
                                speed_pref={speed} on_speed_change={on_speed_change.clone()} on_notices={on_notices.clone()} />
                            <ExportButtons lab={args} slug={slug.clone()} />
                        </div>
                    }
                }))
            },
        )
    };

    let on_theme = {
        let prefs = prefs.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(t) = Theme::from_name(&target_value(&e)) {
                prefs.dispatch(PrefsAction::Theme(t));
            }
        })
    };
    let notice_boxes = notices.0.iter().map(|(group, l)| {
        let group: &'static str = group;
        let dispatch = notices.dispatcher();
        html! {
            <NoticeBox title={notice_title(group)} lines={Rc::<[String]>::from(l.clone())}
                on_dismiss={Callback::from(move |()| dispatch.dispatch(NoticeAction::Dismiss(group)))}
                test_id={format!("notices-{group}")} />
        }
    });
    let theme = prefs.0.theme;
    let chart_theme = storage::chart_theme(theme);

    html! {
        <div class="page">
            <a class="skip-link" href="#main-content" onclick={Callback::from(|e: MouseEvent| {
                // Keep the hash for routing: move focus instead of navigating.
                e.prevent_default();
                #[cfg(target_arch = "wasm32")]
                if let Some(m) = gloo::utils::document().get_element_by_id("main-content")
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                    let _ = m.focus();
                }
            })}>{ "Skip to the chapter" }</a>
            <header class="app-header">
                <h1>{ "Driftline" }</h1>
                <ChapterNav current={(!is_compare).then_some(chapter.id)} />
                <p class="tagline">{ "Machine learning in production, on a simulated phone factory." }</p>
                <div class="header-tools">
                    <a class="button" href={format!("#/{COMPARE_SLUG}")} data-testid="compare-link"
                        aria-current={(is_compare && !is_data).then_some("page")}>{ "Compare two setups" }</a>
                    <a class="button" href={format!("#/{DATA_SLUG}")} data-testid="data-link"
                        aria-current={is_data.then_some("page")}>{ "Your data" }</a>
                    <label for="theme-select">{ "Theme " }</label>
                    <select id="theme-select" data-testid="theme" onchange={on_theme}>
                        { for [(Theme::System, "System"), (Theme::Light, "Light"), (Theme::Dark, "Dark"), (Theme::HighContrast, "High contrast")].into_iter().map(|(t, label)| html! {
                            <option value={t.name()} selected={t == theme}>{ label }</option>
                        }) }
                    </select>
                </div>
            </header>
            { for notice_boxes }
            if let (Some(c), false, true) = (resume, is_compare, chapter.id == first_chapter().id) {
                <p class="resume">
                    { "Continue where you left off: " }
                    <a href={hash_for(c)} data-testid="resume-chapter">{ c.title }</a>
                </p>
            }
            <ContextProvider<ChartTheme> context={chart_theme}>
            <main id="main-content" class="app" tabindex="-1">
                if is_data {
                    if let Some(slot) = &data_slot {
                        { slot.0.emit(()) }
                    } else {
                        <p class="notice" role="status" data-testid="data-page-loading">
                            { "Opening \u{201c}Your data\u{201d}\u{2026} If it does not open, " }
                            <a href={format!("#/{DATA_SLUG}")} onclick={Callback::from(|_: MouseEvent| {
                                #[cfg(target_arch = "wasm32")]
                                let _ = gloo::utils::window().location().reload();
                            })}>{ "reload the page" }</a>
                            { "." }
                        </p>
                    }
                } else if is_compare {
                    <ComparePage />
                } else {
                    if let Some(slug) = unknown {
                        <p class="notice" role="status" data-testid="unknown-chapter">
                            { format!("There is no chapter called \u{201c}{slug}\u{201d}; showing the first chapter instead.") }
                        </p>
                    }
                    <ContextProvider<LabToolbar> context={(*toolbar).clone()}>
                        <ChapterPage key={chapter.slug} {chapter} link_lesson={link_lesson} />
                    </ContextProvider<LabToolbar>>
                    <nav class="prev-next" aria-label="Previous and next chapter">
                        if let Some(p) = prev {
                            <a class="button" href={hash_for(p)} rel="prev" data-testid="prev-chapter">{ format!("\u{2190} Previous: {}", p.title) }</a>
                        }
                        if let Some(n) = next {
                            <a class="button" href={hash_for(n)} rel="next" data-testid="next-chapter">{ format!("Next: {} \u{2192}", n.title) }</a>
                        }
                    </nav>
                }
            </main>
            </ContextProvider<ChartTheme>>
            <footer class="app-footer">
                <p class="intro">
                    { "A camera photographs every phone at the end of a line, and a model, an inspector or both decide PASS or REJECT. \
                       Each chapter explains one idea about running such a model in production, lets you play with the factory, \
                       and asks you to predict what will happen before the simulation shows you." }
                </p>
                <p>
                    { "Every number on this page comes from a seeded simulation running in your browser: the same settings always give the same run. \
                       No real factory, model or user data is involved, and nothing you do or import leaves your browser: the page only ever loads its own files." }
                </p>
                <p>
                    { "Behaviour simulated after real tools: Argo Rollouts and Flagger (canary steps, analysis failure limits, blue-green scale-down delay), \
                       Seldon Core and Flagger mirroring (shadow mode), Evidently (data drift tests: KS, Wasserstein, PSI), \
                       River (ADWIN, Page-Hinkley and DDM drift detectors, ConceptDriftStream), Prometheus (alert rules with a `for` duration) \
                       and NannyML (performance estimation without labels). The system diagram follows Sculley et al., \
                       \u{201c}Hidden Technical Debt in Machine Learning Systems\u{201d} (NIPS 2015)." }
                </p>
            </footer>
        </div>
    }
}
