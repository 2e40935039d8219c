//! A static file server on [`tiny_http`] that serves one directory under a URL sub-path.
//!
//! The built site is deployed under a sub-path (GitHub Pages project sites live at
//! `/<repo>/`), so serving it the same way locally catches absolute links that would break
//! there. Every request is recorded so checks can assert that the page asked for nothing
//! outside the sub-path. Responses are compressed the way a static host does it
//! ([`encoding`]): a precompressed `.br`/`.gz` sibling when the request accepts it and, when
//! asked ([`Encoding::gzip_on_the_fly`]), gzip made on the fly.

pub mod encoding;
pub mod route;

use std::io::Cursor;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::error::{Context, Error, Result};
use encoding::{compressible, sibling, Accepted, ContentEncoding, GzipCache};
pub use route::{mime_type, normalize_sub_path, route, Route};

/// Threads answering requests: browsers open about six connections per origin.
const WORKERS: usize = 8;

/// How often an idle worker looks at the stop flag.
const STOP_POLL: Duration = Duration::from_millis(100);

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
        route::strip_query(&self.target)
    }
}

/// How responses are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    /// Serve `file.br` / `file.gz` in place of `file` when the request accepts that encoding.
    pub precompressed: bool,
    /// Otherwise gzip compressible files (text, wasm, SVG, JSON) on the fly when accepted.
    pub gzip_on_the_fly: bool,
}

impl Encoding {
    /// Precompressed siblings only, as most static hosts (the default).
    pub const PRECOMPRESSED: Self = Self {
        precompressed: true,
        gzip_on_the_fly: false,
    };
    /// Gzip on the fly and nothing else: precompressed siblings (`.br` included) are
    /// ignored, so a `dist/` is measured the same whether or not it was precompressed (the
    /// first-load bench: issue 14's targets are for a gzip-serving host).
    pub const GZIP_ONLY: Self = Self {
        precompressed: false,
        gzip_on_the_fly: true,
    };
}

impl Default for Encoding {
    fn default() -> Self {
        Self::PRECOMPRESSED
    }
}

