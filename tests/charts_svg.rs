//! The chart drawing code, run natively against plotters' SVG backend.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Test helpers fail loudly.

use driftline::charts::line::{self, AlarmSpan, LineChartSpec};
use driftline::charts::palette::{self, ChartTheme};
use plotters::prelude::*;

fn render(spec: &LineChartSpec<'_>) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (400, 200)).into_drawing_area();
        line::draw(&root, spec).expect("drawing to an in-memory SVG cannot fail");
    }
    svg
}

/// The spec the lab draws for `c` over `x`, unthemed (light), without event marks.
fn chart_spec(c: &driftline::view_model::ChartView, x: (f64, f64)) -> LineChartSpec<'_> {
    LineChartSpec {
        caption: c.spec.caption,
        points: &c.points,
        threshold: Some(c.threshold),
        x_range: x.0..x.1,
        y_range: c.y_range.0..c.y_range.1,
        alarms: &c.spans,
        event_ticks: &[],
        theme: ChartTheme::LIGHT,
        clipped: c.clipped,
        raw: &c.raw,
        candidate: &c.candidate,
    }
}

fn spec<'a>(
    points: &'a [(f64, f64)],
    threshold: Option<f64>,
    alarms: &'a [AlarmSpan],
) -> LineChartSpec<'a> {
    LineChartSpec {
        caption: "Reject rate",
        points,
        threshold,
        x_range: 0.0..100.0,
        y_range: 0.0..1.0,
        alarms,
        event_ticks: &[40.0],
        theme: ChartTheme::LIGHT,
        clipped: false,
        raw: &[],
        candidate: &[],
    }
}

#[test]
fn threshold_line_is_drawn_in_the_threshold_colour_only_when_set() {
    let points: Vec<(f64, f64)> = (0..100)
        .map(|i| (f64::from(i), f64::from(i % 10) / 10.0))
        .collect();
    let threshold_colour = palette::css(palette::THRESHOLD).to_uppercase();
    let with = render(&spec(&points, Some(0.5), &[])).to_uppercase();
    let without = render(&spec(&points, None, &[])).to_uppercase();
    assert!(with.contains(&threshold_colour), "threshold colour missing");
    assert!(
        !without.contains(&threshold_colour),
        "threshold drawn although none was set"
    );
    assert!(with.contains("REJECT RATE"), "caption missing");
    assert!(
        with.contains("ALARM LINE 0.5"),
        "the red line is not labelled in words"
    );
    assert!(
        !without.contains("ALARM LINE"),
        "a label without a red line"
    );
}

#[test]
fn the_dark_theme_paints_a_dark_background() {
    let points: Vec<(f64, f64)> = (0..10).map(|i| (f64::from(i), 0.5)).collect();
    let svg = render(&LineChartSpec {
        theme: ChartTheme::DARK,
        ..spec(&points, Some(0.5), &[])
    })
    .to_uppercase();
    assert!(svg.contains(&palette::css(ChartTheme::DARK.background).to_uppercase()));
    assert!(!svg.contains("#FFFFFF"), "white left in the dark theme");
}

#[test]
fn series_path_and_alarm_spans_are_drawn() {
    let points: Vec<(f64, f64)> = (0..50).map(|i| (f64::from(i) * 2.0, 0.3)).collect();
    let alarms = [AlarmSpan {
        start_tick: 20.0,
        end_tick: 60.0,
        firing: true,
    }];
    let svg = render(&spec(&points, Some(0.8), &alarms)).to_uppercase();
    assert!(
        svg.contains(&palette::css(palette::SERIES).to_uppercase()),
        "series colour missing"
    );
    assert!(
        svg.contains(&palette::css(palette::ALARM_FIRING).to_uppercase()),
        "firing span missing"
    );
    assert!(
        svg.contains(&palette::css(palette::EVENT).to_uppercase()),
        "event marker missing"
    );
}

