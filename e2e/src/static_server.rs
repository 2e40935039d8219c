//! A tiny static file server on `std::net` that serves one directory under a URL sub-path.
//!
//! The built site is deployed under a sub-path (GitHub Pages project sites live at
//! `/<repo>/`), so serving it the same way locally catches absolute links that would break
//! there. Every request is recorded so checks can assert that the page asked for nothing
//! outside the sub-path.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{Context, Error, Result};

/// Largest request head we read; browsers send a few hundred bytes to a few KiB.
const MAX_REQUEST_HEAD_BYTES: usize = 16 * 1024;

/// How long a connection may stay silent before its thread gives up. Browsers open
/// speculative connections that never carry a request.
const CONNECTION_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// One request as seen by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Request target exactly as sent (path plus any query string).
    pub target: String,
    /// Status code the server answered with.
    pub status: u16,
}

impl RequestRecord {
    /// The path part of the target (query string and fragment removed).
    pub fn path(&self) -> &str {
        strip_query(&self.target)
    }
}

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

fn strip_query(target: &str) -> &str {
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

/// A running static server; stops its accept loop when dropped.
#[derive(Debug)]
pub struct StaticServer {
    addr: SocketAddr,
    sub_path: String,
    log: Arc<Mutex<Vec<RequestRecord>>>,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` under `sub_path` on `127.0.0.1` with an OS-chosen port, in a background
    /// thread.
    pub fn start(root: &Path, sub_path: &str) -> Result<Self> {
        let sub_path = normalize_sub_path(sub_path)?;
        let root = root
            .canonicalize()
            .context(&format!("cannot open directory {}", root.display()))?;
        if !root.is_dir() {
            return Err(Error::new(format!("{} is not a directory", root.display())));
        }
        let listener = TcpListener::bind("127.0.0.1:0").context("binding the static server")?;
        let addr = listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            root,
            sub_path: sub_path.clone(),
            log: Arc::clone(&log),
        });
        let thread_stop = Arc::clone(&stop);
        let accept_thread = std::thread::Builder::new()
            .name("e2e-static-server".to_owned())
            .spawn(move || accept_loop(&listener, &site, &thread_stop))
            .context("spawning the static server thread")?;
        Ok(Self {
            addr,
            sub_path,
            log,
            stop,
            accept_thread: Some(accept_thread),
        })
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash), the origin pages are served from.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The normalised sub-path, e.g. `/driftline/`.
    pub fn sub_path(&self) -> &str {
        &self.sub_path
    }

    /// The URL of the served directory, e.g. `http://127.0.0.1:PORT/driftline/`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin(), self.sub_path)
    }

    /// All requests received so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // The accept loop blocks in `accept`; a throwaway connection wakes it to see the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

/// Shared, read-only description of what is served.
#[derive(Debug)]
struct Site {
    root: PathBuf,
    sub_path: String,
    log: Arc<Mutex<Vec<RequestRecord>>>,
}

fn accept_loop(listener: &TcpListener, site: &Arc<Site>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let site = Arc::clone(site);
        // One thread per connection: browsers keep several connections open in parallel.
        let _ = std::thread::Builder::new()
            .name("e2e-static-conn".to_owned())
            .spawn(move || handle_connection(stream, &site));
    }
}

fn handle_connection(mut stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(CONNECTION_READ_TIMEOUT));
    let Some(head) = read_request_head(&mut stream) else {
        return;
    };
    let mut parts = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = match (parts.next(), parts.next()) {
        (Some(m), Some(t)) => (m.to_owned(), t.to_owned()),
        _ => {
            let _ = respond(&mut stream, 400, "text/plain", b"bad request\n", false);
            return;
        }
    };
    let head_only = method == "HEAD";
    let status = if method != "GET" && !head_only {
        respond(
            &mut stream,
            405,
            "text/plain",
            b"method not allowed\n",
            false,
        )
    } else {
        serve(&mut stream, site, &target, head_only)
    };
    site.log
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(RequestRecord {
            method,
            target,
            status,
        });
    let _ = stream.shutdown(Shutdown::Both);
}

