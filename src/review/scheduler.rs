//! The schedule: what each grade would do to a card, as a pure function.
//!
//! New and forgotten cards go through short (re)learning steps (by default 1 m and 10 m for new
//! cards, 10 m after a lapse); a card that passes its last step graduates and from then on FSRS
//! gives its interval in days, rounded and fuzzed (deterministically per card and review, so the
//! same history always gives the same schedule) and kept in the order hard < good < easy.

use fsrs::{MemoryState, FSRS};

use super::{CardState, Rating, RevlogEntry, Sched, Timing};
use crate::error::{Error, Result};

/// What the schedule needs from the settings.
#[derive(Debug, Clone)]
pub struct SchedConfig<'a> {
    /// Desired retention.
    pub desired_retention: f32,
    /// Learning steps (seconds).
    pub learning_steps: &'a [u32],
    /// Relearning steps (seconds).
    pub relearning_steps: &'a [u32],
    /// Longest interval (days).
    pub max_interval: u32,
}

/// What one grade does.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The grade.
    pub rating: Rating,
    /// The card afterwards.
    pub after: Sched,
    /// Time until it is due again (seconds), for display.
    pub interval_secs: i64,
    /// The review log row the answer writes.
    pub log: RevlogEntry,
}

/// Round and fuzz an FSRS interval (days), deterministically for a card and its review count.
pub fn fuzz_interval(interval: f32, card_id: &str, reps: u32, max_interval: u32) -> u32 {
    let ivl = interval.max(0.0) as f64;
    let max = max_interval.max(1);
    if ivl < 2.5 {
        return (ivl.round() as u32).clamp(1, max);
    }
    let delta = 1.0
        + 0.15 * (ivl.min(7.0) - 2.5).max(0.0)
        + 0.10 * (ivl.min(20.0) - 7.0).max(0.0)
        + 0.05 * (ivl - 20.0).max(0.0);
    let lo = (ivl - delta).round().max(2.0);
    let hi = (ivl + delta).round().max(lo);
    let mut h = blake3::Hasher::new();
    h.update(card_id.as_bytes());
    h.update(&reps.to_le_bytes());
    let bytes = h.finalize();
    let frac = u64::from_le_bytes(bytes.as_bytes()[..8].try_into().unwrap()) as f64 / (u64::MAX as f64 + 1.0);
    let v = lo + (frac * (hi - lo + 1.0)).floor();
    (v as u32).clamp(1, max)
}

/// `(next step, delay in seconds)`, or `None` when the card graduates.
fn step_delay(steps: &[u32], step: u32, rating: Rating) -> Option<(u32, u32)> {
    if steps.is_empty() {
        return None;
    }
    let step = (step as usize).min(steps.len() - 1);
    match rating {
        Rating::Again => Some((0, steps[0])),
        Rating::Hard => {
            let d = if step == 0 {
                if steps.len() > 1 {
                    (steps[0] + steps[1]) / 2
                } else {
                    (steps[0] * 3 / 2).min(steps[0] + 86_400)
                }
            } else {
                steps[step]
            };
            Some((step as u32, d))
        }
        Rating::Good => (step + 1 < steps.len()).then(|| (step as u32 + 1, steps[step + 1])),
        Rating::Easy => None,
    }
}

fn fsrs_err(e: fsrs::FSRSError) -> Error {
    Error::InvalidInput(format!("FSRS: {e}"))
}

