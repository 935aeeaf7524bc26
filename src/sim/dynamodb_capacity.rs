//! `dynamodb-capacity`: read and write capacity units for a provisioned table.
//!
//! Definitions (as AWS documents them):
//! * a read is billed in 4 KB chunks (`dynamodb.rcu.size`), the item size rounded **up**;
//!   a strongly consistent read of one chunk per second is 1 RCU, an eventually consistent
//!   one half of that, a transactional one twice that;
//! * a write is billed in 1 KB chunks (`dynamodb.wcu.size`), rounded up; a standard write of
//!   one chunk per second is 1 WCU, a transactional write twice that;
//! * `rcu` and `wcu` are the whole units to provision: `ceil(rate × units per item)`.

use super::*;

pub(super) const NAME: &str = "dynamodb-capacity";

pub(super) const READ_MODES: &[&str] = &["eventual", "strong", "transactional"];
pub(super) const WRITE_MODES: &[&str] = &["standard", "transactional"];

/// Largest item size accepted by the input range. (DynamoDB's 400 KB item limit; not in the
/// simulator fact list, so a range bound only.)
pub(super) const ITEM_KB_MAX: f64 = 400.0;

pub(super) fn spec(_l: &Limits) -> Result<ModelInfo> {
    Ok(ModelInfo {
        name: NAME,
        title: "DynamoDB capacity units",
        summary: "Read and write capacity units (RCU, WCU) a provisioned table needs for a workload, \
                  with item sizes rounded up to 4 KB for reads and 1 KB for writes.",
        inputs: workload_inputs(),
        outputs: vec![
            out("rcu", "RCU", "Read capacity units to provision"),
            out("wcu", "WCU", "Write capacity units to provision"),
            out(
                "read_units_per_item",
                "RCU",
                "Capacity one read of one item per second consumes",
            ),
            out(
                "write_units_per_item",
                "WCU",
                "Capacity one write of one item per second consumes",
            ),
            out(
                "read_chunks",
                "4 KB chunks",
                "Item size in 4 KB chunks, rounded up",
            ),
            out(
                "write_chunks",
                "1 KB chunks",
                "Item size in 1 KB chunks, rounded up",
            ),
        ],
    })
}

/// The workload inputs shared with `dynamodb-cost`.
pub(super) fn workload_inputs() -> Vec<InputSpec> {
    vec![
        num_in(
            "reads_per_second",
            "reads/s",
            (0.0, 1e8, 0.0),
            Some(0.0),
            "Item reads per second",
        ),
        num_in(
            "writes_per_second",
            "writes/s",
            (0.0, 1e8, 0.0),
            Some(0.0),
            "Item writes per second",
        ),
        num_in(
            "item_size_kb",
            "KB",
            (0.001, ITEM_KB_MAX, 0.0),
            None,
            "Size of one item (attribute names and values)",
        ),
        choice_in(
            "read_consistency",
            READ_MODES,
            Some("eventual"),
            "Read consistency: eventual (half an RCU per 4 KB), strong, or transactional (double)",
        ),
        choice_in(
            "write_mode",
            WRITE_MODES,
            Some("standard"),
            "Write mode: standard, or transactional (double)",
        ),
    ]
}

/// Capacity consumed per item, and what was rounded.
pub(super) struct Units {
    pub read_chunk_kb: f64,
    pub write_chunk_kb: f64,
    pub read_chunks: f64,
    pub write_chunks: f64,
    /// RCU one read per second consumes (0.5 per chunk for eventual, 1 strong, 2 transactional).
    pub read_units: f64,
    /// WCU one write per second consumes.
    pub write_units: f64,
    pub read_factor: f64,
    pub write_factor: f64,
}

pub(super) fn units(size_kb: f64, consistency: &str, write_mode: &str, facts: &FactBase) -> Result<Units> {
    let read_chunk_kb = facts.number("dynamodb.rcu.size")?;
    let write_chunk_kb = facts.number("dynamodb.wcu.size")?;
    let read_chunks = ceil_eps(size_kb / read_chunk_kb).max(1.0);
    let write_chunks = ceil_eps(size_kb / write_chunk_kb).max(1.0);
    let read_factor = match consistency {
        "eventual" => 0.5,
        "transactional" => 2.0,
        _ => 1.0,
    };
    let write_factor = if write_mode == "transactional" { 2.0 } else { 1.0 };
    Ok(Units {
        read_chunk_kb,
        write_chunk_kb,
        read_chunks,
        write_chunks,
        read_units: read_chunks * read_factor,
        write_units: write_chunks * write_factor,
        read_factor,
        write_factor,
    })
}

