//! The card-browser half of the [`Library`] facade: search, bulk actions, card info.

use std::collections::HashMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::{filter_sort, parse, BrowseRow, EvalContext, SortColumn};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::review::api::{fsrs_of, info, local_rfc3339, settings_of};
use crate::review::{format_interval, CardInfo, CardState, Rating, ReviewSettings, Sched, Timing, UndoOp};
use crate::store::{BulkChange, CardRecord};

/// What to show in the browser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BrowseRequest {
    /// The query (see [`super::query`]); empty: every card.
    #[serde(default)]
    pub query: String,
    /// Column to sort by.
    #[serde(default)]
    pub sort: SortColumn,
    /// Descending.
    #[serde(default)]
    pub desc: bool,
    /// Skip this many matching rows.
    #[serde(default)]
    pub offset: Option<usize>,
    /// Return at most this many rows (default: all). `ids` always lists every match.
    #[serde(default)]
    pub limit: Option<usize>,
}

/// The cards a query found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BrowseResult {
    /// The query as given.
    pub query: String,
    /// Cards in the collection.
    pub total: usize,
    /// Cards that match.
    pub matched: usize,
    /// Time to filter and sort (ms), after loading.
    pub took_ms: f64,
    /// Time to load the cards (ms).
    pub load_ms: f64,
    /// The rows asked for (from `offset`, at most `limit`), in order.
    pub rows: Vec<BrowseRow>,
    /// Every matching card id, in order (for selecting all).
    pub ids: Vec<String>,
}

/// A change to apply to a selection of cards; each is one undo step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkAction {
    /// Keep out of reviews.
    Suspend,
    /// Back into reviews.
    Unsuspend,
    /// Hide until the next study day.
    Bury,
    /// Set a flag (0 clears, 1–7).
    Flag {
        /// The flag.
        flag: u8,
    },
    /// Reset to new (history kept; position in the new queue kept, as Anki's default).
    Forget,
    /// Set the due date as Anki does: `0` today, `3` in three days, `3-7` a random day in that
    /// range; a trailing `!` also sets the interval to that many days.
    SetDue {
        /// The spec.
        days: String,
    },
    /// Recompute memory state from the review log with the current FSRS parameters, and the
    /// due date of review cards from it with the current desired retention.
    Reschedule,
    /// Replace the front and/or back of one card (`""` goes back to the generated text). The
    /// override survives re-generation.
    Edit {
        /// New front (`None`: unchanged).
        #[serde(default)]
        front: Option<String>,
        /// New back (`None`: unchanged).
        #[serde(default)]
        back: Option<String>,
    },
}

impl BulkAction {
    /// The undo step it records (stored in `undo_log.op`, read back as an [`UndoOp`]).
    pub fn op(&self) -> UndoOp {
        match self {
            BulkAction::Suspend => UndoOp::Suspend,
            BulkAction::Unsuspend => UndoOp::Unsuspend,
            BulkAction::Bury => UndoOp::Bury,
            BulkAction::Flag { .. } => UndoOp::Flag,
            BulkAction::Forget => UndoOp::Forget,
            BulkAction::SetDue { .. } => UndoOp::SetDue,
            BulkAction::Reschedule => UndoOp::Reschedule,
            BulkAction::Edit { .. } => UndoOp::Edit,
        }
    }
}

/// What a bulk action did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BulkReport {
    /// `suspend`, `unsuspend`, `bury`, `flag`, `forget`, `set_due`, `reschedule`, `edit`.
    pub op: UndoOp,
    /// Cards selected.
    pub selected: usize,
    /// Cards actually changed (the others were already so).
    pub changed: usize,
    /// Steps that can be undone now.
    pub undo_available: i64,
}

