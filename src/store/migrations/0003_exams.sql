-- Practice exams: attempts, their questions (a snapshot of each, so results and resume never
-- depend on the current bank), and the missed-question hook the review queue reads.
-- Times are unix milliseconds.
CREATE TABLE exam_attempts (
    id             INTEGER PRIMARY KEY,
    mode           TEXT NOT NULL CHECK (mode IN ('exam', 'practice', 'custom')),
    status         TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted', 'abandoned')),
    seed           INTEGER NOT NULL,
    config         TEXT NOT NULL,            -- JSON: the resolved request (services, domains, ...)
    started_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,         -- last autosave
    time_limit_ms  INTEGER,                  -- NULL: untimed
    elapsed_ms     INTEGER NOT NULL DEFAULT 0,
    paused         INTEGER NOT NULL DEFAULT 0,
    current        INTEGER NOT NULL DEFAULT 0,
    submitted_at   INTEGER,
    time_up        INTEGER NOT NULL DEFAULT 0,
    total          INTEGER NOT NULL,
    correct        INTEGER,
    percent        REAL,
    scaled         INTEGER
);
CREATE INDEX exam_attempts_status ON exam_attempts(status, id);

CREATE TABLE exam_items (
    attempt_id   INTEGER NOT NULL REFERENCES exam_attempts(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    question     TEXT NOT NULL,              -- JSON snapshot of the question
    selected     TEXT,                       -- JSON list of chosen indices; NULL: unanswered
    flagged      INTEGER NOT NULL DEFAULT 0,
    time_ms      INTEGER NOT NULL DEFAULT 0,
    correct      INTEGER,                    -- known at submission (at answer time in practice)
    answered_at  INTEGER,
    PRIMARY KEY (attempt_id, position)
);
CREATE INDEX exam_items_question ON exam_items(question_id);

-- Hook for the review queue: every question answered wrongly (or left unanswered) in a
-- submitted attempt, and every wrong answer in practice mode as it is given.
CREATE TABLE missed_questions (
    question_id  TEXT NOT NULL,
    attempt_id   INTEGER NOT NULL REFERENCES exam_attempts(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    PRIMARY KEY (question_id, attempt_id)
);
CREATE INDEX missed_questions_at ON missed_questions(at);
