//! SQL for export and import of decks (Anki, CSV).

use rusqlite::{params, OptionalExtension};

use super::review::{card_from_row, insert_revlog, update_sched, CARD_COLS};
use super::{CardRecord, Store};
use crate::cards::GeneratedCard;
use crate::error::{Error, Result};
use crate::review::{RevlogEntry, Sched};

/// Where an imported card came from in Anki.
#[derive(Debug, Clone, PartialEq)]
pub struct AnkiLink {
    /// The note's GUID.
    pub guid: String,
    /// The card's template (or cloze) ordinal.
    pub ord: i64,
    /// Note type name.
    pub notetype: String,
    /// Deck name (`::`-separated).
    pub deck: String,
    /// Tags.
    pub tags: Vec<String>,
}

/// A card to import with its schedule and review log.
#[derive(Debug, Clone)]
pub struct ImportItem {
    /// Content and stable id.
    pub card: GeneratedCard,
    /// The `source_key` of a new card (`anki`, `csv`).
    pub source_key: String,
    /// The schedule the import brings (`None`: new, or keep the card's own).
    pub sched: Option<Sched>,
    /// Review log rows, oldest first.
    pub log: Vec<RevlogEntry>,
    /// Whether an existing card's text is replaced (cards Coldstart generates from notes keep
    /// theirs).
    pub replace_content: bool,
    /// Anki origin.
    pub link: Option<AnkiLink>,
}

/// What an import stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportCounts {
    /// Cards created.
    pub added: usize,
    /// Cards that existed.
    pub updated: usize,
    /// Review log rows added.
    pub reviews_added: usize,
    /// Review log rows already present (same card, same time).
    pub reviews_known: usize,
}

impl Store {
    /// Cards to export (not those whose source is gone), in note order, with their new-card
    /// position.
    pub fn cards_for_export(&self, service: Option<&str>) -> Result<Vec<(CardRecord, i64)>> {
        let sql = format!(
            "SELECT {CARD_COLS}, new_order FROM cards WHERE missing = 0 AND (?1 IS NULL OR service = ?1)
             ORDER BY service, file, line, new_order"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map([service], |r| Ok((card_from_row(r)?, r.get::<_, i64>(28)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Store imported cards, their schedules and review logs in one transaction. A card that
    /// exists keeps its id; review log rows it already has (same time) are not added again; its
    /// schedule is replaced only when the import brings reviews newer than its last one.
    pub fn import_deck_items(&mut self, items: &[ImportItem], now_ms: i64) -> Result<ImportCounts> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        let mut counts = ImportCounts::default();
        {
            let mut next_order: i64 = tx
                .query_row("SELECT coalesce(max(new_order), 0) + 1 FROM cards", [], |r| {
                    r.get(0)
                })
                .map_err(err)?;
            let mut existing = tx
                .prepare_cached("SELECT last_review FROM cards WHERE id = ?1")
                .map_err(err)?;
            let mut update = tx
                .prepare_cached(
                    "UPDATE cards SET service = ?2, file = ?3, anchor = ?4, heading_path = ?5, title = ?6,
                       front = ?7, back = ?8, context = ?9, dedupe_key = ?10,
                       changed = CASE WHEN content_hash <> ?11 AND reps > 0 THEN 1 ELSE changed END,
                       content_hash = ?11, updated_at = ?12
                     WHERE id = ?1",
                )
                .map_err(err)?;
            let mut known_rev = tx
                .prepare_cached("SELECT id, reviewed_at, rating FROM revlog WHERE card_id = ?1")
                .map_err(err)?;
            let mut link = tx
                .prepare_cached(
                    "INSERT INTO anki_links(card_id, guid, ord, notetype, deck, tags, imported_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT(card_id) DO UPDATE SET guid = excluded.guid, ord = excluded.ord,
                       notetype = excluded.notetype, deck = excluded.deck, tags = excluded.tags,
                       imported_at = excluded.imported_at",
                )
                .map_err(err)?;
            for item in items {
                let c = &item.card;
                let heading = serde_json::to_string(&c.source.heading_path).unwrap_or_default();
                let hash = c.content_hash();
                let last_review: Option<Option<i64>> = existing
                    .query_row([&c.id], |r| r.get(0))
                    .optional()
                    .map_err(err)?;
                let is_new = last_review.is_none();
                if is_new {
                    super::review::insert_card(&tx, &item.source_key, c, next_order, now_ms).map_err(err)?;
                    next_order += 1;
                    counts.added += 1;
                } else {
                    counts.updated += 1;
                    if item.replace_content {
                        update
                            .execute(params![
                                c.id,
                                c.service,
                                c.source.file,
                                c.source.anchor,
                                heading,
                                c.source.title,
                                c.front,
                                c.back,
                                c.context,
                                c.dedupe_key,
                                hash,
                                now_ms
                            ])
                            .map_err(err)?;
                    }
                }
                let mut added_any = false;
                // A row already present: same card, same grade, within a second (an export may
                // have moved a row by a few milliseconds to keep Anki's revlog ids unique).
                let mut known: Vec<(i64, i64, u8)> = if item.log.is_empty() || is_new {
                    Vec::new()
                } else {
                    known_rev
                        .query_map([&c.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .and_then(|rows| rows.collect())
                        .map_err(err)?
                };
                for e in &item.log {
                    if let Some(i) = known.iter().position(|(_, at, rating)| {
                        (at - e.reviewed_at_ms).abs() < 1000 && *rating == e.rating.number()
                    }) {
                        known.swap_remove(i);
                        counts.reviews_known += 1;
                        continue;
                    }
                    insert_revlog(&tx, e).map_err(err)?;
                    counts.reviews_added += 1;
                    added_any = true;
                }
                if let Some(s) = &item.sched {
                    let newer = match last_review.flatten() {
                        None => true,
                        Some(have) => added_any && s.last_review_ms.unwrap_or(0) > have,
                    };
                    if newer {
                        update_sched(&tx, &c.id, s, now_ms).map_err(err)?;
                    }
                }
                if let Some(l) = &item.link {
                    link.execute(params![
                        c.id,
                        l.guid,
                        l.ord,
                        l.notetype,
                        l.deck,
                        l.tags.join(" "),
                        now_ms
                    ])
                    .map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)?;
        Ok(counts)
    }
}
