//! What the lab does with an imported JSON file: a scenario restarts the lab on it; a
//! branched run replays the original to its tick and opens the branch beside it, in the
//! same steps as opening its link.

use std::rc::Rc;

use super::state::LabAction;
use crate::share::branch_file::Imported;

/// The lab actions that load `imported`, in order.
#[must_use]
pub fn load_actions(imported: Imported) -> Vec<LabAction> {
    match imported {
        Imported::Run(valid) => vec![LabAction::Load(Rc::new(valid.scenario.clone()))],
        Imported::Branched { file, .. } => {
            let file = *file;
            let mut actions = vec![LabAction::Load(Rc::new(file.original))];
            if file.tick > 0 {
                actions.push(LabAction::FastForward(file.tick));
            }
            actions.push(LabAction::OpenLinkBranch {
                fork: file.fork,
                start: Rc::new(file.branch),
                tick: file.branch_tick,
            });
            actions
        }
    }
}
