//! The whole setup of the page as a link: `?v=1&ch=drift&seed=42&auto=partial&...`.
//!
//! # Format (version 1)
//!
//! | key | meaning | format |
//! |---|---|---|
//! | `v` | format version | `1` (written first) |
//! | `sim` | simulation version the link was made with | [`STREAM_VERSION`] (written second) |
//! | `ch` | chapter | a chapter slug: `lifecycle`, `drift`, `serving`, `deployment`, `automation`, `monitoring`, `beyond-accuracy`, `baselines`, `sandbox` |
//! | `lesson` | base scenario | a lesson preset name (`data-drift`, `canary`, ...) or number `1..=17`; absent = the default scenario |
//! | `seed` ... `act` | scenario overrides on the base | see [`crate::share::setup`] |
//! | `thr` | chart alarm thresholds | `CHART:VALUE,...` with dashboard chart ids (`psi`, `reject-rate`, ...; aliases `reject`, `p99`, `cpu`, `agreement`), clamped to each chart's bounds |
//! | `speed` | ticks per beat | `1..=1000` |
//! | `t` | tick to fast-forward to | `0..=100000` |
//! | `embed`, `hide`, `lock` | embed mode | see [`crate::share::embed_query`] |
//!
//! # Reading a link never fails
//!
//! [`ShareState::parse`] always returns a usable state and a list of [`Notice`]s saying what
//! it changed:
//! - unknown keys are ignored;
//! - out-of-range numbers are clamped; malformed values keep the default (the base's value);
//! - **a repeated key: the last value wins** (the earlier ones are reported);
//! - a missing `v` is read as version 1; another version is read as version 1 where
//!   possible; both raise a notice;
//! - a link that pins a run (`seed`, `t` or `act`) with a `sim` other than this page's
//!   [`STREAM_VERSION`], or with none while it has a `v` (written before links carried it),
//!   raises a notice: the settings are applied, but the simulation draws other numbers from
//!   them than the author saw. Links that only choose a chapter, lesson or embed do not:
//!   they never promised particular numbers;
//! - bad percent-encoding is read leniently; input past 16 KiB is ignored;
//! - finally the scenario goes through the simulation's own `Scenario::validate`; if it
//!   refused (the clamps are meant to make that impossible) the overrides are dropped and
//!   the base scenario is used.
//!
//! Writing then reading gives back an equal state ([`ShareState::to_query`] writes every
//! float in shortest round-trip form), so the same link replays the same run tick for tick.

use std::collections::BTreeMap;

use super::branch::{self, BranchLink};
use super::embed_query::EmbedConfig;
use super::notice::{Notice, NoticeKind, NoticeLog};
use super::query::{join_pairs, parse_pairs};
use super::setup::Setup;
use super::values::{fmt_f64, read_f64, read_u64};
use crate::content::{chapter_by_id, chapter_by_slug, ChapterId, LESSONS};
use crate::view_model::metrics::{self as charts, MetricSpec};
use driftline_sim::golden::STREAM_VERSION;
use driftline_sim::lessons::Lesson;
use driftline_sim::scenario::Scenario;

/// The link format written by [`ShareState::to_query`].
pub const SHARE_VERSION: u64 = 1;
/// Fastest speed a link may ask for (ticks per beat; the app clamps to the same bound).
pub const MAX_SPEED: u64 = 1000;
/// Latest tick a link may fast-forward to (the app's longest fast-forward request).
pub const MAX_TICK: u64 = 100_000;

/// Chart id aliases accepted in `thr=`.
const CHART_ALIASES: [(&str, &str); 5] = [
    ("reject", "reject-rate"),
    ("p99", "latency-p99"),
    ("latency", "latency-p99"),
    ("cpu", "cpu-load"),
    ("agreement", "shadow-agreement"),
];

/// Everything a link carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShareState {
    /// Chapter to open (`ch`).
    pub chapter: Option<ChapterId>,
    /// Lesson preset used as the base scenario (`lesson`); `None` = `Scenario::default()`.
    pub lesson: Option<Lesson>,
    /// Scenario overrides on the base (`seed`, `auto`, `pat`, `drift`, ...).
    pub setup: Setup,
    /// Chart alarm thresholds by chart id (`thr`); charts not listed keep their default.
    pub thresholds: BTreeMap<&'static str, f64>,
    /// Ticks per beat (`speed`); `None` = the app's default.
    pub speed: Option<u32>,
    /// Tick to fast-forward to after loading (`t`); 0 = start.
    pub tick: u64,
    /// Embed mode (`embed`, `hide`, `lock`).
    pub embed: EmbedConfig,
    /// A branch beside the run (`fork`, `bact`, `bt`; see [`super::branch`]).
    pub branch: Option<BranchLink>,
}

/// The kebab-case preset name of a lesson as the content module spells it (`gradual-vs-sudden`).
pub fn lesson_slug(lesson: Lesson) -> &'static str {
    let number = lesson.number();
    LESSONS
        .iter()
        .find(|l| u32::from(l.number) == number)
        .map_or_else(|| lesson.name(), |l| l.preset)
}

