//! Statistics for the Stats view and `coldstart stats`.

use std::collections::BTreeMap;

use fsrs::MemoryState;
use serde::Serialize;

use super::{day_date, CardState, ReviewSettings, Timing};
use crate::error::Result;
use crate::store::{DayRow, Store};

/// Answers on one study day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Study day number.
    pub day: i64,
    /// Answers.
    pub reviews: i64,
    /// Of which new cards.
    pub new: i64,
    /// Of which review cards.
    pub review: i64,
    /// Review cards passed (not again).
    pub passed: i64,
    /// Time spent (seconds).
    pub seconds: i64,
}

/// Cards falling due on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Forecast {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Days from today (0 = today, overdue cards included).
    pub in_days: i64,
    /// Cards due.
    pub due: i64,
}

/// True retention (passed / answered, for cards in review state) in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthRetention {
    /// `YYYY-MM`.
    pub month: String,
    /// Review-state answers.
    pub reviews: i64,
    /// Passed.
    pub passed: i64,
    /// passed / reviews (0 when none).
    pub retention: f64,
}

/// Cards per state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StateCounts {
    /// All cards.
    pub total: i64,
    /// Never answered (and not suspended).
    pub new: i64,
    /// In learning steps.
    pub learning: i64,
    /// In review, stability under 21 days.
    pub young: i64,
    /// In review, stability 21 days or more.
    pub mature: i64,
    /// Relearning after a lapse.
    pub relearning: i64,
    /// Suspended (by the learner, or because their source is gone).
    pub suspended: i64,
    /// Buried until tomorrow.
    pub buried: i64,
    /// Source gone.
    pub missing: i64,
}

/// How well one service's cards are known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ServiceMastery {
    /// Service.
    pub service: String,
    /// Active cards (not suspended).
    pub cards: i64,
    /// Cards answered at least once.
    pub studied: i64,
    /// Cards with stability of 21 days or more.
    pub mature: i64,
    /// Mean probability of recalling a card right now, new cards counting as 0 (0–1).
    pub mastery: f64,
}

/// Everything the Stats view shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Stats {
    /// Today's study day.
    pub today: DayCount,
    /// Answers per day over the last 365 days (days with answers only).
    pub reviews_per_day: Vec<DayCount>,
    /// Cards due on each of the next 30 days.
    pub forecast: Vec<Forecast>,
    /// True retention per month.
    pub retention_by_month: Vec<MonthRetention>,
    /// Cards per state.
    pub states: StateCounts,
    /// Mastery per service.
    pub mastery: Vec<ServiceMastery>,
    /// Rows in the review log.
    pub total_reviews: i64,
    /// Consecutive study days with answers, ending today (or yesterday, while today has none yet).
    pub streak_days: u32,
}

/// The current streak (see [`Stats::streak_days`]) from the study days that have answers.
fn streak(days_with_answers: &std::collections::BTreeSet<i64>, today: i64) -> u32 {
    let mut day = if days_with_answers.contains(&today) {
        today
    } else {
        today - 1
    };
    let mut n = 0;
    while days_with_answers.contains(&day) {
        n += 1;
        day -= 1;
    }
    n
}

fn day_count(r: &DayRow) -> DayCount {
    DayCount {
        date: day_date(r.day),
        day: r.day,
        reviews: r.count,
        new: r.new_count,
        review: r.review_count,
        passed: r.review_passed,
        seconds: r.taken_ms / 1000,
    }
}

