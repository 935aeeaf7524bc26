//! Upgrades keep the learner's data: a database written by the previous release (0.1.0, the
//! build on main when packaging began; `tests/fixtures/upgrade/README.md` says how it was made)
//! opens in this build with its reviews and schedule intact.

use std::path::PathBuf;

use coldstart::{CardFilter, Library, LibraryConfig};

/// The five answers in the fixture: card id, grade given, due (unix ms) it was scheduled to.
const ANSWERED: [(&str, &str, i64); 5] = [
    ("16496b1e8c8cab09", "good", 1_795_169_400_000),
    ("630eeb5e3f025ee4", "again", 1_795_168_860_000),
    ("8ebad94aa28cf02a", "easy", 1_795_924_800_000),
    ("cab817f38e4ab779", "hard", 1_795_169_130_000),
    ("23f87f2a45f77797", "good", 1_795_169_400_000),
];

fn open_previous_release_db() -> (tempfile::TempDir, Library) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let packed = std::fs::read(root.join("tests/fixtures/upgrade/coldstart-0.1.0.db.zst")).unwrap();
    let db = zstd::decode_all(&packed[..]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("coldstart.db"), db).unwrap();
    let mut config = LibraryConfig::new(Some(dir.path().to_path_buf())).unwrap();
    config.content_dir = root.join("content");
    config.quizzes_dir = root.join("quizzes");
    let lib = Library::open(config).expect("the previous release's database opens");
    (dir, lib)
}

#[test]
fn a_database_from_the_previous_release_keeps_its_reviews() {
    let (_dir, lib) = open_previous_release_db();
    assert_eq!(lib.stats().unwrap().total_reviews, ANSWERED.len() as i64);
    let cards = lib
        .list_cards(&CardFilter {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    for (id, grade, due) in ANSWERED {
        let card = cards
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("card {id} is gone"));
        assert_eq!(card.reps, 1, "{id} was answered once ({grade})");
        assert_eq!(card.due, due, "{id} keeps the due date its {grade} answer gave");
    }
    let answered = cards.iter().filter(|c| c.reps > 0).count();
    assert_eq!(
        answered,
        ANSWERED.len(),
        "only the five answered cards have reviews"
    );
}
