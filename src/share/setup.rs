//! The scenario knobs a link can carry, as overrides on a base scenario (a lesson preset or
//! the default scenario). `None` means "as in the base"; only `Some` knobs are written.
//!
//! | key | field | format | range (clamped) |
//! |---|---|---|---|
//! | `seed` | `seed` | integer | `0..=2^64-1` |
//! | `auto` | `automation` | `human`, `shadow`, `assist`, `partial`, `full` | |
//! | `band` | `confidence_band` | number | `0..=0.49` |
//! | `fb` | `fallback` | `human`, `reject`, `pass` | |
//! | `rate` | `phones_per_tick` | number | `0..=1000` |
//! | `delay` | `label_delay_ticks` | integer | `0..=20000` |
//! | `model` | stable model | `PRESET:THRESHOLD`, e.g. `trained:0.5` | threshold `0.01..=0.99` |
//! | `cand` | candidate model | `none` or `PRESET:THRESHOLD` | as `model` |
//! | `pat` | `pattern` | `none`, `shadow`, `canary:STEP,INTERVAL,MAX,LIMIT,argo\|flagger[,MIN_SAMPLES,ERR_PASS,ERR_FAIL,LAT_PASS\|off,LAT_FAIL]`, `bluegreen:SCALE_DOWN_SECS,COLD_START_SECS` | see [`read_pattern`] |
//! | `serve` | `serving` | `SITE,SERVERS,rt\|batch:N,log\|nolog,QUEUE`, e.g. `edge,1,rt,log,1000` | servers `1..=`site max |
//! | `det` | `monitoring.detector` | `off`, `adwin`, `page-hinkley`, `ddm`, `kswin` (River defaults) | |
//! | `drift` | `events` | `none` or `KIND:SHAPE:START:WIDTH:MAGNITUDE,...` | at most 16 |
//! | `act` | `actions` | `none` or `WHAT@TICK,...`; WHAT is `retrain`, `promote`, `rollback`, `auto:LEVEL`, `model:THRESHOLD`, `drift:KIND:SHAPE:START:WIDTH:MAGNITUDE` | at most 64, sorted by tick |
//!
//! Drift kinds: `light`, `blur`, `slice`, `missing`, `spec`, `new-defect`; shapes: `sudden`,
//! `gradual`, `incremental`, `recurring`. Model presets: `trained`, `wrong-labels`,
//! `broken-feature`, `always-pass`.

use super::notice::{NoticeKind, NoticeLog};
use super::values::{
    fmt_f64, name_of, read_f64, read_name, read_u64, Detector, AUTOMATION, DETECTOR, DRIFT_KIND,
    DRIFT_SHAPE, FALLBACK, MODEL_PRESET, SEMANTICS, SITE,
};
use driftline_sim::automation::{AutomationLevel, Fallback};
use driftline_sim::deploy::canary::MetricThresholds;
use driftline_sim::deploy::{BlueGreenConfig, CanaryConfig, Pattern};
use driftline_sim::drift::DriftEvent;
use driftline_sim::model::{ModelPreset, ModelSpec};
use driftline_sim::scenario::{Action, Scenario, ScheduledAction};
use driftline_sim::serving::{ServingConfig, ServingMode};

