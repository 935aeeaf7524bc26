//! Simulated learners, to check the plan and the forecast against a known truth.
//!
//! Each learner has FSRS memory with known parameters (the crate's defaults), a hidden ability
//! per topic (the chance of answering a question right when its card is recalled), and a grade
//! model: a review is recalled with its true probability; recalled answers are hard 15%, good
//! 75%, easy 10%; a forgotten one is *again* and relearnt the same day. New cards start with
//! *good* (80%) or *again* (20%) and go through the learning steps. Questions test a random card
//! of their topic: recalled, they are answered right with the topic ability, else guessed (1 in 4).
//!
//! [`run`] studies a cohort under the plan, takes practice exams, makes the forecast a week
//! before the exam with the engine's own functions, studies on, sits a simulated exam on the
//! date, and repeats the study at fixed desired retentions for the comparison of workload.

use std::collections::HashMap;

use super::*;
use crate::sim::rng::SplitMix64;

/// The shape of a simulated cohort.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Learners.
    pub learners: usize,
    /// Topics (each belongs to one domain).
    pub topics: usize,
    /// Cards per topic.
    pub cards_per_topic: usize,
    /// Days from the start to the exam.
    pub days: i64,
    /// Days (from the start) of the practice exams.
    pub practice_days: Vec<i64>,
    /// Questions per practice exam.
    pub practice_questions: usize,
    /// Day the forecast is made.
    pub forecast_day: i64,
    /// Target scaled score.
    pub target: u32,
    /// Fixed desired retentions to compare with.
    pub fixed: Vec<f32>,
    /// Seed.
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            learners: 1000,
            topics: 10,
            cards_per_topic: 30,
            days: 42,
            practice_days: vec![14, 24, 34],
            practice_questions: 30,
            forecast_day: 35,
            target: crate::exam::PASS_MARK,
            fixed: vec![0.70, 0.75, 0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96],
            seed: 2026,
        }
    }
}

/// One learner's outcome.
#[derive(Debug, Clone, Default)]
pub struct LearnerOutcome {
    /// Forecast scaled score (made on the forecast day).
    pub predicted: u32,
    /// Its band.
    pub low: u32,
    /// Its band.
    pub high: u32,
    /// The score of the simulated sitting.
    pub sat: u32,
    /// The learner's true expected score (no question sampling).
    pub expected: u32,
    /// Answers given under the plan.
    pub reviews: f64,
    /// Mean true recall of the cards on the exam day.
    pub exam_recall: f64,
}

/// The cohort's results.
#[derive(Debug, Clone, Default)]
pub struct SimReport {
    /// Per learner.
    pub learners: Vec<LearnerOutcome>,
    /// `(retention, mean answers, mean exam-day recall)` of fixed-retention study.
    pub fixed: Vec<(f32, f64, f64)>,
    /// Mean answers under the plan.
    pub plan_reviews: f64,
    /// Mean exam-day recall under the plan.
    pub plan_recall: f64,
}

