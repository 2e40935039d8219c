//! The page's two drawings of its own, generic over plotters' backend (canvas in the page,
//! SVG in the native tests): a lane per detector with a mark at each firing (DDM's warning
//! zones shaded), and two histograms overlaid.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::palette::ChartTheme;
use crate::charts::DrawResult;

/// One lane: a detector's name, its firing rows, and shaded spans (DDM's warnings).
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Detector name.
    pub name: &'static str,
    /// Rows where it fired.
    pub marks: Vec<f64>,
    /// `[first, last]` rows of warning zones.
    pub spans: Vec<(f64, f64)>,
    /// Why the lane is empty, when the detector did not run.
    pub note: Option<&'static str>,
}

/// Text size on both drawings, pixels.
const TEXT_PX: u32 = 13;
/// Width of the lane names, pixels.
const NAME_PX: u32 = 104;

/// Draws `lanes` over rows `x0..x1` filling `root`.
///
/// # Errors
/// Only when the backend fails.
pub fn draw_lanes<DB>(
    root: &DrawingArea<DB, Shift>,
    lanes: &[Lane],
    x: (f64, f64),
    theme: ChartTheme,
) -> DrawResult<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    root.fill(&theme.background)?;
    let (w, h) = root.dim_in_pixel();
    let x1 = if x.1 > x.0 { x.1 } else { x.0 + 1.0 };
    let n = lanes.len().max(1) as f64;
    let lane_h = f64::from(h.saturating_sub(4)) / n;
    let plot_w = f64::from(w.saturating_sub(NAME_PX + 8));
    let to_px = |row: f64| NAME_PX as i32 + ((row - x.0) / (x1 - x.0) * plot_w) as i32;
    let text = ("sans-serif", TEXT_PX)
        .into_font()
        .color(&theme.ink)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, lane) in lanes.iter().enumerate() {
        let top = (2.0 + lane_h * i as f64) as i32;
        let bottom = (2.0 + lane_h * (i + 1) as f64) as i32 - 2;
        let mid = (top + bottom) / 2;
        root.draw(&Rectangle::new(
            [(NAME_PX as i32, top), (w as i32 - 8, bottom)],
            theme.grid.stroke_width(1),
        ))?;
        let label = match lane.note {
            Some(note) => format!("{}: {note}", lane.name),
            None => format!("{} ({})", lane.name, lane.marks.len()),
        };
        root.draw_text(&label, &text, (4, mid))?;
        for &(a, b) in &lane.spans {
            root.draw(&Rectangle::new(
                [
                    (to_px(a), top + 1),
                    (to_px(b).max(to_px(a) + 1), bottom - 1),
                ],
                theme.alarm_pending.filled(),
            ))?;
        }
        for &m in &lane.marks {
            let px = to_px(m);
            root.draw(&PathElement::new(
                vec![(px, top + 2), (px, bottom - 2)],
                theme.threshold.stroke_width(2),
            ))?;
        }
    }
    root.present()?;
    Ok(())
}

/// Draws the reference's and the window's shares per bin, one over the other.
///
/// # Errors
/// Only when the backend fails.
pub fn draw_overlay<DB>(
    root: &DrawingArea<DB, Shift>,
    caption: &str,
    edges: &[f64],
    reference: &[f64],
    current: &[f64],
    theme: ChartTheme,
) -> DrawResult<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    root.fill(&theme.background)?;
    let lo = edges.first().copied().unwrap_or(0.0);
    let hi = edges
        .last()
        .copied()
        .filter(|h| *h > lo)
        .unwrap_or(lo + 1.0);
    let top = reference
        .iter()
        .chain(current)
        .fold(0.0_f64, |m, &v| m.max(v))
        .max(0.01)
        * 1.1;
    let mut chart = ChartBuilder::on(root)
        .caption(
            caption,
            ("sans-serif", TEXT_PX).into_font().color(&theme.ink),
        )
        .margin(6)
        .margin_right(24)
        .x_label_area_size(22)
        .y_label_area_size(44)
        .build_cartesian_2d(lo..hi, 0.0..top)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme.grid)
        .x_labels(5)
        .y_labels(4)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style(("sans-serif", TEXT_PX).into_font().color(&theme.ink))
        .draw()?;
    let bars = |shares: &[f64], colour: RGBAColor| {
        edges
            .windows(2)
            .zip(shares.to_vec())
            .map(move |(e, s)| Rectangle::new([(e[0], 0.0), (e[1], s)], colour.filled()))
            .collect::<Vec<_>>()
    };
    chart
        .draw_series(bars(reference, theme.series.mix(0.45)))?
        .label("reference")
        .legend(move |(x, y)| {
            Rectangle::new(
                [(x, y - 5), (x + 10, y + 5)],
                theme.series.mix(0.45).filled(),
            )
        });
    chart
        .draw_series(bars(current, theme.candidate.mix(0.45)))?
        .label("window")
        .legend(move |(x, y)| {
            Rectangle::new(
                [(x, y - 5), (x + 10, y + 5)],
                theme.candidate.mix(0.45).filled(),
            )
        });
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(theme.background.mix(0.8))
        .label_font(("sans-serif", TEXT_PX).into_font().color(&theme.ink))
        .draw()?;
    root.present()?;
    Ok(())
}
