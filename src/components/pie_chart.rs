//! A live pie chart drawn as inline SVG, with a legend that doubles as its text alternative.

use yew::prelude::*;

use crate::charts::pie;

/// One named value of a pie.
#[derive(Clone, Debug, PartialEq)]
pub struct PieEntry {
    /// Legend label.
    pub label: AttrValue,
    /// The value (a count); shares are computed from the total.
    pub value: f64,
    /// CSS colour.
    pub colour: AttrValue,
}

/// Props of [`PieChart`].
#[derive(Properties, Clone, PartialEq)]
pub struct PieChartProps {
    /// Test id suffix: `data-testid="pie-<id>"`.
    pub id: AttrValue,
    /// Title shown above the pie.
    pub title: AttrValue,
    /// Entries in legend order.
    pub entries: Vec<PieEntry>,
}

const RADIUS: f64 = 80.0;

/// Pie plus legend; each wedge has a `<title>` so hovering shows its label and share.
#[function_component(PieChart)]
pub fn pie_chart(props: &PieChartProps) -> Html {
    let values: Vec<f64> = props.entries.iter().map(|e| e.value).collect();
    let slices = pie::slices(&values, RADIUS);
    let total: f64 = values.iter().filter(|v| v.is_finite() && **v > 0.0).sum();
    let wedges = props.entries.iter().zip(&slices).filter(|(_, s)| !s.path.is_empty()).map(|(e, s)| {
        html! {
            <path d={s.path.clone()} fill={e.colour.clone()}>
                <title>{ format!("{}: {} ({:.1}%)", e.label, e.value, s.share * 100.0) }</title>
            </path>
        }
    });
    let legend = props.entries.iter().zip(&slices).map(|(e, s)| {
        html! {
            <li>
                <span class="swatch" style={format!("background:{}", e.colour)} aria-hidden="true" />
                <span>{ format!("{}: {} ({:.1}%)", e.label, e.value, s.share * 100.0) }</span>
            </li>
        }
    });
    html! {
        <div class="pie" data-testid={format!("pie-{}", props.id)}>
            <svg viewBox={format!("0 0 {d} {d}", d = 2.0 * RADIUS)} role="img" aria-label={props.title.clone()}>
                if total > 0.0 {
                    { for wedges }
                } else {
                    <circle cx={RADIUS.to_string()} cy={RADIUS.to_string()} r={RADIUS.to_string()} fill="#e8ebf0" />
                    <text x={RADIUS.to_string()} y={RADIUS.to_string()} text-anchor="middle">{ "no data yet" }</text>
                }
            </svg>
            <div>
                <h4 class="pie-title">{ props.title.clone() }</h4>
                <ul class="legend">{ for legend }</ul>
            </div>
        </div>
    }
}
