//! `lambda-concurrency`: concurrency from traffic, throttling, cold starts; and a seeded Monte
//! Carlo run for the chart.
//!
//! Definitions:
//! * `concurrency_needed = requests_per_second × avg_duration_ms / 1000` (Little's law: the
//!   average number of invocations in flight); `environments_needed` rounds it up;
//! * the function's limit is `reserved_concurrency` when set, else `account_limit`;
//! * `throttled_per_second = max(0, requests_per_second − limit / duration_s)`: above the limit
//!   the function can complete at most `limit / duration_s` requests per second;
//! * `cold_starts_initial = max(0, ceil(min(needed, limit)) − provisioned_concurrency)`:
//!   execution environments that must initialise when the traffic arrives from idle (the
//!   provisioned ones are already warm); `cold_starts_spike` likewise for the extra environments
//!   a spike needs;
//! * `cold_starts_per_second` is measured by the Monte Carlo run: new environments initialised
//!   per second on average over `simulated_seconds` (the initial ramp and the spike included).
//!
//! The Monte Carlo model: Poisson arrivals at `requests_per_second` (at `spike_rps` from second 10
//! for `spike_seconds`), durations `mean × (0.5 + 0.5 × Exp(1))` (never below half the mean);
//! an arrival finding `limit` invocations in flight is throttled; otherwise it reuses an idle
//! warm environment or, if none is idle, initialises a new one (a cold start). Environments are
//! never reclaimed within the run; provisioned environments start warm.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::*;

pub(super) const NAME: &str = "lambda-concurrency";

/// Second at which a traffic spike starts (in this model and in `apigw-throttle`).
pub(crate) const SPIKE_START_S: f64 = 10.0;

/// The most invocations a `run` simulates (keeps a notebook widget responsive).
const RUN_MAX_INVOCATIONS: u64 = 200_000;

pub(super) fn spec(l: &Limits) -> Result<ModelInfo> {
    let timeout_ms = l.get("lambda.timeout.max")? * 1000.0;
    let account = l.get("lambda.concurrency.account_default")?;
    Ok(ModelInfo {
        name: NAME,
        title: "Lambda concurrency and throttling",
        summary: "Concurrency a request rate needs, what gets throttled at the account or reserved \
                  limit, cold starts above provisioned concurrency, and a seeded simulation of it.",
        inputs: vec![
            num_in(
                "requests_per_second",
                "requests/s",
                (0.0, 1e6, 0.0),
                None,
                "Steady request rate",
            ),
            num_in(
                "avg_duration_ms",
                "ms",
                (1.0, timeout_ms, 0.0),
                None,
                "Average invocation duration",
            ),
            num_in(
                "account_limit",
                "concurrent executions",
                (1.0, 1e6, 1.0),
                Some(account),
                "Account concurrency limit in the Region",
            ),
            optional(num_in(
                "reserved_concurrency",
                "concurrent executions",
                (0.0, 1e6, 1.0),
                None,
                "Reserved concurrency of the function (caps it); leave out for none",
            )),
            num_in(
                "provisioned_concurrency",
                "environments",
                (0.0, 1e6, 1.0),
                Some(0.0),
                "Pre-initialised environments (no cold start)",
            ),
            choice_in("invocation", &["sync", "async"], Some("sync"), "Invocation type"),
            num_in(
                "spike_rps",
                "requests/s",
                (0.0, 1e6, 0.0),
                Some(0.0),
                "Request rate during a spike starting at second 10 (0: no spike)",
            ),
            num_in(
                "spike_seconds",
                "s",
                (0.0, 3600.0, 0.0),
                Some(0.0),
                "Spike length",
            ),
            num_in(
                "seed",
                "",
                (0.0, 1e15, 1.0),
                Some(1.0),
                "Random seed of the simulation",
            ),
            num_in(
                "simulated_seconds",
                "s",
                (1.0, 3600.0, 1.0),
                Some(60.0),
                "Length of the simulation",
            ),
        ],
        outputs: vec![
            out(
                "concurrency_needed",
                "concurrent executions",
                "requests/s × duration in s",
            ),
            out(
                "environments_needed",
                "environments",
                "concurrency_needed rounded up",
            ),
            out(
                "concurrency_limit",
                "concurrent executions",
                "Reserved concurrency, else the account limit",
            ),
            out(
                "throttled_per_second",
                "requests/s",
                "Steady requests/s beyond what the limit can serve",
            ),
            out(
                "spike_concurrency_needed",
                "concurrent executions",
                "Concurrency the spike needs",
            ),
            out(
                "spike_throttled_per_second",
                "requests/s",
                "Requests/s throttled during the spike",
            ),
            out(
                "cold_starts_initial",
                "cold starts",
                "Environments initialised when traffic arrives from idle",
            ),
            out(
                "cold_starts_spike",
                "cold starts",
                "Extra environments initialised for the spike",
            ),
            out(
                "cold_starts_per_second",
                "cold starts/s",
                "Average cold starts per second in the simulation",
            ),
            out("throttle_response", "", "What happens to a throttled request"),
            out(
                "async_retry_attempts",
                "retries",
                "Async: retries after function errors",
            ),
            out(
                "async_max_event_age_seconds",
                "s",
                "Async: how long throttled or failed events are kept and retried",
            ),
            out(
                "simulated_invocations",
                "invocations",
                "Arrivals in the simulation",
            ),
            out(
                "simulated_throttled",
                "invocations",
                "Throttled arrivals in the simulation",
            ),
            out(
                "simulated_cold_starts",
                "cold starts",
                "Cold starts in the simulation",
            ),
            out(
                "simulated_peak_concurrency",
                "concurrent executions",
                "Highest concurrency in the simulation",
            ),
        ],
    })
}

