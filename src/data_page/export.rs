//! Export of a run's results: firings and window statistics as CSV (made in the page, as a
//! Blob), and every chart as a PNG.

use std::rc::Rc;

use driftline_sim::drift_check::export::{firings_csv, windows_csv};
use yew::prelude::*;

use super::job::Analysis;
use crate::components::export_buttons::start_download;

/// Props of [`ExportResults`].
#[derive(Properties)]
pub struct ExportResultsProps {
    /// The results.
    pub analysis: Rc<Analysis>,
}

impl PartialEq for ExportResultsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

/// Every canvas in the results around `anchor`: `(name, PNG data URL)`.
fn canvas_pngs(anchor: &NodeRef) -> Vec<(String, String)> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let section = anchor
            .cast::<web_sys::Element>()
            .and_then(|e| e.closest("section.data-results").ok().flatten());
        let Some(list) = section.and_then(|s| s.query_selector_all("canvas").ok()) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.get(i)?.dyn_into::<web_sys::HtmlCanvasElement>().ok())
            .filter_map(|c| {
                let id = c.get_attribute("data-testid").unwrap_or_default();
                let name = id
                    .trim_start_matches("data-")
                    .trim_start_matches("chart-")
                    .to_string();
                Some((name, c.to_data_url().ok()?))
            })
            .collect()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = anchor;
        Vec::new()
    }
}

/// The export buttons.
#[function_component(ExportResults)]
pub fn export_results(props: &ExportResultsProps) -> Html {
    let anchor = use_node_ref();
    let last = use_state(|| None::<Rc<(gloo::file::ObjectUrl, String)>>);
    let pngs = use_state(Vec::<(String, String)>::new);
    let save = {
        let last = last.clone();
        move |text: String, filename: String| {
            let blob = gloo::file::Blob::new_with_options(text.as_str(), Some("text/csv"));
            let url = gloo::file::ObjectUrl::from(blob);
            start_download(&url, &filename);
            last.set(Some(Rc::new((url, filename))));
        }
    };
    let stem = format!(
        "driftline-data-{}",
        props
            .analysis
            .column
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let on_firings = {
        let (a, save, name) = (
            props.analysis.clone(),
            save.clone(),
            format!("{stem}-firings.csv"),
        );
        Callback::from(move |_: MouseEvent| save(firings_csv(&a.firings, &a.rows), name.clone()))
    };
    let on_windows = {
        let (a, name) = (props.analysis.clone(), format!("{stem}-windows.csv"));
        Callback::from(move |_: MouseEvent| save(windows_csv(&a.windows, &a.rows), name.clone()))
    };
    let on_png = {
        let (pngs, anchor) = (pngs.clone(), anchor.clone());
        Callback::from(move |_: MouseEvent| pngs.set(canvas_pngs(&anchor)))
    };
    html! {
        <div class="export-bar" ref={anchor} data-testid="data-export">
            <button type="button" onclick={on_firings} data-testid="data-export-firings">{ "Firings CSV" }</button>
            <button type="button" onclick={on_windows} data-testid="data-export-windows">{ "Window statistics CSV" }</button>
            <button type="button" onclick={on_png} data-testid="data-export-png">{ "Chart images (PNG)" }</button>
            if let Some(d) = &*last {
                <a class="export-link" href={d.0.to_string()} download={d.1.clone()} data-testid="data-export-link">
                    { format!("Save {} again", d.1) }
                </a>
            }
            if !pngs.is_empty() {
                <ul class="png-links" aria-label="Chart images" data-testid="data-png-links">
                    { for pngs.iter().map(|(name, url)| html! {
                        <li><a href={url.clone()} download={format!("{stem}-{name}.png")}>{ format!("{name}.png") }</a></li>
                    }) }
                </ul>
            }
        </div>
    }
}
