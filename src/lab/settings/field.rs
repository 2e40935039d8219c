//! The one helper every settings field uses: a labelled input whose text is parsed on
//! change, good input applied and bad input reported to the lab (shown under the field,
//! the old value kept).

use std::collections::BTreeMap;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::lab::state::LabAction;

/// The text of the `<input>` an event came from.
#[must_use]
pub fn input_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// `onchange` for a field keyed `key` whose text `parse` reads: a value is handed to
/// `apply` and clears the field's error; a problem is reported to the lab through
/// `dispatch`.
pub fn on_parsed<T: 'static>(
    dispatch: &Callback<LabAction>,
    key: &'static str,
    parse: impl Fn(&str) -> Result<T, String> + 'static,
    apply: impl Fn(T) + 'static,
) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| match parse(&input_value(&e)) {
        Ok(v) => {
            apply(v);
            d.emit(LabAction::ClearFieldError(key.into()));
        }
        Err(message) => d.emit(LabAction::RejectInput {
            field: key.into(),
            message,
        }),
    })
}

/// A field's error line (role=alert so it is read out once), or nothing.
pub fn field_error(errors: &BTreeMap<String, String>, key: &str, prefix: &str) -> Html {
    match errors.get(key) {
        Some(message) => html! {
            <p class="field-error" role="alert" data-testid={format!("{prefix}{key}-error")}>{ message.clone() }</p>
        },
        None => Html::default(),
    }
}

/// A labelled number input (`decimal`: a text input with a decimal keyboard), with its
/// error line under it. `id` is both the element id and the test id.
#[derive(Default)]
pub struct NumberField {
    /// Element id and test id (the lab's prefix and the field key).
    pub id: String,
    /// The label.
    pub label: AttrValue,
    /// Current value (`None`: the browser keeps what was typed).
    pub value: Option<String>,
    /// Lowest value offered.
    pub min: Option<u64>,
    /// Highest value offered.
    pub max: Option<u64>,
    /// A decimal number rather than a whole one.
    pub decimal: bool,
    /// Shown while empty.
    pub placeholder: Option<&'static str>,
    /// Disabled (a locked group).
    pub disabled: bool,
    /// Parses and applies the text (see [`on_parsed`]).
    pub onchange: Callback<Event>,
    /// Drawn after the input on the same line (buttons).
    pub after: Html,
    /// The error line (see [`field_error`]).
    pub error: Html,
}

impl NumberField {
    /// The field's markup.
    pub fn view(self) -> Html {
        let (kind, mode) = if self.decimal {
            ("text", "decimal")
        } else {
            ("number", "numeric")
        };
        html! {
            <>
            <div class="field">
                <label for={self.id.clone()}>{ self.label }</label>
                <input id={self.id.clone()} data-testid={self.id} type={kind} inputmode={mode}
                    min={self.min.map(|m| m.to_string())} max={self.max.map(|m| m.to_string())}
                    value={self.value} placeholder={self.placeholder}
                    onchange={self.onchange} disabled={self.disabled} />
                { self.after }
            </div>
            { self.error }
            </>
        }
    }
}