/// Parameters of a Monte Carlo run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McParams {
    /// Steady arrival rate.
    pub requests_per_second: f64,
    /// Mean invocation duration.
    pub avg_duration_ms: f64,
    /// Most invocations in flight (reserved concurrency or the account limit).
    pub concurrency_limit: u64,
    /// Environments warm from the start.
    pub provisioned: u64,
    /// Arrival rate during the spike.
    pub spike_rps: f64,
    /// When the spike starts.
    pub spike_start_seconds: f64,
    /// Spike length (0: none).
    pub spike_seconds: f64,
    /// Stop at this simulated time even if fewer invocations arrived (`f64::INFINITY`: never).
    pub max_seconds: f64,
}

/// One simulated second.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct McSecond {
    /// Arrivals.
    pub offered: u64,
    /// Arrivals that ran.
    pub accepted: u64,
    /// Arrivals throttled.
    pub throttled: u64,
    /// New environments initialised.
    pub cold_starts: u64,
    /// Highest concurrency reached.
    pub peak_concurrency: u64,
}

/// What a Monte Carlo run found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct McSummary {
    /// Arrivals simulated.
    pub invocations: u64,
    /// Arrivals that ran.
    pub accepted: u64,
    /// Arrivals throttled.
    pub throttled: u64,
    /// Environments initialised on demand.
    pub cold_starts: u64,
    /// Highest concurrency.
    pub peak_concurrency: u64,
    /// Simulated time covered.
    pub simulated_seconds: f64,
    /// Per-second breakdown.
    pub per_second: Vec<McSecond>,
}

