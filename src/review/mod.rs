//! Spaced repetition: FSRS scheduling (the `fsrs` crate) with learning steps, fuzz, daily limits
//! and a day boundary; undo; optimisation of the FSRS parameters from the learner's own log;
//! statistics.
//!
//! The scheduling itself is a pure function of the card's state, the grade, the settings and the
//! time ([`schedule`]), so it is easy to test; the [`crate::Library`] methods in `api.rs` load a
//! card, call it, and store the result and the review log row in one transaction.
//!
//! Time comes from a [`Clock`], so tests (and the CLI with `COLDSTART_NOW`) do not depend on the
//! wall clock. A *study day* starts at the day boundary (default 4 am local time): a card answered
//! at 1 am counts for the previous day, as in Anki.

pub(crate) mod api;
mod scheduler;
mod settings;
mod stats;

use std::sync::atomic::{AtomicI64, Ordering};

use serde::{Deserialize, Serialize};

pub use api::{
    AnswerResult, CardFilter, CardInfo, DueSummary, GradePreview, OptimizeEvaluation, OptimizeProgress,
    OptimizeReport, OptimizeStatus, QueueItem, RestoreReport, ReviewCard, SyncReport, UndoResult,
};
pub use scheduler::{fuzz_interval, schedule, Outcome, SchedConfig};
pub use settings::{format_steps, parse_steps, ParamsSnapshot, ReviewSettings, SETTING_KEYS};
pub use stats::{DayCount, Forecast, MonthRetention, ServiceMastery, StateCounts, Stats};

/// Where the current time comes from.
pub trait Clock: Send + Sync {
    /// Now, in unix milliseconds.
    fn now_ms(&self) -> i64;
    /// Local time minus UTC, in seconds, at the given instant.
    fn utc_offset_secs(&self, at_ms: i64) -> i32;
}

/// The system clock and the local time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
    fn utc_offset_secs(&self, at_ms: i64) -> i32 {
        use chrono::{Local, Offset, TimeZone};
        Local
            .timestamp_millis_opt(at_ms)
            .single()
            .map(|t| t.offset().fix().local_minus_utc())
            .unwrap_or(0)
    }
}

/// A clock that says what it is told (tests, and the CLI's `COLDSTART_NOW`).
#[derive(Debug)]
pub struct FixedClock {
    now: AtomicI64,
    offset: i32,
}

impl FixedClock {
    /// A clock stopped at `now_ms`, in a time zone `offset_secs` ahead of UTC.
    pub fn new(now_ms: i64, offset_secs: i32) -> Self {
        FixedClock {
            now: AtomicI64::new(now_ms),
            offset: offset_secs,
        }
    }
    /// Move the clock forward (or back).
    pub fn advance_secs(&self, secs: i64) {
        self.now.fetch_add(secs * 1000, Ordering::SeqCst);
    }
    /// Set the time.
    pub fn set_ms(&self, ms: i64) {
        self.now.store(ms, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.now.load(Ordering::SeqCst)
    }
    fn utc_offset_secs(&self, _at_ms: i64) -> i32 {
        self.offset
    }
}

/// A clock that starts at a given instant and then runs with the system clock: the desktop app
/// under `COLDSTART_NOW`, where exam timers must still move.
#[derive(Debug)]
pub struct StartedClock {
    start_ms: i64,
    since: std::time::Instant,
    offset: i32,
}

impl StartedClock {
    /// A running clock that reads `start_ms` now, in a time zone `offset_secs` ahead of UTC.
    pub fn new(start_ms: i64, offset_secs: i32) -> Self {
        StartedClock {
            start_ms,
            since: std::time::Instant::now(),
            offset: offset_secs,
        }
    }
}

impl Clock for StartedClock {
    fn now_ms(&self) -> i64 {
        self.start_ms + self.since.elapsed().as_millis() as i64
    }
    fn utc_offset_secs(&self, _at_ms: i64) -> i32 {
        self.offset
    }
}

/// Read a pinned time: unix seconds (`1767225600`) or RFC 3339 (`2026-01-01T09:00:00+01:00`).
pub fn parse_pinned_time(text: &str) -> crate::Result<i64> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(secs) => Ok(secs * 1000),
        Err(_) => chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.timestamp_millis())
            .map_err(|_| {
                crate::Error::InvalidInput(format!(
                    "COLDSTART_NOW={text:?}: expected unix seconds or an RFC 3339 time"
                ))
            }),
    }
}

/// The clock `COLDSTART_NOW` asks for (`None` when it is unset): the CLI and the desktop app read
/// it with this one rule. `running: false` stops the clock at that instant (one-shot commands
/// see the same time throughout); `running: true` starts it there and lets it run (an app,
/// whose exam timers must move). The time zone is the system's at that instant.
pub fn clock_from_env(running: bool) -> crate::Result<Option<std::sync::Arc<dyn Clock>>> {
    let Ok(v) = std::env::var("COLDSTART_NOW") else {
        return Ok(None);
    };
    let ms = parse_pinned_time(&v)?;
    let offset = SystemClock.utc_offset_secs(ms);
    Ok(Some(if running {
        std::sync::Arc::new(StartedClock::new(ms, offset))
    } else {
        std::sync::Arc::new(FixedClock::new(ms, offset))
    }))
}

