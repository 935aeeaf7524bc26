//! The exam methods of [`Library`]: the question bank, `quiz check`, and exam sessions.
//!
//! Every session method loads the attempt from SQLite, counts the time since the previous action,
//! applies the action, and saves it in one transaction before returning, so a crash loses nothing
//! but the seconds since the last action.

use crate::error::OrNotFound;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use super::{
    breakdowns, scaled_estimate, select, ExamConfig, ExamMode, ExamRequest, ExamResult, ExamState,
    ExamStatus, ExamSummary, Feedback, NavItem, NoteRef, QuestionView, ResultItem, ScaledScore, PASS_MARK,
    SCALED_LABEL,
};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::quiz::{self, Question, QuestionBank, QuizIssue};
use crate::store::{AttemptRow, ItemRow, Store};

/// Per-library exam state that is not in the database.
#[derive(Default)]
pub struct ExamRuntime {
    bank: OnceLock<QuestionBank>,
    anchors: OnceLock<HashSet<String>>,
    /// Attempt id → unix ms of its last action in this process. An attempt missing here was
    /// opened from the database (resumed), so the time before this action is not counted.
    clocks: Mutex<HashMap<i64, i64>>,
}

/// Where the bundled question banks are: `COLDSTART_QUIZZES_DIR`, else `quizzes/` shipped with
/// the executable (a build tree, or the package's `/usr/lib/Coldstart`: [`crate::install`]), else
/// the source tree this binary was built from.
pub fn default_quizzes_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("COLDSTART_QUIZZES_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(q) = crate::install::shipped_dir_of_current_exe("quizzes", |q| q.is_dir()) {
        return q;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("quizzes")
}

/// What `quiz check` found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuizCheck {
    /// Files read.
    pub files: Vec<String>,
    /// Questions that read well.
    pub questions: usize,
    /// Every problem, each with file, line and field.
    pub issues: Vec<QuizIssue>,
    /// Questions per service.
    pub by_service: std::collections::BTreeMap<String, usize>,
    /// Questions per domain.
    pub by_domain: std::collections::BTreeMap<String, usize>,
}

/// A question answered wrongly in an exam: what the review queue turns into a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MissedQuestion {
    /// Question id (stable: a bank id, or `sim-<model>-<seed>-<n>`).
    pub question_id: String,
    /// The attempt it was missed in.
    pub attempt_id: i64,
    /// Unix ms.
    pub at: i64,
    /// The question as it was asked (`null` only if the snapshot is unreadable).
    pub question: Option<Question>,
}

struct Item {
    row: ItemRow,
    q: Question,
    selected: Vec<usize>,
    dirty: bool,
}

struct Session {
    a: AttemptRow,
    config: ExamConfig,
    items: Vec<Item>,
}

impl Session {
    fn load(store: &Store, id: i64) -> Result<Session> {
        let a = store
            .exam_attempt(id)?
            .or_not_found(format_args!("exam attempt {id}"))?;
        let config: ExamConfig = serde_json::from_str(&a.config)
            .map_err(|e| Error::InvalidInput(format!("exam attempt {id}: unreadable settings: {e}")))?;
        let mut items = Vec::new();
        for row in store.exam_items(id)? {
            let q: Question = serde_json::from_str(&row.question).map_err(|e| {
                Error::InvalidInput(format!(
                    "exam attempt {id}: unreadable question {}: {e}",
                    row.question_id
                ))
            })?;
            let selected: Vec<usize> = row
                .selected
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default();
            items.push(Item {
                row,
                q,
                selected,
                dirty: false,
            });
        }
        if items.is_empty() {
            return Err(Error::NotFound(format!("questions of exam attempt {id}")));
        }
        Ok(Session { a, config, items })
    }

    fn mode(&self) -> ExamMode {
        self.config.mode
    }

    fn in_progress(&self) -> bool {
        self.a.status == ExamStatus::InProgress
    }

    fn current(&mut self) -> &mut Item {
        let i = (self.a.current.max(0) as usize).min(self.items.len() - 1);
        &mut self.items[i]
    }

    fn position(&self, position: usize) -> Result<usize> {
        if position < self.items.len() {
            Ok(position)
        } else {
            Err(Error::InvalidInput(format!(
                "question {} does not exist; this attempt has {} (positions 0..{})",
                position,
                self.items.len(),
                self.items.len() - 1
            )))
        }
    }

