//! The simulators: small, pure, typed models of the limit and capacity math that serverless exam
//! questions are full of (capacity units, partitions, Lambda cost and concurrency, throttling,
//! retry timing, ...).
//!
//! Each model declares its inputs (key, unit, kind, default, valid range) and outputs in a
//! [`ModelInfo`], and is used in four places through the same functions:
//!
//! * the notebook widget and the CLI call [`run`] (inputs from [`parse_cell`] or
//!   [`parse_kv_args`]) and show [`SimResult`] (the CLI through [`format_text`]);
//! * exercise cards come from [`exercises`];
//! * the fact checker re-computes worked examples with [`check_claim`].
//!
//! Every price and AWS limit a model uses is read from the [`FactBase`] (the ids are listed in
//! [`FACT_IDS`]). [`catalog`] and [`info`] take no fact base, so the ranges and defaults they show
//! that derive from facts use the built-in snapshot [`FALLBACK_FACTS`]; [`run`] always validates
//! against the fact base it is given ([`info_with_facts`] shows exactly those ranges).
//!
//! Randomness (exercise parameters, Monte Carlo runs, retry jitter) is seeded and uses a fixed
//! portable generator, so the same seed gives the same result everywhere.

mod apigw_throttle;
mod dynamodb_capacity;
mod dynamodb_cost;
mod dynamodb_partitions;
mod kinesis_shards;
mod lambda_concurrency;
mod lambda_cost;
mod lambda_fit;
mod retry_schedule;
pub mod rng;
mod sqs_lambda;

#[cfg(test)]
mod tests;

use crate::error::OrNotFound;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::facts::FactBase;
pub use lambda_concurrency::{monte_carlo_concurrency, McParams, McSecond, McSummary};
use rng::SplitMix64;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// One input value: a number, a boolean or a word.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum InputValue {
    /// A number (in the input's unit).
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A word, e.g. one of a choice input's choices.
    Text(String),
}

impl Serialize for InputValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            InputValue::Number(n) => number_json(*n).serialize(s),
            InputValue::Bool(b) => s.serialize_bool(*b),
            InputValue::Text(t) => s.serialize_str(t),
        }
    }
}

impl InputValue {
    /// How the value reads in a message: `20000`, `true`, `"x86"`.
    pub fn describe(&self) -> String {
        match self {
            InputValue::Number(n) => fmt_plain(*n),
            InputValue::Bool(b) => b.to_string(),
            InputValue::Text(t) => format!("{t:?}"),
        }
    }

    /// The number, if the value is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            InputValue::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl From<f64> for InputValue {
    fn from(n: f64) -> Self {
        InputValue::Number(n)
    }
}

impl From<bool> for InputValue {
    fn from(b: bool) -> Self {
        InputValue::Bool(b)
    }
}

impl From<&str> for InputValue {
    fn from(t: &str) -> Self {
        InputValue::Text(t.to_string())
    }
}

/// The type and valid values of an input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A number in `min..=max`; `step` is the widget's slider step (a step of 1 also means the
    /// value must be a whole number; 0 means continuous).
    Number {
        /// Smallest valid value.
        min: f64,
        /// Largest valid value.
        max: f64,
        /// Slider step.
        step: f64,
    },
    /// `true` or `false`.
    Bool,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
}

/// One input of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InputSpec {
    /// The key used in `sim` cells and on the command line.
    pub key: &'static str,
    /// Unit of the value (`KB`, `ms`, `requests/s`, ...); empty for words and booleans.
    pub unit: &'static str,
    /// Type and valid values.
    pub kind: InputKind,
    /// Default value; `None` means required (unless `optional`).
    pub default: Option<InputValue>,
    /// One line of help.
    pub help: &'static str,
    /// True when the input may be left out although it has no default (the model then does
    /// without it, e.g. no reserved concurrency).
    pub optional: bool,
}

/// One output of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutputSpec {
    /// The key in [`SimResult::outputs`].
    pub key: &'static str,
    /// Unit of the value (`USD` marks money).
    pub unit: &'static str,
    /// One line of help.
    pub help: &'static str,
}

