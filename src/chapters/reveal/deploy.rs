//! Lessons 6 to 10: serving, why deploy, shadow, canary, blue-green.

use super::*;

pub(super) fn serving(run: &LessonRun) -> Reveal {
    let p99 = |v: &Variant| mean(&v.trace, "latency_p99_ms", 50, v.target_ticks);
    let cpu = |v: &Variant| mean(&v.trace, "cpu_load", 50, v.target_ticks);
    let mut findings = Vec::new();
    let mut lat = Vec::new();
    for v in &run.variants {
        let l = p99(v);
        lat.push(l.unwrap_or(0.0));
        findings.push(format!(
            "{} ({:.0} phones per tick): p99 latency {}, CPU load {}, {} requests delayed, {} dropped.",
            capitalise(v.label),
            v.world.scenario().phones_per_tick,
            l.map_or_else(|| "no data".to_owned(), |x| format!("{x:.0} ms")),
            pct(cpu(v)),
            sum(&v.trace, "delayed"),
            sum(&v.trace, "serving_dropped"),
        ));
    }
    let dropped_past = run.variants.last().map_or(0.0, |v| {
        sum(&v.trace, "serving_dropped") + sum(&v.trace, "delayed")
    });
    let observed = match lat.as_slice() {
        [light, near, past] if *past < 1.2 * light && *near < 1.2 * light => Some(1),
        // A knee: the last step costs far more than the first, and phones wait or drop.
        [light, near, past] if past - near > 2.0 * (near - light) && dropped_past > 0.0 => Some(2),
        [_, _, _] => Some(0),
        _ => None,
    };
    Reveal { observed, findings }
}

pub(super) fn why_deploy(v: &Variant) -> Reveal {
    let s = suggest_pattern(DeployReason::AutomateManualTask);
    let observed = match s.primary {
        PatternKind::Shadow => Some(0),
        PatternKind::BlueGreen => Some(1),
        _ => None,
    };
    let agreement = mean(&v.trace, "shadow_agreement", 0, v.target_ticks);
    Reveal {
        observed,
        findings: vec![
            format!(
                "For \u{201c}{}\u{201d} the suggestion is {}, then {}: {}",
                s.reason.label(),
                s.primary.name(),
                s.alternative.name(),
                s.rationale
            ),
            format!(
                "In {} ticks beside the inspectors the model decided {} phones; its answers agreed with theirs {} of the time.",
                v.trace.len(),
                sum(&v.trace, "by_model"),
                pct(agreement)
            ),
        ],
    }
}

pub(super) const DECISIONS: [&str; 4] = ["true_pass", "false_pass", "true_reject", "false_reject"];

pub(super) fn shadow(run: &LessonRun) -> Reveal {
    let (Some(s), Some(h)) = (run.variant("shadow"), run.variant("human only")) else {
        return Reveal::default();
    };
    let mut changed = 0.0;
    for (a, b) in s.trace.iter().zip(&h.trace) {
        let diff: f64 = DECISIONS
            .iter()
            .map(|f| (a.get(f).unwrap_or(0.0) - b.get(f).unwrap_or(0.0)).abs())
            .sum();
        changed += diff / 2.0;
    }
    let by_model = sum(&s.trace, "by_model");
    let decided = sum(&s.trace, "decided");
    let agreement = mean(&s.trace, "shadow_agreement", 0, s.target_ticks);
    Reveal {
        observed: Some(if changed == 0.0 && by_model == 0.0 { 1 } else { 2 }),
        findings: vec![
            format!(
                "Of {decided} phones decided, {changed} decisions differed from the same line run without the model, and the model decided {by_model} itself."
            ),
            format!(
                "The model's logged answers agreed with the inspectors {} of the time.",
                pct(agreement)
            ),
        ],
    }
}

