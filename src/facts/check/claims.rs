//! Numeric claims in a piece of text: every quantity with its dimension (size, time, count,
//! price, ...), ranges as (lower, upper), prices normalised to USD per base unit.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::facts::units::{normalise_unit, size_kb, time_s};

/// What a number measures. Two quantities compare only when their dimensions are equal.
#[derive(Debug, Clone, PartialEq)]
pub enum Dim {
    /// Bytes; the value is in KB.
    Size,
    /// Time; the value is in seconds.
    Time,
    /// A plain count (items, requests, executions, ...).
    Count,
    /// A percentage.
    Percent,
    /// Something per second (requests, records, transactions, MB).
    Rate(String),
    /// GB-seconds of Lambda compute.
    GbSeconds,
    /// A price in USD per one base unit (`count`, `gb-s`, `unit-hour`, `gb-month`).
    Price(String),
}

/// Where a number sits in a range like `128 MB – 10 GB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Not part of a range.
    Single,
    /// The lower end.
    Lower,
    /// The upper end.
    Upper,
}

/// One number found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Byte offset in the sentence.
    pub start: usize,
    /// Byte offset just past the claim.
    pub end: usize,
    /// The text as written.
    pub text: String,
    /// The value in the dimension's base unit.
    pub value: f64,
    /// The dimension.
    pub dim: Dim,
    /// Range position.
    pub bound: Bound,
    /// Written with a coarser unit than usual (`3 GB`), so it may be a rounded spelling.
    pub coarse: bool,
    /// Preceded by `<`, `>`, `~`, `≈`, "about", "over", ...: not an exact statement.
    pub approximate: bool,
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+";

static PRICE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?ix)\$\s?(?P<v>{NUM})(?:\s*USD)?\s*
        (?:per\s|/|for\s|an?\s|each\s)\s*(?:every\s+|each\s+)?
        (?:(?P<n>{NUM}|one)\s*)?
        (?P<mult>million|mn|m\b|thousand|k\b|billion)?\s*
        (?P<what>[a-z][a-z0-9-]*)?
        (?P<hour>\s*(?:per|/)\s*hour|-hour)?"
    ))
    .unwrap()
});

static PRICE_BEFORE_ZERO: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\$\s?0\.0000").unwrap());

static QTY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?ix)(?P<pre>[<>~≈≤≥]\s*)?\$?(?P<v>{NUM})\s?
        (?P<mult>million\b|billion\b|thousand\b|M\b|k\b)?\s?
        (?P<unit>GB-?s(?:ec(?:ond)?s?)?\b|%|[a-z]+(?:/s(?:ec)?\b)?)?
        (?P<per>\s*(?:per|/|a|each)\s*(?:second|sec|s)\b)?"
    ))
    .unwrap()
});

static RANGE_SEP: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^\s*(?:–|—|-|to|through|up to)\s*$").unwrap());

static APPROX_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:about|around|approx\.?|approximately|roughly|nearly|almost|over|under|more than|less than|at least|fewer than|~|≈|<|>|≤|≥)\s*$")
        .unwrap()
});

/// The period after "per" in a count per minute, hour or day ("60 per minute").
static PER_PERIOD: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*(?:minute|min|hour|day)\b").unwrap());

/// Hedged ("about 10", "over 10", "< 10") but not a bound: "no more than 10" and "not more
/// than 10" state a maximum exactly.
fn approximate_before(before: &str) -> bool {
    static EXACT_BOUND: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)\b(?:no|not)\s+(?:more|less|fewer)\s+than\s*$").unwrap());
    APPROX_WORD.is_match(before) && !EXACT_BOUND.is_match(before)
}

/// Count nouns after which a bare number is a count claim.
const COUNT_NOUNS: &[&str] = &[
    "item",
    "items",
    "action",
    "actions",
    "operation",
    "operations",
    "request",
    "requests",
    "message",
    "messages",
    "record",
    "records",
    "execution",
    "executions",
    "concurrent",
    "function",
    "functions",
    "layer",
    "layers",
    "gsi",
    "gsis",
    "lsi",
    "lsis",
    "index",
    "indexes",
    "retries",
    "retry",
    "attempts",
    "times",
    "vcpu",
    "vcpus",
    "consumers",
    "subscriptions",
    "shards",
    "environments",
    "instances",
    "invocations",
    "events",
    "keys",
    "parameters",
    "versions",
    "attributes",
    "levels",
    "topics",
    "resources",
    "states",
    "transitions",
    "wcu",
    "wcus",
    "rcu",
    "rcus",
    "units",
    "calls",
];

