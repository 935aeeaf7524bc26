//! Review, Coldstart's side of the comparison with Anki (`npm run bench` runs both in one go).
//! A binary of its own (`coldstart-review-bench`, built by `cargo build --release -p coldstart`),
//! so the table needs no second optimised build of the test dependencies.
//!
//! Builds the collection that `anki_review.py` builds in Anki from the same spec: `CARDS` cards
//! (90% review cards due over ±30 days of today, 10% new), `REVLOG` review-log rows spread over
//! the review cards, 9,999 reviews and 20 new cards a day (FSRS is Coldstart's only scheduler).
//! It writes that spec (`spec.json`, `cards.tsv`, `revlog.tsv`) into `COLDSTART_BENCH_DIR`, then
//! times, median of several runs:
//! - open + first queue: `Library::open` and `due()` on a closed library;
//! - next card: `next_card()` (the card and its four previews) after an answer;
//! - answer: `answer()` (schedule + commit) of that card.
//!
//! Prints one JSON line. Environment: COLDSTART_BENCH_DIR (required), COLDSTART_BENCH_CARDS
//! (100000), COLDSTART_BENCH_REVLOG (1000000).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use coldstart::cards::{CardKind, CardSource, GeneratedCard};
use coldstart::review::{CardState, RevlogEntry, Sched};
use coldstart::store::Store;
use coldstart::{FixedClock, Library, LibraryConfig, Rating};

/// 2026-11-20 10:00 UTC.
const NOW: i64 = 1_795_168_800_000;
const DAY: i64 = 86_400_000;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Build the collection in `dir/coldstart` and write the spec for Anki beside it.
fn build(dir: &Path, cards: usize, revlog: usize) -> (usize, usize) {
    let data = dir.join("coldstart");
    std::fs::create_dir_all(&data).unwrap();
    let mut store = Store::open(&data.join("coldstart.db")).unwrap();
    let generated: Vec<GeneratedCard> = (0..cards)
        .map(|i| GeneratedCard {
            id: format!("{i:016x}"),
            kind: CardKind::Qa,
            explicit: true,
            service: ["lambda", "dynamodb", "api-gateway", "integration", "cognito"][i % 5].into(),
            source: CardSource {
                file: format!("/notes/bench-{}.md", i / 50),
                anchor: format!("section-{}", i % 50),
                heading_path: vec!["Bench".into(), format!("Section {}", i % 50)],
                line: i % 50 + 1,
                title: "Bench".into(),
            },
            front: format!("Generated question number {i} about a serverless limit?"),
            back: format!("Answer {i}"),
            context: format!("Generated question number {i} about a serverless limit? Answer {i}"),
            dedupe_key: format!("q{i}"),
        })
        .collect();
    store
        .sync_card_source(
            "bench",
            coldstart::review::CardSourceKind::Note,
            Some("bench"),
            &generated,
            NOW,
        )
        .unwrap();
    let review_cards = cards - cards / 10;
    let mut rng = Rng(13);
    let mut scheds = Vec::with_capacity(review_cards);
    let mut log = Vec::with_capacity(revlog);
    let mut cards_tsv = String::from("idx\tstate\tdue_day\tivl\tstability\tdifficulty\treps\tlapses\n");
    let mut revlog_tsv = String::from("idx\tms_ago\trating\tivl\tlast_ivl\tkind\ttaken_ms\n");
    let mut r = 0usize;
    for (i, c) in generated.iter().enumerate() {
        if i % 10 == 9 {
            cards_tsv.push_str(&format!("{i}\tnew\t0\t0\t0\t0\t0\t0\n"));
            continue;
        }
        // Reviews of this card: the log's rows spread evenly over the review cards.
        let k_of = (revlog * (r + 1)) / review_cards - (revlog * r) / review_cards;
        r += 1;
        let due_day = rng.below(61) as i64 - 30;
        let mut stability = 1.0f32;
        let mut ivl = 1i64;
        let mut lapses = 0u32;
        let mut rows = Vec::with_capacity(k_of);
        for k in 0..k_of {
            let again = rng.below(10) == 0;
            lapses += again as u32;
            stability = if again {
                (stability * 0.3).max(0.5)
            } else {
                stability * 1.6
            };
            let elapsed = if k == 0 { 0 } else { ivl };
            ivl = (stability.round() as i64).clamp(1, 30);
            rows.push((again, elapsed, ivl, 4000 + rng.below(8000) as i64, stability));
        }
        // The last review was `ivl` days before the due day, and never today or later (a review
        // today would count against today's limit here, while Anki counts a day's reviews from
        // its own deck state); earlier ones step back from there.
        let last_day = (due_day - ivl).min(-1);
        let mut t = NOW + last_day * DAY;
        let mut times = vec![0i64; rows.len()];
        for (j, row) in rows.iter().enumerate().rev() {
            times[j] = t;
            t -= row.1.max(1) * DAY;
        }
        for (k, (again, elapsed, ivl, taken, stab)) in rows.iter().enumerate() {
            let rating = if *again { Rating::Again } else { Rating::Good };
            log.push(RevlogEntry {
                id: 0,
                card_id: c.id.clone(),
                reviewed_at_ms: times[k],
                day: times[k] / DAY,
                rating,
                state_before: if k == 0 { CardState::New } else { CardState::Review },
                state_after: CardState::Review,
                elapsed_days: *elapsed,
                interval: *ivl,
                last_interval: *elapsed,
                stability_before: (k > 0).then_some(*stab),
                difficulty_before: (k > 0).then_some(5.0),
                stability_after: *stab,
                difficulty_after: 5.0,
                due_after_ms: times[k] + ivl * DAY,
                taken_ms: *taken,
            });
            revlog_tsv.push_str(&format!(
                "{i}\t{}\t{}\t{ivl}\t{elapsed}\t{}\t{taken}\n",
                NOW - times[k],
                rating as u8,
                if k == 0 { 0 } else { 1 }
            ));
        }
        let stab = stability.clamp(1.0, 300.0);
        scheds.push((
            c.id.clone(),
            Sched {
                state: CardState::Review,
                step: 0,
                due_ms: NOW + due_day * DAY,
                interval_days: ivl as u32,
                stability: Some(stab),
                difficulty: Some(5.0),
                last_review_ms: Some(NOW + last_day * DAY),
                reps: k_of as u32,
                lapses,
                suspended: 0,
                buried_until: 0,
                flag: 0,
                changed: false,
            },
        ));
        cards_tsv.push_str(&format!(
            "{i}\treview\t{due_day}\t{ivl}\t{stab}\t5.0\t{k_of}\t{lapses}\n"
        ));
    }
    store.import_history(&scheds, &log, NOW).unwrap();
    store.set_setting("review.reviews_per_day", "9999").unwrap();
    store.set_setting("review.new_per_day", "20").unwrap();
    drop(store);
    std::fs::write(dir.join("cards.tsv"), cards_tsv).unwrap();
    std::fs::write(dir.join("revlog.tsv"), revlog_tsv).unwrap();
    let spec = serde_json::json!({
        "cards": cards,
        "review_cards": review_cards,
        "revlog": log.len(),
        "reviews_per_day": 9999,
        "new_per_day": 20,
        "fsrs": true,
        "cards_tsv": dir.join("cards.tsv"),
        "revlog_tsv": dir.join("revlog.tsv"),
        "anki_dir": dir.join("anki"),
    });
    std::fs::write(dir.join("spec.json"), spec.to_string()).unwrap();
    (review_cards, log.len())
}

