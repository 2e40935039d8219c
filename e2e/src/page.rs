//! A page-level API on top of a WebDriver session: CSS-selector based actions, polling waits,
//! and an accumulated console log. Meant for reuse by chapter walkthroughs and benchmarks.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::error::{Context, Error, Result};
use crate::webdriver::{ChromeConfig, Element, LogEntry, Session};

/// Default polling interval of the `wait_*` methods.
pub const DEFAULT_POLL: Duration = Duration::from_millis(100);

/// A browser tab bound to a base URL (the served site), with helpers that take CSS selectors.
#[derive(Debug)]
pub struct Page {
    session: Session,
    base_url: String,
    logs: Vec<LogEntry>,
    poll: Duration,
}

impl Page {
    /// Starts a browser and binds it to `base_url` (nothing is loaded yet).
    pub fn launch(config: &ChromeConfig, base_url: impl Into<String>) -> Result<Self> {
        Ok(Self::new(Session::start(config)?, base_url))
    }

    /// Wraps an existing session.
    pub fn new(session: Session, base_url: impl Into<String>) -> Self {
        Self {
            session,
            base_url: base_url.into(),
            logs: Vec::new(),
            poll: DEFAULT_POLL,
        }
    }

    /// The underlying WebDriver session, for commands not wrapped here.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The base URL relative paths are resolved against.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Changes the polling interval of the `wait_*` methods.
    pub fn set_poll_interval(&mut self, poll: Duration) {
        self.poll = poll;
    }

    /// Resolves `path` against the base URL: absolute URLs pass through, `""` is the base
    /// itself, `"#x"`/`"?x"`/`"x.html"` are appended (a leading `/` is dropped so paths stay
    /// inside the sub-path).
    pub fn url_for(&self, path: &str) -> String {
        resolve_url(&self.base_url, path)
    }

    /// Loads `path` (see [`Page::url_for`]) and waits for the load event.
    pub fn goto(&mut self, path: &str) -> Result<()> {
        let url = self.url_for(path);
        self.collect_logs()?;
        self.session.navigate(&url)
    }

