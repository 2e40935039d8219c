//! The server on the wire: files under the sub-path, status codes, traversal, the request
//! log and content encoding.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;

use tempfile::TempDir;

use super::*;

/// One response read off the socket.
struct Raw {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn content_type(&self) -> &str {
        self.header("Content-Type").unwrap_or_default()
    }
}

/// Sends one raw HTTP request (the connection closes after it) and reads the response.
fn raw_request(server: &StaticServer, request: &str) -> Raw {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(response[..split].to_vec()).unwrap();
    let body = response[split + 4..].to_vec();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Raw { status, head, body }
}

fn request(server: &StaticServer, method: &str, target: &str, extra: &str) -> Raw {
    raw_request(
        server,
        &format!("{method} {target} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n"),
    )
}

fn get(server: &StaticServer, target: &str) -> Raw {
    request(server, "GET", target, "")
}

fn get_encoded(server: &StaticServer, target: &str, accept: &str) -> Raw {
    request(
        server,
        "GET",
        target,
        &format!("Accept-Encoding: {accept}\r\n"),
    )
}

/// A temp dir holding `site/` (served) and `secret.txt` beside it (must stay unreachable).
fn fixture() -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("static-server-test")
        .tempdir()
        .unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("index.html"), "<p>home</p>").unwrap();
    std::fs::write(site.join("pkg").join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(site.join("style.css"), "p{}").unwrap();
    std::fs::write(site.join("icon.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    (dir, site)
}

#[test]
fn serves_files_with_mime_types_under_the_sub_path() {
    let (_dir, site) = fixture();
    let server = StaticServer::start(&site, "driftline").unwrap();
    assert!(server.base_url().ends_with("/driftline/"));

    let r = get(&server, "/driftline/");
    assert_eq!(
        (r.status, r.content_type()),
        (200, "text/html; charset=utf-8")
    );
    assert_eq!(r.body, b"<p>home</p>");
    assert_eq!(r.header("Content-Length"), Some("11"));

    let r = get(&server, "/driftline/pkg/app_bg.wasm");
    assert_eq!((r.status, r.content_type()), (200, "application/wasm"));
    assert_eq!(r.body, b"\0asm\x01\0\0\0");

    let r = get(&server, "/driftline/style.css?v=2");
    assert_eq!(
        (r.status, r.content_type()),
        (200, "text/css; charset=utf-8")
    );
    let r = get(&server, "/driftline/icon.png");
    assert_eq!((r.status, r.content_type()), (200, "image/png"));

    let r = request(&server, "HEAD", "/driftline/index.html", "");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty(), "HEAD must not send a body");
}

#[test]
fn answers_404_outside_the_sub_path_and_for_missing_files() {
    let (_dir, site) = fixture();
    let server = StaticServer::start(&site, "/driftline/").unwrap();
    assert_eq!(get(&server, "/index.html").status, 404);
    assert_eq!(get(&server, "/favicon.ico").status, 404);
    assert_eq!(get(&server, "/driftline/missing.js").status, 404);
    let r = get(&server, "/driftline");
    assert_eq!((r.status, r.header("Location")), (301, Some("/driftline/")));
    let r = get(&server, "/driftline/pkg");
    assert_eq!(
        (r.status, r.header("Location")),
        (301, Some("/driftline/pkg/"))
    );
    assert_eq!(request(&server, "POST", "/driftline/", "").status, 405);
}

#[test]
fn rejects_path_traversal_on_the_wire() {
    let (_dir, site) = fixture();
    let server = StaticServer::start(&site, "/driftline/").unwrap();
    for target in [
        "/driftline/../secret.txt",
        "/driftline/%2e%2e/secret.txt",
        "/driftline/pkg/..%2f..%2fsecret.txt",
    ] {
        let r = get(&server, target);
        assert_eq!(r.status, 400, "{target}");
        assert!(
            !String::from_utf8_lossy(&r.body).contains("secret"),
            "{target}"
        );
    }
}

#[cfg(unix)]
#[test]
fn refuses_symlinks_leading_outside_the_root() {
    let (dir, site) = fixture();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("style.css.gz")).unwrap();
    let server = StaticServer::start(&site, "/driftline/").unwrap();
    assert_eq!(get(&server, "/driftline/link.txt").status, 404);
    // A precompressed sibling leading outside is ignored, not served.
    let r = get_encoded(&server, "/driftline/style.css", "gzip");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"p{}"[..]));
}

