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
    /// Short marks drawn on wedges and in the legend, so colour is never the only cue.
    #[prop_or_default]
    pub marks: Vec<AttrValue>,
    /// Prefix of the test id (`""` for the primary lab).
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

const RADIUS: f64 = 80.0;
/// Wedges narrower than this share carry no mark on the pie (the legend still has it).
const MARK_MIN_SHARE: f64 = 0.07;
/// Every non-empty wedge is drawn at least this share of the circle (about 14 degrees),
/// so a rare slice such as escaped defects is never a hairline; the legend gives the truth.
const MIN_DRAWN_SHARE: f64 = 0.04;
/// Below this many phones a pie says how few it rests on.
const FEW_PHONES: f64 = 30.0;

/// Pie plus legend; each wedge has a `<title>` so hovering shows its label and share.
#[function_component(PieChart)]
pub fn pie_chart(props: &PieChartProps) -> Html {
    let values: Vec<f64> = props.entries.iter().map(|e| e.value).collect();
    let slices = pie::slices_with_min(&values, RADIUS, MIN_DRAWN_SHARE);
    let total: f64 = values.iter().filter(|v| v.is_finite() && **v > 0.0).sum();
    let mark = |i: usize| props.marks.get(i).cloned();
    let wedges = props.entries.iter().zip(&slices).enumerate().filter(|(_, (_, s))| !s.path.is_empty()).map(|(i, (e, s))| {
        html! {
            <g>
                <path d={s.path.clone()} fill={e.colour.clone()}>
                    <title>{ format!("{}: {} ({:.1}%)", e.label, e.value, s.share * 100.0) }</title>
                </path>
                if let Some(m) = mark(i).filter(|_| s.share >= MARK_MIN_SHARE) {
                    <text class="pie-mark" x={format!("{:.1}", s.label_at.0)} y={format!("{:.1}", s.label_at.1)} text-anchor="middle" dominant-baseline="central">{ m }</text>
                }
            </g>
        }
    });
    let legend = props.entries.iter().zip(&slices).enumerate().map(|(i, (e, s))| {
        html! {
            <li>
                <span class="swatch" style={format!("background:{}", e.colour)} aria-hidden="true" />
                if let Some(m) = mark(i) { <span class="mark" aria-hidden="true">{ m }</span> }
                <span>{ format!("{}: {} ({:.1}%)", e.label, e.value, s.share * 100.0) }</span>
            </li>
        }
    });
    html! {
        <div class="pie" data-testid={format!("{}pie-{}", props.test_prefix, props.id)}>
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
                if total > 0.0 && total < FEW_PHONES {
                    <p class="muted pie-few" data-testid={format!("{}pie-{}-few", props.test_prefix, props.id)}>
                        { format!("n = {total:.0}: too few phones to mean much yet") }
                    </p>
                }
                <ul class="legend">{ for legend }</ul>
            </div>
        </div>
    }
}
