//! What the factory picture shows at one moment, read from the world (pure, native-tested).
//!
//! Every phone on the picture is a [`PhoneRecord`] of the simulation: the belt carries one
//! recorded phone per sampled tick (the newest enters on the left and moves one slot per
//! sample), so the motion replays the line's own decisions a few ticks after they happen.
//! The tray and the bin count every phone decided in the last [`TRAY_WINDOW_TICKS`].

use driftline_sim::automation::AutomationLevel;
use driftline_sim::deploy::{Arm, CanaryPhase};
use driftline_sim::drift::{DriftKind, EventPhase};
use driftline_sim::phone_trace::PhoneRecord;
use driftline_sim::world::World;

/// Slots on the belt, entry to exit: the camera images at [`CAMERA_SLOT`], the station
/// decides at [`STATION_SLOT`], the last slots carry the phone to the tray or the bin.
pub const BELT_SLOTS: u64 = 10;
/// Where the camera takes its picture.
pub const CAMERA_SLOT: u64 = 3;
/// Where the decision is made.
pub const STATION_SLOT: u64 = 7;
/// Ticks of decisions the tray and the bin sum.
pub const TRAY_WINDOW_TICKS: u64 = 30;
/// Marked errors drawn in the tray or the bin (the count covers the rest).
pub const MARKED_ERRORS: usize = 6;
/// Records the lab's world keeps for the tray and the bin: [`TRAY_WINDOW_TICKS`] ticks at
/// the busiest preset's rate with room to spare (the belt reads the trace's newest phone
/// per tick, kept for longer).
pub const RECORDS_KEPT: usize = 1_024;

/// Who stands at the decision station.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Station {
    /// An inspector alone; no model runs.
    Inspector,
    /// An inspector decides; the model's answers are logged beside, unseen.
    InspectorWithShadowModel,
    /// The model's suggestion reaches the inspector, who decides.
    Assisted,
    /// A confidence gate: the model decides when sure, the inspector otherwise.
    Gate,
    /// The model alone.
    Model,
}

impl Station {
    /// The station for an automation level.
    #[must_use]
    pub fn of(level: AutomationLevel) -> Self {
        match level {
            AutomationLevel::HumanOnly => Station::Inspector,
            AutomationLevel::Shadow => Station::InspectorWithShadowModel,
            AutomationLevel::AiAssistance => Station::Assisted,
            AutomationLevel::PartialAutomation => Station::Gate,
            AutomationLevel::FullAutomation => Station::Model,
        }
    }

    /// Who decides, in words.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Station::Inspector => "an inspector decides alone",
            Station::InspectorWithShadowModel => {
                "an inspector decides while the model's answers are only logged"
            }
            Station::Assisted => "an inspector decides with the model's suggestion",
            Station::Gate => "the model decides when sure and sends unsure phones to an inspector",
            Station::Model => "the model decides alone",
        }
    }

    /// True when an inspector figure stands at the station.
    #[must_use]
    pub fn has_inspector(self) -> bool {
        !matches!(self, Station::Model)
    }

    /// True when a model box stands at the station.
    #[must_use]
    pub fn has_model(self) -> bool {
        !matches!(self, Station::Inspector)
    }
}

/// The deployment pattern as the picture shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DeployView {
    /// One model (or none).
    Single,
    /// A ghost candidate sees mirrored copies; its verdicts are discarded.
    Shadow,
    /// Two lanes; `candidate_pct` of model traffic goes to the candidate.
    Canary {
        /// Live share of model requests on the candidate, percent.
        candidate_pct: f64,
        /// The analysis failed and traffic went back to stable.
        rolled_back: bool,
    },
    /// Two stacks and a switch pointing at the live one.
    BlueGreen {
        /// The arm serving now.
        live: Arm,
    },
}

impl DeployView {
    /// The pattern in words.
    #[must_use]
    pub fn words(self) -> String {
        match self {
            DeployView::Single => String::new(),
            DeployView::Shadow => {
                "a shadow candidate gets a copy of every phone; its answers are discarded".into()
            }
            DeployView::Canary {
                rolled_back: true, ..
            } => "the canary was rolled back; every phone goes to the stable model".into(),
            DeployView::Canary { candidate_pct, .. } => {
                format!("canary: {candidate_pct:.0}% of phones go to the candidate model")
            }
            DeployView::BlueGreen { live } => format!(
                "blue-green: the switch points at the {} model",
                match live {
                    Arm::Stable => "blue (stable)",
                    Arm::Candidate => "green (candidate)",
                }
            ),
        }
    }
}

