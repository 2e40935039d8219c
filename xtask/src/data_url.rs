//! `data:` URLs: making them (MIME type by extension, standard base64 from the `base64`
//! crate), reading a JS one back, and telling inline references from ones that need a fetch.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// MIME type by file extension (`application/octet-stream` when unknown).
pub fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// `bytes` in standard padded base64 (RFC 4648 section 4), the alphabet `atob` reads.
pub fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// A `data:` URL of `bytes`.
pub fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", base64(bytes))
}

/// The JS text of a `data:text/javascript;base64,...` URL (`None` for anything else).
pub fn js_of(url: &str) -> Option<String> {
    let payload = url.trim().strip_prefix("data:text/javascript;base64,")?;
    String::from_utf8(STANDARD.decode(payload).ok()?).ok()
}

/// True for references that need nothing outside the page: `data:` URLs and `#fragments`.
pub fn is_inline(url: &str) -> bool {
    let u = url.trim();
    u.is_empty()
        || u.starts_with('#')
        || u.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

/// An attribute value as the browser reads it, for the few entities a URL may carry
/// (lol_html hands attribute values over with their entities).
pub fn decode_entities(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors_and_js_round_trip() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        let url = data_url("text/javascript", b"export const a = 1;");
        assert_eq!(js_of(&url).as_deref(), Some("export const a = 1;"));
        assert_eq!(js_of("data:text/css;base64,AA=="), None);
    }

    #[test]
    fn inline_references_and_entities() {
        for url in [
            "",
            "#top",
            " #/drift",
            "DATA:image/png;base64,AA==",
            "data:,x",
        ] {
            assert!(is_inline(url), "{url}");
        }
        for url in ["./a.png", "https://x.org/", "/drift", "?v=1"] {
            assert!(!is_inline(url), "{url}");
        }
        assert_eq!(decode_entities("./a&amp;b&quot;.png"), "./a&b\".png");
        assert_eq!(mime(Path::new("x/Y.WASM")), "application/wasm");
    }
}
