//! Exam day: a study plan to a date and a readiness forecast.
//!
//! While an exam date is set, each review card's next review is placed so that its predicted
//! recall *on the exam day* reaches a target retention (higher for cards of heavily weighted or
//! weak topics): a card that would still be recalled well enough on the day needs no review
//! before it; one that would not is reviewed on the latest day that keeps its recall at review
//! time above a floor, and never later than the eve of the exam. Days over the daily budget pass
//! their excess to earlier days. New cards are spread so the last is introduced well before the
//! exam. After the exam date the ordinary schedule (desired retention) takes over again; nothing
//! in the review log changes.
//!
//! The forecast models a question of topic `t` as answered right with probability
//! `g + (1 - g) · a_t · R_t`, where `g` is the guessing rate, `R_t` the mean exam-day recall of the
//! topic's cards, and `a_t` the learner's (unknown) ability to apply what they recall, estimated
//! per topic from their practice-exam answers with a Beta prior on a grid (exact Bayes). Topic
//! accuracies are weighted into the four DVA-C02 domains by the question bank, and the domains by
//! the blueprint; the band adds the posterior spread to the sampling spread of a 65-question exam.
//!
//! Everything here is a pure function of its inputs (the `impl Library` in `api.rs` loads and
//! stores), so the simulation in `sim.rs` runs the very same code.

pub(crate) mod api;
pub mod model;
pub mod sim;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

pub use model::{Mem, Model};

use crate::exam::scaled_estimate;
use crate::quiz::Domain;

/// Guessing rate on a four-choice question.
pub const GUESS: f64 = 0.25;
/// Questions on the DVA-C02 exam.
pub const EXAM_QUESTIONS: f64 = 65.0;
/// Seconds per answer when the review log has none.
pub const DEFAULT_SECS_PER_REVIEW: f64 = 12.0;
/// Minutes per practice question (for "gain per minute").
pub const MINUTES_PER_QUESTION: f64 = 1.5;
/// Retention never allowed to fall below at review time while planning (keeps lapses rare).
pub const FLOOR_RETENTION: f32 = 0.80;
/// Prior on the ability to apply what is recalled: Beta(α, β).
pub const ABILITY_PRIOR: (f64, f64) = (4.0, 1.5);
const GRID: usize = 200;

/// Base exam-day target retention for a target scaled score: 0.90 at the pass mark 720, up to
/// 0.97 for 1000, down to 0.80.
pub fn base_target(target_score: u32) -> f32 {
    (0.9 + (target_score as f32 - 720.0) / 2800.0).clamp(0.80, 0.97)
}

/// A card's exam-day target: the base, plus up to 0.02 for a heavily weighted topic (weight
/// relative to the heaviest) and up to 0.04 for a weak one (accuracy below 85%).
pub fn card_target(base: f32, weight_rel: f64, accuracy: f64) -> f32 {
    let weak = ((0.85 - accuracy) / 0.35).clamp(0.0, 1.0);
    (base + 0.02 * weight_rel.clamp(0.0, 1.0) as f32 + 0.04 * weak as f32).min(0.97)
}

/// The day a review card should next be reviewed under the plan, or `None` when its recall on
/// the exam day already meets `target` without one. `last_day` is its last review; the day is
/// never before `today` nor after the eve of the exam.
pub fn next_plan_day(
    model: &Model,
    mem: Mem,
    last_day: i64,
    today: i64,
    exam_day: i64,
    target: f32,
) -> Option<i64> {
    if exam_day <= today {
        return None;
    }
    if model.recall((exam_day - last_day) as f32, mem.stability) >= target {
        return None;
    }
    let floor = FLOOR_RETENTION.min(target - 0.05);
    let by_floor = last_day + (model.interval(mem.stability, floor).floor() as i64).max(1);
    Some(by_floor.min(exam_day - 1).max(today))
}

