//! A plotters-canvas line chart inside a Yew component, with a hover readout and a text
//! alternative (summary plus a small table of recent values).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use plotters::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::charts::line::{self, AlarmSpan, LineChartSpec};
use crate::charts::palette::ChartTheme;
use crate::components::measured_canvas::{ContextState, MeasuredCanvas};
use crate::view_model::hover;

/// Data for one chart. `version` changes whenever the data does, so comparing props and
/// deciding to redraw is O(1) instead of comparing whole series.
#[derive(Properties, Clone)]
pub struct LineChartProps {
    /// Some values lie above the axis's top (drawn there; the chart says where it was cut).
    #[prop_or_default]
    pub clipped: bool,
    /// Unsmoothed values drawn faintly under a smoothed line.
    #[prop_or_else(|| Rc::from([]))]
    pub raw: Rc<[(f64, f64)]>,
    /// The candidate model's series, dashed green beside the stable one.
    #[prop_or_else(|| Rc::from([]))]
    pub candidate: Rc<[(f64, f64)]>,
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
    /// Unit shown in the text alternative, e.g. " ms".
    #[prop_or_default]
    pub unit: AttrValue,
    /// Prefix of the test id (`""` for the primary lab).
    #[prop_or_default]
    pub test_prefix: AttrValue,
    /// Called with the new threshold when the reader drags the red line (none: the line
    /// stays put; the threshold boxes remain for keyboard users).
    #[prop_or_default]
    pub on_threshold: Option<Callback<f64>>,
}

impl PartialEq for LineChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.id == other.id
            && self.threshold == other.threshold
            && self.caption == other.caption
            && self.test_prefix == other.test_prefix
            && self.on_threshold.is_some() == other.on_threshold.is_some()
    }
}

/// How close (CSS px) to the red line a press must land to pick it up.
const GRAB_PX: f64 = 8.0;

/// The chart's laid-out size in the units plotters draws in, and the pointer's height.
fn logical_pointer(canvas: &HtmlCanvasElement, e: &MouseEvent) -> ((u32, u32), f64) {
    let zoom = chart_zoom();
    let size = (
        logical_px(u32::try_from(canvas.client_width()).unwrap_or(0), zoom, 100),
        logical_px(u32::try_from(canvas.client_height()).unwrap_or(0), zoom, 80),
    );
    (size, f64::from(e.offset_y()) / zoom)
}

/// Left edge of the plotting area in the canvas: margin plus y label area (see `charts::line`).
const PLOT_LEFT_PX: f64 = (line::MARGIN_PX + line::Y_LABEL_AREA_PX) as f64;
/// Right margin of the plotting area (room for the last x tick label).
const PLOT_RIGHT_MARGIN_PX: f64 = line::RIGHT_MARGIN_PX as f64;

/// How much larger charts draw in presenter mode, matching the page's 150% text there
/// (`html.presenting` in the stylesheet, which also makes the canvases taller by as much).
/// The drawing buffer is then the laid-out size divided by this, and the browser scales it
/// up: text and lines grow for the back of a classroom, and the chart's layout stays as it
/// is on a desk.
pub const PRESENTER_CHART_ZOOM: f64 = 1.5;

/// [`PRESENTER_CHART_ZOOM`] while the page presents, else 1.
fn chart_zoom() -> f64 {
    let presenting = gloo::utils::document()
        .document_element()
        .is_some_and(|root| root.class_list().contains("presenting"));
    if presenting {
        PRESENTER_CHART_ZOOM
    } else {
        1.0
    }
}

/// The size plotters lays a chart out at for a laid-out size of `css_px` at `zoom` (at
/// least `min_px`): smaller while presenting, so the browser's scaling enlarges everything.
fn logical_px(css_px: u32, zoom: f64, min_px: u32) -> u32 {
    ((f64::from(css_px) / zoom).round() as u32).max(min_px)
}

/// The screen's device pixels per CSS pixel (1 outside a browser).
fn device_pixel_ratio() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        let ratio = gloo::utils::window().device_pixel_ratio();
        if ratio.is_finite() && ratio > 0.0 {
            ratio
        } else {
            1.0
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        1.0
    }
}

