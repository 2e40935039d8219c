//! Embed mode: which widget an `<iframe>` shows, and which controls it hides or locks.
//!
//! - `embed=<widget>`: a chapter slug (`drift`, `deployment`, ...), `dashboard`, `lab`,
//!   `chart:<metric>` (a chart id of the dashboard such as `psi` or `reject-rate`, or a
//!   `TickMetrics` field such as `model_recall`), or `pie:<name>` (`decisions`, `deciders`,
//!   `traffic`, `errors`, `editable`);
//! - `hide=<controls>` / `lock=<controls>`: comma-separated control groups (see [`Control`]),
//!   or `all`. A hidden control is not shown; a locked one is shown but disabled.
//!
//! Unknown widgets or control names raise a notice and are ignored.

use std::collections::BTreeSet;

use super::notice::{NoticeKind, NoticeLog};
use super::values::{lookup, name_of, Name};
use crate::content::{chapter_by_id, chapter_by_slug, ChapterId};
use driftline_sim::metrics::TickMetrics;

/// Pie names accepted by `embed=pie:<name>` (the lab's pie ids plus the editable pie).
pub const PIE_NAMES: [&str; 5] = ["decisions", "deciders", "traffic", "errors", "editable"];

/// What an embedded page shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Widget {
    /// One chapter (text and its lab).
    Chapter(ChapterId),
    /// The monitoring dashboard.
    Dashboard,
    /// One chart: a dashboard chart id or a `TickMetrics` field name.
    Chart(String),
    /// One pie, by name (one of [`PIE_NAMES`]).
    Pie(&'static str),
    /// The full lab (sandbox controls and charts, no chapter text).
    Lab,
}

impl Widget {
    /// The `embed=` value, e.g. `chart:psi`.
    pub fn name(&self) -> String {
        match self {
            Widget::Chapter(id) => chapter_by_id(*id).map_or_else(String::new, |c| c.slug.into()),
            Widget::Dashboard => "dashboard".into(),
            Widget::Chart(m) => format!("chart:{m}"),
            Widget::Pie(p) => format!("pie:{p}"),
            Widget::Lab => "lab".into(),
        }
    }

    /// Reads an `embed=` value; `None` when it names no widget.
    pub fn parse(text: &str) -> Option<Widget> {
        let t = text.trim();
        if let Some(metric) = t.strip_prefix("chart:") {
            return chart_name(metric).map(Widget::Chart);
        }
        if let Some(pie) = t.strip_prefix("pie:") {
            return PIE_NAMES
                .iter()
                .find(|p| **p == pie)
                .map(|p| Widget::Pie(p));
        }
        match t {
            "dashboard" => Some(Widget::Dashboard),
            "lab" => Some(Widget::Lab),
            slug => chapter_by_slug(slug).map(|c| Widget::Chapter(c.id)),
        }
    }
}

/// The chart name as stored: a dashboard chart id, or else a `TickMetrics` field name.
fn chart_name(metric: &str) -> Option<String> {
    let by_id = crate::view_model::metrics::all()
        .into_iter()
        .find(|m| m.id == metric)
        .map(|m| m.id.to_string());
    by_id.or_else(|| TickMetrics::has_field(metric).then(|| metric.to_string()))
}

/// A group of controls an embedding page can hide or lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Control {
    /// Play, pause, step, reset.
    Clock,
    /// Speed selector.
    Speed,
    /// Seed field.
    Seed,
    /// Degree-of-automation selector.
    Automation,
    /// Deployment pattern settings.
    Deployment,
    /// Serving choices.
    Serving,
    /// Drift injection.
    Drift,
    /// Editable alarm thresholds.
    Thresholds,
    /// Retrain button.
    Retrain,
}

