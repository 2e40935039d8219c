//! The seed post's own widget: a pie with an editable title, five values with -/+ buttons,
//! and a legend shown on hover (and always listed for screen readers and keyboards).

use driftline_sim::lessons::pies::Pie;
use yew::prelude::*;

use crate::charts::{palette, pie};

/// Props of [`EditablePie`].
#[derive(Properties, Clone, PartialEq)]
pub struct EditablePieProps {
    /// Prefix of the test ids (`""` for the primary lab).
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

const RADIUS: f64 = 80.0;
/// Step of the -/+ buttons.
const STEP: f64 = 1.0;
/// Wedges narrower than this share carry no number on the pie (the legend still has it).
const MARK_MIN_SHARE: f64 = 0.07;

/// Editable pie.
#[function_component(EditablePie)]
pub fn editable_pie(props: &EditablePieProps) -> Html {
    let pie_state = use_state(Pie::editable_default);
    let hovered = use_state(|| None::<usize>);
    let p = &props.test_prefix;
    let values: Vec<f64> = pie_state.slices.iter().map(|s| s.value).collect();
    let slices = pie::slices(&values, RADIUS);
    let total: f64 = values.iter().sum();
    let colour = |i: usize| {
        palette::CATEGORY
            .get(i)
            .copied()
            .unwrap_or(palette::NEUTRAL)
    };

    let adjust = |i: usize, delta: f64| {
        let pie_state = pie_state.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*pie_state).clone();
            if next.adjust(i, delta) {
                pie_state.set(next);
            }
        })
    };
    let on_title = {
        let pie_state = pie_state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*pie_state).clone();
            next.title = input.value();
            pie_state.set(next);
        })
    };
    let wedges = slices.iter().enumerate().filter(|(_, s)| !s.path.is_empty()).map(|(i, s)| {
        let enter = {
            let hovered = hovered.clone();
            Callback::from(move |_: MouseEvent| hovered.set(Some(i)))
        };
        let leave = {
            let hovered = hovered.clone();
            Callback::from(move |_: MouseEvent| hovered.set(None))
        };
        // The legend's number on the wedge too, so colour is never the only cue; it ignores
        // the pointer so hovering over it still counts as hovering the wedge.
        html! {
            <g>
                <path d={s.path.clone()} fill={colour(i)} onmouseenter={enter} onmouseleave={leave}
                    class={classes!((*hovered == Some(i)).then_some("hovered"))} data-testid={format!("{p}pie-editable-wedge-{i}")} />
                if s.share >= MARK_MIN_SHARE {
                    <text class="pie-mark" x={format!("{:.1}", s.label_at.0)} y={format!("{:.1}", s.label_at.1)} text-anchor="middle" dominant-baseline="central" pointer-events="none">{ i + 1 }</text>
                }
            </g>
        }
    });
    let hover_legend = (*hovered).and_then(|i| {
        let s = pie_state.slices.get(i)?;
        let share = slices.get(i).map_or(0.0, |x| x.share);
        Some(html! {
            <div class="pie-hover-legend" data-testid={format!("{p}pie-editable-legend")}>
                <span class="swatch" style={format!("background:{}", colour(i))} aria-hidden="true" />
                { format!("{}: {} ({:.0}%)", s.label, s.value, share * 100.0) }
            </div>
        })
    });
    let rows = pie_state.slices.iter().enumerate().map(|(i, s)| {
        let share = slices.get(i).map_or(0.0, |x| x.share);
        html! {
            <li>
                <span class="swatch" style={format!("background:{}", colour(i))} aria-hidden="true" />
                <span class="mark" aria-hidden="true">{ i + 1 }</span>
                <span class="editable-label">{ format!("{}: ", s.label) }<strong data-testid={format!("{p}pie-editable-value-{i}")}>{ s.value }</strong>{ format!(" ({:.0}%)", share * 100.0) }</span>
                <button aria-label={format!("Decrease {}", s.label)} data-testid={format!("{p}pie-editable-minus-{i}")}
                    onclick={adjust(i, -STEP)} disabled={s.value <= 0.0}>{ "\u{2212}" }</button>
                <button aria-label={format!("Increase {}", s.label)} data-testid={format!("{p}pie-editable-plus-{i}")}
                    onclick={adjust(i, STEP)}>{ "+" }</button>
            </li>
        }
    });
    let title_id = format!("{p}pie-editable-title");
    html! {
        <div class="pie editable-pie" data-testid={format!("{p}pie-editable")}>
            <div class="pie-figure">
                <svg viewBox={format!("0 0 {d} {d}", d = 2.0 * RADIUS)} role="img" aria-label={pie_state.title.clone()}>
                    if total > 0.0 {
                        { for wedges }
                    } else {
                        <circle cx={RADIUS.to_string()} cy={RADIUS.to_string()} r={RADIUS.to_string()} fill="#e8ebf0" />
                        <text x={RADIUS.to_string()} y={RADIUS.to_string()} text-anchor="middle">{ "all zero" }</text>
                    }
                </svg>
                { hover_legend.unwrap_or_default() }
            </div>
            <div>
                <label for={title_id.clone()} class="field-label">{ "Title" }</label>
                <input id={title_id.clone()} data-testid={title_id} type="text" value={pie_state.title.clone()} oninput={on_title} />
                <h4 class="pie-title">{ pie_state.title.clone() }</h4>
                <ul class="legend editable-legend">{ for rows }</ul>
            </div>
        </div>
    }
}