fn price_basis(n: f64, mult: Option<&str>, what: Option<&str>, hour: bool) -> Option<(String, f64)> {
    let mult = match mult.map(|m| m.to_ascii_lowercase()) {
        Some(m) if m == "million" || m == "m" || m == "mn" => 1e6,
        Some(m) if m == "thousand" || m == "k" => 1e3,
        Some(m) if m == "billion" => 1e9,
        _ => 1.0,
    };
    let what = what.unwrap_or("").to_ascii_lowercase();
    let basis = if what.starts_with("gb-s") || what == "gbs" {
        "gb-s"
    } else if what.starts_with("gb-month") || (what == "gb" && !hour) {
        "gb-month"
    } else if (what.starts_with("wcu") || what.starts_with("rcu")) && (hour || what.ends_with("hour")) {
        "unit-hour"
    } else if what.is_empty()
        || [
            "request",
            "requests",
            "req",
            "invocation",
            "invocations",
            "write",
            "writes",
            "read",
            "reads",
            "unit",
            "units",
            "wru",
            "rru",
            "wrus",
            "rrus",
            "call",
            "calls",
            "api",
            "state",
            "transition",
            "transitions",
            "million",
            "write-request",
            "read-request",
        ]
        .contains(&what.as_str())
    {
        if what.is_empty() && mult == 1.0 {
            return None;
        }
        "count"
    } else {
        return None;
    };
    Some((basis.to_string(), n * mult))
}

/// A fact unit such as `USD per 1M requests` → (basis, scale).
pub fn fact_price_basis(unit: &str) -> Option<(String, f64)> {
    let u = unit.strip_prefix("USD per ")?;
    let lower = u.to_ascii_lowercase();
    if lower.contains("gb-second") {
        return Some(("gb-s".into(), 1.0));
    }
    if lower.contains("gb-month") {
        return Some(("gb-month".into(), 1.0));
    }
    if lower.contains("wcu-hour") || lower.contains("rcu-hour") {
        return Some(("unit-hour".into(), 1.0));
    }
    let scale = if lower.starts_with("1m ") || lower.starts_with("million") {
        1e6
    } else if lower.starts_with("1,000 ") {
        1e3
    } else if lower.starts_with("10,000 ") {
        1e4
    } else {
        return None;
    };
    Some(("count".into(), scale))
}

/// The dimension and base value of a fact's unit and value.
pub fn fact_dim(unit: &str, value: f64) -> Option<(Dim, f64)> {
    if let Some((basis, scale)) = fact_price_basis(unit) {
        return Some((Dim::Price(basis), value / scale));
    }
    if let Some(per) = unit.strip_suffix(" per second") {
        let what = per.trim().to_ascii_lowercase();
        if what == "mb" {
            return Some((Dim::Rate("mb".into()), value));
        }
        return Some((Dim::Rate("count".into()), value));
    }
    match unit {
        "count" => return Some((Dim::Count, value)),
        "%" => return Some((Dim::Percent, value)),
        "GB-seconds" => return Some((Dim::GbSeconds, value)),
        "billion GB-seconds" => return Some((Dim::GbSeconds, value * 1e9)),
        _ => {}
    }
    let u = normalise_unit(unit)?;
    if let Some(kb) = size_kb(&u) {
        return Some((Dim::Size, value * kb));
    }
    time_s(&u).map(|s| (Dim::Time, value * s))
}

fn is_year(v: f64, text: &str) -> bool {
    (1990.0..=2100.0).contains(&v) && v.fract() == 0.0 && !text.contains(',')
}

/// Every claim in a sentence, read the way people write quantities: number words (`ten items`,
/// `fifteen minutes`, `a million requests`), units spelled out or split (`megabytes`,
/// `mega bytes`, `gigabyte-seconds`), filler between a number and its noun (`60 more
/// instances`) and shorthand sizes in a range (`128M to 3G`). Offsets and texts are those of the
/// sentence as written.
pub fn claims(sentence: &str) -> Vec<Claim> {
    let rw = Rewrite::new(sentence);
    let mut out = claims_normalised(&rw.text);
    for c in &mut out {
        c.start = rw.orig_start(c.start);
        c.end = rw.orig_end(c.end).max(c.start);
        c.text = sentence[c.start..c.end].trim().to_string();
    }
    out.retain(|c| !c.text.is_empty());
    out
}

