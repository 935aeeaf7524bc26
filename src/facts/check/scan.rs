//! Markdown source → the pieces of text a claim can live in ("units"): a bullet, a table cell,
//! a paragraph sentence, each with its 1-based line and its context (heading, table row label
//! and column header). Code blocks, front matter and HTML comments are skipped.

use once_cell::sync::Lazy;
use regex::Regex;

/// One piece of text that can hold a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// 1-based line in the file.
    pub line: usize,
    /// Plain text (markup removed, LaTeX operators turned into `×`, `÷`).
    pub text: String,
    /// The raw source line(s), for explicit fact markers.
    pub raw: String,
    /// Nearby text that names what the claim is about (heading, row label, column header).
    pub context: String,
    /// The closest of that context: the table row label and column header, or the parent bullet.
    pub label: String,
}

static LINK: Lazy<Regex> = Lazy::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap());
static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"</?[A-Za-z][^>]*>|<!--.*?-->").unwrap());
static MATH: Lazy<Regex> = Lazy::new(|| Regex::new(r"\$\$?([^$]*\\[A-Za-z]+[^$]*)\$\$?").unwrap());
static TEXTCMD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\\(?:text|mathrm|mathbf|textbf)\{([^}]*)\}").unwrap());
static FRAC: Lazy<Regex> = Lazy::new(|| Regex::new(r"\\[dt]?frac\{([^}]*)\}\{([^}]*)\}").unwrap());
static CEIL: Lazy<Regex> = Lazy::new(|| Regex::new(r"\\lceil|\\rceil|\\left|\\right").unwrap());
static BULLET: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$").unwrap());
static HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$").unwrap());

/// Turn LaTeX math (`$10 \times 2 = 20$`) into plain arithmetic (`10 × 2 = 20`).
pub fn delatex(s: &str) -> String {
    MATH.replace_all(s, |c: &regex::Captures| {
        let mut m = c[1].to_string();
        m = TEXTCMD.replace_all(&m, " $1").into_owned();
        m = FRAC.replace_all(&m, "($1) ÷ ($2)").into_owned();
        m = CEIL.replace_all(&m, "").into_owned();
        m = m
            .replace("\\times", " × ")
            .replace("\\cdot", " × ")
            .replace("\\div", " ÷ ")
            .replace("\\approx", " ≈ ")
            .replace("\\,", "")
            .replace("\\;", " ")
            .replace("\\%", "%")
            .replace("\\$", "$")
            .replace(['{', '}'], "");
        m
    })
    .into_owned()
}

/// Remove inline markup, keeping the words and numbers.
pub fn plain(s: &str) -> String {
    let s = delatex(s);
    let s = LINK.replace_all(&s, "$1");
    let s = TAG.replace_all(&s, "");
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        let here = prev;
        prev = c;
        match c {
            // `6 * 2` and `2*10` are arithmetic, `*word*` is emphasis.
            '*' if (here.is_whitespace() && next.is_whitespace())
                || (here.is_ascii_digit() && next.is_ascii_digit()) =>
            {
                out.push('*')
            }
            '*' | '`' => {}
            '_' if chars.peek() == Some(&'_') => {
                chars.next();
            }
            '\\' => {
                if let Some(&n) = chars.peek() {
                    if n.is_ascii_punctuation() {
                        out.push(n);
                        chars.next();
                    }
                }
            }
            '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `needle` (a claim as the checker read it from the unit's plain text) sits in the unit's
/// source: the 1-based line and the 1-based column (in characters) of its first character. A
/// bullet with continuation lines or a paragraph spans several lines; the claim is on one of
/// them. Falls back to the unit's first line and column 0 (unknown).
pub fn locate(unit: &Unit, needle: &str) -> (usize, usize) {
    let needle = needle.trim();
    if needle.is_empty() {
        return (unit.line, 0);
    }
    let lines: Vec<&str> = unit.raw.lines().collect();
    let first_num: String = needle
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let first_num = first_num.trim_end_matches(['.', ',']);
    let col_of = |raw: &str, what: &str| -> usize {
        raw.find(what).map(|b| raw[..b].chars().count() + 1).unwrap_or(0)
    };
    // The whole claim on one line, else its first words (a claim broken over two lines).
    let words: Vec<&str> = needle.split_whitespace().collect();
    for n in (1..=words.len()).rev() {
        let head = words[..n].join(" ");
        if n < words.len() && !head.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        for (i, raw) in lines.iter().enumerate() {
            if plain(raw).contains(&head) {
                let col = if first_num.is_empty() {
                    0
                } else {
                    col_of(raw, first_num)
                };
                return (unit.line + i, col);
            }
        }
    }
    if !first_num.is_empty() {
        for (i, raw) in lines.iter().enumerate() {
            let at = col_of(raw, first_num);
            if at > 0 {
                return (unit.line + i, at);
            }
        }
    }
    (unit.line, 0)
}

static HTML_HEADING: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s*<h([1-6])[^>]*>(.*?)</h[1-6]>\s*$").unwrap());
static HTML_CELL: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?is)<(t[dh])[^>]*>(.*?)</t[dh]>").unwrap());
static HTML_TABLE_EDGE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^\s*</?(?:table|thead|tbody|tfoot)[^>]*>\s*$").unwrap());

