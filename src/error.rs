//! The engine's one error type.
//!
//! Every variant carries what a person needs to act on it: the file and line of a bad note or
//! quiz file, the key and value of a bad simulator input, the path of a database that will not open.

use std::path::PathBuf;

/// Result with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `option.or_not_found(what)`: `None` becomes [`Error::NotFound`] naming what was looked for
/// (as Anki's `or_not_found`).
pub trait OrNotFound<T> {
    /// The value, or a `not_found` error naming `what` ("card \"abc\"", "exam attempt 3").
    fn or_not_found(self, what: impl std::fmt::Display) -> Result<T>;
}

impl<T> OrNotFound<T> for Option<T> {
    fn or_not_found(self, what: impl std::fmt::Display) -> Result<T> {
        self.ok_or_else(|| Error::NotFound(what.to_string()))
    }
}

/// Everything that can go wrong in the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file at fault.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A data file (facts, quiz bank, note front matter) is malformed.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file at fault.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong, naming the field or value.
        message: String,
    },
    /// An argument or input value is not acceptable.
    #[error("{0}")]
    InvalidInput(String),
    /// Something asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The SQLite store failed.
    #[error("database {path}: {message}")]
    Db {
        /// The database file.
        path: PathBuf,
        /// What happened.
        message: String,
    },
    /// The database file is damaged; the message says how to recover.
    #[error("database {path} is damaged ({detail}); {hint}")]
    DbCorrupt {
        /// The database file.
        path: PathBuf,
        /// What the integrity check said.
        detail: String,
        /// How to recover.
        hint: String,
    },
    /// The database was written by a newer Coldstart.
    #[error("database {path} has schema version {found}, newer than this Coldstart understands (up to {max}); upgrade Coldstart, the file was left untouched")]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        max: i64,
    },
    /// The search index failed.
    #[error("search index: {0}")]
    Index(String),
    /// A card-browser query does not parse: what is wrong, and the token at fault.
    #[error("query: {message} at character {position}: {token:?}")]
    Query {
        /// What is wrong.
        message: String,
        /// 0-based character offset of the token in the query.
        position: usize,
        /// The token at fault, as written.
        token: String,
    },
}

impl Error {
    /// Build an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A short, stable, snake_case code for the kind of error (used at the IPC edge).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Parse { .. } => "parse",
            Error::InvalidInput(_) => "invalid_input",
            Error::NotFound(_) => "not_found",
            Error::Db { .. } => "db",
            Error::DbCorrupt { .. } => "db_corrupt",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::Index(_) => "index",
            Error::Query { .. } => "query",
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e.to_string())
    }
}

impl From<tantivy::query::QueryParserError> for Error {
    fn from(e: tantivy::query::QueryParserError) -> Self {
        Error::InvalidInput(format!("query: {e}"))
    }
}
