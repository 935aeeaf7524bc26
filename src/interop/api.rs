//! The interop half of the [`Library`] facade: export and import of decks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fsrs::MemoryState;

use super::anki_read::{self, Collection};
use super::anki_write::{self, ExportCard, GUID_PREFIX};
use super::text::{cloze_card, cloze_numbers, html_to_text, media_refs, render_template};
use super::{csv_io, DeckImportReport, ExportFormat, ExportOptions, ExportReport};
use crate::cards::{card_id, normalise, CardKind, CardSource, GeneratedCard};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::review::{CardState, Rating, RevlogEntry, Sched, Timing};
use crate::store::{AnkiLink, ImportItem};

/// The default parent deck.
pub const DEFAULT_PARENT_DECK: &str = "Coldstart";
/// Service of imported cards that name none.
pub const IMPORTED_SERVICE: &str = "imported";

/// Count of one kind of thing skipped.
#[derive(Default)]
struct Skips(BTreeMap<&'static str, usize>);

impl Skips {
    fn add(&mut self, what: &'static str, n: usize) {
        if n > 0 {
            *self.0.entry(what).or_default() += n;
        }
    }
    fn into_lines(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect()
    }
}

/// The service named by a `service::x` tag, else by the deck name, else by the text.
fn service_of(tags: &[String], deck: &str, text: &str) -> String {
    if let Some(s) = tags
        .iter()
        .find_map(|t| t.strip_prefix("service::"))
        .filter(|s| !s.is_empty())
    {
        return s.to_ascii_lowercase();
    }
    crate::notes::infer_service(&deck.replace("::", " "))
        .or_else(|| crate::notes::infer_service(text))
        .unwrap_or(IMPORTED_SERVICE)
        .to_string()
}

/// Parse a Coldstart `Source` field (`A › B — file#anchor`) back into a card source.
fn parse_source(source: &str, deck: &str) -> CardSource {
    let (path, link) = match source.rsplit_once(" — ") {
        Some((p, l)) => (p, l),
        None => ("", source),
    };
    let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
    let heading_path: Vec<String> = if path.is_empty() {
        deck.split("::").map(String::from).collect()
    } else {
        path.split(" › ").map(String::from).collect()
    };
    CardSource {
        file: file.to_string(),
        anchor: anchor.to_string(),
        title: heading_path.first().cloned().unwrap_or_default(),
        heading_path,
        line: 0,
    }
}

impl Library {
    /// Export cards as an Anki package or CSV (see [`crate::interop`]).
    pub fn export_deck(&self, opts: &ExportOptions) -> Result<ExportReport> {
        let settings = self.review_settings()?;
        let t = self.timing(&settings);
        let service = opts.service.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let parent = opts
            .deck
            .as_deref()
            .map(|d| {
                d.split("::")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join("::")
            })
            .unwrap_or_else(|| DEFAULT_PARENT_DECK.to_string());
        if parent.is_empty() {
            return Err(Error::InvalidInput("the deck name is empty".into()));
        }
        let rows = self.store().cards_for_export(service)?;
        if rows.is_empty() {
            return Err(Error::NotFound(match service {
                Some(s) => format!("cards of service {s:?}"),
                None => "cards to export".into(),
            }));
        }
        if let Some(dir) = opts.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.is_dir() {
                return Err(Error::InvalidInput(format!(
                    "{}: the folder does not exist",
                    dir.display()
                )));
            }
        }
        let mut report = ExportReport {
            format: match opts.format {
                ExportFormat::Apkg => "apkg",
                ExportFormat::Csv => "csv",
            }
            .into(),
            ..Default::default()
        };
        match opts.format {
            ExportFormat::Apkg => {
                let mut cards = Vec::with_capacity(rows.len());
                for (rec, new_order) in rows {
                    let log = if opts.with_history {
                        self.store().card_revlog(&rec.id)?
                    } else {
                        Vec::new()
                    };
                    cards.push(ExportCard { rec, new_order, log });
                }
                let w = anki_write::write_apkg(
                    &opts.path,
                    &cards,
                    &parent,
                    opts.with_history,
                    &t,
                    settings.desired_retention,
                )?;
                report.notes = w.notes;
                report.cards = w.notes;
                report.reviews = w.reviews;
                report.decks = w.decks;
            }
            ExportFormat::Csv => {
                let recs: Vec<_> = rows.into_iter().map(|(r, _)| r).collect();
                csv_io::write_csv(&opts.path, &recs, &t)?;
                report.notes = recs.len();
                report.cards = recs.len();
            }
        }
        report.path = std::fs::canonicalize(&opts.path)
            .unwrap_or_else(|_| opts.path.clone())
            .display()
            .to_string();
        Ok(report)
    }

    /// Import an Anki package (`.apkg`, `.colpkg`) or a CSV file (`front,back[,tags]`). Importing
    /// the same file again adds no cards and no review log rows.
    pub fn import_deck(&self, path: &Path) -> Result<DeckImportReport> {
        if !path.is_file() {
            return Err(Error::InvalidInput(format!("{}: no such file", path.display())));
        }
        let format = super::deck_format(path)?;
        let settings = self.review_settings()?;
        let t = self.timing(&settings);
        let now = t.now_ms;
        let (format, items, notes, skipped, decks) = match format {
            super::DeckFormat::Package { colpkg } => {
                let col = anki_read::read_package(path)?;
                let fsrs = crate::review::api::fsrs_of(&settings)?;
                let (items, skipped, decks) = anki_items(&col, &fsrs, settings.desired_retention, &t);
                (
                    if colpkg { "colpkg" } else { "apkg" },
                    items,
                    col.notes.len(),
                    skipped,
                    decks,
                )
            }
            super::DeckFormat::Csv => {
                let (items, rows, skipped) = csv_io::read_csv(path)?;
                (
                    "csv",
                    items,
                    rows,
                    skipped,
                    vec![path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()],
                )
            }
        };
        let counts = self.store().import_deck_items(&items, now)?;
        Ok(DeckImportReport {
            path: std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
            format: format.into(),
            notes,
            cards: items.len(),
            added: counts.added,
            updated: counts.updated,
            reviews: counts.reviews_added,
            reviews_known: counts.reviews_known,
            skipped,
            decks,
        })
    }
}

