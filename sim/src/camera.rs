//! The production line and its camera: draws phones and what the camera sees of them.

use crate::drift::DriftParams;
use crate::phone::{CameraFeatures, DefectType, Phone, DEFECT_TYPES, MAX_SLICES};
use crate::rng::{self, SimRng};
use crate::ziggurat::{self, Ziggurat};
use serde::{Deserialize, Serialize};

/// One slice of production (a colour or a supplier).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SliceSpec {
    /// Name shown in charts.
    pub name: String,
    /// Share of volume (normalised across slices).
    pub share: f64,
    /// Mean image brightness under normal light (0..1).
    pub brightness_mean: f64,
    /// How visible defects are on this finish (1 = normal; a reflective finish is lower).
    pub contrast_factor: f64,
}

/// Defect rates per phone (the rest have no defect).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DefectRates {
    /// Probability of a scratch.
    pub scratch: f64,
    /// Probability of a dent.
    pub dent: f64,
    /// Probability of a pit.
    pub pit: f64,
    /// Probability of discolouration.
    pub discoloration: f64,
}

impl Default for DefectRates {
    fn default() -> Self {
        Self {
            scratch: 0.016,
            dent: 0.010,
            pit: 0.008,
            discoloration: 0.006,
        }
    }
}

impl DefectRates {
    /// Total probability of any defect.
    pub fn total(&self) -> f64 {
        self.scratch + self.dent + self.pit + self.discoloration
    }
}

/// Camera behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CameraConfig {
    /// Phone-to-phone spread of brightness.
    pub brightness_sd: f64,
    /// Blur of a sharp camera.
    pub base_blur: f64,
    /// Spread of blur.
    pub blur_sd: f64,
    /// Probability that an image is missing (camera fault).
    pub missing_rate: f64,
    /// Measurement noise on defect size, mm (grows with blur).
    pub size_noise_mm: f64,
    /// Measurement noise on contrast.
    pub contrast_noise: f64,
}

impl Default for CameraConfig {
    fn default() -> Self {
        Self {
            brightness_sd: 0.05,
            base_blur: 0.2,
            blur_sd: 0.05,
            missing_rate: 0.005,
            size_noise_mm: 0.3,
            contrast_noise: 0.06,
        }
    }
}

/// Physical size distribution (mm) and base visual contrast of each defect type,
/// indexed by [`DefectType::index`]. Dents are big and obvious; pits are tiny;
/// discolouration is large but faint.
const SIZE_MEAN_MM: [f64; DEFECT_TYPES] = [0.0, 3.5, 4.0, 1.0, 4.0];
const SIZE_SD_MM: [f64; DEFECT_TYPES] = [0.0, 1.2, 1.5, 0.5, 1.5];
const BASE_CONTRAST: [f64; DEFECT_TYPES] = [0.0, 0.8, 0.9, 0.6, 0.35];
/// Brightness at which base contrast applies; contrast scales with light.
const REFERENCE_BRIGHTNESS: f64 = 0.5;
/// Contrast at which a defect's full extent is visible; fainter defects look smaller.
const FULL_VISIBILITY_CONTRAST: f64 = 0.6;

/// Everything needed to draw phones at one tick, precomputed once per tick.
#[derive(Debug, Clone, Copy)]
pub struct LineState {
    /// Brightness mean per slice after lighting drift.
    pub brightness_mean: [f64; MAX_SLICES],
    /// Contrast factor per slice.
    pub contrast_factor: [f64; MAX_SLICES],
    /// Camera settings.
    pub camera: CameraConfig,
    /// Blur after drift.
    pub blur_mean: f64,
    /// Lighting multiplier after drift.
    pub lighting: f64,
    /// The shared ziggurat tables, looked up once per line rather than once per phone.
    zig: &'static Ziggurat,
    /// The cumulative slice shares as thresholds for the 21-bit uniforms
    /// ([`rng::coarse_threshold`]). The last slice in use and every entry past it are 1
    /// (2^21), which no draw reaches, so the table's last entry is left out.
    slice_thresholds: [u32; MAX_SLICES - 1],
    /// Cumulative defect probabilities (scratch, dent, pit, discoloration) as thresholds
    /// for the 21-bit uniforms.
    defect_thresholds: [u32; DEFECT_TYPES - 1],
    /// The missing-image rate after drift, as a threshold for a 21-bit uniform.
    missing_threshold: u32,
}

