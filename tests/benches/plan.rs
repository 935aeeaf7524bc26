//! The exam-day plan and forecast on 1,000 simulated learners (see `coldstart::plan::sim`):
//! how often learners predicted to pass do pass, the forecast's calibration, and the reviews
//! the plan spends against fixed-retention scheduling at the retention that gives the same
//! exam-day recall. Prints the table; `cargo bench --bench plan`.

use coldstart::plan::sim::{matched_fixed, run, SimConfig};

fn main() {
    // PLAN_SIM_PRACTICE: questions per practice exam (default 30; 65 for full practice exams).
    let mut cfg = SimConfig::default();
    if let Some(n) = std::env::var("PLAN_SIM_PRACTICE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.practice_questions = n;
    }
    let t0 = std::time::Instant::now();
    let r = run(&cfg);
    let n = r.learners.len() as f64;
    let err = |f: &dyn Fn(&coldstart::plan::sim::LearnerOutcome) -> f64| -> (f64, f64, f64) {
        let e: Vec<f64> = r.learners.iter().map(f).collect();
        let mean = e.iter().sum::<f64>() / n;
        let mae = e.iter().map(|x| x.abs()).sum::<f64>() / n;
        let sd = (e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        (mean, mae, sd)
    };
    let (me_sat, mae_sat, sd_sat) = err(&|l| l.predicted as f64 - l.sat as f64);
    let (me_exp, mae_exp, sd_exp) = err(&|l| l.predicted as f64 - l.expected as f64);
    let pass = 720;
    let pred_pass: Vec<_> = r.learners.iter().filter(|l| l.predicted >= pass).collect();
    let pred_fail: Vec<_> = r.learners.iter().filter(|l| l.predicted < pass).collect();
    let rate = |v: &[&coldstart::plan::sim::LearnerOutcome]| {
        v.iter().filter(|l| l.sat >= pass).count() as f64 / v.len().max(1) as f64
    };
    let covered = r
        .learners
        .iter()
        .filter(|l| l.low <= l.sat && l.sat <= l.high)
        .count() as f64
        / n;
    println!("plan simulation: {} learners, {} topics x {} cards, exam on day {}, practice exams on days {:?} ({} questions), forecast on day {}",
        cfg.learners, cfg.topics, cfg.cards_per_topic, cfg.days, cfg.practice_days, cfg.practice_questions, cfg.forecast_day);
    println!();
    println!("| measure | value |");
    println!("| --- | --- |");
    println!(
        "| predicted to pass (>= {pass}) | {} learners, of whom {:.1}% passed |",
        pred_pass.len(),
        100.0 * rate(&pred_pass)
    );
    println!(
        "| predicted to fail | {} learners, of whom {:.1}% passed |",
        pred_fail.len(),
        100.0 * rate(&pred_fail)
    );
    println!("| forecast - simulated sitting (65 questions) | mean {me_sat:+.1}, MAE {mae_sat:.1}, sd {sd_sat:.1} |");
    println!("| forecast - learner's expected score | mean {me_exp:+.1}, MAE {mae_exp:.1}, sd {sd_exp:.1} |");
    println!("| sittings inside the 90% band | {:.1}% |", 100.0 * covered);
    println!(
        "| plan: answers to the exam, exam-day recall | {:.0}, {:.3} |",
        r.plan_reviews, r.plan_recall
    );
    for (ret, a, e) in &r.fixed {
        println!("| fixed retention {ret:.2}: answers, exam-day recall | {a:.0}, {e:.3} |");
    }
    match matched_fixed(&r) {
        Some((ret, a)) => println!(
            "| fixed retention matching the plan's exam-day recall | {ret:.3}: {a:.0} answers; the plan uses {:.1}% fewer |",
            100.0 * (1.0 - r.plan_reviews / a)
        ),
        None => println!("| fixed retention matching the plan's exam-day recall | outside the grid |"),
    }
    println!();
    println!("({:.1} s)", t0.elapsed().as_secs_f64());
}
