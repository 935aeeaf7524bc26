//! The AWS-aware index-side tokenizer.
//!
//! Words are runs of letters and digits, as tantivy's simple tokenizer cuts them, so everything
//! that matched before still matches. On top of that:
//! - an API name written in CamelCase is kept whole and also split into its words
//!   (`BatchWriteItem` → `batchwriteitem`, `batch`, `write`, `item`), so plain words find it;
//! - a number with a unit of size or time also yields one normalised token, the value in bytes or
//!   seconds (`4 KB`, `4KB`, `4 kilobytes` and `4096 bytes` all give `4096b`; `15 min` and
//!   `900 seconds` give `900s`).
//!
//! The extra tokens take the position and the text span of the words they come from, so phrases
//! and highlighted snippets keep working.

use once_cell::sync::Lazy;
use regex::Regex;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The kind of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Size,
    Time,
}

/// A unit word and what one of it is worth in bytes or seconds.
fn unit(word: &str) -> Option<(UnitKind, f64)> {
    let w = word.to_ascii_lowercase();
    let kib = 1024.0;
    Some(match w.as_str() {
        "b" | "byte" | "bytes" => (UnitKind::Size, 1.0),
        "kb" | "kib" | "kilobyte" | "kilobytes" | "kbs" => (UnitKind::Size, kib),
        "mb" | "mib" | "megabyte" | "megabytes" | "mbs" => (UnitKind::Size, kib * kib),
        "gb" | "gib" | "gigabyte" | "gigabytes" | "gbs" => (UnitKind::Size, kib * kib * kib),
        "tb" | "tib" | "terabyte" | "terabytes" => (UnitKind::Size, kib * kib * kib * kib),
        "ms" | "msec" | "millisecond" | "milliseconds" => (UnitKind::Time, 0.001),
        "s" | "sec" | "secs" | "second" | "seconds" => (UnitKind::Time, 1.0),
        "min" | "mins" | "minute" | "minutes" => (UnitKind::Time, 60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => (UnitKind::Time, 3600.0),
        "day" | "days" => (UnitKind::Time, 86_400.0),
        "week" | "weeks" => (UnitKind::Time, 604_800.0),
        _ => return None,
    })
}

/// Number, optional space, unit word: `4 KB`, `4KB`, `10,240 MB`, `4.5 KB`, `15 min`.
static QUANTITY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[ \u{a0}]?([a-z]+)\b").expect("quantity regex")
});

/// A quantity found in a text: its byte span and normalised token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    pub start: usize,
    pub end: usize,
    pub token: String,
    pub kind: UnitKind,
}

/// The normalised token of `value` `unit` (`4`, `KB` → `4096b`), if the unit is one we know.
pub(crate) fn quantity_token(value: &str, unit_word: &str) -> Option<(String, UnitKind)> {
    let (kind, factor) = unit(unit_word)?;
    let v: f64 = value.replace(',', "").parse().ok()?;
    let n = v * factor;
    if !(0.0..=1e18).contains(&n) {
        return None;
    }
    let n = n.round() as u64;
    Some((
        match kind {
            UnitKind::Size => format!("{n}b"),
            UnitKind::Time => format!("{n}s"),
        },
        kind,
    ))
}

/// Every quantity in `text`.
pub(crate) fn quantities(text: &str) -> Vec<Quantity> {
    QUANTITY
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let (token, kind) = quantity_token(c.get(1)?.as_str(), c.get(2)?.as_str())?;
            Some(Quantity {
                start: all.start(),
                end: all.end(),
                token,
                kind,
            })
        })
        .collect()
}

/// The words of a CamelCase name (`BatchWriteItem` → Batch, Write, Item; `SSEKMSKey` → SSEKMS,
/// Key), or nothing when the word is not one.
pub(crate) fn camel_parts(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 4 || !chars.iter().any(|(_, c)| c.is_lowercase()) {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1].1, chars[i].1);
        let next = chars.get(i + 1).map(|c| c.1);
        let lower_to_upper = (prev.is_lowercase() || prev.is_ascii_digit()) && cur.is_uppercase();
        let acronym_end = prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(|n| n.is_lowercase());
        if lower_to_upper || acronym_end {
            cuts.push(chars[i].0);
        }
    }
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut from = 0;
    for c in cuts {
        parts.push(&word[from..c]);
        from = c;
    }
    parts.push(&word[from..]);
    parts
}

