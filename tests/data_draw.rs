//! The "Your data" drawings on plotters' SVG backend: detector lanes and the histogram
//! overlay draw what they are given, and empty input draws without failing.
#![cfg(not(target_arch = "wasm32"))]

use driftline::charts::palette::ChartTheme;
use driftline::data_page::draw::{draw_lanes, draw_overlay, Lane};
use plotters::prelude::*;

fn svg(f: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (600, 200)).into_drawing_area();
        f(&root);
    }
    out
}

#[test]
fn lanes_name_each_detector_and_mark_each_firing() {
    let lanes = vec![
        Lane {
            name: "ADWIN",
            marks: vec![10.0, 50.0],
            spans: vec![],
            note: None,
        },
        Lane {
            name: "DDM",
            marks: vec![],
            spans: vec![(20.0, 30.0)],
            note: Some("needs a 0/1 error column"),
        },
    ];
    let out = svg(|root| draw_lanes(root, &lanes, (0.0, 100.0), ChartTheme::LIGHT).unwrap());
    assert!(out.contains("ADWIN (2)"), "{out}");
    assert!(out.contains("DDM: needs a 0/1 error column"));
    assert_eq!(out.matches("<polyline").count(), 2, "{out}");
    let empty = svg(|root| draw_lanes(root, &[], (5.0, 5.0), ChartTheme::DARK).unwrap());
    assert!(empty.contains("<svg"));
}

#[test]
fn the_overlay_draws_both_samples_and_a_legend() {
    let edges = [0.0, 1.0, 2.0, 3.0];
    let out = svg(|root| {
        draw_overlay(
            root,
            "Reference vs rows 10 to 19",
            &edges,
            &[0.5, 0.5, 0.0],
            &[0.0, 0.2, 0.8],
            ChartTheme::LIGHT,
        )
        .unwrap();
    });
    assert!(out.contains("Reference vs rows 10 to 19"));
    assert!(
        out.contains("\nreference\n") && out.contains("\nwindow\n"),
        "{out}"
    );
    let empty = svg(|root| draw_overlay(root, "", &[], &[], &[], ChartTheme::LIGHT).unwrap());
    assert!(empty.contains("<svg"));
}
