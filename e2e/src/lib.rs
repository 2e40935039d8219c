//! End-to-end harness for the built Driftline site: a static server for the `dist`
//! directory, a minimal W3C WebDriver client for headless Chromium via chromedriver, a
//! page-level API, and the Foundation checks.
//!
//! Typical use:
//!
//! ```no_run
//! use driftline_e2e::{ChromeConfig, Page, StaticServer};
//! # fn main() -> driftline_e2e::Result<()> {
//! let server = StaticServer::start(std::path::Path::new("dist"), "/driftline/")?;
//! let mut page = Page::launch(&ChromeConfig::default(), server.base_url())?;
//! page.goto("")?;
//! page.wait_for(r#"[data-testid="play"]"#, std::time::Duration::from_secs(15))?;
//! page.click(r#"[data-testid="play"]"#)?;
//! page.screenshot(std::path::Path::new("target/e2e/shot.png"))?;
//! # Ok(())
//! # }
//! ```

pub mod bench;
pub mod checks;
pub mod data_checks;
pub mod data_more_checks;
pub mod error;
pub mod first_paint_checks;
pub mod fixture;
pub mod own_wasm_checks;
pub mod page;
pub mod report;
pub mod scene_checks;
pub mod screenshots;
pub mod share_checks;
pub mod static_server;
pub mod timeline_checks;
pub mod walk;
pub mod webdriver;

pub use error::{Error, Result};
pub use page::Page;
pub use report::{CheckResult, Report, Status};
pub use static_server::StaticServer;
pub use webdriver::{ChromeConfig, Session};
