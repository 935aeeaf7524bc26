//! Cards and reviews through the public `Library` facade, on a real SQLite file, with a fixed
//! clock.

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use coldstart::review::{OptimizeStatus, UndoOp};
use coldstart::store::Store;
use coldstart::{CardFilter, CardInfo, FixedClock, Library, LibraryConfig, Rating};

use crate::library;

/// 2026-11-20 10:00 UTC, in a UTC+1 time zone (11:00 local).
const NOON: i64 = 1_795_168_800_000;

const NOTE: &str = "---\ntitle: Queue notes\nservice: integration\n---\n\n# SQS\n\n\
How long can SQS keep a message?:: Up to 14 days\n\n\
What is the default visibility timeout?:: 30 seconds\n\n\
- **Dead-letter queue:** a queue that receives messages that failed processing too often.\n\
- A standard queue delivers each message at least once, sometimes more than once.\n\n\
## Sizes\n\nMessages can be up to ==256 KB== in size.\n";

fn clocked(data: &Path) -> (Library, Arc<FixedClock>) {
    let lib = library(data);
    let clock = Arc::new(FixedClock::new(NOON, 3600));
    lib.set_clock(clock.clone());
    (lib, clock)
}

fn note_cards(lib: &Library, file_suffix: &str) -> Vec<CardInfo> {
    lib.list_cards(&CardFilter {
        service: Some("integration".into()),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .filter(|c| c.source.file.ends_with(file_suffix))
    .collect()
}

fn by_front<'a>(cards: &'a [CardInfo], front: &str) -> &'a CardInfo {
    cards
        .iter()
        .find(|c| c.front.starts_with(front))
        .unwrap_or_else(|| {
            panic!(
                "no card {front:?} in {:#?}",
                cards.iter().map(|c| &c.front).collect::<Vec<_>>()
            )
        })
}

#[test]
fn bundled_notes_make_cards_of_every_kind_with_sources() {
    let data = tempfile::tempdir().unwrap();
    let (lib, _) = clocked(data.path());
    let cards = lib.list_cards(&CardFilter::default()).unwrap();
    assert!(cards.len() > 500, "{}", cards.len());
    for kind in ["qa", "definition", "number", "fact", "exercise"] {
        assert!(
            cards
                .iter()
                .any(|c| serde_json::to_value(c.kind).unwrap() == kind),
            "no {kind} card"
        );
    }
    let c = by_front(&cards, "What is the longest a single Lambda invocation can run?");
    assert_eq!(c.source.file, "content/overview/ec2-vs-lambda.md");
    assert!(c.source.line > 0 && !c.source.heading_path.is_empty() && !c.source.anchor.is_empty());
    // No two active cards ask the same thing.
    let mut fronts: Vec<_> = cards.iter().map(|c| c.front.to_lowercase()).collect();
    let n = fronts.len();
    fronts.sort();
    fronts.dedup();
    assert!(n - fronts.len() <= n / 50, "{} duplicates", n - fronts.len());
    // No cloze on a year.
    assert!(!cards.iter().any(|c| c.kind == coldstart::cards::CardKind::Number
        && c.back.len() == 4
        && c.back.starts_with("20")));
}

#[test]
fn ids_and_history_survive_edits_reimport_and_index_rebuild() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let file = notes.path().join("queues.md");
    std::fs::write(&file, NOTE).unwrap();
    let (lib, _) = clocked(data.path());
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let before = note_cards(&lib, "queues.md");
    let kinds: Vec<_> = before
        .iter()
        .map(|c| serde_json::to_value(c.kind).unwrap())
        .collect();
    assert_eq!(kinds, ["qa", "qa", "definition", "cloze"], "{before:#?}");
    let keep = by_front(&before, "How long can SQS").id.clone();
    let edit = by_front(&before, "What is the default visibility").id.clone();
    lib.answer(&keep, Rating::Good, Some(3000)).unwrap();
    lib.answer(&edit, Rating::Good, Some(3000)).unwrap();

    // Edit the note elsewhere (new paragraph above, another card's answer changed) and re-import.
    let edited = NOTE
        .replace("# SQS\n\n", "# SQS\n\nA new introduction paragraph.\n\n")
        .replace(":: 30 seconds", ":: 30 seconds (0 to 12 hours)");
    std::fs::write(&file, edited).unwrap();
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let after = note_cards(&lib, "queues.md");
    let ids = |v: &[CardInfo]| {
        let mut v: Vec<String> = v.iter().map(|c| c.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&before), ids(&after));
    let kept = lib.card(&keep).unwrap();
    assert_eq!((kept.reps, kept.changed), (1, false));
    let changed = lib.card(&edit).unwrap();
    assert_eq!((changed.reps, changed.changed), (1, true));
    assert_eq!(changed.back, "30 seconds (0 to 12 hours)");
    drop(lib);

    // Rebuild the index from scratch and re-import the same folder: same ids, same history.
    std::fs::remove_dir_all(data.path().join("index")).unwrap();
    let (lib, _) = clocked(data.path());
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    assert_eq!(ids(&note_cards(&lib, "queues.md")), ids(&before));
    assert_eq!(lib.card(&keep).unwrap().reps, 1);
}

