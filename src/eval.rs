//! Measuring the fact checker and the card generator on a folder of notes someone labelled.
//!
//! A folder holds markdown notes and a `labels.json`:
//!
//! ```json
//! { "files": { "notes.md": {
//!     "stale":   [{ "line": 24, "claim": "up to 3GB of RAM", "why": "...", "current": "...", "source": "..." }],
//!     "arith":   [{ "line": 38, "claim": "120 / 6 * 2 = 4 WCU" }],
//!     "correct_numeric": [{ "line": 20, "claim": "400,000 GB-seconds" }],
//!     "unsure":  [{ "line": 49, "claim": "..." }] } } }
//! ```
//!
//! [`eval_notes`] runs the checker over every note and the card generator as an import would
//! (stale values replaced by current ones), and reports per file and overall: the labelled stale
//! and arithmetic claims found on their own line (recall), the findings on a `correct_numeric`
//! line or on a line nobody labelled (precision; `unsure` lines count neither way), the findings
//! that name a labelled claim but sit on another line, and a seeded sample of the generated cards
//! to judge by hand. Nothing in the folder is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cards::{self, GeneratedCard};
use crate::error::{Error, Result};
use crate::facts::check::{check_notes, Finding, FindingKind};
use crate::facts::FactBase;
use crate::notes::{self, SourceKind};
use crate::sim::rng::SplitMix64;

/// One labelled claim.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct LabelledClaim {
    /// 1-based line of the claim.
    pub line: usize,
    /// The claim as written.
    #[serde(default)]
    pub claim: String,
    /// Why it is wrong (stale and arith only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The current value (stale only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
}

/// The labels of one file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct FileLabels {
    /// Stale or wrong values.
    #[serde(default)]
    pub stale: Vec<LabelledClaim>,
    /// Wrong worked examples.
    #[serde(default)]
    pub arith: Vec<LabelledClaim>,
    /// Numbers that are right and must not be flagged.
    #[serde(default)]
    pub correct_numeric: Vec<LabelledClaim>,
    /// Findings that are defensible but not required.
    #[serde(default)]
    pub unsure: Vec<LabelledClaim>,
}

/// A `labels.json`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Labels {
    /// By file name (relative to the folder).
    pub files: BTreeMap<String, FileLabels>,
}

/// How one finding was judged against the labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// On the line of a labelled stale or arith claim.
    Hit,
    /// On a line labelled `unsure`: counted neither way.
    Unsure,
    /// On a line labelled `correct_numeric`.
    FlaggedCorrect,
    /// On a line nobody labelled.
    Unlabelled,
}

/// A finding and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct JudgedFinding {
    /// 1-based line.
    pub line: usize,
    /// `stale`, `contradiction` or `arithmetic`.
    pub kind: String,
    /// The claim as the checker read it.
    pub claim: String,
    /// What it should say.
    pub expected: String,
    /// The fact it was tied to.
    pub fact_id: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// When the finding's claim is part of a labelled claim on another line: that line.
    pub misplaced_from: Option<usize>,
}

/// The figures of one file (or of all files).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Labelled stale + arith claims.
    pub labelled: usize,
    /// Of those, found on their own line.
    pub found: usize,
    /// Findings on a labelled stale or arith line.
    pub hits: usize,
    /// Findings on a `correct_numeric` line.
    pub flagged_correct: usize,
    /// Findings on a line nobody labelled.
    pub unlabelled: usize,
    /// Findings on an `unsure` line.
    pub unsure: usize,
    /// Findings that name a labelled claim but sit on another line.
    pub misplaced: usize,
    /// found / labelled (1 when nothing is labelled).
    pub recall: f64,
    /// hits / (hits + flagged_correct + unlabelled) (1 when nothing was reported).
    pub precision: f64,
    /// Cards generated.
    pub cards: usize,
}

impl Figures {
    fn finish(&mut self) {
        self.recall = if self.labelled == 0 {
            1.0
        } else {
            self.found as f64 / self.labelled as f64
        };
        let reported = self.hits + self.flagged_correct + self.unlabelled;
        self.precision = if reported == 0 {
            1.0
        } else {
            self.hits as f64 / reported as f64
        };
    }

