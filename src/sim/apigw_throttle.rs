//! `apigw-throttle`: API Gateway's token bucket, second by second.
//!
//! The bucket holds up to `burst` tokens and refills at `rate_limit_rps` tokens per second; each
//! request takes a token or is rejected with 429 Too Many Requests. The bucket starts full.
//! Traffic is `steady_rps`, except `spike_rps` for `spike_seconds` from second 10; requests and
//! refill are spread evenly over each second, so in a second with `n` requests and `b` tokens at
//! its start: `accepted = min(n, b + rate)`, `b' = clamp(b + rate − n, 0, burst)`.

use super::lambda_concurrency::SPIKE_START_S;
use super::*;

pub(super) const NAME: &str = "apigw-throttle";

pub(super) fn spec(l: &Limits) -> Result<ModelInfo> {
    let rate = l.get("apigw.throttle.account_rps")?;
    let burst = l.get("apigw.throttle.burst")?;
    Ok(ModelInfo {
        name: NAME,
        title: "API Gateway throttling (token bucket)",
        summary: "Requests accepted and throttled (429) per second when traffic spikes against a \
                  rate limit with a burst bucket.",
        inputs: vec![
            num_in(
                "steady_rps",
                "requests/s",
                (0.0, 1e7, 0.0),
                None,
                "Normal request rate",
            ),
            num_in(
                "spike_rps",
                "requests/s",
                (0.0, 1e7, 0.0),
                Some(0.0),
                "Request rate during the spike, from second 10 (0: no spike)",
            ),
            num_in(
                "spike_seconds",
                "s",
                (0.0, 3600.0, 1.0),
                Some(0.0),
                "Spike length",
            ),
            num_in(
                "rate_limit_rps",
                "requests/s",
                (1.0, 1e7, 0.0),
                Some(rate),
                "Steady-state rate limit (token refill rate)",
            ),
            num_in(
                "burst",
                "requests",
                (0.0, 1e7, 1.0),
                Some(burst),
                "Bucket size (burst limit)",
            ),
            optional(num_in(
                "total_seconds",
                "s",
                (1.0, 3600.0, 1.0),
                None,
                "Length of the timeline (default: spike + 20 s)",
            )),
        ],
        outputs: vec![
            out("offered", "requests", "Requests sent over the timeline"),
            out("accepted", "requests", "Requests accepted"),
            out("throttled_429", "requests", "Requests rejected with 429"),
            out("peak_throttled_per_second", "requests/s", "Worst second"),
            out(
                "first_throttled_second",
                "s",
                "First second with 429s (null if none)",
            ),
            out(
                "seconds_of_burst",
                "s",
                "How long the bucket lasts at the spike rate (null if it never empties)",
            ),
        ],
    })
}

/// The per-second timeline: (offered, accepted, throttled) for each second.
pub(super) fn simulate(
    steady: f64,
    spike: f64,
    spike_seconds: f64,
    rate: f64,
    burst: f64,
    total: usize,
) -> Vec<(f64, f64, f64)> {
    let mut tokens = burst;
    let mut out = Vec::with_capacity(total);
    for s in 0..total {
        let t = s as f64;
        let n = if spike_seconds > 0.0 && t >= SPIKE_START_S && t < SPIKE_START_S + spike_seconds {
            spike
        } else {
            steady
        };
        let available = tokens + rate;
        let accepted = n.min(available);
        tokens = (available - n).clamp(0.0, burst);
        out.push((n, accepted, n - accepted));
    }
    out
}

