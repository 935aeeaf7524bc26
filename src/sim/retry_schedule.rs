//! `retry-schedule`: when the retries of a failing task happen, and when the caller gives up.
//!
//! Definitions (Step Functions `Retry` semantics): the original attempt fails at t = 0 (attempts
//! are taken to fail instantly); retry `k` (1-based, up to `max_attempts` retries) waits
//! `interval_seconds × backoff_rate^(k−1)` after the previous failure, capped at
//! `max_delay_seconds` when given; with `jitter = full` each wait is drawn uniformly from
//! `[0, wait]` (seeded). `attempt_times_seconds` lists when each retry starts; `total_seconds` is
//! the start of the last retry, the moment the caller gives up if it fails too.
//!
//! Presets: `step-functions-default` uses the Step Functions defaults from the fact base (1 s,
//! ×2.0, 3 retries → retries at 1, 3 and 7 s). `lambda-async` is Lambda's retry of function
//! errors on asynchronous invocation: 2 retries (fact `lambda.async.retries_default`), one minute
//! before the first and two minutes before the second (retries at 60 and 180 s), never beyond the
//! maximum event age. Explicit `interval_seconds`, `backoff_rate` or `max_attempts` override a
//! preset's values.

use super::*;

pub(super) const NAME: &str = "retry-schedule";

const PRESETS: &[&str] = &["custom", "step-functions-default", "lambda-async"];

/// Lambda's wait before the first async retry of a function error (AWS documents "one minute",
/// then "two minutes"; no fact id carries it yet).
const LAMBDA_ASYNC_FIRST_WAIT_S: f64 = 60.0;
const LAMBDA_ASYNC_BACKOFF: f64 = 2.0;

pub(super) fn spec(_l: &Limits) -> Result<ModelInfo> {
    Ok(ModelInfo {
        name: NAME,
        title: "Retry schedule with exponential backoff",
        summary: "When each retry happens with an interval, a backoff rate and a maximum number of \
                  attempts (Step Functions style), or a preset, and when the caller gives up.",
        inputs: vec![
            choice_in(
                "preset",
                PRESETS,
                Some("custom"),
                "custom, step-functions-default, or lambda-async",
            ),
            optional(num_in(
                "interval_seconds",
                "s",
                (0.0, 1e6, 0.0),
                None,
                "Wait before the first retry (default: the Step Functions default)",
            )),
            optional(num_in(
                "backoff_rate",
                "×",
                (1.0, 100.0, 0.0),
                None,
                "Multiplier of the wait for each further retry",
            )),
            optional(num_in(
                "max_attempts",
                "retries",
                (0.0, 1000.0, 1.0),
                None,
                "Retries after the original attempt (Step Functions MaxAttempts)",
            )),
            optional(num_in(
                "max_delay_seconds",
                "s",
                (0.0, 1e7, 0.0),
                None,
                "Cap on any one wait (MaxDelaySeconds)",
            )),
            choice_in(
                "jitter",
                &["none", "full"],
                Some("none"),
                "none, or full (each wait uniform in [0, wait])",
            ),
            num_in("seed", "", (0.0, 1e15, 1.0), Some(1.0), "Random seed for jitter"),
        ],
        outputs: vec![
            out(
                "attempt_times_seconds",
                "s",
                "When each retry starts, from the first failure",
            ),
            out("delays_seconds", "s", "The wait before each retry"),
            out("retries", "retries", "Number of retries"),
            out("total_attempts", "attempts", "Original attempt plus retries"),
            out(
                "total_seconds",
                "s",
                "When the last retry starts (the caller gives up if it fails)",
            ),
        ],
    })
}

struct Plan {
    interval: f64,
    backoff: f64,
    retries: f64,
    give_up_cap: Option<f64>,
}