    fn expired(&self) -> bool {
        self.a.time_limit_ms.is_some_and(|l| self.a.elapsed_ms >= l)
    }

    /// Score everything and close the attempt; returns the questions missed.
    fn finish(&mut self, now: i64, time_up: bool) -> Vec<String> {
        let mut missed = Vec::new();
        let mut correct = 0;
        for it in &mut self.items {
            let ok = !it.selected.is_empty() && it.q.is_correct(&it.selected);
            if it.row.correct != Some(ok) {
                it.row.correct = Some(ok);
                it.dirty = true;
            }
            if ok {
                correct += 1;
            } else {
                missed.push(it.q.id.clone());
            }
        }
        let total = self.items.len();
        let frac = correct as f64 / total as f64;
        self.a.status = ExamStatus::Submitted;
        self.a.submitted_at = Some(now);
        self.a.time_up = time_up;
        self.a.paused = false;
        self.a.correct = Some(correct as i64);
        self.a.percent = Some(super::percent(correct, total));
        self.a.scaled = Some(scaled_estimate(frac) as i64);
        missed
    }

    fn save(&self, store: &mut Store, missed: &[String]) -> Result<()> {
        let dirty: Vec<&ItemRow> = self.items.iter().filter(|i| i.dirty).map(|i| &i.row).collect();
        store.exam_save(&self.a, &dirty, missed)
    }

    fn reveal(&self, it: &Item) -> bool {
        !self.in_progress() || (self.mode() == ExamMode::Practice && it.row.correct.is_some())
    }

    fn state(&self) -> ExamState {
        let cur = (self.a.current.max(0) as usize).min(self.items.len() - 1);
        let it = &self.items[cur];
        let q = &it.q;
        let feedback = self.reveal(it).then(|| Feedback {
            correct: !it.selected.is_empty() && q.is_correct(&it.selected),
            answer: q.answer.clone(),
            explanation: q.explanation.clone(),
            choice_explanations: q.choice_explanations.clone(),
            sources: q.sources.clone(),
            refs: NoteRef::all(q),
        });
        ExamState {
            attempt_id: self.a.id,
            mode: self.mode(),
            status: self.a.status,
            config: self.config.clone(),
            total: self.items.len(),
            current: cur,
            answered: self.items.iter().filter(|i| !i.selected.is_empty()).count(),
            flagged: self.items.iter().filter(|i| i.row.flagged).count(),
            time_limit_ms: self.a.time_limit_ms,
            elapsed_ms: self.a.elapsed_ms,
            remaining_ms: self.a.time_limit_ms.map(|l| (l - self.a.elapsed_ms).max(0)),
            paused: self.a.paused,
            can_pause: self.mode() == ExamMode::Practice && self.in_progress(),
            immediate_feedback: self.mode() == ExamMode::Practice,
            time_up: self.a.time_up,
            started_at: self.a.started_at,
            navigator: self
                .items
                .iter()
                .enumerate()
                .map(|(i, x)| NavItem {
                    position: i,
                    answered: !x.selected.is_empty(),
                    flagged: x.row.flagged,
                    correct: if self.reveal(x) { x.row.correct } else { None },
                })
                .collect(),
            question: QuestionView {
                position: cur,
                id: q.id.clone(),
                service: q.service.clone(),
                domain: q.domain,
                difficulty: q.difficulty,
                stem: q.stem.clone(),
                choices: q.choices.clone(),
                multiple: q.multiple,
                choose: q.answer.len(),
                selected: it.selected.clone(),
                flagged: it.row.flagged,
                time_ms: it.row.time_ms,
                generated: q.generated,
                feedback,
            },
        }
    }

