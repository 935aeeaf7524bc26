//! Turning notes, facts and simulator exercises into [`GeneratedCard`]s.

use std::collections::{HashMap, HashSet};

use once_cell::sync::Lazy;
use regex::Regex;

use super::{card_id, normalise, CardKind, CardSource, GeneratedCard};
use crate::facts::check::scan;
use crate::facts::{units, FactBase, FactValue};
use crate::notes::{infer_service, Note, Section, SourceKind};

/// Exercises made per simulator model.
pub const EXERCISES_PER_MODEL: usize = 3;
/// Seed of the exercises (fixed, so their ids are stable).
pub const EXERCISE_SEED: u64 = 1;

/// Words that, after a number, make it a quantity worth a cloze (besides sizes, times and `%`).
const COUNT_UNITS: &[&str] = &[
    "rcu",
    "wcu",
    "request",
    "requests",
    "item",
    "items",
    "message",
    "messages",
    "shard",
    "shards",
    "partition",
    "partitions",
    "gsis",
    "lsis",
    "retries",
    "attempts",
    "execution",
    "executions",
    "concurrent",
    "unit",
    "units",
    "record",
    "records",
    "event",
    "events",
    "target",
    "targets",
    "layer",
    "layers",
    "version",
    "versions",
    "transition",
    "transitions",
    "connection",
    "connections",
    "character",
    "characters",
    "tokens",
    "calls",
    "invocations",
    "environments",
    "functions",
    "rules",
    "subscriptions",
    "receives",
    "writes",
    "reads",
    "operations",
    "actions",
    "states",
    "stages",
    "apis",
    "keys",
    "attributes",
    "tables",
    "regions",
    "times",
    "vcpus",
    "vcpu",
    "rps",
    "tps",
    "burst",
];

/// Labels that look like a definition bullet's term but are not terms.
const NOT_TERMS: &[&str] = &[
    "example",
    "examples",
    "e.g",
    "note",
    "notes",
    "tip",
    "warning",
    "why",
    "why it matters",
    "total",
    "round up",
    "halve",
    "same load",
    "result",
    "answer",
    "default",
    "defaults",
    "cost",
    "price",
    "pricing",
    "limit",
    "limits",
    "maximum",
    "minimum",
    "use",
    "used for",
    "when",
    "how",
    "so",
    "rule",
    "rule of thumb",
    "step",
    "steps",
    "then",
    "first",
    "second",
    "third",
    "finally",
    "also",
    "see",
    "exam tip",
    "exam",
    "important",
    "remember",
    "caution",
    "in short",
    "summary",
];

/// Labels that learners put before a colon in their own notes, which are not terms either
/// (imported notes only: the bundled notes follow the note conventions).
const LABELS: &[&str] = &[
    "use case",
    "use cases",
    "usecase",
    "usecases",
    "possible use case",
    "possible use cases",
    "recommended",
    "recommendation",
    "recommendations",
    "best practice",
    "best practices",
    "by default",
    "deprecated",
    "ex",
    "eg",
    "e.g.",
    "i.e",
    "i.e.",
    "full list available here",
    "full list",
    "more info",
    "more information",
    "read more",
    "docs",
    "documentation",
    "link",
    "links",
    "reference",
    "references",
    "source",
    "sources",
    "status code",
    "status codes",
    "errors",
    "error",
    "pros",
    "cons",
    "advantages",
    "disadvantages",
    "benefits",
    "features",
    "options",
    "option",
    "other",
    "others",
    "misc",
    "idea",
    "goal",
    "purpose",
    "question",
    "solution",
    "problem",
    "scenario",
    "todo",
    "update",
    "updated",
    "new",
    "old",
    "info",
    "hint",
    "tips",
    "notice",
    "attention",
    "careful",
    "important note",
    "key point",
    "key points",
    "takeaway",
    "takeaways",
    "managed",
    "low traffic",
    "high traffic",
];

static LABEL_PATTERN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:option|step|case|method|approach|way|type|example|scenario|solution|part|phase|stage|level|tier|use ?case|q|a|question|answer|note|rule)\s*#?\s*(?:\d+|[a-z]|[ivx]+)?$").unwrap()
});

/// True for a label that is not a term worth a card ("Option 3", "Usecase", "Note").
fn is_label(term: &str) -> bool {
    let lower = term.trim().trim_end_matches([':', '.']).to_lowercase();
    LABELS.contains(&lower.as_str()) || NOT_TERMS.contains(&lower.as_str()) || LABEL_PATTERN.is_match(&lower)
}

