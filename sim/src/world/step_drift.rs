//! The drift phase of a tick: the line (camera, slices, defect rates) and the concept as the
//! drift events have left them, from the world's caches when nothing they depend on changed.

use super::{active_concept, World};
use crate::camera::LineState;
use crate::concept::ActiveConcept;
use crate::drift::{DriftKind, DriftParams, EventPhase};
use crate::rng::SimRng;

/// Most gradual events mixed per phone at once (further ones apply at their mean intensity).
pub(super) const MAX_MIXED: usize = 3;

/// The line and concept for the last drift parameters without gradual mixing.
pub(super) type SingleLine = (DriftParams, LineState, ActiveConcept);

/// What the lines of mixed gradual events depend on: the fixed drift, and each mixed event's
/// kind and magnitude (the scenario's slices, rates and camera never change after build).
pub(super) type MixedKey = (DriftParams, [(DriftKind, u64); MAX_MIXED], usize);

/// One line state and concept per combination of mixed gradual events (bit j of the index:
/// mixed event j applies in full).
#[derive(Debug, Clone)]
pub(super) struct MixedLines {
    key: MixedKey,
    lines: [Option<(LineState, ActiveConcept)>; 1 << MAX_MIXED],
}

/// The lines this tick's phones are drawn from, taken out of the world's caches for the
/// phone loop (which updates the world) and put back by [`World::restore_lines`].
#[derive(Debug)]
pub(super) struct TickLines {
    /// The gradual events mixed per phone: (event index, probability it applies in full).
    mixed: [(usize, f64); MAX_MIXED],
    n_mixed: usize,
    /// Set when gradual events are mixed: one line per combination of them.
    mixed_lines: Option<Box<MixedLines>>,
    /// Set when nothing is mixed: the one line every phone sees.
    single_line: Option<Box<SingleLine>>,
}

impl TickLines {
    /// The line and concept the next phone is drawn from (the mixed events it sees are
    /// drawn from `rng`), or none when no line was built. Inlined always: it is the head of
    /// the per-phone loop, moved here from `step` unchanged.
    #[inline(always)]
    pub(super) fn pick(&self, rng: &mut SimRng) -> Option<(&LineState, &ActiveConcept)> {
        match (&self.mixed_lines, &self.single_line) {
            (Some(m), _) => {
                let mut mask = 0usize;
                for (j, (_, p)) in self.mixed.iter().enumerate().take(self.n_mixed) {
                    if rng.uniform() < *p {
                        mask |= 1 << j;
                    }
                }
                m.lines[mask].as_ref().map(|(l, c)| (l, c))
            }
            (None, Some(cached)) => Some((&cached.1, &cached.2)),
            (None, None) => None,
        }
    }
}

impl World {
    /// Drift phase: the line as drift has left it, one state per combination of the gradual
    /// events mixed per phone.
    ///
    /// Ordered after arrivals (which need no line) and before routing, whose loop draws each
    /// phone from these lines. It reads only the events and the tick, and draws nothing.
    pub(super) fn phase_drift(&mut self) -> TickLines {
        let (fixed, mixed, n_mixed) = self.drift_at();
        if n_mixed == 0 {
            // Without gradual mixing every phone sees the same line: reuse it while drift is
            // still, and take it out of the cache for the tick.
            self.refresh_single_line(fixed);
            TickLines {
                mixed,
                n_mixed,
                mixed_lines: None,
                single_line: self.line_cache.take(),
            }
        } else {
            TickLines {
                mixed,
                n_mixed,
                mixed_lines: Some(self.take_mixed_lines(fixed, &mixed, n_mixed)),
                single_line: None,
            }
        }
    }

    /// Puts the lines of [`World::phase_drift`] back in their caches after the phone loop.
    pub(super) fn restore_lines(&mut self, lines: TickLines) {
        let TickLines {
            mixed_lines,
            single_line,
            ..
        } = lines;
        if mixed_lines.is_some() {
            self.mixed_cache = mixed_lines;
        }
        if single_line.is_some() {
            self.line_cache = single_line;
        }
    }

    /// Rebuilds the cached single line if the fixed drift moved since it was built.
    fn refresh_single_line(&mut self, fixed: DriftParams) {
        if self.line_cache.as_ref().map(|c| c.0) == Some(fixed) {
            return;
        }
        let sc = &self.scenario;
        let line = (
            fixed,
            LineState::new(&sc.slices, &sc.defect_rates, &sc.camera, &fixed),
            active_concept(sc, &fixed),
        );
        // The box is reused: drift that changes every tick allocates nothing.
        match self.line_cache.as_mut() {
            Some(cached) => **cached = line,
            None => self.line_cache = Some(Box::new(line)),
        }
    }

    /// The lines for the mixed events, taken out of the cache; rebuilt only when what they
    /// depend on changed.
    fn take_mixed_lines(
        &mut self,
        fixed: DriftParams,
        mixed: &[(usize, f64); MAX_MIXED],
        n_mixed: usize,
    ) -> Box<MixedLines> {
        let mut key: MixedKey = (fixed, [(DriftKind::LightingDim, 0); MAX_MIXED], n_mixed);
        for (slot, (ei, _)) in key.1.iter_mut().zip(mixed.iter().take(n_mixed)) {
            let e = self.events[*ei];
            *slot = (e.kind, e.magnitude.to_bits());
        }
        match self.mixed_cache.take() {
            Some(cached) if cached.key == key => cached,
            _ => Box::new(self.build_mixed_lines(key, mixed)),
        }
    }

    /// The line and concept for every combination of the mixed events in `key`.
    fn build_mixed_lines(&self, key: MixedKey, mixed: &[(usize, f64); MAX_MIXED]) -> MixedLines {
        let (fixed, _, n_mixed) = key;
        let mut lines: [Option<(LineState, ActiveConcept)>; 1 << MAX_MIXED] =
            [None; 1 << MAX_MIXED];
        for (mask, slot) in lines.iter_mut().enumerate().take(1usize << n_mixed) {
            let mut p = fixed;
            for (j, (ei, _)) in mixed.iter().enumerate().take(n_mixed) {
                if mask & (1 << j) != 0 {
                    let e = self.events[*ei];
                    p.apply(e.kind, e.magnitude, 1.0);
                }
            }
            let sc = &self.scenario;
            *slot = Some((
                LineState::new(&sc.slices, &sc.defect_rates, &sc.camera, &p),
                active_concept(sc, &p),
            ));
        }
        MixedLines { key, lines }
    }

    /// Fixed drift parameters at this tick plus the gradual events mixed per phone.
    fn drift_at(&self) -> (DriftParams, [(usize, f64); MAX_MIXED], usize) {
        let mut fixed = DriftParams::default();
        let mut mixed = [(0usize, 0.0); MAX_MIXED];
        let mut n = 0usize;
        for (i, e) in self.events.iter().enumerate() {
            match e.phase(self.tick) {
                EventPhase::Fixed(x) => {
                    if x > 0.0 {
                        fixed.apply(e.kind, e.magnitude, x);
                    }
                }
                EventPhase::Mixed(p) => {
                    if n < MAX_MIXED {
                        mixed[n] = (i, p);
                        n += 1;
                    } else {
                        fixed.apply(e.kind, e.magnitude, p);
                    }
                }
            }
        }
        (fixed, mixed, n)
    }
}