    fn result(&self) -> ExamResult {
        let scored: Vec<(&Question, bool)> = self
            .items
            .iter()
            .map(|i| (&i.q, !i.selected.is_empty() && i.q.is_correct(&i.selected)))
            .collect();
        let (by_domain, by_service) = breakdowns(&scored);
        let correct = scored.iter().filter(|(_, ok)| *ok).count();
        let total = self.items.len();
        let score = scaled_estimate(correct as f64 / total as f64);
        let time: i64 = self.items.iter().map(|i| i.row.time_ms).sum();
        ExamResult {
            attempt_id: self.a.id,
            mode: self.mode(),
            status: self.a.status,
            config: self.config.clone(),
            started_at: self.a.started_at,
            submitted_at: self.a.submitted_at,
            time_up: self.a.time_up,
            time_limit_ms: self.a.time_limit_ms,
            elapsed_ms: self.a.elapsed_ms,
            total,
            answered: self.items.iter().filter(|i| !i.selected.is_empty()).count(),
            correct,
            percent: super::percent(correct, total),
            scaled: ScaledScore {
                score,
                pass_mark: PASS_MARK,
                passed: score >= PASS_MARK,
                estimate: true,
                label: SCALED_LABEL.to_string(),
            },
            by_domain,
            by_service,
            mean_time_ms: time / total as i64,
            questions: self
                .items
                .iter()
                .zip(&scored)
                .enumerate()
                .map(|(i, (it, (_, ok)))| ResultItem {
                    position: i,
                    id: it.q.id.clone(),
                    service: it.q.service.clone(),
                    domain: it.q.domain,
                    difficulty: it.q.difficulty,
                    stem: it.q.stem.clone(),
                    choices: it.q.choices.clone(),
                    multiple: it.q.multiple,
                    selected: it.selected.clone(),
                    answer: it.q.answer.clone(),
                    correct: *ok,
                    answered: !it.selected.is_empty(),
                    flagged: it.row.flagged,
                    time_ms: it.row.time_ms,
                    explanation: it.q.explanation.clone(),
                    choice_explanations: it.q.choice_explanations.clone(),
                    sources: it.q.sources.clone(),
                    refs: NoteRef::all(&it.q),
                    generated: it.q.generated,
                })
                .collect(),
        }
    }

    fn summary(&self) -> ExamSummary {
        let done = self.a.status == ExamStatus::Submitted;
        ExamSummary {
            attempt_id: self.a.id,
            mode: self.mode(),
            status: self.a.status,
            started_at: self.a.started_at,
            submitted_at: self.a.submitted_at,
            total: self.items.len(),
            answered: self.items.iter().filter(|i| !i.selected.is_empty()).count(),
            correct: self.a.correct.filter(|_| done).map(|c| c as usize),
            percent: self.a.percent.filter(|_| done),
            scaled: self.a.scaled.filter(|_| done).map(|s| s as u32),
            passed: self.a.scaled.filter(|_| done).map(|s| s >= PASS_MARK as i64),
            elapsed_ms: self.a.elapsed_ms,
            time_limit_ms: self.a.time_limit_ms,
            services: self.config.services.clone(),
            domains: self.config.domains.clone(),
        }
    }
}

impl Library {
    /// The bundled question bank (`quizzes/*.toml`), read on first use. Questions with problems
    /// are left out and listed in its `issues`.
    pub fn quiz_bank(&self) -> &QuestionBank {
        self.exam
            .bank
            .get_or_init(|| QuestionBank::load(std::slice::from_ref(&self.config().quizzes_dir)))
    }

    fn anchors(&self) -> &HashSet<String> {
        self.exam
            .anchors
            .get_or_init(|| quiz::note_anchors(&self.config().content_dir))
    }

    /// Validate quiz files: the bundled bank when `paths` is empty, else the given files and
    /// folders. Refs are resolved against the bundled notes and facts against the fact base.
    pub fn check_quizzes(&self, paths: &[PathBuf]) -> Result<QuizCheck> {
        let facts = self.facts()?;
        let loaded;
        let bank = if paths.is_empty() {
            self.quiz_bank()
        } else {
            loaded = QuestionBank::load(paths);
            &loaded
        };
        let mut issues = bank.issues.clone();
        issues.extend(quiz::check(&bank.questions, self.anchors(), facts));
        if paths.is_empty() {
            // The generated questions' refs must resolve too.
            let generated = quiz::sim_questions(facts, 1, 1)?;
            issues.extend(
                quiz::check(&generated, self.anchors(), facts)
                    .into_iter()
                    .filter(|i| i.field.as_deref() == Some("refs")),
            );
        }
        let mut by_service = std::collections::BTreeMap::new();
        let mut by_domain = std::collections::BTreeMap::new();
        for q in &bank.questions {
            *by_service.entry(q.service.clone()).or_insert(0) += 1;
            *by_domain.entry(q.domain.as_str().to_string()).or_insert(0) += 1;
        }
        Ok(QuizCheck {
            files: bank.files.clone(),
            questions: bank.questions.len(),
            issues,
            by_service,
            by_domain,
        })
    }