/// One card as the planner sees it.
#[derive(Debug, Clone)]
pub struct PlanCard {
    /// Card id.
    pub id: String,
    /// Topic (service).
    pub topic: String,
    /// Memory, for cards that have graduated (`None`: new, or never scheduled in days).
    pub mem: Option<Mem>,
    /// Study day of the last review.
    pub last_day: i64,
    /// Study day the ordinary schedule has it due.
    pub due_day: i64,
    /// Exam-day target retention.
    pub target: f32,
}

/// What the day-by-day projection needs.
#[derive(Debug, Clone)]
pub struct Projection<'a> {
    /// The memory model.
    pub model: &'a Model,
    /// Today.
    pub today: i64,
    /// The exam day.
    pub exam_day: i64,
    /// Answers per day allowed (`None`: no cap).
    pub cap: Option<f64>,
    /// New cards introduced per day.
    pub new_per_day: f64,
    /// Answers a new card takes on its first day (1 + learning steps).
    pub learn_answers: f64,
    /// Extra answers after a lapse (relearning steps).
    pub relearn_answers: f64,
    /// `Some(r)`: plain scheduling at desired retention `r`; `None`: the plan.
    pub plain: Option<f32>,
}

/// A projection's result.
#[derive(Debug, Clone, Default)]
pub struct Projected {
    /// Expected answers per day, from today to the eve of the exam.
    pub answers: Vec<f64>,
    /// Exam-day recall per card, in input order (0 for a card never introduced).
    pub recall: Vec<f32>,
}

/// Project the study from today to the exam, assuming each review is passed (with the expected
/// extra answers of a lapse counted in the workload).
pub fn project(p: &Projection, cards: &[PlanCard]) -> Projected {
    let days = (p.exam_day - p.today).max(0) as usize;
    let mut answers = vec![0.0; days];
    // (memory, last day, next day)
    let mut st: Vec<Option<(Mem, i64, Option<i64>)>> = cards
        .iter()
        .map(|c| {
            c.mem.map(|m| {
                let next = match p.plain {
                    Some(_) => Some(c.due_day.max(p.today)),
                    None => next_plan_day(p.model, m, c.last_day, p.today, p.exam_day, c.target),
                };
                (m, c.last_day, next)
            })
        })
        .collect();
    let mut new_queue: Vec<usize> = (0..cards.len()).filter(|&i| cards[i].mem.is_none()).collect();
    new_queue.reverse();
    let mut new_credit = 0.0;
    for (k, slot) in answers.iter_mut().enumerate() {
        let day = p.today + k as i64;
        let mut due: Vec<usize> = (0..cards.len())
            .filter(|&i| matches!(st[i], Some((_, _, Some(n))) if n <= day))
            .collect();
        due.sort_by(|&a, &b| {
            let na = st[a].unwrap().2.unwrap();
            let nb = st[b].unwrap().2.unwrap();
            na.cmp(&nb).then(cards[b].target.total_cmp(&cards[a].target))
        });
        let mut used = 0.0;
        for i in due {
            let (m, last, _) = st[i].unwrap();
            let r = p.model.recall((day - last) as f32, m.stability);
            let cost = 1.0 + (1.0 - r as f64) * p.relearn_answers;
            if p.cap.is_some_and(|c| used + cost > c + 1e-9) {
                continue;
            }
            used += cost;
            let m2 = p.model.review(m, (day - last) as f32, 3);
            st[i] = Some((m2, day, next_of(p, m2, day, cards[i].target)));
        }
        new_credit += p.new_per_day;
        while new_credit >= 1.0 - 1e-9 {
            let Some(&i) = new_queue.last() else { break };
            if p.cap.is_some_and(|c| used + p.learn_answers > c + 1e-9) {
                break;
            }
            new_queue.pop();
            new_credit -= 1.0;
            used += p.learn_answers;
            let mut m = p.model.init(3);
            for _ in 1..(p.learn_answers.round() as usize).max(1) {
                m = p.model.review(m, 0.0, 3);
            }
            st[i] = Some((m, day, next_of(p, m, day, cards[i].target)));
        }
        *slot = used;
    }
    let recall = st
        .iter()
        .map(|s| match s {
            Some((m, last, _)) => p.model.recall((p.exam_day - last) as f32, m.stability),
            None => 0.0,
        })
        .collect();
    Projected { answers, recall }
}

