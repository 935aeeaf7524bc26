//! Quiz cards: made from notes (explicit cards and generated ones), from the fact base and from
//! the simulators' exercises, each with a **stable id**.
//!
//! A card's id is a hash of its source (the note key, `facts` or `sim`), its anchor (the section
//! slug, the fact id or the exercise model) and its content key (the question, the cloze text with
//! the answer masked, the defined term, the fact or exercise id). Editing a note elsewhere,
//! re-importing a folder or rebuilding the search index therefore keeps every card's id, and with
//! it the card's review history. Changing a card's answer keeps its id too (the card is marked
//! changed); changing its question makes a new card and the old one is suspended as missing.
//!
//! Explicit cards in notes:
//!
//! ```text
//! What is the longest a Lambda invocation can run?:: 15 minutes
//!
//! Which two consistency models do DynamoDB reads offer?
//! ?
//! Eventually consistent (the default) and strongly consistent.
//!
//! SQS messages are kept for up to ==14 days==.
//! ```
//!
//! Generated cards: a definition bullet (`- **Term:** explanation`, `- Term – explanation`)
//! becomes a question about the term; a bullet or sentence stating a number with a unit becomes a
//! cloze on that number (never a list number, a heading, a year or a worked example); each fact of
//! the fact base becomes a question; a few seeded exercises per simulator become calculation cards.

mod generate;

use serde::{Deserialize, Serialize};

pub use generate::{from_facts, from_note, from_sim_exercises, EXERCISES_PER_MODEL, EXERCISE_SEED};

/// Cards made from a claim the fact checker found stale teach the current value, and say so:
/// the stale number is replaced by the current one (in the unit the note used, so "[...] minutes"
/// gets "15", not "900 s") and the back explains the change.
pub fn apply_stale_findings(
    cards: Vec<GeneratedCard>,
    findings: &[crate::facts::check::Finding],
    facts: &crate::facts::FactBase,
) -> Vec<GeneratedCard> {
    use crate::facts::check::FindingKind;
    cards
        .into_iter()
        .map(|mut c| {
            // A worked example the checker found wrong is not taught as written.
            for f in findings
                .iter()
                .filter(|f| f.kind == FindingKind::Arithmetic && f.line == c.source.line)
            {
                if c.back.contains(&f.claim) || c.context.contains(&f.claim) {
                    c.back.push_str(&format!(
                        "\n\nCheck: the working in your note is off ({}): {}",
                        f.claim, f.explanation
                    ));
                }
            }
            for f in findings
                .iter()
                .filter(|f| f.kind == FindingKind::Stale && f.line == c.source.line)
            {
                if !(c.back.contains(&f.claim) || c.front.contains(&f.claim) || c.context.contains(&f.claim))
                {
                    continue;
                }
                match current_in_claim_terms(&f.claim, f, facts) {
                    Some((old, new)) => {
                        let new_claim = f.claim.replacen(&old, &new, 1);
                        c.front = c.front.replace(&f.claim, &new_claim);
                        c.back = if c.back.contains(&f.claim) {
                            c.back.replace(&f.claim, &new_claim)
                        } else if back_number(&c.back).as_deref() == Some(old.as_str()) {
                            // The answer is the stale number itself ("3" of "3 GB"), not a
                            // number that merely starts with the same digits ("15" for "1").
                            c.back.replacen(&old, &new, 1)
                        } else {
                            c.back.clone()
                        };
                    }
                    None => c.back = c.back.replace(&f.claim, &f.expected),
                }
                let source = f
                    .source
                    .as_deref()
                    .map(|s| format!(" (source: {s})"))
                    .unwrap_or_default();
                c.back.push_str(&format!(
                    "\n\nUpdated: your note says {}, which is out of date; the current value is {}{source}.",
                    f.claim, f.expected
                ));
            }
            c
        })
        .collect()
}

/// The number an answer starts with, as written (`10,240` of `10,240 MB`, `0.20` of `$0.20`).
fn back_number(back: &str) -> Option<String> {
    let digits: String = back
        .trim_start()
        .trim_start_matches('$')
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || *ch == ',' || *ch == '.')
        .collect();
    let digits = digits.trim_end_matches(['.', ',']);
    (!digits.is_empty()).then(|| digits.to_string())
}

