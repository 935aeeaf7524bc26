//! Search quality on learner questions (tests/fixtures/search-eval/): the learners' corpus is
//! imported into a fresh data directory beside the bundled notes, then each question is searched.
//!
//! The corpus is not in this repository: set `COLDSTART_SEARCH_CORPUS` to its folder (default
//! `../shared/notes-corpus` beside the source tree). Without it the tests are ignored in a plain run.
//! `cargo test --test search_eval -- --nocapture` prints the figures; the held-out set runs only
//! with `--ignored`.

use std::path::{Path, PathBuf};

use coldstart::search::eval::{eval_search, SearchEvalReport};
use coldstart::{Library, LibraryConfig};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("COLDSTART_SEARCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/notes-corpus"));
    dir.is_dir().then_some(dir)
}

fn run(set: &str) -> Option<SearchEvalReport> {
    let corpus = corpus().expect("the learners' corpus: ../shared/notes-corpus or COLDSTART_SEARCH_CORPUS");
    let data = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = Library::open(LibraryConfig {
        data_dir: data.path().to_path_buf(),
        content_dir: root.join("content"),
        quizzes_dir: PathBuf::from("/nonexistent"),
    })
    .unwrap();
    lib.import(&[corpus], &mut |_| {}).unwrap();
    let report = eval_search(&lib, &root.join("tests/fixtures/search-eval").join(set)).unwrap();
    println!(
        "\n== {set}: top-1 {}/{}, top-3 {}/{}",
        report.top1, report.questions, report.top3, report.questions
    );
    for r in &report.results {
        let mark = match r.rank {
            Some(1) => "1".to_string(),
            Some(n) => n.to_string(),
            None => "-".to_string(),
        };
        println!("[{mark:>2}] {:<48} {}", r.q, r.top.join(" | "));
    }
    Some(report)
}

/// Ignored in a plain `cargo test` because the corpus is not in the repository (reported as
/// ignored, never as a pass); `.ci/test.sh` runs it with `--ignored` when `../shared` is there.
#[test]
#[ignore = "needs the learners' corpus beside the checkout; .ci/test.sh runs it when present"]
fn dev_questions_find_their_answer_in_the_top_three() {
    if let Some(r) = run("questions.toml") {
        assert_eq!(r.questions, 40);
        assert!(r.top3_rate() >= 0.95, "top-3 {}/{}", r.top3, r.questions);
    }
}

#[test]
#[ignore = "held-out: run once, at the end"]
fn heldout_questions_find_their_answer_in_the_top_three() {
    if let Some(r) = run("heldout.toml") {
        assert_eq!(r.questions, 20);
        assert!(r.top3_rate() >= 0.95, "top-3 {}/{}", r.top3, r.questions);
    }
}
