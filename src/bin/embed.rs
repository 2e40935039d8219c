//! Entry point of the widgets' wasm, which `embed.html` starts: one widget and nothing
//! else (`driftline::embed::app`). The chapters' wasm (`main.rs`) serves `index.html`.

#[cfg(target_arch = "wasm32")]
fn main() {
    driftline::start_embed();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The widgets run in the browser: use `scripts/serve.sh` (see README.md).");
    std::process::exit(2);
}