#[test]
fn a_card_whose_source_disappears_is_kept_suspended_and_comes_back() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    let file = notes.path().join("queues.md");
    std::fs::write(&file, NOTE).unwrap();
    let (lib, _) = clocked(data.path());
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let id = by_front(&note_cards(&lib, "queues.md"), "How long can SQS")
        .id
        .clone();
    lib.answer(&id, Rating::Easy, None).unwrap();
    // Learner overrides, a flag; then the card's line is removed.
    lib.edit_card(&id, None, Some("14 days (default 4)")).unwrap();
    lib.flag(&id, 2).unwrap();
    std::fs::write(
        &file,
        NOTE.replace("How long can SQS keep a message?:: Up to 14 days\n\n", ""),
    )
    .unwrap();
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let c = lib.card(&id).unwrap();
    assert!(c.suspended && c.missing, "{c:?}");
    assert_eq!(c.reps, 1, "history kept");
    assert!(lib.due().unwrap().queue.iter().all(|q| q.id != id));
    let err = lib.answer(&id, Rating::Good, None).unwrap_err().to_string();
    assert!(err.contains("suspended"), "{err}");
    // The whole file deleted: its other cards are suspended too.
    std::fs::remove_file(&file).unwrap();
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    assert!(note_cards(&lib, "queues.md")
        .iter()
        .all(|c| c.suspended && c.missing));
    // Back again: unsuspended, overrides and flag intact.
    std::fs::write(&file, NOTE).unwrap();
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let c = lib.card(&id).unwrap();
    assert!(!c.suspended && !c.missing);
    assert_eq!(
        (c.back.as_str(), c.edited, c.flag),
        ("14 days (default 4)", true, 2)
    );
}

#[test]
fn learner_suspend_and_bury_are_respected_and_undoable() {
    let data = tempfile::tempdir().unwrap();
    let (lib, clock) = clocked(data.path());
    let first = lib.due().unwrap().queue[0].id.clone();
    lib.suspend(&first, true).unwrap();
    assert!(lib.due().unwrap().queue.iter().all(|q| q.id != first));
    lib.undo().unwrap().unwrap();
    assert_eq!(lib.due().unwrap().queue[0].id, first);
    lib.bury(&first).unwrap();
    assert!(lib.due().unwrap().queue.iter().all(|q| q.id != first));
    clock.advance_secs(86_400);
    assert!(
        lib.due().unwrap().queue.iter().any(|q| q.id == first),
        "buried until the next day"
    );
}

#[test]
fn daily_limits_and_the_day_boundary() {
    let data = tempfile::tempdir().unwrap();
    let (lib, clock) = clocked(data.path());
    lib.set_setting("new_per_day", "3").unwrap();
    let due = lib.due().unwrap();
    assert_eq!((due.new, due.learning, due.review), (3, 0, 0));
    // The next study day starts at 04:00 local (03:00 UTC) tomorrow; the window shows this time.
    const HOUR: i64 = 3_600_000;
    assert_eq!(due.next_day_starts_at, NOON + 17 * HOUR);
    for _ in 0..3 {
        let next = lib.next_card().unwrap().unwrap();
        assert_eq!(next.previews.len(), 4);
        assert_eq!(next.previews[0].interval, "1m");
        lib.answer(&next.card.id, Rating::Easy, Some(2000)).unwrap();
    }
    assert!(lib.next_card().unwrap().is_none(), "limit reached");
    let due = lib.due().unwrap();
    assert_eq!((due.new, due.new_done, due.done_today), (0, 3, 3));
    // 02:00 local the next calendar day is still the same study day (boundary 4 am)...
    clock.set_ms(NOON + 14 * 3_600_000); // 01:00 local
    assert_eq!(lib.due().unwrap().new, 0);
    assert_eq!(lib.due().unwrap().next_day_starts_at, NOON + 17 * HOUR);
    // ...04:00 local starts a new one.
    clock.set_ms(NOON + 17 * 3_600_000);
    let due = lib.due().unwrap();
    assert_eq!((due.new, due.next_day_starts_at), (3, NOON + 41 * HOUR));
    // The boundary follows the setting: midnight local is 23:00 UTC.
    lib.set_setting("day_starts_at", "0").unwrap();
    assert_eq!(lib.due().unwrap().next_day_starts_at, NOON + 37 * HOUR);
    lib.set_setting("day_starts_at", "4").unwrap();
    // Reviews graduated with easy come back in days.
    clock.advance_secs(30 * 86_400);
    let due = lib.due().unwrap();
    assert_eq!(due.review, 3, "{due:?}");
}