fn open(data: &Path, content: &Path) -> Library {
    let lib = Library::open(LibraryConfig {
        data_dir: data.to_path_buf(),
        content_dir: content.to_path_buf(),
        quizzes_dir: PathBuf::from("/nonexistent"),
    })
    .unwrap();
    lib.set_clock(Arc::new(FixedClock::new(NOW, 0)));
    lib
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let dir = PathBuf::from(std::env::var("COLDSTART_BENCH_DIR").expect("COLDSTART_BENCH_DIR"));
    let cards = env_usize("COLDSTART_BENCH_CARDS", 100_000);
    let revlog = env_usize("COLDSTART_BENCH_REVLOG", 1_000_000);
    let t = Instant::now();
    let (review_cards, rows) = build(&dir, cards, revlog);
    eprintln!(
        "built {cards} cards, {rows} review-log rows in {:.1?}",
        t.elapsed()
    );
    // No bundled notes: the collection is the cards above.
    let content = dir.join("no-content");
    std::fs::create_dir_all(&content).unwrap();
    let data = dir.join("coldstart");
    // The first open takes the day's backup; not part of the timing.
    drop(open(&data, &content));

    let mut open_queue = Vec::new();
    let mut queued = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let lib = open(&data, &content);
        let due = lib.due().unwrap();
        open_queue.push(t.elapsed().as_secs_f64() * 1000.0);
        queued = due.total;
        drop(lib);
    }
    let lib = open(&data, &content);
    let (mut next, mut answer) = (Vec::new(), Vec::new());
    for _ in 0..100 {
        let t = Instant::now();
        let card = lib.next_card().unwrap().expect("a card is due");
        next.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        lib.answer(&card.card.id, Rating::Good, Some(3000)).unwrap();
        answer.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let out = serde_json::json!({
        "summary": format!("{cards} cards ({review_cards} review), {rows} review-log rows, {queued} queued"),
        "queued": queued,
        "open_queue_ms": median(open_queue),
        "next_ms": median(next),
        "answer_ms": median(answer),
    });
    let mut o = std::io::stdout().lock();
    writeln!(o, "{out}").unwrap();
}
