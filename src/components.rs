//! Yew components. Each file holds one component and its props.

pub mod alarm_log;
pub mod baseline_table;
pub mod chapter_nav;
#[cfg(not(target_arch = "wasm32"))]
pub mod chart_svg;
pub mod compare;
pub mod controls;
pub mod dashboard;
pub mod editable_pie;
pub mod export_buttons;
pub mod lifecycle_strip;
pub mod line_chart;
pub mod measured_canvas;
pub mod metrics_table;
pub mod notices;
pub mod pie_chart;
pub mod share_bar;
pub mod slice_table;
pub mod system_diagram;
pub mod try_this;
