//! The import pipeline of [`Library`]: bringing the index, the file table and the cards in line
//! with a folder of notes, on every core.
//!
//! Each file is read, hashed and, when it changed, parsed, turned into cards and fact-checked on
//! rayon's pool; the calling thread takes the results back in file order (so the index, the
//! progress callback and the database see exactly what a sequential import did), feeds the
//! tantivy writer and reports progress per file. The notes are read and parsed once: the cards
//! made during the scan are handed to the card sync, which writes every changed source in one
//! transaction.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::cards::{self, GeneratedCard};
use crate::error::{Error, Result};
use crate::facts::check::Checker;
use crate::library::{ImportError, ImportReport, Library, Progress};
use crate::notes::{self, SourceKind};
use crate::review::CardSourceKind;
use crate::review::SyncReport;
use crate::store::FileRow;

/// Where the time of an import went, in seconds. `*_cpu` phases run on every core at once and
/// are summed over threads; the others are wall time on the calling thread.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportTimings {
    /// The whole import, wall.
    pub total: f64,
    /// Reading and hashing the files (summed over threads).
    pub read_hash_cpu: f64,
    /// Parsing the changed notes (summed over threads).
    pub parse_cpu: f64,
    /// Generating their cards (summed over threads).
    pub cards_cpu: f64,
    /// Fact-checking imported notes for stale claims (summed over threads).
    pub fact_check_cpu: f64,
    /// The parallel scan above, wall (it overlaps the index feed below).
    pub scan_wall: f64,
    /// Handing the sections to the index writer, wall.
    pub index_add: f64,
    /// Committing the index (its threads finish, segments are written and merged), wall.
    pub index_commit: f64,
    /// Recording the files in the database, wall.
    pub record_files: f64,
    /// Card sync: notes not scanned this time, the fact base, the database transaction, wall.
    pub card_sync: f64,
}

#[derive(Default)]
struct Clocks {
    read_hash: AtomicU64,
    parse: AtomicU64,
    cards: AtomicU64,
    fact_check: AtomicU64,
}

impl Clocks {
    fn time<T>(slot: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let v = f();
        slot.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        v
    }
}

fn secs(n: &AtomicU64) -> f64 {
    Duration::from_nanos(n.load(Ordering::Relaxed)).as_secs_f64()
}

/// Cards of a note made during the scan: `(file hash, cards)`, by note key.
pub(crate) type Precomputed = HashMap<String, (String, Vec<GeneratedCard>)>;

/// What the card generator needs besides the note: the fact checker and the dismissed findings,
/// for imported notes (a card never teaches a stale value).
pub(crate) struct CardContext<'a> {
    checker: Option<(Checker<'a>, &'a crate::facts::FactBase, HashSet<String>)>,
}

impl<'a> CardContext<'a> {
    pub(crate) fn new(lib: &'a Library, any_imported: bool) -> Self {
        let checker = if any_imported {
            lib.facts().ok().map(|facts| {
                let dismissed = lib.store().dismissed_findings().unwrap_or_default();
                (Checker::new(facts), facts, dismissed)
            })
        } else {
            None
        };
        CardContext { checker }
    }

    /// The cards of one note (`disk_path` names it in fact-check findings).
    fn cards(&self, note: &notes::Note, disk_path: &str, clocks: &Clocks) -> Vec<GeneratedCard> {
        let generated = Clocks::time(&clocks.cards, || cards::from_note(note));
        match (&self.checker, note.source) {
            (Some((checker, facts, dismissed)), SourceKind::Imported) => {
                Clocks::time(&clocks.fact_check, || {
                    let text = [(disk_path.to_string(), note.markdown.clone())];
                    let findings: Vec<_> = checker
                        .check(&text)
                        .into_iter()
                        .filter(|x| !dismissed.contains(&x.id))
                        .collect();
                    cards::apply_stale_findings(generated, &findings, facts)
                })
            }
            _ => generated,
        }
    }
}

/// One file after the scan.
enum Scanned {
    Unreadable(String),
    Unchanged(i64),
    Changed {
        note: notes::Note,
        hash: String,
        cards: Vec<GeneratedCard>,
    },
}

