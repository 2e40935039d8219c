//! A line chart drawn as inline SVG, for the build-time first paint: the same drawing code
//! as the canvas (`charts::line::draw`) through plotters' SVG backend, scaled to the box the
//! canvas will fill, which then replaces it.

use plotters::prelude::*;
use yew::prelude::*;

use crate::charts::line::{self, LineChartSpec};

/// Size the first paint's charts are laid out at: a stage chart on a desk-sized screen
/// (`.lab-stage .chart-canvas` is 170 px tall). The SVG scales to its box, keeping its shape.
pub const FIRST_PAINT_SIZE: (u32, u32) = (360, 170);

/// The chart as an `<svg>` element (empty markup if plotters fails: the box stays, blank).
pub fn chart_svg(spec: &LineChartSpec<'_>) -> Html {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, FIRST_PAINT_SIZE).into_drawing_area();
        if line::draw(&root, spec).is_err() || root.present().is_err() {
            return Html::default();
        }
    }
    // plotters writes a fixed width and height beside its viewBox: without them the box
    // sets the size. Its line breaks between elements only cost bytes.
    let (w, h) = FIRST_PAINT_SIZE;
    let svg = svg
        .replacen(
            &format!("width=\"{w}\" height=\"{h}\""),
            "aria-hidden=\"true\"",
            1,
        )
        .replace(">\n<", "><");
    Html::from_html_unchecked(AttrValue::from(svg))
}
