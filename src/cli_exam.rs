//! `coldstart exam`, `coldstart exams` and `coldstart quiz check`: the terminal front end of the
//! practice exams. Everything goes through the `Library` facade.
//!
//! On a terminal, keys act at once: 1–5 or a–e answer (on a multiple-response question they toggle
//! a choice), f flags, n/p or the arrow keys move, g goes to a question, s submits, q quits and
//! keeps the attempt for later, z/r pause and resume (practice mode). When stdin is not a terminal
//! (a script, a test) the same commands are read one per line, and several choices may be given at
//! once (`a c`, `1,3`); the end of input quits and keeps the attempt.

use std::io::{BufRead, Write};

use anyhow::Result;
use coldstart::exam::{ExamRequest, ExamResult, ExamState, ExamSummary};
use coldstart::Library;

/// One learner command.
#[derive(Debug, PartialEq)]
enum Cmd {
    Show,
    Choices(Vec<usize>),
    Clear,
    Flag,
    Next,
    Prev,
    Goto(usize),
    Submit,
    Quit,
    Pause,
    Resume,
    Help,
    Unknown(String),
}

fn parse_cmd(line: &str) -> Cmd {
    let l = line.trim().to_ascii_lowercase();
    match l.as_str() {
        "" => return Cmd::Show,
        "f" | "flag" => return Cmd::Flag,
        "n" | "next" | ">" => return Cmd::Next,
        "p" | "prev" | "<" => return Cmd::Prev,
        "s" | "submit" => return Cmd::Submit,
        "q" | "quit" => return Cmd::Quit,
        "z" | "pause" => return Cmd::Pause,
        "r" | "resume" => return Cmd::Resume,
        "x" | "clear" => return Cmd::Clear,
        "h" | "?" | "help" => return Cmd::Help,
        _ => {}
    }
    if let Some(rest) = l.strip_prefix("goto").or_else(|| l.strip_prefix('g')) {
        if let Ok(n) = rest.trim().parse::<usize>() {
            if n >= 1 {
                return Cmd::Goto(n - 1);
            }
        }
        return Cmd::Unknown(line.trim().to_string());
    }
    let mut out = Vec::new();
    for c in l.chars() {
        match c {
            'a'..='e' => out.push(c as usize - 'a' as usize),
            '1'..='5' => out.push(c as usize - '1' as usize),
            ' ' | ',' => {}
            _ => return Cmd::Unknown(line.trim().to_string()),
        }
    }
    if out.is_empty() {
        Cmd::Unknown(line.trim().to_string())
    } else {
        Cmd::Choices(out)
    }
}

const HELP: &str = "keys: 1-5 or a-e answer (toggle on \"Choose N\" questions; `a c` sets several), x clear, \
f flag, n/p or arrows move, g N go to question N, s submit, q quit and resume later, z/r pause/resume (practice)";

