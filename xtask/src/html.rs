//! Just enough HTML, CSS and JS scanning for the single-file packer: split a page into text,
//! tags and raw-text elements, read and write tag attributes, find `url(...)` in CSS and
//! module specifiers in JS, and list every reference that would need the network.
//!
//! This is not a general HTML parser; it handles what Trunk writes (and ordinary hand-written
//! pages): quoted or bare attribute values, comments, `<script>` and `<style>` raw text.

use crate::base64;

/// A piece of a page, borrowing from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text between tags.
    Text(&'a str),
    /// `<!-- ... -->`, doctype and other `<!...>` declarations, copied as they are.
    Markup(&'a str),
    /// One start or end tag, `<` to `>`.
    Tag(&'a str),
    /// `<script>` or `<style>`: the start tag, the raw content, and the end tag.
    Raw {
        /// Start tag.
        open: &'a str,
        /// Content, untouched.
        content: &'a str,
        /// End tag (empty when the page ends first).
        close: &'a str,
    },
}

/// Byte index of `needle` in `hay` at or after `from`, ignoring ASCII case.
pub fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from > h.len() {
        return None;
    }
    (from..=h.len().saturating_sub(n.len())).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Index just past the `>` that closes the tag starting at `start` (quotes respected).
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes().iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Splits a page into parts; concatenating the parts gives the page back.
pub fn parts(html: &str) -> Vec<Part<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        let end = if html[i..].starts_with("<!--") {
            html[i..].find("-->").map(|e| i + e + 3)
        } else if next.is_ascii_alphabetic() || next == b'/' || next == b'!' {
            tag_end(html, i)
        } else {
            None
        };
        let Some(end) = end else {
            i += 1;
            continue;
        };
        if text_start < i {
            out.push(Part::Text(&html[text_start..i]));
        }
        let tag = &html[i..end];
        let name = Tag::parse(tag).map(|t| t.name).unwrap_or_default();
        if next == b'!' {
            out.push(Part::Markup(tag));
            i = end;
        } else if (name == "script" || name == "style") && !tag.ends_with("/>") {
            let close_at = find_ci(html, &format!("</{name}"), end).unwrap_or(html.len());
            let close_end = tag_end(html, close_at).unwrap_or(html.len());
            out.push(Part::Raw {
                open: tag,
                content: &html[end..close_at],
                close: &html[close_at..close_end],
            });
            i = close_end;
        } else {
            out.push(Part::Tag(tag));
            i = end;
        }
        text_start = i;
    }
    if text_start < html.len() {
        out.push(Part::Text(&html[text_start..]));
    }
    out
}

/// A start tag's name and attributes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lowercase name (`link`, `script`; `/p` for an end tag).
    pub name: String,
    /// Attributes in order: lowercase name and decoded value (`None` for a bare attribute).
    pub attrs: Vec<(String, Option<String>)>,
}

fn decode_entities(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn encode_attr(v: &str) -> String {
    v.replace('&', "&amp;").replace('"', "&quot;")
}

impl Tag {
    /// Reads `<name attr="v" bare>` (or `<name ... />`).
    pub fn parse(text: &str) -> Option<Tag> {
        let inner = text.strip_prefix('<')?.strip_suffix('>')?;
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let b = inner.as_bytes();
        let mut i = 0;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = inner[..i].to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
                i += 1;
            }
            let attr = inner[start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let value = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vstart = i + 1;
                    i = vstart;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    let v = &inner[vstart..i.min(b.len())];
                    i += 1;
                    v
                } else {
                    let vstart = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    &inner[vstart..i]
                };
                attrs.push((attr, Some(decode_entities(value))));
            } else {
                attrs.push((attr, None));
            }
        }
        Some(Tag { name, attrs })
    }

    /// The value of `name`, if present with a value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Sets (or adds) `name`.
    pub fn set(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = Some(value.to_string()),
            None => self.attrs.push((name.to_string(), Some(value.to_string()))),
        }
    }

    /// Removes `name`.
    pub fn remove(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| n != name);
    }

    /// The tag as HTML.
    pub fn to_html(&self) -> String {
        let mut s = format!("<{}", self.name);
        for (n, v) in &self.attrs {
            match v {
                Some(v) => s.push_str(&format!(" {n}=\"{}\"", encode_attr(v))),
                None => s.push_str(&format!(" {n}")),
            }
        }
        s.push('>');
        s
    }
}

