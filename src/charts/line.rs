//! A time-series chart with a red threshold line, alarm spans and event markers.

use std::ops::Range;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{decimate, palette, DrawResult};

/// A span of ticks during which an alarm was pending or firing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlarmSpan {
    /// First tick of the span.
    pub start_tick: f64,
    /// Last tick of the span (the current tick if still open).
    pub end_tick: f64,
    /// `true` when firing, `false` when only pending.
    pub firing: bool,
}

/// Everything one line chart shows.
#[derive(Clone, Debug)]
pub struct LineChartSpec<'a> {
    /// Short caption drawn above the plot.
    pub caption: &'a str,
    /// `(tick, value)` points sorted by tick.
    pub points: &'a [(f64, f64)],
    /// Alarm threshold drawn as a dashed red line, if any.
    pub threshold: Option<f64>,
    /// Visible tick range.
    pub x_range: Range<f64>,
    /// Visible value range.
    pub y_range: Range<f64>,
    /// Pending and firing alarm spans, shaded behind the series.
    pub alarms: &'a [AlarmSpan],
    /// Ticks of injected events and deployments, drawn as vertical markers.
    pub event_ticks: &'a [f64],
    /// Colours (follow the page's theme).
    pub theme: palette::ChartTheme,
    /// Some values lie above the axis's top (`y_range.end`): they are drawn at the top and
    /// the chart says where the axis was cut.
    pub clipped: bool,
    /// Unsmoothed values drawn faintly under a smoothed series (empty: none).
    pub raw: &'a [(f64, f64)],
    /// The candidate model's series, drawn dashed in its own colour (empty: none).
    pub candidate: &'a [(f64, f64)],
}

/// Outer margin of the chart, pixels.
pub const MARGIN_PX: u32 = 6;
/// Width of the y label area, pixels (hover maps the mouse with it).
pub const Y_LABEL_AREA_PX: u32 = 44;
/// Right margin, pixels: the last x tick label is centred on the plot's right edge, so half
/// of its width (five digits at 12 px are about 38 px wide) must fit beyond the edge.
pub const RIGHT_MARGIN_PX: u32 = 24;

/// Size of every text on the chart, caption included, in pixels. One font for all text:
/// a canvas parses its font string whenever it changes, and in the browser that costs more
/// than drawing the labels (see `components::measured_canvas`).
pub const TEXT_PX: u32 = 13;

/// Drawn across a chart with no point in view.
pub const NO_DATA: &str = "no data yet";

/// Draws the chart filling `root`: [`draw_frame`] then [`draw_data`].
///
/// # Errors
/// Fails only when the backend fails to draw (for a canvas: a lost context).
pub fn draw<DB>(root: &DrawingArea<DB, Shift>, spec: &LineChartSpec<'_>) -> DrawResult<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    draw_frame(root, spec)?;
    draw_data(root, spec)
}

/// The x range actually drawn (an empty one gets one tick of width).
fn x_range_of(spec: &LineChartSpec<'_>) -> Range<f64> {
    if spec.x_range.end > spec.x_range.start {
        spec.x_range.clone()
    } else {
        spec.x_range.start..spec.x_range.start + 1.0
    }
}

