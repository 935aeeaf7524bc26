//! Practice exams through the `Library` facade: bank loading, seeded selection, autosave and
//! resume across reopening, scoring, practice feedback, time limits, history, the missed hook.

use std::path::{Path, PathBuf};

use coldstart::exam::{ExamMode, ExamRequest, ExamStatus};
use coldstart::quiz::Domain;
use coldstart::{Library, LibraryConfig};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn quiz_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quizzes")
}

/// A bank of `per_domain` questions per domain over three services, written to `dir`.
fn write_bank(dir: &Path, per_domain: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let services = ["lambda", "dynamodb", "cognito"];
    for d in Domain::ALL {
        let mut text = String::new();
        for i in 0..per_domain {
            let multi = i % 5 == 4;
            let (answer, stem_end) = if multi {
                ("[0, 2]".to_string(), " (Choose two.)")
            } else {
                (format!("{}", i % 4), "")
            };
            let keyed = |j: usize| if multi { j == 0 || j == 2 } else { j == i % 4 };
            let why: Vec<String> = (0..4)
                .map(|j| format!("\"{} {j} of {i}\"", if keyed(j) { "Right:" } else { "Wrong:" }))
                .collect();
            text.push_str(&format!(
                "[[question]]\nid = \"t-{d}-{i:03}\"\nservice = \"{}\"\ndomain = \"{d}\"\ndifficulty = \"medium\"\n\
                 stem = \"Scenario {i} of {d}: which is right?{stem_end}\"\n\
                 choices = [\"alpha {i}\", \"beta {i}\", \"gamma {i}\", \"delta {i}\"]\nanswer = {answer}\n\
                 explanation = \"Because {i}.\"\nrefs = [\"lambda/configuration.md#timeout\"]\n\
                 choice_explanations = [{}]\n\
                 sources = [\"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html\"]\n\n",
                services[i % 3],
                why.join(", "),
                d = d.as_str()
            ));
        }
        std::fs::write(dir.join(format!("{}.toml", d.as_str())), text).unwrap();
    }
}

struct Env {
    data: tempfile::TempDir,
    quizzes: PathBuf,
    _q: Option<tempfile::TempDir>,
}

impl Env {
    fn new(per_domain: usize) -> Env {
        let q = tempfile::tempdir().unwrap();
        write_bank(q.path(), per_domain);
        Env {
            data: tempfile::tempdir().unwrap(),
            quizzes: q.path().to_path_buf(),
            _q: Some(q),
        }
    }

    fn with_quizzes(quizzes: PathBuf) -> Env {
        Env {
            data: tempfile::tempdir().unwrap(),
            quizzes,
            _q: None,
        }
    }

    fn open(&self) -> Library {
        Library::open(LibraryConfig {
            data_dir: self.data.path().to_path_buf(),
            content_dir: content(),
            quizzes_dir: self.quizzes.clone(),
        })
        .expect("open library")
    }
}

fn req(mode: ExamMode, questions: usize, seed: u64) -> ExamRequest {
    ExamRequest {
        mode,
        questions: Some(questions),
        seed: Some(seed),
        include_generated: Some(false),
        ..Default::default()
    }
}

fn right(lib: &Library, id: &str) -> Vec<usize> {
    lib.question(id).unwrap().answer
}

fn wrong(lib: &Library, id: &str) -> Vec<usize> {
    let q = lib.question(id).unwrap();
    vec![(0..q.choices.len()).find(|i| !q.answer.contains(i)).unwrap()]
}

