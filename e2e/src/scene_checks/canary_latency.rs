//! The canary lesson's latency chart draws two series: the stable model's servers (solid)
//! and the candidate's own servers (dashed green), with a key in words and the live share.
//!
//! Read three ways, each of which fails when the second series is missing: the key above the
//! chart, the chart's text alternative (both latest values, and they differ: the lesson's
//! candidate is slower to serve), and the canvas's pixels in both series' colours.

use std::time::Duration;

use serde_json::{json, Value};

use super::{open, TIMEOUT};
use crate::error::{Error, Result};
use crate::page::Page;

/// The latency chart's canvas in the lab.
const LATENCY: &str = r#"canvas[data-testid="chart-latency-p99"]"#;
/// Its key (drawn only while the chart has a candidate series).
const KEY: &str = r#"[data-testid="candidate-legend-latency-p99"]"#;

/// Counts the latency canvas's pixels near the stable and the candidate colour of every
/// theme (`charts::palette::ChartTheme`): `[stable, candidate]`, or null without a canvas.
const SERIES_PIXELS_JS: &str = r#"
const c = document.querySelector(arguments[0]);
if (!c || c.width === 0 || c.height === 0) { return null; }
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
const stable = [[0x00, 0x72, 0xB2], [0x56, 0xB4, 0xE9], [0x00, 0x00, 0xC8]];
const candidate = [[0x00, 0x9E, 0x73], [0x3C, 0xC9, 0x9E], [0x00, 0x6B, 0x3C]];
const near = (i, cs) => cs.some(([r, g, b]) =>
  Math.abs(d[i] - r) < 24 && Math.abs(d[i + 1] - g) < 24 && Math.abs(d[i + 2] - b) < 24);
let s = 0, k = 0;
for (let i = 0; i < d.length; i += 4) {
  if (near(i, stable)) { s++; } else if (near(i, candidate)) { k++; }
}
return [s, k];
"#;

/// The chart's text alternative, or null.
const SUMMARY_JS: &str = r#"
const c = document.querySelector(arguments[0]);
const f = c && c.closest('figure') && c.closest('figure').querySelector('figcaption');
return f ? f.textContent : null;
"#;

/// The first number after `label` in `text` (`"Latest value 100 ms"` gives 100).
fn number_after(text: &str, label: &str) -> Option<f64> {
    let rest = text.split(label).nth(1)?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

/// Opens the canary lesson at tick 40 (its first step: 5% of phones on the candidate) and
/// reads the latency chart's two series.
pub(super) fn canary_latency_two_series(page: &mut Page) -> Result<String> {
    open(
        page,
        "?v=1&ch=deployment&lesson=canary&t=40#/deployment",
        LATENCY,
    )?;
    page.wait_until("the lab to reach tick 40", TIMEOUT, |p| {
        let t = p
            .text_content(r#"[data-testid="tick"]"#)?
            .unwrap_or_default();
        Ok((t.trim() == "40").then_some(()))
    })?;
    let key = page
        .text_content(KEY)?
        .ok_or_else(|| Error::new("the latency chart has no key for a second series"))?;
    if !(key.contains("solid: the stable") && key.contains("dashed green: the candidate")) {
        return Err(Error::new(format!(
            "the key does not name both lines: {key}"
        )));
    }
    if !key.contains("on 5%") {
        return Err(Error::new(format!("the key lacks the live share: {key}")));
    }
    let summary = page
        .eval(SUMMARY_JS, &[json!(LATENCY)])?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::new("the latency chart has no text alternative"))?;
    let stable = number_after(&summary, "Latest value");
    let candidate = number_after(&summary, "dashed green:");
    let (Some(stable), Some(candidate)) = (stable, candidate) else {
        return Err(Error::new(format!(
            "the text alternative lacks a series: {summary}"
        )));
    };
    if (candidate - stable).abs() < 1.0 {
        return Err(Error::new(format!(
            "stable and candidate read the same latency: {summary}"
        )));
    }
    page.eval(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        &[json!(LATENCY)],
    )?;
    let pixels = page.wait_until(
        "both series to be drawn on the latency chart",
        Duration::from_secs(15),
        |p| {
            let v = p.eval(SERIES_PIXELS_JS, &[json!(LATENCY)])?;
            let counts: Vec<u64> = v
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            Ok(match counts.as_slice() {
                [s, k] if *s >= 20 && *k >= 20 => Some((*s, *k)),
                _ => None,
            })
        },
    )?;
    Ok(format!(
        "stable {stable} ms, candidate {candidate} ms; pixels: stable {}, candidate {}; key: {key}",
        pixels.0, pixels.1
    ))
}

#[cfg(test)]
mod tests {
    use super::number_after;

    #[test]
    fn reads_the_number_after_a_label() {
        let s = "Latency p99 (ms). Latest value 100 ms, alarm threshold 500 ms. Candidate model, dashed green: 1,211.7 ms.";
        assert_eq!(number_after(s, "Latest value"), Some(100.0));
        assert_eq!(number_after(s, "dashed green:"), Some(1211.7));
        assert_eq!(number_after(s, "nothing"), None);
    }
}
