//! Turning what a learner types into tantivy queries.
//!
//! Syntax: plain words (all must match), `"quoted phrases"`, and filters `service:lambda`,
//! `source:imported`, `tag:concurrency`. The last word, unless followed by a space, also matches
//! as a prefix, so results appear while the word is still being typed.

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, Searcher, Term};

use super::analysis::{self, camel_parts, UnitKind};
use super::glossary::{self, Glossary};
use super::{Fields, RAW_Q, STEM_Q};
use crate::error::Result;

/// One word of a query (or a run of words the glossary knows as one term), in both analyses.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// As typed.
    pub(crate) typed: String,
    pub(crate) stems: Vec<String>,
    pub(crate) raws: Vec<String>,
    /// A function word ("vs", "the", "what"): helps ranking, never required.
    stop: bool,
    /// Other ways to say it, any of which matches instead: glossary synonyms, the words of a
    /// CamelCase name, the same quantity in another unit.
    pub(crate) alts: Vec<Alt>,
}

/// Another way to say a query word.
#[derive(Debug, Clone)]
pub(crate) struct Alt {
    /// Shown in the hit's explanation.
    pub(crate) label: String,
    pub(crate) stems: Vec<String>,
    pub(crate) raws: Vec<String>,
    /// A normalised quantity token (`900s`, `4096b`) instead of words.
    pub(crate) quantity: Option<String>,
}

/// What kind of number a question asks for ("how long", "what is the limit").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    Time,
    Size,
    Number,
}

/// A parsed query.
#[derive(Debug, Clone, Default)]
pub struct ParsedQuery {
    pub(crate) words: Vec<Word>,
    /// The kind of number asked for, if the question asks for one.
    pub(crate) intent: Option<Intent>,
    phrases: Vec<Word>,
    /// The last word may be incomplete (no trailing space).
    prefix_last: bool,
    services: Vec<String>,
    sources: Vec<String>,
    tags: Vec<String>,
}

pub(crate) fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

pub(crate) fn analyse(index: &Index, tokenizer: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(mut a) = index.tokenizers().get(tokenizer) {
        let mut stream = a.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
    }
    out
}

