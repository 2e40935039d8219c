//! The first paint, rendered natively at build time from the same components the wasm
//! runs (Yew's server renderer), so a reader sees the chapter, the factory and the charts'
//! frames before the wasm has arrived, and a reader without JavaScript still reads it.
//!
//! Not compiled into the wasm: `src/bin/prerender.rs` (a build step after `trunk build`,
//! see `scripts/build.sh`) and the native tests use it.
//!
//! **How the right view shows before any code runs.** Every route is rendered into its
//! own `<div class="fp-view">` whose `id` is the route's hash without `#` (`/drift`), so
//! the address `index.html#/drift` makes that view the CSS `:target`, and a rule shows
//! only the target (or, with no target, the first chapter). No script is needed for that.
//! A tiny inline script in `<head>` does two things CSS cannot: it puts the reader's theme
//! class on `<html>` before the first paint (stored preference, else the system's), and
//! for an embed (`?embed=`) or presenter (`?present=1`) address, whose layouts differ,
//! it shows a neutral placeholder instead of a chapter.
//!
//! **Embeds** have their own page, `embed.html` (what the embed builder and the README
//! link to): the same app, whose first paint holds one view per widget (dashboard, lab,
//! each chart, each pie); the head script copies `embed=` into `<html data-fp>` and a rule
//! per widget shows its view. Old `index.html?embed=` links still work, with the
//! placeholder until the wasm runs. A widget's first paint is drawn for the default lesson
//! and tick; the wasm then applies the link's own (`lesson`, `t`, ...).
//!
//! **How the wasm takes over.** The app mounts after the first paint's markup and, in the
//! effect of its first render, removes it (`crate::root`): both happen before the browser
//! paints again, and the app's boxes sit where the first paint's were, so nothing moves.

pub mod entry;

use yew::LocalServerRenderer;

use crate::chapters::route::first_chapter;
use crate::content::CHAPTERS;
use crate::data_page::DataApp;

pub use crate::first_paint::EMBED_PAGE;

/// `id` of the element holding every prerendered view; the app removes it when it mounts.
pub const FIRST_PAINT_ID: &str = "first-paint";

/// One prerendered view: the address it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The hash that selects it, e.g. `#/drift`.
    pub hash: String,
    /// Whether it shows when the address has no (known) hash: the first chapter.
    pub home: bool,
}

/// The embed builder's slug (`#/embed`, handled by the presenter shell).
const EMBED_BUILDER_SLUG: &str = "embed";

/// The views written into `index.html`: every chapter, then the comparison page, the
/// "Your data" page and the embed builder.
#[must_use]
pub fn views() -> Vec<View> {
    let home = first_chapter().slug;
    CHAPTERS
        .iter()
        .map(|c| View {
            hash: format!("#/{}", c.slug),
            home: c.slug == home,
        })
        .chain(
            [
                crate::app::COMPARE_SLUG,
                crate::data_page::DATA_SLUG,
                EMBED_BUILDER_SLUG,
            ]
            .into_iter()
            .map(|slug| View {
                hash: format!("#/{slug}"),
                home: false,
            }),
        )
        .collect()
}

/// The page's markup for the address `?query#hash`, as the wasm's first render draws it
/// (without its effects, which never run at build time). Rendered from
/// [`DataApp`], the app with "Your data" in its slot, which the chapters' wasm leaves out
/// (`crate::data_page::slot`); every other address renders the same in both.
#[must_use]
pub fn render_address(query: &str, hash: &str) -> String {
    crate::url_sync::set_native_address(query, hash);
    let renderer = LocalServerRenderer::<DataApp>::new().hydratable(false);
    strip_test_ids(&futures::executor::block_on(renderer.render()))
}

