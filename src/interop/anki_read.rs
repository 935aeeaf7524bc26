//! Reading Anki packages: `.apkg` and `.colpkg` zips holding `collection.anki21b` (zstd, SQLite
//! schema 18: note types, fields, templates and decks in their own tables, protobuf configs),
//! `collection.anki21` or `collection.anki2` (SQLite schema 11: the `col` row's JSON).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// A note type.
#[derive(Debug, Clone)]
pub struct Notetype {
    pub name: String,
    pub cloze: bool,
    pub fields: Vec<String>,
    /// (question, answer) templates, by ordinal.
    pub templates: Vec<(String, String)>,
}

/// A note.
#[derive(Debug, Clone)]
pub struct Note {
    pub guid: String,
    pub mid: i64,
    pub tags: Vec<String>,
    pub fields: Vec<String>,
}

/// A card.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: i64,
    pub nid: i64,
    pub did: i64,
    pub ord: i64,
    pub ctype: i64,
    pub queue: i64,
    pub due: i64,
    pub ivl: i64,
    pub factor: i64,
    pub reps: i64,
    pub lapses: i64,
    pub flags: i64,
    pub data: String,
}

/// A review log row.
#[derive(Debug, Clone)]
pub struct Rev {
    pub id: i64,
    pub cid: i64,
    pub ease: i64,
    pub ivl: i64,
    pub last_ivl: i64,
    pub time: i64,
    pub rtype: i64,
}

/// What a package holds.
#[derive(Debug, Default)]
pub struct Collection {
    /// Day 0 of the collection (unix seconds).
    pub crt: i64,
    pub notetypes: HashMap<i64, Notetype>,
    pub decks: HashMap<i64, String>,
    pub notes: HashMap<i64, Note>,
    pub cards: Vec<Card>,
    pub revlog: Vec<Rev>,
    /// Media files in the package (not imported).
    pub media_files: usize,
}

fn bad(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::InvalidInput(format!(
        "{}: not a readable Anki package ({what})",
        path.display()
    ))
}

/// Read a package.
pub fn read_package(path: &Path) -> Result<Collection> {
    read_package_capped(path, MAX_COLLECTION_BYTES)
}

/// The most a package's collection may hold once decompressed: far above any real deck (Anki's
/// own collections of 100,000 cards are tens of megabytes), far below what exhausts memory.
pub const MAX_COLLECTION_BYTES: u64 = 1 << 30;

/// Read up to `cap` bytes from `r`; more is an error (a zip bomb, or not a deck).
fn read_capped(r: impl Read, cap: u64, path: &Path, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(path, format!("{what}: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(bad(
            path,
            format!("{what} holds more than {cap} bytes once decompressed; refused (a zip bomb?)"),
        ));
    }
    Ok(bytes)
}

fn read_package_capped(path: &Path, cap: u64) -> Result<Collection> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(path, e))?;
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let pick = ["collection.anki21b", "collection.anki21", "collection.anki2"]
        .into_iter()
        .find(|n| names.iter().any(|x| x == n))
        .ok_or_else(|| {
            bad(
                path,
                "no collection.anki21b, collection.anki21 or collection.anki2 inside",
            )
        })?;
    let mut bytes = read_capped(zip.by_name(pick).map_err(|e| bad(path, e))?, cap, path, pick)?;
    if pick.ends_with("21b") {
        let decoder = zstd::stream::read::Decoder::new(bytes.as_slice())
            .map_err(|e| bad(path, format!("zstd: {e}")))?;
        bytes = read_capped(decoder, cap, path, "the zstd-compressed collection")?;
    }
    let media_files = names
        .iter()
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
        .count();
    // A fresh name, created only if nothing (not even a symlink) is there already.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let tmp = std::env::temp_dir().join(format!(
        "coldstart-import-{}-{}-{nanos}.db",
        std::process::id(),
        &blake3::hash(path.to_string_lossy().as_bytes()).to_hex()[..8]
    ));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&bytes))
        .map_err(|e| Error::io(&tmp, e))?;
    let r = read_db(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    let mut col = r?;
    col.media_files = media_files;
    Ok(col)
}

