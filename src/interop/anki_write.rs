//! Writing an Anki package (`.apkg`) in the legacy 2.1 layout: a zip holding `collection.anki21`
//! (SQLite, schema 11: the `col` row carries note types, decks and deck options as JSON),
//! `media` (`{}`: no media) and `meta` (package version 2).

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use rusqlite::{params, Connection};
use serde_json::json;

use super::text::text_to_html;
use crate::cards::CardKind;
use crate::error::{Error, Result};
use crate::review::{CardState, RevlogEntry, Timing};
use crate::store::CardRecord;

/// Note type id of `Coldstart Basic` (fixed, so every export reuses the same note type).
pub const BASIC_NOTETYPE_ID: i64 = 1_700_000_000_101;
/// Note type id of `Coldstart Cloze`.
pub const CLOZE_NOTETYPE_ID: i64 = 1_700_000_000_102;
/// Bumped when the note types' fields or templates change.
const NOTETYPE_MOD: i64 = 1_700_000_000;
/// GUID prefix of notes made from Coldstart cards.
pub const GUID_PREFIX: &str = "cs:";

/// One card to write, with its place in the new-card order and its review log.
pub struct ExportCard {
    /// The card.
    pub rec: CardRecord,
    /// Position among new cards.
    pub new_order: i64,
    /// Review log, oldest first.
    pub log: Vec<RevlogEntry>,
}

/// What was written.
pub struct Written {
    pub notes: usize,
    pub reviews: usize,
    pub decks: Vec<String>,
}

/// The GUID of the Anki note made from a Coldstart card.
pub fn guid_for(card_id: &str) -> String {
    format!("{GUID_PREFIX}{card_id}")
}

/// A positive id below 2^53 from a string (stable across exports).
fn stable_id(kind: &str, key: &str, base: i64) -> i64 {
    let h = blake3::hash(format!("{kind}\x1f{key}").as_bytes());
    let n = u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"));
    base + (n % 100_000_000_000) as i64
}

/// Anki's note checksum: the first 8 hex digits of the SHA-1 of the stripped first field.
fn checksum(sort_field: &str) -> i64 {
    let hex = sha1_smol::Sha1::from(sort_field).digest().to_string();
    i64::from_str_radix(&hex[..8], 16).unwrap_or(0)
}

const CSS: &str = ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n.cloze {\n    font-weight: bold;\n    color: blue;\n}\n.nightMode .cloze {\n    color: lightblue;\n}\n.source {\n    margin-top: 1.5em;\n    font-size: 13px;\n    color: #777;\n}\n";
const LATEX_PRE: &str = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";

fn field_json(name: &str, ord: usize, id: i64) -> serde_json::Value {
    json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20,
        "description": "", "plainText": false, "collapsed": false, "excludeFromSearch": false,
        "id": id, "tag": null, "preventDeletion": false})
}

fn notetype_json(id: i64, name: &str, cloze: bool) -> serde_json::Value {
    let (fields, qfmt, afmt, tname): (&[&str], &str, &str, &str) = if cloze {
        (
            &["Text", "Back Extra", "Source"],
            "{{cloze:Text}}",
            "{{cloze:Text}}\n{{#Back Extra}}<div class=\"extra\">{{Back Extra}}</div>{{/Back Extra}}\n{{#Source}}<div class=\"source\">{{Source}}</div>{{/Source}}",
            "Cloze",
        )
    } else {
        (
            &["Front", "Back", "Source"],
            "{{Front}}",
            "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}\n{{#Source}}<div class=\"source\">{{Source}}</div>{{/Source}}",
            "Card 1",
        )
    };
    json!({
        "id": id, "name": name, "type": if cloze { 1 } else { 0 }, "mod": NOTETYPE_MOD, "usn": 0,
        "sortf": 0, "did": null,
        "tmpls": [{"name": tname, "ord": 0, "qfmt": qfmt, "afmt": afmt, "bqfmt": "", "bafmt": "",
            "did": null, "bfont": "", "bsize": 0, "id": id + 1000}],
        "flds": fields.iter().enumerate().map(|(i, f)| field_json(f, i, id * 10 + i as i64)).collect::<Vec<_>>(),
        "css": CSS, "latexPre": LATEX_PRE, "latexPost": "\\end{document}", "latexsvg": false,
        "req": [[0, "any", [0]]],
        "originalStockKind": if cloze { 5 } else { 1 },
    })
}