pub(super) fn canary(v: &Variant) -> Reveal {
    let cfg = match &v.world.scenario().pattern {
        Pattern::Canary(c) => Some(c.clone()),
        _ => None,
    };
    let t = &v.trace;
    let max_weight = t.iter().map(|m| m.candidate_weight_pct).fold(0.0, f64::max);
    let abort = t
        .iter()
        .skip_while(|m| m.candidate_weight_pct == 0.0)
        .find(|m| m.candidate_weight_pct == 0.0)
        .map(|m| m.tick);
    let phase = v.world.rollout().deployment().canary().map(|c| c.phase());
    let totals = v.world.totals();
    // Phone counts stay far below 2^52.
    let share = (totals.arrived > 0).then(|| totals.to_candidate as f64 / totals.arrived as f64);
    let step = cfg.as_ref().map_or(0.0, |c| f64::from(c.step_weight_pct));
    let max_cfg = cfg.as_ref().map_or(100.0, |c| f64::from(c.max_weight_pct));
    let observed = match phase {
        Some(CanaryPhase::Aborted) if max_weight <= step => Some(0),
        _ if max_weight >= max_cfg => Some(1),
        _ if max_weight <= step => Some(2),
        _ => None,
    };
    let interval = cfg.as_ref().map_or(0, |c| c.interval_ticks);
    Reveal {
        observed,
        findings: vec![
            format!(
                "The canary started at {step:.0}% (checks every {interval} ticks) and never went above {max_weight:.0}%."
            ),
            match abort {
                Some(a) => format!("Analysis failed and the rollout aborted at tick {a}: the canary's share dropped to 0% and every phone went back to the stable model."),
                None => "The rollout did not abort in this run.".to_owned(),
            },
            format!(
                "Only {} of all {} phones ever met the bad model ({} of them).",
                pct(share),
                totals.arrived,
                totals.to_candidate
            ),
        ],
    }
}

pub(super) fn blue_green(v: &Variant) -> Reveal {
    use driftline_sim::scenario::Action;
    let acts = &v.world.scenario().actions;
    let ticks_of = |want: fn(&Action) -> bool| -> Vec<u64> {
        acts.iter()
            .filter(|a| want(&a.action))
            .map(|a| a.tick)
            .collect()
    };
    let promotes = ticks_of(|a| matches!(a, Action::Promote));
    let rollbacks = ticks_of(|a| matches!(a, Action::Rollback));
    let back_after = |r: u64| {
        v.trace
            .iter()
            .find(|m| m.tick >= r && m.candidate_weight_pct == 0.0)
            .map(|m| m.tick - r)
    };
    let delays: Vec<Option<u64>> = rollbacks.iter().map(|&r| back_after(r)).collect();
    let switch = promotes.first().and_then(|&p| {
        let w = v
            .trace
            .iter()
            .find(|m| m.tick == p)
            .map(|m| m.candidate_weight_pct);
        w.map(|w| (p, w))
    });
    let secs = match &v.world.scenario().pattern {
        Pattern::BlueGreen(c) => c.scale_down_delay_secs,
        _ => 0,
    };
    let observed = match delays.as_slice() {
        [Some(early), Some(late)] if late > early => Some(2),
        [Some(early), Some(late)] if late == early => Some(0),
        _ => None,
    };
    let mut findings = Vec::new();
    if let Some((p, w)) = switch {
        findings.push(format!(
            "The switch at tick {p} moved {w:.0}% of traffic to green in one tick."
        ));
    }
    for (r, d) in rollbacks.iter().zip(&delays) {
        findings.push(match d {
            Some(0) => format!("Rollback at tick {r}: blue served again in the same tick (still warm, inside the {secs}-second scale-down delay)."),
            Some(d) => format!("Rollback at tick {r}: blue had been scaled down, so traffic stayed on green for {d} ticks of cold start."),
            None => format!("Rollback at tick {r}: traffic had not returned to blue by the end of the run."),
        });
    }
    Reveal { observed, findings }
}
