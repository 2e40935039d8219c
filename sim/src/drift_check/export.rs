//! The results as CSV files: every detector firing, and every window's statistics.

use super::detect::Firings;
use super::windows::{WindowStat, THRESHOLDS};

/// `detector,event,data_row,value_index`: one line per firing (DDM's warning zones as
/// `warning_start` and `warning_end`), in row order within each detector. `rows` maps a value
/// index to its data row.
#[must_use]
pub fn firings_csv(firings: &Firings, rows: &[usize]) -> String {
    let row = |i: usize| rows.get(i).copied().unwrap_or(i);
    let mut out = String::from("detector,event,data_row,value_index\n");
    let mut line = |detector: &str, event: &str, i: usize| {
        out.push_str(&format!("{detector},{event},{},{i}\n", row(i)));
    };
    for (detector, hits) in [
        ("ADWIN", &firings.adwin),
        ("Page-Hinkley", &firings.page_hinkley),
        ("KSWIN", &firings.kswin),
        ("DDM", &firings.ddm),
    ] {
        hits.iter().for_each(|&i| line(detector, "drift", i));
    }
    for &(from, to) in &firings.ddm_warnings {
        line("DDM", "warning_start", from);
        line("DDM", "warning_end", to);
    }
    out
}

/// One line per window: its rows, each statistic, and which crossed Evidently's default
/// line (the thresholds are in the header).
#[must_use]
pub fn windows_csv(stats: &[WindowStat], rows: &[usize]) -> String {
    let row = |i: usize| rows.get(i).copied().unwrap_or(i);
    let t = THRESHOLDS;
    let mut out = format!(
        "first_row,last_row,values,psi,ks_statistic,ks_pvalue,ks_method,wasserstein_normed,\
         jensen_shannon,drifted (psi>={},ks_pvalue<={},wasserstein>={},js>={})\n",
        t.psi, t.ks_p_value, t.wasserstein_normed, t.jensen_shannon
    );
    for s in stats {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            row(s.start),
            row(s.end.saturating_sub(1)),
            s.end - s.start,
            s.psi,
            s.ks_statistic,
            s.ks_p_value,
            s.ks_method.scipy_name(),
            s.wasserstein_normed,
            s.jensen_shannon,
            s.drifted().join(" ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift_check::windows::WindowStat;

    #[test]
    fn csv_lines_name_rows_not_indices() {
        let firings = Firings {
            adwin: vec![1],
            ddm: vec![2],
            ddm_warnings: vec![(0, 1)],
            ddm_ran: true,
            ..Firings::default()
        };
        let rows = [10, 12, 15];
        let csv = firings_csv(&firings, &rows);
        assert_eq!(
            csv,
            "detector,event,data_row,value_index\nADWIN,drift,12,1\nDDM,drift,15,2\n\
             DDM,warning_start,10,0\nDDM,warning_end,12,1\n"
        );
        let s = WindowStat::of(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0], 0);
        let w = windows_csv(&[s], &rows);
        let mut lines = w.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("first_row,last_row,values,psi"));
        assert!(lines.next().unwrap().starts_with("10,15,3,"), "{w}");
    }
}
