//! The review half of the [`Library`] facade: cards, the due queue, answering, undo, settings,
//! statistics and optimisation. The CLI and the Tauri commands call these and nothing else.

use crate::error::OrNotFound;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use fsrs::FSRS;
use serde::{Deserialize, Serialize};

use super::scheduler::{schedule, SchedConfig};
use super::settings::{ParamsSnapshot, ReviewSettings};
use super::stats::{self, Stats};
use super::{format_interval, CardSourceKind, CardState, Clock, Rating, Sched, SystemClock, Timing, UndoOp};
use crate::cards::{self, CardKind, CardSource};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::store::{CardRecord, Store};

/// Learning cards due within this many seconds are shown when nothing else is left (as Anki's
/// "learn ahead limit").
pub const LEARN_AHEAD_SECS: i64 = 20 * 60;
/// Reviews (review log rows with a long-term interval) needed before optimising.
pub const MIN_REVIEWS_TO_OPTIMIZE: usize = 400;
/// Bumped when card generation changes, so every source is regenerated once.
pub(crate) const GENERATOR_VERSION: &str = "cards-v1";

/// Review state kept by the library: the clock.
pub(crate) struct ReviewState {
    clock: RwLock<Arc<dyn Clock>>,
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState {
            clock: RwLock::new(Arc::new(SystemClock)),
        }
    }
}

/// A card as the learner sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CardInfo {
    /// Stable id.
    pub id: String,
    /// Kind.
    pub kind: CardKind,
    /// Written as a card by the author (not generated).
    pub explicit: bool,
    /// Service.
    pub service: String,
    /// Question side (the learner's version if edited).
    pub front: String,
    /// Answer side (the learner's version if edited).
    pub back: String,
    /// The learner edited front or back.
    pub edited: bool,
    /// Where it comes from (file, anchor, heading path, line): link to `file#anchor`.
    pub source: CardSource,
    /// The sentence or block it was made from.
    pub context: String,
    /// State.
    pub state: CardState,
    /// Due (unix ms; 0 for new cards).
    pub due: i64,
    /// Last scheduled interval in days (0 while in steps).
    pub interval_days: u32,
    /// FSRS stability (days).
    pub stability: Option<f32>,
    /// FSRS difficulty (1–10).
    pub difficulty: Option<f32>,
    /// Times answered.
    pub reps: u32,
    /// Times forgotten.
    pub lapses: u32,
    /// Not shown in reviews (by the learner, or because its source is gone).
    pub suspended: bool,
    /// Its source is gone.
    pub missing: bool,
    /// Buried until the next study day.
    pub buried: bool,
    /// Flag 0–7 (0: none).
    pub flag: u8,
    /// Content changed since last answered.
    pub changed: bool,
}

/// A card in the due queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueItem {
    /// Card id.
    pub id: String,
    /// Kind.
    pub kind: CardKind,
    /// Service.
    pub service: String,
    /// Question side.
    pub front: String,
    /// State.
    pub state: CardState,
    /// Due (unix ms).
    pub due: i64,
}

/// What is due today, within the daily limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DueSummary {
    /// Today's study day (`YYYY-MM-DD`).
    pub date: String,
    /// New cards still to introduce today.
    pub new: i64,
    /// Learning cards due now.
    pub learning: i64,
    /// Review cards still to do today.
    pub review: i64,
    /// new + learning + review.
    pub total: i64,
    /// Answers given today.
    pub done_today: i64,
    /// New cards introduced today.
    pub new_done: i64,
    /// Review cards answered today.
    pub reviews_done: i64,
    /// Daily new-card limit.
    pub new_limit: u32,
    /// Daily review limit.
    pub review_limit: u32,
    /// Review cards due (not limited).
    pub review_due_total: i64,
    /// When the next learning card falls due later today (unix ms), if any.
    pub next_learning_due: Option<i64>,
    /// When the next study day starts (unix ms): the `day_starts_at` hour in local time, after now.
    pub next_day_starts_at: i64,
    /// The cards, in the order they will be shown (learning, review, new).
    pub queue: Vec<QueueItem>,
}

