//! The bundled content is correct by construction: every note reads cleanly, every number tagged
//! with a fact marker equals `content/facts.toml`, every simulator cell runs, and no sentence is
//! copied from the learners' sample notes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use coldstart::facts::{fact_markers, FactBase};
use coldstart::notes::{parse_note, SourceKind};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn notes() -> Vec<(PathBuf, String)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(content())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().map(|x| x == "md").unwrap_or(false))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(content())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (e.path().to_path_buf(), rel)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn facts_file_is_complete_and_sourced() {
    let facts = FactBase::load(&content().join("facts.toml")).unwrap();
    assert!(facts.len() >= 150, "only {} facts", facts.len());
    for f in facts.iter() {
        assert!(f.source.starts_with("https://"), "{}", f.id);
        assert!(!f.statement.trim().is_empty(), "{}", f.id);
        assert!(f.as_of.len() >= 7, "{}: as_of {:?}", f.id, f.as_of);
        for p in &f.previous {
            assert!(p.until.len() >= 4, "{}: previous without a date", f.id);
        }
    }
}

#[test]
fn every_note_reads_cleanly_with_front_matter() {
    let all = notes();
    assert!(all.len() >= 40, "{} notes", all.len());
    for (path, rel) in all {
        let bytes = std::fs::read(&path).unwrap();
        let folder = rel.split('/').next().unwrap();
        let text = String::from_utf8(bytes.clone()).expect("bundled notes are UTF-8");
        assert!(text.starts_with("---\n"), "{rel}: no front matter");
        let note = parse_note(
            &bytes,
            &format!("content/{rel}"),
            SourceKind::Bundled,
            Some(folder),
        );
        assert!(note.issues.is_empty(), "{rel}: {:?}", note.issues);
        assert_eq!(note.service, folder, "{rel}: service must be the folder name");
        assert!(!note.tags.is_empty(), "{rel}: no tags");
        assert!(
            note.sections.len() >= 3,
            "{rel}: only {} sections",
            note.sections.len()
        );
        let anchors: HashSet<_> = note.sections.iter().map(|s| &s.anchor).collect();
        assert_eq!(anchors.len(), note.sections.len(), "{rel}: duplicate headings");
    }
}

#[test]
fn every_tagged_number_agrees_with_the_fact_base() {
    let facts = FactBase::load(&content().join("facts.toml")).unwrap();
    let mut markers = 0;
    let mut problems = Vec::new();
    for (path, rel) in notes() {
        let text = std::fs::read_to_string(&path).unwrap();
        for m in fact_markers(&text) {
            markers += 1;
            if let Err(e) = facts.check_marker(&m) {
                problems.push(format!("content/{rel}:{}: {e}", m.line));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {markers} markers disagree:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(markers >= 200, "only {markers} tagged numbers");
}

/// Needs the learners' sample notes, which live beside the checkout, not in it: ignored in a plain
/// `cargo test` (reported as ignored, never as a pass); `.ci/test.sh` runs it with `--ignored`
/// when `../shared` is there and says NOT RUN when it is not.
#[test]
#[ignore = "needs ../shared/notes-samples beside the checkout; .ci/test.sh runs it when present"]
fn no_run_of_ten_words_is_copied_from_the_sample_notes() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/notes-samples");
    let dir = std::fs::read_dir(&samples).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the copy check needs the sample notes",
            samples.display()
        )
    });
    let words = |t: &str| -> Vec<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut grams = HashSet::new();
    for e in dir.flatten() {
        let w = words(&String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()));
        for g in w.windows(10) {
            grams.insert(g.join(" "));
        }
    }
    for (path, rel) in notes() {
        let w = words(&std::fs::read_to_string(&path).unwrap());
        for g in w.windows(10) {
            let g = g.join(" ");
            assert!(
                !grams.contains(&g),
                "content/{rel} copies {g:?} from a sample note"
            );
        }
    }
}

#[test]
fn every_sim_cell_names_a_simulator_and_runs_with_the_real_facts() {
    let facts = FactBase::load(&content().join("facts.toml")).unwrap();
    let mut cells = 0;
    let mut problems = Vec::new();
    for (path, rel) in notes() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines().enumerate();
        while let Some((i, line)) = lines.next() {
            let Some(name) = line.strip_prefix("```sim ") else {
                continue;
            };
            let body: Vec<&str> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| !l.starts_with("```"))
                .collect();
            cells += 1;
            let outcome = coldstart::sim::parse_cell(&body.join("\n"))
                .and_then(|inputs| coldstart::sim::run(name.trim(), &inputs, &facts));
            if let Err(e) = outcome {
                problems.push(format!("content/{rel}:{}: {e}", i + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(cells >= 20, "only {cells} sim cells");
}

#[test]
fn every_fact_the_simulators_read_exists_in_the_fact_base() {
    let facts = FactBase::load(&content().join("facts.toml")).unwrap();
    for id in coldstart::sim::FACT_IDS {
        assert!(
            facts.number(id).is_ok(),
            "simulators read {id}, missing from content/facts.toml"
        );
    }
    for (id, value) in coldstart::sim::FALLBACK_FACTS {
        assert_eq!(
            facts.number(id).unwrap(),
            *value,
            "{id}: built-in copy differs from facts.toml"
        );
    }
}
