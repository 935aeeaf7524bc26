//! Worked examples: re-compute what a line claims.
//!
//! Three shapes are recognised:
//!
//! * **explicit arithmetic** `a × b ÷ c = r` (also `x`, `*`, `/`, `+`, `−`, parentheses, units
//!   after numbers, LaTeX turned into plain text by [`super::scan`]), evaluated directly, also with
//!   ms → s and MB → GB when that is what makes the units work;
//! * **DynamoDB capacity** "N (strongly consistent | eventually consistent | transactional)
//!   reads/writes per second of S KB … R RCU/WCU", re-computed with the `dynamodb-capacity`
//!   simulator (the inputs may sit on an earlier line of the same section);
//! * **Lambda GB-seconds** "N requests … D ms … M MB … R GB-seconds", re-computed with the
//!   `lambda-cost` simulator.
//!
//! Rounding a result up, down or to the shown decimals is accepted; so is any reading of an input
//! the note leaves open (reads with no consistency stated may be either).

use std::collections::BTreeMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::scan::Unit;
use super::{Finding, FindingKind};
use crate::facts::FactBase;
use crate::sim::{self, InputValue};

/// What earlier lines of the same section said (inputs of a worked example).
#[derive(Debug, Default)]
pub struct State {
    section: String,
    capacity: Option<CapacityInputs>,
}

#[derive(Debug, Clone)]
struct CapacityInputs {
    rate: f64,
    size_kb: f64,
    op: Option<&'static str>,
    consistency: Option<&'static str>,
    transactional: bool,
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+";

fn num(s: &str) -> f64 {
    s.replace(',', "").parse().unwrap_or(f64::NAN)
}

/// Format a number for a person: up to 6 significant decimals, thousands separated.
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v.abs() as i64);
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if v < 0.0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        let s = if v.abs() >= 1.0 {
            format!("{v:.4}")
        } else {
            format!("{v:.10}")
        };
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// True when `claimed` is an acceptable way of writing `computed`.
fn agrees(claimed: f64, claimed_text: &str, computed: f64, loose: bool) -> bool {
    if !computed.is_finite() {
        return true;
    }
    let rel = if loose { 0.02 } else { 0.005 };
    if (claimed - computed).abs() <= 1e-9 + rel * computed.abs().max(claimed.abs()) {
        return true;
    }
    if claimed.fract() == 0.0 && (claimed == computed.ceil() || claimed == computed.floor()) {
        return true;
    }
    // Rounded to the decimals shown.
    let decimals = claimed_text
        .rsplit_once('.')
        .map(|(_, d)| d.chars().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0);
    let half = 0.5 * 10f64.powi(-(decimals as i32));
    (claimed - computed).abs() <= half + 1e-12
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Value (multiplier applied), unit word, multiplier.
    Num(f64, String, f64),
    Op(char),
    L,
    R,
}

static TOKEN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?P<num>(?:\$\s?)?(?:{NUM}))(?:\s?(?P<mult>million\b|billion\b|thousand\b|M\b|k\b|bn\b))?(?:\s?(?P<unit>%|[A-Za-z][A-Za-z-]*(?:/s)?))?
        |(?P<op>[×*÷/+−–]|\bx\b|\s-\s)
        |(?P<l>\()|(?P<r>\))
        |(?P<word>\S)"
    ))
    .unwrap()
});