/// The plot with the same geometry in both layers: margins, caption band, label areas.
/// The caption as it fits `width_px`: one line, or two split at a space, the second cut
/// with an ellipsis if it still does not fit. Widths are estimated at 0.6 em per character
/// (the system sans-serif fonts average about 0.55 em), which errs on the side of wrapping.
#[must_use]
pub fn caption_lines(caption: &str, width_px: u32) -> Vec<String> {
    let fits = |text: &str| estimate_text_px(text) + 2 * MARGIN_PX <= width_px;
    if fits(caption) {
        return vec![caption.to_owned()];
    }
    let words: Vec<&str> = caption.split(' ').collect();
    // The longest first line that fits; the rest goes on the second.
    let mut split = 1;
    for i in 1..words.len() {
        if fits(&words[..i].join(" ")) {
            split = i;
        }
    }
    let first = words[..split].join(" ");
    let rest = words[split..].join(" ");
    let second = if fits(&rest) {
        rest
    } else {
        let mut cut = rest;
        while !cut.is_empty() && !fits(&format!("{cut}\u{2026}")) {
            cut.pop();
        }
        format!("{}\u{2026}", cut.trim_end())
    };
    [first, second]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

/// Estimated width of `text` at [`TEXT_PX`].
#[must_use]
pub fn estimate_text_px(text: &str) -> u32 {
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    chars.saturating_mul(TEXT_PX) * 6 / 10
}

/// Height of the caption band for `lines` lines.
fn caption_band_px(lines: usize) -> u32 {
    let lines = u32::try_from(lines.max(1)).unwrap_or(1);
    lines * (TEXT_PX + 4) + 4
}

/// X labels for a plot `plot_px` wide: one per 70 px (a five-digit tick is about 40 px
/// wide), between 2 and 6, so labels never run into each other.
#[must_use]
pub fn x_label_count(plot_px: u32) -> usize {
    usize::try_from(plot_px / 70).unwrap_or(2).clamp(2, 6)
}

fn plot<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    spec: &LineChartSpec<'_>,
) -> DrawResult<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>>
where
    DB::ErrorType: 'static,
{
    let (width_px, _) = root.dim_in_pixel();
    let band = caption_band_px(caption_lines(spec.caption, width_px).len());
    Ok(ChartBuilder::on(root)
        .margin(MARGIN_PX)
        .margin_top(MARGIN_PX + band)
        .margin_right(RIGHT_MARGIN_PX)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d(x_range_of(spec), padded(spec.y_range.clone()))?)
}

/// The part that changes only with the size, caption and ranges: background, caption, axis
/// labels, grid lines, and the "no data yet" note of an empty chart. A canvas can keep it as an image and paint only [`draw_data`] on
/// top each beat: text is most of a redraw's cost, and the ranges move in steps
/// (`view_model::axis`), so the frame is drawn again only every few dozen beats.
///
/// # Errors
/// Fails only when the backend fails to draw.
pub fn draw_frame<DB>(root: &DrawingArea<DB, Shift>, spec: &LineChartSpec<'_>) -> DrawResult<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let theme = spec.theme;
    root.fill(&theme.background)?;
    let (width_px, _) = root.dim_in_pixel();
    let caption_style = ("sans-serif", TEXT_PX)
        .into_font()
        .color(&theme.ink)
        .pos(Pos::new(HPos::Center, VPos::Top));
    let centre = i32::try_from(width_px / 2).unwrap_or(0);
    let line_px = i32::try_from(TEXT_PX + 4).unwrap_or(17);
    let mut top = i32::try_from(MARGIN_PX).unwrap_or(0);
    for line in caption_lines(spec.caption, width_px) {
        root.draw_text(&line, &caption_style, (centre, top))?;
        top += line_px;
    }
    let mut chart = plot(root, spec)?;
    let plot_px = width_px.saturating_sub(Y_LABEL_AREA_PX + MARGIN_PX + RIGHT_MARGIN_PX);
    chart
        .configure_mesh()
        // Grid lines at the labels only: plotters' minor grid would stroke many more lines.
        .max_light_lines(0)
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme.grid)
        .x_labels(x_label_count(plot_px))
        .x_label_formatter(&tick_label)
        .y_labels(4)
        .y_label_formatter(&value_label)
        .label_style(("sans-serif", TEXT_PX).into_font().color(&theme.ink))
        .draw()?;
    // The red line says what it is, in words, at its left end (drawn with the frame: it
    // moves only when the reader edits the threshold, which redraws the frame).
    if let Some(threshold) = spec.threshold {
        let x_range = x_range_of(spec);
        let y_range = padded(spec.y_range.clone());
        if y_range.contains(&threshold) {
            let above = threshold < y_range.start + 0.8 * (y_range.end - y_range.start);
            let style = ("sans-serif", TEXT_PX)
                .into_font()
                .color(&theme.threshold)
                .pos(Pos::new(
                    HPos::Left,
                    if above { VPos::Bottom } else { VPos::Top },
                ));
            let at = (
                x_range.start + 0.02 * (x_range.end - x_range.start),
                threshold,
            );
            let text = format!("alarm line {}", value_label(&threshold));
            chart.plotting_area().draw(&Text::new(text, at, style))?;
        }
    }
    // A cut axis says so, where the cut values are drawn.
    if spec.clipped {
        let x_range = x_range_of(spec);
        let top = spec.y_range.end;
        // At the top left: the cut values are the newest, at the right.
        let style = ("sans-serif", TEXT_PX)
            .into_font()
            .color(&theme.ink)
            .pos(Pos::new(HPos::Left, VPos::Top));
        let text = format!("axis cut at {}", value_label(&top));
        let at = (x_range.start + 0.02 * (x_range.end - x_range.start), top);
        chart.plotting_area().draw(&Text::new(text, at, style))?;
    }
    // An empty grid looks broken; say why it is empty (a shadow chart with no shadow ...).
    if !has_data_in_view(spec) {
        let x_range = x_range_of(spec);
        let y_range = padded(spec.y_range.clone());
        let at = (
            (x_range.start + x_range.end) / 2.0,
            y_range.start + 0.25 * (y_range.end - y_range.start),
        );
        let style = ("sans-serif", TEXT_PX)
            .into_font()
            .color(&theme.ink)
            .pos(Pos::new(HPos::Center, VPos::Center));
        chart.plotting_area().draw(&Text::new(NO_DATA, at, style))?;
    }
    Ok(())
}

