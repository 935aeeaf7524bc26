//! `lambda-fit`: does a function configuration fit Lambda's limits?
//!
//! Checks memory (min and max), timeout, /tmp (min and max), the zipped and unzipped deployment
//! package and the environment variables against the fact base. Each violation names the
//! limit (its fact id), the value and the maximum (or minimum).

use super::*;

pub(super) const NAME: &str = "lambda-fit";

pub(super) fn spec(l: &Limits) -> Result<ModelInfo> {
    let mem_min = l.get("lambda.memory.min")?;
    let tmp_min = l.get("lambda.tmp.min")?;
    Ok(ModelInfo {
        name: NAME,
        title: "Does it fit in Lambda?",
        summary: "Checks a function's memory, timeout, /tmp, package sizes and environment \
                  variables against Lambda's limits and lists every one it breaks.",
        inputs: vec![
            num_in(
                "memory_mb",
                "MB",
                (0.0, 1e6, 1.0),
                Some(mem_min),
                "Memory the function needs",
            ),
            num_in(
                "duration_seconds",
                "s",
                (0.0, 1e6, 0.0),
                Some(3.0),
                "Longest run time it needs (its timeout)",
            ),
            num_in(
                "tmp_mb",
                "MB",
                (0.0, 1e6, 1.0),
                Some(tmp_min),
                "/tmp (ephemeral storage) it needs",
            ),
            num_in(
                "package_zip_mb",
                "MB",
                (0.0, 1e6, 0.0),
                Some(1.0),
                "Zipped deployment package uploaded directly",
            ),
            num_in(
                "package_unzipped_mb",
                "MB",
                (0.0, 1e6, 0.0),
                Some(1.0),
                "Unzipped code and layers",
            ),
            num_in(
                "env_vars_kb",
                "KB",
                (0.0, 1e6, 0.0),
                Some(0.0),
                "Total size of all environment variables",
            ),
        ],
        outputs: vec![
            out("fits", "", "True when no limit is broken"),
            out("violation_count", "limits", "How many limits are broken"),
            out(
                "violations",
                "",
                "Each broken limit: {limit, value, max or min, unit, message}",
            ),
        ],
    })
}

struct Check {
    key: &'static str,
    fact: &'static str,
    what: &'static str,
    unit: &'static str,
    is_min: bool,
    /// Multiply the input by this to express it in the fact's unit.
    scale: f64,
}

const CHECKS: &[Check] = &[
    Check {
        key: "memory_mb",
        fact: "lambda.memory.min",
        what: "memory",
        unit: "MB",
        is_min: true,
        scale: 1.0,
    },
    Check {
        key: "memory_mb",
        fact: "lambda.memory.max",
        what: "memory",
        unit: "MB",
        is_min: false,
        scale: 1.0,
    },
    Check {
        key: "duration_seconds",
        fact: "lambda.timeout.max",
        what: "timeout",
        unit: "s",
        is_min: false,
        scale: 1.0,
    },
    Check {
        key: "tmp_mb",
        fact: "lambda.tmp.min",
        what: "/tmp",
        unit: "MB",
        is_min: true,
        scale: 1.0,
    },
    Check {
        key: "tmp_mb",
        fact: "lambda.tmp.max",
        what: "/tmp",
        unit: "MB",
        is_min: false,
        scale: 1.0,
    },
    Check {
        key: "package_zip_mb",
        fact: "lambda.package.zip_max",
        what: "zipped package (direct upload)",
        unit: "MB",
        is_min: false,
        scale: 1.0,
    },
    Check {
        key: "package_unzipped_mb",
        fact: "lambda.package.unzipped_max",
        what: "unzipped package incl. layers",
        unit: "MB",
        is_min: false,
        scale: 1.0,
    },
    Check {
        key: "env_vars_kb",
        fact: "lambda.env_vars.max",
        what: "environment variables",
        unit: "KB",
        is_min: false,
        scale: 1.0,
    },
];

