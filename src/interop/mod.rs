//! Interop with the tools learners already use: Anki packages (`.apkg`, `.colpkg`) and CSV.
//!
//! **Export** ([`crate::Library::export_deck`]) writes an Anki package in the legacy 2.1 layout
//! (`collection.anki21`, SQLite schema 11, plus `meta` and an empty `media` map), which every
//! Anki since 2.1 imports: desktop, AnkiDroid, AnkiMobile. One deck per service under a parent
//! deck (`Coldstart::Lambda`, ...), two note types (`Coldstart Basic`: Front, Back, Source;
//! `Coldstart Cloze`: Text, Back Extra, Source), tags `coldstart`, `service::<service>` and
//! `source::<note>`. Every Coldstart card is one Anki note whose GUID is derived from the card's
//! stable id (`cs:<id>`), so importing a newer export updates the same notes instead of adding
//! copies. With history, each card's review log becomes Anki revlog rows and its FSRS memory
//! state goes into `cards.data` (`{"s":..,"d":..,"dr":..}`), as Anki stores it; without, every
//! card is new. CSV export writes `front, back, tags, source, due, stability, difficulty`.
//!
//! **Import** ([`crate::Library::import_deck`]) reads `.apkg` / `.colpkg` (the legacy
//! `collection.anki2` / `collection.anki21`, or the zstd-compressed `collection.anki21b` of
//! current Anki) and CSV (`front,back[,tags]`). Each Anki card becomes a Coldstart card with a
//! stable id from its note's GUID and its template ordinal, so importing the same deck again adds
//! nothing. Fields become plain text (HTML is stripped); media, image occlusion notes and cards
//! that render empty are skipped and listed. Review history comes along: revlog rows become
//! Coldstart's review log, with FSRS memory states recomputed by replaying them, and the card's
//! current memory state is Anki's own (`cards.data`) when it has one. Notes that Coldstart
//! exported itself (GUID `cs:<id>`) map back onto the same Coldstart cards, so reviews done in
//! Anki on a phone merge into the local history.

pub(crate) mod anki_read;
pub(crate) mod anki_write;
mod api;
pub(crate) mod csv_io;
pub mod text;

use serde::{Deserialize, Serialize};

/// File formats for export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Anki package.
    Apkg,
    /// Comma-separated values.
    Csv,
}

impl std::str::FromStr for ExportFormat {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "apkg" | "anki" => Ok(ExportFormat::Apkg),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(crate::Error::InvalidInput(format!(
                "export format {other:?}: expected apkg or csv"
            ))),
        }
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportOptions {
    /// `apkg` or `csv`.
    pub format: ExportFormat,
    /// Where to write.
    pub path: std::path::PathBuf,
    /// Only this service.
    #[serde(default)]
    pub service: Option<String>,
    /// The parent deck's name (default `Coldstart`; `::` makes it a subdeck).
    #[serde(default)]
    pub deck: Option<String>,
    /// Include the review log and FSRS memory state (Anki only; CSV always has due, stability,
    /// difficulty).
    #[serde(default)]
    pub with_history: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportReport {
    /// The file written (absolute when possible).
    pub path: String,
    /// `apkg` or `csv`.
    pub format: String,
    /// Notes written (one per card).
    pub notes: usize,
    /// Cards written.
    pub cards: usize,
    /// Review log rows written.
    pub reviews: usize,
    /// Decks, parent first.
    pub decks: Vec<String>,
    /// Cards left out, and why.
    pub skipped: Vec<String>,
}

/// What a deck import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeckImportReport {
    /// The file read.
    pub path: String,
    /// `apkg`, `colpkg` or `csv`.
    pub format: String,
    /// Notes read (rows for CSV).
    pub notes: usize,
    /// Cards imported (new or already known).
    pub cards: usize,
    /// Of those, cards new to Coldstart.
    pub added: usize,
    /// Of those, cards Coldstart already had (content refreshed, history merged).
    pub updated: usize,
    /// Review log rows added (rows already present are not added again).
    pub reviews: usize,
    /// Review log rows already present.
    pub reviews_known: usize,
    /// What was left out: media, unsupported note types, fields, review log rows.
    pub skipped: Vec<String>,
    /// Decks the cards came from.
    pub decks: Vec<String>,
}

/// A display name for a service slug (`api-gateway` → `API Gateway`), used for deck names.
pub fn service_display_name(service: &str) -> String {
    let known = [
        ("lambda", "Lambda"),
        ("dynamodb", "DynamoDB"),
        ("api-gateway", "API Gateway"),
        ("step-functions", "Step Functions"),
        ("sam", "SAM"),
        ("sqs", "SQS"),
        ("sns", "SNS"),
        ("s3", "S3"),
        ("iam", "IAM"),
        ("eventbridge", "EventBridge"),
        ("appsync", "AppSync"),
        ("cloudwatch", "CloudWatch"),
        ("cloudformation", "CloudFormation"),
    ];
    if let Some((_, d)) = known.iter().find(|(s, _)| *s == service) {
        return d.to_string();
    }
    service
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a deck file holds, told by its extension.
pub(crate) enum DeckFormat {
    /// An Anki package (`.apkg`, `.colpkg`, `.zip`).
    Package { colpkg: bool },
    /// Rows of `front,back[,tags]` (`.csv`, `.tsv`, `.txt`).
    Csv,
}

/// The deck format of `path`, or an error naming the file and the formats read.
pub(crate) fn deck_format(path: &std::path::Path) -> crate::Result<DeckFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "apkg" | "zip" => Ok(DeckFormat::Package { colpkg: false }),
        "colpkg" => Ok(DeckFormat::Package { colpkg: true }),
        "csv" | "tsv" | "txt" => Ok(DeckFormat::Csv),
        _ => Err(crate::Error::InvalidInput(format!(
            "{}: expected an Anki package (.apkg, .colpkg) or a .csv file",
            path.display()
        ))),
    }
}

/// Read a deck file (`.apkg`, `.colpkg`, `.zip` or `.csv`) without importing it: how many
/// notes or rows it holds. The readers behind [`crate::Library::import_deck`]; the fuzz targets
/// call it.
pub fn read_deck(path: &std::path::Path) -> crate::Result<usize> {
    match deck_format(path)? {
        DeckFormat::Package { .. } => Ok(anki_read::read_package(path)?.notes.len()),
        DeckFormat::Csv => Ok(csv_io::read_csv(path)?.1),
    }
}
