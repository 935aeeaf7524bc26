//! The fact base: every limit, quota, price and default the notes teach, with its source.
//!
//! `content/facts.toml` holds `[[fact]]` tables:
//!
//! ```toml
//! [[fact]]
//! id = "lambda.memory.max"
//! service = "lambda"
//! statement = "Maximum memory a Lambda function can be configured with"
//! value = 10240
//! unit = "MB"
//! as_of = "2026-11"
//! source = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
//! previous = [{ value = 3008, until = "2020-12" }]
//! adjustable = false               # optional: true = soft quota, false = hard limit
//! ```
//!
//! Notes tie a number to a fact with an invisible marker right after it:
//! `up to 10,240 MB<!--fact:lambda.memory.max-->`. [`fact_markers`] finds them and
//! [`FactBase::check_marker`] says whether the number agrees with the fact.

pub mod check;
pub mod units;

use crate::error::OrNotFound;
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use units::{parse_quantity, Quantity};

/// A value a fact had before it changed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Previous {
    /// The old value, in the fact's unit.
    pub value: f64,
    /// When it stopped being true (`YYYY-MM` or `YYYY-MM-DD`).
    pub until: String,
}

/// One fact: a number (or, rarely, a word) that AWS documents.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fact {
    /// Stable id, `service.topic.name`.
    pub id: String,
    /// Service folder it belongs to (`lambda`, `dynamodb`, ...).
    pub service: String,
    /// One sentence saying what the fact is.
    pub statement: String,
    /// The current value.
    pub value: FactValue,
    /// Unit of `value` (`MB`, `s`, `count`, `USD per 1M requests`, ...).
    pub unit: String,
    /// When the value was last confirmed.
    pub as_of: String,
    /// Official source URL.
    pub source: String,
    /// Earlier values, oldest first.
    #[serde(default)]
    pub previous: Vec<Previous>,
    /// Other ways of naming the fact, used by the fact checker to recognise claims.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// For quotas and limits: `true` when the value can be raised (a soft quota, through Service
    /// Quotas or support), `false` when it cannot (a hard limit); absent when it does not apply
    /// or is not documented. The quiz checker holds "which are hard limits" questions to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustable: Option<bool>,
}

/// A fact's value: almost always a number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum FactValue {
    /// A number in the fact's unit.
    Number(f64),
    /// A word or phrase (e.g. a default mode).
    Text(String),
}

impl FactValue {
    /// The number, if the value is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            FactValue::Number(n) => Some(*n),
            FactValue::Text(_) => None,
        }
    }
}

#[derive(Deserialize)]
struct FactFile {
    #[serde(default)]
    fact: Vec<Fact>,
}

/// All facts, by id.
#[derive(Debug, Clone, Default)]
pub struct FactBase {
    facts: BTreeMap<String, Fact>,
}

impl FactBase {
    /// Read and validate a facts file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parse facts from TOML text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let parsed: FactFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                .unwrap_or(0);
            Error::Parse {
                file: file.to_string(),
                line,
                message: e.message().to_string(),
            }
        })?;
        let mut facts = BTreeMap::new();
        for fact in parsed.fact {
            let line = line_of(text, &format!("\"{}\"", fact.id));
            let bad = |message: String| Error::Parse {
                file: file.to_string(),
                line,
                message,
            };
            if fact.id.trim().is_empty() {
                return Err(bad("fact with an empty id".into()));
            }
            if !fact.source.starts_with("https://") {
                return Err(bad(format!(
                    "fact {}: source must be an https URL, got {:?}",
                    fact.id, fact.source
                )));
            }
            if facts.contains_key(&fact.id) {
                return Err(bad(format!("duplicate fact id {}", fact.id)));
            }
            facts.insert(fact.id.clone(), fact);
        }
        Ok(FactBase { facts })
    }

    /// The fact with this id.
    pub fn get(&self, id: &str) -> Option<&Fact> {
        self.facts.get(id)
    }

    /// The numeric value of a fact, or an error naming the id.
    pub fn number(&self, id: &str) -> Result<f64> {
        self.get(id)
            .and_then(|f| f.value.as_f64())
            .or_not_found(format_args!("numeric fact {id} in facts.toml"))
    }

    /// Every fact, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Fact> {
        self.facts.values()
    }

    /// Number of facts.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// True when there are no facts.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Check one marker against the fact it names: `Ok(())` when the number before it, converted
    /// to the fact's unit, equals the fact's value; otherwise an explanation.
    pub fn check_marker(&self, marker: &FactMarker) -> std::result::Result<(), String> {
        let fact = self
            .get(&marker.fact_id)
            .ok_or_else(|| format!("unknown fact id {:?}", marker.fact_id))?;
        let want = fact
            .value
            .as_f64()
            .ok_or_else(|| format!("fact {} is not numeric", fact.id))?;
        let q = marker
            .quantity
            .as_ref()
            .ok_or_else(|| format!("no number right before the marker for {}", fact.id))?;
        let got = q.convert_to(&fact.unit).ok_or_else(|| {
            format!(
                "{} {} cannot be expressed in the fact's unit {}",
                q.value,
                q.unit.as_deref().unwrap_or(""),
                fact.unit
            )
        })?;
        if units::approx_eq(got, want) {
            Ok(())
        } else {
            Err(format!(
                "note says {} {} but fact {} is {} {}",
                q.text, "", fact.id, want, fact.unit
            )
            .replace("  ", " "))
        }
    }
}

