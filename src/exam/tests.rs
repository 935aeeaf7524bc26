use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::quiz::{Difficulty, Domain, Question};

fn question(id: &str, domain: Domain, service: &str) -> Question {
    let text = format!(
        "[[question]]\nid = \"{id}\"\nservice = \"{service}\"\ndomain = \"{}\"\ndifficulty = \"medium\"\n\
         stem = \"Stem {id}?\"\nchoices = [\"a\", \"b\", \"c\", \"d\"]\nanswer = 1\nexplanation = \"b.\"\n\
         refs = [\"x.md#y\"]\n",
        domain.as_str()
    );
    let (mut qs, issues) = crate::quiz::parse_text(&text, "t.toml");
    assert!(issues.is_empty(), "{issues:?}");
    qs.pop().unwrap()
}

fn pool(per_domain: usize) -> Vec<Question> {
    let mut out = Vec::new();
    for d in Domain::ALL {
        for i in 0..per_domain {
            out.push(question(
                &format!("{}-{i:03}", d.as_str()),
                d,
                if i % 2 == 0 { "lambda" } else { "dynamodb" },
            ));
        }
    }
    out
}

fn all_available(n: usize) -> BTreeMap<Domain, usize> {
    Domain::ALL.iter().map(|d| (*d, n)).collect()
}

#[test]
fn quota_follows_the_dva_c02_weights() {
    let q = domain_quota(65, &[], &all_available(100));
    assert_eq!(q.values().sum::<usize>(), 65);
    assert_eq!(q[&Domain::Development], 21);
    assert_eq!(q[&Domain::Security], 17);
    assert_eq!(q[&Domain::Deployment], 15);
    assert_eq!(q[&Domain::Troubleshooting], 12);
    let q = domain_quota(100, &[], &all_available(100));
    assert_eq!(
        q.values().copied().collect::<Vec<_>>(),
        vec![32, 26, 24, 18],
        "blueprint order: development, security, deployment, troubleshooting"
    );
}

#[test]
fn quota_passes_on_a_short_domain_and_honours_the_domain_filter() {
    let mut avail = all_available(100);
    avail.insert(Domain::Security, 3);
    let q = domain_quota(50, &[], &avail);
    assert_eq!(q[&Domain::Security], 3);
    assert_eq!(q.values().sum::<usize>(), 50);
    assert!(q[&Domain::Development] > q[&Domain::Deployment]);
    let q = domain_quota(
        10,
        &[Domain::Security, Domain::Troubleshooting],
        &all_available(100),
    );
    assert_eq!(q.get(&Domain::Development), None);
    assert_eq!(q[&Domain::Security] + q[&Domain::Troubleshooting], 10);
    assert_eq!(q[&Domain::Security], 6, "26/(26+18) of 10");
    // More asked than there is: everything.
    let q = domain_quota(500, &[], &all_available(5));
    assert_eq!(q.values().sum::<usize>(), 20);
}

#[test]
fn selection_is_seeded_deterministic_and_weighted() {
    let p = pool(40);
    let refs: Vec<&Question> = p.iter().collect();
    let seen = HashMap::new();
    let a: Vec<&str> = select(&refs, 50, &[], 7, &seen)
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let b: Vec<&str> = select(&refs, 50, &[], 7, &seen)
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let c: Vec<&str> = select(&refs, 50, &[], 8, &seen)
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.len(), 50);
    let dev = a.iter().filter(|id| id.starts_with("development")).count();
    let trb = a.iter().filter(|id| id.starts_with("troubleshooting")).count();
    assert_eq!(dev, 16);
    assert_eq!(trb, 9);
    // The order of the pool does not matter.
    let mut rev = refs.clone();
    rev.reverse();
    let d: Vec<&str> = select(&rev, 50, &[], 7, &seen)
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(a, d);
}