crate::text_enum::text_enum! {
    /// What an undoable step did (the `undo_log.op` column).
    pub enum UndoOp {
        /// Answered a card.
        Answer = "answer",
        /// Suspended a card.
        Suspend = "suspend",
        /// Brought a suspended card back.
        Unsuspend = "unsuspend",
        /// Buried a card until tomorrow.
        Bury = "bury",
        /// Set or cleared a card's flag.
        Flag = "flag",
        /// Reset cards to new (the card browser).
        Forget = "forget",
        /// Set cards' due dates (the card browser).
        SetDue = "set_due",
        /// Rescheduled cards with the current parameters (the card browser).
        Reschedule = "reschedule",
        /// Edited a card's text (the card browser).
        Edit = "edit",
    }
}

crate::text_enum::text_enum! {
    /// What a card source is (the `card_sources.kind` column).
    pub enum CardSourceKind {
        /// A note (bundled or imported).
        Note = "note",
        /// The fact base, `content/facts.toml`.
        Facts = "facts",
        /// The simulator exercises.
        Sim = "sim",
        /// Exam questions the learner missed.
        Quiz = "quiz",
    }
}

/// How well the learner remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Forgot.
    Again = 1,
    /// Remembered with difficulty.
    Hard = 2,
    /// Remembered.
    Good = 3,
    /// Remembered easily.
    Easy = 4,
}

impl Rating {
    /// All four, in order.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// 1–4.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// From 1–4.
    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get((n as usize).wrapping_sub(1)).copied()
    }

    /// `again`, `hard`, `good`, `easy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

impl std::str::FromStr for Rating {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "again" | "1" => Ok(Rating::Again),
            "hard" | "2" => Ok(Rating::Hard),
            "good" | "3" => Ok(Rating::Good),
            "easy" | "4" => Ok(Rating::Easy),
            other => Err(crate::Error::InvalidInput(format!(
                "grade {other:?}: expected again, hard, good or easy (or 1-4)"
            ))),
        }
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum CardState {
    /// Never answered.
    New = 0,
    /// In its first learning steps (minutes apart).
    Learning = 1,
    /// Graduated: scheduled in days by FSRS.
    Review = 2,
    /// Forgotten after graduating: back in (re)learning steps.
    Relearning = 3,
}

impl CardState {
    /// From the stored number.
    pub fn from_i64(n: i64) -> CardState {
        match n {
            1 => CardState::Learning,
            2 => CardState::Review,
            3 => CardState::Relearning,
            _ => CardState::New,
        }
    }
    /// `new`, `learning`, `review`, `relearning`.
    pub fn as_str(self) -> &'static str {
        match self {
            CardState::New => "new",
            CardState::Learning => "learning",
            CardState::Review => "review",
            CardState::Relearning => "relearning",
        }
    }
}

/// A card's scheduling state (what an answer changes, and what undo restores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Sched {
    /// State.
    pub state: CardState,
    /// Index in the (re)learning steps.
    pub step: u32,
    /// When it is due (unix ms).
    pub due_ms: i64,
    /// Interval scheduled by the last answer, in days (0 while in steps).
    pub interval_days: u32,
    /// FSRS stability (days).
    pub stability: Option<f32>,
    /// FSRS difficulty (1–10).
    pub difficulty: Option<f32>,
    /// Last answered (unix ms).
    pub last_review_ms: Option<i64>,
    /// Times answered.
    pub reps: u32,
    /// Times forgotten after graduating.
    pub lapses: u32,
    /// 0 no, 1 by the learner, 2 because its source is gone.
    pub suspended: u8,
    /// Study day from which it shows again (0: not buried).
    pub buried_until: i64,
    /// Flag (0 none, 1–7 colours as in Anki).
    pub flag: u8,
    /// Content changed since last answered.
    pub changed: bool,
}

impl Sched {
    /// A new card's state.
    pub fn new_card() -> Self {
        Sched {
            state: CardState::New,
            step: 0,
            due_ms: 0,
            interval_days: 0,
            stability: None,
            difficulty: None,
            last_review_ms: None,
            reps: 0,
            lapses: 0,
            suspended: 0,
            buried_until: 0,
            flag: 0,
            changed: false,
        }
    }
}