/// The next interval a grade would give.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GradePreview {
    /// Grade.
    pub rating: Rating,
    /// Human interval (`10m`, `3d`, `1.5mo`).
    pub interval: String,
    /// Seconds until due.
    pub interval_secs: i64,
    /// Due (unix ms).
    pub due: i64,
    /// State afterwards.
    pub state: CardState,
}

/// The card to show now, with the interval each grade would give and the day's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewCard {
    /// The card.
    pub card: CardInfo,
    /// Again, hard, good, easy.
    pub previews: Vec<GradePreview>,
    /// Counts left today (including this card).
    pub new: i64,
    /// Learning cards due.
    pub learning: i64,
    /// Reviews left.
    pub review: i64,
    /// Answers given today.
    pub done_today: i64,
}

/// What an answer did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AnswerResult {
    /// Card.
    pub card_id: String,
    /// Grade given.
    pub rating: Rating,
    /// Review log row.
    pub revlog_id: i64,
    /// State now.
    pub state: CardState,
    /// Next due (unix ms).
    pub due: i64,
    /// Next due, RFC 3339 in local time.
    pub due_at: String,
    /// Human interval.
    pub interval: String,
    /// Interval in days (0 while in steps).
    pub interval_days: u32,
    /// Seconds until due.
    pub interval_secs: i64,
    /// FSRS stability (days).
    pub stability: f32,
    /// FSRS difficulty (1–10).
    pub difficulty: f32,
    /// Steps that can be undone now.
    pub undo_available: i64,
}

/// What an undo did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UndoResult {
    /// The step undone.
    pub op: UndoOp,
    /// The card restored.
    pub card_id: String,
    /// Steps still undoable.
    pub undo_available: i64,
}

/// Which cards to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CardFilter {
    /// Only this service.
    #[serde(default)]
    pub service: Option<String>,
    /// At most this many (default 1000).
    #[serde(default)]
    pub limit: Option<usize>,
    /// Skip this many.
    #[serde(default)]
    pub offset: Option<usize>,
}

/// What syncing cards with their sources did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// Sources (notes, facts, simulators) whose cards were regenerated.
    pub sources: usize,
    /// Cards added.
    pub added: usize,
    /// Cards whose content changed (history kept, marked changed).
    pub changed: usize,
    /// Cards whose source is gone (kept, suspended).
    pub missing: usize,
    /// Missing cards whose source came back.
    pub revived: usize,
    /// Generated cards skipped as duplicates of existing ones.
    pub duplicates: usize,
}

/// Progress of an optimisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OptimizeProgress {
    /// Work done.
    pub current: usize,
    /// Work in all (0 while unknown).
    pub total: usize,
}

crate::text_enum::text_enum! {
    /// How an optimisation (or going back from one) ended.
    pub enum OptimizeStatus {
        /// New parameters were fitted and are in use.
        Optimized = "optimized",
        /// Too few reviews: nothing changed.
        NotEnoughReviews = "not_enough_reviews",
        /// The parameters in use before the last optimisation are back.
        Restored = "restored",
        /// New parameters were fitted but did not beat the ones in use (log loss), which stay.
        KeptPrevious = "kept_previous",
    }
}

/// What an optimisation did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OptimizeReport {
    /// How it ended.
    pub status: OptimizeStatus,
    /// Review log rows usable for training (reviews after at least a day).
    pub reviews: usize,
    /// Needed before optimising.
    pub needed: usize,
    /// Parameters in use now.
    pub params: Vec<f32>,
    /// Parameters before (empty: the defaults).
    pub previous: Vec<f32>,
    /// For a person.
    pub message: String,
    /// How well the previous and the new parameters predict the learner's reviews (absent when
    /// there were too few to optimise).
    pub evaluation: Option<OptimizeEvaluation>,
}

