//! Tests across the models: the facade, validation messages, parsing, claims, exercises, the
//! catalog's consistency with the fact base, and properties.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use super::*;

/// The simulator fact fixture (`tests/fixtures/facts.toml`).
pub(crate) fn facts() -> FactBase {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/facts.toml");
    FactBase::load(&path).expect("fixture facts load")
}

/// Run a model, panicking with the error on failure.
pub(crate) fn run_with(facts: &FactBase, name: &str, pairs: &[(&str, InputValue)]) -> SimResult {
    run(name, &inputs_of(pairs), facts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A numeric output.
pub(crate) fn num_out(r: &SimResult, key: &str) -> f64 {
    r.outputs.get(key).and_then(Value::as_f64).unwrap_or_else(|| {
        panic!(
            "{}: output {key} is not a number: {:?}",
            r.sim,
            r.outputs.get(key)
        )
    })
}

fn err_of(name: &str, pairs: &[(&str, InputValue)]) -> String {
    match run(name, &inputs_of(pairs), &facts()) {
        Ok(r) => panic!("{name} accepted {pairs:?}: {:?}", r.outputs),
        Err(e) => {
            assert_eq!(e.kind(), "invalid_input", "{e}");
            e.to_string()
        }
    }
}

/// Minimal valid inputs for every model (its required keys).
fn sample(name: &str) -> Vec<(&'static str, InputValue)> {
    match name {
        "dynamodb-capacity" | "dynamodb-cost" => vec![
            ("reads_per_second", 10.0.into()),
            ("writes_per_second", 5.0.into()),
            ("item_size_kb", 3.0.into()),
        ],
        "dynamodb-partitions" => vec![("rcu", 4000.0.into())],
        "lambda-cost" => vec![
            ("requests_per_month", 3e6.into()),
            ("avg_duration_ms", 120.0.into()),
        ],
        "lambda-concurrency" => vec![
            ("requests_per_second", 50.0.into()),
            ("avg_duration_ms", 300.0.into()),
        ],
        "lambda-fit" => vec![],
        "apigw-throttle" => vec![("steady_rps", 500.0.into())],
        "retry-schedule" => vec![],
        "sqs-lambda" => vec![
            ("function_timeout_seconds", 30.0.into()),
            ("messages_per_second", 100.0.into()),
            ("avg_duration_ms", 500.0.into()),
        ],
        "kinesis-shards" => vec![
            ("ingest_mb_per_second", 2.0.into()),
            ("records_per_second", 1500.0.into()),
        ],
        other => panic!("no sample for {other}"),
    }
}

const NAMES: &[&str] = &[
    "dynamodb-capacity",
    "dynamodb-partitions",
    "dynamodb-cost",
    "lambda-cost",
    "lambda-concurrency",
    "lambda-fit",
    "apigw-throttle",
    "retry-schedule",
    "sqs-lambda",
    "kinesis-shards",
];

// ---------------------------------------------------------------------------------------------
// Catalog and facts
// ---------------------------------------------------------------------------------------------

#[test]
fn catalog_has_every_model_with_its_interface_keys() {
    let cat = catalog();
    let names: Vec<&str> = cat.iter().map(|m| m.name).collect();
    assert_eq!(names, NAMES);
    let keys = |name: &str| -> Vec<&str> {
        cat.iter()
            .find(|m| m.name == name)
            .unwrap()
            .inputs
            .iter()
            .map(|i| i.key)
            .collect()
    };
    let must = [
        (
            "dynamodb-capacity",
            &[
                "reads_per_second",
                "writes_per_second",
                "item_size_kb",
                "read_consistency",
                "write_mode",
            ][..],
        ),
        ("dynamodb-partitions", &["rcu", "wcu", "size_gb"]),
        (
            "dynamodb-cost",
            &[
                "reads_per_second",
                "writes_per_second",
                "item_size_kb",
                "read_consistency",
                "hours_per_month",
                "region",
            ],
        ),
        (
            "lambda-cost",
            &[
                "requests_per_month",
                "avg_duration_ms",
                "memory_mb",
                "architecture",
                "ephemeral_storage_mb",
                "free_tier",
            ],
        ),
        (
            "lambda-concurrency",
            &[
                "requests_per_second",
                "avg_duration_ms",
                "account_limit",
                "reserved_concurrency",
                "provisioned_concurrency",
                "invocation",
                "spike_rps",
                "spike_seconds",
                "seed",
                "simulated_seconds",
            ],
        ),
        (
            "lambda-fit",
            &[
                "memory_mb",
                "duration_seconds",
                "tmp_mb",
                "package_zip_mb",
                "package_unzipped_mb",
                "env_vars_kb",
            ],
        ),
        (
            "apigw-throttle",
            &[
                "steady_rps",
                "spike_rps",
                "spike_seconds",
                "rate_limit_rps",
                "burst",
                "total_seconds",
            ],
        ),
        (
            "retry-schedule",
            &[
                "interval_seconds",
                "backoff_rate",
                "max_attempts",
                "preset",
                "max_delay_seconds",
                "jitter",
            ],
        ),
        (
            "sqs-lambda",
            &[
                "function_timeout_seconds",
                "batch_size",
                "messages_per_second",
                "avg_duration_ms",
                "batch_window_seconds",
            ],
        ),
        (
            "kinesis-shards",
            &[
                "ingest_mb_per_second",
                "records_per_second",
                "consumers",
                "enhanced_fan_out",
            ],
        ),
    ];
    for (name, wanted) in must {
        let have = keys(name);
        for k in wanted {
            assert!(have.contains(k), "{name} lacks input {k}");
        }
    }
    // Defaults the issue fixes.
    let lc = info("lambda-concurrency").unwrap();
    let account = lc.inputs.iter().find(|i| i.key == "account_limit").unwrap();
    assert_eq!(account.default, Some(InputValue::Number(1000.0)));
    let ag = info("apigw-throttle").unwrap();
    assert_eq!(
        ag.inputs
            .iter()
            .find(|i| i.key == "rate_limit_rps")
            .unwrap()
            .default,
        Some(10000.0.into())
    );
    assert_eq!(
        ag.inputs.iter().find(|i| i.key == "burst").unwrap().default,
        Some(5000.0.into())
    );
    // Serialises for the UI.
    let json = serde_json::to_value(&cat).unwrap();
    assert_eq!(
        json[3]["inputs"][3]["kind"]["choice"],
        serde_json::json!(["x86_64", "arm64"])
    );
}

#[test]
fn unknown_model_lists_known_names() {
    let e = info("lambda-costs").unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
    let msg = e.to_string();
    assert!(msg.contains("did you mean `lambda-cost`"), "{msg}");
    assert!(
        msg.contains("kinesis-shards") && msg.contains("dynamodb-capacity"),
        "{msg}"
    );
}

#[test]
fn fallback_snapshot_matches_the_fact_fixture_and_the_id_list() {
    let f = facts();
    let fallback_ids: Vec<&str> = FALLBACK_FACTS.iter().map(|(k, _)| *k).collect();
    assert_eq!(fallback_ids, FACT_IDS);
    for (id, v) in FALLBACK_FACTS {
        assert_eq!(f.number(id).unwrap(), *v, "{id}");
    }
    // Every id in the fixture is one the simulators read, and vice versa.
    let fixture_ids: Vec<&str> = f.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(fixture_ids, FACT_IDS);
    assert_eq!(catalog_with_facts(&f).unwrap(), catalog());
}

#[test]
fn a_missing_fact_is_reported_by_id() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/facts.toml"))
            .unwrap();
    let cut = text.replace(
        "id = \"lambda.price.gb_second_x86\"",
        "id = \"lambda.price.gb_second_x86_old\"",
    );
    let f = FactBase::parse(&cut, "facts.toml").unwrap();
    let e = run("lambda-cost", &inputs_of(&sample("lambda-cost")), &f).unwrap_err();
    assert_eq!(e.kind(), "not_found");
    assert!(e.to_string().contains("lambda.price.gb_second_x86"), "{e}");
}

#[test]
fn prices_follow_the_fact_base() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/facts.toml"))
            .unwrap();
    let doubled = text.replace("value = 0.20\n", "value = 0.40\n");
    let f = FactBase::parse(&doubled, "facts.toml").unwrap();
    let pairs = [
        ("requests_per_month", 3e6.into()),
        ("avg_duration_ms", 1.0.into()),
    ];
    let r = run("lambda-cost", &inputs_of(&pairs), &f).unwrap();
    assert!((num_out(&r, "request_cost_usd") - 0.80).abs() < 1e-12);
}