pub(super) fn read_phrase(consistency: &str) -> &'static str {
    match consistency {
        "eventual" => "eventually consistent",
        "transactional" => "transactional",
        _ => "strongly consistent",
    }
}

/// The reads and writes lines of the explanation.
#[allow(clippy::too_many_arguments)]
pub(super) fn explain(
    reads: f64,
    writes: f64,
    size: f64,
    consistency: &str,
    write_mode: &str,
    u: &Units,
    rcu: f64,
    wcu: f64,
) -> String {
    let factor_text = match consistency {
        "eventual" => " × 0.5 (eventually consistent)",
        "transactional" => " × 2 (transactional)",
        _ => " (strongly consistent)",
    };
    let wfactor_text = if write_mode == "transactional" {
        " × 2 (transactional)"
    } else {
        ""
    };
    format!(
        "Reads: a {size} KB item is ceil({size} / {rc}) = {rch} chunk(s) of {rc} KB; one read/s costs {rch}{factor_text} = {ru} RCU. \
         {reads} reads/s × {ru} = {rcu} RCU (rounded up to whole units).\n\
         Writes: ceil({size} / {wc}) = {wch} chunk(s) of {wc} KB; one write/s costs {wch}{wfactor_text} = {wu} WCU. \
         {writes} writes/s × {wu} = {wcu} WCU.",
        size = fmt_num(size),
        rc = fmt_num(u.read_chunk_kb),
        wc = fmt_num(u.write_chunk_kb),
        rch = fmt_num(u.read_chunks),
        wch = fmt_num(u.write_chunks),
        ru = fmt_num(u.read_units),
        wu = fmt_num(u.write_units),
        reads = fmt_num(reads),
        writes = fmt_num(writes),
        rcu = fmt_num(rcu),
        wcu = fmt_num(wcu),
    )
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let reads = inp.n("reads_per_second");
    let writes = inp.n("writes_per_second");
    let size = inp.n("item_size_kb");
    let consistency = inp.word("read_consistency");
    let write_mode = inp.word("write_mode");
    let u = units(size, consistency, write_mode, facts)?;
    let rcu = ceil_eps(reads * u.read_units);
    let wcu = ceil_eps(writes * u.write_units);
    let mut o = Outputs::default();
    o.num("rcu", rcu)
        .num("wcu", wcu)
        .num("read_units_per_item", u.read_units)
        .num("write_units_per_item", u.write_units)
        .num("read_chunks", u.read_chunks)
        .num("write_chunks", u.write_chunks);
    let text = explain(reads, writes, size, consistency, write_mode, &u, rcu, wcu);
    Ok(Computed::new(o, text))
}

