//! Rendering a note to sanitized HTML for the app.
//!
//! Notes are untrusted input. After pulldown-cmark renders them, ammonia removes scripts, event
//! handlers, `javascript:` URLs and anything that would load from the network: a remote image
//! becomes a placeholder that shows its URL.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::parse::{options, prepare, slugify, Lines};

/// One heading of a note's outline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutlineItem {
    /// 1–6.
    pub level: u8,
    /// Heading text.
    pub text: String,
    /// The element id of the heading in the HTML.
    pub anchor: String,
    /// 1-based line of the heading.
    pub line: usize,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn is_remote(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//") || u.starts_with("ftp:")
}

fn remote_placeholder(url: &str) -> String {
    let u = escape(url.trim());
    format!("<span class=\"remote-image\" title=\"{u}\">remote image (not loaded offline): {u}</span>")
}

static RAW_IMG: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(r#"(?is)<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>"#).unwrap()
});

/// Replace remote `<img>` tags in raw HTML with placeholders.
fn neutralise_raw_images(html: &str) -> String {
    RAW_IMG
        .replace_all(html, |c: &regex::Captures| {
            let src = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map(|m| m.as_str())
                .unwrap_or("");
            if is_remote(src) {
                remote_placeholder(src)
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// `==text==` → `<mark class="cloze">text</mark>` within a text run.
fn clozes(text: &str) -> Option<String> {
    if !text.contains("==") {
        return None;
    }
    let parts: Vec<&str> = text.split("==").collect();
    if parts.len() < 3 {
        return None;
    }
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 1 && i + 1 < parts.len() {
            out.push_str("<mark class=\"cloze\">");
            out.push_str(&escape(p));
            out.push_str("</mark>");
        } else {
            if i % 2 == 1 {
                out.push_str("==");
            }
            out.push_str(&escape(p));
        }
    }
    Some(out)
}

fn sim_cell(name: &str, body: &str) -> String {
    let inputs = match toml::from_str::<toml::Table>(body) {
        Ok(t) => serde_json::to_string(&t).unwrap_or_else(|_| "{}".into()),
        Err(_) => "{}".into(),
    };
    format!(
        "<div class=\"sim-cell\" data-sim=\"{}\" data-inputs=\"{}\"><pre><code>{}</code></pre></div>\n",
        escape(name),
        escape(&inputs),
        escape(body)
    )
}

/// Render markdown to sanitized HTML and its outline.
pub fn render(markdown: &str) -> (String, Vec<OutlineItem>) {
    let prepared = prepare(markdown);
    let lines = Lines::new(&prepared.text);
    let mut admonitions = prepared.admonitions.iter().peekable();
    let mut events: Vec<Event> = Vec::new();
    let mut outline = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(usize, usize, String)> = None; // (event index, line, text)
    let mut skip_image_depth = 0usize;
    let mut sim: Option<(String, String)> = None;

    for (event, range) in Parser::new_ext(&prepared.text, options()).into_offset_iter() {
        while let Some(a) = admonitions.peek() {
            if a.offset > range.start {
                break;
            }
            events.push(Event::Html(admonition_html(a).into()));
            admonitions.next();
        }
        if skip_image_depth > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => skip_image_depth += 1,
                Event::End(TagEnd::Image) => skip_image_depth -= 1,
                _ => {}
            }
            continue;
        }
        if let Some((_, body)) = sim.as_mut() {
            match event {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (name, body) = sim.take().unwrap();
                    events.push(Event::Html(sim_cell(&name, &body).into()));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                heading = Some((events.len(), lines.line_of(range.start), String::new()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs: vec![],
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((idx, line, text)) = heading.take() {
                    let text = text.trim().to_string();
                    let base = slugify(&text);
                    let n = used.entry(base.clone()).or_insert(0);
                    let anchor = if *n == 0 { base } else { format!("{base}-{n}") };
                    *n += 1;
                    events[idx] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(anchor.clone())),
                        classes: vec![],
                        attrs: vec![(CowStr::from("data-line"), Some(CowStr::from(line.to_string())))],
                    });
                    outline.push(OutlineItem {
                        level: level as u8,
                        text,
                        anchor,
                        line,
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.trim_start().starts_with("sim ") =>
            {
                let name = info.trim_start()[4..].trim().to_string();
                sim = Some((name, String::new()));
            }
            Event::Start(Tag::Image { dest_url, .. }) if is_remote(&dest_url) => {
                events.push(Event::Html(remote_placeholder(&dest_url).into()));
                skip_image_depth = 1;
            }
            Event::Html(h) => events.push(Event::Html(neutralise_raw_images(&h).into())),
            Event::InlineHtml(h) => events.push(Event::InlineHtml(neutralise_raw_images(&h).into())),
            Event::InlineMath(m) => {
                events.push(Event::InlineHtml(
                    format!("<span class=\"math math-inline\">{}</span>", escape(&m)).into(),
                ));
                if let Some((_, _, t)) = heading.as_mut() {
                    t.push_str(&m);
                }
            }
            Event::DisplayMath(m) => events.push(Event::Html(
                format!("<div class=\"math math-display\">{}</div>", escape(&m)).into(),
            )),
            Event::Text(t) => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
                match clozes(&t) {
                    Some(html) => events.push(Event::InlineHtml(html.into())),
                    None => events.push(Event::Text(t)),
                }
            }
            Event::Code(c) => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&c);
                }
                events.push(Event::Code(c));
            }
            other => events.push(other),
        }
    }
    for a in admonitions {
        events.push(Event::Html(admonition_html(a).into()));
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (sanitize(&html), outline)
}

fn admonition_html(a: &super::parse::Admonition) -> String {
    match &a.open {
        Some((kind, title)) => {
            let label = if title.is_empty() {
                let mut k = kind.clone();
                if let Some(f) = k.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                k
            } else {
                title.clone()
            };
            format!(
                "<div class=\"admonition admonition-{}\"><p class=\"admonition-title\">{}</p>\n",
                escape(kind),
                escape(&label)
            )
        }
        None => "</div>\n".to_string(),
    }
}

/// Sanitize HTML: keep formatting, drop scripts, handlers, dangerous URLs and remote loads.
pub fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "mark",
        "span",
        "div",
        "details",
        "summary",
        "input",
        "u",
        "sup",
        "sub",
        "figure",
        "figcaption",
    ])
    .add_generic_attributes(["title"])
    .add_tag_attributes("h1", ["id", "data-line"])
    .add_tag_attributes("h2", ["id", "data-line"])
    .add_tag_attributes("h3", ["id", "data-line"])
    .add_tag_attributes("h4", ["id", "data-line"])
    .add_tag_attributes("h5", ["id", "data-line"])
    .add_tag_attributes("h6", ["id", "data-line"])
    .add_tag_attributes("div", ["data-sim", "data-inputs"])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("li", ["id"])
    .add_tag_attributes("sup", ["id"])
    .add_tag_attributes("td", ["align", "style"])
    .add_tag_attributes("th", ["align", "style"])
    .add_allowed_classes("span", ["math", "math-inline", "remote-image"])
    .add_allowed_classes(
        "div",
        [
            "math",
            "math-display",
            "sim-cell",
            "admonition",
            "footnote-definition",
        ],
    )
    .add_allowed_classes(
        "div",
        [
            "admonition-tip",
            "admonition-note",
            "admonition-info",
            "admonition-warning",
            "admonition-caution",
            "admonition-danger",
            "admonition-important",
        ],
    )
    .add_allowed_classes("p", ["admonition-title"])
    .add_allowed_classes("mark", ["cloze"])
    .add_allowed_classes("code", ["language-*"])
    .url_schemes(HashSet::from(["http", "https", "mailto", "data"]))
    .link_rel(Some("noopener noreferrer"))
    .attribute_filter(|element, attribute, value| match (element, attribute) {
        ("img", "src") if !value.trim_start().starts_with("data:image/") => None,
        ("a", "href") if value.trim_start().to_ascii_lowercase().starts_with("data:") => None,
        ("td" | "th", "style") => {
            let v = value.trim();
            if v.starts_with("text-align:") && v.len() < 24 {
                Some(v.into())
            } else {
                None
            }
        }
        _ => Some(value.into()),
    });
    // `code` classes such as language-rust: ammonia does not do wildcards, so allow the common ones.
    let _ = &mut b;
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_and_lines() {
        let (html, outline) = render("# Title\n\n## Two words\n\ntext\n\n## Two words\n");
        assert!(html.contains("<h2 id=\"two-words\" data-line=\"3\">"), "{html}");
        assert!(html.contains("id=\"two-words-1\""), "{html}");
        assert_eq!(outline.len(), 3);
    }

    #[test]
    fn math_and_admonitions() {
        let (html, _) = render("Cost is $x^2$.\n\n:::tip Exam\nRemember **this**\n:::\n");
        assert!(
            html.contains("<span class=\"math math-inline\">x^2</span>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"admonition admonition-tip\">"),
            "{html}"
        );
        assert!(html.contains("<strong>this</strong>"), "{html}");
    }

    #[test]
    fn sim_cells_become_widgets() {
        let (html, _) = render("```sim dynamodb-capacity\nwrites_per_second = 6\n```\n");
        assert!(html.contains("data-sim=\"dynamodb-capacity\""), "{html}");
        assert!(html.contains("writes_per_second"), "{html}");
    }
}