impl LineState {
    /// Builds the line for drift `params` from the scenario's slices, rates and camera.
    pub fn new(
        slices: &[SliceSpec],
        rates: &DefectRates,
        camera: &CameraConfig,
        params: &DriftParams,
    ) -> Self {
        let n = slices.len().clamp(1, MAX_SLICES);
        let mut shares = [0.0; MAX_SLICES];
        for (i, s) in slices.iter().take(n).enumerate() {
            shares[i] = s.share.max(0.0);
        }
        let total: f64 = shares.iter().sum();
        if total > 0.0 {
            for s in &mut shares {
                *s /= total;
            }
        } else {
            shares[0] = 1.0;
        }
        // The small slice (last) gains share, taken proportionally from the others.
        let add = params.small_slice_share_add.clamp(0.0, 1.0 - shares[n - 1]);
        if n > 1 && add > 0.0 {
            let others = 1.0 - shares[n - 1];
            for s in shares.iter_mut().take(n - 1) {
                *s -= add * *s / others;
            }
            shares[n - 1] += add;
        }
        let mut slice_cdf = [1.0; MAX_SLICES];
        let mut acc = 0.0;
        for i in 0..n {
            acc += shares[i];
            slice_cdf[i] = acc;
        }
        slice_cdf[n - 1] = 1.0;
        let mut brightness_mean = [0.5; MAX_SLICES];
        let mut contrast_factor = [1.0; MAX_SLICES];
        for (i, s) in slices.iter().take(n).enumerate() {
            brightness_mean[i] = s.brightness_mean * params.lighting_mult;
            contrast_factor[i] = s.contrast_factor;
        }
        let r = [rates.scratch, rates.dent, rates.pit, rates.discoloration];
        let mut defect_cdf = [0.0; DEFECT_TYPES - 1];
        let mut acc = 0.0;
        for i in 0..r.len() {
            // Non-negative steps keep the table cumulative (draw counts entries below u).
            acc += r[i].max(0.0);
            defect_cdf[i] = acc;
        }
        let missing_rate = (camera.missing_rate + params.missing_add).clamp(0.0, 1.0);
        Self {
            brightness_mean,
            contrast_factor,
            camera: *camera,
            blur_mean: camera.base_blur + params.blur_add,
            lighting: params.lighting_mult,
            zig: ziggurat::tables(),
            slice_thresholds: [0, 1, 2].map(|i| rng::coarse_threshold(slice_cdf[i])),
            defect_thresholds: defect_cdf.map(rng::coarse_threshold),
            missing_threshold: rng::coarse_threshold(missing_rate),
        }
    }