/// Drawing-buffer pixels per logical unit: one buffer pixel per device pixel.
fn buffer_scale(zoom: f64) -> f64 {
    device_pixel_ratio() * zoom
}

/// Buffer pixels for `logical` units at `scale`.
fn buffer_px(logical: u32, scale: f64) -> u32 {
    (f64::from(logical) * scale).round() as u32
}

/// The canvas's laid-out size in CSS pixels, as the last resize report gave it.
type CssSize = Rc<Cell<Option<(u32, u32)>>>;

/// Keeps `size` current from a `ResizeObserver` on the canvas and bumps `resized` when it
/// changes, so a resize repaints. Reading `clientWidth` while painting instead would force
/// a layout on every beat, right after Yew changed the DOM.
#[hook]
fn use_canvas_size(canvas_ref: NodeRef) -> (CssSize, u32) {
    let size: CssSize = use_memo((), |()| Rc::new(Cell::new(None))).as_ref().clone();
    let resized = use_state(|| 0_u32);
    {
        let size = Rc::clone(&size);
        let resized = resized.setter();
        use_effect_with((), move |()| {
            #[cfg(target_arch = "wasm32")]
            let observer = canvas_ref
                .cast::<HtmlCanvasElement>()
                .and_then(|canvas| observe_size(&canvas, size, resized));
            #[cfg(not(target_arch = "wasm32"))]
            let observer = (canvas_ref, size, resized);
            move || drop(observer)
        });
    }
    (size, *resized)
}

