//! Text helpers shared by the Anki reader and writer: HTML to plain text and back, Anki's field
//! templates (a small subset of its mustache-like syntax) and cloze deletions.

use once_cell::sync::Lazy;
use regex::Regex;

static SCRIPT_STYLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?is)<(script|style)\b.*?</(script|style)\s*>").unwrap());
static BREAKS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)<\s*(br|/div|/p|/li|/h[1-6]|/tr|hr)\b[^>]*>").unwrap());
static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());
static MEDIA: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?i)<img\b[^>]*>|\[sound:[^\]]*\]|<(audio|video|object|embed)\b"#).unwrap());
static ENTITY: Lazy<Regex> = Lazy::new(|| Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);").unwrap());
static CLOZE: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?s)\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}").unwrap());
static SOUND: Lazy<Regex> = Lazy::new(|| Regex::new(r"\[sound:[^\]]*\]").unwrap());

/// How many media references (images, sounds, video) an HTML field holds.
pub fn media_refs(html: &str) -> usize {
    MEDIA.find_iter(html).count()
}

/// HTML (as Anki stores fields) to plain text: tags dropped, line breaks kept, entities decoded,
/// sound references removed, blank runs collapsed.
pub fn html_to_text(html: &str) -> String {
    let s = SCRIPT_STYLE.replace_all(html, "");
    let s = SOUND.replace_all(&s, "");
    let s = BREAKS.replace_all(&s, "\n");
    let s = TAG.replace_all(&s, "");
    let s = ENTITY.replace_all(&s, |c: &regex::Captures| {
        decode_entity(&c[1]).unwrap_or_else(|| c[0].to_string())
    });
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out.trim().to_string()
}

fn decode_entity(e: &str) -> Option<String> {
    if let Some(num) = e.strip_prefix('#') {
        let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(n).map(|c| c.to_string());
    }
    Some(
        match e {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "nbsp" => " ",
            "ndash" => "–",
            "mdash" => "—",
            "hellip" => "…",
            "rsaquo" => "›",
            "lsquo" => "‘",
            "rsquo" => "’",
            "ldquo" => "“",
            "rdquo" => "”",
            "times" => "×",
            _ => return None,
        }
        .to_string(),
    )
}

/// Plain text to an Anki field: HTML-escaped, newlines as `<br>`.
pub fn text_to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The cloze numbers (1-based) a text uses, sorted, deduplicated.
pub fn cloze_numbers(text: &str) -> Vec<u32> {
    let mut n: Vec<u32> = CLOZE
        .captures_iter(text)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    n.sort_unstable();
    n.dedup();
    n
}

/// The question and answer of cloze `n` (1-based) of a text: the question shows `[...]` (or
/// `[hint]`) where cloze `n` is and the other clozes' answers as text; the answer is cloze `n`'s
/// text (several occurrences joined with `; `).
pub fn cloze_card(text: &str, n: u32) -> (String, String) {
    let mut answers = Vec::new();
    let front = CLOZE.replace_all(text, |c: &regex::Captures| {
        if c[1].parse::<u32>().ok() == Some(n) {
            answers.push(c[2].to_string());
            match c.get(3) {
                Some(h) if !h.as_str().trim().is_empty() => format!("[{}]", h.as_str()),
                _ => "[...]".to_string(),
            }
        } else {
            c[2].to_string()
        }
    });
    (front.into_owned(), answers.join("; "))
}

/// Render an Anki card template with the note's fields (a subset of Anki's syntax: `{{Field}}`,
/// filters such as `{{text:Field}}` and `{{hint:Field}}` show the field, `{{type:..}}`,
/// `{{tts..}}` and `{{cloze:..}}` render nothing, `{{#F}}..{{/F}}` and `{{^F}}..{{/F}}`
/// sections). `front_side` replaces `{{FrontSide}}`.
pub fn render_template(template: &str, fields: &[(String, String)], front_side: &str) -> String {
    let field = |name: &str| -> Option<&str> {
        fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, v)| v.as_str())
    };
    let mut out = String::new();
    let mut rest = template;
    // Stack of (section field, showing?).
    let mut show: Vec<bool> = Vec::new();
    while let Some(start) = rest.find("{{") {
        let visible = show.iter().all(|s| *s);
        if visible {
            out.push_str(&rest[..start]);
        }
        let Some(end) = rest[start..].find("}}") else {
            rest = "";
            break;
        };
        let tag = rest[start + 2..start + end].trim();
        rest = &rest[start + end + 2..];
        if let Some(name) = tag.strip_prefix('#') {
            show.push(field(name).map(|v| !html_to_text(v).is_empty()).unwrap_or(false));
        } else if let Some(name) = tag.strip_prefix('^') {
            show.push(field(name).map(|v| html_to_text(v).is_empty()).unwrap_or(true));
        } else if tag.starts_with('/') {
            show.pop();
        } else if visible {
            if tag == "FrontSide" {
                out.push_str(front_side);
                continue;
            }
            let (filters, name) = match tag.rsplit_once(':') {
                Some((f, n)) => (f, n),
                None => ("", tag),
            };
            if filters.contains("type") || filters.contains("tts") || filters.contains("cloze") {
                continue;
            }
            if let Some(v) = field(name) {
                out.push_str(v);
            }
        }
    }
    if show.iter().all(|s| *s) {
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<div>One &amp; <b>two</b></div><div>three<br>four&nbsp;five</div><img src=\"x.png\">[sound:a.mp3]"),
            "One & two\nthree\nfour five"
        );
        assert_eq!(media_refs("<img src=a.png> [sound:x.mp3]"), 2);
    }

    #[test]
    fn clozes_split_into_cards() {
        let t = "SQS keeps messages {{c1::4 days}} by default, up to {{c2::14 days::max}}.";
        assert_eq!(cloze_numbers(t), vec![1, 2]);
        assert_eq!(
            cloze_card(t, 1),
            (
                "SQS keeps messages [...] by default, up to 14 days.".into(),
                "4 days".into()
            )
        );
        assert_eq!(
            cloze_card(t, 2),
            (
                "SQS keeps messages 4 days by default, up to [max].".into(),
                "14 days".into()
            )
        );
    }

    #[test]
    fn templates_render() {
        let f = vec![
            ("Front".to_string(), "Q".to_string()),
            ("Back".to_string(), "A".to_string()),
            ("Extra".to_string(), String::new()),
        ];
        assert_eq!(
            render_template("{{Front}}{{#Extra}}!{{Extra}}{{/Extra}}", &f, ""),
            "Q"
        );
        assert_eq!(
            render_template("{{FrontSide}}<hr id=answer>{{text:Back}}{{type:Back}}", &f, "Q"),
            "Q<hr id=answer>A"
        );
    }
}
