//! The bounds a link's values are clamped to, in one place for every reader and writer
//! of the link format (`setup`, `deploy`, `timeline`, `message`). The format itself is
//! listed in [`crate::share::setup`].

/// Most drift events a link carries.
pub const MAX_DRIFT_EVENTS: usize = 16;
/// Most scheduled actions a link carries.
pub const MAX_ACTIONS: usize = 64;
/// Latest tick a drift event may start or an action may happen at.
pub const MAX_EVENT_TICK: u64 = 10_000_000;
/// Longest drift transition (the simulation's own clamp).
pub const MAX_WIDTH_TICKS: u64 = 10_000_000;
/// Longest label delay (the simulation's own clamp).
pub const MAX_LABEL_DELAY_TICKS: u64 = 20_000;
/// Most phones per tick a link may ask for.
pub const MAX_PHONES_PER_TICK: f64 = 1000.0;
/// Decision thresholds are kept inside (0, 1): the simulation rejects 0 and 1.
pub const MODEL_THRESHOLD_RANGE: (f64, f64) = (0.01, 0.99);
/// Largest confidence band (the simulation requires `< 0.5`).
pub const MAX_CONFIDENCE_BAND: f64 = 0.49;
/// Longest canary interval.
pub const MAX_CANARY_INTERVAL_TICKS: u64 = 100_000;
/// Largest canary failure limit.
pub const MAX_FAILURE_LIMIT: u64 = 100;
/// Largest canary minimum sample count.
pub const MAX_MIN_SAMPLES: u64 = 10_000;
/// Largest canary latency line, ms.
pub const MAX_LATENCY_MS: f64 = 100_000.0;
/// Longest blue-green delay (the simulation's bound: one week).
pub const MAX_BLUE_GREEN_SECS: u64 = 7 * 24 * 3600;
/// Longest batch period.
pub const MAX_BATCH_EVERY_TICKS: u64 = 10_000;
/// Largest serving queue.
pub const MAX_SERVING_QUEUE: u64 = 100_000;
