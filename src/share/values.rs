//! Reading and writing single values: bounded numbers and named choices.
//!
//! Numbers: integers are plain decimal (`+` allowed, surrounding spaces ignored); a value
//! past its range is clamped (a too-large integer, `-5` for a count, `1e400` and `inf`
//! included) and raises [`NoticeKind::Clamped`]; text that is not a number, and `NaN`,
//! raise [`NoticeKind::Malformed`] and the caller keeps its default.
//!
//! Floats are written in Rust's shortest round-trip form (`0.4`, `1e-7`), so reading a
//! written value gives back exactly the same `f64`.
//!
//! Names are matched ignoring ASCII case, `-`, `_` and spaces, so `page-hinkley`,
//! `Page_Hinkley` and `pagehinkley` are the same; each choice also accepts the simulation's
//! serde name (`lighting_dim`) as an alias of its short name (`light`).

use super::notice::{NoticeKind, NoticeLog};
use driftline_sim::automation::{AutomationLevel, Fallback};
use driftline_sim::deploy::FailureSemantics;
use driftline_sim::drift::{DriftKind, DriftShape};
use driftline_sim::model::ModelPreset;
use driftline_sim::monitor::detectors::DetectorKind;
use driftline_sim::serving::Site;

/// `none` or `off` (any case, spaces around): the word a link uses for "nothing here".
pub fn is_none_word(text: &str) -> bool {
    let t = text.trim();
    t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("off")
}

/// Writes `v` so that `str::parse::<f64>` gives back the same bits (`-0` is written as `0`).
pub fn fmt_f64(v: f64) -> String {
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v:?}");
    match s.strip_suffix(".0") {
        Some(int) => int.to_string(),
        None => s,
    }
}

/// Reads an integer in `lo..=hi`; `None` (with a notice) when it is not an integer.
pub fn read_u64(log: &mut NoticeLog, key: &str, text: &str, lo: u64, hi: u64) -> Option<u64> {
    let t = text.trim();
    let digits = t.strip_prefix('+').unwrap_or(t);
    let negative = digits.strip_prefix('-');
    let (body, is_negative) = match negative {
        Some(rest) => (rest, true),
        None => (digits, false),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        log.push(
            key,
            NoticeKind::Malformed,
            &format!("not a whole number in {lo}..={hi}; the default was used"),
            text,
        );
        return None;
    }
    let clamped = |log: &mut NoticeLog, used: u64| {
        log.push(
            key,
            NoticeKind::Clamped,
            &format!("out of range {lo}..={hi}; {used} was used"),
            text,
        );
        Some(used)
    };
    if is_negative {
        // Zero written as "-0" is still zero; anything else is below every range here.
        if body.bytes().all(|b| b == b'0') && lo == 0 {
            return Some(0);
        }
        return clamped(log, lo);
    }
    match body.parse::<u64>() {
        Ok(v) if v < lo => clamped(log, lo),
        Ok(v) if v > hi => clamped(log, hi),
        Ok(v) => Some(v),
        // Only digits, so the only failure is overflow.
        Err(_) => clamped(log, hi),
    }
}

/// Reads a float in `lo..=hi`; `None` (with a notice) when it is not a number or is NaN.
pub fn read_f64(log: &mut NoticeLog, key: &str, text: &str, lo: f64, hi: f64) -> Option<f64> {
    let v = match text.trim().parse::<f64>() {
        Ok(v) if !v.is_nan() => v,
        _ => {
            log.push(
                key,
                NoticeKind::Malformed,
                &format!(
                    "not a number in {}..={}; the default was used",
                    fmt_f64(lo),
                    fmt_f64(hi)
                ),
                text,
            );
            return None;
        }
    };
    let c = v.clamp(lo, hi);
    if c != v {
        log.push(
            key,
            NoticeKind::Clamped,
            &format!(
                "out of range {}..={}; {} was used",
                fmt_f64(lo),
                fmt_f64(hi),
                fmt_f64(c)
            ),
            text,
        );
    }
    Some(if c == 0.0 { 0.0 } else { c })
}

/// One named choice: the name written, aliases also read, and the value.
#[derive(Debug, Clone, Copy)]
pub struct Name<T: 'static> {
    /// Written and read.
    pub name: &'static str,
    /// Also read.
    pub aliases: &'static [&'static str],
    /// The choice.
    pub value: T,
}

const fn n<T>(name: &'static str, aliases: &'static [&'static str], value: T) -> Name<T> {
    Name {
        name,
        aliases,
        value,
    }
}

fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    // Names are short; a long input cannot match and is not worth normalising.
    a.len() <= 64 && norm(a) == norm(b)
}

/// The choice called `text` (by name or alias).
pub fn lookup<T: Clone>(table: &[Name<T>], text: &str) -> Option<T> {
    let t = text.trim();
    table
        .iter()
        .find(|e| same(t, e.name) || e.aliases.iter().any(|a| same(t, a)))
        .map(|e| e.value.clone())
}