/// What a model is, takes and gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ModelInfo {
    /// Stable name (`dynamodb-capacity`).
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// One or two sentences on what it computes.
    pub summary: &'static str,
    /// Inputs, in display order.
    pub inputs: Vec<InputSpec>,
    /// Outputs, in display order.
    pub outputs: Vec<OutputSpec>,
}

/// A chart series.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// X axis label (with unit).
    pub x_label: String,
    /// Y axis label (with unit).
    pub y_label: String,
    /// The points, in x order.
    pub points: Vec<(f64, f64)>,
}

/// The result of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SimResult {
    /// Model name.
    pub sim: String,
    /// Every input used, defaults filled in.
    pub inputs: BTreeMap<String, InputValue>,
    /// Every output (numbers, booleans, lists, or `null` when not applicable).
    pub outputs: BTreeMap<String, Value>,
    /// The formula with the learner's numbers, in plain text.
    pub explanation: String,
    /// Chart series, where a curve teaches more than a number.
    pub series: Vec<Series>,
}

/// Whether a claimed output of a computation holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimCheck {
    /// True when the claim is within rounding tolerance of the computed value.
    pub holds: bool,
    /// The value the model computes.
    pub computed: f64,
    /// One sentence saying so, with both values.
    pub explanation: String,
}

/// A generated exercise (parametric card).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    /// Stable id: `NAME:SEED:INDEX`.
    pub id: String,
    /// Model name.
    pub sim: String,
    /// The scenario, with its numbers.
    pub prompt: String,
    /// The inputs that produce the answer.
    pub inputs: BTreeMap<String, InputValue>,
    /// The output asked for.
    pub output: String,
    /// The right answer.
    pub answer: f64,
    /// Unit of the answer.
    pub unit: String,
    /// Absolute tolerance an answer may be off by.
    pub tolerance: f64,
    /// How the answer is worked out (the model's explanation).
    pub working: String,
    /// Wrong answers from typical mistakes, each with the mistake named.
    pub distractors: Vec<(f64, String)>,
}

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

/// Every fact id the simulators read. A facts file used with [`run`] must carry all of them.
pub const FACT_IDS: &[&str] = &[
    "apigw.throttle.account_rps",
    "apigw.throttle.burst",
    "dynamodb.partition.max_rcu",
    "dynamodb.partition.max_size",
    "dynamodb.partition.max_wcu",
    "dynamodb.price.on_demand_read_per_million",
    "dynamodb.price.on_demand_write_per_million",
    "dynamodb.price.provisioned_rcu_hour",
    "dynamodb.price.provisioned_wcu_hour",
    "dynamodb.rcu.size",
    "dynamodb.wcu.size",
    "kinesis.efo.egress_mb",
    "kinesis.shard.egress_mb",
    "kinesis.shard.ingest_mb",
    "kinesis.shard.ingest_records",
    "lambda.async.max_event_age_default",
    "lambda.async.retries_default",
    "lambda.billing.granularity",
    "lambda.concurrency.account_default",
    "lambda.env_vars.max",
    "lambda.free_tier.gb_seconds",
    "lambda.free_tier.requests",
    "lambda.memory.max",
    "lambda.memory.min",
    "lambda.package.unzipped_max",
    "lambda.package.zip_max",
    "lambda.price.ephemeral_gb_second",
    "lambda.price.gb_second_arm",
    "lambda.price.gb_second_x86",
    "lambda.price.requests_per_million",
    "lambda.sqs.visibility_multiplier",
    "lambda.timeout.max",
    "lambda.tmp.max",
    "lambda.tmp.min",
    "stepfunctions.retry.backoff_default",
    "stepfunctions.retry.interval_default",
    "stepfunctions.retry.max_attempts_default",
];