/// Log loss and RMSE (binned, as Anki shows them) of the parameters in use and of the new fit,
/// on the learner's own reviews. The new ones are kept only with a lower log loss.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OptimizeEvaluation {
    /// Log loss with the parameters in use before.
    pub previous_log_loss: f32,
    /// RMSE (bins) with the parameters in use before.
    pub previous_rmse: f32,
    /// Log loss with the new fit.
    pub new_log_loss: f32,
    /// RMSE (bins) with the new fit.
    pub new_rmse: f32,
}

/// What restoring a backup did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestoreReport {
    /// The backup copied in.
    pub restored_from: String,
    /// Where the damaged database was moved (never overwritten).
    pub moved_aside: Option<String>,
}

pub(crate) fn info(rec: CardRecord, today: i64) -> CardInfo {
    CardInfo {
        edited: rec.front_override.is_some() || rec.back_override.is_some(),
        front: rec.front_override.unwrap_or(rec.front),
        back: rec.back_override.unwrap_or(rec.back),
        id: rec.id,
        kind: rec.kind,
        explicit: rec.explicit,
        service: rec.service,
        source: rec.source,
        context: rec.context,
        state: rec.sched.state,
        due: rec.sched.due_ms,
        interval_days: rec.sched.interval_days,
        stability: rec.sched.stability,
        difficulty: rec.sched.difficulty,
        reps: rec.sched.reps,
        lapses: rec.sched.lapses,
        suspended: rec.sched.suspended > 0,
        missing: rec.missing,
        buried: rec.sched.buried_until > today,
        flag: rec.sched.flag,
        changed: rec.sched.changed,
    }
}

fn queue_item(rec: &CardRecord) -> QueueItem {
    QueueItem {
        id: rec.id.clone(),
        kind: rec.kind,
        service: rec.service.clone(),
        front: rec.front_override.clone().unwrap_or_else(|| rec.front.clone()),
        state: rec.sched.state,
        due: rec.sched.due_ms,
    }
}

pub(crate) fn local_rfc3339(ms: i64, offset_secs: i32) -> String {
    let offset =
        chrono::FixedOffset::east_opt(offset_secs).unwrap_or(chrono::FixedOffset::east_opt(0).unwrap());
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            d.with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        })
        .unwrap_or_default()
}

pub(crate) fn settings_of(store: &Store) -> Result<ReviewSettings> {
    let pairs = store.settings_with_prefix("review.")?;
    Ok(ReviewSettings::from_pairs(|k| pairs.get(k).cloned()))
}

pub(crate) fn fsrs_of(s: &ReviewSettings) -> Result<FSRS> {
    FSRS::new(&s.fsrs_params)
        .or_else(|_| FSRS::new(&[]))
        .map_err(|e| Error::InvalidInput(format!("FSRS: {e}")))
}

/// Counts for today within the limits: `(new left, reviews left, done summary)`.
struct Today {
    new_left: i64,
    review_left: i64,
    done: crate::store::DayRow,
}

fn today_of(store: &Store, s: &ReviewSettings, t: &Timing) -> Result<Today> {
    let done = store.day_summary(t.today)?;
    // While an exam date is set, the plan sets the daily limits.
    let (new_per_day, reviews_per_day) = crate::plan::api::daily_limits(store, s, t);
    Ok(Today {
        new_left: (new_per_day as i64 - done.new_count).max(0),
        review_left: (reviews_per_day as i64 - done.review_count).max(0),
        done,
    })
}

impl Library {
    /// Use another clock (tests; the CLI's `COLDSTART_NOW`).
    pub fn set_clock(&self, clock: Arc<dyn Clock>) {
        *self.review.clock.write().expect("clock lock") = clock;
    }

    pub(crate) fn timing(&self, s: &ReviewSettings) -> Timing {
        let clock = self.review.clock.read().expect("clock lock").clone();
        Timing::new(clock.as_ref(), s.day_starts_at)
    }

    /// Now, by the library's clock (the one [`Library::set_clock`] sets).
    pub(crate) fn now_ms(&self) -> i64 {
        self.review.clock.read().expect("clock lock").now_ms()
    }

    /// Bring the cards up to date with the notes, the fact base and the simulators, regenerating
    /// only the sources that changed since last time. Called on open and after each import.
    pub fn sync_cards(&self) -> Result<SyncReport> {
        self.sync_cards_with(Default::default())
    }

