//! The card browser's query language, after Anki's search syntax.
//!
//! ```text
//! lambda timeout                 both words, anywhere in front or back (case-insensitive, * wildcard)
//! "reserved concurrency"         a phrase
//! service:dynamodb  tag:exam     a service, a note tag (tag:aws also finds aws::lambda)
//! source:bundled  source:imported  source:anki  source:/home/me/notes   where the card comes from
//! is:due is:new is:learn is:review is:suspended is:buried is:flagged is:changed is:missing is:leech
//! flag:1                         a flag colour (flag:0 no flag)
//! prop:ivl>=10 prop:due<3 prop:lapses>2 prop:reps<5 prop:s>21 prop:d>0.7 prop:r<0.8
//! rated:7  rated:7:1             answered in the last 7 days (with again)
//! added:30  introduced:30        created / first answered in the last 30 days
//! -is:new   a or b   (a or b) c  negation, alternatives, grouping; terms side by side all apply
//! ```
//!
//! [`parse`] turns a query into a [`Node`] tree, or an [`Error::Query`] naming the token at fault
//! (its character offset and text); [`Node::matches`] evaluates it on one [`BrowseRow`].

use super::BrowseRow;
use crate::error::{Error, Result};
use crate::review::CardState;

/// Lapses from which a card counts as a leech (`is:leech`), as Anki's default.
pub const LEECH_LAPSES: u32 = 8;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Every card (the empty query).
    All,
    /// All of these.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Not this.
    Not(Box<Node>),
    /// Text in front or back (lowercase pattern, `*` matches anything).
    Text(String),
    /// The card's service (whole-value pattern).
    Service(String),
    /// A note tag (whole-value pattern; a parent tag finds its children).
    Tag(String),
    /// Where the card comes from.
    Source(SourceSel),
    /// A state or mark.
    Is(IsKind),
    /// A flag colour (0: none).
    Flag(u8),
    /// A numeric property compared with a value.
    Prop(Prop, Cmp, f64),
    /// Answered within the last `days` days (today is day 1), optionally with this grade.
    Rated {
        /// Days back.
        days: u32,
        /// Grade 1–4.
        rating: Option<u8>,
    },
    /// Created within the last `days` days.
    Added(u32),
    /// First answered within the last `days` days.
    Introduced(u32),
}

/// `source:` values.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceSel {
    /// The bundled notes (and the fact base, simulators and exam questions made from them).
    Bundled,
    /// The learner's imported notes and decks.
    Imported,
    /// A source key: `facts`, `sim`, `quiz`, `anki`, `csv`.
    Key(String),
    /// Notes under this folder (or this file): an absolute path or a `content/...` prefix.
    Path(String),
}

/// `is:` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsKind {
    /// Due today (learning or review), as Anki's `is:due`.
    Due,
    /// Never answered.
    New,
    /// In (re)learning steps.
    Learn,
    /// Graduated (review or relearning).
    Review,
    /// Suspended (by the learner or because its source is gone).
    Suspended,
    /// Buried until a later day.
    Buried,
    /// Any flag.
    Flagged,
    /// Content changed since last answered.
    Changed,
    /// Its source is gone.
    Missing,
    /// Lapsed [`LEECH_LAPSES`] times or more.
    Leech,
}

/// `prop:` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prop {
    /// Interval in days.
    Ivl,
    /// Days until due (negative: overdue); new cards have none.
    Due,
    /// Times forgotten.
    Lapses,
    /// Times answered.
    Reps,
    /// FSRS stability (days).
    Stability,
    /// FSRS difficulty on Anki's 0–1 scale (`(D - 1) / 9`).
    Difficulty,
    /// Retrievability now (0–1).
    Retrievability,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
    /// `!=`
    Ne,
}

impl Cmp {
    fn test(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Eq => (a - b).abs() < 1e-9,
            Cmp::Ne => (a - b).abs() >= 1e-9,
        }
    }
}

