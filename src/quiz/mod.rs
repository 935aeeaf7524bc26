//! The question bank: exam-style multiple-choice questions read from `quizzes/*.toml`, checked,
//! and extended with numeric questions generated from the simulators.
//!
//! A file holds `[[question]]` tables (format in `design.md` and the authoring spec):
//!
//! ```toml
//! [[question]]
//! id = "lambda-concurrency-001"
//! service = "lambda"
//! domain = "troubleshooting"        # development | security | deployment | troubleshooting
//! difficulty = "medium"             # easy | medium | hard
//! stem = "A company ... What should a developer configure?"
//! choices = ["...", "...", "...", "..."]   # 4 or 5
//! answer = 1                        # 0-based index, or a list for multiple response
//! explanation = "..."
//! choice_explanations = ["...", "...", "...", "..."]  # one per choice: why it is right or wrong
//! refs = ["lambda/concurrency.md#reserved-concurrency"]
//! sources = ["https://docs.aws.amazon.com/lambda/latest/dg/..."]  # official pages behind the key
//! facts = []                        # optional fact ids the correct choice states
//! ```
//!
//! Reading is forgiving: a file that is not TOML is reported with its path and line and skipped,
//! a question with a bad field is reported with path, line and field and skipped, and everything
//! else still loads. [`check`] adds the checks that need the whole bank, the notes and the fact
//! base (unique ids and stems, refs that resolve, numbers that agree with the facts).

mod sim;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::facts::FactBase;
pub use sim::{sim_question_by_id, sim_questions, SIM_MODELS};

/// The four DVA-C02 domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    /// Development with AWS services (32% of the exam).
    Development,
    /// Security (26%).
    Security,
    /// Deployment (24%).
    Deployment,
    /// Troubleshooting and optimization (18%).
    Troubleshooting,
}

impl Domain {
    /// Every domain, in blueprint order.
    pub const ALL: [Domain; 4] = [
        Domain::Development,
        Domain::Security,
        Domain::Deployment,
        Domain::Troubleshooting,
    ];

    /// The word used in quiz files, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Development => "development",
            Domain::Security => "security",
            Domain::Deployment => "deployment",
            Domain::Troubleshooting => "troubleshooting",
        }
    }

    /// The domain's name in the DVA-C02 exam guide.
    pub fn label(self) -> &'static str {
        match self {
            Domain::Development => "Development with AWS services",
            Domain::Security => "Security",
            Domain::Deployment => "Deployment",
            Domain::Troubleshooting => "Troubleshooting and optimization",
        }
    }

    /// Share of the DVA-C02 exam, in percent.
    pub fn weight_percent(self) -> u32 {
        match self {
            Domain::Development => 32,
            Domain::Security => 26,
            Domain::Deployment => 24,
            Domain::Troubleshooting => 18,
        }
    }

    /// Parse a domain word.
    pub fn parse(s: &str) -> Option<Domain> {
        Domain::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Domain {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Domain::parse(s).ok_or_else(|| {
            format!("unknown domain {s:?}; expected development, security, deployment or troubleshooting")
        })
    }
}

/// How hard a question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// Recall of one fact.
    Easy,
    /// Applying a fact to a scenario.
    Medium,
    /// Several facts, or a subtle distinction.
    Hard,
}

impl Difficulty {
    /// `easy`, `medium` or `hard`.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    fn parse(s: &str) -> Option<Difficulty> {
        match s {
            "easy" => Some(Difficulty::Easy),
            "medium" => Some(Difficulty::Medium),
            "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }
}

/// One question, ready to ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Question {
    /// Stable id (`lambda-concurrency-001`; `sim-<model>-<seed>-<n>` for generated ones).
    pub id: String,
    /// Service (content folder name).
    pub service: String,
    /// DVA-C02 domain.
    pub domain: Domain,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// The scenario and question.
    pub stem: String,
    /// The choices, in the order shown.
    pub choices: Vec<String>,
    /// Indices of the correct choices (one for single response).
    pub answer: Vec<usize>,
    /// True for multiple response ("Choose two.").
    pub multiple: bool,
    /// Why the right answer is right and each wrong one wrong.
    pub explanation: String,
    /// One entry per choice, in choice order: why that choice is right or wrong (empty when the
    /// question has none yet).
    #[serde(default)]
    pub choice_explanations: Vec<String>,
    /// Official pages (docs.aws.amazon.com, aws.amazon.com) that support the key.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Note sections that teach it: `lambda/concurrency.md#reserved-concurrency`.
    pub refs: Vec<String>,
    /// Fact ids whose values the correct choice states.
    #[serde(default)]
    pub facts: Vec<String>,
    /// The quiz file it came from (`simulator:<model>` for generated questions).
    pub file: String,
    /// Line of its `[[question]]` header (0 for generated questions).
    pub line: usize,
    /// True for questions generated from a simulator.
    #[serde(default)]
    pub generated: bool,
    #[serde(skip)]
    lines: FieldLines,
}

