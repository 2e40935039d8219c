//! The chapter walk: every chapter the page links to, at a desktop and a phone size. For
//! each one the walk loads `#/<slug>`, waits for the chapter heading, checks the lab is
//! there, answers and runs the first try-this, saves a screenshot, and fails on console
//! errors, panics and horizontal overflow.
//!
//! About 620 lines of code and 130 of tests: one walk, whose steps share the page, the
//! chapter and the report; split apart they would pass all three through every call.
//!
//! Chapter slugs are read from the page's chapter navigation (`nav[aria-label="Chapters"]`,
//! links `href="#/<slug>"`), so a new chapter is walked without touching this file. Every
//! chapter but those in [`CHAPTERS_WITHOUT_TRY_THIS`] must have a lesson with a try-this;
//! a missing nav, lab, lesson, try-this or verdict is a failure, never a skip.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use crate::checks::{panic_messages, severe_messages, PANIC};
use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;

/// The chapter navigation the walk reads its chapters from.
pub const CHAPTER_NAV: &str = r#"nav[aria-label="Chapters"]"#;

/// Chapters that have no lessons and so no try-this (the sandbox is the whole factory,
/// without a story). Every other chapter must show a lesson with a try-this.
pub const CHAPTERS_WITHOUT_TRY_THIS: &[&str] = &["sandbox"];

/// Lists the `href` attributes of the chapter nav's links (`null` without the nav).
const CHAPTER_LINKS_JS: &str = r##"
const nav = document.querySelector(arguments[0]);
if (!nav) { return null; }
return Array.from(nav.querySelectorAll('a[href]')).map((a) => a.getAttribute('href') || '');
"##;

/// The chapter's lesson sections (`lesson-<n>`) and whether each holds a try-this card.
const LESSONS_JS: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) { return []; }
return Array.from(root.querySelectorAll('section[data-testid^="lesson-"]')).map((s) => ({
  lesson: s.dataset.testid,
  card: !!s.querySelector('[data-testid^="try-"][data-testid$="-card"]'),
}));
"#;

/// Measures horizontal overflow and names the elements sticking out past the right edge.
/// Elements inside a scrolling or clipping ancestor are skipped: they cannot widen the page.
const OVERFLOW_JS: &str = r#"
const de = document.documentElement;
const clientWidth = de.clientWidth;
const scrollWidth = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
const offenders = [];
const clipped = (el) => {
  for (let p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') { return true; }
  }
  return false;
};
const describe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) { s += '#' + el.id; }
  if (el.dataset && el.dataset.testid) { s += '[data-testid="' + el.dataset.testid + '"]'; }
  const cls = (typeof el.className === 'string' ? el.className : '').trim().split(/\s+/).filter(Boolean);
  if (cls.length) { s += '.' + cls.slice(0, 3).join('.'); }
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  if (text) { s += ' "' + text + '"'; }
  return s;
};
if (scrollWidth > clientWidth + 1 && document.body) {
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) { continue; }
    if (r.right + window.scrollX > clientWidth + 1 && !clipped(el)) {
      offenders.push({ element: describe(el), right: r.right + window.scrollX, width: r.width });
    }
  }
}
offenders.sort((a, b) => (b.width - a.width) || (b.right - a.right));
return { scrollWidth, clientWidth, offenders: offenders.slice(0, 5) };
"#;

/// The first try-this prediction radio's test id (`try-<lesson>-option-<i>`), if any.
const FIRST_OPTION_JS: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) { return null; }
const r = root.querySelector('input[type="radio"][data-testid^="try-"][data-testid*="-option-"]');
return r ? r.dataset.testid : null;
"#;

/// Document height for the screenshot.
const SCROLL_HEIGHT_JS: &str = "window.scrollTo(0, 0); \
    return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);";

/// A window size the walk visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkSize {
    /// Used in screenshot names and report lines (`desktop`, `phone`).
    pub label: String,
    /// Viewport width in CSS pixels.
    pub width: u32,
    /// Viewport height in CSS pixels (the screenshot grows past it, see
    /// [`WalkOptions::max_shot_height_px`]).
    pub height: u32,
}

impl WalkSize {
    /// A size with a label.
    pub fn new(label: &str, width: u32, height: u32) -> Self {
        Self {
            label: label.to_owned(),
            width,
            height,
        }
    }
}