const SIZES: &[f64] = &[
    0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 9.5, 12.0, 15.0, 17.0, 20.0, 25.0,
];
const RATES: &[f64] = &[
    5.0, 6.0, 10.0, 12.0, 20.0, 25.0, 40.0, 50.0, 75.0, 100.0, 150.0, 200.0,
];

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let size = rng.pick(SIZES);
    let rate = rng.pick(RATES);
    let read_chunk = facts.number("dynamodb.rcu.size")?;
    let write_chunk = facts.number("dynamodb.wcu.size")?;
    if rng.chance(0.6) {
        let consistency = rng.pick(READ_MODES);
        let u = units(size, consistency, "standard", facts)?;
        let mut distractors = vec![
            (
                (rate * size / read_chunk * u.read_factor).ceil(),
                "forgot to round the item size up to a whole 4 KB chunk".to_string(),
            ),
            (
                ceil_eps(rate * ceil_eps(size / write_chunk) * u.read_factor),
                "used the 1 KB write chunk for reads".to_string(),
            ),
        ];
        match consistency {
            "eventual" => distractors.push((
                ceil_eps(rate * u.read_chunks),
                "treated eventually consistent reads as strongly consistent (no halving)".into(),
            )),
            "strong" => distractors.push((
                ceil_eps(rate * u.read_chunks * 0.5),
                "halved as if the reads were eventually consistent".into(),
            )),
            _ => distractors.push((
                ceil_eps(rate * u.read_chunks),
                "forgot that transactional reads cost double".into(),
            )),
        }
        Ok(Draft {
            inputs: inputs_of(&[
                ("reads_per_second", rate.into()),
                ("item_size_kb", size.into()),
                ("read_consistency", consistency.into()),
            ]),
            output: "rcu",
            prompt: format!(
                "A table serves {} {} reads per second of items that are {} KB each. How many read capacity units (RCU) must it provision?",
                fmt_num(rate),
                read_phrase(consistency),
                fmt_num(size)
            ),
            distractors,
        })
    } else {
        let mode = if rng.chance(0.35) {
            "transactional"
        } else {
            "standard"
        };
        let u = units(size, "strong", mode, facts)?;
        let mut distractors = vec![
            (
                (rate * size / write_chunk * u.write_factor).ceil(),
                "forgot to round the item size up to a whole 1 KB".to_string(),
            ),
            (
                ceil_eps(rate * ceil_eps(size / read_chunk) * u.write_factor),
                "used the 4 KB read chunk for writes".to_string(),
            ),
            (
                ceil_eps(rate * u.write_units * 0.5),
                "halved the writes as if consistency applied to them".to_string(),
            ),
        ];
        if mode == "transactional" {
            distractors.push((
                ceil_eps(rate * u.write_chunks),
                "forgot that transactional writes cost double".into(),
            ));
        }
        let kind = if mode == "transactional" {
            "transactional writes (TransactWriteItems)"
        } else {
            "writes"
        };
        Ok(Draft {
            inputs: inputs_of(&[
                ("writes_per_second", rate.into()),
                ("item_size_kb", size.into()),
                ("write_mode", mode.into()),
            ]),
            output: "wcu",
            prompt: format!(
                "An application makes {} {kind} per second of items that are {} KB each. How many write capacity units (WCU) does the table need?",
                fmt_num(rate),
                fmt_num(size)
            ),
            distractors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};

    #[test]
    fn hand_checked_cases() {
        let f = facts();
        // 10 writes/s of 2 KB = 2 chunks each = 20 WCU.
        let r = run_with(
            &f,
            super::NAME,
            &[("writes_per_second", 10.0.into()), ("item_size_kb", 2.0.into())],
        );
        assert_eq!(num_out(&r, "wcu"), 20.0);
        assert_eq!(num_out(&r, "rcu"), 0.0);
        // 10 strongly consistent reads/s of 6 KB: ceil(6/4) = 2 chunks → 20 RCU.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("reads_per_second", 10.0.into()),
                ("item_size_kb", 6.0.into()),
                ("read_consistency", "strong".into()),
            ],
        );
        assert_eq!(num_out(&r, "rcu"), 20.0);
        assert_eq!(num_out(&r, "read_units_per_item"), 2.0);
        // Eventual (the default): half → 10 RCU.
        let r = run_with(
            &f,
            super::NAME,
            &[("reads_per_second", 10.0.into()), ("item_size_kb", 6.0.into())],
        );
        assert_eq!(num_out(&r, "rcu"), 10.0);
        assert_eq!(r.inputs["read_consistency"], "eventual".into());
        // Transactional doubles: reads 40 RCU, writes 2 × 6 × 10 = 120 WCU.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("reads_per_second", 10.0.into()),
                ("writes_per_second", 10.0.into()),
                ("item_size_kb", 6.0.into()),
                ("read_consistency", "transactional".into()),
                ("write_mode", "transactional".into()),
            ],
        );
        assert_eq!(num_out(&r, "rcu"), 40.0);
        assert_eq!(num_out(&r, "wcu"), 120.0);
        // Design example: 6 writes/s of 4.5 KB → 5 chunks → 30 WCU.
        let r = run_with(
            &f,
            super::NAME,
            &[("writes_per_second", 6.0.into()), ("item_size_kb", 4.5.into())],
        );
        assert_eq!(num_out(&r, "wcu"), 30.0);
        assert!(r.explanation.contains("ceil(4.5 / 1) = 5"), "{}", r.explanation);
    }

    #[test]
    fn eventual_rounds_up_to_whole_units_and_exact_boundaries_do_not() {
        let f = facts();
        // 3 eventual reads/s of 4 KB = 1.5 → 2 RCU.
        let r = run_with(
            &f,
            super::NAME,
            &[("reads_per_second", 3.0.into()), ("item_size_kb", 4.0.into())],
        );
        assert_eq!(num_out(&r, "rcu"), 2.0);
        // exactly 8 KB is 2 chunks, not 3; 8.1 KB is 3.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("reads_per_second", 1.0.into()),
                ("item_size_kb", 8.0.into()),
                ("read_consistency", "strong".into()),
            ],
        );
        assert_eq!(num_out(&r, "rcu"), 2.0);
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("reads_per_second", 1.0.into()),
                ("item_size_kb", 8.1.into()),
                ("read_consistency", "strong".into()),
            ],
        );
        assert_eq!(num_out(&r, "rcu"), 3.0);
        // A tiny item still uses one whole chunk.
        let r = run_with(
            &f,
            super::NAME,
            &[("writes_per_second", 7.0.into()), ("item_size_kb", 0.1.into())],
        );
        assert_eq!(num_out(&r, "wcu"), 7.0);
    }
}