/// Turn an Anki collection into cards to import: `(items, skipped, decks)`.
fn anki_items(
    col: &Collection,
    fsrs: &fsrs::FSRS,
    desired_retention: f32,
    t: &Timing,
) -> (Vec<ImportItem>, Vec<String>, Vec<String>) {
    let mut skips = Skips::default();
    skips.add("media files in the package (not imported)", col.media_files);
    let mut items = Vec::new();
    let mut decks = BTreeSet::new();
    let mut media_notes = BTreeSet::new();
    let mut revlog: BTreeMap<i64, Vec<&anki_read::Rev>> = BTreeMap::new();
    for r in &col.revlog {
        revlog.entry(r.cid).or_default().push(r);
    }
    let mut skipped_io = BTreeSet::new();
    for card in &col.cards {
        let Some(note) = col.notes.get(&card.nid) else {
            skips.add("cards whose note is missing", 1);
            continue;
        };
        let Some(nt) = col.notetypes.get(&note.mid) else {
            skips.add("cards whose note type is missing", 1);
            continue;
        };
        let io = nt.name.to_ascii_lowercase().contains("image occlusion")
            || nt.templates.iter().any(|(q, _)| q.contains("image-occlusion"));
        if io {
            if skipped_io.insert(card.nid) {
                skips.add("image occlusion notes (unsupported note type)", 1);
            }
            continue;
        }
        if note.fields.iter().any(|f| media_refs(f) > 0) && media_notes.insert(card.nid) {
            skips.add("notes with images or sounds (media dropped, text kept)", 1);
        }
        let deck = col
            .decks
            .get(&card.did)
            .cloned()
            .unwrap_or_else(|| "Default".into());
        // The `Source` field of Coldstart's own note types is the card's origin, not its text.
        let source_field = nt
            .fields
            .iter()
            .position(|f| f == "Source")
            .and_then(|i| note.fields.get(i))
            .map(|s| html_to_text(s));
        let fields: Vec<(String, String)> = nt
            .fields
            .iter()
            .zip(note.fields.iter().chain(std::iter::repeat(&String::new())))
            .map(|(n, v)| {
                let v = if n == "Source" && source_field.is_some() {
                    String::new()
                } else {
                    v.clone()
                };
                (n.clone(), v)
            })
            .collect();
        let (kind, front, back, context) = if nt.cloze {
            let text_field = nt
                .templates
                .first()
                .and_then(|(q, _)| q.split("{{cloze:").nth(1))
                .and_then(|r| r.split("}}").next())
                .unwrap_or_else(|| nt.fields.first().map(String::as_str).unwrap_or(""));
            let text = fields
                .iter()
                .find(|(n, _)| n == text_field)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            let n = card.ord as u32 + 1;
            if !cloze_numbers(text).contains(&n) {
                skips.add("cloze cards whose deletion is gone from the text", 1);
                continue;
            }
            let (q, a) = cloze_card(text, n);
            let extra: Vec<String> = fields
                .iter()
                .filter(|(name, v)| name != text_field && !v.is_empty())
                .map(|(_, v)| html_to_text(v))
                .filter(|v| !v.is_empty())
                .collect();
            let (full, _) = cloze_card(text, 0);
            let mut context = html_to_text(&full);
            for e in extra {
                context.push('\n');
                context.push_str(&e);
            }
            (CardKind::Cloze, html_to_text(&q), html_to_text(&a), context)
        } else {
            let Some((qfmt, afmt)) = nt.templates.get(card.ord as usize) else {
                skips.add("cards whose template is missing", 1);
                continue;
            };
            let q = render_template(qfmt, &fields, "");
            let a = render_template(afmt, &fields, "");
            let a = match a.find("<hr id=answer>").or_else(|| a.find("<hr id=\"answer\">")) {
                Some(i) => a[i..]
                    .split_once('>')
                    .map(|(_, r)| r.to_string())
                    .unwrap_or_default(),
                None => a,
            };
            (CardKind::Qa, html_to_text(&q), html_to_text(&a), String::new())
        };
        if front.is_empty() {
            skips.add("cards with no text on the question side (media only?)", 1);
            continue;
        }
        let own = note
            .guid
            .strip_prefix(GUID_PREFIX)
            .filter(|id| card.ord == 0 && id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()));
        let id = match own {
            Some(id) => id.to_string(),
            None => card_id("anki", &note.guid, &card.ord.to_string()),
        };
        let service = service_of(&note.tags, &deck, &format!("{front} {back}"));
        let source = match &source_field {
            Some(s) if !s.is_empty() => parse_source(s, &deck),
            _ => CardSource {
                file: format!("anki:{deck}"),
                anchor: note.guid.clone(),
                heading_path: deck.split("::").map(String::from).collect(),
                line: 0,
                title: deck.rsplit("::").next().unwrap_or(&deck).to_string(),
            },
        };
        decks.insert(deck.clone());
        let (sched, log, skipped_rows) = history(
            &id,
            card,
            revlog.get(&card.id).map(Vec::as_slice).unwrap_or(&[]),
            col.crt,
            fsrs,
            desired_retention,
            t,
        );
        skips.add(
            "review log rows of manual rescheduling or cramming (not reviews)",
            skipped_rows,
        );
        items.push(ImportItem {
            card: GeneratedCard {
                id,
                kind,
                explicit: true,
                service,
                source,
                dedupe_key: normalise(&front),
                front,
                back,
                context,
            },
            source_key: "anki".into(),
            sched: Some(sched),
            log,
            replace_content: own.is_none(),
            link: Some(AnkiLink {
                guid: note.guid.clone(),
                ord: card.ord,
                notetype: nt.name.clone(),
                deck,
                tags: note.tags.clone(),
            }),
        });
    }
    (items, skips.into_lines(), decks.into_iter().collect())
}