fn plan(inp: &Inputs, facts: &FactBase) -> Result<Plan> {
    let preset = inp.word("preset");
    let (interval, backoff, retries, cap) = match preset {
        "lambda-async" => (
            LAMBDA_ASYNC_FIRST_WAIT_S,
            LAMBDA_ASYNC_BACKOFF,
            facts.number("lambda.async.retries_default")?,
            Some(facts.number("lambda.async.max_event_age_default")? * 3600.0),
        ),
        _ => (
            facts.number("stepfunctions.retry.interval_default")?,
            facts.number("stepfunctions.retry.backoff_default")?,
            facts.number("stepfunctions.retry.max_attempts_default")?,
            None,
        ),
    };
    let p = Plan {
        interval: inp.opt_n("interval_seconds").unwrap_or(interval),
        backoff: inp.opt_n("backoff_rate").unwrap_or(backoff),
        retries: inp.opt_n("max_attempts").unwrap_or(retries),
        give_up_cap: cap,
    };
    if preset == "lambda-async" {
        // Lambda allows 0 up to its default of 2 retries for async invocations.
        let max = facts.number("lambda.async.retries_default")?;
        if p.retries > max {
            return Err(bad_input(
                "max_attempts",
                p.retries,
                format!("Lambda retries async invocations 0 to {} times", fmt_plain(max)),
            ));
        }
    }
    Ok(p)
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let p = plan(inp, facts)?;
    let cap = inp.opt_n("max_delay_seconds");
    let jitter = inp.word("jitter") == "full";
    let mut rng = SplitMix64::from_parts(NAME, inp.n("seed") as u64, 0);
    let mut delays = Vec::new();
    let mut times = Vec::new();
    let mut t = 0.0;
    let mut wait = p.interval;
    for _ in 0..p.retries as usize {
        let mut d = cap.map_or(wait, |c| wait.min(c));
        if jitter {
            d *= rng.next_f64();
        }
        if p.give_up_cap.is_some_and(|age| t + d > age) {
            break;
        }
        t += d;
        delays.push(round_sig(d));
        times.push(round_sig(t));
        wait *= p.backoff;
    }
    let mut o = Outputs::default();
    o.set(
        "attempt_times_seconds",
        Value::from(times.iter().map(|x| number_json(*x)).collect::<Vec<_>>()),
    )
    .set(
        "delays_seconds",
        Value::from(delays.iter().map(|x| number_json(*x)).collect::<Vec<_>>()),
    )
    .num("retries", times.len() as f64)
    .num("total_attempts", times.len() as f64 + 1.0)
    .num("total_seconds", t);
    let delay_text: Vec<String> = delays.iter().map(|d| fmt_num(*d)).collect();
    let time_text: Vec<String> = times.iter().map(|d| fmt_num(*d)).collect();
    let mut text = format!(
        "Waits: {} s × {}^(k−1) for retry k = 1..{}",
        fmt_num(p.interval),
        fmt_num(p.backoff),
        fmt_num(p.retries)
    );
    if let Some(c) = cap {
        let _ = write!(text, ", each capped at {} s", fmt_num(c));
    }
    if jitter {
        text.push_str(", each then drawn uniformly from [0, wait] (full jitter)");
    }
    let _ = write!(
        text,
        ": [{}] s.\nRetries start at [{}] s after the first failure (attempts taken to fail instantly); \
         the caller gives up after {} attempts at {} s.",
        delay_text.join(", "),
        time_text.join(", "),
        fmt_num(times.len() as f64 + 1.0),
        fmt_num(t)
    );
    if let Some(age) = p.give_up_cap {
        let _ = write!(
            text,
            "\nLambda async: no retry happens after the maximum event age of {} h; then the event goes to an on-failure destination or DLQ, if configured.",
            fmt_num(age / 3600.0)
        );
    }
    let mut computed = Computed::new(o, text);
    computed.series.push(Series {
        name: "retries".into(),
        x_label: "seconds after the first failure".into(),
        y_label: "retry number".into(),
        points: times
            .iter()
            .enumerate()
            .map(|(i, x)| (*x, i as f64 + 1.0))
            .collect(),
    });
    computed
        .filled
        .insert("interval_seconds".into(), InputValue::Number(p.interval));
    computed
        .filled
        .insert("backoff_rate".into(), InputValue::Number(p.backoff));
    computed
        .filled
        .insert("max_attempts".into(), InputValue::Number(p.retries));
    Ok(computed)
}