    /// Turn every exam question the learner missed into a card (once per question), and bring
    /// back to the queue, due now, a question card missed again since its last review.
    pub fn sync_question_cards(&self) -> Result<SyncReport> {
        let now = self.now_ms();
        // Misses come newest first, so a question's first one is its latest.
        let mut seen = std::collections::HashSet::new();
        let mut generated = Vec::new();
        let mut latest_miss = Vec::new();
        for m in self.missed_questions()? {
            let Some(q) = &m.question else { continue };
            if seen.insert(m.question_id.clone()) {
                generated.push(cards::from_question(q));
                latest_miss.push(m.at);
            }
        }
        let mut h = blake3::Hasher::new();
        for c in &generated {
            h.update(c.id.as_bytes());
        }
        let want = format!("{GENERATOR_VERSION}:{}", h.finalize().to_hex());
        let mut report = SyncReport::default();
        let c = self
            .store()
            .sync_card_source("quiz", CardSourceKind::Quiz, Some(&want), &generated, now)?;
        report.sources = 1;
        report.added = c.added;
        report.changed = c.changed;
        report.revived = c.revived;
        for (c, at) in generated.iter().zip(latest_miss) {
            self.store().reactivate_card(&c.id, at, now)?;
        }
        Ok(report)
    }

    /// The review settings.
    pub fn review_settings(&self) -> Result<ReviewSettings> {
        settings_of(&self.store())
    }

