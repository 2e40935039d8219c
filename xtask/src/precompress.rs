//! Precompressed copies of `dist/` for hosts that serve them (nginx `gzip_static` /
//! `brotli_static`, Caddy `precompressed`, most static hosts): next to every compressible
//! file of at least [`MIN_BYTES`], a `.gz` (gzip level 9, `flate2`) and a `.br` (brotli
//! quality 11, window 2^22, `brotli`).
//!
//! Deterministic: the same input gives the same bytes on every run and machine (the gzip
//! header carries mtime 0, no file name and "unknown" OS), so rebuilding an unchanged dist
//! changes no file and caches stay warm. Idempotent: existing copies are overwritten, and
//! `.gz`/`.br` files are never compressed again.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use brotli::enc::BrotliEncoderParams;
use flate2::{Compression, GzBuilder};

/// Files smaller than this are left alone: the headers eat most of the gain, and hosts
/// skip compressing them anyway.
pub const MIN_BYTES: u64 = 1024;
/// Extensions worth compressing (text, and wasm, which gzips to about a third).
pub const EXTENSIONS: [&str; 7] = ["html", "js", "wasm", "css", "svg", "json", "txt"];
/// gzip level (the maximum).
const GZIP_LEVEL: u32 = 9;
/// brotli quality (the maximum) and log2 of its window (the encoder's default).
const BROTLI_QUALITY: i32 = 11;
const BROTLI_WINDOW: i32 = 22;
/// gzip header OS byte for "unknown", so the bytes do not depend on the build machine.
const GZIP_OS_UNKNOWN: u8 = 255;

/// Sizes for one file, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the dist directory.
    pub path: PathBuf,
    /// The file as it is.
    pub original: u64,
    /// Its `.gz`.
    pub gz: u64,
    /// Its `.br`.
    pub br: u64,
}

/// A file that could not be read, compressed or written.
#[derive(Debug)]
pub struct PrecompressError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub error: io::Error,
}

impl fmt::Display for PrecompressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for PrecompressError {}

/// True when `path` (of `len` bytes) gets compressed copies.
pub fn is_compressible(path: &Path, len: u64) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    len >= MIN_BYTES && ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// `bytes` gzipped at level 9 with a fixed header.
///
/// # Errors
/// The encoder failed (it writes to memory, so only on a bug).
pub fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut enc = GzBuilder::new()
        .mtime(0)
        .operating_system(GZIP_OS_UNKNOWN)
        .write(Vec::new(), Compression::new(GZIP_LEVEL));
    enc.write_all(bytes)?;
    enc.finish()
}

