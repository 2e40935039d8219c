//! The settings: which column, which errors, the reference, the window, the detectors
//! (River's defaults shown beside each field).

use std::collections::BTreeMap;
use std::rc::Rc;

use driftline_sim::drift_check::{ColumnGuess, DetectorSettings};
use driftline_sim::monitor::detectors::{AdwinParams, DdmParams, KswinParams, PageHinkleyParams};
use yew::prelude::*;

use crate::components::controls::target_value;

/// What the form asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Value column.
    pub column: String,
    /// 0/1 column for DDM.
    pub errors: Option<String>,
    /// Skip cells that are not numbers (else stop).
    pub skip_bad: bool,
    /// `first`, `rows` or `file`.
    pub ref_mode: String,
    /// First N values.
    pub ref_n: usize,
    /// Row range.
    pub ref_rows: (usize, usize),
    /// Values per window.
    pub window: usize,
    /// Detectors.
    pub detectors: DetectorSettings,
}

/// The editable detector parameters: (key, label, River's default).
fn detector_fields() -> Vec<(&'static str, &'static str, String)> {
    let (a, p, d, k) = (
        AdwinParams::default(),
        PageHinkleyParams::default(),
        DdmParams::default(),
        KswinParams::default(),
    );
    vec![
        ("adwin.delta", "ADWIN delta", a.delta.to_string()),
        ("adwin.clock", "ADWIN clock", a.clock.to_string()),
        (
            "ph.threshold",
            "Page-Hinkley threshold (in your column's units)",
            p.threshold.to_string(),
        ),
        ("ph.delta", "Page-Hinkley delta", p.delta.to_string()),
        (
            "ph.min_instances",
            "Page-Hinkley min instances",
            p.min_instances.to_string(),
        ),
        (
            "ddm.warning",
            "DDM warning threshold",
            d.warning_threshold.to_string(),
        ),
        (
            "ddm.drift",
            "DDM drift threshold",
            d.drift_threshold.to_string(),
        ),
        ("ddm.warm_start", "DDM warm start", d.warm_start.to_string()),
        ("kswin.alpha", "KSWIN alpha", k.alpha.to_string()),
        (
            "kswin.window",
            "KSWIN window size",
            k.window_size.to_string(),
        ),
        ("kswin.stat", "KSWIN stat size", k.stat_size.to_string()),
    ]
}

/// Reads the detector fields (empty = River's default) into settings.
///
/// # Errors
/// The first field that is not a number of the right kind, or parameters River refuses.
pub fn parse_detectors(
    fields: &BTreeMap<&'static str, String>,
) -> Result<DetectorSettings, String> {
    let mut s = DetectorSettings::default();
    for (key, label, _) in detector_fields() {
        let text = fields.get(key).map_or("", |t| t.trim());
        if text.is_empty() {
            continue;
        }
        let float = || {
            text.parse::<f64>()
                .map_err(|_| format!("{label}: \"{text}\" is not a number"))
        };
        let whole = || {
            text.parse::<u32>()
                .map_err(|_| format!("{label}: \"{text}\" is not a whole number"))
        };
        match key {
            "adwin.delta" => s.adwin.delta = float()?,
            "adwin.clock" => s.adwin.clock = whole()?,
            "ph.threshold" => s.page_hinkley.threshold = float()?,
            "ph.delta" => s.page_hinkley.delta = float()?,
            "ph.min_instances" => s.page_hinkley.min_instances = u64::from(whole()?),
            "ddm.warning" => s.ddm.warning_threshold = float()?,
            "ddm.drift" => s.ddm.drift_threshold = float()?,
            "ddm.warm_start" => s.ddm.warm_start = u64::from(whole()?),
            "kswin.alpha" => s.kswin.alpha = float()?,
            "kswin.window" => s.kswin.window_size = whole()? as usize,
            "kswin.stat" => s.kswin.stat_size = whole()? as usize,
            _ => {}
        }
    }
    s.validate().map_err(|e| e.to_string())?;
    Ok(s)
}

/// Props of [`SettingsForm`].
#[derive(Properties, PartialEq)]
pub struct SettingsFormProps {
    /// The file's columns.
    pub columns: Rc<[ColumnGuess]>,
    /// The settings it starts from.
    pub initial: Settings,
    /// Called with the settings on "Run the checks".
    pub on_run: Callback<Settings>,
    /// The reference file picker (shown when the reference is a second file).
    pub reference_picker: Html,
}

fn parse_count(text: &str, what: &str) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .map_err(|_| format!("{what}: \"{text}\" is not a whole number"))
}

