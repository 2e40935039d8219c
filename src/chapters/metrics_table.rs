//! Lesson 13's milestone table: training, test and business numbers side by side.

use driftline_sim::lessons::reports::Milestones;
use yew::prelude::*;

use super::tables::{money, pct};

/// Props of [`MetricsTable`].
#[derive(Properties, PartialEq)]
pub struct MetricsTableProps {
    /// (model name, its milestones), one column each.
    pub models: Vec<(AttrValue, Milestones)>,
}

/// The table: one row per milestone, one column per model; the cheaper model is named.
#[function_component(MetricsTable)]
pub fn metrics_table(props: &MetricsTableProps) -> Html {
    let cheapest = props
        .models
        .iter()
        .enumerate()
        .min_by(|a, b| a.1 .1.business_cost.total_cmp(&b.1 .1.business_cost))
        .map(|(i, _)| i);
    let row = |label: &str, cell: &dyn Fn(&Milestones) -> String| {
        html! {
            <tr>
                <th scope="row">{ label.to_owned() }</th>
                { for props.models.iter().map(|(_, m)| html! { <td>{ cell(m) }</td> }) }
            </tr>
        }
    };
    html! {
        <div class="table-wrap" role="region" aria-labelledby="milestone-caption" tabindex="0">
            <table class="data-table" data-testid="milestone-table">
                <caption id="milestone-caption"><span>{ "Milestones: training, test and business numbers of two models" }</span></caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Milestone" }</th>
                        { for props.models.iter().enumerate().map(|(i, (name, _))| html! {
                            <th scope="col">{ name.clone() }{ if cheapest == Some(i) { " (cheaper)" } else { "" } }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { row("Training accuracy", &|m| pct(Some(m.train.train_accuracy))) }
                    { row("Test accuracy", &|m| pct(Some(m.train.test_accuracy))) }
                    { row("Test recall", &|m| pct(Some(m.train.test_recall))) }
                    { row("Production accuracy (late labels)", &|m| pct(m.production_accuracy)) }
                    { row("Escaped defects", &|m| m.escapes.to_string()) }
                    { row("False rejects", &|m| m.false_rejects.to_string()) }
                    { row("Business cost", &|m| money(m.business_cost)) }
                </tbody>
            </table>
        </div>
    }
}
