//! Lesson 16's table: per defect type, model accuracy against human-level performance.

use std::rc::Rc;

use driftline_sim::lessons::reports::BaselineRow;
use yew::prelude::*;

use super::tables::{largest_gap_share, no_room_left, pct, points};

/// Props of [`BaselineTable`].
#[derive(Properties, PartialEq)]
pub struct BaselineTableProps {
    /// One row per defect type.
    pub rows: Rc<Vec<BaselineRow>>,
}

/// The table; the row with the largest gap x share is highlighted and labelled in words.
#[function_component(BaselineTable)]
pub fn baseline_table(props: &BaselineTableProps) -> Html {
    let best = largest_gap_share(&props.rows);
    html! {
        <div class="table-wrap" role="region" aria-labelledby="baseline-caption" tabindex="0">
            <table class="data-table" data-testid="baseline-table">
                <caption id="baseline-caption"><span>{ "Model against human-level performance (HLP), per defect type" }</span></caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Defect type" }</th>
                        <th scope="col">{ "Model accuracy" }</th>
                        <th scope="col">{ "HLP" }</th>
                        <th scope="col">{ "Gap to HLP" }</th>
                        <th scope="col">{ "Share of defects" }</th>
                        <th scope="col">{ "Gap \u{d7} share" }</th>
                        <th scope="col">{ "Verdict" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().enumerate().map(|(i, r)| {
                        let top = best == Some(i);
                        let full = no_room_left(r);
                        let verdict = if top { "Largest gap \u{d7} share: work here first" }
                            else if full { "No room left: the model matches HLP" }
                            else { "" };
                        html! {
                            <tr class={classes!(top.then_some("highlight"), full.then_some("no-room"))}
                                data-testid={if top { "baseline-largest".to_owned() } else { format!("baseline-{}", r.defect.name()) }}>
                                <th scope="row">{ r.defect.name() }</th>
                                <td>{ pct(Some(r.model_accuracy)) }</td>
                                <td>{ pct(Some(r.hlp)) }</td>
                                <td>{ points(r.gap) }</td>
                                <td>{ pct(Some(r.share)) }</td>
                                <td>{ format!("{:.3}", r.gap_x_share) }</td>
                                <td class="note">{ if top { html!{ <strong>{ verdict }</strong> } } else { html!{ verdict } } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
