//! The SQLite store: the only module that writes SQL.
//!
//! The database holds everything the learner did and cannot be rebuilt from anything, so it is
//! protected: WAL, foreign keys, an integrity check at open, numbered migrations run in one
//! transaction, and a backup of the file before any migration touches it.

mod browse;
mod exam;
mod interop;
mod migrations;
mod plan;
mod review;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::notes::SourceKind;
pub use browse::BulkChange;
pub use exam::{AttemptRow, ItemRow, MissedRow};
pub use interop::{AnkiLink, ImportCounts, ImportItem};
pub use migrations::SCHEMA_VERSION;
pub use review::{CardRecord, DayRow, SyncCounts, UNDO_DEPTH};

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// `<db>.open-<pid>`: present while this process has the database open, so the next open
    /// can tell a crash from a clean exit.
    marker: PathBuf,
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.marker);
    }
}

fn open_marker(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    db.with_file_name(format!("{name}.open-{}", std::process::id()))
}

/// True when no process that had the database open died without closing it. Markers of dead
/// processes are removed (the caller checks the file in full first). Where liveness cannot be
/// told (no `/proc`), any marker counts as unclean.
fn was_closed_cleanly(db: &Path) -> bool {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return false;
    };
    let prefix = format!("{}.open-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let proc_fs = Path::new("/proc/self").exists();
    let mut clean = true;
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix) else {
            continue;
        };
        let alive = proc_fs && Path::new("/proc").join(pid).exists();
        if !alive {
            clean = false;
            let _ = std::fs::remove_file(e.path());
        } else if pid != std::process::id().to_string() {
            // Open in another live process: fine, it will close it.
        }
    }
    clean
}

/// SQLite's magic string at the start of the main file: anything else is not a database.
fn check_magic(db: &Path) -> std::result::Result<(), String> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let len = std::fs::metadata(db).map_err(|e| e.to_string())?.len();
    let mut f = std::fs::File::open(db).map_err(|e| e.to_string())?;
    f.read_exact(&mut head)
        .map_err(|_| format!("only {len} bytes long: not a Coldstart database, or cut short"))?;
    if &head != b"SQLite format 3\0" {
        return Err("not an SQLite database (wrong header)".into());
    }
    Ok(())
}

/// When the main file is shorter than the page count in its header says: a description of the
/// gap. That alone is no damage: with WAL, a process killed during a checkpoint (or another
/// process checkpointing right now) leaves the header ahead of the file's length until SQLite
/// recovers from the WAL, so the caller asks SQLite itself before calling the file damaged.
fn header_ahead_of_length(db: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 100];
    let len = std::fs::metadata(db).ok()?.len();
    std::fs::File::open(db).ok()?.read_exact(&mut head).ok()?;
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536u64,
        n => n as u64,
    };
    let pages = u32::from_be_bytes([head[28], head[29], head[30], head[31]]) as u64;
    let valid = head[24..28] == head[92..96];
    (valid && pages > 0 && len < pages * page_size).then(|| {
        format!("truncated: the file is {len} bytes but its header says {pages} pages of {page_size} bytes")
    })
}

/// A remembered source of notes (the bundled folder, or a folder or file the learner imported).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceRow {
    /// Row id.
    pub id: i64,
    /// Bundled or imported.
    pub kind: SourceKind,
    /// Absolute path of the folder or file.
    pub path: String,
    /// When it was first imported (unix seconds).
    pub added_at: i64,
}

/// What the store remembers of one note file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileRow {
    /// The note key (`content/...` or an absolute path).
    pub file: String,
    /// Source it belongs to.
    pub source_id: i64,
    /// Bundled or imported.
    pub kind: SourceKind,
    /// Where it is on disk.
    pub disk_path: String,
    /// blake3 of the bytes last indexed.
    pub hash: String,
    /// Title when last indexed.
    pub title: String,
    /// Service when last indexed.
    pub service: String,
    /// Number of sections.
    pub sections: i64,
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn kind_of(s: &str) -> SourceKind {
    if s == "bundled" {
        SourceKind::Bundled
    } else {
        SourceKind::Imported
    }
}

/// Set one setting, keeping the others.
const UPSERT_SETTING: &str =
    "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

/// Where a file is written before it is renamed to `final_path`.
fn partial_name(final_path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.partial", final_path.display()))
}

