//! The fact checker: stale values, contradictions and wrong worked examples in notes.
//!
//! A note is read into units (a bullet, a table cell, a sentence; see [`scan`]), each unit into
//! numeric claims with a dimension (see [`claims`]). A claim is tied to a fact only with context:
//! the dimension must match the fact's unit, and one of the fact's `keywords` must appear in the
//! sentence, its table row or column, or the heading above it. Then:
//!
//! * a claim equal to the current value of any fact it could be about is fine;
//! * a claim equal to a **previous** value of exactly one candidate fact is **stale** (a coarse
//!   spelling such as `3 GB` for 3,008 MB counts, within 3%);
//! * a claim that matches no known value is stale only when it is unambiguous: exactly one
//!   candidate fact, no keyword in the context that belongs to another fact of that dimension, no
//!   other service or variant named (Lambda@Edge, FIFO, ...), the fact's role word present
//!   ("max", "min", "default") and the number not hedged (`<`, "about");
//! * a clause that speaks of history ("was", "until", "before", "used to", a year) is never a claim.
//!
//! Two claims tied to the same fact with different values, neither the current one, are a
//! **contradiction**. Worked examples are re-computed in [`arith`].

pub mod arith;
pub mod claims;
pub mod scan;

use std::collections::{BTreeMap, HashMap};

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Serialize;

use crate::facts::{fact_markers, Fact, FactBase};
use claims::{fact_dim, Bound, Claim, Dim};

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// A value that is no longer (or never was) the current one.
    Stale,
    /// Two places disagree about one fact.
    Contradiction,
    /// A worked example whose result does not follow from its inputs.
    Arithmetic,
}

impl FindingKind {
    /// `stale`, `contradiction` or `arithmetic`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Stale => "stale",
            FindingKind::Contradiction => "contradiction",
            FindingKind::Arithmetic => "arithmetic",
        }
    }
}

/// One problem in a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// Stable id (hash of kind, file, claim and fact id), used to dismiss it.
    pub id: String,
    /// The kind.
    pub kind: FindingKind,
    /// The file (absolute path for files on disk).
    pub file: String,
    /// The note in the library this file is (`content/...` for a bundled note, the absolute path
    /// of an imported one), so the window opens it without mapping paths; `None` for a file that
    /// was checked but is not in the library.
    pub note_id: Option<String>,
    /// 1-based line of the claim itself (a bullet's continuation line, a paragraph's later line).
    pub line: usize,
    /// 1-based column (in characters) where the claim's number starts on that line; 0 when unknown.
    pub column: usize,
    /// The claim as written (the number and its unit, or the worked line).
    pub claim: String,
    /// What it should say.
    pub expected: String,
    /// The fact it is about, if any.
    pub fact_id: Option<String>,
    /// The official source of that fact, if any.
    pub source: Option<String>,
    /// One or two sentences saying what is wrong, when it changed, or the working.
    pub explanation: String,
}

/// A stable finding id: the first 16 hex digits of blake3(kind, file, claim, fact id).
pub fn finding_id(kind: FindingKind, file: &str, claim: &str, fact_id: Option<&str>) -> String {
    let mut h = blake3::Hasher::new();
    for part in [kind.as_str(), file, claim, fact_id.unwrap_or("")] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..16].to_string()
}

impl Finding {
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: FindingKind,
        file: &str,
        line: usize,
        claim: &str,
        expected: String,
        fact: Option<&Fact>,
        explanation: String,
    ) -> Self {
        Finding {
            id: finding_id(kind, file, claim, fact.map(|f| f.id.as_str())),
            kind,
            file: file.to_string(),
            note_id: None,
            line,
            column: 0,
            claim: claim.to_string(),
            expected,
            fact_id: fact.map(|f| f.id.clone()),
            source: fact.map(|f| f.source.clone()),
            explanation,
        }
    }
}

/// The longest piece of text (sentence, bullet, cell) the checker reads for claims.
pub const MAX_UNIT_CHARS: usize = 4_000;

/// Keywords too generic to name a fact on their own (they qualify one instead).
const GENERIC: &[&str] = &[
    "maximum",
    "minimum",
    "default",
    "max",
    "min",
    "size",
    "price",
    "storage",
    "api",
    "count",
    "capacity",
    "duration",
    "limit",
    "per million",
    "free",
    "account",
    "queue",
    "data",
    "input",
    "output",
    "events",
    "records",
    "record",
    "wait",
    "actions",
    "consumer",
    "package",
    "read",
    "write",
    "shard",
    "schedule",
    "rate",
    "role",
    "versions",
    "history",
    "keys",
    "lambda",
    "new table",
    "double",
    "2x",
    "twice",
    "half",
    "five",
    "twenty",
];

/// Services and variants: a context naming one of these is not about a fact whose id lacks the tag.
const VARIANTS: &[(&str, &str)] = &[
    ("lambda@edge", "edge"),
    ("cloudfront function", "cff"),
    ("provisioned concurrency", ".pc"),
    ("arm64", "arm"),
    ("graviton", "arm"),
    ("fifo", "fifo"),
    ("express", "express"),
    ("websocket", "websocket"),
    ("http api", "http"),
    ("step functions", "stepfunctions"),
    ("sqs", "sqs"),
    ("sns", "sns"),
    ("kinesis", "kinesis"),
    ("dynamodb", "dynamodb"),
    ("api gateway", "apigw"),
    ("cognito", "cognito"),
    ("ephemeral", "ephemeral"),
    ("kms", "kms"),
    ("secrets manager", "secretsmanager"),
    ("parameter store", "ssm"),
    ("advanced", "advanced"),
];

