//! A synchronous WebDriver session for headless Chromium driven by chromedriver, on top of
//! the [`fantoccini`] client.
//!
//! The harness is synchronous everywhere (checks, walks, the bench), so each [`Session`] owns
//! a private current-thread tokio runtime and blocks on fantoccini's futures, one command at
//! a time, each bounded by a timeout. The session owns the chromedriver child process and the
//! fresh browser profile directory and cleans both up on drop, so a failing check (or an
//! early `?` return) never leaves a browser running.
//!
//! What stays written here, because fantoccini does not do it:
//! - starting chromedriver on a free port and killing it on drop (fantoccini connects to a
//!   driver that is already running; it starts no process);
//! - console capture: chromedriver's `POST /session/{id}/se/log` is a Chromium extension with
//!   no fantoccini method, so it goes through [`Session::command`], with an injected hook as
//!   the fallback;
//! - [`Session::command`] itself: any command relative to the session URL (DevTools calls over
//!   `/goog/cdp/execute`, `/frame` with an element argument, `/actions`), sent with
//!   `Client::issue_cmd` and a [`WebDriverCompatibleCommand`] of our own;
//! - ending the session with a checked `DELETE`: `Client::close` reports success even when the
//!   driver failed, and a failure here means the browser must be killed by hand.
//!
//! About 600 lines of code, the rest tests: one facade, whose methods share the runtime and the
//! session.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::{Element as RemoteElement, ElementRef};
use fantoccini::error::CmdError;
use fantoccini::wd::{Capabilities, TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::runtime::Runtime;

use crate::error::{Context, Error, Result};

mod console;

pub use console::{ConsoleCapture, LogEntry};
use console::{CONSOLE_DRAIN_JS, CONSOLE_HOOK_JS};

/// The key under which W3C WebDriver wraps element references in JSON.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Default chromedriver binary (Debian package `chromium-driver`).
pub const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Default browser binary (Debian package `chromium`).
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// Polling interval (and connect timeout) while waiting for chromedriver to listen.
const READY_POLL: Duration = Duration::from_millis(50);

/// Upper bound for any single WebDriver command; async scripts are capped lower by the
/// session's script timeout.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

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

/// A command relative to the session URL (`path` is `""` or starts with `/`), for the
/// endpoints fantoccini has no method for.
#[derive(Debug)]
struct SessionCommand {
    method: http::Method,
    path: String,
    body: Option<String>,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        let id = session_id.unwrap_or_default();
        base_url.join(&format!("session/{id}{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (self.method.clone(), self.body.clone())
    }
}

/// A live WebDriver session in headless Chromium.
#[derive(Debug)]
pub struct Session {
    client: Client,
    /// Set once the session has been deleted (by [`Session::quit`] or on drop).
    ended: bool,
    browser_pid: Option<u32>,
    console: ConsoleCapture,
    /// Hook messages saved from pages navigated away from.
    pending_logs: Vec<LogEntry>,
    // Field order matters: the client goes before the runtime that drives it, and chromedriver
    // is killed before the profile directory is removed.
    runtime: Runtime,
    driver: DriverProcess,
    _profile: tempfile::TempDir,
}

impl Session {
    /// Starts chromedriver on a free port, waits until it listens and opens a session.
    pub fn start(config: &ChromeConfig) -> Result<Self> {
        let profile = tempfile::Builder::new()
            .prefix("driftline-e2e-profile-")
            .tempdir()
            .context("creating a browser profile directory")?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the WebDriver client's runtime")?;
        let driver = spawn_driver(config)?;
        let root = format!("http://127.0.0.1:{}/", driver.port);
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities(config, profile.path()));
        let client = runtime
            .block_on(async { tokio::time::timeout(COMMAND_TIMEOUT, builder.connect(&root)).await })
            .map_err(|_| timed_out(COMMAND_TIMEOUT))
            .and_then(|reply| reply.map_err(|e| Error::new(e.to_string())))
            .context("creating a WebDriver session (is Chromium installed?)")?;
        let browser_pid = client
            .capabilities()
            .and_then(|c| c.get("goog:processID"))
            .and_then(Value::as_u64)
            .and_then(|p| u32::try_from(p).ok());
        let mut session = Self {
            client,
            ended: false,
            browser_pid,
            console: ConsoleCapture::DriverLog,
            pending_logs: Vec::new(),
            runtime,
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

    /// Runs one client call to completion on the session's runtime.
    fn wait<T>(&self, call: impl Future<Output = std::result::Result<T, CmdError>>) -> Result<T> {
        self.block_on(COMMAND_TIMEOUT, call)
    }

    /// Runs one client call to completion on the session's runtime, within `limit`.
    fn block_on<T>(
        &self,
        limit: Duration,
        call: impl Future<Output = std::result::Result<T, CmdError>>,
    ) -> Result<T> {
        self.runtime
            .block_on(async { tokio::time::timeout(limit, call).await })
            .map_err(|_| timed_out(limit))?
            .map_err(|e| Error::new(describe_cmd_error(&e)))
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
        self.command_within(COMMAND_TIMEOUT, method, path, body)
    }

    fn command_within(
        &self,
        limit: Duration,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value> {
        let what = format!("{method} {path}");
        let command = SessionCommand {
            method: http::Method::from_bytes(method.as_bytes())
                .map_err(|e| Error::new(format!("{what}: bad method: {e}")))?,
            path: path.to_owned(),
            body: body.map(Value::to_string),
        };
        self.block_on(limit, self.client.issue_cmd(command))
            .context(&what)
    }

    /// Navigates and waits for the page's load event.
    pub fn navigate(&mut self, url: &str) -> Result<()> {
        if self.console != ConsoleCapture::DriverLog {
            // The hook's buffer lives in the page; save it before the page goes away.
            if let Ok(entries) = self.drain_hook() {
                self.pending_logs.extend(entries);
            }
        }
        self.wait(self.client.goto(url))
            .context(&format!("navigating to {url}"))?;
        if self.console == ConsoleCapture::HookAfterLoad {
            self.execute(CONSOLE_HOOK_JS, &[])?;
        }
        Ok(())
    }

    /// The current page URL.
    pub fn current_url(&self) -> Result<String> {
        Ok(self.wait(self.client.current_url())?.into())
    }

    /// All elements matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let found = self
            .wait(self.client.find_all(Locator::Css(css)))
            .context(&format!("finding {css}"))?;
        Ok(found
            .iter()
            .map(|e| Element::new(e.element_id().to_string()))
            .collect())
    }

    /// The first element matching a CSS selector; an error if there is none.
    pub fn find(&self, css: &str) -> Result<Element> {
        self.find_all(css)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::new(format!("no element matches {css}")))
    }

    /// The fantoccini handle of an element found earlier.
    fn remote(&self, element: &Element) -> RemoteElement {
        RemoteElement::from_element_id(self.client.clone(), ElementRef::from(element.id.clone()))
    }

    /// Clicks an element the way a user would (scrolls it into view, checks it is not
    /// covered).
    pub fn click(&self, element: &Element) -> Result<()> {
        self.wait(self.remote(element).click())
    }

    /// The rendered text of an element (what a user sees, like `innerText`).
    pub fn text(&self, element: &Element) -> Result<String> {
        self.wait(self.remote(element).text())
    }

    /// Runs a synchronous script (`arguments[i]` are `args`) and returns its result.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.wait(self.client.execute(script, args.to_vec()))
    }

    /// Runs an asynchronous script; it must call `arguments[arguments.length - 1](result)`.
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.wait(self.client.execute_async(script, args.to_vec()))
    }

    /// Limits how long asynchronous scripts may run.
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<()> {
        let timeouts = TimeoutConfiguration::new(Some(timeout), None, None);
        self.wait(self.client.update_timeouts(timeouts))
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        self.wait(self.client.screenshot())
            .context("taking a screenshot")
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
        self.wait(self.client.set_window_size(width, height))
    }

    /// The outer window size in CSS pixels.
    pub fn window_size(&self) -> Result<(u32, u32)> {
        let (width, height) = self.wait(self.client.get_window_size())?;
        let dim = |v: u64| {
            u32::try_from(v).map_err(|_| Error::new(format!("window size {width}x{height}")))
        };
        Ok((dim(width)?, dim(height)?))
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
        self.end(COMMAND_TIMEOUT)
    }

    /// Deletes the session with a checked `DELETE /session/{id}`; if chromedriver could not
    /// close the browser, ends the browser process (one this session started) so it does not
    /// outlive the harness. A no-op once the session has ended.
    fn end(&mut self, limit: Duration) -> Result<()> {
        if std::mem::replace(&mut self.ended, true) {
            return Ok(());
        }
        let ended = self
            .command_within(limit, "DELETE", "", None)
            .map(|_| ())
            .context("ending the WebDriver session");
        // The session is gone (or beyond saving): fantoccini must not send a DELETE of its
        // own when the client is dropped.
        let _ = self.wait(self.client.persist());
        if ended.is_err() {
            if let Some(pid) = self.browser_pid {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
        ended
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.end(Duration::from_secs(15));
    }
}

/// The capabilities of a new session: Chromium with the config's arguments and profile,
/// W3C timeouts, and every browser console message kept for the log endpoint.
fn capabilities(config: &ChromeConfig, profile_dir: &Path) -> Capabilities {
    let mut capabilities = Capabilities::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("pageLoadStrategy".into(), json!("normal"));
    capabilities.insert(
        "timeouts".into(),
        json!({ "script": 30_000, "pageLoad": 60_000, "implicit": 0 }),
    );
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": config.chromium.display().to_string(),
            "args": config.chromium_args(profile_dir),
        }),
    );
    capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    capabilities
}

