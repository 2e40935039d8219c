//! Link formats of the run's timeline: models (`PRESET:THRESHOLD`), drift events
//! (`KIND:SHAPE:START:WIDTH:MAGNITUDE`), scheduled actions (`WHAT@TICK`) and comma lists.
//! The formats and ranges are listed in [`crate::share::setup`].

use super::deploy::{fmt_pattern, read_pattern};
use super::limits::{
    MAX_ACTIONS, MAX_DRIFT_EVENTS, MAX_EVENT_TICK, MAX_WIDTH_TICKS, MODEL_THRESHOLD_RANGE,
};
use super::notice::{NoticeKind, NoticeLog};
use super::values::{
    fmt_f64, is_none_word, name_of, read_f64, read_name, read_u64, AUTOMATION, DRIFT_KIND,
    DRIFT_SHAPE, MODEL_PRESET,
};
use driftline_sim::drift::DriftEvent;
use driftline_sim::model::{ModelPreset, ModelSpec};
use driftline_sim::scenario::{Action, ScheduledAction};

/// A model as a link describes it: preset and decision threshold; other training settings
/// come from the base scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelKnob {
    /// Which model.
    pub preset: ModelPreset,
    /// REJECT at or above this score, within [`MODEL_THRESHOLD_RANGE`].
    pub threshold: f64,
}

impl ModelKnob {
    pub(super) fn of(spec: &ModelSpec) -> Self {
        Self {
            preset: spec.preset,
            threshold: spec.threshold,
        }
    }

    pub(super) fn onto(self, base: ModelSpec) -> ModelSpec {
        ModelSpec {
            preset: self.preset,
            threshold: self.threshold,
            ..base
        }
    }
}

/// Stands for the commas inside a pattern written in an `act=` entry (`canary:5/30/50/0/argo`).
const PATTERN_FIELD_SEPARATOR: &str = "/";

pub(super) fn fmt_list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(",")
    }
}

pub(super) fn fmt_model(m: ModelKnob) -> String {
    format!(
        "{}:{}",
        name_of(MODEL_PRESET, &m.preset),
        fmt_f64(m.threshold)
    )
}

pub(super) fn read_threshold(log: &mut NoticeLog, key: &str, text: &str) -> Option<f64> {
    let (lo, hi) = MODEL_THRESHOLD_RANGE;
    read_f64(log, key, text, lo, hi)
}

pub(super) fn read_model(log: &mut NoticeLog, key: &str, text: &str) -> Option<ModelKnob> {
    let (preset, threshold) = match text.split_once(':') {
        Some((p, t)) => (p, Some(t)),
        None => (text, None),
    };
    let preset = read_name(log, key, MODEL_PRESET, preset)?;
    let threshold = match threshold {
        Some(t) => read_threshold(log, key, t).unwrap_or(ModelSpec::default().threshold),
        None => ModelSpec::default().threshold,
    };
    Some(ModelKnob { preset, threshold })
}

/// `KIND:SHAPE:START:WIDTH:MAGNITUDE`.
pub(super) fn fmt_event(e: &DriftEvent) -> String {
    format!(
        "{}:{}:{}:{}:{}",
        name_of(DRIFT_KIND, &e.kind),
        name_of(DRIFT_SHAPE, &e.shape),
        e.start_tick,
        e.width_ticks,
        fmt_f64(e.magnitude)
    )
}

/// Reads `KIND:SHAPE:START:WIDTH:MAGNITUDE`; `None` (with a notice) unless all five fields
/// are there and kind and shape are known; numbers are clamped.
pub(super) fn read_event(log: &mut NoticeLog, key: &str, text: &str) -> Option<DriftEvent> {
    let parts: Vec<&str> = text.split(':').collect();
    let [kind, shape, start, width, magnitude] = parts.as_slice() else {
        log.push(
            key,
            NoticeKind::Dropped,
            "a drift event needs KIND:SHAPE:START:WIDTH:MAGNITUDE; dropped",
            text,
        );
        return None;
    };
    let kind = read_name(log, key, DRIFT_KIND, kind)?;
    let shape = read_name(log, key, DRIFT_SHAPE, shape)?;
    Some(DriftEvent {
        kind,
        shape,
        start_tick: read_u64(log, key, start, 0, MAX_EVENT_TICK).unwrap_or(0),
        width_ticks: read_u64(log, key, width, 0, MAX_WIDTH_TICKS).unwrap_or(0),
        magnitude: read_f64(log, key, magnitude, 0.0, 1.0).unwrap_or(0.5),
    })
}

