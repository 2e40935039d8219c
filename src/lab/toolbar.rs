//! The context through which a page adds its own controls (share, export) to its
//! primary lab.

use yew::prelude::*;

use super::state::{LabAction, LabState};

/// What a page-level toolbar (share and export buttons) sees of the primary lab.
#[derive(Clone, PartialEq)]
pub struct LabToolbarArgs {
    /// The lab's state (a cheap clone: the world is shared).
    pub state: LabState,
    /// Sends actions to the lab.
    pub dispatch: Callback<LabAction>,
    /// Test-id prefix of the lab (empty for the primary lab).
    pub prefix: String,
}

/// Context a page provides to add its own controls (share, export) to its primary lab;
/// the lab calls it on every render and shows the result under its clock controls.
#[derive(Clone, PartialEq)]
pub struct LabToolbar(pub Callback<LabToolbarArgs, Html>);