/// Variants whose facts apply only where the text names them: (words, tag in the fact id).
const VARIANT_ONLY: &[(&[&str], &str)] = &[
    (&["fifo"], "fifo"),
    (&["edge"], ".edge."),
    (&["cloudfront function"], ".cff."),
    (&["express"], ".express."),
    (&["arm", "graviton"], "_arm"),
    (&["websocket"], ".websocket."),
];

/// Service names as written in notes → the first segment of their fact ids.
const SERVICES: &[(&str, &str)] = &[
    ("lambda", "lambda"),
    ("dynamodb", "dynamodb"),
    ("api gateway", "apigw"),
    ("sqs", "sqs"),
    ("sns", "sns"),
    ("kinesis", "kinesis"),
    ("cognito", "cognito"),
    ("step functions", "stepfunctions"),
    ("kms", "kms"),
    ("secrets manager", "secretsmanager"),
    ("parameter store", "ssm"),
    ("sts", "sts"),
    ("iam", "iam"),
];

static SERVICE_RES: Lazy<Vec<(Regex, &'static str)>> = Lazy::new(|| {
    SERVICES
        .iter()
        .map(|(w, p)| (Regex::new(&format!(r"\b{}\b", regex::escape(w))).unwrap(), *p))
        .collect()
});

/// The services a piece of text names: `(as written in notes, fact id prefix)`, e.g.
/// `("step functions", "stepfunctions")`.
fn services_in(text: &str) -> Vec<(&'static str, &'static str)> {
    let lower = text.to_lowercase();
    SERVICE_RES
        .iter()
        .zip(SERVICES)
        .filter(|((re, _), _)| re.is_match(&lower))
        .map(|(_, (w, p))| (*w, *p))
        .collect()
}

/// The services a piece of text names, as written in notes ("step functions", "sqs").
pub(crate) fn services_named(text: &str) -> Vec<&'static str> {
    services_in(text).into_iter().map(|(w, _)| w).collect()
}

static HISTORY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:was|were|used to|previously|formerly|originally|prior to|old|older|legacy|raised from|increased from|up from|changed from|went from|in the past|no longer|deprecated|outdated|out of date|stale|historically|back then|earlier)\b|\b(?:19|20)\d\d\b|\b(?:until|before)\s+(?:(?:late|early|mid)\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|recently|then|the (?:change|update|increase|launch))",
    )
    .unwrap()
});

static TIGHT_SPLIT: Lazy<Regex> = Lazy::new(|| Regex::new(r",\s|\band\b|\bwhile\b").unwrap());

static OLD_COLUMN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\|\s*(?:old|older|previous|previously|before|legacy|was|then)\b").unwrap());

static CLAUSE_SPLIT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[();]|\s—\s|,\s*(?:but|whereas|while|now)\b|\bbut\b|\bnow\b").unwrap());

/// True when a sentence speaks of an earlier state ("was", "used to", "until 2020", a year):
/// no claim about today, and no card to learn from an imported note.
pub fn speaks_of_history(text: &str) -> bool {
    HISTORY.is_match(text)
}

/// The role a fact plays in its family, read from its id: `max`, `min`, `default` or none.
fn role(fact_id: &str) -> Option<&'static str> {
    // Whole words of the last segment: `scaling_per_minute` has no "min" role.
    let last = fact_id.rsplit('.').next().unwrap_or("");
    let has = |w: &[&str]| last.split('_').any(|t| w.contains(&t));
    if has(&["max", "maximum"]) {
        Some("max")
    } else if has(&["min", "minimum"]) {
        Some("min")
    } else if has(&["default"]) {
        Some("default")
    } else {
        None
    }
}

static ROLE_WORDS: Lazy<BTreeMap<&'static str, Regex>> = Lazy::new(|| {
    let mut m = BTreeMap::new();
    m.insert(
        "max",
        Regex::new(r"(?i)\b(?:max|maximum|limit(?:ed)?|at most|ceiling|upper|largest|biggest|longest|highest|cap|caps|capped|no more than|not more than)\b|\bmax\.|(?:^|[^d]\s)up to\b").unwrap(),
    );
    m.insert(
        "min",
        Regex::new(r"(?i)\b(?:min|minimum|at least|lowest|smallest|floor)\b").unwrap(),
    );
    m.insert(
        "default",
        Regex::new(r"(?i)\bdefaults?\b|\bby default\b").unwrap(),
    );
    m
});

/// A fact prepared for matching.
struct Known<'a> {
    fact: &'a Fact,
    dim: Dim,
    /// Current value in the dimension's base unit.
    current: f64,
    /// Previous values (base unit) with their `until`.
    previous: Vec<(f64, &'a str)>,
    keywords: Vec<(String, Regex)>,
}

/// The fact base prepared for checking notes.
pub struct Checker<'a> {
    facts: &'a FactBase,
    known: Vec<Known<'a>>,
    keywords: KeywordIndex,
}