/// A second list item glued onto the line: "objects - Amazon Redshift: encryption of data".
static GLUED_ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\s[-–*•]\s+(?:\*\*)?[A-Z`][^:.]{0,50}(?:\*\*)?:\s").unwrap());
/// A short trailing phrase after a dash that is another item: "... (15 minutes) - Environment variables".
static GLUED_TAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\s[-–•]\s+[A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,3}\s*$").unwrap());

static LIST_MARKER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*(?:>\s*)*(?:([-*+])|(\d+[.)]))\s+").unwrap());
static COMMENT: Lazy<Regex> = Lazy::new(|| Regex::new(r"<!--.*?-->").unwrap());
static LINK: Lazy<Regex> = Lazy::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap());
static CLOZE: Lazy<Regex> = Lazy::new(|| Regex::new(r"==([^=\n]+?)==").unwrap());
static BOLD_TERM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\*\*([^*]{1,60}?)\s*(:)?\*\*\s*([:–—]|\s-\s)?\s*(.+)$").unwrap());
static PLAIN_TERM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(`?[A-Z`][^:–—`]{0,50}?`?)\s*(?::|\s–|\s—)\s+(.+)$").unwrap());

/// Inline markdown to plain text: comments, links, emphasis and code marks removed.
fn clean(text: &str) -> String {
    let t = COMMENT.replace_all(text, "");
    let t = LINK.replace_all(&t, "$1");
    let t = t.replace("**", "").replace("__", "").replace('`', "");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Split a line of prose into sentences (". " followed by an uppercase letter or a digit).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') && b[i + 1] == b' ' && (b[i + 2] as char).is_ascii_uppercase() {
            // Not after an abbreviation such as "e.g." or "i.e.".
            let before = &text[start..i];
            if !(before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("vs")) {
                out.push(text[start..=i].trim().to_string());
                start = i + 2;
            }
        }
        i += 1;
    }
    if start < text.len() {
        out.push(text[start..].trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The byte range of the number to hide in a sentence, and the answer text, if the sentence
/// states a number with a unit (not a year, not inside code, not a worked example).
fn number_cloze(sentence: &str) -> Option<(std::ops::Range<usize>, String)> {
    let lower = sentence.to_lowercase();
    if lower.starts_with("example")
        || lower.starts_with("e.g")
        || lower.starts_with("why it matters")
        || sentence.contains(['=', '×', '÷', '→'])
        || words(sentence) < 5
        || words(sentence) > 35
    {
        return None;
    }
    for (at, q) in units::quantities(sentence) {
        let num_start = sentence[at..].find(|c: char| c.is_ascii_digit() || c == '.')? + at;
        let num_len = sentence[num_start..]
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(sentence.len() - num_start);
        let mut num_end = num_start + num_len;
        while sentence[..num_end].ends_with(['.', ',']) {
            num_end -= 1;
        }
        if num_end <= num_start {
            continue;
        }
        let dollar = sentence[..num_start].trim_end().ends_with('$');
        let next_word: String = sentence[num_end..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let has_unit = dollar || q.unit.is_some() || COUNT_UNITS.contains(&next_word.as_str());
        let is_year = q.unit.is_none() && q.value.fract() == 0.0 && (1900.0..=2100.0).contains(&q.value);
        if !has_unit || is_year {
            continue;
        }
        let answer = if dollar {
            format!("${}", &sentence[num_start..num_end])
        } else if q.unit.is_some() {
            let rest = &sentence[num_end..];
            let skip = rest.len() - rest.trim_start().len();
            let unit_len = unit_length(&rest[skip..]);
            sentence[num_start..num_end + skip + unit_len].to_string()
        } else {
            sentence[num_start..num_end].to_string()
        };
        return Some((num_start..num_end, answer.trim().to_string()));
    }
    None
}

/// Length of the unit at the start of `rest`, compound units included: `GB-seconds`, `MB/s`,
/// `KB/month` (a hyphen or slash followed by letters continues the unit).
fn unit_length(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && ((b[i] as char).is_ascii_alphabetic() || b[i] == b'%') {
            i += 1;
        }
        if i > 0
            && i + 1 < b.len()
            && (b[i] == b'-' || b[i] == b'/')
            && (b[i + 1] as char).is_ascii_alphabetic()
        {
            i += 1;
            continue;
        }
        // Non-ASCII letters (µs) end the unit too; the answer keeps what was read.
        return i;
    }
}

/// For imported notes: a number cloze that is an example or gives its answer away is no card.
fn weak_number_cloze(sentence: &str, range: &std::ops::Range<usize>, answer: &str) -> bool {
    let lower = sentence.to_lowercase();
    let hidden = &sentence[range.clone()];
    let rest = format!("{} {}", &sentence[..range.start], &sentence[range.end..]);
    let number_elsewhere = rest
        .split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .any(|w| w.trim_matches(['.', ',']) == hidden);
    crate::facts::check::speaks_of_history(sentence)
        || sentence.trim_end().ends_with(':')
        || lower.starts_with("if ")
        || lower.contains("for example")
        || lower.contains("e.g.")
        || lower.contains("for instance")
        || lower.starts_with("ex:")
        || lower.starts_with("ex ")
        || sentence.contains(" / ")
        || number_elsewhere
        || answer.is_empty()
        || hedged_before(&sentence[..range.start])
        || (hidden == "1" && lower.contains(" from "))
        || lower.contains("% of the ")
}

/// A number after `<`, `>`, `~`, `≈` or "about", "around", "roughly": a rough figure, not one to
/// learn ("low latency (< 10 ms)").
fn hedged_before(before: &str) -> bool {
    static HEDGE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:[<>~≈≤≥]|\b(?:about|around|roughly|approx\.?|approximately|nearly|almost))\s*$")
            .unwrap()
    });
    HEDGE.is_match(before)
}

