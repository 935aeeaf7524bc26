use std::collections::HashSet;
use std::path::Path;

use super::*;

fn q(id: &str, extra: &str) -> String {
    format!(
        r#"[[question]]
id = "{id}"
service = "lambda"
domain = "development"
difficulty = "easy"
stem = "Stem of {id}. Which is right?"
choices = ["w", "x", "y", "z"]
answer = 0
explanation = "w."
refs = ["lambda/configuration.md#timeout"]
{extra}
"#
    )
}

fn issues_of(text: &str) -> Vec<QuizIssue> {
    parse_text(text, "t.toml").1
}

fn one_issue(text: &str) -> QuizIssue {
    let i = issues_of(text);
    assert_eq!(i.len(), 1, "{i:#?}");
    i.into_iter().next().unwrap()
}

fn content() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn facts() -> FactBase {
    FactBase::load(&content().join("facts.toml")).unwrap()
}

#[test]
fn a_good_question_reads() {
    let (qs, issues) = parse_text(&q("a-1", "facts = []"), "t.toml");
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].answer, vec![0]);
    assert!(!qs[0].multiple);
    assert_eq!(qs[0].line, 1);
    assert_eq!(qs[0].lines.refs, 10);
}

#[test]
fn syntax_errors_name_the_line() {
    let text = "[[question]]\nid = \"x\"\nstem = \"unterminated\nanswer = 1\n";
    let i = one_issue(text);
    assert_eq!(i.line, 3, "{i}");
    assert!(i.message.contains("not a valid quiz file"), "{i}");
}

#[test]
fn answer_out_of_range_names_line_and_field() {
    let text = format!(
        "{}\n{}",
        q("a-1", ""),
        q("a-2", "").replace("answer = 0", "answer = 4")
    );
    let (qs, issues) = parse_text(&text, "t.toml");
    assert_eq!(qs.len(), 1, "the good question still loads");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let i = &issues[0];
    assert_eq!(i.field.as_deref(), Some("answer"));
    assert_eq!(i.question.as_deref(), Some("a-2"));
    assert_eq!(i.line, 20, "{i}");
    assert!(i.message.contains("out of range"), "{i}");
}

#[test]
fn each_field_check_fires() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "domain = \"development\"",
            "domain = \"networking\"",
            "domain",
            "not one of",
        ),
        (
            "difficulty = \"easy\"",
            "difficulty = \"brutal\"",
            "difficulty",
            "not one of",
        ),
        (
            "choices = [\"w\", \"x\", \"y\", \"z\"]",
            "choices = [\"w\", \"x\", \"y\"]",
            "choices",
            "4 or 5",
        ),
        (
            "choices = [\"w\", \"x\", \"y\", \"z\"]",
            "choices = [\"w\", \"x\", \"y\", \"w\"]",
            "choices",
            "same",
        ),
        ("answer = 0", "answer = [0, 0]", "answer", "repeats"),
        ("answer = 0", "answer = -1", "answer", "out of range"),
        ("answer = 0", "answer = \"a\"", "answer", "index"),
        ("answer = 0", "answer = [0, 2]", "stem", "(Choose two.)"),
        (
            "Which is right?",
            "Which is right? (Choose two.)",
            "stem",
            "single index",
        ),
        (
            "refs = [\"lambda/configuration.md#timeout\"]",
            "refs = []",
            "refs",
            "empty",
        ),
        (
            "refs = [\"lambda/configuration.md#timeout\"]",
            "refs = [\"timeout\"]",
            "refs",
            "anchor",
        ),
        ("explanation = \"w.\"", "", "explanation", "missing"),
        (
            "explanation = \"w.\"",
            "explanation = 3",
            "explanation",
            "must be a string",
        ),
        (
            "explanation = \"w.\"",
            "explanation = \"w.\"\nrefz = []",
            "refz",
            "did you mean `refs`",
        ),
    ];
    for (from, to, field, words) in cases {
        let text = q("a-1", "").replace(from, to);
        let i = one_issue(&text);
        assert_eq!(i.field.as_deref(), Some(*field), "{from} -> {to}: {i}");
        assert!(i.message.contains(words), "{from} -> {to}: {i}");
        assert!(i.line >= 1, "{i}");
    }
}

#[test]
fn choose_count_must_match_the_answers() {
    let text = q("a-1", "")
        .replace("answer = 0", "answer = [0, 1, 2]")
        .replace("Which is right?", "Which are right? (Choose two.)");
    let i = one_issue(&text);
    assert!(i.message.contains("(Choose three.)"), "{i}");
    let ok = q("a-1", "")
        .replace("answer = 0", "answer = [0, 1, 2]")
        .replace("Which is right?", "Which are right? (Choose three.)");
    let (qs, issues) = parse_text(&ok, "t.toml");
    assert!(issues.is_empty(), "{issues:?}");
    assert!(qs[0].multiple);
}