/// The form.
#[function_component(SettingsForm)]
pub fn settings_form(props: &SettingsFormProps) -> Html {
    let i = &props.initial;
    let column = use_state(|| i.column.clone());
    let errors = use_state(|| i.errors.clone().unwrap_or_default());
    let skip_bad = use_state(|| i.skip_bad);
    let ref_mode = use_state(|| i.ref_mode.clone());
    let text = use_state(|| {
        BTreeMap::from([
            ("ref_n", i.ref_n.to_string()),
            ("ref_first", i.ref_rows.0.to_string()),
            ("ref_last", i.ref_rows.1.to_string()),
            ("window", i.window.to_string()),
        ])
    });
    let det = use_state(BTreeMap::<&'static str, String>::new);
    let problem = use_state(|| None::<String>);

    let set_text = |key: &'static str| {
        let text = text.clone();
        Callback::from(move |e: Event| {
            let mut t = (*text).clone();
            t.insert(key, target_value(&e));
            text.set(t);
        })
    };
    let set_det = |key: &'static str| {
        let det = det.clone();
        Callback::from(move |e: Event| {
            let mut t = (*det).clone();
            t.insert(key, target_value(&e));
            det.set(t);
        })
    };
    let on_submit = {
        let (column, errors, skip_bad, ref_mode, text, det, problem, on_run) = (
            column.clone(),
            errors.clone(),
            skip_bad.clone(),
            ref_mode.clone(),
            text.clone(),
            det.clone(),
            problem.clone(),
            props.on_run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let get = |k: &str| text.get(k).cloned().unwrap_or_default();
            let parsed = (|| -> Result<Settings, String> {
                Ok(Settings {
                    column: (*column).clone(),
                    errors: Some((*errors).clone()).filter(|e| !e.is_empty()),
                    skip_bad: *skip_bad,
                    ref_mode: (*ref_mode).clone(),
                    ref_n: parse_count(&get("ref_n"), "Reference rows")?,
                    ref_rows: (
                        parse_count(&get("ref_first"), "First row")?,
                        parse_count(&get("ref_last"), "Last row")?,
                    ),
                    window: parse_count(&get("window"), "Window size")?.max(2),
                    detectors: parse_detectors(&det)?,
                })
            })();
            match parsed {
                Ok(s) => {
                    problem.set(None);
                    on_run.emit(s);
                }
                Err(m) => problem.set(Some(m)),
            }
        })
    };
    let numeric: Vec<&ColumnGuess> = props.columns.iter().filter(|c| c.numeric).collect();
    let option = |name: &str, selected: bool| html! { <option value={name.to_string()} selected={selected}>{ name.to_string() }</option> };
    let on_column = {
        let column = column.clone();
        Callback::from(move |e: Event| column.set(target_value(&e)))
    };
    let on_errors = {
        let errors = errors.clone();
        Callback::from(move |e: Event| errors.set(target_value(&e)))
    };
    let on_skip = {
        let skip_bad = skip_bad.clone();
        Callback::from(move |e: Event| skip_bad.set(target_value(&e) == "skip"))
    };
    let on_mode = {
        let ref_mode = ref_mode.clone();
        Callback::from(move |e: Event| ref_mode.set(target_value(&e)))
    };
    let number = |id: &'static str, label: &str, key: &'static str| {
        html! {
            <span class="data-field">
                <label for={id}>{ label.to_string() }</label>
                <input id={id} type="number" min="0" value={text.get(key).cloned().unwrap_or_default()} onchange={set_text(key)} data-testid={id} />
            </span>
        }
    };
    html! {
        <form class="data-form" onsubmit={on_submit} data-testid="data-form">
            <fieldset>
                <legend>{ "What to check" }</legend>
                <span class="data-field">
                    <label for="data-column">{ "Column of numbers" }</label>
                    <select id="data-column" onchange={on_column} data-testid="data-column">
                        { for numeric.iter().map(|c| option(&c.name, c.name == *column)) }
                    </select>
                </span>
                <span class="data-field">
                    <label for="data-errors">{ "0/1 error column for DDM" }</label>
                    <select id="data-errors" onchange={on_errors} data-testid="data-errors">
                        <option value="" selected={errors.is_empty()}>{ "none" }</option>
                        { for numeric.iter().filter(|c| c.zero_one).map(|c| option(&c.name, c.name == *errors)) }
                    </select>
                </span>
                <span class="data-field">
                    <label for="data-bad">{ "Cells that are not numbers" }</label>
                    <select id="data-bad" onchange={on_skip} data-testid="data-bad-cells">
                        <option value="stop" selected={!*skip_bad}>{ "stop and list them" }</option>
                        <option value="skip" selected={*skip_bad}>{ "skip them" }</option>
                    </select>
                </span>
            </fieldset>
            <fieldset>
                <legend>{ "Compare with" }</legend>
                <span class="data-field">
                    <label for="data-ref-mode">{ "Reference" }</label>
                    <select id="data-ref-mode" onchange={on_mode} data-testid="data-ref-mode">
                        <option value="first" selected={*ref_mode == "first"}>{ "the first rows" }</option>
                        <option value="rows" selected={*ref_mode == "rows"}>{ "a range of rows" }</option>
                        <option value="file" selected={*ref_mode == "file"}>{ "a second file" }</option>
                    </select>
                </span>
                { match ref_mode.as_str() {
                    "rows" => html! { <>{ number("data-ref-first", "First row", "ref_first") }{ number("data-ref-last", "Last row", "ref_last") }</> },
                    "file" => props.reference_picker.clone(),
                    _ => number("data-ref-n", "Rows", "ref_n"),
                } }
                { number("data-window", "Window size (rows)", "window") }
            </fieldset>
            <details class="data-detectors">
                <summary>{ "Detector settings (empty: River's default)" }</summary>
                { for detector_fields().into_iter().map(|(key, label, default)| {
                    let id = format!("data-det-{}", key.replace('.', "-"));
                    html! {
                        <span class="data-field">
                            <label for={id.clone()}>{ format!("{label} (default {default})") }</label>
                            <input id={id.clone()} type="text" inputmode="decimal" placeholder={default}
                                value={det.get(key).cloned().unwrap_or_default()} onchange={set_det(key)} data-testid={id} />
                        </span>
                    }
                }) }
            </details>
            <button type="submit" class="primary" data-testid="data-run">{ "Run the checks" }</button>
            if let Some(m) = &*problem {
                <p class="field-error" role="alert" data-testid="data-form-error">{ m.clone() }</p>
            }
        </form>
    }
}
