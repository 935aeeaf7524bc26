//! SQL for the exam-day plan: moving a card's due date, the learner's answer time, and
//! removing plan settings.

use rusqlite::params;

use super::Store;
use crate::error::Result;

impl Store {
    /// Set a review card's due time (the plan's placement; no undo step, no review log row).
    pub fn set_card_due(&self, id: &str, due_ms: i64) -> Result<()> {
        self.conn
            .execute("UPDATE cards SET due = ?2 WHERE id = ?1", params![id, due_ms])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Median time taken per answer over the latest 2,000 answers that recorded one (ms).
    pub fn median_answer_ms(&self) -> Result<Option<i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT taken_ms FROM revlog WHERE taken_ms > 0 ORDER BY id DESC LIMIT 2000")
            .map_err(|e| self.err(e))?;
        let mut v: Vec<i64> = st
            .query_map([], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        if v.is_empty() {
            return Ok(None);
        }
        v.sort_unstable();
        Ok(Some(v[v.len() / 2]))
    }

    /// Remove every setting whose key starts with `prefix`.
    pub fn delete_settings_with_prefix(&self, prefix: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM settings WHERE substr(key, 1, length(?1)) = ?1",
                [prefix],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// `(card, answered at (ms), stability after)` of every answer, by card then time: what a
    /// card's memory was at any moment of its history.
    pub fn memory_history(&self) -> Result<Vec<(String, i64, f32)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT card_id, reviewed_at, stability_after FROM revlog ORDER BY card_id, reviewed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, f64>(2)? as f32)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }
}
