//! One sort for every list the page orders by a number.
//!
//! `slice::sort_by_key` is generic over the element and the key closure, so each call site
//! compiled its own copy of the standard library's stable sort: about 4 KB of wasm each,
//! for six lists of marks, moments, actions and charts. Here the items are ordered through
//! (key, position) pairs, whose sort is compiled once; equal keys keep their order, as with
//! `sort_by_key`.

/// Sorts `items` by `key`, keeping items with equal keys in their order (the result of
/// `items.sort_by_key(key)`).
pub fn sort_by_u64_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut order: Vec<(u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(position, item)| (key(item), position))
        .collect();
    // No two pairs are equal (positions differ), so an unstable sort gives the stable order.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|(_, position)| slots.get_mut(position).and_then(Option::take)),
    );
}

// proptest has no wasm32 entropy source: native only, as the share property tests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::sort_by_u64_key;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn orders_as_the_standard_stable_sort(pairs in prop::collection::vec((0u64..8, any::<u16>()), 0..64)) {
            let mut ours = pairs.clone();
            sort_by_u64_key(&mut ours, |p| p.0);
            let mut std_sorted = pairs;
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}
