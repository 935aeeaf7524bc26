//! SQL for practice exams: attempts, their items, and the missed-question hook.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::error::{Error, Result};

/// One exam attempt as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    /// Row id.
    pub id: i64,
    /// `exam`, `practice` or `custom`.
    pub mode: String,
    /// `in_progress`, `submitted` or `abandoned`.
    pub status: crate::exam::ExamStatus,
    /// Seed of the selection.
    pub seed: i64,
    /// JSON of the resolved request.
    pub config: String,
    /// Unix ms.
    pub started_at: i64,
    /// Unix ms of the last autosave.
    pub updated_at: i64,
    /// Time limit; `None` when untimed.
    pub time_limit_ms: Option<i64>,
    /// Active time spent so far.
    pub elapsed_ms: i64,
    /// Paused (practice only).
    pub paused: bool,
    /// Position shown.
    pub current: i64,
    /// Unix ms of submission.
    pub submitted_at: Option<i64>,
    /// True when the time limit ended the attempt.
    pub time_up: bool,
    /// Number of questions.
    pub total: i64,
    /// Correct answers (after submission).
    pub correct: Option<i64>,
    /// Percent correct (after submission).
    pub percent: Option<f64>,
    /// Scaled score estimate (after submission).
    pub scaled: Option<i64>,
}

/// One question of an attempt as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    /// 0-based position in the attempt.
    pub position: i64,
    /// Question id.
    pub question_id: String,
    /// JSON snapshot of the question.
    pub question: String,
    /// JSON list of chosen indices; `None` when unanswered.
    pub selected: Option<String>,
    /// Flagged for review.
    pub flagged: bool,
    /// Time spent on it.
    pub time_ms: i64,
    /// Whether the answer was right, once known.
    pub correct: Option<bool>,
    /// Unix ms of the last answer.
    pub answered_at: Option<i64>,
}

/// A question answered wrongly, for the review queue.
#[derive(Debug, Clone, PartialEq)]
pub struct MissedRow {
    /// Question id.
    pub question_id: String,
    /// The attempt it was missed in.
    pub attempt_id: i64,
    /// Unix ms.
    pub at: i64,
    /// JSON snapshot of the question.
    pub question: String,
}

const ATTEMPT_COLS: &str =
    "id, mode, status, seed, config, started_at, updated_at, time_limit_ms, elapsed_ms,
    paused, current, submitted_at, time_up, total, correct, percent, scaled";

fn attempt_row(r: &Row<'_>) -> rusqlite::Result<AttemptRow> {
    Ok(AttemptRow {
        id: r.get(0)?,
        mode: r.get(1)?,
        status: r.get(2)?,
        seed: r.get(3)?,
        config: r.get(4)?,
        started_at: r.get(5)?,
        updated_at: r.get(6)?,
        time_limit_ms: r.get(7)?,
        elapsed_ms: r.get(8)?,
        paused: r.get(9)?,
        current: r.get(10)?,
        submitted_at: r.get(11)?,
        time_up: r.get(12)?,
        total: r.get(13)?,
        correct: r.get(14)?,
        percent: r.get(15)?,
        scaled: r.get(16)?,
    })
}

