//! Link formats of the rollout and serving settings: `pat=` (none, shadow, canary,
//! blue-green) and `serve=`. The formats and ranges are listed in [`crate::share::setup`].

use super::limits::{
    MAX_BATCH_EVERY_TICKS, MAX_BLUE_GREEN_SECS, MAX_CANARY_INTERVAL_TICKS, MAX_FAILURE_LIMIT,
    MAX_LATENCY_MS, MAX_MIN_SAMPLES, MAX_SERVING_QUEUE,
};
use super::notice::{NoticeKind, NoticeLog};
use super::values::{
    fmt_f64, is_none_word, name_of, read_f64, read_name, read_u64, SEMANTICS, SITE,
};
use driftline_sim::deploy::canary::MetricThresholds;
use driftline_sim::deploy::{BlueGreenConfig, CanaryConfig, Pattern};
use driftline_sim::serving::{ServingConfig, ServingMode};

pub(super) fn fmt_canary(c: &CanaryConfig) -> String {
    fn pieces(c: &CanaryConfig) -> Vec<String> {
        let mut v = vec![
            c.step_weight_pct.to_string(),
            c.interval_ticks.to_string(),
            c.max_weight_pct.to_string(),
            c.failure_limit.to_string(),
            name_of(SEMANTICS, &c.semantics).to_string(),
            c.min_samples_per_check.to_string(),
            fmt_f64(c.error_rate.pass_max),
            fmt_f64(c.error_rate.fail_above),
        ];
        match c.p99_latency_ms {
            Some(l) => {
                v.push(fmt_f64(l.pass_max));
                v.push(fmt_f64(l.fail_above));
            }
            None => v.push("off".into()),
        }
        v
    }
    let mine = pieces(c);
    let default = pieces(&CanaryConfig::default());
    // The first five fields are always written; later ones up to the last non-default one.
    let last_differing = (0..mine.len())
        .rev()
        .find(|&i| default.get(i) != mine.get(i))
        .unwrap_or(0);
    let keep = (last_differing + 1).max(5);
    format!("canary:{}", mine[..keep.min(mine.len())].join(","))
}

pub(super) fn fmt_pattern(p: &Pattern) -> String {
    match p {
        Pattern::None => "none".into(),
        Pattern::Shadow => "shadow".into(),
        Pattern::Canary(c) => fmt_canary(c),
        Pattern::BlueGreen(b) => format!(
            "bluegreen:{},{}",
            b.scale_down_delay_secs, b.cold_start_secs
        ),
    }
}

pub(super) fn read_lines(
    log: &mut NoticeLog,
    key: &str,
    pass: Option<&&str>,
    fail: Option<&&str>,
    hi: f64,
    default: MetricThresholds,
) -> MetricThresholds {
    let pass_max = pass
        .and_then(|t| read_f64(log, key, t, 0.0, hi))
        .unwrap_or(default.pass_max.min(hi));
    let fail_above = fail
        .and_then(|t| read_f64(log, key, t, pass_max, hi))
        .unwrap_or(default.fail_above.clamp(pass_max, hi));
    MetricThresholds {
        pass_max,
        fail_above,
    }
}

pub(super) fn read_canary(log: &mut NoticeLog, key: &str, fields: &str) -> CanaryConfig {
    let d = CanaryConfig::default();
    let f: Vec<&str> = if fields.trim().is_empty() {
        Vec::new()
    } else {
        fields.split(',').collect()
    };
    if f.len() > 10 {
        log.push(
            key,
            NoticeKind::Dropped,
            "a canary has at most 10 fields; the rest were ignored",
            fields,
        );
    }
    let int = |log: &mut NoticeLog, i: usize, lo: u64, hi: u64, dflt: u64| -> u64 {
        f.get(i)
            .and_then(|t| read_u64(log, key, t, lo, hi))
            .unwrap_or(dflt)
    };
    let step = int(log, 0, 1, 100, u64::from(d.step_weight_pct));
    let interval = int(log, 1, 1, MAX_CANARY_INTERVAL_TICKS, d.interval_ticks);
    let max = int(log, 2, step, 100, u64::from(d.max_weight_pct).max(step));
    let limit = int(log, 3, 0, MAX_FAILURE_LIMIT, u64::from(d.failure_limit));
    let semantics = f
        .get(4)
        .and_then(|t| read_name(log, key, SEMANTICS, t))
        .unwrap_or(d.semantics);
    let min_samples = int(
        log,
        5,
        0,
        MAX_MIN_SAMPLES,
        u64::from(d.min_samples_per_check),
    );
    let error_rate = read_lines(log, key, f.get(6), f.get(7), 1.0, d.error_rate);
    let p99_latency_ms = match f.get(8) {
        Some(t) if is_none_word(t) => None,
        Some(_) => Some(read_lines(
            log,
            key,
            f.get(8),
            f.get(9),
            MAX_LATENCY_MS,
            d.p99_latency_ms.unwrap_or(MetricThresholds {
                pass_max: 500.0,
                fail_above: 500.0,
            }),
        )),
        None => d.p99_latency_ms,
    };
    // Every bound above is within the target type's range.
    CanaryConfig {
        step_weight_pct: u8::try_from(step).unwrap_or(d.step_weight_pct),
        max_weight_pct: u8::try_from(max).unwrap_or(d.max_weight_pct),
        interval_ticks: interval,
        failure_limit: u32::try_from(limit).unwrap_or(d.failure_limit),
        semantics,
        min_samples_per_check: u32::try_from(min_samples).unwrap_or(d.min_samples_per_check),
        error_rate,
        p99_latency_ms,
    }
}