/// Every keyword of every fact, found in one pass: an Aho-Corasick automaton over the ASCII
/// keywords (ASCII case-insensitive) says where a keyword's regex can match at all, and only
/// those regexes run. Exact: in ASCII text a keyword's regex matches only where its letters
/// appear; text or keywords outside ASCII (where `(?i)` folds more, e.g. the Kelvin sign to `k`)
/// go through the regexes as before.
struct KeywordIndex {
    ac: aho_corasick::AhoCorasick,
    /// For each automaton pattern, the `(fact, keyword)` slots that use it.
    users: Vec<Vec<usize>>,
    /// Slots whose keyword is not ASCII: always tried with their regex.
    always: Vec<usize>,
    /// Slot of the first keyword of each fact.
    offsets: Vec<usize>,
    slots: usize,
}

impl KeywordIndex {
    fn new(known: &[Known]) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut users: Vec<Vec<usize>> = Vec::new();
        let mut by_word: HashMap<String, usize> = HashMap::new();
        let mut always = Vec::new();
        let mut offsets = Vec::with_capacity(known.len());
        let mut slot = 0;
        for k in known {
            offsets.push(slot);
            for (w, _) in &k.keywords {
                if w.is_ascii() && !w.is_empty() {
                    let p = *by_word.entry(w.clone()).or_insert_with(|| {
                        words.push(w.clone());
                        users.push(Vec::new());
                        words.len() - 1
                    });
                    users[p].push(slot);
                } else {
                    always.push(slot);
                }
                slot += 1;
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&words)
            .expect("keyword automaton");
        KeywordIndex {
            ac,
            users,
            always,
            offsets,
            slots: slot,
        }
    }
}

/// Which keywords of which facts occur in one text (see [`KeywordIndex`]).
struct KeywordHits {
    hit: Vec<bool>,
}

impl KeywordHits {
    fn any(&self, idx: &KeywordIndex, fact: usize, keywords: usize) -> bool {
        let o = idx.offsets[fact];
        self.hit[o..o + keywords].iter().any(|&h| h)
    }
}

/// A claim tied to a fact.
#[derive(Debug, Clone)]
struct Bound2 {
    fact_id: String,
    value: f64,
    current: bool,
    file: String,
    line: usize,
    text: String,
}

fn approx(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= 1e-12 + rel * a.abs().max(b.abs())
}

/// The keyword's regex, compiled once per process (a checker is built per check, and compiling
/// a thousand case-insensitive regexes each time dominated the cost of checking one note).
fn kw_regex(k: &str) -> Regex {
    static CACHE: Lazy<std::sync::Mutex<HashMap<String, Regex>>> = Lazy::new(Default::default);
    let mut cache = CACHE.lock().expect("keyword regex cache");
    cache
        .entry(k.to_string())
        .or_insert_with(|| compile_kw(k))
        .clone()
}

fn compile_kw(k: &str) -> Regex {
    let e = regex::escape(&k.to_lowercase());
    let pre = if k.starts_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    let post = if k.ends_with(|c: char| c.is_alphanumeric()) {
        r"(?:s|es)?\b"
    } else {
        ""
    };
    Regex::new(&format!("(?i){pre}{e}{post}")).unwrap()
}

/// Format a base-unit value in a fact's unit, the way a person writes it.
pub fn show(fact: &Fact, value_in_fact_unit: f64) -> String {
    let v = value_in_fact_unit;
    let num = if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v as i64);
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 && ch.is_ascii_digit() && s.as_bytes()[i - 1].is_ascii_digit()
            {
                out.push(',');
            }
            out.push(ch);
        }
        out
    } else {
        let s = format!("{v:.10}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match fact.unit.as_str() {
        "count" => num,
        "%" => format!("{num}%"),
        u if u.starts_with("USD ") => format!("${num} {}", &u[4..]),
        "day" if v != 1.0 => format!("{num} days"),
        u => format!("{num} {u}"),
    }
}

impl<'a> Checker<'a> {
    /// Prepare a fact base. Facts under `overview.` repeat other facts and are left out.
    pub fn new(facts: &'a FactBase) -> Self {
        let mut known = Vec::new();
        for fact in facts.iter() {
            if fact.id.starts_with("overview.") {
                continue;
            }
            let Some(v) = fact.value.as_f64() else { continue };
            let Some((dim, current)) = fact_dim(&fact.unit, v) else {
                continue;
            };
            let previous = fact
                .previous
                .iter()
                .filter_map(|p| fact_dim(&fact.unit, p.value).map(|(_, b)| (b, p.until.as_str())))
                .collect();
            let keywords = fact
                .keywords
                .iter()
                .filter(|k| !GENERIC.contains(&k.to_lowercase().as_str()))
                .filter(|k| !k.chars().next().is_some_and(|c| c.is_ascii_digit()))
                .map(|k| (k.to_lowercase(), kw_regex(k)))
                .collect();
            known.push(Known {
                fact,
                dim,
                current,
                previous,
                keywords,
            });
        }
        let keywords = KeywordIndex::new(&known);
        Checker {
            facts,
            known,
            keywords,
        }
    }

