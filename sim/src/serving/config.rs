//! Serving settings: where the model runs, how phones reach it, how many servers.
//!
//! The per-site numbers are simulation choices sized for this line (about one phone per
//! second), not measurements of any product; they are chosen so the trade-offs of lesson 6
//! show: the edge box has no network hop but is slower, fewer and cheaper; the cloud adds a
//! network round trip but its servers are faster and scale.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Memory for an image waiting in the queue, MB (a few-megapixel greyscale capture).
pub const QUEUED_IMAGE_MB: f64 = 0.5;
/// Extra memory while logging is on (write buffer for images and verdicts), MB.
pub const LOGGING_BUFFER_MB: f64 = 64.0;
/// Storage cost of logging one phone (image plus verdict), dollars.
pub const LOGGING_COST_PER_PHONE: f64 = 0.000_02;

/// Where the model servers run.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Site {
    /// A box next to the line: no network hop, slower hardware, few of them.
    #[default]
    Edge,
    /// A cloud region: faster servers and many of them, plus a network round trip.
    Cloud,
}

/// Performance and price of one server at a site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SiteProfile {
    /// Mean time to score one phone, ms (exponential in the M/M/c model).
    pub service_ms: f64,
    /// Network round trip from the line to the servers and back, ms.
    pub network_rtt_ms: f64,
    /// Price of one server for one hour, dollars.
    pub cost_per_server_hour: f64,
    /// Resident memory of one model server, MB.
    pub model_memory_mb_per_server: f64,
    /// Most servers the site can hold.
    pub max_servers: u32,
}

impl Site {
    /// The site's per-server numbers (simulation choices; see the module docs).
    pub fn profile(self) -> SiteProfile {
        match self {
            // An embedded GPU box scoring a small CNN: ~10 phones/s each.
            Site::Edge => SiteProfile {
                service_ms: 100.0,
                network_rtt_ms: 0.0,
                cost_per_server_hour: 0.10,
                model_memory_mb_per_server: 300.0,
                max_servers: 8,
            },
            // A datacenter GPU instance: ~40 phones/s each, behind a factory uplink.
            Site::Cloud => SiteProfile {
                service_ms: 25.0,
                network_rtt_ms: 60.0,
                cost_per_server_hour: 0.90,
                model_memory_mb_per_server: 600.0,
                max_servers: 256,
            },
        }
    }

    /// Name for display.
    pub fn name(self) -> &'static str {
        match self {
            Site::Edge => "edge",
            Site::Cloud => "cloud",
        }
    }
}

/// When phones are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ServingMode {
    /// Each phone is scored as it arrives.
    #[default]
    RealTime,
    /// Phones wait and are scored together every `batch_every_ticks` ticks.
    Batch {
        /// Ticks between batch runs (>= 1).
        batch_every_ticks: u64,
    },
}

/// Serving settings. Defaults: one edge server, real time, logging on, a queue of 1000
/// phones (simulation choices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServingConfig {
    /// Edge box or cloud.
    pub site: Site,
    /// Real time or batch.
    pub mode: ServingMode,
    /// Model servers (1..=the site's `max_servers`).
    pub servers: u32,
    /// Keep images and verdicts; without logs there is nothing to retrain on.
    pub logging: bool,
    /// Phones that may wait (backlog or batch buffer); beyond it arrivals are dropped.
    pub queue_capacity: u32,
}

impl Default for ServingConfig {
    fn default() -> Self {
        Self {
            site: Site::Edge,
            mode: ServingMode::RealTime,
            servers: 1,
            logging: true,
            queue_capacity: 1000,
        }
    }
}

/// A serving setting that cannot work; names the field.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ServingConfigError {
    /// `servers` outside 1..=max for the site.
    #[error("serving.servers: must be 1..={max} for the {site} site, got {got}")]
    Servers {
        /// Site name.
        site: &'static str,
        /// Largest allowed.
        max: u32,
        /// Value given.
        got: u32,
    },
    /// Batch period of zero ticks.
    #[error("serving.mode.batch_every_ticks: must be at least 1")]
    BatchEvery,
    /// A tick length that is not a positive finite number.
    #[error("tick_secs: must be finite and > 0, got {0}")]
    TickSecs(f64),
}

impl ServingConfig {
    /// Checks the settings; the error names the field.
    pub fn validate(&self) -> Result<(), ServingConfigError> {
        let max = self.site.profile().max_servers;
        if self.servers == 0 || self.servers > max {
            return Err(ServingConfigError::Servers {
                site: self.site.name(),
                max,
                got: self.servers,
            });
        }
        if let ServingMode::Batch {
            batch_every_ticks: 0,
        } = self.mode
        {
            return Err(ServingConfigError::BatchEvery);
        }
        Ok(())
    }

    /// Phones per second all servers can score at this compute multiplier (c * mu).
    pub fn capacity_per_sec(&self, compute_multiplier: f64) -> f64 {
        let service_secs = self.site.profile().service_ms / 1000.0 * compute_multiplier;
        f64::from(self.servers) / service_secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_is_slower_and_cheaper_cloud_has_network_and_scales() {
        let e = Site::Edge.profile();
        let c = Site::Cloud.profile();
        assert!(e.service_ms > c.service_ms);
        assert_eq!(e.network_rtt_ms, 0.0);
        assert!(c.network_rtt_ms > 0.0);
        assert!(e.cost_per_server_hour < c.cost_per_server_hour);
        assert!(e.max_servers < c.max_servers);
    }

    #[test]
    fn validation_names_fields() {
        assert!(ServingConfig::default().validate().is_ok());
        let too_many = ServingConfig {
            servers: 9,
            ..ServingConfig::default()
        };
        let err = too_many.validate().unwrap_err();
        assert!(err.to_string().starts_with("serving.servers"), "{err}");
        assert!(ServingConfig {
            servers: 9,
            site: Site::Cloud,
            ..ServingConfig::default()
        }
        .validate()
        .is_ok());
        assert!(ServingConfig {
            servers: 0,
            ..ServingConfig::default()
        }
        .validate()
        .is_err());
        let batch0 = ServingConfig {
            mode: ServingMode::Batch {
                batch_every_ticks: 0,
            },
            ..ServingConfig::default()
        };
        assert_eq!(batch0.validate(), Err(ServingConfigError::BatchEvery));
    }

    #[test]
    fn capacity_scales_with_servers_and_shrinks_with_compute() {
        let one = ServingConfig::default();
        let three = ServingConfig { servers: 3, ..one };
        assert!((one.capacity_per_sec(1.0) - 10.0).abs() < 1e-9);
        assert!((three.capacity_per_sec(1.0) - 30.0).abs() < 1e-9);
        assert!((one.capacity_per_sec(2.0) - 5.0).abs() < 1e-9);
    }

    #[test]
    fn serde_round_trip_and_unknown_fields() {
        let cfg = ServingConfig {
            site: Site::Cloud,
            mode: ServingMode::Batch {
                batch_every_ticks: 6,
            },
            servers: 4,
            logging: false,
            queue_capacity: 50,
        };
        let json = serde_json::to_string(&cfg).unwrap();
        assert_eq!(serde_json::from_str::<ServingConfig>(&json).unwrap(), cfg);
        assert_eq!(
            serde_json::from_str::<ServingConfig>(r#"{"site":"Cloud"}"#)
                .unwrap()
                .servers,
            1
        );
        assert!(serde_json::from_str::<ServingConfig>(r#"{"gpus":2}"#).is_err());
    }
}