#[test]
fn undo_works_across_a_restart_several_levels_deep() {
    let data = tempfile::tempdir().unwrap();
    let ids: Vec<String>;
    {
        let (lib, _) = clocked(data.path());
        ids = lib
            .due()
            .unwrap()
            .queue
            .iter()
            .take(3)
            .map(|q| q.id.clone())
            .collect();
        lib.answer(&ids[0], Rating::Good, None).unwrap();
        lib.answer(&ids[1], Rating::Again, None).unwrap();
        let r = lib.answer(&ids[2], Rating::Easy, None).unwrap();
        assert_eq!(r.undo_available, 3);
    }
    let (lib, _) = clocked(data.path());
    assert_eq!(lib.due().unwrap().done_today, 3);
    for want in ids.iter().rev() {
        let u = lib.undo().unwrap().unwrap();
        assert_eq!((u.op, &u.card_id), (UndoOp::Answer, want));
        let c = lib.card(want).unwrap();
        assert_eq!((c.reps, c.state), (0, coldstart::review::CardState::New));
    }
    assert!(lib.undo().unwrap().is_none());
    assert_eq!(lib.due().unwrap().done_today, 0);
    assert_eq!(lib.stats().unwrap().total_reviews, 0);
}

#[test]
fn stats_show_real_data() {
    let data = tempfile::tempdir().unwrap();
    let (lib, clock) = clocked(data.path());
    let ids: Vec<String> = lib
        .due()
        .unwrap()
        .queue
        .iter()
        .take(5)
        .map(|q| q.id.clone())
        .collect();
    for id in &ids {
        lib.answer(id, Rating::Easy, Some(4000)).unwrap();
    }
    clock.advance_secs(20 * 86_400);
    for (i, id) in ids.iter().enumerate() {
        lib.answer(id, if i == 0 { Rating::Again } else { Rating::Good }, Some(4000))
            .unwrap();
    }
    let s = lib.stats().unwrap();
    assert_eq!(s.total_reviews, 10);
    assert_eq!(s.reviews_per_day.len(), 2);
    assert_eq!(s.today.reviews, 5);
    let month = s.retention_by_month.last().unwrap();
    assert_eq!((month.reviews, month.passed), (5, 4));
    assert_eq!(s.forecast.len(), 30);
    assert!(s.forecast.iter().map(|f| f.due).sum::<i64>() >= 1);
    assert_eq!(s.states.relearning, 1);
    assert!(s.mastery.iter().any(|m| m.studied > 0 && m.mastery > 0.0));
    // Answers today and 20 days ago, none between: a streak of one day, kept through tomorrow.
    assert_eq!(s.streak_days, 1);
    clock.advance_secs(86_400);
    assert_eq!(lib.stats().unwrap().streak_days, 1);
    clock.advance_secs(86_400);
    assert_eq!(lib.stats().unwrap().streak_days, 0);
}

