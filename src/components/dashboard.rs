//! The monitoring dashboard: one chart per metric, grouped by family, with alarm badges.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::line_chart::LineChart;
use crate::view_model::hover::format_value;
use crate::view_model::metrics::Family;
use crate::view_model::ChartView;

/// Props of [`Dashboard`].
#[derive(Properties, Clone, PartialEq)]
pub struct DashboardProps {
    /// Charts to show (already filtered by the lab's panels).
    pub charts: Rc<Vec<ChartView>>,
    /// Visible tick range.
    pub x_range: (f64, f64),
    /// Marker ticks (drift, deployment, retrain).
    pub events: Rc<[f64]>,
    /// Data version (redraw key).
    pub version: u64,
    /// Prefix of the test ids.
    #[prop_or_default]
    pub test_prefix: AttrValue,
    /// Called with a chart's id and its new threshold when the reader drags a red line.
    #[prop_or_default]
    pub on_threshold: Option<Callback<(&'static str, f64)>>,
    /// A one-line key, for the lab's stage.
    #[prop_or_default]
    pub compact: bool,
    /// The candidate model's live share of model traffic, percent, while one is deployed.
    #[prop_or_default]
    pub candidate_share: Option<f64>,
}

/// "alarm when above 0.25 for 10 ticks"; a rule without a `for` fires at once.
fn alarm_rule(direction: &str, threshold: &str, for_ticks: u64) -> String {
    match for_ticks {
        0 => format!("alarm as soon as {direction} {threshold}"),
        1 => format!("alarm when {direction} {threshold} for 1 tick"),
        n => format!("alarm when {direction} {threshold} for {n} ticks"),
    }
}

/// The key of a chart that draws the candidate beside the stable model, in plain words, with
/// the candidate's live share of phones (`share_pct`, None once it has no candidate).
pub fn series_key(chart_id: &str, share_pct: Option<f64>) -> String {
    // On the latency chart each line is a stack of servers: during a canary or blue-green
    // the candidate scores its phones on its own servers.
    let (stable, candidate) = if chart_id == "latency-p99" {
        ("the stable model's servers", "the candidate's own servers")
    } else {
        ("the stable model", "the candidate model")
    };
    match share_pct {
        Some(pct) => format!(
            "solid: {stable}, on {:.0}% of phones; dashed green: {candidate}, on {pct:.0}%",
            100.0 - pct
        ),
        None => format!("solid: {stable}; dashed green: {candidate}"),
    }
}

/// Dashboard.
#[function_component(Dashboard)]
pub fn dashboard(props: &DashboardProps) -> Html {
    let families = [
        Family::Software,
        Family::Input,
        Family::Output,
        Family::Performance,
    ];
    let groups = families.iter().filter_map(|&family| {
        let charts: Vec<&ChartView> = props.charts.iter().filter(|c| c.spec.family == family).collect();
        if charts.is_empty() {
            return None;
        }
        let cards = charts.into_iter().map(|c| {
            let (badge_class, badge) = match c.track.now {
                Some(true) => ("badge firing", "\u{25B2} FIRING"),
                Some(false) => ("badge pending", "\u{25CB} pending"),
                None => ("badge ok", "\u{2713} ok"),
            };
            let direction = match c.spec.comparison {
                driftline_sim::monitor::alert::Comparison::Above => "above",
                driftline_sim::monitor::alert::Comparison::Below => "below",
            };
            html! {
                <div class="card chart-card">
                    <div class="chart-head">
                        <span class={badge_class} data-testid={format!("{}alarm-{}", props.test_prefix, c.spec.id)}>{ badge }</span>
                        <span class="muted">{ alarm_rule(direction, &format!("{}{}", format_value(c.threshold), c.spec.unit), c.spec.for_ticks) }</span>
                        if !c.candidate.is_empty() {
                            <span class="muted chart-legend-candidate" data-testid={format!("{}candidate-legend-{}", props.test_prefix, c.spec.id)}>
                                { series_key(c.spec.id, props.candidate_share) }
                            </span>
                        }
                    </div>
                    <LineChart
                        id={c.spec.id}
                        caption={c.spec.caption}
                        points={Rc::clone(&c.points)}
                        threshold={Some(c.threshold)}
                        x_range={props.x_range}
                        y_range={c.y_range}
                        clipped={c.clipped}
                        raw={Rc::clone(&c.raw)}
                        candidate={Rc::clone(&c.candidate)}
                        alarms={Rc::clone(&c.spans)}
                        events={Rc::clone(&props.events)}
                        version={props.version}
                        unit={c.spec.unit}
                        test_prefix={props.test_prefix.clone()}
                        on_threshold={props.on_threshold.as_ref().map(|cb| {
                            let id = c.spec.id;
                            cb.reform(move |v: f64| (id, v))
                        })}
                    />
                </div>
            }
        });
        Some(html! {
            <section class="family" aria-label={family.title()}>
                <h3 class="family-title">{ family.title() }</h3>
                <div class="dashboard">{ for cards }</div>
            </section>
        })
    });
    html! {
        <section class="monitoring" aria-label="Monitoring dashboard">
            <p class="muted chart-key">{ if props.compact {
                "Red line: the alarm (drag it). Shaded: pending, then firing. Pink lines: events."
            } else {
                "Dashed red line: alarm threshold (drag it to move it). Shaded: pale = pending, darker = firing. Pink vertical lines: injected drift, deployment steps, retrains. Hover a chart to read a value."
            } }</p>
            { for groups }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{alarm_rule, series_key};

    #[test]
    fn the_series_key_names_both_lines_and_the_live_share() {
        assert_eq!(
            series_key("latency-p99", Some(5.0)),
            "solid: the stable model's servers, on 95% of phones; dashed green: the candidate's own servers, on 5%"
        );
        assert_eq!(
            series_key("accuracy", None),
            "solid: the stable model; dashed green: the candidate model"
        );
    }

    #[test]
    fn alarm_rule_reads_naturally_for_zero_one_and_many_ticks() {
        assert_eq!(
            alarm_rule("above", "0.250", 0),
            "alarm as soon as above 0.250"
        );
        assert_eq!(
            alarm_rule("below", "0.9", 1),
            "alarm when below 0.9 for 1 tick"
        );
        assert_eq!(
            alarm_rule("above", "500 ms", 3),
            "alarm when above 500 ms for 3 ticks"
        );
    }
}
