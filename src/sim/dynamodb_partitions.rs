//! `dynamodb-partitions`: how many partitions a provisioned table needs (the classic formula
//! exams use).
//!
//! * `partitions_by_capacity = ceil(rcu / 3000 + wcu / 1000)` (per-partition maxima
//!   `dynamodb.partition.max_rcu`, `dynamodb.partition.max_wcu`);
//! * `partitions_by_size = ceil(size_gb / 10)` (`dynamodb.partition.max_size`);
//! * `partitions = max(both, 1)`; provisioned capacity is spread evenly, so each partition gets
//!   `rcu / partitions` and `wcu / partitions`.
//!
//! DynamoDB today also splits hot partitions adaptively; the formula is the planning view.

use super::*;

pub(super) const NAME: &str = "dynamodb-partitions";

pub(super) fn spec(_l: &Limits) -> Result<ModelInfo> {
    Ok(ModelInfo {
        name: NAME,
        title: "DynamoDB partitions",
        summary: "Partitions a table needs for its provisioned capacity and its size, and the \
                  capacity each partition gets when it is spread evenly.",
        inputs: vec![
            num_in(
                "rcu",
                "RCU",
                (0.0, 1e8, 1.0),
                Some(0.0),
                "Provisioned read capacity units",
            ),
            num_in(
                "wcu",
                "WCU",
                (0.0, 1e8, 1.0),
                Some(0.0),
                "Provisioned write capacity units",
            ),
            num_in("size_gb", "GB", (0.0, 1e6, 0.0), Some(0.0), "Table size"),
        ],
        outputs: vec![
            out(
                "partitions_by_capacity",
                "partitions",
                "ceil(rcu / 3000 + wcu / 1000)",
            ),
            out("partitions_by_size", "partitions", "ceil(size_gb / 10)"),
            out("partitions", "partitions", "The larger of the two, at least 1"),
            out("rcu_per_partition", "RCU", "Read capacity each partition gets"),
            out("wcu_per_partition", "WCU", "Write capacity each partition gets"),
        ],
    })
}

pub(super) struct Parts {
    pub by_capacity: f64,
    pub by_size: f64,
    pub partitions: f64,
}

pub(super) fn partitions(rcu: f64, wcu: f64, size: f64, facts: &FactBase) -> Result<Parts> {
    let max_rcu = facts.number("dynamodb.partition.max_rcu")?;
    let max_wcu = facts.number("dynamodb.partition.max_wcu")?;
    let max_size = facts.number("dynamodb.partition.max_size")?;
    let by_capacity = ceil_eps(rcu / max_rcu + wcu / max_wcu);
    let by_size = ceil_eps(size / max_size);
    Ok(Parts {
        by_capacity,
        by_size,
        partitions: by_capacity.max(by_size).max(1.0),
    })
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let (rcu, wcu, size) = (inp.n("rcu"), inp.n("wcu"), inp.n("size_gb"));
    let p = partitions(rcu, wcu, size, facts)?;
    let mut o = Outputs::default();
    o.num("partitions_by_capacity", p.by_capacity)
        .num("partitions_by_size", p.by_size)
        .num("partitions", p.partitions)
        .num("rcu_per_partition", rcu / p.partitions)
        .num("wcu_per_partition", wcu / p.partitions);
    let text = format!(
        "By capacity: ceil({rcu} / {mr} + {wcu} / {mw}) = {bc} partition(s).\n\
         By size: ceil({size} GB / {ms} GB) = {bs} partition(s).\n\
         Partitions = max({bc}, {bs}, 1) = {p}; each gets {rcu} / {p} = {rp} RCU and {wcu} / {p} = {wp} WCU.",
        rcu = fmt_num(rcu),
        wcu = fmt_num(wcu),
        size = fmt_num(size),
        mr = fmt_num(facts.number("dynamodb.partition.max_rcu")?),
        mw = fmt_num(facts.number("dynamodb.partition.max_wcu")?),
        ms = fmt_num(facts.number("dynamodb.partition.max_size")?),
        bc = fmt_num(p.by_capacity),
        bs = fmt_num(p.by_size),
        p = fmt_num(p.partitions),
        rp = fmt_num(rcu / p.partitions),
        wp = fmt_num(wcu / p.partitions),
    );
    Ok(Computed::new(o, text))
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let rcu = rng.num(&[
        500.0, 1000.0, 1500.0, 2500.0, 4000.0, 6000.0, 7500.0, 9000.0, 12000.0,
    ]);
    let wcu = rng.num(&[100.0, 300.0, 500.0, 800.0, 1200.0, 2000.0, 3000.0, 4500.0]);
    let size = rng.num(&[1.0, 8.0, 15.0, 25.0, 40.0, 64.0, 95.0, 120.0]);
    let p = partitions(rcu, wcu, size, facts)?;
    let max_rcu = facts.number("dynamodb.partition.max_rcu")?;
    let max_wcu = facts.number("dynamodb.partition.max_wcu")?;
    let distractors = vec![
        (
            p.by_capacity + p.by_size,
            "added the capacity and size partition counts instead of taking the larger".to_string(),
        ),
        (p.by_capacity.max(1.0), "ignored the table size".to_string()),
        (p.by_size.max(1.0), "ignored the provisioned capacity".to_string()),
        (
            (ceil_eps(rcu / max_rcu) + ceil_eps(wcu / max_wcu)).max(p.by_size),
            "rounded the read and write terms up separately".to_string(),
        ),
    ];
    Ok(Draft {
        inputs: inputs_of(&[("rcu", rcu.into()), ("wcu", wcu.into()), ("size_gb", size.into())]),
        output: "partitions",
        prompt: format!(
            "A provisioned table has {} RCU, {} WCU and holds {} GB. Using the classic partition formula, how many partitions does it have?",
            fmt_num(rcu),
            fmt_num(wcu),
            fmt_num(size)
        ),
        distractors,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};

    #[test]
    fn hand_checked_example() {
        let f = facts();
        // 7,500 RCU and 3,000 WCU over 25 GB: capacity 2.5 + 3 = 5.5 → 6; size 2.5 → 3; so 6.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("rcu", 7500.0.into()),
                ("wcu", 3000.0.into()),
                ("size_gb", 25.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "partitions_by_capacity"), 6.0);
        assert_eq!(num_out(&r, "partitions_by_size"), 3.0);
        assert_eq!(num_out(&r, "partitions"), 6.0);
        assert_eq!(num_out(&r, "rcu_per_partition"), 1250.0);
        assert_eq!(num_out(&r, "wcu_per_partition"), 500.0);
        // Size-bound: 1,000 RCU, 100 WCU, 95 GB → capacity 1, size 10.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("rcu", 1000.0.into()),
                ("wcu", 100.0.into()),
                ("size_gb", 95.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "partitions"), 10.0);
        assert_eq!(num_out(&r, "rcu_per_partition"), 100.0);
        // An empty table still has one partition.
        let r = run_with(&f, super::NAME, &[]);
        assert_eq!(num_out(&r, "partitions"), 1.0);
        assert_eq!(num_out(&r, "partitions_by_capacity"), 0.0);
    }
}
