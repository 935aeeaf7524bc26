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
fn import_timings_say_where_the_time_went() {
    let cli = Cli::new();
    let plain = cli.json(&["import", fixtures().to_str().unwrap(), "--json"]);
    assert!(plain.get("timings").is_none(), "{plain}");
    let v = cli.json(&["import", fixtures().to_str().unwrap(), "--json", "--timings"]);
    let t = v["timings"].as_object().unwrap();
    for phase in [
        "total",
        "parse_cpu",
        "fact_check_cpu",
        "index_commit",
        "card_sync",
    ] {
        assert!(t[phase].as_f64().unwrap() >= 0.0, "{phase}: {v}");
    }
    assert!(t["total"].as_f64().unwrap() > 0.0);
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
fn note_json_of_a_whole_note_is_the_apps_note_view() {
    let cli = Cli::new();
    let v = cli.json(&["note", "content/lambda/concurrency.md", "--json"]);
    // The fields of `NoteView` (what the app's `open_note` returns), which the UI fixtures record.
    assert_eq!(v["id"], "content/lambda/concurrency.md");
    assert_eq!(v["file"], v["id"]);
    assert!(v["tags"].is_array() && v["warnings"].is_array(), "{v}");
    let outline = v["outline"].as_array().expect("outline");
    assert!(
        outline.iter().any(|o| o["anchor"] == "reserved-concurrency"),
        "{v}"
    );
    assert!(v["html"]
        .as_str()
        .unwrap()
        .contains("id=\"reserved-concurrency\""));
    assert!(
        v.get("markdown").is_none(),
        "a section's JSON has markdown, a whole note's does not"
    );
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

fn run_with_input(cli: &Cli, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .arg("--data-dir")
        .arg(cli.data.path())
        .args(args)
        .env("COLDSTART_NOW", "2026-11-20T10:00:00Z")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn due_answer_undo_json_shapes() {
    let cli = Cli::new();
    let due = cli.json(&["due", "--json"]);
    for key in [
        "new",
        "learning",
        "review",
        "total",
        "done_today",
        "new_limit",
        "review_limit",
    ] {
        assert!(due[key].is_u64(), "{key} in {due}");
    }
    assert_eq!(due["new"], 20);
    assert!(due["date"].is_string());
    let first = &due["queue"][0];
    for key in ["id", "kind", "service", "front", "state"] {
        assert!(first[key].is_string(), "{key} in {first}");
    }
    let id = first["id"].as_str().unwrap();
    let a = cli.json(&["answer", id, "good", "--json"]);
    assert_eq!(a["card_id"], id);
    assert_eq!(a["rating"], "good");
    assert_eq!(a["state"], "learning");
    assert_eq!(a["interval"], "10m");
    for key in [
        "due",
        "interval_secs",
        "revlog_id",
        "undo_available",
        "interval_days",
    ] {
        assert!(a[key].is_u64(), "{key} in {a}");
    }
    assert!(a["stability"].is_f64() && a["difficulty"].is_f64() && a["due_at"].is_string());
    let u = cli.json(&["undo", "--json"]);
    assert_eq!(u["undone"], true);
    assert_eq!(u["card_id"], id);
    assert_eq!(cli.json(&["undo", "--json"])["undone"], false);

    let out = cli.run(&["answer", id, "maybe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("maybe"));
    let out = cli.run(&["answer", "nosuchcard", "good"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nosuchcard"));
}

#[test]
fn cards_and_stats_json_shapes() {
    let cli = Cli::new();
    let cards = cli.json(&["cards", "--json", "--service", "dynamodb"]);
    let cards = cards.as_array().unwrap();
    assert!(cards.len() > 20);
    for c in cards {
        assert_eq!(c["service"], "dynamodb");
        for key in ["id", "kind", "front", "back", "state", "context"] {
            assert!(c[key].is_string(), "{key} in {c}");
        }
        for key in ["suspended", "missing", "buried", "edited", "changed", "explicit"] {
            assert!(c[key].is_boolean(), "{key} in {c}");
        }
        let s = &c["source"];
        assert!(s["file"].is_string() && s["anchor"].is_string() && s["heading_path"].is_array());
        assert!(s["line"].is_u64());
    }
    let s = cli.json(&["stats", "--json"]);
    assert_eq!(s["forecast"].as_array().unwrap().len(), 30);
    for key in [
        "total",
        "new",
        "learning",
        "young",
        "mature",
        "relearning",
        "suspended",
        "missing",
    ] {
        assert!(s["states"][key].is_u64(), "{key} in {}", s["states"]);
    }
    assert!(s["reviews_per_day"].is_array() && s["retention_by_month"].is_array());
    let m = &s["mastery"][0];
    assert!(m["service"].is_string() && m["mastery"].is_number() && m["cards"].is_u64());
    assert!(s["today"]["reviews"].is_u64());
}

#[test]
fn interactive_review_in_line_mode() {
    let cli = Cli::new();
    // Show, grade good; show, undo; show, grade easy; quit.
    let out = run_with_input(&cli, &["review"], "\n3\n\nu\n \n4\nq\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Q: ") && text.contains("A: "), "{text}");
    assert!(
        text.contains("1 again (1m)") && text.contains("3 good (10m)"),
        "{text}"
    );
    assert!(text.contains("undid answer"), "{text}");
    let out = run_with_input(&cli, &["due", "--json"], "");
    let due: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(due["done_today"], 1, "one answer left after the undo");
}

#[test]
fn optimize_says_when_there_are_not_enough_reviews() {
    let cli = Cli::new();
    let out = cli.run(&["optimize"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("not enough reviews"));
}

#[test]
fn damaged_database_is_reported_and_restore_backup_keeps_it_aside() {
    let cli = Cli::new();
    cli.json(&["due", "--json"]);
    // A second open keeps a daily backup.
    let id = cli.json(&["due", "--json"])["queue"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let db = cli.data.path().join("coldstart.db");
    assert!(std::fs::read_dir(cli.data.path()).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".bak")));
    // Truncate the database to half its size.
    let bytes = std::fs::read(&db).unwrap();
    let damaged = &bytes[..bytes.len() / 2];
    std::fs::write(&db, damaged).unwrap();
    let out = cli.run(&["due"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("damaged") && err.contains("--restore-backup"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), damaged, "left untouched");

    let out = cli.run(&["--restore-backup", "answer", &id, "good", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let aside: Vec<_> = std::fs::read_dir(cli.data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        damaged,
        "the damaged file is kept as it was"
    );
}

#[test]
fn cards_query_sorts_filters_and_changes_in_bulk() {
    let cli = Cli::new();
    let all = cli.json(&["cards", "--json", "--service", "lambda"]);
    let n = all.as_array().unwrap().len();
    // A query: the browser's result object; --service still narrows.
    let r = cli.json(&["cards", "--json", "--service", "lambda", "is:new"]);
    assert_eq!(r["matched"].as_u64().unwrap() as usize, n);
    assert!(r["total"].as_u64().unwrap() as usize > n);
    let r = cli.json(&[
        "cards",
        "--json",
        "service:lambda",
        "concurrency",
        "--sort",
        "front",
        "--desc",
    ]);
    let rows = r["rows"].as_array().unwrap();
    assert!(rows.len() >= 3, "{r}");
    let fronts: Vec<String> = rows
        .iter()
        .map(|c| c["front"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(fronts.windows(2).all(|w| w[0] >= w[1]), "{fronts:?}");
    for key in ["id", "service", "front", "state", "section", "source_kind"] {
        assert!(rows[0][key].is_string(), "{key} in {}", rows[0]);
    }
    assert_eq!(r["ids"].as_array().unwrap().len(), rows.len());

    // Bulk suspend, then one undo restores every card.
    let matched = r["matched"].as_u64().unwrap();
    let b = cli.json(&["cards", "--json", "service:lambda", "concurrency", "--suspend"]);
    assert_eq!(
        (b["op"].as_str(), b["changed"].as_u64()),
        (Some("suspend"), Some(matched))
    );
    let s = cli.json(&["cards", "--json", "is:suspended"]);
    assert_eq!(s["matched"].as_u64(), Some(matched));
    cli.json(&["undo", "--json"]);
    let s = cli.json(&["cards", "--json", "is:suspended"]);
    assert_eq!(s["matched"], 0);

    // A bad query exits 2 naming the token; a negated first term works after `--`.
    let out = cli.run(&["cards", "is:new", "(nope:x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"nope:x\"") && err.contains("character 8"), "{err}");
    let r = cli.json(&["cards", "--json", "--", "-is:new"]);
    assert_eq!(r["matched"], 0);
}