    fn add(&mut self, o: &Figures) {
        self.labelled += o.labelled;
        self.found += o.found;
        self.hits += o.hits;
        self.flagged_correct += o.flagged_correct;
        self.unlabelled += o.unlabelled;
        self.unsure += o.unsure;
        self.misplaced += o.misplaced;
        self.cards += o.cards;
    }
}

/// The result for one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileEval {
    /// File name relative to the folder.
    pub file: String,
    /// Its figures.
    pub figures: Figures,
    /// Labelled stale or arith claims with no finding on their line.
    pub missed: Vec<LabelledClaim>,
    /// Every finding, judged.
    pub findings: Vec<JudgedFinding>,
}

/// A generated card, as a person judges it.
#[derive(Debug, Clone, Serialize)]
pub struct SampledCard {
    /// The card id.
    pub id: String,
    /// `definition`, `number`, `qa`, `cloze`.
    pub kind: String,
    /// The question side.
    pub question: String,
    /// The answer side.
    pub answer: String,
    /// `file:line`.
    pub source: String,
}

/// What [`eval_notes`] reports.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// The folder.
    pub folder: String,
    /// Per file, in name order.
    pub files: Vec<FileEval>,
    /// Labelled files that are not in the folder.
    pub missing_files: Vec<String>,
    /// Over all files.
    pub overall: Figures,
    /// The seed of the card sample.
    pub seed: u64,
    /// A sample of the generated cards.
    pub sample: Vec<SampledCard>,
}

/// Options of [`eval_notes`].
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// `labels.json` (default: the one in the folder).
    pub labels: Option<PathBuf>,
    /// Cards to sample (0: none).
    pub sample: usize,
    /// Seed of the sample.
    pub seed: u64,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            labels: None,
            sample: 60,
            seed: 1,
        }
    }
}

/// Read a `labels.json`.
pub fn load_labels(path: &Path) -> Result<Labels> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Parse {
        file: path.display().to_string(),
        line: e.line(),
        message: e.to_string(),
    })
}

fn judge(f: &Finding, labels: &FileLabels) -> (Verdict, Option<usize>) {
    let on = |v: &[LabelledClaim]| v.iter().any(|c| c.line == f.line);
    let verdict = if on(&labels.stale) || on(&labels.arith) {
        Verdict::Hit
    } else if on(&labels.unsure) {
        Verdict::Unsure
    } else if on(&labels.correct_numeric) {
        Verdict::FlaggedCorrect
    } else {
        Verdict::Unlabelled
    };
    let misplaced = if verdict == Verdict::Hit {
        None
    } else {
        let claim = f.claim.trim().to_lowercase();
        labels
            .stale
            .iter()
            .chain(&labels.arith)
            .find(|c| c.line != f.line && contains_word(&c.claim.to_lowercase(), &claim))
            .map(|c| c.line)
    };
    (verdict, misplaced)
}

/// `needle` in `hay`, not as part of a longer number or word ("10" is not in "100ms").
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// The cards an import of this note would make (explicit and generated, stale values replaced).
pub fn cards_of(file_key: &str, text: &str, findings: &[Finding], facts: &FactBase) -> Vec<GeneratedCard> {
    let note = notes::parse_note(text.as_bytes(), file_key, SourceKind::Imported, None);
    cards::apply_stale_findings(cards::from_note(&note), findings, facts)
}

