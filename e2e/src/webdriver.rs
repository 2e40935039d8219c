//! A minimal W3C WebDriver client for headless Chromium driven by chromedriver.
//!
//! Only the commands the harness needs are wrapped. The session owns the chromedriver child
//! process and the fresh browser profile directory, and cleans both up on drop, so a failing
//! check (or an early `?` return) never leaves a browser running.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

use crate::error::{Context, Error, Result};

/// The key under which W3C WebDriver wraps element references in JSON.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Default chromedriver binary (Debian package `chromium-driver`).
pub const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Default browser binary (Debian package `chromium`).
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// Polling interval while waiting for chromedriver to become ready.
const READY_POLL: Duration = Duration::from_millis(50);

/// Upper bound for any single WebDriver HTTP call; async scripts are capped lower by the
/// session's script timeout.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// Installs a console hook that records messages in `window.__driftlineConsole`.
///
/// Used only when chromedriver's log endpoint is unavailable. Levels mirror Chrome's log levels
/// (`console.error` is `SEVERE`) so checks treat both capture paths alike.
const CONSOLE_HOOK_JS: &str = r#"(function () {
  if (window.__driftlineConsoleHooked) { return; }
  window.__driftlineConsoleHooked = true;
  window.__driftlineConsole = window.__driftlineConsole || [];
  const push = (level, source, message) => {
    try { window.__driftlineConsole.push({ level, source, message, timestamp: Date.now() }); }
    catch (_) { /* never let the hook break the page */ }
  };
  const show = (a) => {
    if (typeof a === 'string') { return a; }
    if (a instanceof Error) { return String(a.stack || a); }
    try { return JSON.stringify(a); } catch (_) { return String(a); }
  };
  const levels = { error: 'SEVERE', warn: 'WARNING', info: 'INFO', log: 'INFO', debug: 'DEBUG' };
  for (const name of Object.keys(levels)) {
    const original = console[name];
    console[name] = function (...args) {
      push(levels[name], 'console-api', args.map(show).join(' '));
      return original.apply(this, args);
    };
  }
  window.addEventListener('error', (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) {
      push('SEVERE', 'network', 'failed to load ' + (t.src || t.href));
    } else {
      push('SEVERE', 'javascript', String(e.message || e) +
        (e.filename ? ' at ' + e.filename + ':' + e.lineno : ''));
    }
  }, true);
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    push('SEVERE', 'javascript', 'Uncaught (in promise) ' + String((r && r.stack) || r));
  });
})();"#;

/// Takes and clears the hook's buffer.
const CONSOLE_DRAIN_JS: &str =
    "const l = window.__driftlineConsole || []; window.__driftlineConsole = []; return l;";

/// How the browser is started.
#[derive(Debug, Clone)]
pub struct ChromeConfig {
    /// Path of the chromedriver binary.
    pub chromedriver: PathBuf,
    /// Path of the Chromium binary.
    pub chromium: PathBuf,
    /// Initial window width in CSS pixels.
    pub window_width: u32,
    /// Initial window height in CSS pixels.
    pub window_height: u32,
    /// Extra Chromium command-line arguments, appended after the defaults.
    pub extra_args: Vec<String>,
    /// Where chromedriver writes its verbose log, if anywhere.
    pub driver_log: Option<PathBuf>,
    /// How long chromedriver and the browser may take to start.
    pub startup_timeout: Duration,
    /// Skip chromedriver's log endpoint and use the injected console hook (for testing the
    /// fallback path).
    pub force_console_hook: bool,
}

impl Default for ChromeConfig {
    fn default() -> Self {
        Self {
            chromedriver: PathBuf::from(DEFAULT_CHROMEDRIVER),
            chromium: PathBuf::from(DEFAULT_CHROMIUM),
            window_width: 1366,
            window_height: 768,
            extra_args: Vec::new(),
            driver_log: None,
            startup_timeout: Duration::from_secs(30),
            force_console_hook: false,
        }
    }
}

