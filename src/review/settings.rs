//! Review settings, stored in the `settings` table under `review.<key>`.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The keys [`crate::Library::set_setting`] accepts, with what each means.
pub const SETTING_KEYS: &[(&str, &str)] = &[
    (
        "desired_retention",
        "probability of recalling a card when it is due (0.70-0.99, default 0.9)",
    ),
    (
        "new_per_day",
        "new cards introduced per study day (0-9999, default 20)",
    ),
    (
        "reviews_per_day",
        "review cards shown per study day (0-99999, default 200)",
    ),
    (
        "learning_steps",
        "delays of the first learning steps, e.g. \"1m 10m\" (default)",
    ),
    (
        "relearning_steps",
        "delays after forgetting a review card, e.g. \"10m\" (default)",
    ),
    (
        "day_starts_at",
        "hour (local, 0-23) at which a study day starts (default 4)",
    ),
    (
        "max_interval",
        "longest interval in days (1-36500, default 36500)",
    ),
];

/// Everything that shapes the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewSettings {
    /// Target probability of recall when a card falls due.
    pub desired_retention: f32,
    /// New cards per study day.
    pub new_per_day: u32,
    /// Reviews per study day.
    pub reviews_per_day: u32,
    /// Learning steps in seconds.
    pub learning_steps: Vec<u32>,
    /// Relearning steps in seconds.
    pub relearning_steps: Vec<u32>,
    /// Local hour a study day starts.
    pub day_starts_at: u8,
    /// Longest interval (days).
    pub max_interval: u32,
    /// FSRS parameters in use (empty: the crate's defaults).
    pub fsrs_params: Vec<f32>,
    /// How many earlier parameter sets are kept to go back to.
    pub previous_params: usize,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            desired_retention: 0.9,
            new_per_day: 20,
            reviews_per_day: 200,
            learning_steps: vec![60, 600],
            relearning_steps: vec![600],
            day_starts_at: 4,
            max_interval: 36_500,
            fsrs_params: Vec::new(),
            previous_params: 0,
        }
    }
}

/// The longest learning or relearning step: a delay of 30 days or more is a review interval,
/// which FSRS schedules itself.
pub const MAX_STEP_SECS: u32 = 30 * 86_400;

/// Parse `"1m 10m"`, `"30s 1h 1d"` into seconds (a bare number is minutes). Each step is longer
/// than 0 and shorter than [`MAX_STEP_SECS`].
pub fn parse_steps(text: &str) -> Result<Vec<u32>> {
    text.split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (num, mult) = match s.chars().last().map(|c| c.to_ascii_lowercase()) {
                Some('s') => (&s[..s.len() - 1], 1),
                Some('m') => (&s[..s.len() - 1], 60),
                Some('h') => (&s[..s.len() - 1], 3600),
                Some('d') => (&s[..s.len() - 1], 86_400),
                _ => (s, 60),
            };
            match num.parse::<f64>() {
                Ok(n) if n > 0.0 && n * (mult as f64) < f64::from(MAX_STEP_SECS) => {
                    Ok((n * mult as f64).round() as u32)
                }
                Ok(n) if n > 0.0 => Err(Error::InvalidInput(format!(
                    "step {s:?}: a step must be shorter than 30 days"
                ))),
                _ => Err(Error::InvalidInput(format!(
                    "step {s:?}: expected a delay such as 30s, 1m, 10m, 1h or 1d"
                ))),
            }
        })
        .collect()
}

