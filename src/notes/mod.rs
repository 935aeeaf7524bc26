//! Notes: markdown files read into [`Note`]s made of [`Section`]s.
//!
//! Real learners' notes are messy, so the reader is forgiving: YAML front matter is optional (and a
//! broken one is reported, not fatal), tab-indented `+` bullets, raw HTML, docusaurus admonitions
//! (`:::tip`), `$math$`, tables and non-UTF-8 bytes all read. Line numbers always refer to the file
//! as it is on disk.

mod parse;
pub mod render;
mod service;

use serde::Serialize;

pub use parse::{parse_note, slugify};
pub use service::{infer_service, KNOWN_SERVICES};

/// Where a note comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Shipped with Coldstart (`content/`).
    Bundled,
    /// From a learner's folder.
    Imported,
}

impl SourceKind {
    /// `bundled` or `imported`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Bundled => "bundled",
            SourceKind::Imported => "imported",
        }
    }
}

/// A problem found while reading a note that did not stop it from being read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteIssue {
    /// The file (display key).
    pub file: String,
    /// 1-based line (0 for the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One section: the text under one heading, up to the next heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Headings from the top of the note down to this one.
    pub heading_path: Vec<String>,
    /// Heading level (1–6), 0 for text before the first heading.
    pub level: u8,
    /// GitHub-style slug of the heading, unique in the note.
    pub anchor: String,
    /// First line of the section (its heading), 1-based.
    pub line: usize,
    /// Last line of the section, 1-based, inclusive.
    pub end_line: usize,
    /// Plain text of the section body (markup removed).
    pub text: String,
    /// Service of the section (from the note, or inferred from its headings).
    pub service: String,
}

/// A parsed note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// The note's key: `content/<rel>` for bundled notes, the absolute path for imported ones.
    pub file: String,
    /// Title: front matter, else the first `#` heading, else the file name.
    pub title: String,
    /// Service: front matter, else the bundled folder, else inferred from title and headings.
    pub service: String,
    /// Tags from front matter.
    pub tags: Vec<String>,
    /// Bundled or imported.
    pub source: SourceKind,
    /// The markdown source (lossily decoded if it was not UTF-8).
    pub markdown: String,
    /// Sections in file order.
    pub sections: Vec<Section>,
    /// Problems found while reading.
    pub issues: Vec<NoteIssue>,
}

impl Note {
    /// The section with this anchor.
    pub fn section(&self, anchor: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.anchor == anchor)
    }
}

/// File extensions read as markdown.
pub const NOTE_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// True if the path has a note extension.
pub fn is_note_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| NOTE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}
