//! Search benchmarks on a generated corpus of 10,000 notes (about 50 MB).
//!
//! `cargo bench --bench search` prints, side by side:
//! - index build throughput (MB/s) for a full import into a fresh data directory;
//! - p50 / p99 query latency of `Library::search` for a set of typical queries;
//! - the same queries timed with `rg -i` over the same files (if ripgrep is installed);
//!
//! and then runs criterion on the query latencies. Set `COLDSTART_BENCH_NOTES` to change the size.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use coldstart::{Library, LibraryConfig, SearchRequest, SourceFilter};
use criterion::Criterion;

const WORDS: &[&str] = &[
    "lambda",
    "function",
    "concurrency",
    "reserved",
    "provisioned",
    "throttle",
    "partition",
    "key",
    "table",
    "item",
    "capacity",
    "read",
    "write",
    "units",
    "stream",
    "shard",
    "queue",
    "visibility",
    "timeout",
    "retry",
    "backoff",
    "gateway",
    "stage",
    "cache",
    "authorizer",
    "token",
    "pool",
    "identity",
    "role",
    "policy",
    "encryption",
    "envelope",
    "secret",
    "parameter",
    "state",
    "machine",
    "express",
    "standard",
    "template",
    "deploy",
    "alias",
    "version",
    "layer",
    "runtime",
    "memory",
    "storage",
    "ephemeral",
    "invocation",
    "event",
    "source",
    "mapping",
    "batch",
    "window",
    "consumer",
    "fan",
    "out",
    "latency",
    "cold",
    "start",
    "scaling",
    "the",
    "a",
    "of",
    "to",
    "and",
    "is",
    "with",
    "for",
    "when",
    "each",
    "per",
    "second",
    "minutes",
    "requests",
];

/// A tiny deterministic generator (xorshift) so every run indexes the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn word(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }
}

fn generate(dir: &Path, notes: usize) -> u64 {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut bytes = 0u64;
    for i in 0..notes {
        let sub = dir.join(format!("topic{:03}", i % 100));
        std::fs::create_dir_all(&sub).unwrap();
        let mut s = String::with_capacity(5200);
        s.push_str(&format!(
            "---\ntitle: Generated note {i}\ntags: [bench]\n---\n\n# Note {i} {}\n\n",
            rng.word()
        ));
        let mut section = 0;
        while s.len() < 5000 {
            section += 1;
            s.push_str(&format!("## Section {section} {} {}\n\n", rng.word(), rng.word()));
            for _ in 0..6 {
                s.push_str("- ");
                for _ in 0..12 {
                    s.push_str(rng.word());
                    s.push(' ');
                }
                if rng.next() % 7 == 0 {
                    s.push_str(&format!(
                        "{} seconds",
                        [900, 30, 60, 300][(rng.next() % 4) as usize]
                    ));
                }
                s.push('\n');
            }
            s.push('\n');
        }
        bytes += s.len() as u64;
        std::fs::write(sub.join(format!("note{i:05}.md")), s).unwrap();
    }
    bytes
}