impl ChromeConfig {
    /// The Chromium arguments for this config, with the profile in `profile_dir`.
    pub fn chromium_args(&self, profile_dir: &Path) -> Vec<String> {
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.push(format!("--user-data-dir={}", profile_dir.display()));
        args.push(format!(
            "--window-size={},{}",
            self.window_width, self.window_height
        ));
        args.extend(self.extra_args.iter().cloned());
        args
    }
}

/// One browser console message.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Chrome log level: `SEVERE`, `WARNING`, `INFO`, `DEBUG`.
    pub level: String,
    /// Where it came from: `console-api`, `javascript`, `network`, ...
    pub source: String,
    /// The message text (chromedriver prefixes console messages with `url line:col`).
    pub message: String,
    /// Milliseconds since the Unix epoch, as reported by the browser.
    pub timestamp_ms: f64,
}

impl LogEntry {
    fn from_json(value: &Value) -> Self {
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Self {
            level: text("level"),
            source: text("source"),
            message: text("message"),
            timestamp_ms: value
                .get("timestamp")
                .and_then(Value::as_f64)
                .unwrap_or_default(),
        }
    }
}

/// How console messages are captured in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleCapture {
    /// chromedriver's `POST /session/{id}/se/log` with `goog:loggingPrefs` (sees everything,
    /// including network errors logged by the browser itself).
    DriverLog,
    /// A hook injected before any page script via the DevTools command
    /// `Page.addScriptToEvaluateOnNewDocument`.
    HookBeforeLoad,
    /// A hook injected after each navigation (misses messages logged during load).
    HookAfterLoad,
}

/// A reference to an element in the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    id: String,
}

impl Element {
    /// Wraps a WebDriver element id.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }

    /// The WebDriver element id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The JSON form used to pass the element as a script argument.
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    fn from_json(value: &Value) -> Result<Self> {
        value
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .map(Self::new)
            .ok_or_else(|| Error::new(format!("not an element reference: {value}")))
    }
}

