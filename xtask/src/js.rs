//! String literals and module specifiers in JavaScript: the wasm-bindgen glue, Trunk's
//! inline loader, and the modules inlined into them.
//!
//! Hand-written on purpose: lol_html tokenizes HTML only (a `<script>` body reaches its text
//! handler as raw text), and the packer needs just two things from that text, which this
//! scan gives in about 60 lines: the quoted specifiers after `from` / `import` /
//! `import(`, and every quoted string (the loader's `./x.js` and `./x_bg.wasm`). A real JS
//! parser (oxc, swc) would bring a few dozen crates into a build helper that reads files
//! one generator writes. On the current dist the glue (64 KB) has no relative import at
//! all; the scan is exercised by wasm-bindgen `snippets/` and by the packed-page check.

/// Module specifiers in JS: `(start, end, specifier)` where `start..end` spans the quoted
/// string, for `from "x"`, `import "x"` and `import("x")`. A scan, not a parser: a string
/// that merely looks like an import is reported too (harmless for a checker).
pub fn specifiers(js: &str) -> Vec<(usize, usize, String)> {
    let b = js.as_bytes();
    let mut out = Vec::new();
    for keyword in ["from", "import"] {
        let mut from = 0;
        while let Some(at) = js[from..].find(keyword).map(|p| p + from) {
            from = at + keyword.len();
            let glued = at > 0 && {
                let c = b[at - 1];
                c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'.'
            };
            if glued {
                continue;
            }
            let mut i = skip_space(b, from);
            if keyword == "import" && b.get(i) == Some(&b'(') {
                i = skip_space(b, i + 1);
            }
            if let Some((end, spec)) = quoted_at(js, i) {
                out.push((i, end, spec.to_string()));
            }
        }
    }
    out.sort_by_key(|(s, _, _)| *s);
    out.dedup_by_key(|(s, _, _)| *s);
    out
}

/// Every `'...'` or `"..."` literal (no escapes inside; none of the loader's have any):
/// `(start, end, text)` where `start..end` spans the quotes.
pub fn string_literals(js: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < js.len() {
        match quoted_at(js, i) {
            Some((end, text)) => {
                out.push((i, end, text));
                i = end;
            }
            None if matches!(js.as_bytes()[i], b'\'' | b'"') => break,
            None => i += 1,
        }
    }
    out
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The literal opening at `i`, if `i` is a quote: (index past its closing quote, text).
fn quoted_at(js: &str, i: usize) -> Option<(usize, &str)> {
    let q = *js.as_bytes().get(i).filter(|&&q| q == b'\'' || q == b'"')?;
    let len = js[i + 1..].find(char::from(q))?;
    Some((i + len + 2, &js[i + 1..i + 1 + len]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_are_found_and_lookalikes_skipped() {
        let js = "import init, * as b from './x.js';\nimport \"./side.js\";\nconst m = await import( './lazy.js' );\nconst y = s.import('no'); from;";
        let specs: Vec<String> = specifiers(js).into_iter().map(|(_, _, s)| s).collect();
        assert_eq!(specs, ["./x.js", "./side.js", "./lazy.js"]);
        let (start, end, _) = specifiers(js)[0];
        assert_eq!(&js[start..end], "'./x.js'");
    }

    #[test]
    fn string_literals_span_their_quotes() {
        let js = "init({ module_or_path: './a_bg.wasm' }); f(\"it's\"); '";
        let lits: Vec<&str> = string_literals(js).into_iter().map(|(_, _, t)| t).collect();
        assert_eq!(lits, ["./a_bg.wasm", "it's"]);
        let (start, end, _) = string_literals(js)[0];
        assert_eq!(&js[start..end], "'./a_bg.wasm'");
    }
}
