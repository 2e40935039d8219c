//! Who decides each phone: the per-phone routing of the automation levels, the human queue,
//! and the fallback path. Every phone ends in exactly one of: a final decision, the human
//! queue (in flight), or dropped (counted).

use super::{Waiting, World};
use crate::automation::{AutomationLevel, Fallback};
use crate::deploy::Arm;
use crate::labels::Confusion;
use crate::phone::Phone;
use crate::phone_trace::{DecidedBy, PhoneRecord, Route};

impl World {
    /// Decisions phase: the inspectors work through their queue, then the tick's final
    /// decisions (model, default and human) are totalled; returns that total.
    ///
    /// Ordered after routing and serving, which decided the automated phones and queued the
    /// rest, so inspectors may take this tick's phones; and before the labels phase, which
    /// sends this tick's final decisions down the label delay line.
    pub(super) fn phase_decisions(&mut self) -> Confusion {
        self.run_human();
        // Decisions were counted in their breakdowns only (see `final_decision`): the tick's
        // final confusion, and so its decision count, is their sum.
        self.label_now.total_from_breakdowns();
        self.label_now.final_
    }

    /// Records a final decision.
    #[inline]
    pub(super) fn final_decision(
        &mut self,
        phone: &Phone,
        reject: bool,
        by: DecidedBy,
        route: Route,
    ) {
        // Counted once, by defect type: the tick's total (and so its decision count) is
        // summed from the types at the end of the tick.
        self.label_now.final_by_type[phone.defect.index()].add(phone.truth_reject, reject);
        let c = &mut self.counts;
        match by {
            DecidedBy::Human => c.by_human += 1,
            DecidedBy::Model => c.by_model += 1,
            DecidedBy::Default => c.by_default += 1,
        }
        if let Some(trace) = &mut self.phone_trace {
            trace.push(PhoneRecord::new(phone, self.tick, reject, by, route));
        }
    }

    /// Puts a phone in the inspectors' queue; a full queue pulls it off the line (dropped).
    #[inline]
    pub(super) fn enqueue_human(&mut self, w: Waiting) {
        if self.human_queue.is_full() {
            self.counts.dropped += 1;
        } else {
            self.human_queue.push(w);
        }
    }

    /// The fallback path for a phone nobody automated could decide.
    pub(super) fn take_fallback(&mut self, phone: Phone, shadow_answer: Option<bool>) {
        match self.scenario.fallback {
            Fallback::Human => self.enqueue_human(Waiting {
                phone,
                shadow_answer,
                ..Waiting::default()
            }),
            Fallback::DefaultReject => {
                self.final_decision(&phone, true, DecidedBy::Default, Route::default());
            }
            Fallback::DefaultPass => {
                self.final_decision(&phone, false, DecidedBy::Default, Route::default());
            }
        }
    }

    /// The model was asked but had no image to answer from (null output).
    pub(super) fn decide_without_answer(&mut self, level: AutomationLevel, phone: Phone) {
        match level {
            AutomationLevel::FullAutomation => {
                self.counts.fallback += 1;
                self.take_fallback(phone, None);
            }
            _ => self.enqueue_human(Waiting {
                phone,
                ..Waiting::default()
            }),
        }
    }

    /// The model (stable or candidate, per the router) answered; `confident` is true when
    /// its score lies outside the confidence band around its threshold.
    pub(super) fn decide_with_answer(
        &mut self,
        level: AutomationLevel,
        phone: Phone,
        (answer, arm): (bool, Arm),
        confident: bool,
        shadow_answer: Option<bool>,
    ) {
        let arm = Some(arm);
        match level {
            AutomationLevel::HumanOnly => self.enqueue_human(Waiting {
                phone,
                ..Waiting::default()
            }),
            AutomationLevel::Shadow => self.enqueue_human(Waiting {
                phone,
                suggestion: None,
                // The model's answer is logged and compared, never shown or used.
                shadow_answer: Some(shadow_answer.unwrap_or(answer)),
                assisted: false,
                arm,
                gated: false,
            }),
            AutomationLevel::AiAssistance => self.enqueue_human(Waiting {
                phone,
                suggestion: Some(answer),
                shadow_answer,
                assisted: true,
                arm,
                gated: false,
            }),
            AutomationLevel::PartialAutomation => {
                if confident {
                    self.model_decides(&phone, (answer, arm), shadow_answer);
                } else {
                    self.enqueue_human(Waiting {
                        phone,
                        suggestion: Some(answer),
                        shadow_answer,
                        assisted: false,
                        arm,
                        gated: true,
                    });
                }
            }
            AutomationLevel::FullAutomation => {
                self.model_decides(&phone, (answer, arm), shadow_answer);
            }
        }
    }

    fn model_decides(
        &mut self,
        phone: &Phone,
        (answer, arm): (bool, Option<Arm>),
        shadow_answer: Option<bool>,
    ) {
        if let Some(s) = shadow_answer {
            self.counts.shadow_total += 1;
            self.counts.shadow_agree += u64::from(s == answer);
        }
        let route = Route {
            arm,
            suggestion: None,
            shadow_answer,
            gated: false,
        };
        self.final_decision(phone, answer, DecidedBy::Model, route);
    }

    /// Inspectors work through their queue at their capacity for this tick.
    fn run_human(&mut self) {
        let h = self.scenario.human;
        let capacity =
            f64::from(h.inspectors) * h.phones_per_hour_per_inspector * self.scenario.tick_secs
                / 3600.0;
        let mut budget = capacity + self.human_capacity_carry;
        let mut used = 0.0;
        let hlp = h.hlp.as_array();
        while let Some(w) = self.human_queue.front() {
            let effort = if w.assisted {
                1.0 / h.assist_speedup
            } else {
                1.0
            };
            if budget < effort {
                break;
            }
            budget -= effort;
            used += effort;
            self.human_queue.pop_front();
            let d = w.phone.defect.index();
            let mut p = hlp[d];
            if w.assisted {
                p += h.assist_error_reduction * (1.0 - p);
            }
            let truth = w.phone.truth_reject;
            let reject = if self.human_rng.uniform() < p {
                truth
            } else {
                !truth
            };
            self.label_now.human_by_type[d].add(truth, reject);
            if let Some(s) = w.suggestion {
                self.counts.suggested += 1;
                self.counts.overrides += u64::from(s != reject);
            }
            if let Some(s) = w.shadow_answer {
                self.counts.shadow_total += 1;
                self.counts.shadow_agree += u64::from(s == reject);
            }
            let route = Route {
                arm: w.arm,
                suggestion: w.suggestion,
                shadow_answer: w.shadow_answer,
                gated: w.gated,
            };
            self.final_decision(&w.phone, reject, DecidedBy::Human, route);
        }
        // Idle inspector time does not bank beyond one phone's worth.
        self.human_capacity_carry = budget.min(1.0);
        self.human_utilization = if capacity > 0.0 {
            (used / capacity).min(1.0)
        } else {
            0.0
        };
    }
}