/// Drift in force at this tick, as far as it can be seen (or, for a spec change, not).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct DriftView {
    /// Light on the line, 1 normal, 0.4 at a full dimming.
    pub light: f64,
    /// Extra blur from a new camera, 0 none to 1 full.
    pub blur: f64,
    /// Extra share of missing images, 0 to 1.
    pub missing: f64,
    /// Extra share of the small slice (a new colour), 0 to 1.
    pub new_slice: f64,
    /// The spec changed at this tick (concept drift; nothing on the line looks different).
    pub spec_changed_at: Option<u64>,
}

impl DriftView {
    /// No drift.
    pub const NONE: Self = Self {
        light: 1.0,
        blur: 0.0,
        missing: 0.0,
        new_slice: 0.0,
        spec_changed_at: None,
    };

    /// The drift of `world`'s events at its current tick (planned events do not count yet).
    #[must_use]
    pub fn of(world: &World) -> Self {
        let tick = world.tick();
        let mut view = Self::NONE;
        for event in world.events() {
            if event.start_tick > tick {
                continue;
            }
            let intensity = match event.phase(tick) {
                EventPhase::Fixed(p) | EventPhase::Mixed(p) => p,
            };
            let m = event.magnitude.clamp(0.0, 1.0) * intensity;
            match event.kind {
                // Magnitude 1 multiplies the light by 0.4 (see `DriftKind::LightingDim`).
                DriftKind::LightingDim => view.light *= 1.0 - 0.6 * m,
                DriftKind::CameraBlur => view.blur = view.blur.max(m),
                DriftKind::MissingImages => view.missing = view.missing.max(m),
                DriftKind::NewSliceShare => view.new_slice = view.new_slice.max(m),
                DriftKind::SpecTighten | DriftKind::NewDefectType => {
                    if m > 0.0 {
                        view.spec_changed_at = Some(event.start_tick);
                    }
                }
            }
        }
        view
    }

    /// The drift in words ("" when there is none).
    #[must_use]
    pub fn words(&self) -> String {
        let mut parts = Vec::new();
        if self.light < 0.99 {
            parts.push(format!(
                "the lamp is dimmed to {:.0}% of its light",
                self.light * 100.0
            ));
        }
        if self.blur > 0.01 {
            parts.push("a new camera blurs the pictures".to_owned());
        }
        if self.missing > 0.01 {
            parts.push("camera faults leave pictures missing".to_owned());
        }
        if self.new_slice > 0.01 {
            parts.push("more phones come in the new colour".to_owned());
        }
        if let Some(t) = self.spec_changed_at {
            parts.push(format!(
                "the spec changed at tick {t}, which nothing on the line shows"
            ));
        }
        parts.join("; ")
    }
}

/// One phone on the belt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BeltPhone {
    /// Stable key while it moves (tick and place in its tick).
    pub key: u64,
    /// Slot, 0 (entry) to `BELT_SLOTS - 1` (about to land).
    pub slot: u64,
    /// Its record.
    pub record: PhoneRecord,
}

/// The tray (passed phones) or the bin (rejected phones).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tray {
    /// Phones in it over the window.
    pub count: u64,
    /// The wrong ones: escaped defects in the tray, false rejects in the bin.
    pub wrong: u64,
    /// Up to [`MARKED_ERRORS`] wrong ones, newest first.
    pub marked: Vec<PhoneRecord>,
}

/// Everything the picture needs at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneModel {
    /// Newest completed tick.
    pub tick: u64,
    /// Who decides.
    pub station: Station,
    /// How models are deployed.
    pub deploy: DeployView,
    /// Drift in force.
    pub drift: DriftView,
    /// Sampled phones on the belt.
    pub belt: Vec<BeltPhone>,
    /// Passed phones over the window.
    pub tray: Tray,
    /// Rejected phones over the window.
    pub bin: Tray,
    /// Captions of the alarms firing now.
    pub alarms: Vec<&'static str>,
    /// Names of the scenario's slices (phone colours), in slice order.
    pub slice_names: Vec<String>,
}