/// The sentence as the claim reader sees it (number words as digits, units in one spelling):
/// what keywords are matched against besides the text as written.
pub fn normalised(sentence: &str) -> String {
    Rewrite::new(sentence).text
}

/// A sentence with number words and unit spellings rewritten, and the way back to the original
/// offsets.
struct Rewrite {
    text: String,
    /// (start in `text`, end in `text`, start in the original, end in the original), in order.
    edits: Vec<(usize, usize, usize, usize)>,
}

const SMALL: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

static NUMBER_WORD: Lazy<Regex> = Lazy::new(|| {
    let words: Vec<&str> = SMALL.iter().map(|(w, _)| *w).collect();
    let w = words.join("|");
    Regex::new(&format!(
        r"(?i)\b(?P<a>an?|{w})(?:[\s-](?P<b>{w}))?(?:\s+(?P<h>hundred))?(?P<m>\s+(?:thousand|million|billion))?\b"
    ))
    .unwrap()
});

static SPLIT_UNIT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:(?P<p>kilo|mega|giga|tera)[\s-]?bytes?|(?P<gbs>giga[\s-]?byte[\s-]seconds?|GB[\s-]seconds?|GB-sec)|(?P<mib>[KMGT]iB))\b").unwrap()
});

static SHORT_RANGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{NUM})\s?(?P<a>[MG])\s*(?:to|-|–)\s*(?:{NUM})\s?(?P<b>[MG])\b"
    ))
    .unwrap()
});

static FILLER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{NUM})\s+(?P<f>(?:more|additional|extra)\s+)[a-z]"
    ))
    .unwrap()
});

impl Rewrite {
    fn new(s: &str) -> Self {
        // (original range, replacement)
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        for c in NUMBER_WORD.captures_iter(s) {
            let a = c.name("a").unwrap();
            let val = |w: &str| {
                SMALL
                    .iter()
                    .find(|(x, _)| x.eq_ignore_ascii_case(w))
                    .map(|(_, v)| *v as f64)
            };
            let next: String = s[c.get(0).unwrap().end()..]
                .trim_start()
                .chars()
                .take_while(|ch| ch.is_alphabetic())
                .collect();
            let a_txt = a.as_str().to_ascii_lowercase();
            let mult = c.name("m").map(|m| m.as_str().trim().to_ascii_lowercase());
            // "a" and "an" only as "a million", "a thousand"; "one" only before a unit or a
            // multiplier ("one hour", "one million"), never "one function".
            let mut v = if a_txt == "a" || a_txt == "an" {
                if mult.is_none() && c.name("h").is_none() {
                    continue;
                }
                1.0
            } else {
                let Some(v) = val(&a_txt) else { continue };
                v
            };
            if a_txt == "one"
                && mult.is_none()
                && c.name("b").is_none()
                && normalise_unit(&next).is_none()
                && !next.eq_ignore_ascii_case("hundred")
            {
                continue;
            }
            if let Some(b) = c.name("b") {
                // "twenty five" / "twenty-five", not "five ten".
                let bv = val(b.as_str()).unwrap_or(0.0);
                if v >= 20.0 && v % 10.0 == 0.0 && bv < 10.0 {
                    v += bv;
                } else {
                    continue;
                }
            }
            if c.name("h").is_some() {
                v *= 100.0;
            }
            let end = c.name("m").or(c.name("h")).or(c.name("b")).unwrap_or(a).end();
            let digits = format!("{}", v as u64);
            let rep = match &mult {
                Some(m) => format!("{digits} {m}"),
                None => digits,
            };
            edits.push((a.start(), end, rep));
        }
        for c in SPLIT_UNIT.captures_iter(s) {
            let m = c.get(0).unwrap();
            let rep = if let Some(p) = c.name("p") {
                match p.as_str().to_ascii_lowercase().as_str() {
                    "kilo" => "KB",
                    "mega" => "MB",
                    "giga" => "GB",
                    _ => "TB",
                }
                .to_string()
            } else if c.name("gbs").is_some() {
                "GB-seconds".to_string()
            } else {
                m.as_str().replace("iB", "B").to_ascii_uppercase()
            };
            edits.push((m.start(), m.end(), rep));
        }
        for c in SHORT_RANGE.captures_iter(s) {
            for g in ["a", "b"] {
                let m = c.name(g).unwrap();
                edits.push((
                    m.start(),
                    m.end(),
                    format!("{}B", m.as_str().to_ascii_uppercase()),
                ));
            }
        }
        for c in FILLER.captures_iter(s) {
            let f = c.name("f").unwrap();
            edits.push((f.start(), f.end(), String::new()));
        }
        edits.sort_by_key(|e| (e.0, e.1));
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::new();
        let mut last = 0;
        for (a, b, rep) in edits {
            if a < last {
                continue; // overlapping: the first edit wins
            }
            text.push_str(&s[last..a]);
            let ns = text.len();
            text.push_str(&rep);
            map.push((ns, text.len(), a, b));
            last = b;
        }
        text.push_str(&s[last..]);
        Rewrite { text, edits: map }
    }

