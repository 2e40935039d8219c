//! The seventeen lessons of LESSONS.md: each is a scenario preset (with its scripted actions)
//! plus a claim that `sim/tests/lesson_XX_*.rs` checks on the simulation's numbers.

pub mod pies;
mod presets;
pub mod reports;
pub mod system_map;

use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// One lesson, in LESSONS.md order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lesson {
    /// 1. The ML lifecycle is a loop.
    Lifecycle,
    /// 2. The model code is a small part of the system.
    SystemMap,
    /// 3. Data drift.
    DataDrift,
    /// 4. Concept drift.
    ConceptDrift,
    /// 5. Drift can be slow or sudden.
    DriftSpeed,
    /// 6. Software engineering choices: real time vs batch, cloud vs edge, compute, logging.
    Serving,
    /// 7. Why deploy.
    WhyDeploy,
    /// 8. Shadow mode.
    Shadow,
    /// 9. Canary.
    Canary,
    /// 10. Blue-green.
    BlueGreen,
    /// 11. Degrees of automation.
    Automation,
    /// 12. Monitoring with thresholds.
    Monitoring,
    /// 13. Milestones: training, test and business metrics.
    Milestones,
    /// 14. Rare classes.
    RareClass,
    /// 15. Fairness and slices.
    Slices,
    /// 16. Baselines.
    Baselines,
    /// 17. Summaries as pie charts.
    Pies,
}

impl Lesson {
    /// All lessons, in order.
    pub const ALL: [Lesson; 17] = [
        Lesson::Lifecycle,
        Lesson::SystemMap,
        Lesson::DataDrift,
        Lesson::ConceptDrift,
        Lesson::DriftSpeed,
        Lesson::Serving,
        Lesson::WhyDeploy,
        Lesson::Shadow,
        Lesson::Canary,
        Lesson::BlueGreen,
        Lesson::Automation,
        Lesson::Monitoring,
        Lesson::Milestones,
        Lesson::RareClass,
        Lesson::Slices,
        Lesson::Baselines,
        Lesson::Pies,
    ];

    /// 1-based lesson number.
    pub fn number(self) -> u32 {
        self as u32 + 1
    }

    /// Name used on the command line (`--lesson NAME`), snake_case.
    pub fn name(self) -> &'static str {
        match self {
            Lesson::Lifecycle => "lifecycle",
            Lesson::SystemMap => "system_map",
            Lesson::DataDrift => "data_drift",
            Lesson::ConceptDrift => "concept_drift",
            Lesson::DriftSpeed => "drift_speed",
            Lesson::Serving => "serving",
            Lesson::WhyDeploy => "why_deploy",
            Lesson::Shadow => "shadow",
            Lesson::Canary => "canary",
            Lesson::BlueGreen => "blue_green",
            Lesson::Automation => "automation",
            Lesson::Monitoring => "monitoring",
            Lesson::Milestones => "milestones",
            Lesson::RareClass => "rare_class",
            Lesson::Slices => "slices",
            Lesson::Baselines => "baselines",
            Lesson::Pies => "pies",
        }
    }

    /// The lesson with this name or number (`"canary"`, `"9"`).
    pub fn from_name(name: &str) -> Option<Lesson> {
        if let Ok(n) = name.parse::<usize>() {
            return n.checked_sub(1).and_then(|i| Lesson::ALL.get(i).copied());
        }
        Lesson::ALL.iter().copied().find(|l| l.name() == name)
    }

    /// Title.
    pub fn title(self) -> &'static str {
        match self {
            Lesson::Lifecycle => "The ML lifecycle is a loop",
            Lesson::SystemMap => "The model is a small part of the system",
            Lesson::DataDrift => "Data drift: the camera sees something new",
            Lesson::ConceptDrift => "Concept drift: the meaning of 'defect' changes",
            Lesson::DriftSpeed => "Drift can be slow or sudden",
            Lesson::Serving => "Serving choices: edge or cloud, real time or batch, logging",
            Lesson::WhyDeploy => "Why deploy decides how to deploy",
            Lesson::Shadow => "Shadow mode",
            Lesson::Canary => "Canary release",
            Lesson::BlueGreen => "Blue-green deployment",
            Lesson::Automation => "Degrees of automation",
            Lesson::Monitoring => "Monitoring with red lines",
            Lesson::Milestones => "Training, test and business metrics",
            Lesson::RareClass => "Rare classes: 96% accurate and useless",
            Lesson::Slices => "Good on average, bad on a small group",
            Lesson::Baselines => "Baselines: where is there room to improve?",
            Lesson::Pies => "Summaries as pie charts",
        }
    }

    /// The one-line claim the lesson's test proves on the simulation's numbers.
    pub fn claim(self) -> &'static str {
        match self {
            Lesson::Lifecycle => "After a drift alarm, retraining on post-drift labels and redeploying brings recall back close to where it was.",
            Lesson::SystemMap => "Every box of the production system maps to a live, moving part of the simulation.",
            Lesson::DataDrift => "When the lights dim, brightness statistics alarm within a bounded number of ticks, and recall falls because the model leans on contrast.",
            Lesson::ConceptDrift => "When the spec tightens, the input statistics stay quiet while label-based precision and human overrides move, and the label-based alarm comes late.",
            Lesson::DriftSpeed => "A gradual change is detected later than a sudden one, and the charts show a ramp instead of a step.",
            Lesson::Serving => "Latency, load and cost follow the queueing model; overload delays or drops decisions; with logging off there is nothing to retrain on.",
            Lesson::WhyDeploy => "Automating a manual task suggests shadow mode; replacing an older model suggests blue-green or canary.",
            Lesson::Shadow => "A shadow model changes no decision, doubles compute, and its agreement with the decisions is measured.",
            Lesson::Canary => "A bad canary fails analysis at its first check, traffic returns to 100% stable, and at most the canary share of phones saw it.",
            Lesson::BlueGreen => "Blue-green moves all traffic at once; rollback is instant while blue is warm and needs a cold start after.",
            Lesson::Automation => "More automation means less human work and cost and more throughput; partial automation sends only unsure phones to people.",
            Lesson::Monitoring => "Alerts go pending, firing and resolved with a 'for' duration and hysteresis, and are scored as true, false or missed.",
            Lesson::Milestones => "The model with the better test accuracy can cost the business more.",
            Lesson::RareClass => "Always saying PASS is as accurate as the defect rate allows, catches nothing, and costs a fortune.",
            Lesson::Slices => "High average accuracy hides a much lower recall on the small gold slice.",
            Lesson::Baselines => "Per defect type, gap to human level times share points at one category; one category already matches people.",
            Lesson::Pies => "Pies of decisions, deciders and traffic add up to the run's totals.",
        }
    }

    /// The lesson's scenario (with its scripted actions).
    pub fn preset(self) -> Scenario {
        presets::preset(self)
    }
}