impl SceneModel {
    /// The picture of `world` now. The belt samples one tick in `stride` (the clock's
    /// ticks per beat), so one phone enters per beat at any speed; `alarms` are the
    /// captions of the alarms firing.
    #[must_use]
    pub fn of(world: &World, stride: u64, alarms: Vec<&'static str>) -> Self {
        let stride = stride.max(1);
        let newest = world.tick().saturating_sub(1);
        let trace = world.phone_trace();
        let belt = trace.map_or_else(Vec::new, |t| belt(t.newest_of_each_tick(), newest, stride));
        let tray_of =
            |rejected| trace.map_or_else(Tray::default, |t| tray(t.records(), newest, rejected));
        Self {
            tick: newest,
            station: Station::of(world.automation()),
            deploy: deploy_view(world),
            drift: DriftView::of(world),
            belt,
            tray: tray_of(false),
            bin: tray_of(true),
            alarms,
            slice_names: world
                .scenario()
                .slices
                .iter()
                .map(|s| s.name.clone())
                .collect(),
        }
    }

    /// The phone at the camera, if a sampled tick put one there.
    #[must_use]
    pub fn at_camera(&self) -> Option<&BeltPhone> {
        self.belt.iter().find(|p| p.slot == CAMERA_SLOT)
    }

    /// The phone at the decision station.
    #[must_use]
    pub fn at_station(&self) -> Option<&BeltPhone> {
        self.belt.iter().find(|p| p.slot == STATION_SLOT)
    }

    /// The accessible name of the picture: starts with "Factory" and says what is on it.
    #[must_use]
    pub fn label(&self) -> String {
        let mut parts = vec![format!(
            "Factory at tick {}: {}",
            self.tick,
            self.station.words()
        )];
        let deploy = self.deploy.words();
        if !deploy.is_empty() {
            parts.push(deploy);
        }
        let drift = self.drift.words();
        parts.push(if drift.is_empty() {
            "no drift".to_owned()
        } else {
            format!("drift: {drift}")
        });
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        parts.push(format!(
            "last {TRAY_WINDOW_TICKS} ticks: {} passed ({} defect{} escaped), {} rejected ({} good phone{})",
            self.tray.count,
            self.tray.wrong,
            plural(self.tray.wrong),
            self.bin.count,
            self.bin.wrong,
            plural(self.bin.wrong)
        ));
        if !self.alarms.is_empty() {
            parts.push(format!("alarm firing: {}", self.alarms.join(", ")));
        }
        let mut text = parts.join("; ");
        text.push('.');
        text
    }
}

fn deploy_view(world: &World) -> DeployView {
    let rollout = world.rollout();
    let deployment = rollout.deployment();
    if let Some(canary) = deployment.canary() {
        return DeployView::Canary {
            candidate_pct: rollout.candidate_weight_pct(),
            rolled_back: matches!(canary.phase(), CanaryPhase::Aborted),
        };
    }
    if let Some(bg) = deployment.blue_green() {
        return DeployView::BlueGreen {
            live: bg.active_arm(world.tick()),
        };
    }
    if rollout.mirrors() {
        return DeployView::Shadow;
    }
    DeployView::Single
}

/// The newest record of every sampled tick among the last `BELT_SLOTS` samples.
fn belt<'a>(
    newest_per_tick: impl DoubleEndedIterator<Item = &'a PhoneRecord>,
    newest: u64,
    stride: u64,
) -> Vec<BeltPhone> {
    let oldest_sampled = newest.saturating_sub(stride * (BELT_SLOTS - 1));
    newest_per_tick
        .rev()
        .take_while(|r| r.decided_tick >= oldest_sampled)
        // Sampled ticks sit on the stride's grid, so a phone keeps its tick's place as the
        // clock moves on.
        .filter(|r| (newest - r.decided_tick).is_multiple_of(stride))
        .map(|r| BeltPhone {
            key: r.decided_tick,
            slot: (newest - r.decided_tick) / stride,
            record: *r,
        })
        .collect()
}

fn tray<'a>(
    records: impl DoubleEndedIterator<Item = &'a PhoneRecord>,
    newest: u64,
    rejected: bool,
) -> Tray {
    let from = newest.saturating_sub(TRAY_WINDOW_TICKS - 1);
    let mut tray = Tray::default();
    for r in records.rev() {
        if r.decided_tick < from {
            break;
        }
        if r.rejected != rejected {
            continue;
        }
        tray.count += 1;
        if r.truth_reject != rejected {
            tray.wrong += 1;
            if tray.marked.len() < MARKED_ERRORS {
                tray.marked.push(*r);
            }
        }
    }
    tray
}

#[cfg(test)]
mod tests {
    use driftline_sim::drift::{DriftEvent, DriftKind};
    use driftline_sim::lessons::Lesson;

