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
