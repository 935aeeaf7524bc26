//! `coldstart`: the command-line front end. Every command calls the engine's `Library` facade.
//!
//! Exit codes: 0 success, 1 the command ran but found problems (e.g. `check` findings),
//! 2 an error (bad argument, unreadable file, damaged database).

mod cli_cards;
mod cli_exam;
mod cli_plan;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use coldstart::{Library, LibraryConfig, SearchRequest, SourceFilter};

#[derive(Parser)]
#[command(
    name = "coldstart",
    version,
    about = "Offline notebook, search and study tools for AWS serverless"
)]
struct Cli {
    /// Where Coldstart keeps its database and index (default: the OS per-user data directory).
    #[arg(long, global = true, env = "COLDSTART_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Move a damaged database aside (kept, never overwritten) and restore the newest backup
    /// (`coldstart.db.*.bak`) before running the command.
    #[arg(long, global = true)]
    restore_backup: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Index folders or files of markdown notes (recursively) and remember them.
    Import {
        /// Folders or .md/.markdown/.txt files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also say where the time went (per phase; with --json, a "timings" object).
        #[arg(long)]
        timings: bool,
    },
    /// Search the notes.
    Search {
        /// Words, "quoted phrases", service:NAME, tag:NAME.
        query: String,
        /// Maximum number of hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only notes about this service (lambda, dynamodb, api-gateway, ...).
        #[arg(long)]
        service: Option<String>,
        /// bundled, imported or all.
        #[arg(long, default_value = "all")]
        source: SourceFilter,
        /// Print results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a note, or one section of it with FILE#heading.
    Note {
        /// content/... path (as search shows it), an imported file, optionally #heading.
        target: String,
        /// Print the sanitized HTML instead of text.
        #[arg(long)]
        html: bool,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the simulators, or run one: `coldstart sim lambda-cost requests_per_month=5000000 memory_mb=512`.
    Sim {
        /// Simulator name (omit to list them).
        name: Option<String>,
        /// Inputs as key=value; the rest take their defaults.
        inputs: Vec<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fact-check notes for stale values, contradictions and wrong worked examples
    /// (exit code 1 when there are findings).
    Check {
        /// Files or folders to check (default: every imported and bundled note).
        paths: Vec<PathBuf>,
        /// Dismiss a finding by the id `--json` prints; it is left out from then on.
        #[arg(long, value_name = "FINDING_ID", conflicts_with = "paths")]
        dismiss: Option<String>,
        /// Print `{"findings": [...]}` as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure the fact checker and the card generator on a folder of notes with a labels.json:
    /// recall and precision per file and overall, and a sample of the generated cards to judge.
    EvalNotes {
        /// The folder (its notes and, by default, its labels.json).
        folder: PathBuf,
        /// The labels file (default: FOLDER/labels.json).
        #[arg(long, value_name = "FILE")]
        labels: Option<PathBuf>,
        /// Cards to sample.
        #[arg(long, default_value_t = 60)]
        sample: usize,
        /// Seed of the card sample.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print the whole report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the notes.
    Notes {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Plan to an exam date: set the date, a daily budget and a target; see the plan, the
    /// workload and the readiness forecast.
    Plan(cli_plan::PlanArgs),
    /// Take a practice exam in the terminal (resumes the unfinished one, if any).
    ///
    /// Keys: 1-5 or a-e answer, f flag, n/p or arrows move, g N go to question N, s submit,
    /// q quit and resume later, z/r pause/resume (practice). When stdin is not a terminal, one
    /// command per line.
    Exam {
        /// exam (timed, feedback at the end), practice (feedback after each answer) or custom.
        #[arg(long, default_value = "exam")]
        mode: coldstart::exam::ExamMode,
        /// Number of questions (default: 65 exam, 20 practice, 30 custom).
        #[arg(long)]
        questions: Option<usize>,
        /// Time limit in minutes; 0 for untimed (default: 130 for a full exam, else 2 per question; practice untimed).
        #[arg(long)]
        minutes: Option<u32>,
        /// Only questions about this service (repeatable).
        #[arg(long)]
        service: Vec<String>,
        /// Only questions of this domain: development, security, deployment, troubleshooting (repeatable).
        #[arg(long)]
        domain: Vec<coldstart::quiz::Domain>,
        /// Seed of the question selection (same seed and history, same questions).
        #[arg(long)]
        seed: Option<u64>,
        /// Leave out questions generated from the simulators.
        #[arg(long)]
        no_generated: bool,
        /// Start a new attempt even if one is unfinished (that one is abandoned).
        #[arg(long)]
        new: bool,
        /// Read one command per line even on a terminal.
        #[arg(long)]
        line: bool,
        /// Print the result as JSON on stdout (the exam itself goes to stderr).
        #[arg(long)]
        json: bool,
    },
    /// List past exam attempts with their scores.
    Exams {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Question bank tools.
    Quiz {
        #[command(subcommand)]
        command: QuizCommand,
    },
    /// What is due today (counts within the daily limits, and the queue).
    Due {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Review due cards in the terminal: Space or Enter shows the answer, 1-4 grades it,
    /// u undoes, s suspends, q quits.
    Review,
    /// Answer one card without the interactive review; prints next due, interval, stability, difficulty.
    Answer {
        /// The card's id (from `coldstart due` or `coldstart cards`).
        card_id: String,
        /// again, hard, good or easy (or 1-4).
        grade: coldstart::Rating,
        /// Time taken to answer, in milliseconds (for the review log).
        #[arg(long, value_name = "MS")]
        time_ms: Option<i64>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List cards; with a QUERY (the browser's search syntax, e.g. `service:lambda is:due
    /// -is:suspended`), find, sort and change them in bulk (one undo step).
    Cards {
        /// Only cards about this service.
        #[arg(long)]
        service: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100_000)]
        limit: usize,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        browse: BrowseArgs,
    },
    /// Review statistics: per day, forecast, retention by month, card states, mastery per service.
    Stats {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Optimise the FSRS parameters from your own review log.
    Optimize {
        /// Go back to the parameters in use before the last optimisation instead.
        #[arg(long)]
        restore_previous: bool,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Undo the last answer (or suspend, bury, flag); works across restarts.
    Undo {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export cards for Anki (.apkg: one deck per service under a parent deck) or a spreadsheet (.csv).
    Export {
        /// apkg or csv.
        #[arg(long, default_value = "apkg")]
        format: coldstart::ExportFormat,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only cards about this service.
        #[arg(long)]
        service: Option<String>,
        /// Name of the parent deck (default "Coldstart"; apkg only).
        #[arg(long, value_name = "NAME")]
        deck: Option<String>,
        /// Include the review log and FSRS memory state (apkg; without it every card is new).
        #[arg(long)]
        with_history: bool,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import cards and their review history from Anki (.apkg, .colpkg) or a CSV (front,back[,tags]).
    ImportDeck {
        /// The file.
        file: PathBuf,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the review settings, or change one with KEY VALUE.
    Settings {
        /// desired_retention, new_per_day, reviews_per_day, learning_steps, relearning_steps,
        /// day_starts_at, max_interval.
        key: Option<String>,
        /// The new value.
        value: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum QuizCommand {
    /// Validate quiz files: the bundled bank, or the given files and folders. Exit 1 on problems.
    Check {
        /// Quiz .toml files or folders (default: the bundled quizzes/).
        paths: Vec<PathBuf>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`coldstart search x | head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().map(|e| e.kind()) == Some(std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("coldstart: {err:#}");
            if let Some(hint) = cli_hint(&err) {
                eprintln!("coldstart: {hint}");
            }
            ExitCode::from(2)
        }
    }
}

/// Where to look next, for engine errors a person fixes with another command or flag (the engine's
/// messages name no CLI flags: the desktop user never sees them).
fn cli_hint(err: &anyhow::Error) -> Option<&'static str> {
    let e = err.chain().find_map(|c| c.downcast_ref::<coldstart::Error>())?;
    match e {
        coldstart::Error::NotFound(what) if what.starts_with("card ") || what.starts_with("cards ") => {
            Some("see `coldstart cards` or `coldstart due`")
        }
        coldstart::Error::InvalidInput(what) if what.starts_with("the deck name") => {
            Some("give a name with --deck")
        }
        _ => None,
    }
}

fn open(data_dir: Option<PathBuf>) -> anyhow::Result<Library> {
    let config = LibraryConfig::new(data_dir)?;
    let clock = clock_from_env()?;
    let lib = Library::open(config.clone())
        .with_context(|| format!("opening the library in {}", config.data_dir.display()))?;
    for w in lib.warnings() {
        eprintln!("coldstart: warning: {w}");
    }
    if let Some(c) = clock {
        lib.set_clock(c);
    }
    Ok(lib)
}

/// `COLDSTART_NOW` (unix seconds or RFC 3339) pins the clock, for scripts and tests.
fn clock_from_env() -> anyhow::Result<Option<std::sync::Arc<dyn coldstart::Clock>>> {
    Ok(coldstart::review::clock_from_env(false)?)
}

/// `coldstart cards` with a query: search, sort and bulk actions (see `cli_cards`).
#[derive(clap::Args, Debug)]
struct BrowseArgs {
    /// The query, in the browser's search syntax (several words are all required; a leading
    /// `-term` needs `--` first, as in `coldstart cards -- -is:new`).
    query: Vec<String>,
    /// Sort by: front, service, section, due, interval, stability, difficulty, retrievability,
    /// lapses, reviews, flag, added (default: note order).
    #[arg(long)]
    sort: Option<coldstart::SortColumn>,
    /// Sort descending.
    #[arg(long)]
    desc: bool,
    /// Suspend every matching card.
    #[arg(long, group = "bulk")]
    suspend: bool,
    /// Unsuspend every matching card.
    #[arg(long, group = "bulk")]
    unsuspend: bool,
    /// Bury every matching card until tomorrow.
    #[arg(long, group = "bulk")]
    bury: bool,
    /// Flag every matching card (0 clears, 1-7).
    #[arg(long, group = "bulk", value_name = "N")]
    set_flag: Option<u8>,
    /// Reset every matching card to new (history kept).
    #[arg(long, group = "bulk")]
    forget: bool,
    /// Set the due date: 0 (today), 3, or a range 3-7; a trailing ! sets the interval too.
    #[arg(long, group = "bulk", value_name = "DAYS")]
    set_due: Option<String>,
    /// Recompute memory state and due dates with the current FSRS parameters.
    #[arg(long, group = "bulk")]
    reschedule: bool,
}

impl BrowseArgs {
    fn active(&self) -> bool {
        !self.query.is_empty() || self.sort.is_some() || self.desc || self.any_action()
    }
    fn any_action(&self) -> bool {
        self.suspend
            || self.unsuspend
            || self.bury
            || self.set_flag.is_some()
            || self.forget
            || self.set_due.is_some()
            || self.reschedule
    }
    fn action(&self) -> Option<coldstart::BulkAction> {
        use coldstart::BulkAction as A;
        Some(if self.suspend {
            A::Suspend
        } else if self.unsuspend {
            A::Unsuspend
        } else if self.bury {
            A::Bury
        } else if let Some(flag) = self.set_flag {
            A::Flag { flag }
        } else if self.forget {
            A::Forget
        } else if let Some(days) = &self.set_due {
            A::SetDue { days: days.clone() }
        } else if self.reschedule {
            A::Reschedule
        } else {
            return None;
        })
    }
}

fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if cli.restore_backup {
        let config = LibraryConfig::new(cli.data_dir.clone())?;
        let r = Library::restore_latest_backup(&config.data_dir)?;
        match &r.moved_aside {
            Some(a) => eprintln!("coldstart: moved the damaged database aside to {a}"),
            None => eprintln!("coldstart: there was no database to move aside"),
        }
        eprintln!("coldstart: restored {}", r.restored_from);
    }
    let Some(command) = cli.command else {
        if cli.restore_backup {
            return Ok(ExitCode::SUCCESS);
        }
        anyhow::bail!("no command given; see `coldstart --help`");
    };
    match command {
        Command::Import { paths, json, timings } => {
            let lib = open(cli.data_dir)?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {wide_msg}")
                    .expect("progress template"),
            );
            let (report, took) = lib.import_timed(&paths, &mut |p| {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(p.file.clone());
            })?;
            bar.finish_and_clear();
            if json {
                let mut v = serde_json::json!({
                    "sources": report.sources,
                    "notes": report.notes,
                    "sections": report.sections,
                    "indexed": report.indexed,
                    "skipped_unchanged": report.skipped_unchanged,
                    "removed": report.removed,
                    "errors": report.errors,
                });
                if timings {
                    v["timings"] = serde_json::to_value(&took)?;
                }
                print_json(&v)?;
            } else {
                let mut out = std::io::stdout().lock();
                writeln!(
                    out,
                    "imported {} notes ({} sections) from {}: {} indexed, {} unchanged, {} removed",
                    report.notes,
                    report.sections,
                    report.sources.join(", "),
                    report.indexed,
                    report.skipped_unchanged,
                    report.removed
                )?;
                for e in &report.errors {
                    eprintln!("coldstart: warning: {}:{}: {}", e.file, e.line, e.message);
                }
                if timings {
                    if let serde_json::Value::Object(m) = serde_json::to_value(&took)? {
                        for (k, v) in m {
                            writeln!(out, "  {k:<16} {:>8.3} s", v.as_f64().unwrap_or(0.0))?;
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            limit,
            service,
            source,
            json,
        } => {
            if limit == 0 {
                anyhow::bail!("--limit must be at least 1");
            }
            let req = SearchRequest {
                query,
                limit,
                service,
                source,
            };
            // The index reader alone when it is up to date; else the full open.
            let config = LibraryConfig::new(cli.data_dir.clone())?;
            let res = match Library::quick_search(&config, &req)? {
                Some(res) => res,
                None => open(cli.data_dir)?.search(&req)?,
            };
            if json {
                print_json(&res)?;
            } else {
                let mut out = std::io::stdout().lock();
                if res.hits.is_empty() {
                    writeln!(out, "no results for {:?}", res.query)?;
                }
                for h in &res.hits {
                    writeln!(
                        out,
                        "{}:{}-{}  [{}] {}",
                        h.file,
                        h.line,
                        h.end_line,
                        h.service,
                        h.heading_path.join(" › ")
                    )?;
                    writeln!(out, "    {}", strip_tags(&h.snippet).replace('\n', " "))?;
                }
                if res.fuzzy {
                    writeln!(out, "(some results are fuzzy matches)")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Note { target, html, json } => {
            let lib = open(cli.data_dir)?;
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f.to_string(), Some(a.to_string())),
                None => (target.clone(), None),
            };
            if json && anchor.is_none() {
                // The whole note: the engine's NoteView, the shape the app's `open_note` returns.
                print_json(&lib.note_view(&file)?)?;
                return Ok(ExitCode::SUCCESS);
            }
            let note = lib.note_section(&file, anchor.as_deref())?;
            if json {
                print_json(&note)?;
            } else if html {
                println!("{}", note.html);
            } else {
                println!("{}", note.markdown);
            }
            for i in &note.issues {
                eprintln!("coldstart: warning: {}:{}: {}", i.file, i.line, i.message);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sim { name, inputs, json } => {
            let lib = open(cli.data_dir)?;
            let Some(name) = name else {
                let catalog = lib.sim_catalog()?;
                if json {
                    print_json(&catalog)?;
                } else {
                    let mut out = std::io::stdout().lock();
                    for m in catalog {
                        let keys: Vec<&str> = m.inputs.iter().map(|i| i.key).collect();
                        writeln!(
                            out,
                            "{:<20} {}\n{:<20} inputs: {}",
                            m.name,
                            m.summary,
                            "",
                            keys.join(", ")
                        )?;
                    }
                }
                return Ok(ExitCode::SUCCESS);
            };
            let result = lib.sim_run_args(&name, &inputs)?;
            if json {
                print_json(&result)?;
            } else {
                print!("{}", result.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::EvalNotes {
            folder,
            labels,
            sample,
            seed,
            json,
        } => {
            let lib = open(cli.data_dir)?;
            let opts = coldstart::eval::EvalOptions { labels, sample, seed };
            let report = lib.eval_notes(&folder, &opts)?;
            if json {
                print_json(&report)?;
            } else {
                print_eval(&report)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { paths, dismiss, json } => {
            let lib = open(cli.data_dir)?;
            if let Some(id) = dismiss {
                lib.dismiss_finding(&id)?;
                if json {
                    print_json(&serde_json::json!({ "dismissed": id.trim() }))?;
                } else {
                    println!("dismissed {}", id.trim());
                }
                return Ok(ExitCode::SUCCESS);
            }
            let findings = lib.check((!paths.is_empty()).then_some(paths.as_slice()))?;
            if json {
                print_json(&serde_json::json!({ "findings": findings }))?;
            } else {
                let mut out = std::io::stdout().lock();
                for f in &findings {
                    writeln!(
                        out,
                        "{}:{}: {} [{}] {}",
                        f.file,
                        f.line,
                        f.kind.as_str(),
                        f.id,
                        f.claim
                    )?;
                    writeln!(out, "    expected: {}", f.expected)?;
                    writeln!(out, "    {}", f.explanation)?;
                    if let Some(src) = &f.source {
                        writeln!(out, "    source: {src}")?;
                    }
                }
                writeln!(
                    out,
                    "{} finding{}",
                    findings.len(),
                    if findings.len() == 1 { "" } else { "s" }
                )?;
            }
            Ok(if findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        c @ (Command::Due { .. }
        | Command::Review
        | Command::Answer { .. }
        | Command::Cards { .. }
        | Command::Stats { .. }
        | Command::Optimize { .. }
        | Command::Undo { .. }
        | Command::Settings { .. }) => {
            let lib = open(cli.data_dir)?;
            review_commands(&lib, c)
        }
        Command::Export {
            format,
            out,
            service,
            deck,
            with_history,
            json,
        } => {
            let lib = open(cli.data_dir)?;
            let r = lib.export_deck(&coldstart::ExportOptions {
                format,
                path: out,
                service,
                deck,
                with_history,
            })?;
            if json {
                print_json(&r)?;
            } else {
                let decks = if r.decks.is_empty() {
                    String::new()
                } else {
                    format!(" ({} decks: {})", r.decks.len(), r.decks.join(", "))
                };
                println!(
                    "wrote {} cards{} to {}{decks}",
                    r.cards,
                    if with_history {
                        format!(" and {} reviews", r.reviews)
                    } else {
                        String::new()
                    },
                    r.path
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportDeck { file, json } => {
            let lib = open(cli.data_dir)?;
            let r = lib.import_deck(&file)?;
            if json {
                print_json(&r)?;
            } else {
                println!(
                    "{} notes, {} cards ({} new, {} already here), {} reviews added ({} already here) from {}",
                    r.notes, r.cards, r.added, r.updated, r.reviews, r.reviews_known, r.path
                );
                if !r.decks.is_empty() {
                    println!("decks: {}", r.decks.join(", "));
                }
                for s in &r.skipped {
                    println!("skipped: {s}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Notes { json } => {
            let lib = open(cli.data_dir)?;
            let notes = lib.list_notes()?;
            if json {
                print_json(&notes)?;
            } else {
                let mut out = std::io::stdout().lock();
                for n in notes {
                    writeln!(
                        out,
                        "{:<10} {:<14} {}  ({})",
                        n.source.as_str(),
                        n.service,
                        n.title,
                        n.file
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Exam {
            mode,
            questions,
            minutes,
            service,
            domain,
            seed,
            no_generated,
            new,
            line,
            json,
        } => {
            let lib = open(cli.data_dir)?;
            let req = coldstart::exam::ExamRequest {
                mode,
                questions,
                minutes,
                services: service,
                domains: domain,
                seed,
                include_generated: no_generated.then_some(false),
            };
            let mut stdout = std::io::stdout();
            let mut stderr = std::io::stderr();
            let out: &mut dyn Write = if json { &mut stderr } else { &mut stdout };
            let result = cli_exam::run_exam(&lib, req, new, line, out)?;
            if let Some(r) = result {
                if json {
                    print_json(&r)?;
                } else {
                    cli_exam::print_result(&mut std::io::stdout().lock(), &r)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Plan(args) => cli_plan::run(&open(cli.data_dir)?, &args),
        Command::Exams { json } => {
            let lib = open(cli.data_dir)?;
            let history = lib.exam_history()?;
            if json {
                print_json(&history)?;
            } else {
                cli_exam::print_history(&mut std::io::stdout().lock(), &history)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Quiz {
            command: QuizCommand::Check { paths, json },
        } => {
            let lib = open(cli.data_dir)?;
            let report = lib.check_quizzes(&paths)?;
            if json {
                print_json(&report)?;
            } else {
                let mut out = std::io::stdout().lock();
                for i in &report.issues {
                    writeln!(out, "{i}")?;
                }
                if !report.by_service.is_empty() {
                    let list = |m: &std::collections::BTreeMap<String, usize>| {
                        m.iter()
                            .map(|(k, v)| format!("{k} {v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    writeln!(out, "by service: {}", list(&report.by_service))?;
                    writeln!(out, "by domain: {}", list(&report.by_domain))?;
                }
                writeln!(
                    out,
                    "{} questions in {} files, {} problems",
                    report.questions,
                    report.files.len(),
                    report.issues.len()
                )?;
            }
            Ok(if report.issues.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        format!("{}…", one_line.chars().take(n - 1).collect::<String>())
    }
}

fn local_time(ms: i64) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn review_commands(lib: &Library, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Due { json } => {
            let due = lib.due()?;
            if json {
                print_json(&due)?;
            } else {
                let mut out = std::io::stdout().lock();
                writeln!(
                    out,
                    "{}: {} new, {} learning, {} review ({} done today; limits {} new, {} reviews a day)",
                    due.date,
                    due.new,
                    due.learning,
                    due.review,
                    due.done_today,
                    due.new_limit,
                    due.review_limit
                )?;
                for c in due.queue.iter().take(20) {
                    writeln!(
                        out,
                        "  {}  {:<10} {:<14} {}",
                        c.id,
                        c.state.as_str(),
                        c.service,
                        truncate(&c.front, 70)
                    )?;
                }
                if due.queue.len() > 20 {
                    writeln!(out, "  ... and {} more", due.queue.len() - 20)?;
                }
            }
        }
        Command::Answer {
            card_id,
            grade,
            time_ms,
            json,
        } => {
            let r = lib.answer(&card_id, grade, time_ms)?;
            if json {
                print_json(&r)?;
            } else {
                println!(
                    "{}: {} -> {} in {} (due {}), stability {:.2} d, difficulty {:.2}",
                    r.card_id,
                    r.rating.as_str(),
                    r.state.as_str(),
                    r.interval,
                    r.due_at,
                    r.stability,
                    r.difficulty
                );
            }
        }
        Command::Cards {
            service,
            limit,
            json,
            browse,
        } if browse.active() => {
            let mut query = Vec::new();
            if let Some(s) = service {
                query.push(format!("service:\"{s}\""));
            }
            if !browse.query.is_empty() {
                // Parse it alone first, so an error points into what was typed.
                let typed = browse.query.join(" ");
                coldstart::browse::parse(&typed)?;
                query.push(if query.is_empty() {
                    typed
                } else {
                    format!("({typed})")
                });
            }
            let action = browse.action();
            cli_cards::run(
                lib,
                cli_cards::CardsArgs {
                    query: query.join(" "),
                    sort: browse.sort,
                    desc: browse.desc,
                    limit,
                    json,
                    action,
                },
            )?;
        }
        Command::Cards {
            service, limit, json, ..
        } => {
            let cards = lib.list_cards(&coldstart::CardFilter {
                service,
                limit: Some(limit),
                offset: None,
            })?;
            if json {
                print_json(&cards)?;
            } else {
                let mut out = std::io::stdout().lock();
                for c in &cards {
                    let mut marks = String::new();
                    if c.suspended {
                        marks.push_str(if c.missing { " [missing]" } else { " [suspended]" });
                    }
                    if c.changed {
                        marks.push_str(" [changed]");
                    }
                    if c.edited {
                        marks.push_str(" [edited]");
                    }
                    writeln!(
                        out,
                        "{}  {:<10} {:<14} {}{}",
                        c.id,
                        c.state.as_str(),
                        c.service,
                        truncate(&c.front, 70),
                        marks
                    )?;
                }
                writeln!(out, "{} cards", cards.len())?;
            }
        }
        Command::Stats { json } => {
            let s = lib.stats()?;
            if json {
                print_json(&s)?;
            } else {
                let mut out = std::io::stdout().lock();
                let st = &s.states;
                writeln!(
                    out,
                    "cards: {} ({} new, {} learning, {} young, {} mature, {} relearning, {} suspended, {} missing)",
                    st.total, st.new, st.learning, st.young, st.mature, st.relearning, st.suspended, st.missing
                )?;
                writeln!(
                    out,
                    "today: {} answers in {} min; {} reviews in all",
                    s.today.reviews,
                    s.today.seconds / 60,
                    s.total_reviews
                )?;
                let next7: Vec<String> = s.forecast.iter().take(7).map(|f| f.due.to_string()).collect();
                writeln!(out, "due the next 7 days: {}", next7.join(" "))?;
                for m in &s.retention_by_month {
                    writeln!(
                        out,
                        "retention {}: {:.1}% of {} reviews",
                        m.month,
                        m.retention * 100.0,
                        m.reviews
                    )?;
                }
                for m in &s.mastery {
                    writeln!(
                        out,
                        "{:<14} {:>5} cards, {:>5} studied, {:>5} mature, mastery {:.0}%",
                        m.service,
                        m.cards,
                        m.studied,
                        m.mature,
                        m.mastery * 100.0
                    )?;
                }
            }
        }
        Command::Optimize {
            restore_previous,
            json,
        } => {
            if restore_previous {
                let s = lib.restore_previous_parameters()?;
                if json {
                    print_json(&s)?;
                } else {
                    println!("restored the previous FSRS parameters: {:?}", s.fsrs_params);
                }
                return Ok(ExitCode::SUCCESS);
            }
            let bar = indicatif::ProgressBar::new(0);
            let r = lib.optimize(&mut |p| {
                bar.set_length(p.total as u64);
                bar.set_position(p.current as u64);
            })?;
            bar.finish_and_clear();
            if json {
                print_json(&r)?;
            } else {
                println!("{}", r.message);
                if r.status == coldstart::review::OptimizeStatus::Optimized {
                    println!("parameters: {:?}", r.params);
                }
            }
        }
        Command::Undo { json } => {
            let r = lib.undo()?;
            if json {
                print_json(&match &r {
                    Some(u) => serde_json::json!({"undone": true, "op": u.op, "card_id": u.card_id,
                        "undo_available": u.undo_available}),
                    None => serde_json::json!({"undone": false}),
                })?;
            } else {
                match &r {
                    Some(u) => println!(
                        "undid {} of card {} ({} more undoable)",
                        u.op, u.card_id, u.undo_available
                    ),
                    None => println!("nothing to undo"),
                }
            }
        }
        Command::Settings { key, value, json } => {
            let s = match (key, value) {
                (Some(k), Some(v)) => lib.set_setting(&k, &v)?,
                (Some(k), None) => anyhow::bail!("give a value: coldstart settings {k} VALUE"),
                _ => lib.review_settings()?,
            };
            if json {
                print_json(&s)?;
            } else {
                println!("desired_retention = {}", s.desired_retention);
                println!("new_per_day = {}", s.new_per_day);
                println!("reviews_per_day = {}", s.reviews_per_day);
                println!("learning_steps = {}", s.learning_steps_text());
                println!("relearning_steps = {}", s.relearning_steps_text());
                println!("day_starts_at = {}", s.day_starts_at);
                println!("max_interval = {}", s.max_interval);
                println!(
                    "fsrs_params = {}",
                    if s.fsrs_params.is_empty() {
                        "defaults".to_string()
                    } else {
                        format!("{:?}", s.fsrs_params)
                    }
                );
            }
        }
        Command::Review => return interactive_review(lib),
        _ => unreachable!("not a review command"),
    }
    Ok(ExitCode::SUCCESS)
}

/// A key press: raw from a terminal, or the first character of a line when stdin is not one.
fn read_key(term: &Option<console::Term>) -> anyhow::Result<Option<char>> {
    if let Some(t) = term {
        return Ok(match t.read_key()? {
            console::Key::Enter => Some('\n'),
            console::Key::Char(c) => Some(c),
            console::Key::Escape => Some('q'),
            _ => Some('\0'),
        });
    }
    let mut line = String::new();
    if std::io::stdin().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let t = line.trim_end_matches(['\n', '\r']);
    Ok(Some(if t.trim().is_empty() {
        '\n'
    } else {
        t.trim().chars().next().unwrap_or('\n')
    }))
}

/// The keys that work on both sides of a card in `coldstart review`: `u` undoes the last
/// answer, `s` suspends this card.
fn undo_or_suspend(lib: &Library, out: &mut impl Write, key: char, card_id: &str) -> anyhow::Result<()> {
    if key == 'u' {
        match lib.undo()? {
            Some(u) => writeln!(out, "undid {} of card {}", u.op, u.card_id)?,
            None => writeln!(out, "nothing to undo")?,
        }
    } else {
        lib.suspend(card_id, true)?;
        writeln!(out, "suspended {card_id} (u undoes)")?;
    }
    Ok(())
}

fn interactive_review(lib: &Library) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let term =
        (std::io::stdin().is_terminal() && std::io::stdout().is_terminal()).then(console::Term::stdout);
    let mut out = std::io::stdout();
    let mut answered = 0;
    'cards: loop {
        let Some(rc) = lib.next_card()? else {
            let due = lib.due()?;
            writeln!(
                out,
                "Nothing more to review now ({answered} answered this session)."
            )?;
            if let Some(at) = due.next_learning_due {
                writeln!(out, "Next learning card due at {}.", local_time(at))?;
            }
            break;
        };
        let c = &rc.card;
        writeln!(
            out,
            "\n[{} new · {} learning · {} review]  {} · {}",
            rc.new,
            rc.learning,
            rc.review,
            c.service,
            c.source.heading_path.join(" › ")
        )?;
        if c.changed {
            writeln!(out, "(this card changed since you last saw it)")?;
        }
        writeln!(out, "\nQ: {}\n", c.front)?;
        writeln!(out, "Space/Enter: show answer · s: suspend · u: undo · q: quit")?;
        out.flush()?;
        let shown = std::time::Instant::now();
        loop {
            match read_key(&term)? {
                None | Some('q') => break 'cards,
                Some(' ') | Some('\n') => break,
                Some(k @ ('u' | 's')) => {
                    undo_or_suspend(lib, &mut out, k, &c.id)?;
                    continue 'cards;
                }
                _ => {}
            }
        }
        writeln!(out, "A: {}", c.back)?;
        let line = if c.source.line > 0 {
            format!(":{}", c.source.line)
        } else {
            String::new()
        };
        writeln!(
            out,
            "   from {}#{}{} ({})",
            c.source.file, c.source.anchor, line, c.source.title
        )?;
        let buttons: Vec<String> = rc
            .previews
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{} {} ({})", i + 1, p.rating.as_str(), p.interval))
            .collect();
        writeln!(out, "\n{}  · s: suspend · u: undo · q: quit", buttons.join("  "))?;
        out.flush()?;
        loop {
            match read_key(&term)? {
                None | Some('q') => break 'cards,
                Some(k @ '1'..='4') => {
                    let rating = coldstart::Rating::from_number(k as u8 - b'0').expect("1-4");
                    let r = lib.answer(&c.id, rating, Some(shown.elapsed().as_millis() as i64))?;
                    answered += 1;
                    writeln!(out, "{} -> again in {}", rating.as_str(), r.interval)?;
                    continue 'cards;
                }
                Some(k @ ('u' | 's')) => {
                    undo_or_suspend(lib, &mut out, k, &c.id)?;
                    continue 'cards;
                }
                _ => {}
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn print_eval(r: &coldstart::eval::EvalReport) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let row = |out: &mut dyn Write, name: &str, f: &coldstart::eval::Figures| -> std::io::Result<()> {
        writeln!(
            out,
            "{name:<70} found {:>2}/{:<2} recall {:>5.1}%  hits {:>2} on-correct {:>2} unlabelled {:>2} unsure {:>2} misplaced {:>2}  precision {:>5.1}%  cards {}",
            f.found,
            f.labelled,
            f.recall * 100.0,
            f.hits,
            f.flagged_correct,
            f.unlabelled,
            f.unsure,
            f.misplaced,
            f.precision * 100.0,
            f.cards
        )
    };
    for f in &r.files {
        row(&mut out, &f.file, &f.figures)?;
        for m in &f.missed {
            writeln!(out, "    MISSED {}: {}", m.line, m.claim)?;
        }
        for j in &f.findings {
            if j.verdict != coldstart::eval::Verdict::Hit || j.misplaced_from.is_some() {
                let moved = j
                    .misplaced_from
                    .map(|l| format!(" (labelled at line {l})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "    {:?} {} {}: {} -> {} [{}]{moved}",
                    j.verdict,
                    j.kind,
                    j.line,
                    j.claim,
                    j.expected,
                    j.fact_id.as_deref().unwrap_or("")
                )?;
            }
        }
    }
    for m in &r.missing_files {
        writeln!(out, "labelled but not in the folder: {m}")?;
    }
    row(&mut out, "OVERALL", &r.overall)?;
    if !r.sample.is_empty() {
        writeln!(out, "\n{} sampled cards (seed {}):", r.sample.len(), r.seed)?;
        for (i, c) in r.sample.iter().enumerate() {
            writeln!(out, "{:>3}. [{}] {} ({})", i + 1, c.kind, c.id, c.source)?;
            writeln!(out, "     Q: {}", c.question.replace('\n', " / "))?;
            writeln!(out, "     A: {}", c.answer.replace('\n', " / "))?;
        }
    }
    Ok(())
}
