//! Export and import for the primary lab: the run's per-tick metrics as CSV, the scenario as
//! JSON, each chart as a PNG, and a scenario JSON file read back (errors name the field).
//! The file is parsed through the page's [`ImportSlot`]; where the page has none (the
//! chapters' wasm), it is kept and the page reloads into the build that has one
//! (`crate::lab::import_slot`).

use std::rc::Rc;

use driftline_sim::scenario::Scenario;

use yew::prelude::*;

use crate::lab::import::load_actions;
use crate::lab::import_slot::{stash_and_reload, ImportSlot, PickedFile};
use crate::lab::state::LabAction;
use crate::lab::LabToolbarArgs;
use crate::share::branch_file::{branch_json, branched_csv, Imported};
use crate::share::export::MAX_IMPORT_BYTES;
use crate::share::{history_csv, scenario_json};

/// A file made in the page, kept alive (and its blob URL valid) until the next export.
struct Download {
    url: gloo::file::ObjectUrl,
    filename: String,
}

/// Props of [`ExportButtons`].
#[derive(Properties, PartialEq)]
pub struct ExportButtonsProps {
    /// The lab it exports from and imports into.
    pub lab: LabToolbarArgs,
    /// Chapter slug, used in file names.
    pub slug: AttrValue,
}

/// File name for an export, e.g. `driftline-drift-seed7-tick120.csv`.
#[must_use]
pub fn export_name(slug: &str, seed: u64, tick: u64, ext: &str) -> String {
    format!("driftline-{slug}-seed{seed}-tick{tick}.{ext}")
}

/// Starts a download of `url` as `filename` (a temporary link clicked for the reader).
pub fn start_download(url: &str, filename: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let document = gloo::utils::document();
        let Some(body) = document.body() else { return };
        let Ok(a) = document.create_element("a") else {
            return;
        };
        let _ = a.set_attribute("href", url);
        let _ = a.set_attribute("download", filename);
        let _ = a.set_attribute("hidden", "");
        if body.append_child(&a).is_ok() {
            if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
                a.click();
            }
            let _ = body.remove_child(&a);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (url, filename);
    }
}

/// Every chart canvas inside the lab around `anchor`: `(chart id, PNG data URL)`.
fn chart_pngs(anchor: &NodeRef) -> Vec<(String, String)> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let mut out = Vec::new();
        let lab = anchor
            .cast::<web_sys::Element>()
            .and_then(|e| e.closest("section.lab").ok().flatten());
        let Some(list) = lab.and_then(|l| l.query_selector_all("canvas.chart-canvas").ok()) else {
            return out;
        };
        for i in 0..list.length() {
            let Some(canvas) = list
                .get(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlCanvasElement>().ok())
            else {
                continue;
            };
            let id = canvas.get_attribute("data-testid").unwrap_or_default();
            let id = id.rsplit("chart-").next().unwrap_or("chart").to_owned();
            if let Ok(url) = canvas.to_data_url() {
                out.push((id, url));
            }
        }
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = anchor;
        Vec::new()
    }
}

/// Parses `file` and loads it into the lab; the status line for the reader.
fn import_file(
    slot: &ImportSlot,
    file: &PickedFile,
    dispatch: &Callback<LabAction>,
) -> Result<String, String> {
    let name = &file.name;
    let imported = (slot.parse)(&file.text).map_err(|e| format!("{name} was not imported: {e}"))?;
    let (what, warnings) = match &imported {
        Imported::Run(valid) => (
            "the lab restarted on it",
            valid.warnings.iter().map(ToString::to_string).collect(),
        ),
        Imported::Branched { warnings, .. } => (
            "the run and its branch replay side by side",
            warnings.clone(),
        ),
    };
    let mut msg = format!("Imported {name}: {what}.");
    for w in &warnings {
        msg.push_str(&format!(" Adjusted {w}."));
    }
    for action in load_actions(imported) {
        dispatch.emit(action);
    }
    Ok(msg)
}