/// Lines of the fields that whole-bank checks point at.
#[derive(Debug, Clone, Default, PartialEq)]
struct FieldLines {
    id: usize,
    stem: usize,
    refs: usize,
    facts: usize,
    answer: usize,
}

impl Question {
    /// True when `selected` is exactly the set of correct choices (all or nothing, like AWS).
    pub fn is_correct(&self, selected: &[usize]) -> bool {
        let mut a = self.answer.clone();
        let mut s = selected.to_vec();
        a.sort_unstable();
        s.sort_unstable();
        s.dedup();
        a == s
    }

    /// Where `ref` points: (`content/<note>`, `anchor`).
    pub fn ref_target(r: &str) -> (String, String) {
        let (note, anchor) = r.split_once('#').unwrap_or((r, ""));
        (format!("content/{note}"), anchor.to_string())
    }
}

/// A problem in a quiz file: path, line, the question and field at fault, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuizIssue {
    /// The quiz file.
    pub file: String,
    /// 1-based line (0 when it concerns the whole file).
    pub line: usize,
    /// Id of the question, when known.
    pub question: Option<String>,
    /// The field at fault (`answer`, `refs`, ...), when one is.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for QuizIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.file, self.line)?;
        if let Some(q) = &self.question {
            write!(f, " {q}:")?;
        }
        if let Some(field) = &self.field {
            write!(f, " {field}:")?;
        }
        write!(f, " {}", self.message)
    }
}

/// Questions read from quiz files, and the problems met.
#[derive(Debug, Clone, Default)]
pub struct QuestionBank {
    /// Every question that read well, in file order (files sorted by name).
    pub questions: Vec<Question>,
    /// Problems; the questions concerned are not in `questions`.
    pub issues: Vec<QuizIssue>,
    /// Files read.
    pub files: Vec<String>,
}

