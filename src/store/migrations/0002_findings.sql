-- Fact-check findings the learner dismissed, keyed by the finding's stable id
-- (a hash of kind, file, claim and fact id), so they stay dismissed across runs.
CREATE TABLE IF NOT EXISTS dismissed_findings (
    id            TEXT PRIMARY KEY,
    dismissed_at  INTEGER NOT NULL
);