impl Store {
    fn tx_err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| Error::Db {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Create an attempt with its questions (`(id, JSON)` in order); any other unfinished attempt
    /// becomes `abandoned`. Returns the new id.
    pub fn exam_create(&mut self, a: &AttemptRow, items: &[(String, String)]) -> Result<i64> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "UPDATE exam_attempts SET status = 'abandoned', updated_at = ?1 WHERE status = 'in_progress'",
            [a.updated_at],
        )
        .map_err(err)?;
        tx.execute(
            "INSERT INTO exam_attempts(mode, status, seed, config, started_at, updated_at, time_limit_ms,
               elapsed_ms, paused, current, total)
             VALUES (?1, 'in_progress', ?2, ?3, ?4, ?5, ?6, 0, 0, 0, ?7)",
            params![
                a.mode,
                a.seed,
                a.config,
                a.started_at,
                a.updated_at,
                a.time_limit_ms,
                a.total
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO exam_items(attempt_id, position, question_id, question) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(err)?;
            for (i, (qid, json)) in items.iter().enumerate() {
                st.execute(params![id, i as i64, qid, json]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// One attempt.
    pub fn exam_attempt(&self, id: i64) -> Result<Option<AttemptRow>> {
        self.conn
            .query_row(
                &format!("SELECT {ATTEMPT_COLS} FROM exam_attempts WHERE id = ?1"),
                [id],
                attempt_row,
            )
            .optional()
            .map_err(self.tx_err())
    }

    /// The newest unfinished attempt.
    pub fn exam_latest_unfinished(&self) -> Result<Option<AttemptRow>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ATTEMPT_COLS} FROM exam_attempts WHERE status = 'in_progress' ORDER BY id DESC LIMIT 1"
                ),
                [],
                attempt_row,
            )
            .optional()
            .map_err(self.tx_err())
    }

    /// Every attempt, oldest first.
    pub fn exam_attempts(&self) -> Result<Vec<AttemptRow>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {ATTEMPT_COLS} FROM exam_attempts ORDER BY id"))
            .map_err(self.tx_err())?;
        let rows = st.query_map([], attempt_row).map_err(self.tx_err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.tx_err())
    }

    /// The questions of an attempt, in order.
    pub fn exam_items(&self, attempt_id: i64) -> Result<Vec<ItemRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT position, question_id, question, selected, flagged, time_ms, correct, answered_at
                 FROM exam_items WHERE attempt_id = ?1 ORDER BY position",
            )
            .map_err(self.tx_err())?;
        let rows = st
            .query_map([attempt_id], |r| {
                Ok(ItemRow {
                    position: r.get(0)?,
                    question_id: r.get(1)?,
                    question: r.get(2)?,
                    selected: r.get(3)?,
                    flagged: r.get(4)?,
                    time_ms: r.get(5)?,
                    correct: r.get(6)?,
                    answered_at: r.get(7)?,
                })
            })
            .map_err(self.tx_err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.tx_err())
    }

    /// Autosave: the attempt's mutable state, the items that changed, and questions missed
    /// (recorded once per attempt), all in one transaction.
    pub fn exam_save(&mut self, a: &AttemptRow, items: &[&ItemRow], missed: &[String]) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "UPDATE exam_attempts SET status = ?2, updated_at = ?3, elapsed_ms = ?4, paused = ?5, current = ?6,
               submitted_at = ?7, time_up = ?8, correct = ?9, percent = ?10, scaled = ?11
             WHERE id = ?1",
            params![
                a.id,
                a.status,
                a.updated_at,
                a.elapsed_ms,
                a.paused,
                a.current,
                a.submitted_at,
                a.time_up,
                a.correct,
                a.percent,
                a.scaled
            ],
        )
        .map_err(err)?;
        {
            let mut st = tx
                .prepare_cached(
                    "UPDATE exam_items SET selected = ?3, flagged = ?4, time_ms = ?5, correct = ?6, answered_at = ?7
                     WHERE attempt_id = ?1 AND position = ?2",
                )
                .map_err(err)?;
            for i in items {
                st.execute(params![
                    a.id,
                    i.position,
                    i.selected,
                    i.flagged,
                    i.time_ms,
                    i.correct,
                    i.answered_at
                ])
                .map_err(err)?;
            }
            let mut m = tx
                .prepare_cached(
                    "INSERT INTO missed_questions(question_id, attempt_id, at) VALUES (?1, ?2, ?3)
                     ON CONFLICT DO NOTHING",
                )
                .map_err(err)?;
            for q in missed {
                m.execute(params![q, a.id, a.updated_at]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// For each question ever served, the id of the newest attempt that served it.
    pub fn exam_last_seen(&self) -> Result<HashMap<String, i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT question_id, MAX(attempt_id) FROM exam_items GROUP BY question_id")
            .map_err(self.tx_err())?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(self.tx_err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.tx_err())
    }

    /// Every missed question, newest first, with the snapshot of the question as it was asked.
    pub fn exam_missed(&self) -> Result<Vec<MissedRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT m.question_id, m.attempt_id, m.at,
                   (SELECT i.question FROM exam_items i WHERE i.attempt_id = m.attempt_id
                      AND i.question_id = m.question_id LIMIT 1)
                 FROM missed_questions m ORDER BY m.at DESC, m.attempt_id DESC, m.question_id",
            )
            .map_err(self.tx_err())?;
        let rows = st
            .query_map([], |r| {
                Ok(MissedRow {
                    question_id: r.get(0)?,
                    attempt_id: r.get(1)?,
                    at: r.get(2)?,
                    question: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                })
            })
            .map_err(self.tx_err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.tx_err())
    }
}
