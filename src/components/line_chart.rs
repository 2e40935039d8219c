//! A plotters-canvas line chart inside a Yew component.

use std::rc::Rc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::charts::line::{self, AlarmSpan, LineChartSpec};

/// Data for one chart. `version` changes whenever the data does, so comparing props and
/// deciding to redraw is O(1) instead of comparing whole series.
#[derive(Properties, Clone)]
pub struct LineChartProps {
    /// Stable test id suffix, e.g. `reject-rate` gives `data-testid="chart-reject-rate"`.
    pub id: AttrValue,
    /// Caption drawn on the chart and used as its accessible name.
    pub caption: AttrValue,
    /// `(tick, value)` points.
    pub points: Rc<[(f64, f64)]>,
    /// Alarm threshold (the red line).
    #[prop_or_default]
    pub threshold: Option<f64>,
    /// Visible value range.
    pub y_range: (f64, f64),
    /// Visible tick range.
    pub x_range: (f64, f64),
    /// Alarm spans to shade.
    #[prop_or_default]
    pub alarms: Rc<[AlarmSpan]>,
    /// Event marker ticks.
    #[prop_or_default]
    pub events: Rc<[f64]>,
    /// Bumps when any of the data above changes.
    pub version: u64,
    /// Unit shown in the text alternative, e.g. "%".
    #[prop_or_default]
    pub unit: AttrValue,
}

impl PartialEq for LineChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.id == other.id
            && self.threshold == other.threshold
            && self.caption == other.caption
    }
}

/// Draws on every data change (not on every parent render) after the DOM is in place.
#[function_component(LineChart)]
pub fn line_chart(props: &LineChartProps) -> Html {
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        let props = props.clone();
        use_effect_with((props.version, props.threshold), move |_| {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                if let Err(error) = paint(&canvas, &props) {
                    web_sys::console::error_1(&format!("chart {}: {error}", props.id).into());
                }
            }
        });
    }
    let latest = props.points.last().map(|&(_, v)| v);
    let summary = match (latest, props.threshold) {
        (Some(v), Some(t)) => format!("Latest value {v:.3}{}, threshold {t:.3}{}.", props.unit, props.unit),
        (Some(v), None) => format!("Latest value {v:.3}{}.", props.unit),
        (None, _) => "No data yet.".to_owned(),
    };
    html! {
        <figure class="chart">
            <canvas
                ref={canvas_ref}
                class="chart-canvas"
                data-testid={format!("chart-{}", props.id)}
                role="img"
                aria-label={format!("{}. {summary}", props.caption)}
            />
            <figcaption class="sr-only">{ summary }</figcaption>
        </figure>
    }
}

fn paint(canvas: &HtmlCanvasElement, props: &LineChartProps) -> Result<(), String> {
    // Match the drawing buffer to the laid-out size so text and lines are not stretched.
    let width = u32::try_from(canvas.client_width()).unwrap_or(0).max(100);
    let height = u32::try_from(canvas.client_height()).unwrap_or(0).max(80);
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| "the canvas has no 2D context".to_owned())?;
    let root = backend.into_drawing_area();
    let spec = LineChartSpec {
        caption: &props.caption,
        points: &props.points,
        threshold: props.threshold,
        x_range: props.x_range.0..props.x_range.1,
        y_range: props.y_range.0..props.y_range.1,
        alarms: &props.alarms,
        event_ticks: &props.events,
    };
    line::draw(&root, &spec).map_err(|e| e.to_string())
}
