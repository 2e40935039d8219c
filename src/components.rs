//! Yew components. Each file holds one component and its props.

pub mod controls;
pub mod line_chart;
pub mod pie_chart;
pub mod lab;