fn read_db(db: &Path, pkg: &Path) -> Result<Collection> {
    let err = |e: rusqlite::Error| bad(pkg, e);
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(err)?;
    // Current Anki's schema names its own case-insensitive collation.
    conn.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(err)?;
    let has_table = |t: &str| -> bool {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [t],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .unwrap_or(false)
    };
    let mut col = Collection::default();
    let (crt, models, decks): (i64, String, String) = conn
        .query_row("SELECT crt, models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(err)?;
    col.crt = crt;
    if has_table("notetypes") {
        read_v18_meta(&conn, &mut col).map_err(err)?;
    } else {
        read_legacy_meta(&models, &decks, &mut col).map_err(|e| bad(pkg, e))?;
    }
    {
        let mut st = conn
            .prepare("SELECT id, guid, mid, tags, flds FROM notes")
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                let tags: String = r.get(3)?;
                let flds: String = r.get(4)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    Note {
                        guid: r.get(1)?,
                        mid: r.get(2)?,
                        tags: tags.split_whitespace().map(String::from).collect(),
                        fields: flds.split('\x1f').map(String::from).collect(),
                    },
                ))
            })
            .map_err(err)?;
        for row in rows {
            let (id, n) = row.map_err(err)?;
            col.notes.insert(id, n);
        }
    }
    {
        let mut st = conn
            .prepare(
                "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, flags, data, odid, odue
                 FROM cards ORDER BY id",
            )
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                let odid: i64 = r.get(13)?;
                let odue: i64 = r.get(14)?;
                Ok(Card {
                    id: r.get(0)?,
                    nid: r.get(1)?,
                    // A card in a filtered deck belongs to its original deck.
                    did: if odid != 0 { odid } else { r.get(2)? },
                    ord: r.get(3)?,
                    ctype: r.get(4)?,
                    queue: r.get(5)?,
                    due: if odid != 0 && odue != 0 { odue } else { r.get(6)? },
                    ivl: r.get(7)?,
                    factor: r.get(8)?,
                    reps: r.get(9)?,
                    lapses: r.get(10)?,
                    flags: r.get(11)?,
                    data: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
                })
            })
            .map_err(err)?;
        for row in rows {
            col.cards.push(row.map_err(err)?);
        }
    }
    {
        let mut st = conn
            .prepare("SELECT id, cid, ease, ivl, lastIvl, time, type FROM revlog ORDER BY cid, id")
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(Rev {
                    id: r.get(0)?,
                    cid: r.get(1)?,
                    ease: r.get(2)?,
                    ivl: r.get(3)?,
                    last_ivl: r.get(4)?,
                    time: r.get(5)?,
                    rtype: r.get(6)?,
                })
            })
            .map_err(err)?;
        for row in rows {
            col.revlog.push(row.map_err(err)?);
        }
    }
    Ok(col)
}