/// Tunables of the walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Directory for the `<slug>-<size>.png` screenshots.
    pub out_dir: PathBuf,
    /// Sizes to visit, in order; every chapter is walked at each.
    pub sizes: Vec<WalkSize>,
    /// Only these slugs (in the page's order); `None` walks every chapter.
    pub only: Option<Vec<String>>,
    /// How long a chapter may take to show its heading and lab.
    pub ready_timeout: Duration,
    /// How long a try-this run may take to reveal its result.
    pub reveal_timeout: Duration,
    /// Screenshots cover the document up to this height (the window is resized to the
    /// document's `scrollHeight`, capped here, then restored).
    pub max_shot_height_px: u32,
    /// Pause after resizing for the screenshot, so charts redraw at the new size.
    pub settle: Duration,
}

impl Default for WalkOptions {
    fn default() -> Self {
        Self {
            out_dir: PathBuf::from("target/e2e"),
            sizes: vec![
                WalkSize::new("desktop", 1366, 768),
                WalkSize::new("phone", 360, 740),
            ],
            only: None,
            ready_timeout: Duration::from_secs(20),
            reveal_timeout: Duration::from_secs(180),
            max_shot_height_px: 4000,
            settle: Duration::from_millis(400),
        }
    }
}

/// The slug a chapter link points to: `#/drift`, `#/drift/` and absolute URLs ending in
/// those give `drift`. The app writes chapter routes as `#/<slug>`; other fragments (such
/// as the skip link's `#main-content`), links without a fragment, and empty or odd slugs
/// give `None`.
pub fn slug_from_href(href: &str) -> Option<String> {
    let (_, fragment) = href.split_once('#')?;
    let slug = fragment.strip_prefix('/')?;
    let slug = slug.strip_suffix('/').unwrap_or(slug);
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| slug.to_owned())
}

/// Chapter slugs from link `href`s, in order, without duplicates (the nav and the
/// previous/next links point to the same chapters).
pub fn chapter_slugs(hrefs: &[String]) -> Vec<String> {
    let mut slugs: Vec<String> = Vec::new();
    for slug in hrefs.iter().filter_map(|h| slug_from_href(h)) {
        if !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    slugs
}

/// The lesson part of a try-this option's test id: `try-7-option-0` -> `7`.
pub fn try_this_lesson(option_testid: &str) -> Option<&str> {
    let rest = option_testid.strip_prefix("try-")?;
    let (lesson, _) = rest.split_once("-option-")?;
    (!lesson.is_empty()).then_some(lesson)
}

/// One element sticking out past the right edge of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Offender {
    /// `tag#id[data-testid].class "text"`.
    pub element: String,
    /// Right edge in document CSS pixels.
    pub right: f64,
    /// Box width in CSS pixels.
    pub width: f64,
}

/// Result of the overflow measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    /// `scrollWidth` of the document.
    pub scroll_width: f64,
    /// `clientWidth` of the document (the viewport without a scrollbar).
    pub client_width: f64,
    /// The widest offending elements, widest first.
    pub offenders: Vec<Offender>,
}

impl Overflow {
    /// Parses the object returned by the overflow script.
    pub fn from_json(value: &Value) -> Option<Self> {
        let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64);
        let offenders = value
            .get("offenders")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|o| {
                        Some(Offender {
                            element: o.get("element")?.as_str()?.to_owned(),
                            right: num(o, "right")?,
                            width: num(o, "width")?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            scroll_width: num(value, "scrollWidth")?,
            client_width: num(value, "clientWidth")?,
            offenders,
        })
    }

    /// Whether the page scrolls sideways (one pixel of slack for rounding).
    pub fn overflows(&self) -> bool {
        self.scroll_width > self.client_width + 1.0
    }

    /// A one-line account: sizes, then the widest offender and up to two more.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "scrollWidth {:.0} px > clientWidth {:.0} px",
            self.scroll_width, self.client_width
        );
        match self.offenders.split_first() {
            None => text.push_str("; no single element found past the right edge"),
            Some((widest, rest)) => {
                text.push_str(&format!(
                    "; widest offender {} ({:.0} px wide, right edge at {:.0} px)",
                    widest.element, widest.width, widest.right
                ));
                for o in rest.iter().take(2) {
                    text.push_str(&format!(
                        "; also {} ({:.0} px wide, right {:.0} px)",
                        o.element, o.width, o.right
                    ));
                }
            }
        }
        text
    }
}