/// The service a bundled note takes from its folder (`content/<service>/...`).
pub(crate) fn folder_service(kind: SourceKind, root: &Path, disk: &Path) -> Option<String> {
    match kind {
        SourceKind::Bundled => disk
            .strip_prefix(root)
            .ok()
            .and_then(|r| r.components().next())
            .filter(|_| disk.parent() != Some(root))
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        SourceKind::Imported => None,
    }
}

/// Threads for imports: 0 means one per core.
static IMPORT_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Use `n` threads for the parallel part of imports (0: one per core, the default). Results do
/// not depend on it; tests compare one thread with several.
pub fn set_import_threads(n: usize) {
    IMPORT_THREADS.store(n, Ordering::Relaxed);
}

impl Library {
    fn import_pool(&self) -> Result<rayon::ThreadPool> {
        let n = match IMPORT_THREADS.load(Ordering::Relaxed) {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("coldstart-import-{i}"))
            .build()
            .map_err(|e| Error::InvalidInput(format!("cannot start the import threads: {e}")))
    }

    /// Index one source (a folder or a file) and record its files; the cards made on the way go
    /// into `pre` for [`Library::sync_cards_with`].
    pub(crate) fn sync_source(
        &self,
        kind: SourceKind,
        root: &Path,
        progress: &mut dyn FnMut(&Progress),
        pre: &mut Precomputed,
        timings: &mut ImportTimings,
    ) -> Result<ImportReport> {
        let root_str = root.to_string_lossy().into_owned();
        let source_id = self.store().upsert_source(kind, &root_str)?;
        let known: HashMap<String, FileRow> = self
            .store()
            .files_of(source_id)?
            .into_iter()
            .map(|f| (f.file.clone(), f))
            .collect();
        let files = Self::collect_files(root, kind);
        let keys: Vec<String> = files.iter().map(|d| self.note_key(kind, d)).collect();
        let mut report = ImportReport {
            sources: vec![root_str],
            ..Default::default()
        };
        // Made on the first changed note: a re-import with nothing changed loads no fact base.
        let ctx_cell: std::sync::OnceLock<CardContext> = std::sync::OnceLock::new();
        let clocks = Clocks::default();
        let scan = |i: usize| -> Scanned {
            let disk = &files[i];
            let read = Clocks::time(&clocks.read_hash, || {
                std::fs::read(disk).map(|b| {
                    let h = blake3::hash(&b).to_hex().to_string();
                    (b, h)
                })
            });
            let (bytes, hash) = match read {
                Ok(r) => r,
                Err(e) => return Scanned::Unreadable(format!("cannot read: {e}")),
            };
            if let Some(k) = known.get(&keys[i]) {
                if k.hash == hash {
                    return Scanned::Unchanged(k.sections);
                }
            }
            let service = folder_service(kind, root, disk);
            let note = Clocks::time(&clocks.parse, || {
                notes::parse_note(&bytes, &keys[i], kind, service.as_deref())
            });
            let ctx = ctx_cell.get_or_init(|| CardContext::new(self, kind == SourceKind::Imported));
            let cards = ctx.cards(&note, &disk.to_string_lossy(), &clocks);
            Scanned::Changed { note, hash, cards }
        };

        let mut upserts = Vec::new();
        let total = files.len();
        let mut index_add = Duration::ZERO;
        let started = Instant::now();
        let mut handle = |i: usize, s: Scanned, report: &mut ImportReport| -> Result<()> {
            let key = keys[i].clone();
            progress(&Progress {
                done: i,
                total,
                file: key.clone(),
            });
            match s {
                Scanned::Unreadable(message) => report.errors.push(ImportError {
                    file: key,
                    line: 0,
                    message,
                }),
                Scanned::Unchanged(sections) => {
                    report.notes += 1;
                    report.sections += sections as usize;
                    report.skipped_unchanged += 1;
                }
                Scanned::Changed { note, hash, cards } => {
                    for issue in &note.issues {
                        report.errors.push(ImportError {
                            file: issue.file.clone(),
                            line: issue.line,
                            message: issue.message.clone(),
                        });
                    }
                    let t = Instant::now();
                    self.index.replace_note(&note)?;
                    index_add += t.elapsed();
                    report.notes += 1;
                    report.indexed += 1;
                    report.sections += note.sections.len();
                    pre.insert(key.clone(), (hash.clone(), cards));
                    upserts.push(FileRow {
                        file: key,
                        source_id,
                        kind,
                        disk_path: files[i].to_string_lossy().into_owned(),
                        hash,
                        title: note.title.clone(),
                        service: note.service.clone(),
                        sections: note.sections.len() as i64,
                    });
                }
            }
            Ok(())
        };
        // Workers send results as they finish; they are taken back in file order.
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Scanned)>(256);
        let scan = &scan;
        let pool = &self.import_pool()?;
        let outcome = std::thread::scope(|s| -> Result<()> {
            let rx = rx; // owned here: dropped on an error, which stops the workers

            let _worker = s.spawn(move || {
                pool.install(|| {
                    let _ = (0..total)
                        .into_par_iter()
                        .try_for_each_with(tx, |tx, i| tx.send((i, scan(i))).map_err(|_| ()));
                })
            });
            let mut pending = BTreeMap::new();
            let mut next = 0;
            for (i, r) in rx.iter() {
                pending.insert(i, r);
                while let Some(r) = pending.remove(&next) {
                    handle(next, r, &mut report)?;
                    next += 1;
                }
            }
            Ok(())
            // On an error `rx` is dropped here, so the workers stop at their next send.
        });
        timings.scan_wall += started.elapsed().as_secs_f64();
        timings.index_add += index_add.as_secs_f64();
        timings.read_hash_cpu += secs(&clocks.read_hash);
        timings.parse_cpu += secs(&clocks.parse);
        timings.cards_cpu += secs(&clocks.cards);
        timings.fact_check_cpu += secs(&clocks.fact_check);
        outcome?;