/// The parent bullet of each list line (and of its continuation lines), by indentation.
fn parent_bullets(lines: &[&str]) -> HashMap<usize, String> {
    let mut out = HashMap::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut fence = false;
    let mut last_bullet_indent: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if t.starts_with('#') {
            stack.clear();
            last_bullet_indent = None;
            continue;
        }
        let indent = raw.replace('\t', "    ").len() - raw.replace('\t', "    ").trim_start().len();
        if let Some(c) = LIST_MARKER.captures(raw) {
            stack.retain(|(ind, _)| *ind < indent);
            if let Some((_, p)) = stack.last() {
                out.insert(i + 1, p.clone());
            }
            let text = clean(&raw[c.get(0).unwrap().end()..]);
            stack.push((indent, text));
            last_bullet_indent = Some(indent);
        } else if !t.is_empty() && last_bullet_indent.is_some_and(|b| indent > b) {
            // A continuation line: same parent as its bullet.
            if let Some(p) = stack.iter().rev().nth(1) {
                out.insert(i + 1, p.1.clone());
            }
        } else if t.is_empty() {
            continue;
        } else {
            stack.clear();
            last_bullet_indent = None;
        }
    }
    out
}

/// What a card from an imported note is about, when its sentence may not say: the section's
/// heading and the parent bullet (short ones only), e.g. "Step Functions › States".
fn subject(section: &Section, parent: Option<&String>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(h) = section.heading_path.last() {
        parts.push(h.trim().to_string());
    }
    if let Some(p) = parent {
        // "Deduplication: not the same message twice" names "Deduplication".
        let p = match p.split_once(": ") {
            Some((head, _)) if !head.trim().is_empty() => head,
            _ => p.as_str(),
        };
        let p = p.trim().trim_end_matches(':').trim();
        if !p.is_empty() && words(p) <= 8 && !p.contains("http") {
            parts.push(p.to_string());
        }
    }
    parts.retain(|p| !p.is_empty());
    (!parts.is_empty()).then(|| parts.join(" › "))
}

/// The content of one line once list and quote markers are removed.
struct Line<'a> {
    no: usize,
    text: &'a str,
    bullet: bool,
}

fn strip_marker(raw: &str) -> (&str, bool, bool) {
    match LIST_MARKER.captures(raw) {
        Some(c) => {
            let end = c.get(0).unwrap().end();
            let text = raw[end..].trim();
            // A task list item: `- [x] Lambda timeout → 15 min`.
            let text = ["[ ] ", "[x] ", "[X] "]
                .iter()
                .find_map(|m| text.strip_prefix(m))
                .unwrap_or(text)
                .trim();
            (text, c.get(1).is_some(), c.get(2).is_some())
        }
        None => (raw.trim().trim_start_matches('>').trim(), false, false),
    }
}

