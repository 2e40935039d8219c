//! Yew components. Each file holds one component and its props.

pub mod alarm_log;
#[cfg(not(target_arch = "wasm32"))]
pub mod chart_svg;
pub mod compare;
pub mod compare_sides;
pub mod controls;
pub mod dashboard;
pub mod editable_pie;
pub mod export_buttons;
pub mod line_chart;
pub mod measured_canvas;
pub mod notices;
pub mod pie_chart;
pub mod share_bar;