    /// The regex of one `(fact, keyword)` slot of the keyword index.
    fn slot_regex(&self, slot: usize) -> &Regex {
        let offsets = &self.keywords.offsets;
        // The last fact whose first slot is at or before `slot` (facts without keywords share
        // their offset with the next fact and own no slot).
        let f = offsets.partition_point(|&o| o <= slot) - 1;
        &self.known[f].keywords[slot - offsets[f]].1
    }

    /// The keyword hits of `hay`, exactly as running every keyword regex on it would give.
    fn keyword_hits(&self, hay: &str) -> KeywordHits {
        let idx = &self.keywords;
        let mut hit = vec![false; idx.slots];
        let regex_of = |slot: usize| self.slot_regex(slot);
        if !hay.is_ascii() {
            for (slot, h) in hit.iter_mut().enumerate() {
                *h = regex_of(slot).is_match(hay);
            }
            return KeywordHits { hit };
        }
        let mut maybe = vec![false; idx.users.len()];
        for m in idx.ac.find_overlapping_iter(hay) {
            maybe[m.pattern().as_usize()] = true;
        }
        for (p, users) in idx.users.iter().enumerate() {
            if maybe[p] {
                for &slot in users {
                    hit[slot] = regex_of(slot).is_match(hay);
                }
            }
        }
        for &slot in &idx.always {
            hit[slot] = regex_of(slot).is_match(hay);
        }
        KeywordHits { hit }
    }