/// `bytes` brotli-compressed at quality 11, window 2^22.
///
/// # Errors
/// The encoder failed (it writes to memory, so only on a bug).
pub fn brotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let params = BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        size_hint: bytes.len(),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Every regular file under `dir`, sorted, recursively.
fn files(dir: &Path) -> Result<Vec<PathBuf>, PrecompressError> {
    let at = |error| PrecompressError {
        path: dir.to_path_buf(),
        error,
    };
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(at)? {
        let entry = entry.map_err(at)?;
        let kind = entry.file_type().map_err(at)?;
        if kind.is_dir() {
            out.extend(files(&entry.path())?);
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// `path` with `.gz` or `.br` appended (`a.js` -> `a.js.gz`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `.gz` and `.br` next to every compressible file under `dist`.
///
/// # Errors
/// The first file that could not be listed, read or written.
pub fn run(dist: &Path) -> Result<Vec<Entry>, PrecompressError> {
    let mut entries = Vec::new();
    for path in files(dist)? {
        let at = |error| PrecompressError {
            path: path.clone(),
            error,
        };
        let len = fs::metadata(&path).map_err(at)?.len();
        if !is_compressible(&path, len) {
            continue;
        }
        let bytes = fs::read(&path).map_err(at)?;
        let gz = gzip(&bytes).map_err(at)?;
        let br = brotli(&bytes).map_err(at)?;
        fs::write(with_suffix(&path, ".gz"), &gz).map_err(at)?;
        fs::write(with_suffix(&path, ".br"), &br).map_err(at)?;
        entries.push(Entry {
            path: path.strip_prefix(dist).unwrap_or(&path).to_path_buf(),
            original: bytes.len() as u64,
            gz: gz.len() as u64,
            br: br.len() as u64,
        });
    }
    Ok(entries)
}

/// The sizes as a text table, one row per file and a total.
pub fn table(entries: &[Entry]) -> String {
    let width = entries
        .iter()
        .map(|e| e.path.display().to_string().len())
        .chain([5])
        .max()
        .unwrap_or(5);
    let pct = |part: u64, whole: u64| {
        if whole == 0 {
            0.0
        } else {
            100.0 * part as f64 / whole as f64
        }
    };
    let row = |name: &str, o: u64, g: u64, b: u64| {
        format!(
            "{name:<width$}  {o:>10}  {g:>10} {:>5.1}%  {b:>10} {:>5.1}%\n",
            pct(g, o),
            pct(b, o)
        )
    };
    let mut out = format!(
        "{:<width$}  {:>10}  {:>10} {:>6}  {:>10} {:>6}\n",
        "file", "original", "gzip", "gz %", "brotli", "br %"
    );
    for e in entries {
        out.push_str(&row(&e.path.display().to_string(), e.original, e.gz, e.br));
    }
    let sum = |f: fn(&Entry) -> u64| entries.iter().map(f).sum::<u64>();
    out.push_str(&row(
        "total",
        sum(|e| e.original),
        sum(|e| e.gz),
        sum(|e| e.br),
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use tempfile::TempDir;

    use super::*;

    /// Compressible text of `len` bytes that is not one repeated byte.
    fn text(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| b"driftline factory phones\n"[(i * 7 + i / 25) % 25])
            .collect()
    }

    fn dist() -> TempDir {
        let d = TempDir::new().unwrap();
        let p = d.path();
        fs::create_dir_all(p.join("snippets")).unwrap();
        fs::write(p.join("index.html"), text(4000)).unwrap();
        fs::write(p.join("app_bg.wasm"), text(9000)).unwrap();
        fs::write(p.join("snippets/x.js"), text(2000)).unwrap();
        fs::write(p.join("tiny.css"), text(1023)).unwrap();
        fs::write(p.join("photo.png"), text(5000)).unwrap();
        fs::write(p.join("old.js.gz"), text(5000)).unwrap();
        d
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn copies_decompress_to_the_original() {
        let d = dist();
        let entries = run(d.path()).unwrap();
        for e in &entries {
            let path = d.path().join(&e.path);
            let original = fs::read(&path).unwrap();
            let gz = fs::read(with_suffix(&path, ".gz")).unwrap();
            let br = fs::read(with_suffix(&path, ".br")).unwrap();
            assert_eq!(gunzip(&gz), original, "{}", e.path.display());
            assert_eq!(unbrotli(&br), original, "{}", e.path.display());
            assert_eq!((e.gz, e.br), (gz.len() as u64, br.len() as u64));
            assert!(e.gz < e.original && e.br < e.original);
        }
    }

    #[test]
    fn skips_small_binary_and_already_compressed_files() {
        let d = dist();
        let entries = run(d.path()).unwrap();
        let names: Vec<String> = entries
            .iter()
            .map(|e| e.path.display().to_string())
            .collect();
        assert_eq!(names, ["app_bg.wasm", "index.html", "snippets/x.js"]);
        for skipped in [
            "tiny.css.gz",
            "photo.png.gz",
            "old.js.gz.gz",
            "old.js.gz.br",
        ] {
            assert!(!d.path().join(skipped).exists(), "{skipped}");
        }
        assert!(is_compressible(Path::new("A.WASM"), MIN_BYTES));
        assert!(!is_compressible(Path::new("a.wasm"), MIN_BYTES - 1));
    }

    #[test]
    fn runs_again_to_the_same_bytes() {
        let d = dist();
        let first = run(d.path()).unwrap();
        let before = fs::read(d.path().join("index.html.gz")).unwrap();
        let again = run(d.path()).unwrap();
        assert_eq!(first, again);
        assert_eq!(fs::read(d.path().join("index.html.gz")).unwrap(), before);
        // mtime 0, "unknown" OS: nothing in the header depends on when or where.
        assert_eq!(&before[4..8], &[0, 0, 0, 0]);
        assert_eq!(before[9], GZIP_OS_UNKNOWN);
        assert_eq!(brotli(&text(3000)).unwrap(), brotli(&text(3000)).unwrap());
    }

    #[test]
    fn table_lists_files_and_totals() {
        let t = table(&[
            Entry {
                path: "a.wasm".into(),
                original: 1000,
                gz: 400,
                br: 300,
            },
            Entry {
                path: "b.js".into(),
                original: 1000,
                gz: 200,
                br: 100,
            },
        ]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("a.wasm") && lines[1].contains("40.0%"));
        assert!(lines[3].starts_with("total") && lines[3].contains("2000"));
        assert!(lines[3].contains("600") && lines[3].contains("20.0%"));
    }
}