impl QuestionBank {
    /// Read every `*.toml` file in the given files and folders (folders recursively, sorted).
    pub fn load(paths: &[PathBuf]) -> QuestionBank {
        let mut bank = QuestionBank::default();
        for p in paths {
            for file in quiz_files(p) {
                let name = file.display().to_string();
                bank.files.push(name.clone());
                match std::fs::read(&file) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => bank.add_text(&text, &name),
                        Err(e) => bank.issues.push(QuizIssue {
                            file: name,
                            line: 0,
                            question: None,
                            field: None,
                            message: format!("not UTF-8 text: {e}"),
                        }),
                    },
                    Err(e) => bank.issues.push(QuizIssue {
                        file: name,
                        line: 0,
                        question: None,
                        field: None,
                        message: format!("cannot read: {e}"),
                    }),
                }
            }
            if !p.exists() {
                bank.issues.push(QuizIssue {
                    file: p.display().to_string(),
                    line: 0,
                    question: None,
                    field: None,
                    message: "no such file or folder".into(),
                });
            }
        }
        bank
    }

    /// Parse one file's text (`file` names it in issues) and add what reads well.
    pub fn add_text(&mut self, text: &str, file: &str) {
        let (qs, issues) = parse_text(text, file);
        self.questions.extend(qs);
        self.issues.extend(issues);
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

fn quiz_files(p: &Path) -> Vec<PathBuf> {
    if p.is_file() {
        return vec![p.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_type().is_file()
                && e.path().extension().and_then(|x| x.to_str()) == Some("toml")
                && !e.file_name().to_string_lossy().starts_with('.')
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// Where each line starts, so that the line of an offset is a binary search: counting newlines
/// from the top for every field made checking a bank quadratic in its size (a 50 MB bank of
/// 100,000 questions ran for more than half an hour).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(
            std::iter::once(0)
                .chain(
                    text.bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect(),
        )
    }

    /// The 1-based line holding byte `offset`.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

type RawQuestion = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

const FIELDS: &[&str] = &[
    "id",
    "service",
    "domain",
    "difficulty",
    "stem",
    "choices",
    "answer",
    "explanation",
    "choice_explanations",
    "refs",
    "sources",
    "facts",
];

const CHOOSE_WORDS: &[(&str, usize)] = &[("two", 2), ("three", 3), ("four", 4)];

static CHOOSE: once_cell::sync::Lazy<regex::Regex> =
    once_cell::sync::Lazy::new(|| regex::Regex::new(r"\(Choose (two|three|four)\.\)\s*$").unwrap());

/// Parse one quiz file: the questions that read well, and the problems (path, line, field).
pub fn parse_text(text: &str, file: &str) -> (Vec<Question>, Vec<QuizIssue>) {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            let msg = e.message().trim().to_string();
            return (
                Vec::new(),
                vec![QuizIssue {
                    file: file.to_string(),
                    line,
                    question: None,
                    field: None,
                    message: format!("not a valid quiz file: {msg}"),
                }],
            );
        }
    };
    let mut out = Vec::new();
    let mut issues = Vec::new();
    let lines = Lines::new(text);
    for table in raw.question {
        let start = lines.of(table.span().start);
        let map = table.into_inner();
        match read_question(&map, &lines, file, start) {
            Ok(q) => out.push(q),
            Err(mut errs) => issues.append(&mut errs),
        }
    }
    (out, issues)
}

struct Reader<'a> {
    map: &'a RawQuestion,
    lines: &'a Lines,
    file: &'a str,
    start: usize,
    id: Option<String>,
    issues: Vec<QuizIssue>,
}

impl Reader<'_> {
    fn line(&self, field: &str) -> usize {
        self.map
            .get(field)
            .map(|v| self.lines.of(v.span().start))
            .unwrap_or(self.start)
    }

    fn bad(&mut self, field: &str, message: impl Into<String>) {
        self.issues.push(QuizIssue {
            file: self.file.to_string(),
            line: self.line(field),
            question: self.id.clone(),
            field: Some(field.to_string()),
            message: message.into(),
        });
    }

    fn string(&mut self, field: &str, required: bool) -> Option<String> {
        match self.map.get(field).map(|v| v.get_ref()) {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(toml::Value::String(_)) => {
                self.bad(field, "is empty");
                None
            }
            Some(other) => {
                self.bad(field, format!("must be a string, found {}", other.type_str()));
                None
            }
            None => {
                if required {
                    self.bad(field, "missing");
                }
                None
            }
        }
    }

    fn strings(&mut self, field: &str, required: bool) -> Option<Vec<String>> {
        match self.map.get(field).map(|v| v.get_ref()) {
            Some(toml::Value::Array(a)) => {
                let mut out = Vec::new();
                for v in a {
                    match v {
                        toml::Value::String(s) => out.push(s.clone()),
                        other => {
                            self.bad(
                                field,
                                format!("must be a list of strings, found a {}", other.type_str()),
                            );
                            return None;
                        }
                    }
                }
                Some(out)
            }
            Some(other) => {
                self.bad(
                    field,
                    format!("must be a list of strings, found {}", other.type_str()),
                );
                None
            }
            None => {
                if required {
                    self.bad(field, "missing");
                    None
                } else {
                    Some(Vec::new())
                }
            }
        }
    }
}