/// Most drift events a link carries.
pub const MAX_DRIFT_EVENTS: usize = 16;
/// Most scheduled actions a link carries.
pub const MAX_ACTIONS: usize = 64;
/// Latest tick a drift event may start or an action may happen at.
pub const MAX_EVENT_TICK: u64 = 10_000_000;
/// Longest drift transition (the simulation's own clamp).
pub const MAX_WIDTH_TICKS: u64 = 10_000_000;
/// Longest label delay (the simulation's own clamp).
pub const MAX_LABEL_DELAY_TICKS: u64 = 20_000;
/// Most phones per tick a link may ask for.
pub const MAX_PHONES_PER_TICK: f64 = 1000.0;
/// Decision thresholds are kept inside (0, 1): the simulation rejects 0 and 1.
pub const MODEL_THRESHOLD_RANGE: (f64, f64) = (0.01, 0.99);
/// Largest confidence band (the simulation requires `< 0.5`).
pub const MAX_CONFIDENCE_BAND: f64 = 0.49;
/// Longest canary interval.
pub const MAX_CANARY_INTERVAL_TICKS: u64 = 100_000;
/// Largest canary failure limit.
pub const MAX_FAILURE_LIMIT: u64 = 100;
/// Largest canary minimum sample count.
pub const MAX_MIN_SAMPLES: u64 = 10_000;
/// Largest canary latency line, ms.
pub const MAX_LATENCY_MS: f64 = 100_000.0;
/// Longest blue-green delay (the simulation's bound: one week).
pub const MAX_BLUE_GREEN_SECS: u64 = 7 * 24 * 3600;
/// Longest batch period.
pub const MAX_BATCH_EVERY_TICKS: u64 = 10_000;
/// Largest serving queue.
pub const MAX_SERVING_QUEUE: u64 = 100_000;

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
    fn of(spec: &ModelSpec) -> Self {
        Self {
            preset: spec.preset,
            threshold: spec.threshold,
        }
    }

    fn onto(self, base: ModelSpec) -> ModelSpec {
        ModelSpec {
            preset: self.preset,
            threshold: self.threshold,
            ..base
        }
    }
}

/// Scenario overrides carried by a link (see the module docs for keys and formats).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Setup {
    /// `seed`.
    pub seed: Option<u64>,
    /// `auto`.
    pub automation: Option<AutomationLevel>,
    /// `band`.
    pub confidence_band: Option<f64>,
    /// `fb`.
    pub fallback: Option<Fallback>,
    /// `rate`.
    pub phones_per_tick: Option<f64>,
    /// `delay`.
    pub label_delay_ticks: Option<u64>,
    /// `model`.
    pub model: Option<ModelKnob>,
    /// `cand`: `Some(None)` removes the base's candidate.
    pub candidate: Option<Option<ModelKnob>>,
    /// `pat`.
    pub pattern: Option<Pattern>,
    /// `serve`.
    pub serving: Option<ServingConfig>,
    /// `det`.
    pub detector: Option<Detector>,
    /// `drift`: replaces the base's events (an empty list removes them).
    pub events: Option<Vec<DriftEvent>>,
    /// `act`: replaces the base's scripted actions, sorted by tick.
    pub actions: Option<Vec<ScheduledAction>>,
}

impl Setup {
    /// Query keys handled here, in the order they are written.
    pub const KEYS: [&'static str; 13] = [
        "seed", "auto", "band", "fb", "rate", "delay", "model", "cand", "pat", "serve", "det",
        "drift", "act",
    ];

    /// `base` with these overrides applied.
    pub fn apply(&self, base: &Scenario) -> Scenario {
        let mut s = base.clone();
        if let Some(v) = self.seed {
            s.seed = v;
        }
        if let Some(v) = self.automation {
            s.automation = v;
        }
        if let Some(v) = self.confidence_band {
            s.confidence_band = v;
        }
        if let Some(v) = self.fallback {
            s.fallback = v;
        }
        if let Some(v) = self.phones_per_tick {
            s.phones_per_tick = v;
        }
        if let Some(v) = self.label_delay_ticks {
            s.label_delay_ticks = v;
        }
        if let Some(m) = self.model {
            s.model = m.onto(s.model);
        }
        if let Some(c) = self.candidate {
            s.candidate = c.map(|k| k.onto(s.candidate.unwrap_or_default()));
        }
        if let Some(p) = &self.pattern {
            s.pattern = p.clone();
        }
        if let Some(v) = self.serving {
            s.serving = v;
        }
        if let Some(d) = self.detector {
            s.monitoring.detector = d.kind();
        }
        if let Some(e) = &self.events {
            s.events = e.clone();
        }
        if let Some(a) = &self.actions {
            s.actions = a.clone();
        }
        s
    }