    /// Check a set of notes: `(file, markdown)` pairs. Findings are sorted by file and line.
    pub fn check(&self, notes: &[(String, String)]) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut bound: Vec<Bound2> = Vec::new();
        for (file, text) in notes {
            self.check_note(file, text, &mut findings, &mut bound);
        }
        for f in findings.iter_mut().filter(|f| f.kind == FindingKind::Stale) {
            if let Some(b) = bound
                .iter()
                .find(|b| b.current && Some(&b.fact_id) == f.fact_id.as_ref())
            {
                f.explanation.push_str(&format!(
                    " Your notes give the current value at {}:{} ({}).",
                    b.file, b.line, b.text
                ));
            }
        }
        findings.extend(self.contradictions(&bound));
        findings.sort_by(|a, b| (&a.file, a.line, a.kind).cmp(&(&b.file, b.line, b.kind)));
        // One claim found twice on its line is one finding; the same words on another line of
        // the file are another finding, with an id of its own (the first keeps the plain id, so
        // dismissals made before this rule still apply).
        let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
        let mut out = Vec::with_capacity(findings.len());
        for mut f in findings {
            let lines = seen.entry(f.id.clone()).or_default();
            if lines.contains(&f.line) {
                continue;
            }
            lines.push(f.line);
            if lines.len() > 1 {
                let n = lines.len() - 1;
                f.id = finding_id(
                    f.kind,
                    &f.file,
                    &format!("{}\u{1f}{n}", f.claim),
                    f.fact_id.as_deref(),
                );
            }
            out.push(f);
        }
        out
    }

    fn check_note(&self, file: &str, text: &str, findings: &mut Vec<Finding>, bound: &mut Vec<Bound2>) {
        // Explicit markers first: `10,240 MB<!--fact:lambda.memory.max-->` must agree.
        for m in fact_markers(text) {
            if self.facts.get(&m.fact_id).is_some() {
                if let Err(e) = self.facts.check_marker(&m) {
                    if let (Some(fact), Some(q)) = (self.facts.get(&m.fact_id), &m.quantity) {
                        let cur = fact.value.as_f64().unwrap_or(f64::NAN);
                        findings.push(Finding::new(
                            FindingKind::Stale,
                            file,
                            m.line,
                            &q.text,
                            show(fact, cur),
                            Some(fact),
                            format!("{e}; the marker ties this number to {}", fact.statement),
                        ));
                    }
                }
            }
        }
        // No sentence a person writes runs past a few thousand characters: a longer unit (a
        // minified blob, a pasted log, hostile input) is not read for claims.
        let units: Vec<scan::Unit> = scan::units(text)
            .into_iter()
            .filter(|u| u.text.len() <= MAX_UNIT_CHARS)
            .collect();
        // Every quantity of the note with the context it sits in (heading and parent bullet):
        // a sibling bullet that states a fact's current value makes another number under the
        // same parent bullet about something else (a list of a call's limits).
        let unit_claims: Vec<Vec<Claim>> = units
            .iter()
            .map(|u| {
                let mut c = claims::claims(&u.text);
                // A bare number in a table cell, counted by its row label.
                if c.is_empty() && u.raw.trim_start().starts_with('|') {
                    c.extend(claims::bare_count_cell(&u.text, &u.label));
                }
                c
            })
            .collect();
        let siblings: Vec<(&str, usize, Dim, f64)> = units
            .iter()
            .zip(&unit_claims)
            .flat_map(|(u, cs)| {
                cs.iter()
                    .map(move |c| (u.context.as_str(), u.line, c.dim.clone(), c.value))
            })
            .collect();
        let mut arith_state = arith::State::default();
        for (unit, unit_claims) in units.iter().zip(&unit_claims) {
            if let Some(f) = arith::check_unit(unit, file, self.facts, &mut arith_state) {
                findings.extend(f.into_iter().map(|mut f| {
                    (f.line, f.column) = scan::locate(unit, &f.claim);
                    f
                }));
            }
            if unit.raw.contains("<!--fact:") || unit.raw.contains("<!-- fact:") {
                continue; // marked numbers are checked above; unmarked ones beside them are context
            }
            // Only a unit holding a number can state a stale one.
            if !unit_claims.is_empty() {
                self.stale_in_unit(file, unit, unit_claims, &siblings, findings, bound);
            }
        }
    }

    /// Facts of this dimension with a keyword in `hay`. When `near` (the sentence and its row or
    /// parent) names a service, only that service's facts; else when the heading does; and a
    /// fact of a service the text does not name is dropped when the text names another one.
    fn candidates<'s>(&'s self, dim: &Dim, hay: &str, hits: &KeywordHits, near: &str) -> Vec<&'s Known<'a>> {
        let all: Vec<&Known> = self
            .known
            .iter()
            .enumerate()
            .filter(|(i, k)| &k.dim == dim && hits.any(&self.keywords, *i, k.keywords.len()))
            .map(|(_, k)| k)
            // A fact of a variant (FIFO queues, Lambda@Edge, Express workflows, ...) only when
            // the text names that variant: "Batch size: 1-10" under SQS is about standard queues.
            .filter(|k| {
                let hay = hay.to_lowercase();
                VARIANT_ONLY
                    .iter()
                    .all(|(words, tag)| !k.fact.id.contains(tag) || words.iter().any(|w| hay.contains(w)))
            })
            .collect();
        let prefix = |k: &Known| k.fact.id.split('.').next().unwrap_or("").to_string();
        let named_in = |text: &str| -> Vec<&str> { services_in(text).into_iter().map(|(_, p)| p).collect() };
        for mut named in [named_in(near), named_in(hay)] {
            // STS is the part of IAM that hands out temporary credentials.
            if named.contains(&"iam") {
                named.push("sts");
            }
            if named.is_empty() {
                continue;
            }
            let of_named: Vec<&Known> = all
                .iter()
                .copied()
                .filter(|k| named.contains(&prefix(k).as_str()))
                .collect();
            if !of_named.is_empty() {
                return of_named;
            }
            // Named services have no matching fact: drop facts of other named-able services.
            return all
                .into_iter()
                .filter(|k| !SERVICES.iter().any(|(_, p)| *p == prefix(k)) || prefix(k) == "lambda")
                .collect();
        }
        all
    }

    fn stale_in_unit(
        &self,
        file: &str,
        unit: &scan::Unit,
        all_claims: &[Claim],
        siblings: &[(&str, usize, Dim, f64)],
        findings: &mut Vec<Finding>,
        bound: &mut Vec<Bound2>,
    ) {
        let sentence = &unit.text;
        let spelled = claims::normalised(sentence);
        let hay = if spelled == *sentence {
            format!("{} | {}", sentence, unit.context)
        } else {
            format!("{} | {} | {}", sentence, spelled, unit.context)
        };
        // `memory_step: 64 MB`: a snake_case key is words to the keywords.
        let hay = hay.replace('_', " ");
        let near = format!("{} | {}", sentence, unit.label)
            .replace('_', " ")
            .to_lowercase();
        let hay_lower = hay.to_lowercase();
        let clauses: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut last = 0;
            for m in CLAUSE_SPLIT.find_iter(sentence) {
                v.push((last, m.start()));
                last = m.end();
            }
            v.push((last, sentence.len()));
            v
        };
        let mut done: Vec<(String, u64)> = Vec::new();
        let hits = self.keyword_hits(&hay);
        for claim in all_claims.iter().cloned() {
            let clause = clauses
                .iter()
                .find(|(s, e)| claim.start >= *s && claim.start < (*e).max(*s + 1))
                .map(|(s, e)| &sentence[*s..*e])
                .unwrap_or(sentence);
            // "3,008 MB (until 2020)": a parenthetical right after the number qualifies it; so
            // does a table column headed "Old" or "Previous".
            let after = sentence[claim.end..].trim_start();
            let paren = after
                .strip_prefix('(')
                .map(|r| r.split(')').next().unwrap_or(r))
                .unwrap_or("");
            if HISTORY.is_match(clause) || HISTORY.is_match(paren) || OLD_COLUMN.is_match(&unit.label) {
                continue;
            }
            let mut cands = self.candidates(&claim.dim, &hay, &hits, &near);
            // A candidate named only by a word that is part of another candidate's longer
            // keyword ("batch" in "batch size") is not what the text is about.
            let matched = |k: &Known| -> Vec<String> {
                k.keywords
                    .iter()
                    .filter(|(_, re)| re.is_match(&hay))
                    .map(|(w, _)| w.clone())
                    .collect()
            };
            let all_matched: Vec<Vec<String>> = cands.iter().map(|k| matched(k)).collect();
            let subsumed: Vec<bool> = all_matched
                .iter()
                .map(|mine| {
                    !mine.is_empty()
                        && mine.iter().all(|w| {
                            all_matched
                                .iter()
                                .flatten()
                                .any(|o| o.len() > w.len() && o.contains(w.as_str()) && !mine.contains(o))
                        })
                })
                .collect();
            if subsumed.iter().any(|x| !x) {
                let mut i = 0;
                cands.retain(|_| {
                    i += 1;
                    !subsumed[i - 1]
                });
            }
            // "up to 512 MB" is about a maximum, "defaults to 512 MB" is not.
            if claim.bound == Bound::Single {
                // With several quantities of one kind in the sentence, a role word speaks for its
                // own part ("512 MB included, up to 10 GB": the "up to" is the 10 GB's) or for
                // all of them when it leads the sentence ("Max sizes: 256 KB payload, 400 KB item").
                let role_text = if all_claims
                    .iter()
                    .any(|o| o.start != claim.start && o.dim == claim.dim)
                {
                    let own = TIGHT_SPLIT
                        .split(sentence)
                        .find(|part| part.contains(claim.text.as_str()))
                        .unwrap_or(sentence);
                    let lead = &sentence[..all_claims.iter().map(|c| c.start).min().unwrap_or(0)];
                    let lead = TIGHT_SPLIT.split(lead).next().unwrap_or("");
                    format!("{lead} {own} | {}", unit.label).to_lowercase()
                } else {
                    near.clone()
                };
                let says = |r: &str| ROLE_WORDS[r].is_match(&role_text);
                let keep: Option<&[&str]> = match (says("max"), says("min") || says("default")) {
                    (true, false) => Some(&["max"]),
                    (false, true) => Some(&["min", "default"]),
                    _ => None,
                };
                if let Some(keep) = keep {
                    cands.retain(|k| role(&k.fact.id).is_none_or(|r| keep.contains(&r)));
                }
            }
            // The end of a range is a maximum or a minimum, never a default: "1-10" is not
            // about a default of 10.
            if claim.bound != Bound::Single {
                cands.retain(|k| role_ok_for(k, claim.bound));
            }
            if cands.is_empty() {
                continue;
            }
            // `$1.25 per million writes`: the claim's own words pick among the candidates.
            let own: Vec<&Known> = cands
                .iter()
                .copied()
                .filter(|k| k.keywords.iter().any(|(_, re)| re.is_match(&claim.text)))
                .collect();
            if !own.is_empty() && own.len() < cands.len() {
                cands = own;
            }
            // A restatement of any candidate's current value.
            let restates =
                |k: &Known| approx(k.current, claim.value, 1e-6) || price_rounds_to(&claim, k.current);
            if let Some(k) = cands.iter().find(|k| restates(k)) {
                let unique = cands.iter().filter(|c| restates(c)).count() == 1;
                if unique && !claim.approximate {
                    bound.push(Bound2 {
                        fact_id: k.fact.id.clone(),
                        value: k.current,
                        current: true,
                        file: file.to_string(),
                        line: scan::locate(unit, &claim.text).0,
                        text: claim.text.clone(),
                    });
                }
                continue;
            }
            if claim.approximate {
                continue;
            }
            let role_ok = |k: &Known| role_ok_for(k, claim.bound);
            // A known previous value.
            let prev: Vec<(&Known, f64, &str)> = cands
                .iter()
                .filter(|k| role_ok(k))
                .filter_map(|k| {
                    k.previous.iter().find_map(|(p, until)| {
                        let close =
                            approx(*p, claim.value, 1e-6) || (claim.coarse && approx(*p, claim.value, 0.03));
                        close.then_some((*k, *p, *until))
                    })
                })
                .collect();
            // One fact kept under two ids (the same limit seen from each service) is one answer.
            let same_fact = prev.windows(2).all(|w| {
                w[0].0.dim == w[1].0.dim
                    && approx(w[0].0.current, w[1].0.current, 1e-9)
                    && approx(w[0].1, w[1].1, 1e-9)
            });
            let prev = if prev.len() > 1 && same_fact {
                prev[..1].to_vec()
            } else {
                prev
            };
            let (k, old_value, until) = if prev.len() == 1 {
                let (k, p, u) = prev[0];
                (k, p, Some(u))
            } else if prev.is_empty() {
                // The claim's own part of the clause: "$0.00065 per WCU-hour and $0.00065 per
                // RCU-hour" has two.
                let tight = TIGHT_SPLIT
                    .split(clause)
                    .find(|part| part.contains(claim.text.as_str()))
                    .unwrap_or(clause);
                let near_claim =
                    format!("{tight} | {} | {}", claims::normalised(tight), unit.label).to_lowercase();
                if in_expression(sentence, &claim) {
                    continue;
                }
                // "Max item size is 400 KB and a partition holds 10 GB": another number of this
                // dimension in the sentence already states the fact, so this one is about
                // something else.
                if all_claims.iter().any(|o| {
                    o.start != claim.start
                        && o.dim == claim.dim
                        && cands.iter().any(|k| approx(k.current, o.value, 1e-6))
                }) {
                    continue;
                }
                if !unit.label.is_empty()
                    && siblings.iter().any(|(ctx, line, dim, v)| {
                        *ctx == unit.context
                            && *line != unit.line
                            && *dim == claim.dim
                            && cands.iter().any(|k| approx(k.current, *v, 1e-6))
                    })
                {
                    continue;
                }
                // The section's own heading picks among candidates ("retries" under a heading
                // about asynchronous invocation).
                let section = unit
                    .context
                    .split(" | ")
                    .next()
                    .and_then(|h| h.rsplit(" › ").next())
                    .unwrap_or("")
                    .to_lowercase();
                let in_section: Vec<&Known> = cands
                    .iter()
                    .copied()
                    .filter(|k| k.keywords.iter().any(|(_, re)| re.is_match(&section)))
                    .collect();
                let cands = if !in_section.is_empty() && in_section.len() < cands.len() {
                    in_section
                } else {
                    cands
                };
                match self.unambiguous(&claim, &cands, &hay_lower, &near, &near_claim) {
                    Some(k) => (k, claim.value, None),
                    None => continue,
                }
            } else {
                continue;
            };
            let key = (k.fact.id.clone(), old_value.to_bits());
            if done.contains(&key) {
                continue; // `300 seconds (5 minutes)`: one claim, two spellings
            }
            done.push(key);
            let fact = k.fact;
            let cur = fact.value.as_f64().unwrap_or(f64::NAN);
            let scale = k.current / cur;
            let explanation = match until {
                Some(u) => format!(
                    "{} is {} (as of {}); {} was the value until {u}.",
                    fact.statement,
                    show(fact, cur),
                    fact.as_of,
                    show(fact, old_value / scale)
                ),
                None => format!(
                    "{} is {} (as of {}), not {}.",
                    fact.statement,
                    show(fact, cur),
                    fact.as_of,
                    claim.text
                ),
            };
            let (line, column) = scan::locate(unit, &claim.text);
            let mut finding = Finding::new(
                FindingKind::Stale,
                file,
                line,
                &claim.text,
                show(fact, cur),
                Some(fact),
                explanation,
            );
            finding.column = column;
            findings.push(finding);
            bound.push(Bound2 {
                fact_id: fact.id.clone(),
                value: old_value,
                current: false,
                file: file.to_string(),
                line,
                text: claim.text.clone(),
            });
        }
    }

    /// The one fact a claim that matches no known value can be about, if there is exactly one.
    fn unambiguous<'s>(
        &'s self,
        claim: &Claim,
        cands: &[&'s Known<'a>],
        hay: &str,
        near: &str,
        near_claim: &str,
    ) -> Option<&'s Known<'a>> {
        if cands.is_empty() || claim.bound == Bound::Lower {
            return None;
        }
        // Several candidates that all have one value (a maximum that is also the default) are
        // one answer: the claim contradicts each of them.
        let k = cands[0];
        let one_value = cands
            .iter()
            .all(|c| c.dim == k.dim && approx(c.current, k.current, 1e-9));
        if cands.len() != 1 && !one_value {
            return None;
        }
        // The claim's own noun (`3 retries`), when the fact is named by it and the context
        // names the fact too.
        let noun_names_it = claim.dim == Dim::Count
            && claim.text.split_whitespace().nth(1).is_some_and(|noun| {
                let stem = noun.trim_end_matches(['s', ':', ',', '.']).to_lowercase();
                stem.len() >= 4
                    && cands.iter().all(|c| {
                        c.keywords
                            .iter()
                            .any(|(w, _)| w.split_whitespace().any(|x| x.starts_with(&stem)))
                            && c.keywords.iter().any(|(_, re)| re.is_match(hay))
                    })
            });
        // Named in the claim's own clause or row, not only in a heading above.
        if !k.keywords.iter().any(|(_, re)| re.is_match(near_claim)) && !noun_names_it {
            return None;
        }
        // `3 consumers` can be about a consumer limit; `8 shards` cannot.
        if claim.dim == Dim::Count {
            if let Some(noun) = claim.text.split_whitespace().nth(1) {
                let stem = noun.trim_end_matches('s').to_lowercase();
                let about = format!("{} {}", k.fact.statement, k.fact.keywords.join(" ")).to_lowercase();
                if !about.contains(&stem) {
                    return None;
                }
            }
        }
        // No keyword of another fact of this dimension near the claim.
        // (A fact of another service does not count when the text names this one.)
        let service_of = |id: &str| id.split('.').next().unwrap_or("").to_string();
        let named_here = SERVICE_RES
            .iter()
            .any(|(re, p)| *p == service_of(&k.fact.id) && re.is_match(hay));
        let foreign = self.known.iter().any(|o| {
            o.dim == k.dim
                && !cands.iter().any(|c| c.fact.id == o.fact.id)
                && !(named_here
                    && service_of(&o.fact.id) != service_of(&k.fact.id)
                    && SERVICES.iter().any(|(_, p)| *p == service_of(&o.fact.id)))
                && o.keywords
                    .iter()
                    .any(|(w, re)| !k.keywords.iter().any(|(kw, _)| kw == w) && re.is_match(near_claim))
        });
        if foreign {
            return None;
        }
        // No other service or variant named.
        for (word, tag) in VARIANTS {
            if hay.contains(word) && !k.fact.id.contains(tag) && !k.fact.service.contains(tag) {
                return None;
            }
        }
        // Only limits, minimums and defaults: a fact without a role word ("billed per 1 ms") sits
        // beside too many other numbers of its dimension (durations, sizes) to be sure.
        // A price names its basis (`per GB-second`), so it needs no role word.
        if matches!(k.dim, Dim::Price(_)) {
            return Some(k);
        }
        // Candidates of different roles with one value: whichever role the note means, the
        // value is wrong.
        if cands.len() > 1 && noun_names_it {
            let roles: Vec<Option<&str>> = cands.iter().map(|c| role(&c.fact.id)).collect();
            if roles.iter().all(|r| r.is_some()) && roles.windows(2).any(|w| w[0] != w[1]) {
                return Some(k);
            }
        }
        let r = role(&k.fact.id)?;
        ROLE_WORDS[r].is_match(near).then_some(k)
    }

    fn contradictions(&self, bound: &[Bound2]) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut by_fact: BTreeMap<&str, Vec<&Bound2>> = BTreeMap::new();
        for b in bound {
            by_fact.entry(&b.fact_id).or_default().push(b);
        }
        for (id, claims) in by_fact {
            let Some(fact) = self.facts.get(id) else { continue };
            // The first place each wrong value appears.
            let mut wrong: Vec<&Bound2> = Vec::new();
            for b in claims.iter().filter(|b| !b.current) {
                if !wrong.iter().any(|w| approx(w.value, b.value, 1e-6)) {
                    wrong.push(b);
                }
            }
            for (i, b) in wrong.iter().enumerate() {
                if let Some(a) = wrong[..i].first() {
                    let cur = fact.value.as_f64().unwrap_or(f64::NAN);
                    out.push(Finding::new(
                        FindingKind::Contradiction,
                        &b.file,
                        b.line,
                        &b.text,
                        show(fact, cur),
                        Some(fact),
                        format!(
                            "{}:{} says {} but {}:{} says {}; both are about {} (now {}).",
                            b.file,
                            b.line,
                            b.text,
                            a.file,
                            a.line,
                            a.text,
                            fact.statement.to_lowercase(),
                            show(fact, cur)
                        ),
                    ));
                }
            }
        }
        out
    }
}