/// A running static server; stops its workers when dropped.
#[derive(Debug)]
pub struct StaticServer {
    addr: SocketAddr,
    sub_path: String,
    log: Arc<Mutex<Vec<RequestRecord>>>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` under `sub_path` on `127.0.0.1` with an OS-chosen port, in background
    /// threads, with precompressed siblings ([`Encoding::PRECOMPRESSED`]).
    pub fn start(root: &Path, sub_path: &str) -> Result<Self> {
        Self::start_with(root, sub_path, Encoding::default())
    }

    /// As [`StaticServer::start`], compressing as `encoding` says.
    pub fn start_with(root: &Path, sub_path: &str, encoding: Encoding) -> Result<Self> {
        let sub_path = normalize_sub_path(sub_path)?;
        let root = root
            .canonicalize()
            .context(&format!("cannot open directory {}", root.display()))?;
        if !root.is_dir() {
            return Err(Error::new(format!("{} is not a directory", root.display())));
        }
        let listener = TcpListener::bind("127.0.0.1:0").context("binding the static server")?;
        let addr = listener.local_addr()?;
        let server = Server::from_listener(listener, None)
            .map_err(|e| Error::new(format!("starting the static server: {e}")))?;
        let server = Arc::new(server);
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            root,
            sub_path: sub_path.clone(),
            log: Arc::clone(&log),
            encoding,
            gzip_cache: GzipCache::default(),
        });
        let mut workers = Vec::with_capacity(WORKERS);
        for _ in 0..WORKERS {
            let (server, site, flag) = (Arc::clone(&server), Arc::clone(&site), Arc::clone(&stop));
            let worker = std::thread::Builder::new()
                .name("e2e-static-server".to_owned())
                .spawn(move || serve_until_stopped(&server, &site, &flag));
            match worker {
                Ok(handle) => workers.push(handle),
                Err(e) => {
                    stop.store(true, Ordering::SeqCst);
                    return Err(Error::new(format!("spawning a static server thread: {e}")));
                }
            }
        }
        Ok(Self {
            addr,
            sub_path,
            log,
            stop,
            workers,
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
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

/// Shared, read-only description of what is served.
#[derive(Debug)]
struct Site {
    root: PathBuf,
    sub_path: String,
    log: Arc<Mutex<Vec<RequestRecord>>>,
    encoding: Encoding,
    gzip_cache: GzipCache,
}

fn serve_until_stopped(server: &Server, site: &Site, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(STOP_POLL) {
            Ok(Some(request)) => handle(request, site),
            Ok(None) => {}
            // The listener failed; nothing more will arrive.
            Err(_) => break,
        }
    }
}

/// A response before it is turned into tiny_http's.
struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Arc<[u8]>,
}

impl Reply {
    fn text(status: u16, body: &'static str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: Arc::from(body.as_bytes()),
        }
    }

    fn redirect(location: &str) -> Self {
        Self {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            headers: vec![("Location", location.to_owned())],
            body: Arc::from(&b""[..]),
        }
    }

    fn into_response(self) -> Response<Cursor<Body>> {
        let len = self.body.len();
        let headers = [("Content-Type", self.content_type.to_owned())]
            .into_iter()
            .chain([("Cache-Control", "no-store".to_owned())])
            .chain(self.headers)
            .filter_map(|(name, value)| Header::from_bytes(name, value).ok())
            .collect();
        Response::new(
            StatusCode(self.status),
            headers,
            Cursor::new(Body(self.body)),
            Some(len),
            None,
        )
        // A known length goes out as Content-Length, never chunked.
        .with_chunked_threshold(usize::MAX)
    }
}

/// A shared response body.
struct Body(Arc<[u8]>);

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn handle(request: Request, site: &Site) {
    let method = request.method().as_str().to_owned();
    let target = request.url().to_owned();
    let reply = match request.method() {
        Method::Get | Method::Head => {
            let accept = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Accept-Encoding"))
                .map(|h| h.value.as_str());
            answer(site, &target, Accepted::parse(accept))
        }
        _ => Reply::text(405, "method not allowed\n"),
    };
    // Logged before the body is written, so a check that has seen the response sees the record.
    site.log
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(RequestRecord {
            method,
            target,
            status: reply.status,
        });
    // tiny_http leaves out the body of an answer to HEAD. A client gone away is no error here.
    let _ = request.respond(reply.into_response());
}

/// The answer to one GET/HEAD request.
fn answer(site: &Site, target: &str, accepted: Accepted) -> Reply {
    match route(&site.sub_path, target) {
        Route::BadRequest => Reply::text(400, "bad request\n"),
        Route::NotFound => Reply::text(404, "not found\n"),
        Route::Redirect(location) => Reply::redirect(&location),
        Route::File(relative) => {
            let full = site.root.join(&relative);
            if full.is_dir() {
                return Reply::redirect(&format!("{}/", route::strip_query(target)));
            }
            if !site.inside(&full) || !full.is_file() {
                return Reply::text(404, "not found\n");
            }
            site.file(&full, accepted)
                .unwrap_or_else(|| Reply::text(500, "read error\n"))
        }
    }
}

impl Site {
    /// Whether `path` really lies in the served directory (canonicalising catches symlinks
    /// that point outside it).
    fn inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .map(|p| p.starts_with(&self.root))
            .unwrap_or(false)
    }

    /// `file` (which exists), encoded as the request allows and the site is set up to do;
    /// `None` when it cannot be read.
    fn file(&self, file: &Path, accepted: Accepted) -> Option<Reply> {
        let content_type = mime_type(file);
        let mut reply = Reply {
            status: 200,
            content_type,
            headers: Vec::new(),
            body: Arc::from(&b""[..]),
        };
        let on_the_fly = self.encoding.gzip_on_the_fly && compressible(content_type);
        let mut varies = on_the_fly;
        if self.encoding.precompressed {
            for encoding in [ContentEncoding::Brotli, ContentEncoding::Gzip] {
                let variant = sibling(file, encoding);
                if !variant.is_file() || !self.inside(&variant) {
                    continue;
                }
                varies = true;
                if accepted.preferred().any(|e| e == encoding) {
                    reply.body = std::fs::read(&variant).ok()?.into();
                    reply
                        .headers
                        .push(("Content-Encoding", encoding.token().to_owned()));
                    reply.headers.push(("Vary", "Accept-Encoding".to_owned()));
                    return Some(reply);
                }
            }
        }
        let raw = std::fs::read(file).ok()?;
        if on_the_fly && accepted.gzip {
            let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
            reply.body = self.gzip_cache.gzip(file, modified, &raw);
            reply.headers.push(("Content-Encoding", "gzip".to_owned()));
        } else {
            reply.body = raw.into();
        }
        if varies {
            reply.headers.push(("Vary", "Accept-Encoding".to_owned()));
        }
        Some(reply)
    }
}

#[cfg(test)]
mod tests;
