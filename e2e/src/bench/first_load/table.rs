//! The first-load figures as tables: Driftline next to TF Playground measured in the same
//! run, with the ratio and the target, then every load's spread and Lighthouse's
//! report.

use crate::bench::budgets::{self, Budget, Verdict};
use crate::bench::first_load::profile::Profile;
use crate::bench::first_load::sample::{LoadSample, Spread};
use crate::bench::first_load::{FirstLoadReport, PageLoads, CHAPTER, DRIFTLINE, PLAYGROUND};
use crate::bench::lighthouse::{LighthouseScores, LIGHTHOUSE_VERSION};
use crate::bench::unit::Unit;

/// What a compared figure is held to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// Driftline's value itself.
    Value(Budget),
    /// Driftline's value divided by TF Playground's.
    Ratio(Budget),
}

/// One figure for both sites.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// What was measured.
    pub name: String,
    /// How values are shown.
    pub unit: Unit,
    /// Driftline's median (or score).
    pub driftline: Option<f64>,
    /// TF Playground's, measured in the same run.
    pub playground: Option<f64>,
    /// The target, if any.
    pub target: Option<Target>,
}

impl Compared {
    fn new(name: impl Into<String>, unit: Unit, driftline: Option<f64>) -> Self {
        Self {
            name: name.into(),
            unit,
            driftline,
            playground: None,
            target: None,
        }
    }

    fn against(mut self, playground: Option<f64>) -> Self {
        self.playground = playground;
        self
    }