fn read_question(
    map: &RawQuestion,
    lines: &Lines,
    file: &str,
    start: usize,
) -> std::result::Result<Question, Vec<QuizIssue>> {
    let mut r = Reader {
        map,
        lines,
        file,
        start,
        id: None,
        issues: Vec::new(),
    };
    let id = r.string("id", true);
    r.id = id.clone();
    for key in map.keys() {
        if !FIELDS.contains(&key.as_str()) {
            let hint = crate::sim::closest(key, FIELDS.iter().copied())
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            r.bad(key, format!("unknown field{hint}"));
        }
    }
    let service = r.string("service", true);
    let domain = r.string("domain", true).and_then(|d| {
        let parsed = Domain::parse(&d);
        if parsed.is_none() {
            r.bad(
                "domain",
                format!("{d:?} is not one of development, security, deployment, troubleshooting"),
            );
        }
        parsed
    });
    let difficulty = r.string("difficulty", true).and_then(|d| {
        let parsed = Difficulty::parse(&d);
        if parsed.is_none() {
            r.bad("difficulty", format!("{d:?} is not one of easy, medium, hard"));
        }
        parsed
    });
    let stem = r.string("stem", true);
    let choices = r.strings("choices", true);
    if let Some(ch) = &choices {
        if !(4..=5).contains(&ch.len()) {
            r.bad(
                "choices",
                format!("has {} choices; a question needs 4 or 5", ch.len()),
            );
        }
        let distinct: HashSet<&str> = ch.iter().map(|c| c.trim()).collect();
        if distinct.len() != ch.len() {
            r.bad("choices", "two choices are the same");
        }
        if ch.iter().any(|c| c.trim().is_empty()) {
            r.bad("choices", "a choice is empty");
        }
    }
    let answer = match map.get("answer").map(|v| v.get_ref()) {
        None => {
            r.bad("answer", "missing");
            None
        }
        Some(toml::Value::Integer(i)) => Some((vec![*i], false)),
        Some(toml::Value::Array(a)) => {
            let ints: Option<Vec<i64>> = a.iter().map(|v| v.as_integer()).collect();
            match ints {
                Some(v) if !v.is_empty() => Some((v, true)),
                Some(_) => {
                    r.bad("answer", "is an empty list");
                    None
                }
                None => {
                    r.bad("answer", "must be a choice index or a list of indices");
                    None
                }
            }
        }
        Some(other) => {
            r.bad(
                "answer",
                format!(
                    "must be a choice index or a list of indices, found {}",
                    other.type_str()
                ),
            );
            None
        }
    };
    let mut answer_idx: Option<(Vec<usize>, bool)> = None;
    if let (Some((ans, multiple)), Some(ch)) = (&answer, &choices) {
        let n = ch.len() as i64;
        if let Some(bad) = ans.iter().find(|i| **i < 0 || **i >= n) {
            r.bad(
                "answer",
                format!(
                    "index {bad} is out of range (0..={} for {} choices; indices start at 0)",
                    n - 1,
                    n
                ),
            );
        } else {
            let idx: Vec<usize> = ans.iter().map(|i| *i as usize).collect();
            let distinct: HashSet<usize> = idx.iter().copied().collect();
            if distinct.len() != idx.len() {
                r.bad("answer", "repeats an index");
            } else {
                answer_idx = Some((idx, *multiple));
            }
        }
    }
    if let (Some((ans, multiple)), Some(stem)) = (&answer_idx, &stem) {
        if *multiple {
            if ans.len() < 2 {
                r.bad(
                    "answer",
                    "a list answer needs at least two indices (use a single index for one)",
                );
            } else {
                let says = CHOOSE
                    .captures(stem)
                    .and_then(|c| CHOOSE_WORDS.iter().find(|(w, _)| *w == &c[1]))
                    .map(|(_, n)| *n);
                if says != Some(ans.len()) {
                    let word = CHOOSE_WORDS
                        .iter()
                        .find(|(_, n)| *n == ans.len())
                        .map(|(w, _)| *w)
                        .unwrap_or("N");
                    r.bad(
                        "stem",
                        format!(
                            "multiple-response question with {} answers must end with \"(Choose {word}.)\"",
                            ans.len()
                        ),
                    );
                }
            }
        } else if stem.contains("(Choose") {
            r.bad("stem", "says \"(Choose ...)\" but the answer is a single index");
        }
    }
    let explanation = r.string("explanation", true);
    let refs = r.strings("refs", true);
    if let Some(refs) = &refs {
        if refs.is_empty() {
            r.bad(
                "refs",
                "is empty; name at least one note section (note.md#anchor)",
            );
        }
        for x in refs {
            if !x.contains('#') || x.starts_with('#') || x.ends_with('#') {
                r.bad(
                    "refs",
                    format!("{x:?} is not a note anchor like lambda/concurrency.md#reserved-concurrency"),
                );
            }
        }
    }
    let facts = r.strings("facts", false);
    let choice_explanations = r.strings("choice_explanations", false).unwrap_or_default();
    if let Some(ch) = &choices {
        if !choice_explanations.is_empty() && choice_explanations.len() != ch.len() {
            r.bad(
                "choice_explanations",
                format!(
                    "has {} entries for {} choices; give one per choice, in choice order",
                    choice_explanations.len(),
                    ch.len()
                ),
            );
        }
    }
    let sources = r.strings("sources", false).unwrap_or_default();
    for u in &sources {
        if !u.starts_with("https://") {
            r.bad("sources", format!("{u:?} is not an https:// address"));
        }
    }
    if !r.issues.is_empty() {
        return Err(r.issues);
    }
    let lines = FieldLines {
        id: r.line("id"),
        stem: r.line("stem"),
        refs: r.line("refs"),
        facts: r.line("facts"),
        answer: r.line("answer"),
    };
    match (
        id,
        service,
        domain,
        difficulty,
        stem,
        choices,
        answer_idx,
        explanation,
        refs,
        facts,
    ) {
        (
            Some(id),
            Some(service),
            Some(domain),
            Some(difficulty),
            Some(stem),
            Some(choices),
            Some((answer, multiple)),
            Some(explanation),
            Some(refs),
            Some(facts),
        ) => Ok(Question {
            id,
            service,
            domain,
            difficulty,
            stem,
            choices,
            answer,
            multiple,
            explanation,
            choice_explanations,
            sources,
            refs,
            facts,
            file: file.to_string(),
            line: start,
            generated: false,
            lines,
        }),
        _ => Err(vec![QuizIssue {
            file: file.to_string(),
            line: start,
            question: r.id,
            field: None,
            message: "could not be read".into(),
        }]),
    }
}