#[test]
fn empty_and_degenerate_input_still_draws() {
    let svg = render(&LineChartSpec {
        caption: "Empty",
        points: &[],
        threshold: Some(f64::NAN),
        x_range: 5.0..5.0,
        y_range: f64::NAN..f64::NAN,
        alarms: &[],
        event_ticks: &[],
        theme: ChartTheme::LIGHT,
        clipped: false,
        raw: &[],
        candidate: &[],
    });
    assert!(svg.starts_with("<svg"), "no SVG produced: {svg:.80}");
}

#[test]
fn the_last_x_tick_label_fits_inside_the_chart() {
    let points: Vec<(f64, f64)> = (0..=100).map(|i| (f64::from(i) * 100.0, 0.5)).collect();
    let svg = render(&LineChartSpec {
        x_range: 0.0..10_000.0,
        ..spec(&points, None, &[])
    });
    // `<text x=".." .. text-anchor="middle" ..>10000</text>`: the right-most tick's label.
    let element = svg
        .split("<text")
        .skip(1)
        .find(|e| {
            e.split_once('>')
                .map(|(_, body)| body.split("</text>").next().unwrap_or("").trim())
                == Some("10000")
        })
        .unwrap_or_else(|| panic!("no whole-number label 10000 in {svg}"));
    let x: f64 = element
        .split("x=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("label has an x")
        .parse()
        .expect("x is a number");
    assert!(element.contains("text-anchor=\"middle\""), "{element}");
    // The canvas draws 12 px labels; a DejaVu Sans digit is 0.64 em (about 7.7 px) wide, and
    // half of the centred five-digit label lies right of its x.
    let right_px = x + 2.5 * 0.64 * 12.0;
    assert!(
        right_px <= 400.0,
        "label ends at {right_px:.1} px: {element}"
    );
}

#[test]
fn an_empty_chart_says_so_and_a_drawn_one_does_not() {
    let empty = render(&spec(&[], Some(0.5), &[]));
    assert!(empty.contains(line::NO_DATA), "empty chart has no note");
    let points = [(10.0, 0.2), (20.0, 0.3)];
    let drawn = render(&spec(&points, Some(0.5), &[]));
    assert!(!drawn.contains(line::NO_DATA), "note drawn over data");
}

/// A text box of an SVG rendering: left, top, right, bottom (estimated like the chart code
/// does, at 0.6 em per character), and the text.
fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[at..].find('"')?;
        Some(tag[at..at + end].to_owned())
    };
    svg.split("<text")
        .skip(1)
        .filter_map(|chunk| {
            let (tag, rest) = chunk.split_once('>')?;
            let text = rest.split("</text>").next()?.trim().to_owned();
            let x: f64 = attr(tag, "x")?.parse().ok()?;
            let y: f64 = attr(tag, "y")?.parse().ok()?;
            let size: f64 = attr(tag, "font-size")
                .and_then(|s| s.trim_end_matches("px").parse().ok())
                .unwrap_or(13.0);
            let width = text.chars().count() as f64 * 0.6 * size;
            let left = match attr(tag, "text-anchor").as_deref() {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            // plotters writes the vertical anchor as a dy offset.
            let top = match attr(tag, "dy").as_deref() {
                Some("0.76em") => y,
                Some("0.5ex") => y - size / 2.0,
                _ => y - size,
            };
            Some((left, top, left + width, top + size, text))
        })
        .collect()
}

#[test]
fn no_two_labels_overlap_at_phone_desk_and_wide_widths() {
    use driftline::view_model::{self, metrics};
    use driftline_sim::lessons::Lesson;
    use driftline_sim::world::World;

    let mut world = World::new(Lesson::DataDrift.preset()).unwrap();
    world.run(2_500);
    let x = view_model::x_range(&world);
    for spec in metrics::all() {
        let threshold = spec.threshold;
        let c = view_model::chart(&world, spec, threshold);
        for width in [280, 480, 900] {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (width, 220)).into_drawing_area();
                line::draw(&root, &chart_spec(&c, x)).unwrap();
            }
            let boxes = text_boxes(&svg);
            assert!(boxes.len() >= 4, "{} at {width}: too few labels", c.spec.id);
            for (i, a) in boxes.iter().enumerate() {
                assert!(
                    a.0 >= -1.0 && a.2 <= f64::from(width) + 1.0,
                    "{} at {width}: {:?} sticks out",
                    c.spec.id,
                    a.4
                );
                for b in &boxes[i + 1..] {
                    let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                    assert!(
                        apart,
                        "{} at {width}: {:?} overlaps {:?}",
                        c.spec.id, a.4, b.4
                    );
                }
            }
        }
    }
}

