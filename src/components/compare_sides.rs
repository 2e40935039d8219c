//! The comparison's two columns, A beside B (one above the other on a phone): the compare
//! page's two setups and a branched run's original and branch are laid out by this one
//! component, so both read the same way.

use yew::prelude::*;

/// Props of [`CompareSides`].
#[derive(Properties, PartialEq, Clone)]
pub struct CompareSidesProps {
    /// Side A (the left column): the first setup, or the original run.
    pub a: Html,
    /// Side B (the right column): the second setup, or the branch.
    pub b: Html,
    /// The container's test id.
    #[prop_or_default]
    pub test_id: AttrValue,
}

/// Two columns of equal width from 2 x 280 px on, stacked below that.
#[function_component(CompareSides)]
pub fn compare_sides(props: &CompareSidesProps) -> Html {
    let test_id = (!props.test_id.is_empty()).then(|| props.test_id.clone());
    html! {
        <div class="compare-sides" data-testid={test_id}>
            { props.a.clone() }
            { props.b.clone() }
        </div>
    }
}