/// Run the checker and the card generator over `folder` and measure them against its labels.
pub fn eval_notes(folder: &Path, facts: &FactBase, opts: &EvalOptions) -> Result<EvalReport> {
    let labels_path = opts.labels.clone().unwrap_or_else(|| folder.join("labels.json"));
    let labels = load_labels(&labels_path)?;
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map_err(|e| Error::io(folder, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && notes::is_note_file(&e.path()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| labels.files.contains_key(n))
        .collect();
    names.sort();
    let missing_files = labels
        .files
        .keys()
        .filter(|k| !names.contains(k))
        .cloned()
        .collect();
    let mut files = Vec::new();
    let mut overall = Figures::default();
    let mut all_cards: Vec<SampledCard> = Vec::new();
    for name in &names {
        let path = folder.join(name);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let lab = &labels.files[name];
        let findings = check_notes(&[(name.clone(), text.clone())], facts);
        let mut fig = Figures {
            labelled: lab.stale.len() + lab.arith.len(),
            ..Default::default()
        };
        let mut judged = Vec::new();
        for f in &findings {
            let (verdict, misplaced_from) = judge(f, lab);
            match verdict {
                Verdict::Hit => fig.hits += 1,
                Verdict::Unsure => fig.unsure += 1,
                Verdict::FlaggedCorrect => fig.flagged_correct += 1,
                Verdict::Unlabelled => fig.unlabelled += 1,
            }
            if misplaced_from.is_some() {
                fig.misplaced += 1;
            }
            judged.push(JudgedFinding {
                line: f.line,
                kind: f.kind.as_str().to_string(),
                claim: f.claim.clone(),
                expected: f.expected.clone(),
                fact_id: f.fact_id.clone(),
                verdict,
                misplaced_from,
            });
        }
        let mut missed = Vec::new();
        for (c, arith) in lab
            .stale
            .iter()
            .map(|c| (c, false))
            .chain(lab.arith.iter().map(|c| (c, true)))
        {
            let found = findings.iter().any(|f| {
                f.line == c.line
                    && (!arith || f.kind == FindingKind::Arithmetic || f.kind == FindingKind::Stale)
            });
            if found {
                fig.found += 1;
            } else {
                missed.push(c.clone());
            }
        }
        let cards = cards_of(name, &text, &findings, facts);
        fig.cards = cards.len();
        all_cards.extend(cards.into_iter().map(|c| SampledCard {
            id: c.id,
            kind: c.kind.as_str().to_string(),
            question: c.front,
            answer: c.back,
            source: format!("{name}:{}", c.source.line),
        }));
        fig.finish();
        overall.add(&fig);
        files.push(FileEval {
            file: name.clone(),
            figures: fig,
            missed,
            findings: judged,
        });
    }
    overall.finish();
    // A seeded partial Fisher–Yates shuffle, then back into file and line order for reading.
    let mut rng = SplitMix64::new(opts.seed);
    let n = opts.sample.min(all_cards.len());
    let mut idx: Vec<usize> = (0..all_cards.len()).collect();
    for i in 0..n {
        let j = i + (rng.next_u64() % (idx.len() - i) as u64) as usize;
        idx.swap(i, j);
    }
    let mut chosen: Vec<usize> = idx[..n].to_vec();
    chosen.sort();
    let sample = chosen.into_iter().map(|i| all_cards[i].clone()).collect();
    Ok(EvalReport {
        folder: folder.display().to_string(),
        files,
        missing_files,
        overall,
        seed: opts.seed,
        sample,
    })
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
keywords = ["memory"]
"#;

    #[test]
    fn figures_count_hits_misses_and_false_alarms() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "# Lambda\n\n- Maximum memory is 3,008 MB for a function\n- Memory can reach 10,240 MB at most\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("labels.json"),
            r#"{"files": {"a.md": {"stale": [{"line": 3, "claim": "3,008 MB"}, {"line": 9, "claim": "x"}],
                "correct_numeric": [{"line": 4, "claim": "10,240 MB"}]}}}"#,
        )
        .unwrap();
        let facts = FactBase::parse(FACTS, "facts.toml").unwrap();
        let r = eval_notes(dir.path(), &facts, &EvalOptions::default()).unwrap();
        let f = &r.files[0].figures;
        assert_eq!((f.labelled, f.found, f.hits, f.flagged_correct), (2, 1, 1, 0));
        assert_eq!(r.files[0].missed[0].line, 9);
        assert!((r.overall.recall - 0.5).abs() < 1e-9);
        assert_eq!(r.overall.precision, 1.0);
        assert!(r.sample.len() <= 60);
    }
}
