//! Lesson 2's system diagram: the boxes of Sculley et al. (2015), each tied to a live
//! metric of the simulation. Pick a box to read what it does and its current value.

use driftline_sim::metrics::TickMetrics;
use yew::prelude::*;

use super::reveal::{box_metric, metric_text};
use crate::content::SYSTEM_DIAGRAM;

/// Props of [`SystemDiagram`].
#[derive(Properties, PartialEq)]
pub struct SystemDiagramProps {
    /// The latest metrics of the run the boxes read from (None before any run).
    pub metrics: Option<TickMetrics>,
}

/// The diagram.
#[function_component(SystemDiagram)]
pub fn system_diagram(props: &SystemDiagramProps) -> Html {
    let selected = use_state(|| "ml-code");
    let detail = SYSTEM_DIAGRAM.iter().find(|b| b.id == *selected);
    html! {
        <figure class="system-diagram" data-testid="system-diagram">
            <figcaption>
                { "A production ML system (after Sculley et al., 2015). The model is the small box; pick any box to see its part of the simulation." }
            </figcaption>
            <ul class="boxes">
                { for SYSTEM_DIAGRAM.iter().map(|b| {
                    let is_selected = *selected == b.id;
                    let pick = {
                        let selected = selected.clone();
                        let id = b.id;
                        Callback::from(move |_: MouseEvent| selected.set(id))
                    };
                    let value = match (box_metric(b.id), &props.metrics) {
                        (Some((field, _)), Some(m)) => metric_text(field, m),
                        _ => "no data yet".to_owned(),
                    };
                    html! {
                        <li class={classes!("box", (b.id == "ml-code").then_some("ml-code"))}>
                            <button aria-pressed={is_selected.to_string()} aria-controls="system-box-detail"
                                data-testid={format!("box-{}", b.id)} onclick={pick}>
                                <span class="box-title">{ b.title }</span>
                                <span class="box-value">{ value }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            <div id="system-box-detail" class="box-detail" aria-live="polite" data-testid="box-detail">
                if let Some(b) = detail {
                    <h4>{ b.title }</h4>
                    <p>{ b.what_it_does }</p>
                    <p><strong>{ "In Driftline: " }</strong>{ b.in_driftline }</p>
                    if let Some((field, label)) = box_metric(b.id) {
                        <p><strong>{ "Live number: " }</strong>{ label }{ " = " }
                            { props.metrics.as_ref().map_or_else(|| "no data yet (run the try-this below)".to_owned(), |m| metric_text(field, m)) }
                            if let Some(m) = &props.metrics { { format!(" at tick {}", m.tick) } }
                        </p>
                    }
                }
            </div>
        </figure>
    }
}