fn next_of(p: &Projection, m: Mem, day: i64, target: f32) -> Option<i64> {
    match p.plain {
        Some(r) => Some(day + (p.model.interval(m.stability, r).round() as i64).max(1)),
        None => next_plan_day(p.model, m, day, day + 1, p.exam_day, target),
    }
}

/// Answers per day needed so that every answer can be given on or before its planned day:
/// the largest `cumulative load / days` over the days to the exam.
pub fn needed_per_day(answers: &[f64]) -> f64 {
    let mut cum = 0.0;
    let mut need: f64 = 0.0;
    for (k, a) in answers.iter().enumerate() {
        cum += a;
        need = need.max(cum / (k + 1) as f64);
    }
    need
}

/// New cards per day so that the last is introduced a quarter of the way before the exam
/// (at most two weeks before).
pub fn new_rate(new_cards: usize, today: i64, exam_day: i64) -> f64 {
    let days = (exam_day - today).max(1);
    let lead = (days / 4).min(14);
    let avail = (days - lead).max(1);
    (new_cards as f64 / avail as f64).ceil()
}

/// Move the excess of each day over `cap` to earlier days (not before `today`); returns the
/// new day of each item (input: the planned day of each item, in priority order, highest first).
pub fn level(days: &[i64], today: i64, cap: usize) -> Vec<i64> {
    let mut out = days.to_vec();
    if cap == 0 {
        return out;
    }
    let mut by_day: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, &d) in days.iter().enumerate() {
        by_day.entry(d.max(today)).or_default().push(i);
    }
    let Some((&last, _)) = by_day.iter().next_back() else {
        return out;
    };
    let mut carry: Vec<usize> = Vec::new();
    let mut d = last;
    while d >= today {
        let mut here = by_day.remove(&d).unwrap_or_default();
        here.append(&mut carry);
        // Highest priority (lowest index) stays closest to its planned day.
        here.sort_unstable();
        if here.len() > cap && d > today {
            carry = here.split_off(cap);
        }
        for &i in &here {
            out[i] = d;
        }
        d -= 1;
    }
    out
}

/// Practice-exam evidence of one topic: `(correct, recall of the topic at the time)` per answer.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Answers.
    pub answers: Vec<(bool, f64)>,
}

/// How far a topic's ability strays from the learner's own average, as the strength of the
/// Beta prior centred on that average (pseudo-answers).
pub const TOPIC_PRIOR_STRENGTH: f64 = 10.0;

/// Posterior of a topic's ability on a grid, from the population prior: `(grid values, weights)`.
pub fn ability_posterior(e: &Evidence) -> Vec<(f64, f64)> {
    ability_posterior_with(e, ABILITY_PRIOR)
}

/// Posterior of an ability on a grid with a Beta(α, β) prior.
pub fn ability_posterior_with(e: &Evidence, prior: (f64, f64)) -> Vec<(f64, f64)> {
    let (a0, b0) = prior;
    let mut out: Vec<(f64, f64)> = (0..GRID)
        .map(|i| {
            let a = (i as f64 + 0.5) / GRID as f64;
            let mut lw = (a0 - 1.0) * a.ln() + (b0 - 1.0) * (1.0 - a).ln();
            for &(ok, r) in &e.answers {
                let p = (GUESS + (1.0 - GUESS) * a * r.clamp(0.0, 1.0)).clamp(1e-6, 1.0 - 1e-6);
                lw += if ok { p.ln() } else { (1.0 - p).ln() };
            }
            (a, lw)
        })
        .collect();
    let max = out.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for x in out.iter_mut() {
        x.1 = (x.1 - max).exp();
        sum += x.1;
    }
    for x in out.iter_mut() {
        x.1 /= sum;
    }
    out
}

