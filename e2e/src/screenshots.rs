//! Extra screenshots requested on the command line as `URLPATH:NAME:WxH`.

use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;

/// One requested screenshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenshotSpec {
    /// Path relative to the served sub-path (`""`, `#chapter-2`, `?seed=3`, `bench.html`).
    pub url_path: String,
    /// File name without extension; the file is `OUT/NAME.png`.
    pub name: String,
    /// Viewport width in CSS pixels.
    pub width: u32,
    /// Viewport height in CSS pixels.
    pub height: u32,
}

impl ScreenshotSpec {
    /// Parses `URLPATH:NAME:WxH`. The URL path may itself contain `:`; name and size are
    /// taken from the right.
    pub fn parse(spec: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::new(format!(
                "bad screenshot spec {spec:?} ({why}); expected URLPATH:NAME:WxH, e.g. \
                 '#chapter-2:chapter2-mobile:390x844'"
            ))
        };
        let mut parts = spec.rsplitn(3, ':');
        let (Some(size), Some(name), Some(url_path)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("needs three ':'-separated parts"));
        };
        let (w, h) = size
            .split_once(['x', 'X'])
            .ok_or_else(|| bad("size is not WxH"))?;
        let width: u32 = w.parse().map_err(|_| bad("width is not a number"))?;
        let height: u32 = h.parse().map_err(|_| bad("height is not a number"))?;
        if !(100..=8000).contains(&width) || !(100..=8000).contains(&height) {
            return Err(bad("size must be between 100 and 8000 pixels per side"));
        }
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !name_ok || name.starts_with('.') {
            return Err(bad("name must be letters, digits, '-', '_' or '.'"));
        }
        Ok(Self {
            url_path: url_path.to_owned(),
            name: name.to_owned(),
            width,
            height,
        })
    }
}

/// Takes each screenshot: resize, load, wait for `wait_for` (if any), let the page settle,
/// save `OUT/NAME.png`. One report line per screenshot.
pub fn take_screenshots(
    page: &mut Page,
    specs: &[ScreenshotSpec],
    out_dir: &Path,
    wait_for: Option<&str>,
    settle: Duration,
) -> Report {
    let mut report = Report::new();
    for spec in specs {
        let check = format!("screenshot {}", spec.name);
        let path = out_dir.join(format!("{}.png", spec.name));
        let result = take_one(page, spec, &path, wait_for, settle);
        match result {
            Ok(()) => report.pass(&check, path.display().to_string()),
            Err(e) => report.fail(&check, e.to_string()),
        }
    }
    report
}

fn take_one(
    page: &mut Page,
    spec: &ScreenshotSpec,
    path: &Path,
    wait_for: Option<&str>,
    settle: Duration,
) -> Result<()> {
    page.session().set_window_size(spec.width, spec.height)?;
    page.goto(&spec.url_path)?;
    page.set_viewport_size(spec.width, spec.height)?;
    page.wait_loaded(Duration::from_secs(15))?;
    if let Some(css) = wait_for {
        page.wait_for(css, Duration::from_secs(15))?;
    }
    std::thread::sleep(settle);
    page.screenshot(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_from_the_right() {
        assert_eq!(
            ScreenshotSpec::parse("#chapter-2:ch2-mobile:390x844"),
            Ok(ScreenshotSpec {
                url_path: "#chapter-2".into(),
                name: "ch2-mobile".into(),
                width: 390,
                height: 844
            })
        );
        let root = ScreenshotSpec::parse(":home:1366X768").unwrap();
        assert_eq!((root.url_path.as_str(), root.width), ("", 1366));
        let colon = ScreenshotSpec::parse("?t=a:b:shot:800x600").unwrap();
        assert_eq!(colon.url_path, "?t=a:b");
        assert_eq!(colon.name, "shot");
    }

    #[test]
    fn bad_specs_are_rejected_with_the_expected_form() {
        for spec in [
            "home:1366x768",
            ":home:1366",
            ":home:ax768",
            ":home:10x10",
            ":../evil:800x600",
            ":a/b:800x600",
            "::800x600",
        ] {
            let err = ScreenshotSpec::parse(spec).unwrap_err();
            assert!(err.message().contains("URLPATH:NAME:WxH"), "{spec}: {err}");
        }
    }
}