/// One answer in a card's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CardReview {
    /// When (unix ms).
    pub at: i64,
    /// When, RFC 3339 local time.
    pub date: String,
    /// Grade.
    pub rating: Rating,
    /// State before the answer.
    pub state_before: CardState,
    /// Interval given, human (`10m`, `3d`).
    pub interval: String,
    /// Interval given in seconds.
    pub interval_secs: i64,
    /// Stability after (days).
    pub stability: f32,
    /// Difficulty after (1–10).
    pub difficulty: f32,
    /// Time taken (ms).
    pub taken_ms: i64,
}

/// Retrievability on one study day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RetrievabilityPoint {
    /// Study day.
    pub day: i64,
    /// Its date (`YYYY-MM-DD`).
    pub date: String,
    /// Probability of recall that day (0–1).
    pub r: f32,
}

/// Everything about one card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CardDetails {
    /// The card.
    pub card: CardInfo,
    /// Its source section as one line (note title › headings).
    pub section: String,
    /// Retrievability now.
    pub retrievability: Option<f32>,
    /// Every answer, oldest first.
    pub reviews: Vec<CardReview>,
    /// Retrievability per study day from the first answer to 30 days ahead.
    pub curve: Vec<RetrievabilityPoint>,
    /// For a card made from a missed exam question: the question.
    pub question: Option<crate::quiz::Question>,
}

/// The forgetting curve's decay for the parameters in use.
fn decay_of(s: &ReviewSettings) -> f32 {
    match s.fsrs_params.len() {
        21 => s.fsrs_params[20],
        17 | 19 => fsrs::FSRS5_DEFAULT_DECAY,
        _ => fsrs::DEFAULT_PARAMETERS[20],
    }
}

fn retrievability(sched: &Sched, t: &Timing, decay: f32, at_day: i64) -> Option<f32> {
    let (s, last) = (sched.stability?, sched.last_review_ms?);
    if sched.state == CardState::New || s <= 0.0 {
        return None;
    }
    let days = (at_day - t.day_of(last)).max(0) as f32;
    Some(fsrs::current_retrievability(
        fsrs::MemoryState {
            stability: s,
            difficulty: sched.difficulty.unwrap_or(5.0),
        },
        days,
        decay,
    ))
}

fn section_of(rec: &CardRecord) -> String {
    let mut parts = vec![rec.source.title.clone()];
    parts.extend(
        rec.source
            .heading_path
            .iter()
            .filter(|h| **h != rec.source.title)
            .cloned(),
    );
    parts.retain(|p| !p.is_empty());
    parts.join(" › ")
}

fn source_kind(source_key: &str) -> &'static str {
    match source_key {
        "facts" | "sim" | "quiz" => "bundled",
        k if k.starts_with("content/") => "bundled",
        _ => "imported",
    }
}

/// Days from a `set due` spec: `0`, `3`, `3-7`, with an optional trailing `!`.
fn parse_due_spec(spec: &str) -> Result<(i64, i64, bool)> {
    let s = spec.trim();
    let (s, set_ivl) = match s.strip_suffix('!') {
        Some(r) => (r.trim(), true),
        None => (s, false),
    };
    let bad = || {
        Error::InvalidInput(format!(
            "due {spec:?}: expected days from today, like 0 (today), 3, or a range 3-7 (add ! to set the interval too)"
        ))
    };
    let num = |x: &str| x.trim().parse::<i64>().ok().filter(|n| (0..=36_500).contains(n));
    let (lo, hi) = match s.split_once('-') {
        Some((a, b)) => (num(a).ok_or_else(bad)?, num(b).ok_or_else(bad)?),
        None => {
            let n = num(s).ok_or_else(bad)?;
            (n, n)
        }
    };
    if lo > hi {
        return Err(bad());
    }
    Ok((lo, hi, set_ivl))
}

/// A day in `lo..=hi` picked from the card id and the time (the same card spreads the same way
/// within one action, different cards differently).
fn pick_day(id: &str, now_ms: i64, lo: i64, hi: i64) -> i64 {
    if lo == hi {
        return lo;
    }
    let h = blake3::hash(format!("{id}:{now_ms}").as_bytes());
    let n = u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"));
    lo + (n % (hi - lo + 1) as u64) as i64
}

