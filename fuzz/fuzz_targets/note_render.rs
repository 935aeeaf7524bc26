//! The note parser and renderer on any bytes: no panic, and the rendered HTML never carries an
//! executable attribute, a script-capable URL or a remote load.
#![no_main]

use coldstart::notes::{parse_note, render::render, SourceKind};
use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;
use regex::Regex;

static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"<[a-zA-Z][^>]*>").unwrap());
static HANDLER: Lazy<Regex> = Lazy::new(|| Regex::new(r#"(?i)[\s/"']on[a-z]+\s*="#).unwrap());
static URL_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i)\s(href|src|xlink:href|action|formaction|srcset|poster|data)\s*=\s*"([^"]*)""#).unwrap()
});
static BANNED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)<\s*/?\s*(script|iframe|object|embed|base|meta|link|style|form|frame)\b").unwrap()
});

fn check(html: &str) {
    assert!(!BANNED.is_match(html), "banned element in {html}");
    for tag in TAG.find_iter(html) {
        let t = tag.as_str();
        // Attribute values are quoted by the sanitizer; look only outside quotes for handlers.
        let outside: String = t.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        assert!(!HANDLER.is_match(&outside), "event handler in {t}");
        for c in URL_ATTR.captures_iter(t) {
            let v: String = c[2]
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            let v = v
                .to_ascii_lowercase()
                .replace("&#x3a;", ":")
                .replace("&#58;", ":");
            assert!(
                !v.starts_with("javascript:") && !v.starts_with("vbscript:") && !v.starts_with("data:text"),
                "script URL in {t}"
            );
            if &c[1] != "href" {
                assert!(
                    !v.starts_with("http:") && !v.starts_with("https:") && !v.starts_with("//"),
                    "remote load in {t}"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let note = parse_note(data, "fuzz.md", SourceKind::Imported, None);
    let (html, _outline) = render(&note.markdown);
    check(&html);
    for s in &note.sections {
        let _ = (&s.anchor, &s.heading_path);
    }
});