/// Whether any point falls in the visible tick range. The frame says "no data yet" when
/// none does, so a cached frame is only valid for the same answer.
#[must_use]
pub fn has_data_in_view(spec: &LineChartSpec<'_>) -> bool {
    let x_range = x_range_of(spec);
    // Points are sorted by tick: look at the first one at or after the range's start.
    let first_in = spec.points.partition_point(|p| p.0 < x_range.start);
    spec.points
        .get(first_in)
        .is_some_and(|p| x_range.contains(&p.0))
}

/// The part that moves every beat, drawn over [`draw_frame`] without clearing it: alarm
/// spans, event markers, the threshold line and the series. No text.
///
/// # Errors
/// Fails only when the backend fails to draw.
pub fn draw_data<DB>(root: &DrawingArea<DB, Shift>, spec: &LineChartSpec<'_>) -> DrawResult<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let (width_px, _) = root.dim_in_pixel();
    let y_range = padded(spec.y_range.clone());
    let x_range = x_range_of(spec);
    let mut chart = plot(root, spec)?;

    for span in spec.alarms {
        let colour = if span.firing {
            spec.theme.alarm_firing
        } else {
            spec.theme.alarm_pending
        };
        let start = span.start_tick.max(x_range.start);
        let end = span.end_tick.min(x_range.end);
        if end >= start {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(start, y_range.start), (end, y_range.end)],
                colour.filled(),
            )))?;
        }
    }
    for &tick in spec.event_ticks {
        if x_range.contains(&tick) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(tick, y_range.start), (tick, y_range.end)],
                spec.theme.event.stroke_width(2),
            )))?;
        }
    }
    if let Some(threshold) = spec.threshold {
        if y_range.contains(&threshold) {
            chart.draw_series(DashedLineSeries::new(
                [(x_range.start, threshold), (x_range.end, threshold)],
                6,
                4,
                spec.theme.threshold.stroke_width(2),
            ))?;
        }
    }
    // One bucket per two pixels of plot: its low, high and first point still show every
    // spike, and a full history draws a few hundred points instead of a few thousand.
    let plot_px = width_px.saturating_sub(Y_LABEL_AREA_PX + MARGIN_PX + RIGHT_MARGIN_PX);
    let columns = usize::try_from(plot_px / 2).unwrap_or(usize::MAX).max(1);
    // Values above a cut axis are drawn at its top.
    let top = spec.y_range.end;
    if !spec.raw.is_empty() {
        let faint = spec.theme.series.mix(0.3).stroke_width(1);
        let raw = decimate::min_max(spec.raw, columns)
            .into_iter()
            .map(|(x, y)| (x, y.min(top)));
        chart.draw_series(LineSeries::new(raw, faint))?;
    }
    let reduced = decimate::min_max(spec.points, columns);
    let reduced = reduced.into_iter().map(|(x, y)| (x, y.min(top)));
    chart.draw_series(LineSeries::new(reduced, spec.theme.series.stroke_width(2)))?;
    if !spec.candidate.is_empty() {
        let candidate = decimate::min_max(spec.candidate, columns)
            .into_iter()
            .map(|(x, y)| (x, y.min(top)));
        chart.draw_series(DashedLineSeries::new(
            candidate,
            5,
            3,
            spec.theme.candidate.stroke_width(2),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// Ticks are whole numbers: `1000`, not `1000.0` (a fractional tick keeps one decimal).
fn tick_label(tick: &f64) -> String {
    // Adding 0.0 turns -0.0 into 0.0, so no "-0" label.
    let tick = *tick + 0.0;
    if (tick - tick.round()).abs() < 1e-9 {
        format!("{tick:.0}")
    } else {
        format!("{tick:.1}")
    }
}

/// Values without trailing zeros: `600`, `0.25`, `1.5`, `0` (not `600.0` or `0.250`).
fn value_label(value: &f64) -> String {
    let value = *value + 0.0;
    if value.abs() >= 10.0 {
        return format!("{value:.0}");
    }
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Widens a range by 5% on each side, and gives a flat range some height.
/// Height of the x label area under the plot, pixels.
pub const X_LABEL_AREA_PX: u32 = 22;

/// The value at height `y_px` (from the chart's top) of a chart `size_px` large with
/// `caption` and `y_range`: the inverse of where [`draw_data`] puts a value, so a red line
/// can be dragged. Outside the plot it gives the nearest edge's value.
#[must_use]
pub fn value_at_y(caption: &str, y_range: Range<f64>, size_px: (u32, u32), y_px: f64) -> f64 {
    let (top, bottom) = plot_rows(caption, size_px);
    let range = padded(y_range);
    let t = ((bottom - y_px) / (bottom - top)).clamp(0.0, 1.0);
    range.start + t * (range.end - range.start)
}

/// The height (from the chart's top) at which `value` is drawn; see [`value_at_y`].
#[must_use]
pub fn y_of_value(caption: &str, y_range: Range<f64>, size_px: (u32, u32), value: f64) -> f64 {
    let (top, bottom) = plot_rows(caption, size_px);
    let range = padded(y_range);
    let t = (value - range.start) / (range.end - range.start);
    bottom - t * (bottom - top)
}

/// First and last pixel rows of the plot area.
fn plot_rows(caption: &str, (width, height): (u32, u32)) -> (f64, f64) {
    let band = caption_band_px(caption_lines(caption, width).len());
    let top = f64::from(MARGIN_PX + band);
    let bottom = f64::from(height.saturating_sub(MARGIN_PX + X_LABEL_AREA_PX));
    (top, bottom.max(top + 1.0))
}

fn padded(range: Range<f64>) -> Range<f64> {
    let span = range.end - range.start;
    if span > 0.0 && span.is_finite() {
        let pad = span * 0.05;
        range.start - pad..range.end + pad
    } else if range.start.is_finite() {
        range.start - 1.0..range.start + 1.0
    } else {
        0.0..1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_broken_ranges_become_drawable() {
        assert_eq!(padded(2.0..2.0), 1.0..3.0);
        assert_eq!(padded(f64::NAN..f64::NAN), 0.0..1.0);
        let wide = padded(0.0..10.0);
        assert!(wide.start < 0.0 && wide.end > 10.0);
    }

    #[test]
    fn values_lose_their_trailing_zeros() {
        assert_eq!(value_label(&600.0), "600");
        assert_eq!(value_label(&0.25), "0.25");
        assert_eq!(value_label(&1.5), "1.5");
        assert_eq!(value_label(&0.0), "0");
        assert_eq!(value_label(&-0.0001), "0");
        assert_eq!(value_label(&0.05), "0.05");
    }

    #[test]
    fn whole_ticks_have_no_decimals_and_fractions_keep_one() {
        assert_eq!(tick_label(&1000.0), "1000");
        assert_eq!(tick_label(&-0.0), "0");
        assert_eq!(tick_label(&2.5), "2.5");
    }
}
