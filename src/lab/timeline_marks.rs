//! What the timeline marks: the run's actions (the reader's and the scenario's, the future
//! ones too), its drift events, the rollout steps and retrains the world logged, and the
//! alarms that fired, in the charts' window and before it (the world's alarm carry), each
//! in plain words. What happened after the tick shown is added by `timeline_later`.

use driftline_sim::automation::AutomationLevel;
use driftline_sim::scenario::{Action, ScheduledAction};
use driftline_sim::world::World;

use super::timeline::TimelineMark;
use crate::view_model::alarm_carry::AlarmCarry;
use crate::view_model::alarms::{AlarmChange, AlarmEntry};
use crate::view_model::{self, Thresholds};

/// An action in plain words.
#[must_use]
pub fn action_words(action: &Action, now: u64) -> String {
    match action {
        Action::Retrain => "retrained on the logged phones".to_owned(),
        Action::Promote => "candidate promoted".to_owned(),
        Action::Rollback => "rolled back to the stable model".to_owned(),
        Action::SetAutomation { level } => format!("automation set to {}", level_words(*level)),
        Action::SetThreshold { threshold } => format!("decision threshold set to {threshold:.2}"),
        Action::InjectDrift { event } => view_model::drift_words(event, now),
        Action::Deploy { pattern, .. } => format!("{} started", pattern.kind().name()),
    }
}

fn level_words(level: AutomationLevel) -> &'static str {
    match level {
        AutomationLevel::HumanOnly => "human only",
        AutomationLevel::Shadow => "shadow",
        AutomationLevel::AiAssistance => "AI assistance",
        AutomationLevel::PartialAutomation => "partial automation",
        AutomationLevel::FullAutomation => "full automation",
    }
}

/// Every mark of the run, oldest first, none twice.
#[must_use]
pub fn run_marks(
    world: &World,
    actions: &[ScheduledAction],
    log: &[AlarmEntry],
    thresholds: &Thresholds,
) -> Vec<TimelineMark> {
    let now = world.tick();
    let mark = |tick, label, kind| TimelineMark {
        tick,
        label,
        kind,
        later: false,
    };
    let mut marks: Vec<TimelineMark> = actions
        .iter()
        .map(|a| mark(a.tick, action_words(&a.action, now), "action"))
        .collect();
    marks.extend(
        world
            .scenario()
            .events
            .iter()
            .map(|e| mark(e.start_tick, view_model::drift_words(e, now), "event")),
    );
    marks.extend(
        view_model::markers(world)
            .into_iter()
            .map(|m| mark(m.tick, m.label, "event")),
    );
    // The firings before the chart history (the world carries them), then the history's.
    let carried = AlarmCarry::of(world, thresholds)
        .into_iter()
        .flat_map(AlarmCarry::firings);
    marks.extend(
        carried
            .chain(log.iter())
            .filter(|e| e.change == AlarmChange::Firing)
            .map(|e| {
                let name = thresholds
                    .iter()
                    .find(|(s, _)| s.id == e.metric)
                    .map_or(e.metric, |(s, _)| s.caption);
                mark(e.tick, format!("alarm fires: {name}"), "alarm")
            }),
    );
    crate::keyed_sort::sort_by_u64_key(&mut marks, |m| m.tick);
    marks.dedup_by(|a, b| a.tick == b.tick && a.label == b.label);
    marks
}