/// `html` without `data-testid` attributes: the checks find the live app's controls by
/// them, and must never find a prerendered button that does nothing.
#[must_use]
pub fn strip_test_ids(html: &str) -> String {
    const ATTR: &str = " data-testid=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(ATTR) {
        out.push_str(&rest[..start]);
        let value = &rest[start + ATTR.len()..];
        // Yew escapes `"` inside attribute values, so the next quote closes this one.
        match value.find('"') {
            Some(end) => rest = &value[end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `<div id="first-paint">` with every chapter view, rendered now (for `index.html`).
#[must_use]
pub fn first_paint_markup() -> String {
    let mut out = format!("<div id=\"{FIRST_PAINT_ID}\" class=\"first-paint\">");
    for view in views() {
        let class = if view.home {
            "fp-view fp-home"
        } else {
            "fp-view"
        };
        let id = view.hash.trim_start_matches('#');
        out.push_str(&format!("<div class=\"{class}\" id=\"{id}\">"));
        out.push_str(&render_address("", &view.hash));
        out.push_str("</div>");
    }
    out.push_str(PLACEHOLDER);
    out.push_str("</div>");
    share_repeated_charts(&out)
}

/// Every model training the first paint's views ask for (`index.html` and `embed.html`),
/// kept by the table or not: what `driftline-prerender --write-pretrained` keeps, so the
/// wasm starts those labs without training (`driftline_sim::pretrained`).
#[must_use]
pub fn first_paint_trainings() -> Vec<driftline_sim::pretrained::Training> {
    driftline_sim::pretrained::record(|| {
        let _ = first_paint_markup();
        let _ = embed_first_paint_markup();
    })
}

/// The `embed=` values `embed.html` carries a first paint for: the dashboard, the lab,
/// every dashboard chart and every pie. Other widgets (a whole chapter) show the
/// placeholder until the wasm runs.
#[must_use]
pub fn embed_names() -> Vec<String> {
    let charts = crate::view_model::metrics::all()
        .into_iter()
        .map(|m| format!("chart:{}", m.id));
    let pies = crate::share::embed_query::PIE_NAMES
        .iter()
        .map(|p| format!("pie:{p}"));
    ["dashboard".to_owned(), "lab".to_owned()]
        .into_iter()
        .chain(charts)
        .chain(pies)
        .collect()
}

/// The first paint of `embed.html`: one view per [`embed_names`], each shown when the
/// address's `embed=` names it (the head script copies it into `<html data-fp>`), and the
/// rules that do so.
#[must_use]
pub fn embed_first_paint_markup() -> String {
    let names = embed_names();
    let mut rules = String::new();
    let mut out = format!("<div id=\"{FIRST_PAINT_ID}\" class=\"first-paint\">");
    for name in &names {
        rules.push_str(&format!(
            "html[data-fp=\"{name}\"] [data-fp-view=\"{name}\"]{{display:block!important}}"
        ));
        out.push_str(&format!(
            "<div class=\"fp-view fp-embed\" data-fp-view=\"{name}\">"
        ));
        // A link without `v=` is read as version 1 with a notice saying so: the widget's
        // first paint must not show a reader that notice.
        out.push_str(&render_address(&format!("v=1&embed={name}"), ""));
        out.push_str("</div>");
    }
    // A widget with its own first paint hides the placeholder.
    for name in &names {
        rules.push_str(&format!(
            "html[data-fp=\"{name}\"] .fp-placeholder{{display:none!important}}"
        ));
    }
    out.push_str(PLACEHOLDER);
    out.push_str(&format!("<style>{rules}</style></div>"));
    share_repeated_charts(&out)
}

/// How a first-paint chart's `<svg>` starts (`crate::components::chart_svg`).
const CHART_SVG_START: &str = "<svg aria-hidden=\"true\" viewBox=\"";

/// `markup` with every chart drawn more than once (the same seed gives several chapters the
/// same opening charts) kept once, as a `<symbol>` in a hidden sprite at the start, and
/// drawn elsewhere by `<use>`. Only the charts: their look is all presentation attributes,
/// which a `<use>` copy keeps (class-styled SVG, like the factory picture, would not be).
#[must_use]
pub fn share_repeated_charts(markup: &str) -> String {
    let charts = chart_spans(markup);
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &(_, inner, _) in &charts {
        *counts.entry(inner).or_default() += 1;
    }
    let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut sprite = String::new();
    let mut out = String::with_capacity(markup.len());
    let mut at = 0;
    for (view_box, inner, range) in charts.iter().cloned() {
        if counts.get(inner).copied().unwrap_or(0) < 2 {
            continue;
        }
        let next = ids.len();
        let id = *ids.entry(inner).or_insert_with(|| {
            sprite.push_str(&format!(
                "<symbol id=\"fpc{next}\" viewBox=\"{view_box}\">{inner}</symbol>"
            ));
            next
        });
        out.push_str(&markup[at..range.start]);
        out.push_str(&format!(
            "{CHART_SVG_START}{view_box}\"><use href=\"#fpc{id}\"/></svg>"
        ));
        at = range.end;
    }
    out.push_str(&markup[at..]);
    if sprite.is_empty() {
        return out;
    }
    // Inside the first paint's own element, so it leaves with it.
    let sprite = format!("<svg class=\"fp-sprite\" aria-hidden=\"true\">{sprite}</svg>");
    match out.find('>') {
        Some(i) if out.starts_with(&format!("<div id=\"{FIRST_PAINT_ID}\"")) => {
            out.insert_str(i + 1, &sprite);
            out
        }
        _ => markup.to_owned(),
    }
}

/// Each first-paint chart's viewBox, inner markup and byte range in `markup`.
fn chart_spans(markup: &str) -> Vec<(&str, &str, std::ops::Range<usize>)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(i) = markup[from..].find(CHART_SVG_START) {
        let start = from + i;
        let box_start = start + CHART_SVG_START.len();
        let Some(box_len) = markup[box_start..].find('"') else {
            break;
        };
        let Some(open_len) = markup[start..].find('>') else {
            break;
        };
        let inner_start = start + open_len + 1;
        let Some(inner_len) = markup[inner_start..].find("</svg>") else {
            break;
        };
        let end = inner_start + inner_len + "</svg>".len();
        spans.push((
            &markup[box_start..box_start + box_len],
            &markup[inner_start..inner_start + inner_len],
            start..end,
        ));
        from = end;
    }
    spans
}

/// Shown for addresses whose layout is not a chapter (embeds, presenter mode).
const PLACEHOLDER: &str = "<div class=\"fp-placeholder\" role=\"status\">\
<strong>Driftline</strong> <span>is starting the simulation\u{2026}</span></div>";

/// Rules that pick the view (see the module docs). They sit in the first paint's own
/// `<style>`, so they leave with it.
pub const FIRST_PAINT_CSS: &str = "\
.fp-view,.fp-placeholder,.fp-sprite{display:none}\
.fp-view:target,.first-paint:not(:has(.fp-view:target))>.fp-home{display:block}\
html.fp-other .fp-view{display:none!important}\
html.fp-other .fp-placeholder{display:block;padding:16px;color:var(--muted)}\
html.theme-dark .chart-svg>svg{filter:invert(1) hue-rotate(180deg)}";

/// Runs in `<head>` before the first paint (see the module docs). Kept in step with
/// `crate::share::prefs` (key and theme names) and `crate::storage::apply_theme`.
pub const HEAD_SCRIPT: &str = "(function(h){var t;\
try{t=JSON.parse(localStorage.getItem('driftline.prefs')).theme}catch(e){}\
if(t!=='light'&&t!=='dark'&&t!=='high-contrast'){\
t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}\
h.classList.add('theme-'+t);\
var q=location.search,e=/[?&]embed=([^&]*)/.exec(q);\
if(e){try{h.dataset.fp=decodeURIComponent(e[1])}catch(x){}}\
if(e||/[?&]present(=1|=true|=yes)?(&|$)/.test(q))h.classList.add('fp-other')\
})(document.documentElement)";

/// How Trunk's loader starts the wasm (see `xtask/src/single_file.rs` for the whole script).
const WASM_INIT: &str = "const wasm = await init(";
/// Waits until the first paint's frame is on screen, then a task (inserted before
/// [`WASM_INIT`]). One animation frame is not enough: its callbacks run before that frame
/// is painted, and the screen shows it later still, so the wasm's request could start
/// before the largest paint was recorded, and Lighthouse's simulation then counts the
/// whole download in that paint (3.8 s instead of 0.96 s in one run served with brotli).
/// The second frame's callbacks run after the first frame was presented.
const PAINT_FIRST: &str = "await new Promise((r) => requestAnimationFrame(() => \
     requestAnimationFrame(() => setTimeout(r, 0))));\n";

/// Why `index.html` could not take the first paint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InjectError {
    /// The page has no `<body>` or no `</body>` (not Trunk's output).
    NoBody,
    /// The page has no `</head>`.
    NoHead,
    /// The page already holds a first paint (the step ran twice).
    AlreadyDone,
}

impl std::fmt::Display for InjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NoBody => "index.html has no <body>...</body>",
            Self::NoHead => "index.html has no </head>",
            Self::AlreadyDone => "index.html already holds a first paint",
        })
    }
}

