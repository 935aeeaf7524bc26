//! Numbers with units as people write them: `3,008 MB`, `10GB`, `15 minutes`, `$0.20`, `0.0000002`.

use serde::Serialize;

/// A number read from text, with its unit word if one followed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// The numeric value as written (commas removed, `$` dropped).
    pub value: f64,
    /// The unit word, normalised (`MB`, `s`, `min`, ...), if any.
    pub unit: Option<String>,
    /// The text as it appeared.
    pub text: String,
}

/// Size of a normalised unit in KB (AWS limits use binary multiples: 10 GB of Lambda memory is 10,240 MB).
pub fn size_kb(unit: &str) -> Option<f64> {
    Some(match unit {
        "B" => 1.0 / 1024.0,
        "KB" => 1.0,
        "MB" => 1024.0,
        "GB" => 1024.0 * 1024.0,
        "TB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    })
}

/// Length of a normalised time unit in seconds.
pub fn time_s(unit: &str) -> Option<f64> {
    Some(match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "min" => 60.0,
        "h" => 3600.0,
        "day" => 86400.0,
        "week" => 7.0 * 86400.0,
        "year" => 365.0 * 86400.0,
        _ => return None,
    })
}

/// Normalise a unit word: `minutes` → `min`, `KiB` → `KB`, `seconds` → `s`.
pub fn normalise_unit(word: &str) -> Option<String> {
    let w = word.trim_end_matches('.');
    let lower = w.to_ascii_lowercase();
    let spelled = match lower.as_str() {
        "kilobyte" | "kilobytes" => Some("KB"),
        "megabyte" | "megabytes" => Some("MB"),
        "gigabyte" | "gigabytes" => Some("GB"),
        "terabyte" | "terabytes" => Some("TB"),
        "millis" | "msecs" => Some("ms"),
        "hours" | "hour" | "hrs" | "hr" => Some("h"),
        "minutes" | "minute" | "mins" | "min" => Some("min"),
        "seconds" | "second" | "secs" | "sec" => Some("s"),
        "days" | "day" => Some("day"),
        "weeks" | "week" | "wks" | "wk" => Some("week"),
        "years" | "year" | "yrs" | "yr" => Some("year"),
        _ => None,
    };
    if let Some(u) = spelled {
        return Some(u.to_string());
    }
    let u = match w {
        "B" | "bytes" | "byte" => "B",
        "KB" | "kB" | "KiB" | "Kb" | "kb" => "KB",
        "MB" | "MiB" | "mb" | "Mb" => "MB",
        "GB" | "GiB" | "gb" | "Gb" => "GB",
        "TB" | "TiB" | "tb" => "TB",
        "ms" | "millisecond" | "milliseconds" | "msec" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "year" | "years" => "year",
        "%" | "percent" => "%",
        _ => return None,
    };
    Some(u.to_string())
}

impl Quantity {
    /// The value expressed in `unit` (a fact's unit), if the two units are of one kind.
    /// A quantity without a unit, or a fact unit that is not a size or time, compares as is.
    pub fn convert_to(&self, unit: &str) -> Option<f64> {
        let target = normalise_unit(unit).unwrap_or_else(|| unit.to_string());
        let Some(mine) = &self.unit else {
            return Some(self.value);
        };
        if *mine == target {
            return Some(self.value);
        }
        if let (Some(a), Some(b)) = (size_kb(mine), size_kb(&target)) {
            return Some(self.value * a / b);
        }
        if let (Some(a), Some(b)) = (time_s(mine), time_s(&target)) {
            return Some(self.value * a / b);
        }
        if size_kb(&target).is_none() && time_s(&target).is_none() {
            // e.g. `count` or `USD per GB-second`: the unit word in the note is incidental.
            return Some(self.value);
        }
        None
    }
}

/// Equal within a relative 1e-9 (and an absolute 1e-12 for tiny prices).
pub fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 + 1e-9 * a.abs().max(b.abs())
}

static QTY: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(
        r"(?x)
        \$?\s?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?:\s?(?P<unit>%|[A-Za-z]+\.?))?",
    )
    .unwrap()
});

/// Every quantity in a piece of text, in order.
pub fn quantities(text: &str) -> Vec<(usize, Quantity)> {
    QTY.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            // Skip digits that are part of a word or identifier (e.g. `ec2`, `s3`, `v2`).
            let start = c.name("num")?.start();
            if start > 0 {
                let prev = text[..start].chars().next_back()?;
                if prev.is_alphanumeric() || prev == '_' {
                    return None;
                }
            }
            let value: f64 = c["num"].replace(',', "").parse().ok()?;
            let unit = c.name("unit").and_then(|u| normalise_unit(u.as_str()));
            let text_end = if unit.is_some() {
                m.end()
            } else {
                c.name("num")?.end()
            };
            Some((
                m.start(),
                Quantity {
                    value,
                    unit,
                    text: text[m.start()..text_end].trim().to_string(),
                },
            ))
        })
        .collect()
}

/// Parse a single quantity such as `3,008 MB` or `$0.20`.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    quantities(text).into_iter().next().map(|(_, q)| q)
}

/// The last quantity in `text` (the one a trailing fact marker refers to).
pub fn last_quantity(text: &str) -> Option<Quantity> {
    // Strip markdown emphasis and closing punctuation that may sit between number and marker.
    let trimmed = text.trim_end_matches(['*', '_', '`', ')', ' ']);
    quantities(trimmed).into_iter().last().map(|(_, q)| q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        let q = parse_quantity("3,008 MB").unwrap();
        assert_eq!((q.value, q.unit.as_deref()), (3008.0, Some("MB")));
        let q = parse_quantity("10GB").unwrap();
        assert_eq!(q.convert_to("MB"), Some(10240.0));
        let q = parse_quantity("15 minutes").unwrap();
        assert_eq!(q.convert_to("s"), Some(900.0));
        let q = parse_quantity("$0.0000166667").unwrap();
        assert_eq!(q.value, 0.0000166667);
        assert!(parse_quantity("ec2 instance").is_none());
    }
}
