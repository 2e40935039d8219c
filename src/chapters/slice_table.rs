//! Lesson 15's table: the model's accuracy and recall on each slice, next to the average.

use std::rc::Rc;

use driftline_sim::lessons::reports::SliceRow;
use yew::prelude::*;

use super::tables::{pct, two, weakest_slice};

/// Props of [`SliceTable`].
#[derive(Properties, PartialEq)]
pub struct SliceTableProps {
    /// One row per slice.
    pub rows: Rc<Vec<SliceRow>>,
    /// Accuracy over all slices.
    pub overall_accuracy: Option<f64>,
    /// Recall over all slices.
    pub overall_recall: Option<f64>,
}

/// The table; the weakest slice is marked in words and style.
#[function_component(SliceTable)]
pub fn slice_table(props: &SliceTableProps) -> Html {
    let weakest = weakest_slice(&props.rows);
    html! {
        <div class="table-wrap" role="region" aria-labelledby="slice-caption" tabindex="0">
            <table class="data-table" data-testid="slice-table">
                <caption id="slice-caption"><span>{ "Model metrics per slice (phone colour), from late labels" }</span></caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Slice" }</th>
                        <th scope="col">{ "Share of phones" }</th>
                        <th scope="col">{ "Accuracy" }</th>
                        <th scope="col">{ "Recall" }</th>
                        <th scope="col">{ "Labelled phones" }</th>
                        <th scope="col">{ "Note" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().enumerate().map(|(i, r)| {
                        let low = weakest == Some(i);
                        html! {
                            <tr class={classes!(low.then_some("highlight"))} data-testid={format!("slice-{}", r.slice)}>
                                <th scope="row">{ r.slice.clone() }</th>
                                <td>{ pct(Some(r.share)) }</td>
                                <td>{ pct(r.accuracy) }</td>
                                <td>{ two(r.recall) }</td>
                                <td>{ r.labelled }</td>
                                <td class="note">{ if low { "Lowest recall" } else { "" } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{ "All slices" }</th>
                        <td>{ "100%" }</td>
                        <td>{ pct(props.overall_accuracy) }</td>
                        <td>{ two(props.overall_recall) }</td>
                        <td>{ props.rows.iter().map(|r| r.labelled).sum::<u64>() }</td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
