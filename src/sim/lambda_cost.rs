//! `lambda-cost`: monthly Lambda cost (us-east-1, first pricing tier).
//!
//! * `billed_duration_ms = ceil(avg_duration_ms / granularity) × granularity` (1 ms);
//! * `gb_seconds = requests × billed_duration_ms / 1000 × memory_mb / 1024`;
//! * with `free_tier`, the first 1,000,000 requests and 400,000 GB-s a month are free (x86 and
//!   Arm together);
//! * `request_cost_usd = billable requests / 1e6 × price per million`;
//! * `compute_cost_usd = billable GB-s × price per GB-s` (x86 or Arm);
//! * `ephemeral_cost_usd = requests × billed s × (ephemeral_storage_mb − 512) / 1024 × price`
//!   (the first 512 MB of /tmp is included).
//!
//! Volume discounts above 6 billion GB-s a month are not modelled.

use super::*;

pub(super) const NAME: &str = "lambda-cost";

const ARCHES: &[&str] = &["x86_64", "arm64"];

pub(super) fn spec(l: &Limits) -> Result<ModelInfo> {
    let mem_min = l.get("lambda.memory.min")?;
    let mem_max = l.get("lambda.memory.max")?;
    let tmp_min = l.get("lambda.tmp.min")?;
    let tmp_max = l.get("lambda.tmp.max")?;
    let timeout_ms = l.get("lambda.timeout.max")? * 1000.0;
    Ok(ModelInfo {
        name: NAME,
        title: "Lambda monthly cost",
        summary: "Requests, compute (GB-seconds) and extra ephemeral storage for a month of \
                  invocations, with the free tier and 1 ms billing.",
        inputs: vec![
            num_in(
                "requests_per_month",
                "requests",
                (0.0, 1e12, 1.0),
                None,
                "Invocations per month",
            ),
            num_in(
                "avg_duration_ms",
                "ms",
                (0.0, timeout_ms, 0.0),
                None,
                "Average duration of one invocation",
            ),
            num_in(
                "memory_mb",
                "MB",
                (mem_min, mem_max, 1.0),
                Some(mem_min),
                "Configured memory",
            ),
            choice_in(
                "architecture",
                ARCHES,
                Some("x86_64"),
                "Instruction set architecture",
            ),
            num_in(
                "ephemeral_storage_mb",
                "MB",
                (tmp_min, tmp_max, 1.0),
                Some(tmp_min),
                "Configured /tmp size; the first 512 MB is included",
            ),
            flag_in(
                "free_tier",
                Some(true),
                "Apply the monthly free tier (1M requests, 400,000 GB-s)",
            ),
        ],
        outputs: vec![
            out(
                "billed_duration_ms",
                "ms",
                "Average duration rounded up to the billing granularity",
            ),
            out("gb_seconds", "GB-s", "Compute used per month"),
            out("billable_gb_seconds", "GB-s", "Compute left after the free tier"),
            out(
                "billable_requests",
                "requests",
                "Requests left after the free tier",
            ),
            out("request_cost_usd", "USD", "Request charge"),
            out("compute_cost_usd", "USD", "Duration (GB-s) charge"),
            out("ephemeral_cost_usd", "USD", "Charge for /tmp above 512 MB"),
            out("total_cost_usd", "USD", "Total per month"),
        ],
    })
}

pub(super) struct Cost {
    pub billed_ms: f64,
    pub gb_seconds: f64,
    pub billable_gbs: f64,
    pub billable_requests: f64,
    pub request: f64,
    pub compute: f64,
    pub ephemeral: f64,
    pub total: f64,
}

pub(super) struct Params {
    pub requests: f64,
    pub duration_ms: f64,
    pub memory_mb: f64,
    pub arm: bool,
    pub tmp_mb: f64,
    pub free_tier: bool,
}

pub(super) fn cost(p: &Params, facts: &FactBase) -> Result<Cost> {
    let granularity = facts.number("lambda.billing.granularity")?;
    let per_million = facts.number("lambda.price.requests_per_million")?;
    let gbs_price = if p.arm {
        facts.number("lambda.price.gb_second_arm")?
    } else {
        facts.number("lambda.price.gb_second_x86")?
    };
    let eph_price = facts.number("lambda.price.ephemeral_gb_second")?;
    let tmp_included = facts.number("lambda.tmp.min")?;
    let (free_requests, free_gbs) = if p.free_tier {
        (
            facts.number("lambda.free_tier.requests")?,
            facts.number("lambda.free_tier.gb_seconds")?,
        )
    } else {
        (0.0, 0.0)
    };
    let billed_ms = ceil_eps(p.duration_ms / granularity) * granularity;
    let billed_s_total = p.requests * billed_ms / 1000.0;
    let gb_seconds = billed_s_total * p.memory_mb / 1024.0;
    let billable_requests = (p.requests - free_requests).max(0.0);
    let billable_gbs = (gb_seconds - free_gbs).max(0.0);
    let request = billable_requests / 1e6 * per_million;
    let compute = billable_gbs * gbs_price;
    let ephemeral = billed_s_total * (p.tmp_mb - tmp_included).max(0.0) / 1024.0 * eph_price;
    Ok(Cost {
        billed_ms,
        gb_seconds,
        billable_gbs,
        billable_requests,
        request,
        compute,
        ephemeral,
        total: request + compute + ephemeral,
    })
}

