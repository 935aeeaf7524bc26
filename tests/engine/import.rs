use coldstart::{Library, LibraryConfig, SearchRequest, SourceFilter};

use crate::{copy_tree, fixtures, library};

fn search(lib: &Library, q: &str, source: SourceFilter) -> Vec<coldstart::SearchHit> {
    lib.search(&SearchRequest {
        query: q.into(),
        limit: 20,
        service: None,
        source,
    })
    .unwrap()
    .hits
}

#[test]
fn messy_notes_import_with_located_problems() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("course"), notes.path());
    let lib = library(data.path());
    let report = lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();

    // .md, .markdown and .txt files, recursively; the empty file is a note with no sections.
    assert_eq!(report.notes, 6, "{report:?}");
    assert_eq!(report.indexed, 6);
    // Problems name the file and line: broken YAML front matter, non-UTF-8 bytes.
    let yaml = report
        .errors
        .iter()
        .find(|e| e.file.ends_with("broken-front-matter.md"))
        .expect("front matter error reported");
    assert_eq!(yaml.line, 2, "{yaml:?}");
    assert!(report
        .errors
        .iter()
        .any(|e| e.file.ends_with("latin1.md") && e.message.contains("lossily")));
    // ... and the rest of those notes still reads.
    assert!(search(&lib, "integration timeout", SourceFilter::Imported)[0]
        .file
        .ends_with("broken-front-matter.md"));
    assert_eq!(
        search(&lib, "JWT", SourceFilter::Imported)[0].title,
        "Caf\u{FFFD} notes on Cognito"
    );
    // Tab-indented `+` bullets, admonitions and tables are searchable text.
    let hits = search(&lib, "fifteen minutes", SourceFilter::Imported);
    assert_eq!(hits[0].heading_path, vec!["Compute on AWS", "Lambda timeouts"]);
    assert_eq!(hits[0].service, "lambda", "service inferred from headings");
    assert!(!search(&lib, "step functions", SourceFilter::Imported).is_empty());
    assert!(!search(&lib, "GB-second", SourceFilter::Imported).is_empty());
}

#[test]
fn reimport_indexes_only_what_changed_and_drops_deleted_files() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("course"), notes.path());
    let lib = library(data.path());
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();

    let again = lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    assert_eq!((again.indexed, again.skipped_unchanged), (0, 6));

    std::fs::write(
        notes.path().join("sqs-notes.txt"),
        "# SQS\n\nlong polling waits up to twenty seconds\n",
    )
    .unwrap();
    std::fs::remove_file(notes.path().join("dynamo.markdown")).unwrap();
    let mut seen = Vec::new();
    let third = lib
        .import(&[notes.path().to_path_buf()], &mut |p| {
            seen.push((p.done, p.total))
        })
        .unwrap();
    assert_eq!((third.indexed, third.skipped_unchanged, third.removed), (1, 4, 1));
    assert_eq!(seen.last(), Some(&(5, 5)), "progress reaches total");
    assert!(search(&lib, "twenty seconds", SourceFilter::Imported)[0]
        .file
        .ends_with("sqs-notes.txt"));
    // The old text of the changed file and the deleted file are gone from the index.
    let from = |q: &str, file: &str| {
        search(&lib, q, SourceFilter::Imported)
            .iter()
            .any(|h| h.file.ends_with(file))
    };
    assert!(!from("visibility timeout six times", "sqs-notes.txt"));
    assert!(!from("partition key design", "dynamo.markdown"));

    // Imports are remembered in SQLite: a new process sees the same notes.
    drop(lib);
    let lib = library(data.path());
    assert!(search(&lib, "twenty seconds", SourceFilter::Imported)[0]
        .file
        .ends_with("sqs-notes.txt"));
    let imported = lib
        .list_notes()
        .unwrap()
        .into_iter()
        .filter(|n| n.source.as_str() == "imported")
        .count();
    assert_eq!(imported, 5);
}

#[test]
fn an_index_from_another_version_is_rebuilt() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("course"), notes.path());
    {
        let lib = library(data.path());
        lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    }
    std::fs::write(data.path().join("index/coldstart-index-version"), "0").unwrap();
    let lib = library(data.path());
    // Bundled notes are back at once; imported ones after the next refresh.
    assert!(!search(&lib, "reserved concurrency", SourceFilter::Bundled).is_empty());
    lib.refresh(&mut |_| {}).unwrap();
    assert!(search(&lib, "fifteen minutes", SourceFilter::Imported)[0]
        .file
        .ends_with("compute.md"));
}

#[test]
fn importing_a_missing_path_names_it() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let err = lib.import(&["/no/such/folder".into()], &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("/no/such/folder"), "{err}");
}

#[test]
fn a_damaged_database_is_refused_and_kept() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("coldstart.db"), vec![0x42u8; 8192]).unwrap();
    let err = Library::open(LibraryConfig {
        data_dir: data.path().to_path_buf(),
        content_dir: fixtures(),
        quizzes_dir: fixtures(),
    })
    .err()
    .expect("refused");
    assert_eq!(err.kind(), "db_corrupt", "{err}");
    assert_eq!(
        std::fs::read(data.path().join("coldstart.db")).unwrap(),
        vec![0x42u8; 8192]
    );
}