impl std::error::Error for InjectError {}

/// `index` (Trunk's `index.html`) with `stylesheet` inlined in place of its `<link>` (when
/// given: one request fewer before the first paint), without the wasm's preload hint, the
/// wasm asked for only after the first paint's frame, with the head script, and with
/// `markup` as the body's first child.
///
/// # Errors
/// [`InjectError`] when the page is not shaped like Trunk's output or was done already.
pub fn inject(
    index: &str,
    markup: &str,
    stylesheet: Option<(&str, &str)>,
) -> Result<String, InjectError> {
    if index.contains(&format!("id=\"{FIRST_PAINT_ID}\"")) {
        return Err(InjectError::AlreadyDone);
    }
    let mut page = index.to_owned();
    if let Some((href, css)) = stylesheet {
        if let Some(link) = tag_with(&page, "<link rel=\"stylesheet\"", href) {
            page.replace_range(link, &format!("<style>{css}</style>"));
        }
    }
    // The wasm's preload hint would start the 400 KB download while the page's own HTML
    // is still arriving: on a slow link they share the bandwidth and the first paint waits.
    // Without it the module script asks for the wasm once the document is parsed.
    while let Some(hint) = tag_with(&page, "<link rel=\"preload\"", ".wasm\"") {
        page.replace_range(hint, "");
    }
    // Fetch the wasm once the first paint is on screen: a frame, then a task. A reader
    // never waits for it (the frame comes first anyway), and the first paint then never
    // depends on the wasm, also for tools that replay the load at another speed
    // (Lighthouse's simulated throttling counted the wasm's download in the paint).
    if let Some(init) = page.find(WASM_INIT) {
        page.insert_str(init, PAINT_FIRST);
    }
    let head_end = page.find("</head>").ok_or(InjectError::NoHead)?;
    page.insert_str(
        head_end,
        &format!("<script>{HEAD_SCRIPT}</script><style>{FIRST_PAINT_CSS}</style>\n"),
    );
    let body_open = page.find("<body").ok_or(InjectError::NoBody)?;
    let body_start = page[body_open..]
        .find('>')
        .map(|i| body_open + i + 1)
        .ok_or(InjectError::NoBody)?;
    if !page[body_start..].contains("</body>") {
        return Err(InjectError::NoBody);
    }
    page.insert_str(body_start, markup);
    Ok(page)
}