/// Flush a file's data to disk.
fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Flush a directory entry (a rename) to disk; best effort, as not every file system allows it.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Remove `<db>.*.bak.partial` files (and their `-journal`, `-wal`, `-shm`) left by a process killed while it
/// wrote a backup. Only files older than an hour: a younger one may be another live process's.
fn remove_stale_partials(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let prefix = format!("{}.", name.to_string_lossy());
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let leftover = ["", "-journal", "-wal", "-shm"]
            .iter()
            .any(|side| n.ends_with(&format!(".bak.partial{side}")));
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if n.starts_with(&prefix) && leftover && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether a backup file is a sound database: SQLite's magic, a header that fits the file, and a
/// `quick_check` of every page. Opened read-only and immutable, so checking writes nothing.
fn backup_verdict(path: &Path) -> std::result::Result<(), String> {
    use rusqlite::OpenFlags;
    check_magic(path)?;
    if let Some(short) = header_ahead_of_length(path) {
        return Err(short);
    }
    let escaped: String = path
        .display()
        .to_string()
        .chars()
        .map(|c| match c {
            '%' => "%25".to_string(),
            '?' => "%3f".to_string(),
            '#' => "%23".to_string(),
            c => c.to_string(),
        })
        .collect();
    let uri = format!("file:{escaped}?immutable=1");
    let conn =
        Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
            .map_err(|e| e.to_string())?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(verdict)
    }
}

/// When SQLite fails because the disk is full, read-only or not writable (not because the file
/// is damaged): what is wrong, found by writing a small probe file beside the database. A full
/// disk must never be reported as a damaged database, whose advice (restore a backup) would
/// replace the learner's newest reviews with an older copy.
pub(crate) fn storage_fault(path: &Path, e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode as C;
    let code = e.sqlite_error_code()?;
    if !matches!(
        code,
        C::DiskFull | C::SystemIoFailure | C::ReadOnly | C::CannotOpen | C::PermissionDenied
    ) {
        return None;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".coldstart-probe-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(&[0u8; 64 * 1024])?;
            f.sync_all()
        });
    let _ = std::fs::remove_file(&probe);
    let why = match written {
        Err(w) if w.kind() == std::io::ErrorKind::StorageFull => {
            format!("the disk holding {} is full", dir.display())
        }
        Err(w) if w.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
            format!("{} is on a read-only file system", dir.display())
        }
        Err(w) if w.kind() == std::io::ErrorKind::PermissionDenied => {
            format!("Coldstart may not write in {}", dir.display())
        }
        Err(w) => format!("{} cannot be written ({w})", dir.display()),
        Ok(()) if code == C::DiskFull => format!("the disk holding {} is full", dir.display()),
        Ok(()) => return None,
    };
    Some(format!(
        "{why} (SQLite: {e}); the database is not damaged and nothing was changed: free some space or make the folder writable, then try again"
    ))
}