/// Mean and variance of a topic's exam-day accuracy given its ability posterior and exam-day recall.
pub fn accuracy(post: &[(f64, f64)], recall: f64) -> (f64, f64) {
    let p = |a: f64| GUESS + (1.0 - GUESS) * a * recall;
    let mean: f64 = post.iter().map(|&(a, w)| w * p(a)).sum();
    let var: f64 = post.iter().map(|&(a, w)| w * (p(a) - mean).powi(2)).sum();
    (mean, var)
}

/// One topic's forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TopicForecast {
    /// Topic (service).
    pub topic: String,
    /// Cards that teach it.
    pub cards: usize,
    /// Mean predicted recall of its cards on the exam day.
    pub recall: f64,
    /// Practice answers counted.
    pub answered: usize,
    /// Of which right.
    pub correct: usize,
    /// Estimated ability to apply what is recalled (posterior mean).
    pub ability: f64,
    /// Predicted exam-day accuracy on its questions.
    pub accuracy: f64,
    /// Share of the exam that tests it (from the bank and the blueprint).
    pub weight: f64,
}

/// One domain's forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DomainForecast {
    /// Domain.
    pub domain: Domain,
    /// Blueprint weight (percent).
    pub weight_percent: u32,
    /// Predicted fraction right.
    pub fraction: f64,
    /// Predicted scaled score of this domain alone.
    pub scaled: u32,
    /// 90% band, low.
    pub low: u32,
    /// 90% band, high.
    pub high: u32,
}

/// The readiness forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Readiness {
    /// Predicted fraction right overall.
    pub fraction: f64,
    /// Predicted scaled score (100–1000).
    pub scaled: u32,
    /// 90% band, low.
    pub low: u32,
    /// 90% band, high.
    pub high: u32,
    /// Probability of reaching the target.
    pub p_target: f64,
    /// Per domain.
    pub domains: Vec<DomainForecast>,
    /// Per topic.
    pub topics: Vec<TopicForecast>,
}

fn normal_cdf(z: f64) -> f64 {
    // Abramowitz–Stegun 7.1.26 on erf.
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let y = 1.0
        - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t
            + 0.254_829_592)
            * t
            * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + y)
    } else {
        0.5 * (1.0 - y)
    }
}

/// The score a fraction right would get, as a real number (for the band).
fn band(f: f64, sd: f64) -> (u32, u32, u32) {
    (
        scaled_estimate(f),
        scaled_estimate(f - 1.645 * sd),
        scaled_estimate(f + 1.645 * sd),
    )
}

