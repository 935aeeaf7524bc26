use super::*;

#[test]
fn a_card_safe_on_the_exam_day_needs_no_review_and_a_weak_one_gets_one_before_it() {
    let m = Model::default();
    let strong = Mem {
        stability: 400.0,
        difficulty: 5.0,
    };
    assert_eq!(next_plan_day(&m, strong, 0, 10, 40, 0.9), None);
    let weak = Mem {
        stability: 5.0,
        difficulty: 5.0,
    };
    let d = next_plan_day(&m, weak, 0, 10, 40, 0.9).unwrap();
    assert!((10..40).contains(&d), "{d}");
    // Its recall at review time is not allowed below the floor.
    assert!(m.recall(d as f32, 5.0) >= FLOOR_RETENTION - 0.02);
    // Overdue: today. After the exam: nothing to plan.
    assert_eq!(next_plan_day(&m, weak, -100, 10, 40, 0.9), Some(10));
    assert_eq!(next_plan_day(&m, weak, 0, 40, 40, 0.9), None);
}

#[test]
fn levelling_moves_the_excess_to_earlier_days_never_before_today() {
    // Six items planned for day 5, cap 2: two stay, two go to day 4, two to day 3.
    let out = level(&[5, 5, 5, 5, 5, 5], 0, 2);
    let mut per_day = std::collections::BTreeMap::new();
    for d in &out {
        *per_day.entry(*d).or_insert(0) += 1;
    }
    assert_eq!(
        per_day.into_iter().collect::<Vec<_>>(),
        vec![(3, 2), (4, 2), (5, 2)]
    );
    // Highest priority (first) stays on its planned day.
    assert_eq!(out[0], 5);
    // More than fits: the rest stays on today.
    let out = level(&[1, 1, 1, 1, 1], 0, 2);
    assert_eq!(out.iter().filter(|&&d| d == 0).count(), 3);
    assert!(out.iter().all(|&d| d >= 0));
}

#[test]
fn needed_per_day_is_the_worst_cumulative_rate() {
    assert_eq!(needed_per_day(&[10.0, 10.0, 10.0]), 10.0);
    // Everything on the last of four days can be spread over all four.
    assert_eq!(needed_per_day(&[0.0, 0.0, 0.0, 40.0]), 10.0);
    // A spike on day one cannot be spread backwards.
    assert_eq!(needed_per_day(&[30.0, 0.0, 0.0]), 30.0);
}

#[test]
fn new_cards_are_all_introduced_before_the_last_stretch() {
    let r = new_rate(300, 0, 42);
    assert!(r * ((42 - 10) as f64) >= 300.0, "{r}");
    assert!(r <= 300.0 / 28.0 + 1.0);
}

#[test]
fn targets_rise_for_heavy_and_weak_topics() {
    let base = base_target(720);
    assert!((base - 0.9).abs() < 1e-6);
    assert!(base_target(900) > base && base_target(500) < base);
    assert!(card_target(base, 1.0, 0.9) > card_target(base, 0.2, 0.9));
    assert!(card_target(base, 0.5, 0.5) > card_target(base, 0.5, 0.9));
    assert!(card_target(0.97, 1.0, 0.0) <= 0.97);
}

#[test]
fn more_wrong_answers_lower_the_ability_estimate() {
    let ev = |right: usize, wrong: usize| Evidence {
        answers: std::iter::repeat_n((true, 0.9), right)
            .chain(std::iter::repeat_n((false, 0.9), wrong))
            .collect(),
    };
    let mean = |e: &Evidence| ability_posterior(e).iter().map(|&(a, w)| a * w).sum::<f64>();
    assert!(mean(&ev(8, 2)) > mean(&ev(5, 5)));
    assert!(mean(&ev(5, 5)) > mean(&ev(2, 8)));
    // A miss when nothing was recalled says little about ability.
    let blind = Evidence {
        answers: vec![(false, 0.05)],
    };
    let informed = Evidence {
        answers: vec![(false, 0.95)],
    };
    assert!(mean(&blind) > mean(&informed));
}