/// A price written with fewer decimals than the fact's (`$0.00001667` for $0.0000166667):
/// the same price, rounded to the last digit shown.
fn price_rounds_to(claim: &Claim, current: f64) -> bool {
    if !matches!(claim.dim, Dim::Price(_)) || claim.value == 0.0 {
        return false;
    }
    let written: String = claim
        .text
        .trim_start_matches(['$', ' '])
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let written = written.trim_end_matches(['.', ',']).replace(',', "");
    let Ok(v) = written.parse::<f64>() else {
        return false;
    };
    if v == 0.0 {
        return false;
    }
    let decimals = written.split_once('.').map(|(_, d)| d.len()).unwrap_or(0) as i32;
    let per = v / claim.value;
    let tol = 0.5 * 10f64.powi(-decimals) / per;
    (current - claim.value).abs() <= tol + 1e-15
}

/// Whether a fact of this role can be what a claim at this place in a range states.
fn role_ok_for(k: &Known, bound: Bound) -> bool {
    !matches!(
        (role(&k.fact.id), bound),
        (Some("max"), Bound::Lower)
            | (Some("min") | Some("default"), Bound::Upper)
            | (None, Bound::Lower | Bound::Upper)
    )
}

/// True when a claim is an operand or result of arithmetic (`3 consumers × 5 MB/s = ...`).
fn in_expression(sentence: &str, claim: &Claim) -> bool {
    let before = sentence[..claim.start].trim_end();
    let after = sentence[claim.end..].trim_start();
    before.ends_with(['×', '*', '÷', '=', '+', '≈'])
        || after.starts_with(['×', '*', '÷', '=', '+', '≈'])
        || before.ends_with(" x")
        || after.starts_with("x ")
}

