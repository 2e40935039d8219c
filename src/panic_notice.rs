//! Makes a panic visible: logs it to the console and replaces the frozen page with a
//! readable message and a reset link.
//!
//! The release build uses `panic = "abort"`, so after the hook returns the wasm instance is
//! dead and no Rust callback can run again. The message therefore uses a plain link that
//! reloads the page, which needs no JavaScript from us.

use std::panic::PanicHookInfo;

/// Installs the hook. Call once, before mounting the app.
pub fn install() {
    std::panic::set_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("Driftline panicked: {message}").into());
    show_notice(&message);
}

/// Builds the notice with DOM calls (no HTML parsing), so the panic text can never inject markup.
fn show_notice(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let body = document.body()?;
    let notice = document.create_element("div").ok()?;
    notice.set_attribute("role", "alert").ok()?;
    notice.set_attribute("class", "panic-notice").ok()?;
    notice.set_attribute("data-testid", "panic").ok()?;
    let heading = document.create_element("h2").ok()?;
    heading.set_text_content(Some("Something went wrong in the simulation."));
    let detail = document.create_element("p").ok()?;
    detail.set_text_content(Some(&format!(
        "The page stopped to avoid showing wrong numbers. Details for a bug report: {message}"
    )));
    let reset = document.create_element("a").ok()?;
    reset.set_attribute("href", "").ok()?;
    reset.set_attribute("class", "button").ok()?;
    reset.set_text_content(Some("Reset Driftline"));
    notice.append_child(&heading).ok()?;
    notice.append_child(&detail).ok()?;
    notice.append_child(&reset).ok()?;
    body.prepend_with_node_1(&notice).ok()?;
    Some(())
}