    fn held_to(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    /// Driftline / TF Playground, when both were measured and TF Playground's is not zero.
    pub fn ratio(&self) -> Option<f64> {
        match (self.driftline, self.playground) {
            (Some(d), Some(p)) if p > 0.0 => Some(d / p),
            _ => None,
        }
    }

    /// The verdict against the target (`None` without one).
    pub fn verdict(&self) -> Option<Verdict> {
        self.target.map(|t| match t {
            Target::Value(b) => b.judge(self.driftline),
            Target::Ratio(b) => b.judge(self.ratio()),
        })
    }

    /// The target as text, e.g. `<= 1200 ms` or `ratio <= 1`.
    pub fn shown_target(&self) -> String {
        match self.target {
            None => "-".to_owned(),
            Some(Target::Value(b)) => self.unit.format_budget(&b),
            Some(Target::Ratio(b)) => format!("ratio {}", Unit::Ratio.format_budget(&b)),
        }
    }

    fn shown(&self, value: Option<f64>) -> String {
        value.map_or_else(|| "n/a".to_owned(), |v| self.unit.format(v))
    }
}

/// The median of `figure` over a page's loads.
fn median(loads: Option<&PageLoads>, figure: impl Fn(&LoadSample) -> Option<f64>) -> Option<f64> {
    loads
        .and_then(|l| Spread::of(&l.samples, figure))
        .map(|s| s.median)
}

/// Reads one category's score from a report.
type ScoreOf = fn(&LighthouseScores) -> Option<f64>;

/// Every compared figure, Driftline's against the targets.
pub fn compared(report: &FirstLoadReport) -> Vec<Compared> {
    let pg = |profile| report.find(PLAYGROUND, "home", profile);
    let mut rows = Vec::new();
    for page in ["home", CHAPTER] {
        let mobile = report.find(DRIFTLINE, page, Profile::Mobile);
        let plain = report.find(DRIFTLINE, page, Profile::Unthrottled);
        rows.push(
            Compared::new(
                format!("First contentful paint, mobile, {page}"),
                Unit::Ms,
                median(mobile, |s| s.fcp_ms),
            )
            .against(median(pg(Profile::Mobile), |s| s.fcp_ms))
            .held_to(Target::Ratio(budgets::FCP_RATIO_TO_PLAYGROUND)),
        );
        rows.push(
            Compared::new(
                format!("First contentful paint, unthrottled, {page}"),
                Unit::Ms,
                median(plain, |s| s.fcp_ms),
            )
            .against(median(pg(Profile::Unthrottled), |s| s.fcp_ms)),
        );
        rows.push(
            Compared::new(
                format!("Largest contentful paint, mobile, {page}"),
                Unit::Ms,
                median(mobile, |s| s.lcp_ms),
            )
            .against(median(pg(Profile::Mobile), |s| s.lcp_ms))
            .held_to(Target::Value(budgets::LCP_MOBILE_MS)),
        );
        rows.push(
            Compared::new(
                format!("First live chart update, mobile, {page}"),
                Unit::Ms,
                median(mobile, |s| s.chart_ms),
            )
            .against(median(pg(Profile::Mobile), |s| s.chart_ms))
            .held_to(Target::Value(budgets::FIRST_LIVE_CHART_MOBILE_MS)),
        );
        for (profile, loads) in [(Profile::Mobile, mobile), (Profile::Unthrottled, plain)] {
            rows.push(
                Compared::new(
                    format!("Cumulative layout shift, {}, {page}", profile.label()),
                    Unit::Score,
                    median(loads, |s| s.cls),
                )
                .against(median(pg(profile), |s| s.cls))
                .held_to(Target::Value(budgets::CLS)),
            );
        }
    }
    let home = report
        .find(DRIFTLINE, "home", Profile::Mobile)
        .or_else(|| report.find(DRIFTLINE, "home", Profile::Unthrottled));
    let pg_home = pg(Profile::Mobile).or_else(|| pg(Profile::Unthrottled));
    let kb = |loads, f: fn(&LoadSample) -> f64| median(loads, |s| Some(f(s) / 1024.0));
    rows.push(
        Compared::new("wasm, gzip", Unit::Kb, kb(home, |s| s.bytes_wasm))
            .against(kb(pg_home, |s| s.bytes_wasm))
            .held_to(Target::Value(budgets::WASM_GZIP_KB)),
    );
    rows.push(
        Compared::new(
            "Everything before the wasm, gzip",
            Unit::Kb,
            kb(home, |s| s.bytes_before_wasm),
        )
        .against(kb(pg_home, |s| s.bytes_before_wasm))
        .held_to(Target::Value(budgets::BEFORE_WASM_GZIP_KB)),
    );
    rows.push(
        Compared::new(
            "Whole first load, gzip",
            Unit::Kb,
            kb(home, |s| s.bytes_total),
        )
        .against(kb(pg_home, |s| s.bytes_total)),
    );
    let scores = |site| report.lighthouse_of(site);
    let (ours, theirs) = (scores(DRIFTLINE), scores(PLAYGROUND));
    let categories: [(&str, ScoreOf, Budget); 4] = [
        (
            "performance",
            |s| s.performance,
            budgets::LIGHTHOUSE_PERFORMANCE,
        ),
        (
            "accessibility",
            |s| s.accessibility,
            budgets::LIGHTHOUSE_OTHER,
        ),
        (
            "best practices",
            |s| s.best_practices,
            budgets::LIGHTHOUSE_OTHER,
        ),
        ("SEO", |s| s.seo, budgets::LIGHTHOUSE_OTHER),
    ];
    for (name, score, budget) in categories {
        rows.push(
            Compared::new(
                format!("Lighthouse {name}, home"),
                Unit::Count,
                ours.as_ref().and_then(score),
            )
            .against(theirs.as_ref().and_then(score))
            .held_to(Target::Value(budget)),
        );
    }
    rows
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The section's body (no markers): how it was measured, the comparison, every page's
/// spread, Lighthouse's report and what was skipped.
pub fn markdown(report: &FirstLoadReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Each figure is the median of {} cold loads (a fresh browser profile per load, HTTP \
         cache off), both sites served by the bench's static server from loopback with gzip \
         made on the fly and nothing else (a precompressed `.br` or `.gz` beside a file is not \
         used). \
         Mobile: {}. Sizes are compressed bodies from Resource Timing (`encodedBodySize`), \
         1 KB = 1024 bytes. Cumulative layout shift is every shift without recent input, \
         summed, until {:.1} s after the first chart.\n\n",
        report.loads_per_page,
        Profile::Mobile.describe(),
        1.5
    ));
    out.push_str(&format!("{}\n\n", playground_line(report)));
    out.push_str("| Figure | Driftline | TF Playground | Ratio | Target | Verdict |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for row in compared(report) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            escape(&row.name),
            row.shown(row.driftline),
            row.shown(row.playground),
            row.ratio()
                .map_or_else(|| "-".to_owned(), |r| format!("{r:.2}")),
            escape(&row.shown_target()),
            row.verdict()
                .map_or_else(|| "-".to_owned(), |v| v.to_string()),
        ));
    }
    out.push_str("\nEvery page, median (min-max) over its loads:\n\n");
    out.push_str(
        "| Site | Page | Profile | FCP | LCP | CLS | First live chart | Before wasm | wasm | \
         Total | Loads |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for loads in &report.loads {
        out.push_str(&spread_row(loads));
    }
    let charts: Vec<String> = report
        .loads
        .iter()
        .map(|l| format!("{}: {}", l.site, l.chart.describe()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    out.push_str(&format!("\nFirst live chart: {}.\n\n", charts.join("; ")));
    out.push_str(&lighthouse_markdown(report));
    let notes = notes(report);
    if !notes.is_empty() {
        out.push_str("\nNotes from the first-load phase:\n\n");
        for note in notes {
            out.push_str(&format!("- {}\n", escape(&note)));
        }
    }
    out
}

/// `TF Playground: measured from …` or `TF Playground: skipped because …`.
pub fn playground_line(report: &FirstLoadReport) -> String {
    match &report.playground {
        Some(Ok(dist)) => format!(
            "TF Playground: commit 02469bd built from source (`scripts/build-playground.sh`: \
             `npm ci && npm run build`), served from `{dist}` in the same run."
        ),
        Some(Err(reason)) => {
            format!("TF Playground: skipped because {reason}. Its columns and every ratio are n/a.")
        }
        None => "TF Playground: not measured.".to_owned(),
    }
}

fn spread_row(loads: &PageLoads) -> String {
    let cell = |figure: fn(&LoadSample) -> Option<f64>, unit: Unit| {
        Spread::of(&loads.samples, figure).map_or_else(
            || "n/a".to_owned(),
            |s| {
                format!(
                    "{} ({}-{})",
                    unit.format(s.median),
                    unit.format(s.min),
                    unit.format(s.max)
                )
            },
        )
    };
    let ok = loads.samples.len();
    let asked = ok + loads.errors.len();
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {ok}/{asked} |\n",
        loads.site,
        escape(&loads.page),
        loads.profile.label(),
        cell(|s| s.fcp_ms, Unit::Ms),
        cell(|s| s.lcp_ms, Unit::Ms),
        cell(|s| s.cls, Unit::Score),
        cell(|s| s.chart_ms, Unit::Ms),
        cell(|s| Some(s.bytes_before_wasm / 1024.0), Unit::Kb),
        cell(|s| Some(s.bytes_wasm / 1024.0), Unit::Kb),
        cell(|s| Some(s.bytes_total / 1024.0), Unit::Kb),
    )
}

