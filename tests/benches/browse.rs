//! Benchmark of the card browser on a generated collection of 100,000 cards (two reviews each
//! for nine in ten). Target (issue 14): filter and sort 100,000 cards in ≤ 50 ms in the engine.
//!
//! Run with `cargo bench --bench browse`. `filter_sort/*` is the engine's filter and sort over
//! the loaded rows; `browse_end_to_end` adds loading every card from SQLite (and the note tags
//! from the index), which is what one `Library::browse` call costs.
//!
//! Measured 2026-12-04 on the shared 2-core build machine (load average 13-16 from other
//! builds; a release build of the dependencies did not finish in 50 minutes there, so this is
//! `cargo bench --profile dev` with `CARGO_PROFILE_DEV_PACKAGE_COLDSTART_OPT_LEVEL=3`: the engine
//! optimised, its dependencies not), mean of 10, on-CPU time (wall time in brackets):
//! all 100,000 cards sorted by due, descending 67.6 ms (175 ms); free text matching all 100,000
//! sorted by front 152 ms (368 ms); `service:lambda -is:suspended` (18,461) by retrievability
//! 29.7 ms (82 ms); `(prop:ivl>=10 prop:lapses>2) or (is:due flag:3)` (60,324) by stability
//! 52.0 ms (128 ms); `rated:7:1 or prop:r<0.8` (6,820) by difficulty 11.6 ms (24 ms). A whole
//! `Library::browse` (loading 100,000 cards from SQLite, unoptimised) took 2.7 s wall. The 50 ms
//! target is met for selective queries, not yet for sorting all 100,000 rows on this machine.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use coldstart::browse::{filter_sort, parse};
use coldstart::cards::{CardKind, CardSource, GeneratedCard};
use coldstart::review::{CardState, RevlogEntry, Sched};
use coldstart::store::Store;
use coldstart::{BrowseRequest, FixedClock, Library, LibraryConfig, Rating, SortColumn};
use criterion::{criterion_group, criterion_main, Criterion};

/// 2026-11-20 10:00 UTC.
const NOW: i64 = 1_795_168_800_000;
const DAY: i64 = 86_400_000;
const SERVICES: [&str; 5] = ["lambda", "dynamodb", "api-gateway", "integration", "cognito"];

fn build(dir: &Path, cards: usize) {
    let mut store = Store::open(&dir.join("coldstart.db")).unwrap();
    let generated: Vec<GeneratedCard> = (0..cards)
        .map(|i| GeneratedCard {
            id: format!("{i:016x}"),
            kind: CardKind::Qa,
            explicit: true,
            service: SERVICES[i % 5].into(),
            source: CardSource {
                file: format!("/notes/{}/bench-{}.md", SERVICES[i % 5], i / 50),
                anchor: format!("section-{}", i % 50),
                heading_path: vec!["Bench".into(), format!("Section {}", i % 50)],
                line: i % 50 + 1,
                title: format!("Bench note {}", i / 50),
            },
            front: format!(
                "Generated question number {i} about a serverless limit of {}?",
                SERVICES[i % 5]
            ),
            back: format!("Answer {i}: {} seconds", i % 900),
            context: String::new(),
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
    let mut scheds = Vec::new();
    let mut log = Vec::new();
    for (i, c) in generated.iter().enumerate() {
        if i % 10 == 9 {
            continue;
        }
        let s = 1.0 + (i % 97) as f32;
        let last = NOW - (i % 30) as i64 * DAY;
        for (k, at) in [last - 3 * DAY, last].into_iter().enumerate() {
            log.push(RevlogEntry {
                id: 0,
                card_id: c.id.clone(),
                reviewed_at_ms: at,
                day: at / DAY,
                rating: if i % 7 == 0 { Rating::Again } else { Rating::Good },
                state_before: if k == 0 { CardState::New } else { CardState::Review },
                state_after: CardState::Review,
                elapsed_days: 3 * k as i64,
                interval: 3,
                last_interval: 0,
                stability_before: None,
                difficulty_before: None,
                stability_after: s,
                difficulty_after: 1.0 + (i % 9) as f32,
                due_after_ms: at + 3 * DAY,
                taken_ms: 5000,
            });
        }
        scheds.push((
            c.id.clone(),
            Sched {
                state: CardState::Review,
                step: 0,
                due_ms: last + ((s as i64).max(1)) * DAY,
                interval_days: s as u32,
                stability: Some(s),
                difficulty: Some(1.0 + (i % 9) as f32),
                last_review_ms: Some(last),
                reps: 2,
                lapses: (i % 11) as u32,
                suspended: u8::from(i % 13 == 0),
                buried_until: 0,
                flag: (i % 8) as u8,
                changed: false,
            },
        ));
    }
    store.import_history(&scheds, &log, NOW).unwrap();
}

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`): the build machine is shared,
/// so wall time includes waiting for a core; this does not.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn bench_browse(c: &mut Criterion) {
    let content = tempfile::tempdir().unwrap();
    let big = tempfile::tempdir().unwrap();
    let t = Instant::now();
    build(big.path(), 100_000);
    eprintln!("generated 100,000 cards in {:.1?}", t.elapsed());
    let lib = Library::open(LibraryConfig {
        data_dir: big.path().to_path_buf(),
        content_dir: content.path().to_path_buf(),
        quizzes_dir: PathBuf::from("/nonexistent"),
    })
    .unwrap();
    lib.set_clock(Arc::new(FixedClock::new(NOW, 0)));
    let queries = [
        ("all_by_due_desc", "", SortColumn::Due, true),
        ("text_by_front", "serverless limit", SortColumn::Front, false),
        (
            "service_not_suspended_by_retrievability",
            "service:lambda -is:suspended",
            SortColumn::Retrievability,
            false,
        ),
        (
            "or_props_by_stability",
            "(prop:ivl>=10 prop:lapses>2) or (is:due flag:3)",
            SortColumn::Stability,
            true,
        ),
        (
            "rated_by_difficulty",
            "rated:7:1 or prop:r<0.8",
            SortColumn::Difficulty,
            false,
        ),
    ];
    let mut group = c.benchmark_group("browse-100k-cards");
    group.sample_size(20);
    for (name, q, sort, desc) in queries {
        let node = parse(q).unwrap();
        let (rows, cx) = lib
            .browse_rows(node.rated_days(), node.uses_introduced())
            .unwrap();
        assert_eq!(rows.len(), 100_000);
        let n = filter_sort(&rows, &node, &cx, sort, desc).len();
        let (wall, cpu) = (Instant::now(), cpu_ns());
        for _ in 0..10 {
            black_box(filter_sort(&rows, &node, &cx, sort, desc));
        }
        let wall_ms = wall.elapsed().as_secs_f64() * 100.0;
        let cpu_ms = cpu.zip(cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e7);
        eprintln!(
            "{name}: {n} matches; filter+sort {wall_ms:.1} ms wall, {cpu_ms:.1?} ms on CPU (mean of 10)"
        );
        group.bench_function(format!("filter_sort/{name}"), |b| {
            b.iter(|| black_box(filter_sort(&rows, &node, &cx, sort, desc)))
        });
    }
    group.sample_size(10);
    group.bench_function("browse_end_to_end/service_by_due", |b| {
        b.iter(|| {
            black_box(
                lib.browse(&BrowseRequest {
                    query: "service:dynamodb -is:suspended".into(),
                    sort: SortColumn::Due,
                    desc: false,
                    offset: None,
                    limit: Some(200),
                })
                .unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_browse);
criterion_main!(benches);
