//! Engine integration tests: a real SQLite file and a real tantivy index in a temporary data
//! directory, driven through the public `Library` facade.

mod browse;
mod crash;
mod exam;
mod import;
mod plan;
mod render;
mod review;
mod search;
mod search_quality;
mod speed;

use std::path::{Path, PathBuf};

use coldstart::{Library, LibraryConfig};

/// The checked-in fixture notes (shaped like real learners' notes, written for these tests).
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes")
}

/// A library in a fresh temporary data directory, with the bundled content.
pub fn library(data: &Path) -> Library {
    Library::open(LibraryConfig {
        data_dir: data.to_path_buf(),
        content_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        quizzes_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes"),
    })
    .expect("open library")
}

/// Copy a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
