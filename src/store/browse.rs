//! SQL for the card browser: every card with what its table shows, recent answers, and bulk
//! changes stored as one undo step.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::review::{card_from_row, update_sched, CardRecord, CARD_COLS};
use super::Store;
use crate::error::{Error, Result};
use crate::review::Sched;

/// One card changed by a bulk action: its schedule and overrides before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkChange {
    /// Card.
    pub id: String,
    /// Schedule before.
    pub before: Sched,
    /// Schedule after.
    pub after: Sched,
    /// Overrides `(front, back)` before.
    pub overrides_before: (Option<String>, Option<String>),
    /// New overrides, when the action edits the text.
    pub overrides_after: Option<(Option<String>, Option<String>)>,
}

#[derive(Serialize, Deserialize)]
struct BulkStep {
    bulk: Vec<BulkCard>,
}

#[derive(Serialize, Deserialize)]
struct BulkCard {
    id: String,
    sched: Sched,
    front_override: Option<String>,
    back_override: Option<String>,
}

/// If `before` is a bulk undo step, restore every card in it and return true.
pub(super) fn restore_bulk(conn: &rusqlite::Connection, before: &str, now_ms: i64) -> rusqlite::Result<bool> {
    if !before.starts_with("{\"bulk\"") {
        return Ok(false);
    }
    let Ok(step) = serde_json::from_str::<BulkStep>(before) else {
        return Ok(false);
    };
    let mut st =
        conn.prepare_cached("UPDATE cards SET front_override = ?2, back_override = ?3 WHERE id = ?1")?;
    for c in &step.bulk {
        update_sched(conn, &c.id, &c.sched, now_ms)?;
        st.execute(params![c.id, c.front_override, c.back_override])?;
    }
    Ok(true)
}

impl Store {
    /// Every card in note order, with `(source key, created at ms, new-card position, Anki tags)`.
    #[allow(clippy::type_complexity)]
    pub fn browse_cards(&self) -> Result<Vec<(CardRecord, String, i64, i64, Option<String>)>> {
        let sql = format!(
            "SELECT {CARD_COLS}, source_key, created_at, new_order, tags FROM cards
             LEFT JOIN anki_links ON anki_links.card_id = cards.id
             ORDER BY service, file, line, new_order"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok((card_from_row(r)?, r.get(28)?, r.get(29)?, r.get(30)?, r.get(31)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// `(card, study day, grade)` of every answer from study day `from_day` on.
    pub fn ratings_since(&self, from_day: i64) -> Result<Vec<(String, i64, u8)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT card_id, day, rating FROM revlog WHERE day >= ?1")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([from_day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// The study day of each card's first answer.
    pub fn first_review_days(&self) -> Result<Vec<(String, i64)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT card_id, min(day) FROM revlog GROUP BY card_id")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Apply a bulk change in one transaction, as one undo step named `op`.
    pub fn record_bulk(
        &mut self,
        op: crate::review::UndoOp,
        changes: &[BulkChange],
        now_ms: i64,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let step = BulkStep {
            bulk: changes
                .iter()
                .map(|c| BulkCard {
                    id: c.id.clone(),
                    sched: c.before.clone(),
                    front_override: c.overrides_before.0.clone(),
                    back_override: c.overrides_before.1.clone(),
                })
                .collect(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut ov = tx
                .prepare_cached(
                    "UPDATE cards SET front_override = ?2, back_override = ?3, updated_at = ?4 WHERE id = ?1",
                )
                .map_err(err)?;
            for c in changes {
                if update_sched(&tx, &c.id, &c.after, now_ms).map_err(err)? != 1 {
                    return Err(Error::NotFound(format!("card {}", c.id)));
                }
                if let Some((f, b)) = &c.overrides_after {
                    ov.execute(params![c.id, f, b, now_ms]).map_err(err)?;
                }
            }
        }
        let json = serde_json::to_string(&step).expect("bulk step serialises");
        push_undo_json(&tx, op, &changes[0].id, &json, now_ms).map_err(err)?;
        tx.commit().map_err(err)
    }
}

fn push_undo_json(
    conn: &rusqlite::Connection,
    op: crate::review::UndoOp,
    card_id: &str,
    json: &str,
    at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO undo_log(op, card_id, revlog_id, before, at) VALUES (?1, ?2, NULL, ?3, ?4)",
    )?
    .execute(params![op, card_id, json, at])?;
    let last = conn.last_insert_rowid();
    conn.prepare_cached("DELETE FROM undo_log WHERE id <= ?1")?
        .execute([last - super::UNDO_DEPTH])?;
    Ok(())
}