/// Reads up to the blank line ending the request head; `None` if the client went away.
fn read_request_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > MAX_REQUEST_HEAD_BYTES {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Answers one GET/HEAD request and returns the status code sent.
fn serve(stream: &mut TcpStream, site: &Site, target: &str, head_only: bool) -> u16 {
    let not_found = |s: &mut TcpStream| respond(s, 404, "text/plain", b"not found\n", head_only);
    match route(&site.sub_path, target) {
        Route::BadRequest => respond(stream, 400, "text/plain", b"bad request\n", head_only),
        Route::NotFound => not_found(stream),
        Route::Redirect(location) => redirect(stream, &location),
        Route::File(relative) => {
            let full = site.root.join(&relative);
            if full.is_dir() {
                return redirect(stream, &format!("{}/", strip_query(target)));
            }
            // Canonicalising catches symlinks that point outside the served directory.
            let inside = full
                .canonicalize()
                .map(|p| p.starts_with(&site.root))
                .unwrap_or(false);
            if !inside || !full.is_file() {
                return not_found(stream);
            }
            match std::fs::read(&full) {
                Ok(body) => respond(stream, 200, mime_type(&full), &body, head_only),
                Err(_) => respond(stream, 500, "text/plain", b"read error\n", head_only),
            }
        }
    }
}

fn redirect(stream: &mut TcpStream, location: &str) -> u16 {
    let head = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes());
    301
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> u16 {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

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

    /// Sends one raw HTTP request and returns (status, content-type, body).
    fn raw_request(server: &StaticServer, request: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(response[..split].to_vec()).unwrap();
        let body = response[split + 4..].to_vec();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or_default()
            .to_owned();
        (status, content_type, body)
    }

    fn get(server: &StaticServer, target: &str) -> (u16, String, Vec<u8>) {
        raw_request(server, &format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n"))
    }

    /// A temp dir holding `site/` (served) and `secret.txt` beside it (must stay unreachable).
    fn fixture() -> (TempDir, PathBuf) {
        let dir = TempDir::new("static-server-test").unwrap();
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

        let (status, ct, body) = get(&server, "/driftline/");
        assert_eq!((status, ct.as_str()), (200, "text/html; charset=utf-8"));
        assert_eq!(body, b"<p>home</p>");

        let (status, ct, body) = get(&server, "/driftline/pkg/app_bg.wasm");
        assert_eq!((status, ct.as_str()), (200, "application/wasm"));
        assert_eq!(body, b"\0asm\x01\0\0\0");

        let (status, ct, _) = get(&server, "/driftline/style.css?v=2");
        assert_eq!((status, ct.as_str()), (200, "text/css; charset=utf-8"));
        let (status, ct, _) = get(&server, "/driftline/icon.png");
        assert_eq!((status, ct.as_str()), (200, "image/png"));

        let (status, _, body) = raw_request(
            &server,
            "HEAD /driftline/index.html HTTP/1.1\r\nHost: x\r\n\r\n",
        );
        assert_eq!(status, 200);
        assert!(body.is_empty(), "HEAD must not send a body");
    }

    #[test]
    fn answers_404_outside_the_sub_path_and_for_missing_files() {
        let (_dir, site) = fixture();
        let server = StaticServer::start(&site, "/driftline/").unwrap();
        assert_eq!(get(&server, "/index.html").0, 404);
        assert_eq!(get(&server, "/favicon.ico").0, 404);
        assert_eq!(get(&server, "/driftline/missing.js").0, 404);
        assert_eq!(get(&server, "/driftline").0, 301);
        assert_eq!(get(&server, "/driftline/pkg").0, 301);
        let post = raw_request(&server, "POST /driftline/ HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(post.0, 405);
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
            let (status, _, body) = get(&server, target);
            assert_eq!(status, 400, "{target}");
            assert!(
                !String::from_utf8_lossy(&body).contains("secret"),
                "{target}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_leading_outside_the_root() {
        let (dir, site) = fixture();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
        let server = StaticServer::start(&site, "/driftline/").unwrap();
        assert_eq!(get(&server, "/driftline/link.txt").0, 404);
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
        let dir = TempDir::new("static-server-missing").unwrap();
        let err = StaticServer::start(&dir.path().join("nope"), "/driftline/").unwrap_err();
        assert!(err.message().contains("cannot open directory"), "{err}");
    }
}
