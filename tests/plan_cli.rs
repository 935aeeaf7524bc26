//! `coldstart plan`: flags, the JSON report, refusals, and clearing.

use std::path::Path;
use std::process::{Command, Output};

fn run(data: &Path, args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("COLDSTART_NOW", "2026-11-20T10:00:00Z")
        .env("COLDSTART_CONTENT_DIR", root.join("content"))
        .env("COLDSTART_QUIZZES_DIR", root.join("quizzes"))
        .output()
        .unwrap()
}

#[test]
fn plan_sets_a_date_reports_json_and_clears() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        data.path(),
        &[
            "plan",
            "--exam-date",
            "2027-01-08",
            "--minutes-per-day",
            "25",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["active"], true);
    assert_eq!(v["days_left"], 49);
    assert_eq!(v["settings"]["minutes_per_day"], 25);
    assert_eq!(v["settings"]["target"], 720);
    assert_eq!(v["workload"].as_array().unwrap().len(), 49);
    let f = &v["forecast"];
    assert_eq!(f["domains"].as_array().unwrap().len(), 4);
    assert!(f["low"].as_u64().unwrap() <= f["scaled"].as_u64().unwrap());
    assert!(f["scaled"].as_u64().unwrap() <= f["high"].as_u64().unwrap());
    assert!(v["fit"]["minutes_per_day_needed"].as_f64().unwrap() > 0.0);
    // The text report reads the same settings back.
    let text = run(data.path(), &["plan"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Exam on 2027-01-08 (49 days"), "{text}");
    assert!(text.contains("25 min/day"), "{text}");
    // A date in the past and a bad target are refused with the value.
    let bad = run(data.path(), &["plan", "--exam-date", "2026-11-01"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026-11-01"));
    let bad = run(data.path(), &["plan", "--target", "2000"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("target 2000"));
    let cleared = run(data.path(), &["plan", "--clear", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&cleared.stdout).unwrap();
    assert_eq!(v["active"], false);
    assert!(v["settings"]["exam_date"].is_null());
}
