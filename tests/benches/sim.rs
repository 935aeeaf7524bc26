//! Benchmark: a Monte Carlo `lambda-concurrency` run of 1,000,000 invocations.
//!
//! Run with `cargo bench --bench sim`.

use std::hint::black_box;

use coldstart::sim::{monte_carlo_concurrency, McParams};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench_monte_carlo(c: &mut Criterion) {
    // 2,000 requests/s × 250 ms ≈ 500 concurrent, limit 1,000, 100 provisioned, a 5 s spike to
    // 6,000 requests/s (1,500 needed: throttled) from second 10. 1,000,000 arrivals ≈ 500 s.
    let params = McParams {
        requests_per_second: 2000.0,
        avg_duration_ms: 250.0,
        concurrency_limit: 1000,
        provisioned: 100,
        spike_rps: 6000.0,
        spike_start_seconds: 10.0,
        spike_seconds: 5.0,
        max_seconds: f64::INFINITY,
    };
    let summary = monte_carlo_concurrency(&params, 1_000_000, 1);
    assert_eq!(summary.invocations, 1_000_000);
    eprintln!(
        "one run: {} accepted, {} throttled, {} cold starts, peak {}, {:.0} s simulated",
        summary.accepted,
        summary.throttled,
        summary.cold_starts,
        summary.peak_concurrency,
        summary.simulated_seconds
    );
    let mut group = c.benchmark_group("lambda-concurrency");
    group.sample_size(20);
    group.bench_function("monte_carlo_1M_invocations", |b| {
        b.iter(|| monte_carlo_concurrency(black_box(&params), black_box(1_000_000), black_box(1)))
    });
    group.finish();
}

criterion_group!(benches, bench_monte_carlo);
criterion_main!(benches);