fn deck_json(id: i64, name: &str, mtime: i64) -> serde_json::Value {
    json!({"id": id, "mod": mtime, "name": name, "usn": -1, "lrnToday": [0, 0], "revToday": [0, 0],
        "newToday": [0, 0], "timeToday": [0, 0], "collapsed": false, "browserCollapsed": false,
        "desc": "", "dyn": 0, "conf": 1, "extendNew": 0, "extendRev": 0, "reviewLimit": null,
        "newLimit": null, "reviewLimitToday": null, "newLimitToday": null, "desiredRetention": null})
}

const DCONF: &str = r#"{"1":{"id":1,"mod":0,"name":"Default","usn":0,"maxTaken":60,"autoplay":true,"timer":0,"replayq":true,"new":{"bury":false,"delays":[1.0,10.0],"initialFactor":2500,"ints":[1,4,0],"order":1,"perDay":20},"rev":{"bury":false,"ease4":1.3,"ivlFct":1.0,"maxIvl":36500,"perDay":200,"hardFactor":1.2},"lapse":{"delays":[10.0],"leechAction":1,"leechFails":8,"minInt":1,"mult":0.0},"dyn":false,"newMix":0,"newPerDayMinimum":0,"interdayLearningMix":0,"reviewOrder":0,"newSortOrder":0,"newGatherPriority":0,"buryInterdayLearning":false,"fsrsWeights":[],"fsrsParams5":[],"fsrsParams6":[],"desiredRetention":0.9,"ignoreRevlogsBeforeDate":"","easyDaysPercentages":[1.0,1.0,1.0,1.0,1.0,1.0,1.0],"stopTimerOnAnswer":false,"secondsToShowQuestion":0.0,"secondsToShowAnswer":0.0,"questionAction":0,"answerAction":0,"waitForAudio":true,"sm2Retention":0.9,"weightSearch":""}}"#;

const SCHEMA: &str = "
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL,
  left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// A tag without spaces (Anki separates tags with spaces).