/// The written name of `value` (empty if the table lacks it, which the tests rule out).
pub fn name_of<T: PartialEq>(table: &[Name<T>], value: &T) -> &'static str {
    table
        .iter()
        .find(|e| e.value == *value)
        .map_or("", |e| e.name)
}

/// Every written name of a table, comma-separated (for notices).
pub fn names<T>(table: &[Name<T>]) -> String {
    table.iter().map(|e| e.name).collect::<Vec<_>>().join(", ")
}

/// Reads a named choice; `None` (with a notice listing the choices) when unknown.
pub fn read_name<T: Clone>(
    log: &mut NoticeLog,
    key: &str,
    table: &[Name<T>],
    text: &str,
) -> Option<T> {
    let v = lookup(table, text);
    if v.is_none() {
        log.push(
            key,
            NoticeKind::Malformed,
            &format!("expected one of {}; the default was used", names(table)),
            text,
        );
    }
    v
}

/// Degrees of automation (`auto=`).
pub const AUTOMATION: &[Name<AutomationLevel>] = &[
    n("human", &["human_only"], AutomationLevel::HumanOnly),
    n("shadow", &[], AutomationLevel::Shadow),
    n("assist", &["ai_assistance"], AutomationLevel::AiAssistance),
    n(
        "partial",
        &["partial_automation"],
        AutomationLevel::PartialAutomation,
    ),
    n(
        "full",
        &["full_automation"],
        AutomationLevel::FullAutomation,
    ),
];

/// Fallback for undecidable phones (`fb=`).
pub const FALLBACK: &[Name<Fallback>] = &[
    n("human", &[], Fallback::Human),
    n("reject", &["default_reject"], Fallback::DefaultReject),
    n("pass", &["default_pass"], Fallback::DefaultPass),
];

/// Drift kinds (first field of a `drift=` entry).
pub const DRIFT_KIND: &[Name<DriftKind>] = &[
    n(
        "light",
        &["lighting_dim", "lighting", "dim"],
        DriftKind::LightingDim,
    ),
    n("blur", &["camera_blur"], DriftKind::CameraBlur),
    n("slice", &["new_slice_share"], DriftKind::NewSliceShare),
    n("missing", &["missing_images"], DriftKind::MissingImages),
    n("spec", &["spec_tighten"], DriftKind::SpecTighten),
    n("new-defect", &["new_defect_type"], DriftKind::NewDefectType),
];

/// Drift shapes (second field of a `drift=` entry).
pub const DRIFT_SHAPE: &[Name<DriftShape>] = &[
    n("sudden", &[], DriftShape::Sudden),
    n("gradual", &[], DriftShape::Gradual),
    n("incremental", &[], DriftShape::Incremental),
    n("recurring", &[], DriftShape::Recurring),
];

/// Model presets (`model=`, `cand=`).
pub const MODEL_PRESET: &[Name<ModelPreset>] = &[
    n("trained", &[], ModelPreset::Trained),
    n("wrong-labels", &[], ModelPreset::WrongLabels),
    n("broken-feature", &[], ModelPreset::BrokenFeature),
    n("always-pass", &[], ModelPreset::AlwaysPass),
];

/// Serving sites (first field of `serve=`).
pub const SITE: &[Name<Site>] = &[n("edge", &[], Site::Edge), n("cloud", &[], Site::Cloud)];

/// Canary abort rules (fifth field of `pat=canary:`).
pub const SEMANTICS: &[Name<FailureSemantics>] = &[
    n(
        "argo",
        &["argo_past_limit"],
        FailureSemantics::ArgoPastLimit,
    ),
    n(
        "flagger",
        &["flagger_at_threshold"],
        FailureSemantics::FlaggerAtThreshold,
    ),
];

/// The error-rate detector choices of `det=`, each with River's default parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Detector {
    /// No detector.
    Off,
    /// ADWIN.
    Adwin,
    /// Page-Hinkley.
    PageHinkley,
    /// DDM (the scenario default).
    Ddm,
    /// KSWIN.
    Kswin,
}

impl Detector {
    /// The simulation's detector setting.
    pub fn kind(self) -> Option<DetectorKind> {
        let name = match self {
            Detector::Off => return None,
            Detector::Adwin => "adwin",
            Detector::PageHinkley => "page-hinkley",
            Detector::Ddm => "ddm",
            Detector::Kswin => "kswin",
        };
        DetectorKind::from_cli_name(name)
    }

    /// The choice whose setting equals `kind` (None when the parameters are not River's defaults).
    pub fn of(kind: &Option<DetectorKind>) -> Option<Detector> {
        DETECTOR.iter().map(|e| e.value).find(|d| d.kind() == *kind)
    }
}

/// Detector choices (`det=`).
pub const DETECTOR: &[Name<Detector>] = &[
    n("off", &["none"], Detector::Off),
    n("adwin", &[], Detector::Adwin),
    n("page-hinkley", &[], Detector::PageHinkley),
    n("ddm", &[], Detector::Ddm),
    n("kswin", &[], Detector::Kswin),
];
