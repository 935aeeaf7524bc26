//! The speed work changes no result: a parallel import makes the cards (and the stale-claim
//! rewrites in them) that one thread makes and that the engine's own functions make note by note,
//! and the quick search path finds what the full open finds, falling back when it cannot know.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use coldstart::{CardFilter, Library, LibraryConfig, SearchRequest, SourceFilter};

use crate::copy_tree;

fn open(data: &Path, content: &Path) -> Library {
    Library::open(config(data, content)).expect("open library")
}

fn config(data: &Path, content: &Path) -> LibraryConfig {
    LibraryConfig {
        data_dir: data.to_path_buf(),
        content_dir: content.to_path_buf(),
        quizzes_dir: PathBuf::from("/nonexistent"),
    }
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The fixture notes with stale claims, worked examples and messy markdown, in one folder.
fn fixture_notes(into: &Path) {
    for (i, d) in [
        "tests/fixtures/notes",
        "tests/fixtures/factcheck",
        "tests/fixtures/notes-eval",
    ]
    .iter()
    .enumerate()
    {
        copy_tree(&repo(d), &into.join(format!("set{i}")));
    }
}

/// Cards of the notes under `root`: id -> (front, back, file, line).
fn note_cards(lib: &Library, root: &Path) -> BTreeMap<String, (String, String, String, usize)> {
    let root = std::fs::canonicalize(root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    lib.list_cards(&CardFilter {
        limit: Some(100_000),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .filter(|c| c.source.file.starts_with(&root))
    .map(|c| (c.id, (c.front, c.back, c.source.file, c.source.line)))
    .collect()
}

#[test]
fn parallel_import_makes_the_cards_of_a_sequential_one() {
    let notes = tempfile::tempdir().unwrap();
    fixture_notes(notes.path());
    let content = repo("content");
    let mut results = Vec::new();
    for threads in [1, 4] {
        coldstart::set_import_threads(threads);
        let data = tempfile::tempdir().unwrap();
        let lib = open(data.path(), &content);
        let report = lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
        results.push((
            report.notes,
            report.sections,
            report.errors.clone(),
            note_cards(&lib, notes.path()),
        ));
    }
    coldstart::set_import_threads(0);
    assert!(results[0].0 >= 10, "{} notes", results[0].0);
    assert!(results[0].3.len() > 20, "{} cards", results[0].3.len());
    assert_eq!(results[0], results[1], "1 thread vs 4 threads");

    // The same cards as the engine's functions give note by note: parse, generate, check the
    // claims against the fact base and rewrite stale values (duplicates of an earlier card skipped).
    let facts = coldstart::facts::FactBase::load(&content.join("facts.toml")).unwrap();
    let mut reference = BTreeMap::new();
    let root = std::fs::canonicalize(notes.path()).unwrap();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && coldstart::notes::is_note_file(e.path()))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for f in &files {
        let key = f.to_string_lossy().into_owned();
        let note = coldstart::notes::parse_note(
            &std::fs::read(f).unwrap(),
            &key,
            coldstart::notes::SourceKind::Imported,
            None,
        );
        let findings = coldstart::facts::check::check_notes(&[(key.clone(), note.markdown.clone())], &facts);
        for c in coldstart::cards::apply_stale_findings(coldstart::cards::from_note(&note), &findings, &facts)
        {
            reference.entry(c.id.clone()).or_insert(c);
        }
    }
    let got = &results[0].3;
    for (id, (front, back, _, _)) in got {
        let r = reference
            .get(id)
            .unwrap_or_else(|| panic!("card {id} not in the reference: {:?}", got[id]));
        assert_eq!((&r.front, &r.back), (front, back), "card {id}");
    }
    for (id, r) in &reference {
        if !got.contains_key(id) {
            // Only a generated (not explicit) card may be left out: as a duplicate of another.
            assert!(!r.explicit, "explicit card {id} missing: {r:?}");
        }
    }
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 10,
        service: None,
        source: SourceFilter::All,
    }
}

#[test]
fn quick_search_finds_what_the_full_open_finds_and_falls_back_when_unsure() {
    let content = tempfile::tempdir().unwrap();
    copy_tree(&repo("content"), content.path());
    let notes = tempfile::tempdir().unwrap();
    fixture_notes(notes.path());
    let data = tempfile::tempdir().unwrap();
    let cfg = config(data.path(), content.path());
    // Nothing on disk yet: the full path.
    assert!(Library::quick_search(&cfg, &req("lambda")).unwrap().is_none());
    let lib = open(data.path(), content.path());
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let queries = [
        "reserved concurrency",
        "visibility timeout",
        "provisioned concurr",
        "lamdba throtle",
        "\"partition key\"",
        "service:lambda timeout",
    ];
    let hits = |r: coldstart::SearchResults| (r.hits, r.fuzzy, r.partial);
    for q in queries {
        let full = hits(lib.search(&req(q)).unwrap());
        let quick = hits(
            Library::quick_search(&cfg, &req(q))
                .unwrap()
                .expect("quick path taken"),
        );
        assert!(!full.0.is_empty(), "{q}: no hits");
        assert_eq!(full, quick, "{q}");
    }
    let filtered = SearchRequest {
        service: Some("dynamodb".into()),
        source: SourceFilter::Bundled,
        ..req("capacity")
    };
    assert_eq!(
        hits(lib.search(&filtered).unwrap()),
        hits(Library::quick_search(&cfg, &filtered).unwrap().unwrap())
    );
    drop(lib);

    // A bundled note edited since the last open: only the full open re-indexes it.
    let word = "zyxwvutsrq";
    let note = walkdir::WalkDir::new(content.path())
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "md") && e.depth() == 2)
        .unwrap()
        .into_path();
    let mut text = std::fs::read_to_string(&note).unwrap();
    text.push_str(&format!("\n\n## Added later\n\nThe {word} limit.\n"));
    std::fs::write(&note, text).unwrap();
    assert!(
        Library::quick_search(&cfg, &req(word)).unwrap().is_none(),
        "stale index used"
    );
    let lib = open(data.path(), content.path());
    assert_eq!(lib.search(&req(word)).unwrap().hits.len(), 1);
    drop(lib);
    let quick = Library::quick_search(&cfg, &req(word))
        .unwrap()
        .expect("quick path after the open");
    assert_eq!(quick.hits.len(), 1);

    // Another content folder, or a missing index: the full path.
    let other = config(data.path(), &repo("content"));
    assert!(Library::quick_search(&other, &req(word)).unwrap().is_none());
    std::fs::remove_dir_all(data.path().join("index")).unwrap();
    assert!(Library::quick_search(&cfg, &req(word)).unwrap().is_none());
}