#[test]
fn every_model_runs_and_fills_every_declared_output_and_input() {
    let f = facts();
    for name in NAMES {
        let r = run_with(&f, name, &sample(name));
        let spec = info_with_facts(name, &f).unwrap();
        for o in &spec.outputs {
            assert!(r.outputs.contains_key(o.key), "{name}: output {} missing", o.key);
        }
        for k in r.outputs.keys() {
            assert!(
                spec.outputs.iter().any(|o| o.key == k),
                "{name}: undeclared output {k}"
            );
        }
        for i in spec.inputs.iter().filter(|i| !i.optional) {
            assert!(
                r.inputs.contains_key(i.key),
                "{name}: input {} not in result",
                i.key
            );
        }
        assert!(!r.explanation.is_empty());
        // JSON shape for `coldstart sim NAME --json`.
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["sim"], *name);
        assert!(json["inputs"].is_object() && json["outputs"].is_object() && json["explanation"].is_string());
        // Text for the CLI.
        let text = format_text(&r);
        assert!(text.starts_with(name), "{text}");
    }
}

#[test]
fn integral_numbers_serialise_as_integers() {
    let f = facts();
    let r = run_with(
        &f,
        "dynamodb-capacity",
        &[("writes_per_second", 10.0.into()), ("item_size_kb", 2.0.into())],
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"wcu\":20,"), "{json}");
    assert!(json.contains("\"writes_per_second\":10"), "{json}");
    assert!(json.contains("\"item_size_kb\":2"), "{json}");
}