/// Snapshot of the fact values (as of the 2026-11 fact base) used only to show ranges and
/// defaults in [`catalog`] and [`info`], which have no fact base. [`run`] never uses these.
pub const FALLBACK_FACTS: &[(&str, f64)] = &[
    ("apigw.throttle.account_rps", 10000.0),
    ("apigw.throttle.burst", 5000.0),
    ("dynamodb.partition.max_rcu", 3000.0),
    ("dynamodb.partition.max_size", 10.0),
    ("dynamodb.partition.max_wcu", 1000.0),
    ("dynamodb.price.on_demand_read_per_million", 0.125),
    ("dynamodb.price.on_demand_write_per_million", 0.625),
    ("dynamodb.price.provisioned_rcu_hour", 0.00013),
    ("dynamodb.price.provisioned_wcu_hour", 0.00065),
    ("dynamodb.rcu.size", 4.0),
    ("dynamodb.wcu.size", 1.0),
    ("kinesis.efo.egress_mb", 2.0),
    ("kinesis.shard.egress_mb", 2.0),
    ("kinesis.shard.ingest_mb", 1.0),
    ("kinesis.shard.ingest_records", 1000.0),
    ("lambda.async.max_event_age_default", 6.0),
    ("lambda.async.retries_default", 2.0),
    ("lambda.billing.granularity", 1.0),
    ("lambda.concurrency.account_default", 1000.0),
    ("lambda.env_vars.max", 4.0),
    ("lambda.free_tier.gb_seconds", 400000.0),
    ("lambda.free_tier.requests", 1000000.0),
    ("lambda.memory.max", 10240.0),
    ("lambda.memory.min", 128.0),
    ("lambda.package.unzipped_max", 250.0),
    ("lambda.package.zip_max", 50.0),
    ("lambda.price.ephemeral_gb_second", 0.0000000309),
    ("lambda.price.gb_second_arm", 0.0000133334),
    ("lambda.price.gb_second_x86", 0.0000166667),
    ("lambda.price.requests_per_million", 0.20),
    ("lambda.sqs.visibility_multiplier", 6.0),
    ("lambda.timeout.max", 900.0),
    ("lambda.tmp.max", 10240.0),
    ("lambda.tmp.min", 512.0),
    ("stepfunctions.retry.backoff_default", 2.0),
    ("stepfunctions.retry.interval_default", 1.0),
    ("stepfunctions.retry.max_attempts_default", 3.0),
];

/// Where a model's spec reads fact-derived ranges and defaults from.
pub(crate) struct Limits<'a>(Option<&'a FactBase>);

