//! How "Your data" reaches the page without the main wasm carrying it.
//!
//! The page (`crate::app::Page`) renders `#/data` from a [`DataPageSlot`] in context. Only
//! the data page's own entry point (`driftline-data`, [`DataApp`]) provides one, so the
//! chapters' wasm links none of the CSV reader, the detectors' batch run or their charts
//! (about 80 KB gzip). Reached from a chapter, `#/data` reloads the page, and the loader
//! (`crate::prerender`) starts the data page's wasm instead; that wasm holds the whole page,
//! so from there the chapters open without a reload.
//!
//! The same build is the one that reads imported scenario files: [`DataApp`] also provides
//! the [`ImportSlot`] (`crate::lab::import_slot`), so serde's JSON reader is in this wasm only.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::DataPage;
use crate::lab::import_slot::{take_stashed, ImportSlot};
use crate::root::App;
use crate::share::branch_file::import_json;

/// Renders the "Your data" page where the page asks for it.
#[derive(Clone, PartialEq)]
pub struct DataPageSlot(pub Callback<(), Html>);

/// The app with the "Your data" page in its slot and the scenario importer: the root of
/// the `driftline-data` wasm.
#[function_component(DataApp)]
pub fn data_app() -> Html {
    let slot = use_memo((), |()| {
        DataPageSlot(Callback::from(|()| html! { <DataPage /> }))
    });
    let importer = use_memo((), |()| ImportSlot {
        parse: import_json,
        stashed: Rc::new(RefCell::new(take_stashed())),
    });
    html! {
        <ContextProvider<DataPageSlot> context={(*slot).clone()}>
            <ContextProvider<ImportSlot> context={(*importer).clone()}>
                <App />
            </ContextProvider<ImportSlot>>
        </ContextProvider<DataPageSlot>>
    }
}