/// What evaluation needs besides the row: the study day and the time.
#[derive(Debug, Clone, Copy)]
pub struct EvalContext {
    /// Today's study day.
    pub today: i64,
    /// Now (unix ms).
    pub now_ms: i64,
    /// When the next study day starts (unix ms).
    pub next_day_start_ms: i64,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Minus,
    Or,
    And,
    /// A term, quotes and escapes removed.
    Word(String),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// Character offset.
    pos: usize,
    /// As written.
    text: String,
}

fn err(message: impl Into<String>, t: &Token) -> Error {
    Error::Query {
        message: message.into(),
        position: t.pos,
        token: t.text.clone(),
    }
}

fn lex(q: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let simple = |tok| Token {
            tok,
            pos: start,
            text: c.to_string(),
        };
        match c {
            '(' => {
                out.push(simple(Tok::Open));
                i += 1;
                continue;
            }
            ')' => {
                out.push(simple(Tok::Close));
                i += 1;
                continue;
            }
            '-' => {
                out.push(simple(Tok::Minus));
                i += 1;
                continue;
            }
            _ => {}
        }
        let mut value = String::new();
        let mut quoted = false;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '(' && chars[i] != ')' {
            if chars[i] == '"' {
                quoted = true;
                let open = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                        value.push(escaped(chars[i]));
                    } else {
                        value.push(chars[i]);
                    }
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(Error::Query {
                        message: "unclosed quote".into(),
                        position: open,
                        token: chars[open..].iter().collect(),
                    });
                }
                i += 1; // closing quote
            } else if chars[i] == '\\' && i + 1 < chars.len() {
                value.push(escaped(chars[i + 1]));
                i += 2;
            } else {
                value.push(chars[i]);
                i += 1;
            }
        }
        let text: String = chars[start..i].iter().collect();
        let tok = match (quoted, value.to_ascii_lowercase().as_str()) {
            (false, "or") => Tok::Or,
            (false, "and") => Tok::And,
            _ => Tok::Word(value),
        };
        out.push(Token {
            tok,
            pos: start,
            text,
        });
    }
    Ok(out)
}

/// Stands for an escaped colon (`\:`) until the term is split into field and value.
const LITERAL_COLON: char = '\u{0}';

fn escaped(c: char) -> char {
    if c == ':' {
        LITERAL_COLON
    } else {
        c
    }
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }

    fn or_expr(&mut self) -> Result<Node> {
        let mut alts = vec![self.and_expr()?];
        while let Some(t) = self.peek() {
            if t.tok != Tok::Or {
                break;
            }
            let or = t.clone();
            self.i += 1;
            match self.peek() {
                None => return Err(err("nothing after `or`", &or)),
                Some(n) if matches!(n.tok, Tok::Close | Tok::Or | Tok::And) => {
                    return Err(err("nothing after `or`", &or))
                }
                _ => {}
            }
            alts.push(self.and_expr()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Node::Or(alts)
        })
    }

    fn and_expr(&mut self) -> Result<Node> {
        let mut all = Vec::new();
        while let Some(t) = self.peek().cloned() {
            match t.tok {
                Tok::Close => break,
                Tok::Or => {
                    if all.is_empty() {
                        return Err(err("`or` needs a term before it", &t));
                    }
                    break;
                }
                Tok::And => {
                    if all.is_empty() {
                        return Err(err("`and` needs a term before it", &t));
                    }
                    self.i += 1;
                    match self.peek() {
                        Some(n) if !matches!(n.tok, Tok::Close | Tok::Or | Tok::And) => {}
                        _ => return Err(err("nothing after `and`", &t)),
                    }
                }
                _ => all.push(self.unary()?),
            }
        }
        Ok(if all.len() == 1 {
            all.pop().unwrap()
        } else {
            Node::And(all)
        })
    }

    fn unary(&mut self) -> Result<Node> {
        let t = self.peek().cloned().expect("unary called at a token");
        match t.tok {
            Tok::Minus => {
                self.i += 1;
                match self.peek() {
                    Some(n) if !matches!(n.tok, Tok::Close | Tok::Or | Tok::And) => {
                        Ok(Node::Not(Box::new(self.unary()?)))
                    }
                    _ => Err(err("nothing to negate after `-`", &t)),
                }
            }
            Tok::Open => {
                self.i += 1;
                if matches!(self.peek().map(|n| &n.tok), Some(Tok::Close)) {
                    return Err(err("empty parentheses", &t));
                }
                let inner = self.or_expr()?;
                match self.peek() {
                    Some(c) if c.tok == Tok::Close => {
                        self.i += 1;
                        Ok(inner)
                    }
                    _ => Err(err("this parenthesis is never closed", &t)),
                }
            }
            Tok::Word(ref value) => {
                self.i += 1;
                term(value, &t)
            }
            Tok::Close | Tok::Or | Tok::And => Err(err("unexpected token", &t)),
        }
    }
}

