//! The factory line: the phones decided in the last few ticks, one tile each.

use yew::prelude::*;

use crate::view_model::factory::{Decider, Outcome, Served, Tile};

/// Most tiles put on the belt: a 58 px tile and its 4 px gap, in a card rarely wider than
/// 900 px.
pub const VISIBLE_TILES: usize = 15;

/// Props of [`FactoryView`].
#[derive(Properties, Clone, PartialEq)]
pub struct FactoryViewProps {
    /// Tiles, oldest first.
    pub tiles: Vec<Tile>,
    /// Prefix of the test ids.
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

/// Factory view.
#[function_component(FactoryView)]
pub fn factory_view(props: &FactoryViewProps) -> Html {
    let count = |o: Outcome| props.tiles.iter().filter(|t| t.outcome == o).count();
    let by = |d: Decider| props.tiles.iter().filter(|t| t.decider == d).count();
    let green = props
        .tiles
        .iter()
        .filter(|t| t.served == Served::Green)
        .count();
    let summary = format!(
        "Last {} phones: {} good passed, {} defects caught, {} defects escaped, {} good rejected. Decided by model {}, human {}, human with suggestion {}, default {}. {} served by the green candidate.",
        props.tiles.len(),
        count(Outcome::TruePass),
        count(Outcome::TrueReject),
        count(Outcome::FalsePass),
        count(Outcome::FalseReject),
        by(Decider::Model),
        by(Decider::Human),
        by(Decider::Both),
        by(Decider::Default),
        green
    );
    // Newest first: phones enter at the left, next to the camera. The belt shows about a
    // dozen tiles at most (it clips the rest), so only those are built: every tile is a few
    // DOM nodes to diff each beat. The summary above still counts every phone.
    let tiles = props.tiles.iter().rev().take(VISIBLE_TILES).map(|t| {
        let mark = if t.outcome.correct() { "\u{2713}" } else { "\u{2717}" };
        html! {
            <li key={format!("{}-{}", t.tick, t.index)}
                class={classes!("tile", format!("tile-{}", t.outcome.class()), format!("arm-{}", t.served.short()), t.shadowed.then_some("shadowed"))}
                title={format!("tick {}: {}, decided by {}{}", t.tick, t.outcome.words(), t.decider.short(),
                    if t.served == Served::None { String::new() } else { format!(", {} model", t.served.short()) })}>
                <span class="tile-code">{ mark }{ t.outcome.code() }</span>
                <span class="tile-who">{ t.decider.short() }</span>
                <span class="tile-arm">{ t.served.short() }</span>
            </li>
        }
    });
    let p = &props.test_prefix;
    html! {
        <section class="card factory" aria-label="Factory line" data-testid={format!("{p}factory")}>
            <h3>{ "The line" }</h3>
            <div class="factory-belt">
                <span class="camera" aria-hidden="true">{ "camera \u{25B6}" }</span>
                <ul class="tiles" aria-hidden="true">{ for tiles }</ul>
            </div>
            <p class="factory-summary" data-testid={format!("{p}factory-summary")}>{ summary }</p>
            <p class="factory-key muted">
                { "Key: \u{2713}TP good phone passed, \u{2713}TR defect caught, \u{2717}FP defect escaped, \u{2717}FR good phone rejected. Solid border: blue (stable) model; dashed border: green (candidate); dotted underline: also seen by a shadow model." }
            </p>
        </section>
    }
}
