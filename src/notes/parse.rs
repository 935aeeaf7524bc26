//! Reading one markdown file into a [`Note`].

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{service::infer_service, Note, NoteIssue, Section, SourceKind};

/// Markdown extensions Coldstart reads with (GFM tables, footnotes, strikethrough, math, tasks).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
}

/// An admonition fence (`:::tip Title` or the closing `:::`) found while preparing the source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Admonition {
    /// Byte offset in the prepared source of the (blanked) fence line.
    pub offset: usize,
    /// `Some((kind, title))` for an opening fence, `None` for a closing one.
    pub open: Option<(String, String)>,
}

/// The markdown body ready for pulldown-cmark: front matter and admonition fences blanked out
/// (replaced by empty lines, so line numbers stay those of the file).
pub(crate) struct Prepared {
    pub text: String,
    pub admonitions: Vec<Admonition>,
    pub front_matter: Option<(String, usize)>,
}

pub(crate) fn prepare(source: &str) -> Prepared {
    let mut text = String::with_capacity(source.len());
    let mut admonitions = Vec::new();
    let mut front_matter = None;
    let mut lines = source.split_inclusive('\n').enumerate().peekable();
    // Front matter: `---` on the first line, closed by `---` or `...`.
    if source.starts_with("---\n") || source.starts_with("---\r\n") {
        let mut body = String::new();
        let mut consumed = Vec::new();
        let mut closed = false;
        for (i, line) in source.split_inclusive('\n').enumerate().skip(1) {
            let t = line.trim_end();
            if t == "---" || t == "..." {
                consumed.push(i);
                closed = true;
                break;
            }
            body.push_str(line);
            consumed.push(i);
        }
        if closed {
            front_matter = Some((body, 2));
            let last = *consumed.last().unwrap_or(&0);
            for (i, line) in lines.by_ref() {
                text.push_str(if line.ends_with('\n') { "\n" } else { "" });
                if i == last {
                    break;
                }
            }
        }
    }
    let mut depth = 0usize;
    let mut in_fence: Option<String> = None;
    for (_, line) in lines {
        let t = line.trim();
        // Do not treat `:::` inside fenced code as an admonition.
        if let Some(f) = &in_fence {
            if t.starts_with(f.as_str()) {
                in_fence = None;
            }
            text.push_str(line);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = Some(t[..3].to_string());
            text.push_str(line);
            continue;
        }
        if let Some(rest) = t.strip_prefix(":::") {
            let rest = rest.trim_start_matches(':').trim();
            let offset = text.len();
            if rest.is_empty() {
                if depth > 0 {
                    depth -= 1;
                    admonitions.push(Admonition { offset, open: None });
                    text.push_str(if line.ends_with('\n') { "\n" } else { "" });
                    continue;
                }
            } else {
                let mut parts = rest.splitn(2, char::is_whitespace);
                let kind: String = parts
                    .next()
                    .unwrap_or("note")
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                let title = parts.next().unwrap_or("").trim().to_string();
                depth += 1;
                admonitions.push(Admonition {
                    offset,
                    open: Some((kind, title)),
                });
                text.push_str(if line.ends_with('\n') { "\n" } else { "" });
                continue;
            }
        }
        text.push_str(line);
    }
    Prepared {
        text,
        admonitions,
        front_matter,
    }
}

/// GitHub-style heading slug: lowercase, punctuation dropped, spaces to `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' || c == '_' {
            out.push(if c == '_' { '_' } else { '-' });
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

struct FrontMatter {
    title: Option<String>,
    service: Option<String>,
    tags: Vec<String>,
}

