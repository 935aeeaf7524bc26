//! The query language on hand-made rows: each operator, negation, `or`, grouping, errors, sort.

use super::*;
use crate::cards::CardSource;
use crate::error::Error;

const TODAY: i64 = 20_000;
const DAY_MS: i64 = 86_400_000;

fn cx() -> EvalContext {
    EvalContext {
        today: TODAY,
        now_ms: TODAY * DAY_MS + 10 * 3_600_000,
        next_day_start_ms: (TODAY + 1) * DAY_MS,
    }
}

fn row(id: &str, service: &str, front: &str, back: &str) -> BrowseRow {
    let mut r = BrowseRow {
        id: id.into(),
        kind: CardKind::Qa,
        service: service.into(),
        front: front.into(),
        source: CardSource {
            file: format!("content/{service}/{id}.md"),
            anchor: "a".into(),
            heading_path: vec![],
            line: 1,
            title: format!("{service} note"),
        },
        section: format!("{service} note"),
        source_key: format!("content/{service}/{id}.md"),
        source_kind: "bundled".into(),
        tags: vec![],
        state: CardState::New,
        due: 0,
        due_in_days: None,
        interval_days: 0,
        stability: None,
        difficulty: None,
        retrievability: None,
        lapses: 0,
        reps: 0,
        flag: 0,
        suspended: false,
        buried: false,
        missing: false,
        changed: false,
        edited: false,
        added_day: TODAY - 100,
        introduced_day: None,
        new_order: 0,
        haystack: String::new(),
        front_lc_len: 0,
        recent: vec![],
    };
    r.set_text(back);
    r
}

fn review(mut r: BrowseRow, due_in: i64, ivl: u32, s: f32, d: f32, ret: f32) -> BrowseRow {
    r.state = CardState::Review;
    r.due_in_days = Some(due_in);
    r.due = (TODAY + due_in) * DAY_MS + 3_600_000;
    r.interval_days = ivl;
    r.stability = Some(s);
    r.difficulty = Some(d);
    r.retrievability = Some(ret);
    r.reps = 3;
    r
}

/// a: new lambda card; b: review dynamodb card due today; c: review, far, leech, flagged;
/// d: learning, suspended, imported with tags; e: missing + changed + buried, rated recently.
fn rows() -> Vec<BrowseRow> {
    let a = row("a", "lambda", "What is the Lambda timeout maximum?", "15 minutes");
    let b = review(
        row("b", "dynamodb", "How big can a DynamoDB item be?", "400 KB"),
        0,
        3,
        4.0,
        7.5,
        0.85,
    );
    let mut c = review(
        row(
            "c",
            "lambda",
            "Reserved concurrency does what?",
            "Caps a function",
        ),
        40,
        30,
        42.0,
        2.0,
        0.97,
    );
    c.lapses = 9;
    c.reps = 20;
    c.flag = 2;
    let mut d = row("d", "sqs", "SQS retention?", "Up to 14 days");
    d.state = CardState::Learning;
    d.due = TODAY * DAY_MS + 11 * 3_600_000;
    d.due_in_days = Some(0);
    d.suspended = true;
    d.source.file = "/home/me/notes/sqs/basics.md".into();
    d.source_key = d.source.file.clone();
    d.source_kind = "imported".into();
    d.tags = vec!["exam::saa".into(), "queues".into()];
    d.added_day = TODAY - 2;
    d.introduced_day = Some(TODAY);
    d.reps = 1;
    let mut e = review(
        row(
            "e",
            "api-gateway",
            "API Gateway default throttle?",
            "10,000 rps per account:region",
        ),
        -5,
        10,
        12.0,
        5.0,
        0.7,
    );
    e.missing = true;
    e.changed = true;
    e.buried = true;
    e.recent = vec![(TODAY, 1), (TODAY - 3, 3)];
    e.introduced_day = Some(TODAY - 60);
    e.source_key = "anki".into();
    e.source_kind = "imported".into();
    e.tags = vec!["aws".into()];
    vec![a, b, c, d, e]
}

fn ids(q: &str) -> String {
    let rows = rows();
    let node = parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    filter_sort(&rows, &node, &cx(), SortColumn::Note, false)
        .into_iter()
        .map(|i| rows[i].id.as_str())
        .collect::<Vec<_>>()
        .join("")
}

fn error(q: &str) -> (usize, String, String) {
    match parse(q) {
        Err(Error::Query {
            position,
            token,
            message,
        }) => (position, token, message),
        other => panic!("{q}: expected a query error, got {other:?}"),
    }
}

#[test]
fn empty_query_finds_everything() {
    assert_eq!(ids(""), "abcde");
    assert_eq!(ids("   "), "abcde");
}

