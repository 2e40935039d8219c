//! A small dismissible box listing what the page changed or ignored (a link's bad values,
//! unreadable stored preferences). Every line is rendered as text, never as HTML.

use std::rc::Rc;

use yew::prelude::*;

/// Props of [`NoticeBox`].
#[derive(Properties, PartialEq)]
pub struct NoticeBoxProps {
    /// One sentence saying where the notices come from.
    pub title: AttrValue,
    /// The notices, one line each (plain text).
    pub lines: Rc<[String]>,
    /// Called when the reader dismisses the box.
    pub on_dismiss: Callback<()>,
    /// `data-testid` of the box.
    pub test_id: AttrValue,
}

/// The notice box; renders nothing when there are no lines.
#[function_component(NoticeBox)]
pub fn notice_box(props: &NoticeBoxProps) -> Html {
    if props.lines.is_empty() {
        return html! {};
    }
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <section class="notice notice-box" role="status" data-testid={props.test_id.clone()}>
            <p class="notice-title"><strong>{ props.title.clone() }</strong></p>
            <ul>
                { for props.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
            </ul>
            <button type="button" class="notice-dismiss" onclick={dismiss}
                data-testid={format!("{}-dismiss", props.test_id)}>{ "Dismiss" }</button>
        </section>
    }
}