fn read_front_matter(yaml: &str, file: &str, issues: &mut Vec<NoteIssue>) -> FrontMatter {
    let mut fm = FrontMatter {
        title: None,
        service: None,
        tags: Vec::new(),
    };
    let value: serde_norway::Value = match serde_norway::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            // Point at where the broken construct starts ("while parsing ... at line N"), else
            // where the parser noticed; YAML line 1 is file line 2.
            let msg = e.to_string();
            let context_line = msg
                .rsplit_once("at line ")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .and_then(|n| n.parse::<usize>().ok());
            let yaml_line = if msg.contains("while parsing") {
                context_line
            } else {
                None
            }
            .or_else(|| e.location().map(|l| l.line()))
            .unwrap_or(1);
            let line = yaml_line + 1;
            issues.push(NoteIssue {
                file: file.to_string(),
                line,
                message: format!("front matter is not valid YAML ({e}); read the note without it"),
            });
            return fm;
        }
    };
    let text = |v: &serde_norway::Value| match v {
        serde_norway::Value::String(s) => Some(s.trim().to_string()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(map) = value.as_mapping() {
        for (k, v) in map {
            match k.as_str().unwrap_or("").to_ascii_lowercase().as_str() {
                "title" => fm.title = text(v).filter(|s| !s.is_empty()),
                "service" => fm.service = text(v).map(|s| s.to_lowercase()).filter(|s| !s.is_empty()),
                "tags" | "tag" | "keywords" => match v {
                    serde_norway::Value::Sequence(seq) => {
                        fm.tags = seq.iter().filter_map(text).collect();
                    }
                    serde_norway::Value::String(s) => {
                        fm.tags = s
                            .split([',', ' '])
                            .map(|t| t.trim().trim_start_matches('#').to_string())
                            .filter(|t| !t.is_empty())
                            .collect();
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    fm
}

/// Byte offsets of line starts, for offset → 1-based line.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

/// Decode bytes as UTF-8, or lossily (with a flag saying so). A BOM is dropped.
pub(crate) fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// Parse a note from the bytes of its file.
///
/// `file` is the note's key (shown in errors and search hits); `folder_service` is the service a
/// bundled note's folder names, used when the front matter has none.
pub fn parse_note(bytes: &[u8], file: &str, source: SourceKind, folder_service: Option<&str>) -> Note {
    let (markdown, lossy) = decode(bytes);
    let mut issues = Vec::new();
    if lossy {
        issues.push(NoteIssue {
            file: file.to_string(),
            line: 0,
            message: "not valid UTF-8: decoded lossily (invalid bytes shown as \u{FFFD})".into(),
        });
    }
    let markdown = markdown.replace("\r\n", "\n");
    let prepared = prepare(&markdown);
    let fm = match &prepared.front_matter {
        Some((yaml, _)) => read_front_matter(yaml, file, &mut issues),
        None => FrontMatter {
            title: None,
            service: None,
            tags: Vec::new(),
        },
    };
    let lines = Lines::new(&prepared.text);

    // Pass 1: headings and body text attributed to the section they fall in.
    struct Raw {
        level: u8,
        text: String,
        line: usize,
        body: String,
    }
    let mut raws: Vec<Raw> = vec![Raw {
        level: 0,
        text: String::new(),
        line: 1,
        body: String::new(),
    }];
    let mut in_heading: Option<(u8, usize, String)> = None;
    for (event, range) in Parser::new_ext(&prepared.text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((heading_level(level), lines.line_of(range.start), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, text)) = in_heading.take() {
                    raws.push(Raw {
                        level,
                        text: text.trim().to_string(),
                        line,
                        body: String::new(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some((_, _, h)) = in_heading.as_mut() {
                    h.push_str(&t);
                } else {
                    let body = &mut raws.last_mut().unwrap().body;
                    body.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, h)) = in_heading.as_mut() {
                    h.push(' ');
                } else {
                    raws.last_mut().unwrap().body.push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_),
            ) => {
                raws.last_mut().unwrap().body.push('\n');
            }
            Event::End(TagEnd::TableCell) => raws.last_mut().unwrap().body.push_str(" | "),
            _ => {}
        }
    }

    let title = fm
        .title
        .clone()
        .or_else(|| raws.iter().find(|r| r.level == 1).map(|r| r.text.clone()))
        .or_else(|| raws.iter().find(|r| r.level > 0).map(|r| r.text.clone()))
        .unwrap_or_else(|| {
            std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
                .unwrap_or_else(|| file.to_string())
        });
    let note_service = fm
        .service
        .clone()
        .or_else(|| folder_service.map(str::to_string))
        .or_else(|| {
            std::iter::once(title.as_str())
                .chain(
                    raws.iter()
                        .filter(|r| r.level > 0 && r.level <= 2)
                        .map(|r| r.text.as_str()),
                )
                .find_map(infer_service)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "general".to_string());
    let explicit_service = fm.service.is_some() || folder_service.is_some();

    // Last non-blank line of the file.
    let total_lines = markdown.lines().count().max(1);
    let line_is_blank: Vec<bool> = markdown.lines().map(|l| l.trim().is_empty()).collect();
    let last_content_line = |upto: usize, from: usize| -> usize {
        let mut l = upto.min(total_lines);
        while l > from && line_is_blank.get(l - 1).copied().unwrap_or(true) {
            l -= 1;
        }
        l.max(from)
    };

    let mut sections = Vec::new();
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut used = std::collections::HashMap::<String, usize>::new();
    let heading_lines: Vec<usize> = raws.iter().skip(1).map(|r| r.line).collect();
    for (i, raw) in raws.iter().enumerate() {
        let next_line = heading_lines.get(i).copied().unwrap_or(total_lines + 1);
        if raw.level == 0 {
            // Text before the first heading: a section only if it says something.
            if raw.body.trim().is_empty() {
                continue;
            }
        } else {
            while stack.last().map(|(l, _)| *l >= raw.level).unwrap_or(false) {
                stack.pop();
            }
            stack.push((raw.level, raw.text.clone()));
        }
        let mut heading_path: Vec<String> = stack.iter().map(|(_, t)| t.clone()).collect();
        if heading_path.is_empty() {
            heading_path.push(title.clone());
        }
        let base = if raw.level == 0 {
            "top".to_string()
        } else {
            slugify(&raw.text)
        };
        let n = used.entry(base.clone()).or_insert(0);
        let anchor = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        let service = if explicit_service {
            note_service.clone()
        } else {
            heading_path
                .iter()
                .rev()
                .find_map(|h| infer_service(h))
                .map(str::to_string)
                .unwrap_or_else(|| note_service.clone())
        };
        let start = if raw.level == 0 {
            prepared
                .front_matter
                .as_ref()
                .map(|(fm, _)| fm.lines().count() + 3)
                .unwrap_or(1)
        } else {
            raw.line
        };
        sections.push(Section {
            heading_path,
            level: raw.level,
            anchor,
            line: start,
            end_line: last_content_line(next_line - 1, start),
            text: tidy(&raw.body),
            service,
        });
    }

    Note {
        file: file.to_string(),
        title,
        service: note_service,
        tags: fm.tags,
        source,
        markdown,
        sections,
        issues,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Collapse runs of blank lines and trailing spaces in extracted text.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_have_paths_and_spans() {
        let md = "---\ntitle: Lambda basics\ntags: [a, b]\n---\n\n# Lambda\n\nintro\n\n## Limits\n\n- 900 seconds\n\n### Memory\n\ntext\n\n## Pricing\n\nmoney\n";
        let n = parse_note(
            md.as_bytes(),
            "content/lambda/x.md",
            SourceKind::Bundled,
            Some("lambda"),
        );
        assert_eq!(n.title, "Lambda basics");
        assert_eq!(n.tags, vec!["a", "b"]);
        let s: Vec<_> = n
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.line, s.end_line))
            .collect();
        assert_eq!(
            s,
            vec![
                ("lambda", 6, 8),
                ("limits", 10, 12),
                ("memory", 14, 16),
                ("pricing", 18, 20)
            ]
        );
        assert_eq!(n.sections[2].heading_path, vec!["Lambda", "Limits", "Memory"]);
        assert!(n.sections[1].text.contains("900 seconds"));
    }

    #[test]
    fn admonitions_and_broken_front_matter() {
        let md = "---\ntitle: [unclosed\n---\n# T\n:::tip Remember\nSQS is **pull**\n:::\nafter\n";
        let n = parse_note(md.as_bytes(), "n.md", SourceKind::Imported, None);
        assert_eq!(n.issues.len(), 1, "{:?}", n.issues);
        assert!(n.sections[0].text.contains("SQS is pull"));
        assert!(!n.sections[0].text.contains(":::"));
    }

    #[test]
    fn lossy_utf8_is_reported() {
        let n = parse_note(b"# Caf\xe9\n", "x.md", SourceKind::Imported, None);
        assert!(n.issues[0].message.contains("lossily"));
        assert_eq!(n.title, "Caf\u{FFFD}");
    }

    #[test]
    fn empty_file() {
        let n = parse_note(b"", "empty.md", SourceKind::Imported, None);
        assert!(n.sections.is_empty());
        assert_eq!(n.title, "empty");
    }
}
