//! The interactive lab: one self-contained simulation with its controls, charts and pies.
//!
//! Several labs can live on one page; each owns its reducer and clock. `id` prefixes the
//! test ids, except for the primary lab, which keeps the foundation ids (`play`, `tick` ...).

use std::rc::Rc;

use driftline_sim::scenario::Scenario;
use yew::prelude::*;

/// Which control groups, charts and pies a lab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)] // One switch per panel is the clearest shape here.
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

    /// Automation chapter: automation level, factory, pies, performance.
    #[must_use]
    pub const fn automation() -> Self {
        Self {
            automation: true,
            factory: true,
            pies: true,
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

/// Props of [`Lab`].
#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    /// Unique per page; prefixes test ids: `<id>-play`, `<id>-tick` ...
    pub id: AttrValue,
    /// Preset to start from (Reset returns to it).
    pub scenario: Rc<Scenario>,
    /// Which control groups, charts and pies to show.
    #[prop_or_default]
    pub panels: LabPanels,
    /// The page's main lab keeps the unprefixed foundation test ids (`play`, `tick` ...).
    #[prop_or_default]
    pub primary: bool,
}

/// Test id for `name` inside lab `id` (unprefixed for the primary lab).
#[must_use]
pub fn test_id(id: &str, primary: bool, name: &str) -> String {
    if primary {
        name.to_owned()
    } else {
        format!("{id}-{name}")
    }
}

/// One interactive lab (stub: the real component is being built).
#[function_component(Lab)]
pub fn lab(props: &LabProps) -> Html {
    let tid = |name: &str| test_id(&props.id, props.primary, name);
    html! {
        <section class="lab" aria-label="Interactive lab">
            <p>{ "The lab is loading." }</p>
            <span data-testid={tid("tick")}>{ 0 }</span>
        </section>
    }
}