/// Tokens of the arithmetic expression that ends `seg`, with the byte offset where it starts.
fn trailing_expr(seg: &str) -> Option<(usize, Vec<Tok>)> {
    let mut toks: Vec<(usize, Tok)> = Vec::new();
    for c in TOKEN.captures_iter(seg) {
        let m = c.get(0).unwrap();
        if let Some(n) = c.name("num") {
            let unit = c.name("unit").map(|u| u.as_str().to_string()).unwrap_or_default();
            let raw = n.as_str().trim_start_matches('$').trim();
            // A number glued to a word (`ec2`) is not an operand.
            if n.start() > 0
                && seg[..n.start()].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_' || ch == '.')
            {
                toks.clear();
                continue;
            }
            if ["x", "X"].contains(&unit.as_str()) {
                toks.push((m.start(), Tok::Num(num(raw), String::new(), 1.0)));
                toks.push((m.start(), Tok::Op('*')));
                continue;
            }
            let mult = match c.name("mult").map(|x| x.as_str()) {
                Some("million") | Some("M") => 1e6,
                Some("billion") | Some("bn") => 1e9,
                Some("thousand") | Some("k") => 1e3,
                _ => 1.0,
            };
            toks.push((m.start(), Tok::Num(num(raw) * mult, unit, mult)));
        } else if let Some(o) = c.name("op") {
            let ch = match o.as_str().trim() {
                "×" | "*" | "x" => '*',
                "÷" | "/" => '/',
                "+" => '+',
                _ => '-',
            };
            toks.push((m.start(), Tok::Op(ch)));
        } else if c.name("l").is_some() {
            toks.push((m.start(), Tok::L));
        } else if c.name("r").is_some() {
            toks.push((m.start(), Tok::R));
        } else {
            // Any other word or sign ends the expression so far.
            toks.clear();
        }
    }
    // Drop leading operators and unmatched parens.
    while matches!(toks.first(), Some((_, Tok::Op(_))) | Some((_, Tok::R))) {
        toks.remove(0);
    }
    let mut depth = 0i32;
    for (_, t) in &toks {
        match t {
            Tok::L => depth += 1,
            Tok::R => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    while depth > 0 {
        let pos = toks.iter().position(|(_, t)| *t == Tok::L)?;
        toks.remove(pos);
        depth -= 1;
    }
    let nums = toks.iter().filter(|(_, t)| matches!(t, Tok::Num(..))).count();
    let ops = toks.iter().filter(|(_, t)| matches!(t, Tok::Op(_))).count();
    if nums < 2 || ops == 0 || nums != ops + 1 {
        return None;
    }
    if matches!(toks.last(), Some((_, Tok::Op(_)))) {
        return None;
    }
    let start = toks.first()?.0;
    Some((start, toks.into_iter().map(|(_, t)| t).collect()))
}

/// Evaluate; `convert` turns ms into s and MB into GB, `plain_mult` drops `million` multipliers
/// ("262.8 million × $0.125 per million").
fn eval(toks: &[Tok], convert: bool, plain_mult: bool) -> Option<f64> {
    fn prec(c: char) -> u8 {
        if c == '*' || c == '/' {
            2
        } else {
            1
        }
    }
    fn apply(vals: &mut Vec<f64>, op: char) -> Option<()> {
        let b = vals.pop()?;
        let a = vals.pop()?;
        vals.push(match op {
            '*' => a * b,
            '/' => a / b,
            '+' => a + b,
            _ => a - b,
        });
        Some(())
    }
    let mut vals: Vec<f64> = Vec::new();
    let mut ops: Vec<char> = Vec::new();
    for t in toks {
        match t {
            Tok::Num(v, unit, mult) => {
                let u = unit.to_ascii_lowercase();
                let v = &if plain_mult { v / mult } else { *v };
                let v = if convert && u == "ms" {
                    v / 1000.0
                } else if convert && u == "mb" {
                    v / 1024.0
                } else if u == "%" {
                    return None;
                } else {
                    *v
                };
                vals.push(v);
            }
            Tok::Op(o) => {
                while let Some(&top) = ops.last() {
                    if top != '(' && prec(top) >= prec(*o) {
                        apply(&mut vals, ops.pop()?)?;
                    } else {
                        break;
                    }
                }
                ops.push(*o);
            }
            Tok::L => ops.push('('),
            Tok::R => {
                while let Some(top) = ops.pop() {
                    if top == '(' {
                        break;
                    }
                    apply(&mut vals, top)?;
                }
            }
        }
    }
    while let Some(top) = ops.pop() {
        if top != '(' {
            apply(&mut vals, top)?;
        }
    }
    (vals.len() == 1).then(|| vals[0])
}

static EQ: Lazy<Regex> = Lazy::new(|| Regex::new(r"=|≈|~=|\bequals\b|→|⇒|->").unwrap());
static LEAD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^\s*\**\$?\s?(?P<v>{NUM})(?:\s?(?P<mult>million\b|billion\b|thousand\b))?(?:\s?(?P<unit>%|[A-Za-z][A-Za-z-]*))?"
    ))
    .unwrap()
});

