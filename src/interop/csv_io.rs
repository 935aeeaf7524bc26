//! CSV: export `front, back, tags, source, due, stability, difficulty`; import `front, back[, tags]`
//! (with or without a header row; Coldstart's own export reads back too).

use std::path::Path;

use super::anki_write::{source_text, tags_for};
use crate::cards::{card_id, normalise, CardKind, CardSource, GeneratedCard};
use crate::error::{Error, Result};
use crate::review::{CardState, Timing};
use crate::store::{CardRecord, ImportItem};

/// The header of an export.
pub const HEADER: [&str; 7] = [
    "front",
    "back",
    "tags",
    "source",
    "due",
    "stability",
    "difficulty",
];

/// Write cards as CSV (due as a local date, empty for new cards).
pub fn write_csv(out: &Path, cards: &[CardRecord], t: &Timing) -> Result<()> {
    let tmp = out.with_extension(format!("coldstart-{}.tmp", std::process::id()));
    let csv_err = |e: csv::Error| Error::InvalidInput(format!("{}: {e}", out.display()));
    {
        let mut w = csv::Writer::from_path(&tmp).map_err(csv_err)?;
        w.write_record(HEADER).map_err(csv_err)?;
        for c in cards {
            let s = &c.sched;
            let due = if s.state == CardState::New {
                String::new()
            } else {
                crate::review::day_date(t.day_of(s.due_ms))
            };
            let f = |v: Option<f32>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
            w.write_record([
                c.front_override.as_deref().unwrap_or(&c.front),
                c.back_override.as_deref().unwrap_or(&c.back),
                &tags_for(c).join(" "),
                &source_text(c),
                &due,
                &f(s.stability),
                &f(s.difficulty),
            ])
            .map_err(csv_err)?;
        }
        w.flush().map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))
}

/// Read a CSV of cards: `(items, rows read, skipped)`.
pub fn read_csv(path: &Path) -> Result<(Vec<ImportItem>, usize, Vec<String>)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    // Tab-separated when the first line has tabs and no commas.
    let first = text.lines().next().unwrap_or("");
    let delim = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let deck = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut items = Vec::new();
    let mut rows = 0;
    let mut short = 0;
    let mut seen = std::collections::HashSet::new();
    let mut dup = 0;
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| Error::Parse {
            file: path.display().to_string(),
            line: e.position().map(|p| p.line() as usize).unwrap_or(0),
            message: e.to_string(),
        })?;
        let front = super::text::html_to_text(rec.get(0).unwrap_or(""));
        let back = super::text::html_to_text(rec.get(1).unwrap_or(""));
        if i == 0 && front.eq_ignore_ascii_case("front") && back.eq_ignore_ascii_case("back") {
            continue;
        }
        rows += 1;
        if front.is_empty() || back.is_empty() {
            short += 1;
            continue;
        }
        let tags: Vec<String> = rec
            .get(2)
            .unwrap_or("")
            .split_whitespace()
            .map(String::from)
            .collect();
        let id = card_id("csv", "", &front);
        if !seen.insert(id.clone()) {
            dup += 1;
            continue;
        }
        let service = tags
            .iter()
            .find_map(|t| t.strip_prefix("service::"))
            .map(str::to_string)
            .or_else(|| crate::notes::infer_service(&format!("{front} {back}")).map(String::from))
            .unwrap_or_else(|| super::api::IMPORTED_SERVICE.to_string());
        let kind = if front.contains("[...]") {
            CardKind::Cloze
        } else {
            CardKind::Qa
        };
        items.push(ImportItem {
            card: GeneratedCard {
                id,
                kind,
                explicit: true,
                service,
                source: CardSource {
                    file: format!("csv:{deck}"),
                    anchor: String::new(),
                    heading_path: vec![deck.clone()],
                    line: i + 1,
                    title: deck.clone(),
                },
                dedupe_key: normalise(&front),
                front,
                back,
                context: String::new(),
            },
            source_key: "csv".into(),
            sched: None,
            log: Vec::new(),
            replace_content: true,
            link: None,
        });
    }
    let mut skipped = Vec::new();
    if short > 0 {
        skipped.push(format!("{short} rows without both a front and a back"));
    }
    if dup > 0 {
        skipped.push(format!("{dup} rows repeating an earlier front"));
    }
    Ok((items, rows, skipped))
}