/// The lesson for a preset name (`canary`, `gradual-vs-sudden`), the simulation's name
/// (`drift_speed`) or a number (`5`).
pub fn lesson_by_name(text: &str) -> Option<Lesson> {
    let t = text.trim();
    if let Some(l) = LESSONS.iter().find(|l| l.preset == t) {
        return Lesson::from_name(&l.number.to_string());
    }
    Lesson::from_name(t).or_else(|| Lesson::from_name(&t.replace('-', "_")))
}

fn chart_spec(name: &str) -> Option<MetricSpec> {
    let t = name.trim();
    let id = CHART_ALIASES
        .iter()
        .find(|(alias, _)| *alias == t)
        .map_or(t, |(_, id)| *id);
    charts::all().into_iter().find(|m| m.id == id)
}

/// Keys that pin one particular run, so the link promises the numbers its author saw.
const RUN_PINNING_KEYS: [&str; 3] = ["seed", "t", "act"];

/// Says when a link's numbers were drawn by another simulation version than this page's.
/// `sim` is the link's `sim` value. A link without one (hand-written, or older than the
/// key) simply runs on this version: nothing is said, so an embed in a published post
/// never opens under a warning.
fn note_simulation_version(log: &mut NoticeLog, sim: Option<&str>) {
    let current = STREAM_VERSION.to_string();
    let detail = match sim {
        Some(v) if v == current => return,
        None => return,
        Some(_) => format!(
            "made with another simulation version; this page runs version {current}, so the \
             settings are applied but the numbers differ from what the link's author saw"
        ),
    };
    log.push("sim", NoticeKind::Replay, &detail, sim.unwrap_or(""));
}

/// Query keys that switch how the page is shown rather than what it simulates.
const PAGE_MODE_KEYS: &[&str] = &["present"];

impl ShareState {
    /// The scenario the link's overrides start from.
    pub fn base_scenario(&self) -> Scenario {
        self.lesson.map_or_else(Scenario::default, Lesson::preset)
    }

    /// The scenario to run: the base with the overrides applied. For a parsed state it
    /// passes `Scenario::validate`.
    pub fn scenario(&self) -> Scenario {
        self.setup.apply(&self.base_scenario())
    }

    /// The link's query, without the leading `?`: `v=1&ch=drift&seed=42&...`.
    pub fn to_query(&self) -> String {
        let mut out: Vec<(&'static str, String)> = vec![
            ("v", SHARE_VERSION.to_string()),
            ("sim", STREAM_VERSION.to_string()),
        ];
        if let Some(c) = self.chapter.and_then(chapter_by_id) {
            out.push(("ch", c.slug.to_string()));
        }
        if let Some(l) = self.lesson {
            out.push(("lesson", lesson_slug(l).to_string()));
        }
        self.setup.write(&mut out);
        if !self.thresholds.is_empty() {
            let list: Vec<String> = self
                .thresholds
                .iter()
                .map(|(id, v)| format!("{id}:{}", fmt_f64(*v)))
                .collect();
            out.push(("thr", list.join(",")));
        }
        if let Some(s) = self.speed {
            out.push(("speed", s.to_string()));
        }
        if self.tick > 0 {
            out.push(("t", self.tick.to_string()));
        }
        if let Some(b) = &self.branch {
            b.write(&mut out);
        }
        self.embed.write(&mut out);
        join_pairs(&out)
    }