fn explicit(unit: &Unit, file: &str) -> Vec<Finding> {
    let text = &unit.text;
    let seps: Vec<regex::Match> = EQ.find_iter(text).collect();
    let mut out = Vec::new();
    for (i, sep) in seps.iter().enumerate() {
        let seg_start = if i == 0 { 0 } else { seps[i - 1].end() };
        let seg = &text[seg_start..sep.start()];
        let Some((off, toks)) = trailing_expr(seg) else {
            continue;
        };
        let next_end = seps.get(i + 1).map(|s| s.start()).unwrap_or(text.len());
        let rest = &text[sep.end()..next_end];
        let Some(lead) = LEAD.captures(rest) else { continue };
        let claimed_text = &lead["v"];
        let claimed = num(claimed_text)
            * match lead.name("mult").map(|m| m.as_str()) {
                Some("million") => 1e6,
                Some("billion") => 1e9,
                Some("thousand") => 1e3,
                _ => 1.0,
            };
        if rest[lead.get(0).unwrap().end()..]
            .trim_start()
            .starts_with(['×', '*', '÷', '/', '+', '−'])
        {
            continue; // `= 2 × 3`: an intermediate step, checked as its own pair
        }
        let loose = sep.as_str() != "=";
        let plain = eval(&toks, false, false);
        let converted = eval(&toks, true, false);
        let unscaled = eval(&toks, false, true);
        let Some(v) = plain else { continue };
        if agrees(claimed, claimed_text, v, loose)
            || converted.is_some_and(|c| agrees(claimed, claimed_text, c, loose))
            || unscaled.is_some_and(|c| agrees(claimed, claimed_text, c, loose))
        {
            continue;
        }
        let result_unit = lead
            .name("unit")
            .map(|u| u.as_str().to_ascii_lowercase())
            .unwrap_or_default();
        let best = match converted {
            Some(c) if result_unit.starts_with("gb-s") || result_unit == "gb" => c,
            _ => v,
        };
        let claim = text[seg_start + off..sep.end() + lead.get(0).unwrap().end()]
            .trim()
            .to_string();
        let lhs = text[seg_start + off..sep.start()].trim();
        out.push(Finding::new(
            FindingKind::Arithmetic,
            file,
            unit.line,
            &claim,
            fmt(best),
            None,
            format!("{lhs} = {}, not {claimed_text}.", fmt(best)),
        ));
    }
    out
}

static RATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?ix)(?P<n>{NUM})\s*(?P<mult>k\b|thousand\b)?\s*
        (?:(?P<cons>strongly[\s-]consistent|eventually[\s-]consistent|transactional|standard)\s+)?
        (?P<op>reads?|writes?|read\s+requests?|write\s+requests?|items?|requests?)\s*
        (?:per\s+second|/\s*s(?:ec(?:ond)?)?\b|a\s+second|each\s+second|per\s+sec\b|per\s+s\b)"
    ))
    .unwrap()
});
static SIZE: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)(?P<v>{NUM})\s?(?P<u>KB|KiB|kB|bytes|B)\b")).unwrap());
static UNITS_CLAIM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<v>{NUM})\s?(?P<u>WCUs?|RCUs?|write capacity units|read capacity units)\b"
    ))
    .unwrap()
});
static RESULT_CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)=|\btotal\b|\bneeds?\b|\brequires?\b|\brequired\b|\bso\b|\btherefore\b|\bgives\b|→|->|\bcomes to\b").unwrap()
});

fn consistency_of(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    if t.contains("strongly consistent")
        || t.contains("strongly-consistent")
        || t.contains("strong consistency")
    {
        Some("strong")
    } else if t.contains("eventually consistent")
        || t.contains("eventual consistency")
        || t.contains("eventual read")
    {
        Some("eventual")
    } else {
        None
    }
}