    /// Change one review setting (see [`super::SETTING_KEYS`]); returns all settings.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<ReviewSettings> {
        let store = self.store();
        let mut s = settings_of(&store)?;
        let normalised = s.apply(key, value)?;
        store.set_setting(&format!("review.{key}"), &normalised)?;
        Ok(s)
    }

    /// One card.
    pub fn card(&self, id: &str) -> Result<CardInfo> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let rec = store.card(id)?.or_not_found(format_args!("card {id:?}"))?;
        Ok(info(rec, t.today))
    }

    /// Cards, optionally of one service.
    pub fn list_cards(&self, filter: &CardFilter) -> Result<Vec<CardInfo>> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let service = filter.service.as_deref().filter(|s| !s.is_empty());
        Ok(store
            .cards(service, filter.limit.unwrap_or(1000), filter.offset.unwrap_or(0))?
            .into_iter()
            .map(|r| info(r, t.today))
            .collect())
    }

    /// Today's counts (within the daily limits) and the queue.
    pub fn due(&self) -> Result<DueSummary> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let today = today_of(&store, &s, &t)?;
        let learning = store.learning_due(t.now_ms, t.today, 10_000)?;
        let reviews = store.review_due(t.next_day_start_ms(), t.today, today.review_left as usize)?;
        let new = store.new_cards(t.today, today.new_left as usize)?;
        let (_, review_due_total, _) = store.due_counts(t.now_ms, t.next_day_start_ms(), t.today)?;
        let next_learning_due = store
            .learning_due(t.next_day_start_ms(), t.today, learning.len() + 1)?
            .into_iter()
            .map(|c| c.sched.due_ms)
            .find(|&d| d > t.now_ms);
        let queue: Vec<QueueItem> = learning
            .iter()
            .chain(&reviews)
            .chain(&new)
            .map(queue_item)
            .collect();
        Ok(DueSummary {
            date: super::day_date(t.today),
            new: new.len() as i64,
            learning: learning.len() as i64,
            review: reviews.len() as i64,
            total: queue.len() as i64,
            done_today: today.done.count,
            new_done: today.done.new_count,
            reviews_done: today.done.review_count,
            new_limit: s.new_per_day,
            review_limit: s.reviews_per_day,
            review_due_total,
            next_learning_due,
            next_day_starts_at: t.next_day_start_ms(),
            queue,
        })
    }

    /// The card to study now (learning cards due, then reviews, then new cards, then learning
    /// cards due within 20 minutes), with the interval each grade would give; `None` when done.
    pub fn next_card(&self) -> Result<Option<ReviewCard>> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let today = today_of(&store, &s, &t)?;
        let (learning, review_due, new_avail) = store.due_counts(t.now_ms, t.next_day_start_ms(), t.today)?;
        let review = review_due.min(today.review_left);
        let new = new_avail.min(today.new_left);
        let mut pick = store.learning_due(t.now_ms, t.today, 1)?.pop();
        if pick.is_none() && review > 0 {
            pick = store.review_due(t.next_day_start_ms(), t.today, 1)?.pop();
        }
        if pick.is_none() && new > 0 {
            pick = store.new_cards(t.today, 1)?.pop();
        }
        if pick.is_none() {
            pick = store
                .learning_due(
                    (t.now_ms + LEARN_AHEAD_SECS * 1000).min(t.next_day_start_ms() - 1),
                    t.today,
                    1,
                )?
                .pop();
        }
        let Some(rec) = pick else {
            return Ok(None);
        };
        let previews = previews_of(&s, &t, &rec)?;
        Ok(Some(ReviewCard {
            card: info(rec, t.today),
            previews,
            new,
            learning,
            review,
            done_today: today.done.count,
        }))
    }

    /// The interval each grade would give a card answered now.
    pub fn preview(&self, id: &str) -> Result<Vec<GradePreview>> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let rec = store.card(id)?.or_not_found(format_args!("card {id:?}"))?;
        previews_of(&s, &t, &rec)
    }

    /// Answer a card: schedule it with FSRS and store the card, the review log row and the undo
    /// step in one transaction.
    pub fn answer(&self, id: &str, rating: Rating, taken_ms: Option<i64>) -> Result<AnswerResult> {
        let mut store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let rec = store.card(id)?.or_not_found(format_args!("card {id:?}"))?;
        if rec.sched.suspended > 0 {
            return Err(Error::InvalidInput(format!(
                "card {id} is suspended{}; unsuspend it first",
                if rec.missing {
                    " (its source note is gone)"
                } else {
                    ""
                }
            )));
        }
        let fsrs = fsrs_of(&s)?;
        let cfg = SchedConfig {
            desired_retention: s.desired_retention,
            learning_steps: &s.learning_steps,
            relearning_steps: &s.relearning_steps,
            max_interval: s.max_interval,
        };
        let outcomes = schedule(&fsrs, &cfg, id, &rec.sched, &t, taken_ms.unwrap_or(0))?;
        let mut o = outcomes[rating as usize - 1].clone();
        // While an exam date is set, the plan places the next review.
        let ordinary_due = o.after.due_ms;
        crate::plan::api::adjust_after_answer(&store, &s, &t, &rec, &mut o.after)?;
        if o.after.due_ms != ordinary_due {
            o.log.due_after_ms = o.after.due_ms;
            o.interval_secs = (o.after.due_ms - t.day_start_ms(t.today)).max(0) / 1000;
        }
        let revlog_id = store.record_answer(&rec.sched, &o.after, &o.log)?;
        let undo_available = store.undo_depth()?;
        Ok(AnswerResult {
            card_id: id.to_string(),
            rating,
            revlog_id,
            state: o.after.state,
            due: o.after.due_ms,
            due_at: local_rfc3339(o.after.due_ms, t.offset_secs),
            interval: format_interval(o.interval_secs),
            interval_days: o.after.interval_days,
            interval_secs: o.interval_secs,
            stability: o.log.stability_after,
            difficulty: o.log.difficulty_after,
            undo_available,
        })
    }

    /// Undo the latest answer (or suspend, bury, flag), even one made before a restart.
    pub fn undo(&self) -> Result<Option<UndoResult>> {
        let now = self.now_ms();
        let mut store = self.store();
        let Some((op, card_id)) = store.undo_last(now)? else {
            return Ok(None);
        };
        Ok(Some(UndoResult {
            op,
            card_id,
            undo_available: store.undo_depth()?,
        }))
    }

    fn change(&self, id: &str, op: UndoOp, f: impl FnOnce(&mut Sched, i64)) -> Result<CardInfo> {
        let mut store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let rec = store.card(id)?.or_not_found(format_args!("card {id:?}"))?;
        let mut after = rec.sched.clone();
        f(&mut after, t.today);
        if after != rec.sched {
            store.record_change(op, id, &rec.sched, &after, t.now_ms)?;
        }
        let rec = store.card(id)?.or_not_found(format_args!("card {id:?}"))?;
        Ok(info(rec, t.today))
    }

    /// Suspend (or unsuspend) a card. Undoable.
    pub fn suspend(&self, id: &str, suspended: bool) -> Result<CardInfo> {
        self.change(
            id,
            if suspended {
                UndoOp::Suspend
            } else {
                UndoOp::Unsuspend
            },
            |s, _| {
                s.suspended = if suspended { 1 } else { 0 };
            },
        )
    }

    /// Hide a card until the next study day. Undoable.
    pub fn bury(&self, id: &str) -> Result<CardInfo> {
        self.change(id, UndoOp::Bury, |s, today| s.buried_until = today + 1)
    }

    /// Flag a card (0 clears; 1–7 as Anki's colours). Undoable.
    pub fn flag(&self, id: &str, flag: u8) -> Result<CardInfo> {
        if flag > 7 {
            return Err(Error::InvalidInput(format!(
                "flag {flag}: expected 0 (none) to 7"
            )));
        }
        self.change(id, UndoOp::Flag, |s, _| s.flag = flag)
    }

    /// Override a card's front and/or back (`Some("")` goes back to the generated text; `None`
    /// leaves that side as it is). Overrides survive re-generation.
    pub fn edit_card(&self, id: &str, front: Option<&str>, back: Option<&str>) -> Result<CardInfo> {
        let now = self.now_ms();
        {
            let store = self.store();
            let rec = store.card(id)?.or_not_found(format_args!("card {id:?}"))?;
            let pick = |new: Option<&str>, old: Option<String>, generated: &str| -> Option<String> {
                match new {
                    None => old,
                    Some(t) if t.trim().is_empty() || t == generated => None,
                    Some(t) => Some(t.to_string()),
                }
            };
            let f = pick(front, rec.front_override.clone(), &rec.front);
            let b = pick(back, rec.back_override.clone(), &rec.back);
            store.set_overrides(id, f.as_deref(), b.as_deref(), now)?;
        }
        self.card(id)
    }

    /// Statistics: reviews per day, 30-day forecast, true retention by month, card states,
    /// mastery per service.
    pub fn stats(&self) -> Result<Stats> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        stats::compute(&store, &t, &s)
    }

    /// Optimise the FSRS parameters from the learner's own review log (the `fsrs` crate's
    /// optimiser), reporting progress. With too few reviews nothing changes and the report says
    /// so. The previous parameters are kept ([`Library::restore_previous_parameters`]).
    pub fn optimize(&self, progress: &mut dyn FnMut(&OptimizeProgress)) -> Result<OptimizeReport> {
        let (rows, s) = {
            let store = self.store();
            (store.training_reviews()?, settings_of(&store)?)
        };
        let items = training_items(&rows);
        let reviews = items.len();
        if reviews < MIN_REVIEWS_TO_OPTIMIZE {
            return Ok(OptimizeReport {
                status: OptimizeStatus::NotEnoughReviews,
                reviews,
                needed: MIN_REVIEWS_TO_OPTIMIZE,
                params: s.fsrs_params.clone(),
                previous: s.fsrs_params,
                message: format!(
                    "not enough reviews to optimise yet: {reviews} of the {MIN_REVIEWS_TO_OPTIMIZE} needed \
                     (reviews of cards seen on an earlier day count); the parameters were not changed"
                ),
                evaluation: None,
            });
        }
        // Evaluated on reviews a day or more after the one before (a same-day review has a
        // predicted recall of 1, which no log loss survives an Again on).
        let eval_set: Vec<fsrs::FSRSItem> = items
            .iter()
            .filter(|(_, i)| i.reviews.last().is_some_and(|r| r.delta_t > 0))
            .map(|(_, i)| i.clone())
            .collect();
        let params = optimize_items(items, progress)?;
        // As Anki: keep the parameters in use unless the new ones predict the reviews better.
        let evaluate = |p: &[f32]| -> Result<fsrs::ModelEvaluation> {
            FSRS::new(p)
                .and_then(|f| f.evaluate(eval_set.clone(), |_| true))
                .map_err(|e| Error::InvalidInput(format!("FSRS evaluation: {e}")))
        };
        let old_eval = evaluate(&s.fsrs_params)?;
        let new_eval = evaluate(&params)?;
        let evaluation = Some(OptimizeEvaluation {
            previous_log_loss: old_eval.log_loss,
            previous_rmse: old_eval.rmse_bins,
            new_log_loss: new_eval.log_loss,
            new_rmse: new_eval.rmse_bins,
        });
        if new_eval.log_loss >= old_eval.log_loss {
            return Ok(OptimizeReport {
                status: OptimizeStatus::KeptPrevious,
                reviews,
                needed: MIN_REVIEWS_TO_OPTIMIZE,
                message: format!(
                    "kept the parameters in use: the new fit does not predict your {reviews} reviews better \
                     (log loss {:.4} vs {:.4}, RMSE {:.2}% vs {:.2}%)",
                    new_eval.log_loss,
                    old_eval.log_loss,
                    new_eval.rmse_bins * 100.0,
                    old_eval.rmse_bins * 100.0
                ),
                params: s.fsrs_params.clone(),
                previous: s.fsrs_params,
                evaluation,
            });
        }
        let mut store = self.store();
        let mut history = params_history(&store)?;
        history.push(ParamsSnapshot {
            params: s.fsrs_params.clone(),
            replaced_at: self.now_ms(),
        });
        // One transaction: a kill can never leave new parameters without the old ones kept.
        store.set_settings(&[
            (
                "review.fsrs_params_history",
                &serde_json::to_string(&history).unwrap_or_default(),
            ),
            (
                "review.fsrs_params",
                &serde_json::to_string(&params).unwrap_or_default(),
            ),
        ])?;
        Ok(OptimizeReport {
            status: OptimizeStatus::Optimized,
            reviews,
            needed: MIN_REVIEWS_TO_OPTIMIZE,
            message: format!(
                "optimised the FSRS parameters from {reviews} reviews (log loss {:.4}, was {:.4}; RMSE {:.2}%, \
                 was {:.2}%); the previous ones are kept",
                new_eval.log_loss,
                old_eval.log_loss,
                new_eval.rmse_bins * 100.0,
                old_eval.rmse_bins * 100.0
            ),
            params,
            previous: s.fsrs_params,
            evaluation,
        })
    }

    /// Go back to the parameters in use before the last optimisation, as a report like
    /// [`Library::optimize`]'s (status `restored`; `previous` holds the parameters replaced).
    pub fn restore_previous_optimization(&self) -> Result<OptimizeReport> {
        let before = self.review_settings()?.fsrs_params;
        let s = self.restore_previous_parameters()?;
        Ok(OptimizeReport {
            status: OptimizeStatus::Restored,
            reviews: 0,
            needed: 0,
            params: s.fsrs_params,
            previous: before,
            message: "went back to the previous FSRS parameters".into(),
            evaluation: None,
        })
    }

    /// Go back to the parameters in use before the last optimisation.
    pub fn restore_previous_parameters(&self) -> Result<ReviewSettings> {
        let mut store = self.store();
        let mut history = params_history(&store)?;
        let params = history
            .pop()
            .or_not_found("earlier FSRS parameters (never optimised)")?
            .params;
        store.set_settings(&[
            (
                "review.fsrs_params",
                &serde_json::to_string(&params).unwrap_or_default(),
            ),
            (
                "review.fsrs_params_history",
                &serde_json::to_string(&history).unwrap_or_default(),
            ),
        ])?;
        settings_of(&store)
    }

    /// Move a damaged `coldstart.db` in `data_dir` aside (never overwriting anything) and copy
    /// the newest backup in its place. Call before [`Library::open`].
    pub fn restore_latest_backup(data_dir: &Path) -> Result<RestoreReport> {
        let (from, aside) = Store::restore_latest_backup(&data_dir.join("coldstart.db"))?;
        Ok(RestoreReport {
            restored_from: from.display().to_string(),
            moved_aside: aside.map(|p| p.display().to_string()),
        })
    }
}

