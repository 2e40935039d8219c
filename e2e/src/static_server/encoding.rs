//! Content encoding the way a static host does it: a precompressed sibling (`app.wasm.br`,
//! `app.wasm.gz`) when the request accepts it, else (when asked) gzip made on the fly and
//! kept, so a `dist/` without precompressed files is still served compressed.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use flate2::write::GzEncoder;
use flate2::Compression;

/// A `Content-Encoding` the server can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentEncoding {
    /// Brotli, only ever from a precompressed `.br` sibling.
    Brotli,
    /// Gzip, from a `.gz` sibling or compressed on the fly.
    Gzip,
}

impl ContentEncoding {
    /// The header token, e.g. `gzip`.
    pub fn token(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    /// The file name suffix of a precompressed sibling, e.g. `gz`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gz",
        }
    }
}

/// Which encodings a request's `Accept-Encoding` allows (a `q=0` entry refuses one; `*`
/// stands for every encoding not named).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Accepted {
    /// Brotli allowed.
    pub brotli: bool,
    /// Gzip allowed.
    pub gzip: bool,
}

impl Accepted {
    /// Parses an `Accept-Encoding` value (`None`: no header, identity only).
    pub fn parse(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::default();
        };
        let (mut brotli, mut gzip, mut any) = (None, None, None);
        for item in header.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f64>().ok())
                .unwrap_or(1.0);
            let allowed = q > 0.0;
            match name.as_str() {
                "br" => brotli = Some(allowed),
                "gzip" | "x-gzip" => gzip = Some(allowed),
                "*" => any = Some(allowed),
                _ => {}
            }
        }
        Self {
            brotli: brotli.or(any).unwrap_or(false),
            gzip: gzip.or(any).unwrap_or(false),
        }
    }

    /// The encodings to try, preferred first (brotli compresses better).
    pub fn preferred(self) -> impl Iterator<Item = ContentEncoding> {
        [
            (self.brotli, ContentEncoding::Brotli),
            (self.gzip, ContentEncoding::Gzip),
        ]
        .into_iter()
        .filter_map(|(ok, e)| ok.then_some(e))
    }
}

/// Whether a type gains from compression (text and wasm; images and fonts are compressed
/// already).
pub fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/wasm")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/manifest+json")
        || content_type.starts_with("image/svg+xml")
}

/// The precompressed sibling of `file` for `encoding` (`a.wasm` -> `a.wasm.gz`).
pub fn sibling(file: &Path, encoding: ContentEncoding) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(encoding.suffix());
    PathBuf::from(name)
}

/// Gzip bodies made on the fly (level 9, as `gzip -9` in the size report), kept per file
/// until the file changes, so repeated loads do not pay for the compression.
#[derive(Debug, Default)]
pub struct GzipCache {
    entries: Mutex<HashMap<PathBuf, CachedGzip>>,
}

#[derive(Debug, Clone)]
struct CachedGzip {
    modified: Option<SystemTime>,
    raw_len: usize,
    body: Arc<[u8]>,
}

impl GzipCache {
    /// The gzip of `raw` (the contents of `file`, last modified at `modified`).
    pub fn gzip(&self, file: &Path, modified: Option<SystemTime>, raw: &[u8]) -> Arc<[u8]> {
        let lock = || self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(hit) = lock().get(file) {
            if hit.modified == modified && hit.raw_len == raw.len() && modified.is_some() {
                return Arc::clone(&hit.body);
            }
        }
        let body: Arc<[u8]> = gzip(raw).into();
        lock().insert(
            file.to_owned(),
            CachedGzip {
                modified,
                raw_len: raw.len(),
                body: Arc::clone(&body),
            },
        );
        body
    }
}

/// `raw` gzipped at level 9.
pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(raw.len() / 3), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(raw);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn accept_encoding_is_read_with_q_values_and_wildcards() {
        let parse = |h: &str| Accepted::parse(Some(h));
        assert_eq!(
            parse("gzip, deflate, br, zstd"),
            Accepted {
                brotli: true,
                gzip: true
            }
        );
        assert_eq!(
            parse("gzip;q=1.0, br;q=0"),
            Accepted {
                brotli: false,
                gzip: true
            }
        );
        assert_eq!(
            parse("*"),
            Accepted {
                brotli: true,
                gzip: true
            }
        );
        assert_eq!(
            parse("*;q=0.5, gzip;q=0"),
            Accepted {
                brotli: true,
                gzip: false
            }
        );
        assert_eq!(parse("identity"), Accepted::default());
        assert_eq!(Accepted::parse(None), Accepted::default());
        let order: Vec<_> = parse("gzip, br").preferred().collect();
        assert_eq!(order, [ContentEncoding::Brotli, ContentEncoding::Gzip]);
    }

    #[test]
    fn siblings_and_compressible_types() {
        assert_eq!(
            sibling(Path::new("d/a_bg.wasm"), ContentEncoding::Gzip),
            PathBuf::from("d/a_bg.wasm.gz")
        );
        assert_eq!(
            sibling(Path::new("index.html"), ContentEncoding::Brotli),
            PathBuf::from("index.html.br")
        );
        assert!(compressible("application/wasm"));
        assert!(compressible("text/html; charset=utf-8"));
        assert!(!compressible("image/png"));
        assert!(!compressible("font/woff2"));
    }

    #[test]
    fn the_cache_gzips_once_per_version_of_a_file() {
        let cache = GzipCache::default();
        let at = Some(SystemTime::UNIX_EPOCH);
        let raw = b"hello hello hello hello".repeat(20);
        let first = cache.gzip(Path::new("a.txt"), at, &raw);
        let again = cache.gzip(Path::new("a.txt"), at, &raw);
        assert!(Arc::ptr_eq(&first, &again));
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&first[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, raw);
        let changed = cache.gzip(Path::new("a.txt"), at, b"other");
        assert!(!Arc::ptr_eq(&first, &changed));
    }
}
