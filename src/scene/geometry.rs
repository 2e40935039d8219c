//! Where things sit on the factory picture (SVG user units; the picture scales to its box).

use super::model::{Station, BELT_SLOTS, CAMERA_SLOT, STATION_SLOT};

/// Picture width.
pub const WIDTH: f64 = 720.0;
/// Picture height.
pub const HEIGHT: f64 = 214.0;
/// Top of the belt; phones stand on it.
pub const BELT_Y: f64 = 172.0;
/// A phone on the belt: width and height.
pub const PHONE_W: f64 = 20.0;
/// See [`PHONE_W`].
pub const PHONE_H: f64 = 32.0;
/// Left edge of the tray and the bin.
pub const TRAY_X: f64 = 596.0;
/// Top of the PASS tray.
pub const TRAY_Y: f64 = 30.0;
/// Top of the REJECT bin.
pub const BIN_Y: f64 = 120.0;
/// Width of the tray and the bin.
pub const TRAY_W: f64 = 112.0;
/// Height of the tray and the bin.
pub const TRAY_H: f64 = 84.0;

/// Centre x of belt slot `slot` (0 to the station).
#[must_use]
pub fn slot_x(slot: u64) -> f64 {
    // slot < BELT_SLOTS
    let s = slot.min(STATION_SLOT) as f64;
    40.0 + s * 50.0
}

/// Centre x of the camera.
#[must_use]
pub fn camera_x() -> f64 {
    slot_x(CAMERA_SLOT)
}

/// Centre x of the decision station.
#[must_use]
pub fn station_x() -> f64 {
    slot_x(STATION_SLOT)
}

/// Top-left corner of a phone in `slot`; past the station it heads for the bin when
/// `rejected`, else for the tray.
#[must_use]
pub fn phone_at(slot: u64, rejected: bool) -> (f64, f64) {
    let base = BELT_Y - PHONE_H;
    if slot <= STATION_SLOT {
        return (slot_x(slot) - PHONE_W / 2.0, base);
    }
    // slot < BELT_SLOTS
    let step = (slot - STATION_SLOT) as f64 / (BELT_SLOTS - 1 - STATION_SLOT) as f64;
    // Phones land at the right of their box, clear of its counts and marked errors.
    let x = station_x() + step * (TRAY_X + TRAY_W - 22.0 - station_x());
    let y = if rejected {
        base + step * (BIN_Y + 42.0 - base)
    } else {
        base + step * (TRAY_Y + 42.0 - base)
    };
    (x - PHONE_W / 2.0, y)
}

/// Centre x of the model column and of the inspector at `station`.
#[must_use]
pub fn decider_x(station: Station) -> (f64, f64) {
    let s = station_x();
    match station {
        Station::Inspector => (s, s),
        Station::Model => (s, s),
        Station::InspectorWithShadowModel => (s - 48.0, s + 44.0),
        Station::Assisted => (s - 52.0, s + 46.0),
        Station::Gate => (s - 50.0, s + 52.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_move_right_along_the_belt_and_land_in_their_box() {
        let mut last = f64::MIN;
        for slot in 0..BELT_SLOTS {
            let (x, _) = phone_at(slot, false);
            assert!(x > last, "slot {slot}");
            last = x;
        }
        let (_, pass_y) = phone_at(BELT_SLOTS - 1, false);
        let (_, reject_y) = phone_at(BELT_SLOTS - 1, true);
        assert!(pass_y < TRAY_Y + TRAY_H && reject_y > BIN_Y - PHONE_H);
        assert!(last + PHONE_W < WIDTH);
    }
}