#[test]
fn selection_prefers_unseen_then_least_recently_seen() {
    let p = pool(10);
    let refs: Vec<&Question> = p.iter().collect();
    let only = [Domain::Security];
    let refs: Vec<&Question> = refs
        .into_iter()
        .filter(|q| q.domain == Domain::Security)
        .collect();
    let first: Vec<String> = select(&refs, 5, &only, 1, &HashMap::new())
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let seen: HashMap<String, i64> = first.iter().map(|id| (id.clone(), 1)).collect();
    let second: Vec<String> = select(&refs, 5, &only, 1, &seen)
        .iter()
        .map(|q| q.id.clone())
        .collect();
    assert!(
        second.iter().all(|id| !first.contains(id)),
        "5 unseen remain, so none repeats"
    );
    let mut seen2 = seen.clone();
    seen2.extend(second.iter().map(|id| (id.clone(), 2)));
    let third: Vec<String> = select(&refs, 5, &only, 1, &seen2)
        .iter()
        .map(|q| q.id.clone())
        .collect();
    assert!(
        third.iter().all(|id| first.contains(id)),
        "the oldest seen come back first"
    );
}

#[test]
fn scaled_estimate_mapping() {
    assert_eq!(scaled_estimate(0.0), 100);
    assert_eq!(scaled_estimate(0.72), 720);
    assert_eq!(scaled_estimate(1.0), 1000);
    assert_eq!(scaled_estimate(0.36), 410);
    assert_eq!(scaled_estimate(0.86), 860);
    assert!(scaled_estimate(0.71) < PASS_MARK);
    let mut last = 0;
    for i in 0..=100 {
        let s = scaled_estimate(i as f64 / 100.0);
        assert!(s >= last);
        last = s;
    }
}

#[test]
fn config_defaults_by_mode() {
    let c = ExamConfig::resolve(&ExamRequest::default(), 5).unwrap();
    assert_eq!(
        (c.questions, c.minutes, c.seed, c.include_generated),
        (65, Some(130), 5, false)
    );
    let c = ExamConfig::resolve(
        &ExamRequest {
            mode: ExamMode::Practice,
            ..Default::default()
        },
        5,
    )
    .unwrap();
    assert_eq!((c.questions, c.minutes, c.include_generated), (20, None, true));
    let c = ExamConfig::resolve(
        &ExamRequest {
            mode: ExamMode::Custom,
            questions: Some(10),
            seed: Some(3),
            ..Default::default()
        },
        5,
    )
    .unwrap();
    assert_eq!((c.questions, c.minutes, c.seed), (10, Some(20), 3));
    let c = ExamConfig::resolve(
        &ExamRequest {
            questions: Some(10),
            minutes: Some(0),
            ..Default::default()
        },
        5,
    )
    .unwrap();
    assert_eq!(c.minutes, None, "0 minutes is untimed");
    assert!(ExamConfig::resolve(
        &ExamRequest {
            questions: Some(0),
            ..Default::default()
        },
        5
    )
    .is_err());
}

#[test]
fn breakdowns_by_domain_and_service() {
    let a = question("a", Domain::Security, "lambda");
    let b = question("b", Domain::Security, "cognito");
    let c = question("c", Domain::Development, "lambda");
    let (d, s) = breakdowns(&[(&a, true), (&b, false), (&c, true)]);
    assert_eq!(d[0].key, "development");
    assert_eq!(
        (d[1].key.as_str(), d[1].total, d[1].correct, d[1].percent),
        ("security", 2, 1, 50.0)
    );
    assert_eq!(d[1].weight_percent, Some(26));
    assert_eq!((s[0].key.as_str(), s[0].percent), ("cognito", 0.0));
    assert_eq!(
        (s[1].key.as_str(), s[1].total, s[1].percent),
        ("lambda", 2, 100.0)
    );
    let _ = Difficulty::Medium;
}

#[test]
fn the_blueprint_has_every_domain_once_weights_summing_to_100_and_the_pass_line_of_the_scale() {
    let b = blueprint();
    let keys: Vec<Domain> = b.domains.iter().map(|d| d.key).collect();
    assert_eq!(keys, Domain::ALL.to_vec());
    assert_eq!(b.domains.iter().map(|d| d.weight_percent).sum::<u32>(), 100);
    assert!(b.domains.iter().all(|d| !d.label.is_empty()));
    // The pass line sits where the scaled estimate reaches the pass mark, and not before.
    assert_eq!(b.pass_mark, PASS_MARK);
    assert_eq!(scaled_estimate(b.pass_percent / 100.0), PASS_MARK);
    assert!(scaled_estimate((b.pass_percent - 0.5) / 100.0) < PASS_MARK);
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(json["domains"][0]["key"], "development");
}