// ---------------------------------------------------------------------------------------------
// Invalid input
// ---------------------------------------------------------------------------------------------

#[test]
fn out_of_range_names_key_value_and_range() {
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1e6.into()),
            ("avg_duration_ms", 100.0.into()),
            ("memory_mb", 20000.0.into()),
        ],
    );
    assert!(
        e.contains("memory_mb") && e.contains("20000") && e.contains("from 128 to 10240 MB"),
        "{e}"
    );
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1e6.into()),
            ("avg_duration_ms", 100.0.into()),
            ("ephemeral_storage_mb", 256.0.into()),
        ],
    );
    assert!(
        e.contains("ephemeral_storage_mb") && e.contains("256") && e.contains("512 to 10240"),
        "{e}"
    );
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1e6.into()),
            ("avg_duration_ms", 1e6.into()),
        ],
    );
    assert!(
        e.contains("avg_duration_ms") && e.contains("1000000") && e.contains("0 to 900000 ms"),
        "{e}"
    );
    let e = err_of("dynamodb-capacity", &[("item_size_kb", 401.0.into())]);
    assert!(
        e.contains("item_size_kb") && e.contains("401") && e.contains("400 KB"),
        "{e}"
    );
    let e = err_of("dynamodb-partitions", &[("rcu", (-5.0).into())]);
    assert!(
        e.contains("rcu") && e.contains("-5") && e.contains("from 0 to"),
        "{e}"
    );
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1.5.into()),
            ("avg_duration_ms", 1.0.into()),
        ],
    );
    assert!(
        e.contains("requests_per_month") && e.contains("1.5") && e.contains("whole number"),
        "{e}"
    );
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", f64::NAN.into()),
            ("avg_duration_ms", 1.0.into()),
        ],
    );
    assert!(
        e.contains("requests_per_month") && e.contains("NaN") && e.contains("finite"),
        "{e}"
    );
}