    /// A question by id: from the bundled bank, or rebuilt from a simulator id.
    pub fn question(&self, id: &str) -> Result<Question> {
        if let Some(q) = self.quiz_bank().get(id) {
            return Ok(q.clone());
        }
        quiz::sim_question_by_id(self.facts()?, id)
    }

    /// Start an attempt (any unfinished one is abandoned): select the questions and save.
    pub fn exam_start(&self, req: &ExamRequest) -> Result<ExamState> {
        let now = self.now_ms();
        // Randomness for the selection, not a time: the system clock's nanoseconds.
        let clock_seed = (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0))
            % 1_000_000_007;
        let config = ExamConfig::resolve(req, clock_seed)?;
        let bank = self.quiz_bank();
        let generated = if config.include_generated {
            quiz::sim_questions(self.facts()?, config.seed, 2)?
        } else {
            Vec::new()
        };
        let mut seen_ids = HashSet::new();
        let all: Vec<&Question> = bank
            .questions
            .iter()
            .chain(generated.iter())
            .filter(|q| seen_ids.insert(q.id.as_str()))
            .collect();
        for s in &config.services {
            if !all.iter().any(|q| &q.service == s) {
                let mut known: Vec<&str> = all.iter().map(|q| q.service.as_str()).collect();
                known.sort();
                known.dedup();
                return Err(Error::InvalidInput(format!(
                    "no questions about service {s:?}; services with questions: {}",
                    known.join(", ")
                )));
            }
        }
        let pool: Vec<&Question> = all.into_iter().filter(|q| config.admits(q)).collect();
        if pool.is_empty() {
            return Err(Error::InvalidInput(if bank.questions.is_empty() {
                format!(
                    "the question bank is empty ({} not found or unreadable)",
                    self.config().quizzes_dir.display()
                )
            } else {
                "no questions match those services and domains".to_string()
            }));
        }
        let mut store = self.store();
        let last_seen = store.exam_last_seen()?;
        let chosen = select(&pool, config.questions, &config.domains, config.seed, &last_seen);
        let items: Vec<(String, String)> = chosen
            .iter()
            .map(|q| {
                Ok((
                    q.id.clone(),
                    serde_json::to_string(q).map_err(|e| Error::InvalidInput(e.to_string()))?,
                ))
            })
            .collect::<Result<_>>()?;
        let row = AttemptRow {
            id: 0,
            mode: config.mode.as_str().into(),
            status: ExamStatus::InProgress,
            seed: config.seed as i64,
            config: serde_json::to_string(&config).map_err(|e| Error::InvalidInput(e.to_string()))?,
            started_at: now,
            updated_at: now,
            time_limit_ms: config.minutes.map(|m| m as i64 * 60_000),
            elapsed_ms: 0,
            paused: false,
            current: 0,
            submitted_at: None,
            time_up: false,
            total: items.len() as i64,
            correct: None,
            percent: None,
            scaled: None,
        };
        let id = store.exam_create(&row, &items)?;
        self.exam.clocks.lock().expect("exam clocks").insert(id, now);
        Ok(Session::load(&store, id)?.state())
    }

    /// Run one action on an unfinished attempt: count time, submit if the time is up, else apply
    /// `f` (which returns the questions it found missed), then autosave (also when `f` fails).
    fn exam_act(&self, id: i64, f: impl FnOnce(&mut Session) -> Result<Vec<String>>) -> Result<Session> {
        let mut store = self.store();
        let mut s = Session::load(&store, id)?;
        if !s.in_progress() {
            return Err(Error::InvalidInput(format!(
                "exam attempt {id} is {}; start a new one",
                s.a.status.as_str().replace('_', " ")
            )));
        }
        let now = self.now_ms();
        let last = self.exam.clocks.lock().expect("exam clocks").insert(id, now);
        if let (false, Some(last)) = (s.a.paused, last) {
            let d = (now - last).max(0);
            s.a.elapsed_ms += d;
            let it = s.current();
            it.row.time_ms += d;
            it.dirty = true;
        }
        s.a.updated_at = now;
        if s.expired() {
            if let Some(l) = s.a.time_limit_ms {
                s.a.elapsed_ms = l;
            }
            let missed = s.finish(now, true);
            s.save(&mut store, &missed)?;
            drop(store);
            self.exam.clocks.lock().expect("exam clocks").remove(&id);
            self.sync_question_cards()?;
            return Ok(s);
        }
        let res = f(&mut s);
        let missed = res.as_ref().map(|m| m.clone()).unwrap_or_default();
        s.save(&mut store, &missed)?;
        drop(store);
        if !s.in_progress() {
            self.exam.clocks.lock().expect("exam clocks").remove(&id);
        }
        // Every question answered wrongly becomes (or re-activates) a card in the review queue.
        if !missed.is_empty() {
            self.sync_question_cards()?;
        }
        res.map(|_| s)
    }

    fn not_paused(s: &Session) -> Result<()> {
        if s.a.paused {
            Err(Error::InvalidInput("the exam is paused; resume it first".into()))
        } else {
            Ok(())
        }
    }

    /// The newest unfinished attempt, resumed where it was (and its time counted up to now if it
    /// was already running in this process): call it at start-up, and as a heartbeat while the
    /// exam screen is open. `None` when there is none. An attempt whose time ran out comes back
    /// submitted (`status = "submitted"`, `time_up = true`).
    pub fn exam_current(&self) -> Result<Option<ExamState>> {
        let latest = self.store().exam_latest_unfinished()?;
        match latest {
            Some(a) => Ok(Some(self.exam_act(a.id, |_| Ok(Vec::new()))?.state())),
            None => Ok(None),
        }
    }

    /// The state of any attempt, without counting time.
    pub fn exam_state(&self, attempt_id: i64) -> Result<ExamState> {
        Ok(Session::load(&self.store(), attempt_id)?.state())
    }

    /// Save the answer to question `position` (0-based): the chosen indices (0-based; empty
    /// clears the answer, except in practice mode). Moves to that question. In practice mode the
    /// answer is scored at once, its feedback returned, and it cannot be changed.
    pub fn exam_answer(&self, attempt_id: i64, position: usize, choices: &[usize]) -> Result<ExamState> {
        let s = self.exam_act(attempt_id, |s| {
            Self::not_paused(s)?;
            let pos = s.position(position)?;
            let practice = s.mode() == ExamMode::Practice;
            let now = s.a.updated_at;
            let it = &mut s.items[pos];
            let n = it.q.choices.len();
            let mut sel = choices.to_vec();
            sel.sort_unstable();
            sel.dedup();
            if let Some(bad) = sel.iter().find(|c| **c >= n) {
                return Err(Error::InvalidInput(format!(
                    "choice {bad} does not exist; this question has choices 0..{}",
                    n - 1
                )));
            }
            if !it.q.multiple && sel.len() > 1 {
                return Err(Error::InvalidInput("this question takes one answer".into()));
            }
            let mut missed = Vec::new();
            if practice {
                if it.row.correct.is_some() {
                    return Err(Error::InvalidInput(
                        "already answered (practice mode shows the answer at once)".into(),
                    ));
                }
                if sel.is_empty() {
                    return Err(Error::InvalidInput("choose at least one answer".into()));
                }
                if it.q.multiple && sel.len() != it.q.answer.len() {
                    // Not final yet: keep the partial selection, give no feedback.
                } else {
                    let ok = it.q.is_correct(&sel);
                    it.row.correct = Some(ok);
                    if !ok {
                        missed.push(it.q.id.clone());
                    }
                }
            }
            it.row.selected = if sel.is_empty() {
                None
            } else {
                Some(serde_json::to_string(&sel).expect("indices serialize"))
            };
            it.row.answered_at = Some(now);
            it.selected = sel;
            it.dirty = true;
            s.a.current = pos as i64;
            Ok(missed)
        })?;
        Ok(s.state())
    }

    /// Flag question `position` for review (`None` toggles).
    pub fn exam_flag(&self, attempt_id: i64, position: usize, flagged: Option<bool>) -> Result<ExamState> {
        let s = self.exam_act(attempt_id, |s| {
            Self::not_paused(s)?;
            let pos = s.position(position)?;
            let it = &mut s.items[pos];
            it.row.flagged = flagged.unwrap_or(!it.row.flagged);
            it.dirty = true;
            Ok(Vec::new())
        })?;
        Ok(s.state())
    }

    /// Show question `position`.
    pub fn exam_goto(&self, attempt_id: i64, position: usize) -> Result<ExamState> {
        let s = self.exam_act(attempt_id, |s| {
            Self::not_paused(s)?;
            s.a.current = s.position(position)? as i64;
            Ok(Vec::new())
        })?;
        Ok(s.state())
    }

    /// Pause the clock (practice mode only).
    pub fn exam_pause(&self, attempt_id: i64) -> Result<ExamState> {
        let s = self.exam_act(attempt_id, |s| {
            if s.mode() != ExamMode::Practice {
                return Err(Error::InvalidInput(format!(
                    "pause is only allowed in practice mode (this is {} mode)",
                    s.mode().as_str()
                )));
            }
            s.a.paused = true;
            Ok(Vec::new())
        })?;
        Ok(s.state())
    }

    /// Restart the clock after [`Library::exam_pause`].
    pub fn exam_resume(&self, attempt_id: i64) -> Result<ExamState> {
        let s = self.exam_act(attempt_id, |s| {
            if s.mode() != ExamMode::Practice {
                return Err(Error::InvalidInput(format!(
                    "pause and resume are only allowed in practice mode (this is {} mode)",
                    s.mode().as_str()
                )));
            }
            s.a.paused = false;
            Ok(Vec::new())
        })?;
        Ok(s.state())
    }

    /// Submit: score, record the missed questions for the review queue, and return the results.
    /// Submitting an attempt that is already submitted returns its results.
    pub fn exam_submit(&self, attempt_id: i64) -> Result<ExamResult> {
        {
            let store = self.store();
            let s = Session::load(&store, attempt_id)?;
            if s.a.status == ExamStatus::Submitted {
                return Ok(s.result());
            }
        }
        let s = self.exam_act(attempt_id, |s| Ok(s.finish(s.a.updated_at, false)))?;
        Ok(s.result())
    }

    /// The results of an attempt (provisional if it is not submitted).
    pub fn exam_result(&self, attempt_id: i64) -> Result<ExamResult> {
        Ok(Session::load(&self.store(), attempt_id)?.result())
    }

    /// The domains with their weights and the pass line (no attempt needed).
    pub fn exam_blueprint(&self) -> super::ExamBlueprint {
        super::blueprint()
    }

    /// Every attempt, oldest first (the points of the trend chart are the submitted ones).
    pub fn exam_history(&self) -> Result<Vec<ExamSummary>> {
        let store = self.store();
        store
            .exam_attempts()?
            .into_iter()
            .map(|a| Ok(Session::load(&store, a.id)?.summary()))
            .collect()
    }

    /// Ids of every question missed in an exam (answered wrongly, or left unanswered in a
    /// submitted attempt), newest first, each once.
    ///
    /// This is the hook for the review queue: the cards module turns each id into a card (or
    /// re-activates the card it already made), using [`Library::question`] or the snapshot in
    /// [`Library::missed_questions`] for its content. Ids are stable across bank edits.
    pub fn missed_question_ids(&self) -> Result<Vec<String>> {
        let mut seen = HashSet::new();
        Ok(self
            .store()
            .exam_missed()?
            .into_iter()
            .filter(|m| seen.insert(m.question_id.clone()))
            .map(|m| m.question_id)
            .collect())
    }

    /// Every miss (one per question and attempt), newest first, with the question as asked.
    pub fn missed_questions(&self) -> Result<Vec<MissedQuestion>> {
        Ok(self
            .store()
            .exam_missed()?
            .into_iter()
            .map(|m| MissedQuestion {
                question: serde_json::from_str(&m.question).ok(),
                question_id: m.question_id,
                attempt_id: m.attempt_id,
                at: m.at,
            })
            .collect())
    }
}
