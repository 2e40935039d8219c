//! Reader preferences kept in local storage: theme, speed and the last chapter read.
//!
//! Stored as `{"v":1,"theme":"dark","speed":5,"last_chapter":"drift"}` under
//! [`PREFS_STORAGE_KEY`]. Reading tolerates anything: corrupt JSON gives the defaults,
//! unknown fields are ignored, each bad field falls back on its own default, and the
//! version-0 layout (`{"v":0,"dark":true,"speed":5,"chapter":"drift"}`, the pre-release
//! shape) is migrated. Every such fallback is reported as a [`Notice`].

use serde_json::{Map, Value};

use super::notice::{Notice, NoticeKind, NoticeLog};
use super::state::MAX_SPEED;
use crate::content::{chapter_by_id, chapter_by_slug, ChapterId};

/// Local-storage key.
pub const PREFS_STORAGE_KEY: &str = "driftline.prefs";
/// Layout written by [`Prefs::to_stored`].
pub const PREFS_VERSION: u64 = 1;
/// Longest stored text read.
pub const MAX_STORED_BYTES: usize = 4096;
/// Speed used when none is stored (ticks per beat).
pub const DEFAULT_SPEED: u32 = 1;

/// Colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// The system's light or dark setting (default).
    #[default]
    System,
    /// Light background.
    Light,
    /// Dark background.
    Dark,
    /// High contrast (WCAG AAA text contrast, thicker lines).
    HighContrast,
}

impl Theme {
    /// Every theme, in the order the picker lists them.
    pub const ALL: [Theme; 4] = [
        Theme::System,
        Theme::Light,
        Theme::Dark,
        Theme::HighContrast,
    ];

    /// Stored name: `system`, `light`, `dark`, `high-contrast`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::HighContrast => "high-contrast",
        }
    }

    /// The theme with that stored name.
    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The theme to draw in: `System` becomes `Dark` when `system_dark`, else `Light`.
    #[must_use]
    pub fn resolved(self, system_dark: bool) -> Theme {
        match self {
            Theme::System if system_dark => Theme::Dark,
            Theme::System => Theme::Light,
            other => other,
        }
    }
}

/// What the reader chose last time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    /// Colour theme.
    pub theme: Theme,
    /// Ticks per beat, `1..=1000`.
    pub speed: u32,
    /// Chapter open when the reader left.
    pub last_chapter: Option<ChapterId>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            speed: DEFAULT_SPEED,
            last_chapter: None,
        }
    }
}

impl Prefs {
    /// The JSON text to store.
    pub fn to_stored(self) -> String {
        let mut obj = Map::new();
        obj.insert("v".into(), Value::from(PREFS_VERSION));
        obj.insert("theme".into(), self.theme.name().into());
        obj.insert("speed".into(), Value::from(self.speed));
        if let Some(c) = self.last_chapter.and_then(chapter_by_id) {
            obj.insert("last_chapter".into(), c.slug.into());
        }
        Value::Object(obj).to_string()
    }

    /// Reads stored text; never fails (see the module docs).
    pub fn from_stored(text: &str) -> (Prefs, Vec<Notice>) {
        let mut log = NoticeLog::new();
        let mut prefs = Prefs::default();
        if text.len() > MAX_STORED_BYTES {
            log.push(
                "(prefs)",
                NoticeKind::Truncated,
                "stored preferences are too long; defaults were used",
                "",
            );
            return (prefs, log.finish());
        }
        let obj = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(obj)) => obj,
            _ => {
                log.push(
                    "(prefs)",
                    NoticeKind::Malformed,
                    "stored preferences are not a JSON object; defaults were used",
                    text,
                );
                return (prefs, log.finish());
            }
        };
        let version = obj.get("v").and_then(Value::as_u64);
        let (theme_key, chapter_key) = match version {
            Some(0) => ("dark", "chapter"),
            Some(PREFS_VERSION) => ("theme", "last_chapter"),
            other => {
                let shown = obj.get("v").map(Value::to_string).unwrap_or_default();
                log.push(
                    "v",
                    NoticeKind::Version,
                    if other.is_none() {
                        "no version; read as version 1"
                    } else {
                        "unsupported version; read as version 1 where possible"
                    },
                    &shown,
                );
                ("theme", "last_chapter")
            }
        };
        for (key, value) in &obj {
            let k = key.as_str();
            if k == "v" {
                continue;
            }
            if k == theme_key {
                prefs.theme = read_theme(&mut log, k, value);
            } else if k == chapter_key {
                prefs.last_chapter = read_chapter(&mut log, k, value);
            } else if k == "speed" {
                prefs.speed = read_speed(&mut log, value);
            } else {
                log.push(k, NoticeKind::UnknownKey, "ignored", "");
            }
        }
        (prefs, log.finish())
    }
}

fn read_theme(log: &mut NoticeLog, key: &str, value: &Value) -> Theme {
    let theme = match value {
        // Version 0 stored a flag.
        Value::Bool(true) => Some(Theme::Dark),
        Value::Bool(false) => Some(Theme::Light),
        Value::String(s) => Theme::from_name(s),
        _ => None,
    };
    theme.unwrap_or_else(|| {
        log.push(
            key,
            NoticeKind::Malformed,
            "expected system, light, dark or high-contrast; system was used",
            &value.to_string(),
        );
        Theme::System
    })
}

fn read_speed(log: &mut NoticeLog, value: &Value) -> u32 {
    if let Some(s) = value.as_u64() {
        let c = s.clamp(1, MAX_SPEED);
        if c != s {
            log.push(
                "speed",
                NoticeKind::Clamped,
                &format!("out of range 1..={MAX_SPEED}; {c} was used"),
                &s.to_string(),
            );
        }
        // MAX_SPEED fits in u32.
        return u32::try_from(c).unwrap_or(DEFAULT_SPEED);
    }
    log.push(
        "speed",
        NoticeKind::Malformed,
        "not a whole number; the default was used",
        &value.to_string(),
    );
    DEFAULT_SPEED
}

fn read_chapter(log: &mut NoticeLog, key: &str, value: &Value) -> Option<ChapterId> {
    if value.is_null() {
        return None;
    }
    let found = value.as_str().and_then(chapter_by_slug).map(|c| c.id);
    if found.is_none() {
        log.push(
            key,
            NoticeKind::Malformed,
            "no chapter by that name; ignored",
            &value.to_string(),
        );
    }
    found
}