#[test]
fn rates_stay_on_zero_to_one_and_a_large_psi_cuts_its_axis() {
    use driftline::view_model::{self, metrics};
    use driftline_sim::drift::{DriftEvent, DriftKind};
    use driftline_sim::lessons::Lesson;
    use driftline_sim::world::World;

    let mut world = World::new(Lesson::DataDrift.preset()).unwrap();
    world.inject_drift(DriftEvent::sudden(DriftKind::LightingDim, 100, 1.0));
    world.run(800);
    for spec in metrics::all() {
        let threshold = spec.threshold;
        let c = view_model::chart(&world, spec, threshold);
        match c.spec.id {
            "psi" => {
                assert!(
                    c.clipped,
                    "PSI after a full dimming should exceed its cut axis"
                );
                assert!((c.y_range.1 - 1.0).abs() < 1e-12, "{:?}", c.y_range);
            }
            "latency-p99" => {}
            _ => assert!(c.y_range.1 <= 1.0, "{}: {:?}", c.spec.id, c.y_range),
        }
    }
}

#[test]
fn a_smoothed_chart_draws_its_raw_values_faintly_underneath() {
    let points: Vec<(f64, f64)> = (0..40).map(|i| (f64::from(i), 0.5)).collect();
    let raw: Vec<(f64, f64)> = (0..40)
        .map(|i| (f64::from(i), if i % 2 == 0 { 0.3 } else { 0.7 }))
        .collect();
    let lines = |svg: &str| svg.matches("<polyline").count();
    let plain = render(&spec(&points, None, &[]));
    let with_raw = render(&LineChartSpec {
        raw: &raw,
        ..spec(&points, None, &[])
    });
    assert_eq!(
        lines(&with_raw),
        lines(&plain) + 1,
        "one more, faint series"
    );
    assert!(
        with_raw.contains("opacity=\"0.3\""),
        "the raw series is faint"
    );
}

#[test]
fn dragging_maps_pixels_to_the_values_the_chart_draws_there() {
    // The red line of a 0.25 threshold on a [0, 1] axis, drawn on a 400 x 200 chart: its
    // dashed path's height in the SVG is where `y_of_value` says it is.
    let points: Vec<(f64, f64)> = (0..10).map(|i| (f64::from(i), 0.5)).collect();
    let svg = render(&LineChartSpec {
        y_range: 0.0..1.0,
        ..spec(&points, Some(0.25), &[])
    });
    let y = line::y_of_value("Reject rate", 0.0..1.0, (400, 200), 0.25);
    let threshold = palette::css(palette::THRESHOLD).to_uppercase();
    let drawn = svg
        .to_uppercase()
        .split("<POLYLINE")
        .skip(1)
        .filter_map(|e| e.split('>').next())
        .find(|tag| tag.contains(&threshold))
        .and_then(|e| e.split("POINTS=\"").nth(1))
        .and_then(|p| p.split_whitespace().next())
        .and_then(|pt| pt.split(',').nth(1))
        .and_then(|v| v.trim_end_matches('"').parse::<f64>().ok())
        .expect("a threshold path");
    assert!((drawn - y).abs() <= 1.5, "drawn at {drawn}, mapped to {y}");
    let back = line::value_at_y("Reject rate", 0.0..1.0, (400, 200), y);
    assert!((back - 0.25).abs() < 1e-9, "{back}");
}

/// The `<svg>` the build-time first paint draws for the chart captioned `caption` in
/// `html` (at build time a line chart has no canvas: `components::chart_svg` draws it).
fn first_paint_svg<'a>(html: &'a str, caption: &str) -> &'a str {
    let figure = html
        .find(&format!("aria-label=\"{caption}\""))
        .unwrap_or_else(|| panic!("no chart {caption:?} in the page"));
    let rest = &html[figure..];
    let start = rest.find("<svg").expect("the chart's svg");
    let end = rest[start..].find("</svg>").expect("its end");
    &rest[start..start + end]
}