    /// The overrides that turn `base` into `current`, as far as a link can say it (fields a
    /// link cannot carry are left out; [`crate::share::ShareState::with_scenario`] names them).
    pub fn from_diff(base: &Scenario, current: &Scenario) -> Self {
        fn diff<T: PartialEq + Clone>(b: &T, c: &T) -> Option<T> {
            (b != c).then(|| c.clone())
        }
        Self {
            seed: diff(&base.seed, &current.seed),
            automation: diff(&base.automation, &current.automation),
            confidence_band: diff(&base.confidence_band, &current.confidence_band),
            fallback: diff(&base.fallback, &current.fallback),
            phones_per_tick: diff(&base.phones_per_tick, &current.phones_per_tick),
            label_delay_ticks: diff(&base.label_delay_ticks, &current.label_delay_ticks),
            model: diff(&ModelKnob::of(&base.model), &ModelKnob::of(&current.model)),
            candidate: diff(
                &base.candidate.as_ref().map(ModelKnob::of),
                &current.candidate.as_ref().map(ModelKnob::of),
            ),
            pattern: diff(&base.pattern, &current.pattern),
            serving: diff(&base.serving, &current.serving),
            detector: if base.monitoring.detector == current.monitoring.detector {
                None
            } else {
                Detector::of(&current.monitoring.detector)
            },
            events: diff(&base.events, &current.events),
            actions: diff(&base.actions, &current.actions),
        }
    }

    /// Appends `(key, value)` for every `Some` knob, in [`Setup::KEYS`] order.
    pub fn write(&self, out: &mut Vec<(&'static str, String)>) {
        if let Some(v) = self.seed {
            out.push(("seed", v.to_string()));
        }
        if let Some(v) = self.automation {
            out.push(("auto", name_of(AUTOMATION, &v).into()));
        }
        if let Some(v) = self.confidence_band {
            out.push(("band", fmt_f64(v)));
        }
        if let Some(v) = self.fallback {
            out.push(("fb", name_of(FALLBACK, &v).into()));
        }
        if let Some(v) = self.phones_per_tick {
            out.push(("rate", fmt_f64(v)));
        }
        if let Some(v) = self.label_delay_ticks {
            out.push(("delay", v.to_string()));
        }
        if let Some(m) = self.model {
            out.push(("model", fmt_model(m)));
        }
        if let Some(c) = self.candidate {
            out.push(("cand", c.map_or_else(|| "none".into(), fmt_model)));
        }
        if let Some(p) = &self.pattern {
            out.push(("pat", fmt_pattern(p)));
        }
        if let Some(s) = &self.serving {
            out.push(("serve", fmt_serving(s)));
        }
        if let Some(d) = self.detector {
            out.push(("det", name_of(DETECTOR, &d).into()));
        }
        if let Some(e) = &self.events {
            out.push(("drift", fmt_list(e.iter().map(fmt_event))));
        }
        if let Some(a) = &self.actions {
            out.push(("act", fmt_list(a.iter().map(fmt_action))));
        }
    }

    /// Reads one pair. Returns false when `key` is not a setup key (nothing changed).
    /// A malformed value leaves the knob as it was (with a notice).
    pub fn read(&mut self, log: &mut NoticeLog, key: &str, value: &str) -> bool {
        match key {
            "seed" => set(&mut self.seed, read_u64(log, key, value, 0, u64::MAX)),
            "auto" => set(&mut self.automation, read_name(log, key, AUTOMATION, value)),
            "band" => set(
                &mut self.confidence_band,
                read_f64(log, key, value, 0.0, MAX_CONFIDENCE_BAND),
            ),
            "fb" => set(&mut self.fallback, read_name(log, key, FALLBACK, value)),
            "rate" => set(
                &mut self.phones_per_tick,
                read_f64(log, key, value, 0.0, MAX_PHONES_PER_TICK),
            ),
            "delay" => set(
                &mut self.label_delay_ticks,
                read_u64(log, key, value, 0, MAX_LABEL_DELAY_TICKS),
            ),
            "model" => set(&mut self.model, read_model(log, key, value)),
            "cand" => {
                let v = if is_none_word(value) {
                    Some(None)
                } else {
                    read_model(log, key, value).map(Some)
                };
                set(&mut self.candidate, v);
            }
            "pat" => set(&mut self.pattern, read_pattern(log, key, value)),
            "serve" => set(&mut self.serving, read_serving(log, key, value)),
            "det" => set(&mut self.detector, read_name(log, key, DETECTOR, value)),
            "drift" => set(&mut self.events, read_events(log, key, value)),
            "act" => set(&mut self.actions, read_actions(log, key, value)),
            _ => return false,
        }
        true
    }
}

fn set<T>(slot: &mut Option<T>, v: Option<T>) {
    if v.is_some() {
        *slot = v;
    }
}

fn is_none_word(text: &str) -> bool {
    let t = text.trim();
    t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("off")
}

fn fmt_list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(",")
    }
}

