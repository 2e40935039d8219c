//! What one cold load measured, read from the page's performance entries, and the spread
//! over several loads.

use serde_json::Value;

use crate::bench::stats::Summary;

/// One cold load's figures (times in ms since navigation start, sizes in bytes as they came
/// over the wire: the compressed body, headers left out).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadSample {
    /// First contentful paint.
    pub fcp_ms: Option<f64>,
    /// Largest contentful paint (the last candidate reported).
    pub lcp_ms: Option<f64>,
    /// Cumulative layout shift: every `layout-shift` entry without recent input, summed.
    pub cls: Option<f64>,
    /// First chart drawn from the live simulation (the app's mark, or first canvas ink).
    pub chart_ms: Option<f64>,
    /// The document and every other resource requested before the wasm had arrived (what
    /// the first load needs besides the wasm; later fetches are left out).
    pub bytes_before_wasm: f64,
    /// Every `.wasm` resource.
    pub bytes_wasm: f64,
    /// Everything the load transferred.
    pub bytes_total: f64,
    /// Resources (the document not counted) whose body came content-encoded (encoded size
    /// differs from decoded), and all resources with a body.
    pub compressed: (usize, usize),
    /// The URLs of the resources with a body that came without content encoding.
    pub uncompressed: Vec<String>,
}

/// One resource from Resource Timing.
#[derive(Debug, Clone, PartialEq)]
struct Resource {
    name: String,
    start: f64,
    end: f64,
    encoded: f64,
    decoded: f64,
    /// HTTP status (0 when the browser does not say).
    status: u64,
}

impl LoadSample {
    /// Reads the reply of [`crate::bench::scripts::VITALS_JS`]; `chart_ms` is set by the
    /// caller.
    pub fn from_vitals(v: &Value) -> Self {
        let num = |k: &str| v.get(k).and_then(Value::as_f64);
        let resources: Vec<Resource> = v
            .get("resources")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|r| Resource {
                        name: r
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        start: r.get("start").and_then(Value::as_f64).unwrap_or(0.0),
                        end: r.get("end").and_then(Value::as_f64).unwrap_or(0.0),
                        encoded: r.get("encoded").and_then(Value::as_f64).unwrap_or(0.0),
                        decoded: r.get("decoded").and_then(Value::as_f64).unwrap_or(0.0),
                        status: r.get("status").and_then(Value::as_u64).unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let is_wasm = |r: &Resource| {
            let path = r.name.split(['?', '#']).next().unwrap_or_default();
            path.ends_with(".wasm")
        };
        // Start times alone would be fragile: the glue script and the wasm are requested in
        // the same instant, in either order.
        let wasm_arrived = resources
            .iter()
            .filter(|r| is_wasm(r))
            .map(|r| r.end)
            .min_by(f64::total_cmp);
        let document = num("documentEncoded").unwrap_or(0.0);
        // Folded from +0.0: an empty float sum is -0.0, shown as "-0.0 KB".
        let bytes = |keep: &dyn Fn(&Resource) -> bool| {
            resources
                .iter()
                .filter(|r| keep(r))
                .fold(0.0, |acc, r| acc + r.encoded)
        };
        let bytes_wasm = bytes(&|r| is_wasm(r));
        let before = bytes(&|r| !is_wasm(r) && wasm_arrived.is_none_or(|w| r.start < w));
        // Error pages (the browser's own /favicon.ico outside the sub-path) do not count.
        let with_body: Vec<&Resource> = resources
            .iter()
            .filter(|r| r.decoded > 0.0 && matches!(r.status, 0 | 200))
            .collect();
        Self {
            fcp_ms: num("fcp"),
            lcp_ms: num("lcp"),
            cls: num("cls"),
            chart_ms: None,
            bytes_before_wasm: document + before,
            bytes_wasm,
            bytes_total: document + bytes(&|_| true),
            compressed: (
                // A tiny file's gzip can be larger than the file: any difference is encoding.
                with_body.iter().filter(|r| r.encoded != r.decoded).count(),
                with_body.len(),
            ),
            uncompressed: with_body
                .iter()
                .filter(|r| r.encoded == r.decoded)
                .map(|r| r.name.clone())
                .collect(),
        }
    }
}

/// Median, smallest and largest of one figure over several loads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Median.
    pub median: f64,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
    /// Loads that had the figure.
    pub count: usize,
}

impl Spread {
    /// The spread of `figure` over `samples` (loads without it left out); `None` when no
    /// load had it.
    pub fn of(samples: &[LoadSample], figure: impl Fn(&LoadSample) -> Option<f64>) -> Option<Self> {
        let values: Vec<f64> = samples.iter().filter_map(figure).collect();
        Summary::of(&values).map(|s| Self {
            median: s.median,
            min: s.min,
            max: s.max,
            count: s.count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bytes_before_the_wasm_are_those_requested_until_it_arrived() {
        let v = json!({
            "fcp": 120.5, "lcp": 300.0, "cls": 0.01, "documentEncoded": 2000,
            "resources": [
                { "name": "http://h/d/app_bg.wasm?v=1", "start": 9, "end": 300, "encoded": 480000, "decoded": 1290000 },
                { "name": "http://h/d/app.js", "start": 10, "encoded": 15000, "decoded": 60000 },
                { "name": "http://h/d/app.css", "start": 11, "encoded": 7000, "decoded": 36000 },
                { "name": "http://h/d/icon.png", "start": 400, "encoded": 300, "decoded": 300 },
                { "name": "http://h/favicon.ico", "start": 500, "encoded": 10, "decoded": 10, "status": 404 },
            ],
        });
        let s = LoadSample::from_vitals(&v);
        assert_eq!(
            (s.fcp_ms, s.lcp_ms, s.cls),
            (Some(120.5), Some(300.0), Some(0.01))
        );
        assert_eq!(s.bytes_before_wasm, 24000.0);
        assert_eq!(s.bytes_wasm, 480000.0);
        assert_eq!(s.bytes_total, 504310.0);
        assert_eq!(s.compressed, (3, 4));
        assert_eq!(s.uncompressed, ["http://h/d/icon.png"]);
    }

    #[test]
    fn without_wasm_everything_counts_as_before_it() {
        let v = json!({
            "fcp": null, "documentEncoded": 5000,
            "resources": [{ "name": "http://h/p/bundle.js", "start": 5, "encoded": 90000, "decoded": 280000 }],
        });
        let s = LoadSample::from_vitals(&v);
        assert_eq!(s.fcp_ms, None);
        assert_eq!((s.bytes_before_wasm, s.bytes_wasm), (95000.0, 0.0));
        assert!(s.bytes_wasm.is_sign_positive(), "shown as 0.0, not -0.0");
    }

    #[test]
    fn the_spread_skips_loads_without_the_figure() {
        let samples = [
            LoadSample {
                fcp_ms: Some(300.0),
                ..LoadSample::default()
            },
            LoadSample {
                fcp_ms: None,
                ..LoadSample::default()
            },
            LoadSample {
                fcp_ms: Some(100.0),
                ..LoadSample::default()
            },
            LoadSample {
                fcp_ms: Some(200.0),
                ..LoadSample::default()
            },
        ];
        let s = Spread::of(&samples, |s| s.fcp_ms).unwrap();
        assert_eq!((s.median, s.min, s.max, s.count), (200.0, 100.0, 300.0, 3));
        assert!(Spread::of(&samples, |s| s.lcp_ms).is_none());
    }
}