fn previews_of(s: &ReviewSettings, t: &Timing, rec: &CardRecord) -> Result<Vec<GradePreview>> {
    let fsrs = fsrs_of(s)?;
    let cfg = SchedConfig {
        desired_retention: s.desired_retention,
        learning_steps: &s.learning_steps,
        relearning_steps: &s.relearning_steps,
        max_interval: s.max_interval,
    };
    Ok(schedule(&fsrs, &cfg, &rec.id, &rec.sched, t, 0)?
        .iter()
        .map(|o| GradePreview {
            rating: o.rating,
            interval: format_interval(o.interval_secs),
            interval_secs: o.interval_secs,
            due: o.after.due_ms,
            state: o.after.state,
        })
        .collect())
}

/// FSRS training items from `(card, day, rating)` rows sorted by card then time: one item per
/// review that came at least a day after the card's first one, holding the history up to it.
pub(crate) fn training_items(rows: &[(String, i64, u8)]) -> Vec<(i64, fsrs::FSRSItem)> {
    let mut out = Vec::new();
    let mut card_no = 0i64;
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j < rows.len() && rows[j].0 == rows[i].0 {
            j += 1;
        }
        card_no += 1;
        let mut reviews = Vec::with_capacity(j - i);
        let mut prev_day = rows[i].1;
        for (k, row) in rows[i..j].iter().enumerate() {
            let delta = if k == 0 {
                0
            } else {
                (row.1 - prev_day).max(0) as u32
            };
            prev_day = row.1;
            reviews.push(fsrs::FSRSReview {
                rating: row.2.clamp(1, 4) as u32,
                delta_t: delta,
            });
            if k > 0 {
                let item = fsrs::FSRSItem {
                    reviews: reviews.clone(),
                };
                if item.long_term_review_cnt() > 0 {
                    out.push((card_no, item));
                }
            }
        }
        i = j;
    }
    out
}

