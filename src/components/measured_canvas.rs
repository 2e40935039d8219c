//! plotters' canvas backend, with text measured and drawn by this module.
//!
//! Without a font engine, plotters sizes each label by appending a `<span>` to the page and
//! reading its `offsetWidth` (plotters 0.3.7, `style/font/web.rs`). Every read forces a
//! style and layout pass, and the dashboard draws about a hundred labels per beat. The
//! canvas's own `measureText` needs no layout, so this wrapper answers
//! `estimate_text_size` with it.
//!
//! It also draws text itself: plotters-canvas sets the context's font for every label, and
//! the browser parses that CSS font string each time (the largest single cost of a beat in
//! a CPU profile of the dashboard). Here the font, alignment and baseline are set only when
//! they change, and measured sizes are remembered per font and text: a chart's labels
//! repeat from beat to beat, and each `measureText` costs about as much as drawing the
//! text. Lines and paths are drawn here too, so their stroke colour and width are written
//! only when they change (a dashed threshold line is dozens of paths in one colour);
//! rectangles, circles and polygons go to [`CanvasBackend`] unchanged.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Most remembered text sizes; past this the memory starts over (labels of a long run).
const MAX_REMEMBERED_SIZES: usize = 2048;

thread_local! {
    /// Text sizes by CSS font and text, shared by every chart (lookups only, so the map's
    /// order never matters).
    static TEXT_SIZES: RefCell<HashMap<(String, String), (u32, u32)>> =
        RefCell::new(HashMap::new());
}

/// Share of the font size a character is wide on average, for the fallback estimate.
const FALLBACK_CHAR_WIDTH_EM: f64 = 0.6;
/// Line height of the fallback estimate, in font sizes (CSS `line-height: normal` is
/// about 1.15 for the common sans-serif fonts).
const FALLBACK_LINE_HEIGHT_EM: f64 = 1.15;

/// A canvas drawing failure, with the browser's message.
#[derive(Debug)]
pub struct CanvasDrawError(String);

impl std::fmt::Display for CanvasDrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasDrawError {}

type DrawResult = Result<(), DrawingErrorKind<CanvasDrawError>>;

