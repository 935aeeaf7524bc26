//! The syllabus vocabulary that search expands a query with.
//!
//! `content/glossary.toml` holds groups of terms that mean the same thing to a learner
//! (`DLQ` / `dead-letter queue`, `TTL` / `time to live`, plain words / an API name):
//!
//! ```toml
//! [[term]]
//! same = ["DLQ", "dead-letter queue"]
//! ```
//!
//! The keywords of `content/facts.toml` add more: within one fact, a short keyword that is the
//! initials of a longer one (`RCU` / `read capacity unit`) becomes a group too. Expansion happens
//! at query time only, so the index does not grow.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// Terms as lowercase word lists, and for each the other terms of its groups.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// term words → (term as written, the other terms as written with their words).
    map: HashMap<Vec<String>, Vec<Synonym>>,
    /// Longest term, in words.
    longest: usize,
}

/// Another way to say a term.
#[derive(Debug, Clone, PartialEq)]
pub struct Synonym {
    /// As written in the glossary.
    pub label: String,
    /// Its lowercase words.
    pub words: Vec<String>,
}

#[derive(Deserialize)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<GlossaryTerm>,
}

#[derive(Deserialize)]
struct GlossaryTerm {
    same: Vec<String>,
}

#[derive(Deserialize)]
struct FactKeywords {
    #[serde(default)]
    fact: Vec<FactEntry>,
}

#[derive(Deserialize)]
struct FactEntry {
    #[serde(default)]
    keywords: Vec<String>,
}

/// Lowercase words of a term, cut like the search tokenizer cuts them.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Glossary {
    /// Build from groups of equivalent terms.
    pub fn from_groups(groups: &[Vec<String>]) -> Self {
        let mut g = Glossary::default();
        for group in groups {
            let terms: Vec<(String, Vec<String>)> = group
                .iter()
                .map(|t| (t.clone(), words(t)))
                .filter(|(_, w)| !w.is_empty())
                .collect();
            for (i, (_, w)) in terms.iter().enumerate() {
                let entry = g.map.entry(w.clone()).or_default();
                for (j, (label, ow)) in terms.iter().enumerate() {
                    if i != j && ow != w && !entry.iter().any(|s| &s.words == ow) {
                        entry.push(Synonym {
                            label: label.clone(),
                            words: ow.clone(),
                        });
                    }
                }
                g.longest = g.longest.max(w.len());
            }
        }
        g.map.retain(|_, v| !v.is_empty());
        g
    }

    /// Load `glossary.toml` and the fact keywords of `facts.toml` from `content_dir` (either may
    /// be missing; a file that does not parse is skipped).
    pub fn load(content_dir: &Path) -> Self {
        let mut groups: Vec<Vec<String>> = Vec::new();
        if let Ok(text) = std::fs::read_to_string(content_dir.join("glossary.toml")) {
            if let Ok(f) = toml::from_str::<GlossaryFile>(&text) {
                groups.extend(f.term.into_iter().map(|t| t.same));
            }
        }
        if let Ok(text) = std::fs::read_to_string(content_dir.join("facts.toml")) {
            if let Ok(f) = toml::from_str::<FactKeywords>(&text) {
                groups.extend(f.fact.iter().flat_map(|f| initialism_pairs(&f.keywords)));
            }
        }
        Glossary::from_groups(&groups)
    }

    /// Number of terms with synonyms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The synonyms of the longest term starting at `words[0]`: (words used, synonyms).
    pub fn longest_match(&self, words: &[String]) -> Option<(usize, &[Synonym])> {
        for n in (1..=self.longest.min(words.len())).rev() {
            if let Some(s) = self.map.get(&words[..n]) {
                return Some((n, s));
            }
        }
        None
    }
}

/// `["RCU", "read capacity unit", "4 KB"]` → `[["RCU", "read capacity unit"]]`.
fn initialism_pairs(keywords: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for short in keywords {
        let sw = words(short);
        if sw.len() != 1 || sw[0].len() < 2 || sw[0].chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        for long in keywords {
            let lw = words(long);
            if lw.len() < 2 {
                continue;
            }
            let initials: String = lw.iter().filter_map(|w| w.chars().next()).collect();
            if initials == sw[0] {
                out.push(vec![short.clone(), long.clone()]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_expand_both_ways_and_longest_term_wins() {
        let g = Glossary::from_groups(&[
            vec!["DLQ".into(), "dead-letter queue".into()],
            vec!["queue".into(), "SQS".into()],
        ]);
        let (n, s) = g.longest_match(&words("dead letter queue redrive")).unwrap();
        assert_eq!(n, 3);
        assert_eq!(s[0].label, "DLQ");
        let (n, s) = g.longest_match(&words("dlq")).unwrap();
        assert_eq!((n, s[0].words.clone()), (1, words("dead letter queue")));
        assert!(g.longest_match(&words("lambda")).is_none());
    }

    #[test]
    fn fact_keywords_give_initialisms() {
        let pairs = initialism_pairs(&[
            "RCU".into(),
            "read capacity unit".into(),
            "4 KB".into(),
            "strongly consistent".into(),
        ]);
        assert_eq!(
            pairs,
            vec![vec!["RCU".to_string(), "read capacity unit".to_string()]]
        );
        let pitr = initialism_pairs(&["PITR".into(), "point-in-time recovery".into()]);
        assert_eq!(pitr.len(), 1);
    }

    #[test]
    fn the_bundled_glossary_loads() {
        let g = Glossary::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
        for t in ["dlq", "ttl", "sigv4", "rcu", "pitr"] {
            assert!(g.longest_match(&words(t)).is_some(), "{t}");
        }
    }
}
