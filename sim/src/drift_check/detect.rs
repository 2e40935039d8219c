//! The four streaming detectors run over a column, a chunk of values at a time.

use crate::monitor::detectors::{
    AdwinParams, AnyDetector, DdmParams, DetectorKind, DetectorParamError, DetectorSignal,
    DriftDetector, KswinParams, PageHinkleyParams,
};
use serde::{Deserialize, Serialize};

/// Settings of the four detectors (River's defaults unless the reader changed them).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DetectorSettings {
    /// ADWIN on the values.
    pub adwin: AdwinParams,
    /// Page-Hinkley on the values (its threshold is in the column's units).
    pub page_hinkley: PageHinkleyParams,
    /// DDM on the 0/1 error column, when there is one.
    pub ddm: DdmParams,
    /// KSWIN on the values.
    pub kswin: KswinParams,
    /// Seed of KSWIN's sampling of its older window.
    pub kswin_seed: u64,
}

impl DetectorSettings {
    /// Checks every detector's parameters.
    ///
    /// # Errors
    /// The first parameter River would refuse.
    pub fn validate(&self) -> Result<(), DetectorParamError> {
        DetectorKind::Adwin(self.adwin.clone()).validate()?;
        DetectorKind::PageHinkley(self.page_hinkley.clone()).validate()?;
        DetectorKind::Ddm(self.ddm.clone()).validate()?;
        DetectorKind::Kswin(self.kswin.clone()).validate()
    }
}

/// Where each detector fired, as indices into the column's values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Firings {
    /// ADWIN detections.
    pub adwin: Vec<usize>,
    /// Page-Hinkley detections.
    pub page_hinkley: Vec<usize>,
    /// KSWIN detections.
    pub kswin: Vec<usize>,
    /// DDM detections (empty when there is no error column).
    pub ddm: Vec<usize>,
    /// DDM's warning zones, `[first, last]` values inclusive.
    pub ddm_warnings: Vec<(usize, usize)>,
    /// Whether DDM ran (it needs a 0/1 error column).
    pub ddm_ran: bool,
}

/// The detectors part-way through a column.
#[derive(Debug, Clone)]
pub struct DetectorRun {
    adwin: AnyDetector,
    page_hinkley: AnyDetector,
    kswin: AnyDetector,
    ddm: Option<AnyDetector>,
    at: usize,
    warning_from: Option<usize>,
    firings: Firings,
}

impl DetectorRun {
    /// Fresh detectors; DDM only when `with_ddm` (an error column was given).
    ///
    /// # Errors
    /// A parameter River would refuse.
    pub fn new(settings: &DetectorSettings, with_ddm: bool) -> Result<Self, DetectorParamError> {
        let build = |kind: DetectorKind| AnyDetector::new(&kind, settings.kswin_seed);
        Ok(Self {
            adwin: build(DetectorKind::Adwin(settings.adwin.clone()))?,
            page_hinkley: build(DetectorKind::PageHinkley(settings.page_hinkley.clone()))?,
            kswin: build(DetectorKind::Kswin(settings.kswin.clone()))?,
            ddm: if with_ddm {
                Some(build(DetectorKind::Ddm(settings.ddm.clone()))?)
            } else {
                None
            },
            at: 0,
            warning_from: None,
            firings: Firings {
                ddm_ran: with_ddm,
                ..Firings::default()
            },
        })
    }

    /// Feeds up to `max` more values (and the matching errors); `true` once all are fed.
    pub fn step(&mut self, values: &[f64], errors: Option<&[f64]>, max: usize) -> bool {
        let end = self.at.saturating_add(max).min(values.len());
        for i in self.at..end {
            let x = values.get(i).copied().unwrap_or(f64::NAN);
            if self.adwin.update(x) == DetectorSignal::Drift {
                self.firings.adwin.push(i);
            }
            if self.page_hinkley.update(x) == DetectorSignal::Drift {
                self.firings.page_hinkley.push(i);
            }
            if self.kswin.update(x) == DetectorSignal::Drift {
                self.firings.kswin.push(i);
            }
            let error = errors.and_then(|e| e.get(i)).copied();
            if let (Some(ddm), Some(e)) = (self.ddm.as_mut(), error) {
                let signal = ddm.update(e);
                if signal == DetectorSignal::Drift {
                    self.firings.ddm.push(i);
                }
                self.track_warning(i, signal == DetectorSignal::Warning);
            }
        }
        self.at = end;
        let done = end >= values.len();
        if done {
            self.track_warning(end, false);
        }
        done
    }

    fn track_warning(&mut self, i: usize, warning: bool) {
        match (self.warning_from, warning) {
            (None, true) => self.warning_from = Some(i),
            (Some(from), false) => {
                self.firings
                    .ddm_warnings
                    .push((from, i.saturating_sub(1).max(from)));
                self.warning_from = None;
            }
            _ => {}
        }
    }

    /// Values fed so far.
    #[must_use]
    pub fn fed(&self) -> usize {
        self.at
    }

    /// The firings so far.
    #[must_use]
    pub fn firings(&self) -> &Firings {
        &self.firings
    }

    /// The firings, once every value is fed.
    #[must_use]
    pub fn into_firings(self) -> Firings {
        self.firings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jump_is_caught_and_chunks_do_not_change_the_answer() {
        let values: Vec<f64> = (0..2000)
            .map(|i| if i < 1000 { 0.5 } else { 100.5 } + f64::from(i % 7) * 0.01)
            .collect();
        let errors: Vec<f64> = (0..2000)
            .map(|i| f64::from(u8::from(i >= 1000 && i % 2 == 0)))
            .collect();
        let settings = DetectorSettings::default();
        let mut whole = DetectorRun::new(&settings, true).unwrap();
        assert!(whole.step(&values, Some(&errors), usize::MAX));
        let whole = whole.into_firings();
        let mut parts = DetectorRun::new(&settings, true).unwrap();
        while !parts.step(&values, Some(&errors), 37) {}
        assert_eq!(parts.into_firings(), whole);
        for (name, hits) in [
            ("ADWIN", &whole.adwin),
            ("Page-Hinkley", &whole.page_hinkley),
            ("KSWIN", &whole.kswin),
            ("DDM", &whole.ddm),
        ] {
            let first = hits.first().copied();
            assert!(
                first.is_some_and(|i| (1000..1200).contains(&i)),
                "{name}: {hits:?}"
            );
        }
        assert!(whole.ddm_ran);
    }

    #[test]
    fn without_errors_ddm_does_not_run_and_bad_settings_are_refused() {
        let mut run = DetectorRun::new(&DetectorSettings::default(), false).unwrap();
        assert!(run.step(&[1.0, 2.0], None, 10));
        assert!(!run.firings().ddm_ran && run.firings().ddm.is_empty());
        let bad = DetectorSettings {
            adwin: AdwinParams {
                delta: 2.0,
                ..AdwinParams::default()
            },
            ..DetectorSettings::default()
        };
        assert!(DetectorRun::new(&bad, false).is_err() && bad.validate().is_err());
    }
}