    use super::*;

    fn world(lesson: Lesson, ticks: u64) -> World {
        let mut w = World::new(lesson.preset()).expect("lesson presets are valid");
        w.record_phones(RECORDS_KEPT);
        w.run(ticks);
        w
    }

    #[test]
    fn belt_holds_one_phone_per_sampled_tick_in_slot_order() {
        let w = world(Lesson::DataDrift, 60);
        let m = SceneModel::of(&w, 1, Vec::new());
        assert!(m.belt.len() >= 8, "{} phones on the belt", m.belt.len());
        for pair in m.belt.windows(2) {
            assert!(pair[0].slot < pair[1].slot);
        }
        assert!(m.belt.iter().all(|p| p.slot < BELT_SLOTS));
        // One beat later every phone has moved on by exactly one slot.
        let mut w2 = w.clone();
        w2.run(1);
        let next = SceneModel::of(&w2, 1, Vec::new());
        for p in &m.belt {
            if let Some(q) = next.belt.iter().find(|q| q.key == p.key) {
                assert_eq!(q.slot, p.slot + 1);
            }
        }
    }

    #[test]
    fn the_label_counts_one_mistake_in_the_singular() {
        let mut m = SceneModel::of(&world(Lesson::DataDrift, 60), 1, Vec::new());
        (m.tray.wrong, m.bin.wrong) = (1, 1);
        let label = m.label();
        assert!(label.contains("(1 defect escaped)"), "{label}");
        assert!(label.contains("(1 good phone)"), "{label}");
        (m.tray.wrong, m.bin.wrong) = (0, 2);
        let label = m.label();
        assert!(label.contains("(0 defects escaped)"), "{label}");
        assert!(label.contains("(2 good phones)"), "{label}");
    }

    #[test]
    fn a_faster_clock_samples_on_its_stride() {
        for stride in [10, 100] {
            let w = world(Lesson::DataDrift, 1_200);
            let m = SceneModel::of(&w, stride, Vec::new());
            assert!(m
                .belt
                .iter()
                .all(|p| (m.tick - p.key).is_multiple_of(stride)));
            assert!(
                m.belt.len() >= 8,
                "stride {stride}: {} phones",
                m.belt.len()
            );
        }
    }

    #[test]
    fn tray_and_bin_count_every_decision_of_the_window() {
        let w = world(Lesson::Automation, 120);
        let m = SceneModel::of(&w, 1, Vec::new());
        let from = m.tick + 1 - TRAY_WINDOW_TICKS;
        let decided: u64 = w
            .history()
            .iter()
            .filter(|t| t.tick >= from)
            .map(|t| t.decided)
            .sum();
        assert_eq!(m.tray.count + m.bin.count, decided);
        let escaped: u64 = w
            .history()
            .iter()
            .filter(|t| t.tick >= from)
            .map(|t| t.false_pass)
            .sum();
        assert_eq!(m.tray.wrong, escaped);
    }

    #[test]
    fn lamp_dims_only_once_the_event_starts() {
        let mut w = world(Lesson::DataDrift, 10);
        w.inject_drift(DriftEvent::sudden(DriftKind::LightingDim, 20, 1.0));
        assert_eq!(
            DriftView::of(&w).light,
            1.0,
            "a planned dimming is not in force"
        );
        w.run(15);
        let d = DriftView::of(&w);
        assert!((d.light - 0.4).abs() < 1e-9, "{d:?}");
        let label = SceneModel::of(&w, 1, Vec::new()).label();
        assert!(label.starts_with("Factory"), "{label}");
        assert!(label.contains("lamp is dimmed"), "{label}");
    }

    #[test]
    fn a_spec_change_is_named_but_not_drawn() {
        let mut w = world(Lesson::DataDrift, 10);
        w.inject_drift(DriftEvent::sudden(DriftKind::SpecTighten, 10, 0.5));
        w.run(5);
        let d = DriftView::of(&w);
        assert_eq!(d.spec_changed_at, Some(10));
        assert_eq!(d.light, 1.0);
        assert!(d.words().contains("nothing on the line shows"));
    }

    #[test]
    fn station_follows_the_automation_level() {
        let mut w = world(Lesson::Automation, 5);
        for level in AutomationLevel::ALL {
            w.set_automation(level);
            let m = SceneModel::of(&w, 1, Vec::new());
            assert_eq!(m.station, Station::of(level));
            assert!(m.label().contains(m.station.words()));
        }
    }
}
