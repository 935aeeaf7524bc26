//! The Anki package and CSV readers on any bytes: a clear error or a result, never a panic, and
//! nothing written beside the file read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    // The first byte picks the reader, so one corpus feeds both.
    let (name, body) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => ("deck.apkg", rest),
        Some((_, rest)) => ("deck.csv", rest),
        None => ("deck.csv", data),
    };
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    let _ = coldstart::interop::read_deck(&path);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "the reader wrote beside the deck: {left:?}");
});