/// True for references that need nothing outside the page: `data:` URLs and `#fragments`.
pub fn is_inline(url: &str) -> bool {
    let u = url.trim();
    u.is_empty()
        || u.starts_with('#')
        || u.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

/// Every `url(...)` in CSS: (start, end, url) where `start..end` spans the whole `url(...)`.
pub fn css_urls(css: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find_ci(css, "url(", from) {
        let open = at + 4;
        let Some(close_rel) = css[open..].find(')') else {
            break;
        };
        let close = open + close_rel;
        let raw = css[open..close].trim();
        let url = raw.trim_matches(|c| c == '"' || c == '\'').to_string();
        out.push((at, close + 1, url));
        from = close + 1;
    }
    out
}

/// Module specifiers in JS: (start, end, specifier) where `start..end` spans the quoted
/// string, for `from "x"`, `import "x"` and `import("x")`. A scan, not a parser: a string
/// that merely looks like an import is reported too (harmless for a checker).
pub fn js_specifiers(js: &str) -> Vec<(usize, usize, String)> {
    let b = js.as_bytes();
    let mut out = Vec::new();
    for keyword in ["from", "import"] {
        let mut from = 0;
        while let Some(at) = js[from..].find(keyword).map(|p| p + from) {
            from = at + keyword.len();
            let before_ok = at == 0
                || !(b[at - 1].is_ascii_alphanumeric()
                    || b[at - 1] == b'_'
                    || b[at - 1] == b'$'
                    || b[at - 1] == b'.');
            if !before_ok {
                continue;
            }
            let mut i = from;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if keyword == "import" && i < b.len() && b[i] == b'(' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                if let Some(len) = js[i + 1..].find(char::from(q)) {
                    let spec = &js[i + 1..i + 1 + len];
                    out.push((i, i + len + 2, spec.to_string()));
                }
            }
        }
    }
    out.sort_by_key(|(s, _, _)| *s);
    out.dedup_by_key(|(s, _, _)| *s);
    out
}

/// The JS text of a `data:text/javascript;base64,...` URL.
fn data_url_js(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("data:text/javascript;base64,")?;
    String::from_utf8(base64::decode(rest)?).ok()
}

fn js_external(js: &str, out: &mut Vec<String>, depth: usize) {
    for (_, _, spec) in js_specifiers(js) {
        if !is_inline(&spec) {
            out.push(spec);
        } else if depth < 8 {
            if let Some(inner) = data_url_js(&spec) {
                js_external(&inner, out, depth + 1);
            }
        }
    }
}