    fn shift(&self, p: usize, end: bool) -> usize {
        let mut delta: isize = 0;
        for &(ns, ne, os, oe) in &self.edits {
            if p < ns || (end && p == ns) {
                break;
            }
            if p < ne || (end && p == ne) {
                return if end { oe } else { os };
            }
            delta += (oe - os) as isize - (ne - ns) as isize;
        }
        (p as isize + delta) as usize
    }

    fn orig_start(&self, p: usize) -> usize {
        self.shift(p, false)
    }

    fn orig_end(&self, p: usize) -> usize {
        self.shift(p, true)
    }
}

fn claims_normalised(sentence: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for c in PRICE.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let v: f64 = c["v"].replace(',', "").parse().unwrap_or(f64::NAN);
        let n: f64 = match c.name("n").map(|n| n.as_str()) {
            None => 1.0,
            Some("one") => 1.0,
            Some(n) => n.replace(',', "").parse().unwrap_or(f64::NAN),
        };
        let Some((basis, per)) = price_basis(
            n,
            c.name("mult").map(|m| m.as_str()),
            c.name("what").map(|m| m.as_str()),
            c.name("hour").is_some(),
        ) else {
            continue;
        };
        if !(v.is_finite() && per.is_finite() && per > 0.0) {
            continue;
        }
        let end = c.name("what").map(|w| w.end()).unwrap_or(m.end());
        out.push(Claim {
            start: m.start(),
            end,
            text: sentence[m.start()..end].trim().to_string(),
            value: v / per,
            dim: Dim::Price(basis),
            bound: Bound::Single,
            coarse: false,
            approximate: approximate_before(&sentence[..m.start()]),
        });
        taken.push((m.start(), end));
    }
    // A tiny price written alone (`$0.0000002 per request` is caught above; `$0.0000166667` alone is
    // ambiguous and left out).
    let _ = &PRICE_BEFORE_ZERO;
    for c in QTY.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let vm = c.name("v").unwrap();
        if taken.iter().any(|(s, e)| vm.start() >= *s && vm.start() < *e) {
            continue;
        }
        // Part of a word, identifier, version or date.
        if let Some(prev) = sentence[..vm.start()].chars().next_back() {
            let prev2 = sentence[..vm.start() - prev.len_utf8()].chars().next_back();
            let glued = prev.is_alphanumeric()
                || matches!(prev, '_' | '.' | '/' | '#')
                || (prev == ':' && prev2.is_some_and(|p| p.is_alphanumeric()))
                // `ec2-10` is a name, `1-10` a range.
                || (prev == '-' && prev2.is_some_and(|p| p.is_alphabetic()));
            if glued {
                continue;
            }
        }
        let after = &sentence[m.end()..];
        if after.starts_with(['.', '/']) && after[1..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let text_v = vm.as_str();
        let Ok(mut v) = text_v.replace(',', "").parse::<f64>() else {
            continue;
        };
        let dollar = sentence[..vm.start()].ends_with('$');
        if dollar {
            continue; // prices without a basis are not matched
        }
        match c.name("mult").map(|x| x.as_str().to_ascii_lowercase()).as_deref() {
            Some("million") | Some("m") => v *= 1e6,
            Some("billion") => v *= 1e9,
            Some("thousand") | Some("k") => v *= 1e3,
            _ => {}
        }
        let unit_word = c.name("unit").map(|u| u.as_str()).unwrap_or("");
        let per_second = c.name("per").is_some() || unit_word.ends_with("/s") || unit_word.ends_with("/sec");
        let unit_base = unit_word.trim_end_matches("/sec").trim_end_matches("/s");
        let lower = unit_base.to_ascii_lowercase();
        let mut end = m.end();
        let (dim, value, coarse) = if lower.starts_with("gb-s") || lower == "gbs" {
            (Dim::GbSeconds, v, false)
        } else if unit_base == "%" || lower == "percent" {
            (Dim::Percent, v, false)
        } else if lower == "rps" || lower == "tps" {
            (Dim::Rate("count".into()), v, false)
        } else if let Some(u) = normalise_unit(unit_base) {
            if let Some(kb) = size_kb(&u) {
                if per_second {
                    (Dim::Rate(u.to_ascii_lowercase()), v, false)
                } else {
                    (Dim::Size, v * kb, u == "GB" || u == "TB")
                }
            } else if let Some(s) = time_s(&u) {
                if lower == "s" && after.trim_start().starts_with('3') {
                    continue; // "S3"
                }
                (
                    Dim::Time,
                    v * s,
                    matches!(u.as_str(), "min" | "h" | "day" | "week" | "year"),
                )
            } else {
                continue;
            }
        } else if per_second {
            (Dim::Rate("count".into()), v, false)
        } else if COUNT_NOUNS.contains(&lower.as_str())
            || (lower == "per" && PER_PERIOD.is_match(&sentence[m.end()..]))
            || (unit_base.is_empty() && count_label(sentence, vm.start(), m.end()))
            || bound_word_before(sentence, vm.start())
        {
            // "up to 10 batches": the noun stays in the claim (it says what is counted);
            // "up to 10 for a queue": the number alone.
            const GLUE: &[&str] = &[
                "for", "of", "in", "per", "a", "an", "the", "and", "or", "to", "at", "on", "with",
            ];
            if lower == "per" {
                // "60 per minute": the period says what the count is.
                end = m.end() + PER_PERIOD.find(&sentence[m.end()..]).map_or(0, |p| p.end());
            } else if !COUNT_NOUNS.contains(&lower.as_str())
                && (unit_base.is_empty() || GLUE.contains(&lower.as_str()))
            {
                end = vm.end();
            }
            if unit_base.is_empty() {
                end = vm.end();
            }
            if is_year(v, text_v) {
                continue;
            }
            (Dim::Count, v, false)
        } else {
            continue;
        };
        let pre = c.name("pre").is_some() || approximate_before(&sentence[..vm.start()]);
        let start = c.name("pre").map(|p| p.start()).unwrap_or(vm.start());
        let start = if dollar { start - 1 } else { start };
        out.push(Claim {
            start,
            end,
            text: sentence[start..end].trim().to_string(),
            value,
            dim,
            bound: Bound::Single,
            coarse,
            approximate: pre,
        });
    }
    out.sort_by_key(|c| c.start);
    // Ranges: `A – B` where B has a unit and A may borrow it.
    let mut i = 0;
    while i + 1 < out.len() {
        let gap = &sentence[out[i].end..out[i + 1].start];
        // "between 15 minutes and 1 hour" is a range too; "5 minutes and 1 hour" a list.
        let between_and = gap.trim().eq_ignore_ascii_case("and")
            && sentence[..out[i].start]
                .trim_end()
                .to_ascii_lowercase()
                .ends_with("between");
        if (RANGE_SEP.is_match(gap) || between_and) && out[i].dim == out[i + 1].dim {
            out[i].bound = Bound::Lower;
            out[i + 1].bound = Bound::Upper;
            i += 2;
            continue;
        }
        i += 1;
    }
    // A bare number before a unit-bearing one: `5 – 10 seconds`, `128 to 3008 MB`.
    for c in QTY_BARE_RANGE.captures_iter(sentence) {
        let a = c.get(1).unwrap();
        let Some(j) = out.iter().position(|x| x.start == c.get(2).unwrap().start()) else {
            continue;
        };
        if out.iter().any(|x| x.start <= a.start() && a.start() < x.end) {
            continue;
        }
        let Ok(av) = a.as_str().replace(',', "").parse::<f64>() else {
            continue;
        };
        let b = out[j].clone();
        let bv: f64 = c[2].replace(',', "").parse().unwrap_or(f64::NAN);
        if !(bv.is_finite() && bv != 0.0)
            || a.start() > 0 && sentence[..a.start()].ends_with(|ch: char| ch.is_alphanumeric() || ch == '$')
        {
            continue;
        }
        out[j].bound = Bound::Upper;
        out.push(Claim {
            start: a.start(),
            end: a.end(),
            text: a.as_str().to_string(),
            value: b.value * av / bv,
            dim: b.dim.clone(),
            bound: Bound::Lower,
            coarse: b.coarse,
            approximate: b.approximate,
        });
    }
    out.sort_by_key(|c| c.start);
    out
}