/// A card's schedule and review log from Anki's card row and revlog, with FSRS memory states
/// recomputed by replaying the log. Returns `(schedule, log, rows skipped)`.
fn history(
    card_id: &str,
    card: &anki_read::Card,
    revs: &[&anki_read::Rev],
    crt: i64,
    fsrs: &fsrs::FSRS,
    desired_retention: f32,
    t: &Timing,
) -> (Sched, Vec<RevlogEntry>, usize) {
    let mut log = Vec::new();
    let mut skipped = 0;
    let mut memory: Option<MemoryState> = None;
    let mut prev_day: Option<i64> = None;
    let mut state = CardState::New;
    for r in revs {
        let Some(rating) = Rating::from_number(r.ease.clamp(0, 4) as u8).filter(|_| r.rtype <= 3) else {
            skipped += 1;
            continue;
        };
        let at = r.id;
        let day = t.day_of(at);
        let elapsed = prev_day.map(|p| (day - p).max(0)).unwrap_or(0);
        let before_state = match r.rtype {
            0 if state == CardState::New => CardState::New,
            0 => CardState::Learning,
            2 => CardState::Relearning,
            _ => CardState::Review,
        };
        let next = fsrs
            .next_states(memory, desired_retention, elapsed as u32)
            .ok()
            .map(|n| match rating {
                Rating::Again => n.again.memory,
                Rating::Hard => n.hard.memory,
                Rating::Good => n.good.memory,
                Rating::Easy => n.easy.memory,
            });
        let after_state = if r.ivl > 0 {
            CardState::Review
        } else if matches!(before_state, CardState::Review | CardState::Relearning) {
            CardState::Relearning
        } else {
            CardState::Learning
        };
        let due_after = if r.ivl > 0 {
            t.day_start_ms(day + r.ivl)
        } else {
            at + (-r.ivl) * 1000
        };
        let after = next.unwrap_or(MemoryState {
            stability: memory.map(|m| m.stability).unwrap_or(1.0),
            difficulty: memory.map(|m| m.difficulty).unwrap_or(5.0),
        });
        log.push(RevlogEntry {
            id: 0,
            card_id: card_id.to_string(),
            reviewed_at_ms: at,
            day,
            rating,
            state_before: before_state,
            state_after: after_state,
            elapsed_days: elapsed,
            interval: r.ivl,
            last_interval: r.last_ivl,
            stability_before: memory.map(|m| m.stability),
            difficulty_before: memory.map(|m| m.difficulty),
            stability_after: after.stability,
            difficulty_after: after.difficulty,
            due_after_ms: due_after,
            taken_ms: r.time.max(0),
        });
        memory = Some(after);
        prev_day = Some(day);
        state = after_state;
    }
    let mut s = Sched::new_card();
    s.suspended = if card.queue == -1 { 1 } else { 0 };
    s.flag = (card.flags & 7) as u8;
    s.reps = card.reps.max(0) as u32;
    s.lapses = card.lapses.max(0) as u32;
    s.state = match card.ctype {
        1 => CardState::Learning,
        2 => CardState::Review,
        3 => CardState::Relearning,
        _ => CardState::New,
    };
    if s.state == CardState::New {
        s.reps = 0;
        s.lapses = 0;
        return (s, log, skipped);
    }
    s.interval_days = card.ivl.max(0) as u32;
    // Review cards (and learning cards in day-based steps) are due on a day counted from the
    // collection's creation; learning cards in minute steps at a unix time.
    let day_based = s.state == CardState::Review || card.queue == 3 || card.due < 1_000_000_000;
    s.due_ms = if day_based {
        let at = (crt + card.due * 86_400) * 1000 + 12 * 3_600_000;
        t.day_start_ms(t.day_of(at))
    } else {
        card.due * 1000
    };
    s.last_review_ms = log
        .last()
        .map(|e| e.reviewed_at_ms)
        .or_else(|| Some(s.due_ms - s.interval_days as i64 * 86_400_000));
    // Anki's own memory state when it has one (FSRS on), else the replayed one, else one
    // derived from the SM-2 interval and ease.
    let data: serde_json::Value = serde_json::from_str(&card.data).unwrap_or_default();
    let from_data = match (data["s"].as_f64(), data["d"].as_f64()) {
        (Some(st), Some(d)) if st > 0.0 => Some(MemoryState {
            stability: st as f32,
            difficulty: d as f32,
        }),
        _ => None,
    };
    let m = from_data.or(memory).or_else(|| {
        fsrs.memory_state_from_sm2(
            (card.factor as f32 / 1000.0).max(1.3),
            s.interval_days.max(1) as f32,
            0.9,
        )
        .ok()
    });
    s.stability = m.map(|m| m.stability);
    s.difficulty = m.map(|m| m.difficulty);
    (s, log, skipped)
}
