//! Chart axes that move in steps, not every tick.
//!
//! A chart whose x range slid by one tick per beat had to draw its x labels again every beat,
//! and drawing text is most of what a canvas redraw costs. Here the visible range snaps to
//! round numbers: between two snaps the axis, its labels and its grid stay put and only the
//! series grows into the space on the right (the way a sweep recorder fills its paper). The
//! same goes for the top of the y axis, which only grows or shrinks a whole "nice" step.
//! Stable labels are also easier to read from the back of a classroom.

/// Steps per visible range: the empty space on the right is at most an eighth of the chart.
const STEPS_PER_RANGE: f64 = 8.0;

/// Narrowest x range shown, in ticks.
pub const MIN_SPAN_TICKS: f64 = 10.0;

/// Round numbers an axis may snap to, per power of ten.
const LADDER: [f64; 10] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];

/// The smallest number on the 1-1.5-2-2.5-3-4-5-6-8-10 ladder (times a power of ten) that
/// is `>= value`; 1 for a value that is not positive and finite.
#[must_use]
pub fn round_up(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    // value = mantissa * 10^exponent with 1 <= mantissa < 10. Powers of ten are exact as
    // integers, so a negative exponent divides by one: 3 / 10 is the double nearest 0.3,
    // where 3 * 0.1 is not.
    let mut exponent = 0_i32;
    let mut scale = 1.0_f64;
    while value >= scale * 10.0 {
        scale *= 10.0;
        exponent += 1;
    }
    while exponent <= 0 && value * scale < 1.0 {
        scale *= 10.0;
        exponent -= 1;
    }
    let rung_value = |m: f64| if exponent >= 0 { m * scale } else { m / scale };
    LADDER
        .into_iter()
        .map(rung_value)
        .find(|&rung| rung >= value)
        .unwrap_or_else(|| rung_value(10.0))
}

/// The visible tick range for data from `first_tick` to `last_tick`.
///
/// The right end snaps to the next multiple of a step of about an eighth of the span, and
/// the width is a whole number of steps, so the range changes only when the data crosses a
/// step: once per step while the history grows, and once per step once it is full and
/// slides. The left end never goes below tick 0.
#[must_use]
pub fn tick_window(first_tick: f64, last_tick: f64) -> (f64, f64) {
    if !(first_tick.is_finite() && last_tick.is_finite()) {
        return (0.0, MIN_SPAN_TICKS);
    }
    let last_tick = last_tick.max(first_tick);
    let span = (last_tick - first_tick).max(MIN_SPAN_TICKS);
    let step = round_up(span / STEPS_PER_RANGE).max(1.0);
    // The current tick is never on the right edge: a new point has somewhere to go.
    let end = ((last_tick / step).floor() + 1.0) * step;
    // end - first <= span + step, so this start is <= first_tick. Ticks are never negative:
    // a young history starts at its first tick instead.
    let width = ((span / step).ceil() + 1.0) * step;
    let start = (end - width).max(first_tick.min(0.0));
    (start, end.max(start + MIN_SPAN_TICKS))
}

/// Top of a value axis that has to show `needed` (headroom already included): the next
/// round number (see [`round_up`]), at least `floor`.
#[must_use]
pub fn nice_ceiling(needed: f64, floor: f64) -> f64 {
    if needed.is_finite() && needed > floor {
        round_up(needed)
    } else {
        floor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_up_to_the_ladder() {
        assert_eq!(round_up(0.28), 0.3);
        assert_eq!(round_up(1.0), 1.0);
        assert_eq!(round_up(1.2), 1.5);
        assert_eq!(round_up(15.0), 15.0);
        assert_eq!(round_up(68.25), 80.0);
        assert_eq!(round_up(511.9), 600.0);
        assert_eq!(round_up(9.5), 10.0);
        assert_eq!(round_up(0.0), 1.0);
        assert_eq!(round_up(f64::NAN), 1.0);
    }

    #[test]
    fn the_window_holds_the_data_and_stays_put_between_steps() {
        let mut changes = 0;
        let mut previous = tick_window(0.0, 90.0);
        for last in 91..=400 {
            let window = tick_window(0.0, f64::from(last));
            assert!(window.0 <= 0.0 && window.1 > f64::from(last), "{window:?}");
            if window != previous {
                changes += 1;
            }
            previous = window;
        }
        // 310 ticks in steps of 15 to 50: a few changes per step, not 310.
        assert!(changes <= 25, "the window changed {changes} times");
    }

    #[test]
    fn a_full_history_window_slides_in_steps() {
        let history_ticks = 4096.0;
        let mut changes = 0;
        let mut previous = tick_window(10_000.0 - history_ticks + 1.0, 10_000.0);
        for last in 10_001..=11_000 {
            let last = f64::from(last);
            let window = tick_window(last - history_ticks + 1.0, last);
            assert!(window.0 <= last - history_ticks + 1.0 && window.1 > last);
            // The empty space on both sides together stays below a fifth of the range.
            assert!(window.1 - window.0 < history_ticks * 1.25, "{window:?}");
            if window != previous {
                changes += 1;
            }
            previous = window;
        }
        // Steps of 600 ticks: at most two snaps in 1000 ticks.
        assert!(
            changes <= 2,
            "the window changed {changes} times in 1000 ticks"
        );
    }

    #[test]
    fn odd_input_gives_a_drawable_window() {
        assert_eq!(tick_window(f64::NAN, 3.0), (0.0, MIN_SPAN_TICKS));
        let (start, end) = tick_window(5.0, 5.0);
        assert!(end - start >= MIN_SPAN_TICKS && start <= 5.0 && end > 5.0);
        let (start, end) = tick_window(8.0, 2.0);
        assert!(start <= 8.0 && end > 8.0);
    }

    #[test]
    fn ceilings_climb_a_ladder_and_respect_the_floor() {
        assert_eq!(nice_ceiling(0.5, 1.0), 1.0);
        assert_eq!(nice_ceiling(1.1, 1.0), 1.5);
        assert_eq!(nice_ceiling(612.0, 600.0), 800.0);
        assert_eq!(nice_ceiling(7.2, 0.0), 8.0);
        assert_eq!(nice_ceiling(f64::INFINITY, 2.0), 2.0);
        for needed in [0.013, 0.7, 3.3, 47.0, 999.0, 12_345.0] {
            let top = nice_ceiling(needed, 0.0);
            assert!(top >= needed && top <= needed * 1.5, "{needed} -> {top}");
        }
    }
}
