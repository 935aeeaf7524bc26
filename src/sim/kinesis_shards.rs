//! `kinesis-shards`: shards a Kinesis data stream needs (provisioned mode).
//!
//! Each shard takes in up to 1 MB/s **and** 1,000 records/s and serves 2 MB/s of reads shared by
//! all standard consumers; with enhanced fan-out each consumer gets its own 2 MB/s per shard.
//! * `shards_by_ingest_mb = ceil(ingest_mb_per_second / 1)`;
//! * `shards_by_records = ceil(records_per_second / 1000)`;
//! * `shards_by_egress = ceil(ingest × consumers / 2)` for shared consumers, `ceil(ingest / 2)`
//!   with enhanced fan-out;
//! * `shards = max(all three, 1)`; `binding_constraint` names the largest (ties joined by "and").

use super::*;

pub(super) const NAME: &str = "kinesis-shards";

pub(super) fn spec(_l: &Limits) -> Result<ModelInfo> {
    Ok(ModelInfo {
        name: NAME,
        title: "Kinesis Data Streams shards",
        summary: "Shards a stream needs for its write throughput, its record rate and its readers, \
                  and which of the three decides.",
        inputs: vec![
            num_in(
                "ingest_mb_per_second",
                "MB/s",
                (0.0, 1e6, 0.0),
                None,
                "Data written per second",
            ),
            num_in(
                "records_per_second",
                "records/s",
                (0.0, 1e9, 0.0),
                None,
                "Records written per second",
            ),
            num_in(
                "consumers",
                "consumers",
                (1.0, 1000.0, 1.0),
                Some(1.0),
                "Applications reading the whole stream",
            ),
            flag_in(
                "enhanced_fan_out",
                Some(false),
                "Consumers use enhanced fan-out (2 MB/s each per shard)",
            ),
        ],
        outputs: vec![
            out("shards", "shards", "Shards needed"),
            out("shards_by_ingest_mb", "shards", "For the MB/s written"),
            out("shards_by_records", "shards", "For the records/s written"),
            out("shards_by_egress", "shards", "For the reads"),
            out(
                "binding_constraint",
                "",
                "ingest_mb, records or egress: what decides the shard count",
            ),
        ],
    })
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let mb = inp.n("ingest_mb_per_second");
    let rps = inp.n("records_per_second");
    let consumers = inp.n("consumers");
    let efo = inp.flag("enhanced_fan_out");
    let in_mb = facts.number("kinesis.shard.ingest_mb")?;
    let in_rec = facts.number("kinesis.shard.ingest_records")?;
    let out_mb = facts.number("kinesis.shard.egress_mb")?;
    let efo_mb = facts.number("kinesis.efo.egress_mb")?;
    let by_mb = ceil_eps(mb / in_mb);
    let by_rec = ceil_eps(rps / in_rec);
    let by_egress = if efo {
        ceil_eps(mb / efo_mb)
    } else {
        ceil_eps(mb * consumers / out_mb)
    };
    let shards = by_mb.max(by_rec).max(by_egress).max(1.0);
    let top = by_mb.max(by_rec).max(by_egress);
    let mut names = Vec::new();
    if top > 0.0 {
        for (n, v) in [("ingest_mb", by_mb), ("records", by_rec), ("egress", by_egress)] {
            if v == top {
                names.push(n);
            }
        }
    } else {
        names.push("minimum of one shard");
    }
    let binding = names.join(" and ");
    let mut o = Outputs::default();
    o.num("shards", shards)
        .num("shards_by_ingest_mb", by_mb)
        .num("shards_by_records", by_rec)
        .num("shards_by_egress", by_egress)
        .set("binding_constraint", Value::from(binding.clone()));
    let egress_text = if efo {
        format!(
            "enhanced fan-out gives each of the {} consumer(s) {} MB/s per shard: ceil({} / {}) = {}",
            fmt_num(consumers),
            fmt_num(efo_mb),
            fmt_num(mb),
            fmt_num(efo_mb),
            fmt_num(by_egress)
        )
    } else {
        format!(
            "{} consumer(s) share {} MB/s per shard: ceil({} × {} / {}) = {}",
            fmt_num(consumers),
            fmt_num(out_mb),
            fmt_num(mb),
            fmt_num(consumers),
            fmt_num(out_mb),
            fmt_num(by_egress)
        )
    };
    let text = format!(
        "Writes: ceil({mb} MB/s / {in_mb} MB/s) = {by_mb} shards; ceil({rps} records/s / {in_rec}) = {by_rec} shards.\n\
         Reads: {egress_text}.\n\
         Shards = max({by_mb}, {by_rec}, {by_egress}) = {shards}, decided by {binding}.",
        mb = fmt_num(mb),
        in_mb = fmt_num(in_mb),
        by_mb = fmt_num(by_mb),
        rps = fmt_num(rps),
        in_rec = fmt_num(in_rec),
        by_rec = fmt_num(by_rec),
        by_egress = fmt_num(by_egress),
        shards = fmt_num(shards),
    );
    Ok(Computed::new(o, text))
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let mb = rng.num(&[0.5, 2.0, 3.5, 5.0, 8.0, 12.0]);
    let record_kb = rng.num(&[0.2, 0.5, 1.0, 5.0, 25.0]);
    let rps = (mb * 1024.0 / record_kb).round();
    let consumers = rng.num(&[1.0, 2.0, 3.0, 5.0]);
    let efo = rng.chance(0.3);
    let in_mb = facts.number("kinesis.shard.ingest_mb")?;
    let in_rec = facts.number("kinesis.shard.ingest_records")?;
    let out_mb = facts.number("kinesis.shard.egress_mb")?;
    let by_mb = ceil_eps(mb / in_mb);
    let by_rec = ceil_eps(rps / in_rec);
    let shared = ceil_eps(mb * consumers / out_mb);
    let mut distractors = vec![
        (by_mb.max(1.0), "sized for MB/s only".to_string()),
        (by_rec.max(by_mb).max(1.0), "ignored the readers".to_string()),
        (
            by_mb + by_rec,
            "added the write limits instead of taking the larger".to_string(),
        ),
    ];
    if efo {
        distractors.push((
            by_mb.max(by_rec).max(shared),
            "made enhanced fan-out consumers share the 2 MB/s".to_string(),
        ));
    } else {
        distractors.push((
            by_mb.max(by_rec).max(ceil_eps(mb / out_mb)).max(1.0),
            "gave every shared consumer its own 2 MB/s".to_string(),
        ));
    }
    Ok(Draft {
        inputs: inputs_of(&[
            ("ingest_mb_per_second", mb.into()),
            ("records_per_second", rps.into()),
            ("consumers", consumers.into()),
            ("enhanced_fan_out", efo.into()),
        ]),
        output: "shards",
        prompt: format!(
            "Producers write {} MB/s to a Kinesis data stream as {} records/s; {} consumer application(s) read everything{}. \
             How many shards does the stream need?",
            fmt_num(mb),
            fmt_num(rps),
            fmt_num(consumers),
            if efo { " using enhanced fan-out" } else { " with shared throughput" }
        ),
        distractors,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};

    #[test]
    fn hand_checked() {
        let f = facts();
        // 3 MB/s, 5,000 records/s, 2 shared consumers: ingest 3, records 5, egress ceil(6/2) = 3 → 5 by records.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("ingest_mb_per_second", 3.0.into()),
                ("records_per_second", 5000.0.into()),
                ("consumers", 2.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "shards"), 5.0);
        assert_eq!(r.outputs["binding_constraint"], "records");
        // 4 MB/s, 2,000 records/s, 5 shared consumers: egress ceil(20/2) = 10.
        let base = [
            ("ingest_mb_per_second", 4.0.into()),
            ("records_per_second", 2000.0.into()),
            ("consumers", 5.0.into()),
        ];
        let r = run_with(&f, super::NAME, &base);
        assert_eq!(num_out(&r, "shards"), 10.0);
        assert_eq!(r.outputs["binding_constraint"], "egress");
        // With enhanced fan-out, egress is ceil(4/2) = 2 → ingest decides (4).
        let mut efo = base.to_vec();
        efo.push(("enhanced_fan_out", true.into()));
        let r = run_with(&f, super::NAME, &efo);
        assert_eq!(num_out(&r, "shards"), 4.0);
        assert_eq!(num_out(&r, "shards_by_egress"), 2.0);
        assert_eq!(r.outputs["binding_constraint"], "ingest_mb");
        // Ties are named together; nothing at all still needs one shard.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("ingest_mb_per_second", 2.0.into()),
                ("records_per_second", 2000.0.into()),
            ],
        );
        assert_eq!(r.outputs["binding_constraint"], "ingest_mb and records");
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("ingest_mb_per_second", 0.0.into()),
                ("records_per_second", 0.0.into()),
            ],
        );
        assert_eq!(num_out(&r, "shards"), 1.0);
    }
}