/// Parse a query. The empty query (or only spaces) is [`Node::All`].
pub fn parse(query: &str) -> Result<Node> {
    let toks = lex(query)?;
    if toks.is_empty() {
        return Ok(Node::All);
    }
    let mut p = Parser { toks, i: 0 };
    let node = p.or_expr()?;
    if let Some(t) = p.peek() {
        let t = t.clone();
        return Err(if t.tok == Tok::Close {
            err("`)` without a matching `(`", &t)
        } else {
            err("unexpected token", &t)
        });
    }
    Ok(node)
}

fn term(value: &str, t: &Token) -> Result<Node> {
    // `field:value` (quoted or not: `"source:/my notes"`); `\:` is a colon in text (`arn\:aws`).
    let Some((field, arg)) = value.split_once(':') else {
        if value.is_empty() {
            return Err(err("empty search term", t));
        }
        return Ok(Node::Text(value.replace(LITERAL_COLON, ":").to_lowercase()));
    };
    let arg = arg.replace(LITERAL_COLON, ":");
    let arg = arg.as_str();
    let value = &value.replace(LITERAL_COLON, ":");
    let arg_lc = arg.to_lowercase();
    let need = |what: &str| -> Result<()> {
        if arg.trim().is_empty() {
            Err(err(format!("`{field}:` needs {what}"), t))
        } else {
            Ok(())
        }
    };
    match field.to_ascii_lowercase().as_str() {
        "service" => {
            need("a service name")?;
            Ok(Node::Service(arg_lc))
        }
        "tag" => {
            need("a tag")?;
            Ok(Node::Tag(arg_lc))
        }
        "source" => {
            need("bundled, imported, anki, csv, facts, sim, quiz or a folder")?;
            Ok(Node::Source(match arg_lc.as_str() {
                "bundled" => SourceSel::Bundled,
                "imported" => SourceSel::Imported,
                "facts" | "sim" | "quiz" | "anki" | "csv" => SourceSel::Key(arg_lc),
                _ if arg.starts_with('/')
                    || arg.starts_with("content/")
                    || arg.contains('\\')
                    || arg.starts_with('~') =>
                {
                    SourceSel::Path(arg.trim_end_matches(['/', '\\']).to_string())
                }
                _ => {
                    return Err(err(
                        format!(
                            "unknown source {arg:?}: use bundled, imported, anki, csv, facts, sim, quiz, \
                             or a folder (an absolute path, or content/...)"
                        ),
                        t,
                    ))
                }
            }))
        }
        "is" => Ok(Node::Is(match arg_lc.as_str() {
            "due" => IsKind::Due,
            "new" => IsKind::New,
            "learn" => IsKind::Learn,
            "review" => IsKind::Review,
            "suspended" => IsKind::Suspended,
            "buried" => IsKind::Buried,
            "flagged" => IsKind::Flagged,
            "changed" => IsKind::Changed,
            "missing" => IsKind::Missing,
            "leech" => IsKind::Leech,
            _ => {
                return Err(err(
                    format!(
                        "unknown is:{arg}: use due, new, learn, review, suspended, buried, flagged, \
                         changed, missing or leech"
                    ),
                    t,
                ))
            }
        })),
        "flag" => match arg.parse::<u8>() {
            Ok(n) if n <= 7 => Ok(Node::Flag(n)),
            _ => Err(err(format!("flag:{arg}: expected 0 (no flag) to 7"), t)),
        },
        "prop" => prop(&arg_lc, t),
        "rated" => {
            let (d, r) = match arg.split_once(':') {
                Some((d, r)) => (d, Some(r)),
                None => (arg, None),
            };
            let days = days_of(d, "rated", t)?;
            let rating = match r {
                None => None,
                Some(r) => match r.parse::<u8>() {
                    Ok(n @ 1..=4) => Some(n),
                    _ => return Err(err(format!("rated:{arg}: the grade must be 1 to 4"), t)),
                },
            };
            Ok(Node::Rated { days, rating })
        }
        "added" => Ok(Node::Added(days_of(arg, "added", t)?)),
        "introduced" => Ok(Node::Introduced(days_of(arg, "introduced", t)?)),
        other => Err(err(
            format!(
                "unknown search field `{other}:` (to search for the text, escape the colon: {})",
                value.replacen(':', "\\:", 1)
            ),
            t,
        )),
    }
}