/// Combine per-topic exam-day recall and practice evidence into the forecast.
/// `shares[d][t]`: the share of domain `d`'s questions that are about topic `t`.
pub fn forecast(
    topics: &[(String, usize, f64, Evidence)],
    shares: &HashMap<Domain, HashMap<String, f64>>,
    target: u32,
) -> Readiness {
    let mut topic_out = Vec::new();
    let mut acc: HashMap<&str, (f64, f64)> = HashMap::new();
    // Two levels: the learner's own average ability from every answer (population prior), then
    // each topic's from its answers with a prior centred on that average.
    let pooled = Evidence {
        answers: topics.iter().flat_map(|t| t.3.answers.iter().copied()).collect(),
    };
    let pooled_post = ability_posterior(&pooled);
    let own: f64 = pooled_post.iter().map(|&(a, w)| a * w).sum();
    // The uncertainty of that average is shared by every topic (it does not average out).
    let own_var: f64 = pooled_post.iter().map(|&(a, w)| w * (a - own).powi(2)).sum();
    let mean_recall = {
        let n: usize = topics.iter().map(|t| t.1).sum();
        if n == 0 {
            0.0
        } else {
            topics.iter().map(|t| t.2 * t.1 as f64).sum::<f64>() / n as f64
        }
    };
    let prior = (TOPIC_PRIOR_STRENGTH * own, TOPIC_PRIOR_STRENGTH * (1.0 - own));
    for (name, n, recall, ev) in topics {
        let post = ability_posterior_with(ev, prior);
        let (m, v) = accuracy(&post, *recall);
        acc.insert(name.as_str(), (m, v));
        let ability: f64 = post.iter().map(|&(a, w)| a * w).sum();
        let weight: f64 = Domain::ALL
            .iter()
            .map(|d| {
                d.weight_percent() as f64 / 100.0
                    * shares.get(d).and_then(|s| s.get(name)).copied().unwrap_or(0.0)
            })
            .sum();
        topic_out.push(TopicForecast {
            topic: name.clone(),
            cards: *n,
            recall: *recall,
            answered: ev.answers.len(),
            correct: ev.answers.iter().filter(|a| a.0).count(),
            ability,
            accuracy: m,
            weight,
        });
    }
    let mut domains = Vec::new();
    let (mut f, mut var_post) = (0.0, 0.0);
    for d in Domain::ALL {
        let w = d.weight_percent() as f64 / 100.0;
        let empty = HashMap::new();
        let sh = shares.get(&d).unwrap_or(&empty);
        let total: f64 = sh
            .iter()
            .filter(|(t, _)| acc.contains_key(t.as_str()))
            .map(|x| x.1)
            .sum();
        let (mut fd, mut vd) = (0.0, 0.0);
        if total > 0.0 {
            for (t, s) in sh {
                if let Some(&(m, v)) = acc.get(t.as_str()) {
                    fd += s / total * m;
                    vd += (s / total).powi(2) * v;
                }
            }
        } else {
            fd = GUESS;
        }
        let n = EXAM_QUESTIONS * w;
        let (scaled, low, high) = band(fd, (vd + fd * (1.0 - fd) / n).sqrt());
        domains.push(DomainForecast {
            domain: d,
            weight_percent: d.weight_percent(),
            fraction: fd,
            scaled,
            low,
            high,
        });
        f += w * fd;
        var_post += w * w * vd;
    }
    let shared = ((1.0 - GUESS) * mean_recall).powi(2) * own_var;
    let sd = (var_post + shared + f * (1.0 - f) / EXAM_QUESTIONS).sqrt();
    let (scaled, low, high) = band(f, sd);
    let pass = crate::exam::PASS_MARK as f64 / 1000.0;
    // The fraction that gives the target, inverting the (piecewise linear) scaled mapping.
    let tf = if target <= crate::exam::PASS_MARK {
        (target as f64 - 100.0) / (crate::exam::PASS_MARK as f64 - 100.0) * pass
    } else {
        pass + (target as f64 - crate::exam::PASS_MARK as f64) / (1000.0 - crate::exam::PASS_MARK as f64)
            * (1.0 - pass)
    };
    let p_target = if sd > 0.0 {
        1.0 - normal_cdf((tf - f) / sd)
    } else if f >= tf {
        1.0
    } else {
        0.0
    };
    topic_out.sort_by(|a, b| a.topic.cmp(&b.topic));
    Readiness {
        fraction: f,
        scaled,
        low,
        high,
        p_target,
        domains,
        topics: topic_out,
    }
}

/// Settings of the plan (stored under `plan.*`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanSettings {
    /// Exam date `YYYY-MM-DD` (none: no plan).
    pub exam_date: Option<String>,
    /// Daily budget in minutes.
    pub minutes_per_day: Option<u32>,
    /// Daily cap on answers.
    pub reviews_per_day: Option<u32>,
    /// Target scaled score (default the pass mark, 720).
    pub target: u32,
}

/// A change to the plan settings (`None` fields stay as they are; `clear` removes the exam date
/// and restores the ordinary schedule).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanUpdate {
    /// Exam date `YYYY-MM-DD`.
    #[serde(default)]
    pub exam_date: Option<String>,
    /// Daily budget in minutes (0 removes it).
    #[serde(default)]
    pub minutes_per_day: Option<u32>,
    /// Daily cap on answers (0 removes it).
    #[serde(default)]
    pub reviews_per_day: Option<u32>,
    /// Target scaled score 100–1000.
    #[serde(default)]
    pub target: Option<u32>,
    /// Remove the exam date.
    #[serde(default)]
    pub clear: bool,
}