/// Simulate `invocations` arrivals (or until `params.max_seconds`) with a seeded generator.
pub fn monte_carlo_concurrency(params: &McParams, invocations: u64, seed: u64) -> McSummary {
    let mut rng = SplitMix64::from_parts(NAME, seed, 0);
    let spike_end = params.spike_start_seconds + params.spike_seconds;
    let has_spike = params.spike_seconds > 0.0;
    let rate_at = |t: f64| -> (f64, f64) {
        // (rate, end of the piece the time is in)
        if has_spike && t < params.spike_start_seconds {
            (params.requests_per_second, params.spike_start_seconds)
        } else if has_spike && t < spike_end {
            (params.spike_rps, spike_end)
        } else {
            (params.requests_per_second, f64::INFINITY)
        }
    };
    let mean_s = params.avg_duration_ms / 1000.0;
    let mut in_flight: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut environments = params.provisioned.min(params.concurrency_limit);
    let mut s = McSummary::default();
    let mut t = 0.0f64;
    while s.invocations < invocations {
        // Next arrival of a piecewise-constant Poisson process (memoryless across pieces).
        let (rate, piece_end) = rate_at(t);
        let next = if rate > 0.0 {
            t + rng.exp(1.0 / rate)
        } else {
            f64::INFINITY
        };
        if next >= piece_end {
            t = piece_end;
            if !t.is_finite() {
                break;
            }
            continue;
        }
        t = next;
        if t >= params.max_seconds {
            break;
        }
        let now_ns = (t * 1e9) as u64;
        while let Some(&Reverse(end)) = in_flight.peek() {
            if end <= now_ns {
                in_flight.pop();
            } else {
                break;
            }
        }
        let second = t as usize;
        if s.per_second.len() <= second {
            s.per_second.resize(second + 1, McSecond::default());
        }
        let sec = &mut s.per_second[second];
        s.invocations += 1;
        sec.offered += 1;
        let busy = in_flight.len() as u64;
        if busy >= params.concurrency_limit {
            s.throttled += 1;
            sec.throttled += 1;
            continue;
        }
        if busy >= environments {
            environments += 1;
            s.cold_starts += 1;
            sec.cold_starts += 1;
        }
        let duration = mean_s * (0.5 + 0.5 * rng.exp(1.0));
        in_flight.push(Reverse(now_ns + (duration * 1e9) as u64));
        s.accepted += 1;
        sec.accepted += 1;
        sec.peak_concurrency = sec.peak_concurrency.max(busy + 1);
        s.peak_concurrency = s.peak_concurrency.max(busy + 1);
    }
    s.simulated_seconds = t.min(params.max_seconds);
    s
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let rps = inp.n("requests_per_second");
    let duration_ms = inp.n("avg_duration_ms");
    let account = inp.n("account_limit");
    let reserved = inp.opt_n("reserved_concurrency");
    let provisioned = inp.n("provisioned_concurrency");
    let is_async = inp.word("invocation") == "async";
    let spike_rps = inp.n("spike_rps");
    let spike_seconds = inp.n("spike_seconds");
    let seed = inp.n("seed");
    let sim_seconds = inp.n("simulated_seconds");
    if let Some(r) = reserved {
        if r > account {
            return Err(bad_input(
                "reserved_concurrency",
                r,
                format!("it must be at most account_limit ({})", fmt_plain(account)),
            ));
        }
    }
    let limit = reserved.unwrap_or(account);
    if provisioned > limit {
        return Err(bad_input(
            "provisioned_concurrency",
            provisioned,
            format!(
                "it must be at most the function's concurrency limit {} ({})",
                fmt_plain(limit),
                if reserved.is_some() {
                    "reserved_concurrency"
                } else {
                    "account_limit"
                }
            ),
        ));
    }
    let spike = spike_seconds > 0.0 && spike_rps > 0.0;
    let d = duration_ms / 1000.0;
    let needed = rps * d;
    let throttled = (rps - limit / d).max(0.0);
    let in_use = ceil_eps(needed.min(limit));
    let cold_initial = (in_use - provisioned).max(0.0);
    let spike_needed = spike.then_some(spike_rps * d);
    let spike_throttled = spike.then(|| (spike_rps - limit / d).max(0.0));
    let cold_spike = spike_needed.map(|n| (ceil_eps(n.min(limit)) - in_use.max(provisioned)).max(0.0));

    let params = McParams {
        requests_per_second: rps,
        avg_duration_ms: duration_ms,
        concurrency_limit: limit as u64,
        provisioned: provisioned as u64,
        spike_rps: if spike { spike_rps } else { rps },
        spike_start_seconds: SPIKE_START_S,
        spike_seconds: if spike { spike_seconds } else { 0.0 },
        max_seconds: sim_seconds,
    };
    let mc = monte_carlo_concurrency(&params, RUN_MAX_INVOCATIONS, seed as u64);
    let covered = if mc.invocations >= RUN_MAX_INVOCATIONS {
        mc.simulated_seconds
    } else {
        sim_seconds
    };

    let mut o = Outputs::default();
    o.num("concurrency_needed", needed)
        .num("environments_needed", ceil_eps(needed))
        .num("concurrency_limit", limit)
        .num("throttled_per_second", throttled)
        .opt_num("spike_concurrency_needed", spike_needed)
        .opt_num("spike_throttled_per_second", spike_throttled)
        .num("cold_starts_initial", cold_initial)
        .opt_num("cold_starts_spike", cold_spike)
        .num(
            "cold_starts_per_second",
            mc.cold_starts as f64 / covered.max(1e-9),
        )
        .num("simulated_invocations", mc.invocations as f64)
        .num("simulated_throttled", mc.throttled as f64)
        .num("simulated_cold_starts", mc.cold_starts as f64)
        .num("simulated_peak_concurrency", mc.peak_concurrency as f64);
    let max_age_s = facts.number("lambda.async.max_event_age_default")? * 3600.0;
    let retries = facts.number("lambda.async.retries_default")?;
    if is_async {
        o.set(
            "throttle_response",
            Value::from("queued: Lambda retries throttled events until the maximum event age"),
        )
        .num("async_retry_attempts", retries)
        .num("async_max_event_age_seconds", max_age_s);
    } else {
        o.set(
            "throttle_response",
            Value::from("429 TooManyRequestsException returned to the caller"),
        )
        .set("async_retry_attempts", Value::Null)
        .set("async_max_event_age_seconds", Value::Null);
    }

    let limit_name = if reserved.is_some() {
        "reserved concurrency"
    } else {
        "account limit"
    };
    let mut text = format!(
        "Concurrency needed: {rps} requests/s × {d} s = {needed} concurrent executions ({env} environments).\n\
         Limit: {limit_name} {limit}; at most {limit} / {d} s = {cap} requests/s complete, so {thr} requests/s are throttled.",
        rps = fmt_num(rps),
        d = fmt_num(d),
        needed = fmt_num(needed),
        env = fmt_num(ceil_eps(needed)),
        limit = fmt_num(limit),
        cap = fmt_num(limit / d),
        thr = fmt_num(throttled),
    );
    let _ = write!(
        text,
        "\nCold starts: {} environments in use − {} provisioned = {} initialise when traffic arrives; after that, warm environments are reused.",
        fmt_num(in_use),
        fmt_num(provisioned),
        fmt_num(cold_initial)
    );
    if let (Some(n), Some(t), Some(c)) = (spike_needed, spike_throttled, cold_spike) {
        let _ = write!(
            text,
            "\nSpike: {} requests/s for {} s from second {} needs {} concurrent executions; {} requests/s throttled; {} more cold starts.",
            fmt_num(spike_rps),
            fmt_num(spike_seconds),
            fmt_num(SPIKE_START_S),
            fmt_num(n),
            fmt_num(t),
            fmt_num(c)
        );
    }
    if is_async {
        let _ = write!(
            text,
            "\nAsync: throttled events are not lost; Lambda keeps them in its internal queue and retries them for up to {} h (maximum event age). \
             Function errors are retried {} times. After that the event is discarded or sent to an on-failure destination or dead-letter queue.",
            fmt_num(max_age_s / 3600.0),
            fmt_num(retries)
        );
    } else {
        text.push_str(
            "\nSync: throttled requests fail with 429 TooManyRequestsException; the caller must retry.",
        );
    }
    let _ = write!(
        text,
        "\nSimulation (seed {}): {} arrivals over {} s, {} throttled, {} cold starts, peak concurrency {}.",
        fmt_plain(seed),
        fmt_num(mc.invocations as f64),
        fmt_num(covered),
        fmt_num(mc.throttled as f64),
        fmt_num(mc.cold_starts as f64),
        fmt_num(mc.peak_concurrency as f64)
    );
    if mc.invocations >= RUN_MAX_INVOCATIONS {
        let _ = write!(
            text,
            " (stopped at {} arrivals to stay interactive)",
            fmt_num(RUN_MAX_INVOCATIONS as f64)
        );
    }
    let per = |f: fn(&McSecond) -> u64| -> Vec<(f64, f64)> {
        mc.per_second
            .iter()
            .enumerate()
            .map(|(i, s)| (i as f64, f(s) as f64))
            .collect()
    };
    let mut computed = Computed::new(o, text);
    computed.series = vec![
        Series {
            name: "peak concurrency".into(),
            x_label: "second".into(),
            y_label: "concurrent executions".into(),
            points: per(|s| s.peak_concurrency),
        },
        Series {
            name: "throttled".into(),
            x_label: "second".into(),
            y_label: "requests".into(),
            points: per(|s| s.throttled),
        },
        Series {
            name: "cold starts".into(),
            x_label: "second".into(),
            y_label: "cold starts".into(),
            points: per(|s| s.cold_starts),
        },
    ];
    Ok(computed)
}