static QTY_BARE_RANGE: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"({NUM})\s*(?:–|—|-|to)\s*({NUM})")).unwrap());

/// A table cell that holds a bare number (`| items in one transaction | 25 |`): a count claim
/// when the row label or column header names what is counted with a count noun.
pub fn bare_count_cell(cell: &str, label: &str) -> Option<Claim> {
    static BARE: Lazy<Regex> = Lazy::new(|| Regex::new(&format!(r"^(?:{NUM})$")).unwrap());
    let text = cell.trim();
    if !BARE.is_match(text) {
        return None;
    }
    let value: f64 = text.replace(',', "").parse().ok()?;
    if is_year(value, text) {
        return None;
    }
    let counted = label
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| COUNT_NOUNS.contains(&w.to_ascii_lowercase().as_str()));
    counted.then(|| Claim {
        start: 0,
        end: cell.len(),
        text: text.to_string(),
        value,
        dim: Dim::Count,
        bound: Bound::Single,
        coarse: false,
        approximate: false,
    })
}

/// A number right after a bound ("up to 10 for a standard queue", "max 25 put requests"): a
/// count even without a noun, since the bound says it is a limit.
fn bound_word_before(sentence: &str, start: usize) -> bool {
    static BOUND: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:\bup to|\bmax\.?|\bmaximum(?: of)?|\bat most|\blimit(?: of| is)?|\bminimum(?: of)?|\bat least|\bmin\.?)\s*$").unwrap()
    });
    BOUND.is_match(&sentence[..start])
}