/// The outcome of each grade (again, hard, good, easy) for a card answered now.
pub fn schedule(
    fsrs: &FSRS,
    cfg: &SchedConfig,
    card_id: &str,
    before: &Sched,
    t: &Timing,
    taken_ms: i64,
) -> Result<[Outcome; 4]> {
    let elapsed_days = match before.last_review_ms {
        Some(ms) if before.state != CardState::New => (t.today - t.day_of(ms)).max(0),
        _ => 0,
    };
    let memory = match (before.state, before.stability, before.difficulty) {
        (CardState::New, _, _) => None,
        (_, Some(stability), Some(difficulty)) => Some(MemoryState {
            stability,
            difficulty,
        }),
        _ => None,
    };
    let next = fsrs
        .next_states(memory, cfg.desired_retention, elapsed_days as u32)
        .map_err(fsrs_err)?;
    let states = [next.again, next.hard, next.good, next.easy];
    let mut ivl = [0u32; 4];
    for (i, s) in states.iter().enumerate() {
        ivl[i] = fuzz_interval(s.interval, card_id, before.reps, cfg.max_interval);
    }
    if before.state == CardState::Review {
        ivl[1] = ivl[1].min(ivl[2]);
        ivl[2] = ivl[2].max(ivl[1] + 1);
    }
    ivl[3] = ivl[3].max(ivl[2] + 1);
    for v in ivl.iter_mut() {
        *v = (*v).clamp(1, cfg.max_interval.max(1));
    }

    let outcome = |rating: Rating| -> Outcome {
        let i = rating as usize - 1;
        let mut after = before.clone();
        after.reps += 1;
        after.last_review_ms = Some(t.now_ms);
        after.stability = Some(states[i].memory.stability);
        after.difficulty = Some(states[i].memory.difficulty);
        after.changed = false;
        after.buried_until = 0;
        let graduate = |after: &mut Sched, days: u32| {
            after.state = CardState::Review;
            after.step = 0;
            after.interval_days = days;
            after.due_ms = t.day_start_ms(t.today + days as i64);
            days as i64 * 86_400
        };
        let in_steps = |after: &mut Sched, state: CardState, step: u32, secs: u32| {
            after.state = state;
            after.step = step;
            after.interval_days = 0;
            after.due_ms = t.now_ms + secs as i64 * 1000;
            secs as i64
        };
        let interval_secs = match before.state {
            CardState::New | CardState::Learning | CardState::Relearning => {
                let (steps, state) = if before.state == CardState::Relearning {
                    (cfg.relearning_steps, CardState::Relearning)
                } else {
                    (cfg.learning_steps, CardState::Learning)
                };
                let step = if before.state == CardState::New {
                    0
                } else {
                    before.step
                };
                match step_delay(steps, step, rating) {
                    Some((s, secs)) => in_steps(&mut after, state, s, secs),
                    None => graduate(&mut after, ivl[i]),
                }
            }
            CardState::Review => {
                if rating == Rating::Again {
                    after.lapses += 1;
                    match step_delay(cfg.relearning_steps, 0, Rating::Again) {
                        Some((s, secs)) => in_steps(&mut after, CardState::Relearning, s, secs),
                        None => graduate(&mut after, ivl[0]),
                    }
                } else {
                    graduate(&mut after, ivl[i])
                }
            }
        };
        let signed = |s: &Sched, secs: i64| {
            if s.state == CardState::Review {
                s.interval_days as i64
            } else {
                -secs
            }
        };
        let log = RevlogEntry {
            id: 0,
            card_id: card_id.to_string(),
            reviewed_at_ms: t.now_ms,
            day: t.today,
            rating,
            state_before: before.state,
            state_after: after.state,
            elapsed_days,
            interval: signed(&after, interval_secs),
            last_interval: before.interval_days as i64,
            stability_before: memory.map(|m| m.stability),
            difficulty_before: memory.map(|m| m.difficulty),
            stability_after: states[i].memory.stability,
            difficulty_after: states[i].memory.difficulty,
            due_after_ms: after.due_ms,
            taken_ms: taken_ms.clamp(0, 3_600_000),
        };
        Outcome {
            rating,
            after,
            interval_secs,
            log,
        }
    };
    Ok(Rating::ALL.map(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::FixedClock;

    fn cfg() -> SchedConfig<'static> {
        SchedConfig {
            desired_retention: 0.9,
            learning_steps: &[60, 600],
            relearning_steps: &[600],
            max_interval: 36_500,
        }
    }

    #[test]
    fn a_new_card_goes_through_steps_then_graduates() {
        let fsrs = FSRS::new(&[]).unwrap();
        let clock = FixedClock::new(1_800_000_000_000, 0);
        let t = Timing::new(&clock, 4);
        let o = schedule(&fsrs, &cfg(), "c1", &Sched::new_card(), &t, 1000).unwrap();
        let secs: Vec<i64> = o.iter().map(|o| o.interval_secs).collect();
        assert_eq!(&secs[..3], &[60, 330, 600]);
        assert_eq!(o[3].after.state, CardState::Review);
        assert!(o[3].after.interval_days >= 1);
        // Good on the last step graduates to days.
        let o2 = schedule(&fsrs, &cfg(), "c1", &o[2].after, &t, 1000).unwrap();
        assert_eq!(o2[2].after.state, CardState::Review);
        assert!(o2[2].after.interval_days >= 1);
        assert_eq!(o2[0].after.state, CardState::Learning);
    }

    #[test]
    fn review_intervals_are_ordered_and_a_lapse_relearns() {
        let fsrs = FSRS::new(&[]).unwrap();
        let clock = FixedClock::new(1_800_000_000_000, 0);
        let t = Timing::new(&clock, 4);
        let mut s = Sched::new_card();
        s.state = CardState::Review;
        s.stability = Some(20.0);
        s.difficulty = Some(5.0);
        s.interval_days = 20;
        s.last_review_ms = Some(t.now_ms - 20 * 86_400_000);
        let o = schedule(&fsrs, &cfg(), "c2", &s, &t, 1000).unwrap();
        assert_eq!(o[0].after.state, CardState::Relearning);
        assert_eq!(o[0].after.lapses, 1);
        let d: Vec<u32> = o[1..].iter().map(|o| o.after.interval_days).collect();
        assert!(d[0] < d[1] && d[1] < d[2], "{d:?}");
        assert_eq!(o[2].log.elapsed_days, 20);
    }

    #[test]
    fn fuzz_is_deterministic_and_bounded() {
        let a = fuzz_interval(30.0, "x", 3, 36_500);
        assert_eq!(a, fuzz_interval(30.0, "x", 3, 36_500));
        assert!((26..=34).contains(&a), "{a}");
        assert_eq!(fuzz_interval(1.2, "x", 3, 36_500), 1);
        assert_eq!(fuzz_interval(5000.0, "x", 3, 100), 100);
    }
}