/// Every `note.md#anchor` of the notes under `content_dir` (as quiz `refs` name them).
pub fn note_anchors(content_dir: &Path) -> HashSet<String> {
    let mut out = HashSet::new();
    for e in walkdir::WalkDir::new(content_dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && crate::notes::is_note_file(e.path()))
    {
        let Ok(rel) = e.path().strip_prefix(content_dir) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let rel = rel.join("/");
        let Ok(bytes) = std::fs::read(e.path()) else {
            continue;
        };
        let note = crate::notes::parse_note(&bytes, &rel, crate::notes::SourceKind::Bundled, None);
        for s in note.sections {
            out.insert(format!("{rel}#{}", s.anchor));
        }
    }
    out
}

fn normalised_stem(stem: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in stem.chars() {
        if c.is_alphanumeric() || c == '_' {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

static NUM: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(r"\$?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)").unwrap()
});

fn numbers(text: &str) -> Vec<f64> {
    NUM.captures_iter(text)
        .filter_map(|c| c[1].replace(',', "").parse().ok())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// Whether `q`'s correct choices state `value` (or the explanation does, when the choices state
/// no number at all). Unit conversions count: seconds/minutes/hours and MB/GB.
pub fn states_value(q: &Question, value: f64) -> bool {
    let mut nums: Vec<f64> = q.answer.iter().flat_map(|i| numbers(&q.choices[*i])).collect();
    if nums.is_empty() {
        nums = numbers(&q.explanation);
    }
    any_equals(&nums, value)
}

/// Whether one of `nums` equals `value`, directly or through a seconds/minutes/hours or MB/GB
/// conversion.
fn any_equals(nums: &[f64], value: f64) -> bool {
    let conv = [
        value,
        value / 60.0,
        value * 60.0,
        value / 1024.0,
        value * 1024.0,
        value / 3600.0,
    ];
    nums.iter().any(|x| conv.iter().any(|c| close(*x, *c)))
}

/// Stems that ask which limits can or cannot be raised.
static ADJUST_STEM: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(
        r"(?i)\b(hard limits?|soft (quotas?|limits?)|(can|cannot|can't) be (raised|increased|adjusted|changed)|(not )?adjustable|quota increase)",
    )
    .unwrap()
});