pub(super) fn compute(inp: &Inputs, _facts: &FactBase) -> Result<Computed> {
    let steady = inp.n("steady_rps");
    let spike_rps = inp.n("spike_rps");
    let spike_seconds = if spike_rps > 0.0 {
        inp.n("spike_seconds")
    } else {
        0.0
    };
    let rate = inp.n("rate_limit_rps");
    let burst = inp.n("burst");
    let total = inp
        .opt_n("total_seconds")
        .unwrap_or(SPIKE_START_S + spike_seconds + 10.0);
    let timeline = simulate(steady, spike_rps, spike_seconds, rate, burst, total as usize);
    let offered: f64 = timeline.iter().map(|x| x.0).sum();
    let accepted: f64 = timeline.iter().map(|x| x.1).sum();
    let throttled: f64 = timeline.iter().map(|x| x.2).sum();
    let peak = timeline.iter().map(|x| x.2).fold(0.0, f64::max);
    let first = timeline.iter().position(|x| x.2 > 0.0).map(|i| i as f64);
    let excess = spike_rps - rate;
    let burst_lasts = (spike_seconds > 0.0 && excess > 0.0).then(|| burst / excess);
    let mut o = Outputs::default();
    o.num("offered", offered)
        .num("accepted", accepted)
        .num("throttled_429", throttled)
        .num("peak_throttled_per_second", peak)
        .opt_num("first_throttled_second", first)
        .opt_num("seconds_of_burst", burst_lasts);
    let mut text = format!(
        "Token bucket: {burst} tokens, refilled at {rate} per second, full at the start.\n\
         {steady} requests/s steady",
        burst = fmt_num(burst),
        rate = fmt_num(rate),
        steady = fmt_num(steady),
    );
    if spike_seconds > 0.0 {
        let _ = write!(
            text,
            ", {} requests/s for {} s from second {}. ",
            fmt_num(spike_rps),
            fmt_num(spike_seconds),
            fmt_num(SPIKE_START_S)
        );
        match burst_lasts {
            Some(b) => {
                let _ = write!(
                    text,
                    "The spike exceeds the rate by {} requests/s, so the bucket of {} lasts {} / {} = {} s; \
                     after that every second {} requests are throttled (429).",
                    fmt_num(excess),
                    fmt_num(burst),
                    fmt_num(burst),
                    fmt_num(excess),
                    fmt_num(b),
                    fmt_num(excess)
                );
            }
            None => text.push_str("The spike stays within the rate limit, so nothing is throttled by it."),
        }
    } else {
        text.push('.');
    }
    let _ = write!(
        text,
        "\nOver {} s: {} offered, {} accepted, {} throttled with 429.",
        fmt_num(total),
        fmt_num(offered),
        fmt_num(accepted),
        fmt_num(throttled)
    );
    let series = |name: &str, f: fn(&(f64, f64, f64)) -> f64| Series {
        name: name.into(),
        x_label: "second".into(),
        y_label: "requests/s".into(),
        points: timeline
            .iter()
            .enumerate()
            .map(|(i, x)| (i as f64, f(x)))
            .collect(),
    };
    let mut computed = Computed::new(o, text);
    computed.series = vec![
        series("offered", |x| x.0),
        series("accepted", |x| x.1),
        series("throttled (429)", |x| x.2),
    ];
    if !inp.given("total_seconds") {
        computed
            .filled
            .insert("total_seconds".into(), InputValue::Number(total));
    }
    Ok(computed)
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let rate = facts.number("apigw.throttle.account_rps")?;
    let burst = facts.number("apigw.throttle.burst")?;
    let steady = (rate * rng.num(&[0.3, 0.5, 0.6, 0.8])).round();
    let spike = (rate * rng.num(&[1.2, 1.5, 1.8, 2.0, 2.5])).round();
    let secs = rng.num(&[1.0, 2.0, 3.0, 4.0, 5.0, 10.0]);
    let excess = spike - rate;
    Ok(Draft {
        inputs: inputs_of(&[
            ("steady_rps", steady.into()),
            ("spike_rps", spike.into()),
            ("spike_seconds", secs.into()),
        ]),
        output: "throttled_429",
        prompt: format!(
            "An API with the default account throttle ({} requests/s, burst {}) normally gets {} requests/s. \
             Traffic jumps to {} requests/s for {} s, then returns to normal. How many requests get a 429?",
            fmt_num(rate),
            fmt_num(burst),
            fmt_num(steady),
            fmt_num(spike),
            fmt_num(secs)
        ),
        distractors: vec![
            (excess * secs, "ignored the burst bucket".into()),
            (
                ((excess - burst) * secs).max(0.0),
                "treated the burst as extra capacity every second".into(),
            ),
            (0.0, "assumed the burst absorbs any spike".into()),
            (
                (spike - burst).max(0.0) * secs,
                "took the burst as the rate limit".into(),
            ),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};
    use super::*;

    #[test]
    fn hand_checked_spike() {
        let f = facts();
        // 8,000 steady, 15,000 for 3 s, default 10,000 rps / 5,000 burst.
        // Spike second 1: 5,000 + 10,000 tokens → all 15,000 accepted, bucket empty.
        // Seconds 2 and 3: 10,000 accepted, 5,000 throttled each → 10,000 throttled.
        let r = run_with(
            &f,
            NAME,
            &[
                ("steady_rps", 8000.0.into()),
                ("spike_rps", 15000.0.into()),
                ("spike_seconds", 3.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "throttled_429"), 10000.0);
        assert_eq!(num_out(&r, "first_throttled_second"), 11.0);
        assert_eq!(num_out(&r, "peak_throttled_per_second"), 5000.0);
        assert_eq!(num_out(&r, "seconds_of_burst"), 1.0);
        assert_eq!(r.inputs["total_seconds"], InputValue::Number(23.0));
        assert_eq!(num_out(&r, "offered"), 20.0 * 8000.0 + 3.0 * 15000.0);
        assert_eq!(num_out(&r, "accepted") + 10000.0, num_out(&r, "offered"));
        assert_eq!(r.series.len(), 3);
        assert_eq!(r.series[2].points[11], (11.0, 5000.0));
    }

    #[test]
    fn bucket_refills_between_spikes_and_never_exceeds_burst() {
        // After emptying, 8,000 steady refills 2,000 per second, capped at the burst.
        let t = simulate(8000.0, 15000.0, 2.0, 10000.0, 5000.0, 20);
        assert_eq!(t[10], (15000.0, 15000.0, 0.0));
        assert_eq!(t[11], (15000.0, 10000.0, 5000.0));
        let t = simulate(0.0, 0.0, 0.0, 10.0, 5.0, 5);
        assert!(t.iter().all(|x| x.2 == 0.0));
    }
}
