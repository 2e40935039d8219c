//! The packed page's last check: every reference in it that would need the network.
//!
//! The page is tokenized by lol_html (an element handler for every start tag, text handlers
//! for `<style>` and `<script>` bodies), so markup that merely looks like a reference, such as
//! `xmlns="http://www.w3.org/2000/svg"` on an inline `<svg>` or an `id="/drift"`, is never
//! taken for one. Only what a browser would fetch counts: `src`, `href`, `xlink:href`, `poster`, `data`
//! and `srcset` attributes, `url(...)` in `style` attributes and `<style>` bodies, and module
//! specifiers in scripts, following JS modules inlined as base64 `data:` URLs.

use std::cell::RefCell;

use lol_html::errors::RewritingError;
use lol_html::html_content::{Attribute, TextChunk};
use lol_html::{element, rewrite_str, text, RewriteStrSettings};

use crate::data_url::{decode_entities, is_inline, js_of};
use crate::{css, js};

/// Deepest chain of inlined JS modules followed.
const MAX_DEPTH: usize = 8;

/// Every reference in `html` that is neither a `data:` URL nor a `#fragment`, in page order
/// (a script's or stylesheet's references come at its end).
///
/// # Errors
/// lol_html refused the page (a parsing ambiguity it will not guess at).
pub fn external_references(html: &str) -> Result<Vec<String>, RewritingError> {
    let found = RefCell::new(Vec::new());
    let style = RefCell::new(String::new());
    let script = RefCell::new(String::new());
    let result = rewrite_str(
        html,
        [
            element!("*", |el| {
                let mut found = found.borrow_mut();
                el.attributes()
                    .iter()
                    .for_each(|a| attribute(a, &mut found));
                Ok(())
            }),
            text!("style", |t| {
                if let Some(body) = whole(&style, t) {
                    found.borrow_mut().extend(css_refs(&body));
                }
                Ok(())
            }),
            text!("script", |t| {
                if let Some(body) = whole(&script, t) {
                    js_refs(&body, &mut found.borrow_mut(), 0);
                }
                Ok(())
            }),
        ]
        .into_iter()
        .fold(RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        }),
    );
    result.map(|_| found.into_inner())
}

/// Gathers an element's text chunks; the whole text once its last chunk has arrived.
fn whole(buffer: &RefCell<String>, chunk: &TextChunk<'_>) -> Option<String> {
    let mut buffer = buffer.borrow_mut();
    buffer.push_str(chunk.as_str());
    chunk
        .last_in_text_node()
        .then(|| std::mem::take(&mut *buffer))
}

fn attribute(attr: &Attribute<'_>, out: &mut Vec<String>) {
    let value = decode_entities(&attr.value());
    match attr.name().as_str() {
        "src" | "href" | "xlink:href" | "poster" | "data" if !is_inline(&value) => out.push(value),
        "srcset" => out.extend(
            value
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .filter(|u| !is_inline(u))
                .map(str::to_string),
        ),
        "style" => out.extend(css_refs(&value)),
        _ => {}
    }
}

fn css_refs(css: &str) -> impl Iterator<Item = String> {
    css::urls(css)
        .into_iter()
        .map(|(_, _, u)| u)
        .filter(|u| !is_inline(u))
}

fn js_refs(code: &str, out: &mut Vec<String>, depth: usize) {
    for (_, _, spec) in js::specifiers(code) {
        if !is_inline(&spec) {
            out.push(spec);
        } else if depth < MAX_DEPTH {
            if let Some(inner) = js_of(&spec) {
                js_refs(&inner, out, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_url::data_url;

    #[test]
    fn attributes_styles_and_modules_are_covered() {
        let inner = data_url("text/javascript", b"import x from './deep.js';");
        let page = format!(
            "<link rel=icon href=\"data:image/svg+xml,x\"><a href=\"#top\">t</a>\
             <img src=\"pic.png\" style=\"background:url(bg.png)\" srcset=\"a.png 1x, data:, b.png 2x\">\
             <style>p{{background:url(https://cdn/x.png)}}</style>\
             <script type=\"module\">import a from \"{inner}\";</script>"
        );
        assert_eq!(
            external_references(&page).unwrap(),
            [
                "pic.png",
                "bg.png",
                "a.png",
                "b.png",
                "https://cdn/x.png",
                "./deep.js"
            ]
        );
        assert!(external_references("<a href=\"#x\"><img src=\"data:,\">")
            .unwrap()
            .is_empty());
    }

    #[test]
    fn inline_svg_and_route_ids_are_not_references() {
        let page = "<div id=\"/drift\" class=\"view\"><a href=\"#/drift\">Drift</a>\
            <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\
            <style>.a{fill:url(#g)}</style><use href=\"#g\"/><path d=\"M0 0L1 1\" fill=\"url(#g)\"/></svg>\
            <p>see http://example.org in text</p></div>";
        assert!(external_references(page).unwrap().is_empty());
    }
}