/// Words that ask for the limits that cannot be raised.
static ASKS_HARD: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(
        r"(?i)\b(hard limits?|(cannot|can't) be (raised|increased|adjusted|changed)|not adjustable)",
    )
    .unwrap()
});

/// Words that ask for the quotas that can be raised.
static ASKS_SOFT: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(r"(?i)\b(soft (quotas?|limits?)|can be (raised|increased|adjusted))").unwrap()
});

/// Lower case, hyphens as spaces: how choices and fact keywords are compared.
fn folded(s: &str) -> String {
    s.to_lowercase().replace('-', " ")
}

/// Whether `word` occurs in `hay` (both folded) as whole words.
fn has_words(hay: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The limit a choice states, when it names exactly one adjustability: the facts marked
/// `adjustable` whose value the choice states and which the question lists in `facts` or whose
/// keyword the choice uses. `None` when no such fact matches or the matches disagree.
fn choice_limit<'f>(q: &Question, choice: &str, facts: &'f FactBase) -> Option<&'f crate::facts::Fact> {
    let text = folded(choice);
    let mut found: Option<&crate::facts::Fact> = None;
    for f in facts.iter() {
        let (Some(_), Some(v)) = (f.adjustable, f.value.as_f64()) else {
            continue;
        };
        if f.service != q.service && !q.facts.contains(&f.id) {
            continue;
        }
        let named = q.facts.contains(&f.id) || f.keywords.iter().any(|k| has_words(&text, &folded(k)));
        if !named || !any_equals(&numbers(choice), v) {
            continue;
        }
        match found {
            Some(g) if g.adjustable != f.adjustable => return None,
            Some(_) => {}
            None => found = Some(f),
        }
    }
    found
}

/// A question that asks which limits are hard (or soft) must key exactly the choices that state
/// a fact of that kind: every choice tied to a fact marked `adjustable` is checked.
fn check_adjustability(q: &Question, facts: &FactBase) -> Vec<(usize, String)> {
    if !ADJUST_STEM.is_match(&q.stem) {
        return Vec::new();
    }
    let tied: Vec<(usize, &crate::facts::Fact)> = q
        .choices
        .iter()
        .enumerate()
        .filter_map(|(i, c)| choice_limit(q, c, facts).map(|f| (i, f)))
        .collect();
    if tied.len() < 2 {
        return Vec::new();
    }
    let (hard, soft) = (ASKS_HARD.is_match(&q.stem), ASKS_SOFT.is_match(&q.stem));
    let want = match (hard, soft) {
        (true, false) => false,
        (false, true) => true,
        _ => {
            let keyed: HashSet<bool> = tied
                .iter()
                .filter(|(i, _)| q.answer.contains(i))
                .filter_map(|(_, f)| f.adjustable)
                .collect();
            match keyed.len() {
                1 => *keyed.iter().next().unwrap(),
                0 => return Vec::new(),
                _ => {
                    return vec![(
                        q.lines.answer,
                        "the keyed choices mix limits that can be raised with limits that cannot".into(),
                    )]
                }
            }
        }
    };
    let kind = |adj: bool| if adj { "can be raised" } else { "cannot be raised" };
    let mut out = Vec::new();
    for (i, f) in tied {
        let adj = f.adjustable == Some(true);
        let keyed = q.answer.contains(&i);
        if (adj == want) != keyed {
            let v = f.value.as_f64().map(crate::sim::fmt_plain).unwrap_or_default();
            let verdict = if keyed {
                "is keyed but should not be"
            } else {
                "should be keyed but is not"
            };
            out.push((
                q.lines.answer,
                format!(
                    "choice {i} states fact {} = {v} {}, which {}; the question asks for limits that {}, so it {verdict}",
                    f.id,
                    f.unit,
                    kind(adj),
                    kind(want)
                ),
            ));
        }
    }
    out
}

/// Whether a source address is an official AWS page: https on docs.aws.amazon.com or
/// aws.amazon.com (pricing and product pages).
pub fn is_official_source(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    matches!(host, "docs.aws.amazon.com" | "aws.amazon.com") && rest.len() > host.len() + 1
}