    /// Polls `probe` until it returns `Some`, or fails after `timeout` naming `what` and the
    /// last probe error, if any.
    pub fn wait_until<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&mut Self) -> Result<Option<T>>,
    ) -> Result<T> {
        let deadline = Instant::now() + timeout;
        loop {
            let last_error = match probe(self) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => None,
                Err(e) => Some(e),
            };
            if Instant::now() >= deadline {
                let mut message = format!(
                    "timed out after {:.1} s waiting for {what}",
                    timeout.as_secs_f64()
                );
                if let Some(e) = last_error {
                    message.push_str(&format!(" (last error: {e})"));
                }
                return Err(Error::new(message));
            }
            std::thread::sleep(self.poll);
        }
    }

    /// Waits until an element matches `css` and returns the first match.
    pub fn wait_for(&mut self, css: &str, timeout: Duration) -> Result<Element> {
        self.wait_until(&format!("element {css}"), timeout, |page| {
            Ok(page.session.find_all(css)?.into_iter().next())
        })
    }

    /// Waits until `document.readyState` is `complete`.
    pub fn wait_loaded(&mut self, timeout: Duration) -> Result<()> {
        self.wait_until("document load", timeout, |page| {
            let state = page.eval("return document.readyState;", &[])?;
            Ok((state.as_str() == Some("complete")).then_some(()))
        })
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> Result<usize> {
        Ok(self.session.find_all(css)?.len())
    }

    /// Whether any element matches `css`.
    pub fn exists(&self, css: &str) -> Result<bool> {
        Ok(self.count(css)? > 0)
    }

    /// Clicks the first element matching `css`, first scrolling it to the middle of the
    /// viewport as a reader would (WebDriver alone scrolls it to an edge, where the page's
    /// sticky header can cover it).
    pub fn click(&self, css: &str) -> Result<()> {
        let element = self.session.find(css)?;
        self.eval(
            "const e = document.querySelector(arguments[0]); if (e) { e.scrollIntoView({block: 'center', inline: 'nearest'}); }",
            &[json!(css)],
        )?;
        self.session
            .click(&element)
            .context(&format!("clicking {css}"))
    }

    /// Sets `path` on the first file input matching `css`, as a reader picking the file
    /// would. WebDriver wants an absolute path; a relative one is resolved here.
    pub fn pick_file(&self, css: &str, path: &Path) -> Result<()> {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let input = self.session.find(css)?;
        self.session
            .command(
                "POST",
                &format!("/element/{}/value", input.id()),
                Some(&json!({ "text": path.display().to_string() })),
            )
            .map(|_| ())
            .context(&format!("picking {} in {css}", path.display()))
    }

    /// The rendered text (like `innerText`) of the first element matching `css`.
    pub fn text(&self, css: &str) -> Result<String> {
        let element = self.session.find(css)?;
        self.session.text(&element)
    }

    /// The `textContent` of the first element matching `css`, or `None` if nothing matches.
    /// Unlike [`Page::text`] this includes hidden text and does not collapse whitespace.
    pub fn text_content(&self, css: &str) -> Result<Option<String>> {
        let value = self.eval(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            &[json!(css)],
        )?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Runs a synchronous script and returns its result (`arguments[i]` are `args`).
    pub fn eval(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.session.execute(script, args)
    }

    /// Runs an asynchronous script that reports by calling
    /// `arguments[arguments.length - 1](result)`.
    pub fn eval_async(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.session.execute_async(script, args)
    }

    /// Saves a PNG screenshot of the viewport to `path`.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        self.session.save_screenshot(path)
    }

    /// The layout viewport size (`innerWidth`, `innerHeight`) in CSS pixels.
    pub fn viewport_size(&self) -> Result<(u32, u32)> {
        let value = self.eval("return [window.innerWidth, window.innerHeight];", &[])?;
        let dim = |i: usize| {
            value
                .get(i)
                .and_then(Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| Error::new(format!("unexpected viewport size {value}")))
        };
        Ok((dim(0)?, dim(1)?))
    }

    /// Resizes the window so the viewport is `width` x `height` CSS pixels (screenshots have
    /// that size at device pixel ratio 1). Needs a loaded page to measure the viewport.
    pub fn set_viewport_size(&self, width: u32, height: u32) -> Result<()> {
        self.session.set_window_size(width, height)?;
        let (inner_w, inner_h) = self.viewport_size()?;
        if (inner_w, inner_h) == (width, height) {
            return Ok(());
        }
        // Some window managers add decorations; grow the window by the measured difference.
        let (outer_w, outer_h) = self.session.window_size()?;
        let grown_w = outer_w + width.saturating_sub(inner_w);
        let grown_h = outer_h + height.saturating_sub(inner_h);
        self.session.set_window_size(grown_w, grown_h)
    }

    /// Fetches new console messages from the browser into the page's log.
    pub fn collect_logs(&mut self) -> Result<()> {
        let fresh = self.session.browser_logs()?;
        self.logs.extend(fresh);
        Ok(())
    }

    /// Every console message seen since the page was created (fetches new ones first).
    pub fn console(&mut self) -> Result<&[LogEntry]> {
        self.collect_logs()?;
        Ok(&self.logs)
    }

    /// Closes the browser, reporting any error (dropping the page does the same silently).
    pub fn close(self) -> Result<()> {
        self.session.quit()
    }
}

/// The strings in the JSON array `value` (other items skipped); empty when `value` is
/// missing or not an array. Scripts return their lists this way.
pub fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// See [`Page::url_for`].
pub fn resolve_url(base_url: &str, path: &str) -> String {
    if path.contains("://") || path.starts_with("data:") || path.starts_with("about:") {
        return path.to_owned();
    }
    let relative = path.trim_start_matches('/');
    if relative.starts_with('#') || relative.starts_with('?') {
        // Keep `index.html`-less base URLs intact: `/driftline/` + `#x`.
        return format!("{base_url}{relative}");
    }
    if base_url.ends_with('/') {
        format!("{base_url}{relative}")
    } else {
        format!("{base_url}/{relative}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_inside_the_base() {
        let base = "http://127.0.0.1:9/driftline/";
        assert_eq!(resolve_url(base, ""), base);
        assert_eq!(
            resolve_url(base, "#chapter-2"),
            "http://127.0.0.1:9/driftline/#chapter-2"
        );
        assert_eq!(
            resolve_url(base, "?seed=7"),
            "http://127.0.0.1:9/driftline/?seed=7"
        );
        assert_eq!(
            resolve_url(base, "/bench.html"),
            "http://127.0.0.1:9/driftline/bench.html"
        );
        assert_eq!(resolve_url("http://h/x", "y.html"), "http://h/x/y.html");
        assert_eq!(resolve_url(base, "http://other/"), "http://other/");
        assert_eq!(resolve_url(base, "about:blank"), "about:blank");
    }
}