/// Split `Q:: A` on the first `::` that is not inside a code span or part of `:::`.
fn split_qa(text: &str) -> Option<(&str, &str)> {
    if text.trim_start().starts_with(":::") {
        return None;
    }
    let mut in_code = false;
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        match b[i] {
            b'`' => in_code = !in_code,
            b':' if !in_code && b[i + 1] == b':' => {
                if i + 2 < b.len() && b[i + 2] == b':' {
                    return None;
                }
                // `AWS::Serverless-2016-10-31`, `std::fs`: a name with `::` inside, not `Q:: A`.
                let before = text[..i].chars().next_back();
                let after = text[i + 2..].chars().next();
                if before.is_some_and(|c| c.is_alphanumeric()) && after.is_some_and(|c| !c.is_whitespace()) {
                    return None;
                }
                // Inside a URL.
                if text[..i].contains("://") {
                    return None;
                }
                let (q, a) = (text[..i].trim(), text[i + 2..].trim());
                return (!q.is_empty() && !a.is_empty()).then_some((q, a));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

struct Builder<'a> {
    note: &'a Note,
    out: Vec<GeneratedCard>,
    ids: HashSet<String>,
    keys: HashSet<String>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        section: &Section,
        line: usize,
        kind: CardKind,
        content_key: &str,
        front: String,
        back: String,
        context: String,
    ) {
        let explicit = matches!(kind, CardKind::Qa | CardKind::Cloze);
        let dedupe_key = normalise(&front);
        if !explicit && self.keys.contains(&dedupe_key) {
            return;
        }
        let id = card_id(&self.note.file, &section.anchor, content_key);
        if !self.ids.insert(id.clone()) {
            return;
        }
        self.keys.insert(dedupe_key.clone());
        self.out.push(GeneratedCard {
            id,
            kind,
            explicit,
            service: section.service.clone(),
            source: CardSource {
                file: self.note.file.clone(),
                anchor: section.anchor.clone(),
                heading_path: section.heading_path.clone(),
                line,
                title: self.note.title.clone(),
            },
            front,
            back,
            context,
            dedupe_key,
        });
    }
}

/// Every card in a note: explicit cards first, then generated ones that do not repeat them.
pub fn from_note(note: &Note) -> Vec<GeneratedCard> {
    let lines: Vec<&str> = note.markdown.lines().collect();
    let mut b = Builder {
        note,
        out: Vec::new(),
        ids: HashSet::new(),
        keys: HashSet::new(),
    };
    let mut generated: Vec<(usize, usize, bool, String)> = Vec::new(); // (section idx, line, bullet, text)
    let imported = note.source == SourceKind::Imported;
    // Imported notes: the lines of each joined paragraph, to find the line a cloze's number is on.
    let mut para_lines: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
    // Imported notes: table rows `(section idx, line, cells, header)`.
    let mut rows: Vec<(usize, usize, Vec<String>, Vec<String>)> = Vec::new();
    for (si, section) in note.sections.iter().enumerate() {
        let mut header: Option<Vec<String>> = None;
        // Paragraphs of prose lines (outside code fences, tables, headings and admonition fences).
        let mut paragraphs: Vec<Vec<Line>> = vec![Vec::new()];
        let mut fence: Option<&str> = None;
        let first = if section.level == 0 {
            section.line
        } else {
            section.line + 1
        };
        for no in first..=section.end_line.min(lines.len()) {
            let raw = lines[no - 1];
            let t = raw.trim();
            if let Some(f) = fence {
                if t.starts_with(f) {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = Some(&t[..3]);
                paragraphs.push(Vec::new());
                continue;
            }
            if imported && t.starts_with('|') {
                let next_rule = lines.get(no).is_some_and(|n| scan::is_table_rule(n));
                if !scan::is_table_rule(t) {
                    let cells = scan::cells(t);
                    if header.is_none() && next_rule {
                        header = Some(cells);
                    } else {
                        rows.push((si, no, cells, header.clone().unwrap_or_default()));
                    }
                }
                paragraphs.push(Vec::new());
                continue;
            }
            if t.is_empty() {
                header = None;
            }
            if t.is_empty()
                || t.starts_with('#')
                || t.starts_with('|')
                || t.starts_with(":::")
                || t.starts_with('<')
            {
                paragraphs.push(Vec::new());
                continue;
            }
            let (text, bullet, ordered) = strip_marker(raw);
            if bullet || ordered {
                // Each list item is its own paragraph.
                paragraphs.push(Vec::new());
            }
            paragraphs.last_mut().unwrap().push(Line {
                no,
                text,
                bullet: bullet || ordered,
            });
        }
        // "Q: … / A: …" pairs in imported notes (on consecutive lines or across a blank line).
        let mut pending_q: Option<(usize, String)> = None;
        for para in paragraphs.iter().filter(|p| !p.is_empty()) {
            if imported {
                let mut rest = &para[..];
                let mut handled = false;
                while let Some(first) = rest.first() {
                    if let Some(q) = QA_PREFIX_Q.captures(first.text) {
                        let end = rest[1..]
                            .iter()
                            .position(|l| QA_PREFIX_A.is_match(l.text) || QA_PREFIX_Q.is_match(l.text))
                            .map_or(rest.len(), |p| p + 1);
                        let q_text: Vec<&str> = std::iter::once(&q[1])
                            .chain(rest[1..end].iter().map(|l| l.text))
                            .collect();
                        pending_q = Some((first.no, clean(&q_text.join(" "))));
                        rest = &rest[end..];
                        handled = true;
                    } else if let (Some(a), Some((_, front))) =
                        (QA_PREFIX_A.captures(first.text), pending_q.take())
                    {
                        let end = rest[1..]
                            .iter()
                            .position(|l| QA_PREFIX_Q.is_match(l.text))
                            .map_or(rest.len(), |p| p + 1);
                        let a_text: Vec<&str> = std::iter::once(&a[1])
                            .chain(rest[1..end].iter().map(|l| l.text))
                            .collect();
                        let back = clean(&a_text.join(" "));
                        if !front.is_empty() && !back.is_empty() {
                            let context = format!("{front} {back}");
                            // The answer's line: where a finding about its number sits.
                            b.push(
                                section,
                                first.no,
                                CardKind::Qa,
                                &front,
                                front.clone(),
                                back,
                                context,
                            );
                        }
                        rest = &rest[end..];
                        handled = true;
                    } else {
                        break;
                    }
                }
                if handled {
                    continue;
                }
                pending_q = None;
            }
            // A `?` line splits a multi-line question from its answer.
            if let Some(q_at) = para.iter().position(|l| l.text == "?") {
                let q: Vec<&str> = para[..q_at].iter().map(|l| l.text).collect();
                let a: Vec<&str> = para[q_at + 1..].iter().map(|l| l.text).collect();
                if !q.is_empty() && !a.is_empty() {
                    let front = clean(&q.join("\n"));
                    let back = clean(&a.join("\n"));
                    let context = format!("{front}\n{back}");
                    b.push(
                        section,
                        para[0].no,
                        CardKind::Qa,
                        &front,
                        front.clone(),
                        back,
                        context,
                    );
                }
                continue;
            }
            // Imported prose: a paragraph (or a bullet with its continuation lines) is read as one
            // text, so a sentence broken over lines makes one card with its whole subject.
            if imported
                && para.len() > 1
                && para
                    .iter()
                    .all(|l| split_qa(l.text).is_none() && !CLOZE.is_match(l.text))
            {
                let joined = para.iter().map(|l| l.text).collect::<Vec<_>>().join(" ");
                para_lines.insert(para[0].no, para.iter().map(|l| (l.no, clean(l.text))).collect());
                generated.push((si, para[0].no, para[0].bullet, joined));
                continue;
            }
            for l in para {
                if let Some((q, a)) = split_qa(l.text) {
                    let (front, back) = (clean(q), clean(a));
                    b.push(
                        section,
                        l.no,
                        CardKind::Qa,
                        &front,
                        front.clone(),
                        back.clone(),
                        format!("{front} {back}"),
                    );
                } else if CLOZE.is_match(l.text) {
                    let clozes: Vec<_> = CLOZE.captures_iter(l.text).collect();
                    let context = clean(&CLOZE.replace_all(l.text, "$1"));
                    for (i, c) in clozes.iter().enumerate() {
                        let mut front = String::new();
                        let mut last = 0;
                        for (j, d) in clozes.iter().enumerate() {
                            let m = d.get(0).unwrap();
                            front.push_str(&l.text[last..m.start()]);
                            front.push_str(if i == j { "[...]" } else { &d[1] });
                            last = m.end();
                        }
                        front.push_str(&l.text[last..]);
                        let front = clean(&front);
                        b.push(
                            section,
                            l.no,
                            CardKind::Cloze,
                            &front,
                            front.clone(),
                            clean(&c[1]),
                            context.clone(),
                        );
                    }
                } else {
                    generated.push((si, l.no, l.bullet, l.text.to_string()));
                }
            }
        }
    }
    // Generated cards come after every explicit card, so they never duplicate one.
    let explicit_contexts: Vec<String> = b.out.iter().map(|c| normalise(&c.context)).collect();
    // Imported notes were not written as cards: precision first, and every generated card names
    // its subject (the heading and the parent bullet), since its sentence often does not.
    let parents = if imported {
        parent_bullets(&lines)
    } else {
        HashMap::new()
    };
    for (si, no, bullet, text) in generated {
        let section = &note.sections[si];
        let about = if imported {
            subject(section, parents.get(&no))
        } else {
            None
        };
        if bullet {
            let def = definition(&text).or_else(|| if imported { value_line(&text) } else { None });
            if let Some((term, explanation)) = def {
                if imported
                    && (is_label(&term) || GLUED_ITEM.is_match(&explanation) || bare_link(&explanation))
                {
                    continue;
                }
                let explanation = if imported {
                    GLUED_TAIL.replace(&explanation, "").trim().to_string()
                } else {
                    explanation
                };
                let value_answer = explanation.starts_with(|c: char| c.is_ascii_digit() || c == '$')
                    || (imported && BOUND_VALUE.is_match(&explanation));
                let front = match &about {
                    Some(a) if value_answer => format!("{a}: {term}?"),
                    Some(a) => format!("What is meant by “{term}” ({a})?"),
                    None => format!("What is meant by “{term}”?"),
                };
                b.push(
                    section,
                    no,
                    CardKind::Definition,
                    &term,
                    front,
                    explanation.clone(),
                    clean(&text),
                );
                continue;
            }
        }
        let plain = clean(&text);
        for sentence in sentences(&plain) {
            let norm = normalise(&sentence);
            if explicit_contexts.iter().any(|c| c.contains(&norm)) {
                continue;
            }
            if let Some((range, answer)) = number_cloze(&sentence) {
                if imported
                    && (weak_number_cloze(&sentence, &range, &answer) || GLUED_ITEM.is_match(&sentence))
                {
                    continue;
                }
                // The id keeps the cloze text alone, so it does not move when a heading is renamed.
                let key = format!("{}[...]{}", &sentence[..range.start], &sentence[range.end..]);
                let front = match &about {
                    Some(a) => format!("{a}: {key}"),
                    None => key.clone(),
                };
                let hidden = &sentence[range.clone()];
                let no = para_lines
                    .get(&no)
                    .and_then(|ls| ls.iter().find(|(_, t)| t.contains(hidden)).map(|(n, _)| *n))
                    .unwrap_or(no);
                b.push(
                    section,
                    no,
                    CardKind::Number,
                    &key,
                    front,
                    answer,
                    sentence.clone(),
                );
                break;
            }
        }
    }
    // Imported tables: a row whose first cell names a thing and whose next cell gives its value
    // with a number ("| item size | 400 KB |") is a card "<section>: item size?" → "400 KB".
    for (si, no, cells, header) in rows {
        let section = &note.sections[si];
        let (Some(label), Some(value)) = (cells.first(), cells.get(1)) else {
            continue;
        };
        let label = clean(label);
        let value = clean(
            &value
                .replace("<br>", ", ")
                .replace("<br/>", ", ")
                .replace("<br />", ", "),
        );
        if label.is_empty()
            || words(&label) > 8
            || is_label(&label)
            || label.chars().any(|c| c.is_ascii_digit())
            || !value.chars().any(|c| c.is_ascii_digit())
            || words(&value) > 12
            || value.contains(['=', '×', '÷'])
        {
            continue;
        }
        let mut about = section
            .heading_path
            .last()
            .map(|h| h.trim().to_string())
            .unwrap_or_default();
        // A table headed by what its rows are about ("| Kinesis shard | Value |") names the subject.
        const GENERIC_HEADERS: &[&str] = &[
            "",
            "limit",
            "limits",
            "name",
            "item",
            "setting",
            "settings",
            "feature",
            "features",
            "quota",
            "quotas",
            "property",
            "parameter",
            "what",
            "key",
            "field",
            "metric",
            "resource",
            "attribute",
            "option",
        ];
        if let Some(h0) = header.first().map(|h| clean(h)) {
            if !GENERIC_HEADERS.contains(&h0.to_lowercase().as_str()) && words(&h0) <= 4 {
                about = if about.is_empty() {
                    h0
                } else {
                    format!("{about} › {h0}")
                };
            }
        }
        let column = header.get(1).map(|h| clean(h)).unwrap_or_default();
        let what = if column.is_empty()
            || ["value", "limit", "values", "number"].contains(&column.to_lowercase().as_str())
        {
            label.clone()
        } else {
            format!("{label} ({column})")
        };
        let front = if about.is_empty() {
            format!("{what}?")
        } else {
            format!("{about}: {what}?")
        };
        let context = format!("{label} {value}");
        b.push(
            section,
            no,
            CardKind::Definition,
            &format!("{label}|{value}"),
            front,
            value,
            context,
        );
    }
    b.out
}

/// A value given with its bound: "up to 365 days", "max 20 sec", "at least 1 minute".
static BOUND_VALUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:wait\s+)?(?:up to|max(?:imum)?|at most|min(?:imum)?|at least|default)\s+\$?\d")
        .unwrap()
});

