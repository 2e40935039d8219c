//! The charted metrics: which `TickMetrics` field, which family, and the default alarm rule.

use driftline_sim::monitor::alert::{AlertRule, Comparison};
use driftline_sim::scenario::Scenario;

/// The four metric families of the monitoring dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// Serving health: latency, CPU.
    Software,
    /// What the camera sends: brightness, drift statistic, missing images.
    Input,
    /// What the line decides: reject rate, overrides, shadow agreement.
    Output,
    /// Quality from delayed labels: recall, accuracy.
    Performance,
}

impl Family {
    /// Heading shown above the family's charts.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Family::Software => "Software metrics",
            Family::Input => "Input metrics",
            Family::Output => "Output metrics",
            Family::Performance => "Performance (from delayed labels)",
        }
    }
}

/// One chart of the dashboard and its alarm rule.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricSpec {
    /// Test-id suffix and key: `chart-<id>`.
    pub id: &'static str,
    /// Chart caption.
    pub caption: &'static str,
    /// `TickMetrics` field charted.
    pub field: &'static str,
    /// Family.
    pub family: Family,
    /// Unit for readouts ("" when the value is a share shown as a fraction).
    pub unit: &'static str,
    /// Ticks of rolling mean applied before charting and alarming (1 = raw).
    pub smooth_ticks: usize,
    /// Alarm direction.
    pub comparison: Comparison,
    /// Default threshold (the red line).
    pub threshold: f64,
    /// Hysteresis: the alarm resolves only past this value.
    pub recovery: Option<f64>,
    /// Prometheus `for`: ticks the condition must hold before firing.
    pub for_ticks: u64,
    /// Lowest threshold the user may set.
    pub min: f64,
    /// Highest threshold the user may set.
    pub max: f64,
    /// Smallest top of the y axis (the axis grows with the data).
    pub y_floor: f64,
}

impl MetricSpec {
    /// The highest value the axis shows, if it has one: shares and rates live on [0, 1];
    /// the PSI axis is cut at four times its red line (at least 1), so the 0.1 and 0.25
    /// lines stay readable after a large drift, when PSI reaches 5 or more.
    #[must_use]
    pub fn y_cap(&self, threshold: f64) -> Option<f64> {
        match self.id {
            "psi" => Some((4.0 * threshold).max(1.0)),
            _ if self.unit.is_empty() => Some(1.0),
            _ => None,
        }
    }

    /// The visible value range for `points` under `threshold`, and whether some values lie
    /// above it (cut).
    #[must_use]
    pub fn y_axis(&self, points: &[(f64, f64)], threshold: f64) -> ((f64, f64), bool) {
        let top = super::series::ceiling(points, threshold, self.y_floor);
        match self.y_cap(threshold) {
            Some(cap) if top > cap => {
                let clipped = points.iter().any(|p| p.1 > cap);
                ((0.0, cap), clipped)
            }
            _ => ((0.0, top), false),
        }
    }

    /// [`MetricSpec::y_axis`] over both series, so a candidate slower than stable stays on
    /// the chart (an empty `candidate` gives exactly `y_axis(points)`).
    #[must_use]
    pub fn y_axis_with(
        &self,
        points: &[(f64, f64)],
        candidate: &[(f64, f64)],
        threshold: f64,
    ) -> ((f64, f64), bool) {
        if candidate.is_empty() {
            return self.y_axis(points, threshold);
        }
        let both: Vec<(f64, f64)> = points.iter().chain(candidate).copied().collect();
        self.y_axis(&both, threshold)
    }

    /// The sim alert rule for this chart with `threshold` as the red line. The recovery line
    /// keeps its ratio to the threshold so hysteresis stays on the safe side.
    #[must_use]
    pub fn rule(&self, threshold: f64) -> AlertRule {
        let base = match self.comparison {
            Comparison::Above => AlertRule::above(self.id, self.field, threshold),
            Comparison::Below => AlertRule::below(self.id, self.field, threshold),
        };
        let mut rule = base.with_for_ticks(self.for_ticks);
        if let Some(recovery) = self.recovery {
            if self.threshold != 0.0 {
                let scaled = recovery / self.threshold * threshold;
                let candidate = rule.clone().with_recovery(scaled);
                if candidate.validate().is_ok() {
                    rule = candidate;
                }
            }
        }
        rule
    }
}

