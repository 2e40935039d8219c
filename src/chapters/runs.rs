//! Headless lesson runs behind each "try this": the lesson's preset (and, where the lesson
//! compares, a variant or two) stepped to a fixed tick, in slices so the page stays responsive.

use driftline_sim::automation::AutomationLevel;
use driftline_sim::drift::DriftShape;
use driftline_sim::lessons::Lesson;
use driftline_sim::metrics::TickMetrics;
use driftline_sim::scenario::Scenario;
use driftline_sim::world::World;

/// One world of a lesson run, with every tick's metrics kept for the reveal.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Short name shown in the reveal, e.g. `"sudden"`.
    pub label: &'static str,
    /// The world being run.
    pub world: World,
    /// Tick count to reach.
    pub target_ticks: u64,
    /// Every tick's metrics so far, oldest first.
    pub trace: Vec<TickMetrics>,
}

impl Variant {
    fn new(label: &'static str, scenario: Scenario, target_ticks: u64) -> Result<Self, String> {
        let world =
            World::new(scenario).map_err(|e| format!("the {label} run could not start: {e}"))?;
        Ok(Self {
            label,
            world,
            target_ticks,
            trace: Vec::with_capacity(usize::try_from(target_ticks).unwrap_or(0)),
        })
    }

    /// True once the target tick is reached.
    #[must_use]
    pub fn done(&self) -> bool {
        self.world.tick() >= self.target_ticks
    }
}

/// A lesson's headless run: one or more variants stepped one after the other.
#[derive(Debug, Clone)]
pub struct LessonRun {
    /// The lesson.
    pub lesson: Lesson,
    /// The worlds, in run order.
    pub variants: Vec<Variant>,
}

/// The sim lesson for a content lesson number (1 to 17).
#[must_use]
pub fn lesson_for_number(number: u8) -> Option<Lesson> {
    usize::from(number)
        .checked_sub(1)
        .and_then(|i| Lesson::ALL.get(i).copied())
}

/// Phones per tick in the serving lesson's three runs: light, near full and past full
/// (one edge server answers about 100 phones per 10-second tick).
pub const SERVING_LOADS: [(&str, f64); 3] =
    [("light", 30.0), ("near full", 90.0), ("past full", 150.0)];

/// Ticks each automation level runs in lesson 11.
pub const AUTOMATION_TICKS: u64 = 300;

/// The scenarios a lesson's try-this runs, with labels and tick counts.
#[must_use]
pub fn plan(lesson: Lesson) -> Vec<(&'static str, Scenario, u64)> {
    let preset = lesson.preset();
    let first_event = preset.events.first().map_or(0, |e| e.start_tick);
    match lesson {
        Lesson::Lifecycle => {
            let retrain = preset.actions.first().map_or(first_event, |a| a.tick);
            vec![("run", preset, retrain + 1200)]
        }
        Lesson::SystemMap => vec![("run", preset, 2200)],
        Lesson::DataDrift | Lesson::ConceptDrift => vec![("run", preset, first_event + 800)],
        Lesson::DriftSpeed => {
            let width = preset.events.first().map_or(0, |e| e.width_ticks);
            let ticks = first_event + width + 600;
            let mut sudden = preset.clone();
            for e in &mut sudden.events {
                e.shape = DriftShape::Sudden;
            }
            vec![("gradual", preset, ticks), ("sudden", sudden, ticks)]
        }
        Lesson::Serving => SERVING_LOADS
            .iter()
            .map(|&(label, phones_per_tick)| {
                (
                    label,
                    Scenario {
                        phones_per_tick,
                        ..preset.clone()
                    },
                    300,
                )
            })
            .collect(),
        Lesson::WhyDeploy => vec![("shadow", preset, 300)],
        Lesson::Shadow => {
            let human_only = Scenario {
                automation: AutomationLevel::HumanOnly,
                ..preset.clone()
            };
            vec![("shadow", preset, 800), ("human only", human_only, 800)]
        }
        Lesson::Canary => vec![("canary", preset, 600)],
        Lesson::BlueGreen => vec![("blue-green", preset, 600)],
        Lesson::Automation => AutomationLevel::ALL
            .iter()
            .zip(crate::content::AUTOMATION_LEVELS)
            .map(|(&automation, (name, _))| {
                (
                    *name,
                    Scenario {
                        automation,
                        ..preset.clone()
                    },
                    AUTOMATION_TICKS,
                )
            })
            .collect(),
        Lesson::Monitoring => {
            let last_event = preset
                .events
                .iter()
                .map(|e| e.start_tick)
                .max()
                .unwrap_or(0);
            vec![("run", preset, last_event + 200)]
        }
        Lesson::Milestones => {
            let eager_spec = preset.candidate.unwrap_or_default();
            let eager = Scenario {
                model: eager_spec,
                candidate: None,
                ..preset.clone()
            };
            vec![("cautious", preset, 1000), ("eager", eager, 1000)]
        }
        Lesson::RareClass => vec![("always PASS", preset, 1000)],
        Lesson::Slices | Lesson::Baselines => vec![("run", preset, 1500)],
        Lesson::Pies => vec![("run", preset, 500)],
    }
}