/// One day of the workload forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkloadDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Answers under the plan.
    pub plan_reviews: f64,
    /// Minutes under the plan.
    pub plan_minutes: f64,
    /// Answers at plain desired retention.
    pub plain_reviews: f64,
    /// Minutes at plain desired retention.
    pub plain_minutes: f64,
}

/// Whether the plan fits the budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fit {
    /// True when every planned answer fits the daily budget.
    pub fits: bool,
    /// Minutes per day the plan needs.
    pub minutes_per_day_needed: f64,
    /// Answers per day the plan needs.
    pub reviews_per_day_needed: f64,
    /// Answers per day the budget allows (`None`: no budget).
    pub reviews_per_day_allowed: Option<f64>,
    /// Topics whose exam-day recall falls short of their target within the budget.
    pub topics_short: Vec<String>,
    /// For a person.
    pub message: String,
}

/// A card worth studying now, with how much it raises the forecast per minute.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StudyItem {
    /// Card id, or question id.
    pub id: String,
    /// Front of the card, or the question stem (shortened).
    pub text: String,
    /// Predicted exam-day recall (cards) or the chance of answering right (questions).
    pub now: f64,
    /// Scaled points gained per minute spent.
    pub gain_per_minute: f64,
}

/// A weak topic and what raises it most.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WeakTopic {
    /// Topic.
    pub topic: String,
    /// Predicted accuracy on its questions.
    pub accuracy: f64,
    /// Scaled points it could add if it were perfect.
    pub potential: f64,
    /// Cards to study, best first.
    pub cards: Vec<StudyItem>,
    /// Practice questions to answer, best first.
    pub questions: Vec<StudyItem>,
}

/// One stored daily forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryPoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Predicted scaled score.
    pub scaled: u32,
    /// Band low.
    pub low: u32,
    /// Band high.
    pub high: u32,
}

/// The whole plan report (what `coldstart plan --json` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanReport {
    /// The settings.
    pub settings: PlanSettings,
    /// True while an exam date is set and not passed.
    pub active: bool,
    /// Today (`YYYY-MM-DD`).
    pub today: String,
    /// Days left to the exam.
    pub days_left: i64,
    /// Base exam-day target retention.
    pub target_retention: f32,
    /// Seconds per answer (median of the learner's log, or the default).
    pub secs_per_review: f64,
    /// True when `secs_per_review` comes from the learner's log (false: the default).
    pub secs_from_log: bool,
    /// New cards introduced per day under the plan.
    pub new_per_day: f64,
    /// Cards due before the exam under the plan (their next review).
    pub cards_planned: usize,
    /// Cards brought forward from after the exam (or later) by the plan.
    pub brought_forward: usize,
    /// Cards that need no review before the exam.
    pub safe_until_exam: usize,
    /// Fit with the budget.
    pub fit: Fit,
    /// Workload per day to the exam, plan and plain.
    pub workload: Vec<WorkloadDay>,
    /// Total answers to the exam, plan.
    pub plan_total_reviews: f64,
    /// Total answers to the exam, plain.
    pub plain_total_reviews: f64,
    /// Mean exam-day recall of all cards, plan.
    pub plan_exam_recall: f64,
    /// Mean exam-day recall of all cards, plain.
    pub plain_exam_recall: f64,
    /// The forecast (none without an exam date).
    pub forecast: Option<Readiness>,
    /// The weakest topics and what raises them.
    pub weakest: Vec<WeakTopic>,
    /// Card ids of the weakest topics' study items ("study these").
    pub study_card_ids: Vec<String>,
    /// Earlier daily forecasts.
    pub history: Vec<HistoryPoint>,
}

#[cfg(test)]
mod tests;
