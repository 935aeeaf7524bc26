//! `dynamodb-cost`: monthly cost of a workload in provisioned and on-demand capacity mode
//! (us-east-1 prices from the fact base).
//!
//! * provisioned: `(rcu × price per RCU-hour + wcu × price per WCU-hour) × hours_per_month`,
//!   with `rcu`/`wcu` from `dynamodb-capacity`;
//! * on-demand: request units per month (`rate × units per item × 3600 × hours`) × price per
//!   million; a read request unit is one strongly consistent 4 KB read (half for eventual,
//!   two for transactional), a write request unit one 1 KB write (two if transactional);
//! * `break_even_utilisation`: provisioned cost ÷ the on-demand cost of using all the provisioned
//!   capacity all month. If the table on average uses less than that fraction of what is
//!   provisioned, on-demand is cheaper.
//!
//! Storage, the free tier, reserved capacity and auto scaling are left out.

use super::dynamodb_capacity::{read_phrase, units, workload_inputs, READ_MODES};
use super::*;

pub(super) const NAME: &str = "dynamodb-cost";

const REGIONS: &[&str] = &["us-east-1"];

pub(super) fn spec(_l: &Limits) -> Result<ModelInfo> {
    let mut inputs = workload_inputs();
    inputs.push(num_in(
        "hours_per_month",
        "h",
        (1.0, 744.0, 0.0),
        Some(730.0),
        "Hours billed per month (730 = 8,760 h a year / 12)",
    ));
    inputs.push(choice_in(
        "region",
        REGIONS,
        Some("us-east-1"),
        "Price table region; the fact base carries us-east-1 prices only",
    ));
    Ok(ModelInfo {
        name: NAME,
        title: "DynamoDB cost: provisioned vs on-demand",
        summary: "Monthly cost of a steady workload in provisioned and on-demand mode, and the \
                  utilisation below which on-demand is cheaper.",
        inputs,
        outputs: vec![
            out("provisioned_usd", "USD", "Provisioned capacity cost per month"),
            out("on_demand_usd", "USD", "On-demand request cost per month"),
            out(
                "break_even_utilisation",
                "fraction",
                "Share of provisioned capacity actually used at which both modes cost the same",
            ),
            out("rcu", "RCU", "Read capacity units provisioned"),
            out("wcu", "WCU", "Write capacity units provisioned"),
            out(
                "read_request_units_per_month",
                "RRU",
                "On-demand read request units per month",
            ),
            out(
                "write_request_units_per_month",
                "WRU",
                "On-demand write request units per month",
            ),
            out("cheaper", "", "Which mode is cheaper for this steady workload"),
        ],
    })
}

pub(super) struct Prices {
    rcu_hour: f64,
    wcu_hour: f64,
    read_million: f64,
    write_million: f64,
}

fn prices(facts: &FactBase) -> Result<Prices> {
    Ok(Prices {
        rcu_hour: facts.number("dynamodb.price.provisioned_rcu_hour")?,
        wcu_hour: facts.number("dynamodb.price.provisioned_wcu_hour")?,
        read_million: facts.number("dynamodb.price.on_demand_read_per_million")?,
        write_million: facts.number("dynamodb.price.on_demand_write_per_million")?,
    })
}

