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

use super::{Fields, RAW, STEM};
use crate::error::Result;

/// One word of a query, in both analyses.
#[derive(Debug, Clone)]
struct Word {
    stems: Vec<String>,
    raws: Vec<String>,
    /// A function word ("vs", "the", "what"): helps ranking, never required.
    stop: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default)]
pub struct ParsedQuery {
    words: Vec<Word>,
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

fn analyse(index: &Index, tokenizer: &str, text: &str) -> Vec<String> {
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
    pub(crate) fn parse(input: &str, index: &Index, _fields: &Fields) -> Result<Self> {
        let mut q = ParsedQuery {
            prefix_last: !input.ends_with(char::is_whitespace),
            ..Default::default()
        };
        let word = |t: &str| Word {
            stems: analyse(index, STEM, t),
            stop: {
                let raws = analyse(index, RAW, t);
                !raws.is_empty() && raws.iter().all(|r| STOP_WORDS.contains(&r.as_str()))
            },
            raws: analyse(index, RAW, t),
        };
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
            let w = word(token);
            if !w.raws.is_empty() {
                q.words.push(w);
            }
        }
        if q.words.is_empty() {
            q.prefix_last = false;
        }
        Ok(q)
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
        Box::new(BooleanQuery::new(parts))
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
                    for stem in analyse(index, STEM, t) {
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