/// Starts the observer; it lives as long as the returned guard.
#[cfg(target_arch = "wasm32")]
fn observe_size(
    canvas: &HtmlCanvasElement,
    size: CssSize,
    resized: UseStateSetter<u32>,
) -> Option<SizeObserver> {
    use wasm_bindgen::closure::Closure;
    let bumps = Cell::new(0_u32);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(entry) = entries
            .get(0)
            .dyn_into::<web_sys::ResizeObserverEntry>()
            .ok()
        else {
            return;
        };
        let rect = entry.content_rect();
        // Layout sizes are small non-negative numbers: rounding to whole pixels is the intent.
        let next = (rect.width().round() as u32, rect.height().round() as u32);
        if size.get() != Some(next) {
            size.set(Some(next));
            bumps.set(bumps.get().wrapping_add(1));
            resized.set(bumps.get());
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(canvas);
    Some(SizeObserver {
        observer,
        _callback: callback,
    })
}

/// Disconnects its observer when dropped (the chart left the page).
#[cfg(target_arch = "wasm32")]
struct SizeObserver {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

#[cfg(target_arch = "wasm32")]
impl Drop for SizeObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Draws on every data change (not on every parent render) after the DOM is in place.
#[function_component(LineChart)]
pub fn line_chart(props: &LineChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let readout = use_state(|| None::<(f64, String)>);
    let (size, resized) = use_canvas_size(canvas_ref.clone());
    let context_state = use_mut_ref(ContextState::default);
    let frames = use_mut_ref(FrameCache::default);
    let theme = use_context::<ChartTheme>().unwrap_or_default();
    {
        let canvas_ref = canvas_ref.clone();
        let props = props.clone();
        use_effect_with(
            (props.version, props.threshold, resized, theme),
            move |_| {
                if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                    // Until the first resize report, measure once (the chart's first paint).
                    let css_size = size.get().unwrap_or_else(|| {
                        let measured = (
                            u32::try_from(canvas.client_width()).unwrap_or(0),
                            u32::try_from(canvas.client_height()).unwrap_or(0),
                        );
                        size.set(Some(measured));
                        measured
                    });
                    if let Err(error) =
                        paint(&canvas, css_size, &context_state, &frames, &props, theme)
                    {
                        web_sys::console::error_1(&format!("chart {}: {error}", props.id).into());
                    }
                    // Performance marks for the browser benchmark harness (BENCHMARKS.md).
                    #[cfg(target_arch = "wasm32")]
                    crate::bench_hooks::chart_drawn(props.points.len());
                }
            },
        );
    }
    // Dragging the red line: the value it would move to, while a drag is on.
    let dragged = use_mut_ref(|| None::<f64>);
    let onmousedown = {
        let dragged = dragged.clone();
        let canvas_ref = canvas_ref.clone();
        let (caption, y_range, threshold) = (props.caption.clone(), props.y_range, props.threshold);
        let draggable = props.on_threshold.is_some();
        Callback::from(move |e: MouseEvent| {
            let (Some(canvas), Some(t), true) =
                (canvas_ref.cast::<HtmlCanvasElement>(), threshold, draggable)
            else {
                return;
            };
            let (size, y) = logical_pointer(&canvas, &e);
            let line_y = line::y_of_value(&caption, y_range.0..y_range.1, size, t);
            if (y - line_y).abs() <= GRAB_PX {
                e.prevent_default();
                *dragged.borrow_mut() = Some(t);
            }
        })
    };
    let end_drag = {
        let dragged = dragged.clone();
        let on_threshold = props.on_threshold.clone();
        let readout = readout.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(v), Some(cb)) = (dragged.borrow_mut().take(), &on_threshold) {
                cb.emit(v);
            }
            readout.set(None);
        })
    };
    let onmousemove = {
        let readout = readout.clone();
        let points = Rc::clone(&props.points);
        let x_range = props.x_range;
        let unit = props.unit.clone();
        let canvas_ref = canvas_ref.clone();
        let dragged = dragged.clone();
        let (caption, y_range) = (props.caption.clone(), props.y_range);
        Callback::from(move |e: MouseEvent| {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            if dragged.borrow().is_some() {
                let (size, y) = logical_pointer(&canvas, &e);
                let value = line::value_at_y(&caption, y_range.0..y_range.1, size, y).max(0.0);
                *dragged.borrow_mut() = Some(value);
                let text = format!("alarm line \u{2192} {}{unit}", hover::format_value(value));
                readout.set(Some((f64::from(e.offset_x()), text)));
                return;
            }
            // The plot's margins are in drawing-buffer pixels, the mouse in laid-out ones.
            let zoom = chart_zoom();
            let width = f64::from(canvas.client_width()) / zoom;
            let x = f64::from(e.offset_x());
            let tick = hover::tick_at_pixel(
                x / zoom,
                PLOT_LEFT_PX,
                width - PLOT_RIGHT_MARGIN_PX,
                x_range,
            );
            let text = hover::nearest(&points, tick).map(|p| hover::readout(p, &unit));
            readout.set(text.map(|t| (x, t)));
        })
    };
    let onmouseleave = end_drag.clone();
    let onmouseup = end_drag;
    let latest = props.points.last().map(|&(_, v)| v);
    let unit = &props.unit;
    let summary = match (latest, props.threshold) {
        (Some(v), Some(t)) => format!(
            "Latest value {}{unit}, alarm threshold {}{unit}.",
            hover::format_value(v),
            hover::format_value(t)
        ),
        (Some(v), None) => format!("Latest value {}{unit}.", hover::format_value(v)),
        (None, _) => "No data yet.".to_owned(),
    };
    let summary = match props.candidate.last() {
        Some(&(_, c)) => format!(
            "{summary} Candidate model, dashed green: {}{unit}.",
            hover::format_value(c)
        ),
        None => summary,
    };
    let firing = props.alarms.iter().filter(|s| s.firing).count();
    let alarm_text = if firing > 0 {
        format!(" Alarm fired {firing} time(s) in view.")
    } else {
        String::new()
    };
    let table_rows = table_points(&props.points).into_iter().map(|(t, v)| {
        html! { <tr><td>{ format!("{t:.0}") }</td><td>{ format!("{}{unit}", hover::format_value(v)) }</td></tr> }
    });
    let testid = format!("{}chart-{}", props.test_prefix, props.id);
    // At build time there is no canvas to paint: the same drawing, as SVG, holds its place.
    #[cfg(not(target_arch = "wasm32"))]
    if crate::first_paint::BUILD_TIME {
        let spec = spec_of(props, theme);
        return html! {
            <figure class="chart">
                <div class="chart-frame">
                    <div class="chart-canvas chart-svg" role="img" aria-label={props.caption.clone()}>
                        { crate::components::chart_svg::chart_svg(&spec) }
                    </div>
                </div>
                <figcaption class="sr-only">{ format!("{}. {summary}{alarm_text}", props.caption) }</figcaption>
            </figure>
        };
    }
    html! {
        <figure class="chart">
            <div class="chart-frame">
                <canvas
                    ref={canvas_ref}
                    class="chart-canvas"
                    data-testid={testid}
                    role="img"
                    // Static: an attribute that changed every beat made the browser resolve
                    // the canvas's font again each beat. The figcaption carries the values.
                    aria-label={props.caption.clone()}
                    title={props.on_threshold.is_some().then_some("Drag the red line to move the alarm threshold")}
                    {onmousedown}
                    {onmousemove}
                    {onmouseup}
                    {onmouseleave}
                />
                if let Some((x, text)) = (*readout).clone() {
                    <div class="chart-readout" style={format!("left:{:.0}px", x.max(0.0))} aria-hidden="true">{ text }</div>
                }
            </div>
            <figcaption class="sr-only">
                { format!("{}. {summary}{alarm_text}", props.caption) }
                <table>
                    <caption>{ format!("Recent values of {}", props.caption) }</caption>
                    <thead><tr><th scope="col">{ "Tick" }</th><th scope="col">{ "Value" }</th></tr></thead>
                    <tbody>{ for table_rows }</tbody>
                </table>
            </figcaption>
        </figure>
    }
}

