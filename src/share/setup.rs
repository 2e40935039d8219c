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
//! | `pat` | `pattern` | `none`, `shadow`, `canary:STEP,INTERVAL,MAX,LIMIT,argo\|flagger[,MIN_SAMPLES,ERR_PASS,ERR_FAIL,LAT_PASS\|off,LAT_FAIL]`, `bluegreen:SCALE_DOWN_SECS,COLD_START_SECS` | canary: step `1..=100`, interval `1..=100000`, max `step..=100`, limit `0..=100`, min samples `0..=10000`, error-rate lines `0..=1`, latency lines `0..=100000` ms (fail >= pass); missing trailing fields take `CanaryConfig::default()`. Blue-green: `0..=604800` s each |
//! | `serve` | `serving` | `SITE,SERVERS,rt\|batch:N,log\|nolog,QUEUE`, e.g. `edge,1,rt,log,1000` | servers `1..=`site max |
//! | `det` | `monitoring.detector` | `off`, `adwin`, `page-hinkley`, `ddm`, `kswin` (River defaults) | |
//! | `drift` | `events` | `none` or `KIND:SHAPE:START:WIDTH:MAGNITUDE,...` | at most 16 |
//! | `act` | `actions` | `none` or `WHAT@TICK,...`; WHAT is `retrain`, `promote`, `rollback`, `auto:LEVEL`, `model:THRESHOLD`, `drift:KIND:SHAPE:START:WIDTH:MAGNITUDE`, `deploy:PRESET:PATTERN` (a `pat` value with `/` for its commas, e.g. `deploy:trained:canary:5/30/50/0/argo`) | at most 64, sorted by tick (stable: same-tick actions keep their order) |
//!
//! Drift kinds: `light`, `blur`, `slice`, `missing`, `spec`, `new-defect`; shapes: `sudden`,
//! `gradual`, `incremental`, `recurring`. Model presets: `trained`, `wrong-labels`,
//! `broken-feature`, `always-pass`.

use super::deploy::{fmt_pattern, fmt_serving, read_pattern, read_serving};
use super::limits::{MAX_CONFIDENCE_BAND, MAX_LABEL_DELAY_TICKS, MAX_PHONES_PER_TICK};
use super::notice::NoticeLog;
use super::timeline::{
    fmt_action, fmt_event, fmt_list, fmt_model, read_actions, read_events, read_model, ModelKnob,
};
use super::values::{
    fmt_f64, is_none_word, name_of, read_f64, read_name, read_u64, Detector, AUTOMATION, DETECTOR,
    FALLBACK,
};
use driftline_sim::automation::{AutomationLevel, Fallback};
use driftline_sim::deploy::Pattern;
use driftline_sim::drift::DriftEvent;
use driftline_sim::scenario::{Scenario, ScheduledAction};
use driftline_sim::serving::ServingConfig;

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
