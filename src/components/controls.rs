//! Reading a form control's value off its event.

use yew::Event;

/// The `value` of the element an event came from (a `<select>`, an `<input>`), read
/// without casting to a web-sys element type; empty when it has none.
#[must_use]
pub fn target_value(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
