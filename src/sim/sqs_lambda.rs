//! `sqs-lambda`: an SQS queue feeding a Lambda function through an event source mapping.
//!
//! * `recommended_visibility_timeout_seconds = 6 × function_timeout_seconds + batch_window_seconds`
//!   (AWS: at least six times the function timeout, plus the batching window);
//! * assuming full batches (a busy queue): `invocations_per_second = messages_per_second / batch_size`,
//!   `concurrency_needed = ceil(invocations_per_second × avg_duration_ms / 1000)` (each concurrent
//!   invocation is one batch handed over by a poller);
//! * the function can drain at most `max_concurrency × batch_size / duration_s` messages per
//!   second; `queue_growth_per_second` is the excess arrival rate (0 when it keeps up).

use super::*;

pub(super) const NAME: &str = "sqs-lambda";

pub(super) fn spec(l: &Limits) -> Result<ModelInfo> {
    let timeout = l.get("lambda.timeout.max")?;
    let account = l.get("lambda.concurrency.account_default")?;
    Ok(ModelInfo {
        name: NAME,
        title: "SQS to Lambda: visibility timeout and throughput",
        summary: "The visibility timeout to set on the queue, the concurrency the function needs to \
                  keep up, and how fast the backlog grows when it cannot.",
        inputs: vec![
            num_in("function_timeout_seconds", "s", (1.0, timeout, 0.0), None, "The function's timeout"),
            num_in("batch_size", "messages", (1.0, 10000.0, 1.0), Some(10.0), "Messages per batch (event source mapping)"),
            num_in("messages_per_second", "messages/s", (0.0, 1e7, 0.0), None, "Arrival rate into the queue"),
            num_in("avg_duration_ms", "ms", (1.0, timeout * 1000.0, 0.0), None, "Average duration of one invocation (one batch)"),
            num_in("batch_window_seconds", "s", (0.0, 300.0, 0.0), Some(0.0), "Maximum batching window"),
            num_in("max_concurrency", "concurrent executions", (1.0, 1e6, 1.0), Some(account), "Most concurrent invocations available (reserved concurrency, ESM maximum concurrency, or the account limit)"),
        ],
        outputs: vec![
            out("recommended_visibility_timeout_seconds", "s", "6 × function timeout + batch window"),
            out("invocations_per_second", "invocations/s", "Batches per second"),
            out("concurrency_needed", "concurrent executions", "Concurrent invocations (pollers' batches in flight) needed to keep up"),
            out("max_messages_per_second", "messages/s", "Most the function can process at max_concurrency"),
            out("queue_growth_per_second", "messages/s", "Backlog growth (0 when keeping up)"),
            out("keeps_up", "", "True when the function keeps up with the queue"),
        ],
    })
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let timeout = inp.n("function_timeout_seconds");
    let batch = inp.n("batch_size");
    let mps = inp.n("messages_per_second");
    let ms = inp.n("avg_duration_ms");
    let window = inp.n("batch_window_seconds");
    let max_conc = inp.n("max_concurrency");
    if ms > timeout * 1000.0 {
        return Err(bad_input(
            "avg_duration_ms",
            ms,
            format!(
                "it must not exceed function_timeout_seconds ({} s = {} ms), or every invocation times out",
                fmt_plain(timeout),
                fmt_plain(timeout * 1000.0)
            ),
        ));
    }
    let mult = facts.number("lambda.sqs.visibility_multiplier")?;
    let visibility = mult * timeout + window;
    let d = ms / 1000.0;
    let ips = mps / batch;
    let needed = ceil_eps(ips * d);
    let capacity = max_conc * batch / d;
    let growth = (mps - capacity).max(0.0);
    let mut o = Outputs::default();
    o.num("recommended_visibility_timeout_seconds", visibility)
        .num("invocations_per_second", ips)
        .num("concurrency_needed", needed)
        .num("max_messages_per_second", capacity)
        .num("queue_growth_per_second", growth)
        .set("keeps_up", Value::from(growth == 0.0));
    let mut text = format!(
        "Visibility timeout: {mult} × {timeout} s + {window} s batch window = {vis} s, so a message is not \
         handed to another invocation while a slow or retried batch is still running.\n\
         Throughput: {mps} messages/s ÷ {batch} per batch = {ips} invocations/s × {d} s = {needed} concurrent invocations needed.\n\
         At most {maxc} concurrent invocations process {maxc} × {batch} / {d} s = {cap} messages/s",
        mult = fmt_num(mult),
        timeout = fmt_num(timeout),
        window = fmt_num(window),
        vis = fmt_num(visibility),
        mps = fmt_num(mps),
        batch = fmt_num(batch),
        ips = fmt_num(ips),
        d = fmt_num(d),
        needed = fmt_num(needed),
        maxc = fmt_num(max_conc),
        cap = fmt_num(capacity),
    );
    if growth > 0.0 {
        let _ = write!(
            text,
            "; the queue grows by {} messages/s ({} per hour).",
            fmt_num(growth),
            fmt_num(growth * 3600.0)
        );
    } else {
        text.push_str(", so the function keeps up and the queue does not grow.");
    }
    text.push_str(
        "\n(Assumes batches fill up; with a light load they are smaller and there are more of them.)",
    );
    Ok(Computed::new(o, text))
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let timeout = rng.num(&[10.0, 30.0, 60.0, 120.0, 300.0, 900.0]);
    let window = rng.num(&[0.0, 0.0, 5.0, 10.0, 30.0]);
    let batch = rng.num(&[1.0, 5.0, 10.0, 50.0, 100.0]);
    let mps = rng.num(&[100.0, 500.0, 1000.0, 2000.0]);
    let ms = (timeout * 1000.0 * rng.num(&[0.1, 0.25, 0.5])).round();
    let mult = facts.number("lambda.sqs.visibility_multiplier")?;
    let inputs = inputs_of(&[
        ("function_timeout_seconds", timeout.into()),
        ("batch_window_seconds", window.into()),
        ("batch_size", batch.into()),
        ("messages_per_second", mps.into()),
        ("avg_duration_ms", ms.into()),
    ]);
    let window_text = if window > 0.0 {
        format!(" and a maximum batching window of {} s", fmt_num(window))
    } else {
        String::new()
    };
    if rng.chance(0.6) {
        let mut distractors = vec![
            (timeout, "set it equal to the function timeout".to_string()),
            (
                mult * ms / 1000.0 + window,
                "multiplied the average duration instead of the timeout".to_string(),
            ),
        ];
        if window > 0.0 {
            distractors.push((mult * timeout, "forgot to add the batching window".into()));
        }
        Ok(Draft {
            inputs,
            output: "recommended_visibility_timeout_seconds",
            prompt: format!(
                "A Lambda function with a {} s timeout consumes an SQS queue with batch size {}{window_text}. \
                 What visibility timeout does AWS recommend for the queue?",
                fmt_num(timeout),
                fmt_num(batch)
            ),
            distractors,
        })
    } else {
        let d = ms / 1000.0;
        Ok(Draft {
            inputs,
            output: "concurrency_needed",
            prompt: format!(
                "An SQS queue receives {} messages/s; the Lambda function reads batches of {} and each invocation takes {} ms. \
                 How many concurrent invocations keep up (assume full batches)?",
                fmt_num(mps),
                fmt_num(batch),
                fmt_num(ms)
            ),
            distractors: vec![
                (ceil_eps(mps * d), "ignored the batch size".to_string()),
                (ceil_eps(mps / batch), "forgot to multiply by the duration".to_string()),
                (ceil_eps(mps / batch * ms), "forgot to convert milliseconds to seconds".to_string()),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};

    #[test]
    fn hand_checked() {
        let f = facts();
        // 30 s timeout, 20 s window → 6 × 30 + 20 = 200 s. 1,000 msg/s in batches of 10 = 100 inv/s × 2 s = 200.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("function_timeout_seconds", 30.0.into()),
                ("batch_window_seconds", 20.0.into()),
                ("messages_per_second", 1000.0.into()),
                ("avg_duration_ms", 2000.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "recommended_visibility_timeout_seconds"), 200.0);
        assert_eq!(num_out(&r, "invocations_per_second"), 100.0);
        assert_eq!(num_out(&r, "concurrency_needed"), 200.0);
        assert_eq!(num_out(&r, "queue_growth_per_second"), 0.0);
        assert_eq!(r.outputs["keeps_up"], true);
        // Capped at 50 concurrent: 50 × 10 / 2 = 250 msg/s → grows by 750 msg/s.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("function_timeout_seconds", 30.0.into()),
                ("messages_per_second", 1000.0.into()),
                ("avg_duration_ms", 2000.0.into()),
                ("max_concurrency", 50.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "recommended_visibility_timeout_seconds"), 180.0);
        assert_eq!(num_out(&r, "queue_growth_per_second"), 750.0);
        assert_eq!(r.outputs["keeps_up"], false);
    }

    #[test]
    fn duration_longer_than_timeout_is_rejected() {
        let f = facts();
        let inputs = crate::sim::inputs_of(&[
            ("function_timeout_seconds", 3.0.into()),
            ("messages_per_second", 10.0.into()),
            ("avg_duration_ms", 5000.0.into()),
        ]);
        let err = crate::sim::run(super::NAME, &inputs, &f).unwrap_err().to_string();
        assert!(
            err.contains("avg_duration_ms") && err.contains("5000") && err.contains("3000 ms"),
            "{err}"
        );
    }
}
