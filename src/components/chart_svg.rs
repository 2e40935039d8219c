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
    let svg = svg.replacen(
        &format!("width=\"{w}\" height=\"{h}\""),
        "aria-hidden=\"true\"",
        1,
    );
    Html::from_html_unchecked(AttrValue::from(compact(&svg)))
}

/// plotters' SVG without what costs bytes and draws nothing: the default `opacity="1"`,
/// the font family (the stylesheet's `.chart-svg text` rule sets it), the line breaks around
/// elements and text, and font sizes to a tenth of a pixel. The first paint carries about
/// seventeen charts, so this is a fifth of its weight.
#[must_use]
pub fn compact(svg: &str) -> String {
    let svg = svg
        .replace(" opacity=\"1\"", "")
        .replace(" font-family=\"sans-serif\"", "")
        .replace(">\n", ">")
        .replace("\n<", "<");
    round_font_sizes(&svg)
}

/// Every `font-size="X"` with X rounded to one decimal.
fn round_font_sizes(svg: &str) -> String {
    const ATTR: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(ATTR) {
        let value_start = i + ATTR.len();
        out.push_str(&rest[..value_start]);
        let Some(len) = rest[value_start..].find('"') else {
            rest = &rest[value_start..];
            break;
        };
        let value = &rest[value_start..value_start + len];
        match value.parse::<f64>() {
            Ok(px) => out.push_str(&format!("{}", (px * 10.0).round() / 10.0)),
            Err(_) => out.push_str(value),
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn compacting_drops_defaults_and_rounds_font_sizes_only() {
        let svg = "<svg>\n<text x=\"1.5\" font-family=\"sans-serif\" font-size=\"10.483870967741936\" opacity=\"1\">\nA\n</text>\n<rect opacity=\"0.5\"/></svg>";
        assert_eq!(
            compact(svg),
            "<svg><text x=\"1.5\" font-size=\"10.5\">A</text><rect opacity=\"0.5\"/></svg>"
        );
    }
}
