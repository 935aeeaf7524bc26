use coldstart::{SearchRequest, SourceFilter};

use crate::library;

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 10,
        service: None,
        source: SourceFilter::All,
    }
}

#[test]
fn finds_900_seconds_in_bundled_notes_with_highlights() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let res = lib.search(&req("900 seconds")).unwrap();
    assert!(!res.hits.is_empty());
    let hit = &res.hits[0];
    assert!(hit.file.starts_with("content/"), "{hit:?}");
    assert!(
        hit.snippet.contains("<b>900</b>") && hit.snippet.contains("<b>seconds</b>"),
        "{}",
        hit.snippet
    );
    assert!(hit.line >= 1 && hit.end_line >= hit.line);
    // The span really is the section: its first line is the heading.
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&hit.file)).unwrap();
    let first = text.lines().nth(hit.line as usize - 1).unwrap();
    assert!(first.starts_with('#'), "line {} is {first:?}", hit.line);
    assert!(first.contains(hit.heading_path.last().unwrap()));
}

#[test]
fn prefix_of_the_last_word_matches_as_you_type() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    for partial in [
        "provisioned concurr",
        "provisioned concurre",
        "provisioned concurren",
    ] {
        let res = lib.search(&req(partial)).unwrap();
        assert!(!res.fuzzy, "{partial}");
        assert!(
            res.hits
                .iter()
                .any(|h| h.heading_path.last().unwrap().contains("Provisioned concurrency")),
            "{partial}: {:?}",
            res.hits.iter().map(|h| &h.heading_path).collect::<Vec<_>>()
        );
        assert!(
            res.hits.iter().any(|h| h.snippet.contains("<b>concurrency</b>")),
            "{partial}: no highlight"
        );
    }
}

#[test]
fn typos_fall_back_to_fuzzy_matching() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let res = lib.search(&req("visibilty timout ")).unwrap();
    assert!(res.fuzzy);
    assert!(!res.hits.is_empty());
    assert!(
        res.hits[0].snippet.contains("<b>visibility</b>"),
        "{}",
        res.hits[0].snippet
    );
}

#[test]
fn phrases_and_filters() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    let phrase = lib.search(&req("\"reserved concurrency\"")).unwrap();
    assert!(!phrase.hits.is_empty());
    assert!(phrase.hits.iter().all(|h| h.service == "lambda"));

    let mut r = req("partition key");
    r.service = Some("dynamodb".into());
    let res = lib.search(&r).unwrap();
    assert!(!res.hits.is_empty());
    assert!(res.hits.iter().all(|h| h.service == "dynamodb"));
    let inline = lib.search(&req("partition key service:dynamodb")).unwrap();
    assert_eq!(
        inline.hits.iter().map(|h| &h.anchor).collect::<Vec<_>>(),
        res.hits.iter().map(|h| &h.anchor).collect::<Vec<_>>()
    );

    let mut r = req("partition key");
    r.source = SourceFilter::Imported;
    assert!(lib.search(&r).unwrap().hits.is_empty(), "nothing imported yet");
}

#[test]
fn empty_and_odd_queries_do_not_fail() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    for q in [
        "",
        "   ",
        "\"",
        "\"unclosed phrase",
        "service:",
        "!!! ???",
        "a",
        "ü",
        "(",
        "*",
    ] {
        lib.search(&req(q)).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
}