fn normal(rng: &mut SplitMix64) -> f64 {
    let u1 = rng.next_open01();
    let u2 = rng.next_f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[derive(Clone)]
struct SimCard {
    topic: usize,
    mem: Option<Mem>,
    last: i64,
    next: Option<i64>,
    target: f32,
}

struct Learner {
    ability: Vec<f64>,
    rng: SplitMix64,
}

fn topic_domain(t: usize) -> Domain {
    // 10 topics: 3 development, 3 security, 2 deployment, 2 troubleshooting (any count works).
    Domain::ALL[[0, 0, 0, 1, 1, 1, 2, 2, 3, 3][t % 10]]
}

fn shares(topics: usize) -> HashMap<Domain, HashMap<String, f64>> {
    let mut out: HashMap<Domain, HashMap<String, f64>> = HashMap::new();
    for t in 0..topics {
        out.entry(topic_domain(t))
            .or_default()
            .insert(format!("t{t}"), 1.0);
    }
    for m in out.values_mut() {
        let n = m.len() as f64;
        for v in m.values_mut() {
            *v /= n;
        }
    }
    out
}

/// Policy: `None` the plan, `Some(r)` fixed desired retention.
fn study_day(
    model: &Model,
    cards: &mut [SimCard],
    day: i64,
    exam_day: i64,
    policy: Option<f32>,
    new_per_day: usize,
    rng: &mut SplitMix64,
) -> f64 {
    let mut answers = 0.0;
    let next_of = |m: Mem, day: i64, target: f32| match policy {
        Some(r) => Some(day + (model.interval(m.stability, r).round() as i64).max(1)),
        None => next_plan_day(model, m, day, day + 1, exam_day, target),
    };
    for c in cards.iter_mut() {
        let (Some(m), Some(n)) = (c.mem, c.next) else {
            continue;
        };
        if n > day {
            continue;
        }
        let elapsed = (day - c.last) as f32;
        let r = model.recall(elapsed, m.stability) as f64;
        answers += 1.0;
        let m2 = if rng.next_f64() < r {
            let u = rng.next_f64();
            let grade = if u < 0.15 {
                2
            } else if u < 0.90 {
                3
            } else {
                4
            };
            model.review(m, elapsed, grade)
        } else {
            answers += 1.0;
            let lapsed = model.review(m, elapsed, 1);
            model.review(lapsed, 0.0, 3)
        };
        c.mem = Some(m2);
        c.last = day;
        c.next = next_of(m2, day, c.target);
    }
    let mut introduced = 0;
    for c in cards.iter_mut() {
        if introduced >= new_per_day {
            break;
        }
        if c.mem.is_some() {
            continue;
        }
        introduced += 1;
        let first = if rng.next_f64() < 0.2 { 1 } else { 3 };
        let mut m = model.init(first);
        answers += 1.0;
        for _ in 0..if first == 1 { 3 } else { 2 } {
            m = model.review(m, 0.0, 3);
            answers += 1.0;
        }
        c.mem = Some(m);
        c.last = day;
        c.next = next_of(m, day, c.target);
    }
    answers
}

fn topic_recall(model: &Model, cards: &[SimCard], topic: usize, day: i64) -> Vec<f64> {
    cards
        .iter()
        .filter(|c| c.topic == topic)
        .map(|c| match c.mem {
            Some(m) => model.recall((day - c.last) as f32, m.stability) as f64,
            None => 0.0,
        })
        .collect()
}

fn answer(l: &mut Learner, recalls: &[f64], topic: usize) -> bool {
    let r = recalls[l.rng.below(recalls.len())];
    let p = GUESS + (1.0 - GUESS) * l.ability[topic] * r;
    l.rng.next_f64() < p
}

/// Run the cohort.
pub fn run(cfg: &SimConfig) -> SimReport {
    let model = Model::default();
    let sh = shares(cfg.topics);
    let exam_day = cfg.days;
    let n_cards = cfg.topics * cfg.cards_per_topic;
    let new_per_day = new_rate(n_cards, 0, exam_day) as usize;
    let base = base_target(cfg.target);
    let weights: Vec<f64> = (0..cfg.topics)
        .map(|t| {
            let d = topic_domain(t);
            d.weight_percent() as f64 / 100.0 * sh[&d][&format!("t{t}")]
        })
        .collect();
    let max_w = weights.iter().copied().fold(0.0, f64::max);
    let fresh: Vec<SimCard> = (0..n_cards)
        .map(|i| {
            let topic = i % cfg.topics;
            SimCard {
                topic,
                mem: None,
                last: 0,
                next: None,
                target: card_target(base, weights[topic] / max_w, 0.85),
            }
        })
        .collect();
    let quota: Vec<(Domain, usize)> = Domain::ALL
        .iter()
        .map(|&d| {
            (
                d,
                (EXAM_QUESTIONS * d.weight_percent() as f64 / 100.0).round() as usize,
            )
        })
        .collect();
    let topics_of = |d: Domain| -> Vec<usize> { (0..cfg.topics).filter(|&t| topic_domain(t) == d).collect() };
    let mut report = SimReport::default();
    let mut fixed_sum = vec![(0.0, 0.0); cfg.fixed.len()];
    for k in 0..cfg.learners {
        let mut rng = SplitMix64::from_parts("plan-sim", cfg.seed, k as u64);
        let mean = 0.55 + 0.4 * rng.next_f64();
        let ability: Vec<f64> = (0..cfg.topics)
            .map(|_| (mean + 0.12 * normal(&mut rng)).clamp(0.05, 0.99))
            .collect();
        let mut l = Learner { ability, rng };
        // Under the plan.
        let mut cards = fresh.clone();
        let mut reviews = 0.0;
        let mut evidence: Vec<Evidence> = vec![Evidence::default(); cfg.topics];
        let mut forecast_made = None;
        for day in 0..exam_day {
            if day == cfg.forecast_day {
                // The engine's forecast: project to the exam from the memory states, with each
                // practice answer weighed by its topic's recall when it was given.
                let plan_cards: Vec<PlanCard> = cards
                    .iter()
                    .map(|c| PlanCard {
                        id: String::new(),
                        topic: format!("t{}", c.topic),
                        mem: c.mem,
                        last_day: c.last,
                        due_day: c.next.unwrap_or(day),
                        target: c.target,
                    })
                    .collect();
                let proj = project(
                    &Projection {
                        model: &model,
                        today: day,
                        exam_day,
                        cap: None,
                        new_per_day: new_per_day as f64,
                        learn_answers: 3.0,
                        relearn_answers: 1.0,
                        plain: None,
                    },
                    &plan_cards,
                );
                let mut topics = Vec::new();
                for (t, ev) in evidence.iter().enumerate() {
                    let ev = ev.clone();
                    let rs: Vec<f64> = plan_cards
                        .iter()
                        .zip(&proj.recall)
                        .filter(|(c, _)| c.topic == format!("t{t}"))
                        .map(|(_, &r)| r as f64)
                        .collect();
                    let r = rs.iter().sum::<f64>() / rs.len().max(1) as f64;
                    topics.push((format!("t{t}"), rs.len(), r, ev));
                }
                forecast_made = Some(forecast(&topics, &sh, cfg.target));
            }
            if cfg.practice_days.contains(&day) {
                let recalls: Vec<Vec<f64>> = (0..cfg.topics)
                    .map(|t| topic_recall(&model, &cards, t, day))
                    .collect();
                for q in 0..cfg.practice_questions {
                    let t = q % cfg.topics;
                    let ok = answer(&mut l, &recalls[t], t);
                    let rt = recalls[t].iter().sum::<f64>() / recalls[t].len() as f64;
                    evidence[t].answers.push((ok, rt.max(0.05)));
                }
            }
            reviews += study_day(&model, &mut cards, day, exam_day, None, new_per_day, &mut l.rng);
        }
        // The exam.
        let recalls: Vec<Vec<f64>> = (0..cfg.topics)
            .map(|t| topic_recall(&model, &cards, t, exam_day))
            .collect();
        let (mut right, mut total, mut expected) = (0usize, 0usize, 0.0);
        for &(d, n) in &quota {
            let ts = topics_of(d);
            for _ in 0..n {
                let t = ts[l.rng.below(ts.len())];
                right += answer(&mut l, &recalls[t], t) as usize;
                total += 1;
            }
            let w = d.weight_percent() as f64 / 100.0;
            for &t in &ts {
                let r = recalls[t].iter().sum::<f64>() / recalls[t].len() as f64;
                expected += w / ts.len() as f64 * (GUESS + (1.0 - GUESS) * l.ability[t] * r);
            }
        }
        let f = forecast_made.expect("forecast day before the exam");
        let exam_recall = recalls.iter().flatten().sum::<f64>() / n_cards as f64;
        report.learners.push(LearnerOutcome {
            predicted: f.scaled,
            low: f.low,
            high: f.high,
            sat: scaled_estimate(right as f64 / total as f64),
            expected: scaled_estimate(expected),
            reviews,
            exam_recall,
        });
        // The same learner at fixed desired retentions.
        for (i, &r) in cfg.fixed.iter().enumerate() {
            let mut cards = fresh.clone();
            let mut rng = SplitMix64::from_parts("plan-sim-fixed", cfg.seed, (k * 100 + i) as u64);
            let mut n = 0.0;
            for day in 0..exam_day {
                n += study_day(&model, &mut cards, day, exam_day, Some(r), new_per_day, &mut rng);
            }
            let rec: f64 = (0..cfg.topics)
                .flat_map(|t| topic_recall(&model, &cards, t, exam_day))
                .sum::<f64>()
                / n_cards as f64;
            fixed_sum[i].0 += n;
            fixed_sum[i].1 += rec;
        }
    }
    let n = cfg.learners.max(1) as f64;
    report.fixed = cfg
        .fixed
        .iter()
        .zip(&fixed_sum)
        .map(|(&r, &(a, b))| (r, a / n, b / n))
        .collect();
    report.plan_reviews = report.learners.iter().map(|l| l.reviews).sum::<f64>() / n;
    report.plan_recall = report.learners.iter().map(|l| l.exam_recall).sum::<f64>() / n;
    report
}

/// Answers fixed-retention study needs for the plan's exam-day recall (linear interpolation
/// between the two fixed retentions around it), and that retention; `None` when out of range.
pub fn matched_fixed(report: &SimReport) -> Option<(f32, f64)> {
    let target = report.plan_recall;
    report.fixed.windows(2).find_map(|w| {
        let ((r0, a0, e0), (r1, a1, e1)) = (w[0], w[1]);
        if (e0 <= target && target <= e1) && e1 > e0 {
            let x = (target - e0) / (e1 - e0);
            Some((r0 + (r1 - r0) * x as f32, a0 + (a1 - a0) * x))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_cohort_reaches_the_target_recall_and_the_forecast_tracks_the_truth() {
        let cfg = SimConfig {
            learners: 40,
            ..Default::default()
        };
        let r = run(&cfg);
        assert!(
            r.plan_recall >= base_target(cfg.target) as f64 - 0.01,
            "{}",
            r.plan_recall
        );
        let mae = r
            .learners
            .iter()
            .map(|l| (l.predicted as f64 - l.expected as f64).abs())
            .sum::<f64>()
            / r.learners.len() as f64;
        let me = r
            .learners
            .iter()
            .map(|l| l.predicted as f64 - l.expected as f64)
            .sum::<f64>()
            / r.learners.len() as f64;
        assert!(mae < 60.0, "MAE {mae} mean error {me}");
        // More retention, more work: the comparison is meaningful.
        assert!(
            r.fixed.windows(2).all(|w| w[0].1 <= w[1].1 + 1.0),
            "{:?}",
            r.fixed
        );
    }
}