impl Library {
    /// Every card as a browser row, and the context to evaluate queries in: the load half of
    /// [`Library::browse`] ([`super::filter_sort`] is the other). Loads only as much of the
    /// review log as `rated:` (`rated_days`) and `introduced:` (`introduced`) need.
    pub fn browse_rows(&self, rated_days: u32, introduced: bool) -> Result<(Vec<BrowseRow>, EvalContext)> {
        let tags = self.index().file_tags().unwrap_or_default();
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let decay = decay_of(&s);
        let cx = EvalContext {
            today: t.today,
            now_ms: t.now_ms,
            next_day_start_ms: t.next_day_start_ms(),
        };
        let mut recent: HashMap<String, Vec<(i64, u8)>> = HashMap::new();
        if rated_days > 0 {
            for (id, day, g) in store.ratings_since(t.today - rated_days as i64 + 1)? {
                recent.entry(id).or_default().push((day, g));
            }
        }
        let first: HashMap<String, i64> = if introduced {
            store.first_review_days()?.into_iter().collect()
        } else {
            HashMap::new()
        };
        let recs = store.browse_cards()?;
        drop(store);
        let rows = recs
            .into_iter()
            .map(|(rec, source_key, created_at, new_order, anki_tags)| {
                let mut row_tags = tags.get(&rec.source.file).cloned().unwrap_or_default();
                if let Some(a) = anki_tags {
                    row_tags.extend(a.split_whitespace().map(|t| t.to_lowercase()));
                }
                let edited = rec.front_override.is_some() || rec.back_override.is_some();
                let back = rec.back_override.clone().unwrap_or_else(|| rec.back.clone());
                let mut row = BrowseRow {
                    section: section_of(&rec),
                    source_kind: source_kind(&source_key).to_string(),
                    tags: row_tags,
                    state: rec.sched.state,
                    due: rec.sched.due_ms,
                    due_in_days: (rec.sched.state != CardState::New)
                        .then(|| t.day_of(rec.sched.due_ms) - t.today),
                    interval_days: rec.sched.interval_days,
                    stability: rec.sched.stability,
                    difficulty: rec.sched.difficulty,
                    retrievability: retrievability(&rec.sched, &t, decay, t.today),
                    lapses: rec.sched.lapses,
                    reps: rec.sched.reps,
                    flag: rec.sched.flag,
                    suspended: rec.sched.suspended > 0,
                    buried: rec.sched.buried_until > t.today,
                    missing: rec.missing,
                    changed: rec.sched.changed,
                    edited,
                    added_day: t.day_of(created_at),
                    introduced_day: first.get(&rec.id).copied(),
                    new_order,
                    recent: recent.remove(&rec.id).unwrap_or_default(),
                    front: rec.front_override.unwrap_or(rec.front),
                    id: rec.id,
                    kind: rec.kind,
                    service: rec.service,
                    source: rec.source,
                    source_key,
                    haystack: String::new(),
                    front_lc_len: 0,
                };
                row.set_text(&back);
                row
            })
            .collect();
        Ok((rows, cx))
    }

    /// The cards a query finds, sorted. A query that does not parse is an [`Error::Query`]
    /// naming the token at fault.
    pub fn browse(&self, req: &BrowseRequest) -> Result<BrowseResult> {
        let node = parse(&req.query)?;
        let started = Instant::now();
        let (rows, cx) = self.browse_rows(node.rated_days(), node.uses_introduced())?;
        let load_ms = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let hits = filter_sort(&rows, &node, &cx, req.sort, req.desc);
        let took_ms = started.elapsed().as_secs_f64() * 1000.0;
        let ids = hits.iter().map(|&i| rows[i].id.clone()).collect();
        let offset = req.offset.unwrap_or(0);
        let limit = req.limit.unwrap_or(usize::MAX);
        let total = rows.len();
        let matched = hits.len();
        let mut rows: Vec<Option<BrowseRow>> = rows.into_iter().map(Some).collect();
        let page = hits
            .iter()
            .skip(offset)
            .take(limit)
            .filter_map(|&i| rows[i].take())
            .collect();
        Ok(BrowseResult {
            query: req.query.clone(),
            total,
            matched,
            took_ms,
            load_ms,
            rows: page,
            ids,
        })
    }