impl LessonRun {
    /// Builds the lesson's worlds at tick 0.
    pub fn new(lesson: Lesson) -> Result<Self, String> {
        let variants = plan(lesson)
            .into_iter()
            .map(|(label, s, ticks)| Variant::new(label, s, ticks))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { lesson, variants })
    }

    /// Ticks the whole run takes (all variants).
    #[must_use]
    pub fn total_ticks(&self) -> u64 {
        self.variants.iter().map(|v| v.target_ticks).sum()
    }

    /// Ticks run so far (all variants).
    #[must_use]
    pub fn done_ticks(&self) -> u64 {
        self.variants
            .iter()
            .map(|v| v.world.tick().min(v.target_ticks))
            .sum()
    }

    /// True when every variant reached its target.
    #[must_use]
    pub fn finished(&self) -> bool {
        self.variants.iter().all(Variant::done)
    }

    /// Runs at most `budget_ticks` more ticks; returns true when the whole run is finished.
    pub fn advance(&mut self, budget_ticks: u64) -> bool {
        let mut left = budget_ticks;
        for v in &mut self.variants {
            while left > 0 && !v.done() {
                let m = *v.world.step();
                v.trace.push(m);
                left -= 1;
            }
        }
        self.finished()
    }

    /// Runs to the end in one go.
    pub fn run_to_end(&mut self) {
        self.advance(u64::MAX);
    }

    /// The variant with this label.
    #[must_use]
    pub fn variant(&self, label: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.label == label)
    }

    /// The first variant (the lesson's own preset).
    #[must_use]
    pub fn main(&self) -> Option<&Variant> {
        self.variants.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_has_a_runnable_plan() {
        for lesson in Lesson::ALL {
            let run = LessonRun::new(lesson);
            assert!(run.is_ok(), "{lesson:?}: {:?}", run.err());
            if let Ok(run) = run {
                assert!(run.total_ticks() > 0);
                assert_eq!(run.done_ticks(), 0);
            }
        }
        assert_eq!(lesson_for_number(1), Some(Lesson::Lifecycle));
        assert_eq!(lesson_for_number(17), Some(Lesson::Pies));
        assert_eq!(lesson_for_number(0), None);
        assert_eq!(lesson_for_number(18), None);
    }

    #[test]
    fn advancing_in_slices_equals_running_in_one_go() {
        let mut sliced = LessonRun::new(Lesson::DriftSpeed).expect("valid preset");
        let mut whole = sliced.clone();
        let mut slices = 0;
        while !sliced.advance(377) {
            slices += 1;
            assert!(sliced.done_ticks() <= sliced.total_ticks());
        }
        whole.run_to_end();
        assert!(slices > 2);
        assert_eq!(sliced.done_ticks(), whole.total_ticks());
        for (a, b) in sliced.variants.iter().zip(&whole.variants) {
            assert_eq!(a.trace, b.trace, "{}", a.label);
            assert_eq!(a.trace.len() as u64, a.target_ticks);
        }
    }
}