/// plotters-canvas's errors (its error type is not exported by name) as ours.
fn from_inner<E: std::fmt::Display + std::error::Error + Send + Sync>(
    error: DrawingErrorKind<E>,
) -> DrawingErrorKind<CanvasDrawError> {
    match error {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(CanvasDrawError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

fn from_js(error: &wasm_bindgen::JsValue) -> DrawingErrorKind<CanvasDrawError> {
    DrawingErrorKind::DrawingError(CanvasDrawError(
        error.as_string().unwrap_or_else(|| format!("{error:?}")),
    ))
}

/// Text and line settings last written to a canvas's context, so unchanged ones are not
/// written again (each write passes a string from wasm to the browser, which then parses
/// it). Keep one per canvas across paints, and [`ContextState::forget`] it whenever the
/// context's state is reset (setting the canvas's width or height does that).
#[derive(Default, Debug)]
pub struct ContextState {
    font: String,
    align: &'static str,
    baseline: &'static str,
    /// Stroke colour (r, g, b, alpha bits) and line width.
    stroke: Option<((u8, u8, u8, u64), u32)>,
}

impl ContextState {
    /// Forgets what was written: the next text sets everything again.
    pub fn forget(&mut self) {
        *self = Self::default();
    }
}

/// A [`CanvasBackend`] whose text is measured with `measureText` and drawn with the
/// context's text settings cached.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    state: Rc<RefCell<ContextState>>,
    /// Drawing-buffer pixels per unit plotters draws in (device pixel ratio, times the
    /// presenter's zoom); the context's transform applies it.
    scale: f64,
    /// The size plotters sees: the buffer divided by `scale`.
    logical: (u32, u32),
}

impl MeasuredCanvas {
    /// Wraps `canvas`, with `state` the settings its context holds from earlier paints;
    /// `None` when it has no 2D context.
    #[must_use]
    pub fn new(canvas: HtmlCanvasElement, state: Rc<RefCell<ContextState>>) -> Option<Self> {
        Self::with_scale(canvas, state, 1.0)
    }

    /// Like [`MeasuredCanvas::new`], drawing `scale` buffer pixels per unit: plotters lays
    /// out the chart at the buffer's size divided by `scale`, and the context's transform
    /// draws it at full resolution (a device pixel ratio of 2 gives crisp lines and text).
    #[must_use]
    pub fn with_scale(
        canvas: HtmlCanvasElement,
        state: Rc<RefCell<ContextState>>,
        scale: f64,
    ) -> Option<Self> {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()?
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        // Buffer sizes are small positive numbers; rounding to whole units is the intent.
        let logical = (
            (f64::from(canvas.width()) / scale).round() as u32,
            (f64::from(canvas.height()) / scale).round() as u32,
        );
        context
            .set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
            .ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(Self {
            inner,
            context,
            state,
            scale,
            logical,
        })
    }

    /// Paints all of `source` at the top left (a layer drawn earlier, such as a chart's frame).
    ///
    /// # Errors
    /// The browser's message when the copy fails (e.g. a zero-sized source).
    pub fn copy_in(&self, source: &HtmlCanvasElement) -> Result<(), String> {
        // Buffer to buffer, pixel for pixel: without the scaling transform.
        let unscaled = self.context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let copied = self
            .context
            .draw_image_with_html_canvas_element(source, 0.0, 0.0)
            .map_err(|e| format!("copying a canvas layer: {e:?}"));
        let s = self.scale;
        let rescaled = self.context.set_transform(s, 0.0, 0.0, s, 0.0, 0.0);
        unscaled
            .and(rescaled)
            .map_err(|e| format!("setting the canvas transform: {e:?}"))?;
        copied
    }

    /// Sets the context's font unless it already is `font`.
    fn use_font(&self, font: String) {
        let mut state = self.state.borrow_mut();
        if state.font != font {
            self.context.set_font(&font);
            state.font = font;
        }
    }

    /// Sets the context's stroke colour and line width unless they already are `style`'s.
    fn use_stroke<S: BackendStyle>(&self, style: &S) {
        let colour = style.color();
        let (r, g, b) = colour.rgb;
        let wanted = ((r, g, b, colour.alpha.to_bits()), style.stroke_width());
        let mut state = self.state.borrow_mut();
        if state.stroke != Some(wanted) {
            self.context.set_stroke_style_str(&css_colour(colour));
            self.context.set_line_width(f64::from(style.stroke_width()));
            state.stroke = Some(wanted);
        }
    }

    fn use_anchor(&self, align: &'static str, baseline: &'static str) {
        let mut state = self.state.borrow_mut();
        if state.align != align {
            self.context.set_text_align(align);
            state.align = align;
        }
        if state.baseline != baseline {
            self.context.set_text_baseline(baseline);
            state.baseline = baseline;
        }
    }
}

/// A horizontal or vertical line moved half a pixel, so a one-pixel line covers one row
/// or column of pixels instead of two half-lit ones (what plotters-canvas does too).
fn crisp_line(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut from, mut to) = (
        (f64::from(from.0), f64::from(from.1)),
        (f64::from(to.0), f64::from(to.1)),
    );
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

/// The CSS colour of a plotters colour.
fn css_colour(colour: BackendColor) -> String {
    let (r, g, b) = colour.rgb;
    format!("rgba({r},{g},{b},{})", colour.alpha)
}

/// The CSS font shorthand plotters-canvas uses when it draws the same text.
fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

/// Pixels, rounded up so a label never overlaps what is placed after it.
fn whole_px(value: f64) -> u32 {
    // Text boxes are small and finite; the saturating float-to-int cast is the intent.
    value.max(0.0).ceil() as u32
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasDrawError;

    fn get_size(&self) -> (u32, u32) {
        self.logical
    }

    fn ensure_prepared(&mut self) -> DrawResult {
        self.inner.ensure_prepared().map_err(from_inner)
    }

    fn present(&mut self) -> DrawResult {
        self.inner.present().map_err(from_inner)
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> DrawResult {
        self.inner.draw_pixel(point, color).map_err(from_inner)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> DrawResult {
        // As plotters-canvas draws it, with the stroke settings written only when they change.
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (from, to) = crisp_line(from, to);
        self.use_stroke(style);
        self.context.begin_path();
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        // plotters-canvas writes the stroke settings of an outline itself.
        self.state.borrow_mut().stroke = None;
        self.inner
            .draw_rect(upper_left, bottom_right, style, fill)
            .map_err(from_inner)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> DrawResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = path.into_iter();
        let Some(start) = path.next() else {
            return Ok(());
        };
        self.use_stroke(style);
        self.context.begin_path();
        self.context.move_to(f64::from(start.0), f64::from(start.1));
        for next in path {
            self.context.line_to(f64::from(next.0), f64::from(next.1));
        }
        self.context.stroke();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        self.state.borrow_mut().stroke = None;
        self.inner
            .draw_circle(center, radius, style, fill)
            .map_err(from_inner)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> DrawResult {
        self.inner.fill_polygon(vert, style).map_err(from_inner)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> DrawResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let radians = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0_f64.to_radians(),
            FontTransform::Rotate180 => 180.0_f64.to_radians(),
            FontTransform::Rotate270 => 270.0_f64.to_radians(),
        };
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        let rotated = radians != 0.0;
        if rotated {
            self.context.save();
            self.context.translate(x, y).map_err(|e| from_js(&e))?;
            self.context.rotate(radians).map_err(|e| from_js(&e))?;
            (x, y) = (0.0, 0.0);
        }
        let anchor = style.anchor();
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        self.use_anchor(align, baseline);
        self.use_font(css_font(style));
        // Shapes drawn in between change the fill style, so it is always set.
        self.context.set_fill_style_str(&css_colour(colour));
        let drawn = self.context.fill_text(text, x, y).map_err(|e| from_js(&e));
        if rotated {
            self.context.restore();
            // `restore` brought back the settings from before `save`: forget the cache.
            self.state.borrow_mut().forget();
        }
        drawn
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasDrawError>> {
        let size = style.size();
        let key = (css_font(style), text.to_owned());
        if let Some(known) = TEXT_SIZES.with(|sizes| sizes.borrow().get(&key).copied()) {
            return Ok(known);
        }
        self.use_font(key.0.clone());
        // `measureText` only fails on a detached context; the estimate then still places the
        // labels sensibly, which beats losing the whole chart over a label's width.
        let Ok(metrics) = self.context.measure_text(text) else {
            // Label lengths are tiny.
            let chars = text.chars().count() as f64;
            return Ok((
                whole_px(chars * size * FALLBACK_CHAR_WIDTH_EM),
                whole_px(size * FALLBACK_LINE_HEIGHT_EM),
            ));
        };
        // The font's own ascent and descent: the line box a `<span>` would get, which is
        // what plotters' placement expects.
        let height = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
        let height = if height.is_finite() && height > 0.0 {
            height
        } else {
            size * FALLBACK_LINE_HEIGHT_EM
        };
        let measured = (whole_px(metrics.width()), whole_px(height));
        TEXT_SIZES.with(|sizes| {
            let mut sizes = sizes.borrow_mut();
            if sizes.len() >= MAX_REMEMBERED_SIZES {
                sizes.clear();
            }
            sizes.insert(key, measured);
        });
        Ok(measured)
    }
}
