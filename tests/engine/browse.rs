//! The card browser through the public `Library` facade: queries over the real cards, bulk
//! actions and their undo, card info after reviews.

use std::path::Path;
use std::sync::Arc;

use coldstart::exam::{ExamMode, ExamRequest};
use coldstart::{BrowseRequest, BulkAction, Error, FixedClock, Library, Rating, SortColumn};

use crate::library;

/// 2026-11-20 10:00 UTC, in a UTC+1 time zone.
const NOON: i64 = 1_795_168_800_000;

const NOTE: &str = "---\ntitle: Queue notes\nservice: integration\ntags: [exam, queues]\n---\n\n# SQS\n\n\
How long can SQS keep a message?:: Up to 14 days\n\n\
What is the default visibility timeout?:: 30 seconds\n\n\
- **Dead-letter queue:** a queue that receives messages that failed processing too often.\n\n\
## Sizes\n\nMessages can be up to ==256 KB== in size.\n";

fn setup(data: &Path, notes: &Path) -> (Library, Arc<FixedClock>) {
    std::fs::write(notes.join("queues.md"), NOTE).unwrap();
    let lib = library(data);
    let clock = Arc::new(FixedClock::new(NOON, 3600));
    lib.set_clock(clock.clone());
    lib.import(&[notes.to_path_buf()], &mut |_| {}).unwrap();
    (lib, clock)
}

