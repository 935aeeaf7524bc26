//! The plan half of the [`Library`] facade: exam date, budget and target, the plan applied to
//! the review queue, the readiness and workload forecasts.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::quiz::Question;
use crate::review::{day_date, CardState, ReviewSettings, Sched, Timing};
use crate::store::{CardRecord, Store};

const MAX_DAYS_AHEAD: i64 = 3 * 366;

/// Study day of a `YYYY-MM-DD` date.
pub fn date_day(date: &str) -> Result<i64> {
    let d = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        Error::InvalidInput(format!(
            "exam date {date:?}: expected a date such as 2027-03-15 (YYYY-MM-DD)"
        ))
    })?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    Ok(d.signed_duration_since(epoch).num_days())
}

fn read_settings(store: &Store) -> Result<PlanSettings> {
    // Key by key: `plan.` also holds the moves and the history, which are not needed here.
    let mut m = HashMap::new();
    for k in ["exam_date", "minutes_per_day", "reviews_per_day", "target"] {
        if let Some(v) = store.setting(&format!("plan.{k}"))? {
            m.insert(k, v);
        }
    }
    let num = |k: &str| m.get(k).and_then(|v| v.parse::<u32>().ok()).filter(|&n| n > 0);
    Ok(PlanSettings {
        exam_date: m.get("exam_date").cloned().filter(|d| date_day(d).is_ok()),
        minutes_per_day: num("minutes_per_day"),
        reviews_per_day: num("reviews_per_day"),
        target: num("target").unwrap_or(crate::exam::PASS_MARK),
    })
}

/// The exam day while it is still ahead (or today).
fn active_exam_day(p: &PlanSettings, t: &Timing) -> Option<i64> {
    p.exam_date
        .as_deref()
        .and_then(|d| date_day(d).ok())
        .filter(|&d| d > t.today)
}

/// Daily limits while a plan is active: `(new cards, reviews)`. The plan's new-card rate raises
/// the new limit so every card is introduced in time; its answer cap lowers the review limit.
pub(crate) fn daily_limits(store: &Store, s: &ReviewSettings, t: &Timing) -> (u32, u32) {
    let Ok(p) = read_settings(store) else {
        return (s.new_per_day, s.reviews_per_day);
    };
    if active_exam_day(&p, t).is_none() {
        return (s.new_per_day, s.reviews_per_day);
    }
    let rate = store
        .setting("plan.new_per_day")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    let cap = p.reviews_per_day.unwrap_or(s.reviews_per_day);
    (s.new_per_day.max(rate), cap)
}

