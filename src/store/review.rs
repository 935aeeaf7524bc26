//! SQL for cards, the review log and the undo stack.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::cards::{CardKind, CardSource, GeneratedCard};
use crate::error::{Error, Result};
use crate::review::{CardSourceKind, CardState, Rating, RevlogEntry, Sched, UndoOp};

/// How many undo steps are kept.
pub const UNDO_DEPTH: i64 = 50;

/// A card as stored: what was generated, the learner's overrides, and its schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRecord {
    /// Stable id.
    pub id: String,
    /// Kind.
    pub kind: CardKind,
    /// Written as a card by the author.
    pub explicit: bool,
    /// Service.
    pub service: String,
    /// Where it comes from.
    pub source: CardSource,
    /// Front as generated.
    pub front: String,
    /// Back as generated.
    pub back: String,
    /// The source text.
    pub context: String,
    /// The learner's front, if edited.
    pub front_override: Option<String>,
    /// The learner's back, if edited.
    pub back_override: Option<String>,
    /// Its source is gone.
    pub missing: bool,
    /// Schedule.
    pub sched: Sched,
}

/// What one card-source sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncCounts {
    /// Cards created.
    pub added: usize,
    /// Cards whose content changed.
    pub changed: usize,
    /// Cards whose source disappeared (suspended).
    pub missing: usize,
    /// Missing cards whose source came back.
    pub revived: usize,
    /// Generated cards not created because an equal card exists.
    pub duplicates: usize,
}

/// One day of the review log.
#[derive(Debug, Clone, PartialEq)]
pub struct DayRow {
    /// Study day.
    pub day: i64,
    /// Answers.
    pub count: i64,
    /// Answers to cards in review state (the ones that measure retention).
    pub review_count: i64,
    /// Of those, passed (not again).
    pub review_passed: i64,
    /// Answers to new cards.
    pub new_count: i64,
    /// Time spent (ms).
    pub taken_ms: i64,
}

pub(super) const CARD_COLS: &str =
    "id, kind, explicit, service, file, anchor, heading_path, line, title, front, back, \
     context, front_override, back_override, missing, state, step, due, interval_days, stability, \
     difficulty, last_review, reps, lapses, suspended, buried_until, flag, changed";

pub(super) fn card_from_row(r: &Row) -> rusqlite::Result<CardRecord> {
    let heading: String = r.get(6)?;
    Ok(CardRecord {
        id: r.get(0)?,
        kind: CardKind::parse(&r.get::<_, String>(1)?).unwrap_or(CardKind::Qa),
        explicit: r.get(2)?,
        service: r.get(3)?,
        source: CardSource {
            file: r.get(4)?,
            anchor: r.get(5)?,
            heading_path: serde_json::from_str(&heading).unwrap_or_default(),
            line: r.get::<_, i64>(7)? as usize,
            title: r.get(8)?,
        },
        front: r.get(9)?,
        back: r.get(10)?,
        context: r.get(11)?,
        front_override: r.get(12)?,
        back_override: r.get(13)?,
        missing: r.get(14)?,
        sched: Sched {
            state: CardState::from_i64(r.get(15)?),
            step: r.get(16)?,
            due_ms: r.get(17)?,
            interval_days: r.get(18)?,
            stability: r.get::<_, Option<f64>>(19)?.map(|v| v as f32),
            difficulty: r.get::<_, Option<f64>>(20)?.map(|v| v as f32),
            last_review_ms: r.get(21)?,
            reps: r.get(22)?,
            lapses: r.get(23)?,
            suspended: r.get(24)?,
            buried_until: r.get(25)?,
            flag: r.get(26)?,
            changed: r.get(27)?,
        },
    })
}

const SCHED_UPDATE: &str =
    "UPDATE cards SET state = ?2, step = ?3, due = ?4, interval_days = ?5, stability = ?6, \
     difficulty = ?7, last_review = ?8, reps = ?9, lapses = ?10, suspended = ?11, buried_until = ?12, \
     flag = ?13, changed = ?14, updated_at = ?15 WHERE id = ?1";

