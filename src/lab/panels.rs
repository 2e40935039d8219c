//! What a lab shows: the lesson's control groups, charts and pies ([`LabPanels`]), and how
//! each control group is shown once the page's `hide=` / `lock=` apply ([`Visibility`],
//! decided in one place by [`ControlVisibility::of`]).

use std::collections::BTreeSet;

use crate::share::Control;
use crate::view_model::metrics::Family;

/// Which control groups, charts and pies a lab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LabPanels {
    /// Degree-of-automation selector.
    pub automation: bool,
    /// Deployment pattern settings (shadow, canary, blue-green).
    pub deployment: bool,
    /// Serving choices (site, mode, servers, logging).
    pub serving: bool,
    /// Drift injection.
    pub drift: bool,
    /// Editable alarm thresholds.
    pub thresholds: bool,
    /// Retrain button.
    pub retrain: bool,
    /// Animated factory line.
    pub factory: bool,
    /// Latency and CPU charts.
    pub software_charts: bool,
    /// Brightness, drift statistic and missing-share charts.
    pub input_charts: bool,
    /// Reject rate, overrides and shadow agreement charts.
    pub output_charts: bool,
    /// Accuracy and recall from delayed labels.
    pub performance_charts: bool,
    /// Live pie summaries (and the editable pie).
    pub pies: bool,
    /// Alarm log with its aria-live region.
    pub alarm_log: bool,
}

impl LabPanels {
    /// Every panel (the sandbox).
    #[must_use]
    pub const fn all() -> Self {
        Self {
            automation: true,
            deployment: true,
            serving: true,
            drift: true,
            thresholds: true,
            retrain: true,
            factory: true,
            software_charts: true,
            input_charts: true,
            output_charts: true,
            performance_charts: true,
            pies: true,
            alarm_log: true,
        }
    }

    /// Nothing but the clock controls (add panels with struct update syntax).
    #[must_use]
    pub const fn none() -> Self {
        Self {
            automation: false,
            deployment: false,
            serving: false,
            drift: false,
            thresholds: false,
            retrain: false,
            factory: false,
            software_charts: false,
            input_charts: false,
            output_charts: false,
            performance_charts: false,
            pies: false,
            alarm_log: false,
        }
    }

    /// Drift chapters: drift injection, retraining, input/output/performance charts, alarms.
    #[must_use]
    pub const fn drift() -> Self {
        Self {
            drift: true,
            retrain: true,
            thresholds: true,
            factory: true,
            input_charts: true,
            output_charts: true,
            performance_charts: true,
            alarm_log: true,
            ..Self::none()
        }
    }

    /// Deployment chapter: patterns, factory, output charts, pies.
    #[must_use]
    pub const fn deployment() -> Self {
        Self {
            deployment: true,
            factory: true,
            output_charts: true,
            performance_charts: true,
            pies: true,
            alarm_log: true,
            ..Self::none()
        }
    }

    /// Serving chapter: serving choices, software charts, retrain (logging lesson).
    #[must_use]
    pub const fn serving() -> Self {
        Self {
            serving: true,
            retrain: true,
            software_charts: true,
            output_charts: true,
            alarm_log: true,
            ..Self::none()
        }
    }

    /// Automation chapter: automation level, factory, pies, reject rate, performance.
    #[must_use]
    pub const fn automation() -> Self {
        Self {
            automation: true,
            factory: true,
            pies: true,
            output_charts: true,
            performance_charts: true,
            ..Self::none()
        }
    }

    /// Monitoring chapter: thresholds, every chart family, alarm log.
    #[must_use]
    pub const fn monitoring() -> Self {
        Self {
            drift: true,
            thresholds: true,
            software_charts: true,
            input_charts: true,
            output_charts: true,
            performance_charts: true,
            alarm_log: true,
            ..Self::none()
        }
    }
}

impl LabPanels {
    /// Whether the lab draws the charts of `family`.
    #[must_use]
    pub const fn wants(&self, family: Family) -> bool {
        match family {
            Family::Software => self.software_charts,
            Family::Input => self.input_charts,
            Family::Output => self.output_charts,
            Family::Performance => self.performance_charts,
        }
    }

    /// The chart family the lab's lesson is about: what its own controls move first.
    #[must_use]
    pub const fn focus(&self) -> Family {
        if self.drift {
            Family::Input
        } else if self.deployment {
            Family::Output
        } else if self.serving {
            Family::Software
        } else {
            Family::Performance
        }
    }

    /// Whether the lesson uses the control group `c` (the clock, speed and seed are in
    /// every lab).
    #[must_use]
    pub const fn has(&self, c: Control) -> bool {
        match c {
            Control::Clock | Control::Speed | Control::Seed => true,
            Control::Automation => self.automation,
            Control::Deployment => self.deployment,
            Control::Serving => self.serving,
            Control::Drift => self.drift,
            Control::Thresholds => self.thresholds,
            Control::Retrain => self.retrain,
        }
    }
}

/// How one control group is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Shown and usable.
    Shown,
    /// Shown but disabled (`lock=`).
    Locked,
    /// Not drawn at all (`hide=`, or the lesson does not use it).
    Hidden,
}

impl Visibility {
    /// Drawn (usable or not).
    #[must_use]
    pub const fn shown(self) -> bool {
        !matches!(self, Self::Hidden)
    }

    /// Drawn but disabled.
    #[must_use]
    pub const fn locked(self) -> bool {
        matches!(self, Self::Locked)
    }
}

/// The lesson's panels with the page's hidden and locked groups applied: the one place that
/// decides whether a control group is shown, locked or hidden.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ControlVisibility {
    panels: LabPanels,
    hidden: BTreeSet<Control>,
    locked: BTreeSet<Control>,
}

impl ControlVisibility {
    /// `panels` as a page with these hidden and locked groups shows them.
    #[must_use]
    pub fn new(panels: LabPanels, hidden: &BTreeSet<Control>, locked: &BTreeSet<Control>) -> Self {
        Self {
            panels,
            hidden: hidden.clone(),
            locked: locked.clone(),
        }
    }

    /// How the control group `c` is shown.
    #[must_use]
    pub fn of(&self, c: Control) -> Visibility {
        if !self.panels.has(c) || self.hidden.contains(&c) {
            Visibility::Hidden
        } else if self.locked.contains(&c) {
            Visibility::Locked
        } else {
            Visibility::Shown
        }
    }
}