#[test]
fn wrong_type_names_key_value_and_what_is_expected() {
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", "lots".into()),
            ("avg_duration_ms", 1.0.into()),
        ],
    );
    assert!(
        e.contains("requests_per_month") && e.contains("\"lots\"") && e.contains("expected a number"),
        "{e}"
    );
    assert!(e.contains("from 0 to"), "{e}");
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1.0.into()),
            ("avg_duration_ms", 1.0.into()),
            ("free_tier", 1.0.into()),
        ],
    );
    assert!(
        e.contains("free_tier") && e.contains("= 1") && e.contains("true or false"),
        "{e}"
    );
    let e = err_of(
        "dynamodb-capacity",
        &[("item_size_kb", 1.0.into()), ("read_consistency", true.into())],
    );
    assert!(
        e.contains("read_consistency") && e.contains("eventual, strong, transactional"),
        "{e}"
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    let e = err_of(
        "dynamodb-capacity",
        &[("item_size_kb", 1.0.into()), ("item_size", 2.0.into())],
    );
    assert!(
        e.contains("unknown input `item_size`") && e.contains("did you mean `item_size_kb`"),
        "{e}"
    );
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1.0.into()),
            ("avg_duration_ms", 1.0.into()),
            ("memory", 512.0.into()),
        ],
    );
    assert!(e.contains("did you mean `memory_mb`"), "{e}");
}

#[test]
fn missing_required_key_is_named_with_its_range() {
    let e = err_of("lambda-cost", &[("avg_duration_ms", 10.0.into())]);
    assert!(
        e.contains("missing required input `requests_per_month`") && e.contains("from 0 to"),
        "{e}"
    );
    // Several problems are all reported.
    let e = err_of("sqs-lambda", &[]);
    for k in [
        "function_timeout_seconds",
        "messages_per_second",
        "avg_duration_ms",
    ] {
        assert!(e.contains(k), "{e}");
    }
}

#[test]
fn bad_choice_lists_the_choices() {
    let e = err_of(
        "lambda-cost",
        &[
            ("requests_per_month", 1.0.into()),
            ("avg_duration_ms", 1.0.into()),
            ("architecture", "x86".into()),
        ],
    );
    assert!(
        e.contains("architecture") && e.contains("\"x86\"") && e.contains("x86_64, arm64"),
        "{e}"
    );
    assert!(e.contains("did you mean x86_64"), "{e}");
    let e = err_of("retry-schedule", &[("preset", "lambda".into())]);
    assert!(e.contains("custom, step-functions-default, lambda-async"), "{e}");
}

#[test]
fn validation_uses_the_fact_base_ranges() {
    // Raising the memory limit in the facts raises the valid range.
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/facts.toml"))
            .unwrap();
    let raised = text.replace("value = 10240\nunit = \"MB\"\nas_of = \"2026-11\"\nsource = \"https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\"\nprevious = [{ value = 3008", "value = 20480\nunit = \"MB\"\nas_of = \"2026-11\"\nsource = \"https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\"\nprevious = [{ value = 3008");
    assert_ne!(raised, text);
    let f = FactBase::parse(&raised, "facts.toml").unwrap();
    let pairs = [
        ("requests_per_month", 1.0.into()),
        ("avg_duration_ms", 1.0.into()),
        ("memory_mb", 16384.0.into()),
    ];
    assert!(run("lambda-cost", &inputs_of(&pairs), &f).is_ok());
    assert!(run("lambda-cost", &inputs_of(&pairs), &facts()).is_err());
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

#[test]
fn parse_cell_reads_toml_lines() {
    let body = "# the design example\nwrites_per_second = 6\nitem_size_kb = 4.5\nread_consistency = \"strong\"\nfree = true\n";
    let m = parse_cell(body).unwrap();
    assert_eq!(m["writes_per_second"], InputValue::Number(6.0));
    assert_eq!(m["item_size_kb"], InputValue::Number(4.5));
    assert_eq!(m["read_consistency"], InputValue::Text("strong".into()));
    assert_eq!(m["free"], InputValue::Bool(true));
    assert!(parse_cell("").unwrap().is_empty());
}

#[test]
fn parse_cell_errors_name_the_line() {
    let e = parse_cell("writes_per_second = 6\nitem_size_kb = = 4\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2"), "{e}");
    let e = parse_cell("a = 1\nb = [1, 2]\n").unwrap_err().to_string();
    assert!(
        e.contains("line 2") && e.contains("`b`") && e.contains("array"),
        "{e}"
    );
    let e = parse_cell("a = 1\na = 2\n").unwrap_err().to_string();
    assert!(e.contains("line 2"), "{e}");
}