pub(super) fn exercise(rng: &mut SplitMix64, _facts: &FactBase) -> Result<Draft> {
    let rps = rng.num(&[50.0, 100.0, 200.0, 250.0, 400.0, 500.0, 1000.0, 2000.0]);
    let ms = rng.num(&[100.0, 200.0, 250.0, 500.0, 800.0, 1000.0, 2000.0, 3000.0]);
    let d = ms / 1000.0;
    if rng.chance(0.5) {
        Ok(Draft {
            inputs: inputs_of(&[
                ("requests_per_second", rps.into()),
                ("avg_duration_ms", ms.into()),
            ]),
            output: "concurrency_needed",
            prompt: format!(
                "A function receives {} requests per second and each invocation takes {} ms on average. \
                 What concurrency does it need?",
                fmt_num(rps),
                fmt_num(ms)
            ),
            distractors: vec![
                (rps * ms, "forgot to convert milliseconds to seconds".into()),
                (rps / d, "divided by the duration instead of multiplying".into()),
                (rps, "took the request rate as the concurrency".into()),
            ],
        })
    } else {
        let needed = rps * d;
        let reserved = rng
            .num(&[20.0, 50.0, 100.0, 150.0, 200.0])
            .min((needed * 0.8).floor().max(1.0));
        Ok(Draft {
            inputs: inputs_of(&[
                ("requests_per_second", rps.into()),
                ("avg_duration_ms", ms.into()),
                ("reserved_concurrency", reserved.into()),
            ]),
            output: "throttled_per_second",
            prompt: format!(
                "A function with a reserved concurrency of {} receives {} synchronous requests per second, each taking {} ms. \
                 How many requests per second are throttled?",
                fmt_num(reserved),
                fmt_num(rps),
                fmt_num(ms)
            ),
            distractors: vec![
                ((rps - reserved).max(0.0), "subtracted the concurrency from the request rate directly".into()),
                (needed - reserved, "answered in excess concurrency, not requests per second".into()),
                (0.0, "assumed Lambda scales past reserved concurrency".into()),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};
    use super::*;

    #[test]
    fn hand_checked_concurrency_and_throttling() {
        let f = facts();
        // 100 rps × 0.5 s = 50; no throttling under 1,000; 50 cold starts from idle, 20 with 30 provisioned.
        let r = run_with(
            &f,
            NAME,
            &[
                ("requests_per_second", 100.0.into()),
                ("avg_duration_ms", 500.0.into()),
                ("provisioned_concurrency", 30.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "concurrency_needed"), 50.0);
        assert_eq!(num_out(&r, "concurrency_limit"), 1000.0);
        assert_eq!(num_out(&r, "throttled_per_second"), 0.0);
        assert_eq!(num_out(&r, "cold_starts_initial"), 20.0);
        assert_eq!(
            r.outputs["throttle_response"],
            "429 TooManyRequestsException returned to the caller"
        );
        assert!(r.outputs["async_retry_attempts"].is_null());
        // Reserved 40 → serves 40 / 0.5 = 80 rps; 20 rps throttled.
        let r = run_with(
            &f,
            NAME,
            &[
                ("requests_per_second", 100.0.into()),
                ("avg_duration_ms", 500.0.into()),
                ("reserved_concurrency", 40.0.into()),
                ("invocation", "async".into()),
            ],
        );
        assert_eq!(num_out(&r, "throttled_per_second"), 20.0);
        assert_eq!(num_out(&r, "async_retry_attempts"), 2.0);
        assert_eq!(num_out(&r, "async_max_event_age_seconds"), 21600.0);
        assert!(r.explanation.contains("6 h"), "{}", r.explanation);
        // The simulation agrees roughly: about 20% of 100 rps × 60 s throttled.
        let thr = num_out(&r, "simulated_throttled") / num_out(&r, "simulated_invocations");
        assert!((0.1..0.3).contains(&thr), "{thr}");
        assert!(num_out(&r, "simulated_peak_concurrency") <= 40.0);
    }

    #[test]
    fn spike_adds_concurrency_and_cold_starts() {
        let f = facts();
        let r = run_with(
            &f,
            NAME,
            &[
                ("requests_per_second", 100.0.into()),
                ("avg_duration_ms", 200.0.into()),
                ("spike_rps", 3000.0.into()),
                ("spike_seconds", 5.0.into()),
            ],
        );
        // Spike needs 600; 20 already warm → 580 more cold starts; 3000 − 1000/0.2 < 0 → no throttling.
        assert_eq!(num_out(&r, "spike_concurrency_needed"), 600.0);
        assert_eq!(num_out(&r, "cold_starts_spike"), 580.0);
        assert_eq!(num_out(&r, "spike_throttled_per_second"), 0.0);
        assert!(num_out(&r, "simulated_peak_concurrency") > 500.0);
        assert_eq!(r.series.len(), 3);
    }

    #[test]
    fn monte_carlo_is_seeded_and_littles_law_holds() {
        let p = McParams {
            requests_per_second: 1000.0,
            avg_duration_ms: 100.0,
            concurrency_limit: 1000,
            provisioned: 0,
            spike_rps: 1000.0,
            spike_start_seconds: SPIKE_START_S,
            spike_seconds: 0.0,
            max_seconds: f64::INFINITY,
        };
        let a = monte_carlo_concurrency(&p, 50_000, 9);
        let b = monte_carlo_concurrency(&p, 50_000, 9);
        assert_eq!(a, b);
        assert_eq!(a.invocations, 50_000);
        assert_eq!(a.throttled, 0);
        assert!(
            (a.simulated_seconds - 50.0).abs() < 2.0,
            "{}",
            a.simulated_seconds
        );
        // Needed ≈ 100; peaks a bit above it.
        assert!((100..200).contains(&a.peak_concurrency), "{}", a.peak_concurrency);
        assert_eq!(a.cold_starts, a.peak_concurrency);
        let c = monte_carlo_concurrency(&p, 50_000, 10);
        assert_ne!(a, c);
    }

    #[test]
    fn cross_input_limits_are_checked() {
        let f = facts();
        let inputs = crate::sim::inputs_of(&[
            ("requests_per_second", 10.0.into()),
            ("avg_duration_ms", 100.0.into()),
            ("reserved_concurrency", 50.0.into()),
            ("provisioned_concurrency", 60.0.into()),
        ]);
        let err = crate::sim::run(NAME, &inputs, &f).unwrap_err().to_string();
        assert!(
            err.contains("provisioned_concurrency") && err.contains("60") && err.contains("50"),
            "{err}"
        );
    }
}