/// Byte range of the first tag starting with `start` whose text contains `needle`.
fn tag_with(page: &str, start: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    while let Some(i) = page[from..].find(start) {
        let begin = from + i;
        let end = begin + page[begin..].find('>')? + 1;
        if page[begin..end].contains(needle) {
            return Some(begin..end);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_ids_are_stripped_and_nothing_else() {
        let html =
            r#"<button data-testid="play" class="primary">Play</button><p data-testid="">x</p>"#;
        assert_eq!(
            strip_test_ids(html),
            r#"<button class="primary">Play</button><p>x</p>"#
        );
    }

    #[test]
    fn every_chapter_and_the_comparison_have_a_view_and_one_is_home() {
        let views = views();
        assert_eq!(views.len(), CHAPTERS.len() + 3);
        assert_eq!(views.iter().filter(|v| v.home).count(), 1);
        for hash in ["#/compare", "#/data", "#/embed"] {
            assert!(views.iter().any(|v| v.hash == hash), "{hash}");
        }
    }

    #[test]
    fn nothing_in_the_first_paint_loads_a_page_of_its_own() {
        // A hidden view's iframe still loads: the embed builder's preview once made every
        // chapter download embed.html and a second copy of the wasm.
        for (page, markup) in [
            ("index.html", first_paint_markup()),
            ("embed.html", embed_first_paint_markup()),
        ] {
            for tag in ["<iframe", "<frame", "<object", "<embed "] {
                assert!(!markup.contains(tag), "{page} holds {tag}");
            }
        }
        assert!(render_address("", "#/embed").contains("embed-preview"));
    }

    #[test]
    fn the_widgets_first_paint_shows_no_link_notice() {
        let markup = embed_first_paint_markup();
        assert!(markup.contains("fp-embed"), "widget views");
        assert!(
            !markup.contains("problem(s)"),
            "a link notice in the first paint"
        );
    }

    #[test]
    fn a_chapter_renders_its_text_factory_and_chart_frames() {
        let html = render_address("", "#/drift");
        let chapter = crate::content::chapter_by_slug("drift").map(|c| c.title);
        assert!(chapter.is_some_and(|t| html.contains(t)), "chapter title");
        assert!(html.contains("Factory at tick "), "factory picture");
        assert!(html.contains("chart-svg"), "chart frames as SVG");
        assert!(
            html.contains("Mean image brightness"),
            "a stage chart's caption"
        );
        assert!(!html.contains("data-testid"), "no test ids");
        assert!(
            !html.contains("<canvas"),
            "no canvas (nothing would paint it)"
        );
    }

    #[test]
    fn repeated_charts_are_drawn_once_and_used_elsewhere() {
        let chart = |inner: &str| format!("{CHART_SVG_START}0 0 9 9\" xmlns=\"x\">{inner}</svg>");
        let markup = format!(
            "<div id=\"{FIRST_PAINT_ID}\">{}{}{}</div>",
            chart("<rect/>"),
            chart("<line/>"),
            chart("<rect/>")
        );
        let shared = share_repeated_charts(&markup);
        assert_eq!(shared.matches("<rect/>").count(), 1, "{shared}");
        assert_eq!(shared.matches("<line/>").count(), 1, "{shared}");
        assert_eq!(
            shared.matches("<use href=\"#fpc0\"/>").count(),
            2,
            "{shared}"
        );
        assert!(shared.contains("<symbol id=\"fpc0\" viewBox=\"0 0 9 9\"><rect/></symbol>"));
        assert!(shared.starts_with(&format!(
            "<div id=\"{FIRST_PAINT_ID}\"><svg class=\"fp-sprite\""
        )));
        let once = format!("<div id=\"{FIRST_PAINT_ID}\">{}</div>", chart("<rect/>"));
        assert_eq!(share_repeated_charts(&once), once);
    }

    #[test]
    fn inject_inlines_the_stylesheet_and_puts_the_views_first_in_the_body() {
        let index = "<html><head><link rel=\"stylesheet\" href=\"./a.css\" integrity=\"x\"/>\
                     <link rel=\"preload\" href=\"./a_bg.wasm\" as=\"fetch\">\
                     <script type=\"module\">const wasm = await init('./a_bg.wasm');</script>\
                     </head><body>\n<noscript>n</noscript></body></html>";
        let page = inject(
            index,
            "<div id=\"first-paint\">V</div>",
            Some(("./a.css", "p{}")),
        );
        let page = page.unwrap_or_default();
        assert!(page.contains("<style>p{}</style>"));
        assert!(!page.contains("a.css"));
        assert_eq!(
            page.matches("a_bg.wasm").count(),
            1,
            "no wasm preload: {page}"
        );
        assert!(
            page.contains(&format!("{PAINT_FIRST}{WASM_INIT}")),
            "{page}"
        );
        assert!(page.contains("<body><div id=\"first-paint\">V</div>\n<noscript>"));
        assert!(page.contains(HEAD_SCRIPT));
        assert_eq!(inject(&page, "", None), Err(InjectError::AlreadyDone));
        assert_eq!(inject("<html></html>", "", None), Err(InjectError::NoHead));
        assert_eq!(
            inject("<html><head></head></html>", "", None),
            Err(InjectError::NoBody)
        );
    }
}
