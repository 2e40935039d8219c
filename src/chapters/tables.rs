//! Pure helpers behind the chapter tables: number formatting, the baseline table's
//! "where to work" and "no room left" marks, the weakest slice.

use driftline_sim::lessons::reports::{BaselineRow, SliceRow};

/// A gap to human level this small (in accuracy points, 0..1) counts as "no room left":
/// well inside the noise of a few hundred labelled phones per type.
pub const NO_ROOM_GAP: f64 = 0.01;

/// `0.934` -> `"93.4%"`; absent values read "no data".
#[must_use]
pub fn pct(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "no data".to_owned(),
    }
}

/// `0.934` -> `"0.93"` (two decimals, as the reveal quotes recall).
#[must_use]
pub fn two(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => "no data".to_owned(),
    }
}

/// A signed gap in points: `0.052` -> `"+5.2 pts"`, `-0.01` -> `"-1.0 pts"`.
#[must_use]
pub fn points(x: f64) -> String {
    if x.is_finite() {
        format!("{:+.1} pts", x * 100.0)
    } else {
        "no data".to_owned()
    }
}

/// Money with thousands separators: `12345.6` -> `"12,346"`.
#[must_use]
pub fn money(x: f64) -> String {
    if !x.is_finite() {
        return "no data".to_owned();
    }
    // Costs in a run stay far below i64::MAX.
    let whole = x.round() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if whole < 0 {
        out.insert(0, '-');
    }
    out
}

/// Index of the row with the largest gap x share (where work pays most), if any row has room.
#[must_use]
pub fn largest_gap_share(rows: &[BaselineRow]) -> Option<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.gap_x_share.is_finite() && r.gap_x_share > 0.0)
        .max_by(|a, b| a.1.gap_x_share.total_cmp(&b.1.gap_x_share))
        .map(|(i, _)| i)
}

/// Index of the row with the lowest model accuracy (the tempting but often wrong target).
#[must_use]
pub fn lowest_accuracy(rows: &[BaselineRow]) -> Option<usize> {
    rows.iter()
        .enumerate()
        .min_by(|a, b| a.1.model_accuracy.total_cmp(&b.1.model_accuracy))
        .map(|(i, _)| i)
}

/// True where the model already matches (or beats) human-level performance.
#[must_use]
pub fn no_room_left(row: &BaselineRow) -> bool {
    row.gap <= NO_ROOM_GAP
}

/// Index of the slice with the lowest recall (ties: the smaller slice), if any has labels.
#[must_use]
pub fn weakest_slice(rows: &[SliceRow]) -> Option<usize> {
    rows.iter()
        .enumerate()
        .filter_map(|(i, r)| r.recall.map(|x| (i, x, r.share)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)))
        .map(|(i, _, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use driftline_sim::phone::DefectType;

    fn row(defect: DefectType, model: f64, hlp: f64, share: f64) -> BaselineRow {
        let gap = hlp - model;
        BaselineRow {
            defect,
            model_accuracy: model,
            hlp,
            gap,
            share,
            gap_x_share: gap.max(0.0) * share,
        }
    }

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(pct(Some(0.934)), "93.4%");
        assert_eq!(pct(None), "no data");
        assert_eq!(pct(Some(f64::NAN)), "no data");
        assert_eq!(two(Some(0.934)), "0.93");
        assert_eq!(points(0.052), "+5.2 pts");
        assert_eq!(points(-0.01), "-1.0 pts");
        assert_eq!(money(12_345.6), "12,346");
        assert_eq!(money(999.0), "999");
        assert_eq!(money(1_000.0), "1,000");
        assert_eq!(money(-2_500_000.0), "-2,500,000");
    }

    #[test]
    fn largest_gap_share_is_not_the_lowest_accuracy() {
        let rows = [
            row(DefectType::Scratch, 0.80, 0.95, 0.50), // 0.075
            row(DefectType::Dent, 0.60, 0.605, 0.10),   // lowest accuracy, no room
            row(DefectType::Pit, 0.70, 0.90, 0.10),     // 0.02
            row(DefectType::Discoloration, 0.90, 0.88, 0.30),
        ];
        assert_eq!(largest_gap_share(&rows), Some(0));
        assert_eq!(lowest_accuracy(&rows), Some(1));
        assert!(no_room_left(&rows[1]));
        assert!(no_room_left(&rows[3]));
        assert!(!no_room_left(&rows[0]));
        let none_left = [row(DefectType::Dent, 0.9, 0.9, 1.0)];
        assert_eq!(largest_gap_share(&none_left), None);
    }

    #[test]
    fn weakest_slice_has_the_lowest_recall() {
        let s = |name: &str, share: f64, recall: Option<f64>| SliceRow {
            slice: name.into(),
            share,
            accuracy: Some(0.97),
            recall,
            labelled: 100,
        };
        let rows = [
            s("black", 0.6, Some(0.9)),
            s("silver", 0.35, None),
            s("gold", 0.05, Some(0.4)),
        ];
        assert_eq!(weakest_slice(&rows), Some(2));
        assert_eq!(weakest_slice(&[s("x", 1.0, None)]), None);
    }
}
