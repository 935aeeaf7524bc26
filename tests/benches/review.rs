//! Benchmarks of the review engine on a generated collection: 100,000 cards with 1,000,000
//! review-log rows. Targets (issue 4): build today's queue ≤ 100 ms, answer one card
//! (schedule + commit) ≤ 5 ms. Also the FSRS optimiser on 10,000 and 100,000 reviews.
//!
//! Run with `cargo bench --bench review`. Generating the collection takes a little while; it is
//! built once per run in a temporary directory.
//!
//! Measured on the 2-core build machine (release, 100,000 cards, 990,000 review-log rows, 189 MB
//! database): build today's queue 17.8 ms; next card with the four previews 17.7 ms; answer one
//! card 0.22 ms; open the library *and* build the queue 426 ms (opening dominates: SQLite
//! `quick_check` of the whole file plus the tantivy index); optimiser 56 ms on 10,000 reviews
//! (8,100 training items) and 141 ms on 100,000 (81,000 items).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use coldstart::cards::{CardKind, CardSource, GeneratedCard};
use coldstart::review::{CardState, RevlogEntry, Sched};
use coldstart::store::Store;
use coldstart::{FixedClock, Library, LibraryConfig, Rating};
use criterion::{criterion_group, criterion_main, Criterion};

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

/// A collection of `cards` cards with `reviews_per_card` reviews each, most of them graduated
/// and due over the next two months (some overdue), the rest new.
fn build(dir: &Path, cards: usize, reviews_per_card: usize) {
    let mut store = Store::open(&dir.join("coldstart.db")).unwrap();
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
    let mut rng = Rng(7);
    let mut scheds = Vec::with_capacity(cards);
    let mut log = Vec::with_capacity(cards * reviews_per_card);
    for (i, c) in generated.iter().enumerate() {
        if i % 10 == 9 {
            continue; // one card in ten stays new
        }
        let mut t = NOW - 365 * DAY + rng.below(30) as i64 * DAY;
        let mut stability = 1.0f32;
        let mut ivl = 1i64;
        for k in 0..reviews_per_card {
            let rating = if rng.below(10) == 0 {
                Rating::Again
            } else {
                Rating::Good
            };
            let before = if k == 0 { CardState::New } else { CardState::Review };
            stability = if rating == Rating::Again {
                (stability * 0.3).max(0.5)
            } else {
                stability * 2.2
            };
            let elapsed = if k == 0 { 0 } else { ivl };
            ivl = (stability.round() as i64).clamp(1, 30);
            log.push(RevlogEntry {
                id: 0,
                card_id: c.id.clone(),
                reviewed_at_ms: t,
                day: t / DAY,
                rating,
                state_before: before,
                state_after: CardState::Review,
                elapsed_days: elapsed,
                interval: ivl,
                last_interval: elapsed,
                stability_before: (k > 0).then_some(stability),
                difficulty_before: (k > 0).then_some(5.0),
                stability_after: stability,
                difficulty_after: 5.0,
                due_after_ms: t + ivl * DAY,
                taken_ms: 4000 + rng.below(8000) as i64,
            });
            t += ivl * DAY;
        }
        let due = NOW - 5 * DAY + rng.below(65) as i64 * DAY;
        scheds.push((
            c.id.clone(),
            Sched {
                state: CardState::Review,
                step: 0,
                due_ms: due,
                interval_days: ivl as u32,
                stability: Some(stability.clamp(1.0, 300.0)),
                difficulty: Some(5.0),
                last_review_ms: Some(due - ivl * DAY),
                reps: reviews_per_card as u32,
                lapses: 0,
                suspended: 0,
                buried_until: 0,
                flag: 0,
                changed: false,
            },
        ));
    }
    store.import_history(&scheds, &log, NOW).unwrap();
}

fn open(dir: &Path, content: &Path) -> Library {
    let lib = Library::open(LibraryConfig {
        data_dir: dir.to_path_buf(),
        content_dir: content.to_path_buf(),
        quizzes_dir: PathBuf::from("/nonexistent"),
    })
    .unwrap();
    lib.set_clock(Arc::new(FixedClock::new(NOW, 0)));
    lib
}

fn bench_review(c: &mut Criterion) {
    let content = tempfile::tempdir().unwrap();
    let big = tempfile::tempdir().unwrap();
    let t = Instant::now();
    build(big.path(), 100_000, 11);
    let rows = Store::open(&big.path().join("coldstart.db"))
        .unwrap()
        .revlog_count()
        .unwrap();
    eprintln!(
        "generated 100,000 cards and {rows} review-log rows in {:.1?}",
        t.elapsed()
    );
    // First open keeps its daily backup (not part of the timing below).
    drop(open(big.path(), content.path()));
    let size = std::fs::metadata(big.path().join("coldstart.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!("database: {:.0} MB", size as f64 / 1e6);

    let mut group = c.benchmark_group("review-100k-cards-1M-reviews");
    group.sample_size(10);
    group.bench_function("open_and_build_todays_queue", |b| {
        b.iter(|| {
            let lib = open(big.path(), content.path());
            black_box(lib.due().unwrap());
        })
    });
    let lib = open(big.path(), content.path());
    let due = lib.due().unwrap();
    eprintln!(
        "queue: {} review ({} due in all), {} new, {} learning",
        due.review, due.review_due_total, due.new, due.learning
    );
    group.sample_size(30);
    group.bench_function("build_todays_queue", |b| b.iter(|| black_box(lib.due().unwrap())));
    group.bench_function("next_card_with_previews", |b| {
        b.iter(|| black_box(lib.next_card().unwrap()))
    });
    lib.set_setting("reviews_per_day", "99999").unwrap();
    let ids: Vec<String> = lib.due().unwrap().queue.into_iter().map(|q| q.id).collect();
    let mut i = 0;
    group.sample_size(100);
    group.bench_function("answer_one_card", |b| {
        b.iter(|| {
            let id = &ids[i % ids.len()];
            i += 1;
            black_box(lib.answer(id, Rating::Good, Some(3000)).unwrap())
        })
    });
    group.finish();
    drop(lib);

    let mut group = c.benchmark_group("optimiser");
    group.sample_size(10);
    for (cards, label) in [(1_000, "10k_reviews"), (10_000, "100k_reviews")] {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), cards, 10);
        let lib = open(dir.path(), content.path());
        let r = lib.optimize(&mut |_| {}).unwrap();
        eprintln!("{label}: {} ({} training items)", r.status, r.reviews);
        group.bench_function(label, |b| {
            b.iter(|| black_box(lib.optimize(&mut |_| {}).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_review);
criterion_main!(benches);