/// The whole-bank checks: unique ids, no duplicate stems, every ref resolves to a note section in
/// `anchors`, every `facts` id exists and its value appears in the correct choice, and a question
/// asking which limits are hard (or soft) keys exactly the choices stating facts of that kind
/// (`adjustable` in the fact base). Every written question cites official AWS pages
/// ([`is_official_source`]) and each per-choice explanation starts with "Right" exactly where the
/// choice is keyed.
/// Returns the problems (the per-question checks happened when reading).
pub fn check(questions: &[Question], anchors: &HashSet<String>, facts: &FactBase) -> Vec<QuizIssue> {
    let mut issues = Vec::new();
    let mut ids: HashMap<&str, &Question> = HashMap::new();
    let mut stems: HashMap<String, &Question> = HashMap::new();
    for q in questions {
        let issue = |line: usize, field: &str, message: String| QuizIssue {
            file: q.file.clone(),
            line,
            question: Some(q.id.clone()),
            field: Some(field.to_string()),
            message,
        };
        if let Some(first) = ids.get(q.id.as_str()) {
            issues.push(issue(
                q.lines.id,
                "id",
                format!("duplicate id; first used at {}:{}", first.file, first.lines.id),
            ));
        } else {
            ids.insert(&q.id, q);
        }
        let st = normalised_stem(&q.stem);
        if let Some(first) = stems.get(&st) {
            issues.push(issue(
                q.lines.stem,
                "stem",
                format!(
                    "duplicate stem; same as {} at {}:{}",
                    first.id, first.file, first.lines.stem
                ),
            ));
        } else {
            stems.insert(st, q);
        }
        if !q.generated {
            if q.sources.is_empty() {
                issues.push(issue(
                    q.lines.id,
                    "sources",
                    "no source: cite the official AWS page(s) that support the key".into(),
                ));
            }
            for u in q.sources.iter().filter(|u| !is_official_source(u)) {
                issues.push(issue(
                    q.lines.id,
                    "sources",
                    format!("{u:?} is not an official AWS page (docs.aws.amazon.com or aws.amazon.com)"),
                ));
            }
            for (i, e) in q.choice_explanations.iter().enumerate() {
                let says_right = e.trim_start().starts_with("Right");
                let says_wrong = e.trim_start().starts_with("Wrong");
                let keyed = q.answer.contains(&i);
                if !(says_right || says_wrong) || says_right != keyed {
                    issues.push(issue(
                        q.lines.answer,
                        "choice_explanations",
                        format!(
                            "the explanation of choice {} must start with {:?}: the choice is {}keyed",
                            (b'A' + i as u8) as char,
                            if keyed { "Right" } else { "Wrong" },
                            if keyed { "" } else { "not " }
                        ),
                    ));
                }
            }
        }
        for r in &q.refs {
            if !anchors.contains(r) {
                let (note, _) = r.split_once('#').unwrap_or((r, ""));
                let known_note = anchors.iter().any(|a| a.starts_with(&format!("{note}#")));
                let why = if known_note {
                    format!("ref {r:?} does not resolve: {note} has no such section")
                } else {
                    format!("ref {r:?} does not resolve: no note {note} under content/")
                };
                issues.push(issue(q.lines.refs, "refs", why));
            }
        }
        for fid in &q.facts {
            let Some(fact) = facts.get(fid) else {
                issues.push(issue(q.lines.facts, "facts", format!("unknown fact {fid:?}")));
                continue;
            };
            if let Some(v) = fact.value.as_f64() {
                if !states_value(q, v) {
                    issues.push(issue(
                        q.lines.facts,
                        "facts",
                        format!(
                            "the correct choice states no number equal to fact {fid} = {} {}",
                            crate::sim::fmt_plain(v),
                            fact.unit
                        ),
                    ));
                }
            }
        }
        for (line, message) in check_adjustability(q, facts) {
            issues.push(issue(line, "answer", message));
        }
    }
    issues
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod line_tests {
    use super::{line_of, Lines};

    #[test]
    fn the_line_index_agrees_with_counting_newlines() {
        let text = "a\n\nbc\nd\n\n";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(lines.of(offset), line_of(text, offset), "offset {offset}");
        }
    }
}