fn fmt_model(m: ModelKnob) -> String {
    format!(
        "{}:{}",
        name_of(MODEL_PRESET, &m.preset),
        fmt_f64(m.threshold)
    )
}

fn read_threshold(log: &mut NoticeLog, key: &str, text: &str) -> Option<f64> {
    let (lo, hi) = MODEL_THRESHOLD_RANGE;
    read_f64(log, key, text, lo, hi)
}

fn read_model(log: &mut NoticeLog, key: &str, text: &str) -> Option<ModelKnob> {
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
pub fn fmt_event(e: &DriftEvent) -> String {
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
pub fn read_event(log: &mut NoticeLog, key: &str, text: &str) -> Option<DriftEvent> {
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

fn read_list<T>(
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

fn read_events(log: &mut NoticeLog, key: &str, text: &str) -> Option<Vec<DriftEvent>> {
    read_list(log, key, text, MAX_DRIFT_EVENTS, read_event)
}

fn fmt_action(a: &ScheduledAction) -> String {
    let what = match a.action {
        Action::Retrain => "retrain".to_string(),
        Action::Promote => "promote".to_string(),
        Action::Rollback => "rollback".to_string(),
        Action::SetAutomation { level } => format!("auto:{}", name_of(AUTOMATION, &level)),
        Action::SetThreshold { threshold } => format!("model:{}", fmt_f64(threshold)),
        Action::InjectDrift { event } => format!("drift:{}", fmt_event(&event)),
    };
    format!("{what}@{}", a.tick)
}

fn read_action(log: &mut NoticeLog, key: &str, text: &str) -> Option<ScheduledAction> {
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
        _ => {
            log.push(
                key,
                NoticeKind::Dropped,
                "unknown action (retrain, promote, rollback, auto:LEVEL, model:THRESHOLD, drift:EVENT); dropped",
                text,
            );
            return None;
        }
    };
    let tick = read_u64(log, key, tick, 0, MAX_EVENT_TICK)?;
    Some(ScheduledAction { tick, action })
}

fn read_actions(log: &mut NoticeLog, key: &str, text: &str) -> Option<Vec<ScheduledAction>> {
    let mut v = read_list(log, key, text, MAX_ACTIONS, read_action)?;
    if v.windows(2).any(|w| w[0].tick > w[1].tick) {
        // The simulation applies actions in list order and waits at the first future one.
        v.sort_by_key(|a| a.tick);
        log.push(
            key,
            NoticeKind::Reordered,
            "actions were sorted by tick",
            "",
        );
    }
    Some(v)
}

fn fmt_canary(c: &CanaryConfig) -> String {
    fn pieces(c: &CanaryConfig) -> Vec<String> {
        let mut v = vec![
            c.step_weight_pct.to_string(),
            c.interval_ticks.to_string(),
            c.max_weight_pct.to_string(),
            c.failure_limit.to_string(),
            name_of(SEMANTICS, &c.semantics).to_string(),
            c.min_samples_per_check.to_string(),
            fmt_f64(c.error_rate.pass_max),
            fmt_f64(c.error_rate.fail_above),
        ];
        match c.p99_latency_ms {
            Some(l) => {
                v.push(fmt_f64(l.pass_max));
                v.push(fmt_f64(l.fail_above));
            }
            None => v.push("off".into()),
        }
        v
    }
    let mine = pieces(c);
    let default = pieces(&CanaryConfig::default());
    // The first five fields are always written; later ones up to the last non-default one.
    let last_differing = (0..mine.len())
        .rev()
        .find(|&i| default.get(i) != mine.get(i))
        .unwrap_or(0);
    let keep = (last_differing + 1).max(5);
    format!("canary:{}", mine[..keep.min(mine.len())].join(","))
}

fn fmt_pattern(p: &Pattern) -> String {
    match p {
        Pattern::None => "none".into(),
        Pattern::Shadow => "shadow".into(),
        Pattern::Canary(c) => fmt_canary(c),
        Pattern::BlueGreen(b) => format!(
            "bluegreen:{},{}",
            b.scale_down_delay_secs, b.cold_start_secs
        ),
    }
}

fn read_lines(
    log: &mut NoticeLog,
    key: &str,
    pass: Option<&&str>,
    fail: Option<&&str>,
    hi: f64,
    default: MetricThresholds,
) -> MetricThresholds {
    let pass_max = pass
        .and_then(|t| read_f64(log, key, t, 0.0, hi))
        .unwrap_or(default.pass_max.min(hi));
    let fail_above = fail
        .and_then(|t| read_f64(log, key, t, pass_max, hi))
        .unwrap_or(default.fail_above.clamp(pass_max, hi));
    MetricThresholds {
        pass_max,
        fail_above,
    }
}

fn read_canary(log: &mut NoticeLog, key: &str, fields: &str) -> CanaryConfig {
    let d = CanaryConfig::default();
    let f: Vec<&str> = if fields.trim().is_empty() {
        Vec::new()
    } else {
        fields.split(',').collect()
    };
    if f.len() > 10 {
        log.push(
            key,
            NoticeKind::Dropped,
            "a canary has at most 10 fields; the rest were ignored",
            fields,
        );
    }
    let int = |log: &mut NoticeLog, i: usize, lo: u64, hi: u64, dflt: u64| -> u64 {
        f.get(i)
            .and_then(|t| read_u64(log, key, t, lo, hi))
            .unwrap_or(dflt)
    };
    let step = int(log, 0, 1, 100, u64::from(d.step_weight_pct));
    let interval = int(log, 1, 1, MAX_CANARY_INTERVAL_TICKS, d.interval_ticks);
    let max = int(log, 2, step, 100, u64::from(d.max_weight_pct).max(step));
    let limit = int(log, 3, 0, MAX_FAILURE_LIMIT, u64::from(d.failure_limit));
    let semantics = f
        .get(4)
        .and_then(|t| read_name(log, key, SEMANTICS, t))
        .unwrap_or(d.semantics);
    let min_samples = int(
        log,
        5,
        0,
        MAX_MIN_SAMPLES,
        u64::from(d.min_samples_per_check),
    );
    let error_rate = read_lines(log, key, f.get(6), f.get(7), 1.0, d.error_rate);
    let p99_latency_ms = match f.get(8) {
        Some(t) if is_none_word(t) => None,
        Some(_) => Some(read_lines(
            log,
            key,
            f.get(8),
            f.get(9),
            MAX_LATENCY_MS,
            d.p99_latency_ms.unwrap_or(MetricThresholds {
                pass_max: 500.0,
                fail_above: 500.0,
            }),
        )),
        None => d.p99_latency_ms,
    };
    // Every bound above is within the target type's range.
    CanaryConfig {
        step_weight_pct: u8::try_from(step).unwrap_or(d.step_weight_pct),
        max_weight_pct: u8::try_from(max).unwrap_or(d.max_weight_pct),
        interval_ticks: interval,
        failure_limit: u32::try_from(limit).unwrap_or(d.failure_limit),
        semantics,
        min_samples_per_check: u32::try_from(min_samples).unwrap_or(d.min_samples_per_check),
        error_rate,
        p99_latency_ms,
    }
}

/// Reads `none`, `shadow`, `canary[:FIELDS]` or `bluegreen[:SCALE_DOWN_SECS,COLD_START_SECS]`.
///
/// Canary fields, in order (missing trailing fields take `CanaryConfig::default()`):
/// step weight % (`1..=100`), check interval ticks (`1..=100000`), max weight %
/// (`step..=100`), failure limit (`0..=100`), `argo` or `flagger`, minimum samples per check
/// (`0..=10000`), error-rate pass line and fail line (`0..=1`, fail >= pass), p99 latency
/// pass and fail lines in ms (`0..=100000`, fail >= pass) or `off`.
pub fn read_pattern(log: &mut NoticeLog, key: &str, text: &str) -> Option<Pattern> {
    let (name, rest) = match text.split_once(':') {
        Some((n, r)) => (n, Some(r)),
        None => (text, None),
    };
    let kinds: [(&str, u8); 5] = [
        ("none", 0),
        ("shadow", 1),
        ("canary", 2),
        ("bluegreen", 3),
        ("bg", 3),
    ];
    let norm: String = name
        .trim()
        .chars()
        .take(16)
        .filter(|c| !matches!(c, '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let Some(&(_, kind)) = kinds.iter().find(|(k, _)| *k == norm) else {
        log.push(
            key,
            NoticeKind::Malformed,
            "expected none, shadow, canary:... or bluegreen:...; the default was used",
            text,
        );
        return None;
    };
    match (kind, rest) {
        (0, _) => Some(Pattern::None),
        (1, _) => Some(Pattern::Shadow),
        (2, r) => Some(Pattern::Canary(read_canary(log, key, r.unwrap_or("")))),
        (_, r) => {
            let d = BlueGreenConfig::default();
            let f: Vec<&str> = r.map(|r| r.split(',').collect()).unwrap_or_default();
            let secs = |log: &mut NoticeLog, i: usize, dflt: u64| {
                f.get(i)
                    .and_then(|t| read_u64(log, key, t, 0, MAX_BLUE_GREEN_SECS))
                    .unwrap_or(dflt)
            };
            Some(Pattern::BlueGreen(BlueGreenConfig {
                scale_down_delay_secs: secs(log, 0, d.scale_down_delay_secs),
                cold_start_secs: secs(log, 1, d.cold_start_secs),
            }))
        }
    }
}

fn fmt_serving(s: &ServingConfig) -> String {
    let mode = match s.mode {
        ServingMode::RealTime => "rt".to_string(),
        ServingMode::Batch { batch_every_ticks } => format!("batch:{batch_every_ticks}"),
    };
    format!(
        "{},{},{},{},{}",
        name_of(SITE, &s.site),
        s.servers,
        mode,
        if s.logging { "log" } else { "nolog" },
        s.queue_capacity
    )
}

/// Reads `SITE,SERVERS,MODE,LOGGING,QUEUE` (missing trailing fields take the defaults):
/// `edge`/`cloud`; servers `1..=` the site's maximum; `rt` or `batch:N` (`N` in `1..=10000`);
/// `log` or `nolog`; queue capacity `1..=100000`.
pub fn read_serving(log: &mut NoticeLog, key: &str, text: &str) -> Option<ServingConfig> {
    let d = ServingConfig::default();
    let f: Vec<&str> = text.split(',').collect();
    let site = read_name(log, key, SITE, f.first().copied().unwrap_or(""))?;
    let max_servers = u64::from(site.profile().max_servers);
    let servers = f
        .get(1)
        .and_then(|t| read_u64(log, key, t, 1, max_servers))
        .unwrap_or(u64::from(d.servers));
    let mode = match f.get(2).map(|t| t.trim().to_ascii_lowercase()) {
        None => d.mode,
        Some(m) if m == "rt" || m == "realtime" || m == "real-time" => ServingMode::RealTime,
        Some(m) => match m.strip_prefix("batch:") {
            Some(n) => read_u64(log, key, n, 1, MAX_BATCH_EVERY_TICKS)
                .map_or(d.mode, |batch_every_ticks| ServingMode::Batch {
                    batch_every_ticks,
                }),
            None => {
                log.push(
                    key,
                    NoticeKind::Malformed,
                    "serving mode must be rt or batch:N; real time was used",
                    &m,
                );
                d.mode
            }
        },
    };
    let logging = match f.get(3).map(|t| t.trim().to_ascii_lowercase()) {
        None => d.logging,
        Some(l) if l == "log" || l == "on" => true,
        Some(l) if l == "nolog" || l == "off" => false,
        Some(l) => {
            log.push(
                key,
                NoticeKind::Malformed,
                "logging must be log or nolog; the default was used",
                &l,
            );
            d.logging
        }
    };
    let queue = f
        .get(4)
        .and_then(|t| read_u64(log, key, t, 1, MAX_SERVING_QUEUE))
        .unwrap_or(u64::from(d.queue_capacity));
    Some(ServingConfig {
        site,
        mode,
        // Both bounds fit in u32 (site maximum 256, queue 100000).
        servers: u32::try_from(servers).unwrap_or(d.servers),
        logging,
        queue_capacity: u32::try_from(queue).unwrap_or(d.queue_capacity),
    })
}
