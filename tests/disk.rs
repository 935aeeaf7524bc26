//! Full and read-only disks, on real small tmpfs file systems: the `coldstart` binary must say
//! what is wrong with the disk, never call the database damaged (whose advice, restoring a backup,
//! would replace the newest reviews with an older copy), and lose nothing once space is back.
//!
//! Mounting needs root, so these tests are `#[ignore]`d in a plain `cargo test`; `.ci/test.sh`
//! runs them with `--ignored` (CI runs as root). Run by hand: `cargo test --test disk -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A tmpfs of `mb` megabytes mounted on a fresh directory, unmounted on drop.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(mb: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            st.success(),
            "mounting a {mb} MB tmpfs on {} failed: these tests need root (CI runs as root)",
            dir.path().display()
        );
        SmallDisk { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn remount(&self, opt: &str) {
        let st = Command::new("mount")
            .args(["-o", &format!("remount,{opt}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(st.success(), "remount {opt}");
    }
    /// Write zeros until the disk is full; returns the filler file.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let p = self.path().join("filler");
        let mut f = std::fs::File::create(&p).unwrap();
        let block = vec![0u8; 1 << 20];
        while f.write_all(&block).is_ok() {}
        while f.write_all(&block[..4096]).is_ok() {}
        let _ = f.sync_all();
        p
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

fn run(data: &Path, args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .env("COLDSTART_CONTENT_DIR", root.join("content"))
        .env("COLDSTART_QUIZZES_DIR", root.join("quizzes"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn json(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = run(data, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Answer the first due card; returns its revlog id.
fn answer_one(data: &Path) -> i64 {
    let due = json(data, &["due", "--json"]);
    let card = due["queue"][0]["id"].as_str().expect("a due card").to_string();
    json(data, &["answer", &card, "good", "--json"])["revlog_id"]
        .as_i64()
        .unwrap()
}

fn revlog_ids(data: &Path) -> Vec<i64> {
    let c = rusqlite::Connection::open(data.join("coldstart.db")).unwrap();
    let mut st = c.prepare("SELECT id FROM revlog ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn assert_disk_not_damage(out: &Output, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{what} succeeded on a bad disk");
    assert!(err.contains(what), "the error says what is wrong ({what}): {err}");
    assert!(err.contains("not damaged"), "{err}");
    assert!(
        !err.contains("restore-backup") && !err.contains("is damaged"),
        "a disk fault must not be called damage: {err}"
    );
}

#[test]
#[ignore = "needs root to mount a small tmpfs; .ci/test.sh runs it with --ignored"]
fn a_full_disk_is_reported_as_full_and_loses_no_review() {
    let disk = SmallDisk::new(48);
    let data = disk.path().join("data");
    assert!(run(&data, &["notes"]).status.success());
    let acked: Vec<i64> = (0..3).map(|_| answer_one(&data)).collect();
    let filler = disk.fill();
    let due = run(&data, &["due", "--json"]);
    assert_disk_not_damage(&due, "is full");
    let card = json_of_db_card(&data);
    let answered = run(&data, &["answer", &card, "good", "--json"]);
    assert_disk_not_damage(&answered, "is full");
    // Space back: everything acknowledged is there, the database is sound, study goes on.
    std::fs::remove_file(filler).unwrap();
    let after = answer_one(&data);
    let ids = revlog_ids(&data);
    for id in acked.iter().chain([&after]) {
        assert!(ids.contains(id), "review {id} kept: {ids:?}");
    }
    let c = rusqlite::Connection::open(data.join("coldstart.db")).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
#[ignore = "needs root to mount a small tmpfs; .ci/test.sh runs it with --ignored"]
fn a_read_only_data_folder_is_reported_as_such_and_loses_nothing() {
    let disk = SmallDisk::new(48);
    let data = disk.path().join("data");
    assert!(run(&data, &["notes"]).status.success());
    let acked = answer_one(&data);
    disk.remount("ro");
    let due = run(&data, &["due", "--json"]);
    assert_disk_not_damage(&due, "read-only");
    disk.remount("rw");
    assert!(revlog_ids(&data).contains(&acked));
    answer_one(&data);
}

/// A card id read straight from the database (the CLI cannot list them on a full disk).
fn json_of_db_card(data: &Path) -> String {
    let uri = format!("file:{}?immutable=1", data.join("coldstart.db").display());
    let c = rusqlite::Connection::open_with_flags(
        uri,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    c.query_row("SELECT id FROM cards LIMIT 1", [], |r| r.get(0))
        .unwrap()
}