/// Run the optimiser on a thread, polling its progress.
pub(crate) fn optimize_items(
    items: Vec<(i64, fsrs::FSRSItem)>,
    progress: &mut dyn FnMut(&OptimizeProgress),
) -> Result<Vec<f32>> {
    let state = fsrs::CombinedProgressState::new_shared();
    let (card_ids, train_set): (Vec<i64>, Vec<fsrs::FSRSItem>) = items.into_iter().unzip();
    let input = fsrs::ComputeParametersInput {
        train_set,
        card_ids: Some(card_ids),
        progress: Some(state.clone()),
        ..Default::default()
    };
    let done = Arc::new(Mutex::new(None));
    std::thread::scope(|scope| {
        let done2 = done.clone();
        scope.spawn(move || {
            let r = fsrs::compute_parameters(input);
            *done2.lock().expect("optimiser result") = Some(r);
        });
        loop {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let (current, total) = {
                let p = state.lock().expect("progress");
                (p.current(), p.total())
            };
            progress(&OptimizeProgress { current, total });
            if done.lock().expect("optimiser result").is_some() {
                break;
            }
        }
    });
    let result = done
        .lock()
        .expect("optimiser result")
        .take()
        .expect("optimiser finished");
    let params = result.map_err(|e| Error::InvalidInput(format!("FSRS optimiser: {e}")))?;
    progress(&OptimizeProgress { current: 1, total: 1 });
    Ok(params)
}

/// The parameter sets earlier optimisations replaced, oldest first.
fn params_history(store: &Store) -> Result<Vec<ParamsSnapshot>> {
    Ok(store
        .setting("review.fsrs_params_history")?
        .map(|h| ParamsSnapshot::parse_history(&h))
        .unwrap_or_default())
}