impl ParsedQuery {
    pub(crate) fn parse(input: &str, index: &Index, glossary: &Glossary) -> Result<Self> {
        let mut q = ParsedQuery {
            prefix_last: !input.ends_with(char::is_whitespace),
            ..Default::default()
        };
        let word = |t: &str| {
            let raws = analyse(index, RAW_Q, t);
            Word {
                typed: t.to_string(),
                stems: analyse(index, STEM_Q, t),
                stop: !raws.is_empty() && raws.iter().all(|r| STOP_WORDS.contains(&r.as_str())),
                raws,
                alts: Vec::new(),
            }
        };
        let mut plain: Vec<&str> = Vec::new();
        let mut rest = input;
        while !rest.is_empty() {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix('"') {
                let end = after.find('"').unwrap_or(after.len());
                let w = word(&after[..end]);
                if !w.raws.is_empty() {
                    q.phrases.push(w);
                }
                rest = after.get(end + 1..).unwrap_or("");
                if end == after.len() {
                    // Unclosed quote while typing: treat as a phrase so far.
                    q.prefix_last = false;
                }
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let token = &rest[..end];
            rest = &rest[end..];
            if let Some((k, v)) = token.split_once(':') {
                let v = v.trim().to_lowercase();
                match k.to_ascii_lowercase().as_str() {
                    "service" if !v.is_empty() => {
                        q.services.push(v);
                        continue;
                    }
                    "source" if !v.is_empty() => {
                        q.sources.push(v);
                        continue;
                    }
                    "tag" if !v.is_empty() => {
                        q.tags.push(v);
                        continue;
                    }
                    _ => {}
                }
            }
            if !analyse(index, RAW_Q, token).is_empty() {
                plain.push(token);
            }
        }
        // Group the plain words: a number with its unit, the longest glossary term, else one word.
        let mut i = 0;
        while i < plain.len() {
            let (len, alts) = Self::group_at(&plain[i..], index, glossary);
            let mut w = word(&plain[i..i + len].join(" "));
            w.alts = alts;
            if len > 1 {
                w.stop = false;
            }
            q.words.push(w);
            i += len;
        }
        q.find_intent();
        if q.words.is_empty() {
            q.prefix_last = false;
        }
        Ok(q)
    }

    /// How many of `toks` form the next query word, and its other spellings.
    fn group_at(toks: &[&str], index: &Index, glossary: &Glossary) -> (usize, Vec<Alt>) {
        let alt_words = |label: &str, text: &str| Alt {
            label: label.to_string(),
            stems: analyse(index, STEM_Q, text),
            raws: analyse(index, RAW_Q, text),
            quantity: None,
        };
        // A quantity: "15 min", "15min", "4 KB".
        for len in [2usize, 1] {
            if toks.len() < len {
                continue;
            }
            let text = toks[..len].join(" ");
            let found = analysis::quantities(&text);
            if let Some(qt) = found.first() {
                let whole = qt.start == 0 && (len == 1 || qt.end > toks[0].len());
                if whole {
                    return (
                        len,
                        vec![Alt {
                            label: quantity_label(&qt.token, qt.kind),
                            stems: Vec::new(),
                            raws: Vec::new(),
                            quantity: Some(qt.token.clone()),
                        }],
                    );
                }
            }
        }
        // The longest glossary term starting here that covers whole typed words.
        let mut flat: Vec<String> = Vec::new();
        let mut ends = Vec::new();
        for t in toks.iter().take(8) {
            flat.extend(glossary::words(t));
            ends.push(flat.len());
        }
        let mut found: Option<(usize, Vec<Alt>)> = None;
        for (k, &end) in ends.iter().enumerate().rev() {
            if let Some((n, syns)) = glossary.longest_match(&flat[..end]) {
                if n == end {
                    found = Some((
                        k + 1,
                        syns.iter()
                            .map(|s| alt_words(&s.label, &s.words.join(" ")))
                            .collect(),
                    ));
                    break;
                }
            }
        }
        let (len, mut alts) = found.unwrap_or((1, Vec::new()));
        if len == 1 {
            let parts = camel_parts(toks[0].trim_matches(|c: char| !c.is_alphanumeric()));
            if parts.len() >= 2 {
                let text = parts.join(" ");
                alts.push(alt_words(&text.to_lowercase(), &text));
            }
        }
        (len, alts)
    }

    /// "How long", "how many", "max", "limit", "default": the question asks for a number. Those
    /// words stop being required (notes say "up to 25", not "the limit is 25"), and sections
    /// holding a number of the asked kind rank up.
    fn find_intent(&mut self) {
        let mut intent = None;
        let single = |w: &Word| (w.raws.len() == 1 && w.alts.is_empty()).then(|| w.raws[0].clone());
        for i in 0..self.words.len() {
            let Some(r) = single(&self.words[i]) else {
                continue;
            };
            let after_how = i > 0 && single(&self.words[i - 1]).as_deref() == Some("how");
            let kind = match r.as_str() {
                "long" | "often" if after_how => Some(Intent::Time),
                "many" if after_how => Some(Intent::Number),
                "much" | "big" | "large" if after_how => Some(Intent::Size),
                "max" | "maximum" | "min" | "minimum" | "limit" | "limits" | "default" | "number"
                | "count" => Some(Intent::Number),
                "size" => Some(Intent::Size),
                _ => None,
            };
            if let Some(k) = kind {
                self.words[i].stop = true;
                intent = match (intent, k) {
                    (Some(Intent::Time | Intent::Size), Intent::Number) => intent,
                    _ => Some(k),
                };
            }
        }
        if intent.is_none() {
            return;
        }
        for w in &mut self.words {
            if let Some(r) = single(w) {
                let timely = matches!(
                    r.as_str(),
                    "timeout"
                        | "duration"
                        | "retention"
                        | "ttl"
                        | "lifetime"
                        | "interval"
                        | "period"
                        | "latency"
                        | "delay"
                        | "wait"
                        | "last"
                        | "expire"
                        | "expiry"
                );
                if timely && intent == Some(Intent::Number) {
                    intent = Some(Intent::Time);
                }
                if FILLERS.contains(&r.as_str()) {
                    w.stop = true;
                }
            }
        }
        // A quantity typed in the question says what it wants already.
        if self
            .words
            .iter()
            .any(|w| w.alts.iter().any(|a| a.quantity.is_some()))
        {
            intent = None;
        }
        self.intent = intent;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    pub(crate) fn can_fuzz(&self) -> bool {
        self.words
            .iter()
            .any(|w| w.raws.iter().any(|r| r.chars().count() >= 4))
    }

    pub(crate) fn filters(&self, f: &Fields) -> Vec<Box<dyn Query>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        for s in &self.services {
            out.push(term(f.service, s));
        }
        for s in &self.sources {
            out.push(term(f.source, s));
        }
        for t in &self.tags {
            out.push(term(f.tags, t));
        }
        out
    }

    fn word_clause(&self, f: &Fields, w: &Word, prefix: bool) -> Box<dyn Query> {
        // Each analysed token of the word must match somewhere.
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let n = w.stems.len().max(w.raws.len());
        for i in 0..n {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(stem) = w.stems.get(i) {
                for (field, boost) in [(f.title, 3.0), (f.heading, 2.0), (f.body, 1.0)] {
                    let t = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::WithFreqs);
                    alts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(t), boost))));
                }
            }
            if let Some(raw) = w.raws.get(i) {
                alts.push((Occur::Should, term(f.words, raw)));
                let last_token = i + 1 == n;
                if prefix && last_token {
                    let t = Term::from_field_text(f.words, raw);
                    let pq = FuzzyTermQuery::new_prefix(t, 0, false);
                    alts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(pq), 0.5))));
                }
            }
            parts.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        let base: Box<dyn Query> = Box::new(BooleanQuery::new(parts));
        if w.alts.is_empty() {
            return base;
        }
        let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, base)];
        for a in &w.alts {
            if let Some(token) = &a.quantity {
                let alts: Vec<(Occur, Box<dyn Query>)> = vec![
                    (Occur::Should, term(f.words, token)),
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(
                                Term::from_field_text(f.body, token),
                                IndexRecordOption::WithFreqs,
                            )),
                            1.0,
                        )),
                    ),
                ];
                any.push((Occur::Should, Box::new(BooleanQuery::new(alts))));
            } else if !a.stems.is_empty() {
                let aw = Word {
                    typed: a.label.clone(),
                    stems: a.stems.clone(),
                    raws: a.raws.clone(),
                    stop: false,
                    alts: Vec::new(),
                };
                any.push((Occur::Should, self.word_clause(f, &aw, false)));
            }
        }
        Box::new(BooleanQuery::new(any))
    }

    fn phrase_clause(f: &Fields, w: &Word) -> Box<dyn Query> {
        if w.stems.len() >= 2 {
            let terms = w.stems.iter().map(|s| Term::from_field_text(f.body, s)).collect();
            let heading_terms = w
                .stems
                .iter()
                .map(|s| Term::from_field_text(f.heading, s))
                .collect();
            let title_terms = w
                .stems
                .iter()
                .map(|s| Term::from_field_text(f.title, s))
                .collect();
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, Box::new(PhraseQuery::new(terms)) as Box<dyn Query>),
                (Occur::Should, Box::new(PhraseQuery::new(heading_terms))),
                (Occur::Should, Box::new(PhraseQuery::new(title_terms))),
            ]))
        } else {
            let s = w.stems.first().cloned().unwrap_or_default();
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(f.body, &s)),
                (Occur::Should, term(f.title, &s)),
                (Occur::Should, term(f.heading, &s)),
            ]))
        }
    }

    /// True when a word is required: every word but function words, unless the query has nothing
    /// else (so "what is" still means something).
    fn required(&self, w: &Word) -> bool {
        !w.stop || self.words.iter().all(|w| w.stop)
    }

    /// Number of content words (those [`ParsedQuery::relaxed_query`] counts).
    pub(crate) fn content_words(&self) -> usize {
        self.words.iter().filter(|w| self.required(w)).count()
    }

    /// Every word (and phrase) must match, function words excepted; the last word also as a prefix.
    pub(crate) fn exact_query(&self, f: &Fields, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = self.words.len().saturating_sub(1);
        for (i, w) in self.words.iter().enumerate() {
            let occur = if self.required(w) {
                Occur::Must
            } else {
                Occur::Should
            };
            clauses.push((occur, self.word_clause(f, w, self.prefix_last && i == last)));
        }
        for p in &self.phrases {
            clauses.push((Occur::Must, Self::phrase_clause(f, p)));
        }
        // Words next to each other as typed rank higher.
        let stems: Vec<String> = self.words.iter().flat_map(|w| w.stems.clone()).collect();
        if stems.len() >= 2 {
            let terms = stems.iter().map(|s| Term::from_field_text(f.body, s)).collect();
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), 2.0)),
            ));
        }
        Self::with_filters(clauses, filters)
    }

    /// When every word together finds little: sections with most of the words (all but one of
    /// two or three, about two thirds of longer queries), ranked by BM25.
    pub(crate) fn relaxed_query(&self, f: &Fields, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        let last = self.words.len().saturating_sub(1);
        let words: Vec<Box<dyn Query>> = self
            .words
            .iter()
            .enumerate()
            .filter(|(_, w)| self.required(w))
            .map(|(i, w)| self.word_clause(f, w, self.prefix_last && i == last))
            .collect();
        let n = words.len();
        let need = if n <= 3 {
            n.saturating_sub(1)
        } else {
            (n * 2).div_ceil(3)
        }
        .max(1);
        let some = BooleanQuery::with_minimum_required_clauses(
            words.into_iter().map(|q| (Occur::Should, q)).collect(),
            need,
        );
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(some))];
        for p in &self.phrases {
            clauses.push((Occur::Must, Self::phrase_clause(f, p)));
        }
        Self::with_filters(clauses, filters)
    }

    /// Typo-tolerant: each word is replaced by the indexed words within an edit distance that grows
    /// with its length, and those are scored with BM25 like exact words.
    pub(crate) fn fuzzy_query(
        &self,
        index: &Index,
        searcher: &Searcher,
        f: &Fields,
        filters: Vec<Box<dyn Query>>,
    ) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in &self.words {
            for raw in &w.raws {
                let d = distance(raw);
                let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, term(f.words, raw))];
                let near = if d == 0 {
                    Vec::new()
                } else {
                    expand(searcher, f.words, raw, false, d)?
                };
                for t in near.iter().chain(std::iter::once(raw)) {
                    alts.push((Occur::Should, term(f.words, t)));
                    for stem in analyse(index, STEM_Q, t) {
                        for (field, boost) in [(f.title, 3.0), (f.heading, 2.0), (f.body, 1.0)] {
                            let q = TermQuery::new(
                                Term::from_field_text(field, &stem),
                                IndexRecordOption::WithFreqs,
                            );
                            alts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
                        }
                    }
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
            }
        }
        for p in &self.phrases {
            clauses.push((Occur::Must, Self::phrase_clause(f, p)));
        }
        Ok(Self::with_filters(clauses, filters))
    }

    fn with_filters(
        mut clauses: Vec<(Occur, Box<dyn Query>)>,
        filters: Vec<Box<dyn Query>>,
    ) -> Box<dyn Query> {
        for q in filters {
            clauses.push((Occur::Must, q));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A plain term query over the stored `text` field naming every term that matched, so the
    /// snippet generator can highlight them (it cannot see inside prefix or fuzzy queries).
    pub(crate) fn snippet_query(
        &self,
        searcher: &Searcher,
        f: &Fields,
        fuzzy: bool,
    ) -> Result<Box<dyn Query>> {
        let mut terms: Vec<Term> = Vec::new();
        let last = self.words.len().saturating_sub(1);
        for (i, w) in self.words.iter().enumerate() {
            for a in &w.alts {
                if let Some(t) = &a.quantity {
                    terms.push(Term::from_field_text(f.text, t));
                }
                for raw in &a.raws {
                    terms.push(Term::from_field_text(f.text, raw));
                }
            }
            for (j, raw) in w.raws.iter().enumerate() {
                terms.push(Term::from_field_text(f.text, raw));
                let is_prefix = self.prefix_last && i == last && j + 1 == w.raws.len();
                if is_prefix || fuzzy {
                    for t in expand(
                        searcher,
                        f.text,
                        raw,
                        is_prefix,
                        if fuzzy { distance(raw) } else { 0 },
                    )? {
                        terms.push(Term::from_field_text(f.text, &t));
                    }
                }
            }
        }
        for p in &self.phrases {
            for raw in &p.raws {
                terms.push(Term::from_field_text(f.text, raw));
            }
        }
        Ok(Box::new(TermSetQuery::new(terms)))
    }
}

/// Function words people type in questions ("what is", "X vs Y") that notes rarely contain.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "in",
    "is", "it", "of", "on", "or", "the", "to", "versus", "vs", "what", "when", "which", "why", "with",
];

