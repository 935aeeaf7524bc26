//! The exam-day plan through the public `Library` facade, with a pinned clock: the plan brings
//! cards forward before the exam, leaves nothing due after it that needs a review before it,
//! clearing the date restores the ordinary schedule, and the forecast falls after a miss.

use std::collections::HashMap;
use std::sync::Arc;

use coldstart::exam::{ExamMode, ExamRequest};
use coldstart::plan::{Model, PlanUpdate};
use coldstart::review::CardState;
use coldstart::{CardFilter, CardInfo, Clock, FixedClock, Library, Rating};

use crate::library;

/// 2026-11-20 10:00 UTC, in a UTC+1 time zone (11:00 local).
const NOON: i64 = 1_795_168_800_000;
const DAY_MS: i64 = 86_400_000;
/// Study days are named by their date; 2026-11-20 is day 20_777.
const TODAY: i64 = 20_777;

fn day_start_ms(day: i64) -> i64 {
    // 4 am local, UTC+1.
    (day * 86_400 + 4 * 3600 - 3600) * 1000
}

fn date(day: i64) -> String {
    coldstart::review::day_date(day)
}

/// A library where 40 cards have been learnt on different days (so their memories differ), at a
/// low desired retention so their ordinary intervals are long.
fn studied(data: &std::path::Path) -> (Library, Arc<FixedClock>) {
    let lib = library(data);
    let clock = Arc::new(FixedClock::new(NOON - 30 * DAY_MS, 3600));
    lib.set_clock(clock.clone());
    lib.set_setting("desired_retention", "0.75").unwrap();
    lib.set_setting("new_per_day", "10").unwrap();
    let cards = lib.list_cards(&CardFilter::default()).unwrap();
    let mut k = 0;
    for day in 0..30 {
        if day % 7 == 0 {
            for c in cards.iter().skip(k).take(10) {
                let r = if k % 3 == 0 { Rating::Good } else { Rating::Easy };
                lib.answer(&c.id, Rating::Good, Some(8000)).unwrap();
                lib.answer(&c.id, Rating::Good, Some(8000)).unwrap();
                lib.answer(&c.id, r, Some(8000)).unwrap();
                k += 1;
            }
        }
        clock.advance_secs(86_400);
    }
    assert_eq!(clock.now_ms(), NOON);
    assert_eq!(date(TODAY), "2026-11-20");
    (lib, clock)
}

