//! Measuring search on questions someone wrote and answered by hand.
//!
//! A questions file (TOML) holds `[[question]]` tables with `q` (what a learner types) and
//! `answers` (`FILE:LINE` strings: `content/...` for a bundled note, or the file name of an
//! imported note). A question is answered at rank k when one of the first k hits is a section of
//! FILE whose line span holds LINE. [`eval_search`] runs every question through
//! [`Library::search`] (all sources, as the palette does by default) and reports top-1 and top-3.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::library::Library;
use crate::search::{SearchHit, SearchRequest, SourceFilter};

#[derive(Debug, Deserialize)]
struct QuestionFile {
    #[serde(default)]
    question: Vec<Question>,
}

/// One question and the places that answer it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Question {
    /// What the learner types.
    pub q: String,
    /// `FILE:LINE`, any of which answers it.
    pub answers: Vec<String>,
}

/// How one question fared.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    /// The question.
    pub q: String,
    /// 1-based rank of the first answering hit (None when not in the hits).
    pub rank: Option<usize>,
    /// The first three hits as `file:line-end_line heading`.
    pub top: Vec<String>,
}

/// Figures for one questions file.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEvalReport {
    /// Number of questions.
    pub questions: usize,
    /// Answered by the first hit.
    pub top1: usize,
    /// Answered within the first three hits.
    pub top3: usize,
    /// Every question, in file order.
    pub results: Vec<QuestionResult>,
}

impl SearchEvalReport {
    /// Share of questions answered within the first three hits.
    pub fn top3_rate(&self) -> f64 {
        self.top3 as f64 / self.questions.max(1) as f64
    }
}

fn answers(hit: &SearchHit, answer: &str) -> bool {
    let Some((file, line)) = answer.rsplit_once(':') else {
        return false;
    };
    let Ok(line) = line.trim().parse::<u64>() else {
        return false;
    };
    let same_file = hit.file == file
        || Path::new(&hit.file)
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == file);
    same_file && hit.line <= line && line <= hit.end_line
}

/// Run every question of `questions` (a TOML file) against `lib`.
pub fn eval_search(lib: &Library, questions: &Path) -> Result<SearchEvalReport> {
    let text = std::fs::read_to_string(questions).map_err(|e| Error::io(questions, e))?;
    let file: QuestionFile =
        toml::from_str(&text).map_err(|e| Error::InvalidInput(format!("{}: {e}", questions.display())))?;
    let mut report = SearchEvalReport {
        questions: file.question.len(),
        top1: 0,
        top3: 0,
        results: Vec::new(),
    };
    for q in file.question {
        let res = lib.search(&SearchRequest {
            // A finished question, as typed and followed by Enter: no prefix matching.
            query: format!("{} ", q.q),
            limit: 10,
            service: None,
            source: SourceFilter::All,
        })?;
        let rank = res
            .hits
            .iter()
            .position(|h| q.answers.iter().any(|a| answers(h, a)))
            .map(|i| i + 1);
        if rank == Some(1) {
            report.top1 += 1;
        }
        if rank.is_some_and(|r| r <= 3) {
            report.top3 += 1;
        }
        let top = res
            .hits
            .iter()
            .take(3)
            .map(|h| {
                let name = Path::new(&h.file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = if h.file.starts_with("content/") {
                    h.file.clone()
                } else {
                    name
                };
                format!(
                    "{name}:{}-{} {}",
                    h.line,
                    h.end_line,
                    h.heading_path.last().map(String::as_str).unwrap_or("")
                )
            })
            .collect();
        report.results.push(QuestionResult { q: q.q, rank, top });
    }
    Ok(report)
}
