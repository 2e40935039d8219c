//! A remote control for a lab, handed down as a Yew context.
//!
//! The page around a lab (an embedding parent via `postMessage`, the presenter's keyboard
//! shortcuts) cannot reach the lab's reducer directly: each lab owns it. Instead the page
//! provides a [`LabLink`] context; the primary lab below it attaches its dispatcher and a
//! snapshot of its status after every render, and the page sends [`Command`]s through the
//! link's [`Remote`]. Commands sent while no lab is attached wait in a short queue and run
//! when one attaches (so a `t=` fast-forward or an early message is not lost).
//!
//! The same context carries the control groups the page hides or locks (`hide=` / `lock=`).

use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use driftline_sim::automation::AutomationLevel;
use driftline_sim::drift::{DriftEvent, DriftKind, DriftShape};
use yew::Callback;

use crate::lab::state::LabAction;
use crate::share::{Control, ParentMessage};

/// Most commands kept while no lab is attached; older ones are dropped first.
pub const MAX_QUEUED: usize = 16;

/// What a remote can ask a lab to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Start or stop the clock.
    TogglePlay,
    /// Advance one tick.
    Step,
    /// Back to tick 0 with the same scenario.
    Reset,
    /// Change who decides.
    SetAutomation(AutomationLevel),
    /// Start a drift event at the lab's current tick.
    InjectDriftNow {
        /// What changes.
        kind: DriftKind,
        /// How it unfolds.
        shape: DriftShape,
        /// Size, 0 to 1.
        magnitude: f64,
        /// Transition length in ticks (0 for sudden).
        width_ticks: u64,
    },
    /// Any other lab action, as is (speed, thresholds, fast-forward from a link).
    Action(LabAction),
}

impl From<ParentMessage> for Command {
    fn from(m: ParentMessage) -> Self {
        match m {
            ParentMessage::Play => Command::Play,
            ParentMessage::Pause => Command::Pause,
            ParentMessage::Reset => Command::Reset,
            ParentMessage::SetAutomation { level } => Command::SetAutomation(level),
            ParentMessage::Seek { tick } => Command::Action(LabAction::Seek(tick)),
            ParentMessage::Branch { tick } => Command::Action(LabAction::BranchAt(tick)),
            ParentMessage::InjectDrift {
                kind,
                shape,
                magnitude,
                width_ticks,
            } => Command::InjectDriftNow {
                kind,
                shape,
                magnitude,
                width_ticks: width_ticks.unwrap_or(0),
            },
        }
    }
}

impl Command {
    /// The lab action for this command, given the lab's current tick.
    #[must_use]
    pub fn to_action(&self, tick: u64) -> LabAction {
        match self {
            Command::Play => LabAction::Play,
            Command::Pause => LabAction::Pause,
            Command::TogglePlay => LabAction::TogglePlay,
            Command::Step => LabAction::Step,
            Command::Reset => LabAction::Reset,
            Command::SetAutomation(level) => LabAction::SetAutomation(*level),
            Command::InjectDriftNow {
                kind,
                shape,
                magnitude,
                width_ticks,
            } => LabAction::InjectDrift(DriftEvent {
                kind: *kind,
                shape: *shape,
                start_tick: tick,
                width_ticks: *width_ticks,
                magnitude: *magnitude,
            }),
            Command::Action(a) => a.clone(),
        }
    }
}

/// What an attached lab reports about itself after each render.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabStatus {
    /// Current tick.
    pub tick: u64,
    /// Whether the clock runs.
    pub playing: bool,
    /// Who decides now.
    pub automation: AutomationLevel,
}

struct Attached {
    dispatch: Callback<LabAction>,
    status: LabStatus,
}

#[derive(Default)]
struct Inner {
    attached: Option<Attached>,
    queue: VecDeque<Command>,
}

/// The sending end. Clones share one lab slot; equality is identity.
#[derive(Clone, Default)]
pub struct Remote(Rc<RefCell<Inner>>);

impl PartialEq for Remote {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl Remote {
    /// A remote with no lab attached.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Called by a lab after each render: its dispatcher and status. Runs queued commands.
    pub fn attach(&self, dispatch: Callback<LabAction>, status: LabStatus) {
        let queued: Vec<Command> = {
            let mut inner = self.0.borrow_mut();
            inner.attached = Some(Attached {
                dispatch: dispatch.clone(),
                status,
            });
            inner.queue.drain(..).collect()
        };
        // Dispatching only queues a reducer update, so the status tick stays the one the
        // commands were meant for.
        for c in queued {
            dispatch.emit(c.to_action(status.tick));
        }
    }