    /// Apply one action to a selection of cards, as one undo step ([`Library::undo`] restores
    /// every card it changed). Unknown ids are an error and nothing changes.
    pub fn bulk(&self, ids: &[String], action: &BulkAction) -> Result<BulkReport> {
        let mut store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        if let BulkAction::Flag { flag } = action {
            if *flag > 7 {
                return Err(Error::InvalidInput(format!(
                    "flag {flag}: expected 0 (none) to 7"
                )));
            }
        }
        if matches!(action, BulkAction::Edit { .. }) && ids.len() != 1 {
            return Err(Error::InvalidInput(format!(
                "edit changes one card's text; {} selected",
                ids.len()
            )));
        }
        let due_spec = match action {
            BulkAction::SetDue { days } => Some(parse_due_spec(days)?),
            _ => None,
        };
        let fsrs = match action {
            BulkAction::Reschedule => Some(fsrs_of(&s)?),
            _ => None,
        };
        let mut changes = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !seen.insert(id.as_str()) {
                continue;
            }
            let rec = store
                .card(id)?
                .ok_or_else(|| Error::NotFound(format!("card {id:?}")))?;
            let mut after = rec.sched.clone();
            let mut overrides_after = None;
            match action {
                BulkAction::Suspend => {
                    if after.suspended == 0 {
                        after.suspended = 1;
                    }
                }
                BulkAction::Unsuspend => after.suspended = 0,
                BulkAction::Bury => after.buried_until = t.today + 1,
                BulkAction::Flag { flag } => after.flag = *flag,
                BulkAction::Forget => {
                    let keep = Sched {
                        reps: after.reps,
                        lapses: after.lapses,
                        suspended: after.suspended,
                        buried_until: after.buried_until,
                        flag: after.flag,
                        ..Sched::new_card()
                    };
                    after = keep;
                }
                BulkAction::SetDue { .. } => {
                    let (lo, hi, set_ivl) = due_spec.expect("parsed above");
                    let days = pick_day(id, t.now_ms, lo, hi);
                    after.due_ms = t.day_start_ms(t.today + days);
                    if after.state != CardState::Review {
                        after.state = CardState::Review;
                        after.step = 0;
                        after.interval_days = days.max(1) as u32;
                    }
                    if set_ivl {
                        after.interval_days = days.max(1) as u32;
                    }
                }
                BulkAction::Reschedule => {
                    if after.state == CardState::New {
                        continue;
                    }
                    let log = store.card_revlog(id)?;
                    if log.is_empty() {
                        continue;
                    }
                    let mut reviews = Vec::with_capacity(log.len());
                    let mut prev = log[0].day;
                    for (k, e) in log.iter().enumerate() {
                        reviews.push(fsrs::FSRSReview {
                            rating: e.rating.number() as u32,
                            delta_t: if k == 0 { 0 } else { (e.day - prev).max(0) as u32 },
                        });
                        prev = e.day;
                    }
                    let fsrs = fsrs.as_ref().expect("made above");
                    let m = fsrs
                        .memory_state(fsrs::FSRSItem { reviews }, None)
                        .map_err(|e| Error::InvalidInput(format!("FSRS: {e}")))?;
                    after.stability = Some(m.stability);
                    after.difficulty = Some(m.difficulty);
                    if after.state == CardState::Review {
                        let ivl =
                            fsrs.next_interval(Some(m.stability), s.desired_retention, 3)
                                .round()
                                .clamp(1.0, s.max_interval.max(1) as f32) as u32;
                        after.interval_days = ivl;
                        let last = after.last_review_ms.map(|ms| t.day_of(ms)).unwrap_or(t.today);
                        after.due_ms = t.day_start_ms(last + ivl as i64);
                    }
                }
                BulkAction::Edit { front, back } => {
                    let pick = |new: &Option<String>, old: &Option<String>, generated: &str| match new {
                        None => old.clone(),
                        Some(t) if t.trim().is_empty() || t == generated => None,
                        Some(t) => Some(t.clone()),
                    };
                    let f = pick(front, &rec.front_override, &rec.front);
                    let b = pick(back, &rec.back_override, &rec.back);
                    if (f.clone(), b.clone()) != (rec.front_override.clone(), rec.back_override.clone()) {
                        overrides_after = Some((f, b));
                    }
                }
            }
            if after != rec.sched || overrides_after.is_some() {
                changes.push(BulkChange {
                    id: id.clone(),
                    before: rec.sched.clone(),
                    after,
                    overrides_before: (rec.front_override.clone(), rec.back_override.clone()),
                    overrides_after,
                });
            }
        }
        store.record_bulk(action.op(), &changes, t.now_ms)?;
        Ok(BulkReport {
            op: action.op(),
            selected: seen.len(),
            changed: changes.len(),
            undo_available: store.undo_depth()?,
        })
    }

    /// One card with its source section, every answer, retrievability over time and, for a
    /// card made from a missed exam question, the question.
    pub fn card_details(&self, id: &str) -> Result<CardDetails> {
        let store = self.store();
        let s = settings_of(&store)?;
        let t = self.timing(&s);
        let decay = decay_of(&s);
        let rec = store
            .card(id)?
            .ok_or_else(|| Error::NotFound(format!("card {id:?}")))?;
        let log = store.card_revlog(id)?;
        drop(store);
        let reviews = log
            .iter()
            .map(|e| CardReview {
                at: e.reviewed_at_ms,
                date: local_rfc3339(e.reviewed_at_ms, t.offset_secs),
                rating: e.rating,
                state_before: e.state_before,
                interval: if e.interval < 0 {
                    format_interval(-e.interval)
                } else {
                    format_interval(e.interval * 86_400)
                },
                interval_secs: if e.interval < 0 {
                    -e.interval
                } else {
                    e.interval * 86_400
                },
                stability: e.stability_after,
                difficulty: e.difficulty_after,
                taken_ms: e.taken_ms,
            })
            .collect();
        // The curve: on each day, the retrievability given the latest answer before it.
        let mut curve = Vec::new();
        if let Some(first) = log.first() {
            let first_day = first.day;
            let last_day = t.today + 30;
            let step = ((last_day - first_day) / 400 + 1).max(1);
            let mut k = 0;
            let mut day = first_day;
            while day <= last_day {
                while k + 1 < log.len() && log[k + 1].day <= day {
                    k += 1;
                }
                let e = &log[k];
                let sched = Sched {
                    state: e.state_after,
                    stability: Some(e.stability_after),
                    difficulty: Some(e.difficulty_after),
                    last_review_ms: Some(e.reviewed_at_ms),
                    ..Sched::new_card()
                };
                if let Some(r) = retrievability(&sched, &t, decay, day) {
                    curve.push(RetrievabilityPoint {
                        day,
                        date: crate::review::day_date(day),
                        r,
                    });
                }
                day += step;
            }
        }
        let question = if rec.kind == crate::cards::CardKind::Question {
            rec.source
                .title
                .strip_prefix("Exam question ")
                .and_then(|q| self.question(q).ok())
        } else {
            None
        };
        Ok(CardDetails {
            section: section_of(&rec),
            retrievability: retrievability(&rec.sched, &t, decay, t.today),
            card: info(rec, t.today),
            reviews,
            curve,
            question,
        })
    }
}