fn tag(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// `lambda/limits` for `content/lambda/limits.md`, the file stem otherwise.
pub fn source_tag(file: &str) -> String {
    let f = file.strip_prefix("content/").unwrap_or(file);
    let f = f
        .strip_suffix(".md")
        .or_else(|| f.strip_suffix(".markdown"))
        .unwrap_or(f);
    if Path::new(f).is_absolute() {
        return Path::new(f)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    f.to_string()
}

/// The Source field: heading path and `file#anchor`.
pub fn source_text(rec: &CardRecord) -> String {
    let path = rec.source.heading_path.join(" › ");
    let link = if rec.source.anchor.is_empty() {
        rec.source.file.clone()
    } else {
        format!("{}#{}", rec.source.file, rec.source.anchor)
    };
    if path.is_empty() {
        link
    } else {
        format!("{path} — {link}")
    }
}

/// The Anki tags of a card.
pub fn tags_for(rec: &CardRecord) -> Vec<String> {
    let mut t = vec!["coldstart".to_string(), format!("service::{}", tag(&rec.service))];
    let src = source_tag(&rec.source.file);
    if !src.is_empty() {
        t.push(format!("source::{}", tag(&src)));
    }
    t
}

/// Write `cards` as an Anki package at `out`.
pub fn write_apkg(
    out: &Path,
    cards: &[ExportCard],
    parent: &str,
    with_history: bool,
    t: &Timing,
    desired_retention: f32,
) -> Result<Written> {
    let tmp_db = out.with_extension(format!("coldstart-{}.anki21", std::process::id()));
    let _ = std::fs::remove_file(&tmp_db);
    let db_err = |e: rusqlite::Error| Error::Db {
        path: tmp_db.clone(),
        message: e.to_string(),
    };
    let result = (|| -> Result<Written> {
        let mut conn = Connection::open(&tmp_db).map_err(db_err)?;
        conn.execute_batch(SCHEMA).map_err(db_err)?;
        let now_s = t.now_ms / 1000;
        // The collection's day 0: a day before anything in it.
        let mut first_day = t.today;
        if with_history {
            for c in cards {
                if let Some(e) = c.log.first() {
                    first_day = first_day.min(e.day);
                }
                if c.rec.sched.state == CardState::Review {
                    first_day = first_day.min(t.day_of(c.rec.sched.due_ms));
                }
            }
        }
        let crt_day = first_day - 1;
        let crt = t.day_start_ms(crt_day) / 1000;

        // Decks: the parent and one per service.
        let mut decks = serde_json::Map::new();
        decks.insert("1".into(), deck_json(1, "Default", 0));
        let parent_id = stable_id("deck", parent, 1_600_000_000_000);
        decks.insert(parent_id.to_string(), deck_json(parent_id, parent, now_s));
        let mut deck_names = vec![parent.to_string()];
        let mut deck_of = std::collections::HashMap::new();
        for c in cards {
            if deck_of.contains_key(&c.rec.service) {
                continue;
            }
            let name = format!("{parent}::{}", super::service_display_name(&c.rec.service));
            let id = stable_id("deck", &name, 1_600_000_000_000);
            decks.insert(id.to_string(), deck_json(id, &name, now_s));
            deck_names.push(name);
            deck_of.insert(c.rec.service.clone(), id);
        }
        let mut models = serde_json::Map::new();
        models.insert(
            BASIC_NOTETYPE_ID.to_string(),
            notetype_json(BASIC_NOTETYPE_ID, "Coldstart Basic", false),
        );
        models.insert(
            CLOZE_NOTETYPE_ID.to_string(),
            notetype_json(CLOZE_NOTETYPE_ID, "Coldstart Cloze", true),
        );
        let offset_min = -(t.offset_secs / 60);
        let conf = json!({"creationOffset": offset_min, "localOffset": offset_min, "rollover": t.rollover_hour,
            "sortType": "noteFld", "timeLim": 0, "activeDecks": [1], "dayLearnFirst": false, "addToCur": true,
            "curModel": BASIC_NOTETYPE_ID, "collapseTime": 1200, "estTimes": true, "schedVer": 2,
            "nextPos": cards.len() + 1, "sortBackwards": false, "dueCounts": true, "curDeck": 1,
            "sched2021": true, "newSpread": 0});
        let tx = conn.transaction().map_err(db_err)?;
        tx.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
            params![
                crt,
                t.now_ms,
                conf.to_string(),
                serde_json::Value::Object(models).to_string(),
                serde_json::Value::Object(decks).to_string(),
                DCONF
            ],
        )
        .map_err(db_err)?;
        let mut used_ids = HashSet::new();
        let mut used_rev = HashSet::new();
        let mut reviews = 0;
        let mut new_pos = 0i64;
        let mut sorted: Vec<&ExportCard> = cards.iter().collect();
        sorted.sort_by_key(|c| c.new_order);
        for c in sorted {
            let rec = &c.rec;
            let front = rec.front_override.clone().unwrap_or_else(|| rec.front.clone());
            let back = rec.back_override.clone().unwrap_or_else(|| rec.back.clone());
            let source = text_to_html(&source_text(rec));
            let cloze = matches!(rec.kind, CardKind::Cloze | CardKind::Number)
                && front.matches("[...]").count() == 1
                && !back.contains("}}");
            let (mid, fields) = if cloze {
                let text = text_to_html(&front).replace(
                    "[...]",
                    &format!("{{{{c1::{}}}}}", text_to_html(&back).replace("::", ": :")),
                );
                (CLOZE_NOTETYPE_ID, [text, String::new(), source])
            } else {
                (
                    BASIC_NOTETYPE_ID,
                    [text_to_html(&front), text_to_html(&back), source],
                )
            };
            let sort_field = super::text::html_to_text(&fields[0]);
            let mut nid = stable_id("note", &rec.id, 1_500_000_000_000);
            while !used_ids.insert(nid) {
                nid += 1;
            }
            let tags = format!(" {} ", tags_for(rec).join(" "));
            tx.prepare_cached("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")
                .and_then(|mut st| {
                    st.execute(params![
                        nid,
                        guid_for(&rec.id),
                        mid,
                        now_s,
                        tags,
                        fields.join("\x1f"),
                        sort_field,
                        checksum(&sort_field)
                    ])
                })
                .map_err(db_err)?;
            let cid = nid;
            let did = deck_of[&rec.service];
            let s = &rec.sched;
            let queue_if = |q: i64| if s.suspended > 0 { -1 } else { q };
            let (ctype, queue, due, ivl, factor, reps, lapses, left, data) =
                if !with_history || s.state == CardState::New {
                    new_pos += 1;
                    (0, queue_if(0), new_pos, 0, 0, 0, 0, 0, "{}".to_string())
                } else {
                    let data = match (s.stability, s.difficulty) {
                        (Some(st), Some(d)) => json!({
                            "s": (st as f64 * 10_000.0).round() / 10_000.0,
                            "d": (d as f64 * 1_000.0).round() / 1_000.0,
                            "dr": (desired_retention as f64 * 100.0).round() / 100.0,
                            "lrt": s.last_review_ms.map(|ms| ms / 1000),
                        })
                        .to_string(),
                        _ => "{}".to_string(),
                    };
                    let secs = s.due_ms / 1000;
                    match s.state {
                        CardState::Learning => (1, queue_if(1), secs, 0, 2500, s.reps, s.lapses, 1, data),
                        CardState::Relearning => (
                            3,
                            queue_if(1),
                            secs,
                            s.interval_days.max(1) as i64,
                            2500,
                            s.reps,
                            s.lapses,
                            1,
                            data,
                        ),
                        _ => (
                            2,
                            queue_if(2),
                            t.day_of(s.due_ms) - crt_day,
                            s.interval_days.max(1) as i64,
                            2500,
                            s.reps,
                            s.lapses,
                            0,
                            data,
                        ),
                    }
                };
            tx.prepare_cached(
                "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, 0, ?13, ?14)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    cid,
                    nid,
                    did,
                    now_s,
                    ctype,
                    queue,
                    due,
                    ivl,
                    factor,
                    reps,
                    lapses,
                    left,
                    if with_history { s.flag as i64 } else { 0 },
                    data
                ])
            })
            .map_err(db_err)?;
            if with_history {
                for e in &c.log {
                    let mut id = e.reviewed_at_ms;
                    while !used_rev.insert(id) {
                        id += 1;
                    }
                    let rtype = match e.state_before {
                        CardState::New | CardState::Learning => 0,
                        CardState::Review => 1,
                        CardState::Relearning => 2,
                    };
                    let factor = if e.state_after == CardState::Review {
                        2500
                    } else {
                        0
                    };
                    tx.prepare_cached("INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)")
                        .and_then(|mut st| {
                            st.execute(params![
                                id,
                                cid,
                                e.rating.number(),
                                e.interval,
                                e.last_interval,
                                factor,
                                e.taken_ms.clamp(0, 60_000),
                                rtype
                            ])
                        })
                        .map_err(db_err)?;
                    reviews += 1;
                }
            }
        }
        tx.commit().map_err(db_err)?;
        conn.close().map_err(|(_, e)| db_err(e))?;
        let bytes = std::fs::read(&tmp_db).map_err(|e| Error::io(&tmp_db, e))?;
        write_zip(
            out,
            &[
                ("collection.anki21", bytes.as_slice()),
                ("media", b"{}"),
                ("meta", &[0x08, 0x02]),
            ],
        )?;
        Ok(Written {
            notes: cards.len(),
            reviews,
            decks: deck_names,
        })
    })();
    let _ = std::fs::remove_file(&tmp_db);
    result
}

/// Write a zip atomically (to a temporary file beside `out`, then renamed).
fn write_zip(out: &Path, entries: &[(&str, &[u8])]) -> Result<()> {
    let tmp = out.with_extension(format!("coldstart-{}.tmp", std::process::id()));
    let io = |e: std::io::Error| Error::io(out, e);
    let file = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, opts)
            .map_err(|e| Error::InvalidInput(format!("{}: {e}", out.display())))?;
        zip.write_all(bytes).map_err(io)?;
    }
    zip.finish()
        .map_err(|e| Error::InvalidInput(format!("{}: {e}", out.display())))?;
    std::fs::rename(&tmp, out).map_err(io)
}
