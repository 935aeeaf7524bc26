//! The quick search path: a `coldstart search` process that opens the index reader and nothing
//! else (no SQLite, no parse of the bundled notes, no fact base, no card sync), when that gives
//! exactly what [`Library::open`] followed by [`Library::search`] would.
//!
//! Opening a library brings the index up to date with the bundled notes (`content/`), and that is
//! the only change an open makes to what a search finds: imported folders are re-indexed only by
//! an import or a refresh. So after every open whose bundled sync went through, the library writes
//! a stamp of the bundled notes (path, size and modification time of every note file) into the
//! index folder. A quick search recomputes the stamp (a walk and a `stat` per file, no reading)
//! and uses the index as it is only when the stamps agree and the index is current; otherwise
//! (first run, an outdated or missing index, bundled notes edited, moved or another content
//! folder) it answers `None` and the caller takes the full path.

use std::path::Path;

use crate::error::Result;
use crate::library::{Library, LibraryConfig};
use crate::notes::SourceKind;
use crate::search::{SearchIndex, SearchRequest, SearchResults};

const STAMP_FILE: &str = "coldstart-bundled-stamp";

/// A fingerprint of the bundled notes as [`Library::open`] would index them.
pub(crate) fn bundled_stamp(content_dir: &Path) -> Option<String> {
    if !content_dir.is_dir() {
        return None;
    }
    let mut h = blake3::Hasher::new();
    h.update(
        format!(
            "v1\u{1f}{}\u{1f}{}\n",
            crate::search::INDEX_VERSION,
            content_dir.display()
        )
        .as_bytes(),
    );
    for f in Library::collect_files(content_dir, SourceKind::Bundled) {
        let m = std::fs::metadata(&f).ok()?;
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        h.update(format!("{}\u{1f}{}\u{1f}{mtime}\n", f.display(), m.len()).as_bytes());
    }
    // The file that says which folder each bundled note's service comes from is the path itself,
    // so the listing above covers it; facts.toml changes cards only, never the index.
    Some(h.finalize().to_hex().to_string())
}

/// Record that the index holds the bundled notes as they are now (after a successful sync).
pub(crate) fn write_stamp(index_dir: &Path, content_dir: &Path) {
    let path = index_dir.join(STAMP_FILE);
    match bundled_stamp(content_dir) {
        // Written whole then renamed, so a reader never sees half a stamp.
        Some(s) => {
            let tmp = index_dir.join(format!("{STAMP_FILE}.tmp"));
            if std::fs::write(&tmp, s).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
        None => {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Forget the stamp (before the index changes in a way the next open must see).
pub(crate) fn clear_stamp(index_dir: &Path) {
    let _ = std::fs::remove_file(index_dir.join(STAMP_FILE));
}

impl Library {
    /// Search without opening the library, when the index on disk already is what an open would
    /// make it (see the module docs). `Ok(None)`: take the full path (`open` then `search`).
    pub fn quick_search(config: &LibraryConfig, req: &SearchRequest) -> Result<Option<SearchResults>> {
        let index_dir = config.data_dir.join("index");
        let Ok(stamp) = std::fs::read_to_string(index_dir.join(STAMP_FILE)) else {
            return Ok(None);
        };
        // A library without its database is a first run (or a damaged one): the full path.
        if !config.data_dir.join("coldstart.db").is_file() {
            return Ok(None);
        }
        if bundled_stamp(&config.content_dir).as_deref() != Some(stamp.trim()) {
            return Ok(None);
        }
        let Ok(Some(mut index)) = SearchIndex::open_existing(&index_dir) else {
            return Ok(None);
        };
        // The query side reads the glossary beside the bundled notes, as the full open does.
        index.set_content_dir(config.content_dir.clone());
        index.search(req).map(Some)
    }
}
