//! Numbered schema migrations, tracked in `PRAGMA user_version`.
//!
//! A new database goes through the same chain as an old one, so both end in the same schema.

use rusqlite::Connection;

/// Each step: (version it brings the database to, SQL).
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_sources.sql")),
    (2, include_str!("migrations/0002_findings.sql")),
    (3, include_str!("migrations/0003_exams.sql")),
    (4, include_str!("migrations/0004_review.sql")),
    (5, include_str!("migrations/0005_interop.sql")),
    (6, include_str!("migrations/0006_card_order_index.sql")),
];

/// The newest schema this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Run every step above `from`, all in one immediate transaction.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > from) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()
}