/// Reads `none`, `shadow`, `canary[:FIELDS]` or `bluegreen[:SCALE_DOWN_SECS,COLD_START_SECS]`.
///
/// Canary fields, in order (missing trailing fields take `CanaryConfig::default()`):
/// step weight % (`1..=100`), check interval ticks (`1..=100000`), max weight %
/// (`step..=100`), failure limit (`0..=100`), `argo` or `flagger`, minimum samples per check
/// (`0..=10000`), error-rate pass line and fail line (`0..=1`, fail >= pass), p99 latency
/// pass and fail lines in ms (`0..=100000`, fail >= pass) or `off`.
pub(super) fn read_pattern(log: &mut NoticeLog, key: &str, text: &str) -> Option<Pattern> {
    let (name, rest) = match text.split_once(':') {
        Some((n, r)) => (n, Some(r)),
        None => (text, None),
    };
    let kinds: [(&str, u8); 5] = [
        ("none", 0),
        ("shadow", 1),
        ("canary", 2),
        ("bluegreen", 3),
        ("bg", 3),
    ];
    let norm: String = name
        .trim()
        .chars()
        .take(16)
        .filter(|c| !matches!(c, '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let Some(&(_, kind)) = kinds.iter().find(|(k, _)| *k == norm) else {
        log.push(
            key,
            NoticeKind::Malformed,
            "expected none, shadow, canary:... or bluegreen:...; the default was used",
            text,
        );
        return None;
    };
    match (kind, rest) {
        (0, _) => Some(Pattern::None),
        (1, _) => Some(Pattern::Shadow),
        (2, r) => Some(Pattern::Canary(read_canary(log, key, r.unwrap_or("")))),
        (_, r) => {
            let d = BlueGreenConfig::default();
            let f: Vec<&str> = r.map(|r| r.split(',').collect()).unwrap_or_default();
            let secs = |log: &mut NoticeLog, i: usize, dflt: u64| {
                f.get(i)
                    .and_then(|t| read_u64(log, key, t, 0, MAX_BLUE_GREEN_SECS))
                    .unwrap_or(dflt)
            };
            Some(Pattern::BlueGreen(BlueGreenConfig {
                scale_down_delay_secs: secs(log, 0, d.scale_down_delay_secs),
                cold_start_secs: secs(log, 1, d.cold_start_secs),
            }))
        }
    }
}

pub(super) fn fmt_serving(s: &ServingConfig) -> String {
    let mode = match s.mode {
        ServingMode::RealTime => "rt".to_string(),
        ServingMode::Batch { batch_every_ticks } => format!("batch:{batch_every_ticks}"),
    };
    format!(
        "{},{},{},{},{}",
        name_of(SITE, &s.site),
        s.servers,
        mode,
        if s.logging { "log" } else { "nolog" },
        s.queue_capacity
    )
}

/// Reads `SITE,SERVERS,MODE,LOGGING,QUEUE` (missing trailing fields take the defaults):
/// `edge`/`cloud`; servers `1..=` the site's maximum; `rt` or `batch:N` (`N` in `1..=10000`);
/// `log` or `nolog`; queue capacity `1..=100000`.
pub(super) fn read_serving(log: &mut NoticeLog, key: &str, text: &str) -> Option<ServingConfig> {
    let d = ServingConfig::default();
    let f: Vec<&str> = text.split(',').collect();
    let site = read_name(log, key, SITE, f.first().copied().unwrap_or(""))?;
    let max_servers = u64::from(site.profile().max_servers);
    let servers = f
        .get(1)
        .and_then(|t| read_u64(log, key, t, 1, max_servers))
        .unwrap_or(u64::from(d.servers));
    let mode = match f.get(2).map(|t| t.trim().to_ascii_lowercase()) {
        None => d.mode,
        Some(m) if m == "rt" || m == "realtime" || m == "real-time" => ServingMode::RealTime,
        Some(m) => match m.strip_prefix("batch:") {
            Some(n) => read_u64(log, key, n, 1, MAX_BATCH_EVERY_TICKS)
                .map_or(d.mode, |batch_every_ticks| ServingMode::Batch {
                    batch_every_ticks,
                }),
            None => {
                log.push(
                    key,
                    NoticeKind::Malformed,
                    "serving mode must be rt or batch:N; real time was used",
                    &m,
                );
                d.mode
            }
        },
    };
    let logging = match f.get(3).map(|t| t.trim().to_ascii_lowercase()) {
        None => d.logging,
        Some(l) if l == "log" || l == "on" => true,
        Some(l) if l == "nolog" || l == "off" => false,
        Some(l) => {
            log.push(
                key,
                NoticeKind::Malformed,
                "logging must be log or nolog; the default was used",
                &l,
            );
            d.logging
        }
    };
    let queue = f
        .get(4)
        .and_then(|t| read_u64(log, key, t, 1, MAX_SERVING_QUEUE))
        .unwrap_or(u64::from(d.queue_capacity));
    Some(ServingConfig {
        site,
        mode,
        // Both bounds fit in u32 (site maximum 256, queue 100000).
        servers: u32::try_from(servers).unwrap_or(d.servers),
        logging,
        queue_capacity: u32::try_from(queue).unwrap_or(d.queue_capacity),
    })
}