    /// Draws one phone arriving at `tick`. Its truth is filled in by the caller's concept.
    // Always inlined: the world's arrival loop is its only hot caller, and the phone is then
    // built in place rather than returned through memory.
    #[inline(always)]
    pub fn draw(&self, tick: u64, rng: &mut SimRng) -> Phone {
        // Normal draws by the ziggurat (the same law as Box-Muller, a different stream);
        // the shared tables were looked up when the line was built, not per phone or draw.
        let z = self.zig;
        // Slice, defect type and the missing-image check: three 21-bit uniforms from one
        // draw, compared as integers with the tables' thresholds (the same choices as
        // comparing `m * 2^-21` with the f64 tables; rates resolve to 2^-21, about 4.8e-7).
        let [u_slice, u_defect, u_missing] = rng.three_uniforms_21();
        // The image's four normals come in two pairs, one 64-bit draw each. Both are drawn
        // here for every phone (a missing image, 0.5% by default, leaves them unused), so
        // the three draws run back to back with the generator's state in registers; only
        // the rare edge path of a pair and a defect's size draw more, below.
        let pair_bits = [rng.next_u64(), rng.next_u64()];
        // Both tables are cumulative (non-decreasing), so the first entry above u is at the
        // count of entries at or below u: counted without branches, which a random u would
        // mispredict. (Same choices as scanning for the first entry above u.)
        // Entries past the slices in use hold 2^21 and never count (u < 2^21), so the whole
        // fixed-size table is scanned, and the count is at most the last slice in use. The
        // last entry (always 2^21) is left out of the table, so the count is below
        // MAX_SLICES by construction, and indexing with it needs no bounds check.
        let slice = entries_at_or_below_3(&self.slice_thresholds, u_slice);
        // The defect table stops short of 1: past its last entry the phone has no defect.
        const DEFECT_AFTER: [DefectType; DEFECT_TYPES] = [
            DefectType::Scratch,
            DefectType::Dent,
            DefectType::Pit,
            DefectType::Discoloration,
            DefectType::None,
        ];
        let passed = entries_at_or_below(&self.defect_thresholds, u_defect);
        let defect = DEFECT_AFTER[passed];
        let d = defect.index();
        let size_mm = if d == 0 {
            0.0
        } else {
            // Defects are rare (4% by default): one full-width draw, not a pair.
            (SIZE_MEAN_MM[d] + SIZE_SD_MM[d] * z.sample(rng)).max(0.05)
        };
        let image = if u_missing < self.missing_threshold {
            None
        } else {
            let cam = &self.camera;
            let (z_brightness, z_blur) = z.pair_from_bits(pair_bits[0], rng);
            let (z_contrast, z_size) = z.pair_from_bits(pair_bits[1], rng);
            let brightness =
                (self.brightness_mean[slice] + cam.brightness_sd * z_brightness).clamp(0.0, 1.0);
            let blur = (self.blur_mean + cam.blur_sd * z_blur).max(0.0);
            // Contrast scales with light, the finish, and is smeared by blur.
            let true_contrast = BASE_CONTRAST[d]
                * self.contrast_factor[slice]
                * (brightness / REFERENCE_BRIGHTNESS)
                / (1.0 + blur);
            let contrast = (true_contrast + cam.contrast_noise * z_contrast).max(0.0);
            let visible = (true_contrast / FULL_VISIBILITY_CONTRAST).min(1.0);
            let measured_size_mm =
                (size_mm * visible + cam.size_noise_mm * (1.0 + blur) * z_size).max(0.0);
            Some(CameraFeatures {
                brightness,
                measured_size_mm,
                contrast,
                blur,
            })
        };
        Phone {
            arrived_tick: tick,
            slice: slice as u8,
            defect,
            size_mm,
            image,
            truth_reject: false,
        }
    }
}

/// Entries of a four-entry table at or below `u`, written out: the optimised-for-size builds
/// keep a loop of four as a loop, about twice the instructions.
#[inline(always)]
fn entries_at_or_below(table: &[u32; 4], u: u32) -> usize {
    usize::from(table[0] <= u)
        + usize::from(table[1] <= u)
        + usize::from(table[2] <= u)
        + usize::from(table[3] <= u)
}

/// The same for a three-entry table (the slice table without its last entry).
#[inline(always)]
fn entries_at_or_below_3(table: &[u32; 3], u: u32) -> usize {
    usize::from(table[0] <= u) + usize::from(table[1] <= u) + usize::from(table[2] <= u)
}

