//! The fact checker's claim extraction on any note text: no panic, and every finding points at a
//! line of the note.
#![no_main]

use coldstart::facts::FactBase;
use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;

static FACTS: Lazy<FactBase> = Lazy::new(|| {
    FactBase::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/facts.toml")).unwrap()
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.lines().count().max(1);
    let notes = vec![("fuzz.md".to_string(), text)];
    for f in coldstart::facts::check::check_notes(&notes, &FACTS) {
        assert!(
            f.line >= 1 && f.line <= lines,
            "finding at line {} of {lines}",
            f.line
        );
    }
});
