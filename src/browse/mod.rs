//! The card browser: every card in one table, found with Anki-style search syntax
//! ([`query`]), sorted by any column, changed in bulk (each bulk action one undo step), and
//! inspected one at a time (its source, every review, retrievability over time).
//!
//! [`filter_sort`] is the pure core: rows in, matching row positions out, in the asked order.
//! The [`crate::Library`] methods in `api.rs` load the rows, call it, and apply bulk actions.

mod api;
pub mod query;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use api::{
    BrowseRequest, BrowseResult, BulkAction, BulkReport, CardDetails, CardReview, RetrievabilityPoint,
};
pub use query::{parse, EvalContext, Node, LEECH_LAPSES};

use crate::cards::{CardKind, CardSource};
use crate::review::CardState;

/// One card as the browser shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// `None` sorts after every value, whichever the direction.
fn opt<T: PartialOrd>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if desc {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

type RowOrder = Box<dyn Fn(&BrowseRow, &BrowseRow) -> Ordering>;

/// The positions of the rows that match `node`, sorted by `sort` (ties keep the rows' order,
/// which is note order as loaded).
pub fn filter_sort(
    rows: &[BrowseRow],
    node: &Node,
    cx: &EvalContext,
    sort: SortColumn,
    desc: bool,
) -> Vec<usize> {
    let mut hits: Vec<usize> = (0..rows.len()).filter(|&i| node.matches(&rows[i], cx)).collect();
    let dir = move |o: Ordering| if desc { o.reverse() } else { o };
    let cmp: RowOrder = match sort {
        SortColumn::Note => {
            if desc {
                hits.reverse();
            }
            return hits;
        }
        SortColumn::Front => Box::new(move |a, b| dir(a.front_lc().cmp(b.front_lc()))),
        SortColumn::Service => Box::new(move |a, b| dir(a.service.cmp(&b.service))),
        SortColumn::Section => Box::new(move |a, b| dir(a.section.cmp(&b.section))),
        SortColumn::Due => Box::new(move |a, b| {
            let key = |r: &BrowseRow| (r.state != CardState::New).then_some(r.due);
            opt(key(a), key(b), desc)
        }),
        SortColumn::Interval => Box::new(move |a, b| dir(a.interval_days.cmp(&b.interval_days))),
        SortColumn::Stability => Box::new(move |a, b| opt(a.stability, b.stability, desc)),
        SortColumn::Difficulty => Box::new(move |a, b| opt(a.difficulty, b.difficulty, desc)),
        SortColumn::Retrievability => Box::new(move |a, b| opt(a.retrievability, b.retrievability, desc)),
        SortColumn::Lapses => Box::new(move |a, b| dir(a.lapses.cmp(&b.lapses))),
        SortColumn::Reviews => Box::new(move |a, b| dir(a.reps.cmp(&b.reps))),
        SortColumn::Flag => Box::new(move |a, b| dir(a.flag.cmp(&b.flag))),
        SortColumn::Added => Box::new(move |a, b| dir(a.added_day.cmp(&b.added_day))),
    };
    hits.sort_by(|&a, &b| cmp(&rows[a], &rows[b]));
    hits
}

#[cfg(test)]
mod tests;