fn timed_out(limit: Duration) -> Error {
    Error::new(format!(
        "no reply from chromedriver in {} s",
        limit.as_secs()
    ))
}

/// `error: message` for a W3C error reply, without the (long) stack trace; fantoccini's own
/// wording for everything else.
fn describe_cmd_error(error: &CmdError) -> String {
    match error {
        CmdError::Standard(wd) => {
            // chromedriver appends a multi-line session info block; the first line is the
            // useful part.
            let first_line = wd.message.lines().next().unwrap_or_default();
            format!("{}: {first_line}", wd.error())
        }
        other => other.to_string(),
    }
}

/// Picks a free port by letting the OS assign one to a throwaway listener.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Starts chromedriver and waits until it listens. Retries with a new port if the process
/// exits early (another process may grab the port between probing and binding).
fn spawn_driver(config: &ChromeConfig) -> Result<DriverProcess> {
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
        match wait_listening(&mut driver, config.startup_timeout) {
            Ok(()) => return Ok(driver),
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

/// Waits until chromedriver accepts connections on its port. chromedriver opens the port once
/// it can serve, and its `/status` is `ready` from then on (it has no session limit), so a
/// connection is the readiness signal; a refused session is reported by the session request.
fn wait_listening(driver: &mut DriverProcess, timeout: Duration) -> Result<()> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, driver.port));
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = driver.child.try_wait() {
            return Err(Error::new(format!(
                "chromedriver exited during startup ({status})"
            )));
        }
        if TcpStream::connect_timeout(&address, READY_POLL).is_ok() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Error::new(format!(
                "chromedriver not listening after {} s",
                timeout.as_secs()
            )));
        }
        std::thread::sleep(READY_POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fantoccini::error::{ErrorStatus, WebDriver};

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
    fn capabilities_ask_for_the_browser_log_and_the_configured_chromium() {
        let caps = capabilities(&ChromeConfig::default(), Path::new("/tmp/p"));
        assert_eq!(caps["goog:loggingPrefs"], json!({ "browser": "ALL" }));
        assert_eq!(
            caps["goog:chromeOptions"]["binary"],
            json!(DEFAULT_CHROMIUM)
        );
        assert_eq!(caps["timeouts"]["implicit"], json!(0));
        let args = caps["goog:chromeOptions"]["args"].to_string();
        assert!(args.contains("--user-data-dir=/tmp/p"), "{args}");
    }

    #[test]
    fn webdriver_errors_are_summarised_without_stack_traces() {
        let error = CmdError::Standard(
            WebDriver::new(
                ErrorStatus::NoSuchElement,
                "no such element: Unable to locate element\n  (Session info: chrome=1)",
            )
            .with_stacktrace("#0 0x55...".into()),
        );
        assert_eq!(
            describe_cmd_error(&error),
            "no such element: no such element: Unable to locate element"
        );
    }

    #[test]
    fn session_commands_address_the_session() {
        let command = SessionCommand {
            method: http::Method::POST,
            path: "/goog/cdp/execute".into(),
            body: Some("{}".into()),
        };
        let base = url::Url::parse("http://127.0.0.1:9515/").unwrap();
        let url = command.endpoint(&base, Some("abc")).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9515/session/abc/goog/cdp/execute"
        );
        let delete = SessionCommand {
            method: http::Method::DELETE,
            path: String::new(),
            body: None,
        };
        let url = delete.endpoint(&base, Some("abc")).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9515/session/abc");
    }

    #[test]
    fn element_references_are_w3c_json() {
        let element = Element::new("abc");
        assert_eq!(element.to_json(), json!({ ELEMENT_KEY: "abc" }));
        assert_eq!(element.id(), "abc");
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
