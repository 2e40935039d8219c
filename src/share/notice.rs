//! Notices: what a reader of untrusted text (a link, stored preferences, an imported file)
//! changed or ignored, in words safe to show as plain text.
//!
//! Every string a notice holds went through [`sanitize`] when the notice was made: control
//! characters, bidirectional overrides and zero-width characters become `\u{FFFD}`, `<` and
//! `>` become `‹` and `›`, and the text is cut to a fixed number of characters. The UI
//! still renders notices as text, never as HTML; the sanitising is a second line of defence
//! and keeps a 1 MB value from reaching the page.

use std::fmt;

/// Most characters of an offending value kept in a notice.
pub const MAX_VALUE_CHARS: usize = 60;
/// Most characters of a key kept in a notice.
pub const MAX_KEY_CHARS: usize = 32;
/// Most characters of a notice's explanation.
pub const MAX_DETAIL_CHARS: usize = 200;
/// Most notices one reader reports; the rest are counted in a final [`NoticeKind::TooMany`].
pub const MAX_NOTICES: usize = 24;

/// What the reader did about a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoticeKind {
    /// The key is not one this version understands: ignored.
    UnknownKey,
    /// The value could not be read: the default was used.
    Malformed,
    /// The value was outside its allowed range: the nearest allowed value was used.
    Clamped,
    /// The key appeared more than once: the last value wins, this one was ignored.
    Duplicate,
    /// The version is missing or not supported: read as version 1 where possible.
    Version,
    /// Bad percent-encoding or invalid UTF-8: read leniently.
    Encoding,
    /// The link was made by another version of the simulation: its settings were applied,
    /// but they give other numbers than its author saw.
    Replay,
    /// A list entry was dropped (malformed, or past the list's limit).
    Dropped,
    /// The simulation's own validation refused the combination: the preset was used.
    Rejected,
    /// The input was too long: the rest was ignored.
    Truncated,
    /// List entries were put in the order the simulation needs (actions by tick).
    Reordered,
    /// More problems than are listed.
    TooMany,
}

impl NoticeKind {
    /// Short lowercase name, e.g. for logs and tests.
    pub fn name(self) -> &'static str {
        match self {
            NoticeKind::UnknownKey => "unknown-key",
            NoticeKind::Malformed => "malformed",
            NoticeKind::Clamped => "clamped",
            NoticeKind::Duplicate => "duplicate",
            NoticeKind::Version => "version",
            NoticeKind::Encoding => "encoding",
            NoticeKind::Replay => "replay",
            NoticeKind::Dropped => "dropped",
            NoticeKind::Rejected => "rejected",
            NoticeKind::Truncated => "truncated",
            NoticeKind::Reordered => "reordered",
            NoticeKind::TooMany => "too-many",
        }
    }
}

/// One thing a reader changed or ignored. Fields are private so every notice is sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    key: String,
    kind: NoticeKind,
    detail: String,
    value: String,
}

impl Notice {
    /// A notice about `key`: `detail` says what happened, `value` is the offending input
    /// (empty when there is none). All three are sanitised and truncated here.
    pub fn new(key: &str, kind: NoticeKind, detail: &str, value: &str) -> Self {
        Self {
            key: sanitize(key, MAX_KEY_CHARS),
            kind,
            detail: sanitize(detail, MAX_DETAIL_CHARS),
            value: sanitize(value, MAX_VALUE_CHARS),
        }
    }

    /// The key (sanitised).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// What was done.
    pub fn kind(&self) -> NoticeKind {
        self.kind
    }

    /// The explanation (sanitised).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The offending value as plain text, at most [`MAX_VALUE_CHARS`] characters plus `…`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// One line for the page, e.g. `speed: clamped to 1000 (got "99999")`. Contains no
    /// `<`, `>` or control characters; render it as text.
    pub fn display(&self) -> String {
        if self.value.is_empty() {
            format!("{}: {}", self.key, self.detail)
        } else {
            format!("{}: {} (got \"{}\")", self.key, self.detail, self.value)
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// True for characters that must not reach the page as they are: control characters,
/// bidirectional embeddings/overrides/isolates (the "Trojan Source" set), zero-width
/// characters, line/paragraph separators and the byte-order mark.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `text` as safe plain text of at most `max_chars` characters (plus `…` when cut).
/// Reads at most `max_chars + 1` characters, so a huge input costs nothing.
pub fn sanitize(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(max_chars.min(text.len()) + 3);
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        out.push(match c {
            '<' => '‹',
            '>' => '›',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        });
    }
    out
}

/// A bounded list of notices: after [`MAX_NOTICES`] it only counts, and [`NoticeLog::finish`]
/// adds one [`NoticeKind::TooMany`] notice with the number left out.
#[derive(Debug, Clone, Default)]
pub struct NoticeLog {
    notices: Vec<Notice>,
    left_out: usize,
}

impl NoticeLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a notice (or counts it when the log is full).
    pub fn push(&mut self, key: &str, kind: NoticeKind, detail: &str, value: &str) {
        if self.notices.len() < MAX_NOTICES {
            self.notices.push(Notice::new(key, kind, detail, value));
        } else {
            self.left_out += 1;
        }
    }

    /// Notices recorded so far (not counting those left out).
    pub fn len(&self) -> usize {
        self.notices.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.notices.is_empty() && self.left_out == 0
    }

    /// The notices, plus a summary of those left out.
    pub fn finish(mut self) -> Vec<Notice> {
        if self.left_out > 0 {
            let detail = format!("{} more problems were not listed", self.left_out);
            self.notices
                .push(Notice::new("(more)", NoticeKind::TooMany, &detail, ""));
        }
        self.notices
    }
}