/// Verbs a "how long" or "how many" question wraps around the thing it asks about
/// ("how long do credentials last"): not required once the question asks for a number.
const FILLERS: &[&str] = &[
    "last", "lasts", "take", "takes", "keep", "kept", "stay", "stays", "get", "need", "needed", "allowed",
    "there", "have", "has", "set", "much", "many", "long",
];

/// `900s` → "900 seconds", `4096b` → "4096 bytes".
fn quantity_label(token: &str, kind: UnitKind) -> String {
    let n = token.trim_end_matches(['s', 'b']);
    match kind {
        UnitKind::Time => format!("{n} seconds"),
        UnitKind::Size => format!("{n} bytes"),
    }
}

fn distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Terms of `field` that start with `word` (prefix) or lie within `dist` edits of it.
fn expand(searcher: &Searcher, field: Field, word: &str, prefix: bool, dist: u8) -> Result<Vec<String>> {
    const MAX: usize = 24;
    let mut out = Vec::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(field)?;
        let dict = inv.terms();
        if prefix {
            let mut upper = word.as_bytes().to_vec();
            let mut stream = if let Some(last) = upper.last_mut() {
                if *last < 0xff {
                    *last += 1;
                    dict.range()
                        .ge(word.as_bytes())
                        .lt(&upper)
                        .into_stream()
                        .map_err(|e| crate::Error::Index(e.to_string()))?
                } else {
                    dict.range()
                        .ge(word.as_bytes())
                        .into_stream()
                        .map_err(|e| crate::Error::Index(e.to_string()))?
                }
            } else {
                continue;
            };
            while stream.advance() && out.len() < MAX {
                if let Ok(s) = std::str::from_utf8(stream.key()) {
                    if s.starts_with(word) {
                        out.push(s.to_string());
                    }
                }
            }
        }
        if dist > 0 {
            // Scan terms sharing the first letter (typos rarely hit it) and keep the close ones.
            let first: String = word.chars().take(1).collect();
            let mut upper = first.as_bytes().to_vec();
            if let Some(l) = upper.last_mut() {
                *l = l.saturating_add(1);
            }
            let mut stream = dict
                .range()
                .ge(first.as_bytes())
                .lt(&upper)
                .into_stream()
                .map_err(|e| crate::Error::Index(e.to_string()))?;
            while stream.advance() && out.len() < MAX * 2 {
                if let Ok(s) = std::str::from_utf8(stream.key()) {
                    if s.len().abs_diff(word.len()) <= dist as usize && levenshtein(s, word) <= dist as usize
                    {
                        out.push(s.to_string());
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Damerau (optimal string alignment) distance, as tantivy's fuzzy query with transpositions.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::levenshtein;

    #[test]
    fn osa_distance() {
        assert_eq!(levenshtein("lambda", "lmabda"), 1);
        assert_eq!(levenshtein("dynamodb", "dynamdb"), 1);
        assert_eq!(levenshtein("kinesis", "kinesis"), 0);
    }
}