/// "Q: …" and "A: …" (also `**Q:**`, "Question:", "Answer:") at the start of a line.
static QA_PREFIX_Q: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:\*\*)?(?:Q|Question)\s*[:.)](?:\*\*)?\s+(.+)$").unwrap());
static QA_PREFIX_A: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:\*\*)?(?:A|Answer)\s*[:)](?:\*\*)?\s+(.+)$").unwrap());

/// An answer that is only a link (or says only where to read more).
fn bare_link(explanation: &str) -> bool {
    let t = explanation.trim().trim_matches(['<', '>', '(', ')', '.']);
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")) && !t.contains(' ')
        || t.to_lowercase().starts_with("see ")
        || t.to_lowercase().contains("available here")
}

/// Imported notes: `(term, value)` for a short line that gives a thing's value, as learners
/// write limits: `timeout_max: 900 s`, `Lambda timeout → 15 min`, `Max memory -> 10 GB`. The
/// value must hold a number; the term is at most six words (underscores read as spaces).
fn value_line(text: &str) -> Option<(String, String)> {
    static VALUE_LINE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^([A-Za-z][A-Za-z0-9_ ./()@-]{1,60}?)\s*(?::|→|->|=>|⇒)\s+(.+)$").unwrap());
    let c = VALUE_LINE.captures(text)?;
    let term = clean(&c[1]).replace('_', " ").trim().to_string();
    let value = clean(&c[2]);
    let lower = term.to_lowercase();
    let has_number = value
        .chars()
        .next()
        .is_some_and(|ch| ch.is_ascii_digit() || ch == '$')
        || units::quantities(&value).iter().any(|(_, q)| q.unit.is_some());
    if term.is_empty()
        || words(&term) > 6
        || is_label(&term)
        || NOT_TERMS.contains(&lower.as_str())
        || !has_number
        || words(&value) > 12
        || value.contains(['=', '×', '÷', '→'])
        || crate::facts::check::speaks_of_history(&value)
    {
        return None;
    }
    Some((term, value))
}

