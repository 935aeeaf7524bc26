//! The fact checker measured on planted notes (`tests/fixtures/factcheck/`), the bundled notes
//! (which must be clean), and the `coldstart check` command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use coldstart::facts::check::{check_notes, Finding};
use coldstart::facts::FactBase;
use serde::Deserialize;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn facts() -> FactBase {
    FactBase::load(&root().join("content/facts.toml")).unwrap()
}

fn notes_in(dir: &Path, strip: bool) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = if strip {
                p.file_name().unwrap().to_string_lossy().into_owned()
            } else {
                p.to_string_lossy().into_owned()
            };
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[derive(Deserialize)]
struct Manifest {
    finding: Vec<Expected>,
}

#[derive(Deserialize, Debug)]
struct Expected {
    file: String,
    line: usize,
    kind: String,
    fact_id: Option<String>,
    why: String,
}

impl Expected {
    fn matches(&self, f: &Finding) -> bool {
        f.file == self.file
            && f.line == self.line
            && f.kind.as_str() == self.kind
            && (self.fact_id.is_none() || self.fact_id == f.fact_id)
    }
}

/// (precision, recall, false positives, misses) on one planted folder.
fn measure(folder: &str) -> (f64, f64, Vec<String>, Vec<String>) {
    let dir = root().join(folder);
    let manifest: Manifest =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    let found = check_notes(&notes_in(&dir, true), &facts());
    let true_pos = found
        .iter()
        .filter(|f| manifest.finding.iter().any(|e| e.matches(f)))
        .count();
    let false_pos: Vec<&Finding> = found
        .iter()
        .filter(|f| !manifest.finding.iter().any(|e| e.matches(f)))
        .collect();
    let missed: Vec<&Expected> = manifest
        .finding
        .iter()
        .filter(|e| !found.iter().any(|f| e.matches(f)))
        .collect();
    let precision = true_pos as f64 / found.len().max(1) as f64;
    let recall = (manifest.finding.len() - missed.len()) as f64 / manifest.finding.len() as f64;
    println!(
        "fact check on {folder}: {} expected, {} reported, precision {precision:.3}, recall {recall:.3}",
        manifest.finding.len(),
        found.len()
    );
    let fps: Vec<String> = false_pos
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {} ({:?})",
                f.file,
                f.line,
                f.kind.as_str(),
                f.claim,
                f.fact_id
            )
        })
        .collect();
    let misses: Vec<String> = missed
        .iter()
        .map(|e| format!("{}:{} {} {:?}: {}", e.file, e.line, e.kind, e.fact_id, e.why))
        .collect();
    for f in &fps {
        println!("  FALSE POSITIVE {f}");
    }
    for m in &misses {
        println!("  MISSED {m}");
    }
    (precision, recall, fps, misses)
}

/// The notes the checker was developed against.
#[test]
fn precision_and_recall_on_planted_notes() {
    let (precision, recall, _, _) = measure("tests/fixtures/factcheck");
    assert_eq!(precision, 1.0, "precision must be 1.0");
    assert!(recall >= 0.85, "recall {recall}");
}

/// Notes written after the checker was tuned on the folder above. Measured before any change:
/// precision 0.727 (8 of 11), recall 0.889 (8 of 9): a "(until 2020)" parenthetical in a table
/// cell, an "SNS" line matched to the SQS limit, `1M requests` in a formula, and an "SQS / SNS"
/// heading hiding a stale SQS size. Those four general bugs were fixed; it is no longer unseen.
#[test]
fn precision_and_recall_on_held_out_notes() {
    let (precision, recall, _, _) = measure("tests/fixtures/factcheck-holdout");
    assert_eq!(precision, 1.0, "precision must be 1.0");
    assert!(recall >= HOLDOUT_RECALL_FLOOR, "recall {recall}");
}

const HOLDOUT_RECALL_FLOOR: f64 = 0.85;

#[test]
fn bundled_notes_have_no_findings() {
    let found = check_notes(&notes_in(&root().join("content"), false), &facts());
    for f in &found {
        println!(
            "{}:{} {} {} — {}",
            f.file,
            f.line,
            f.kind.as_str(),
            f.claim,
            f.explanation
        );
    }
    assert!(found.is_empty(), "{} findings in content/", found.len());
}