        let present: HashSet<&str> = keys.iter().map(String::as_str).collect();
        let removed: Vec<String> = known
            .keys()
            .filter(|k| !present.contains(k.as_str()))
            .cloned()
            .collect();
        for r in &removed {
            self.index.delete_note(r)?;
        }
        report.removed = removed.len();
        let t = Instant::now();
        self.index.commit()?;
        timings.index_commit += t.elapsed().as_secs_f64();
        let t = Instant::now();
        self.store().record_sync(&upserts, &removed)?;
        timings.record_files += t.elapsed().as_secs_f64();
        progress(&Progress {
            done: total,
            total,
            file: String::new(),
        });
        Ok(report)
    }

    /// Bring the cards up to date with the notes, the fact base and the simulators, regenerating
    /// only the sources that changed since last time; `pre` holds cards already made from notes
    /// read in this import. Every changed source is written in one transaction.
    pub(crate) fn sync_cards_with(&self, mut pre: Precomputed) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let known = self.store().card_sources()?;
        let files = self.store().all_files()?;
        let now = self.now_ms();
        let version = crate::review::api::GENERATOR_VERSION;
        // Which notes need new cards, and the ones not made during the scan.
        let todo: Vec<(&FileRow, String)> = files
            .iter()
            .filter(|f| !f.hash.is_empty())
            .map(|f| (f, format!("{version}:{}", f.hash)))
            .filter(|(f, want)| known.get(&f.file).map(|(_, h)| h) != Some(want))
            .collect();
        let mut made: Vec<Option<Vec<GeneratedCard>>> = todo
            .iter()
            .map(|(f, _)| match pre.remove(&f.file) {
                Some((hash, cards)) if hash == f.hash => Some(cards),
                _ => None,
            })
            .collect();
        let missing: Vec<usize> = (0..todo.len()).filter(|&i| made[i].is_none()).collect();
        if !missing.is_empty() {
            let ctx = CardContext::new(
                self,
                missing.iter().any(|&i| todo[i].0.kind == SourceKind::Imported),
            );
            let clocks = Clocks::default();
            let again: Vec<(usize, Option<Vec<GeneratedCard>>)> = self.import_pool()?.install(|| {
                missing
                    .par_iter()
                    .map(|&i| {
                        let f = todo[i].0;
                        let Ok(bytes) = std::fs::read(&f.disk_path) else {
                            return (i, None);
                        };
                        let service = match f.kind {
                            SourceKind::Bundled => f
                                .file
                                .strip_prefix("content/")
                                .and_then(|r| r.split_once('/'))
                                .map(|(s, _)| s.to_string()),
                            SourceKind::Imported => None,
                        };
                        let note = notes::parse_note(&bytes, &f.file, f.kind, service.as_deref());
                        (i, Some(ctx.cards(&note, &f.disk_path, &clocks)))
                    })
                    .collect()
            });
            for (i, c) in again {
                made[i] = c;
            }
        }
        let present: HashSet<&str> = files.iter().map(|f| f.file.as_str()).collect();
        let empty: Vec<GeneratedCard> = Vec::new();
        let mut batch: Vec<(&str, CardSourceKind, Option<&str>, &[GeneratedCard])> = Vec::new();
        for ((f, want), cards) in todo.iter().zip(&made) {
            // An unreadable file keeps its cards as they are (as before: skipped).
            if let Some(cards) = cards {
                batch.push((
                    f.file.as_str(),
                    CardSourceKind::Note,
                    Some(want.as_str()),
                    cards.as_slice(),
                ));
            }
        }
        for (key, (kind, _)) in &known {
            if *kind == CardSourceKind::Note && !present.contains(key.as_str()) {
                batch.push((key.as_str(), CardSourceKind::Note, None, empty.as_slice()));
            }
        }
        // The fact base and the simulator exercises, when the facts file changed.
        let facts_path = self.config().content_dir.join("facts.toml");
        let mut facts_cards = None;
        if let Ok(bytes) = std::fs::read(&facts_path) {
            let want = format!("{version}:{}", blake3::hash(&bytes).to_hex());
            if known.get("facts").map(|(_, h)| h) != Some(&want)
                || known.get("sim").map(|(_, h)| h) != Some(&want)
            {
                if let Ok(facts) = self.facts() {
                    facts_cards = Some((want, cards::from_facts(facts), cards::from_sim_exercises(facts)));
                }
            }
        }
        if let Some((want, facts, sim)) = &facts_cards {
            batch.push((
                "facts",
                CardSourceKind::Facts,
                Some(want.as_str()),
                facts.as_slice(),
            ));
            batch.push(("sim", CardSourceKind::Sim, Some(want.as_str()), sim.as_slice()));
        }
        if batch.is_empty() {
            return Ok(report);
        }
        for c in self.store().sync_card_sources(&batch, now)? {
            report.sources += 1;
            report.added += c.added;
            report.changed += c.changed;
            report.missing += c.missing;
            report.revived += c.revived;
            report.duplicates += c.duplicates;
        }
        Ok(report)
    }

    /// [`Library::import`], also saying where the time went.
    pub fn import_timed(
        &self,
        paths: &[std::path::PathBuf],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<(ImportReport, ImportTimings)> {
        let started = Instant::now();
        let mut timings = ImportTimings::default();
        let mut total = ImportReport::default();
        let mut pre = Precomputed::new();
        for p in paths {
            let abs = std::fs::canonicalize(p).map_err(|e| Error::io(p, e))?;
            if !abs.is_dir() && !notes::is_note_file(&abs) {
                return Err(Error::InvalidInput(format!(
                    "{}: not a folder or a note file (.md, .markdown, .txt)",
                    p.display()
                )));
            }
            let r = self.sync_source(SourceKind::Imported, &abs, progress, &mut pre, &mut timings)?;
            total.sources.extend(r.sources);
            total.notes += r.notes;
            total.sections += r.sections;
            total.indexed += r.indexed;
            total.skipped_unchanged += r.skipped_unchanged;
            total.removed += r.removed;
            total.errors.extend(r.errors);
        }
        let t = Instant::now();
        self.sync_cards_with(pre)?;
        timings.card_sync = t.elapsed().as_secs_f64();
        timings.total = started.elapsed().as_secs_f64();
        Ok((total, timings))
    }
}
