//! Black-box tests of the `coldstart` binary: JSON shapes, exit codes, error messages.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

struct Cli {
    data: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Cli {
            data: tempfile::tempdir().unwrap(),
        }
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_coldstart"))
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .output()
            .unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    }
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes/course")
}

#[test]
fn import_json_has_the_documented_shape() {
    let cli = Cli::new();
    let v = cli.json(&["import", fixtures().to_str().unwrap(), "--json"]);
    assert_eq!(v["sources"].as_array().unwrap().len(), 1);
    assert_eq!(v["notes"], 6);
    assert!(v["sections"].as_u64().unwrap() >= 7);
    let errors = v["errors"].as_array().unwrap();
    assert!(errors
        .iter()
        .all(|e| e["file"].is_string() && e["line"].is_u64() && e["message"].is_string()));
    assert!(errors
        .iter()
        .any(|e| e["file"].as_str().unwrap().ends_with("broken-front-matter.md")));
}

#[test]
fn search_json_has_the_documented_shape() {
    let cli = Cli::new();
    cli.json(&["import", fixtures().to_str().unwrap(), "--json"]);
    let v = cli.json(&["search", "900 seconds", "--json", "--limit", "3"]);
    assert_eq!(v["query"], "900 seconds");
    assert!(v["took_ms"].is_number());
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    for h in hits {
        for key in ["title", "file", "service", "source", "snippet"] {
            assert!(h[key].is_string(), "{key} in {h}");
        }
        for key in ["line", "end_line"] {
            assert!(h[key].as_u64().unwrap() >= 1, "{key} in {h}");
        }
        assert!(h["score"].is_number() && h["heading_path"].is_array());
    }
    // Imported hits carry absolute paths; bundled ones content/...
    let imported = cli.json(&["search", "fifteen minutes", "--json", "--source", "imported"]);
    let file = imported["hits"][0]["file"].as_str().unwrap();
    assert!(
        Path::new(file).is_absolute() && file.ends_with("compute.md"),
        "{file}"
    );
    let bundled = cli.json(&["search", "900 seconds", "--json", "--source", "bundled"]);
    assert!(bundled["hits"][0]["file"]
        .as_str()
        .unwrap()
        .starts_with("content/"));
}

#[test]
fn note_prints_a_section_as_text_or_html() {
    let cli = Cli::new();
    let out = cli.run(&["note", "content/lambda/concurrency.md#reserved-concurrency"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("## Reserved concurrency"), "{text}");
    assert!(!text.contains("## Provisioned concurrency"));
    let out = cli.run(&[
        "note",
        "content/lambda/concurrency.md#Reserved concurrency",
        "--html",
    ]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<h2 id=\"reserved-concurrency\""), "{html}");
}

#[test]
fn errors_name_what_is_at_fault_and_exit_2() {
    let cli = Cli::new();
    let out = cli.run(&["note", "content/lambda/nope.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/lambda/nope.md"));

    let out = cli.run(&["note", "content/lambda/concurrency.md#no-such-heading"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-heading") && err.contains("reserved-concurrency"),
        "{err}"
    );

    let out = cli.run(&["search", "x", "--source", "elsewhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("elsewhere"));

    let out = cli.run(&["import", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here"));
}

#[test]
fn data_dir_comes_from_the_environment_too() {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .env("COLDSTART_DATA_DIR", data.path())
        .args(["search", "partition", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(data.path().join("coldstart.db").exists());
    assert!(data.path().join("index").is_dir());
}
