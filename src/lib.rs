//! # Coldstart engine
//!
//! Everything Coldstart knows how to do lives here, with no UI dependency: reading notes, the
//! search index, the fact base, quiz cards and their FSRS schedule, and the SQLite store. The command-line tool and the desktop app
//! both call [`Library`] and nothing else, so the two can never drift apart.
//!
//! ```no_run
//! use coldstart::{Library, LibraryConfig, SearchRequest};
//! let lib = Library::open(LibraryConfig::new(Some("/tmp/coldstart-demo".into()))?)?;
//! let found = lib.search(&SearchRequest { query: "900 seconds".into(), limit: 5, ..Default::default() })?;
//! for hit in found.hits {
//!     println!("{}:{} {}", hit.file, hit.line, hit.heading_path.join(" › "));
//! }
//! # Ok::<(), coldstart::Error>(())
//! ```
#![warn(missing_docs)]

pub mod browse;
pub mod cards;
pub mod error;
pub mod eval;
pub mod exam;
pub mod facts;
mod import;
pub mod install;
pub mod interop;
mod library;
pub mod notes;
pub mod plan;
mod quick;
pub mod quiz;
pub mod review;
pub mod search;
pub mod sim;
// Not public API: the front ends go through `Library`. Public (hidden) only because the crash
// and benchmark tests in tests/ open the database file directly.
#[doc(hidden)]
pub mod store;
mod text_enum;

pub use browse::{BrowseRequest, BrowseResult, BrowseRow, BulkAction, BulkReport, CardDetails, SortColumn};
pub use error::{Error, OrNotFound, Result};
pub use facts::check::{Finding, FindingKind};
pub use import::{set_import_threads, ImportTimings};
pub use interop::{DeckImportReport, ExportFormat, ExportOptions, ExportReport};
pub use library::{
    default_content_dir, default_data_dir, ImportError, ImportReport, Library, LibraryConfig, NoteSection,
    NoteSummary, NoteView, Progress,
};
pub use review::{
    AnswerResult, CardFilter, CardInfo, Clock, DueSummary, FixedClock, GradePreview, OptimizeProgress,
    OptimizeReport, Rating, RestoreReport, ReviewCard, ReviewSettings, Stats, SyncReport, SystemClock,
    UndoResult,
};
pub use search::{AlsoIn, SearchHit, SearchRequest, SearchResults, SourceFilter};
