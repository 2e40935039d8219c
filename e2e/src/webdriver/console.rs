//! Browser console capture: chromedriver's log records, and the hook injected into pages
//! when chromedriver's log endpoint is unavailable.

use serde_json::Value;

/// Installs a console hook that records messages in `window.__driftlineConsole`.
///
/// Used only when chromedriver's log endpoint is unavailable. Levels mirror Chrome's log levels
/// (`console.error` is `SEVERE`) so checks treat both capture paths alike.
pub(super) const CONSOLE_HOOK_JS: &str = r#"(function () {
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
pub(super) const CONSOLE_DRAIN_JS: &str =
    "const l = window.__driftlineConsole || []; window.__driftlineConsole = []; return l;";

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
    pub(super) fn from_json(value: &Value) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
