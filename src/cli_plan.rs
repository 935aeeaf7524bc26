//! `coldstart plan`: set an exam date, a daily budget and a target, and read the plan, the
//! workload forecast and the readiness forecast. Everything goes through the `Library` facade.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use coldstart::plan::{PlanReport, PlanUpdate};
use coldstart::Library;

/// Flags of `coldstart plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Exam date, YYYY-MM-DD (after today).
    #[arg(long)]
    exam_date: Option<String>,
    /// Daily study budget in minutes (0 removes it).
    #[arg(long)]
    minutes_per_day: Option<u32>,
    /// Daily cap on answers (0 removes it).
    #[arg(long)]
    reviews_per_day: Option<u32>,
    /// Target scaled score, 100-1000 (default: the pass mark, 720).
    #[arg(long)]
    target: Option<u32>,
    /// Remove the exam date and return to the ordinary schedule.
    #[arg(long, conflicts_with_all = ["exam_date", "minutes_per_day", "reviews_per_day", "target"])]
    clear: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Run `coldstart plan`.
pub fn run(lib: &Library, a: &PlanArgs) -> Result<ExitCode> {
    let changes = a.exam_date.is_some()
        || a.minutes_per_day.is_some()
        || a.reviews_per_day.is_some()
        || a.target.is_some()
        || a.clear;
    let report = if changes {
        lib.set_plan(&PlanUpdate {
            exam_date: a.exam_date.clone(),
            minutes_per_day: a.minutes_per_day,
            reviews_per_day: a.reviews_per_day,
            target: a.target,
            clear: a.clear,
        })?
    } else {
        lib.plan()?
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print(&mut out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn bar(v: f64, max: f64, width: usize) -> String {
    let n = if max > 0.0 {
        ((v / max) * width as f64).round() as usize
    } else {
        0
    };
    "#".repeat(n.min(width))
}

/// The report for a person.
pub fn print(out: &mut dyn Write, r: &PlanReport) -> Result<()> {
    if !r.active {
        writeln!(
            out,
            "No exam date set: cards are scheduled at the desired retention."
        )?;
        writeln!(
            out,
            "Set one with: coldstart plan --exam-date YYYY-MM-DD [--minutes-per-day N]"
        )?;
        return Ok(());
    }
    let s = &r.settings;
    writeln!(
        out,
        "Exam on {} ({} days from {}), target {} (exam-day recall target {:.0}%)",
        s.exam_date.as_deref().unwrap_or("?"),
        r.days_left,
        r.today,
        s.target,
        r.target_retention * 100.0
    )?;
    let budget = match (s.minutes_per_day, s.reviews_per_day) {
        (Some(m), Some(n)) => format!("{m} min/day, at most {n} answers/day"),
        (Some(m), None) => format!("{m} min/day"),
        (None, Some(n)) => format!("at most {n} answers/day"),
        (None, None) => "no budget set".into(),
    };
    writeln!(
        out,
        "Budget: {budget}; {:.0} s per answer ({})",
        r.secs_per_review,
        if r.secs_from_log {
            "median of your review log"
        } else {
            "default until answers are timed"
        }
    )?;
    writeln!(out, "{}", r.fit.message)?;
    writeln!(
        out,
        "Cards: {} to review before the exam ({} brought forward), {} safe until then, {:.0} new per day",
        r.cards_planned, r.brought_forward, r.safe_until_exam, r.new_per_day
    )?;
    writeln!(
        out,
        "To the exam: {:.0} answers under the plan (exam-day recall {:.1}%) vs {:.0} at plain desired retention ({:.1}%)",
        r.plan_total_reviews,
        r.plan_exam_recall * 100.0,
        r.plain_total_reviews,
        r.plain_exam_recall * 100.0
    )?;
    if let Some(f) = &r.forecast {
        writeln!(out)?;
        writeln!(
            out,
            "Forecast: {} (90% band {}-{}), chance of reaching {}: {:.0}%",
            f.scaled,
            f.low,
            f.high,
            s.target,
            f.p_target * 100.0
        )?;
        for d in &f.domains {
            writeln!(
                out,
                "  {:<16} {:>3}%  {:>4}  ({}-{})",
                d.domain.as_str(),
                d.weight_percent,
                d.scaled,
                d.low,
                d.high
            )?;
        }
    }
    if !r.weakest.is_empty() {
        writeln!(out)?;
        writeln!(out, "Weakest topics (study these):")?;
        for w in &r.weakest {
            writeln!(
                out,
                "  {:<14} accuracy {:.0}%, up to {:.0} points",
                w.topic,
                w.accuracy * 100.0,
                w.potential
            )?;
            for c in w.cards.iter().take(3) {
                writeln!(out, "    card {:.1} pts/min  {}", c.gain_per_minute, c.text)?;
            }
            for q in w.questions.iter().take(2) {
                writeln!(out, "    question {}  {}", q.id, q.text)?;
            }
        }
    }
    if !r.workload.is_empty() {
        writeln!(out)?;
        writeln!(out, "Workload (minutes/day): plan | plain")?;
        let max = r
            .workload
            .iter()
            .map(|d| d.plan_minutes.max(d.plain_minutes))
            .fold(0.0, f64::max);
        for d in &r.workload {
            writeln!(
                out,
                "  {} {:>5.1} {:<20} | {:>5.1} {}",
                d.date,
                d.plan_minutes,
                bar(d.plan_minutes, max, 20),
                d.plain_minutes,
                bar(d.plain_minutes, max, 20)
            )?;
        }
    }
    if r.history.len() > 1 {
        writeln!(out)?;
        writeln!(out, "Forecast history:")?;
        for h in &r.history {
            writeln!(out, "  {} {} ({}-{})", h.date, h.scaled, h.low, h.high)?;
        }
    }
    Ok(())
}