/// Reads the chapter slugs from the page's chapter nav ([`CHAPTER_NAV`]; loads the page
/// first). Fails when the nav is missing or links to no chapter.
pub fn discover_chapters(page: &mut Page, timeout: Duration) -> Result<Vec<String>> {
    page.goto("")?;
    let mut nav_found = false;
    let found = page.wait_until(&format!("chapter links in {CHAPTER_NAV}"), timeout, |p| {
        let value = p.eval(CHAPTER_LINKS_JS, &[json!(CHAPTER_NAV)])?;
        if !value.is_array() {
            return Ok(None);
        }
        nav_found = true;
        let hrefs = crate::page::strings(Some(&value));
        let slugs = chapter_slugs(&hrefs);
        Ok((!slugs.is_empty()).then_some(slugs))
    });
    found.map_err(|e| {
        if nav_found {
            e.context(&format!("{CHAPTER_NAV} links to no #/<slug> chapter"))
        } else {
            e.context(&format!("no element matches {CHAPTER_NAV}"))
        }
    })
}

/// The notice a wrong chapter slug raises. Each visit fails when it shows; the walk first
/// proves the id is real by loading [`UNKNOWN_SLUG`].
pub const UNKNOWN_CHAPTER: &str = r#"[data-testid="unknown-chapter"]"#;
/// A chapter slug no page has.
pub const UNKNOWN_SLUG: &str = "no-such-chapter-e2e";
/// Check name of that control.
pub const UNKNOWN_CHAPTER_CHECK: &str = "walk: a wrong chapter link is named";

/// Loads `#/<UNKNOWN_SLUG>` and waits for [`UNKNOWN_CHAPTER`].
fn check_unknown_chapter(report: &mut Report, page: &mut Page, timeout: Duration) {
    let shown = page
        .goto("about:blank")
        .and_then(|()| page.goto(&format!("#/{UNKNOWN_SLUG}")))
        .and_then(|()| page.wait_for(UNKNOWN_CHAPTER, timeout).map(|_| ()));
    match shown {
        Ok(()) => report.pass(
            UNKNOWN_CHAPTER_CHECK,
            format!("#/{UNKNOWN_SLUG} shows {UNKNOWN_CHAPTER}"),
        ),
        Err(e) => report.fail(
            UNKNOWN_CHAPTER_CHECK,
            format!("#/{UNKNOWN_SLUG} must show {UNKNOWN_CHAPTER}: {e}"),
        ),
    }
}

/// Check name for one chapter at one size.
fn check_name(slug: &str, size: &WalkSize) -> String {
    format!("walk {slug} @ {}", size.label)
}

/// Walks every chapter at every size. One report line per chapter and size when all is
/// well; one line per problem otherwise.
pub fn run_walk(page: &mut Page, opts: &WalkOptions) -> Report {
    let mut report = Report::new();
    let slugs = match discover_chapters(page, opts.ready_timeout) {
        Ok(s) => s,
        Err(e) => {
            report.fail("walk: chapter links", e.to_string());
            return report;
        }
    };
    let slugs: Vec<String> = match &opts.only {
        Some(only) => {
            let unknown: Vec<&String> = only.iter().filter(|s| !slugs.contains(s)).collect();
            if unknown.is_empty() {
                report.pass("walk: chapter links", slugs.join(", "));
            } else {
                report.fail(
                    "walk: chapter links",
                    format!("asked for {unknown:?}, the page links to {slugs:?}"),
                );
            }
            slugs.into_iter().filter(|s| only.contains(s)).collect()
        }
        None => {
            report.pass("walk: chapter links", slugs.join(", "));
            slugs
        }
    };
    check_unknown_chapter(&mut report, page, opts.ready_timeout);
    for size in &opts.sizes {
        for slug in &slugs {
            let name = check_name(slug, size);
            let outcome = walk_chapter(page, slug, size, opts);
            if outcome.problems.is_empty() {
                report.pass(&name, outcome.notes.join("; "));
            } else {
                for problem in outcome.problems {
                    report.fail(&name, problem);
                }
            }
        }
    }
    report
}

/// What one chapter visit found.
#[derive(Debug, Default)]
struct Outcome {
    notes: Vec<String>,
    problems: Vec<String>,
}