/// A chart's frame layer (background, caption, axes, grid) kept as an offscreen canvas, and
/// what it was drawn for.
#[derive(Default)]
struct FrameCache {
    canvas: Option<HtmlCanvasElement>,
    state: Rc<RefCell<ContextState>>,
    drawn_for: Option<FrameKey>,
}

/// What a frame depends on.
struct FrameKey {
    size: (u32, u32),
    /// Bits of the buffer pixels per logical unit.
    scale: u64,
    caption: String,
    /// Bits of the tick range's and the value range's ends.
    ranges: [u64; 4],
    /// Whether any point was in view (the frame then says "no data yet").
    has_data: bool,
    /// The colours it was drawn in.
    theme: ChartTheme,
    /// Bits of the threshold, whose worded label is part of the frame.
    threshold: Option<u64>,
    /// Whether the frame says the axis was cut.
    clipped: bool,
}

impl FrameCache {
    /// The frame for this size and spec, drawn again only when one of them changed.
    fn frame(
        &mut self,
        (width, height): (u32, u32),
        scale: f64,
        spec: &LineChartSpec<'_>,
    ) -> Result<HtmlCanvasElement, String> {
        let ranges = [
            spec.x_range.start.to_bits(),
            spec.x_range.end.to_bits(),
            spec.y_range.start.to_bits(),
            spec.y_range.end.to_bits(),
        ];
        let has_data = line::has_data_in_view(spec);
        // Compared field by field: most beats reuse the frame, and need not copy the caption.
        let current = self.drawn_for.as_ref().is_some_and(|k| {
            k.size == (width, height)
                && k.scale == scale.to_bits()
                && k.caption == spec.caption
                && k.ranges == ranges
                && k.has_data == has_data
                && k.theme == spec.theme
                && k.threshold == spec.threshold.map(f64::to_bits)
                && k.clipped == spec.clipped
        });
        let canvas = match &self.canvas {
            Some(c) => c.clone(),
            None => {
                let c: HtmlCanvasElement = gloo::utils::document()
                    .create_element("canvas")
                    .map_err(|e| format!("no offscreen canvas: {e:?}"))?
                    .dyn_into()
                    .map_err(|_| "the offscreen element is not a canvas".to_owned())?;
                self.canvas = Some(c.clone());
                c
            }
        };
        if !current {
            if canvas.width() != width || canvas.height() != height {
                canvas.set_width(width);
                canvas.set_height(height);
                self.state.borrow_mut().forget();
            }
            let backend = MeasuredCanvas::with_scale(canvas.clone(), Rc::clone(&self.state), scale)
                .ok_or_else(|| "the offscreen canvas has no 2D context".to_owned())?;
            line::draw_frame(&backend.into_drawing_area(), spec).map_err(|e| e.to_string())?;
            self.drawn_for = Some(FrameKey {
                size: (width, height),
                scale: scale.to_bits(),
                caption: spec.caption.to_owned(),
                ranges,
                has_data,
                theme: spec.theme,
                threshold: spec.threshold.map(f64::to_bits),
                clipped: spec.clipped,
            });
        }
        Ok(canvas)
    }
}