pub(super) fn compute(inp: &Inputs, facts: &FactBase) -> Result<Computed> {
    let reads = inp.n("reads_per_second");
    let writes = inp.n("writes_per_second");
    let size = inp.n("item_size_kb");
    let consistency = inp.word("read_consistency");
    let write_mode = inp.word("write_mode");
    let hours = inp.n("hours_per_month");
    let p = prices(facts)?;
    let u = units(size, consistency, write_mode, facts)?;
    let rcu = ceil_eps(reads * u.read_units);
    let wcu = ceil_eps(writes * u.write_units);
    let seconds = 3600.0 * hours;
    let provisioned = (rcu * p.rcu_hour + wcu * p.wcu_hour) * hours;
    let rru = reads * u.read_units * seconds;
    let wru = writes * u.write_units * seconds;
    let on_demand = rru / 1e6 * p.read_million + wru / 1e6 * p.write_million;
    let on_demand_full = rcu * seconds / 1e6 * p.read_million + wcu * seconds / 1e6 * p.write_million;
    let break_even = (on_demand_full > 0.0).then(|| provisioned / on_demand_full);
    let cheaper = if provisioned == on_demand {
        "either"
    } else if provisioned < on_demand {
        "provisioned"
    } else {
        "on-demand"
    };
    let mut o = Outputs::default();
    o.num("provisioned_usd", provisioned)
        .num("on_demand_usd", on_demand)
        .opt_num("break_even_utilisation", break_even)
        .num("rcu", rcu)
        .num("wcu", wcu)
        .num("read_request_units_per_month", rru)
        .num("write_request_units_per_month", wru)
        .set("cheaper", Value::from(cheaper));
    let mut text = format!(
        "Capacity: {reads} {phrase} reads/s of {size} KB → {rcu} RCU; {writes} writes/s → {wcu} WCU.\n\
         Provisioned: ({rcu} RCU × ${prcu}/h + {wcu} WCU × ${pwcu}/h) × {hours} h = {prov}.\n\
         On-demand: {reads} × {ru} × 3600 × {hours} = {rru} read request units × ${pr}/M + \
         {writes} × {wu} × 3600 × {hours} = {wru} write request units × ${pw}/M = {od}.",
        reads = fmt_num(reads),
        writes = fmt_num(writes),
        phrase = read_phrase(consistency),
        size = fmt_num(size),
        rcu = fmt_num(rcu),
        wcu = fmt_num(wcu),
        prcu = fmt_num(p.rcu_hour),
        pwcu = fmt_num(p.wcu_hour),
        hours = fmt_num(hours),
        prov = fmt_usd(provisioned),
        ru = fmt_num(u.read_units),
        wu = fmt_num(u.write_units),
        rru = fmt_num(rru),
        wru = fmt_num(wru),
        pr = fmt_num(p.read_million),
        pw = fmt_num(p.write_million),
        od = fmt_usd(on_demand),
    );
    if let Some(b) = break_even {
        let _ = write!(
            text,
            "\nBreak-even: provisioned costs as much as on-demand would if the table used {:.1}% of its \
             provisioned capacity on average; below that, on-demand is cheaper. For this steady load, {cheaper} is cheaper.",
            b * 100.0
        );
    }
    text.push_str("\n(Storage, the free tier and reserved capacity are not included.)");
    Ok(Computed::new(o, text))
}