fn reviewed(lib: &Library) -> Vec<CardInfo> {
    lib.list_cards(&CardFilter {
        limit: Some(100_000),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .filter(|c| c.state == CardState::Review)
    .collect()
}

#[test]
fn the_plan_brings_cards_forward_and_nothing_needed_is_left_after_the_exam() {
    let data = tempfile::tempdir().unwrap();
    let (lib, _clock) = studied(data.path());
    let before: HashMap<String, i64> = reviewed(&lib).into_iter().map(|c| (c.id, c.due)).collect();
    assert!(before.len() >= 30, "{}", before.len());
    let exam_day = TODAY + 21;
    let report = lib
        .set_plan(&PlanUpdate {
            exam_date: Some(date(exam_day)),
            ..Default::default()
        })
        .unwrap();
    assert!(report.active);
    assert_eq!(report.days_left, 21);
    assert!(report.brought_forward > 0, "{report:#?}");
    let model = Model::default();
    let exam_start = day_start_ms(exam_day);
    let mut moved_earlier = 0;
    for c in reviewed(&lib) {
        // Before the plan a card was due its interval after the start of its last review day.
        let last = before[&c.id] - c.interval_days as i64 * DAY_MS;
        let elapsed_at_exam = (exam_start - last) as f32 / DAY_MS as f32;
        let r_exam = model.recall(elapsed_at_exam, c.stability.unwrap());
        if r_exam < report.target_retention {
            // This card needs a review before the exam, and gets one.
            assert!(
                c.due < exam_start,
                "{} recall {r_exam} on exam day but due after it",
                c.id
            );
            assert!(c.due >= day_start_ms(TODAY), "{} due in the past", c.id);
        }
        if c.due < before[&c.id] {
            moved_earlier += 1;
        }
    }
    assert!(moved_earlier > 0);
    // The review queue shows a planned card on its planned day.
    let due_today = lib.due().unwrap();
    assert!(due_today.review_limit > 0);
}

#[test]
fn an_answer_under_the_plan_is_placed_before_the_exam_and_clearing_restores_the_schedule() {
    let data = tempfile::tempdir().unwrap();
    let (lib, clock) = studied(data.path());
    let before: HashMap<String, i64> = reviewed(&lib).into_iter().map(|c| (c.id, c.due)).collect();
    let exam_day = TODAY + 40;
    lib.set_plan(&PlanUpdate {
        exam_date: Some(date(exam_day)),
        minutes_per_day: Some(30),
        ..Default::default()
    })
    .unwrap();
    let changed = reviewed(&lib).iter().filter(|c| before[&c.id] != c.due).count();
    assert!(changed > 0);
    // A new card learnt today: at 0.75 its ordinary interval would reach past the exam for an
    // easy answer; the plan puts its next review before the exam.
    let fresh = lib
        .list_cards(&CardFilter {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|c| c.state == CardState::New)
        .unwrap();
    let a = lib.answer(&fresh.id, Rating::Easy, Some(5000)).unwrap();
    assert_eq!(a.state, CardState::Review);
    assert!(
        a.due < day_start_ms(exam_day),
        "due {} exam {}",
        a.due,
        day_start_ms(exam_day)
    );
    let ordinary = day_start_ms(TODAY + a.interval_days as i64);
    // Clearing the exam date puts every card back on its ordinary schedule.
    let r = lib
        .set_plan(&PlanUpdate {
            clear: true,
            ..Default::default()
        })
        .unwrap();
    assert!(!r.active);
    assert_eq!(lib.plan_settings().unwrap().exam_date, None);
    for c in reviewed(&lib) {
        if c.id == fresh.id {
            assert_eq!(c.due, ordinary);
        } else {
            assert_eq!(c.due, before[&c.id], "{}", c.id);
        }
    }
    // After an exam date has passed, answers follow the desired retention again.
    lib.set_plan(&PlanUpdate {
        exam_date: Some(date(TODAY + 2)),
        ..Default::default()
    })
    .unwrap();
    clock.advance_secs(3 * 86_400);
    let fresh2 = lib
        .list_cards(&CardFilter {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|c| c.state == CardState::New)
        .unwrap();
    let a = lib.answer(&fresh2.id, Rating::Easy, Some(5000)).unwrap();
    assert_eq!(a.due, day_start_ms(TODAY + 3 + a.interval_days as i64));
}

#[test]
fn bad_settings_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let lib = library(data.path());
    lib.set_clock(Arc::new(FixedClock::new(NOON, 3600)));
    for u in [
        PlanUpdate {
            exam_date: Some("2026-11-19".into()),
            ..Default::default()
        },
        PlanUpdate {
            exam_date: Some("next friday".into()),
            ..Default::default()
        },
        PlanUpdate {
            target: Some(1200),
            ..Default::default()
        },
        PlanUpdate {
            minutes_per_day: Some(5000),
            ..Default::default()
        },
    ] {
        assert!(lib.set_plan(&u).is_err(), "{u:?}");
    }
    assert_eq!(lib.plan_settings().unwrap().exam_date, None);
}

#[test]
fn a_missed_practice_question_lowers_the_forecast_of_its_topic() {
    let data = tempfile::tempdir().unwrap();
    let (lib, _clock) = studied(data.path());
    let r0 = lib
        .set_plan(&PlanUpdate {
            exam_date: Some(date(TODAY + 30)),
            ..Default::default()
        })
        .unwrap();
    let f0 = r0.forecast.clone().unwrap();
    assert!(f0.low <= f0.scaled && f0.scaled <= f0.high);
    assert_eq!(f0.domains.len(), 4);
    let st = lib
        .exam_start(&ExamRequest {
            mode: ExamMode::Practice,
            questions: Some(1),
            seed: Some(7),
            include_generated: Some(false),
            ..Default::default()
        })
        .unwrap();
    let q = lib.question(&st.question.id).unwrap();
    let wrong = (0..q.choices.len()).find(|i| !q.answer.contains(i)).unwrap();
    lib.exam_answer(st.attempt_id, 0, &[wrong]).unwrap();
    lib.exam_submit(st.attempt_id).unwrap();
    let r1 = lib.plan().unwrap();
    let f1 = r1.forecast.unwrap();
    let topic =
        |f: &coldstart::plan::Readiness| f.topics.iter().find(|t| t.topic == q.service).unwrap().clone();
    let (t0, t1) = (topic(&f0), topic(&f1));
    assert_eq!((t1.answered, t1.correct), (1, 0));
    assert!(t1.accuracy < t0.accuracy, "{t0:?} -> {t1:?}");
    assert!(f1.fraction < f0.fraction);
    assert!(f1.scaled <= f0.scaled);
    let d0 = f0.domains.iter().find(|d| d.domain == q.domain).unwrap();
    let d1 = f1.domains.iter().find(|d| d.domain == q.domain).unwrap();
    assert!(d1.fraction < d0.fraction);
    // A right answer raises it again.
    let st = lib
        .exam_start(&ExamRequest {
            mode: ExamMode::Practice,
            questions: Some(1),
            services: vec![q.service.clone()],
            seed: Some(8),
            include_generated: Some(false),
            ..Default::default()
        })
        .unwrap();
    let q2 = lib.question(&st.question.id).unwrap();
    lib.exam_answer(st.attempt_id, 0, &q2.answer).unwrap();
    lib.exam_submit(st.attempt_id).unwrap();
    let t2 = topic(&lib.plan().unwrap().forecast.unwrap());
    assert!(t2.accuracy > t1.accuracy, "{t1:?} -> {t2:?}");
    // The history keeps one point per day.
    assert_eq!(lib.plan().unwrap().history.len(), 1);
}