/// The index-side tokenizer (see the module documentation).
#[derive(Clone, Default)]
pub(crate) struct AwsTokenizer;

/// The tokens of one text, produced at once.
pub(crate) struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn token(text: &str, from: usize, to: usize, position: usize) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text: text.to_string(),
        position_length: 1,
    }
}

impl Tokenizer for AwsTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let quantities = quantities(text);
        let mut q = quantities.iter().peekable();
        let mut tokens = Vec::new();
        let mut position = 0;
        let mut start = None;
        let mut push_word = |from: usize, to: usize, tokens: &mut Vec<Token>, position: &mut usize| {
            let word = &text[from..to];
            let here = *position;
            tokens.push(token(word, from, to, here));
            while let Some(qt) = q.peek() {
                if qt.start < from {
                    q.next();
                    continue;
                }
                if qt.start == from {
                    tokens.push(token(&qt.token, qt.start, qt.end, here));
                    q.next();
                }
                break;
            }
            let parts = camel_parts(word);
            let mut at = from;
            for (i, p) in parts.iter().enumerate() {
                tokens.push(token(p, at, at + p.len(), here + i));
                at += p.len();
            }
            *position += parts.len().max(1);
        };
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
            } else if let Some(s) = start.take() {
                push_word(s, i, &mut tokens, &mut position);
            }
        }
        if let Some(s) = start {
            push_word(s, text.len(), &mut tokens, &mut position);
        }
        VecTokenStream { tokens, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        let mut t = AwsTokenizer;
        let mut stream = t.token_stream(s);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn sizes_written_four_ways_share_one_token() {
        for s in ["4 KB", "4KB", "4 kilobytes", "4096 bytes", "4,096 bytes", "4 KiB"] {
            assert!(texts(s).contains(&"4096b".to_string()), "{s}: {:?}", texts(s));
        }
        assert!(texts("4.5 KB").contains(&"4608b".to_string()));
        assert!(!texts("4 KB").contains(&"4000b".to_string()));
    }

    #[test]
    fn durations_written_differently_share_one_token() {
        for s in ["15 min", "15 minutes", "900 seconds", "900s", "900 sec"] {
            assert!(texts(s).contains(&"900s".to_string()), "{s}: {:?}", texts(s));
        }
        assert!(texts("1 day").contains(&"86400s".to_string()));
        assert!(texts("24 hours").contains(&"86400s".to_string()));
        assert!(!texts("15 apples")
            .iter()
            .any(|t| t.ends_with('s') && t.starts_with("15")));
    }

    #[test]
    fn camel_case_names_are_kept_whole_and_split() {
        let t = texts("use BatchWriteItem now");
        assert_eq!(t, ["use", "BatchWriteItem", "Batch", "Write", "Item", "now"]);
        assert_eq!(
            camel_parts("GetParametersByPath"),
            ["Get", "Parameters", "By", "Path"]
        );
        assert_eq!(camel_parts("SSEKMSKey"), ["SSEKMS", "Key"]);
        assert!(camel_parts("lambda").is_empty());
        assert!(camel_parts("KMS").is_empty());
        assert!(camel_parts("Lambda").is_empty());
    }

    #[test]
    fn positions_leave_room_for_the_parts() {
        let mut t = AwsTokenizer;
        let mut s = t.token_stream("PutItem then");
        let mut pos = Vec::new();
        while s.advance() {
            pos.push((s.token().text.clone(), s.token().position));
        }
        assert_eq!(
            pos,
            [
                ("PutItem".into(), 0),
                ("Put".into(), 0),
                ("Item".into(), 1),
                ("then".into(), 2)
            ]
        );
    }
}