impl Limits<'_> {
    /// The value of a fact: from the fact base when there is one, else the built-in snapshot.
    pub(crate) fn get(&self, id: &str) -> Result<f64> {
        match self.0 {
            Some(facts) => facts.number(id),
            None => FALLBACK_FACTS
                .iter()
                .find(|(k, _)| *k == id)
                .map(|(_, v)| *v)
                .or_not_found(format_args!("built-in value for fact {id}")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------

/// What a model computes, before the facade adds name and inputs.
pub(crate) struct Computed {
    pub outputs: BTreeMap<String, Value>,
    pub explanation: String,
    pub series: Vec<Series>,
    /// Inputs the model resolved itself (e.g. preset values), shown in the result.
    pub filled: BTreeMap<String, InputValue>,
}

impl Computed {
    pub(crate) fn new(outputs: Outputs, explanation: String) -> Self {
        Computed {
            outputs: outputs.0,
            explanation,
            series: Vec::new(),
            filled: BTreeMap::new(),
        }
    }
}

/// An exercise before the facade runs the model for the answer and working.
pub(crate) struct Draft {
    pub inputs: BTreeMap<String, InputValue>,
    pub output: &'static str,
    pub prompt: String,
    pub distractors: Vec<(f64, String)>,
}

type SpecFn = fn(&Limits) -> Result<ModelInfo>;
type ComputeFn = fn(&Inputs, &FactBase) -> Result<Computed>;
type ExerciseFn = fn(&mut SplitMix64, &FactBase) -> Result<Draft>;

struct Model {
    name: &'static str,
    spec: SpecFn,
    compute: ComputeFn,
    exercise: ExerciseFn,
}

macro_rules! model {
    ($m:ident) => {
        Model {
            name: $m::NAME,
            spec: $m::spec,
            compute: $m::compute,
            exercise: $m::exercise,
        }
    };
}

const MODELS: &[Model] = &[
    model!(dynamodb_capacity),
    model!(dynamodb_partitions),
    model!(dynamodb_cost),
    model!(lambda_cost),
    model!(lambda_concurrency),
    model!(lambda_fit),
    model!(apigw_throttle),
    model!(retry_schedule),
    model!(sqs_lambda),
    model!(kinesis_shards),
];

fn model(name: &str) -> Result<&'static Model> {
    MODELS.iter().find(|m| m.name == name).ok_or_else(|| {
        let known: Vec<&str> = MODELS.iter().map(|m| m.name).collect();
        let hint = closest(name, known.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        Error::InvalidInput(format!(
            "unknown simulator `{name}`; {hint}known simulators: {}",
            known.join(", ")
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// The facade
// ---------------------------------------------------------------------------------------------

/// Every model, with ranges and defaults from the built-in fact snapshot.
pub fn catalog() -> Vec<ModelInfo> {
    MODELS
        .iter()
        .filter_map(|m| (m.spec)(&Limits(None)).ok())
        .collect()
}

/// Every model, with ranges and defaults from `facts` (what [`run`] validates against).
pub fn catalog_with_facts(facts: &FactBase) -> Result<Vec<ModelInfo>> {
    MODELS.iter().map(|m| (m.spec)(&Limits(Some(facts)))).collect()
}

/// One model's description (built-in fact snapshot); an unknown name lists the known ones.
pub fn info(name: &str) -> Result<ModelInfo> {
    (model(name)?.spec)(&Limits(None))
}

/// One model's description with ranges and defaults from `facts`.
pub fn info_with_facts(name: &str, facts: &FactBase) -> Result<ModelInfo> {
    (model(name)?.spec)(&Limits(Some(facts)))
}

/// Run a model on some inputs (missing ones take their defaults).
pub fn run(name: &str, inputs: &BTreeMap<String, InputValue>, facts: &FactBase) -> Result<SimResult> {
    let m = model(name)?;
    let spec = (m.spec)(&Limits(Some(facts)))?;
    let inp = validate(&spec, inputs)?;
    let computed = (m.compute)(&inp, facts)?;
    let mut all = inp.values;
    all.extend(computed.filled);
    Ok(SimResult {
        sim: name.to_string(),
        inputs: all,
        outputs: computed.outputs,
        explanation: computed.explanation,
        series: computed.series,
    })
}

/// Parse the body of a ` ```sim NAME ` block: TOML `key = value` lines (numbers, booleans,
/// strings; `#` comments). Errors name the line.
pub fn parse_cell(body: &str) -> Result<BTreeMap<String, InputValue>> {
    // TOML reports a repeated key without a useful position; find it first.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, line) in body.lines().enumerate() {
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty()
            || key.starts_with('#')
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        if let Some(first) = seen.insert(key, i + 1) {
            return Err(Error::InvalidInput(format!(
                "sim cell line {}: `{key}` is set again (first set on line {first})",
                i + 1
            )));
        }
    }
    let table: toml::Table = toml::from_str(body).map_err(|e| {
        let line = e
            .span()
            .map(|s| body[..s.start.min(body.len())].lines().count().max(1))
            .unwrap_or(0);
        let line_text = body.lines().nth(line.saturating_sub(1)).unwrap_or("").trim();
        Error::InvalidInput(format!("sim cell line {line} ({line_text:?}): {}", e.message()))
    })?;
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let v = match value {
            toml::Value::Integer(i) => InputValue::Number(i as f64),
            toml::Value::Float(f) => InputValue::Number(f),
            toml::Value::Boolean(b) => InputValue::Bool(b),
            toml::Value::String(s) => InputValue::Text(s),
            other => {
                let line = body
                    .lines()
                    .position(|l| {
                        l.trim_start()
                            .strip_prefix(key.as_str())
                            .is_some_and(|r| r.trim_start().starts_with('='))
                    })
                    .map(|i| i + 1)
                    .unwrap_or(0);
                return Err(Error::InvalidInput(format!(
                    "sim cell line {line}: `{key}` must be a number, true/false or a word, not a {}",
                    other.type_str()
                )));
            }
        };
        out.insert(key, v);
    }
    Ok(out)
}

/// Parse command-line `key=value` arguments: numbers (`1e6`, `1_000_000` and `1,000,000` too),
/// `true`/`false`, anything else as a word.
pub fn parse_kv_args(args: &[String]) -> Result<BTreeMap<String, InputValue>> {
    let mut out = BTreeMap::new();
    for arg in args {
        let (key, value) = arg.split_once('=').ok_or_else(|| {
            Error::InvalidInput(format!(
                "argument {arg:?} is not of the form key=value (e.g. memory_mb=512)"
            ))
        })?;
        let key = key.trim();
        let value = value.trim();
        if key.is_empty() {
            return Err(Error::InvalidInput(format!(
                "argument {arg:?} has no key before `=`"
            )));
        }
        let v = parse_scalar(value);
        if out.insert(key.to_string(), v).is_some() {
            return Err(Error::InvalidInput(format!(
                "input `{key}` is given more than once"
            )));
        }
    }
    Ok(out)
}

fn parse_scalar(value: &str) -> InputValue {
    match value {
        "true" => return InputValue::Bool(true),
        "false" => return InputValue::Bool(false),
        _ => {}
    }
    let looks_numeric = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
    if looks_numeric {
        let cleaned: String = value.chars().filter(|c| *c != '_' && *c != ',').collect();
        if let Ok(n) = cleaned.parse::<f64>() {
            return InputValue::Number(n);
        }
    }
    InputValue::Text(value.to_string())
}

/// Check a claimed value of one output: holds within rounding tolerance (relative 0.5%, or
/// $0.005 for money).
pub fn check_claim(
    name: &str,
    inputs: &BTreeMap<String, InputValue>,
    output: &str,
    claimed: f64,
    facts: &FactBase,
) -> Result<ClaimCheck> {
    let spec = info_with_facts(name, facts)?;
    let out_spec = spec.outputs.iter().find(|o| o.key == output).ok_or_else(|| {
        let keys: Vec<&str> = spec.outputs.iter().map(|o| o.key).collect();
        let hint = closest(output, keys.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        Error::InvalidInput(format!(
            "`{name}` has no output `{output}`; {hint}outputs: {}",
            keys.join(", ")
        ))
    })?;
    let result = run(name, inputs, facts)?;
    let computed = match result.outputs.get(output) {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(Value::Bool(b)) => f64::from(u8::from(*b)),
        Some(Value::Null) | None => {
            return Err(Error::InvalidInput(format!(
                "output `{output}` of `{name}` does not apply to these inputs"
            )))
        }
        Some(_) => {
            return Err(Error::InvalidInput(format!(
                "output `{output}` of `{name}` is not a single number"
            )))
        }
    };
    let tol = tolerance(computed, out_spec.unit);
    let holds = claimed.is_finite() && (claimed - computed).abs() <= tol;
    let unit = out_spec.unit;
    let explanation = if holds {
        format!(
            "{name}: {output} = {} {unit} holds (computed {} {unit})",
            fmt_plain(claimed),
            fmt_plain(computed)
        )
    } else {
        format!(
            "{name}: {output} = {} {unit} does not hold; the model computes {} {unit}",
            fmt_plain(claimed),
            fmt_plain(computed)
        )
    };
    Ok(ClaimCheck {
        holds,
        computed,
        explanation: explanation.replace("  ", " "),
    })
}

/// The rounding tolerance for a computed value: 0.5% relative, at least $0.005 for money.
pub fn tolerance(computed: f64, unit: &str) -> f64 {
    let rel = 0.005 * computed.abs();
    if unit == "USD" {
        rel.max(0.005)
    } else {
        rel.max(1e-9)
    }
}

/// Generate `count` exercises for a model from `seed`. Exercise `i` depends only on
/// `(name, seed, i)`, so ids and content are stable.
pub fn exercises(name: &str, seed: u64, count: usize, facts: &FactBase) -> Result<Vec<Exercise>> {
    let m = model(name)?;
    let spec = (m.spec)(&Limits(Some(facts)))?;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let mut rng = SplitMix64::from_parts(name, seed, i as u64);
        let draft = (m.exercise)(&mut rng, facts)?;
        let result = run(name, &draft.inputs, facts)?;
        let answer = result
            .outputs
            .get(draft.output)
            .and_then(Value::as_f64)
            .ok_or_else(|| {
                Error::InvalidInput(format!("exercise output {} is not a number", draft.output))
            })?;
        let unit = spec
            .outputs
            .iter()
            .find(|o| o.key == draft.output)
            .map(|o| o.unit)
            .unwrap_or("");
        let tol = round_sig(tolerance(answer, unit));
        let mut distractors: Vec<(f64, String)> = Vec::new();
        for (v, why) in draft.distractors {
            let v = round_sig(v);
            let clash = (v - answer).abs() <= tol
                || distractors
                    .iter()
                    .any(|(d, _)| (d - v).abs() <= tolerance(*d, unit));
            if v.is_finite() && !clash {
                distractors.push((v, why));
            }
        }
        out.push(Exercise {
            id: format!("{name}:{seed}:{i}"),
            sim: name.to_string(),
            prompt: draft.prompt,
            inputs: result.inputs,
            output: draft.output.to_string(),
            answer,
            unit: unit.to_string(),
            tolerance: tol,
            working: result.explanation,
            distractors,
        });
    }
    Ok(out)
}

impl SimResult {
    /// The result as plain text for a terminal (what `coldstart sim` prints).
    pub fn to_text(&self) -> String {
        format_text(self)
    }
}

/// Human-readable text for the CLI: outputs aligned with their units, then the explanation.
pub fn format_text(r: &SimResult) -> String {
    let spec = info(&r.sim).ok();
    let unit_of = |k: &str| -> &str {
        spec.as_ref()
            .and_then(|s| s.outputs.iter().find(|o| o.key == k))
            .map(|o| o.unit)
            .unwrap_or("")
    };
    let order: Vec<String> = match &spec {
        Some(s) => {
            let mut keys: Vec<String> = s
                .outputs
                .iter()
                .map(|o| o.key.to_string())
                .filter(|k| r.outputs.contains_key(k))
                .collect();
            keys.extend(
                r.outputs
                    .keys()
                    .filter(|k| !keys.contains(k))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            keys
        }
        None => r.outputs.keys().cloned().collect(),
    };
    let width = order.iter().map(|k| k.len()).max().unwrap_or(0);
    let mut s = format!("{}\n", r.sim);
    for k in &order {
        let v = &r.outputs[k];
        let unit = unit_of(k);
        let shown = match v {
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if unit == "USD" {
                    fmt_usd(x)
                } else if unit.is_empty() {
                    fmt_num(x)
                } else {
                    format!("{} {unit}", fmt_num(x))
                }
            }
            Value::Null => "n/a".to_string(),
            Value::String(t) => t.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Array(items) if items.iter().all(Value::is_number) => {
                let nums: Vec<String> = items
                    .iter()
                    .map(|x| fmt_num(x.as_f64().unwrap_or(f64::NAN)))
                    .collect();
                let list = nums.join(", ");
                if unit.is_empty() {
                    format!("[{list}]")
                } else {
                    format!("[{list}] {unit}")
                }
            }
            Value::Array(items) if items.is_empty() => "none".to_string(),
            Value::Array(items) if items.iter().all(|x| x.get("message").is_some()) => items
                .iter()
                .filter_map(|x| x["message"].as_str())
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        let _ = writeln!(s, "  {k:<width$}  {shown}");
    }
    if !r.explanation.is_empty() {
        s.push('\n');
        s.push_str(&r.explanation);
        s.push('\n');
    }
    for series in &r.series {
        let _ = writeln!(
            s,
            "series: {} ({} points; {} against {})",
            series.name,
            series.points.len(),
            series.y_label,
            series.x_label
        );
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// Validated inputs: every key known, every value of the right kind and in range, defaults
/// filled in.
pub(crate) struct Inputs {
    pub values: BTreeMap<String, InputValue>,
    pub given: BTreeSet<String>,
}

impl Inputs {
    /// A number input (0 if absent, which validation rules out for non-optional inputs).
    pub(crate) fn n(&self, key: &str) -> f64 {
        self.opt_n(key).unwrap_or(0.0)
    }

    /// An optional number input.
    pub(crate) fn opt_n(&self, key: &str) -> Option<f64> {
        self.values.get(key).and_then(InputValue::as_f64)
    }

    /// A boolean input.
    pub(crate) fn flag(&self, key: &str) -> bool {
        matches!(self.values.get(key), Some(InputValue::Bool(true)))
    }

    /// A choice input.
    pub(crate) fn word(&self, key: &str) -> &str {
        match self.values.get(key) {
            Some(InputValue::Text(t)) => t,
            _ => "",
        }
    }

    /// True when the caller gave this input (rather than it taking its default).
    pub(crate) fn given(&self, key: &str) -> bool {
        self.given.contains(key)
    }
}

fn range_text(spec: &InputSpec) -> String {
    match &spec.kind {
        InputKind::Number { min, max, step } => {
            let whole = if *step == 1.0 { "a whole number " } else { "" };
            let unit = if spec.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", spec.unit)
            };
            format!("{whole}from {} to {}{unit}", fmt_plain(*min), fmt_plain(*max))
        }
        InputKind::Bool => "true or false".to_string(),
        InputKind::Choice(c) => format!("one of {}", c.join(", ")),
    }
}

fn validate(spec: &ModelInfo, raw: &BTreeMap<String, InputValue>) -> Result<Inputs> {
    let sim = spec.name;
    let mut errors = Vec::new();
    let keys: Vec<&str> = spec.inputs.iter().map(|i| i.key).collect();
    for key in raw.keys() {
        if !keys.contains(&key.as_str()) {
            let hint = closest(key, keys.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            errors.push(format!(
                "unknown input `{key}` for {sim}; {hint}valid inputs: {}",
                keys.join(", ")
            ));
        }
    }
    let mut values = BTreeMap::new();
    let mut given = BTreeSet::new();
    for input in &spec.inputs {
        let key = input.key;
        let Some(v) = raw.get(key) else {
            match &input.default {
                Some(d) => {
                    values.insert(key.to_string(), d.clone());
                }
                None if input.optional => {}
                None => errors.push(format!(
                    "missing required input `{key}` for {sim} ({}; {})",
                    range_text(input),
                    input.help
                )),
            }
            continue;
        };
        let shown = v.describe();
        let ok = match (&input.kind, v) {
            (InputKind::Number { min, max, step }, InputValue::Number(n)) => {
                if !n.is_finite() {
                    errors.push(format!(
                        "input `{key}` = {shown} is not a finite number; valid range is {}",
                        range_text(input)
                    ));
                    false
                } else if *n < *min || *n > *max {
                    errors.push(format!(
                        "input `{key}` = {shown} is out of range; valid range is {}",
                        range_text(input)
                    ));
                    false
                } else if *step == 1.0 && n.fract() != 0.0 {
                    errors.push(format!(
                        "input `{key}` = {shown} must be a whole number; valid range is {}",
                        range_text(input)
                    ));
                    false
                } else {
                    true
                }
            }
            (InputKind::Bool, InputValue::Bool(_)) => true,
            (InputKind::Choice(choices), InputValue::Text(t)) => {
                if choices.contains(&t.as_str()) {
                    true
                } else {
                    let hint = closest(t, choices.iter().copied())
                        .map(|k| format!(" (did you mean {k}?)"))
                        .unwrap_or_default();
                    errors.push(format!(
                        "input `{key}` = {shown} is not valid; choose one of: {}{hint} [{}]",
                        choices.join(", "),
                        input.help
                    ));
                    false
                }
            }
            (kind, _) => {
                let expected = match kind {
                    InputKind::Number { .. } => "a number",
                    InputKind::Bool => "true or false",
                    InputKind::Choice(_) => "a word",
                };
                errors.push(format!(
                    "input `{key}` = {shown} has the wrong type: expected {expected}, valid values are {}",
                    range_text(input)
                ));
                false
            }
        };
        if ok {
            values.insert(key.to_string(), v.clone());
            given.insert(key.to_string());
        }
    }
    if errors.is_empty() {
        Ok(Inputs { values, given })
    } else {
        Err(Error::InvalidInput(errors.join("; ")))
    }
}

/// A cross-input check failed: name the key, its value and what it must be.
pub(crate) fn bad_input(key: &str, value: f64, rule: String) -> Error {
    Error::InvalidInput(format!(
        "input `{key}` = {} is out of range; {rule}",
        fmt_plain(value)
    ))
}

/// The closest of `candidates` to `word` by edit distance, if reasonably close.
pub(crate) fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .map(|c| (levenshtein(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------------------------
// Spec builders and output helpers used by the models
// ---------------------------------------------------------------------------------------------

pub(crate) fn num_in(
    key: &'static str,
    unit: &'static str,
    (min, max, step): (f64, f64, f64),
    default: Option<f64>,
    help: &'static str,
) -> InputSpec {
    InputSpec {
        key,
        unit,
        kind: InputKind::Number { min, max, step },
        default: default.map(InputValue::Number),
        help,
        optional: false,
    }
}

pub(crate) fn optional(mut spec: InputSpec) -> InputSpec {
    spec.optional = true;
    spec.default = None;
    spec
}

pub(crate) fn choice_in(
    key: &'static str,
    choices: &'static [&'static str],
    default: Option<&str>,
    help: &'static str,
) -> InputSpec {
    InputSpec {
        key,
        unit: "",
        kind: InputKind::Choice(choices),
        default: default.map(InputValue::from),
        help,
        optional: false,
    }
}

pub(crate) fn flag_in(key: &'static str, default: Option<bool>, help: &'static str) -> InputSpec {
    InputSpec {
        key,
        unit: "",
        kind: InputKind::Bool,
        default: default.map(InputValue::Bool),
        help,
        optional: false,
    }
}

pub(crate) fn out(key: &'static str, unit: &'static str, help: &'static str) -> OutputSpec {
    OutputSpec { key, unit, help }
}

/// Outputs under construction.
#[derive(Default)]
pub(crate) struct Outputs(pub BTreeMap<String, Value>);

impl Outputs {
    pub(crate) fn num(&mut self, key: &str, x: f64) -> &mut Self {
        self.0.insert(key.to_string(), number_json(x));
        self
    }
    pub(crate) fn opt_num(&mut self, key: &str, x: Option<f64>) -> &mut Self {
        self.0
            .insert(key.to_string(), x.map(number_json).unwrap_or(Value::Null));
        self
    }
    pub(crate) fn set(&mut self, key: &str, v: Value) -> &mut Self {
        self.0.insert(key.to_string(), v);
        self
    }
}

/// A number as JSON: whole numbers as integers, others rounded to 12 significant digits (to
/// hide binary floating-point noise such as 0.30000000000000004).
pub(crate) fn number_json(x: f64) -> Value {
    let x = round_sig(x);
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

/// Round to 12 significant digits.
pub(crate) fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 { 0.0 } else { x };
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Round up, forgiving floating-point noise just above a whole number (so 8.000000000001 KB
/// of 4 KB chunks is 2, not 3). Never returns -0.
pub(crate) fn ceil_eps(x: f64) -> f64 {
    let r = (x - 1e-9 * x.abs().max(1.0)).ceil();
    if r <= 0.0 {
        0.0
    } else {
        r
    }
}

/// A number for messages, exact: `10240`, `0.0000166667`, `2.5`.
pub(crate) fn fmt_plain(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let r = round_sig(x);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// A number for people: thousands separators, at most 4 decimals (more for tiny values).
pub(crate) fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let r = round_sig(x);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        return group(&format!("{}", r as i64));
    }
    let s = if r.abs() >= 1.0 {
        format!("{r:.4}")
    } else {
        // Four significant digits for small values.
        let digits = (-r.abs().log10().floor()) as usize + 3;
        format!("{r:.digits$}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    match s.split_once('.') {
        Some((int, frac)) => format!("{}.{frac}", group(int)),
        None => group(&s),
    }
}

/// Money: `$2.51`, `$0.0042` for small amounts.
pub(crate) fn fmt_usd(x: f64) -> String {
    if x.abs() >= 0.01 || x == 0.0 {
        let s = format!("{:.2}", x.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
        format!("{}${}.{frac}", if x < 0.0 { "-" } else { "" }, group(int))
    } else {
        format!("${}", fmt_num(x))
    }
}

fn group(int: &str) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Build an inputs map from pairs (used by exercise generators and tests).
pub(crate) fn inputs_of(pairs: &[(&str, InputValue)]) -> BTreeMap<String, InputValue> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// The most recent previous value of a fact, if the fact base records one.
pub(crate) fn previous_value(facts: &FactBase, id: &str) -> Option<f64> {
    facts.get(id).and_then(|f| f.previous.last()).map(|p| p.value)
}