/// Each source line, with `<h2>…</h2>` turned into `## …`, a one-line `<tr>…</tr>` into a
/// `| … |` row and `<table>` edges into blank lines; and the 1-based lines of `<th>` rows.
fn html_to_markdown(source: &str) -> (Vec<String>, std::collections::HashSet<usize>) {
    let mut header_rows = std::collections::HashSet::new();
    let lines = source
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if let Some(c) = HTML_HEADING.captures(l) {
                let level: usize = c[1].parse().unwrap_or(2);
                return format!("{} {}", "#".repeat(level), &c[2]);
            }
            if HTML_TABLE_EDGE.is_match(l) {
                return String::new();
            }
            let t = l.trim_start().to_ascii_lowercase();
            if t.starts_with("<tr") {
                let cells: Vec<regex::Captures> = HTML_CELL.captures_iter(l).collect();
                if !cells.is_empty() {
                    if cells.iter().all(|c| c[1].eq_ignore_ascii_case("th")) {
                        header_rows.insert(i + 1);
                    }
                    let row: Vec<String> = cells.iter().map(|c| c[2].replace('|', "\\|")).collect();
                    return format!("| {} |", row.join(" | "));
                }
            }
            l.to_string()
        })
        .collect();
    (lines, header_rows)
}

fn is_table_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.len() > 1
}

/// A markdown table's rule line (`|---|:--:|`).
pub(crate) fn is_table_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The cells of a markdown table row, trimmed (`\|` is a literal bar).
pub(crate) fn cells(line: &str) -> Vec<String> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    // `\|` inside a cell is a literal bar.
    t.replace("\\|", "\u{1}")
        .split('|')
        .map(|c| c.replace('\u{1}', "|").trim().to_string())
        .collect()
}