#[test]
fn free_text_matches_front_and_back_case_insensitively() {
    assert_eq!(ids("lambda"), "a");
    assert_eq!(ids("LAMBDA"), "a");
    assert_eq!(ids("400"), "b", "the back counts");
    assert_eq!(ids("what"), "ac");
    assert_eq!(ids("what timeout"), "a", "terms side by side all apply");
    assert_eq!(ids("\"item be\""), "b", "a quoted phrase");
    assert_eq!(ids("\"be item\""), "");
    assert_eq!(ids("dyn*item"), "b", "wildcard");
    assert_eq!(ids("throttle\\?"), "e", "an escaped character is itself");
    assert_eq!(
        ids("account\\:region"),
        "e",
        "an escaped colon is text, not a field"
    );
}

#[test]
fn service_tag_and_source() {
    assert_eq!(ids("service:lambda"), "ac");
    assert_eq!(ids("service:LAMBDA"), "ac");
    assert_eq!(ids("service:api*"), "e");
    assert_eq!(ids("service:lamb"), "", "whole value, not a prefix");
    assert_eq!(ids("tag:queues"), "d");
    assert_eq!(ids("tag:exam"), "d", "a parent tag finds its children");
    assert_eq!(ids("tag:exa"), "");
    assert_eq!(ids("tag:aws"), "e");
    assert_eq!(ids("source:bundled"), "abc");
    assert_eq!(ids("source:imported"), "de");
    assert_eq!(ids("source:anki"), "e");
    assert_eq!(ids("source:/home/me/notes"), "d");
    assert_eq!(ids("source:/home/me/notes/"), "d");
    assert_eq!(ids("\"service:api-gateway\" or service:\"sqs\""), "de");
    assert_eq!(ids("source:/home/me/no"), "", "a folder, not a string prefix");
    assert_eq!(ids("source:content/lambda"), "ac");
    assert_eq!(ids("\"source:/home/me/notes\""), "d", "the whole term quoted");
}

#[test]
fn is_states_and_marks() {
    assert_eq!(ids("is:new"), "a");
    assert_eq!(ids("is:learn"), "d");
    assert_eq!(ids("is:review"), "bce");
    assert_eq!(ids("is:due"), "bde", "due today, overdue, and learning due today");
    assert_eq!(ids("is:suspended"), "d");
    assert_eq!(ids("is:buried"), "e");
    assert_eq!(ids("is:flagged"), "c");
    assert_eq!(ids("is:changed"), "e");
    assert_eq!(ids("is:missing"), "e");
    assert_eq!(ids("is:leech"), "c");
    assert_eq!(ids("flag:2"), "c");
    assert_eq!(ids("flag:1"), "");
    assert_eq!(ids("flag:0"), "abde");
}

#[test]
fn props_compare_numbers() {
    assert_eq!(ids("prop:ivl>=10"), "ce");
    assert_eq!(ids("prop:ivl>10"), "c");
    assert_eq!(ids("prop:ivl=3"), "b");
    assert_eq!(ids("prop:ivl!=3"), "cde", "new cards have no interval");
    assert_eq!(ids("prop:due<3"), "bde");
    assert_eq!(ids("prop:due<0"), "e", "overdue");
    assert_eq!(ids("prop:due>30"), "c");
    assert_eq!(ids("prop:lapses>2"), "c");
    assert_eq!(ids("prop:reps<5"), "abde");
    assert_eq!(ids("prop:s>21"), "c");
    assert_eq!(ids("prop:s<=12"), "be");
    // D on Anki's 0–1 scale: 7.5 → 0.72, 2 → 0.11, 5 → 0.44.
    assert_eq!(ids("prop:d>0.7"), "b");
    assert_eq!(ids("prop:d<0.5"), "ce");
    assert_eq!(ids("prop:r<0.8"), "e");
    assert_eq!(ids("prop:r>=0.85"), "bc");
}

#[test]
fn rated_added_introduced() {
    assert_eq!(ids("rated:1"), "e", "today");
    assert_eq!(ids("rated:7"), "e");
    assert_eq!(ids("rated:7:1"), "e");
    assert_eq!(ids("rated:7:3"), "e");
    assert_eq!(ids("rated:2:3"), "", "the good answer was three days ago");
    assert_eq!(ids("rated:7:4"), "");
    assert_eq!(ids("added:3"), "d");
    assert_eq!(ids("added:365"), "abcde");
    assert_eq!(ids("introduced:1"), "d");
    assert_eq!(ids("introduced:90"), "de");
}

#[test]
fn negation_or_and_grouping() {
    assert_eq!(ids("-is:new"), "bcde");
    assert_eq!(ids("-service:lambda"), "bde");
    assert_eq!(ids("--is:new"), "a", "double negation");
    assert_eq!(ids("service:sqs or service:dynamodb"), "bd");
    assert_eq!(ids("service:sqs OR service:dynamodb"), "bd");
    assert_eq!(ids("service:lambda is:review"), "c");
    assert_eq!(ids("service:lambda and is:review"), "c");
    // `or` binds looser than juxtaposition: (lambda AND review) OR sqs.
    assert_eq!(ids("service:lambda is:review or service:sqs"), "cd");
    assert_eq!(ids("service:lambda (is:review or is:new)"), "ac");
    assert_eq!(ids("service:lambda (is:review or service:sqs)"), "c");
    assert_eq!(ids("-(service:lambda or service:sqs)"), "be");
    assert_eq!(ids("(is:new or is:learn) -is:suspended"), "a");
    assert_eq!(ids("((is:leech))"), "c");
}