fn read_legacy_meta(models: &str, decks: &str, col: &mut Collection) -> std::result::Result<(), String> {
    let models: HashMap<String, serde_json::Value> =
        serde_json::from_str(models).map_err(|e| format!("note types: {e}"))?;
    for (id, m) in models {
        let Ok(id) = id.parse::<i64>() else { continue };
        let mut fields: Vec<(i64, String)> = m["flds"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                (
                    f["ord"].as_i64().unwrap_or(0),
                    f["name"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        fields.sort();
        let mut templates: Vec<(i64, String, String)> = m["tmpls"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| {
                (
                    t["ord"].as_i64().unwrap_or(0),
                    t["qfmt"].as_str().unwrap_or("").to_string(),
                    t["afmt"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        templates.sort();
        col.notetypes.insert(
            id,
            Notetype {
                name: m["name"].as_str().unwrap_or("").to_string(),
                cloze: m["type"].as_i64() == Some(1),
                fields: fields.into_iter().map(|f| f.1).collect(),
                templates: templates.into_iter().map(|t| (t.1, t.2)).collect(),
            },
        );
    }
    let decks: HashMap<String, serde_json::Value> =
        serde_json::from_str(decks).map_err(|e| format!("decks: {e}"))?;
    for (id, d) in decks {
        if let Ok(id) = id.parse::<i64>() {
            col.decks.insert(id, d["name"].as_str().unwrap_or("").to_string());
        }
    }
    Ok(())
}

fn read_v18_meta(conn: &Connection, col: &mut Collection) -> rusqlite::Result<()> {
    let mut st = conn.prepare("SELECT id, name, config FROM notetypes")?;
    let types: Vec<(i64, String, Vec<u8>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name, config) in types {
        // NotetypeConfig.kind is field 1: 1 = cloze.
        let cloze = proto_fields(&config)
            .iter()
            .any(|(f, v)| *f == 1 && matches!(v, Proto::Varint(1)));
        let fields: Vec<String> = conn
            .prepare("SELECT name FROM fields WHERE ntid = ?1 ORDER BY ord")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let configs: Vec<Vec<u8>> = conn
            .prepare("SELECT config FROM templates WHERE ntid = ?1 ORDER BY ord")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // CardTemplateConfig: q_format is field 1, a_format field 2.
        let templates = configs
            .iter()
            .map(|c| {
                let f = proto_fields(c);
                let s = |n: u32| {
                    f.iter()
                        .find_map(|(k, v)| match v {
                            Proto::Bytes(b) if *k == n => Some(String::from_utf8_lossy(b).into_owned()),
                            _ => None,
                        })
                        .unwrap_or_default()
                };
                (s(1), s(2))
            })
            .collect();
        col.notetypes.insert(
            id,
            Notetype {
                name,
                cloze,
                fields,
                templates,
            },
        );
    }
    let mut st = conn.prepare("SELECT id, name FROM decks")?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        col.decks.insert(id, name.replace('\x1f', "::"));
    }
    Ok(())
}

enum Proto<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Other,
}

/// The top-level fields of a protobuf message (enough to read a few known fields).
fn proto_fields(mut b: &[u8]) -> Vec<(u32, Proto<'_>)> {
    fn varint(b: &mut &[u8]) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = b.split_first()?;
            *b = rest;
            v |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    let mut out = Vec::new();
    while !b.is_empty() {
        let Some(key) = varint(&mut b) else { break };
        let field = (key >> 3) as u32;
        match key & 7 {
            0 => match varint(&mut b) {
                Some(v) => out.push((field, Proto::Varint(v))),
                None => break,
            },
            1 if b.len() >= 8 => {
                b = &b[8..];
                out.push((field, Proto::Other));
            }
            2 => {
                let Some(len) = varint(&mut b) else { break };
                let len = len as usize;
                if len > b.len() {
                    break;
                }
                out.push((field, Proto::Bytes(&b[..len])));
                b = &b[len..];
            }
            5 if b.len() >= 4 => {
                b = &b[4..];
                out.push((field, Proto::Other));
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package whose collection entry is `size` zero bytes (deflate makes it tiny on disk).
    fn bomb(dir: &Path, name: &str, size: usize) -> std::path::PathBuf {
        let path = dir.join("bomb.apkg");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, opts).unwrap();
        let chunk = vec![0u8; 1 << 16];
        for _ in 0..size / chunk.len() {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
        path
    }

    #[test]
    fn a_collection_larger_than_the_cap_is_refused_before_it_fills_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = bomb(dir.path(), "collection.anki21", 4 << 20);
        assert!(
            std::fs::metadata(&path).unwrap().len() < 64 << 10,
            "a bomb: small on disk"
        );
        let err = read_package_capped(&path, 1 << 20).unwrap_err().to_string();
        assert!(err.contains("more than 1048576 bytes"), "{err}");
        assert!(err.contains("bomb.apkg"), "names the file: {err}");
    }

    #[test]
    fn a_zstd_collection_larger_than_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let packed = zstd::stream::encode_all(vec![0u8; 4 << 20].as_slice(), 3).unwrap();
        let path = dir.path().join("bomb.apkg");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        zip.start_file("collection.anki21b", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&packed).unwrap();
        zip.finish().unwrap();
        let err = read_package_capped(&path, 1 << 20).unwrap_err().to_string();
        assert!(
            err.contains("zstd-compressed collection holds more than"),
            "{err}"
        );
    }
}