/// One row of the review log (what Anki's revlog keeps, plus FSRS memory before and after).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevlogEntry {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// Card.
    pub card_id: String,
    /// When (unix ms).
    pub reviewed_at_ms: i64,
    /// Study day.
    pub day: i64,
    /// Grade.
    pub rating: Rating,
    /// State before the answer.
    pub state_before: CardState,
    /// State after.
    pub state_after: CardState,
    /// Study days since the previous answer (0 for a new card).
    pub elapsed_days: i64,
    /// Scheduled interval: days if positive, seconds if negative (as Anki's `ivl`).
    pub interval: i64,
    /// The previous scheduled interval, same convention.
    pub last_interval: i64,
    /// Stability before.
    pub stability_before: Option<f32>,
    /// Difficulty before.
    pub difficulty_before: Option<f32>,
    /// Stability after.
    pub stability_after: f32,
    /// Difficulty after.
    pub difficulty_after: f32,
    /// Due after the answer (unix ms).
    pub due_after_ms: i64,
    /// Time taken to answer (ms).
    pub taken_ms: i64,
}

/// The study day of an instant, and the instants days start at, for one clock reading.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Now (unix ms).
    pub now_ms: i64,
    /// Today's study day number.
    pub today: i64,
    /// Local offset used (seconds).
    pub offset_secs: i32,
    /// Hour (local) a study day starts at.
    pub rollover_hour: u8,
}

impl Timing {
    /// Timing at the clock's current time.
    pub fn new(clock: &dyn Clock, rollover_hour: u8) -> Self {
        let now_ms = clock.now_ms();
        let offset_secs = clock.utc_offset_secs(now_ms);
        let mut t = Timing {
            now_ms,
            today: 0,
            offset_secs,
            rollover_hour,
        };
        t.today = t.day_of(now_ms);
        t
    }

    /// Study day of an instant.
    pub fn day_of(&self, ms: i64) -> i64 {
        let local = ms.div_euclid(1000) + self.offset_secs as i64 - self.rollover_hour as i64 * 3600;
        local.div_euclid(86_400)
    }

    /// When a study day starts (unix ms).
    pub fn day_start_ms(&self, day: i64) -> i64 {
        (day * 86_400 + self.rollover_hour as i64 * 3600 - self.offset_secs as i64) * 1000
    }

    /// When today ends (the next day boundary, unix ms).
    pub fn next_day_start_ms(&self) -> i64 {
        self.day_start_ms(self.today + 1)
    }
}

/// The calendar date (`YYYY-MM-DD`) a study day is named after.
pub fn day_date(day: i64) -> String {
    chrono::DateTime::from_timestamp(day * 86_400, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A short human interval: `45s`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`.
pub fn format_interval(secs: i64) -> String {
    let s = secs.max(0) as f64;
    if s < 60.0 {
        format!("{}s", s as i64)
    } else if s < 3600.0 {
        format!("{}m", (s / 60.0).round() as i64)
    } else if s < 86_400.0 {
        format!("{}h", (s / 3600.0).round() as i64)
    } else if s < 30.0 * 86_400.0 {
        format!("{}d", (s / 86_400.0).round() as i64)
    } else if s < 365.0 * 86_400.0 {
        let mo = s / (30.0 * 86_400.0);
        format!("{}mo", trim1(mo))
    } else {
        format!("{}y", trim1(s / (365.0 * 86_400.0)))
    }
}

fn trim1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_time_is_unix_seconds_or_rfc3339_and_a_started_clock_runs_from_it() {
        assert_eq!(parse_pinned_time(" 1767225600 ").unwrap(), 1_767_225_600_000);
        assert_eq!(
            parse_pinned_time("2026-01-01T01:00:00+01:00").unwrap(),
            1_767_225_600_000
        );
        let e = parse_pinned_time("tomorrow").unwrap_err();
        assert_eq!(e.kind(), "invalid_input");
        assert!(e.to_string().contains("COLDSTART_NOW"), "{e}");
        let c = StartedClock::new(1_000, 7200);
        let first = c.now_ms();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(first >= 1_000 && c.now_ms() >= first + 20, "it runs");
        assert_eq!(c.utc_offset_secs(0), 7200);
    }

    #[test]
    fn day_boundary_is_4am_local() {
        // 2026-11-20 03:30 local (UTC+1) is still study day 2026-11-19.
        let clock = FixedClock::new(chrono_ms("2026-11-20T02:30:00Z"), 3600);
        let t = Timing::new(&clock, 4);
        assert_eq!(day_date(t.today), "2026-11-19");
        clock.set_ms(chrono_ms("2026-11-20T03:00:00Z")); // 04:00 local
        let t = Timing::new(&clock, 4);
        assert_eq!(day_date(t.today), "2026-11-20");
        assert_eq!(t.day_start_ms(t.today), chrono_ms("2026-11-20T03:00:00Z"));
    }

    #[test]
    fn intervals_read_well() {
        assert_eq!(format_interval(60), "1m");
        assert_eq!(format_interval(600), "10m");
        assert_eq!(format_interval(86_400 * 3), "3d");
        assert_eq!(format_interval(86_400 * 45), "1.5mo");
        assert_eq!(format_interval(86_400 * 730), "2y");
    }

    pub(crate) fn chrono_ms(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    }
}
