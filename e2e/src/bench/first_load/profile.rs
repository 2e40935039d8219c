//! The two conditions a first load is measured under: as fast as loopback allows, and
//! Lighthouse's mobile profile emulated over the DevTools protocol (slow 4G, a CPU four
//! times slower, a phone's viewport).

use serde_json::{json, Value};

use crate::error::{Context, Result};
use crate::page::Page;

/// Round trip of Lighthouse's mobile profile, ms.
pub const MOBILE_RTT_MS: f64 = 150.0;
/// Download throughput of Lighthouse's mobile profile, kbit/s (1.6 Mbit/s, 1 kbit = 1024 bit
/// as Lighthouse counts).
pub const MOBILE_DOWN_KBPS: f64 = 1638.4;
/// Upload throughput of Lighthouse's mobile profile, kbit/s (750 x 0.9).
pub const MOBILE_UP_KBPS: f64 = 675.0;
/// CPU slowdown of Lighthouse's mobile profile.
pub const MOBILE_CPU_SLOWDOWN: f64 = 4.0;
/// Viewport of Lighthouse's mobile profile (a Moto G Power): CSS px and device pixel ratio.
pub const MOBILE_VIEWPORT: (u32, u32, f64) = (412, 823, 1.75);

/// The conditions of one set of loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Loopback, no throttling, the harness's desktop window.
    Unthrottled,
    /// Lighthouse's mobile profile.
    Mobile,
}

impl Profile {
    /// Both, in the order they are measured.
    pub const ALL: [Self; 2] = [Self::Unthrottled, Self::Mobile];

    /// Short name for tables: `unthrottled`, `mobile`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Unthrottled => "unthrottled",
            Self::Mobile => "mobile",
        }
    }

    /// What the profile emulates, for the method column.
    pub fn describe(self) -> String {
        match self {
            Self::Unthrottled => "loopback, no throttling, 1366x768 window".to_owned(),
            Self::Mobile => format!(
                "{MOBILE_RTT_MS:.0} ms RTT, {MOBILE_DOWN_KBPS} kbit/s down, \
                 {MOBILE_UP_KBPS} kbit/s up, CPU {MOBILE_CPU_SLOWDOWN:.0}x slower, {}x{} \
                 viewport at {}x (DevTools emulation)",
                MOBILE_VIEWPORT.0, MOBILE_VIEWPORT.1, MOBILE_VIEWPORT.2
            ),
        }
    }

    /// The DevTools commands that set the profile up in a fresh tab: the HTTP cache off,
    /// and for the mobile profile network, CPU and viewport emulation.
    pub fn commands(self) -> Vec<(&'static str, Value)> {
        let mut commands = vec![
            ("Network.enable", json!({})),
            ("Network.setCacheDisabled", json!({ "cacheDisabled": true })),
        ];
        if self == Self::Mobile {
            let (width, height, ratio) = MOBILE_VIEWPORT;
            commands.extend([
                (
                    "Network.emulateNetworkConditions",
                    json!({
                        "offline": false,
                        "latency": MOBILE_RTT_MS,
                        "downloadThroughput": bytes_per_sec(MOBILE_DOWN_KBPS),
                        "uploadThroughput": bytes_per_sec(MOBILE_UP_KBPS),
                    }),
                ),
                (
                    "Emulation.setCPUThrottlingRate",
                    json!({ "rate": MOBILE_CPU_SLOWDOWN }),
                ),
                (
                    "Emulation.setDeviceMetricsOverride",
                    json!({
                        "width": width,
                        "height": height,
                        "deviceScaleFactor": ratio,
                        "mobile": true,
                    }),
                ),
            ]);
        }
        commands
    }

    /// Sends [`Profile::commands`] to the page's tab; they last for its later navigations.
    pub fn apply(self, page: &Page) -> Result<()> {
        for (cmd, params) in self.commands() {
            cdp(page, cmd, params).context(&format!("DevTools {cmd}"))?;
        }
        Ok(())
    }
}

/// A throughput in kbit/s (1024 bit) as the bytes per second DevTools takes.
pub fn bytes_per_sec(kbps: f64) -> f64 {
    kbps * 1024.0 / 8.0
}

/// Runs one DevTools command through chromedriver's `/goog/cdp/execute`.
pub fn cdp(page: &Page, cmd: &str, params: Value) -> Result<Value> {
    page.session().command(
        "POST",
        "/goog/cdp/execute",
        Some(&json!({ "cmd": cmd, "params": params })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mobile_profile_is_lighthouses_in_devtools_units() {
        assert_eq!(bytes_per_sec(MOBILE_DOWN_KBPS), 209_715.2);
        assert_eq!(bytes_per_sec(MOBILE_UP_KBPS), 86_400.0);
        let mobile = Profile::Mobile.commands();
        let network = mobile
            .iter()
            .find(|(c, _)| *c == "Network.emulateNetworkConditions")
            .unwrap();
        assert_eq!(network.1["latency"], 150.0);
        assert_eq!(network.1["downloadThroughput"], 209_715.2);
        let cpu = mobile
            .iter()
            .find(|(c, _)| *c == "Emulation.setCPUThrottlingRate")
            .unwrap();
        assert_eq!(cpu.1["rate"], 4.0);
        // Both profiles load cold; only the mobile one throttles.
        let plain = Profile::Unthrottled.commands();
        assert!(plain.iter().any(|(c, _)| *c == "Network.setCacheDisabled"));
        assert!(!plain.iter().any(|(c, _)| c.starts_with("Emulation")));
        assert!(Profile::Mobile.describe().contains("150 ms RTT"));
    }
}