pub(super) fn exercise(rng: &mut SplitMix64, facts: &FactBase) -> Result<Draft> {
    let reads = rng.num(&[10.0, 20.0, 50.0, 80.0, 100.0, 200.0, 400.0]);
    let writes = rng.num(&[5.0, 10.0, 20.0, 40.0, 50.0, 100.0]);
    let size = rng.num(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]);
    let consistency = rng.pick(&READ_MODES[..2]);
    let hours = 730.0;
    let p = prices(facts)?;
    let u = units(size, consistency, "standard", facts)?;
    let inputs = inputs_of(&[
        ("reads_per_second", reads.into()),
        ("writes_per_second", writes.into()),
        ("item_size_kb", size.into()),
        ("read_consistency", consistency.into()),
    ]);
    let scenario = format!(
        "A table steadily serves {} {} reads/s and {} writes/s of {} KB items, {} hours a month (us-east-1).",
        fmt_num(reads),
        read_phrase(consistency),
        fmt_num(writes),
        fmt_num(size),
        fmt_num(hours)
    );
    let secs = 3600.0 * hours;
    if rng.chance(0.5) {
        let od = |ru: f64, wu: f64, pr: f64, pw: f64| (reads * ru * pr + writes * wu * pw) * secs / 1e6;
        let mut distractors = vec![
            (
                od(
                    size / u.read_chunk_kb * u.read_factor,
                    size / u.write_chunk_kb,
                    p.read_million,
                    p.write_million,
                ),
                "forgot to round the item size up to whole 4 KB / 1 KB units".to_string(),
            ),
            (
                od(u.read_chunks, u.write_units, p.read_million, p.write_million),
                "counted every read as a full read request unit".to_string(),
            ),
            (
                od(u.read_units, u.write_units, p.read_million, p.write_million) * 30.0 * 24.0 / hours,
                "used 30 days (720 h) instead of 730 h".to_string(),
            ),
        ];
        if let (Some(pr), Some(pw)) = (
            previous_value(facts, "dynamodb.price.on_demand_read_per_million"),
            previous_value(facts, "dynamodb.price.on_demand_write_per_million"),
        ) {
            distractors.push((
                od(u.read_units, u.write_units, pr, pw),
                "used the on-demand prices from before the last price cut".to_string(),
            ));
        }
        Ok(Draft {
            inputs,
            output: "on_demand_usd",
            prompt: format!("{scenario} What does it cost per month in on-demand mode?"),
            distractors,
        })
    } else {
        let rcu = ceil_eps(reads * u.read_units);
        let wcu = ceil_eps(writes * u.write_units);
        let distractors = vec![
            (
                (rcu + wcu) * p.wcu_hour * hours,
                "priced RCU at the WCU rate".to_string(),
            ),
            (
                (ceil_eps(reads * u.read_chunks) * p.rcu_hour + wcu * p.wcu_hour) * hours,
                "treated the reads as strongly consistent".to_string(),
            ),
            (
                (ceil_eps(reads * size / u.read_chunk_kb * u.read_factor) * p.rcu_hour
                    + ceil_eps(writes * size / u.write_chunk_kb) * p.wcu_hour)
                    * hours,
                "forgot to round the item size up to whole 4 KB / 1 KB units".to_string(),
            ),
            (
                (rcu * p.rcu_hour + wcu * p.wcu_hour) * 24.0,
                "priced one day instead of a month".to_string(),
            ),
        ];
        Ok(Draft {
            inputs,
            output: "provisioned_usd",
            prompt: format!(
                "{scenario} What does it cost per month in provisioned mode, provisioning exactly the capacity needed?"
            ),
            distractors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{facts, num_out, run_with};
    use crate::sim::InputValue;

    #[test]
    fn hand_checked_costs_and_break_even() {
        let f = facts();
        // 100 strongly consistent reads/s and 10 writes/s of 2 KB, 730 h.
        // RCU = 100, WCU = 20. Provisioned: (100 × 0.00013 + 20 × 0.00065) × 730 = 0.026 × 730 = 18.98.
        // On-demand: reads 100 × 1 × 3600 × 730 = 262.8 M RRU × 0.125 = 32.85;
        //            writes 10 × 2 × 3600 × 730 = 52.56 M WRU × 0.625 = 32.85; total 65.70.
        let r = run_with(
            &f,
            super::NAME,
            &[
                ("reads_per_second", 100.0.into()),
                ("writes_per_second", 10.0.into()),
                ("item_size_kb", 2.0.into()),
                ("read_consistency", "strong".into()),
            ],
        );
        assert!((num_out(&r, "provisioned_usd") - 18.98).abs() < 1e-9);
        assert!((num_out(&r, "on_demand_usd") - 65.70).abs() < 1e-9);
        // Fully used, on-demand = on_demand above (no rounding lost), so break-even = 18.98 / 65.70.
        assert!((num_out(&r, "break_even_utilisation") - 18.98 / 65.70).abs() < 1e-9);
        assert_eq!(r.outputs["cheaper"], "provisioned");
        assert_eq!(r.inputs["hours_per_month"], InputValue::Number(730.0));
        assert_eq!(r.inputs["region"], "us-east-1".into());
    }

    #[test]
    fn other_regions_are_a_clear_error() {
        let f = facts();
        let mut inputs = crate::sim::inputs_of(&[("item_size_kb", 1.0.into())]);
        inputs.insert("region".into(), "eu-west-1".into());
        let err = crate::sim::run(super::NAME, &inputs, &f).unwrap_err().to_string();
        assert!(
            err.contains("region") && err.contains("eu-west-1") && err.contains("us-east-1"),
            "{err}"
        );
    }

    #[test]
    fn no_traffic_has_no_break_even() {
        let f = facts();
        let r = run_with(&f, super::NAME, &[("item_size_kb", 1.0.into())]);
        assert_eq!(num_out(&r, "provisioned_usd"), 0.0);
        assert!(r.outputs["break_even_utilisation"].is_null());
    }
}