fn lighthouse_markdown(report: &FirstLoadReport) -> String {
    if let Some(reason) = &report.lighthouse_skipped {
        return format!("Lighthouse {LIGHTHOUSE_VERSION}: skipped because {reason}.\n");
    }
    let mut out = format!(
        "Lighthouse {LIGHTHOUSE_VERSION} (its default mobile profile, simulated throttling), \
         home page:\n\n| Site | Performance | Accessibility | Best practices | SEO | FCP | LCP \
         | TBT | CLS | Speed index |\n|---|---|---|---|---|---|---|---|---|---|\n"
    );
    let row = |label: &str, s: &LighthouseScores| {
        let score = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.0}"));
        let ms = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| Unit::Ms.format(v));
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            score(s.performance),
            score(s.accessibility),
            score(s.best_practices),
            score(s.seo),
            ms(s.fcp_ms),
            ms(s.lcp_ms),
            ms(s.tbt_ms),
            s.cls
                .map_or_else(|| "n/a".to_owned(), |v| Unit::Score.format(v)),
            ms(s.speed_index_ms),
        )
    };
    let mut sites: Vec<&str> = Vec::new();
    for run in &report.lighthouse {
        if !sites.contains(&run.site.as_str()) {
            sites.push(&run.site);
        }
        match &run.outcome {
            Ok(s) => out.push_str(&row(&format!("{}, one run", run.site), s)),
            Err(e) => out.push_str(&format!(
                "| {} | failed: {} | | | | | | | | |\n",
                run.site,
                escape(e)
            )),
        }
    }
    for site in sites {
        if let Some(median) = report.lighthouse_of(site) {
            out.push_str(&row(&format!("**{site}, median**"), &median));
        }
    }
    out
}

