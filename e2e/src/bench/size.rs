//! Compressed transfer size of the first load, measured the way `scripts/size-report.sh`
//! does: every top-level `*.html`, `*.js`, `*.wasm` and `*.css` file of the built site but
//! `embed.html` (an embed's page, loaded instead of `index.html`), the data page's own glue
//! and wasm (`driftline-data-*`, loaded only on `#/data`) and the widgets' (`driftline-embed-*`,
//! loaded only by `embed.html`), compressed with `gzip -9`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Context, Error, Result};

/// How the data page's own glue and wasm are named (`driftline::prerender::entry`).
pub const DATA_PAGE_PREFIX: &str = "driftline-data-";
/// How the widgets' own glue and wasm are named (`driftline::prerender::entry`).
pub const WIDGETS_PREFIX: &str = "driftline-embed-";

/// One file of the first load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    /// File name inside the site directory.
    pub name: String,
    /// Bytes on disk.
    pub raw_bytes: u64,
    /// Bytes after `gzip -9`.
    pub gzip_bytes: u64,
}

/// Whether the file is part of the first load (favicons and images are not counted, as in
/// `scripts/size-report.sh`; nor is `embed.html`, which an embed loads instead, nor the
/// data page's wasm, which only `#/data` loads, nor the widgets', which only `embed.html`
/// loads).
pub fn is_first_load(name: &str) -> bool {
    name != "embed.html"
        && !name.starts_with(DATA_PAGE_PREFIX)
        && !name.starts_with(WIDGETS_PREFIX)
        && [".html", ".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Sizes of the first-load files directly inside `dist`, sorted by name.
pub fn first_load_sizes(dist: &Path) -> Result<Vec<FileSize>> {
    let entries = std::fs::read_dir(dist).context(&format!("listing {}", dist.display()))?;
    let mut sizes = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type()?.is_file() || !is_first_load(&name) {
            continue;
        }
        let path = entry.path();
        sizes.push(FileSize {
            raw_bytes: entry.metadata()?.len(),
            gzip_bytes: gzip_size(&path)?,
            name,
        });
    }
    if sizes.is_empty() {
        return Err(Error::new(format!(
            "{} has no html/js/wasm/css files",
            dist.display()
        )));
    }
    sizes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sizes)
}

/// Total gzip bytes of `sizes`.
pub fn total_gzip_bytes(sizes: &[FileSize]) -> u64 {
    sizes.iter().map(|s| s.gzip_bytes).sum()
}

/// Bytes of `gzip -9 -c path` (the system gzip, so the figure matches the shell script).
fn gzip_size(path: &Path) -> Result<u64> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .context("running gzip (is it installed?)")?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "gzip -9 {} failed: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(output.stdout.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn only_first_load_files_are_counted() {
        assert!(is_first_load("index.html"));
        assert!(is_first_load("driftline-1a2b_bg.wasm"));
        assert!(is_first_load("driftline-1a2b.js"));
        assert!(!is_first_load("driftline-data-1a2b_bg.wasm"));
        assert!(!is_first_load("driftline-data-1a2b.js"));
        assert!(!is_first_load("driftline-embed-1a2b_bg.wasm"));
        assert!(!is_first_load("driftline-embed-1a2b.js"));
        assert!(is_first_load("driftline-1a2b.css"));
        assert!(!is_first_load("favicon-1a2b.svg"));
        assert!(!is_first_load("shot.png"));
        assert!(!is_first_load("embed.html"));
    }

    #[test]
    fn sizes_are_gzip_sizes_of_top_level_files() {
        let dir = TempDir::new().unwrap();
        let repetitive = "driftline ".repeat(1000);
        std::fs::write(dir.path().join("index.html"), &repetitive).unwrap();
        std::fs::write(dir.path().join("app.js"), "x").unwrap();
        std::fs::write(dir.path().join("icon.svg"), &repetitive).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub").join("deep.js"), &repetitive).unwrap();
        let sizes = first_load_sizes(dir.path()).unwrap();
        let names: Vec<&str> = sizes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["app.js", "index.html"]);
        let html = &sizes[1];
        assert_eq!(html.raw_bytes, 10_000);
        // Repetitive text compresses to a small fraction; a one-byte file grows (gzip header).
        assert!(html.gzip_bytes < 200, "{html:?}");
        assert!(sizes[0].gzip_bytes > sizes[0].raw_bytes);
        assert_eq!(
            total_gzip_bytes(&sizes),
            html.gzip_bytes + sizes[0].gzip_bytes
        );
    }

    #[test]
    fn an_empty_site_is_an_error() {
        let dir = TempDir::new().unwrap();
        assert!(first_load_sizes(dir.path()).is_err());
        assert!(first_load_sizes(&dir.path().join("missing")).is_err());
    }
}