fn walk_chapter(page: &mut Page, slug: &str, size: &WalkSize, opts: &WalkOptions) -> Outcome {
    let mut out = Outcome::default();
    let logs_before = page.console().map(<[_]>::len).unwrap_or(0);
    if let Err(e) = visit(page, slug, size, opts, &mut out) {
        out.problems.push(e.to_string());
    }
    match page.exists(PANIC) {
        Ok(false) => {}
        Ok(true) => {
            let text = page.text_content(PANIC).ok().flatten().unwrap_or_default();
            out.problems
                .push(format!("panic notice on the page: {text}"));
        }
        Err(e) => out.problems.push(format!("looking for {PANIC}: {e}")),
    }
    match page.console() {
        Ok(logs) => {
            let fresh = logs.get(logs_before..).unwrap_or_default();
            let errors = severe_messages(fresh);
            if !errors.is_empty() {
                out.problems
                    .push(format!("console errors: {}", errors.join(" | ")));
            }
            let panics = panic_messages(fresh);
            if !panics.is_empty() {
                out.problems
                    .push(format!("panic logged: {}", panics.join(" | ")));
            }
            out.notes
                .push(format!("{} console messages, no errors", fresh.len()));
        }
        Err(e) => out.problems.push(format!("reading the console: {e}")),
    }
    out
}

