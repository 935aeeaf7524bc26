//! The quiz loader on any text: no panic, and every question it accepts round-trips: written
//! back as a `[[question]]` table and read again, it is the same question.
#![no_main]

use coldstart::quiz::{parse_text, Question};
use libfuzzer_sys::fuzz_target;

fn write(q: &Question) -> String {
    let mut t = toml::Table::new();
    let s = |v: &str| toml::Value::String(v.to_string());
    let list = |v: &[String]| toml::Value::Array(v.iter().map(|x| s(x)).collect());
    t.insert("id".into(), s(&q.id));
    t.insert("service".into(), s(&q.service));
    t.insert("domain".into(), s(q.domain.as_str()));
    t.insert("difficulty".into(), s(q.difficulty.as_str()));
    t.insert("stem".into(), s(&q.stem));
    t.insert("choices".into(), list(&q.choices));
    let answer = if q.answer.len() == 1 {
        toml::Value::Integer(q.answer[0] as i64)
    } else {
        toml::Value::Array(q.answer.iter().map(|&a| toml::Value::Integer(a as i64)).collect())
    };
    t.insert("answer".into(), answer);
    t.insert("explanation".into(), s(&q.explanation));
    if !q.choice_explanations.is_empty() {
        t.insert("choice_explanations".into(), list(&q.choice_explanations));
    }
    if !q.sources.is_empty() {
        t.insert("sources".into(), list(&q.sources));
    }
    t.insert("refs".into(), list(&q.refs));
    t.insert("facts".into(), list(&q.facts));
    let mut file = toml::Table::new();
    file.insert("question".into(), toml::Value::Array(vec![toml::Value::Table(t)]));
    toml::to_string(&file).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (questions, _issues) = parse_text(text, "fuzz.toml");
    for q in questions {
        let again = write(&q);
        let (back, issues) = parse_text(&again, "fuzz.toml");
        assert!(
            issues.is_empty(),
            "a loaded question did not load again: {issues:?}\n{again}"
        );
        assert_eq!(back.len(), 1);
        let b = &back[0];
        assert_eq!(
            (
                &b.id,
                &b.service,
                b.domain,
                b.difficulty,
                &b.stem,
                &b.choices,
                &b.answer,
                b.multiple
            ),
            (
                &q.id,
                &q.service,
                q.domain,
                q.difficulty,
                &q.stem,
                &q.choices,
                &q.answer,
                q.multiple
            )
        );
        assert_eq!(
            (
                &b.explanation,
                &b.choice_explanations,
                &b.sources,
                &b.refs,
                &b.facts
            ),
            (
                &q.explanation,
                &q.choice_explanations,
                &q.sources,
                &q.refs,
                &q.facts
            )
        );
    }
});
