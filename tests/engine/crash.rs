//! Kills during a backup: a process killed while it copies the database must never leave a
//! file that a later restore takes for a backup.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use coldstart::store::Store;
use rusqlite::Connection;

const ROWS: i64 = 40_000;
const ENV_DB: &str = "COLDSTART_TEST_BACKUP_LOOP_DB";

/// Run by [`a_backup_killed_midway_is_never_taken_for_a_backup`] in a child process: take
/// backups of the database named in the environment until killed.
#[test]
#[ignore = "a child process of a_backup_killed_midway_is_never_taken_for_a_backup"]
fn backup_loop_child() {
    let db = PathBuf::from(std::env::var(ENV_DB).expect("run by the parent test"));
    let store = Store::open(&db).expect("open");
    for _ in 0..200 {
        store.backup("loop").expect("backup");
    }
}

/// A database of about 40 MB, so that a backup takes long enough to be killed midway.
fn big_database(db: &Path) {
    drop(Store::open(db).expect("create"));
    let c = Connection::open(db).unwrap();
    c.execute_batch("CREATE TABLE pad(id INTEGER PRIMARY KEY, x BLOB)")
        .unwrap();
    let tx = c.unchecked_transaction().unwrap();
    {
        let mut st = tx
            .prepare("INSERT INTO pad(x) VALUES (randomblob(1000))")
            .unwrap();
        for _ in 0..ROWS {
            st.execute([]).unwrap();
        }
    }
    tx.commit().unwrap();
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
}

fn quick_check_of_a_copy(bak: &Path, scratch: &Path) -> String {
    let copy = scratch.join("check.db");
    let _ = std::fs::remove_file(&copy);
    std::fs::copy(bak, &copy).unwrap();
    let verdict = Connection::open(&copy)
        .and_then(|c| c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)))
        .unwrap_or_else(|e| e.to_string());
    let _ = std::fs::remove_file(&copy);
    verdict
}

/// A backup's rollback journal written since `since`: a copy is being written right now.
fn copy_in_progress(dir: &Path, since: std::time::SystemTime) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().any(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.contains(".bak")
            && n.ends_with("-journal")
            && e.metadata().and_then(|m| m.modified()).is_ok_and(|t| t >= since)
    })
}

#[test]
fn a_backup_killed_midway_is_never_taken_for_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let db = dir.path().join("coldstart.db");
    big_database(&db);
    // One whole backup taken in peace, as a learner would have from an earlier day.
    let whole = Store::open(&db).unwrap().backup("earlier").unwrap();
    let exe = std::env::current_exe().unwrap();
    // Kill while a copy is being written: a backup's destination has a rollback journal only
    // while the copy is in progress. Each kill lands a little later into the copy.
    let mut killed = 0;
    for i in 0..12u64 {
        let started = std::time::SystemTime::now();
        let mut child = Command::new(&exe)
            .args(["crash::backup_loop_child", "--exact", "--ignored", "--nocapture"])
            .env(ENV_DB, &db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !copy_in_progress(dir.path(), started) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(500));
        }
        std::thread::sleep(Duration::from_millis(i * 3));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        for bak in Store::backups(&db) {
            let verdict = quick_check_of_a_copy(&bak, scratch.path());
            assert_eq!(
                verdict,
                "ok",
                "{} is listed as a backup but is not sound",
                bak.display()
            );
        }
    }
    assert!(
        killed >= 10,
        "only {killed} of the children were still running when killed"
    );
    // The learner's file is damaged now; the restore must bring back a whole backup.
    std::fs::write(&db, b"not a database any more").unwrap();
    let _ = std::fs::remove_file(format!("{}-wal", db.display()));
    let _ = std::fs::remove_file(format!("{}-shm", db.display()));
    let (used, _) = Store::restore_latest_backup(&db).expect("restore");
    assert!(
        used == whole || used.to_string_lossy().contains(".loop-"),
        "{used:?}"
    );
    let c = Connection::open(&db).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM pad", [], |r| r.get(0)).unwrap();
    assert_eq!(n, ROWS);
}
