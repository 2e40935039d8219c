//! Where the file comes from: a file picker, a drop zone, pasted text, or the sample.

use std::rc::Rc;

use yew::prelude::*;

/// A file's name and bytes.
#[derive(Clone, PartialEq)]
pub struct Source {
    /// Name shown in messages.
    pub name: String,
    /// The whole file.
    pub bytes: Rc<[u8]>,
}

/// Props of [`SourcePicker`].
#[derive(Properties, PartialEq)]
pub struct SourcePickerProps {
    /// Called with each file read, text pasted or sample made.
    pub on_source: Callback<Source>,
    /// Called with a message when a file cannot be read.
    pub on_error: Callback<String>,
    /// Prefix of element ids and test ids (`""` for the main file, `ref-` for a reference).
    #[prop_or_default]
    pub prefix: AttrValue,
    /// Offer pasting and the sample (the main file only).
    #[prop_or(true)]
    pub full: bool,
}

/// Reads `file` and hands its bytes to `on_source` (the reading task lives in `slot`).
pub(crate) fn read_file(
    file: web_sys::File,
    slot: &Rc<std::cell::RefCell<Option<gloo::file::callbacks::FileReader>>>,
    on_source: Callback<Source>,
    on_error: Callback<String>,
) {
    let name = file.name();
    #[allow(clippy::cast_precision_loss)] // A size bound, far below 2^52.
    if file.size() > super::job::MAX_FILE_BYTES as f64 {
        on_error.emit(format!(
            "{name} is larger than {} MB; split it or keep the rows you need.",
            super::job::MAX_FILE_BYTES / (1024 * 1024)
        ));
        return;
    }
    let blob = gloo::file::Blob::from(file);
    let task = gloo::file::callbacks::read_as_bytes(&blob, move |result| match result {
        Ok(bytes) => on_source.emit(Source {
            name: name.clone(),
            bytes: Rc::from(bytes),
        }),
        Err(e) => on_error.emit(format!("{name} could not be read ({e}).")),
    });
    *slot.borrow_mut() = Some(task);
}

/// The picker.
#[function_component(SourcePicker)]
pub fn source_picker(props: &SourcePickerProps) -> Html {
    let p = props.prefix.clone();
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    // Uncontrolled: a million pasted rows are not copied into the page's state and back
    // into the box on every render.
    let pasted = use_node_ref();
    let dragging = use_state(|| false);

    let on_file = {
        let (reader, on_source, on_error) = (
            reader.clone(),
            props.on_source.clone(),
            props.on_error.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, &reader, on_source.clone(), on_error.clone());
            }
            // The same file can be picked again after fixing it.
            input.set_value("");
        })
    };
    let on_drop = {
        let (reader, on_source, on_error, dragging) = (
            reader.clone(),
            props.on_source.clone(),
            props.on_error.clone(),
            dragging.clone(),
        );
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            match file {
                Some(file) => read_file(file, &reader, on_source.clone(), on_error.clone()),
                None => on_error.emit("Nothing was dropped: drop one CSV file.".to_string()),
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_paste_check = {
        let (pasted, on_source) = (pasted.clone(), props.on_source.clone());
        Callback::from(move |_: MouseEvent| {
            let text = pasted
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            on_source.emit(Source {
                name: "the pasted text".to_string(),
                bytes: Rc::from(text.into_bytes()),
            });
        })
    };
    let on_sample = {
        let (on_source, on_error) = (props.on_source.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            match driftline_sim::drift_check::sample::sample_csv() {
                Ok(text) => on_source.emit(Source {
                    name: driftline_sim::drift_check::sample::SAMPLE_NAME.to_string(),
                    bytes: Rc::from(text.into_bytes()),
                }),
                Err(e) => on_error.emit(format!("The sample could not be made: {e}")),
            }
        })
    };
    let file_id = format!("{p}data-file");
    let paste_id = format!("{p}data-paste");
    html! {
        <div class={classes!("data-source", dragging.then_some("dragging"))}
            ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}
            data-testid={format!("{p}data-drop")}>
            <label for={file_id.clone()}>{ if props.full { "Pick a CSV file, or drop one here: " } else { "Reference file (CSV, same column name): " } }</label>
            <input id={file_id} type="file" accept=".csv,.tsv,.txt,text/csv,text/plain"
                onchange={on_file} data-testid={format!("{p}data-file")} />
            if props.full {
                <button type="button" class="primary" onclick={on_sample} data-testid="data-sample">
                    { "Try the sample" }
                </button>
                <details class="data-paste">
                    <summary>{ "Or paste text" }</summary>
                    <label for={paste_id.clone()}>{ "CSV text, header row first:" }</label>
                    <textarea id={paste_id} rows="6" spellcheck="false" ref={pasted}
                        data-testid="data-paste" />
                    <button type="button" onclick={on_paste_check} data-testid="data-paste-check">
                        { "Check the pasted text" }
                    </button>
                </details>
            }
        </div>
    }
}