fn find(lib: &Library, q: &str) -> Vec<String> {
    lib.browse(&BrowseRequest {
        query: q.into(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{q}: {e}"))
    .ids
}

fn one(lib: &Library, q: &str) -> String {
    let ids = find(lib, q);
    assert_eq!(ids.len(), 1, "{q}: {ids:?}");
    ids[0].clone()
}

#[test]
fn queries_find_the_real_cards() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let (lib, _) = setup(data.path(), notes.path());
    let all = lib.browse(&BrowseRequest::default()).unwrap();
    assert_eq!(all.total, all.matched);
    assert!(all.total > 500, "{}", all.total);
    assert_eq!(all.rows.len(), all.total);

    let imported = find(&lib, "source:imported");
    assert_eq!(imported.len(), 4, "the note's four cards");
    let folder = notes.path().canonicalize().unwrap();
    assert_eq!(find(&lib, &format!("\"source:{}\"", folder.display())), imported);
    assert_eq!(
        find(&lib, "tag:queues"),
        imported,
        "front-matter tags reach the cards"
    );
    assert_eq!(find(&lib, "tag:queues -\"dead-letter\"").len(), 3);
    assert_eq!(find(&lib, "tag:queues (visibility or 14)").len(), 2);
    let bundled = find(&lib, "source:bundled");
    assert_eq!(bundled.len() + imported.len(), all.total);
    let lambda = find(&lib, "service:lambda");
    let listed = lib
        .list_cards(&coldstart::CardFilter {
            service: Some("lambda".into()),
            limit: Some(100_000),
            offset: None,
        })
        .unwrap();
    assert_eq!(lambda.len(), listed.len());
    assert_eq!(find(&lib, "is:new").len(), all.total, "nothing answered yet");
    assert!(find(&lib, "is:review").is_empty());

    // Answer one card: it is no longer new, it was rated today, and it is learning.
    let id = one(&lib, "tag:queues visibility");
    lib.answer(&id, Rating::Again, Some(4000)).unwrap();
    let just = vec![id.clone()];
    assert_eq!(find(&lib, "rated:1"), just);
    assert_eq!(find(&lib, "rated:1:1"), just);
    assert!(find(&lib, "rated:1:3").is_empty());
    assert_eq!(find(&lib, "introduced:1"), just);
    assert_eq!(find(&lib, "is:learn"), just);
    assert_eq!(find(&lib, "-is:new"), just);
    assert_eq!(find(&lib, "is:due"), just, "learning, due within the day");
    assert_eq!(find(&lib, "prop:s>0 prop:r>0.5"), just);

    // Sorted by reviews, descending: the answered card first; the page and ids agree.
    let r = lib
        .browse(&BrowseRequest {
            query: "source:imported".into(),
            sort: SortColumn::Reviews,
            desc: true,
            offset: Some(0),
            limit: Some(2),
        })
        .unwrap();
    assert_eq!((r.matched, r.rows.len()), (4, 2));
    assert_eq!(r.rows[0].id, id);
    assert_eq!(r.rows[0].reps, 1);
    assert_eq!(r.ids[..2], [r.rows[0].id.clone(), r.rows[1].id.clone()]);

    match lib.browse(&BrowseRequest {
        query: "tag:queues (is:new".into(),
        ..Default::default()
    }) {
        Err(Error::Query { position, token, .. }) => assert_eq!((position, token.as_str()), (11, "(")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bulk_actions_apply_to_the_selection_and_undo_in_one_step() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let (lib, clock) = setup(data.path(), notes.path());
    let sel = find(&lib, "tag:queues");
    assert_eq!(sel.len(), 4);
    let depth = |lib: &Library| lib.bulk(&[], &BulkAction::Unsuspend).unwrap().undo_available;
    let before = depth(&lib);

    let r = lib.bulk(&sel[..3], &BulkAction::Suspend).unwrap();
    assert_eq!((r.op.as_str(), r.selected, r.changed), ("suspend", 3, 3));
    assert_eq!(r.undo_available, before + 1, "one undo step for the three");
    assert_eq!(find(&lib, "is:suspended tag:queues"), sel[..3]);
    let u = lib.undo().unwrap().unwrap();
    assert_eq!(u.op.as_str(), "suspend");
    assert!(find(&lib, "is:suspended tag:queues").is_empty());
    assert_eq!(depth(&lib), before);

    // Already-suspended cards are not counted as changed.
    lib.bulk(&sel[..1], &BulkAction::Suspend).unwrap();
    let r = lib.bulk(&sel[..2], &BulkAction::Suspend).unwrap();
    assert_eq!(r.changed, 1);
    lib.bulk(&sel, &BulkAction::Unsuspend).unwrap();
    assert!(find(&lib, "is:suspended tag:queues").is_empty());

    lib.bulk(&sel[1..], &BulkAction::Flag { flag: 3 }).unwrap();
    assert_eq!(find(&lib, "flag:3"), sel[1..]);
    assert!(lib.bulk(&sel, &BulkAction::Flag { flag: 8 }).is_err());
    lib.bulk(&sel[..2], &BulkAction::Bury).unwrap();
    assert_eq!(find(&lib, "is:buried"), sel[..2]);
    lib.undo().unwrap();
    assert!(find(&lib, "is:buried").is_empty());
    assert_eq!(find(&lib, "flag:3"), sel[1..], "the flag step is still there");

    // Answer two cards over a few days, then forget one: new again, history kept.
    for _ in 0..3 {
        for id in &sel[..2] {
            lib.answer(id, Rating::Good, Some(2000)).unwrap();
        }
        clock.advance_secs(3 * 86_400);
    }
    let reviewed = lib.card(&sel[0]).unwrap();
    assert!(reviewed.reps == 3 && reviewed.stability.is_some());
    lib.bulk(&sel[..1], &BulkAction::Forget).unwrap();
    let forgotten = lib.card(&sel[0]).unwrap();
    assert_eq!(forgotten.state.as_str(), "new");
    assert_eq!((forgotten.stability, forgotten.reps), (None, 3));
    assert_eq!(
        lib.card_details(&sel[0]).unwrap().reviews.len(),
        3,
        "history kept"
    );
    // The step is stored and read back as the engine's own kind of step.
    assert_eq!(lib.undo().unwrap().unwrap().op.as_str(), "forget");
    assert_eq!(lib.card(&sel[0]).unwrap(), reviewed);

    // Set due: 0 is today, 3-7 a day in that range; a new card becomes a review card.
    lib.bulk(&sel[2..], &BulkAction::SetDue { days: "0".into() })
        .unwrap();
    let due = find(&lib, "is:due");
    assert!(sel[2..].iter().all(|id| due.contains(id)), "{due:?}");
    lib.bulk(&sel, &BulkAction::SetDue { days: "3-7".into() })
        .unwrap();
    let rows = lib
        .browse(&BrowseRequest {
            query: "tag:queues".into(),
            ..Default::default()
        })
        .unwrap()
        .rows;
    for r in &rows {
        let d = r.due_in_days.unwrap();
        assert!((3..=7).contains(&d), "{} due in {d}", r.id);
        assert_eq!(r.state.as_str(), "review");
    }
    assert_eq!(find(&lib, "tag:queues prop:due>=3 prop:due<=7").len(), 4);
    for bad in ["", "7-3", "x", "-1", "3-"] {
        assert!(
            lib.bulk(&sel, &BulkAction::SetDue { days: bad.into() }).is_err(),
            "{bad:?}"
        );
    }
    lib.undo().unwrap();
    let rows = lib
        .browse(&BrowseRequest {
            query: "tag:queues".into(),
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert!(
        rows[2..].iter().all(|r| r.due_in_days == Some(0)),
        "back to today"
    );
}

#[test]
fn reschedule_recomputes_memory_from_the_log_with_current_parameters() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let (lib, clock) = setup(data.path(), notes.path());
    let id = one(&lib, "tag:queues visibility");
    for _ in 0..4 {
        lib.answer(&id, Rating::Good, Some(2000)).unwrap();
        clock.advance_secs(5 * 86_400);
    }
    let c = lib.card(&id).unwrap();
    // With the parameters unchanged, rescheduling reproduces the stored memory state.
    lib.bulk(std::slice::from_ref(&id), &BulkAction::Reschedule)
        .unwrap();
    let same = lib.card(&id).unwrap();
    let (s0, s1) = (c.stability.unwrap(), same.stability.unwrap());
    assert!((s0 - s1).abs() / s0 < 0.05, "{s0} vs {s1}");
    // Lower desired retention: same memory, a later due date.
    lib.set_setting("desired_retention", "0.8").unwrap();
    lib.bulk(std::slice::from_ref(&id), &BulkAction::Reschedule)
        .unwrap();
    let later = lib.card(&id).unwrap();
    assert!(later.due > same.due, "{} !> {}", later.due, same.due);
    assert!(later.interval_days > same.interval_days);
    lib.undo().unwrap();
    assert_eq!(lib.card(&id).unwrap().due, same.due);
}

#[test]
fn edited_text_survives_regeneration_and_undoes() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let (lib, _) = setup(data.path(), notes.path());
    let id = one(&lib, "tag:queues visibility");
    let sel = vec![id.clone()];
    lib.bulk(
        &sel,
        &BulkAction::Edit {
            front: None,
            back: Some("30 s by default".into()),
        },
    )
    .unwrap();
    assert_eq!(one(&lib, "\"30 s by default\""), id);
    // Two cards cannot be given one text.
    let two = find(&lib, "tag:queues");
    assert!(lib
        .bulk(
            &two[..2],
            &BulkAction::Edit {
                front: Some("x".into()),
                back: None
            }
        )
        .is_err());
    // The note changes on disk (another card) and is imported again: the edit stays.
    std::fs::write(
        notes.path().join("queues.md"),
        NOTE.replace("Up to 14 days", "Up to 14 days (default 4)"),
    )
    .unwrap();
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let c = lib.card(&id).unwrap();
    assert!(c.edited && c.back == "30 s by default", "{c:?}");
    lib.undo().unwrap();
    let c = lib.card(&id).unwrap();
    assert!(!c.edited && c.back == "30 seconds", "{c:?}");
}

#[test]
fn card_info_shows_every_review_the_curve_and_the_exam_question() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let (lib, clock) = setup(data.path(), notes.path());
    let id = one(&lib, "tag:queues visibility");
    let grades = [Rating::Good, Rating::Good, Rating::Again, Rating::Good];
    for (i, g) in grades.iter().enumerate() {
        lib.answer(&id, *g, Some(1000 * (i as i64 + 1))).unwrap();
        clock.advance_secs(4 * 86_400);
    }
    let d = lib.card_details(&id).unwrap();
    assert_eq!(d.section, "Queue notes › SQS");
    assert_eq!(d.card.source.title, "Queue notes");
    assert_eq!(d.reviews.len(), 4);
    assert_eq!(d.reviews.iter().map(|r| r.rating).collect::<Vec<_>>(), grades);
    assert_eq!(
        d.reviews.iter().map(|r| r.taken_ms).collect::<Vec<_>>(),
        [1000, 2000, 3000, 4000]
    );
    assert!(d.reviews.windows(2).all(|w| w[0].at < w[1].at));
    assert_eq!(d.reviews[3].stability, d.card.stability.unwrap());
    assert!(
        d.reviews[0].date.starts_with("2026-11-20T11:00"),
        "{}",
        d.reviews[0].date
    );
    // The curve starts at 1 on the first review day, falls between reviews, ends 30 days ahead.
    assert!(d.curve.len() >= 40, "{}", d.curve.len());
    assert!((d.curve[0].r - 1.0).abs() < 1e-6);
    assert!(d.curve[1].r < 1.0);
    let tail = &d.curve[d.curve.len() - 30..];
    assert!(tail.windows(2).all(|w| w[1].r < w[0].r));
    let r = d.retrievability.unwrap();
    assert!(r > 0.0 && r < 1.0);
    assert!(d.question.is_none());

    // A missed exam question becomes a card; its info shows the question.
    let st = lib
        .exam_start(&ExamRequest {
            mode: ExamMode::Practice,
            questions: Some(1),
            seed: Some(3),
            include_generated: Some(false),
            ..Default::default()
        })
        .unwrap();
    let q = lib.question(&st.question.id).unwrap();
    let wrong = (0..q.choices.len()).find(|i| !q.answer.contains(i)).unwrap();
    lib.exam_answer(st.attempt_id, 0, &[wrong]).unwrap();
    lib.exam_submit(st.attempt_id).unwrap();
    let card = one(&lib, "source:quiz");
    let d = lib.card_details(&card).unwrap();
    assert_eq!(d.question.map(|q| q.id), Some(q.id));
    assert!(d.reviews.is_empty() && d.curve.is_empty());
}
