use coldstart::notes::render::render;

use crate::fixtures;

#[test]
fn hostile_html_renders_inert() {
    let md = std::fs::read_to_string(fixtures().join("hostile.md")).unwrap();
    let (html, _) = render(&md);
    let lower = html.to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "src=\"https://",
        "src=\"http://",
        "src=\"x\"",
    ] {
        assert!(!lower.contains(bad), "{bad} survived in {html}");
    }
    // Remote images become placeholders that show their URL.
    assert!(html.contains("class=\"remote-image\""), "{html}");
    assert!(html.contains("https://evil.example/pixel.gif"));
    assert!(html.contains("http://tracker.example/t.png"));
    // The link text stays, without its target.
    assert!(html.contains("click me"));
}

#[test]
fn messy_note_renders_tables_math_admonitions_and_placeholders() {
    let md = std::fs::read_to_string(fixtures().join("course/week1/compute.md")).unwrap();
    let (html, outline) = render(&md);
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("class=\"math math-inline\""));
    assert!(html.contains("admonition admonition-tip"));
    assert!(html.contains("<u>underlined bit</u>"));
    assert!(html.contains("remote image (not loaded offline): https://example.com/diagram.png"));
    assert_eq!(
        outline.iter().map(|o| o.anchor.as_str()).collect::<Vec<_>>(),
        vec!["compute-on-aws", "lambda-timeouts", "pricing-table"]
    );
}
