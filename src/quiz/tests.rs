use std::collections::HashSet;
use std::path::Path;

use super::*;

fn q(id: &str, extra: &str) -> String {
    // Every written question cites an official page; a test that is about sources brings its own.
    let source = if extra.contains("sources =") {
        ""
    } else {
        "sources = [\"https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html\"]\n"
    };
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
{source}{extra}
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
    assert_eq!(i.line, 21, "{i}");
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
    assert_eq!(dup.line, 15, "the second `id` line: {dup}");
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
            r#"choice_explanations = ["Right: w", "Wrong: x", "Wrong: y", "Wrong: z"]
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

#[test]
fn the_bank_check_wants_official_sources_and_explanations_that_match_the_key() {
    let anchors = note_anchors(&content());
    let facts = facts();
    let text = [
        q(
            "sourced",
            r#"choice_explanations = ["Right: w", "Wrong: x", "Wrong: y", "Wrong: z"]"#,
        ),
        q("unsourced", "sources = []"),
        q("blog", r#"sources = ["https://medium.com/some-post"]"#),
        q(
            "lookalike",
            r#"sources = ["https://docs.aws.amazon.com.example.net/lambda"]"#,
        ),
        q(
            "swapped",
            r#"choice_explanations = ["Wrong: w", "Right: x", "Wrong: y", "Wrong: z"]"#,
        ),
        q(
            "unmarked",
            r#"choice_explanations = ["w is right", "Wrong: x", "Wrong: y", "Wrong: z"]"#,
        ),
    ]
    .join("\n");
    let (qs, issues) = parse_text(&text, "bank.toml");
    assert!(issues.is_empty(), "{issues:?}");
    let found = check(&qs, &anchors, &facts);
    let of = |id: &str| -> Vec<&QuizIssue> {
        found
            .iter()
            .filter(|i| i.question.as_deref() == Some(id))
            .collect()
    };
    assert!(of("sourced").is_empty(), "{found:#?}");
    assert!(of("unsourced")[0].message.contains("no source"), "{found:#?}");
    assert!(
        of("blog")[0].message.contains("not an official AWS page"),
        "{found:#?}"
    );
    assert!(
        of("lookalike")[0].message.contains("not an official AWS page"),
        "{found:#?}"
    );
    // Choice A is keyed but marked Wrong, choice B is not keyed but marked Right.
    assert_eq!(of("swapped").len(), 2, "{found:#?}");
    assert!(
        of("unmarked")[0]
            .message
            .contains("choice A must start with \"Right\""),
        "{found:#?}"
    );
    assert!(is_official_source("https://aws.amazon.com/lambda/pricing/"));
    assert!(!is_official_source("http://docs.aws.amazon.com/lambda/"));
    assert!(!is_official_source("https://docs.aws.amazon.com"));
}

/// A fact base of four made-up limits, three hard and one soft, so the test does not depend on
/// the bundled values.
fn limit_facts() -> FactBase {
    let fact = |id: &str, value: u32, unit: &str, kw: &str, adjustable: bool| {
        format!(
            "[[fact]]\nid = \"{id}\"\nservice = \"lambda\"\nstatement = \"s\"\nvalue = {value}\n\
             unit = \"{unit}\"\nas_of = \"2026-11\"\nsource = \"https://docs.aws.amazon.com/x\"\n\
             keywords = [\"{kw}\"]\nadjustable = {adjustable}\n"
        )
    };
    let text = [
        fact("t.timeout", 900, "s", "timeout", false),
        fact("t.payload", 6, "MB", "payload", false),
        fact("t.api", 15, "requests per second", "control plane", false),
        fact("t.conc", 1000, "count", "concurrent executions", true),
    ]
    .join("\n");
    FactBase::parse(&text, "facts.toml").unwrap()
}

fn limits_question(id: &str, stem: &str, answer: &str, last_choice: &str) -> String {
    format!(
        r#"[[question]]
id = "{id}"
service = "lambda"
domain = "development"
difficulty = "medium"
stem = "{stem}"
choices = ["The 1,000 concurrent executions per Region", "The 900-second timeout", "The 6 MB payload", "{last_choice}"]
answer = {answer}
explanation = "e"
refs = ["lambda/configuration.md#timeout"]
"#
    )
}

fn adjustability_issues(text: &str, facts: &FactBase) -> Vec<QuizIssue> {
    let (qs, issues) = parse_text(text, "t.toml");
    assert!(issues.is_empty(), "{issues:?}");
    let anchors: HashSet<String> = ["lambda/configuration.md#timeout".to_string()].into();
    // Only the hard/soft rule: these made-up questions cite no pages.
    check(&qs, &anchors, facts)
        .into_iter()
        .filter(|i| i.field.as_deref() != Some("sources"))
        .collect()
}

#[test]
fn a_hard_limits_question_must_key_every_hard_limit_and_no_soft_one() {
    let facts = limit_facts();
    // The lambda-limits-002 defect: three hard limits listed, two keyed.
    let found = adjustability_issues(
        &limits_question(
            "h-1",
            "Which two are hard limits? (Choose two.)",
            "[1, 2]",
            "The 15 requests per second for control-plane APIs",
        ),
        &facts,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].field.as_deref(), Some("answer"));
    assert_eq!(found[0].line, 8, "{}", found[0]);
    assert!(
        found[0].message.contains("choice 3 states fact t.api"),
        "{}",
        found[0]
    );
    assert!(
        found[0].message.contains("should be keyed but is not"),
        "{}",
        found[0]
    );

    // Keying all three hard ones is right.
    let ok = limits_question(
        "h-2",
        "Which three are hard limits? (Choose three.)",
        "[1, 2, 3]",
        "The 15 requests per second for control-plane APIs",
    );
    assert!(adjustability_issues(&ok, &facts).is_empty());

    // Keying a soft quota as hard is caught too.
    let found = adjustability_issues(
        &limits_question(
            "h-3",
            "Which two cannot be increased? (Choose two.)",
            "[0, 1]",
            "A choice with no limit",
        ),
        &facts,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found
        .iter()
        .any(|i| i.message.contains("choice 0 states fact t.conc")
            && i.message.contains("is keyed but should not be")));
    assert!(found
        .iter()
        .any(|i| i.message.contains("choice 2 states fact t.payload")));

    // The soft direction: "which can be raised" must key exactly the adjustable one.
    let soft = limits_question(
        "h-4",
        "Which of these can be raised through Service Quotas?",
        "1",
        "Another choice",
    );
    let found = adjustability_issues(&soft, &facts);
    assert_eq!(found.len(), 2, "{found:#?}");
    let soft_ok = soft.replace("answer = 1", "answer = 0");
    assert!(adjustability_issues(&soft_ok, &facts).is_empty());

    // A stem that does not ask about adjustability is not held to it.
    let other = limits_question(
        "h-5",
        "Which two figures are stated in seconds or megabytes? (Choose two.)",
        "[1, 2]",
        "The 15 requests per second for control-plane APIs",
    );
    assert!(adjustability_issues(&other, &facts).is_empty());
}

#[test]
fn the_bundled_facts_catch_the_original_lambda_limits_002() {
    // The question as it was before issue 18, checked against the real fact base.
    let text = r#"[[question]]
id = "lambda-limits-002"
service = "lambda"
domain = "development"
difficulty = "medium"
stem = """An architect is reviewing which Lambda limits would force a design change rather than a quota increase request. Which two of these are hard limits? (Choose two.)"""
choices = [
  "The 1,000 concurrent executions per Region",
  "The 900-second maximum function timeout",
  "The 500 Hyperplane ENIs per VPC",
  "The 6 MB synchronous invocation payload limit",
  "The 15 requests per second for control-plane APIs",
]
answer = [1, 3]
explanation = "e"
refs = ["lambda/configuration.md#timeout"]
facts = ["lambda.timeout.max", "lambda.payload.sync"]
"#;
    let found = adjustability_issues(text, &facts());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("lambda.api.control_plane_rps"),
        "{}",
        found[0]
    );
    let fixed = text
        .replace("Which two", "Which three")
        .replace("(Choose two.)", "(Choose three.)")
        .replace("[1, 3]", "[1, 3, 4]");
    assert!(adjustability_issues(&fixed, &facts()).is_empty());
}
