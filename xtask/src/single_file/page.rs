//! The page itself, rewritten by lol_html: one element handler per kind of tag that loads
//! something, and text handlers that inline `<style>` and loader `<script>` bodies. Markup
//! without a reference (the prerendered body, inline `<svg>`, comments) is copied byte for
//! byte, since lol_html re-serializes only what a handler changed.

use std::cell::RefCell;

use lol_html::errors::RewritingError;
use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{element, rewrite_str, text, HandlerResult, RewriteStrSettings};

use super::dist::Dist;
use super::PackError;
use crate::data_url::{decode_entities, is_inline};

/// `rel` values that only hint at a fetch; with everything inline they are dropped.
const HINTS: [&str; 5] = [
    "modulepreload",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
];
/// Attributes whose local URL is turned into a `data:` URL (on any element but `<a>`).
const URL_ATTRS: [&str; 3] = ["src", "href", "xlink:href"];

/// What the `<script>` being read needs done to its body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Left as it is (a JSON block, a template, or a body already set from `src`).
    Keep,
    /// JavaScript: a loader whose local file names are inlined.
    Loader,
}

/// Rewrites the page `html` so that everything it loads from `dist` is inline.
pub(super) fn rewrite(dist: &mut Dist, html: &str) -> Result<String, PackError> {
    let dist = RefCell::new(dist);
    let script = RefCell::new(Script::Keep);
    let style_text = RefCell::new(String::new());
    let script_text = RefCell::new(String::new());
    let page = rewrite_str(
        html,
        [
            element!("link", |el| link(&mut dist.borrow_mut(), el)),
            element!("script", |el| {
                *script.borrow_mut() = script_start(&mut dist.borrow_mut(), el)?;
                Ok(())
            }),
            element!("*", |el| url_attributes(&mut dist.borrow_mut(), el)),
            text!("style", |t| {
                if let Some(css) = gather(&style_text, t) {
                    let root = dist.borrow().root.clone();
                    let css = dist.borrow_mut().inline_css(&css, &root)?;
                    t.replace(&css, ContentType::Html);
                }
                Ok(())
            }),
            text!("script", |t| {
                if *script.borrow() == Script::Keep {
                    return Ok(());
                }
                if let Some(code) = gather(&script_text, t) {
                    let code = dist.borrow_mut().loader(&code)?;
                    t.replace(&escape_end_tag(&code, "</script"), ContentType::Html);
                }
                Ok(())
            }),
        ]
        .into_iter()
        .fold(RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        }),
    );
    page.map_err(pack_error)
}

/// The handler's own error back, or lol_html's as a sentence.
fn pack_error(e: RewritingError) -> PackError {
    match e {
        RewritingError::ContentHandlerError(inner) => match inner.downcast::<PackError>() {
            Ok(e) => *e,
            Err(other) => PackError(other.to_string()),
        },
        other => PackError(format!("cannot read the page: {other}")),
    }
}

/// Takes an element's text chunks out of the output one by one; the whole text once the last
/// one is in (that chunk is then the place to write the new text).
fn gather(buffer: &RefCell<String>, chunk: &mut TextChunk<'_>) -> Option<String> {
    let mut buffer = buffer.borrow_mut();
    buffer.push_str(chunk.as_str());
    chunk.remove();
    chunk
        .last_in_text_node()
        .then(|| std::mem::take(&mut *buffer))
}

/// A literal end tag inside raw text would end the element early.
fn escape_end_tag(body: &str, end_tag: &str) -> String {
    body.replace(end_tag, &end_tag.replacen("</", "<\\/", 1))
}

/// `<link>`: hints dropped, stylesheets turned into `<style>`, other local `href`s
/// (the favicon) into `data:` URLs.
fn link(dist: &mut Dist, el: &mut Element<'_, '_>) -> HandlerResult {
    let rel = el
        .get_attribute("rel")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let rels: Vec<&str> = rel.split_whitespace().collect();
    if rels.iter().any(|r| HINTS.contains(r)) {
        dist.report.dropped += 1;
        el.remove();
        return Ok(());
    }
    let href = decode_entities(&el.get_attribute("href").unwrap_or_default());
    if is_inline(&href) {
        return Ok(());
    }
    let root = dist.root.clone();
    if rels.contains(&"stylesheet") {
        let path = dist.resolve(&root, &href)?;
        let css = dist.css(&path)?;
        let media = el
            .get_attribute("media")
            .map(|m| format!(" media=\"{}\"", m.replace('"', "&quot;")))
            .unwrap_or_default();
        el.replace(
            &format!(
                "<style{media}>\n{}\n</style>",
                escape_end_tag(&css, "</style")
            ),
            ContentType::Html,
        );
        return Ok(());
    }
    el.set_attribute("href", &dist.data_url_of(&root, &href)?)?;
    el.remove_attribute("integrity");
    el.remove_attribute("crossorigin");
    Ok(())
}

/// `<script>`: a local `src` becomes the body; returns what the body's text handler does.
fn script_start(dist: &mut Dist, el: &mut Element<'_, '_>) -> Result<Script, PackError> {
    el.remove_attribute("integrity");
    el.remove_attribute("crossorigin");
    let kind = el.get_attribute("type").map(|t| t.to_ascii_lowercase());
    let src = el.get_attribute("src").map(|s| decode_entities(&s));
    if let Some(src) = src.filter(|s| !is_inline(s)) {
        let path = dist.resolve(&dist.root.clone(), &src)?;
        let body = if kind.as_deref() == Some("module") {
            dist.module(&path, 0)?
        } else {
            dist.read_text(&path)?
        };
        el.remove_attribute("src");
        el.set_inner_content(&escape_end_tag(&body, "</script"), ContentType::Html);
        return Ok(Script::Keep);
    }
    let javascript = kind.is_none_or(|t| t == "module" || t.contains("javascript"));
    Ok(if javascript {
        Script::Loader
    } else {
        Script::Keep
    })
}

/// Any other element: local `src`/`href`s become `data:` URLs (links `<a>` are left for
/// the final check, which refuses the external ones).
fn url_attributes(dist: &mut Dist, el: &mut Element<'_, '_>) -> HandlerResult {
    if matches!(el.tag_name().as_str(), "a" | "link" | "script") {
        return Ok(());
    }
    let root = dist.root.clone();
    let mut changed = false;
    for name in URL_ATTRS {
        let Some(url) = el.get_attribute(name).map(|u| decode_entities(&u)) else {
            continue;
        };
        if !is_inline(&url) {
            el.set_attribute(name, &dist.data_url_of(&root, &url)?)?;
            changed = true;
        }
    }
    if changed {
        el.remove_attribute("integrity");
    }
    Ok(())
}