const QUERIES: &[&str] = &[
    "900 seconds",
    "reserved concurrency",
    "visibility timeout",
    "partition key",
    "provisioned concurr",
    "lamdba throtle",
    "\"envelope encryption\"",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn rg_pattern(q: &str) -> String {
    // The closest ripgrep equivalent: the words in order, each a whole word, any spacing.
    q.trim_matches('"')
        .split_whitespace()
        .map(regex_escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

fn regex_escape(w: &str) -> String {
    w.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

fn main() {
    let notes: usize = std::env::var("COLDSTART_BENCH_NOTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let corpus = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let bytes = generate(corpus.path(), notes);
    let mb = bytes as f64 / 1_048_576.0;

    let lib = Library::open(LibraryConfig {
        data_dir: data.path().to_path_buf(),
        content_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
        quizzes_dir: PathBuf::from("/nonexistent"),
    })
    .unwrap();
    let t = Instant::now();
    let report = lib.import(&[corpus.path().to_path_buf()], &mut |_| {}).unwrap();
    let build = t.elapsed();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\n== coldstart search benchmark: {notes} notes, {mb:.1} MB, {} sections",
        report.sections
    )
    .unwrap();
    writeln!(
        out,
        "index build: {:.2} s, {:.1} MB/s, {:.0} notes/s",
        build.as_secs_f64(),
        mb / build.as_secs_f64(),
        notes as f64 / build.as_secs_f64()
    )
    .unwrap();
    let t = Instant::now();
    let again = lib.import(&[corpus.path().to_path_buf()], &mut |_| {}).unwrap();
    writeln!(
        out,
        "re-import, nothing changed ({} skipped): {:.2} s",
        again.skipped_unchanged,
        t.elapsed().as_secs_f64()
    )
    .unwrap();

    // Where the import time goes: parsing, card generation and the stale-claim check, per note.
    let files: Vec<PathBuf> = walkdir::WalkDir::new(corpus.path())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let texts: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.display().to_string(), std::fs::read(f).unwrap()))
        .collect();
    let t = Instant::now();
    let parsed: Vec<coldstart::notes::Note> = texts
        .iter()
        .map(|(f, b)| coldstart::notes::parse_note(b, f, coldstart::notes::SourceKind::Imported, None))
        .collect();
    let parse = t.elapsed();
    let t = Instant::now();
    let cards: usize = parsed.iter().map(|n| coldstart::cards::from_note(n).len()).sum();
    let gen = t.elapsed();
    let facts = lib.facts().ok();
    let t = Instant::now();
    if let Some(facts) = facts {
        for n in &parsed {
            std::hint::black_box(coldstart::facts::check::check_notes(
                &[(n.file.clone(), n.markdown.clone())],
                facts,
            ));
        }
    }
    let check = t.elapsed();
    writeln!(
        out,
        "of which: parse {:.2} s, card generation {:.2} s ({cards} cards), stale-claim check {:.2} s",
        parse.as_secs_f64(),
        gen.as_secs_f64(),
        check.as_secs_f64()
    )
    .unwrap();

    let has_rg = Command::new("rg").arg("--version").output().is_ok();
    writeln!(
        out,
        "\n{:<24} {:>6} {:>10} {:>10} {:>12}",
        "query", "hits", "p50 ms", "p99 ms", "rg -i ms"
    )
    .unwrap();
    for q in QUERIES {
        let req = SearchRequest {
            query: q.to_string(),
            limit: 20,
            service: None,
            source: SourceFilter::All,
        };
        let hits = lib.search(&req).unwrap().hits.len();
        let mut times: Vec<Duration> = (0..200)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(lib.search(&req).unwrap());
                t.elapsed()
            })
            .collect();
        times.sort();
        let rg = if has_rg {
            let mut rt: Vec<Duration> = (0..5)
                .map(|_| {
                    let t = Instant::now();
                    Command::new("rg")
                        .args(["-i", "-l", &rg_pattern(q)])
                        .arg(corpus.path())
                        .output()
                        .unwrap();
                    t.elapsed()
                })
                .collect();
            rt.sort();
            format!("{:.1}", percentile(&rt, 0.5).as_secs_f64() * 1000.0)
        } else {
            "n/a".into()
        };
        writeln!(
            out,
            "{:<24} {:>6} {:>10.3} {:>10.3} {:>12}",
            q,
            hits,
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.99).as_secs_f64() * 1000.0,
            rg
        )
        .unwrap();
    }
    drop(out);

    let mut c = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut group = c.benchmark_group("search");
    for q in QUERIES {
        let req = SearchRequest {
            query: q.to_string(),
            limit: 20,
            service: None,
            source: SourceFilter::All,
        };
        group.bench_function(*q, |b| b.iter(|| lib.search(&req).unwrap()));
    }
    group.finish();
    c.final_summary();
}
