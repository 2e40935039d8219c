//! Where a request leads, decided from the URL alone: the sub-path, traversal and escapes,
//! and the `Content-Type` of a file. Pure functions, no I/O.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a request target leads, decided from the URL alone (before touching the disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A file path relative to the served directory.
    File(PathBuf),
    /// A redirect to this location (the sub-path without its trailing slash).
    Redirect(String),
    /// Outside the sub-path.
    NotFound,
    /// Malformed or dangerous target (bad escapes, `..` segments, NUL or backslash bytes).
    BadRequest,
}

/// Normalises a sub-path to start and end with `/` (`driftline` -> `/driftline/`).
///
/// Rejects `.`/`..` segments and characters that would need escaping, since the sub-path is
/// compared against decoded request paths.
pub fn normalize_sub_path(sub_path: &str) -> Result<String> {
    let trimmed = sub_path.trim_matches('/');
    if trimmed.is_empty() {
        return Ok("/".to_owned());
    }
    for segment in trimmed.split('/') {
        let valid = !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
        if !valid {
            return Err(Error::new(format!(
                "invalid sub-path {sub_path:?}: use plain segments like /driftline/"
            )));
        }
    }
    Ok(format!("/{trimmed}/"))
}

/// The `Content-Type` for a file, chosen by extension.
///
/// `application/wasm` matters: `WebAssembly.instantiateStreaming` refuses other types.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Decides where a request target leads under `sub_path` (already normalised).
pub fn route(sub_path: &str, target: &str) -> Route {
    if !target.starts_with('/') {
        return Route::BadRequest;
    }
    let Some(path) = percent_decode(strip_query(target)) else {
        return Route::BadRequest;
    };
    // Decoded `%2F` becomes a separator here, so encoded traversal is caught as well.
    if path.contains('\0') || path.contains('\\') {
        return Route::BadRequest;
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Route::BadRequest;
    }
    if sub_path != "/" && path == sub_path.trim_end_matches('/') {
        return Route::Redirect(sub_path.to_owned());
    }
    let Some(rest) = path.strip_prefix(sub_path) else {
        return Route::NotFound;
    };
    let mut file = PathBuf::new();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        file.push(segment);
    }
    if rest.is_empty() || rest.ends_with('/') {
        file.push("index.html");
    }
    Route::File(file)
}

/// The path part of a request target (query string and fragment removed).
pub fn strip_query(target: &str) -> &str {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    &target[..end]
}

/// Decodes `%XX` escapes; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_cover_the_files_trunk_emits() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("driftline-1a2b_bg.wasm", "application/wasm"),
            ("driftline-1a2b.js", "text/javascript; charset=utf-8"),
            ("driftline.css", "text/css; charset=utf-8"),
            ("shot.PNG", "image/png"),
            ("favicon.svg", "image/svg+xml"),
            ("manifest.json", "application/json"),
            ("unknown.bin", "application/octet-stream"),
            ("no_extension", "application/octet-stream"),
        ];
        for (name, expected) in cases {
            assert_eq!(mime_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn sub_path_is_normalised_and_validated() {
        assert_eq!(
            normalize_sub_path("driftline").as_deref(),
            Ok("/driftline/")
        );
        assert_eq!(
            normalize_sub_path("/driftline/").as_deref(),
            Ok("/driftline/")
        );
        assert_eq!(normalize_sub_path("/a/b").as_deref(), Ok("/a/b/"));
        assert_eq!(normalize_sub_path("/").as_deref(), Ok("/"));
        assert!(normalize_sub_path("/../x/").is_err());
        assert!(normalize_sub_path("/a//b/").is_err());
        assert!(normalize_sub_path("/sp ace/").is_err());
    }

    #[test]
    fn routes_map_sub_path_to_files() {
        let sub = "/driftline/";
        assert_eq!(route(sub, "/driftline/"), Route::File("index.html".into()));
        assert_eq!(
            route(sub, "/driftline/?seed=3#top"),
            Route::File("index.html".into())
        );
        assert_eq!(
            route(sub, "/driftline/app_bg.wasm"),
            Route::File("app_bg.wasm".into())
        );
        assert_eq!(
            route(sub, "/driftline/img/a%20b.png"),
            Route::File(Path::new("img").join("a b.png"))
        );
        assert_eq!(
            route(sub, "/driftline/docs/"),
            Route::File(Path::new("docs").join("index.html"))
        );
        assert_eq!(
            route(sub, "/driftline"),
            Route::Redirect("/driftline/".into())
        );
        assert_eq!(route(sub, "/favicon.ico"), Route::NotFound);
        assert_eq!(route(sub, "/driftlinex/index.html"), Route::NotFound);
        assert_eq!(route(sub, "/"), Route::NotFound);
        assert_eq!(route("/", "/"), Route::File("index.html".into()));
        assert_eq!(route("/", "/a.js"), Route::File("a.js".into()));
    }

    #[test]
    fn routes_reject_traversal_and_malformed_targets() {
        let sub = "/driftline/";
        for target in [
            "/driftline/../secret.txt",
            "/driftline/a/../../secret.txt",
            "/driftline/%2e%2e/secret.txt",
            "/driftline/%2E%2E%2Fsecret.txt",
            "/driftline/..%5csecret.txt",
            "/driftline/./index.html",
            "/driftline/%zz",
            "/driftline/%2",
            "/driftline/%00",
            "/driftline/%ff",
            "http://example.com/driftline/",
        ] {
            assert_eq!(route(sub, target), Route::BadRequest, "{target}");
        }
    }
}