fn moves(store: &Store) -> HashMap<String, i64> {
    store
        .setting("plan.moves")
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

fn topic_targets(store: &Store) -> HashMap<String, f32> {
    store
        .setting("plan.targets")
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

/// The ordinary due day of a review card: its last review plus its FSRS interval.
fn normal_due_ms(sched: &Sched, t: &Timing) -> i64 {
    match sched.last_review_ms {
        Some(ms) => t.day_start_ms(t.day_of(ms) + sched.interval_days as i64),
        None => sched.due_ms,
    }
}

/// Place a card just answered by the plan, while an exam date is set: called by
/// [`Library::answer`] before it stores the answer. `interval_days` keeps the ordinary
/// interval, so clearing the plan can put the card back.
pub(crate) fn adjust_after_answer(
    store: &Store,
    s: &ReviewSettings,
    t: &Timing,
    rec: &CardRecord,
    after: &mut Sched,
) -> Result<()> {
    let p = read_settings(store)?;
    let Some(exam_day) = active_exam_day(&p, t) else {
        return Ok(());
    };
    if after.state != CardState::Review {
        return Ok(());
    }
    let (Some(stability), Some(difficulty)) = (after.stability, after.difficulty) else {
        return Ok(());
    };
    let model = Model::new(&s.fsrs_params);
    let target = topic_targets(store)
        .get(&rec.service)
        .copied()
        .unwrap_or_else(|| base_target(p.target));
    let mem = Mem {
        stability,
        difficulty,
    };
    let normal_day = t.today + after.interval_days as i64;
    let day = next_plan_day(&model, mem, t.today, t.today + 1, exam_day, target)
        .unwrap_or(normal_day.max(exam_day));
    after.due_ms = t.day_start_ms(day);
    let mut m = moves(store);
    m.insert(rec.id.clone(), after.due_ms);
    store.set_setting("plan.moves", &serde_json::to_string(&m).unwrap_or_default())
}

struct Ctx {
    settings: PlanSettings,
    review: ReviewSettings,
    t: Timing,
    model: Model,
    records: Vec<CardRecord>,
    cards: Vec<PlanCard>,
    shares: HashMap<Domain, HashMap<String, f64>>,
    evidence: HashMap<String, Evidence>,
    secs: f64,
    secs_from_log: bool,
    new_rate: f64,
    topic_weight: HashMap<String, f64>,
    answered_right: HashSet<String>,
    questions: Vec<(String, String, String)>,
}

impl Library {
    /// The plan settings.
    pub fn plan_settings(&self) -> Result<PlanSettings> {
        read_settings(&self.store())
    }

    /// Change the exam date, budget or target (validated), or clear the exam date; applies the
    /// plan to the review queue and returns the report.
    pub fn set_plan(&self, u: &PlanUpdate) -> Result<PlanReport> {
        let s = self.review_settings()?;
        let t = self.timing(&s);
        if u.clear {
            let store = self.store();
            for (id, due) in moves(&store) {
                if let Some(rec) = store.card(&id)? {
                    if rec.sched.state == CardState::Review && rec.sched.due_ms == due {
                        store.set_card_due(&id, normal_due_ms(&rec.sched, &t))?;
                    }
                }
            }
            store.delete_settings_with_prefix("plan.")?;
            drop(store);
            return self.plan();
        }
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(d) = &u.exam_date {
            let day = date_day(d)?;
            if day <= t.today {
                return Err(Error::InvalidInput(format!(
                    "exam date {d}: must be after today ({})",
                    day_date(t.today)
                )));
            }
            if day > t.today + MAX_DAYS_AHEAD {
                return Err(Error::InvalidInput(format!(
                    "exam date {d}: at most three years ahead"
                )));
            }
            pairs.push(("plan.exam_date", day_date(day)));
        }
        if let Some(m) = u.minutes_per_day {
            if m > 1440 {
                return Err(Error::InvalidInput(format!(
                    "minutes per day {m}: at most 1440 (0 removes the budget)"
                )));
            }
            pairs.push(("plan.minutes_per_day", m.to_string()));
        }
        if let Some(n) = u.reviews_per_day {
            if n > 99_999 {
                return Err(Error::InvalidInput(format!(
                    "reviews per day {n}: at most 99999 (0 removes the cap)"
                )));
            }
            pairs.push(("plan.reviews_per_day", n.to_string()));
        }
        if let Some(n) = u.target {
            if !(100..=1000).contains(&n) {
                return Err(Error::InvalidInput(format!(
                    "target {n}: a scaled score between 100 and 1000 (pass mark 720)"
                )));
            }
            pairs.push(("plan.target", n.to_string()));
        }
        {
            let mut store = self.store();
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            store.set_settings(&refs)?;
        }
        let ctx = self.plan_ctx(true)?;
        if let Some(exam_day) = active_exam_day(&ctx.settings, &ctx.t) {
            let mut targets: HashMap<String, (f64, usize)> = HashMap::new();
            for c in &ctx.cards {
                let e = targets.entry(c.topic.clone()).or_default();
                e.0 += c.target as f64;
                e.1 += 1;
            }
            let targets: HashMap<String, f32> = targets
                .into_iter()
                .map(|(k, (s, n))| (k, (s / n as f64) as f32))
                .collect();
            self.store().set_setting(
                "plan.targets",
                &serde_json::to_string(&targets).unwrap_or_default(),
            )?;
            self.apply_plan(&ctx, exam_day)?;
        }
        self.plan()
    }

    /// Put each review card's next review where the plan wants it, levelled to the budget.
    fn apply_plan(&self, ctx: &Ctx, exam_day: i64) -> Result<()> {
        let t = &ctx.t;
        let mut order: Vec<usize> = (0..ctx.cards.len())
            .filter(|&i| ctx.cards[i].mem.is_some() && ctx.records[i].sched.state == CardState::Review)
            .collect();
        order.sort_by(|&a, &b| ctx.cards[b].target.total_cmp(&ctx.cards[a].target));
        let days: Vec<i64> = order
            .iter()
            .map(|&i| {
                let c = &ctx.cards[i];
                next_plan_day(
                    &ctx.model,
                    c.mem.unwrap(),
                    c.last_day,
                    t.today,
                    exam_day,
                    c.target,
                )
                .unwrap_or(c.due_day.max(exam_day))
            })
            .collect();
        let cap = allowed_per_day(ctx)
            .map(|c| c.floor().max(1.0) as usize)
            .unwrap_or(0);
        let levelled = level(&days, t.today, cap);
        let store = self.store();
        let mut m = moves(&store);
        for (k, &i) in order.iter().enumerate() {
            let due = t.day_start_ms(levelled[k]);
            let rec = &ctx.records[i];
            if rec.sched.due_ms != due {
                store.set_card_due(&rec.id, due)?;
                m.insert(rec.id.clone(), due);
            }
        }
        store.set_setting("plan.moves", &serde_json::to_string(&m).unwrap_or_default())?;
        Ok(())
    }

    fn plan_ctx(&self, fresh_targets: bool) -> Result<Ctx> {
        let review = self.review_settings()?;
        let t = self.timing(&review);
        let store = self.store();
        let settings = read_settings(&store)?;
        let model = Model::new(&review.fsrs_params);
        let records: Vec<CardRecord> = store
            .cards(None, i64::MAX as usize, 0)?
            .into_iter()
            .filter(|r| r.sched.suspended == 0 && !r.missing)
            .collect();
        let logged = store.median_answer_ms()?;
        let secs_from_log = logged.is_some();
        let secs = logged
            .map(|ms| (ms as f64 / 1000.0).clamp(2.0, 300.0))
            .unwrap_or(DEFAULT_SECS_PER_REVIEW);
        // Which topics each domain's questions are about.
        let mut shares: HashMap<Domain, HashMap<String, f64>> = HashMap::new();
        let bank = self.quiz_bank();
        let questions: Vec<(String, String, String)> = bank
            .questions
            .iter()
            .filter(|q| !q.generated)
            .map(|q| (q.id.clone(), q.stem.clone(), q.service.clone()))
            .collect();
        for q in &bank.questions {
            *shares
                .entry(q.domain)
                .or_default()
                .entry(q.service.clone())
                .or_default() += 1.0;
        }
        for m in shares.values_mut() {
            let total: f64 = m.values().sum();
            for v in m.values_mut() {
                *v /= total;
            }
        }
        let mut topic_weight: HashMap<String, f64> = HashMap::new();
        for (d, m) in &shares {
            for (topic, s) in m {
                *topic_weight.entry(topic.clone()).or_default() += d.weight_percent() as f64 / 100.0 * s;
            }
        }
        // Practice answers, each weighed by its topic's recall when it was given (from the
        // memory each card had then, in the review log; 0 for a card not yet learnt).
        let mut answers: Vec<(String, bool, i64)> = Vec::new();
        let mut answered_right = HashSet::new();
        for a in store.exam_attempts()? {
            for item in store.exam_items(a.id)? {
                let Some(ok) = item.correct else { continue };
                if item.selected.is_none() {
                    continue;
                }
                let Ok(q) = serde_json::from_str::<Question>(&item.question) else {
                    continue;
                };
                if ok {
                    answered_right.insert(q.id.clone());
                }
                let at = item.answered_at.unwrap_or(a.updated_at);
                answers.push((q.service, ok, t.day_of(at)));
            }
        }
        let mut history: HashMap<String, Vec<(i64, f32)>> = HashMap::new();
        if !answers.is_empty() {
            for (card, at, s) in store.memory_history()? {
                history.entry(card).or_default().push((t.day_of(at), s));
            }
        }
        let mut recall_then: HashMap<(String, i64), f64> = HashMap::new();
        let mut evidence: HashMap<String, Evidence> = HashMap::new();
        for (topic, ok, day) in answers {
            let r = *recall_then.entry((topic.clone(), day)).or_insert_with(|| {
                let (mut sum, mut n) = (0.0, 0usize);
                for rec in records.iter().filter(|r| r.service == topic) {
                    n += 1;
                    if let Some(&(d, s)) = history
                        .get(&rec.id)
                        .and_then(|h| h.iter().rev().find(|(d, _)| *d <= day))
                    {
                        sum += model.recall((day - d) as f32, s) as f64;
                    }
                }
                if n == 0 {
                    1.0
                } else {
                    sum / n as f64
                }
            });
            evidence.entry(topic).or_default().answers.push((ok, r.max(0.05)));
        }
        let base = base_target(settings.target);
        let frozen = if fresh_targets {
            HashMap::new()
        } else {
            topic_targets(&store)
        };
        let max_w = topic_weight.values().copied().fold(0.0, f64::max).max(1e-9);
        let cards: Vec<PlanCard> = records
            .iter()
            .map(|r| {
                let w = topic_weight.get(&r.service).copied().unwrap_or(0.0) / max_w;
                let acc = evidence
                    .get(&r.service)
                    .map(|ev| {
                        let post = ability_posterior(ev);
                        // How well the topic would go at the target recall: low means weak.
                        accuracy(&post, base as f64).0
                    })
                    .unwrap_or(0.85);
                let graduated = r.sched.state != CardState::New && r.sched.stability.is_some();
                let last_day = r.sched.last_review_ms.map(|ms| t.day_of(ms)).unwrap_or(t.today);
                PlanCard {
                    id: r.id.clone(),
                    topic: r.service.clone(),
                    mem: match (graduated, r.sched.stability, r.sched.difficulty) {
                        (true, Some(stability), Some(difficulty)) => Some(Mem {
                            stability,
                            difficulty,
                        }),
                        _ => None,
                    },
                    last_day,
                    // The ordinary due day (the plan may have moved the stored one).
                    due_day: if r.sched.state == CardState::Review {
                        t.day_of(normal_due_ms(&r.sched, &t))
                    } else {
                        t.today
                    },
                    // Targets are fixed when the plan is set, so the forecast between two
                    // changes of the plan answers "what if I keep to this plan".
                    target: frozen
                        .get(&r.service)
                        .copied()
                        .unwrap_or_else(|| card_target(base, w, acc)),
                }
            })
            .collect();
        let exam_day = active_exam_day(&settings, &t);
        let new_count = cards.iter().filter(|c| c.mem.is_none()).count();
        let new_rate = exam_day.map(|e| new_rate(new_count, t.today, e)).unwrap_or(0.0);
        drop(store);
        Ok(Ctx {
            settings,
            review,
            t,
            model,
            records,
            cards,
            shares,
            evidence,
            secs,
            secs_from_log,
            new_rate,
            topic_weight,
            answered_right,
            questions,
        })
    }

    /// The plan: settings, fit with the budget, workload (plan and plain), the readiness
    /// forecast, the weakest topics and the forecast history. Stores today's forecast.
    pub fn plan(&self) -> Result<PlanReport> {
        let ctx = self.plan_ctx(false)?;
        let t = &ctx.t;
        let base = base_target(ctx.settings.target);
        let Some(exam_day) = active_exam_day(&ctx.settings, t) else {
            return Ok(PlanReport {
                settings: ctx.settings.clone(),
                active: false,
                today: day_date(t.today),
                days_left: 0,
                target_retention: base,
                secs_per_review: ctx.secs,
                secs_from_log: ctx.secs_from_log,
                new_per_day: 0.0,
                cards_planned: 0,
                brought_forward: 0,
                safe_until_exam: 0,
                fit: Fit {
                    fits: true,
                    minutes_per_day_needed: 0.0,
                    reviews_per_day_needed: 0.0,
                    reviews_per_day_allowed: None,
                    topics_short: Vec::new(),
                    message: "no exam date set: cards are scheduled at the desired retention".into(),
                },
                workload: Vec::new(),
                plan_total_reviews: 0.0,
                plain_total_reviews: 0.0,
                plan_exam_recall: 0.0,
                plain_exam_recall: 0.0,
                forecast: None,
                weakest: Vec::new(),
                study_card_ids: Vec::new(),
                history: self.plan_history()?,
            });
        };
        let learn = 1.0 + ctx.review.learning_steps.len() as f64;
        let relearn = ctx.review.relearning_steps.len() as f64;
        let allowed = allowed_per_day(&ctx);
        let proj = |cap: Option<f64>, plain: Option<f32>, new_per_day: f64| {
            project(
                &Projection {
                    model: &ctx.model,
                    today: t.today,
                    exam_day,
                    cap,
                    new_per_day,
                    learn_answers: learn,
                    relearn_answers: relearn,
                    plain,
                },
                &ctx.cards,
            )
        };
        let free = proj(None, None, ctx.new_rate);
        let capped = if allowed.is_some() {
            proj(allowed, None, ctx.new_rate)
        } else {
            free.clone()
        };
        let plain_new = (ctx.review.new_per_day as f64).max(ctx.new_rate);
        let plain = proj(None, Some(ctx.review.desired_retention), plain_new);
        let need = needed_per_day(&free.answers);
        let fits = allowed.is_none_or(|a| need <= a + 1e-6);
        // Topic recall under the budget.
        let mut by_topic: HashMap<String, (f64, f64, usize)> = HashMap::new();
        for (c, r) in ctx.cards.iter().zip(&capped.recall) {
            let e = by_topic.entry(c.topic.clone()).or_default();
            e.0 += *r as f64;
            e.1 += c.target as f64;
            e.2 += 1;
        }
        let mut topics_short: Vec<String> = by_topic
            .iter()
            .filter(|(_, (r, tg, n))| *n > 0 && r / (*n as f64) + 0.005 < tg / (*n as f64))
            .map(|(k, _)| k.clone())
            .collect();
        topics_short.sort();
        let minutes_needed = need * ctx.secs / 60.0;
        let message = if fits {
            format!(
                "the plan fits: about {:.0} minutes a day ({:.0} answers) to the exam on {}",
                minutes_needed,
                need,
                day_date(exam_day)
            )
        } else {
            format!(
                "the plan does not fit the budget: it needs {:.0} minutes a day ({:.0} answers), the budget allows {:.0} answers; {}",
                minutes_needed,
                need,
                allowed.unwrap_or(0.0),
                if topics_short.is_empty() {
                    "every topic still reaches its target".to_string()
                } else {
                    format!("topics that fall short: {}", topics_short.join(", "))
                }
            )
        };
        // The forecast from exam-day recall under the budget and the practice answers.
        let mut topic_list: Vec<(String, usize, f64, Evidence)> = Vec::new();
        let mut names: Vec<&String> = ctx.topic_weight.keys().chain(by_topic.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let (r, _, n) = by_topic.get(name).copied().unwrap_or((0.0, 0.0, 0));
            let recall = if n > 0 { r / n as f64 } else { 0.0 };
            topic_list.push((
                name.clone(),
                n,
                recall,
                ctx.evidence.get(name).cloned().unwrap_or_default(),
            ));
        }
        let readiness = forecast(&topic_list, &ctx.shares, ctx.settings.target);
        let weakest = weakest(&ctx, &readiness, &capped.recall);
        let study_card_ids = weakest
            .iter()
            .flat_map(|w| w.cards.iter().map(|c| c.id.clone()))
            .collect();
        // The new-card rate for the queue; today's forecast.
        let point = HistoryPoint {
            date: day_date(t.today),
            scaled: readiness.scaled,
            low: readiness.low,
            high: readiness.high,
        };
        {
            let mut store = self.store();
            let rate = (ctx.new_rate as u32).to_string();
            let hist = serde_json::to_string(&point).unwrap_or_default();
            let key = format!("plan.history.{}", point.date);
            store.set_settings(&[("plan.new_per_day", rate.as_str()), (key.as_str(), hist.as_str())])?;
        }
        let mut planned = 0;
        let mut forward = 0;
        let mut safe = 0;
        for c in &ctx.cards {
            let Some(m) = c.mem else { continue };
            match next_plan_day(&ctx.model, m, c.last_day, t.today, exam_day, c.target) {
                Some(d) => {
                    planned += 1;
                    if c.due_day > d {
                        forward += 1;
                    }
                }
                None => safe += 1,
            }
        }
        let per_min = ctx.secs / 60.0;
        let workload = (0..(exam_day - t.today) as usize)
            .map(|k| WorkloadDay {
                date: day_date(t.today + k as i64),
                plan_reviews: capped.answers[k],
                plan_minutes: capped.answers[k] * per_min,
                plain_reviews: plain.answers[k],
                plain_minutes: plain.answers[k] * per_min,
            })
            .collect();
        let mean = |v: &[f32]| {
            if v.is_empty() {
                0.0
            } else {
                v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64
            }
        };
        Ok(PlanReport {
            settings: ctx.settings.clone(),
            active: true,
            today: day_date(t.today),
            days_left: exam_day - t.today,
            target_retention: base,
            secs_per_review: ctx.secs,
            secs_from_log: ctx.secs_from_log,
            new_per_day: ctx.new_rate,
            cards_planned: planned,
            brought_forward: forward,
            safe_until_exam: safe,
            fit: Fit {
                fits,
                minutes_per_day_needed: minutes_needed,
                reviews_per_day_needed: need,
                reviews_per_day_allowed: allowed,
                topics_short,
                message,
            },
            workload,
            plan_total_reviews: capped.answers.iter().sum(),
            plain_total_reviews: plain.answers.iter().sum(),
            plan_exam_recall: mean(&capped.recall),
            plain_exam_recall: mean(&plain.recall),
            forecast: Some(readiness),
            weakest,
            study_card_ids,
            history: self.plan_history()?,
        })
    }

    fn plan_history(&self) -> Result<Vec<HistoryPoint>> {
        let mut v: Vec<HistoryPoint> = self
            .store()
            .settings_with_prefix("plan.history.")?
            .values()
            .filter_map(|v| serde_json::from_str(v).ok())
            .collect();
        v.sort_by(|a, b| a.date.cmp(&b.date));
        Ok(v)
    }
}

fn allowed_per_day(ctx: &Ctx) -> Option<f64> {
    let by_minutes = ctx.settings.minutes_per_day.map(|m| m as f64 * 60.0 / ctx.secs);
    let by_cap = ctx.settings.reviews_per_day.map(|n| n as f64);
    match (by_minutes, by_cap) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Scaled points per unit of fraction right, near the pass mark.
const POINTS_PER_FRACTION: f64 = 900.0;

fn weakest(ctx: &Ctx, r: &Readiness, recall: &[f32]) -> Vec<WeakTopic> {
    let mut topics: Vec<&TopicForecast> = r.topics.iter().filter(|t| t.weight > 0.0).collect();
    topics.sort_by(|a, b| {
        let pa = a.weight * (1.0 - a.accuracy);
        let pb = b.weight * (1.0 - b.accuracy);
        pb.total_cmp(&pa).then(a.topic.cmp(&b.topic))
    });
    let minutes = ctx.secs / 60.0;
    topics
        .into_iter()
        .take(3)
        .map(|tf| {
            let mut cards: Vec<StudyItem> = ctx
                .cards
                .iter()
                .enumerate()
                .filter(|(_, c)| c.topic == tf.topic)
                .map(|(i, c)| {
                    let rec = &ctx.records[i];
                    // What one more review would add at most: the card's shortfall of recall on
                    // the exam day, weighted by its topic's share of the exam, per minute.
                    let gain = tf.weight * (1.0 - GUESS) * tf.ability * (1.0 - recall[i] as f64)
                        / tf.cards.max(1) as f64
                        * POINTS_PER_FRACTION;
                    StudyItem {
                        id: c.id.clone(),
                        text: short(rec.front_override.as_deref().unwrap_or(&rec.front)),
                        now: recall[i] as f64,
                        gain_per_minute: gain / minutes,
                    }
                })
                .collect();
            cards.sort_by(|a, b| {
                b.gain_per_minute
                    .total_cmp(&a.gain_per_minute)
                    .then(a.id.cmp(&b.id))
            });
            cards.truncate(10);
            cards.retain(|c| c.gain_per_minute > 0.0);
            // A question not yet answered right: practising it adds evidence and, if the
            // answer is read, knowledge; its share of the topic's weight stands for its gain.
            let in_topic: Vec<&(String, String, String)> =
                ctx.questions.iter().filter(|q| q.2 == tf.topic).collect();
            let per_q = tf.weight / in_topic.len().max(1) as f64;
            let mut questions: Vec<StudyItem> = in_topic
                .into_iter()
                .filter(|q| !ctx.answered_right.contains(&q.0))
                .take(5)
                .map(|q| StudyItem {
                    id: q.0.clone(),
                    text: short(&q.1),
                    now: tf.accuracy,
                    // Answering it (and reading why) closes part of its share of the gap.
                    gain_per_minute: per_q * (1.0 - tf.accuracy) * POINTS_PER_FRACTION / MINUTES_PER_QUESTION,
                })
                .collect();
            questions.sort_by(|a, b| a.id.cmp(&b.id));
            WeakTopic {
                topic: tf.topic.clone(),
                accuracy: tf.accuracy,
                potential: tf.weight * (1.0 - tf.accuracy) * POINTS_PER_FRACTION,
                cards,
                questions,
            }
        })
        .collect()
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 120 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(119).collect::<String>())
    }
}