#[test]
fn a_broken_file_is_reported_with_path_line_and_field_and_the_rest_loads() {
    let env = Env::with_quizzes(quiz_fixtures().join("broken"));
    let lib = env.open();
    let bank = lib.quiz_bank();
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["fx-mixed-good", "fx-other-file-good"]);
    let issues = &bank.issues;
    assert_eq!(issues.len(), 3, "{issues:#?}");
    let syntax = issues.iter().find(|i| i.file.ends_with("a-syntax.toml")).unwrap();
    assert_eq!(syntax.line, 4, "{syntax}");
    let range = issues
        .iter()
        .find(|i| i.question.as_deref() == Some("fx-mixed-out-of-range"))
        .unwrap();
    assert!(range.file.ends_with("b-mixed.toml"));
    assert_eq!(
        (range.line, range.field.as_deref()),
        (20, Some("answer")),
        "{range}"
    );
    let dom = issues
        .iter()
        .find(|i| i.question.as_deref() == Some("fx-mixed-bad-domain"))
        .unwrap();
    assert_eq!((dom.line, dom.field.as_deref()), (27, Some("domain")), "{dom}");
    assert!(
        dom.to_string()
            .contains("b-mixed.toml:27: fx-mixed-bad-domain: domain:"),
        "{dom}"
    );
    // The questions that loaded can be examined.
    let st = lib.exam_start(&req(ExamMode::Custom, 5, 1)).unwrap();
    assert_eq!(st.total, 2);
    // And `check` reports the same problems, while a good folder has none.
    assert_eq!(lib.check_quizzes(&[]).unwrap().issues.len(), 3);
    let good = lib.check_quizzes(&[quiz_fixtures().join("good")]).unwrap();
    assert!(good.issues.is_empty(), "{:#?}", good.issues);
    assert_eq!(good.questions, 4);
}