/// `(term, explanation)` if a bullet's text defines a term.
fn definition(text: &str) -> Option<(String, String)> {
    let (term, explanation) = if let Some(c) = BOLD_TERM.captures(text) {
        // `**Term:** explanation` or `**Term**: explanation` or `**Term** – explanation`.
        if c.get(2).is_none() && c.get(3).is_none() {
            return None;
        }
        (c[1].to_string(), c[4].to_string())
    } else if let Some(c) = PLAIN_TERM.captures(text) {
        if c[1].contains('*') || words(&c[1]) > 4 || c[1].starts_with("The ") {
            return None;
        }
        (c[1].to_string(), c[2].to_string())
    } else {
        return None;
    };
    let term = clean(&term).trim_end_matches(':').trim().to_string();
    let explanation = clean(&explanation);
    let lower = term.to_lowercase();
    if term.is_empty()
        || words(&term) > 6
        || NOT_TERMS.contains(&lower.as_str())
        || lower.starts_with("example")
        || words(&explanation) < 4
        || explanation.contains(['=', '×', '÷'])
        || term
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '.')
    {
        return None;
    }
    Some((term, explanation))
}

/// A number as people read it: `10,240`, `0.2`, `1.5`.
pub(crate) fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        let s = format!("{:.6}", v);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

fn question_from_statement(statement: &str) -> String {
    let s = statement.trim().trim_end_matches(['.', '?']);
    let first_word = s.split_whitespace().next().unwrap_or("").to_lowercase();
    if [
        "how", "what", "which", "when", "where", "who", "is", "are", "does", "do", "can",
    ]
    .contains(&first_word.as_str())
    {
        return format!("{s}?");
    }
    let mut chars = s.chars();
    let lowered = match (chars.next(), s.chars().nth(1)) {
        (Some(c), Some(n)) if c.is_uppercase() && n.is_lowercase() => {
            c.to_lowercase().chain(chars).collect::<String>()
        }
        _ => s.to_string(),
    };
    if ["the", "a", "an"].contains(&first_word.as_str()) {
        format!("What is {lowered}?")
    } else {
        format!("What is the {lowered}?")
    }
}

fn with_unit(value: &str, unit: &str) -> String {
    match unit.trim() {
        "day" if value != "1" => format!("{value} days"),
        "" | "count" | "number" => value.to_string(),
        u if u.starts_with("USD") => format!("${value}{}", u.strip_prefix("USD").unwrap_or("")),
        "%" => format!("{value}%"),
        u => format!("{value} {u}"),
    }
}

/// One card per fact: "What is <statement>?" → value and unit.
pub fn from_facts(facts: &FactBase) -> Vec<GeneratedCard> {
    facts
        .iter()
        .map(|f| {
            let value = match &f.value {
                FactValue::Number(n) => with_unit(&fmt_number(*n), &f.unit),
                FactValue::Text(t) => t.clone(),
            };
            let front = question_from_statement(&f.statement);
            GeneratedCard {
                id: card_id("facts", &f.id, &f.id),
                kind: CardKind::Fact,
                explicit: false,
                service: f.service.clone(),
                source: CardSource {
                    file: "content/facts.toml".into(),
                    anchor: f.id.clone(),
                    heading_path: vec!["Fact base".into(), f.service.clone()],
                    line: 0,
                    title: "Fact base".into(),
                },
                dedupe_key: normalise(&front),
                back: format!("{value} (as of {}; source: {})", f.as_of, f.source),
                context: f.statement.clone(),
                front,
            }
        })
        .collect()
}