/// Check notes against a fact base.
pub fn check_notes(notes: &[(String, String)], facts: &FactBase) -> Vec<Finding> {
    Checker::new(facts).check(notes)
}

#[cfg(test)]
mod keyword_index_tests {
    use super::*;

    /// The automaton only skips regexes that cannot match: on every text, each keyword's hit is
    /// what its own regex says (ASCII and not, case and plural variants, the Kelvin sign that
    /// `(?i)` folds to `k`), and each slot maps back to its fact's keyword.
    #[test]
    fn keyword_hits_are_what_every_keyword_regex_says() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let facts = FactBase::load(&root.join("content/facts.toml")).unwrap();
        let c = Checker::new(&facts);
        let mut slot = 0;
        for (i, k) in c.known.iter().enumerate() {
            assert_eq!(c.keywords.offsets[i], slot);
            for (_, re) in &k.keywords {
                assert_eq!(c.slot_regex(slot).as_str(), re.as_str());
                slot += 1;
            }
        }
        assert_eq!(slot, c.keywords.slots);
        let mut texts: Vec<String> = [
            "Lambda TIMEOUT is 900 seconds | Limits",
            "Max memory: 10,240 MB, RAM per function",
            "\u{212A}MS keys and KMS grants",
            "visibility-timeout of an SQS queue; retries and batch sizes",
            "RCUs, WCUs, read capacity units — partitions",
            "",
            "x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in ["tests/fixtures/factcheck", "tests/fixtures/notes-eval"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "md") {
                    texts.extend(std::fs::read_to_string(p).unwrap().lines().map(String::from));
                }
            }
        }
        let mut any = 0;
        for t in &texts {
            let hits = c.keyword_hits(t);
            for s in 0..c.keywords.slots {
                assert_eq!(hits.hit[s], c.slot_regex(s).is_match(t), "slot {s} on {t:?}");
                any += hits.hit[s] as usize;
            }
        }
        assert!(any > 100, "only {any} hits: the texts do not exercise the index");
    }
}
