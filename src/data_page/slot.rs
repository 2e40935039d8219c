//! How "Your data" reaches the page without the main wasm carrying it.
//!
//! The page (`crate::app::Page`) renders `#/data` from a [`DataPageSlot`] in context. Only
//! the data page's own entry point (`driftline-data`, [`DataApp`]) provides one, so the
//! chapters' wasm links none of the CSV reader, the detectors' batch run or their charts
//! (about 80 KB gzip). Reached from a chapter, `#/data` reloads the page, and the loader
//! (`crate::prerender`) starts the data page's wasm instead; that wasm holds the whole page,
//! so from there the chapters open without a reload.

use yew::prelude::*;

use super::DataPage;
use crate::root::App;

/// Renders the "Your data" page where the page asks for it.
#[derive(Clone, PartialEq)]
pub struct DataPageSlot(pub Callback<(), Html>);

/// The app with the "Your data" page in its slot: the root of the `driftline-data` wasm.
#[function_component(DataApp)]
pub fn data_app() -> Html {
    let slot = use_memo((), |()| {
        DataPageSlot(Callback::from(|()| html! { <DataPage /> }))
    });
    html! {
        <ContextProvider<DataPageSlot> context={(*slot).clone()}>
            <App />
        </ContextProvider<DataPageSlot>>
    }
}