#[test]
fn findings_explain_themselves() {
    let dir = root().join("tests/fixtures/factcheck");
    let found = check_notes(&notes_in(&dir, true), &facts());
    let mem = found
        .iter()
        .find(|f| f.file == "lambda-course.md" && f.line == 10)
        .expect("memory finding");
    assert_eq!(mem.expected, "10,240 MB");
    assert!(mem.explanation.contains("2020-12"), "{}", mem.explanation);
    assert!(mem.source.as_deref().unwrap().starts_with("https://"));
    let wcu = found
        .iter()
        .find(|f| f.file == "dynamodb-notes.md" && f.line == 17)
        .expect("WCU finding");
    assert_eq!(wcu.expected, "30 WCU");
    assert!(
        wcu.explanation.contains("ceil(2.5 / 1) = 3"),
        "{}",
        wcu.explanation
    );
    // Ids are stable and distinct.
    let again = check_notes(&notes_in(&dir, true), &facts());
    assert_eq!(found, again);
    let mut ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), found.len());
}

fn cli(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_check_json_exit_codes_and_dismissal() {
    let data = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/factcheck");
    let out = cli(data.path(), &["check", dir.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert!(["stale", "contradiction", "arithmetic"].contains(&f["kind"].as_str().unwrap()));
        let file = f["file"].as_str().unwrap();
        assert!(
            Path::new(file).is_absolute() && Path::new(file).exists(),
            "{file}"
        );
        assert!(f["line"].as_u64().unwrap() >= 1);
        for key in ["claim", "expected", "explanation", "id"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        for key in ["fact_id", "source"] {
            assert!(f[key].is_string() || f[key].is_null(), "{key} in {f}");
        }
    }
    // Dismiss one; it stays dismissed.
    let id = findings[0]["id"].as_str().unwrap();
    let out = cli(data.path(), &["check", "--dismiss", id]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli(data.path(), &["check", dir.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let after = v["findings"].as_array().unwrap();
    assert_eq!(after.len(), findings.len() - 1);
    assert!(after.iter().all(|f| f["id"] != id));
    // A clean file exits 0; a bad id and a missing path exit 2.
    let clean = root().join("content/lambda/configuration.md");
    assert_eq!(
        cli(data.path(), &["check", clean.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        cli(data.path(), &["check", "--dismiss", "nope"]).status.code(),
        Some(2)
    );
    assert_eq!(
        cli(data.path(), &["check", "/no/such/file.md"]).status.code(),
        Some(2)
    );
}

/// The measurement harness on test notes we wrote in learners' styles (transcript prose, terse
/// bullets, tables, callouts, HTML, LaTeX, front matter), each folder with its `labels.json`.
/// First runs, before the fixes they led to: `notes-eval` 6 of 9 found, `notes-eval-holdout`
/// (written after the corpus work, not tuned on before that run) 3 of 5; precision 1.0 both.
#[test]
fn eval_harness_on_our_own_styles() {
    for folder in [
        "tests/fixtures/notes-eval",
        "tests/fixtures/notes-eval-holdout",
        "tests/fixtures/notes-eval-holdout2",
        "tests/fixtures/notes-eval-holdout3",
    ] {
        let r = coldstart::eval::eval_notes(&root().join(folder), &facts(), &Default::default()).unwrap();
        let o = &r.overall;
        println!(
            "{folder}: found {}/{} recall {:.3} precision {:.3}",
            o.found, o.labelled, o.recall, o.precision
        );
        for f in &r.files {
            for m in &f.missed {
                println!("  MISSED {}:{} {}", f.file, m.line, m.claim);
            }
        }
        assert!(r.missing_files.is_empty(), "{:?}", r.missing_files);
        assert!(o.recall >= 0.9, "{folder}: recall {}", o.recall);
        assert_eq!(
            (o.flagged_correct, o.unlabelled, o.misplaced),
            (0, 0, 0),
            "{folder}: false findings"
        );
        assert!(!r.sample.is_empty());
    }
}

fn check_one(md: &str) -> Vec<Finding> {
    check_notes(&[("n.md".to_string(), md.to_string())], &facts())
}

fn lines_of(found: &[Finding]) -> Vec<(usize, &str)> {
    found.iter().map(|f| (f.line, f.claim.as_str())).collect()
}

/// Each pattern the learners' notes showed, in our own words.
#[test]
fn claims_as_learners_write_them() {
    // A long bullet whose stale number sits on its third line: the finding is on that line,
    // at the number's column.
    let f = check_one(
        "# Lambda\n\n- Memory settings are chosen per function and the console\n  shows a slider for them which\n  stops at 3,008 MB for any function\n",
    );
    assert_eq!(lines_of(&f), vec![(5, "3,008 MB")]);
    assert_eq!(f[0].column, 12);
    // Number words and spelled-out, split units.
    let f = check_one("# DynamoDB\n\n- transactions take up to ten items per call\n");
    assert_eq!(lines_of(&f), vec![(3, "ten items")]);
    let f = check_one("# Lambda\n\n- memory is set in steps of 64 mega bytes\n");
    assert_eq!(lines_of(&f), vec![(3, "64 mega bytes")]);
    // Shorthand sizes in a range, and a filler word before the noun.
    let f = check_one("# Lambda\n\n- Allocated memory (128M to 3G)\n");
    assert_eq!(lines_of(&f), vec![(3, "3G")]);
    let f = check_one(
        "# Lambda\n\n## SQS trigger\n\n- Lambda adds 60 more instances per minute when the queue grows\n",
    );
    assert_eq!(lines_of(&f), vec![(5, "60 more instances")]);
    // A price for a bundle, with the unit spelled out and broken over two lines.
    let f = check_one(
        "# Lambda pricing\n\nThe course said you pay $1 for 600,000\ngigabyte-seconds of compute.\n",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].line, 3);
    // A price rounded to fewer decimals is the current price; "until it returns" is no date.
    assert!(check_one("# Lambda\n\n- Duration costs $0.00001667 for every GB-second used\n").is_empty());
    let f =
        check_one("# Lambda\n\n- Billed from the start until it returns, rounded up to the nearest 100ms\n");
    assert_eq!(lines_of(&f), vec![(3, "100ms")]);
    // `*` between numbers is multiplication, not emphasis.
    let f = check_one("# DynamoDB\n\n- 90 writes per minute of 2 KB ⇒ 90 / 6 * 2 = 3 WCU\n");
    assert!(
        f.iter().any(|x| x.kind.as_str() == "arithmetic" && x.line == 3),
        "{f:?}"
    );
    // The same stale words on two lines are two findings with their own ids.
    let f = check_one(
        "# SQS\n\n- Max message size is 256 KB\n- Bodies over the message size limit of 256 KB go to S3\n",
    );
    assert_eq!(
        f.iter().filter(|x| x.kind.as_str() == "stale").count(),
        2,
        "{f:?}"
    );
    assert_ne!(f[0].id, f[1].id);
}

#[test]
fn context_decides_what_a_number_is_about() {
    // A FIFO-only fact is not what an SQS bullet that never says FIFO is about.
    let f = check_one("# Lambda\n\n- Queues (SQS):\n    - Batch size: 1-10 messages\n");
    assert_eq!(lines_of(&f), vec![(4, "10 messages")]);
    assert!(check_one("# Lambda\n\n- FIFO queues (SQS):\n    - Batch size: 1-10 messages\n").is_empty());
    // A sibling bullet that states the call's current limit makes the other number about
    // something else (per-item size, not the call).
    assert!(check_one(
        "# DynamoDB\n\n- BatchWriteItem\n    - up to 16 MB per call\n    - up to 400 KB per item\n"
    )
    .is_empty());
    // Retries under a heading about asynchronous invocation.
    let f = check_one(
        "# Lambda\n\n## Asynchronous invocation\n\n- Retry: 3 retries, then the event is dropped\n",
    );
    assert_eq!(lines_of(&f), vec![(5, "3 retries")]);
    // STS is part of IAM: a section under an IAM heading still knows the role session limit.
    let f = check_one(
        "# IAM\n\n## Cross-account roles\n\n- temporary credentials last between 15 minutes and 1 hour\n",
    );
    assert_eq!(lines_of(&f), vec![(5, "1 hour")]);
    // An HTML table reads like a markdown one.
    let f = check_one("<h2>Kinesis</h2>\n<table>\n<tr><th>Limit</th><th>Value</th></tr>\n<tr><td>Retention</td><td>1 to 7 days</td></tr>\n</table>\n");
    assert_eq!(lines_of(&f), vec![(4, "7 days")]);
}

/// The patterns the second held-out set (Q/A self-tests, outlines, cheat-sheet tables, a dev log)
/// showed, each in other words. Each failed before the change that made it pass.
#[test]
fn subjects_from_questions_paragraphs_tables_and_years() {
    // "Q: … / A: …": the question names what the answer's number is about.
    let f = check_one("# Flash cards\n\nQ: What is the largest message size in SQS?\nA: 256 KB.\n");
    assert_eq!(lines_of(&f), vec![(4, "256 KB")]);
    // A service named in an earlier sentence of the same paragraph.
    let f = check_one(
        "# Journal\n\nToday we wired up Step Functions. The state input and output may hold\nno more than 32 KB here.\n",
    );
    assert_eq!(lines_of(&f), vec![(4, "32 KB")]);
    // A year count written with a number word: three years = 1,095 days, the old rotation period.
    let f = check_one("# KMS\n\n- AWS managed keys rotate once every three years\n");
    assert_eq!(lines_of(&f), vec![(3, "three years")]);
    // A bare number in a table cell, counted by its row label.
    let f = check_one(
        "# DynamoDB\n\n| Limit | Value |\n| --- | --- |\n| items per TransactWriteItems call | 25 |\n",
    );
    assert_eq!(lines_of(&f), vec![(5, "25")]);
    // "included" then "up to": the bound belongs to the second number only.
    assert!(check_one("# Lambda\n\n- /tmp storage: 512 MB comes free, up to 10 GB if you pay\n").is_empty());
    // One limit kept under two ids (the SQS view and the Lambda view) is one answer, not an
    // ambiguity that hides the stale value.
    let f = check_one("# Lambda\n\n## SQS trigger\n\n- batch size for a standard queue: at most 10\n");
    assert_eq!(lines_of(&f), vec![(5, "10")], "{f:?}");
}

/// A card made from a stale claim teaches the current value; one made from a worked example the
/// checker found wrong says so instead of teaching the wrong result.
#[test]
fn cards_from_findings_teach_the_right_thing() {
    let md = "# Queue drill\n\nQ: Largest body an SQS message can carry?\nA: 256 KB.\n\nQ: Requests billed for a 192 KB body?\nA: one per 64 KB chunk, so 192 / 64 = 4 requests.\n";
    let findings = check_one(md);
    let cards = coldstart::eval::cards_of("n.md", md, &findings, &facts());
    let back = |front: &str| {
        cards
            .iter()
            .find(|c| c.front.starts_with(front))
            .map(|c| c.back.clone())
    };
    let size = back("Largest body").expect("a card for the first pair");
    assert!(size.contains("Updated: your note says 256 KB"), "{size}");
    let billed = back("Requests billed").expect("a card for the second pair");
    assert!(
        billed.contains("Check: the working in your note is off"),
        "{billed}"
    );
}

/// The third held-out set's misses (key lists and counts per minute), in other words.
#[test]
fn snake_case_keys_and_counts_per_minute() {
    let f = check_one("# My limits\n\n- lambda_memory_increment: 64 MB\n");
    assert_eq!(lines_of(&f), vec![(3, "64 MB")]);
    let f = check_one("# Lambda\n\n## Polling a queue\n\n- SQS scaling: adds 60 per minute at most\n");
    assert_eq!(lines_of(&f), vec![(5, "60 per minute")]);
}

#[test]
fn findings_name_the_note_they_belong_to_once_it_is_in_the_library() {
    let data = tempfile::tempdir().unwrap();
    let dir = root().join("tests/fixtures/factcheck");
    let check = |data: &Path| -> Vec<serde_json::Value> {
        let out = cli(data, &["check", dir.to_str().unwrap(), "--json"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"].as_array().unwrap().clone()
    };
    // Checked but not imported: no note to open.
    let before = check(data.path());
    assert!(!before.is_empty());
    assert!(before.iter().all(|f| f["note_id"].is_null()), "{before:?}");
    // Imported: each finding carries the key of its note (an imported note's key is its path).
    let out = cli(data.path(), &["import", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = check(data.path());
    assert_eq!(after.len(), before.len());
    let notes = cli(data.path(), &["notes", "--json"]);
    let notes: serde_json::Value = serde_json::from_slice(&notes.stdout).unwrap();
    let ids: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for f in &after {
        let id = f["note_id"]
            .as_str()
            .unwrap_or_else(|| panic!("no note_id in {f}"));
        assert!(ids.contains(&id), "{id} is not a note: {ids:?}");
        assert_eq!(id, f["file"].as_str().unwrap());
    }
}
