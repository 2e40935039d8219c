//! Lessons 11 to 17: automation, monitoring, milestones, the rare class, slices,
//! baselines, pies.

use super::*;

pub(super) fn automation(run: &LessonRun) -> Reveal {
    let mut human_share = Vec::new();
    let mut findings = Vec::new();
    for v in &run.variants {
        let t = v.world.totals();
        // Phone counts stay far below 2^52.
        let share = (t.decided > 0).then(|| t.by_human as f64 / t.decided as f64);
        human_share.push(share.unwrap_or(0.0));
        let per_tick = t.decided as f64 / v.trace.len().max(1) as f64;
        findings.push(format!(
            "{}: inspectors decided {} of phones; {per_tick:.1} phones decided per tick; {} escaped defects, {} false rejects; cost {}.",
            v.label,
            pct(share),
            t.decisions.fn_,
            t.decisions.fp,
            money(v.trace.last().map_or(0.0, |m| m.cost_total))
        ));
    }
    let observed = match human_share.as_slice() {
        [_, shadow, ..] if *shadow < 0.05 => Some(0),
        [h, s, a, p, f] if *h > 0.95 && *s > 0.95 && *a > 0.95 && *p < 0.6 && *f < 0.05 => Some(2),
        [_, _, _, _, _] => Some(1),
        _ => None,
    };
    Reveal { observed, findings }
}

pub(super) fn monitoring(v: &Variant) -> Reveal {
    let start = first_event_tick(v, Some(DriftKind::MissingImages));
    let fired = first_firing(&v.world, "missing_images", start);
    let rule_for = v
        .world
        .scenario()
        .monitoring
        .alerts
        .iter()
        .find(|r| r.name == "missing_images")
        .map_or(0, |r| r.for_ticks);
    let observed = fired.map(|f| {
        let d = f - start;
        if d == 0 {
            2
        } else if d > v.world.scenario().label_delay_ticks && d > rule_for * 2 {
            0
        } else {
            1
        }
    });
    let score = v.world.alarm_score();
    Reveal {
        observed,
        findings: vec![
            format!(
                "Pictures started going missing at tick {start}; {} (the rule's `for` is {rule_for} ticks).",
                fired_text("missing-pictures", fired, start, "the fault")
            ),
            format!(
                "Over the whole run the alarms were scored against the injected changes: {} true, {} false, {} changes missed.",
                score.true_alarms, score.false_alarms, score.missed_events
            ),
        ],
    }
}

pub(super) fn milestones(run: &LessonRun) -> Reveal {
    let (Some(c), Some(e)) = (run.variant("cautious"), run.variant("eager")) else {
        return Reveal::default();
    };
    let mc = reports::milestones(&c.world);
    let me = reports::milestones(&e.world);
    let observed = if mc.train.test_accuracy >= me.train.test_accuracy {
        Some(if mc.business_cost > me.business_cost {
            1
        } else {
            0
        })
    } else {
        None
    };
    let line = |name: &str, m: &reports::Milestones| {
        format!(
            "{name}: training accuracy {}, test accuracy {}, {} escaped defects and {} false rejects costing {}.",
            pct(Some(m.train.train_accuracy)),
            pct(Some(m.train.test_accuracy)),
            m.escapes,
            m.false_rejects,
            money(m.business_cost)
        )
    };
    Reveal {
        observed,
        findings: vec![
            line("Cautious model (threshold 0.9)", &mc),
            line("Eager model (threshold 0.25)", &me),
        ],
    }
}

pub(super) fn rare_class(v: &Variant) -> Reveal {
    let t = v.world.totals();
    let d = t.decisions;
    let labels = &v.world.labels().arrived_total.model;
    let acc = labels.accuracy().or_else(|| d.accuracy());
    // Phone counts stay far below 2^52.
    let defect_rate = (d.total() > 0).then(|| (d.tp + d.fn_) as f64 / d.total() as f64);
    let observed = acc.map(|a| {
        if a > 0.85 {
            2
        } else if a < 0.2 {
            1
        } else {
            0
        }
    });
    let escape_cost = d.fn_ as f64 * v.world.scenario().costs.escape_cost;
    Reveal {
        observed,
        findings: vec![
            format!(
                "Accuracy {} with {} of phones defective: recall {}.",
                pct(acc),
                pct(defect_rate),
                two(labels.recall().or_else(|| d.recall()).or(Some(0.0)))
            ),
            format!(
                "All {} defective phones escaped, costing {} in returns.",
                d.fn_,
                money(escape_cost)
            ),
        ],
    }
}

pub(super) fn slices(v: &Variant) -> Reveal {
    let rows = reports::slice_report(&v.world);
    let overall = &v.world.labels().arrived_total.model;
    let smallest = rows.iter().min_by(|a, b| a.share.total_cmp(&b.share));
    let observed = match (smallest.and_then(|r| r.recall), overall.recall()) {
        (Some(g), Some(o)) if g < o - 0.1 => Some(0),
        (Some(g), Some(o)) if g > o + 0.1 => Some(2),
        (Some(_), Some(_)) => Some(1),
        _ => None,
    };
    let mut findings = vec![format!(
        "Overall: accuracy {}, recall {}.",
        pct(overall.accuracy()),
        two(overall.recall())
    )];
    for r in &rows {
        findings.push(format!(
            "{} ({} of phones): accuracy {}, recall {}.",
            capitalise(&r.slice),
            pct(Some(r.share)),
            pct(r.accuracy),
            two(r.recall)
        ));
    }
    Reveal { observed, findings }
}

pub(super) fn baselines(v: &Variant) -> Reveal {
    let rows = reports::baseline_table(&v.world);
    let mut findings = Vec::new();
    if let Some(r) = largest_gap_share(&rows).and_then(|i| rows.get(i)) {
        findings.push(format!(
            "Largest gap x share: {} (gap {} x share {} = {:.3}).",
            r.defect.name(),
            points(r.gap),
            pct(Some(r.share)),
            r.gap_x_share
        ));
    }
    if let Some(r) = lowest_accuracy(&rows).and_then(|i| rows.get(i)) {
        findings.push(format!(
            "Lowest model accuracy: {} at {}, against human level {}.",
            r.defect.name(),
            pct(Some(r.model_accuracy)),
            pct(Some(r.hlp))
        ));
    }
    let full: Vec<&str> = rows
        .iter()
        .filter(|r| no_room_left(r))
        .map(|r| r.defect.name())
        .collect();
    if !full.is_empty() {
        findings.push(format!(
            "No room left (the model already matches people): {}.",
            full.join(", ")
        ));
    }
    Reveal {
        // The question asks for a rule, and the table shows the rule's answer.
        observed: Some(1),
        findings,
    }
}

pub(super) fn pies(v: &Variant) -> Reveal {
    let t = v.world.totals();
    // Phone counts stay far below 2^52.
    let (h, m) = (t.by_human as f64, t.by_model as f64);
    let observed = if m > 1.2 * h {
        Some(2)
    } else if h > 1.2 * m {
        Some(0)
    } else {
        Some(1)
    };
    let total = (h + m).max(1.0);
    Reveal {
        observed,
        findings: vec![format!(
            "The model decided {} phones ({}) and the inspectors {} ({}); {} took the fallback default.",
            t.by_model,
            pct(Some(m / total)),
            t.by_human,
            pct(Some(h / total)),
            t.by_default
        )],
    }
}
