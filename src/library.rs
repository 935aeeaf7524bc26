//! [`Library`]: the one facade the CLI and the desktop app call.
//!
//! A library owns a data directory (`coldstart.db` and `index/`), the bundled content folder, and
//! the learner's imported folders. Opening it brings the index up to date with the bundled notes;
//! importing a folder indexes its notes and remembers it, re-indexing only files whose content
//! changed since last time.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::facts::check::{self, Finding};
use crate::facts::FactBase;
use crate::notes::{self, render::OutlineItem, Note, SourceKind};
use crate::search::{SearchIndex, SearchRequest, SearchResults};
use crate::store::{FileRow, Store};

/// Where a library keeps its data and finds its bundled content.
#[derive(Debug, Clone)]
pub struct LibraryConfig {
    /// Holds `coldstart.db` and `index/`.
    pub data_dir: PathBuf,
    /// The bundled notes (`content/`).
    pub content_dir: PathBuf,
    /// The bundled question banks (`quizzes/`).
    pub quizzes_dir: PathBuf,
}

impl LibraryConfig {
    /// The given data directory (or the default) with the default content directory.
    pub fn new(data_dir: Option<PathBuf>) -> Result<Self> {
        Ok(LibraryConfig {
            data_dir: match data_dir {
                Some(d) => d,
                None => default_data_dir()?,
            },
            content_dir: default_content_dir(),
            quizzes_dir: crate::exam::default_quizzes_dir(),
        })
    }
}

/// The OS's per-user data directory for Coldstart (e.g. `~/.local/share/coldstart` on Linux).
pub fn default_data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("dev", "coldstart", "coldstart")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| Error::InvalidInput("cannot find a home directory; pass --data-dir".into()))
}

/// Where the bundled notes are: `COLDSTART_CONTENT_DIR`, else `content/` shipped with the
/// executable (a build tree, or the package's `/usr/lib/Coldstart`: [`crate::install`]), else the
/// source tree this binary was built from.
pub fn default_content_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("COLDSTART_CONTENT_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(c) = crate::install::shipped_dir_of_current_exe("content", |c| c.join("facts.toml").exists())
    {
        return c;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Progress of long work, reported through a callback.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    /// Files handled so far.
    pub done: usize,
    /// Files in all.
    pub total: usize,
    /// The file being handled.
    pub file: String,
}

/// A note that could not be read well, or a file that could not be read at all.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportError {
    /// The file.
    pub file: String,
    /// 1-based line (0 for the whole file).
    pub line: usize,
    /// What happened.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// The folders and files imported (absolute).
    pub sources: Vec<String>,
    /// Notes in those sources.
    pub notes: usize,
    /// Sections in those notes.
    pub sections: usize,
    /// Notes (re)indexed this time.
    pub indexed: usize,
    /// Notes unchanged since the last import, not re-indexed.
    pub skipped_unchanged: usize,
    /// Notes gone from disk and removed from the index.
    pub removed: usize,
    /// Problems, each with file and line.
    pub errors: Vec<ImportError>,
}

/// A note in the notebook tree.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoteSummary {
    /// The note's key.
    pub id: String,
    /// Title.
    pub title: String,
    /// Service.
    pub service: String,
    /// Bundled or imported.
    pub source: SourceKind,
    /// Same as `id`.
    pub file: String,
    /// Number of sections.
    pub sections: i64,
}

/// A note, or one section of it with its subsections, as `coldstart note --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct NoteSection {
    /// The note's key.
    pub file: String,
    /// Title.
    pub title: String,
    /// Service.
    pub service: String,
    /// Bundled or imported.
    pub source: SourceKind,
    /// 1-based first line of the section (1 for the whole note).
    pub line: usize,
    /// 1-based last line (the line before the next heading of the same or a higher level).
    pub end_line: usize,
    /// The section's markdown.
    pub markdown: String,
    /// The section rendered (sanitized HTML).
    pub html: String,
    /// The section's headings.
    pub outline: Vec<OutlineItem>,
    /// Problems found in the note (line, message).
    #[serde(skip)]
    pub issues: Vec<notes::NoteIssue>,
}