fn days_of(s: &str, field: &str, t: &Token) -> Result<u32> {
    match s.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(err(
            format!("{field}:{s}: expected a number of days (1 or more)"),
            t,
        )),
    }
}

fn prop(arg: &str, t: &Token) -> Result<Node> {
    let at = arg.find(['<', '>', '=', '!']).ok_or_else(|| {
        err(
            format!("prop:{arg}: expected a comparison such as prop:ivl>=10"),
            t,
        )
    })?;
    let (key, rest) = arg.split_at(at);
    let (cmp, value) = if let Some(v) = rest.strip_prefix(">=") {
        (Cmp::Ge, v)
    } else if let Some(v) = rest.strip_prefix("<=") {
        (Cmp::Le, v)
    } else if let Some(v) = rest.strip_prefix("!=") {
        (Cmp::Ne, v)
    } else if let Some(v) = rest.strip_prefix('>') {
        (Cmp::Gt, v)
    } else if let Some(v) = rest.strip_prefix('<') {
        (Cmp::Lt, v)
    } else if let Some(v) = rest.strip_prefix('=') {
        (Cmp::Eq, v)
    } else {
        return Err(err(format!("prop:{arg}: unknown comparison"), t));
    };
    let key = match key {
        "ivl" => Prop::Ivl,
        "due" => Prop::Due,
        "lapses" => Prop::Lapses,
        "reps" => Prop::Reps,
        "s" => Prop::Stability,
        "d" => Prop::Difficulty,
        "r" => Prop::Retrievability,
        _ => {
            return Err(err(
                format!(
                "prop:{key}: use ivl, due, lapses, reps, s (stability), d (difficulty) or r (retrievability)"
            ),
                t,
            ))
        }
    };
    let v: f64 = value
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| err(format!("prop:{arg}: {value:?} is not a number"), t))?;
    Ok(Node::Prop(key, cmp, v))
}

