//! `url(...)` references in a stylesheet.
//!
//! Hand-written on purpose: lol_html tokenizes HTML only, so a `<style>` body or a `.css`
//! file reaches the packer as one raw text. Finding `url(...)` in it is this 20-line scan;
//! a CSS tokenizer (`cssparser`, what lol_html's own selectors use) would have to be driven
//! token by token to find the same spans, for stylesheets that Trunk copies verbatim.

/// Every `url(...)` in CSS: `(start, end, url)`, where `start..end` spans the whole
/// `url(...)` and `url` is its argument without quotes or surrounding spaces.
pub fn urls(css: &str) -> Vec<(usize, usize, String)> {
    // ASCII lowercasing keeps every byte offset, so `URL(` is found at the same index.
    let lower = css.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("url(").map(|p| p + from) {
        let open = at + 4;
        let Some(close) = css[open..].find(')').map(|p| p + open) else {
            break;
        };
        let url = css[open..close]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_string();
        out.push((at, close + 1, url));
        from = close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_bare_and_upper_case_urls() {
        let css = "a{background:url(\"./i.png\")} b{background:URL( data:image/png;base64,AA== )} c{mask:url('#m')}";
        let found: Vec<String> = urls(css).into_iter().map(|(_, _, u)| u).collect();
        assert_eq!(found, ["./i.png", "data:image/png;base64,AA==", "#m"]);
        let (start, end, _) = urls(css)[0];
        assert_eq!(&css[start..end], "url(\"./i.png\")");
    }
}