pub(super) fn update_sched(
    conn: &rusqlite::Connection,
    id: &str,
    s: &Sched,
    now_ms: i64,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(SCHED_UPDATE)?.execute(params![
        id,
        s.state as i64,
        s.step,
        s.due_ms,
        s.interval_days,
        s.stability.map(|v| v as f64),
        s.difficulty.map(|v| v as f64),
        s.last_review_ms,
        s.reps,
        s.lapses,
        s.suspended,
        s.buried_until,
        s.flag,
        s.changed,
        now_ms
    ])
}

pub(super) fn insert_revlog(conn: &rusqlite::Connection, e: &RevlogEntry) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO revlog(card_id, reviewed_at, day, rating, state_before, state_after, elapsed_days,
           interval, last_interval, stability_before, difficulty_before, stability_after,
           difficulty_after, due_after, taken_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        e.card_id,
        e.reviewed_at_ms,
        e.day,
        e.rating.number(),
        e.state_before as i64,
        e.state_after as i64,
        e.elapsed_days,
        e.interval,
        e.last_interval,
        e.stability_before.map(|v| v as f64),
        e.difficulty_before.map(|v| v as f64),
        e.stability_after as f64,
        e.difficulty_after as f64,
        e.due_after_ms,
        e.taken_ms
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Every card source with its kind and the hash its cards were generated from.
    pub fn card_sources(&self) -> Result<HashMap<String, (CardSourceKind, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT source_key, kind, hash FROM card_sources")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Bring the cards of one source in line with what it generates now, in one transaction:
    /// new cards are added, changed ones updated (keeping their history and overrides, marked
    /// changed), cards no longer generated are kept but suspended as missing. `hash: None`
    /// means the source is gone.
    pub fn sync_card_source(
        &mut self,
        source_key: &str,
        kind: CardSourceKind,
        hash: Option<&str>,
        cards: &[GeneratedCard],
        now_ms: i64,
    ) -> Result<SyncCounts> {
        Ok(self
            .sync_card_sources(&[(source_key, kind, hash, cards)], now_ms)?
            .remove(0))
    }

    /// [`Store::sync_card_source`] for several sources, in order, in one transaction (an import
    /// of many notes commits once).
    pub fn sync_card_sources(
        &mut self,
        sources: &[(&str, CardSourceKind, Option<&str>, &[GeneratedCard])],
        now_ms: i64,
    ) -> Result<Vec<SyncCounts>> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let mut all = Vec::with_capacity(sources.len());
        for &(source_key, kind, hash, cards) in sources {
            all.push(sync_one_source(&tx, source_key, kind, hash, cards, now_ms).map_err(err)?);
        }
        tx.commit().map_err(err)?;
        Ok(all)
    }

    /// One card.
    pub fn card(&self, id: &str) -> Result<Option<CardRecord>> {
        let sql = format!("SELECT {CARD_COLS} FROM cards WHERE id = ?1");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| st.query_row([id], card_from_row).optional())
            .map_err(|e| self.err(e))
    }

    fn query_cards(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<CardRecord>> {
        let sql = format!("SELECT {CARD_COLS} FROM cards {filter}");
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st.query_map(p, card_from_row).map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Cards, optionally of one service, in note order.
    pub fn cards(&self, service: Option<&str>, limit: usize, offset: usize) -> Result<Vec<CardRecord>> {
        self.query_cards(
            "WHERE (?1 IS NULL OR service = ?1) ORDER BY service, file, line, new_order LIMIT ?2 OFFSET ?3",
            params![service, limit as i64, offset as i64],
        )
    }

    /// Learning and relearning cards due by `until_ms`.
    pub fn learning_due(&self, until_ms: i64, today: i64, limit: usize) -> Result<Vec<CardRecord>> {
        self.query_cards(
            "WHERE state IN (1, 3) AND due <= ?1 AND suspended = 0 AND buried_until <= ?2 ORDER BY due LIMIT ?3",
            params![until_ms, today, limit as i64],
        )
    }

    /// Review cards due before `before_ms` (most overdue first).
    pub fn review_due(&self, before_ms: i64, today: i64, limit: usize) -> Result<Vec<CardRecord>> {
        self.query_cards(
            "WHERE state = 2 AND due < ?1 AND suspended = 0 AND buried_until <= ?2 ORDER BY due LIMIT ?3",
            params![before_ms, today, limit as i64],
        )
    }

    /// New cards in the order they were added.
    pub fn new_cards(&self, today: i64, limit: usize) -> Result<Vec<CardRecord>> {
        self.query_cards(
            "WHERE state = 0 AND suspended = 0 AND buried_until <= ?1 ORDER BY new_order LIMIT ?2",
            params![today, limit as i64],
        )
    }

    /// `(learning due by until_ms, reviews due before before_ms, new available)`.
    pub fn due_counts(&self, until_ms: i64, before_ms: i64, today: i64) -> Result<(i64, i64, i64)> {
        let q = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<i64> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut st| st.query_row(p, |r| r.get(0)))
                .map_err(|e| self.err(e))
        };
        Ok((
            q(
                "SELECT count(*) FROM cards WHERE state IN (1, 3) AND due <= ?1 AND suspended = 0 AND buried_until <= ?2",
                params![until_ms, today],
            )?,
            q(
                "SELECT count(*) FROM cards WHERE state = 2 AND due < ?1 AND suspended = 0 AND buried_until <= ?2",
                params![before_ms, today],
            )?,
            q(
                "SELECT count(*) FROM cards WHERE state = 0 AND suspended = 0 AND buried_until <= ?1",
                params![today],
            )?,
        ))
    }

    /// What was done on one study day.
    pub fn day_summary(&self, day: i64) -> Result<DayRow> {
        Ok(self.days(day, day)?.pop().unwrap_or(DayRow {
            day,
            count: 0,
            review_count: 0,
            review_passed: 0,
            new_count: 0,
            taken_ms: 0,
        }))
    }

    /// The review log summed per study day, from `first` to `last` inclusive.
    pub fn days(&self, first: i64, last: i64) -> Result<Vec<DayRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT day, count(*), sum(state_before = 2), sum(state_before = 2 AND rating > 1),
                   sum(state_before = 0), sum(taken_ms)
                 FROM revlog WHERE day BETWEEN ?1 AND ?2 GROUP BY day ORDER BY day",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([first, last], |r| {
                Ok(DayRow {
                    day: r.get(0)?,
                    count: r.get(1)?,
                    review_count: r.get(2)?,
                    review_passed: r.get(3)?,
                    new_count: r.get(4)?,
                    taken_ms: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Store an answer in one transaction: the card's new schedule, the review log row and the
    /// undo step. Returns the review log id.
    pub fn record_answer(&mut self, before: &Sched, after: &Sched, log: &RevlogEntry) -> Result<i64> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let n = update_sched(&tx, &log.card_id, after, log.reviewed_at_ms).map_err(err)?;
        if n != 1 {
            return Err(Error::NotFound(format!("card {}", log.card_id)));
        }
        let id = insert_revlog(&tx, log).map_err(err)?;
        push_undo(
            &tx,
            UndoOp::Answer,
            &log.card_id,
            Some(id),
            before,
            log.reviewed_at_ms,
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Change a card's schedule (suspend, bury, flag) as one undoable step.
    pub fn record_change(
        &mut self,
        op: UndoOp,
        card_id: &str,
        before: &Sched,
        after: &Sched,
        now_ms: i64,
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        if update_sched(&tx, card_id, after, now_ms).map_err(err)? != 1 {
            return Err(Error::NotFound(format!("card {card_id}")));
        }
        push_undo(&tx, op, card_id, None, before, now_ms).map_err(err)?;
        tx.commit().map_err(err)
    }

    /// Undo the latest undoable step: restore the card and drop its review log row.
    /// Returns `(operation, card id)`, or `None` when there is nothing to undo.
    pub fn undo_last(&mut self, now_ms: i64) -> Result<Option<(UndoOp, String)>> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let last: Option<(i64, UndoOp, String, Option<i64>, String)> = tx
            .query_row(
                "SELECT id, op, card_id, revlog_id, before FROM undo_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(err)?;
        let Some((undo_id, op, card_id, revlog_id, before)) = last else {
            return Ok(None);
        };
        // A bulk action (the card browser) is one step holding every card it changed.
        if !super::browse::restore_bulk(&tx, &before, now_ms).map_err(err)? {
            let before: Sched = serde_json::from_str(&before).map_err(|e| Error::Db {
                path: path.clone(),
                message: format!("undo step {undo_id} is unreadable: {e}"),
            })?;
            update_sched(&tx, &card_id, &before, now_ms).map_err(err)?;
        }
        if let Some(r) = revlog_id {
            tx.execute("DELETE FROM revlog WHERE id = ?1", [r]).map_err(err)?;
        }
        tx.execute("DELETE FROM undo_log WHERE id = ?1", [undo_id])
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Some((op, card_id)))
    }

    /// Steps that can be undone.
    pub fn undo_depth(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM undo_log", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Set (or clear, with `None`) the learner's front and back.
    pub fn set_overrides(
        &self,
        id: &str,
        front: Option<&str>,
        back: Option<&str>,
        now_ms: i64,
    ) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE cards SET front_override = ?2, back_override = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, front, back, now_ms],
            )
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(Error::NotFound(format!("card {id}")));
        }
        Ok(())
    }

    /// Review log as `(card id, study day, rating)`, per card in time order (for the optimiser).
    pub fn training_reviews(&self) -> Result<Vec<(String, i64, u8)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT card_id, day, rating FROM revlog ORDER BY card_id, reviewed_at, id")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Review log rows of one card, oldest first.
    pub fn card_revlog(&self, card_id: &str) -> Result<Vec<RevlogEntry>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, card_id, reviewed_at, day, rating, state_before, state_after, elapsed_days,
                   interval, last_interval, stability_before, difficulty_before, stability_after,
                   difficulty_after, due_after, taken_ms
                 FROM revlog WHERE card_id = ?1 ORDER BY reviewed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([card_id], |r| {
                Ok(RevlogEntry {
                    id: r.get(0)?,
                    card_id: r.get(1)?,
                    reviewed_at_ms: r.get(2)?,
                    day: r.get(3)?,
                    rating: Rating::from_number(r.get(4)?).unwrap_or(Rating::Again),
                    state_before: CardState::from_i64(r.get(5)?),
                    state_after: CardState::from_i64(r.get(6)?),
                    elapsed_days: r.get(7)?,
                    interval: r.get(8)?,
                    last_interval: r.get(9)?,
                    stability_before: r.get::<_, Option<f64>>(10)?.map(|v| v as f32),
                    difficulty_before: r.get::<_, Option<f64>>(11)?.map(|v| v as f32),
                    stability_after: r.get::<_, f64>(12)? as f32,
                    difficulty_after: r.get::<_, f64>(13)? as f32,
                    due_after_ms: r.get(14)?,
                    taken_ms: r.get(15)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Does a review log row exist?
    pub fn revlog_exists(&self, id: i64) -> Result<bool> {
        self.conn
            .query_row("SELECT count(*) FROM revlog WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Total rows in the review log.
    pub fn revlog_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM revlog", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Cards due (learning or review) per study day before `until_ms`; `shift_secs` is the local
    /// offset minus the day boundary, so `(due / 1000 + shift) / 86400` is the study day.
    pub fn due_per_day(&self, until_ms: i64, shift_secs: i64) -> Result<Vec<(i64, i64)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT (due / 1000 + ?2) / 86400 AS d, count(*) FROM cards
                 WHERE state IN (1, 2, 3) AND suspended = 0 AND due < ?1 GROUP BY d ORDER BY d",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![until_ms, shift_secs], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// `(service, state, suspended, buried, missing, stability, last review ms)` of every card.
    #[allow(clippy::type_complexity)]
    pub fn card_states(
        &self,
        today: i64,
    ) -> Result<Vec<(String, CardState, bool, bool, bool, Option<f32>, Option<i64>)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT service, state, suspended > 0, buried_until > ?1, missing, stability, last_review FROM cards",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([today], |r| {
                Ok((
                    r.get(0)?,
                    CardState::from_i64(r.get(1)?),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<_, Option<f64>>(5)?.map(|v| v as f32),
                    r.get(6)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Load a review history (e.g. from another app, or a generated one for benchmarks) in one
    /// transaction: each card's schedule and the review log rows. Not undoable.
    pub fn import_history(
        &mut self,
        scheds: &[(String, Sched)],
        log: &[RevlogEntry],
        now_ms: i64,
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        for (id, s) in scheds {
            update_sched(&tx, id, s, now_ms).map_err(err)?;
        }
        for e in log {
            insert_revlog(&tx, e).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// A card missed (again) at `missed_at` after its last review: due now, and back in the queue
    /// unless the learner suspended it after the miss; a new one goes to the front of the new cards.
    pub fn reactivate_card(&self, id: &str, missed_at: i64, now_ms: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE cards SET
                   due = CASE WHEN state <> 0 AND due > ?3 THEN ?3 ELSE due END,
                   suspended = CASE WHEN suspended <> 0 AND updated_at < ?2 THEN 0 ELSE suspended END,
                   new_order = CASE WHEN state = 0 AND new_order > 0 THEN -?2 ELSE new_order END
                 WHERE id = ?1 AND coalesce(last_review, 0) < ?2",
                params![id, missed_at, now_ms],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Settings whose key starts with `prefix` (prefix removed).
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<HashMap<String, String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, value FROM settings WHERE substr(key, 1, length(?1)) = ?1")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([prefix], |r| {
                Ok((r.get::<_, String>(0)?[prefix.len()..].to_string(), r.get(1)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }
}

fn push_undo(
    conn: &rusqlite::Connection,
    op: UndoOp,
    card_id: &str,
    revlog_id: Option<i64>,
    before: &Sched,
    at: i64,
) -> rusqlite::Result<()> {
    let json = serde_json::to_string(before).expect("sched serialises");
    conn.prepare_cached(
        "INSERT INTO undo_log(op, card_id, revlog_id, before, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![op, card_id, revlog_id, json, at])?;
    let last = conn.last_insert_rowid();
    conn.prepare_cached("DELETE FROM undo_log WHERE id <= ?1")?
        .execute([last - UNDO_DEPTH])?;
    Ok(())
}

/// Insert a generated card as new, at `order` in the new-card queue. A card with the same id is
/// left as it is (0 rows). The one INSERT of cards, shared by card sync and deck import.
pub(crate) fn insert_card(
    conn: &rusqlite::Connection,
    source_key: &str,
    c: &GeneratedCard,
    order: i64,
    now_ms: i64,
) -> rusqlite::Result<usize> {
    let heading = serde_json::to_string(&c.source.heading_path).unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO cards(id, source_key, kind, explicit, service, file, anchor, heading_path, line,
           title, front, back, context, dedupe_key, content_hash, new_order, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)
         ON CONFLICT(id) DO NOTHING",
    )?
    .execute(params![
        c.id,
        source_key,
        c.kind.as_str(),
        c.explicit,
        c.service,
        c.source.file,
        c.source.anchor,
        heading,
        c.source.line as i64,
        c.source.title,
        c.front,
        c.back,
        c.context,
        c.dedupe_key,
        c.content_hash(),
        order,
        now_ms
    ])
}

/// One source of [`Store::sync_card_sources`], inside its transaction.
fn sync_one_source(
    tx: &rusqlite::Transaction<'_>,
    source_key: &str,
    kind: CardSourceKind,
    hash: Option<&str>,
    cards: &[GeneratedCard],
    now_ms: i64,
) -> rusqlite::Result<SyncCounts> {
    let mut counts = SyncCounts::default();
    {
        let mut existing: HashMap<String, (String, bool)> = HashMap::new();
        {
            let mut st =
                tx.prepare_cached("SELECT id, content_hash, missing FROM cards WHERE source_key = ?1")?;
            let rows = st.query_map([source_key], |r| {
                Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
            })?;
            for row in rows {
                let (id, v) = row?;
                existing.insert(id, v);
            }
        }
        let mut next_order: i64 =
            tx.query_row("SELECT coalesce(max(new_order), 0) + 1 FROM cards", [], |r| {
                r.get(0)
            })?;
        let mut dup = tx.prepare_cached(
            "SELECT 1 FROM cards WHERE dedupe_key = ?1 AND missing = 0 AND source_key <> ?2 LIMIT 1",
        )?;
        let mut update = tx.prepare_cached(
            "UPDATE cards SET source_key = ?2, kind = ?3, explicit = ?4, service = ?5, file = ?6,
                       anchor = ?7, heading_path = ?8, line = ?9, title = ?10, front = ?11, back = ?12,
                       context = ?13, dedupe_key = ?14, content_hash = ?15,
                       changed = CASE WHEN content_hash <> ?15 AND reps > 0 THEN 1 ELSE changed END,
                       missing = 0, suspended = CASE WHEN suspended = 2 THEN 0 ELSE suspended END,
                       updated_at = ?16
                     WHERE id = ?1",
        )?;
        let mut seen = std::collections::HashSet::new();
        for c in cards {
            seen.insert(c.id.as_str());
            let heading = serde_json::to_string(&c.source.heading_path).unwrap_or_default();
            let hash = c.content_hash();
            match existing.get(&c.id) {
                Some((old_hash, missing)) => {
                    if *old_hash != hash {
                        counts.changed += 1;
                    }
                    if *missing {
                        counts.revived += 1;
                    }
                    update.execute(params![
                        c.id,
                        source_key,
                        c.kind.as_str(),
                        c.explicit,
                        c.service,
                        c.source.file,
                        c.source.anchor,
                        heading,
                        c.source.line as i64,
                        c.source.title,
                        c.front,
                        c.back,
                        c.context,
                        c.dedupe_key,
                        hash,
                        now_ms
                    ])?;
                }
                None => {
                    if !c.explicit && dup.exists(params![c.dedupe_key, source_key])? {
                        counts.duplicates += 1;
                        continue;
                    }
                    let n = insert_card(tx, source_key, c, next_order, now_ms)?;
                    // Same id from another source (e.g. a note moved between folders): keep the
                    // older card and its history.
                    if n == 1 {
                        next_order += 1;
                        counts.added += 1;
                    }
                }
            }
        }
        let mut gone = tx.prepare_cached(
            "UPDATE cards SET missing = 1, suspended = CASE WHEN suspended = 0 THEN 2 ELSE suspended END,
                       updated_at = ?2 WHERE id = ?1",
        )?;
        for (id, (_, missing)) in &existing {
            if !missing && !seen.contains(id.as_str()) {
                gone.execute(params![id, now_ms])?;
                counts.missing += 1;
            }
        }
        match hash {
            Some(h) => tx.execute(
                "INSERT INTO card_sources(source_key, kind, hash, synced_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT(source_key) DO UPDATE SET kind = excluded.kind, hash = excluded.hash,
                           synced_at = excluded.synced_at",
                params![source_key, kind, h, now_ms],
            )?,
            None => tx.execute("DELETE FROM card_sources WHERE source_key = ?1", [source_key])?,
        };
    }
    Ok(counts)
}