/// Load failures, and any site whose resources did not come compressed.
pub fn notes(report: &FirstLoadReport) -> Vec<String> {
    let mut notes = Vec::new();
    for loads in &report.loads {
        let what = format!("{} {} ({})", loads.site, loads.page, loads.profile.label());
        for e in &loads.errors {
            notes.push(format!("{what}: a load failed: {e}"));
        }
        let plain = loads
            .samples
            .iter()
            .find(|s| s.compressed.0 < s.compressed.1 && s.compressed.1 > 0);
        if let Some(s) = plain {
            notes.push(format!(
                "{what}: only {} of {} resources came content-encoded (not: {})",
                s.compressed.0,
                s.compressed.1,
                s.uncompressed.join(", ")
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::first_load::ChartSignal;
    use crate::bench::lighthouse::LighthouseRun;

    fn loads(site: &str, page: &str, profile: Profile, fcp: &[f64]) -> PageLoads {
        PageLoads {
            site: site.into(),
            page: page.into(),
            profile,
            chart: ChartSignal::AppMark,
            samples: fcp
                .iter()
                .map(|&f| LoadSample {
                    fcp_ms: Some(f),
                    lcp_ms: Some(f + 100.0),
                    cls: Some(0.001),
                    chart_ms: Some(f * 2.0),
                    bytes_before_wasm: 40.0 * 1024.0,
                    bytes_wasm: 300.0 * 1024.0,
                    bytes_total: 340.0 * 1024.0,
                    compressed: (3, 3),
                    uncompressed: Vec::new(),
                })
                .collect(),
            errors: Vec::new(),
        }
    }

    fn report() -> FirstLoadReport {
        FirstLoadReport {
            loads: vec![
                loads(DRIFTLINE, "home", Profile::Mobile, &[900.0, 800.0, 1000.0]),
                loads(DRIFTLINE, CHAPTER, Profile::Mobile, &[700.0, 700.0, 700.0]),
                loads(PLAYGROUND, "home", Profile::Mobile, &[850.0, 880.0, 900.0]),
            ],
            playground: Some(Ok("/tmp/pg".into())),
            lighthouse: vec![LighthouseRun {
                site: DRIFTLINE.into(),
                url: "http://h/".into(),
                outcome: Ok(LighthouseScores {
                    performance: Some(99.0),
                    accessibility: Some(100.0),
                    best_practices: Some(96.0),
                    seo: Some(100.0),
                    ..LighthouseScores::default()
                }),
            }],
            lighthouse_skipped: None,
            loads_per_page: 3,
        }
    }

    #[test]
    fn figures_are_compared_with_the_playground_and_judged() {
        let rows = compared(&report());
        let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
        let fcp = row("First contentful paint, mobile, home");
        assert_eq!((fcp.driftline, fcp.playground), (Some(900.0), Some(880.0)));
        assert!(matches!(fcp.verdict(), Some(Verdict::Missed { .. })));
        assert_eq!(fcp.shown_target(), "ratio <= 1");
        let chapter = row("First contentful paint, mobile, #/drift");
        assert_eq!(chapter.verdict(), Some(Verdict::Met));
        assert_eq!(
            row("Largest contentful paint, mobile, #/drift").verdict(),
            Some(Verdict::Met)
        );
        assert_eq!(row("wasm, gzip").verdict(), Some(Verdict::Met));
        assert_eq!(row("wasm, gzip").shown_target(), "<= 350 KB");
        assert_eq!(
            row("Everything before the wasm, gzip").verdict(),
            Some(Verdict::Met)
        );
        assert!(matches!(
            row("Lighthouse best practices, home").verdict(),
            Some(Verdict::Missed { .. })
        ));
        assert_eq!(
            row("Lighthouse performance, home").verdict(),
            Some(Verdict::Met)
        );
        // Nothing unthrottled was measured: not judged as met.
        assert_eq!(
            row("Cumulative layout shift, unthrottled, home").verdict(),
            Some(Verdict::NotMeasured)
        );
    }

    #[test]
    fn the_markdown_says_what_was_skipped() {
        let mut r = report();
        let md = markdown(&r);
        assert!(md.contains(
            "| First contentful paint, mobile, home | 900 ms | 880 ms | 1.02 | ratio <= 1 |"
        ));
        assert!(md.contains("| Driftline | home | mobile | 900 ms (800 ms-1000 ms) |"));
        assert!(md.contains("| Driftline, one run | 99 | 100 | 96 | 100 |"));
        assert!(md.contains("| **Driftline, median** | 99 | 100 | 96 | 100 |"));
        r.playground = Some(Err("npm ci failed: ENOTFOUND".into()));
        r.lighthouse_skipped = Some("tools/node_modules/.bin/lighthouse is missing".into());
        let md = markdown(&r);
        assert!(md.contains("TF Playground: skipped because npm ci failed: ENOTFOUND."));
        assert!(md.contains("Lighthouse 12.2.3: skipped because tools/node_modules"));
    }
}