#[test]
fn parse_kv_args_types_values() {
    let args: Vec<String> = [
        "memory_mb=512",
        "free_tier=false",
        "architecture=arm64",
        "requests_per_month=1_000_000",
        "x=1,500",
        "y=1e6",
        "z=-2.5",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let m = parse_kv_args(&args).unwrap();
    assert_eq!(m["memory_mb"], InputValue::Number(512.0));
    assert_eq!(m["free_tier"], InputValue::Bool(false));
    assert_eq!(m["architecture"], InputValue::Text("arm64".into()));
    assert_eq!(m["requests_per_month"], InputValue::Number(1e6));
    assert_eq!(m["x"], InputValue::Number(1500.0));
    assert_eq!(m["y"], InputValue::Number(1e6));
    assert_eq!(m["z"], InputValue::Number(-2.5));
    let e = parse_kv_args(&["memory_mb".to_string()]).unwrap_err().to_string();
    assert!(e.contains("memory_mb") && e.contains("key=value"), "{e}");
    let e = parse_kv_args(&["a=1".to_string(), "a=2".to_string()])
        .unwrap_err()
        .to_string();
    assert!(e.contains("`a`") && e.contains("more than once"), "{e}");
    assert!(parse_kv_args(&["=3".to_string()]).is_err());
}

#[test]
fn input_values_round_trip_through_json() {
    let m: BTreeMap<String, InputValue> =
        serde_json::from_str(r#"{"a": 5, "b": true, "c": "arm64", "d": 2.5}"#).unwrap();
    assert_eq!(m["a"], InputValue::Number(5.0));
    assert_eq!(m["b"], InputValue::Bool(true));
    assert_eq!(m["c"], InputValue::Text("arm64".into()));
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"a":5,"b":true,"c":"arm64","d":2.5}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------------

#[test]
fn right_claims_hold_and_wrong_ones_show_the_computed_value() {
    let f = facts();
    let inputs = inputs_of(&[
        ("reads_per_second", 10.0.into()),
        ("item_size_kb", 6.0.into()),
        ("read_consistency", "strong".into()),
    ]);
    let c = check_claim("dynamodb-capacity", &inputs, "rcu", 20.0, &f).unwrap();
    assert!(c.holds, "{}", c.explanation);
    assert_eq!(c.computed, 20.0);
    let c = check_claim("dynamodb-capacity", &inputs, "rcu", 15.0, &f).unwrap();
    assert!(!c.holds);
    assert_eq!(c.computed, 20.0);
    assert!(
        c.explanation.contains("15") && c.explanation.contains("computes 20"),
        "{}",
        c.explanation
    );

    // Money: $2.51 for $2.50833675 holds (rounding), $2.52 does not, nor $9.38 (no free tier).
    let inputs = inputs_of(&[
        ("requests_per_month", 5e6.into()),
        ("avg_duration_ms", 200.4.into()),
        ("memory_mb", 512.0.into()),
    ]);
    assert!(
        check_claim("lambda-cost", &inputs, "total_cost_usd", 2.51, &f)
            .unwrap()
            .holds
    );
    assert!(
        check_claim("lambda-cost", &inputs, "total_cost_usd", 2.5, &f)
            .unwrap()
            .holds
    );
    let c = check_claim("lambda-cost", &inputs, "total_cost_usd", 9.38, &f).unwrap();
    assert!(
        !c.holds && c.explanation.contains("2.50833675"),
        "{}",
        c.explanation
    );
    // Small money uses the absolute tolerance: $0.004 for $0 holds.
    let free = inputs_of(&[
        ("requests_per_month", 1e5.into()),
        ("avg_duration_ms", 10.0.into()),
    ]);
    assert!(
        check_claim("lambda-cost", &free, "total_cost_usd", 0.004, &f)
            .unwrap()
            .holds
    );
    // Relative 0.5% for other units.
    let conc = inputs_of(&[
        ("requests_per_second", 1000.0.into()),
        ("avg_duration_ms", 250.0.into()),
    ]);
    assert!(
        check_claim("lambda-concurrency", &conc, "concurrency_needed", 251.0, &f)
            .unwrap()
            .holds
    );
    assert!(
        !check_claim("lambda-concurrency", &conc, "concurrency_needed", 252.0, &f)
            .unwrap()
            .holds
    );
    // Booleans are 1 / 0.
    assert!(
        check_claim("lambda-fit", &inputs_of(&[]), "fits", 1.0, &f)
            .unwrap()
            .holds
    );
}

#[test]
fn claims_about_unknown_or_non_numeric_outputs_are_errors() {
    let f = facts();
    let inputs = inputs_of(&[("item_size_kb", 1.0.into())]);
    let e = check_claim("dynamodb-capacity", &inputs, "rcus", 1.0, &f)
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean `rcu`"), "{e}");
    let e = check_claim(
        "retry-schedule",
        &inputs_of(&[]),
        "attempt_times_seconds",
        1.0,
        &f,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("not a single number"), "{e}");
    let e = check_claim(
        "lambda-concurrency",
        &inputs_of(&sample("lambda-concurrency")),
        "async_retry_attempts",
        2.0,
        &f,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("does not apply"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Exercises
// ---------------------------------------------------------------------------------------------

#[test]
fn every_model_makes_stable_exercises_with_named_distractors() {
    let f = facts();
    for name in NAMES {
        let ex = exercises(name, 42, 12, &f).unwrap();
        assert_eq!(ex.len(), 12);
        let again = exercises(name, 42, 3, &f).unwrap();
        assert_eq!(
            &ex[..3],
            &again[..],
            "{name}: exercise i must not depend on count"
        );
        let prompts: std::collections::BTreeSet<&str> = ex.iter().map(|e| e.prompt.as_str()).collect();
        assert!(
            prompts.len() >= 8,
            "{name}: only {} distinct prompts in 12",
            prompts.len()
        );
        let other = exercises(name, 43, 12, &f).unwrap();
        assert_ne!(ex, other, "{name}: seeds differ");
        for (i, e) in ex.iter().enumerate() {
            assert_eq!(e.id, format!("{name}:42:{i}"));
            assert_eq!(e.sim, *name);
            assert!(
                e.prompt.chars().any(|c| c.is_ascii_digit()),
                "{name}: {}",
                e.prompt
            );
            assert!(e.prompt.ends_with('?'), "{name}: {}", e.prompt);
            // The answer is what the model computes for the stored inputs.
            let r = run(name, &e.inputs, &f).unwrap();
            assert_eq!(num_out(&r, &e.output), e.answer);
            assert!(
                check_claim(name, &e.inputs, &e.output, e.answer, &f)
                    .unwrap()
                    .holds
            );
            assert!(!e.working.is_empty());
            assert!(e.tolerance > 0.0);
            assert!(
                !e.distractors.is_empty(),
                "{name}: {} has no distractors",
                e.prompt
            );
            for (v, why) in &e.distractors {
                assert!(
                    (v - e.answer).abs() > e.tolerance,
                    "{name}: distractor {v} ({why}) equals answer {}",
                    e.answer
                );
                assert!(!why.is_empty());
                assert!(!check_claim(name, &e.inputs, &e.output, *v, &f).unwrap().holds);
            }
        }
    }
}

#[test]
fn exercise_distractors_name_the_typical_mistakes() {
    let f = facts();
    let all: Vec<Exercise> = NAMES
        .iter()
        .flat_map(|n| exercises(n, 7, 30, &f).unwrap())
        .collect();
    let reasons: Vec<&str> = all
        .iter()
        .flat_map(|e| e.distractors.iter().map(|d| d.1.as_str()))
        .collect();
    for expected in ["round", "free tier", "transactional", "burst"] {
        assert!(
            reasons.iter().any(|r| r.contains(expected)),
            "no distractor mentions {expected}"
        );
    }
}

#[test]
fn exercises_for_an_unknown_model_fail() {
    assert!(exercises("nope", 1, 1, &facts()).is_err());
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

#[test]
fn format_text_aligns_outputs_with_units() {
    let f = facts();
    let r = run_with(
        &f,
        "lambda-cost",
        &[
            ("requests_per_month", 5e6.into()),
            ("avg_duration_ms", 200.4.into()),
            ("memory_mb", 512.0.into()),
        ],
    );
    let text = format_text(&r);
    assert!(text.contains("  billed_duration_ms   201 ms\n"), "{text}");
    assert!(text.contains("  total_cost_usd       $2.51\n"), "{text}");
    assert!(text.contains("  gb_seconds           502,500 GB-s\n"), "{text}");
    assert!(text.contains("Total: $2.51 per month."), "{text}");
    let r = run_with(&f, "lambda-fit", &[("memory_mb", 12288.0.into())]);
    let text = format_text(&r);
    assert!(
        text.contains("  violations       memory 12,288 MB is above the maximum 10,240 MB\n"),
        "{text}"
    );
    let r = run_with(&f, "retry-schedule", &[]);
    let text = format_text(&r);
    assert!(text.contains("attempt_times_seconds  [1, 3, 7] s"), "{text}");
}

#[test]
fn number_formatting() {
    assert_eq!(fmt_num(1234567.0), "1,234,567");
    assert_eq!(fmt_num(2.50833675), "2.5083");
    assert_eq!(fmt_num(0.0000166667), "0.00001667");
    assert_eq!(fmt_num(-1500.5), "-1,500.5");
    assert_eq!(fmt_usd(1234.5), "$1,234.50");
    assert_eq!(fmt_usd(0.0042), "$0.0042");
    assert_eq!(fmt_plain(0.1 + 0.2), "0.3");
    assert_eq!(number_json(0.1 + 0.2), serde_json::json!(0.3));
    assert_eq!(ceil_eps(8.000000000001), 8.0);
    assert_eq!(ceil_eps(8.01), 9.0);
    assert_eq!(ceil_eps(-0.0), 0.0);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn cap(f: &FactBase, reads: f64, writes: f64, size: f64, consistency: &str, mode: &str) -> (f64, f64) {
    let r = run_with(
        f,
        "dynamodb-capacity",
        &[
            ("reads_per_second", reads.into()),
            ("writes_per_second", writes.into()),
            ("item_size_kb", size.into()),
            ("read_consistency", consistency.into()),
            ("write_mode", mode.into()),
        ],
    );
    (num_out(&r, "rcu"), num_out(&r, "wcu"))
}

fn lambda_total(f: &FactBase, requests: f64, ms: f64, mem: f64, arm: bool, free: bool) -> f64 {
    let r = run_with(
        f,
        "lambda-cost",
        &[
            ("requests_per_month", requests.into()),
            ("avg_duration_ms", ms.into()),
            ("memory_mb", mem.into()),
            ("architecture", (if arm { "arm64" } else { "x86_64" }).into()),
            ("free_tier", free.into()),
        ],
    );
    num_out(&r, "total_cost_usd")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn capacity_never_decreases_as_size_or_rate_grows(
        reads in 0.0f64..5000.0,
        writes in 0.0f64..5000.0,
        size in 0.001f64..200.0,
        more_size in 0.0f64..200.0,
        more_rate in 0.0f64..5000.0,
        consistency in prop::sample::select(vec!["eventual", "strong", "transactional"]),
        mode in prop::sample::select(vec!["standard", "transactional"]),
    ) {
        let f = facts();
        let (r0, w0) = cap(&f, reads, writes, size, consistency, mode);
        let (r1, w1) = cap(&f, reads, writes, size + more_size, consistency, mode);
        let (r2, w2) = cap(&f, reads + more_rate, writes + more_rate, size, consistency, mode);
        prop_assert!(r1 >= r0 && w1 >= w0);
        prop_assert!(r2 >= r0 && w2 >= w0);
        // Stronger consistency never costs less.
        let (ev, _) = cap(&f, reads, writes, size, "eventual", mode);
        let (st, _) = cap(&f, reads, writes, size, "strong", mode);
        let (tx, _) = cap(&f, reads, writes, size, "transactional", mode);
        prop_assert!(ev <= st && st <= tx);
    }

    #[test]
    fn partitions_never_decrease_as_capacity_or_size_grows(
        rcu in 0u32..100_000, wcu in 0u32..50_000, size in 0.0f64..5000.0, more in 0u32..10_000,
    ) {
        let f = facts();
        let p = |rcu: u32, wcu: u32, size: f64| {
            let r = run_with(&f, "dynamodb-partitions", &[("rcu", f64::from(rcu).into()), ("wcu", f64::from(wcu).into()), ("size_gb", size.into())]);
            num_out(&r, "partitions")
        };
        let base = p(rcu, wcu, size);
        prop_assert!(base >= 1.0);
        prop_assert!(p(rcu + more, wcu, size) >= base);
        prop_assert!(p(rcu, wcu + more, size) >= base);
        prop_assert!(p(rcu, wcu, size + f64::from(more)) >= base);
    }

    #[test]
    fn lambda_cost_is_monotonic_in_requests_and_duration(
        requests in 0u64..200_000_000,
        more_requests in 0u64..50_000_000,
        ms in 0.0f64..60_000.0,
        more_ms in 0.0f64..10_000.0,
        mem in 128u32..=10240,
        arm in any::<bool>(),
        free in any::<bool>(),
    ) {
        let f = facts();
        let (req, mem) = (requests as f64, f64::from(mem));
        let base = lambda_total(&f, req, ms, mem, arm, free);
        prop_assert!(base >= 0.0);
        prop_assert!(lambda_total(&f, req + more_requests as f64, ms, mem, arm, free) >= base);
        prop_assert!(lambda_total(&f, req, ms + more_ms, mem, arm, free) >= base);
        // The free tier never makes it dearer; Arm is never dearer than x86.
        prop_assert!(lambda_total(&f, req, ms, mem, arm, true) <= lambda_total(&f, req, ms, mem, arm, false));
        prop_assert!(lambda_total(&f, req, ms, mem, true, free) <= lambda_total(&f, req, ms, mem, false, free));
    }

    #[test]
    fn apigw_accepts_plus_throttled_equals_offered_and_more_burst_never_hurts(
        steady in 0.0f64..20_000.0, spike in 0.0f64..50_000.0, secs in 0u32..30, burst in 0u32..20_000,
    ) {
        let f = facts();
        let go = |burst: f64| {
            run_with(&f, "apigw-throttle", &[("steady_rps", steady.into()), ("spike_rps", spike.into()), ("spike_seconds", f64::from(secs).into()), ("burst", burst.into())])
        };
        let r = go(f64::from(burst));
        let (o, a, t) = (num_out(&r, "offered"), num_out(&r, "accepted"), num_out(&r, "throttled_429"));
        prop_assert!((a + t - o).abs() <= 1e-6 * o.max(1.0));
        prop_assert!(num_out(&go(f64::from(burst) + 1000.0), "throttled_429") <= t + 1e-6);
    }
}