impl Store {
    /// Open (or create) the database at `path`, check it, and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let existed = path.exists() && std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
        let db_err = |e: rusqlite::Error| Error::Db {
            path: path.to_path_buf(),
            message: storage_fault(path, &e).unwrap_or_else(|| e.to_string()),
        };
        let conn = Connection::open(path).map_err(db_err)?;
        let corrupt = |detail: String| {
            Error::DbCorrupt {
            path: path.to_path_buf(),
            detail,
            hint: "the file was left as it is; run `coldstart --restore-backup` to move it aside and restore the latest backup".into(),
        }
        };
        // A file that does not start like SQLite's is not a database. Everything else is judged by
        // SQLite itself, after it has read the WAL: the first read below recovers it.
        if existed {
            check_magic(path).map_err(corrupt)?;
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| {
                if storage_fault(path, &e).is_some() {
                    return db_err(e);
                }
                corrupt(match header_ahead_of_length(path) {
                    Some(s) => format!("{s}; SQLite's check: {e}"),
                    None => e.to_string(),
                })
            })?;
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                path: path.to_path_buf(),
                found: version,
                max: SCHEMA_VERSION,
            });
        }
        if existed {
            // After an unclean shutdown, or when the main file is shorter than its header says
            // (a cut copy, or a checkpoint that a kill interrupted): a full `quick_check` of every
            // page as SQLite sees them through the WAL. Only its verdict makes the file damaged.
            let short = header_ahead_of_length(path);
            if short.is_some() || !was_closed_cleanly(path) {
                let verdict = match conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)) {
                    Ok(v) => v,
                    Err(e) if storage_fault(path, &e).is_some() => return Err(db_err(e)),
                    Err(e) => e.to_string(),
                };
                if verdict != "ok" {
                    return Err(corrupt(match short {
                        Some(s) => format!("{s}; SQLite's check: {verdict}"),
                        None => verdict,
                    }));
                }
            }
        }
        let marker = open_marker(path);
        let _ = std::fs::write(&marker, b"");
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(db_err)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .map_err(db_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            marker,
        };
        if version < SCHEMA_VERSION {
            if existed && version > 0 {
                store.backup(&format!("before-v{}", SCHEMA_VERSION))?;
            }
            migrations::migrate(&mut store.conn, version).map_err(db_err)?;
        } else if existed {
            store.daily_backup()?;
        }
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        Error::Db {
            message: storage_fault(&self.path, &e).unwrap_or_else(|| e.to_string()),
            path: self.path.clone(),
        }
    }

    /// Copy the database to `<name>.<label>-<unix time>.bak` beside it (SQLite online backup).
    ///
    /// The copy is written to `<dest>.partial`, flushed to disk, and only then renamed to its
    /// `.bak` name, so a process killed mid-copy never leaves a half-written file that a later
    /// restore would take for a backup. Leftovers of such a kill are removed here.
    pub fn backup(&self, label: &str) -> Result<PathBuf> {
        remove_stale_partials(&self.path);
        let dest = self.path.with_extension(format!("db.{label}-{}.bak", now()));
        let partial = partial_name(&dest);
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                &partial,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| self.err(e))?;
        sync_file(&partial)?;
        std::fs::rename(&partial, &dest).map_err(|e| Error::io(&dest, e))?;
        sync_dir(&dest);
        Ok(dest)
    }

    /// `PRAGMA integrity_check`: `"ok"` or what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        let mut st = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        let lines: Vec<String> = rows
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(lines.join("; "))
    }

    /// Backups beside the database, newest first.
    pub fn backups(db_path: &Path) -> Vec<PathBuf> {
        let Some(dir) = db_path.parent() else {
            return Vec::new();
        };
        let name = db_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .filter(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(&format!("{name}.")) && n.ends_with(".bak")
            })
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// Keep a backup at most a day old (the 7 latest daily ones are kept).
    fn daily_backup(&self) -> Result<()> {
        let all = Self::backups(&self.path);
        let fresh = all
            .first()
            .and_then(|p| std::fs::metadata(p).ok()?.modified().ok())
            .is_some_and(|t| t.elapsed().map(|e| e.as_secs() < 86_400).unwrap_or(true));
        if !fresh {
            self.backup("daily")?;
            let daily: Vec<_> = Self::backups(&self.path)
                .into_iter()
                .filter(|p| p.to_string_lossy().contains(".daily-"))
                .collect();
            for old in daily.iter().skip(7) {
                let _ = std::fs::remove_file(old);
            }
        }
        Ok(())
    }

    /// Replace a damaged database with its newest sound backup. Backups are tried newest first
    /// and one is used only when SQLite's `quick_check` passes on it; when none is sound, nothing
    /// is moved and the error lists each backup with its fault. The damaged file (and its `-wal`
    /// and `-shm` companions) is moved aside to `<name>.corrupt-<time>` (never overwriting
    /// anything), then the backup is copied to `<name>.partial`, flushed, and renamed into place,
    /// so a kill during the restore leaves either no database or the whole backup.
    /// Returns `(backup used, where the damaged file went)`.
    pub fn restore_latest_backup(db_path: &Path) -> Result<(PathBuf, Option<PathBuf>)> {
        let all = Self::backups(db_path);
        if all.is_empty() {
            return Err(Error::NotFound(format!(
                "no backup (*.bak) beside {}; nothing to restore",
                db_path.display()
            )));
        }
        let mut refused = Vec::new();
        let mut chosen = None;
        for b in all {
            match backup_verdict(&b) {
                Ok(()) => {
                    chosen = Some(b);
                    break;
                }
                Err(why) => refused.push(format!("{}: {why}", b.display())),
            }
        }
        let Some(backup) = chosen else {
            return Err(Error::NotFound(format!(
                "no sound backup beside {}; nothing was moved. Refused: {}",
                db_path.display(),
                refused.join("; ")
            )));
        };
        let mut aside = None;
        if db_path.exists() {
            let mut n = 0;
            let dest = loop {
                let suffix = if n == 0 { String::new() } else { format!("-{n}") };
                let d = db_path.with_extension(format!("db.corrupt-{}{suffix}", now()));
                if !d.exists() {
                    break d;
                }
                n += 1;
            };
            std::fs::rename(db_path, &dest).map_err(|e| Error::io(db_path, e))?;
            for ext in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{ext}", db_path.display()));
                if side.exists() {
                    let to = PathBuf::from(format!("{}{ext}", dest.display()));
                    std::fs::rename(&side, &to).map_err(|e| Error::io(&side, e))?;
                }
            }
            aside = Some(dest);
        }
        let partial = partial_name(db_path);
        std::fs::copy(&backup, &partial).map_err(|e| Error::io(&partial, e))?;
        sync_file(&partial)?;
        std::fs::rename(&partial, db_path).map_err(|e| Error::io(db_path, e))?;
        sync_dir(db_path);
        Ok((backup, aside))
    }

    /// Remember a source; returns its id (the existing one if already known).
    pub fn upsert_source(&self, kind: SourceKind, path: &str) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO sources(kind, path, added_at) VALUES (?1, ?2, ?3) ON CONFLICT(path) DO NOTHING",
                params![kind.as_str(), path, now()],
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .query_row("SELECT id FROM sources WHERE path = ?1", [path], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Every remembered source.
    pub fn sources(&self) -> Result<Vec<SourceRow>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, kind, path, added_at FROM sources ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(SourceRow {
                    id: r.get(0)?,
                    kind: kind_of(&r.get::<_, String>(1)?),
                    path: r.get(2)?,
                    added_at: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Files of one source.
    pub fn files_of(&self, source_id: i64) -> Result<Vec<FileRow>> {
        self.query_files("WHERE f.source_id = ?1", params![source_id])
    }

    /// Every file, by title.
    pub fn all_files(&self) -> Result<Vec<FileRow>> {
        self.query_files("", params![])
    }

    /// One file by note key.
    pub fn file(&self, file: &str) -> Result<Option<FileRow>> {
        Ok(self.query_files("WHERE f.file = ?1", params![file])?.pop())
    }

    fn query_files(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<FileRow>> {
        let sql = format!(
            "SELECT f.file, f.source_id, s.kind, f.disk_path, f.hash, f.title, f.service, f.sections
             FROM files f JOIN sources s ON s.id = f.source_id {filter} ORDER BY f.service, f.title"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(p, |r| {
                Ok(FileRow {
                    file: r.get(0)?,
                    source_id: r.get(1)?,
                    kind: kind_of(&r.get::<_, String>(2)?),
                    disk_path: r.get(3)?,
                    hash: r.get(4)?,
                    title: r.get(5)?,
                    service: r.get(6)?,
                    sections: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Record the files indexed and removed in one sync, in one transaction.
    pub fn record_sync(&mut self, upserts: &[FileRow], removed: &[String]) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut up = tx
                .prepare_cached(
                    "INSERT INTO files(file, source_id, disk_path, hash, title, service, sections, indexed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT(file) DO UPDATE SET source_id = excluded.source_id, disk_path = excluded.disk_path,
                       hash = excluded.hash, title = excluded.title, service = excluded.service,
                       sections = excluded.sections, indexed_at = excluded.indexed_at",
                )
                .map_err(err)?;
            for f in upserts {
                up.execute(params![
                    f.file,
                    f.source_id,
                    f.disk_path,
                    f.hash,
                    f.title,
                    f.service,
                    f.sections,
                    now()
                ])
                .map_err(err)?;
            }
            let mut del = tx
                .prepare_cached("DELETE FROM files WHERE file = ?1")
                .map_err(err)?;
            for f in removed {
                del.execute([f]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Forget every file's hash so the next sync re-indexes everything (after an index rebuild).
    pub fn forget_hashes(&self) -> Result<()> {
        self.conn
            .execute("UPDATE files SET hash = ''", [])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Remember that a fact-check finding was dismissed (idempotent).
    pub fn dismiss_finding(&self, id: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO dismissed_findings(id, dismissed_at) VALUES (?1, ?2) ON CONFLICT(id) DO NOTHING",
                params![id, now()],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Ids of every dismissed finding.
    pub fn dismissed_findings(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM dismissed_findings")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// A setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Change a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(UPSERT_SETTING, params![key, value])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Change several settings at once: all of them or, if anything fails, none.
    pub fn set_settings(&mut self, pairs: &[(&str, &str)]) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| Error::Db {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(err)?;
        for (key, value) in pairs {
            tx.execute(UPSERT_SETTING, params![key, value]).map_err(err)?;
        }
        tx.commit().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_schema_is_refused_and_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(&format!(
                "CREATE TABLE x(a); PRAGMA user_version = {};",
                SCHEMA_VERSION + 7
            ))
            .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, Error::SchemaTooNew { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn garbage_file_is_reported_as_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        std::fs::write(
            &path,
            b"this is not a database, just some text that is long enough............",
        )
        .unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, Error::DbCorrupt { .. }), "{err}");
        assert!(err.to_string().contains("c.db"));
    }

    #[test]
    fn after_a_crash_every_page_is_checked_and_damage_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        {
            let store = Store::open(&path).unwrap();
            store
                .conn
                .execute_batch(
                    "CREATE TABLE filler(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                     INSERT INTO filler SELECT randomblob(200) FROM n; PRAGMA wal_checkpoint(TRUNCATE);",
                )
                .unwrap();
        }
        // Damage a page in the middle of the file (the header still looks fine)...
        let mut bytes = std::fs::read(&path).unwrap();
        let mid = bytes.len() / 2 / 4096 * 4096;
        for b in &mut bytes[mid..mid + 4096] {
            *b = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();
        // ... and leave the marker of a process that died with the database open.
        std::fs::write(dir.path().join("c.db.open-4000000000"), b"").unwrap();
        let err = Store::open(&path).err().expect("damage found");
        assert!(matches!(err, Error::DbCorrupt { .. }), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the damaged file is left as it was"
        );
    }

    #[test]
    fn a_truncated_file_is_caught_by_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        {
            let store = Store::open(&path).unwrap();
            store
                .conn
                .execute_batch("CREATE TABLE filler(x); INSERT INTO filler VALUES (randomblob(50000)); PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let err = Store::open(&path).err().expect("truncation found");
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    /// A kill during a checkpoint (or another process checkpointing) leaves the main file's header
    /// counting more pages than the file holds, with the pages still in the WAL. Built here
    /// deterministically: a database grown inside an un-checkpointed WAL, copied as a kill leaves
    /// it, then the WAL's latest page-1 frame written over the main file's first page.
    #[test]
    fn a_header_ahead_of_the_file_that_the_wal_covers_is_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.db");
        let crash = dir.path().join("c.db");
        let rows = 3000;
        {
            let store = Store::open(&live).unwrap();
            store
                .conn
                .execute_batch(&format!(
                    "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0;
                     CREATE TABLE filler(x);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
                     INSERT INTO filler SELECT randomblob(300) FROM n;"
                ))
                .unwrap();
            // The process "dies" here: its files are copied with the connection still open.
            std::fs::copy(&live, &crash).unwrap();
            std::fs::copy(dir.path().join("live.db-wal"), dir.path().join("c.db-wal")).unwrap();
        }
        let wal = std::fs::read(dir.path().join("c.db-wal")).unwrap();
        let page = u32::from_be_bytes(wal[8..12].try_into().unwrap()) as usize;
        let frames = (wal.len() - 32) / (24 + page);
        let last_page1 = (0..frames)
            .rev()
            .map(|f| 32 + f * (24 + page))
            .find(|&at| u32::from_be_bytes(wal[at..at + 4].try_into().unwrap()) == 1)
            .expect("the WAL holds page 1");
        let mut main = std::fs::read(&crash).unwrap();
        main[..page].copy_from_slice(&wal[last_page1 + 24..last_page1 + 24 + page]);
        std::fs::write(&crash, &main).unwrap();
        std::fs::write(dir.path().join("c.db.open-4000000000"), b"").unwrap();
        assert!(
            header_ahead_of_length(&crash).is_some(),
            "the state under test: the header counts more pages than the file holds"
        );

        let store = Store::open(&crash).expect("SQLite recovers the WAL: not damaged");
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, rows, "every row written before the kill is there");
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn restore_moves_the_wal_and_shm_aside_with_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        {
            let store = Store::open(&path).unwrap();
            store.backup("daily").unwrap();
            store
                .conn
                .execute_batch(
                    "PRAGMA wal_autocheckpoint = 0; CREATE TABLE later(x); INSERT INTO later VALUES (42);",
                )
                .unwrap();
            // Keep the WAL as a kill would: copy the set while the connection is open.
            for ext in ["", "-wal", "-shm"] {
                let from = dir.path().join(format!("c.db{ext}"));
                let to = dir.path().join(format!("keep.db{ext}"));
                std::fs::copy(from, to).unwrap();
            }
        }
        for ext in ["", "-wal", "-shm"] {
            let from = dir.path().join(format!("keep.db{ext}"));
            std::fs::rename(from, dir.path().join(format!("c.db{ext}"))).unwrap();
        }
        let (_, aside) = Store::restore_latest_backup(&path).unwrap();
        let aside = aside.expect("the damaged set was moved aside");
        assert!(
            !dir.path().join("c.db-wal").exists(),
            "no stale WAL beside the restored file"
        );
        let wal_aside = PathBuf::from(format!("{}-wal", aside.display()));
        assert!(wal_aside.exists(), "the WAL went with the file it belongs to");
        // What was moved aside still opens with everything it held, the WAL's rows included.
        let c = Connection::open(&aside).unwrap();
        let v: i64 = c.query_row("SELECT x FROM later", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 42);
    }

    fn set_mtime(path: &Path, t: std::time::SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    /// Two backups beside `c.db`: an older sound one and a newer one whose bytes are damaged.
    fn sound_and_damaged_backups(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        let path = dir.join("c.db");
        let (sound, damaged) = {
            let store = Store::open(&path).unwrap();
            store
                .conn
                .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (7);")
                .unwrap();
            let sound = store.backup("daily").unwrap();
            let newer = store.backup("manual").unwrap();
            (sound, newer)
        };
        // Damage its second page and beyond, then make it plainly the newest.
        let mut bytes = std::fs::read(&damaged).unwrap();
        let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
        for b in &mut bytes[page..] {
            *b = 0x5a;
        }
        std::fs::write(&damaged, &bytes).unwrap();
        set_mtime(
            &damaged,
            std::time::SystemTime::now() + std::time::Duration::from_secs(60),
        );
        assert_eq!(Store::backups(&path)[0], damaged, "the damaged one is the newest");
        (path, sound, damaged)
    }

    #[test]
    fn restore_skips_a_damaged_newest_backup_for_the_newest_sound_one() {
        let dir = tempfile::tempdir().unwrap();
        let (path, sound, _) = sound_and_damaged_backups(dir.path());
        std::fs::write(&path, b"garbage that is not a database").unwrap();
        let (used, aside) = Store::restore_latest_backup(&path).unwrap();
        assert_eq!(used, sound);
        assert!(aside.is_some());
        let store = Store::open(&path).unwrap();
        let v: i64 = store.conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 7);
        assert!(
            !dir.path().join("c.db.partial").exists(),
            "the staging copy was renamed into place"
        );
    }

    #[test]
    fn when_no_backup_is_sound_nothing_is_moved_and_each_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let (path, sound, damaged) = sound_and_damaged_backups(dir.path());
        std::fs::write(&sound, b"SQLite format 3\0 but cut short").unwrap();
        std::fs::write(&path, b"the learner's damaged file").unwrap();
        let err = Store::restore_latest_backup(&path).unwrap_err().to_string();
        assert!(err.contains("no sound backup"), "{err}");
        assert!(err.contains(&damaged.display().to_string()), "{err}");
        assert!(err.contains(&sound.display().to_string()), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"the learner's damaged file");
        let corrupt = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
            .count();
        assert_eq!(corrupt, 0, "nothing was moved aside");
    }

    #[test]
    fn checking_a_backup_writes_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let bak = Store::open(&path).unwrap().backup("daily").unwrap();
        let before: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        backup_verdict(&bak).unwrap();
        let after: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(before.len(), after.len(), "{after:?}");
    }

    #[test]
    fn a_backup_left_half_written_by_a_kill_is_not_listed_and_is_cleared_later() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let store = Store::open(&path).unwrap();
        let leftover = dir.path().join("c.db.daily-1.bak.partial");
        std::fs::write(&leftover, b"SQLite format 3\0half").unwrap();
        assert!(Store::backups(&path).is_empty());
        set_mtime(
            &leftover,
            std::time::SystemTime::now() - std::time::Duration::from_secs(7200),
        );
        store.backup("manual").unwrap();
        assert!(!leftover.exists());
        assert_eq!(Store::backups(&path).len(), 1);
    }

    #[test]
    fn settings_changed_together_are_all_kept_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        store
            .conn
            .execute_batch(
                "CREATE TRIGGER refuse_b BEFORE INSERT ON settings WHEN NEW.key = 'b' \
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        assert!(store.set_settings(&[("a", "1"), ("b", "2")]).is_err());
        assert_eq!(
            store.setting("a").unwrap(),
            None,
            "the first change was rolled back"
        );
        store.set_settings(&[("a", "1"), ("c", "3")]).unwrap();
        assert_eq!(store.setting("a").unwrap().as_deref(), Some("1"));
        assert_eq!(store.setting("c").unwrap().as_deref(), Some("3"));
    }
}
