//! Search that finds the answer in a learner's own notes: expansions explained on the hit,
//! quantities in any unit, API names from plain words, near-duplicates collapsed, their notes
//! first, and the remembered scope.

use std::path::Path;

use coldstart::{Library, SearchRequest, SourceFilter};

use crate::library;

fn req(q: &str, source: SourceFilter) -> SearchRequest {
    SearchRequest {
        query: format!("{q} "),
        limit: 10,
        service: None,
        source,
    }
}

/// A library with the bundled notes and one imported folder holding `notes` (name, text).
fn with_notes(data: &Path, dir: &Path, notes: &[(&str, &str)]) -> Library {
    for (name, text) in notes {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let lib = library(data);
    lib.import(&[dir.to_path_buf()], &mut |_| {}).unwrap();
    lib
}

const QUEUES: &str = "# My queue notes\n\n## Poison messages\n\nOnce a message has been received more \
times than maxReceiveCount, SQS moves it to the dead-letter queue of the source queue.\n\n## Timing\n\n\
A worker may run for up to 900 seconds before the platform stops it.\n\n## Payloads\n\nEach \
encrypted blob handed to the service is capped at 4 KB.\n";

#[test]
fn an_abbreviation_finds_its_expansion_and_the_hit_says_so() {
    let (data, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let lib = with_notes(data.path(), dir.path(), &[("queues.md", QUEUES)]);
    let res = lib.search(&req("DLQ", SourceFilter::Imported)).unwrap();
    let hit = res.hits.first().expect("a hit for DLQ");
    assert_eq!(hit.heading_path.last().unwrap(), "Poison messages");
    assert!(
        hit.matched.iter().any(|m| m == "DLQ → dead-letter queue"),
        "{:?}",
        hit.matched
    );
    assert!(hit.snippet.contains("<b>dead</b>"), "{}", hit.snippet);
    // Typed as written in the note: nothing to explain.
    let res = lib
        .search(&req("dead-letter queue", SourceFilter::Imported))
        .unwrap();
    assert!(res.hits[0].matched.is_empty(), "{:?}", res.hits[0].matched);
}

#[test]
fn a_quantity_matches_in_another_unit() {
    let (data, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let lib = with_notes(data.path(), dir.path(), &[("queues.md", QUEUES)]);
    for (q, heading, why) in [
        ("15 min", "Timing", "15 min → 900 seconds"),
        ("15 minutes", "Timing", "15 minutes → 900 seconds"),
        ("4KB", "Payloads", "4KB → 4 KB"),
        ("4096 bytes", "Payloads", "4096 bytes → 4 KB"),
        ("4 kilobytes", "Payloads", "4 kilobytes → 4 KB"),
    ] {
        let res = lib.search(&req(q, SourceFilter::Imported)).unwrap();
        let hit = res.hits.first().unwrap_or_else(|| panic!("{q}: no hit"));
        assert_eq!(hit.heading_path.last().unwrap(), heading, "{q}");
        assert!(hit.matched.iter().any(|m| m == why), "{q}: {:?}", hit.matched);
    }
    // A different amount is not the same quantity.
    let res = lib.search(&req("16 min", SourceFilter::Imported)).unwrap();
    assert!(
        res.hits
            .iter()
            .all(|h| h.heading_path.last().unwrap() != "Timing" || res.partial || res.fuzzy),
        "{:?}",
        res.hits
    );
}

#[test]
fn plain_words_find_an_api_name() {
    let (data, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let note = "# Table writes\n\n## Bulk\n\nBatchWriteItem takes up to 25 put or delete requests.\n\n\
## Single\n\nPutItem replaces one item.\n";
    let lib = with_notes(data.path(), dir.path(), &[("writes.md", note)]);
    for q in ["batch write limit", "batch write item", "BatchWriteItem"] {
        let res = lib.search(&req(q, SourceFilter::Imported)).unwrap();
        assert_eq!(
            res.hits.first().map(|h| h.heading_path.last().unwrap().as_str()),
            Some("Bulk"),
            "{q}: {:?}",
            res.hits
        );
    }
}

#[test]
fn how_long_questions_prefer_a_section_holding_a_duration() {
    let (data, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let note = "# Tokens\n\n## Where credentials come from\n\nThe SDK reads credentials from the \
environment first, then from the shared file.\n\n## Expiry\n\nTemporary credentials stay valid for 1 \
hour unless the caller asks otherwise.\n";
    let lib = with_notes(data.path(), dir.path(), &[("tokens.md", note)]);
    let res = lib
        .search(&req("how long do credentials last", SourceFilter::Imported))
        .unwrap();
    assert_eq!(
        res.hits.first().map(|h| h.heading_path.last().unwrap().as_str()),
        Some("Expiry"),
        "{:?}",
        res.hits
    );
}

#[test]
fn the_same_text_in_several_notes_is_one_hit_with_also_in() {
    let (data, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let para = "A zebra queue keeps each message hidden from other readers while one reader works \
on it, and the message comes back when the reader neither deletes it nor extends the hiding time.";
    let a = format!("# Course copy A\n\n## Zebra hiding\n\n{para}\n");
    let b = format!("# Course copy B\n\n## Zebra queues\n\n{para} Remember this one.\n");
    let c = "# Own words\n\n## Zebra\n\nMy zebra queue note, short and different from the course.\n";
    let lib = with_notes(
        data.path(),
        dir.path(),
        &[("a.md", &a), ("b.md", &b), ("c.md", c)],
    );
    let res = lib.search(&req("zebra queue", SourceFilter::Imported)).unwrap();
    let places: Vec<_> = res
        .hits
        .iter()
        .map(|h| (&h.file, &h.heading_path, h.also_in.len()))
        .collect();
    assert_eq!(res.hits.len(), 2, "{places:?}");
    let copied = res
        .hits
        .iter()
        .find(|h| !h.also_in.is_empty())
        .expect("a collapsed hit");
    assert_eq!(copied.also_in.len(), 1, "{places:?} {:?}", copied.also_in);
    assert_ne!(copied.file, copied.also_in[0].file);
}

#[test]
fn with_all_sources_the_learners_note_comes_before_an_equal_bundled_one() {
    let (data, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let note = "# SQS queues and the visibility timeout\n\n## Visibility timeout\n\nWhile one consumer holds a message the \
visibility timeout hides it from the others; 30 seconds unless changed, 12 hours at most.\n";
    let lib = with_notes(data.path(), dir.path(), &[("sqs.md", note)]);
    let all = lib.search(&req("visibility timeout", SourceFilter::All)).unwrap();
    assert_eq!(all.hits[0].source, "imported", "{:?}", all.hits);
    assert!(all.hits.iter().any(|h| h.source == "bundled"));
    let bundled = lib
        .search(&req("visibility timeout", SourceFilter::Bundled))
        .unwrap();
    assert!(bundled.hits.iter().all(|h| h.source == "bundled"));
    let mine = lib
        .search(&req("visibility timeout", SourceFilter::Imported))
        .unwrap();
    assert!(!mine.hits.is_empty() && mine.hits.iter().all(|h| h.source == "imported"));
}

#[test]
fn the_search_scope_is_remembered() {
    let data = tempfile::tempdir().unwrap();
    {
        let lib = library(data.path());
        assert_eq!(lib.search_scope().unwrap(), SourceFilter::All);
        lib.set_search_scope(SourceFilter::Imported).unwrap();
    }
    let lib = library(data.path());
    assert_eq!(lib.search_scope().unwrap(), SourceFilter::Imported);
}