pub(crate) fn compute(store: &Store, t: &Timing, s: &ReviewSettings) -> Result<Stats> {
    let all_days = store.days(i64::MIN, i64::MAX)?;
    let total_reviews = all_days.iter().map(|d| d.count).sum();
    let answered: std::collections::BTreeSet<i64> =
        all_days.iter().filter(|d| d.count > 0).map(|d| d.day).collect();
    let streak_days = streak(&answered, t.today);
    let reviews_per_day: Vec<DayCount> = all_days
        .iter()
        .filter(|d| d.day > t.today - 365)
        .map(day_count)
        .collect();
    let today = all_days
        .iter()
        .find(|d| d.day == t.today)
        .map(day_count)
        .unwrap_or_else(|| {
            day_count(&DayRow {
                day: t.today,
                count: 0,
                review_count: 0,
                review_passed: 0,
                new_count: 0,
                taken_ms: 0,
            })
        });

    let mut months: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for d in &all_days {
        let date = day_date(d.day);
        let e = months.entry(date[..7.min(date.len())].to_string()).or_default();
        e.0 += d.review_count;
        e.1 += d.review_passed;
    }
    let retention_by_month = months
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(month, (reviews, passed))| MonthRetention {
            month,
            reviews,
            passed,
            retention: passed as f64 / reviews as f64,
        })
        .collect();

    let shift = t.offset_secs as i64 - t.rollover_hour as i64 * 3600;
    let due = store.due_per_day(t.day_start_ms(t.today + 30), shift)?;
    let mut forecast: Vec<Forecast> = (0..30)
        .map(|i| Forecast {
            date: day_date(t.today + i),
            in_days: i,
            due: 0,
        })
        .collect();
    for (day, n) in due {
        let i = (day - t.today).clamp(0, 29) as usize;
        forecast[i].due += n;
    }

    let decay = s
        .fsrs_params
        .get(20)
        .copied()
        .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
    let mut states = StateCounts::default();
    let mut per_service: BTreeMap<String, (i64, i64, i64, f64)> = BTreeMap::new();
    for (service, state, suspended, buried, missing, stability, last) in store.card_states(t.today)? {
        states.total += 1;
        if missing {
            states.missing += 1;
        }
        if suspended {
            states.suspended += 1;
            continue;
        }
        if buried {
            states.buried += 1;
        }
        let mature = stability.is_some_and(|s| s >= 21.0) && state == CardState::Review;
        match state {
            CardState::New => states.new += 1,
            CardState::Learning => states.learning += 1,
            CardState::Review if mature => states.mature += 1,
            CardState::Review => states.young += 1,
            CardState::Relearning => states.relearning += 1,
        }
        let r = match (state, stability, last) {
            (CardState::New, _, _) => 0.0,
            (_, Some(st), Some(last)) if st > 0.0 => {
                let days = ((t.now_ms - last) as f32 / 86_400_000.0).max(0.0);
                fsrs::current_retrievability(
                    MemoryState {
                        stability: st,
                        difficulty: 5.0,
                    },
                    days,
                    decay,
                ) as f64
            }
            _ => 0.0,
        };
        let e = per_service.entry(service).or_default();
        e.0 += 1;
        e.1 += (state != CardState::New) as i64;
        e.2 += mature as i64;
        e.3 += r;
    }
    let mastery = per_service
        .into_iter()
        .map(|(service, (cards, studied, mature, r))| ServiceMastery {
            service,
            cards,
            studied,
            mature,
            mastery: if cards > 0 { r / cards as f64 } else { 0.0 },
        })
        .collect();
    Ok(Stats {
        today,
        reviews_per_day,
        forecast,
        retention_by_month,
        states,
        mastery,
        total_reviews,
        streak_days,
    })
}

#[cfg(test)]
mod tests {
    use super::streak;

    #[test]
    fn the_streak_ends_today_or_yesterday_and_stops_at_a_gap() {
        let days = [10, 11, 12, 14].into_iter().collect();
        assert_eq!(streak(&days, 14), 1, "today only: 13 is a gap");
        assert_eq!(streak(&days, 12), 3);
        assert_eq!(
            streak(&days, 13),
            3,
            "today still empty: the streak up to yesterday counts"
        );
        assert_eq!(streak(&days, 16), 0, "yesterday empty too: no streak");
        assert_eq!(streak(&Default::default(), 5), 0);
    }
}
