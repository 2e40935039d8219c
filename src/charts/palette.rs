//! Okabe-Ito colours (Okabe & Ito 2008, "Color Universal Design"): distinguishable
//! under the common forms of colour blindness. Outcomes never rely on colour alone:
//! the factory view and pies also carry a letter and a pattern/label.

use plotters::style::RGBColor;

/// Correct PASS.
pub const TRUE_PASS: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Correct REJECT.
pub const TRUE_REJECT: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Escaped defect: a defective phone that passed.
pub const FALSE_PASS: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// A good phone rejected.
pub const FALSE_REJECT: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Series line colour.
pub const SERIES: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Threshold ("red line") colour: Okabe-Ito vermillion, the palette's red.
pub const THRESHOLD: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Background of a firing alarm span.
pub const ALARM_FIRING: RGBColor = RGBColor(0xF7, 0xD0, 0xC0);
/// Background of a pending alarm span.
pub const ALARM_PENDING: RGBColor = RGBColor(0xFB, 0xEB, 0xC4);
/// Injected-event and deployment markers.
pub const EVENT: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Axis and label ink.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// Human decider (Okabe-Ito reddish purple).
pub const HUMAN: &str = "#cc79a7";
/// Model decider (Okabe-Ito sky blue).
pub const MODEL: &str = "#56b4e9";
/// Neutral grey: fallback default, shadow copies.
pub const NEUTRAL: &str = "#8c8c8c";
/// The stable (blue) arm.
pub const BLUE_ARM: &str = "#0072b2";
/// The candidate (green) arm (Okabe-Ito bluish green).
pub const GREEN_ARM: &str = "#009e73";
/// Five categorical colours, Okabe-Ito order (defect types, editable pie).
pub const CATEGORY: [&str; 5] = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#cc79a7"];

/// The colours a line chart draws with, one set per page theme (canvas pixels cannot read
/// CSS variables, so the theme is handed to the drawing code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartTheme {
    /// Plot background.
    pub background: RGBColor,
    /// Caption, labels and the "no data yet" note.
    pub ink: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// The series.
    pub series: RGBColor,
    /// The threshold ("red") line.
    pub threshold: RGBColor,
    /// A firing alarm's span.
    pub alarm_firing: RGBColor,
    /// A pending alarm's span.
    pub alarm_pending: RGBColor,
    /// Event markers.
    pub event: RGBColor,
    /// The candidate (green) model's series.
    pub candidate: RGBColor,
}

impl ChartTheme {
    /// Light page: the Okabe-Ito colours above on white.
    pub const LIGHT: Self = Self {
        background: RGBColor(0xFF, 0xFF, 0xFF),
        ink: INK,
        grid: RGBColor(0xE3, 0xE6, 0xEA),
        series: SERIES,
        threshold: THRESHOLD,
        alarm_firing: ALARM_FIRING,
        alarm_pending: ALARM_PENDING,
        event: EVENT,
        candidate: RGBColor(0x00, 0x9E, 0x73),
    };
    /// Dark page: the same hues, lightened where they would sink into the dark ground.
    pub const DARK: Self = Self {
        background: RGBColor(0x1A, 0x20, 0x29),
        ink: RGBColor(0xE8, 0xEC, 0xF2),
        grid: RGBColor(0x33, 0x3C, 0x4A),
        series: RGBColor(0x56, 0xB4, 0xE9),
        threshold: RGBColor(0xFF, 0x8A, 0x3D),
        alarm_firing: RGBColor(0x5A, 0x2C, 0x1C),
        alarm_pending: RGBColor(0x4A, 0x3D, 0x1C),
        event: RGBColor(0xE0, 0x8F, 0xC0),
        candidate: RGBColor(0x3C, 0xC9, 0x9E),
    };
    /// High contrast: black ink, saturated dark lines, strong spans.
    pub const HIGH_CONTRAST: Self = Self {
        background: RGBColor(0xFF, 0xFF, 0xFF),
        ink: RGBColor(0x00, 0x00, 0x00),
        grid: RGBColor(0x99, 0x99, 0x99),
        series: RGBColor(0x00, 0x00, 0xC8),
        threshold: RGBColor(0xB0, 0x00, 0x00),
        alarm_firing: RGBColor(0xFF, 0xB0, 0xA0),
        alarm_pending: RGBColor(0xFF, 0xE0, 0x80),
        event: RGBColor(0x80, 0x00, 0x80),
        candidate: RGBColor(0x00, 0x6B, 0x3C),
    };
}

impl Default for ChartTheme {
    fn default() -> Self {
        Self::LIGHT
    }
}

/// CSS hex string for an [`RGBColor`], for SVG and HTML.
#[must_use]
pub fn css(color: RGBColor) -> String {
    let RGBColor(r, g, b) = color;
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_formats_lowercase_hex() {
        assert_eq!(css(TRUE_PASS), "#009e73");
        assert_eq!(css(INK), "#222222");
    }
}