/// The steps that stop the visit when they fail (later steps need the page they set up).
fn visit(
    page: &mut Page,
    slug: &str,
    size: &WalkSize,
    opts: &WalkOptions,
    out: &mut Outcome,
) -> Result<()> {
    // A blank page in between makes every visit a fresh load of the deep link (a hash-only
    // change would reuse the previous chapter's document).
    page.goto("about:blank")?;
    page.session().set_window_size(size.width, size.height)?;
    page.goto(&format!("#/{slug}"))?;
    page.set_viewport_size(size.width, size.height)?;
    let article = format!(r#"[data-testid="chapter-{slug}"]"#);
    let heading_css = format!(r#"{article} [data-testid="chapter-title"]"#);
    page.wait_for(&heading_css, opts.ready_timeout)
        .map_err(|e| e.context("chapter heading"))?;
    let heading = page.text(&heading_css)?;
    if heading.trim().is_empty() {
        out.problems.push("the chapter heading is empty".to_owned());
    }
    out.notes.push(format!("heading {:?}", heading.trim()));
    if page.exists(UNKNOWN_CHAPTER)? {
        out.problems
            .push(format!("the page says there is no chapter {slug:?}"));
    }

    let play = format!(r#"{article} [data-testid="play"]"#);
    if page.exists(&play)? {
        out.notes.push("lab present".to_owned());
    } else {
        out.problems.push(format!("no lab: nothing matches {play}"));
    }

    match lesson_problems(page, slug, &article) {
        Ok(problems) => out.problems.extend(problems),
        Err(e) => out.problems.push(format!("lessons: {e}")),
    }
    match try_this(page, slug, &article, opts) {
        Ok(note) => out.notes.push(note),
        Err(e) => out.problems.push(format!("try-this: {e}")),
    }

    let shot = opts.out_dir.join(format!("{slug}-{}.png", size.label));
    match screenshot(page, size, opts, &shot) {
        Ok(height) => out.notes.push(format!(
            "screenshot {} ({}x{height})",
            shot.display(),
            size.width
        )),
        Err(e) => out.problems.push(format!("screenshot: {e}")),
    }

    let overflow = page.eval(OVERFLOW_JS, &[])?;
    let overflow = Overflow::from_json(&overflow)
        .ok_or_else(|| Error::new(format!("unexpected overflow measurement {overflow}")))?;
    if overflow.overflows() {
        out.problems.push(format!(
            "horizontal overflow at {} px: {}",
            size.width,
            overflow.describe()
        ));
    } else {
        out.notes.push("no horizontal overflow".to_owned());
    }
    Ok(())
}

/// One lesson section as [`LESSONS_JS`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// The section's test id, `lesson-<n>`.
    pub testid: String,
    /// Whether a try-this card (`try-<n>-card`) is inside.
    pub has_card: bool,
}

impl Lesson {
    /// Parses the list returned by [`LESSONS_JS`] (malformed entries are dropped).
    pub fn list_from_json(value: &Value) -> Vec<Self> {
        value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| {
                        Some(Self {
                            testid: l.get("lesson")?.as_str()?.to_owned(),
                            has_card: l.get("card")?.as_bool()?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// What is wrong with a chapter's lessons: a chapter not in [`CHAPTERS_WITHOUT_TRY_THIS`]
/// must have at least one, and every lesson must hold a try-this card.
pub fn lessons_problems(slug: &str, lessons: &[Lesson]) -> Vec<String> {
    let mut problems = Vec::new();
    if lessons.is_empty() && !CHAPTERS_WITHOUT_TRY_THIS.contains(&slug) {
        problems.push(format!(
            "no lesson: nothing matches section[data-testid^=\"lesson-\"] in chapter {slug:?}, \
             which should teach with a try-this"
        ));
    }
    for lesson in lessons.iter().filter(|l| !l.has_card) {
        problems.push(format!(
            "{} has no try-this card ([data-testid^=\"try-\"][data-testid$=\"-card\"])",
            lesson.testid
        ));
    }
    problems
}

fn lesson_problems(page: &Page, slug: &str, article: &str) -> Result<Vec<String>> {
    let lessons = Lesson::list_from_json(&page.eval(LESSONS_JS, &[json!(article)])?);
    Ok(lessons_problems(slug, &lessons))
}

/// Picks the first prediction of the first try-this, runs it and waits for the reveal. A
/// chapter without a try-this fails unless it is one of [`CHAPTERS_WITHOUT_TRY_THIS`].
fn try_this(page: &mut Page, slug: &str, article: &str, opts: &WalkOptions) -> Result<String> {
    let option = page.eval(FIRST_OPTION_JS, &[json!(article)])?;
    let Some(option) = option.as_str() else {
        if CHAPTERS_WITHOUT_TRY_THIS.contains(&slug) {
            return Ok("no try-this in this chapter (none expected)".to_owned());
        }
        return Err(Error::new(format!(
            "no prediction to pick: nothing matches input[type=\"radio\"][data-testid^=\"try-\"]\
             [data-testid*=\"-option-\"] in {article}"
        )));
    };
    let lesson = try_this_lesson(option)
        .ok_or_else(|| Error::new(format!("unexpected option test id {option:?}")))?;
    page.click(&format!(r#"[data-testid="{option}"]"#))?;
    let run = format!(r#"[data-testid="try-{lesson}-run"]"#);
    page.click(&run)?;
    let reveal = format!(r#"[data-testid="try-{lesson}-reveal"]"#);
    let nudge = format!(r#"[data-testid="try-{lesson}-nudge"]"#);
    let card = format!(r#"[data-testid="try-{lesson}-card"]"#);
    let what = format!("the try-this reveal {reveal}");
    let started = std::time::Instant::now();
    page.wait_until(&what, opts.reveal_timeout, |p| {
        if p.exists(&reveal)? {
            return Ok(Some(()));
        }
        if p.exists(&nudge)? {
            return Err(Error::new(
                "the card asks for a prediction after one was clicked",
            ));
        }
        if p.exists(&format!(r#"{card} [role="alert"]"#))? {
            let text = p
                .text_content(&format!(r#"{card} [role="alert"]"#))?
                .unwrap_or_default();
            return Err(Error::new(format!("the run failed: {text}")));
        }
        Ok(None)
    })?;
    let verdict_css = format!(r#"[data-testid="try-{lesson}-verdict"]"#);
    let verdict = page.text_content(&verdict_css)?.ok_or_else(|| {
        Error::new(format!(
            "the reveal shows no verdict: no element matches {verdict_css}"
        ))
    })?;
    let verdict: String = verdict.trim().chars().take(60).collect();
    if verdict.is_empty() {
        return Err(Error::new(format!("the verdict {verdict_css} is empty")));
    }
    Ok(format!(
        "try-this {lesson} revealed in {:.1} s ({verdict:?})",
        started.elapsed().as_secs_f64()
    ))
}

/// Grows the window to the document height (capped), saves the screenshot and restores
/// the window. Returns the screenshot height.
fn screenshot(
    page: &mut Page,
    size: &WalkSize,
    opts: &WalkOptions,
    path: &std::path::Path,
) -> Result<u32> {
    let height = page
        .eval(SCROLL_HEIGHT_JS, &[])?
        .as_f64()
        .ok_or_else(|| Error::new("scrollHeight is not a number"))?;
    let height = shot_height(height, size.height, opts.max_shot_height_px);
    page.set_viewport_size(size.width, height)?;
    std::thread::sleep(opts.settle);
    let saved = page.screenshot(path);
    page.set_viewport_size(size.width, size.height)?;
    saved.map(|()| height)
}

/// The screenshot height for a document `scroll_height` tall: at least the viewport, at
/// most `max_px`.
pub fn shot_height(scroll_height: f64, viewport_px: u32, max_px: u32) -> u32 {
    let wanted = if scroll_height.is_finite() && scroll_height > 0.0 {
        // Rounding up keeps the last pixel row; the clamp makes the cast lossless.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let px = scroll_height.ceil().min(f64::from(u32::MAX)) as u32;
        px
    } else {
        viewport_px
    };
    wanted.clamp(viewport_px.min(max_px), max_px)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn slugs_come_from_hash_links_in_order_without_duplicates() {
        let hrefs = strings(&[
            "#/lifecycle",
            "#/drift",
            "http://127.0.0.1:9/driftline/#/serving",
            "#/drift",
            "#/monitoring/",
            "#main-content",
            "#sandbox",
            "#/",
            "#",
            "bench.html",
            "#/a b",
            "#/x?y",
        ]);
        assert_eq!(
            chapter_slugs(&hrefs),
            strings(&["lifecycle", "drift", "serving", "monitoring"])
        );
        assert!(chapter_slugs(&[]).is_empty());
    }

    #[test]
    fn a_chapter_without_lessons_fails_unless_it_is_the_sandbox() {
        let lessons = Lesson::list_from_json(&json!([
            { "lesson": "lesson-3", "card": true },
            { "lesson": "lesson-4", "card": false },
            { "lesson": 5, "card": true }
        ]));
        assert_eq!(
            lessons,
            vec![
                Lesson {
                    testid: "lesson-3".to_owned(),
                    has_card: true
                },
                Lesson {
                    testid: "lesson-4".to_owned(),
                    has_card: false
                },
            ]
        );
        let problems = lessons_problems("drift", &lessons);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("lesson-4 has no try-this card"),
            "{problems:?}"
        );
        assert!(lessons_problems("drift", &lessons[..1]).is_empty());
        let none = lessons_problems("drift", &[]);
        assert_eq!(none.len(), 1);
        assert!(none[0].starts_with("no lesson"), "{none:?}");
        assert!(lessons_problems("sandbox", &[]).is_empty());
        assert!(Lesson::list_from_json(&Value::Null).is_empty());
    }

    #[test]
    fn try_this_lesson_is_read_from_the_option_test_id() {
        assert_eq!(try_this_lesson("try-7-option-0"), Some("7"));
        assert_eq!(try_this_lesson("try-12-option-3"), Some("12"));
        assert_eq!(try_this_lesson("try--option-0"), None);
        assert_eq!(try_this_lesson("why-reason-1"), None);
        assert_eq!(try_this_lesson("try-7-run"), None);
    }

    #[test]
    fn overflow_report_names_the_widest_offender() {
        let value = json!({
            "scrollWidth": 512.0, "clientWidth": 360,
            "offenders": [
                { "element": "table[data-testid=\"slice-table\"].data-table", "right": 512.4, "width": 480.2 },
                { "element": "div.card", "right": 500, "width": 350 },
                { "element": "p", "right": 400, "width": 100 },
                { "element": "span", "right": 390, "width": 20 },
                { "bogus": true }
            ]
        });
        let overflow = Overflow::from_json(&value).unwrap();
        assert!(overflow.overflows());
        assert_eq!(
            overflow.offenders.len(),
            4,
            "the malformed entry is dropped"
        );
        let text = overflow.describe();
        assert!(
            text.starts_with("scrollWidth 512 px > clientWidth 360 px; widest offender table"),
            "{text}"
        );
        assert!(text.contains("480 px wide, right edge at 512 px"), "{text}");
        assert!(
            text.contains("also div.card") && text.contains("also p ("),
            "{text}"
        );
        assert!(
            !text.contains("span"),
            "only three elements are named: {text}"
        );
    }

    #[test]
    fn one_pixel_of_rounding_is_not_overflow() {
        let fits = Overflow::from_json(&json!({"scrollWidth": 361, "clientWidth": 360})).unwrap();
        assert!(!fits.overflows());
        let over = Overflow::from_json(&json!({"scrollWidth": 362, "clientWidth": 360})).unwrap();
        assert!(over.overflows());
        assert!(over.describe().contains("no single element"));
        assert_eq!(Overflow::from_json(&json!({"clientWidth": 360})), None);
    }

    #[test]
    fn screenshot_height_is_the_document_clamped() {
        assert_eq!(shot_height(2500.2, 768, 4000), 2501);
        assert_eq!(shot_height(9000.0, 768, 4000), 4000);
        assert_eq!(shot_height(300.0, 768, 4000), 768);
        assert_eq!(shot_height(f64::NAN, 740, 4000), 740);
        assert_eq!(shot_height(-1.0, 740, 4000), 740);
        assert_eq!(shot_height(100.0, 5000, 4000), 4000, "the cap wins");
    }
}