#[test]
fn whole_bank_checks_catch_each_kind() {
    let anchors = note_anchors(&content());
    assert!(anchors.contains("lambda/configuration.md#timeout"));
    let facts = facts();
    let text = [
        q("dup", ""),
        q("dup", "").replace("Stem of dup", "Another stem"),
        q("same-stem", "").replace("Stem of same-stem", "Stem of dup"),
        q("bad-note", "").replace("lambda/configuration.md#timeout", "lambda/nope.md#timeout"),
        q("bad-anchor", "").replace("#timeout", "#time-out"),
        q("unknown-fact", "facts = [\"lambda.nope\"]"),
        q("wrong-number", "facts = [\"lambda.timeout.max\"]").replace("\"w\"", "\"600 seconds\""),
        q("minutes-ok", "facts = [\"lambda.timeout.max\"]").replace("\"w\"", "\"15 minutes\""),
    ]
    .join("\n");
    let (qs, issues) = parse_text(&text, "bank.toml");
    assert!(issues.is_empty(), "{issues:?}");
    let found = check(&qs, &anchors, &facts);
    let has = |id: &str, field: &str, words: &str| {
        found.iter().any(|i| {
            i.question.as_deref() == Some(id)
                && i.field.as_deref() == Some(field)
                && i.message.contains(words)
        })
    };
    assert!(has("dup", "id", "duplicate id"), "{found:#?}");
    assert!(has("same-stem", "stem", "duplicate stem"), "{found:#?}");
    assert!(has("bad-note", "refs", "no note lambda/nope.md"), "{found:#?}");
    assert!(has("bad-anchor", "refs", "no such section"), "{found:#?}");
    assert!(has("unknown-fact", "facts", "unknown fact"), "{found:#?}");
    assert!(
        has("wrong-number", "facts", "lambda.timeout.max = 900"),
        "{found:#?}"
    );
    assert!(
        !found.iter().any(|i| i.question.as_deref() == Some("minutes-ok")),
        "{found:#?}"
    );
    assert_eq!(found.len(), 6, "{found:#?}");
    let dup = found.iter().find(|i| i.field.as_deref() == Some("id")).unwrap();
    assert_eq!(dup.line, 14, "the second `id` line: {dup}");
}

#[test]
fn generated_questions_are_well_formed_and_their_refs_resolve() {
    let facts = facts();
    let anchors = note_anchors(&content());
    let qs = sim_questions(&facts, 42, 3).unwrap();
    assert_eq!(qs.len(), SIM_MODELS.len() * 3);
    for q in &qs {
        assert!(q.id.starts_with("sim-") && q.id.ends_with(&format!("-42-{}", &q.id[q.id.len() - 1..])));
        assert_eq!(q.choices.len(), 4, "{q:#?}");
        let distinct: HashSet<&String> = q.choices.iter().collect();
        assert_eq!(distinct.len(), 4, "{q:#?}");
        assert_eq!(q.answer.len(), 1);
        assert!(q.generated);
        for r in &q.refs {
            assert!(anchors.contains(r), "{} ref {r}", q.id);
        }
        let again = sim_question_by_id(&facts, &q.id).unwrap();
        assert_eq!(&again, q, "rebuilt from its id");
    }
    let issues = check(&qs, &anchors, &facts);
    assert!(issues.is_empty(), "{issues:#?}");
    // Same seed, same questions; another seed, other numbers.
    assert_eq!(sim_questions(&facts, 42, 3).unwrap(), qs);
    assert_ne!(sim_questions(&facts, 43, 3).unwrap(), qs);
}

#[test]
fn the_bank_loads_files_and_folders_and_keeps_going() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quizzes/broken");
    let bank = QuestionBank::load(&[dir]);
    assert_eq!(bank.files.len(), 3);
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["fx-mixed-good", "fx-other-file-good"]);
    assert_eq!(bank.issues.len(), 3, "{:#?}", bank.issues);
    let missing = QuestionBank::load(&["/nonexistent/quizzes".into()]);
    assert_eq!(missing.issues.len(), 1);
}

#[test]
fn choice_explanations_and_sources_are_read_and_checked() {
    let (qs, issues) = parse_text(
        &q(
            "lambda-x-001",
            r#"choice_explanations = ["right", "wrong 1", "wrong 2", "wrong 3"]
sources = ["https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"]"#,
        ),
        "t.toml",
    );
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(qs[0].choice_explanations.len(), 4);
    assert_eq!(qs[0].sources.len(), 1);

    let i = one_issue(&q("lambda-x-002", r#"choice_explanations = ["right", "wrong"]"#));
    assert_eq!(i.field.as_deref(), Some("choice_explanations"));
    assert!(i.message.contains("2 entries for 4 choices"), "{}", i.message);

    let i = one_issue(&q("lambda-x-003", r#"sources = ["docs.aws.amazon.com/x"]"#));
    assert_eq!(i.field.as_deref(), Some("sources"));
}