/// A few seeded exercises per simulator model.
pub fn from_sim_exercises(facts: &FactBase) -> Vec<GeneratedCard> {
    let mut out = Vec::new();
    for model in crate::sim::catalog() {
        let Ok(exercises) = crate::sim::exercises(model.name, EXERCISE_SEED, EXERCISES_PER_MODEL, facts)
        else {
            continue;
        };
        let service = infer_service(model.title)
            .or_else(|| infer_service(&model.name.replace('-', " ")))
            .or_else(|| model.name.starts_with("apigw").then_some("api-gateway"))
            .unwrap_or("overview")
            .to_string();
        for ex in exercises {
            let shown = if ex.unit.starts_with("USD") && ex.answer.abs() >= 0.01 {
                format!("{:.2}", ex.answer)
            } else {
                fmt_number(ex.answer)
            };
            let answer = with_unit(&shown, &ex.unit);
            let front = ex.prompt.clone();
            out.push(GeneratedCard {
                id: card_id("sim", model.name, &ex.id),
                kind: CardKind::Exercise,
                explicit: false,
                service: service.clone(),
                source: CardSource {
                    file: format!("sim:{}", model.name),
                    anchor: model.name.to_string(),
                    heading_path: vec!["Simulators".into(), model.title.to_string()],
                    line: 0,
                    title: model.title.to_string(),
                },
                dedupe_key: normalise(&front),
                back: format!("{answer}\n\n{}", ex.working),
                context: model.summary.to_string(),
                front,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{parse_note, SourceKind};

    fn cards(md: &str) -> Vec<GeneratedCard> {
        from_note(&parse_note(md.as_bytes(), "n.md", SourceKind::Imported, None))
    }

    fn bundled_cards(md: &str) -> Vec<GeneratedCard> {
        from_note(&parse_note(md.as_bytes(), "n.md", SourceKind::Bundled, None))
    }

    /// Self-test prompts, a sentence wrapped over lines and a cheat-sheet table, as learners
    /// write them (our own words). Before: the answer line became a cloze with "A:" in it and no
    /// subject, the wrapped sentence a cloze of its second line alone, the table no card at all.
    #[test]
    fn imported_questions_paragraphs_and_tables_make_whole_cards() {
        let md = "# Queue drill\n\n\
                  Q: How long may a long poll wait?\n\
                  A: 20 seconds at most.\n\n\
                  Q: Longest delivery delay?\n\n\
                  A: 15 minutes.\n\n\
                  Our consumer reads from a standard queue and each message stays\n\
                  hidden for 30 seconds after a receive by default.\n\n\
                  | Kinesis shard | Value |\n\
                  | --- | --- |\n\
                  | write throughput | 1 MB/s per shard |\n\
                  | Note | 5 |\n";
        let c = cards(md);
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.kind, c.source.line, c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (CardKind::Qa, 4, "How long may a long poll wait?", "20 seconds at most."),
                (CardKind::Qa, 8, "Longest delivery delay?", "15 minutes."),
                (
                    CardKind::Number,
                    11,
                    "Queue drill: Our consumer reads from a standard queue and each message stays hidden for [...] seconds after a receive by default.",
                    "30 seconds"
                ),
                (
                    CardKind::Definition,
                    15,
                    "Queue drill › Kinesis shard: write throughput?",
                    "1 MB/s per shard"
                ),
            ]
        );
        // Bundled notes keep the line-by-line rules (their card ids must not move).
        assert!(bundled_cards(md)
            .iter()
            .all(|c| c.kind != CardKind::Qa || !c.front.starts_with("How long")));
    }

    /// A checklist with arrows and a list of snake_case keys (our own words): each line that gives
    /// a value is a card; before, none of them made one.
    #[test]
    fn imported_value_lines_make_cards() {
        let md = "# Night before\n\n- [x] Queue retention → 4 days by default\n- [ ] Item size -> 400 KB\n\n\
                  ## Keys\n\n- max_batch_items: 25\n- Option 2: 5\n- notes: see the docs\n";
        let got: Vec<_> = cards(md).into_iter().map(|c| (c.front, c.back)).collect();
        assert_eq!(
            got,
            vec![
                (
                    "Night before: Queue retention?".to_string(),
                    "4 days by default".to_string()
                ),
                ("Night before: Item size?".to_string(), "400 KB".to_string()),
                ("Keys: max batch items?".to_string(), "25".to_string()),
            ]
        );
    }

    /// Written for this test in the style of a learner's own notes: labels before colons, two
    /// items on one line, a link as an answer, a YAML line with `AWS::` and a field name that
    /// means nothing without its heading.
    #[test]
    fn imported_cards_stand_alone() {
        let md = "# Workflow notes\n\n## Task states\n\n\
                  - Next: the name of the state that runs after this one\n\
                  - Option 3: use a Map state for the fan-out instead\n\
                  - Usecase: fan out over a list of order lines\n\
                  - Recommended: keep the state payloads small\n\
                  - Deprecated: the old way of passing parameters\n\
                  - Amazon S3: encrypts objects on the server side - Amazon Redshift: encrypts the cluster data\n\
                  - Docs: https://docs.aws.amazon.com/step-functions/latest/dg/welcome.html\n\
                  - **Retry**: runs a failed state again with a growing wait\n\
                  - The free tier covers 400,000 GB-seconds of compute time each month per account.\n\
                  - If the job takes 10 minutes you pay for all of them at once\n\n\
                  ```yaml\nTransform: 'AWS::Serverless-2016-10-31'\n```\n\n\
                  Transform: 'AWS::Serverless-2016-10-31'\n";
        let c = cards(md);
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.kind, c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    CardKind::Definition,
                    "What is meant by “Next” (Task states)?",
                    "the name of the state that runs after this one"
                ),
                (
                    CardKind::Definition,
                    "What is meant by “Retry” (Task states)?",
                    "runs a failed state again with a growing wait"
                ),
                (
                    CardKind::Number,
                    "Task states: The free tier covers [...] GB-seconds of compute time each month per account.",
                    "400,000 GB-seconds"
                ),
            ]
        );
        // The subject is shown, not hashed: the id is the one the bare cloze text gives.
        let bare = card_id(
            "n.md",
            &c[2].source.anchor,
            "The free tier covers [...] GB-seconds of compute time each month per account.",
        );
        assert_eq!(c[2].id, bare);
    }

    #[test]
    fn nested_bullets_take_their_parent_as_subject() {
        let md = "# Table API\n\n- BatchWriteItem: writes many items in one call\n    - up to 16 MB of data written per call in all\n\
                  - Limits: what the service allows\n    - Memory: 128 MB to 10,240 MB in 1 MB steps\n";
        let c = cards(md);
        let fronts: Vec<&str> = c.iter().map(|c| c.front.as_str()).collect();
        assert!(
            fronts.contains(&"Table API › BatchWriteItem: up to [...] MB of data written per call in all"),
            "{fronts:?}"
        );
        assert!(fronts.contains(&"Table API › Limits: Memory?"), "{fronts:?}");
    }

    #[test]
    fn explicit_cards() {
        let c = cards(
            "# Lambda\n\nWhat is the max timeout?:: 15 minutes\n\nWhich two models?\nsecond line\n?\nEventual and strong.\n\nSQS keeps messages up to ==14 days== by ==default==.\n",
        );
        let fronts: Vec<_> = c
            .iter()
            .map(|c| (c.kind, c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            fronts,
            vec![
                (CardKind::Qa, "What is the max timeout?", "15 minutes"),
                (
                    CardKind::Qa,
                    "Which two models? second line",
                    "Eventual and strong."
                ),
                (
                    CardKind::Cloze,
                    "SQS keeps messages up to [...] by default.",
                    "14 days"
                ),
                (
                    CardKind::Cloze,
                    "SQS keeps messages up to 14 days by [...].",
                    "default"
                ),
            ]
        );
        assert_eq!(c[0].source.line, 3);
        assert_eq!(c[0].source.anchor, "lambda");
    }

    #[test]
    fn generated_cards_read_well() {
        let c = bundled_cards(
            "# Lambda limits\n\n- **Reserved concurrency:** sets aside part of the pool for one function.\n\
             - Lambda keeps at least 100<!--fact:x--> units unreserved for other functions.\n\
             1. The 3 steps of a deployment are listed here in order.\n\
             - In 2019 the service launched in many more regions.\n\
             - Example: 200 requests per second at 500 ms each needs 100 environments.\n\
             - The longest timeout is 900 seconds for any single invocation.\n\n## 15 minutes heading\n\ntext\n",
        );
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.kind, c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    CardKind::Definition,
                    "What is meant by “Reserved concurrency”?",
                    "sets aside part of the pool for one function."
                ),
                (
                    CardKind::Number,
                    "Lambda keeps at least [...] units unreserved for other functions.",
                    "100"
                ),
                (
                    CardKind::Number,
                    "The longest timeout is [...] seconds for any single invocation.",
                    "900 seconds"
                ),
            ]
        );
    }

    #[test]
    fn ids_are_stable_across_edits_elsewhere() {
        let a = cards("# S\n\nQ1?:: A1\n\n- The queue keeps messages for 4 days by default here.\n");
        let b = cards("# S\n\nIntro added.\n\nQ1?:: A1 changed\n\nMore text.\n\n- The queue keeps messages for 5 days by default here.\n");
        assert_eq!(a[0].id, b[0].id);
        assert_ne!(a[0].content_hash(), b[0].content_hash());
        assert_eq!(
            a[1].id, b[1].id,
            "a number cloze keeps its id when the number changes"
        );
    }

    #[test]
    fn facts_become_questions() {
        let facts = FactBase::parse(
            "[[fact]]\nid = \"lambda.memory.max\"\nservice = \"lambda\"\nstatement = \"Maximum memory that can be allocated to a Lambda function\"\nvalue = 10240\nunit = \"MB\"\nas_of = \"2026-11\"\nsource = \"https://docs.aws.amazon.com/x\"\n",
            "f.toml",
        )
        .unwrap();
        let c = from_facts(&facts);
        assert_eq!(
            c[0].front,
            "What is the maximum memory that can be allocated to a Lambda function?"
        );
        assert!(c[0].back.starts_with("10,240 MB"), "{}", c[0].back);
    }
}