#[test]
fn errors_point_at_the_token() {
    let (pos, tok, msg) = error("service:lambda foo:bar");
    assert_eq!((pos, tok.as_str()), (15, "foo:bar"));
    assert!(msg.contains("unknown search field"), "{msg}");
    let (pos, tok, msg) = error("is:nonsense");
    assert_eq!((pos, tok.as_str()), (0, "is:nonsense"));
    assert!(msg.contains("due, new"), "{msg}");
    let (pos, tok, _) = error("is:new (service:lambda");
    assert_eq!((pos, tok.as_str()), (7, "("));
    let (pos, tok, msg) = error("is:new ) x");
    assert_eq!((pos, tok.as_str()), (7, ")"));
    assert!(msg.contains("without a matching"), "{msg}");
    let (pos, tok, _) = error("or is:new");
    assert_eq!((pos, tok.as_str()), (0, "or"));
    let (pos, tok, _) = error("is:new or");
    assert_eq!((pos, tok.as_str()), (7, "or"));
    let (pos, tok, _) = error("is:new -");
    assert_eq!((pos, tok.as_str()), (7, "-"));
    let (pos, tok, _) = error("()");
    assert_eq!((pos, tok.as_str()), (0, "("));
    let (pos, tok, msg) = error("lambda \"open quote");
    assert_eq!((pos, tok.as_str()), (7, "\"open quote"));
    assert!(msg.contains("quote"), "{msg}");
    let (_, tok, _) = error("prop:ivl>>3");
    assert_eq!(tok, "prop:ivl>>3");
    let (_, tok, _) = error("prop:foo>3");
    assert_eq!(tok, "prop:foo>3");
    let (_, tok, _) = error("prop:ivl");
    assert_eq!(tok, "prop:ivl");
    let (_, tok, _) = error("flag:9");
    assert_eq!(tok, "flag:9");
    let (_, tok, _) = error("rated:7:5");
    assert_eq!(tok, "rated:7:5");
    let (_, tok, _) = error("rated:0");
    assert_eq!(tok, "rated:0");
    let (_, tok, _) = error("added:x");
    assert_eq!(tok, "added:x");
    let (_, tok, _) = error("source:nowhere");
    assert_eq!(tok, "source:nowhere");
    let (_, tok, _) = error("service:");
    assert_eq!(tok, "service:");
    // Positions count characters, not bytes.
    let (pos, tok, _) = error("größe bad:x");
    assert_eq!((pos, tok.as_str()), (6, "bad:x"));
    // The message names the token.
    let e = parse("is:new foo:bar").unwrap_err();
    assert!(e.to_string().contains("\"foo:bar\""), "{e}");
    assert_eq!(e.kind(), "query");
}

#[test]
fn sorts_by_each_column_both_ways() {
    let rows = rows();
    let all = parse("").unwrap();
    let order = |col: SortColumn, desc: bool| -> String {
        filter_sort(&rows, &all, &cx(), col, desc)
            .into_iter()
            .map(|i| rows[i].id.as_str())
            .collect()
    };
    assert_eq!(order(SortColumn::Note, false), "abcde");
    assert_eq!(order(SortColumn::Note, true), "edcba");
    let cases = [
        (SortColumn::Front, "ebcda", "adcbe"),
        (SortColumn::Service, "ebacd", "dacbe"),
        (SortColumn::Section, "ebacd", "dacbe"),
        // New cards last both ways.
        (SortColumn::Due, "ebdca", "cdbea"),
        (SortColumn::Interval, "adbec", "cebad"),
        (SortColumn::Stability, "becad", "cebad"),
        (SortColumn::Difficulty, "cebad", "becad"),
        (SortColumn::Retrievability, "ebcad", "cbead"),
        (SortColumn::Lapses, "abdec", "cabde"),
        (SortColumn::Reviews, "adbec", "cbeda"),
        (SortColumn::Flag, "abdec", "cabde"),
        (SortColumn::Added, "abced", "dabce"),
    ];
    for (col, asc, desc) in cases {
        assert_eq!(order(col, false), asc, "{col:?} ascending");
        assert_eq!(order(col, true), desc, "{col:?} descending");
    }
    // Sorting applies to the matches only.
    let lambda = parse("service:lambda").unwrap();
    let got: String = filter_sort(&rows, &lambda, &cx(), SortColumn::Reviews, true)
        .into_iter()
        .map(|i| rows[i].id.as_str())
        .collect();
    assert_eq!(got, "ca");
}

#[test]
fn sort_columns_parse_by_name_and_alias() {
    for (col, name) in SortColumn::ALL {
        assert_eq!(name.parse::<SortColumn>().unwrap(), col);
    }
    assert_eq!("ivl".parse::<SortColumn>().unwrap(), SortColumn::Interval);
    assert_eq!("R".parse::<SortColumn>().unwrap(), SortColumn::Retrievability);
    assert!("colour".parse::<SortColumn>().is_err());
}