/// Seconds back to `"1m 10m"`.
pub fn format_steps(steps: &[u32]) -> String {
    steps
        .iter()
        .map(|&s| {
            if s % 86_400 == 0 {
                format!("{}d", s / 86_400)
            } else if s % 3600 == 0 {
                format!("{}h", s / 3600)
            } else if s % 60 == 0 {
                format!("{}m", s / 60)
            } else {
                format!("{s}s")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A parameter set an optimisation replaced, kept so it can be restored (one entry of the
/// stored `review.fsrs_params_history`, oldest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamsSnapshot {
    /// The FSRS parameters (empty: the defaults).
    pub params: Vec<f32>,
    /// When they were replaced (unix ms).
    pub replaced_at: i64,
}

impl ParamsSnapshot {
    /// The stored history; an unreadable one reads as empty (nothing to restore).
    pub fn parse_history(text: &str) -> Vec<ParamsSnapshot> {
        serde_json::from_str(text).unwrap_or_default()
    }
}

impl ReviewSettings {
    /// The learning steps as the learner writes them ("1m 10m").
    pub fn learning_steps_text(&self) -> String {
        format_steps(&self.learning_steps)
    }

    /// The relearning steps as the learner writes them ("10m").
    pub fn relearning_steps_text(&self) -> String {
        format_steps(&self.relearning_steps)
    }

    /// Read from stored `(key, value)` pairs (keys without the `review.` prefix); unknown or
    /// unreadable values fall back to the defaults.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut s = ReviewSettings::default();
        for (key, _) in SETTING_KEYS {
            if let Some(v) = get(key) {
                let _ = s.apply(key, &v);
            }
        }
        if let Some(p) = get("fsrs_params") {
            s.fsrs_params = serde_json::from_str(&p).unwrap_or_default();
        }
        if let Some(h) = get("fsrs_params_history") {
            s.previous_params = ParamsSnapshot::parse_history(&h).len();
        }
        s
    }

    /// Change one setting from its text form, validating it; returns the normalised text to store.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<String> {
        let bad = |why: &str| Error::InvalidInput(format!("setting {key} = {value:?}: {why}"));
        // A bad step names the setting too.
        let steps = |v: &str| {
            parse_steps(v).map_err(|e| match e {
                Error::InvalidInput(why) => bad(&why),
                e => e,
            })
        };
        let v = value.trim();
        match key {
            "desired_retention" => {
                let r: f32 = v.parse().map_err(|_| bad("expected a number such as 0.9"))?;
                if !(0.70..=0.99).contains(&r) {
                    return Err(bad("must be between 0.70 and 0.99"));
                }
                self.desired_retention = r;
                Ok(r.to_string())
            }
            "new_per_day" => {
                let n: u32 = v.parse().map_err(|_| bad("expected a whole number"))?;
                if n > 9999 {
                    return Err(bad("must be at most 9999"));
                }
                self.new_per_day = n;
                Ok(n.to_string())
            }
            "reviews_per_day" => {
                let n: u32 = v.parse().map_err(|_| bad("expected a whole number"))?;
                if n > 99_999 {
                    return Err(bad("must be at most 99999"));
                }
                self.reviews_per_day = n;
                Ok(n.to_string())
            }
            "learning_steps" => {
                let steps = steps(v)?;
                if steps.is_empty() {
                    // A new card needs a first step; relearning steps may be empty (straight back to review).
                    return Err(bad("give at least one learning step, such as 1m or 10m"));
                }
                self.learning_steps = steps;
                Ok(format_steps(&self.learning_steps))
            }
            "relearning_steps" => {
                self.relearning_steps = steps(v)?;
                Ok(format_steps(&self.relearning_steps))
            }
            "day_starts_at" => {
                let h: u8 = v.parse().map_err(|_| bad("expected an hour 0-23"))?;
                if h > 23 {
                    return Err(bad("expected an hour 0-23"));
                }
                self.day_starts_at = h;
                Ok(h.to_string())
            }
            "max_interval" => {
                let n: u32 = v.parse().map_err(|_| bad("expected a number of days"))?;
                if !(1..=36_500).contains(&n) {
                    return Err(bad("must be between 1 and 36500 days"));
                }
                self.max_interval = n;
                Ok(n.to_string())
            }
            _ => Err(Error::InvalidInput(format!(
                "unknown setting {key:?}; settings: {}",
                SETTING_KEYS
                    .iter()
                    .map(|(k, _)| *k)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip() {
        assert_eq!(parse_steps("1m 10m").unwrap(), vec![60, 600]);
        assert_eq!(format_steps(&parse_steps("30s,1h 1d").unwrap()), "30s 1h 1d");
        assert!(parse_steps("soon").is_err());
    }

    #[test]
    fn invalid_values_are_refused_with_the_key() {
        let mut s = ReviewSettings::default();
        let e = s.apply("desired_retention", "1.5").unwrap_err().to_string();
        assert!(e.contains("desired_retention") && e.contains("0.99"), "{e}");
        assert!(s.apply("colour", "red").is_err());
        s.apply("new_per_day", "5").unwrap();
        assert_eq!(s.new_per_day, 5);
    }

    #[test]
    fn learning_steps_need_one_step_and_each_is_shorter_than_30_days() {
        let mut s = ReviewSettings::default();
        for empty in ["", "  ", ","] {
            let e = s.apply("learning_steps", empty).unwrap_err().to_string();
            assert!(e.contains("learning_steps") && e.contains("at least one"), "{e}");
        }
        assert_eq!(
            s.learning_steps,
            vec![60, 600],
            "a refused value leaves the setting alone"
        );
        // Relearning steps may be empty: a lapsed card goes straight back to review.
        assert_eq!(s.apply("relearning_steps", "").unwrap(), "");
        assert!(s.relearning_steps.is_empty());
        let e = s.apply("learning_steps", "1m 30d").unwrap_err().to_string();
        assert!(
            e.contains("learning_steps") && e.contains("\"30d\"") && e.contains("shorter than 30 days"),
            "{e}"
        );
        assert_eq!(s.apply("learning_steps", "1M 29d").unwrap(), "1m 29d");
        assert!(s
            .apply("learning_steps", "0m")
            .unwrap_err()
            .to_string()
            .contains("expected a delay"));
    }
}
