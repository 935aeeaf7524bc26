//! The FSRS-6 memory model as plain scalar arithmetic, with the parameters the `fsrs` crate uses
//! (the learner's optimised ones, or the crate's defaults). The planner and the simulation call
//! it millions of times, so it avoids the crate's tensor path; a test checks it agrees with
//! [`fsrs::FSRS::next_states`].

const S_MIN: f32 = 0.001;
const S_MAX: f32 = 36_500.0;

/// A card's memory: FSRS stability (days) and difficulty (1–10).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mem {
    /// Stability in days (recall is 90% after this long).
    pub stability: f32,
    /// Difficulty, 1–10.
    pub difficulty: f32,
}

/// FSRS-6 with one parameter set.
#[derive(Debug, Clone)]
pub struct Model {
    w: Vec<f32>,
}

impl Default for Model {
    fn default() -> Self {
        Model::new(&[])
    }
}

impl Model {
    /// The model for these parameters (empty or invalid: the crate's defaults).
    pub fn new(params: &[f32]) -> Self {
        let w = fsrs::check_and_fill_parameters(params)
            .ok()
            .filter(|w| w.len() >= 21)
            .unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
        Model { w }
    }

    fn factor(&self) -> f32 {
        let decay = -self.w[20];
        (0.9f32.ln() / decay).exp() - 1.0
    }

    /// Probability of recall after `days` at stability `s` (the FSRS power forgetting curve).
    pub fn recall(&self, days: f32, s: f32) -> f32 {
        if days <= 0.0 {
            return 1.0;
        }
        (days / s.max(S_MIN) * self.factor() + 1.0).powf(-self.w[20])
    }

    /// Days until recall falls to `r`.
    pub fn interval(&self, s: f32, r: f32) -> f32 {
        let decay = -self.w[20];
        s / self.factor() * (r.clamp(0.01, 0.999).powf(1.0 / decay) - 1.0)
    }

    fn init_difficulty(&self, rating: u8) -> f32 {
        let w = &self.w;
        w[4] - (w[5] * (rating.clamp(1, 4) - 1) as f32).exp() + 1.0
    }

    /// Memory after the first answer of a new card.
    pub fn init(&self, rating: u8) -> Mem {
        let r = rating.clamp(1, 4);
        Mem {
            stability: self.w[r as usize - 1].clamp(S_MIN, S_MAX),
            difficulty: self.init_difficulty(r).clamp(1.0, 10.0),
        }
    }

    /// Memory after an answer given `elapsed_days` after the previous one (0: the same day).
    pub fn review(&self, m: Mem, elapsed_days: f32, rating: u8) -> Mem {
        let w = &self.w;
        let rating = rating.clamp(1, 4) as f32;
        let s = m.stability.clamp(S_MIN, S_MAX);
        let d = m.difficulty.clamp(1.0, 10.0);
        let r = self.recall(elapsed_days, s);
        let new_s = if elapsed_days <= 0.0 {
            let sinc = (w[17] * (rating - 3.0 + w[18])).exp() * s.powf(-w[19]);
            s * if rating >= 2.0 { sinc.max(1.0) } else { sinc }
        } else if rating == 1.0 {
            let f = w[11] * d.powf(-w[12]) * ((s + 1.0).powf(w[13]) - 1.0) * ((1.0 - r) * w[14]).exp();
            f.min(s / (w[17] * w[18]).exp())
        } else {
            let hard = if rating == 2.0 { w[15] } else { 1.0 };
            let easy = if rating == 4.0 { w[16] } else { 1.0 };
            s * (w[8].exp() * (11.0 - d) * s.powf(-w[9]) * (((1.0 - r) * w[10]).exp() - 1.0) * hard * easy
                + 1.0)
        };
        let delta = -w[6] * (rating - 3.0);
        let nd = d + (10.0 - d) * delta / 9.0;
        let nd = w[7] * (self.init_difficulty(4) - nd) + nd;
        Mem {
            stability: new_s.clamp(S_MIN, S_MAX),
            difficulty: nd.clamp(1.0, 10.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_fsrs_crate() {
        let fsrs = fsrs::FSRS::new(&[]).unwrap();
        let m = Model::default();
        let start = fsrs.next_states(None, 0.9, 0).unwrap();
        assert!((m.init(3).stability - start.good.memory.stability).abs() < 1e-4);
        assert!((m.init(1).difficulty - start.again.memory.difficulty).abs() < 1e-3);
        for (s, d, days) in [
            (2.3f32, 5.0f32, 3u32),
            (20.0, 7.5, 25),
            (100.0, 2.0, 10),
            (5.0, 5.0, 0),
        ] {
            let next = fsrs
                .next_states(
                    Some(fsrs::MemoryState {
                        stability: s,
                        difficulty: d,
                    }),
                    0.9,
                    days,
                )
                .unwrap();
            let crate_states = [next.again, next.hard, next.good, next.easy];
            for (i, want) in crate_states.iter().enumerate() {
                let got = m.review(
                    Mem {
                        stability: s,
                        difficulty: d,
                    },
                    days as f32,
                    i as u8 + 1,
                );
                let rel = (got.stability - want.memory.stability).abs() / want.memory.stability;
                assert!(
                    rel < 1e-3,
                    "s={s} d={d} t={days} rating {}: {got:?} vs {want:?}",
                    i + 1
                );
                assert!((got.difficulty - want.memory.difficulty).abs() < 1e-3);
            }
            let iv = fsrs.next_interval(Some(s), 0.85, 3);
            assert!((m.interval(s, 0.85) - iv).abs() / iv < 1e-3);
        }
        let r = fsrs::current_retrievability(
            fsrs::MemoryState {
                stability: 10.0,
                difficulty: 5.0,
            },
            17.0,
            fsrs::FSRS6_DEFAULT_DECAY,
        );
        assert!((m.recall(17.0, 10.0) - r).abs() < 1e-4);
    }
}