/// Split a paragraph into sentences: `(offset line, sentence)`.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        if matches!(c, '.' | '!' | '?') {
            let next = chars.get(i + 1).copied();
            let after = chars.get(i + 2).copied();
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            if next == Some(' ')
                && after.is_some_and(|a| a.is_uppercase())
                && !prev.is_ascii_digit()
                && !cur.trim_end().ends_with("e.g.")
                && !cur.trim_end().ends_with("i.e.")
            {
                out.push(std::mem::take(&mut cur).trim().to_string());
            }
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Read a note's markdown into units.
pub fn units(source: &str) -> Vec<Unit> {
    // HTML headings and table rows read as their markdown twins, line for line.
    let (converted, html_header_rows) = html_to_markdown(source);
    let lines: Vec<&str> = converted.iter().map(|l| l.as_str()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Front matter.
    if lines.first().map(|l| l.trim()) == Some("---") {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| l.trim() == "---" || l.trim() == "...")
        {
            i = end + 2;
        }
    }
    let mut heading = String::new();
    let mut path: Vec<(usize, String)> = Vec::new();
    let front_service = lines[..i.min(lines.len())]
        .iter()
        .find_map(|l| {
            l.trim()
                .strip_prefix("service:")
                .map(|v| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_default();
    heading.clone_from(&front_service);
    let mut fence: Option<String> = None;
    let mut in_comment = false;
    let mut table_header: Option<Vec<String>> = None;
    // Paragraph being gathered: (first line, text, raw).
    let mut para: Option<(usize, String, String)> = None;
    // Parent bullets by indent, so a nested bullet knows what it is under.
    let mut parents: Vec<(usize, String)> = Vec::new();

    // The question a paragraph answers: a paragraph ending in `?` ("Q: How big can a message
    // be?") is the label of the paragraph right after it ("A: 256 KB").
    let mut question: Option<String> = None;
    let flush = |para: &mut Option<(usize, String, String)>,
                 out: &mut Vec<Unit>,
                 heading: &str,
                 question: &mut Option<String>| {
        if let Some((line, text, raw)) = para.take() {
            let asked = question.take().unwrap_or_default();
            let sents = sentences(&plain(&text));
            // A service named earlier in the paragraph is what its later sentences are about
            // ("… into Step Functions. Their docs say a state's input can be at most 32 KB").
            let mut named: Vec<&str> = Vec::new();
            for s in &sents {
                let mut context = heading.to_string();
                for part in [asked.as_str(), &named.join(", ")] {
                    if !part.is_empty() {
                        context.push_str(" | ");
                        context.push_str(part);
                    }
                }
                out.push(Unit {
                    line,
                    text: s.clone(),
                    raw: raw.clone(),
                    context,
                    label: asked.clone(),
                });
                for n in super::services_named(s) {
                    if !named.contains(&n) {
                        named.push(n);
                    }
                }
            }
            if asked.is_empty() && sents.last().is_some_and(|s| s.ends_with('?')) {
                *question = sents.last().cloned();
            }
        }
    };

    while i < lines.len() {
        let line = lines[i];
        let lno = i + 1;
        let t = line.trim();
        i += 1;
        if let Some(f) = &fence {
            if t.starts_with(f.as_str()) && t.trim_start_matches(f.chars().next().unwrap()).trim().is_empty()
            {
                fence = None;
            }
            continue;
        }
        if in_comment {
            if t.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut para, &mut out, &heading, &mut question);
            let c = &t[..1];
            let n = t.chars().take_while(|x| x.to_string() == c).count();
            fence = Some(c.repeat(n));
            continue;
        }
        if t.starts_with("<!--") && !t.contains("-->") {
            flush(&mut para, &mut out, &heading, &mut question);
            in_comment = true;
            continue;
        }
        if t.is_empty() || t.starts_with(":::") || t == "?" {
            flush(&mut para, &mut out, &heading, &mut question);
            if t.is_empty() {
                table_header = None;
            }
            continue;
        }
        if let Some(c) = HEADING.captures(line) {
            flush(&mut para, &mut out, &heading, &mut question);
            let level = c[1].len();
            path.retain(|(l, _)| *l < level);
            path.push((level, plain(&c[2])));
            heading = std::iter::once(front_service.clone())
                .chain(path.iter().map(|(_, h)| h.clone()))
                .filter(|h| !h.is_empty())
                .collect::<Vec<_>>()
                .join(" › ");
            parents.clear();
            table_header = None;
            question = None;
            continue;
        }
        if is_table_row(line) {
            flush(&mut para, &mut out, &heading, &mut question);
            if is_table_rule(line) {
                continue;
            }
            let row: Vec<String> = cells(line).iter().map(|c| plain(c)).collect();
            let next_is_rule = lines.get(i).is_some_and(|n| is_table_rule(n));
            if table_header.is_none() && (next_is_rule || html_header_rows.contains(&lno)) {
                table_header = Some(row);
                continue;
            }
            let header = table_header.clone().unwrap_or_default();
            let label = row.first().cloned().unwrap_or_default();
            for (ci, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let col = header.get(ci).cloned().unwrap_or_default();
                let near = if ci == 0 { col } else { format!("{label} | {col}") };
                out.push(Unit {
                    line: lno,
                    text: cell.clone(),
                    raw: line.to_string(),
                    context: format!("{heading} | {near}"),
                    label: near,
                });
            }
            continue;
        }
        let quote = t.trim_start_matches('>').trim();
        if let Some(c) = BULLET.captures(line) {
            flush(&mut para, &mut out, &heading, &mut question);
            let indent = c[1].replace('\t', "    ").len();
            let mut text = c[2].to_string();
            let mut raw = line.to_string();
            // Continuation lines (indented, not a new bullet or block).
            while i < lines.len() {
                let n = lines[i];
                let nt = n.trim();
                if nt.is_empty()
                    || BULLET.is_match(n)
                    || HEADING.is_match(n)
                    || is_table_row(n)
                    || nt.starts_with("```")
                    || !n.starts_with([' ', '\t'])
                {
                    break;
                }
                text.push(' ');
                text.push_str(nt);
                raw.push('\n');
                raw.push_str(n);
                i += 1;
            }
            parents.retain(|(ind, _)| *ind < indent);
            let parent = parents.last().map(|(_, p)| p.clone()).unwrap_or_default();
            let plain_text = plain(&text);
            parents.push((indent, plain_text.clone()));
            for s in sentences(&plain_text) {
                out.push(Unit {
                    line: lno,
                    text: s,
                    raw: raw.clone(),
                    context: if parent.is_empty() {
                        heading.clone()
                    } else {
                        format!("{heading} | {parent}")
                    },
                    label: parent.clone(),
                });
            }
            continue;
        }
        // Paragraph (or blockquote) text. A card line (`Q:: A`) stands alone.
        if t.contains("::") {
            flush(&mut para, &mut out, &heading, &mut question);
        }
        match &mut para {
            Some((_, text, raw)) => {
                text.push(' ');
                text.push_str(quote);
                raw.push('\n');
                raw.push_str(line);
            }
            None => para = Some((lno, quote.to_string(), line.to_string())),
        }
        if t.contains("::") || t.ends_with(['.', '?', '!']) {
            flush(&mut para, &mut out, &heading, &mut question);
        }
    }
    flush(&mut para, &mut out, &heading, &mut question);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_have_lines_and_context() {
        let md = "---\ntitle: x\n---\n# Lambda\n\n- **Memory**: 128 MB to 10 GB\n  (configurable)\n\n| Limit | Value |\n|---|---|\n| Timeout | 900 s |\n\n```\nmemory = 3008\n```\nOne sentence. Two sentences here.\n";
        let u = units(md);
        assert_eq!(u[0].line, 6);
        assert_eq!(u[0].text, "Memory: 128 MB to 10 GB (configurable)");
        assert!(u
            .iter()
            .any(|x| x.line == 11 && x.text == "900 s" && x.context.contains("Timeout")));
        assert!(!u.iter().any(|x| x.text.contains("3008")));
        assert_eq!(u.iter().filter(|x| x.line == 16).count(), 2);
    }

    #[test]
    fn latex_becomes_arithmetic() {
        assert_eq!(plain(r"$10 \times 2 = 20$ WCU"), "10 × 2 = 20 WCU");
        assert_eq!(plain(r"$\frac{6}{2} = 3$"), "(6) ÷ (2) = 3");
        assert_eq!(plain("costs $0.20 per million"), "costs $0.20 per million");
    }
}