fn capacity(unit: &Unit, file: &str, facts: &FactBase, state: &mut State) -> Option<Vec<Finding>> {
    let text = &unit.text;
    // Inputs on this line?
    let rate = RATE.captures(text);
    let size = SIZE.captures_iter(text).find(|c| {
        // Not a unit definition ("up to 4 KB") nor an item-size limit.
        let before = &text[..c.get(0).unwrap().start()].to_lowercase();
        !before.ends_with("up to ") && !before.ends_with("per ")
    });
    if let (Some(r), Some(s)) = (&rate, &size) {
        let mut n = num(&r["n"]);
        if r.name("mult").is_some() {
            n *= 1000.0;
        }
        let kb = match s["u"].to_ascii_lowercase().as_str() {
            "bytes" | "b" => num(&s["v"]) / 1024.0,
            _ => num(&s["v"]),
        };
        let op = r["op"].to_ascii_lowercase();
        let op = if op.starts_with("read") {
            Some("read")
        } else if op.starts_with("write") {
            Some("write")
        } else {
            None
        };
        state.capacity = Some(CapacityInputs {
            rate: n,
            size_kb: kb,
            op,
            consistency: r
                .name("cons")
                .and_then(|c| consistency_of(c.as_str()))
                .or_else(|| consistency_of(text)),
            transactional: text.to_lowercase().contains("transaction"),
        });
    }
    if rate.is_none() || size.is_none() {
        // A line that changes one input of the example above ("At 8.1 KB ...").
        if let Some(inputs) = state.capacity.as_mut() {
            if let Some(s) = &size {
                inputs.size_kb = match s["u"].to_ascii_lowercase().as_str() {
                    "bytes" | "b" => num(&s["v"]) / 1024.0,
                    _ => num(&s["v"]),
                };
            }
            if let Some(r) = &rate {
                inputs.rate = num(&r["n"]);
            }
        }
    }
    let claim = UNITS_CLAIM.captures_iter(text).last()?;
    // The result comes after a cue ("=", "so", "total", "needs"), and after the inputs.
    let cue = RESULT_CUE.find(text)?;
    let inputs_end = [
        rate.as_ref().map(|r| r.get(0).unwrap().end()),
        size.as_ref().map(|s| s.get(0).unwrap().end()),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let at = claim.get(0).unwrap().start();
    if at < cue.start() || at < inputs_end {
        return None;
    }
    let inputs = state.capacity.clone()?;
    let is_write = claim["u"].to_ascii_lowercase().starts_with('w');
    if let Some(op) = inputs.op {
        if (op == "write") != is_write {
            return None;
        }
    }
    let claimed = num(&claim["v"]);
    let lower = text.to_lowercase();
    let same_line = rate.is_some();
    let transactional = lower.contains("transaction") || (same_line && inputs.transactional);
    let mut modes: Vec<(&str, &str)> = Vec::new();
    if is_write {
        modes.push((
            "write_mode",
            if transactional {
                "transactional"
            } else {
                "standard"
            },
        ));
    } else if transactional {
        modes.push(("read_consistency", "transactional"));
    } else {
        match consistency_of(text).or(inputs.consistency) {
            Some(c) => modes.push(("read_consistency", c)),
            None => {
                modes.push(("read_consistency", "strong"));
                modes.push(("read_consistency", "eventual"));
            }
        }
    }
    let output = if is_write { "wcu" } else { "rcu" };
    let mut first: Option<(String, sim::ClaimCheck)> = None;
    for (key, mode) in &modes {
        let mut inp: BTreeMap<String, InputValue> = BTreeMap::new();
        let rate_key = if is_write {
            "writes_per_second"
        } else {
            "reads_per_second"
        };
        inp.insert(rate_key.into(), InputValue::Number(inputs.rate));
        inp.insert("item_size_kb".into(), InputValue::Number(inputs.size_kb));
        inp.insert((*key).into(), InputValue::Text((*mode).into()));
        let Ok(check) = sim::check_claim("dynamodb-capacity", &inp, output, claimed, facts) else {
            return None;
        };
        if check.holds {
            return Some(Vec::new());
        }
        if first.is_none() {
            let working = sim::run("dynamodb-capacity", &inp, facts).ok()?.explanation;
            first = Some((working, check));
        }
    }
    let (working, check) = first?;
    let working: String = working
        .lines()
        .find(|l| {
            l.to_lowercase()
                .starts_with(if is_write { "writes" } else { "reads" })
        })
        .unwrap_or(&working)
        .to_string();
    let fact = facts.get(if is_write {
        "dynamodb.wcu.size"
    } else {
        "dynamodb.rcu.size"
    });
    let unit_word = if is_write { "WCU" } else { "RCU" };
    let mut f = Finding::new(
        FindingKind::Arithmetic,
        file,
        unit.line,
        claim.get(0).unwrap().as_str(),
        format!("{} {unit_word}", fmt(check.computed)),
        fact,
        format!("{} Working: {working}", check.explanation),
    );
    if modes.len() > 1 {
        f.explanation
            .push_str(" (the consistency is not stated; neither reading gives the claimed figure)");
    }
    Some(vec![f])
}

static REQS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<v>{NUM})\s*(?P<m>million|M\b|k\b|thousand)?\s*(?:requests|invocations|executions|calls|invokes)\b"
    ))
    .unwrap()
});
static DUR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<v>{NUM})\s?(?P<u>ms|milliseconds?|s|sec|seconds?)\b"
    ))
    .unwrap()
});
static MEM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<v>{NUM})\s?(?P<u>MB|GB)\b(?:\s*(?:of\s+)?(?:memory|RAM))?"
    ))
    .unwrap()
});
static GBS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<v>{NUM})\s*(?P<m>million|M\b)?\s*GB-?s(?:ec(?:ond)?s?)?\b"
    ))
    .unwrap()
});