#[test]
fn optimiser_says_when_there_are_too_few_reviews_and_keeps_previous_parameters() {
    let data = tempfile::tempdir().unwrap();
    let (lib, clock) = clocked(data.path());
    let r = lib.optimize(&mut |_| {}).unwrap();
    assert_eq!(r.status, OptimizeStatus::NotEnoughReviews);
    assert!(r.message.contains("not enough reviews"), "{}", r.message);
    // Study 150 cards for a few weeks.
    lib.set_setting("new_per_day", "150").unwrap();
    lib.set_setting("reviews_per_day", "9999").unwrap();
    let mut n = 0u32;
    for _day in 0..40 {
        while let Some(c) = lib.next_card().unwrap() {
            n += 1;
            let rating = if n % 7 == 0 {
                Rating::Again
            } else if n % 5 == 0 {
                Rating::Hard
            } else {
                Rating::Good
            };
            lib.answer(&c.card.id, rating, Some(5000)).unwrap();
        }
        clock.advance_secs(86_400);
        lib.set_setting("new_per_day", "0").unwrap();
    }
    let mut calls = 0;
    let r = lib.optimize(&mut |_| calls += 1).unwrap();
    assert_eq!(r.status, OptimizeStatus::Optimized, "{}", r.message);
    assert!(calls >= 1);
    assert_eq!(r.params.len(), 21);
    assert_eq!(lib.review_settings().unwrap().fsrs_params, r.params);
    assert_eq!(lib.review_settings().unwrap().previous_params, 1);
    // Kept because they predict the reviews better than the defaults did; both figures shown.
    let e = r.evaluation.clone().expect("log loss and RMSE of both");
    assert!(e.new_log_loss < e.previous_log_loss, "{e:?}");
    assert!(e.new_rmse > 0.0 && e.previous_rmse > 0.0, "{e:?}");
    assert!(r.message.contains("log loss"), "{}", r.message);
    // Optimising again from the same reviews fits the same parameters: no better, so kept as
    // they are, and nothing is pushed onto the history.
    let again = lib.optimize(&mut |_| {}).unwrap();
    assert_eq!(again.status.as_str(), "kept_previous", "{}", again.message);
    let e2 = again.evaluation.clone().unwrap();
    assert!(e2.new_log_loss >= e2.previous_log_loss, "{e2:?}");
    assert_eq!(again.params, r.params);
    assert_eq!(lib.review_settings().unwrap().fsrs_params, r.params);
    assert_eq!(lib.review_settings().unwrap().previous_params, 1);
    let back = lib.restore_previous_parameters().unwrap();
    assert!(back.fsrs_params.is_empty());
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let data = tempfile::tempdir().unwrap();
    drop(library(data.path()));
    let db = data.path().join("coldstart.db");
    {
        let c = rusqlite_connection(&db);
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = Library::open(LibraryConfig {
        data_dir: data.path().to_path_buf(),
        content_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        quizzes_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes"),
    })
    .err()
    .unwrap();
    assert!(err.to_string().contains("newer"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

fn rusqlite_connection(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// The child side of the SIGKILL test: answers cards as fast as it can, printing each
/// acknowledged answer's review log id. Only runs when the parent test starts it.
#[test]
#[ignore = "started by sigkill_during_answers_loses_nothing_acknowledged"]
fn sigkill_child() {
    let Ok(dir) = std::env::var("COLDSTART_SIGKILL_DIR") else {
        return;
    };
    let lib = library(Path::new(&dir));
    let cards = lib.list_cards(&CardFilter::default()).unwrap();
    let mut i = 0usize;
    loop {
        let c = &cards[i % cards.len()];
        i += 1;
        if c.suspended {
            continue;
        }
        let rating = Rating::ALL[i % 4];
        let r = lib.answer(&c.id, rating, Some(1000)).unwrap();
        println!("ack {}", r.revlog_id);
    }
}

#[test]
fn sigkill_during_answers_loses_nothing_acknowledged() {
    let data = tempfile::tempdir().unwrap();
    drop(library(data.path()));
    let mut acked: Vec<i64> = Vec::new();
    for round in 0..8u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "review::sigkill_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("COLDSTART_SIGKILL_DIR", data.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(id) = line.strip_prefix("ack ") {
                    let _ = tx.send(id.trim().parse::<i64>().unwrap());
                }
            }
        });
        // Wait for the first acknowledgement, then kill it at a varying moment mid-stream.
        let first = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("child answers");
        acked.push(first);
        std::thread::sleep(std::time::Duration::from_millis(20 + round * 37 % 200));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        acked.extend(rx.try_iter());
    }
    assert!(acked.len() > 8, "only {} answers acknowledged", acked.len());
    let store = Store::open(&data.path().join("coldstart.db")).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    for id in &acked {
        assert!(store.revlog_exists(*id).unwrap(), "acknowledged answer {id} lost");
    }
    drop(store);
    // And the library opens and works.
    let lib = library(data.path());
    assert!(lib.stats().unwrap().total_reviews >= acked.len() as i64);
}

#[test]
fn a_card_made_from_a_stale_claim_teaches_the_current_value_and_says_so() {
    let data = tempfile::tempdir().unwrap();
    let notes = tempfile::tempdir().unwrap();
    std::fs::write(
        notes.path().join("lambda.md"),
        "# Lambda limits\n\n- A Lambda function can run for at most 5 minutes per invocation.\n- Fine print about retries.\n",
    )
    .unwrap();
    let lib = crate::library(data.path());
    lib.import(&[notes.path().to_path_buf()], &mut |_| {}).unwrap();
    let cards = lib
        .list_cards(&coldstart::CardFilter {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    let card = cards
        .iter()
        .find(|c| c.source.file.ends_with("lambda.md") && c.front.contains("[...] minutes"))
        .expect("a number cloze on the timeout");
    assert!(card.back.starts_with("15 minutes"), "{}", card.back);
    assert!(
        card.back.contains("your note says 5 minutes") && card.back.contains("900 s"),
        "{}",
        card.back
    );
    assert!(
        card.back.contains("https://docs.aws.amazon.com/lambda/"),
        "{}",
        card.back
    );
}