#[test]
fn seeded_selection_is_deterministic_honours_weights_and_avoids_recent_questions() {
    let env_a = Env::new(40);
    let env_b = Env::with_quizzes(env_a.quizzes.clone());
    let (a, b) = (env_a.open(), env_b.open());
    let full = ExamRequest {
        seed: Some(11),
        ..Default::default()
    };
    let sa = a.exam_start(&full).unwrap();
    let sb = b.exam_start(&full).unwrap();
    assert_eq!(sa.total, 65);
    assert_eq!(sa.time_limit_ms, Some(130 * 60_000));
    let ids = |lib: &Library, id: i64| -> Vec<String> {
        lib.exam_result(id)
            .unwrap()
            .questions
            .into_iter()
            .map(|q| q.id)
            .collect()
    };
    let ia = ids(&a, sa.attempt_id);
    assert_eq!(ia, ids(&b, sb.attempt_id), "same seed, same bank, same history");
    let result = a.exam_result(sa.attempt_id).unwrap();
    let by: Vec<(String, usize)> = result
        .by_domain
        .iter()
        .map(|d| (d.key.clone(), d.total))
        .collect();
    assert_eq!(
        by,
        [
            ("development", 21),
            ("security", 17),
            ("deployment", 15),
            ("troubleshooting", 12)
        ]
        .map(|(k, n)| (k.to_string(), n))
    );
    // Next attempt in the same library: the same seed now avoids what was just seen.
    let s2 = a.exam_start(&req(ExamMode::Custom, 30, 11)).unwrap();
    let i2 = ids(&a, s2.attempt_id);
    assert!(i2.iter().all(|id| !ia.contains(id)), "{i2:?}");
    // Starting anew abandoned the first attempt.
    let h = a.exam_history().unwrap();
    assert_eq!(h[0].status, ExamStatus::Abandoned);
    assert_eq!(h[1].status, ExamStatus::InProgress);
    // Filters.
    let s3 = a
        .exam_start(&ExamRequest {
            mode: ExamMode::Custom,
            questions: Some(8),
            services: vec!["cognito".into()],
            domains: vec![Domain::Security],
            include_generated: Some(false),
            ..Default::default()
        })
        .unwrap();
    let r3 = a.exam_result(s3.attempt_id).unwrap();
    assert!(r3
        .questions
        .iter()
        .all(|q| q.service == "cognito" && q.domain == Domain::Security));
    let err = a
        .exam_start(&ExamRequest {
            services: vec!["ec2".into()],
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("ec2"), "{err}");
}

#[test]
fn every_action_autosaves_and_the_attempt_resumes_after_reopening() {
    let env = Env::new(10);
    let (id, elapsed, ids) = {
        let lib = env.open();
        let st = lib.exam_start(&req(ExamMode::Exam, 10, 3)).unwrap();
        let id = st.attempt_id;
        assert_eq!(st.remaining_ms, Some(20 * 60_000));
        let r = lib.exam_result(id).unwrap();
        let ids: Vec<String> = r.questions.iter().map(|q| q.id.clone()).collect();
        std::thread::sleep(std::time::Duration::from_millis(30));
        let st = lib.exam_answer(id, 0, &wrong(&lib, &ids[0])).unwrap();
        assert!(st.question.feedback.is_none(), "no feedback in exam mode");
        assert!(st.elapsed_ms >= 30, "{}", st.elapsed_ms);
        assert!(st.navigator[0].answered);
        lib.exam_flag(id, 1, None).unwrap();
        lib.exam_answer(id, 1, &right(&lib, &ids[1])).unwrap();
        // Change an answer.
        lib.exam_answer(id, 0, &right(&lib, &ids[0])).unwrap();
        let st = lib.exam_goto(id, 4).unwrap();
        assert_eq!(st.current, 4);
        assert_eq!((st.answered, st.flagged), (2, 1));
        (id, st.elapsed_ms, ids)
    };
    std::thread::sleep(std::time::Duration::from_millis(60));
    let lib = env.open();
    let st = lib.exam_current().unwrap().expect("an unfinished attempt");
    assert_eq!(st.attempt_id, id);
    assert_eq!(st.current, 4, "back on the question it was on");
    assert_eq!(st.question.id, ids[4]);
    assert_eq!((st.answered, st.flagged), (2, 1));
    assert!(st.navigator[1].flagged && st.navigator[1].answered);
    assert!(st.navigator[0].correct.is_none(), "no feedback in exam mode");
    assert_eq!(st.elapsed_ms, elapsed, "time away is not counted");
    let st = lib.exam_goto(id, 0).unwrap();
    assert_eq!(
        st.question.selected,
        right(&lib, &ids[0]),
        "the changed answer was kept"
    );
    // Pause is for practice only.
    let err = lib.exam_pause(id).unwrap_err();
    assert!(err.to_string().contains("practice"), "{err}");
    // Bad positions and choices are refused with a reason.
    assert!(lib.exam_goto(id, 10).is_err());
    assert!(lib.exam_answer(id, 2, &[7]).is_err());
    let single = (0..10)
        .find(|i| !lib.question(&ids[*i]).unwrap().multiple)
        .unwrap();
    let err = lib.exam_answer(id, single, &[0, 1]).unwrap_err();
    assert!(err.to_string().contains("one answer"), "{err}");
    // Clearing an answer is allowed in exam mode.
    let st = lib.exam_answer(id, 1, &[]).unwrap();
    assert_eq!(st.answered, 1);
}

#[test]
fn submission_scores_breaks_down_and_feeds_the_review_hook() {
    let env = Env::new(10);
    let lib = env.open();
    let st = lib.exam_start(&req(ExamMode::Exam, 10, 5)).unwrap();
    let id = st.attempt_id;
    let ids: Vec<String> = lib
        .exam_result(id)
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    // 6 right, 2 wrong, 2 unanswered.
    for (i, qid) in ids.iter().enumerate().take(8) {
        let c = if i < 6 { right(&lib, qid) } else { wrong(&lib, qid) };
        lib.exam_answer(id, i, &c).unwrap();
    }
    lib.exam_flag(id, 9, Some(true)).unwrap();
    let r = lib.exam_submit(id).unwrap();
    assert_eq!(r.status, ExamStatus::Submitted);
    assert_eq!((r.total, r.answered, r.correct), (10, 8, 6));
    assert_eq!(r.percent, 60.0);
    assert_eq!(r.scaled.score, coldstart::exam::scaled_estimate(0.6));
    assert!(r.scaled.estimate && !r.scaled.passed && r.scaled.label.contains("estimate"));
    assert_eq!(r.scaled.pass_mark, 720);
    assert_eq!(r.by_domain.iter().map(|d| d.total).sum::<usize>(), 10);
    assert_eq!(r.by_domain.iter().map(|d| d.correct).sum::<usize>(), 6);
    assert_eq!(r.by_service.iter().map(|d| d.correct).sum::<usize>(), 6);
    let q6 = &r.questions[6];
    assert!(!q6.correct && q6.answered && q6.selected != q6.answer);
    assert!(!q6.explanation.is_empty());
    assert_eq!(q6.refs[0].note, "content/lambda/configuration.md");
    assert_eq!(q6.refs[0].anchor, "timeout");
    assert!(r.questions[9].flagged && !r.questions[9].answered);
    assert!(r.questions.iter().all(|q| q.time_ms >= 0));
    // Wrong and unanswered questions are in the review hook.
    let mut missed = lib.missed_question_ids().unwrap();
    missed.sort();
    let mut expect: Vec<String> = ids[6..].to_vec();
    expect.sort();
    assert_eq!(missed, expect);
    let details = lib.missed_questions().unwrap();
    assert!(details.iter().all(|m| m.attempt_id == id && m.question.is_some()));
    // Submitted is final; submitting again gives the same result.
    assert!(lib.exam_answer(id, 9, &[0]).is_err());
    assert_eq!(lib.exam_submit(id).unwrap(), r);
    assert!(lib.exam_current().unwrap().is_none());
    // History.
    let h = lib.exam_history().unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].correct, h[0].percent, h[0].passed),
        (Some(6), Some(60.0), Some(false))
    );
    // A second attempt that misses one of them again records it again (re-activates the card).
    let st = lib
        .exam_start(&ExamRequest {
            mode: ExamMode::Custom,
            questions: Some(40),
            minutes: Some(0),
            include_generated: Some(false),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(st.time_limit_ms, None);
    let r2 = lib.exam_submit(st.attempt_id).unwrap();
    assert_eq!(r2.correct, 0);
    assert_eq!(lib.missed_questions().unwrap().len(), 4 + 40);
    assert_eq!(lib.missed_question_ids().unwrap().len(), 40);
}

#[test]
fn practice_mode_gives_feedback_at_once_and_may_pause() {
    let env = Env::new(10);
    let lib = env.open();
    let st = lib.exam_start(&req(ExamMode::Practice, 5, 9)).unwrap();
    assert!(st.can_pause && st.immediate_feedback && st.time_limit_ms.is_none());
    let id = st.attempt_id;
    let ids: Vec<String> = lib
        .exam_result(id)
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let single = (0..5)
        .find(|i| !lib.question(&ids[*i]).unwrap().multiple)
        .unwrap();
    let st = lib.exam_answer(id, single, &wrong(&lib, &ids[single])).unwrap();
    let fb = st.question.feedback.clone().expect("feedback at once");
    assert!(!fb.correct);
    assert_eq!(fb.answer, right(&lib, &ids[single]));
    assert!(!fb.explanation.is_empty() && !fb.refs.is_empty());
    // Why each choice is right or wrong, and the official pages behind the key.
    let q = lib.question(&ids[single]).unwrap();
    assert_eq!(fb.choice_explanations.len(), q.choices.len());
    assert!(fb.choice_explanations[fb.answer[0]].starts_with("Right"));
    assert!(!fb.sources.is_empty() && fb.sources == q.sources);
    let item = &lib.exam_result(id).unwrap().questions[single];
    assert_eq!(
        item.choice_explanations, q.choice_explanations,
        "and in the results review"
    );
    assert_eq!(item.sources, q.sources);
    assert_eq!(st.navigator[single].correct, Some(false));
    assert_eq!(
        lib.missed_question_ids().unwrap(),
        vec![ids[single].clone()],
        "recorded at once"
    );
    let err = lib
        .exam_answer(id, single, &right(&lib, &ids[single]))
        .unwrap_err();
    assert!(err.to_string().contains("already answered"), "{err}");
    let st = lib.exam_pause(id).unwrap();
    assert!(st.paused);
    assert!(lib.exam_goto(id, 0).unwrap_err().to_string().contains("paused"));
    let st = lib.exam_resume(id).unwrap();
    assert!(!st.paused);
    // Practice includes simulator questions unless told not to.
    let st = lib
        .exam_start(&ExamRequest {
            mode: ExamMode::Practice,
            questions: Some(60),
            seed: Some(2),
            ..Default::default()
        })
        .unwrap();
    let r = lib.exam_result(st.attempt_id).unwrap();
    assert!(r
        .questions
        .iter()
        .any(|q| q.generated && q.id.starts_with("sim-") && q.id.contains("-2-")));
    let sim = r.questions.iter().find(|q| q.generated).unwrap();
    assert_eq!(
        lib.question(&sim.id).unwrap().answer,
        sim.answer,
        "rebuilt from its id"
    );
}

#[test]
fn when_time_runs_out_the_next_action_submits() {
    let env = Env::new(10);
    let id = {
        let lib = env.open();
        let st = lib.exam_start(&req(ExamMode::Exam, 4, 1)).unwrap();
        lib.exam_answer(st.attempt_id, 0, &[0]).unwrap();
        st.attempt_id
    };
    // Simulate a clock that ran out (as if the learner spent the whole 8 minutes).
    let db = rusqlite::Connection::open(env.data.path().join("coldstart.db")).unwrap();
    db.execute(
        "UPDATE exam_attempts SET elapsed_ms = time_limit_ms WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(db);
    let lib = env.open();
    let st = lib.exam_current().unwrap().expect("it comes back");
    assert_eq!(st.status, ExamStatus::Submitted);
    assert!(st.time_up);
    assert_eq!(st.remaining_ms, Some(0));
    let r = lib.exam_result(id).unwrap();
    assert!(r.time_up && r.submitted_at.is_some());
    assert_eq!(r.answered, 1);
    assert!(lib.exam_current().unwrap().is_none());
}

#[test]
fn exam_time_follows_the_library_clock() {
    // A pinned clock, moved on by hand: no sleeping, no raw SQL.
    let env = Env::new(10);
    let lib = env.open();
    let clock = std::sync::Arc::new(coldstart::FixedClock::new(1_767_225_600_000, 0));
    lib.set_clock(clock.clone());
    let st = lib.exam_start(&req(ExamMode::Exam, 4, 1)).unwrap();
    assert_eq!(st.started_at, 1_767_225_600_000, "started at the library's time");
    let limit = st.time_limit_ms.expect("timed");
    clock.advance_secs(60);
    let st = lib.exam_answer(st.attempt_id, 0, &[0]).unwrap();
    assert_eq!(st.elapsed_ms, 60_000, "exactly the minute the clock moved");
    assert_eq!(st.status, ExamStatus::InProgress);
    clock.set_ms(1_767_225_600_000 + limit + 1000);
    let st = lib.exam_current().unwrap().expect("it comes back");
    assert_eq!(st.status, ExamStatus::Submitted);
    assert!(st.time_up);
    let r = lib.exam_result(st.attempt_id).unwrap();
    assert_eq!(r.submitted_at, Some(1_767_225_600_000 + limit + 1000));
    assert_eq!(r.answered, 1);
}

#[test]
fn the_bundled_question_bank_is_valid() {
    let env = Env::with_quizzes(Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes"));
    let lib = env.open();
    let check = lib.check_quizzes(&[]).unwrap();
    let listing: Vec<String> = check.issues.iter().map(|i| i.to_string()).collect();
    assert!(
        check.issues.is_empty(),
        "{} problems:\n{}",
        listing.len(),
        listing.join("\n")
    );
    assert!(
        check.questions >= 300,
        "only {} questions in the bundled bank",
        check.questions
    );
    // A full default exam can be drawn from it.
    let st = lib.exam_start(&ExamRequest::default()).unwrap();
    assert_eq!(st.total, 65);
}

#[test]
fn missed_questions_become_due_cards_and_a_new_miss_brings_a_card_back() {
    use coldstart::{CardFilter, Rating};
    let env = Env::new(10);
    let lib = env.open();
    let question_cards = |lib: &Library| -> Vec<coldstart::CardInfo> {
        lib.list_cards(&CardFilter {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|c| c.kind.as_str() == "question")
        .collect()
    };
    assert!(question_cards(&lib).is_empty());

    let st = lib.exam_start(&req(ExamMode::Practice, 8, 11)).unwrap();
    let all: Vec<String> = lib
        .exam_result(st.attempt_id)
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    // Two single-response questions: one answered wrongly, one rightly.
    let single: Vec<usize> = (0..all.len())
        .filter(|&i| !lib.question(&all[i]).unwrap().multiple)
        .collect();
    let ids = [all[single[0]].clone(), all[single[1]].clone()];
    lib.exam_answer(st.attempt_id, single[0], &wrong(&lib, &ids[0]))
        .unwrap();
    lib.exam_answer(st.attempt_id, single[1], &right(&lib, &ids[1]))
        .unwrap();

    // Practice mode: the wrong answer is a card at once, with the right choice and the explanation.
    let cards = question_cards(&lib);
    assert_eq!(cards.len(), 1, "{cards:?}");
    let card = &cards[0];
    let q = lib.question(&ids[0]).unwrap();
    assert!(card.front.starts_with(q.stem.trim()), "{}", card.front);
    assert!(card.back.contains(q.choices[q.answer[0]].trim()) && card.back.contains(q.explanation.trim()));
    assert_eq!(card.source.file, "content/lambda/configuration.md");
    assert_eq!(card.source.anchor, "timeout");
    // ... and it is in today's queue.
    let due = lib.due().unwrap();
    assert!(
        due.queue.iter().any(|c| c.id == card.id),
        "missed question not queued"
    );

    // Learn it until it is scheduled days ahead.
    for _ in 0..4 {
        lib.answer(&card.id, Rating::Easy, None).unwrap();
    }
    let learned = lib.card(&card.id).unwrap();
    assert!(learned.interval_days >= 1, "scheduled days ahead: {learned:?}");
    assert!(!lib.due().unwrap().queue.iter().any(|c| c.id == card.id));

    // Missed again in a later exam: the same card comes back, due now, history kept.
    let st2 = lib
        .exam_start(&ExamRequest {
            mode: ExamMode::Custom,
            questions: Some(40),
            minutes: Some(0),
            include_generated: Some(false),
            ..Default::default()
        })
        .unwrap();
    lib.exam_submit(st2.attempt_id).unwrap();
    let again = lib.card(&card.id).unwrap();
    assert_eq!(again.reps, learned.reps, "history kept");
    assert!(again.due < learned.due, "re-activated");
    assert!(
        lib.due().unwrap().queue.iter().any(|c| c.id == card.id),
        "re-activated card not queued"
    );
    assert_eq!(
        question_cards(&lib).len(),
        40,
        "one card per missed question, no duplicates"
    );
}

#[test]
fn the_bundled_bank_meets_the_dva_c02_domain_weights() {
    // Issue 18: at least 400 questions, and each domain at or above its share of 400
    // (development 32%, security 26%, deployment 24%, troubleshooting 18%).
    let env = Env::with_quizzes(Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes"));
    let lib = env.open();
    let check = lib.check_quizzes(&[]).unwrap();
    assert!(
        check.questions >= 400,
        "only {} questions in the bundled bank",
        check.questions
    );
    for d in Domain::ALL {
        let have = check.by_domain.get(d.as_str()).copied().unwrap_or(0);
        let need = 400 * d.weight_percent() as usize / 100;
        assert!(
            have >= need,
            "{d}: {have} questions, needs at least {need} ({}% of 400)",
            d.weight_percent()
        );
    }
}