/// Every reference in a page that is neither a `data:` URL nor a `#fragment`: `src`, `href`,
/// `poster` and `srcset` attributes, `url(...)` in `<style>` and `style=`, and module
/// specifiers in inline scripts (including modules inlined as base64 `data:` URLs).
pub fn external_references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let check_tag = |text: &str, out: &mut Vec<String>| {
        if let Some(tag) = Tag::parse(text) {
            for (name, value) in &tag.attrs {
                let Some(v) = value else { continue };
                match name.as_str() {
                    "src" | "href" | "poster" | "data" if !is_inline(v) => out.push(v.clone()),
                    "srcset" => out.extend(
                        v.split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .filter(|u| !is_inline(u))
                            .map(str::to_string),
                    ),
                    "style" => out.extend(
                        css_urls(v)
                            .into_iter()
                            .map(|(_, _, u)| u)
                            .filter(|u| !is_inline(u)),
                    ),
                    _ => {}
                }
            }
        }
    };
    for part in parts(html) {
        match part {
            Part::Tag(t) => check_tag(t, &mut out),
            Part::Raw { open, content, .. } => {
                check_tag(open, &mut out);
                if open.to_ascii_lowercase().starts_with("<style") {
                    out.extend(
                        css_urls(content)
                            .into_iter()
                            .map(|(_, _, u)| u)
                            .filter(|u| !is_inline(u)),
                    );
                } else {
                    js_external(content, &mut out, 0);
                }
            }
            Part::Text(_) | Part::Markup(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_rebuild_the_page_and_find_raw_text() {
        let page = "<!doctype html><p class=\"a>b\">x < y</p><!-- <script> --><script type=module>if (a<b) {}</script><STYLE>p{}</STYLE>tail";
        let ps = parts(page);
        let rebuilt: String = ps
            .iter()
            .map(|p| match p {
                Part::Text(t) | Part::Markup(t) | Part::Tag(t) => t.to_string(),
                Part::Raw {
                    open,
                    content,
                    close,
                } => format!("{open}{content}{close}"),
            })
            .collect();
        assert_eq!(rebuilt, page);
        let raws: Vec<&str> = ps
            .iter()
            .filter_map(|p| match p {
                Part::Raw { content, .. } => Some(*content),
                _ => None,
            })
            .collect();
        assert_eq!(raws, ["if (a<b) {}", "p{}"]);
    }

    #[test]
    fn tags_read_and_write_attributes() {
        let mut t =
            Tag::parse("<link rel=icon href='./a b.svg' integrity=\"sha384-x\" async/>").unwrap();
        assert_eq!(t.name, "link");
        assert_eq!(t.get("rel"), Some("icon"));
        assert_eq!(t.get("href"), Some("./a b.svg"));
        assert!(t.attrs.iter().any(|(n, v)| n == "async" && v.is_none()));
        t.remove("integrity");
        t.set("href", "data:x,\"q\"&");
        assert_eq!(
            t.to_html(),
            "<link rel=\"icon\" href=\"data:x,&quot;q&quot;&amp;\" async>"
        );
        assert_eq!(
            Tag::parse(&t.to_html()).unwrap().get("href"),
            Some("data:x,\"q\"&")
        );
    }

    #[test]
    fn specifiers_and_css_urls_are_found() {
        let js = "import init, * as b from './x.js';\nimport \"./side.js\";\nconst m = await import( './lazy.js' );\nconst y = s.import('no'); from;";
        let specs: Vec<String> = js_specifiers(js).into_iter().map(|(_, _, s)| s).collect();
        assert_eq!(specs, ["./x.js", "./side.js", "./lazy.js"]);
        let css = "a{background:url(\"./i.png\")} b{background:URL( data:image/png;base64,AA== )}";
        let urls: Vec<String> = css_urls(css).into_iter().map(|(_, _, u)| u).collect();
        assert_eq!(urls, ["./i.png", "data:image/png;base64,AA=="]);
    }

    #[test]
    fn external_references_cover_attributes_styles_and_modules() {
        let inner = base64::encode(b"import x from './deep.js';");
        let page = format!(
            "<link rel=icon href=\"data:image/svg+xml,x\"><a href=\"#top\">t</a>\
             <img src=\"pic.png\" style=\"background:url(bg.png)\">\
             <style>p{{background:url(https://cdn/x.png)}}</style>\
             <script type=\"module\">import a from \"data:text/javascript;base64,{inner}\";</script>"
        );
        assert_eq!(
            external_references(&page),
            ["pic.png", "bg.png", "https://cdn/x.png", "./deep.js"]
        );
        assert!(external_references("<a href=\"#x\"><img src=\"data:,\">").is_empty());
    }
}
