//! The exam commands of the `coldstart` binary: `quiz check`, a scripted `exam` in line mode
//! (stdin is not a terminal), quit-and-resume, and `exams --json`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn quizzes(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/quizzes")
        .join(name)
}

struct Cli {
    data: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Cli {
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_coldstart"))
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .env("COLDSTART_QUIZZES_DIR", quizzes("good"))
            .env(
                "COLDSTART_CONTENT_DIR",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn quiz_check_passes_a_good_folder_and_names_path_and_line_of_each_problem() {
    let cli = Cli::new();
    let ok = cli.run(&["quiz", "check", quizzes("good").to_str().unwrap()], "");
    assert!(ok.status.success(), "{}{}", text(&ok.stdout), text(&ok.stderr));
    assert!(
        text(&ok.stdout).contains("4 questions in 2 files, 0 problems"),
        "{}",
        text(&ok.stdout)
    );

    let bad = cli.run(&["quiz", "check", quizzes("broken").to_str().unwrap()], "");
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad.stderr));
    let out = text(&bad.stdout);
    assert!(out.contains("a-syntax.toml:4: "), "{out}");
    assert!(
        out.contains("b-mixed.toml:20: fx-mixed-out-of-range: answer: index 4 is out of range"),
        "{out}"
    );
    assert!(
        out.contains("b-mixed.toml:27: fx-mixed-bad-domain: domain: "),
        "{out}"
    );
    assert!(out.contains("2 questions in 3 files, 3 problems"), "{out}");

    let json = cli.run(
        &[
            "quiz",
            "check",
            "--json",
            quizzes("broken").join("b-mixed.toml").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(json.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["questions"], 1);
    let issue = &v["issues"][0];
    assert!(issue["file"].as_str().unwrap().ends_with("b-mixed.toml"));
    assert_eq!(issue["line"], 20);
    assert_eq!(issue["question"], "fx-mixed-out-of-range");
    assert_eq!(issue["field"], "answer");

    // The bundled bank by default (here: the fixture set through COLDSTART_QUIZZES_DIR).
    let default = cli.run(&["quiz", "check"], "");
    assert!(default.status.success(), "{}", text(&default.stdout));
}

#[test]
fn a_scripted_exam_runs_end_to_end_in_line_mode() {
    let cli = Cli::new();
    // Answer C everywhere (right for the two single-answer questions whose answer is C, wrong for
    // the others), flag the last one, submit.
    let out = cli.run(
        &[
            "exam",
            "--mode",
            "exam",
            "--questions",
            "4",
            "--seed",
            "1",
            "--json",
        ],
        "c\nn\nc\nn\nc\nn\nc\nf\ns\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let screens = text(&out.stderr);
    assert!(
        screens.contains("Attempt #1: exam mode, 4 questions, 8 minutes, seed 1."),
        "{screens}"
    );
    assert!(screens.contains("Question 4/4"), "{screens}");
    assert!(screens.contains("⚑ FLAGGED"), "{screens}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["status"], "submitted");
    assert_eq!(r["total"], 4);
    assert_eq!(r["answered"], 4);
    assert_eq!(r["correct"], 2);
    assert_eq!(r["percent"], 50.0);
    assert_eq!(r["scaled"]["estimate"], true);
    assert_eq!(r["scaled"]["pass_mark"], 720);
    assert_eq!(r["questions"].as_array().unwrap().len(), 4);
    assert_eq!(r["questions"][3]["flagged"], true);
    let domains: u64 = r["by_domain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["total"].as_u64().unwrap())
        .sum();
    assert_eq!(domains, 4);

    let h = cli.run(&["exams", "--json"], "");
    let v: Value = serde_json::from_slice(&h.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["attempt_id"], 1);
    assert_eq!(v[0]["status"], "submitted");
    assert_eq!(v[0]["correct"], 2);
    assert_eq!(v[0]["scaled"], 531);
    assert_eq!(v[0]["passed"], false);
    let table = text(&cli.run(&["exams"], "").stdout);
    assert!(table.contains("50.0%") && table.contains("531*"), "{table}");
}

#[test]
fn quitting_keeps_the_attempt_and_the_next_run_resumes_it() {
    let cli = Cli::new();
    let first = cli.run(
        &[
            "exam",
            "--mode",
            "practice",
            "--questions",
            "3",
            "--seed",
            "4",
            "--no-generated",
        ],
        "g 2\nc\nq\n",
    );
    assert!(first.status.success(), "{}", text(&first.stderr));
    let out = text(&first.stdout);
    assert!(out.contains("Question 2/3"), "{out}");
    assert!(
        out.contains("The answer is"),
        "practice mode shows the answer: {out}"
    );
    assert!(out.contains("Saved attempt #1"), "{out}");

    let second = cli.run(&["exam"], "s\n");
    let out = text(&second.stdout);
    assert!(
        out.contains("Resuming attempt #1 (practice mode, question 2/3)"),
        "{out}"
    );
    assert!(out.contains("Attempt #1 (practice mode)"), "{out}");
    assert!(out.contains("1 answered"), "{out}");
    assert!(
        out.contains("Scaled score:") && out.contains("not an official AWS score"),
        "{out}"
    );

    // End of input also keeps the attempt.
    let third = cli.run(&["exam", "--new", "--questions", "2"], "");
    assert!(text(&third.stdout).contains("Saved attempt #2"));
    let v: Value = serde_json::from_slice(&cli.run(&["exams", "--json"], "").stdout).unwrap();
    assert_eq!(v[1]["status"], "in_progress");
    // Bad flags are errors (exit 2).
    let bad = cli.run(&["exam", "--new", "--service", "ec2"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("ec2"));
}
