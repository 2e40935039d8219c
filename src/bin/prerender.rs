//! Build step after `trunk build`: writes the prerendered first paint (every chapter and
//! the comparison page, see `driftline::prerender`) into `dist/index.html`, and the
//! widgets' into `dist/embed.html`, with the stylesheet inlined; gives the data page's and
//! the widgets' wasm hashed names, makes `index.html`'s loader start the data page's on
//! `#/data` and `embed.html`'s start the widgets' (`driftline::prerender::entry`).
//!
//! Usage: `driftline-prerender [--dist DIR]` (or `--print QUERY [HASH]`: one address's
//! markup on stdout). Without `--dist` it works on Trunk's staging
//! directory when Trunk runs it as a post-build hook (`TRUNK_STAGING_DIR`, see `Trunk.toml`),
//! else on `dist`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match run() {
        Ok(summary) => {
            println!("{summary}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("driftline-prerender: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage: driftline-prerender [--dist DIR]\n       \
driftline-prerender --print QUERY [HASH]   (one address's markup on stdout)\n       \
driftline-prerender --write-pretrained FILE   (the models the first paint trains, as Rust;\n       \
                                               FILE is sim/src/pretrained/table.rs)";

#[cfg(not(target_arch = "wasm32"))]
fn run() -> Result<String, String> {
    use driftline::prerender::entry::{self, ExtraWasm};
    use std::path::PathBuf;

    let mut args = std::env::args().skip(1);
    let mut dist =
        std::env::var_os("TRUNK_STAGING_DIR").map_or_else(|| PathBuf::from("dist"), PathBuf::from);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dist" => {
                dist = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--dist needs a directory")?
            }
            "--print" => {
                // One address's markup on stdout, for looking at what a view renders.
                let query = args.next().unwrap_or_default();
                return Ok(driftline::prerender::render_address(
                    &query,
                    &args.next().unwrap_or_default(),
                ));
            }
            "--write-pretrained" => {
                let file = args.next().ok_or("--write-pretrained needs a file")?;
                return write_pretrained(&PathBuf::from(file));
            }
            "-h" | "--help" => return Ok(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("cannot read {}: {e}", index_path.display()))?;
    let stylesheet = stylesheet_href(&index).and_then(|href| {
        let css = std::fs::read_to_string(dist.join(href.trim_start_matches("./"))).ok()?;
        Some((href, css))
    });
    let css = stylesheet.as_ref().map(|(h, c)| (h.as_str(), c.as_str()));
    let markup = driftline::prerender::first_paint_markup();
    let page = driftline::prerender::inject(&index, &markup, css)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let embed_markup = driftline::prerender::embed_first_paint_markup();
    let embed_page = driftline::prerender::inject(&index, &embed_markup, css)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let embed_path = dist.join(driftline::prerender::EMBED_PAGE);
    let data_files = hash_extra_wasm(&dist, ExtraWasm::DATA)?;
    let embed_files = hash_extra_wasm(&dist, ExtraWasm::EMBED)?;
    let no_loader = || "the page has no loader shaped like Trunk's".to_owned();
    let (page, embed_page) = (
        entry::route_data_page(&page, &data_files.0, &data_files.1).ok_or_else(no_loader)?,
        entry::start_widgets(&embed_page, &embed_files.0, &embed_files.1).ok_or_else(no_loader)?,
    );
    for (path, text) in [(&index_path, &page), (&embed_path, &embed_page)] {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // Both pages carry the stylesheet inline now; nothing links the file any more.
    if let Some((href, _)) = &stylesheet {
        let css_path = dist.join(href.trim_start_matches("./"));
        std::fs::remove_file(&css_path)
            .map_err(|e| format!("cannot remove {}: {e}", css_path.display()))?;
    }
    Ok(format!(
        "{}: {} bytes of first paint ({} views); {}: {} bytes ({} widgets); stylesheet {}; \
         data page: {}; widgets: {}",
        index_path.display(),
        markup.len(),
        driftline::prerender::views().len(),
        embed_path.display(),
        embed_markup.len(),
        driftline::prerender::embed_names().len(),
        if stylesheet.is_some() {
            "inlined"
        } else {
            "left linked (not found)"
        },
        data_files.0,
        embed_files.0,
    ))
}

/// Gives one of the extra wasm builds' glue and wasm (unhashed, see
/// `driftline::prerender::entry`) their content-hashed names; returns the new names.
#[cfg(not(target_arch = "wasm32"))]
fn hash_extra_wasm(
    dist: &std::path::Path,
    extra: driftline::prerender::entry::ExtraWasm,
) -> Result<(String, String), String> {
    let wasm_path = dist.join(extra.trunk_wasm());
    let wasm = std::fs::read(&wasm_path).map_err(|e| {
        format!(
            "cannot read {} (a rel=\"rust\" link of index.html builds it): {e}",
            wasm_path.display()
        )
    })?;
    let (js, wasm_name) = extra.hashed_names(&wasm);
    for (from, to) in [(extra.trunk_js(), &js), (extra.trunk_wasm(), &wasm_name)] {
        std::fs::rename(dist.join(&from), dist.join(to))
            .map_err(|e| format!("cannot rename {from} to {to}: {e}"))?;
    }
    Ok((js, wasm_name))
}

/// Writes the table of kept trainings (`driftline_sim::pretrained`) for every training the
/// first paint's views ask for, then formats it with rustfmt.
#[cfg(not(target_arch = "wasm32"))]
fn write_pretrained(file: &std::path::Path) -> Result<String, String> {
    let trainings = driftline::prerender::first_paint_trainings();
    let source = driftline_sim::pretrained::table_source(&trainings);
    std::fs::write(file, source).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let formatted = std::process::Command::new("rustfmt")
        .args(["--edition", "2021"])
        .arg(file)
        .status()
        .map_err(|e| format!("cannot run rustfmt on {}: {e}", file.display()))?;
    if !formatted.success() {
        return Err(format!("rustfmt failed on {}", file.display()));
    }
    Ok(format!(
        "{}: {} trainings seen, kept as {} entries",
        file.display(),
        trainings.len(),
        {
            let mut keys: Vec<u64> = trainings.iter().map(|t| t.key).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len()
        }
    ))
}

/// The `href` of the page's first stylesheet link.
#[cfg(not(target_arch = "wasm32"))]
fn stylesheet_href(index: &str) -> Option<String> {
    let link = index.find("<link rel=\"stylesheet\"")?;
    let tag = &index[link..link + index[link..].find('>')?];
    let start = tag.find("href=\"")? + "href=\"".len();
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_owned())
}

#[cfg(target_arch = "wasm32")]
fn main() {}
