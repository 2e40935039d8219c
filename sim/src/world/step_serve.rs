//! The routing and serving phase of a tick: each phone is drawn, observed and logged, then
//! sent on its way (scored at once, queued in serving, handed to the inspectors, or to the
//! fallback path); the requests serving scored are routed between the models and answered.

use super::step_arrivals::Arrivals;
use super::step_drift::TickLines;
use super::{Logged, Waiting, World};
use crate::automation::AutomationLevel;
use crate::deploy::Arm;
use crate::model::{Example, LinearScorer};
use crate::phone::Phone;

/// `(logit(threshold - band), logit(threshold + band))`, recomputed only when the
/// threshold or the band changes (two `log`s per model per tick otherwise).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct BandCache {
    key: Option<(u64, u64)>,
    logits: (f64, f64),
}

impl BandCache {
    fn get(&mut self, threshold: f64, band: f64) -> (f64, f64) {
        let key = (threshold.to_bits(), band.to_bits());
        if self.key != Some(key) {
            self.key = Some(key);
            self.logits = (
                crate::model::logit(threshold - band),
                crate::model::logit(threshold + band),
            );
        }
        self.logits
    }
}

/// What scoring a served request needs, fixed for the tick.
#[derive(Debug, Clone, Copy)]
struct ServeCtx {
    level: AutomationLevel,
    /// The candidate is mirrored (shadow traffic).
    shadow_on: bool,
    /// Confidence bands in logits.
    stable_band: (f64, f64),
    cand_band: Option<(f64, f64)>,
    stable: LinearScorer,
    candidate: Option<LinearScorer>,
}

impl World {
    /// Routing and serving phase: every arriving phone is drawn from the tick's lines and
    /// sent on its way, then the requests serving scored this tick are routed and answered.
    ///
    /// Ordered after arrivals (serving's admissions) and drift (the lines), and before the
    /// decisions phase, because it fills the inspectors' queue the decisions phase empties.
    pub(super) fn phase_route_and_serve(&mut self, a: &Arrivals, lines: TickLines) {
        let ctx = self.serve_ctx(a.level);
        // When serving had nothing waiting and scores every request of this tick, the FIFO
        // would hand the phones back in arrival order untouched: each one is then decided as
        // soon as it is drawn, with the same results (the camera, routing and inspectors
        // draw from separate streams, and nothing else reaches the inspectors' queue).
        let direct = a.level.runs_model()
            && self.serving.queued() == 0
            && self.candidate_serving.queued() == 0
            && a.admitted + a.cand_admitted == a.arrived
            && a.served() == a.arrived;
        self.send_phones(a, &lines, &ctx, direct);
        self.restore_lines(lines);
        // The requests each stack scored this tick, oldest first (already decided when
        // direct): the stable stack's, then the candidate's.
        if !direct {
            for _ in 0..a.serve.served {
                let Some(phone) = self.serving.next_served() else {
                    break;
                };
                self.serve_request(phone, &ctx, Arm::Stable);
            }
            for _ in 0..a.cand.map_or(0, |c| c.served) {
                let Some(phone) = self.candidate_serving.next_served() else {
                    break;
                };
                self.serve_request(phone, &ctx, Arm::Candidate);
            }
        }
    }

    /// Scoring context for the requests served this tick (thresholds and bands do not
    /// change within a tick).
    fn serve_ctx(&mut self, level: AutomationLevel) -> ServeCtx {
        let band = self.scenario.confidence_band;
        let scorers = *self
            .scorers
            .get_or_insert_with(|| (self.stable.scorer(), self.candidate.map(|c| c.scorer())));
        ServeCtx {
            level,
            shadow_on: self.rollout.mirrors() && self.candidate.is_some(),
            stable_band: self.stable_band.get(self.stable.threshold, band),
            cand_band: match &self.candidate {
                Some(c) => Some(self.candidate_band.get(c.threshold, band)),
                None => None,
            },
            // Each model folded into four multiply-adds per image (same bits as `logit_of`).
            stable: scorers.0,
            candidate: scorers.1,
        }
    }