/// A `<!--fact:ID-->` marker in a note and the quantity written just before it.
#[derive(Debug, Clone, PartialEq)]
pub struct FactMarker {
    /// 1-based line of the marker.
    pub line: usize,
    /// The fact id it names.
    pub fact_id: String,
    /// The number (and unit) right before it, if any.
    pub quantity: Option<Quantity>,
}

/// Find every fact marker in a note's markdown source.
pub fn fact_markers(source: &str) -> Vec<FactMarker> {
    static RE: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| regex::Regex::new(r"<!--\s*fact:([A-Za-z0-9_.\-]+)\s*-->").unwrap());
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        for caps in RE.captures_iter(line) {
            let m = caps.get(0).unwrap();
            let before = &line[..m.start()];
            out.push(FactMarker {
                line: i + 1,
                fact_id: caps[1].to_string(),
                quantity: units::last_quantity(before),
            });
        }
    }
    out
}

fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|at| text[..at].lines().count().max(1))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACTS: &str = r#"
[[fact]]
id = "lambda.memory.max"
service = "lambda"
statement = "Maximum memory"
value = 10240
unit = "MB"
as_of = "2026-11"
source = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
previous = [{ value = 3008, until = "2020-12" }]

[[fact]]
id = "lambda.timeout.max"
service = "lambda"
statement = "Maximum timeout"
value = 900
unit = "s"
as_of = "2026-11"
source = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

[[fact]]
id = "lambda.price.requests"
service = "lambda"
statement = "Request price"
value = 0.20
unit = "USD per 1M requests"
as_of = "2026-11"
source = "https://aws.amazon.com/lambda/pricing/"
"#;

    #[test]
    fn markers_agree_in_any_spelling() {
        let facts = FactBase::parse(FACTS, "facts.toml").unwrap();
        let note = "Memory goes up to 10,240 MB<!--fact:lambda.memory.max--> (10 GB<!--fact:lambda.memory.max-->).\n\
                    Timeout is 15 minutes<!--fact:lambda.timeout.max--> or 900 s<!--fact:lambda.timeout.max-->.\n\
                    Requests cost $0.20<!--fact:lambda.price.requests--> per million.";
        let markers = fact_markers(note);
        assert_eq!(markers.len(), 5);
        for m in &markers {
            assert_eq!(facts.check_marker(m), Ok(()), "{m:?}");
        }
    }

    #[test]
    fn a_wrong_number_is_reported_with_both_values() {
        let facts = FactBase::parse(FACTS, "facts.toml").unwrap();
        let markers = fact_markers("old max 3,008 MB<!--fact:lambda.memory.max-->");
        let err = facts.check_marker(&markers[0]).unwrap_err();
        assert!(err.contains("3,008 MB") && err.contains("10240"), "{err}");
    }

    #[test]
    fn bad_source_names_file_and_fact() {
        let bad = FACTS.replace("https://aws.amazon.com/lambda/pricing/", "somewhere");
        let err = FactBase::parse(&bad, "facts.toml").unwrap_err().to_string();
        assert!(
            err.starts_with("facts.toml:") && err.contains("lambda.price.requests"),
            "{err}"
        );
    }
}