/// A note ready for display.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoteView {
    /// The note's key.
    pub id: String,
    /// Title.
    pub title: String,
    /// Service.
    pub service: String,
    /// Bundled or imported.
    pub source: SourceKind,
    /// Same as `id`.
    pub file: String,
    /// Front matter tags.
    pub tags: Vec<String>,
    /// Sanitized HTML.
    pub html: String,
    /// Headings.
    pub outline: Vec<OutlineItem>,
    /// Problems found while reading.
    pub warnings: Vec<String>,
}

/// Everything a session of study needs.
pub struct Library {
    config: LibraryConfig,
    store: Mutex<Store>,
    pub(crate) index: SearchIndex,
    facts: OnceLock<std::result::Result<FactBase, String>>,
    warnings: Vec<String>,
    /// Question bank and live exam clocks (see `exam::api`).
    pub(crate) exam: crate::exam::ExamRuntime,
    pub(crate) review: crate::review::api::ReviewState,
}

impl Library {
    /// Open the library: create the data directory if needed, open the database and the index,
    /// and index bundled notes that changed.
    pub fn open(config: LibraryConfig) -> Result<Self> {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| Error::io(&config.data_dir, e))?;
        let store = Store::open(&config.data_dir.join("coldstart.db"))?;
        let (mut index, fresh) = SearchIndex::open(&config.data_dir.join("index"))?;
        index.set_content_dir(config.content_dir.clone());
        if fresh {
            store.forget_hashes()?;
        }
        let mut lib = Library {
            config,
            store: Mutex::new(store),
            index,
            facts: OnceLock::new(),
            warnings: Vec::new(),
            exam: Default::default(),
            review: Default::default(),
        };
        let mut pre = crate::import::Precomputed::new();
        let index_dir = lib.index.dir().to_path_buf();
        if lib.config.content_dir.is_dir() {
            let content = lib.config.content_dir.clone();
            let mut timings = crate::import::ImportTimings::default();
            match lib.sync_source(SourceKind::Bundled, &content, &mut |_| {}, &mut pre, &mut timings) {
                Ok(report) => {
                    for e in report.errors {
                        lib.warnings.push(format!("{}:{}: {}", e.file, e.line, e.message));
                    }
                    // The index now holds the bundled notes as they are: searches may skip the open.
                    crate::quick::write_stamp(&index_dir, &content);
                }
                Err(e) => {
                    crate::quick::clear_stamp(&index_dir);
                    lib.warnings.push(format!("bundled notes not re-indexed: {e}"));
                }
            }
        } else {
            crate::quick::clear_stamp(&index_dir);
            lib.warnings.push(format!(
                "bundled notes not found at {} (set COLDSTART_CONTENT_DIR)",
                lib.config.content_dir.display()
            ));
        }
        if let Err(e) = lib.sync_cards_with(pre) {
            lib.warnings.push(format!("cards not brought up to date: {e}"));
        }
        Ok(lib)
    }

    /// The configuration it was opened with.
    pub fn config(&self) -> &LibraryConfig {
        &self.config
    }

    /// Problems met while opening (e.g. a bundled note that did not read well).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub(crate) fn index(&self) -> &SearchIndex {
        &self.index
    }

    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    /// The fact base (`content/facts.toml`), loaded on first use.
    pub fn facts(&self) -> Result<&FactBase> {
        self.facts
            .get_or_init(|| {
                FactBase::load(&self.config.content_dir.join("facts.toml")).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Error::InvalidInput(e.clone()))
    }

    /// Import folders or files of notes (recursively), reporting progress per file.
    pub fn import(&self, paths: &[PathBuf], progress: &mut dyn FnMut(&Progress)) -> Result<ImportReport> {
        self.import_timed(paths, progress).map(|(r, _)| r)
    }

    /// Re-index every imported source (what changed only).
    pub fn refresh(&self, progress: &mut dyn FnMut(&Progress)) -> Result<ImportReport> {
        let paths: Vec<PathBuf> = self
            .store()
            .sources()?
            .into_iter()
            .filter(|s| s.kind == SourceKind::Imported && Path::new(&s.path).exists())
            .map(|s| PathBuf::from(s.path))
            .collect();
        self.import(&paths, progress)
    }

    pub(crate) fn note_key(&self, kind: SourceKind, disk: &Path) -> String {
        match kind {
            SourceKind::Bundled => {
                let rel = disk.strip_prefix(&self.config.content_dir).unwrap_or(disk);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                format!("content/{}", parts.join("/"))
            }
            SourceKind::Imported => disk.to_string_lossy().into_owned(),
        }
    }

    pub(crate) fn collect_files(root: &Path, kind: SourceKind) -> Vec<PathBuf> {
        if root.is_file() {
            return vec![root.to_path_buf()];
        }
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || !(name.starts_with('.') || name == "node_modules" || name == "target")
            })
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && notes::is_note_file(e.path()))
            .filter(|e| {
                !(kind == SourceKind::Bundled
                    && e.depth() == 1
                    && e.file_name().eq_ignore_ascii_case("README.md"))
            })
            .map(|e| e.into_path())
            .collect();
        files.sort();
        files
    }

    /// Search the notes.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.index.search(req)
    }

    /// Number of sections in the index.
    pub fn indexed_sections(&self) -> u64 {
        self.index.num_sections()
    }

    /// Every note, for the notebook tree.
    pub fn list_notes(&self) -> Result<Vec<NoteSummary>> {
        Ok(self
            .store()
            .all_files()?
            .into_iter()
            .map(|f| NoteSummary {
                id: f.file.clone(),
                title: f.title,
                service: f.service,
                source: f.kind,
                file: f.file,
                sections: f.sections,
            })
            .collect())
    }

    /// Services that have notes.
    pub fn services(&self) -> Result<Vec<String>> {
        let mut s: Vec<String> = self.list_notes()?.into_iter().map(|n| n.service).collect();
        s.sort();
        s.dedup();
        Ok(s)
    }

    /// Find a note by its key, a `content/...` path, or a path on disk (absolute or relative).
    pub fn resolve(&self, file: &str) -> Result<FileRow> {
        let store = self.store();
        if let Some(f) = store.file(file)? {
            return Ok(f);
        }
        if let Ok(abs) = std::fs::canonicalize(file) {
            if let Some(f) = store.file(&abs.to_string_lossy())? {
                return Ok(f);
            }
            if let Ok(rel) = abs.strip_prefix(&self.config.content_dir) {
                let key = format!("content/{}", rel.to_string_lossy().replace('\\', "/"));
                if let Some(f) = store.file(&key)? {
                    return Ok(f);
                }
            }
        }
        Err(Error::NotFound(format!(
            "note {file:?} (give a content/... path from `coldstart search`, or a file you imported)"
        )))
    }

    /// Read and parse a note.
    pub fn note(&self, file: &str) -> Result<Note> {
        let row = self.resolve(file)?;
        let bytes = std::fs::read(&row.disk_path).map_err(|e| Error::io(&row.disk_path, e))?;
        let folder_service = match row.kind {
            SourceKind::Bundled => row
                .file
                .strip_prefix("content/")
                .and_then(|r| r.split_once('/'))
                .map(|(s, _)| s.to_string()),
            SourceKind::Imported => None,
        };
        Ok(notes::parse_note(
            &bytes,
            &row.file,
            row.kind,
            folder_service.as_deref(),
        ))
    }

    /// A note, or (with `anchor`, matched as written or as a heading slug) one section of it
    /// including its subsections, with its markdown and rendered HTML.
    pub fn note_section(&self, file: &str, anchor: Option<&str>) -> Result<NoteSection> {
        let note = self.note(file)?;
        let last = note.markdown.lines().count();
        let (start, end) = match anchor {
            Some(a) => {
                let slug = notes::slugify(a);
                let Some(s) = note.section(a).or_else(|| note.section(&slug)) else {
                    let known: Vec<_> = note.sections.iter().map(|s| s.anchor.as_str()).collect();
                    return Err(Error::NotFound(format!(
                        "section #{a} in {file}; sections: {}",
                        known.join(", ")
                    )));
                };
                let end = note
                    .sections
                    .iter()
                    .skip_while(|x| x.anchor != s.anchor)
                    .skip(1)
                    .find(|x| x.level <= s.level)
                    .map(|x| x.line - 1)
                    .unwrap_or(last);
                (s.line, end)
            }
            None => (1, last),
        };
        let markdown = note
            .markdown
            .lines()
            .skip(start.saturating_sub(1))
            .take((end + 1).saturating_sub(start))
            .collect::<Vec<_>>()
            .join("\n");
        let (html, outline) = notes::render::render(&markdown);
        Ok(NoteSection {
            file: note.file,
            title: note.title,
            service: note.service,
            source: note.source,
            line: start,
            end_line: end,
            markdown,
            html,
            outline,
            issues: note.issues,
        })
    }

    /// The simulator catalog: every model with its inputs (ranges, defaults from the fact base)
    /// and outputs.
    pub fn sim_catalog(&self) -> Result<Vec<crate::sim::ModelInfo>> {
        crate::sim::catalog_with_facts(self.facts()?)
    }

    /// Run one simulator model; missing inputs take their defaults.
    pub fn sim_run(
        &self,
        name: &str,
        inputs: &std::collections::BTreeMap<String, crate::sim::InputValue>,
    ) -> Result<crate::sim::SimResult> {
        crate::sim::run(name, inputs, self.facts()?)
    }

    /// Run one simulator model from `key=value` words (as typed on a command line).
    pub fn sim_run_args(&self, name: &str, args: &[String]) -> Result<crate::sim::SimResult> {
        self.sim_run(name, &crate::sim::parse_kv_args(args)?)
    }

    /// A note rendered for display.
    pub fn note_view(&self, file: &str) -> Result<NoteView> {
        let note = self.note(file)?;
        let (html, outline) = notes::render::render(&note.markdown);
        Ok(NoteView {
            id: note.file.clone(),
            title: note.title,
            service: note.service,
            source: note.source,
            file: note.file,
            tags: note.tags,
            html,
            outline,
            warnings: note
                .issues
                .into_iter()
                .map(|i| format!("line {}: {}", i.line, i.message))
                .collect(),
        })
    }

    /// Fact-check notes: the given files and folders (recursively), or, with `None`, every note the
    /// library knows (bundled and imported). Dismissed findings are left out. `file` in each
    /// finding is the absolute path on disk.
    pub fn check(&self, paths: Option<&[PathBuf]>) -> Result<Vec<Finding>> {
        let files: Vec<PathBuf> = match paths {
            Some(paths) => {
                let mut files = Vec::new();
                for p in paths {
                    let abs = std::fs::canonicalize(p).map_err(|e| Error::io(p, e))?;
                    if abs.is_dir() {
                        files.extend(Self::collect_files(&abs, SourceKind::Imported));
                    } else if notes::is_note_file(&abs) {
                        files.push(abs);
                    } else {
                        return Err(Error::InvalidInput(format!(
                            "{}: not a folder or a note file (.md, .markdown, .txt)",
                            p.display()
                        )));
                    }
                }
                files
            }
            None => self
                .store()
                .all_files()?
                .into_iter()
                .map(|f| PathBuf::from(f.disk_path))
                .filter(|p| p.exists())
                .collect(),
        };
        let mut notes = Vec::with_capacity(files.len());
        for f in files {
            let abs = std::fs::canonicalize(&f).unwrap_or(f);
            let bytes = std::fs::read(&abs).map_err(|e| Error::io(&abs, e))?;
            notes.push((
                abs.to_string_lossy().into_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
        let findings = check::check_notes(&notes, self.facts()?);
        let store = self.store();
        let dismissed = store.dismissed_findings()?;
        // The checker reports files on disk; the window opens notes by their key.
        let keys: std::collections::HashMap<String, String> = store
            .all_files()?
            .into_iter()
            .map(|f| {
                let disk = std::fs::canonicalize(&f.disk_path)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or(f.disk_path);
                (disk, f.file)
            })
            .collect();
        Ok(findings
            .into_iter()
            .filter(|f| !dismissed.contains(&f.id))
            .map(|mut f| {
                f.note_id = keys.get(&f.file).cloned();
                f
            })
            .collect())
    }

    /// Measure the fact checker and the card generator on a labelled folder of notes (see
    /// [`crate::eval`]). Reads the folder only; nothing is written there or in the library.
    pub fn eval_notes(
        &self,
        folder: &Path,
        opts: &crate::eval::EvalOptions,
    ) -> Result<crate::eval::EvalReport> {
        let abs = std::fs::canonicalize(folder).map_err(|e| Error::io(folder, e))?;
        crate::eval::eval_notes(&abs, self.facts()?, opts)
    }

    /// Dismiss a finding by its id, so later checks leave it out.
    pub fn dismiss_finding(&self, id: &str) -> Result<()> {
        let id = id.trim();
        if id.len() != 16 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::InvalidInput(format!(
                "{id:?} is not a finding id (16 hex digits, as `coldstart check --json` prints them)"
            )));
        }
        self.store().dismiss_finding(&id.to_ascii_lowercase())
    }
}