pub(super) fn read_list<T>(
    log: &mut NoticeLog,
    key: &str,
    text: &str,
    max: usize,
    mut item: impl FnMut(&mut NoticeLog, &str, &str) -> Option<T>,
) -> Option<Vec<T>> {
    if is_none_word(text) {
        return Some(Vec::new());
    }
    if text.trim().is_empty() {
        log.push(
            key,
            NoticeKind::Malformed,
            "empty; write `none` for an empty list. The preset's list was kept",
            text,
        );
        return None;
    }
    let mut out = Vec::new();
    for (i, part) in text.split(',').enumerate() {
        if out.len() == max {
            log.push(
                key,
                NoticeKind::Dropped,
                &format!("at most {max} entries; the rest were dropped"),
                part,
            );
            break;
        }
        let entry_key = format!("{key}[{i}]");
        if let Some(v) = item(log, &entry_key, part) {
            out.push(v);
        }
    }
    Some(out)
}

pub(super) fn read_events(log: &mut NoticeLog, key: &str, text: &str) -> Option<Vec<DriftEvent>> {
    read_list(log, key, text, MAX_DRIFT_EVENTS, read_event)
}

pub(super) fn fmt_action(a: &ScheduledAction) -> String {
    let what = match &a.action {
        Action::Retrain => "retrain".to_string(),
        Action::Promote => "promote".to_string(),
        Action::Rollback => "rollback".to_string(),
        Action::SetAutomation { level } => format!("auto:{}", name_of(AUTOMATION, level)),
        Action::SetThreshold { threshold } => format!("model:{}", fmt_f64(*threshold)),
        Action::InjectDrift { event } => format!("drift:{}", fmt_event(event)),
        // The pattern's own commas would split the action list, so they become `/` here.
        Action::Deploy { candidate, pattern } => format!(
            "deploy:{}:{}",
            name_of(MODEL_PRESET, candidate),
            fmt_pattern(pattern).replace(',', PATTERN_FIELD_SEPARATOR)
        ),
    };
    format!("{what}@{}", a.tick)
}

pub(super) fn read_action(log: &mut NoticeLog, key: &str, text: &str) -> Option<ScheduledAction> {
    let Some((what, tick)) = text.rsplit_once('@') else {
        log.push(
            key,
            NoticeKind::Dropped,
            "an action needs WHAT@TICK; dropped",
            text,
        );
        return None;
    };
    let (verb, arg) = match what.split_once(':') {
        Some((v, a)) => (v, Some(a)),
        None => (what, None),
    };
    let action = match (verb.trim().to_ascii_lowercase().as_str(), arg) {
        ("retrain", None) => Action::Retrain,
        ("promote", None) => Action::Promote,
        ("rollback", None) => Action::Rollback,
        ("auto", Some(a)) => Action::SetAutomation {
            level: read_name(log, key, AUTOMATION, a)?,
        },
        ("model", Some(a)) => Action::SetThreshold {
            threshold: read_threshold(log, key, a)?,
        },
        ("drift", Some(a)) => Action::InjectDrift {
            event: read_event(log, key, a)?,
        },
        ("deploy", Some(a)) => {
            let (candidate, pattern) = a.split_once(':').unwrap_or((a, "none"));
            let pattern = pattern.replace(PATTERN_FIELD_SEPARATOR, ",");
            Action::Deploy {
                candidate: read_name(log, key, MODEL_PRESET, candidate)?,
                pattern: read_pattern(log, key, &pattern)?,
            }
        }
        _ => {
            log.push(
                key,
                NoticeKind::Dropped,
                "unknown action (retrain, promote, rollback, auto:LEVEL, model:THRESHOLD, drift:EVENT, deploy:MODEL:PATTERN); dropped",
                text,
            );
            return None;
        }
    };
    let tick = read_u64(log, key, tick, 0, MAX_EVENT_TICK)?;
    Some(ScheduledAction { tick, action })
}

pub(super) fn read_actions(
    log: &mut NoticeLog,
    key: &str,
    text: &str,
) -> Option<Vec<ScheduledAction>> {
    let mut v = read_list(log, key, text, MAX_ACTIONS, read_action)?;
    if v.windows(2).any(|w| w[0].tick > w[1].tick) {
        // The simulation applies actions in list order and waits at the first future one.
        crate::keyed_sort::sort_by_u64_key(&mut v, |a| a.tick);
        log.push(
            key,
            NoticeKind::Reordered,
            "actions were sorted by tick",
            "",
        );
    }
    Some(v)
}