#[test]
fn logs_every_request_in_order() {
    let (_dir, site) = fixture();
    let server = StaticServer::start(&site, "/driftline/").unwrap();
    get(&server, "/driftline/style.css?v=1");
    get(&server, "/outside.js");
    let log = server.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].target, "/driftline/style.css?v=1");
    assert_eq!(log[0].path(), "/driftline/style.css");
    assert_eq!((log[0].method.as_str(), log[0].status), ("GET", 200));
    assert_eq!((log[1].path(), log[1].status), ("/outside.js", 404));
}

#[test]
fn start_fails_for_a_missing_directory() {
    let dir = TempDir::new().unwrap();
    let err = StaticServer::start(&dir.path().join("nope"), "/driftline/").unwrap_err();
    assert!(err.message().contains("cannot open directory"), "{err}");
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn serves_precompressed_siblings_when_the_request_accepts_them() {
    let (_dir, site) = fixture();
    let wasm = site.join("pkg").join("app_bg.wasm");
    std::fs::write(
        site.join("pkg").join("app_bg.wasm.gz"),
        encoding::gzip(b"\0asm\x01\0\0\0"),
    )
    .unwrap();
    std::fs::write(site.join("pkg").join("app_bg.wasm.br"), b"fake brotli").unwrap();
    assert!(wasm.is_file());
    let server = StaticServer::start(&site, "/driftline/").unwrap();
    let target = "/driftline/pkg/app_bg.wasm";

    let r = get_encoded(&server, target, "gzip, deflate, br");
    assert_eq!(r.header("Content-Encoding"), Some("br"));
    assert_eq!(r.content_type(), "application/wasm");
    assert_eq!(r.body, b"fake brotli");
    assert_eq!(r.header("Vary"), Some("Accept-Encoding"));

    let r = get_encoded(&server, target, "gzip;q=1, br;q=0");
    assert_eq!(r.header("Content-Encoding"), Some("gzip"));
    assert_eq!(gunzip(&r.body), b"\0asm\x01\0\0\0");

    let r = get(&server, target);
    assert_eq!(r.header("Content-Encoding"), None);
    assert_eq!(r.body, b"\0asm\x01\0\0\0");
    assert_eq!(r.header("Vary"), Some("Accept-Encoding"));

    // No sibling and no compression on the fly by default.
    let r = get_encoded(&server, "/driftline/style.css", "gzip");
    assert_eq!(
        (r.header("Content-Encoding"), r.body.as_slice()),
        (None, &b"p{}"[..])
    );
    // The log names the file asked for, not the sibling served.
    assert!(server.requests().iter().all(|r| !r.target.ends_with(".gz")));
}

#[test]
fn gzips_compressible_files_on_the_fly_when_asked() {
    let (_dir, site) = fixture();
    let page = "<p>home</p>".repeat(200);
    std::fs::write(site.join("index.html"), &page).unwrap();
    let server = StaticServer::start_with(&site, "/driftline/", Encoding::GZIP_ONLY).unwrap();

    let r = get_encoded(&server, "/driftline/", "gzip, deflate, br");
    assert_eq!(r.header("Content-Encoding"), Some("gzip"));
    assert_eq!(r.content_type(), "text/html; charset=utf-8");
    assert!(r.body.len() < page.len() / 10, "{} bytes", r.body.len());
    assert_eq!(
        r.header("Content-Length"),
        Some(r.body.len().to_string().as_str())
    );
    assert_eq!(gunzip(&r.body), page.as_bytes());

    // Not for a client that does not accept it, nor for images.
    let r = get_encoded(&server, "/driftline/", "identity");
    assert_eq!(
        (r.header("Content-Encoding"), r.body.len()),
        (None, page.len())
    );
    let r = get_encoded(&server, "/driftline/icon.png", "gzip");
    assert_eq!(r.header("Content-Encoding"), None);
    assert_eq!(r.header("Vary"), None);
}

#[test]
fn gzip_only_ignores_precompressed_siblings() {
    let (_dir, site) = fixture();
    let page = "<p>home</p>".repeat(200);
    std::fs::write(site.join("index.html"), &page).unwrap();
    std::fs::write(site.join("index.html.br"), b"fake brotli").unwrap();
    std::fs::write(site.join("index.html.gz"), b"fake gzip").unwrap();
    let server = StaticServer::start_with(&site, "/driftline/", Encoding::GZIP_ONLY).unwrap();

    let r = get_encoded(&server, "/driftline/", "gzip, deflate, br");
    assert_eq!(r.header("Content-Encoding"), Some("gzip"));
    assert_eq!(gunzip(&r.body), page.as_bytes());
}