/// The dashboard of `charts` as the build-time renderer writes it, with its key's share.
fn dashboard_markup(charts: Vec<driftline::view_model::ChartView>, x: (f64, f64)) -> String {
    use driftline::components::dashboard::{Dashboard, DashboardProps};
    use std::rc::Rc;
    let props = DashboardProps {
        charts: Rc::new(charts),
        x_range: x,
        events: Rc::from([]),
        version: 1,
        test_prefix: "".into(),
        on_threshold: None,
        compact: false,
        candidate_share: Some(5.0),
    };
    let renderer = yew::LocalServerRenderer::<Dashboard>::with_props(props).hydratable(false);
    futures::executor::block_on(renderer.render())
}

#[test]
fn in_a_canary_the_latency_chart_draws_stable_and_candidate_and_the_build_time_svg_too() {
    use driftline::view_model::{self, metrics};
    use driftline_sim::lessons::Lesson;
    use driftline_sim::world::World;

    // plotters writes colours in capitals.
    let candidate = palette::css(ChartTheme::LIGHT.candidate).to_uppercase();
    let stable = palette::css(ChartTheme::LIGHT.series).to_uppercase();
    let latency = || {
        metrics::all()
            .into_iter()
            .find(|m| m.id == "latency-p99")
            .unwrap()
    };
    let draw = |world: &World| {
        let c = view_model::chart(world, latency(), 500.0);
        let x = view_model::x_range(world);
        let svg = render(&chart_spec(&c, x)).to_uppercase();
        (c, svg)
    };

    // The canary lesson during its first step: the stable servers and the candidate's own.
    let mut world = World::new(Lesson::Canary.preset()).unwrap();
    world.run(40);
    let (c, svg) = draw(&world);
    assert!(
        c.candidate.len() >= 5,
        "{} candidate points",
        c.candidate.len()
    );
    assert!(
        svg.contains(&format!("STROKE=\"{stable}\"")),
        "no stable line"
    );
    assert!(
        svg.contains(&format!("STROKE=\"{candidate}\"")),
        "no candidate line"
    );
    // The two series say different things: the candidate (1.5x slower) sits above stable.
    let mean = |p: &[(f64, f64)]| p.iter().map(|v| v.1).sum::<f64>() / p.len() as f64;
    assert!(mean(&c.candidate) > 1.4 * mean(&c.points));

    // Without a rollout, one series only.
    let mut alone = World::new(Lesson::Serving.preset()).unwrap();
    alone.run(40);
    let (c, svg) = draw(&alone);
    assert!(c.candidate.is_empty());
    assert!(!svg.contains(&format!("STROKE=\"{candidate}\"")));

    // The dashboard drawn at build time (the first paint's SVG, from the line chart's own
    // props through the same spec) draws both lines too, under a key in words.
    let c = view_model::chart(&world, latency(), 500.0);
    let html = dashboard_markup(vec![c], view_model::x_range(&world));
    // (The apostrophes are escaped in the markup.)
    assert!(
        html.contains("servers, on 95% of phones; dashed green: the candidate"),
        "no key in words"
    );
    let svg = first_paint_svg(&html, "Latency p99 (ms)").to_uppercase();
    assert!(
        svg.contains(&format!("STROKE=\"{stable}\"")),
        "dashboard: no stable line"
    );
    assert!(
        svg.contains(&format!("STROKE=\"{candidate}\"")),
        "dashboard: no candidate line"
    );

    // And the page as the build-time renderer draws it for a link to the canary lesson: its
    // lab after the chapter's warm-up, which ran the canary until its abort at tick 60.
    let html = driftline::prerender::render_address("v=1&lesson=canary", "#/deployment");
    let svg = first_paint_svg(&html, "Latency p99 (ms)").to_uppercase();
    assert!(
        svg.contains(&format!("STROKE=\"{stable}\"")),
        "first paint: no stable line"
    );
    assert!(
        svg.contains(&format!("STROKE=\"{candidate}\"")),
        "first paint: no candidate line"
    );
}