fn params(inp: &Inputs) -> Params {
    Params {
        requests: inp.n("requests_per_month"),
        duration_ms: inp.n("avg_duration_ms"),
        memory_mb: inp.n("memory_mb"),
        arm: inp.word("architecture") == "arm64",
        tmp_mb: inp.n("ephemeral_storage_mb"),
        free_tier: inp.flag("free_tier"),
    }
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let p = params(inp);
    let c = cost(&p, facts)?;
    let mut o = Outputs::default();
    o.num("billed_duration_ms", c.billed_ms)
        .num("gb_seconds", c.gb_seconds)
        .num("billable_gb_seconds", c.billable_gbs)
        .num("billable_requests", c.billable_requests)
        .num("request_cost_usd", c.request)
        .num("compute_cost_usd", c.compute)
        .num("ephemeral_cost_usd", c.ephemeral)
        .num("total_cost_usd", c.total);
    let gbs_price = if p.arm {
        facts.number("lambda.price.gb_second_arm")?
    } else {
        facts.number("lambda.price.gb_second_x86")?
    };
    let mut text = format!(
        "Billed duration: {d} ms rounded up to {g} ms steps = {b} ms.\n\
         Compute: {r} requests × {bs} s × {m} MB / 1024 = {gbs} GB-s",
        d = fmt_num(p.duration_ms),
        g = fmt_num(facts.number("lambda.billing.granularity")?),
        b = fmt_num(c.billed_ms),
        r = fmt_num(p.requests),
        bs = fmt_num(c.billed_ms / 1000.0),
        m = fmt_num(p.memory_mb),
        gbs = fmt_num(c.gb_seconds),
    );
    if p.free_tier {
        let _ = write!(
            text,
            "; minus the free {} GB-s = {} GB-s",
            fmt_num(facts.number("lambda.free_tier.gb_seconds")?),
            fmt_num(c.billable_gbs)
        );
    }
    let _ = write!(
        text,
        " × ${} ({}) = {}.\nRequests: {}",
        fmt_num(gbs_price),
        if p.arm { "arm64" } else { "x86_64" },
        fmt_usd(c.compute),
        fmt_num(p.requests)
    );
    if p.free_tier {
        let _ = write!(
            text,
            " minus the free {} = {}",
            fmt_num(facts.number("lambda.free_tier.requests")?),
            fmt_num(c.billable_requests)
        );
    }
    let _ = write!(
        text,
        " × ${}/M = {}.",
        fmt_num(facts.number("lambda.price.requests_per_million")?),
        fmt_usd(c.request)
    );
    if c.ephemeral > 0.0 {
        let _ = write!(
            text,
            "\nEphemeral storage: ({} − {}) MB above the included /tmp for {} s = {}.",
            fmt_num(p.tmp_mb),
            fmt_num(facts.number("lambda.tmp.min")?),
            fmt_num(p.requests * c.billed_ms / 1000.0),
            fmt_usd(c.ephemeral)
        );
    }
    let _ = write!(text, "\nTotal: {} per month.", fmt_usd(c.total));
    if c.gb_seconds > 6e9 {
        text.push_str(" (Volume discounts above 6 billion GB-s a month are not modelled.)");
    }
    // Cost against requests: 0 .. 2 × the requests (at least 2 million, to show the free tier).
    let top = (p.requests * 2.0).max(2e6);
    let mut points = Vec::with_capacity(41);
    for i in 0..=40 {
        let requests = top * f64::from(i) / 40.0;
        let c = cost(&Params { requests, ..p }, facts)?;
        points.push((requests, round_sig(c.total)));
    }
    let mut computed = Computed::new(o, text);
    computed.series.push(Series {
        name: "total cost".into(),
        x_label: "requests per month".into(),
        y_label: "USD per month".into(),
        points,
    });
    Ok(computed)
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let requests = rng.num(&[2e6, 3e6, 5e6, 8e6, 10e6, 20e6, 50e6]);
    let duration = rng.num(&[45.3, 80.0, 120.5, 200.0, 250.2, 480.7, 1000.0, 1500.0]);
    let memory = rng.num(&[128.0, 256.0, 512.0, 1024.0, 1536.0, 2048.0]);
    let arm = rng.chance(0.3);
    let free_tier = rng.chance(0.7);
    let p = Params {
        requests,
        duration_ms: duration,
        memory_mb: memory,
        arm,
        tmp_mb: facts.number("lambda.tmp.min")?,
        free_tier,
    };
    let mut distractors = Vec::new();
    if free_tier {
        distractors.push((
            cost(
                &Params {
                    free_tier: false,
                    ..p
                },
                facts,
            )?
            .total,
            "ignored the free tier".to_string(),
        ));
    } else {
        distractors.push((
            cost(&Params { free_tier: true, ..p }, facts)?.total,
            "applied the free tier, which this account does not get".to_string(),
        ));
    }
    // Duration not rounded up.
    let granularity = facts.number("lambda.billing.granularity")?;
    let unrounded = cost(&p, facts)?.total - cost(&p, facts)?.compute + {
        let gbs = requests * duration / 1000.0 * memory / 1024.0;
        let free = if free_tier {
            facts.number("lambda.free_tier.gb_seconds")?
        } else {
            0.0
        };
        let price = if arm {
            facts.number("lambda.price.gb_second_arm")?
        } else {
            facts.number("lambda.price.gb_second_x86")?
        };
        (gbs - free).max(0.0) * price
    };
    if duration.fract() != 0.0 {
        distractors.push((
            unrounded,
            format!("did not round the duration up to {granularity} ms"),
        ));
    }
    distractors.push((
        cost(
            &Params {
                duration_ms: ceil_eps(duration / 100.0) * 100.0,
                ..p
            },
            facts,
        )?
        .total,
        "rounded the duration up to 100 ms (billing before December 2020)".to_string(),
    ));
    distractors.push((
        cost(
            &Params {
                memory_mb: memory * 1024.0 / 1000.0,
                ..p
            },
            facts,
        )?
        .total,
        "converted MB to GB by dividing by 1000 instead of 1024".to_string(),
    ));
    if arm {
        distractors.push((
            cost(&Params { arm: false, ..p }, facts)?.total,
            "used the x86 price for an Arm function".to_string(),
        ));
    }
    let inputs = inputs_of(&[
        ("requests_per_month", requests.into()),
        ("avg_duration_ms", duration.into()),
        ("memory_mb", memory.into()),
        ("architecture", (if arm { "arm64" } else { "x86_64" }).into()),
        ("free_tier", free_tier.into()),
    ]);
    Ok(Draft {
        inputs,
        output: "total_cost_usd",
        prompt: format!(
            "{} Lambda function with {} MB of memory runs {} times a month for {} ms on average. \
             What is its monthly cost in us-east-1 ({})?",
            if arm { "An Arm (arm64)" } else { "An x86_64" },
            fmt_num(memory),
            fmt_num(requests),
            fmt_num(duration),
            if free_tier {
                "the account's free tier applies"
            } else {
                "no free tier: it is used up by other functions"
            }
        ),
        distractors,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};

    #[test]
    fn hand_checked_with_and_without_free_tier() {
        let f = facts();
        // 5,000,000 requests × 200.4 ms (billed 201 ms) × 512 MB:
        //   GB-s = 5e6 × 0.201 × 0.5 = 502,500; minus 400,000 free = 102,500 × $0.0000166667 = $1.70833675
        //   requests: 4,000,000 billable × $0.20/M = $0.80 → total $2.50833675.
        let base = [
            ("requests_per_month", 5e6.into()),
            ("avg_duration_ms", 200.4.into()),
            ("memory_mb", 512.0.into()),
        ];
        let r = run_with(&f, super::NAME, &base);
        assert_eq!(num_out(&r, "billed_duration_ms"), 201.0);
        assert!((num_out(&r, "gb_seconds") - 502_500.0).abs() < 1e-6);
        assert!((num_out(&r, "compute_cost_usd") - 1.70833675).abs() < 1e-9);
        assert!((num_out(&r, "request_cost_usd") - 0.80).abs() < 1e-12);
        assert_eq!(num_out(&r, "ephemeral_cost_usd"), 0.0);
        assert!((num_out(&r, "total_cost_usd") - 2.50833675).abs() < 1e-9);
        assert!(r.explanation.contains("201 ms"), "{}", r.explanation);
        // Without the free tier: $1.00 + 502,500 × 0.0000166667 = $8.37501675 → $9.37501675.
        let mut no_free = base.to_vec();
        no_free.push(("free_tier", false.into()));
        let r = run_with(&f, super::NAME, &no_free);
        assert!((num_out(&r, "total_cost_usd") - 9.37501675).abs() < 1e-9);
        // Arm, no free tier: 502,500 × 0.0000133334 = 6.7000335 + 1.00.
        no_free.push(("architecture", "arm64".into()));
        let r = run_with(&f, super::NAME, &no_free);
        assert!((num_out(&r, "total_cost_usd") - 7.7000335).abs() < 1e-9);
    }

    #[test]
    fn ephemeral_storage_above_512_mb_is_charged() {
        let f = facts();
        // 1M requests × 1 s with 1,536 MB of /tmp: 1,000,000 s × 1 GB extra × 0.0000000309 = $0.0309.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("requests_per_month", 1e6.into()),
                ("avg_duration_ms", 1000.0.into()),
                ("ephemeral_storage_mb", 1536.0.into()),
                ("free_tier", false.into()),
            ],
        );
        assert!((num_out(&r, "ephemeral_cost_usd") - 0.0309).abs() < 1e-12);
        // Inside the free tier everything but the extra storage is free.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("requests_per_month", 1e6.into()),
                ("avg_duration_ms", 100.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "total_cost_usd"), 0.0);
        assert_eq!(r.series.len(), 1);
        assert_eq!(r.series[0].points.len(), 41);
    }
}