    /// Called when the lab goes away (or before it attaches again).
    pub fn detach(&self) {
        self.0.borrow_mut().attached = None;
    }

    /// The attached lab's status, if a lab is attached.
    #[must_use]
    pub fn status(&self) -> Option<LabStatus> {
        self.0.borrow().attached.as_ref().map(|a| a.status)
    }

    /// Sends a command. True when a lab took it; false when it was queued for the next lab.
    pub fn send(&self, command: Command) -> bool {
        let target = self
            .0
            .borrow()
            .attached
            .as_ref()
            .map(|a| (a.dispatch.clone(), a.status.tick));
        match target {
            Some((dispatch, tick)) => {
                dispatch.emit(command.to_action(tick));
                true
            }
            None => {
                let mut inner = self.0.borrow_mut();
                if inner.queue.len() == MAX_QUEUED {
                    inner.queue.pop_front();
                }
                inner.queue.push_back(command);
                false
            }
        }
    }
}

/// The context a page provides to the labs below it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabLink {
    /// Where the primary lab attaches.
    pub remote: Remote,
    /// Control groups not shown.
    pub hidden: BTreeSet<Control>,
    /// Control groups shown but disabled.
    pub locked: BTreeSet<Control>,
}

impl LabLink {
    /// A link with a fresh remote and the given hidden and locked groups.
    #[must_use]
    pub fn new(hidden: BTreeSet<Control>, locked: BTreeSet<Control>) -> Self {
        Self {
            remote: Remote::new(),
            hidden,
            locked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorder() -> (Callback<LabAction>, Rc<RefCell<Vec<LabAction>>>) {
        let log = Rc::new(RefCell::new(Vec::new()));
        let l = Rc::clone(&log);
        (Callback::from(move |a| l.borrow_mut().push(a)), log)
    }

    fn status(tick: u64) -> LabStatus {
        LabStatus {
            tick,
            playing: false,
            automation: AutomationLevel::HumanOnly,
        }
    }

    #[test]
    fn commands_reach_the_attached_lab_and_drift_starts_now() {
        let remote = Remote::new();
        let (cb, log) = recorder();
        remote.attach(cb, status(42));
        assert!(remote.send(Command::Play));
        let msg = ParentMessage::parse(
            r#"{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":0.4}"#,
        );
        assert!(remote.send(Command::from(msg.unwrap())));
        let got = log.borrow().clone();
        assert_eq!(got[0], LabAction::Play);
        match &got[1] {
            LabAction::InjectDrift(e) => {
                assert_eq!(e.start_tick, 42);
                assert_eq!(e.kind, DriftKind::LightingDim);
                assert!((e.magnitude - 0.4).abs() < 1e-12);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn commands_wait_for_a_lab_and_the_queue_is_bounded() {
        let remote = Remote::new();
        for _ in 0..MAX_QUEUED + 3 {
            assert!(!remote.send(Command::Step));
        }
        remote.send(Command::Reset);
        let (cb, log) = recorder();
        remote.attach(cb, status(0));
        let got = log.borrow().clone();
        assert_eq!(got.len(), MAX_QUEUED);
        assert_eq!(got.last(), Some(&LabAction::Reset));
        // The queue is empty after delivery; a detached remote queues again.
        remote.detach();
        assert_eq!(remote.status(), None);
        assert!(!remote.send(Command::Pause));
    }

    #[test]
    fn parent_messages_map_to_lab_actions() {
        let level = AutomationLevel::FullAutomation;
        assert_eq!(
            Command::from(ParentMessage::SetAutomation { level }).to_action(3),
            LabAction::SetAutomation(level)
        );
        assert_eq!(
            Command::from(ParentMessage::Pause).to_action(3),
            LabAction::Pause
        );
        assert_eq!(
            Command::from(ParentMessage::Reset).to_action(3),
            LabAction::Reset
        );
        let a = Remote::new();
        assert_eq!(a, a.clone());
        assert_ne!(a, Remote::new());
    }
}