pub(super) fn exercise(rng: &mut SplitMix64, _facts: &FactBase) -> Result<Draft> {
    let interval = rng.num(&[1.0, 2.0, 3.0, 5.0, 10.0]);
    let backoff = rng.num(&[1.5, 2.0, 3.0]);
    let attempts = rng.num(&[2.0, 3.0, 4.0, 5.0, 6.0]);
    let sum = |n: f64, first: f64| -> f64 { (0..n as i32).map(|k| first * backoff.powi(k)).sum() };
    Ok(Draft {
        inputs: inputs_of(&[
            ("interval_seconds", interval.into()),
            ("backoff_rate", backoff.into()),
            ("max_attempts", attempts.into()),
        ]),
        output: "total_seconds",
        prompt: format!(
            "A Step Functions Retry has IntervalSeconds {}, BackoffRate {} and MaxAttempts {}. \
             If every attempt fails instantly, how many seconds after the first failure does the last retry start?",
            fmt_num(interval),
            fmt_num(backoff),
            fmt_num(attempts)
        ),
        distractors: vec![
            (sum(attempts - 1.0, interval), "counted the original attempt as one of MaxAttempts".into()),
            (sum(attempts, interval * backoff), "applied the backoff before the first retry".into()),
            (interval * attempts, "ignored the backoff rate".into()),
            (interval * backoff.powf(attempts - 1.0), "gave only the last wait, not the sum".into()),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};
    use serde_json::json;

    #[test]
    fn step_functions_default_retries_at_1_3_7() {
        let f = facts();
        let r = run_with(&f, super::NAME, &[("preset", "step-functions-default".into())]);
        assert_eq!(r.outputs["attempt_times_seconds"], json!([1, 3, 7]));
        assert_eq!(r.outputs["delays_seconds"], json!([1, 2, 4]));
        assert_eq!(num_out(&r, "total_seconds"), 7.0);
        assert_eq!(num_out(&r, "total_attempts"), 4.0);
        assert_eq!(r.inputs["max_attempts"], 3.0.into());
        // custom with no values is the same
        let r2 = run_with(&f, super::NAME, &[]);
        assert_eq!(r2.outputs, r.outputs);
    }

    #[test]
    fn lambda_async_preset_and_overrides() {
        let f = facts();
        let r = run_with(&f, super::NAME, &[("preset", "lambda-async".into())]);
        assert_eq!(r.outputs["attempt_times_seconds"], json!([60, 180]));
        assert_eq!(num_out(&r, "total_seconds"), 180.0);
        assert!(r.explanation.contains("6 h"));
        // Custom: 2 s × 1.5, 4 retries → 2, 3, 4.5, 6.75 → times 2, 5, 9.5, 16.25; cap 4 → 2, 3, 4, 4.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("interval_seconds", 2.0.into()),
                ("backoff_rate", 1.5.into()),
                ("max_attempts", 4.0.into()),
            ],
        );
        assert_eq!(r.outputs["attempt_times_seconds"], json!([2, 5, 9.5, 16.25]));
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("interval_seconds", 2.0.into()),
                ("backoff_rate", 1.5.into()),
                ("max_attempts", 4.0.into()),
                ("max_delay_seconds", 4.0.into()),
            ],
        );
        assert_eq!(r.outputs["delays_seconds"], json!([2, 3, 4, 4]));
        assert_eq!(num_out(&r, "total_seconds"), 13.0);
        // Too many retries for Lambda async is an error naming key, value and range.
        let err = crate::sim::run(
            super::NAME,
            &crate::sim::inputs_of(&[("preset", "lambda-async".into()), ("max_attempts", 5.0.into())]),
            &f,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("max_attempts") && err.contains('5') && err.contains("0 to 2"),
            "{err}"
        );
    }

    #[test]
    fn full_jitter_is_seeded_and_below_the_plain_schedule() {
        let f = facts();
        let a = run_with(
            &f,
            super::NAME,
            &[("jitter", "full".into()), ("max_attempts", 6.0.into())],
        );
        let b = run_with(
            &f,
            super::NAME,
            &[("jitter", "full".into()), ("max_attempts", 6.0.into())],
        );
        assert_eq!(a.outputs, b.outputs);
        assert!(num_out(&a, "total_seconds") < 63.0);
        let c = run_with(
            &f,
            super::NAME,
            &[
                ("jitter", "full".into()),
                ("max_attempts", 6.0.into()),
                ("seed", 2.0.into()),
            ],
        );
        assert_ne!(a.outputs, c.outputs);
    }
}