fn mmss(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

fn letters(v: &[usize]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.iter()
            .map(|i| letter(*i).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn render(out: &mut dyn Write, st: &ExamState) -> std::io::Result<()> {
    let q = &st.question;
    let time = match st.remaining_ms {
        Some(r) => format!("time left {}", mmss(r)),
        None => format!("time {}", mmss(st.elapsed_ms)),
    };
    writeln!(out)?;
    writeln!(
        out,
        "Question {}/{}  [{} · {} · {}]{}  answered {}/{}  flagged {}  {}{}",
        q.position + 1,
        st.total,
        q.service,
        q.domain,
        q.difficulty.as_str(),
        if q.flagged { "  ⚑ FLAGGED" } else { "" },
        st.answered,
        st.total,
        st.flagged,
        time,
        if st.paused { "  (paused)" } else { "" }
    )?;
    let nav: String = st
        .navigator
        .iter()
        .map(
            |n| match (n.position == st.current, n.flagged, n.answered, n.correct) {
                (true, ..) => '>',
                (_, _, _, Some(true)) => '✓',
                (_, _, _, Some(false)) => '✗',
                (_, true, _, _) => '⚑',
                (_, _, true, _) => '■',
                _ => '·',
            },
        )
        .collect();
    writeln!(out, "{nav}")?;
    writeln!(out)?;
    writeln!(out, "{}", q.stem.trim())?;
    writeln!(out)?;
    for (i, c) in q.choices.iter().enumerate() {
        let mark = if q.selected.contains(&i) { "[x]" } else { "[ ]" };
        writeln!(out, "  {mark} {}) {c}", letter(i))?;
    }
    if q.multiple && !q.stem.contains("(Choose") {
        writeln!(out, "  (choose {})", q.choose)?;
    }
    if let Some(fb) = &q.feedback {
        writeln!(out)?;
        writeln!(
            out,
            "{} The answer is {}.",
            if fb.correct { "Correct." } else { "Wrong." },
            letters(&fb.answer)
        )?;
        writeln!(out, "{}", fb.explanation.trim())?;
        for (i, why) in fb.choice_explanations.iter().enumerate() {
            writeln!(out, "  {}) {}", letter(i), why.trim())?;
        }
        for url in &fb.sources {
            writeln!(out, "  source: {url}")?;
        }
        for r in &fb.refs {
            writeln!(out, "  see: coldstart note {}#{}", r.note, r.anchor)?;
        }
    }
    Ok(())
}

/// Print a result for people.
pub fn print_result(out: &mut dyn Write, r: &ExamResult) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "Attempt #{} ({} mode){}: {} of {} correct = {:.1}%  ({} answered, {} in all, {} per question)",
        r.attempt_id,
        r.mode.as_str(),
        if r.time_up { ", time up" } else { "" },
        r.correct,
        r.total,
        r.percent,
        r.answered,
        mmss(r.elapsed_ms),
        mmss(r.mean_time_ms)
    )?;
    writeln!(
        out,
        "Scaled score: {} / 1000 — {} ({})",
        r.scaled.score,
        if r.scaled.passed {
            "PASS"
        } else {
            "below the pass mark"
        },
        r.scaled.label
    )?;
    writeln!(out, "By domain:")?;
    for b in &r.by_domain {
        writeln!(
            out,
            "  {:<16} {:>3}/{:<3} {:>5.1}%   (exam weight {}%)",
            b.key,
            b.correct,
            b.total,
            b.percent,
            b.weight_percent.unwrap_or(0)
        )?;
    }
    writeln!(out, "By service:")?;
    for b in &r.by_service {
        writeln!(
            out,
            "  {:<16} {:>3}/{:<3} {:>5.1}%",
            b.key, b.correct, b.total, b.percent
        )?;
    }
    let wrong: Vec<_> = r.questions.iter().filter(|q| !q.correct).collect();
    if !wrong.is_empty() {
        writeln!(out, "To review ({}; added to your review queue):", wrong.len())?;
        for q in wrong {
            let first = q.stem.lines().next().unwrap_or("");
            let short: String = first.chars().take(90).collect();
            writeln!(
                out,
                "  Q{} {}  yours: {}  right: {}  {} s\n      {}{}",
                q.position + 1,
                q.id,
                letters(&q.selected),
                letters(&q.answer),
                q.time_ms / 1000,
                short,
                if first.chars().count() > 90 { "…" } else { "" }
            )?;
            if let Some(r) = q.refs.first() {
                writeln!(out, "      see: coldstart note {}#{}", r.note, r.anchor)?;
            }
        }
    }
    Ok(())
}

enum Input {
    Term(console::Term),
    Lines(std::io::StdinLock<'static>),
}

impl Input {
    /// The next command; `None` at the end of input.
    fn next(&mut self, out: &mut dyn Write) -> std::io::Result<Option<Cmd>> {
        match self {
            Input::Lines(lines) => {
                let mut s = String::new();
                if lines.read_line(&mut s)? == 0 {
                    return Ok(None);
                }
                Ok(Some(parse_cmd(&s)))
            }
            Input::Term(t) => {
                write!(out, "> ")?;
                out.flush()?;
                let key = t.read_key()?;
                writeln!(out)?;
                use console::Key;
                Ok(Some(match key {
                    Key::ArrowRight | Key::ArrowDown => Cmd::Next,
                    Key::ArrowLeft | Key::ArrowUp => Cmd::Prev,
                    Key::Escape => Cmd::Quit,
                    Key::Char('g') => {
                        write!(out, "go to question: ")?;
                        out.flush()?;
                        let n = t.read_line()?;
                        parse_cmd(&format!("g{}", n.trim()))
                    }
                    Key::Char(c) => parse_cmd(&c.to_string()),
                    Key::Enter => Cmd::Show,
                    _ => Cmd::Show,
                }))
            }
        }
    }

    fn confirm(&mut self, out: &mut dyn Write, prompt: &str) -> std::io::Result<bool> {
        match self {
            Input::Lines(_) => Ok(true),
            Input::Term(t) => {
                write!(out, "{prompt} [y/N] ")?;
                out.flush()?;
                let k = t.read_key()?;
                writeln!(out)?;
                Ok(matches!(k, console::Key::Char('y') | console::Key::Char('Y')))
            }
        }
    }
}

/// Run an interactive exam. Returns the result when the attempt was submitted, `None` when the
/// learner quit to resume later.
pub fn run_exam(
    lib: &Library,
    req: ExamRequest,
    new: bool,
    line_mode: bool,
    out: &mut dyn Write,
) -> Result<Option<ExamResult>> {
    let mut st = match (new, lib.exam_current()?) {
        (false, Some(st)) => {
            writeln!(
                out,
                "Resuming attempt #{} ({} mode, question {}/{}). Use --new to start another.",
                st.attempt_id,
                st.mode.as_str(),
                st.current + 1,
                st.total
            )?;
            st
        }
        _ => {
            let st = lib.exam_start(&req)?;
            writeln!(
                out,
                "Attempt #{}: {} mode, {} questions, {}, seed {}.",
                st.attempt_id,
                st.mode.as_str(),
                st.total,
                st.time_limit_ms
                    .map(|l| format!("{} minutes", l / 60_000))
                    .unwrap_or_else(|| "untimed".into()),
                st.config.seed
            )?;
            st
        }
    };
    let term = console::Term::stdout();
    let mut input = if !line_mode && console::user_attended() && term.is_term() {
        Input::Term(term)
    } else {
        Input::Lines(std::io::stdin().lock())
    };
    writeln!(out, "{HELP}")?;
    let id = st.attempt_id;
    loop {
        if st.status != coldstart::exam::ExamStatus::InProgress {
            if st.time_up {
                writeln!(out, "Time is up: the attempt was submitted.")?;
            }
            let r = lib.exam_result(id)?;
            return Ok(Some(r));
        }
        render(out, &st)?;
        let Some(cmd) = input.next(out)? else {
            writeln!(out, "Saved attempt #{id}; run `coldstart exam` to resume it.")?;
            return Ok(None);
        };
        let pos = st.current;
        let res = match cmd {
            Cmd::Show => lib.exam_current().map(|s| s.unwrap_or(st.clone())),
            Cmd::Help => {
                writeln!(out, "{HELP}")?;
                continue;
            }
            Cmd::Unknown(s) => {
                writeln!(out, "unknown command {s:?}. {HELP}")?;
                continue;
            }
            Cmd::Choices(mut c) => {
                if st.question.multiple && c.len() == 1 {
                    let i = c[0];
                    let mut sel = st.question.selected.clone();
                    if let Some(p) = sel.iter().position(|x| *x == i) {
                        sel.remove(p);
                    } else {
                        sel.push(i);
                    }
                    c = sel;
                }
                lib.exam_answer(id, pos, &c)
            }
            Cmd::Clear => lib.exam_answer(id, pos, &[]),
            Cmd::Flag => lib.exam_flag(id, pos, None),
            Cmd::Next => lib.exam_goto(id, (pos + 1).min(st.total - 1)),
            Cmd::Prev => lib.exam_goto(id, pos.saturating_sub(1)),
            Cmd::Goto(n) => lib.exam_goto(id, n),
            Cmd::Pause => lib.exam_pause(id),
            Cmd::Resume => lib.exam_resume(id),
            Cmd::Quit => {
                writeln!(out, "Saved attempt #{id}; run `coldstart exam` to resume it.")?;
                return Ok(None);
            }
            Cmd::Submit => {
                let left = st.total - st.answered;
                if left > 0 && !input.confirm(out, &format!("{left} unanswered. Submit anyway?"))? {
                    continue;
                }
                let r = lib.exam_submit(id)?;
                return Ok(Some(r));
            }
        };
        match res {
            Ok(s) => st = s,
            Err(e) => writeln!(out, "! {e}")?,
        }
    }
}

fn date(ms: i64) -> String {
    // Civil date from unix days (UTC), Howard Hinnant's algorithm.
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", tod / 3600, (tod % 3600) / 60)
}

/// Print the attempt history with a trend line.
pub fn print_history(out: &mut dyn Write, h: &[ExamSummary]) -> std::io::Result<()> {
    if h.is_empty() {
        writeln!(out, "no exam attempts yet; start one with `coldstart exam`")?;
        return Ok(());
    }
    writeln!(
        out,
        "{:>4}  {:<8}  {:<11}  {:<16}  {:>9}  {:>7}  {:>6}  {:>8}",
        "#", "mode", "status", "started (UTC)", "correct", "percent", "scaled", "time"
    )?;
    for a in h {
        writeln!(
            out,
            "{:>4}  {:<8}  {:<11}  {:<16}  {:>9}  {:>7}  {:>6}  {:>8}",
            a.attempt_id,
            a.mode.as_str(),
            a.status,
            date(a.started_at),
            a.correct
                .map(|c| format!("{c}/{}", a.total))
                .unwrap_or_else(|| format!("-/{}", a.total)),
            a.percent
                .map(|p| format!("{p:.1}%"))
                .unwrap_or_else(|| "-".into()),
            a.scaled
                .map(|s| format!("{s}{}", if s >= 720 { "" } else { "*" }))
                .unwrap_or_else(|| "-".into()),
            mmss(a.elapsed_ms)
        )?;
    }
    let bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let trend: String = h
        .iter()
        .filter_map(|a| a.percent)
        .map(|p| bars[((p / 100.0 * 7.0).round() as usize).min(7)])
        .collect();
    if !trend.is_empty() {
        writeln!(out, "trend (percent, oldest first): {trend}")?;
    }
    writeln!(
        out,
        "scaled = estimated 100–1000 score, pass 720 (* below); an estimate, not an official AWS score"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse() {
        assert_eq!(parse_cmd("b"), Cmd::Choices(vec![1]));
        assert_eq!(parse_cmd("2"), Cmd::Choices(vec![1]));
        assert_eq!(parse_cmd("a c"), Cmd::Choices(vec![0, 2]));
        assert_eq!(parse_cmd("1,3"), Cmd::Choices(vec![0, 2]));
        assert_eq!(parse_cmd("g 12"), Cmd::Goto(11));
        assert_eq!(parse_cmd("goto 1"), Cmd::Goto(0));
        assert_eq!(parse_cmd("F"), Cmd::Flag);
        assert_eq!(parse_cmd("n"), Cmd::Next);
        assert_eq!(parse_cmd(""), Cmd::Show);
        assert!(matches!(parse_cmd("zz"), Cmd::Unknown(_)));
        assert!(matches!(parse_cmd("g0"), Cmd::Unknown(_)));
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date(0), "1970-01-01 00:00");
        assert_eq!(date(1_700_000_000_000), "2023-11-14 22:13");
    }
}