/// The export and import buttons.
#[function_component(ExportButtons)]
pub fn export_buttons(props: &ExportButtonsProps) -> Html {
    let p = props.lab.prefix.clone();
    let download = use_state(|| None::<Rc<Download>>);
    let pngs = use_state(Vec::<(String, String)>::new);
    let import_status = use_state(|| None::<Result<String, String>>);
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let anchor = use_node_ref();

    let save = {
        let download = download.clone();
        move |text: String, mime: &str, filename: String| {
            let blob = gloo::file::Blob::new_with_options(text.as_str(), Some(mime));
            let url = gloo::file::ObjectUrl::from(blob);
            start_download(&url, &filename);
            download.set(Some(Rc::new(Download { url, filename })));
        }
    };
    let (seed, tick) = {
        let world = props.lab.state.world();
        (world.scenario().seed, world.tick())
    };
    let on_csv = {
        let state = props.lab.state.clone();
        let name = export_name(&props.slug, seed, tick, "csv");
        let save = save.clone();
        Callback::from(move |_: MouseEvent| {
            let world = state.world();
            // With a branch open, both sides: the branch is replayed to its tick (its lab's
            // world is its own), and a `run` column tells the rows apart.
            let text = match state.branch.as_ref().and_then(|b| b.replay()) {
                Some(branch) => branched_csv(world.history().iter(), branch.history().iter()),
                None => history_csv(world.history()),
            };
            save(text, "text/csv", name.clone());
        })
    };
    let on_json = {
        let state = props.lab.state.clone();
        let name = export_name(&props.slug, seed, 0, "json");
        let import_status = import_status.clone();
        let save = save.clone();
        Callback::from(move |_: MouseEvent| {
            // A branched run exports both sides, so importing the file opens both again.
            let text = match state.branch_file() {
                Some(file) => branch_json(&file),
                None => scenario_json(state.scenario()),
            };
            match text {
                Ok(text) => save(text, "application/json", name.clone()),
                Err(e) => import_status.set(Some(Err(format!("Export failed: {e}")))),
            }
        })
    };
    // With a branch open: the branch's run as a scenario (its common start and its own
    // actions as scripted ones), which imports and replays the branch.
    let on_branch_json = props.lab.state.branch.as_ref().map(|branch| {
        let scenario = Scenario {
            actions: (*branch.actions).clone(),
            ..(*branch.start).clone()
        };
        let name = export_name(&format!("{}-branch", props.slug), seed, branch.tick, "json");
        let import_status = import_status.clone();
        let save = save.clone();
        Callback::from(move |_: MouseEvent| match scenario_json(&scenario) {
            Ok(text) => save(text, "application/json", name.clone()),
            Err(e) => import_status.set(Some(Err(format!("Export failed: {e}")))),
        })
    });
    let on_png = {
        let pngs = pngs.clone();
        let anchor = anchor.clone();
        Callback::from(move |_: MouseEvent| pngs.set(chart_pngs(&anchor)))
    };
    let slot = use_context::<ImportSlot>();
    {
        // A file picked before the reload that brought the page to this build.
        // Only the page's primary lab has these buttons (`crate::lab::view`), so only it
        // takes the file.
        let slot = slot.clone();
        let dispatch = props.lab.dispatch.clone();
        let import_status = import_status.clone();
        use_effect_with((), move |()| {
            let Some(slot) = slot else {
                return;
            };
            let picked = slot.stashed.borrow_mut().take();
            if let Some(file) = picked {
                import_status.set(Some(import_file(&slot, &file, &dispatch)));
            }
        });
    }
    let on_import = {
        let slot = slot.clone();
        let dispatch = props.lab.dispatch.clone();
        let import_status = import_status.clone();
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Let the reader pick the same file again after fixing it.
            input.set_value("");
            let name = file.name();
            // A size bound, far below 2^52.
            if file.size() > MAX_IMPORT_BYTES as f64 {
                import_status.set(Some(Err(format!(
                    "{name}: the file is larger than {MAX_IMPORT_BYTES} bytes; nothing was imported."
                ))));
                return;
            }
            let dispatch = dispatch.clone();
            let status = import_status.clone();
            let slot = slot.clone();
            let blob = gloo::file::Blob::from(file);
            let task = gloo::file::callbacks::read_as_text(&blob, move |result| {
                let outcome = match result {
                    Err(e) => Err(format!("{name}: the file could not be read ({e}).")),
                    Ok(text) => {
                        let file = PickedFile { name, text };
                        match &slot {
                            Some(slot) => import_file(slot, &file, &dispatch),
                            None => stash_and_reload(&file)
                                .map(|()| format!("Opening {} in the importer\u{2026}", file.name))
                                .map_err(|e| format!("{} was not imported: {e}.", file.name)),
                        }
                    }
                };
                status.set(Some(outcome));
            });
            *reader.borrow_mut() = Some(task);
        })
    };

    let import_id = format!("{p}import-json-field");
    html! {
        <div class="export-bar" ref={anchor} data-testid={format!("{p}export-bar")}>
            <button type="button" onclick={on_csv} data-testid={format!("{p}export-csv")}
                title="Every tick's metrics in the run so far, one row per tick (with a branch open, both runs, told apart by a run column)">{ "Metrics CSV" }</button>
            <button type="button" onclick={on_json} data-testid={format!("{p}export-json")}
                title="The lab's starting scenario, to edit or import later (with a branch open, both runs: importing it opens both again)">{ "Scenario JSON" }</button>
            if let Some(onclick) = on_branch_json {
                <button type="button" {onclick} data-testid={format!("{p}export-branch-json")}
                    title="The branch's run: the common start and the branch's own actions, to import later">{ "Branch scenario JSON" }</button>
            }
            <button type="button" onclick={on_png} data-testid={format!("{p}export-png")}>{ "Chart images (PNG)" }</button>
            <label class="import-label" for={import_id.clone()}>{ "Import scenario JSON: " }</label>
            <input id={import_id} type="file" accept=".json,application/json" onchange={on_import}
                data-testid={format!("{p}import-json")} />
            if let Some(d) = &*download {
                <a class="export-link" href={d.url.to_string()} download={d.filename.clone()}
                    data-testid={format!("{p}export-link")}>{ format!("Save {} again", d.filename) }</a>
            }
            if !pngs.is_empty() {
                <ul class="png-links" data-testid={format!("{p}png-links")} aria-label="Chart images">
                    { for pngs.iter().map(|(id, url)| html! {
                        <li><a href={url.clone()} download={format!("driftline-{}-{id}-seed{seed}-tick{tick}.png", props.slug)}>{ format!("{id}.png") }</a></li>
                    }) }
                </ul>
            }
            if let Some(s) = &*import_status {
                { match s {
                    Ok(m) => html! { <p class="import-ok" role="status" data-testid={format!("{p}import-status")}>{ m.clone() }</p> },
                    Err(m) => html! { <p class="field-error" role="alert" data-testid={format!("{p}import-error")}>{ m.clone() }</p> },
                } }
            }
        </div>
    }
}
