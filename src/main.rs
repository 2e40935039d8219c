//! Entry point: mounts the app in the browser. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    driftline::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Driftline runs in the browser: use `scripts/serve.sh` (see README.md).");
    std::process::exit(2);
}