/// A bare number right after a label (`Concurrency limit: 1000`, `... is 25`).
fn count_label(sentence: &str, start: usize, end: usize) -> bool {
    let before = sentence[..start].trim_end();
    let after = sentence[end..].trim_start();
    let ends_clause = after.is_empty() || after.starts_with([',', ';', '.', '(', ')']);
    (before.ends_with(':') || before.ends_with(" is") || before.ends_with(" of") || before.ends_with(" to"))
        && ends_clause
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Claim {
        let c = claims(s);
        assert_eq!(c.len(), 1, "{s}: {c:?}");
        c.into_iter().next().unwrap()
    }

    #[test]
    fn spellings_of_one_value() {
        for s in ["3008 MB", "3,008 MB", "3,008MB", "3008 mb"] {
            let c = one(s);
            assert_eq!((c.dim.clone(), c.value), (Dim::Size, 3008.0 * 1024.0), "{s}");
        }
        assert_eq!(one("10GB").value, 10.0 * 1024.0 * 1024.0);
        assert!(one("3 GB").coarse);
        assert_eq!(one("15 minutes").value, 900.0);
        assert_eq!(one("900 seconds").value, 900.0);
        let p = one("$0.20 per 1 million requests");
        assert_eq!(p.dim, Dim::Price("count".into()));
        assert!((p.value - 0.0000002).abs() < 1e-15);
        let p = one("$0.0000002 per request");
        assert!((p.value - 0.0000002).abs() < 1e-15);
        let p = one("$1.00 for 600,000 GB-seconds");
        assert_eq!(p.dim, Dim::Price("gb-s".into()));
        let p = one("$0.00065 per WCU-hour");
        assert_eq!(p.dim, Dim::Price("unit-hour".into()));
        let p = one("$1.25 per million writes");
        assert!((p.value - 1.25e-6).abs() < 1e-15);
        assert_eq!(one("400,000 GB-seconds").dim, Dim::GbSeconds);
        assert_eq!(one("up to 100 items").dim, Dim::Count);
        assert_eq!(one("10,000 requests per second").dim, Dim::Rate("count".into()));
    }

    #[test]
    fn ranges() {
        let c = claims("from 128 MB to 10 GB");
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].bound, c[1].bound), (Bound::Lower, Bound::Upper));
        let c = claims("Execution: 5 – 10 seconds");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].value, 5.0);
        assert_eq!(c[0].bound, Bound::Lower);
    }

    #[test]
    fn not_claims() {
        assert!(claims("in 2020 the S3 bucket had ec2 v2").is_empty());
        assert!(claims("Every 1 hour").len() == 1);
        assert!(claims("ExpTime 1631188571").is_empty());
        assert!(claims("< 1 ms")[0].approximate);
    }
}