/// What the chart draws, read off its props (the canvas and the build-time SVG alike).
fn spec_of(props: &LineChartProps, theme: ChartTheme) -> LineChartSpec<'_> {
    LineChartSpec {
        caption: &props.caption,
        points: &props.points,
        threshold: props.threshold,
        x_range: props.x_range.0..props.x_range.1,
        y_range: props.y_range.0..props.y_range.1,
        alarms: &props.alarms,
        event_ticks: &props.events,
        theme,
        clipped: props.clipped,
        raw: &props.raw,
        candidate: &props.candidate,
    }
}

fn paint(
    canvas: &HtmlCanvasElement,
    (css_width, css_height): (u32, u32),
    context_state: &Rc<RefCell<ContextState>>,
    frames: &RefCell<FrameCache>,
    props: &LineChartProps,
    theme: ChartTheme,
) -> Result<(), String> {
    // Plotters lays the chart out at the laid-out size (a fraction of it while presenting,
    // so everything is enlarged evenly); the buffer holds one pixel per device pixel, so
    // lines and text stay sharp on a phone or a retina screen.
    let zoom = chart_zoom();
    let scale = buffer_scale(zoom);
    let width = buffer_px(logical_px(css_width, zoom, 100), scale);
    let height = buffer_px(logical_px(css_height, zoom, 80), scale);
    if canvas.width() != width || canvas.height() != height {
        // Resizing resets the context, fonts included.
        canvas.set_width(width);
        canvas.set_height(height);
        context_state.borrow_mut().forget();
    }
    let spec = spec_of(props, theme);
    // The frame changes rarely: copy it in as an image, then draw only what moved.
    let frame = frames.borrow_mut().frame((width, height), scale, &spec)?;
    let backend = MeasuredCanvas::with_scale(canvas.clone(), Rc::clone(context_state), scale)
        .ok_or_else(|| "the canvas has no 2D context".to_owned())?;
    backend.copy_in(&frame)?;
    line::draw_data(&backend.into_drawing_area(), &spec).map_err(|e| e.to_string())
}

/// Rows of the screen-reader table: up to [`TABLE_ROWS`] recent points at ticks that are
/// multiples of a round stride, newest first. Rows anchored to round ticks stay the same
/// from beat to beat, so the table is not rewritten every beat (the summary sentence above
/// it carries the latest value).
fn table_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    // At most a few thousand points.
    let wanted = points.len() as f64 / TABLE_ROWS as f64;
    // Small positive.
    let stride = crate::view_model::axis::round_up(wanted).ceil().max(1.0) as u64;
    points
        .iter()
        .rev()
        .filter(|p| {
            // Whole ticks.
            let tick = p.0 as u64;
            tick.is_multiple_of(stride)
        })
        .take(TABLE_ROWS)
        .copied()
        .collect()
}

/// Rows in a chart's screen-reader table.
const TABLE_ROWS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_sit_on_round_ticks_and_move_only_at_a_stride() {
        let series = |last: u32| -> Vec<(f64, f64)> {
            (0..=last)
                .map(|t| (f64::from(t), f64::from(t) / 2.0))
                .collect()
        };
        let rows = table_points(&series(200));
        // 201 points / 8 rows -> stride 30 (25.1 rounded up the ladder): ticks 180 down to 0.
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0], (180.0, 90.0));
        assert!(rows.windows(2).all(|w| w[0].0 - w[1].0 == 30.0), "{rows:?}");
        // One more beat leaves the rows as they were.
        assert_eq!(table_points(&series(201)), rows);
        assert!(table_points(&[]).is_empty());
    }
}