    /// The per-phone loop: draws each arriving phone (the draws come from `rng` alone, in
    /// the same order as ever), counts it, shows its image to the brightness monitor, logs
    /// it for retraining, and decides, queues or drops it.
    ///
    /// The counting and logging stay in the loop body: moved into a helper taking `&phone`
    /// (even inlined), they cost about 3% more instructions per phone under callgrind, the
    /// phone being rebuilt in memory for every call that takes it by value.
    fn send_phones(&mut self, a: &Arrivals, lines: &TickLines, ctx: &ServeCtx, direct: bool) {
        let tick = self.tick;
        let logging = self.serving.logging();
        let delay = self.scenario.label_delay_ticks;
        let (arrived, level) = (a.arrived, a.level);
        // Requests taken so far by each stack this tick (beyond its admitted count, the
        // stack dropped them).
        let (mut to_stable, mut to_candidate) = (0u64, 0u64);
        let mut i = 0u64;
        for _ in 0..arrived {
            let Some((line, concept)) = lines.pick(&mut self.rng) else {
                continue;
            };
            let mut phone = line.draw(tick, &mut self.rng);
            phone.truth_reject = concept.is_reject(phone.defect, phone.size_mm);
            let c = &mut self.counts;
            c.truth_rejects += u64::from(phone.truth_reject);
            if let Some(x) = phone.image {
                c.brightness_sum += x.brightness;
                c.images += 1;
                self.watch.observe_brightness(x.brightness);
                if logging {
                    self.logged.push_replace(Logged {
                        example: Example {
                            x,
                            y: phone.truth_reject,
                        },
                        label_tick: tick + delay,
                    });
                }
            }
            let arm = if a.split {
                self.arm_of(a.first_request + i)
            } else {
                Arm::Stable
            };
            if direct {
                self.serve_request(phone, ctx, arm);
            } else if !level.runs_model() {
                self.enqueue_human(Waiting {
                    phone,
                    ..Waiting::default()
                });
            } else if !self.admit(phone, arm, a, (&mut to_stable, &mut to_candidate)) {
                // Serving dropped the request: fallback path (counted).
                self.counts.fallback += 1;
                self.take_fallback(phone, None);
            }
            i += 1;
        }
    }

    /// Queues a model request in its arm's stack; false when that stack dropped it (it was
    /// beyond the stack's admitted count, or its queue of phones was unexpectedly full).
    #[inline]
    fn admit(&mut self, phone: Phone, arm: Arm, a: &Arrivals, taken: (&mut u64, &mut u64)) -> bool {
        let (count, admitted) = match arm {
            Arm::Stable => (taken.0, a.admitted),
            Arm::Candidate => (taken.1, a.cand_admitted),
        };
        let n = *count;
        *count += 1;
        n < admitted
            && match arm {
                Arm::Stable => self.serving.admit(phone),
                Arm::Candidate => self.candidate_serving.admit(phone),
            }
    }

    /// One request a stack scored: scores it with the model(s) of its `arm` (routed on
    /// arrival), records the answers against the label, and decides (or queues it for a
    /// person).
    #[inline]
    fn serve_request(&mut self, phone: Phone, ctx: &ServeCtx, arm: Arm) {
        let to_candidate = self.candidate.is_some() && arm == Arm::Candidate;
        if to_candidate {
            self.counts.to_candidate += 1;
        } else {
            self.counts.to_stable += 1;
        }
        let Some(x) = phone.image else {
            self.counts.null_outputs += 1;
            self.decide_without_answer(ctx.level, phone);
            return;
        };
        let truth = phone.truth_reject;
        let stable_logit = ctx.stable.logit_of(&x);
        let stable_says = stable_logit >= ctx.stable.logit_threshold;
        // The tick's model total is summed from the slices at the end of the tick.
        self.label_now.model_by_slice[phone.slice as usize].add(truth, stable_says);
        self.label_now.model_by_type[phone.defect.index()].add(truth, stable_says);
        let (answer, logit, (lo, hi)) = match (&ctx.candidate, ctx.cand_band, to_candidate) {
            (Some(cand), Some(cb), true) => {
                let l = cand.logit_of(&x);
                let says = l >= cand.logit_threshold;
                self.label_now.candidate.add(truth, says);
                (says, l, cb)
            }
            _ => (stable_says, stable_logit, ctx.stable_band),
        };
        let shadow_answer = match (&ctx.candidate, ctx.shadow_on && !to_candidate) {
            (Some(cand), true) => {
                self.counts.shadowed += 1;
                let says = cand.predict(&x);
                self.label_now.candidate.add(truth, says);
                Some(says)
            }
            _ => None,
        };
        let confident = logit < lo || logit >= hi;
        let arm = if to_candidate { arm } else { Arm::Stable };
        self.decide_with_answer(ctx.level, phone, (answer, arm), confident, shadow_answer);
    }
}
