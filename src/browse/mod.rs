//! The card browser: every card in one table, found with Anki-style search syntax
//! ([`query`]), sorted by any column, changed in bulk (each bulk action one undo step), and
//! inspected one at a time (its source, every review, retrievability over time).
//!
//! [`filter_sort`] is the pure core: rows in, matching row positions out, in the asked order.
//! The [`crate::Library`] methods in `api.rs` load the rows, call it, and apply bulk actions.

mod api;
pub mod query;

use serde::{Deserialize, Serialize};

pub use api::{
    BrowseRequest, BrowseResult, BulkAction, BulkReport, CardDetails, CardReview, RetrievabilityPoint,
};
pub use query::{parse, EvalContext, Node, LEECH_LAPSES};

use crate::cards::{CardKind, CardSource};
use crate::review::CardState;

/// One card as the browser shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BrowseRow {
    /// Stable id.
    pub id: String,
    /// Kind.
    pub kind: CardKind,
    /// Service.
    pub service: String,
    /// Question side (the learner's version if edited).
    pub front: String,
    /// Where it comes from: link to `file#anchor`.
    pub source: CardSource,
    /// The source section as one line: note title › headings.
    pub section: String,
    /// What generated it: a note key, `facts`, `sim`, `quiz`, `anki`, `csv`.
    pub source_key: String,
    /// `bundled` or `imported`.
    pub source_kind: String,
    /// Note tags (and an Anki note's tags).
    pub tags: Vec<String>,
    /// State.
    pub state: CardState,
    /// Due (unix ms; 0 for new cards).
    pub due: i64,
    /// Study days until due (negative: overdue); `None` for new cards.
    pub due_in_days: Option<i64>,
    /// Last scheduled interval in days.
    pub interval_days: u32,
    /// FSRS stability (days).
    pub stability: Option<f32>,
    /// FSRS difficulty (1–10).
    pub difficulty: Option<f32>,
    /// Probability of recall now (0–1).
    pub retrievability: Option<f32>,
    /// Times forgotten.
    pub lapses: u32,
    /// Times answered.
    pub reps: u32,
    /// Flag 0–7.
    pub flag: u8,
    /// Suspended (by the learner or because its source is gone).
    pub suspended: bool,
    /// Buried until a later study day.
    pub buried: bool,
    /// Its source is gone.
    pub missing: bool,
    /// Content changed since last answered.
    pub changed: bool,
    /// The learner edited its text.
    pub edited: bool,
    /// Study day it was created.
    pub added_day: i64,
    /// Study day of its first answer.
    pub introduced_day: Option<i64>,
    /// Position in the new-card queue.
    pub new_order: i64,
    /// Lowercase front, a unit separator, lowercase back (free-text search).
    #[serde(skip)]
    pub(crate) haystack: String,
    /// Length in bytes of the lowercase front at the start of `haystack`.
    #[serde(skip)]
    pub(crate) front_lc_len: usize,
    /// `(study day, grade)` of recent answers (only as far back as the query's `rated:` needs).
    #[serde(skip)]
    pub(crate) recent: Vec<(i64, u8)>,
}

impl BrowseRow {
    /// Fill the search fields from `front` and `back`.
    pub(crate) fn set_text(&mut self, back: &str) {
        let front = self.front.to_lowercase();
        self.front_lc_len = front.len();
        self.haystack = front;
        self.haystack.push('\u{1f}');
        self.haystack.push_str(&back.to_lowercase());
    }

    fn front_lc(&self) -> &str {
        &self.haystack[..self.front_lc_len]
    }
}

/// A browser column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    /// Note order: service, file, line (the default).
    #[default]
    Note,
    /// Question text.
    Front,
    /// Service.
    Service,
    /// Source section.
    Section,
    /// Due date (new cards last).
    Due,
    /// Interval.
    Interval,
    /// Stability.
    Stability,
    /// Difficulty.
    Difficulty,
    /// Retrievability.
    Retrievability,
    /// Lapses.
    Lapses,
    /// Reviews.
    Reviews,
    /// Flag.
    Flag,
    /// Date added.
    Added,
}