/// The number written in a stale claim, and the current value in the same unit, formatted.
fn current_in_claim_terms(
    claim: &str,
    f: &crate::facts::check::Finding,
    facts: &crate::facts::FactBase,
) -> Option<(String, String)> {
    use crate::facts::units::{normalise_unit, quantities, Quantity};
    let fact = facts.get(f.fact_id.as_deref()?)?;
    let value = fact.value.as_f64()?;
    let (pos, q) = quantities(claim).into_iter().next()?;
    let digits: String = claim[pos..]
        .trim_start_matches(['$', ' '])
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || *ch == ',' || *ch == '.')
        .collect();
    let digits = digits.trim_end_matches(['.', ',']).to_string();
    if digits.is_empty() {
        return None;
    }
    // A price for a bundle (`$1.00 for 600,000 GB-seconds`): what that bundle costs now.
    if fact.unit.starts_with("USD per ") {
        use crate::facts::check::claims::{claims, fact_dim};
        let (_, base) = fact_dim(&fact.unit, value)?;
        let c = claims(claim).into_iter().next()?;
        let written: f64 = digits.replace(',', "").parse().ok()?;
        if c.value <= 0.0 {
            return None;
        }
        let per = written / c.value;
        let now = base * per;
        let shown = if now >= 0.01 {
            format!("{now:.2}")
        } else {
            format_number(now)
        };
        return Some((digits, shown));
    }
    let current = Quantity {
        value,
        unit: normalise_unit(&fact.unit).or_else(|| Some(fact.unit.clone())),
        text: String::new(),
    };
    let converted = match &q.unit {
        Some(u) => current.convert_to(u)?,
        None => value,
    };
    Some((digits, format_number(converted)))
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v as i64);
        if v.abs() >= 1000.0 {
            let bytes: Vec<char> = s.chars().collect();
            let mut out = String::new();
            for (i, ch) in bytes.iter().enumerate() {
                if i > 0 && (bytes.len() - i) % 3 == 0 && *ch != '-' {
                    out.push(',');
                }
                out.push(*ch);
            }
            return out;
        }
        return s;
    }
    let s = format!("{v:.10}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The card a missed exam question becomes: the scenario and its choices on the front, the right
/// choice(s) and the explanation on the back, linked to the first note section that teaches it.
/// Its id depends only on the question id, so missing it again finds the same card.
pub fn from_question(q: &crate::quiz::Question) -> GeneratedCard {
    let letter = |i: usize| char::from(b'A' + i as u8);
    let mut front = q.stem.trim().to_string();
    front.push('\n');
    for (i, c) in q.choices.iter().enumerate() {
        front.push_str(&format!("\n{}. {}", letter(i), c.trim()));
    }
    let right: Vec<String> = q
        .answer
        .iter()
        .filter_map(|&i| q.choices.get(i).map(|c| format!("{}. {}", letter(i), c.trim())))
        .collect();
    let back = format!("{}\n\n{}", right.join("\n"), q.explanation.trim());
    let (file, anchor) = match q.refs.first().and_then(|r| r.split_once('#')) {
        Some((note, anchor)) => (format!("content/{note}"), anchor.to_string()),
        None => (q.file.clone(), q.id.clone()),
    };
    GeneratedCard {
        id: card_id("quiz", &q.id, &q.id),
        kind: CardKind::Question,
        explicit: true,
        service: q.service.clone(),
        source: CardSource {
            file,
            anchor,
            heading_path: Vec::new(),
            line: q.line,
            title: format!("Exam question {}", q.id),
        },
        front,
        back,
        context: q.explanation.clone(),
        dedupe_key: normalise(&q.stem),
    }
}

/// What kind of card it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// An explicit question and answer (`Q:: A`, or a `?` block).
    Qa,
    /// An explicit cloze (`==text==`).
    Cloze,
    /// Generated from a definition bullet.
    Definition,
    /// Generated: a cloze on a number with a unit.
    Number,
    /// Generated from the fact base.
    Fact,
    /// A simulator exercise.
    Exercise,
    /// An exam question the learner missed.
    Question,
}

impl CardKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Qa => "qa",
            CardKind::Cloze => "cloze",
            CardKind::Definition => "definition",
            CardKind::Number => "number",
            CardKind::Fact => "fact",
            CardKind::Exercise => "exercise",
            CardKind::Question => "question",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "qa" => CardKind::Qa,
            "cloze" => CardKind::Cloze,
            "definition" => CardKind::Definition,
            "number" => CardKind::Number,
            "fact" => CardKind::Fact,
            "exercise" => CardKind::Exercise,
            "question" => CardKind::Question,
            _ => return None,
        })
    }
}

/// Where a card comes from, so the answer can show its section and link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CardSource {
    /// Note key (`content/...` or an absolute path), `content/facts.toml`, or `sim:<model>`.
    pub file: String,
    /// Section anchor in the note (or the fact id, or the model name).
    pub anchor: String,
    /// Headings from the top of the note down to the card's section.
    pub heading_path: Vec<String>,
    /// 1-based line of the card in the file (0 when not from a file).
    pub line: usize,
    /// Title of the note (or "Fact base", or the simulator's name).
    pub title: String,
}

/// A card as generated from its source, before any learner override.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratedCard {
    /// Stable id (16 hex digits).
    pub id: String,
    /// Kind.
    pub kind: CardKind,
    /// Written by the author as a card (not generated by Coldstart).
    pub explicit: bool,
    /// Service.
    pub service: String,
    /// Where it comes from.
    pub source: CardSource,
    /// The question side (a cloze shows `[...]` where the answer goes).
    pub front: String,
    /// The answer side.
    pub back: String,
    /// The sentence or block the card was made from.
    pub context: String,
    /// Normalised front, used to avoid generating a duplicate of an existing card.
    pub dedupe_key: String,
}

impl GeneratedCard {
    /// A hash of what the learner sees, to notice when a card's content changed.
    pub fn content_hash(&self) -> String {
        let mut h = blake3::Hasher::new();
        h.update(self.front.as_bytes());
        h.update(b"\0");
        h.update(self.back.as_bytes());
        h.finalize().to_hex()[..16].to_string()
    }
}

/// A stable card id: blake3 of source, anchor and content key, as 16 hex digits.
pub fn card_id(source: &str, anchor: &str, content_key: &str) -> String {
    let mut h = blake3::Hasher::new();
    for part in [source, anchor, &normalise(content_key)] {
        h.update(part.as_bytes());
        h.update(b"\x1f");
    }
    h.finalize().to_hex()[..16].to_string()
}

/// Lowercase, markup-free, single-spaced text (for ids and duplicate detection).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '[' || c == ']' || c == '.' || c == '%' || c == '$' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}