// The slice table's written-out count assumes four slices at most.
const _: () = assert!(MAX_SLICES == 4);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_follow_the_slice_shares_and_defect_rates() {
        let slices: Vec<SliceSpec> = [(0.6, 0.45), (0.35, 0.6), (0.05, 0.8)]
            .iter()
            .map(|&(share, b)| SliceSpec {
                name: String::new(),
                share,
                brightness_mean: b,
                contrast_factor: 1.0,
            })
            .collect();
        let rates = DefectRates::default();
        let line = LineState::new(
            &slices,
            &rates,
            &CameraConfig::default(),
            &DriftParams::default(),
        );
        let mut rng = SimRng::new(4);
        let n = 200_000;
        let mut by_slice = [0usize; MAX_SLICES];
        let mut by_type = [0usize; DEFECT_TYPES];
        for _ in 0..n {
            let p = line.draw(0, &mut rng);
            by_slice[p.slice as usize] += 1;
            by_type[p.defect.index()] += 1;
        }
        let share = |k: usize| k as f64 / n as f64;
        for (i, want) in [0.6, 0.35, 0.05].iter().enumerate() {
            assert!((share(by_slice[i]) - want).abs() < 0.005, "slice {i}");
        }
        assert_eq!(by_slice[3], 0);
        let want = [
            1.0 - rates.total(),
            rates.scratch,
            rates.dent,
            rates.pit,
            rates.discoloration,
        ];
        for (t, w) in want.iter().enumerate() {
            // Binomial sd at 1.6% of 200k is 0.03 points; allow about 4 sd.
            assert!(
                (share(by_type[t]) - w).abs() < 0.0015,
                "type {t}: {}",
                share(by_type[t])
            );
        }
    }

    /// Mean and standard deviation.
    fn mean_sd(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        (mean, var.sqrt())
    }

    #[test]
    fn images_go_missing_at_the_configured_rate() {
        let slices = [SliceSpec {
            name: String::new(),
            share: 1.0,
            brightness_mean: 0.5,
            contrast_factor: 1.0,
        }];
        let n = 200_000;
        // Rates the scenarios use, and 0 (never, not even at the 2^-21 resolution).
        for rate in [0.0, 0.005, 0.05, 0.3] {
            let camera = CameraConfig {
                missing_rate: rate,
                ..CameraConfig::default()
            };
            let line = LineState::new(
                &slices,
                &DefectRates::default(),
                &camera,
                &DriftParams::default(),
            );
            let mut rng = SimRng::new(6);
            let missing = (0..n)
                .filter(|_| line.draw(0, &mut rng).image.is_none())
                .count() as f64
                / n as f64;
            // About 4 binomial sd.
            let sd = (rate * (1.0 - rate) / n as f64).sqrt();
            assert!((missing - rate).abs() <= 4.0 * sd, "rate {rate}: {missing}");
        }
    }

    #[test]
    fn image_features_carry_the_configured_normals() {
        // One slice, no defects: brightness ~ N(0.5, 0.05), blur ~ N(0.2, 0.05), and with no
        // true contrast, contrast = max(0, N(0, 0.06)) and measured size =
        // max(0, N(0, 0.3 (1 + blur))). Pairs of these come from one draw, so they must also
        // be uncorrelated.
        let slices = [SliceSpec {
            name: String::new(),
            share: 1.0,
            brightness_mean: 0.5,
            contrast_factor: 1.0,
        }];
        let none = DefectRates {
            scratch: 0.0,
            dent: 0.0,
            pit: 0.0,
            discoloration: 0.0,
        };
        let cam = CameraConfig::default();
        let line = LineState::new(&slices, &none, &cam, &DriftParams::default());
        let mut rng = SimRng::new(8);
        let images: Vec<CameraFeatures> = (0..100_000)
            .filter_map(|_| line.draw(0, &mut rng).image)
            .collect();
        let n = images.len() as f64;
        let se = 4.0 / n.sqrt();
        let col = |f: fn(&CameraFeatures) -> f64| images.iter().map(f).collect::<Vec<f64>>();
        let (bm, bs) = mean_sd(&col(|x| x.brightness));
        assert!(
            (bm - 0.5).abs() < cam.brightness_sd * se,
            "brightness mean {bm}"
        );
        assert!(
            (bs / cam.brightness_sd - 1.0).abs() < 3.0 * se,
            "brightness sd {bs}"
        );
        let (lm, ls) = mean_sd(&col(|x| x.blur));
        assert!(
            (lm - cam.base_blur).abs() < cam.blur_sd * se,
            "blur mean {lm}"
        );
        assert!((ls / cam.blur_sd - 1.0).abs() < 3.0 * se, "blur sd {ls}");
        // E[max(0, N(0, s))] = s / sqrt(2 pi).
        let half_normal_mean = |s: f64| s / libm::sqrt(2.0 * core::f64::consts::PI);
        let (cm, _) = mean_sd(&col(|x| x.contrast));
        let want = half_normal_mean(cam.contrast_noise);
        assert!(
            (cm - want).abs() < cam.contrast_noise * se,
            "contrast {cm} vs {want}"
        );
        // The size noise scales with 1 + blur: divided out, it is half-normal with sd 0.3.
        let (sm, _) = mean_sd(&col(|x| x.measured_size_mm / (1.0 + x.blur)));
        let want = half_normal_mean(cam.size_noise_mm);
        assert!(
            (sm - want).abs() < cam.size_noise_mm * se,
            "size {sm} vs {want}"
        );
        // Brightness and blur (one pair), contrast and size noise (the other) are uncorrelated.
        let corr = |a: &[f64], b: &[f64]| {
            let (am, asd) = mean_sd(a);
            let (bm, bsd) = mean_sd(b);
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - am) * (y - bm))
                .sum::<f64>()
                / n
                / (asd * bsd)
        };
        let r = corr(&col(|x| x.brightness), &col(|x| x.blur));
        assert!(r.abs() < se, "brightness-blur correlation {r}");
        let r = corr(&col(|x| x.contrast), &col(|x| x.measured_size_mm));
        assert!(r.abs() < se, "contrast-size correlation {r}");
    }
}
