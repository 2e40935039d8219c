//! A canvas the page draws one of its own drawings on ([`super::draw`]), at its laid-out
//! width, again whenever `version` changes.

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use plotters_canvas::CanvasBackend;
use yew::prelude::*;

use crate::charts::DrawResult;

/// A drawing on a canvas backend.
pub type Drawing = Rc<dyn Fn(&DrawingArea<CanvasBackend, Shift>) -> DrawResult<()>>;

/// Props of [`DrawnCanvas`].
#[derive(Properties, Clone)]
pub struct DrawnCanvasProps {
    /// Test id.
    pub id: AttrValue,
    /// Accessible name (what the drawing shows, in words).
    pub label: AttrValue,
    /// Height in CSS pixels.
    pub height: u32,
    /// Changes whenever the drawing does.
    pub version: u64,
    /// The drawing.
    pub draw: Drawing,
}

impl PartialEq for DrawnCanvasProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && self.id == other.id && self.label == other.label
    }
}

/// The canvas.
#[function_component(DrawnCanvas)]
pub fn drawn_canvas(props: &DrawnCanvasProps) -> Html {
    let canvas = use_node_ref();
    {
        let (canvas, draw, height) = (canvas.clone(), props.draw.clone(), props.height);
        use_effect_with(props.version, move |_| {
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                let width = u32::try_from(c.client_width()).unwrap_or(0).max(200);
                c.set_width(width);
                c.set_height(height);
                if let Some(backend) = CanvasBackend::with_canvas_object(c) {
                    let root = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
                    if let Err(e) = draw(&root) {
                        gloo::console::warn!(format!("drawing failed: {e}"));
                    }
                }
            }
        });
    }
    html! {
        <canvas ref={canvas} class="data-canvas" role="img" aria-label={props.label.clone()}
            style={format!("height:{}px", props.height)} data-testid={props.id.clone()} />
    }
}