    /// Reads a link's query (with or without the leading `?` or `#`). Never fails: see the
    /// module docs for what happens to bad input; the notices say what was changed.
    pub fn parse(query: &str) -> (ShareState, Vec<Notice>) {
        let mut log = NoticeLog::new();
        let pairs = parse_pairs(query, &mut log);
        // Last wins: keep each key's final value, report the earlier ones.
        let mut last: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, (k, _)) in pairs.iter().enumerate() {
            if let Some(prev) = last.insert(k.as_str(), i) {
                log.push(
                    k,
                    NoticeKind::Duplicate,
                    "repeated; the last value was used and this one ignored",
                    &pairs[prev].1,
                );
            }
        }
        let mut state = ShareState::default();
        // `?present=1` alone is a page mode, not a shared setup: no version needed.
        let only_page_modes = !last.is_empty() && last.keys().all(|k| PAGE_MODE_KEYS.contains(k));
        match last.get("v").map(|&i| pairs[i].1.trim()) {
            None if only_page_modes => {}
            None => log.push(
                "v",
                NoticeKind::Version,
                "no version; read as version 1",
                "",
            ),
            Some("1") => {}
            Some(other) => log.push(
                "v",
                NoticeKind::Version,
                "unsupported version; read as version 1 where possible",
                other,
            ),
        }
        if RUN_PINNING_KEYS.iter().any(|k| last.contains_key(k)) {
            let sim = last.get("sim").map(|&i| pairs[i].1.trim());
            note_simulation_version(&mut log, sim);
        }
        let mut order: Vec<usize> = last.values().copied().collect();
        order.sort_unstable();
        for i in order {
            let (key, value) = (&pairs[i].0, &pairs[i].1);
            state.read(&mut log, key, value);
        }
        branch::settle(&mut state.branch, &mut log);
        if let Err(e) = state.scenario().validate() {
            log.push(
                "(scenario)",
                NoticeKind::Rejected,
                &format!("the simulation refused the settings ({e}); the preset was used"),
                "",
            );
            state.setup = Setup::default();
        }
        (state, log.finish())
    }

    fn read(&mut self, log: &mut NoticeLog, key: &str, value: &str) {
        match key {
            // Read before the other keys, by `note_simulation_version`.
            "v" | "sim" => {}
            // Read by the presenter module (`presenter::shell::present_requested`).
            "present" => {}
            "ch" => match chapter_by_slug(value.trim()) {
                Some(c) => self.chapter = Some(c.id),
                None => log.push(
                    key,
                    NoticeKind::Malformed,
                    "no chapter by that name; the first chapter is shown",
                    value,
                ),
            },
            "lesson" => match lesson_by_name(value) {
                Some(l) => self.lesson = Some(l),
                None => log.push(
                    key,
                    NoticeKind::Malformed,
                    "no lesson by that name or number (1 to 17); the default scenario was used",
                    value,
                ),
            },
            "thr" => self.read_thresholds(log, key, value),
            "speed" => {
                if let Some(s) = read_u64(log, key, value, 1, MAX_SPEED) {
                    // MAX_SPEED fits in u32.
                    self.speed = u32::try_from(s).ok();
                }
            }
            "t" => {
                if let Some(t) = read_u64(log, key, value, 0, MAX_TICK) {
                    self.tick = t;
                }
            }
            _ => {
                if !self.setup.read(log, key, value)
                    && !self.embed.read(log, key, value)
                    && !branch::read(&mut self.branch, log, key, value)
                {
                    log.push(
                        key,
                        NoticeKind::UnknownKey,
                        "not a setting this page knows; ignored",
                        value,
                    );
                }
            }
        }
    }

    fn read_thresholds(&mut self, log: &mut NoticeLog, key: &str, value: &str) {
        let mut map = BTreeMap::new();
        for (i, part) in value.split(',').enumerate() {
            if part.trim().is_empty() {
                continue;
            }
            let entry_key = format!("{key}[{i}]");
            let Some((name, number)) = part.split_once(':') else {
                log.push(
                    &entry_key,
                    NoticeKind::Dropped,
                    "a threshold needs CHART:VALUE; dropped",
                    part,
                );
                continue;
            };
            let Some(spec) = chart_spec(name) else {
                log.push(
                    &entry_key,
                    NoticeKind::Dropped,
                    "no chart by that id; dropped",
                    name,
                );
                continue;
            };
            if let Some(v) = read_f64(log, &entry_key, number, spec.min, spec.max) {
                map.insert(spec.id, v);
            }
        }
        self.thresholds = map;
    }

    /// This state with the overrides that turn its base into `current`, and the names of
    /// the scenario fields a link cannot carry (so the page can say the link is partial).
    pub fn with_scenario(mut self, current: &Scenario) -> (ShareState, Vec<&'static str>) {
        self.setup = Setup::from_diff(&self.base_scenario(), current);
        let (back, _) = ShareState::parse(&self.to_query());
        let lost = scenario_differences(&back.scenario(), current);
        (self, lost)
    }
}

/// Names of the top-level scenario fields that differ between `a` and `b`.
pub fn scenario_differences(a: &Scenario, b: &Scenario) -> Vec<&'static str> {
    let checks: [(&'static str, bool); 21] = [
        ("seed", a.seed == b.seed),
        ("tick_secs", a.tick_secs == b.tick_secs),
        ("phones_per_tick", a.phones_per_tick == b.phones_per_tick),
        ("slices", a.slices == b.slices),
        ("defect_rates", a.defect_rates == b.defect_rates),
        ("camera", a.camera == b.camera),
        ("concept", a.concept == b.concept),
        ("human", a.human == b.human),
        ("model", a.model == b.model),
        ("candidate", a.candidate == b.candidate),
        ("pattern", a.pattern == b.pattern),
        ("serving", a.serving == b.serving),
        ("automation", a.automation == b.automation),
        ("confidence_band", a.confidence_band == b.confidence_band),
        ("fallback", a.fallback == b.fallback),
        ("costs", a.costs == b.costs),
        (
            "label_delay_ticks",
            a.label_delay_ticks == b.label_delay_ticks,
        ),
        ("monitoring", a.monitoring == b.monitoring),
        ("events", a.events == b.events),
        ("actions", a.actions == b.actions),
        ("(all)", a == b),
    ];
    let mut out: Vec<&'static str> = checks
        .iter()
        .filter(|(_, same)| !same)
        .map(|(name, _)| *name)
        .collect();
    // "(all)" only matters when no named field differs (a field this list misses).
    if out.len() > 1 {
        out.retain(|n| *n != "(all)");
    }
    out
}