/// Every charted metric, in dashboard order. Thresholds follow the simulation's default
/// alert rules (`driftline_sim::monitor::alert::default_alerts`) where one exists.
#[must_use]
pub fn all() -> Vec<MetricSpec> {
    vec![
        MetricSpec {
            id: "latency-p99",
            caption: "Latency p99 (ms)",
            field: "latency_p99_ms",
            family: Family::Software,
            unit: " ms",
            smooth_ticks: 1,
            comparison: Comparison::Above,
            threshold: 500.0,
            recovery: None,
            for_ticks: 3,
            min: 1.0,
            max: 100_000.0,
            y_floor: 600.0,
        },
        MetricSpec {
            id: "cpu-load",
            caption: "Server CPU load",
            field: "cpu_load",
            family: Family::Software,
            unit: "",
            smooth_ticks: 1,
            comparison: Comparison::Above,
            threshold: 0.85,
            recovery: Some(0.75),
            for_ticks: 5,
            min: 0.01,
            max: 1.0,
            y_floor: 1.0,
        },
        MetricSpec {
            id: "brightness",
            caption: "Mean image brightness",
            field: "mean_brightness",
            family: Family::Input,
            unit: "",
            smooth_ticks: 10,
            comparison: Comparison::Below,
            threshold: 0.42,
            recovery: Some(0.45),
            for_ticks: 10,
            min: 0.0,
            max: 1.0,
            y_floor: 0.7,
        },
        MetricSpec {
            // PSI >= 0.25 is the usual "major shift" band; resolves below 0.1 ("no shift").
            id: "psi",
            caption: "Drift statistic: PSI of brightness",
            field: "psi_brightness",
            family: Family::Input,
            unit: "",
            smooth_ticks: 1,
            comparison: Comparison::Above,
            threshold: 0.25,
            recovery: Some(0.1),
            for_ticks: 0,
            min: 0.01,
            max: 10.0,
            y_floor: 0.3,
        },
        MetricSpec {
            id: "missing",
            caption: "Share of missing images (30-tick mean)",
            field: "missing_share",
            family: Family::Input,
            unit: "",
            // Per tick this is a share of about ten phones, so one missing picture reads as
            // 10% and the alarm kept flickering into pending; the mean over 5 minutes is the
            // rate a real monitor would alert on (cf. Prometheus `rate()` over a window).
            smooth_ticks: 30,
            comparison: Comparison::Above,
            threshold: 0.05,
            // Hysteresis: resolved only once back under 80% of the red line, so a rate
            // hovering at the line does not flap (as Prometheus rules pair `for` with a
            // lower resolve line).
            recovery: Some(0.04),
            for_ticks: 10,
            min: 0.0,
            max: 1.0,
            y_floor: 0.1,
        },
        MetricSpec {
            id: "reject-rate",
            caption: "Reject rate (30-tick mean)",
            field: "reject_rate",
            family: Family::Output,
            unit: "",
            smooth_ticks: 30,
            comparison: Comparison::Above,
            threshold: super::REJECT_RATE_THRESHOLD,
            recovery: Some(0.8 * super::REJECT_RATE_THRESHOLD),
            for_ticks: 10,
            min: 0.0,
            max: 1.0,
            y_floor: 0.1,
        },
        MetricSpec {
            id: "overrides",
            caption: "Human override rate (30-tick mean)",
            field: "human_override_rate",
            family: Family::Output,
            unit: "",
            smooth_ticks: 30,
            comparison: Comparison::Above,
            // Under partial automation people only see the unsure phones and overrule often,
            // so the page's default line sits high; lesson presets bring their own rule.
            threshold: 0.8,
            recovery: Some(0.64),
            for_ticks: 30,
            min: 0.0,
            max: 1.0,
            y_floor: 0.2,
        },
        MetricSpec {
            id: "shadow-agreement",
            caption: "Shadow agreement",
            field: "shadow_agreement",
            family: Family::Output,
            unit: "",
            smooth_ticks: 10,
            comparison: Comparison::Below,
            threshold: 0.9,
            recovery: None,
            for_ticks: 10,
            min: 0.0,
            max: 1.0,
            y_floor: 1.0,
        },
        MetricSpec {
            id: "recall",
            caption: "Model recall (delayed labels)",
            field: "model_recall",
            family: Family::Performance,
            unit: "",
            smooth_ticks: 1,
            comparison: Comparison::Below,
            threshold: 0.75,
            recovery: Some(0.80),
            for_ticks: 20,
            min: 0.0,
            max: 1.0,
            y_floor: 1.0,
        },
        MetricSpec {
            id: "precision",
            caption: "Model precision (delayed labels)",
            field: "model_precision",
            family: Family::Performance,
            unit: "",
            smooth_ticks: 1,
            comparison: Comparison::Below,
            threshold: 0.5,
            recovery: None,
            for_ticks: 20,
            min: 0.0,
            max: 1.0,
            y_floor: 1.0,
        },
        MetricSpec {
            id: "accuracy",
            caption: "Model accuracy (delayed labels)",
            field: "model_accuracy",
            family: Family::Performance,
            unit: "",
            smooth_ticks: 1,
            comparison: Comparison::Below,
            threshold: 0.9,
            recovery: None,
            for_ticks: 20,
            min: 0.0,
            max: 1.0,
            y_floor: 1.0,
        },
    ]
}

/// The charts for `scenario`: where the scenario carries its own alert rule on a charted
/// field (lesson presets do), that rule's direction, threshold, `for` and recovery replace
/// the page's defaults, so the red line is the one the simulation alarms on.
#[must_use]
pub fn for_scenario(scenario: &Scenario) -> Vec<MetricSpec> {
    let mut specs = all();
    for spec in &mut specs {
        if let Some(rule) = scenario
            .monitoring
            .alerts
            .iter()
            .find(|r| r.metric == spec.field)
        {
            spec.comparison = rule.comparison;
            spec.threshold = rule.threshold;
            spec.recovery = rule.recovery_threshold;
            spec.for_ticks = rule.for_ticks;
            spec.min = spec.min.min(rule.threshold);
            spec.max = spec.max.max(rule.threshold);
        }
    }
    specs
}