fn gb_seconds(unit: &Unit, file: &str, facts: &FactBase) -> Option<Vec<Finding>> {
    let text = &unit.text;
    let r = REQS.captures(text)?;
    let durs: Vec<_> = DUR.captures_iter(text).collect();
    let mems: Vec<_> = MEM
        .captures_iter(text)
        .filter(|c| !text[c.get(0).unwrap().end()..].starts_with('-'))
        .collect();
    let results: Vec<_> = GBS.captures_iter(text).collect();
    if durs.len() != 1 || mems.len() != 1 || results.len() != 1 || !RESULT_CUE.is_match(text) {
        return None;
    }
    let mut n = num(&r["v"]);
    match r.name("m").map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
        Some("million") | Some("m") => n *= 1e6,
        Some("k") | Some("thousand") => n *= 1e3,
        _ => {}
    }
    let d = &durs[0];
    let ms = if d["u"].to_ascii_lowercase().starts_with("m") {
        num(&d["v"])
    } else {
        num(&d["v"]) * 1000.0
    };
    let m = &mems[0];
    let mb = if m["u"].eq_ignore_ascii_case("gb") {
        num(&m["v"]) * 1024.0
    } else {
        num(&m["v"])
    };
    let g = &results[0];
    let mut claimed = num(&g["v"]);
    if g.name("m").is_some() {
        claimed *= 1e6;
    }
    let mut inp: BTreeMap<String, InputValue> = BTreeMap::new();
    inp.insert("requests_per_month".into(), InputValue::Number(n));
    inp.insert("avg_duration_ms".into(), InputValue::Number(ms));
    inp.insert("memory_mb".into(), InputValue::Number(mb));
    inp.insert("free_tier".into(), InputValue::Bool(false));
    let check = sim::check_claim("lambda-cost", &inp, "gb_seconds", claimed, facts).ok()?;
    if check.holds || agrees(claimed, &g["v"], check.computed, false) {
        return Some(Vec::new());
    }
    Some(vec![Finding::new(
        FindingKind::Arithmetic,
        file,
        unit.line,
        g.get(0).unwrap().as_str(),
        format!("{} GB-seconds", fmt(check.computed)),
        None,
        format!(
            "{} requests × {} s × {} GB = {} GB-seconds ({}).",
            fmt(n),
            fmt(ms / 1000.0),
            fmt(mb / 1024.0),
            fmt(check.computed),
            check.explanation
        ),
    )])
}

/// Check one unit of text for wrong worked examples.
pub fn check_unit(unit: &Unit, file: &str, facts: &FactBase, state: &mut State) -> Option<Vec<Finding>> {
    let section = unit.context.split(" | ").next().unwrap_or("").to_string();
    if section != state.section {
        state.section = section;
        state.capacity = None;
    }
    if let Some(f) = capacity(unit, file, facts, state) {
        if !f.is_empty() {
            return Some(f);
        }
    }
    if let Some(f) = gb_seconds(unit, file, facts) {
        if !f.is_empty() {
            return Some(f);
        }
    }
    let f = explicit(unit, file);
    (!f.is_empty()).then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str) -> Unit {
        Unit {
            line: 1,
            text: text.into(),
            raw: text.into(),
            context: "h".into(),
            label: String::new(),
        }
    }

    #[test]
    fn explicit_arithmetic() {
        assert!(explicit(&unit("Total: 10 × 2 = 20 WCU"), "f").is_empty());
        assert_eq!(explicit(&unit("Total: 10 × 2 = 30 WCU"), "f").len(), 1);
        assert!(explicit(&unit("3,000,000 × 0.120 s × 0.5 GB = 180,000 GB-seconds"), "f").is_empty());
        assert!(explicit(&unit("3,000,000 × 120 ms × 512 MB = 180,000 GB-seconds"), "f").is_empty());
        assert!(explicit(&unit("2,100,000 × $0.0000166667 = $35.00007 ≈ $35.00"), "f").is_empty());
        assert!(explicit(&unit("5 KB / 4 KB = 2 units"), "f").is_empty());
        let f = explicit(&unit("requests 3 × $0.20 = $0.80"), "f");
        assert_eq!(f[0].expected, "0.6");
        assert!(explicit(&unit("(6) ÷ (2) = 3"), "f").is_empty());
    }
}