/// The chromedriver child process; killed and reaped on drop.
#[derive(Debug)]
struct DriverProcess {
    child: Child,
    port: u16,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A live WebDriver session in headless Chromium.
#[derive(Debug)]
pub struct Session {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`
    url: String,
    browser_pid: Option<u32>,
    console: ConsoleCapture,
    /// Hook messages saved from pages navigated away from.
    pending_logs: Vec<LogEntry>,
    deleted: bool,
    // Field order matters: chromedriver is killed before the profile directory is removed.
    driver: DriverProcess,
    _profile: tempfile::TempDir,
}

impl Session {
    /// Starts chromedriver on a free port, waits until it is ready and opens a session.
    pub fn start(config: &ChromeConfig) -> Result<Self> {
        let profile = tempfile::Builder::new()
            .prefix("driftline-e2e-profile-")
            .tempdir()
            .context("creating a browser profile directory")?;
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(5))
            .timeout(COMMAND_TIMEOUT)
            .build();
        let driver = spawn_driver(config, &agent)?;
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "script": 30_000, "pageLoad": 60_000, "implicit": 0 },
                    "goog:chromeOptions": {
                        "binary": config.chromium.display().to_string(),
                        "args": config.chromium_args(profile.path()),
                    },
                    "goog:loggingPrefs": { "browser": "ALL" },
                }
            }
        });
        let root = format!("http://127.0.0.1:{}", driver.port);
        let value = call(
            &agent,
            "POST",
            &format!("{root}/session"),
            Some(&capabilities),
        )
        .context("creating a WebDriver session (is Chromium installed?)")?;
        let id = value
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::new(format!("new session reply lacks sessionId: {value}")))?;
        let browser_pid = value
            .pointer("/capabilities/goog:processID")
            .and_then(Value::as_u64)
            .and_then(|p| u32::try_from(p).ok());
        let mut session = Self {
            agent,
            url: format!("{root}/session/{id}"),
            browser_pid,
            console: ConsoleCapture::DriverLog,
            pending_logs: Vec::new(),
            deleted: false,
            driver,
            _profile: profile,
        };
        session.console = session.choose_console_capture(config.force_console_hook);
        Ok(session)
    }

    /// Uses chromedriver's log endpoint when it answers; otherwise installs the hook, before
    /// page scripts if DevTools commands are available.
    fn choose_console_capture(&self, force_hook: bool) -> ConsoleCapture {
        if !force_hook
            && self
                .command("POST", "/se/log", Some(&json!({"type": "browser"})))
                .is_ok()
        {
            return ConsoleCapture::DriverLog;
        }
        let cdp = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": CONSOLE_HOOK_JS },
        });
        if self
            .command("POST", "/goog/cdp/execute", Some(&cdp))
            .is_ok()
        {
            ConsoleCapture::HookBeforeLoad
        } else {
            ConsoleCapture::HookAfterLoad
        }
    }

    /// How console messages are captured in this session.
    pub fn console_capture(&self) -> ConsoleCapture {
        self.console
    }

    /// The browser's process id as reported by chromedriver.
    pub fn browser_pid(&self) -> Option<u32> {
        self.browser_pid
    }

    /// The port chromedriver listens on.
    pub fn driver_port(&self) -> u16 {
        self.driver.port
    }

    /// Sends a command relative to the session URL (e.g. `"/url"`) and returns its `value`.
    pub fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        call(&self.agent, method, &format!("{}{path}", self.url), body)
    }

    /// Navigates and waits for the page's load event.
    pub fn navigate(&mut self, url: &str) -> Result<()> {
        if self.console != ConsoleCapture::DriverLog {
            // The hook's buffer lives in the page; save it before the page goes away.
            if let Ok(entries) = self.drain_hook() {
                self.pending_logs.extend(entries);
            }
        }
        self.command("POST", "/url", Some(&json!({ "url": url })))
            .context(&format!("navigating to {url}"))?;
        if self.console == ConsoleCapture::HookAfterLoad {
            self.execute(CONSOLE_HOOK_JS, &[])?;
        }
        Ok(())
    }

    /// The current page URL.
    pub fn current_url(&self) -> Result<String> {
        let value = self.command("GET", "/url", None)?;
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Error::new(format!("current URL is not a string: {value}")))
    }

    /// All elements matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let body = json!({ "using": "css selector", "value": css });
        let value = self
            .command("POST", "/elements", Some(&body))
            .context(&format!("finding {css}"))?;
        value
            .as_array()
            .ok_or_else(|| Error::new(format!("find elements reply is not a list: {value}")))?
            .iter()
            .map(Element::from_json)
            .collect()
    }

    /// The first element matching a CSS selector; an error if there is none.
    pub fn find(&self, css: &str) -> Result<Element> {
        self.find_all(css)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::new(format!("no element matches {css}")))
    }

    /// Clicks an element the way a user would (scrolls it into view, checks it is not
    /// covered).
    pub fn click(&self, element: &Element) -> Result<()> {
        self.command(
            "POST",
            &format!("/element/{}/click", element.id),
            Some(&json!({})),
        )
        .map(|_| ())
    }

    /// The rendered text of an element (what a user sees, like `innerText`).
    pub fn text(&self, element: &Element) -> Result<String> {
        let value = self.command("GET", &format!("/element/{}/text", element.id), None)?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Runs a synchronous script (`arguments[i]` are `args`) and returns its result.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Runs an asynchronous script; it must call `arguments[arguments.length - 1](result)`.
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command(
            "POST",
            "/execute/async",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Limits how long asynchronous scripts may run.
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<()> {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.command("POST", "/timeouts", Some(&json!({ "script": ms })))
            .map(|_| ())
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        let value = self.command("GET", "/screenshot", None)?;
        let encoded = value
            .as_str()
            .ok_or_else(|| Error::new("screenshot reply is not a string"))?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| Error::new(format!("screenshot is not valid base64: {e}")))
    }

    /// Saves a PNG screenshot of the viewport, creating parent directories.
    pub fn save_screenshot(&self, path: &Path) -> Result<()> {
        let png = self.screenshot_png()?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, png).context(&format!("writing {}", path.display()))
    }

    /// Sets the outer window size in CSS pixels.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.command(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        )
        .map(|_| ())
    }

    /// The outer window size in CSS pixels.
    pub fn window_size(&self) -> Result<(u32, u32)> {
        let value = self.command("GET", "/window/rect", None)?;
        let dim = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| Error::new(format!("window rect lacks {key}: {value}")))
        };
        Ok((dim("width")?, dim("height")?))
    }

    /// Console messages logged since the previous call (chromedriver hands each out once).
    pub fn browser_logs(&mut self) -> Result<Vec<LogEntry>> {
        match self.console {
            ConsoleCapture::DriverLog => {
                let value = self
                    .command("POST", "/se/log", Some(&json!({ "type": "browser" })))
                    .context("reading browser logs")?;
                Ok(value
                    .as_array()
                    .map(|a| a.iter().map(LogEntry::from_json).collect())
                    .unwrap_or_default())
            }
            ConsoleCapture::HookBeforeLoad | ConsoleCapture::HookAfterLoad => {
                let mut entries = std::mem::take(&mut self.pending_logs);
                entries.extend(self.drain_hook()?);
                Ok(entries)
            }
        }
    }

    fn drain_hook(&self) -> Result<Vec<LogEntry>> {
        let value = self
            .execute(CONSOLE_DRAIN_JS, &[])
            .context("reading the console hook")?;
        Ok(value
            .as_array()
            .map(|a| a.iter().map(LogEntry::from_json).collect())
            .unwrap_or_default())
    }

    /// Ends the session (closing the browser) and reports any error; drop does the same
    /// silently.
    pub fn quit(mut self) -> Result<()> {
        self.deleted = true;
        self.command("DELETE", "", None).map(|_| ())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.deleted {
            return;
        }
        let quick = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(15))
            .build();
        if call(&quick, "DELETE", &self.url, None).is_err() {
            // chromedriver could not close the browser; end it ourselves (a process this
            // session started) so it does not outlive the harness.
            if let Some(pid) = self.browser_pid {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

/// Picks a free port by letting the OS assign one to a throwaway listener.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Starts chromedriver and waits for `/status` to report ready. Retries with a new port if the
/// process exits early (another process may grab the port between probing and binding).
fn spawn_driver(config: &ChromeConfig, agent: &ureq::Agent) -> Result<DriverProcess> {
    if !config.chromedriver.is_file() {
        return Err(Error::new(format!(
            "chromedriver not found at {} (Debian: apt-get install chromium-driver)",
            config.chromedriver.display()
        )));
    }
    let mut last_error = Error::new("chromedriver did not start");
    for _attempt in 0..3 {
        let port = free_port()?;
        let mut command = Command::new(&config.chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(log) = &config.driver_log {
            command.arg(format!("--log-path={}", log.display()));
            command.arg("--verbose");
        }
        let child = command
            .spawn()
            .context(&format!("starting {}", config.chromedriver.display()))?;
        let mut driver = DriverProcess { child, port };
        match wait_ready(&mut driver, agent, config.startup_timeout) {
            Ok(()) => return Ok(driver),
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

fn wait_ready(driver: &mut DriverProcess, agent: &ureq::Agent, timeout: Duration) -> Result<()> {
    let url = format!("http://127.0.0.1:{}/status", driver.port);
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = driver.child.try_wait() {
            return Err(Error::new(format!(
                "chromedriver exited during startup ({status})"
            )));
        }
        if let Ok(value) = call(agent, "GET", &url, None) {
            if value.get("ready").and_then(Value::as_bool) == Some(true) {
                return Ok(());
            }
        }
        if Instant::now() >= deadline {
            return Err(Error::new(format!(
                "chromedriver not ready after {} s",
                timeout.as_secs()
            )));
        }
        std::thread::sleep(READY_POLL);
    }
}

/// Sends one WebDriver request and unwraps the `value` member, turning WebDriver error
/// replies into readable errors.
fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<&Value>) -> Result<Value> {
    let request = agent.request(method, url);
    let reply = match body {
        Some(body) => request.send_json(body),
        None => request.call(),
    };
    let response = match reply {
        Ok(response) => response,
        Err(ureq::Error::Status(code, response)) => {
            let detail = response
                .into_json::<Value>()
                .map(|v| describe_webdriver_error(&v))
                .unwrap_or_else(|e| format!("unreadable error body: {e}"));
            return Err(Error::new(format!(
                "{method} {url} -> HTTP {code}: {detail}"
            )));
        }
        Err(e) => return Err(Error::new(format!("{method} {url} failed: {e}"))),
    };
    let mut json: Value = response
        .into_json()
        .context(&format!("{method} {url}: reply is not JSON"))?;
    Ok(json
        .get_mut("value")
        .map(Value::take)
        .unwrap_or(Value::Null))
}

/// `error: message` from a W3C error reply, without the (long) stack trace.
fn describe_webdriver_error(reply: &Value) -> String {
    let value = reply.get("value").unwrap_or(reply);
    let kind = value
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or("unknown error");
    let message = value
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    // chromedriver appends a multi-line session info block; the first line is the useful part.
    let first_line = message.lines().next().unwrap_or_default();
    format!("{kind}: {first_line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_args_include_the_isolation_flags_and_profile() {
        let config = ChromeConfig {
            window_width: 800,
            window_height: 600,
            extra_args: vec!["--lang=en-US".into()],
            ..ChromeConfig::default()
        };
        let args = config.chromium_args(Path::new("/tmp/p"));
        for flag in [
            "--headless=new",
            "--no-sandbox",
            "--disable-quic",
            "--disable-background-networking",
            "--user-data-dir=/tmp/p",
            "--window-size=800,600",
        ] {
            assert!(args.iter().any(|a| a == flag), "missing {flag}");
        }
        assert_eq!(args.last().map(String::as_str), Some("--lang=en-US"));
    }

    #[test]
    fn webdriver_errors_are_summarised_without_stack_traces() {
        let reply = json!({ "value": {
            "error": "no such element",
            "message": "no such element: Unable to locate element\n  (Session info: chrome=1)",
            "stacktrace": "#0 0x55..."
        }});
        assert_eq!(
            describe_webdriver_error(&reply),
            "no such element: no such element: Unable to locate element"
        );
    }

    #[test]
    fn element_references_round_trip_through_json() {
        let element = Element::new("abc");
        assert_eq!(Element::from_json(&element.to_json()), Ok(element));
        assert!(Element::from_json(&json!({"id": "x"})).is_err());
    }

    #[test]
    fn log_entries_parse_chromedriver_records() {
        let entry = LogEntry::from_json(&json!({
            "level": "SEVERE", "source": "console-api",
            "message": "http://x/ 0:16 \"boom\"", "timestamp": 1.5e12
        }));
        assert_eq!(entry.level, "SEVERE");
        assert_eq!(entry.source, "console-api");
        assert!(entry.message.contains("boom"));
        assert_eq!(entry.timestamp_ms, 1.5e12);
    }

    #[test]
    fn missing_chromedriver_is_reported_clearly() {
        let config = ChromeConfig {
            chromedriver: PathBuf::from("/nonexistent/chromedriver"),
            ..ChromeConfig::default()
        };
        let err = Session::start(&config).unwrap_err();
        assert!(err.message().contains("chromedriver not found"), "{err}");
    }
}