/// The violations of a configuration, checked against `limit(fact id)`.
fn violations(inp: &Inputs, limit: &dyn Fn(&str) -> Result<f64>) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for c in CHECKS {
        let value = inp.n(c.key) * c.scale;
        let bound = limit(c.fact)?;
        let broken = if c.is_min { value < bound } else { value > bound };
        if broken {
            let (word, cmp) = if c.is_min {
                ("min", "below the minimum")
            } else {
                ("max", "above the maximum")
            };
            let mut v = serde_json::Map::new();
            v.insert("limit".into(), Value::from(c.fact));
            v.insert("input".into(), Value::from(c.key));
            v.insert("value".into(), number_json(value));
            v.insert(word.into(), number_json(bound));
            v.insert("unit".into(), Value::from(c.unit));
            v.insert(
                "message".into(),
                Value::from(format!(
                    "{} {} {} is {cmp} {} {}",
                    c.what,
                    fmt_num(value),
                    c.unit,
                    fmt_num(bound),
                    c.unit
                )),
            );
            out.push(Value::Object(v));
        }
    }
    Ok(out)
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let v = violations(inp, &|id| facts.number(id))?;
    let mut o = Outputs::default();
    o.set("fits", Value::from(v.is_empty()))
        .num("violation_count", v.len() as f64);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "Limits: memory {}–{} MB, timeout ≤ {} s, /tmp {}–{} MB, zipped package ≤ {} MB, unzipped ≤ {} MB, environment variables ≤ {} KB.",
        fmt_num(facts.number("lambda.memory.min")?),
        fmt_num(facts.number("lambda.memory.max")?),
        fmt_num(facts.number("lambda.timeout.max")?),
        fmt_num(facts.number("lambda.tmp.min")?),
        fmt_num(facts.number("lambda.tmp.max")?),
        fmt_num(facts.number("lambda.package.zip_max")?),
        fmt_num(facts.number("lambda.package.unzipped_max")?),
        fmt_num(facts.number("lambda.env_vars.max")?),
    );
    if v.is_empty() {
        text.push_str("The configuration fits every limit.");
    } else {
        let msgs: Vec<&str> = v.iter().filter_map(|x| x["message"].as_str()).collect();
        let _ = write!(text, "It does not fit: {}.", msgs.join("; "));
    }
    o.set("violations", Value::Array(v));
    Ok(Computed::new(o, text))
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let memory = rng.num(&[512.0, 2048.0, 3008.0, 4096.0, 10240.0, 12288.0]);
    let duration = rng.num(&[30.0, 300.0, 600.0, 900.0, 1200.0]);
    let tmp = rng.num(&[512.0, 2048.0, 10240.0, 20480.0]);
    let zip = rng.num(&[10.0, 45.0, 60.0]);
    let unzipped = rng.num(&[100.0, 240.0, 300.0]);
    let env = rng.num(&[1.0, 3.5, 5.0]);
    let inputs = inputs_of(&[
        ("memory_mb", memory.into()),
        ("duration_seconds", duration.into()),
        ("tmp_mb", tmp.into()),
        ("package_zip_mb", zip.into()),
        ("package_unzipped_mb", unzipped.into()),
        ("env_vars_kb", env.into()),
    ]);
    // Wrong answers: the same check with outdated limits (from the facts' previous values), or
    // forgetting one of the package limits.
    let spec = spec(&Limits(Some(facts)))?;
    let inp = validate(&spec, &inputs)?;
    let right = violations(&inp, &|id| facts.number(id))?.len() as f64;
    let old = violations(&inp, &|id| {
        Ok(previous_value(facts, id).unwrap_or(facts.number(id)?))
    })?
    .len() as f64;
    let mut distractors = vec![(
        old,
        "used outdated limits (before the latest increases)".to_string(),
    )];
    let unzipped_max = facts.number("lambda.package.unzipped_max")?;
    if unzipped > unzipped_max {
        distractors.push((
            right - 1.0,
            format!(
                "forgot the {} MB unzipped limit, which includes layers",
                fmt_num(unzipped_max)
            ),
        ));
    }
    distractors.push((
        right + 1.0,
        "counted a value at or near a limit as a violation".into(),
    ));
    Ok(Draft {
        inputs,
        output: "violation_count",
        prompt: format!(
            "A zip-packaged function needs {} MB of memory, runs up to {} s, needs {} MB of /tmp, \
             has a {} MB zip ({} MB unzipped with layers) and {} KB of environment variables. \
             How many Lambda limits does it break?",
            fmt_num(memory),
            fmt_num(duration),
            fmt_num(tmp),
            fmt_num(zip),
            fmt_num(unzipped),
            fmt_num(env)
        ),
        distractors,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};

    #[test]
    fn defaults_fit_and_each_violation_is_named() {
        let f = facts();
        let r = run_with(&f, super::NAME, &[]);
        assert_eq!(r.outputs["fits"], true);
        assert_eq!(num_out(&r, "violation_count"), 0.0);
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("memory_mb", 12288.0.into()),
                ("duration_seconds", 1200.0.into()),
                ("env_vars_kb", 5.0.into()),
                ("package_unzipped_mb", 250.0.into()),
            ],
        );
        assert_eq!(r.outputs["fits"], false);
        let v = r.outputs["violations"].as_array().unwrap();
        assert_eq!(v.len(), 3, "{v:?}");
        assert_eq!(v[0]["limit"], "lambda.memory.max");
        assert_eq!(v[0]["value"], 12288);
        assert_eq!(v[0]["max"], 10240);
        assert_eq!(v[1]["limit"], "lambda.timeout.max");
        assert_eq!(v[2]["limit"], "lambda.env_vars.max");
        // Below the minimum is reported with `min`.
        let r = run_with(&f, super::NAME, &[("tmp_mb", 256.0.into())]);
        let v = r.outputs["violations"].as_array().unwrap();
        assert_eq!(v[0]["min"], 512);
    }
}
