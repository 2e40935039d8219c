//! Entry point of the "Your data" page's wasm (`#/data`): the whole app with that page in
//! its slot (`driftline::data_page::slot`). The chapters' wasm (`main.rs`) leaves it out.

#[cfg(target_arch = "wasm32")]
fn main() {
    driftline::start_data_page();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The data page runs in the browser: use `scripts/serve.sh` (see README.md).");
    std::process::exit(2);
}