/// Control names for `hide=` and `lock=`.
pub const CONTROLS: &[Name<Control>] = &[
    Name {
        name: "clock",
        aliases: &["transport", "play"],
        value: Control::Clock,
    },
    Name {
        name: "speed",
        aliases: &[],
        value: Control::Speed,
    },
    Name {
        name: "seed",
        aliases: &[],
        value: Control::Seed,
    },
    Name {
        name: "automation",
        aliases: &["auto"],
        value: Control::Automation,
    },
    Name {
        name: "deployment",
        aliases: &["pattern", "pat"],
        value: Control::Deployment,
    },
    Name {
        name: "serving",
        aliases: &["serve"],
        value: Control::Serving,
    },
    Name {
        name: "drift",
        aliases: &[],
        value: Control::Drift,
    },
    Name {
        name: "thresholds",
        aliases: &["thr"],
        value: Control::Thresholds,
    },
    Name {
        name: "retrain",
        aliases: &[],
        value: Control::Retrain,
    },
];

impl Control {
    /// Every control group.
    pub const ALL: [Control; 9] = [
        Control::Clock,
        Control::Speed,
        Control::Seed,
        Control::Automation,
        Control::Deployment,
        Control::Serving,
        Control::Drift,
        Control::Thresholds,
        Control::Retrain,
    ];

    /// The name used in `hide=` / `lock=`.
    pub fn name(self) -> &'static str {
        name_of(CONTROLS, &self)
    }
}

/// Embed settings read from a link. The default is "not embedded, nothing hidden or locked".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedConfig {
    /// The widget to show alone, when embedded.
    pub widget: Option<Widget>,
    /// Controls not shown.
    pub hide: BTreeSet<Control>,
    /// Controls shown but disabled.
    pub lock: BTreeSet<Control>,
}

impl EmbedConfig {
    /// Keys handled here.
    pub const KEYS: [&'static str; 3] = ["embed", "hide", "lock"];

    /// Whether `control` is hidden.
    pub fn hides(&self, control: Control) -> bool {
        self.hide.contains(&control)
    }

    /// Whether `control` may be used: neither hidden nor locked.
    pub fn allows(&self, control: Control) -> bool {
        !self.hide.contains(&control) && !self.lock.contains(&control)
    }

    /// Appends `(key, value)` pairs for the non-default parts.
    pub fn write(&self, out: &mut Vec<(&'static str, String)>) {
        if let Some(w) = &self.widget {
            out.push(("embed", w.name()));
        }
        for (key, set) in [("hide", &self.hide), ("lock", &self.lock)] {
            if !set.is_empty() {
                let names: Vec<&str> = set.iter().map(|c| c.name()).collect();
                out.push((key, names.join(",")));
            }
        }
    }

    /// Reads one pair; false when `key` is not an embed key.
    pub fn read(&mut self, log: &mut NoticeLog, key: &str, value: &str) -> bool {
        match key {
            "embed" => match Widget::parse(value) {
                Some(w) => self.widget = Some(w),
                None => log.push(
                    key,
                    NoticeKind::Malformed,
                    "not a widget (a chapter slug, dashboard, lab, chart:METRIC or pie:NAME); the full page is shown",
                    value,
                ),
            },
            "hide" => self.hide = read_controls(log, key, value),
            "lock" => self.lock = read_controls(log, key, value),
            _ => return false,
        }
        true
    }
}

fn read_controls(log: &mut NoticeLog, key: &str, value: &str) -> BTreeSet<Control> {
    if value.trim().eq_ignore_ascii_case("all") {
        return Control::ALL.into_iter().collect();
    }
    let mut set = BTreeSet::new();
    for part in value.split(',').filter(|p| !p.trim().is_empty()) {
        match lookup(CONTROLS, part) {
            Some(c) => {
                set.insert(c);
            }
            None => log.push(
                key,
                NoticeKind::Dropped,
                "not a control group (clock, speed, seed, automation, deployment, serving, drift, thresholds, retrain, all); ignored",
                part,
            ),
        }
    }
    set
}