/// Does `text` contain `pattern` (`*` matches any run of characters)? Both lowercase.
fn contains_glob(text: &str, pattern: &str) -> bool {
    if !pattern.contains('*') {
        return text.contains(pattern);
    }
    let mut rest = text;
    for part in pattern.split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Is `value` all of `pattern` (`*` matches any run)? Case-insensitive (pattern lowercase).
fn equals_glob(value: &str, pattern: &str) -> bool {
    if !pattern.contains('*') {
        // No allocation for the usual ASCII value (this runs once per card).
        return if value.is_ascii() {
            value.eq_ignore_ascii_case(pattern)
        } else {
            value.to_lowercase() == pattern
        };
    }
    let value = value.to_lowercase();
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !value.starts_with(first) || !value[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &value[first.len()..value.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

impl Node {
    /// Whether a card matches.
    pub fn matches(&self, r: &BrowseRow, cx: &EvalContext) -> bool {
        match self {
            Node::All => true,
            Node::And(v) => v.iter().all(|n| n.matches(r, cx)),
            Node::Or(v) => v.iter().any(|n| n.matches(r, cx)),
            Node::Not(n) => !n.matches(r, cx),
            Node::Text(p) => contains_glob(&r.haystack, p),
            Node::Service(p) => equals_glob(&r.service, p),
            Node::Tag(p) => r.tags.iter().any(|t| {
                equals_glob(t, p)
                    || (t.len() > p.len() + 2
                        && t.as_bytes()[p.len()..].starts_with(b"::")
                        && equals_glob(&t[..p.len()], p))
            }),
            Node::Source(s) => match s {
                SourceSel::Bundled => r.source_kind == "bundled",
                SourceSel::Imported => r.source_kind == "imported",
                SourceSel::Key(k) => r.source_key == *k,
                SourceSel::Path(p) => {
                    r.source.file == *p
                        || r.source
                            .file
                            .strip_prefix(p.as_str())
                            .is_some_and(|rest| rest.starts_with(['/', '\\']))
                }
            },
            Node::Is(k) => match k {
                IsKind::Due => r.state != CardState::New && r.due < cx.next_day_start_ms,
                IsKind::New => r.state == CardState::New,
                IsKind::Learn => matches!(r.state, CardState::Learning | CardState::Relearning),
                IsKind::Review => matches!(r.state, CardState::Review | CardState::Relearning),
                IsKind::Suspended => r.suspended,
                IsKind::Buried => r.buried,
                IsKind::Flagged => r.flag > 0,
                IsKind::Changed => r.changed,
                IsKind::Missing => r.missing,
                IsKind::Leech => r.lapses >= LEECH_LAPSES,
            },
            Node::Flag(f) => r.flag == *f,
            Node::Prop(p, c, v) => {
                let value = match p {
                    Prop::Ivl => (r.state != CardState::New).then_some(r.interval_days as f64),
                    Prop::Due => r.due_in_days.map(|d| d as f64),
                    Prop::Lapses => Some(r.lapses as f64),
                    Prop::Reps => Some(r.reps as f64),
                    Prop::Stability => r.stability.map(|v| v as f64),
                    Prop::Difficulty => r.difficulty.map(|d| ((d as f64 - 1.0) / 9.0).clamp(0.0, 1.0)),
                    Prop::Retrievability => r.retrievability.map(|v| v as f64),
                };
                value.is_some_and(|x| c.test(x, *v))
            }
            Node::Rated { days, rating } => {
                let from = cx.today - *days as i64;
                r.recent
                    .iter()
                    .any(|&(d, g)| d > from && rating.is_none_or(|want| want == g))
            }
            Node::Added(days) => r.added_day > cx.today - *days as i64,
            Node::Introduced(days) => r.introduced_day.is_some_and(|d| d > cx.today - *days as i64),
        }
    }

    /// The longest `rated:` span in the query (0: none), so the caller loads only that much log.
    pub fn rated_days(&self) -> u32 {
        match self {
            Node::And(v) | Node::Or(v) => v.iter().map(Node::rated_days).max().unwrap_or(0),
            Node::Not(n) => n.rated_days(),
            Node::Rated { days, .. } => *days,
            _ => 0,
        }
    }

    /// Whether the query uses `introduced:`.
    pub fn uses_introduced(&self) -> bool {
        match self {
            Node::And(v) | Node::Or(v) => v.iter().any(Node::uses_introduced),
            Node::Not(n) => n.uses_introduced(),
            Node::Introduced(_) => true,
            _ => false,
        }
    }
}