impl SortColumn {
    /// Every column, with its name.
    pub const ALL: [(SortColumn, &'static str); 13] = [
        (SortColumn::Note, "note"),
        (SortColumn::Front, "front"),
        (SortColumn::Service, "service"),
        (SortColumn::Section, "section"),
        (SortColumn::Due, "due"),
        (SortColumn::Interval, "interval"),
        (SortColumn::Stability, "stability"),
        (SortColumn::Difficulty, "difficulty"),
        (SortColumn::Retrievability, "retrievability"),
        (SortColumn::Lapses, "lapses"),
        (SortColumn::Reviews, "reviews"),
        (SortColumn::Flag, "flag"),
        (SortColumn::Added, "added"),
    ];
}

impl std::str::FromStr for SortColumn {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        let alias = match s.as_str() {
            "ivl" => "interval",
            "s" => "stability",
            "d" => "difficulty",
            "r" => "retrievability",
            "reps" => "reviews",
            "question" => "front",
            "source" => "section",
            other => other,
        };
        SortColumn::ALL
            .iter()
            .find(|(_, name)| *name == alias)
            .map(|(c, _)| *c)
            .ok_or_else(|| {
                crate::Error::InvalidInput(format!(
                    "sort column {s:?}: use one of {}",
                    SortColumn::ALL.map(|(_, n)| n).join(", ")
                ))
            })
    }
}

/// The positions of the rows that match `node`, sorted by `sort` (ties keep the rows' order,
/// which is note order as loaded; a missing value sorts last either way).
///
/// Sorting works on a compact copy of the keys (16 bytes per row, or a string slice), not on
/// the rows, so 100,000 rows sort without chasing each row through memory per comparison.
pub fn filter_sort(
    rows: &[BrowseRow],
    node: &Node,
    cx: &EvalContext,
    sort: SortColumn,
    desc: bool,
) -> Vec<usize> {
    let mut hits: Vec<usize> = (0..rows.len()).filter(|&i| node.matches(&rows[i], cx)).collect();
    let text = |f: fn(&BrowseRow) -> &str| -> Vec<usize> {
        let mut keys: Vec<(&str, u32)> = hits.iter().map(|&i| (f(&rows[i]), i as u32)).collect();
        keys.sort_unstable_by(|a, b| {
            let o = a.0.cmp(b.0);
            if desc { o.reverse() } else { o }.then(a.1.cmp(&b.1))
        });
        keys.into_iter().map(|(_, i)| i as usize).collect()
    };
    let number = |f: fn(&BrowseRow) -> Option<f64>| -> Vec<usize> {
        let mut keys: Vec<(bool, f64, u32)> = hits
            .iter()
            .map(|&i| match f(&rows[i]) {
                Some(v) => (false, v, i as u32),
                None => (true, 0.0, i as u32),
            })
            .collect();
        keys.sort_unstable_by(|a, b| {
            let o = a.1.total_cmp(&b.1);
            a.0.cmp(&b.0)
                .then(if desc { o.reverse() } else { o })
                .then(a.2.cmp(&b.2))
        });
        keys.into_iter().map(|(_, _, i)| i as usize).collect()
    };
    match sort {
        SortColumn::Note => {
            if desc {
                hits.reverse();
            }
            hits
        }
        SortColumn::Front => text(|r| r.front_lc()),
        SortColumn::Service => text(|r| &r.service),
        SortColumn::Section => text(|r| &r.section),
        SortColumn::Due => number(|r| (r.state != CardState::New).then_some(r.due as f64)),
        SortColumn::Interval => number(|r| Some(r.interval_days as f64)),
        SortColumn::Stability => number(|r| r.stability.map(f64::from)),
        SortColumn::Difficulty => number(|r| r.difficulty.map(f64::from)),
        SortColumn::Retrievability => number(|r| r.retrievability.map(f64::from)),
        SortColumn::Lapses => number(|r| Some(r.lapses as f64)),
        SortColumn::Reviews => number(|r| Some(r.reps as f64)),
        SortColumn::Flag => number(|r| Some(r.flag as f64)),
        SortColumn::Added => number(|r| Some(r.added_day as f64)),
    }
}

#[cfg(test)]
mod tests;
