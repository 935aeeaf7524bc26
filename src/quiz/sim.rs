//! Questions generated from the simulators: a numeric scenario, the computed answer, and
//! distractors made from the typical mistakes the model knows (forgetting to round up, forgetting
//! the 2x for strong or transactional, ignoring the free tier, ...).

use crate::error::OrNotFound;
use crate::error::{Error, Result};
use crate::facts::FactBase;
use crate::sim::rng::SplitMix64;

use super::{Difficulty, Domain, FieldLines, Question};

/// Each simulator that makes questions: (model, service, domain, difficulty, refs).
pub const SIM_MODELS: &[(&str, &str, Domain, Difficulty, &[&str])] = &[
    (
        "dynamodb-capacity",
        "dynamodb",
        Domain::Development,
        Difficulty::Medium,
        &["dynamodb/capacity-units.md#the-formulas"],
    ),
    (
        "dynamodb-partitions",
        "dynamodb",
        Domain::Troubleshooting,
        Difficulty::Hard,
        &["dynamodb/partitions-and-throttling.md#estimating-the-partition-count"],
    ),
    (
        "dynamodb-cost",
        "dynamodb",
        Domain::Troubleshooting,
        Difficulty::Hard,
        &["dynamodb/pricing.md#throughput-prices"],
    ),
    (
        "lambda-cost",
        "lambda",
        Domain::Troubleshooting,
        Difficulty::Hard,
        &[
            "lambda/pricing.md#the-gb-seconds-formula",
            "lambda/pricing.md#lambda-free-tier",
        ],
    ),
    (
        "lambda-concurrency",
        "lambda",
        Domain::Troubleshooting,
        Difficulty::Medium,
        &["lambda/concurrency.md#what-concurrency-means"],
    ),
    (
        "lambda-fit",
        "lambda",
        Domain::Development,
        Difficulty::Medium,
        &["lambda/limits.md#checking-a-design-against-the-limits"],
    ),
    (
        "apigw-throttle",
        "api-gateway",
        Domain::Troubleshooting,
        Difficulty::Medium,
        &["api-gateway/caching-throttling-usage-plans.md#throttling-levels"],
    ),
    (
        "retry-schedule",
        "step-functions",
        Domain::Development,
        Difficulty::Medium,
        &["step-functions/error-handling-and-workflow-types.md#backoff-math"],
    ),
    (
        "sqs-lambda",
        "integration",
        Domain::Development,
        Difficulty::Medium,
        &["integration/sqs.md#lambda-with-sqs"],
    ),
    (
        "kinesis-shards",
        "integration",
        Domain::Development,
        Difficulty::Medium,
        &["integration/kinesis.md#shard-throughput"],
    ),
];

fn fmt_value(v: f64, unit: &str) -> String {
    match unit {
        "USD" => crate::sim::fmt_usd(v),
        "" | "count" => crate::sim::fmt_num(v),
        u => format!("{} {u}", crate::sim::fmt_num(v)),
    }
}

/// `per_model` questions from every simulator in [`SIM_MODELS`], from `seed`. Question `n` of a
/// model depends only on (model, seed, n), and its id is `sim-<model>-<seed>-<n>`.
pub fn sim_questions(facts: &FactBase, seed: u64, per_model: usize) -> Result<Vec<Question>> {
    let mut out = Vec::new();
    for (model, ..) in SIM_MODELS {
        for n in 0..per_model {
            out.push(sim_question(facts, model, seed, n)?);
        }
    }
    Ok(out)
}

/// Rebuild a generated question from its id (`sim-<model>-<seed>-<n>`).
pub fn sim_question_by_id(facts: &FactBase, id: &str) -> Result<Question> {
    let bad = || Error::NotFound(format!("question {id}"));
    let rest = id.strip_prefix("sim-").ok_or_else(bad)?;
    let mut parts = rest.rsplitn(3, '-');
    let n: usize = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let seed: u64 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let model = parts.next().ok_or_else(bad)?;
    if !SIM_MODELS.iter().any(|m| m.0 == model) {
        return Err(bad());
    }
    sim_question(facts, model, seed, n)
}

fn sim_question(facts: &FactBase, model: &str, seed: u64, n: usize) -> Result<Question> {
    let (_, service, domain, difficulty, refs) = SIM_MODELS
        .iter()
        .find(|m| m.0 == model)
        .copied()
        .or_not_found(format_args!("simulator {model}"))?;
    let ex = crate::sim::exercises(model, seed, n + 1, facts)?
        .pop()
        .or_not_found(format_args!("exercise {model}:{seed}:{n}"))?;
    let right = fmt_value(ex.answer, &ex.unit);
    // (text, why it is wrong); the right answer has no "why".
    let mut options: Vec<(String, Option<String>)> = vec![(right.clone(), None)];
    for (v, why) in &ex.distractors {
        let t = fmt_value(*v, &ex.unit);
        if options.len() < 4 && !options.iter().any(|(o, _)| *o == t) {
            options.push((t, Some(why.clone())));
        }
    }
    // Too few typical mistakes: pad with plausible slips of arithmetic.
    let a = ex.answer;
    let whole = a.fract() == 0.0;
    let pads = [
        a * 2.0,
        a / 2.0,
        a + 1.0,
        a * 10.0,
        a - 1.0,
        a + 2.0,
        a / 10.0,
        a * 3.0,
    ];
    for v in pads {
        if options.len() >= 4 {
            break;
        }
        if v < 0.0 || (whole && v.fract() != 0.0) || (v - a).abs() <= ex.tolerance {
            continue;
        }
        let t = fmt_value(v, &ex.unit);
        if !options.iter().any(|(o, _)| *o == t) {
            options.push((t, Some("an arithmetic slip".to_string())));
        }
    }
    let mut rng = SplitMix64::from_parts(&format!("quiz:{model}"), seed, n as u64);
    for i in (1..options.len()).rev() {
        let j = rng.below(i + 1);
        options.swap(i, j);
    }
    let answer = options.iter().position(|(_, why)| why.is_none()).unwrap_or(0);
    let mut explanation = format!("The answer is {right}. {}", ex.working.trim());
    let wrong: Vec<String> = options
        .iter()
        .filter_map(|(t, why)| why.as_ref().map(|w| format!("{t}: {w}")))
        .collect();
    if !wrong.is_empty() {
        explanation.push_str("\nWrong choices: ");
        explanation.push_str(&wrong.join("; "));
        explanation.push('.');
    }
    Ok(Question {
        id: format!("sim-{model}-{seed}-{n}"),
        service: service.to_string(),
        domain,
        difficulty,
        stem: ex.prompt,
        choices: options.into_iter().map(|(t, _)| t).collect(),
        answer: vec![answer],
        multiple: false,
        explanation,
        choice_explanations: Vec::new(),
        sources: Vec::new(),
        refs: refs.iter().map(|r| r.to_string()).collect(),
        facts: Vec::new(),
        file: format!("simulator:{model}"),
        line: 0,
        generated: true,
        lines: FieldLines::default(),
    })
}
