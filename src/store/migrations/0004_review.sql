-- Quiz cards, their FSRS scheduling state, the review log and the undo stack.

-- One row per card. `id` is stable: a hash of the card's source, anchor and content key, so a
-- card keeps its history when its note is edited elsewhere, re-imported or re-indexed.
CREATE TABLE cards (
    id              TEXT PRIMARY KEY,
    source_key      TEXT NOT NULL,            -- note key, 'facts' or 'sim': what generated it
    kind            TEXT NOT NULL,            -- qa, cloze, definition, number, fact, exercise
    explicit        INTEGER NOT NULL,         -- 1: written as a card by the author
    service         TEXT NOT NULL,
    file            TEXT NOT NULL,            -- note key (or content/facts.toml, sim:<model>)
    anchor          TEXT NOT NULL,
    heading_path    TEXT NOT NULL,            -- JSON array of headings
    line            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    front           TEXT NOT NULL,            -- as generated
    back            TEXT NOT NULL,            -- as generated
    context         TEXT NOT NULL,            -- the source text the card came from
    dedupe_key      TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    front_override  TEXT,                     -- the learner's edits survive re-generation
    back_override   TEXT,
    changed         INTEGER NOT NULL DEFAULT 0,  -- content changed since it was last answered
    missing         INTEGER NOT NULL DEFAULT 0,  -- its source is gone
    suspended       INTEGER NOT NULL DEFAULT 0,  -- 0 no, 1 by the learner, 2 because its source is gone
    buried_until    INTEGER NOT NULL DEFAULT 0,  -- study day from which it shows again
    flag            INTEGER NOT NULL DEFAULT 0,
    state           INTEGER NOT NULL DEFAULT 0,  -- 0 new, 1 learning, 2 review, 3 relearning
    step            INTEGER NOT NULL DEFAULT 0,
    due             INTEGER NOT NULL DEFAULT 0,  -- unix ms
    interval_days   INTEGER NOT NULL DEFAULT 0,
    stability       REAL,
    difficulty      REAL,
    last_review     INTEGER,                     -- unix ms
    reps            INTEGER NOT NULL DEFAULT 0,
    lapses          INTEGER NOT NULL DEFAULT 0,
    new_order       INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX cards_source ON cards(source_key);
CREATE INDEX cards_due ON cards(state, due);
CREATE INDEX cards_new ON cards(state, new_order);
CREATE INDEX cards_dedupe ON cards(dedupe_key);
CREATE INDEX cards_service ON cards(service);

-- What each card source looked like when its cards were last generated.
CREATE TABLE card_sources (
    source_key  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,   -- note, facts, sim, other
    hash        TEXT NOT NULL,
    synced_at   INTEGER NOT NULL
);

-- The review log: what Anki's stores, plus FSRS memory before and after.
CREATE TABLE revlog (
    id                 INTEGER PRIMARY KEY,
    card_id            TEXT NOT NULL REFERENCES cards(id),
    reviewed_at        INTEGER NOT NULL,   -- unix ms
    day                INTEGER NOT NULL,   -- study day (local, from the day boundary)
    rating             INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    state_before       INTEGER NOT NULL,
    state_after        INTEGER NOT NULL,
    elapsed_days       INTEGER NOT NULL,   -- days since the previous review (0 for a new card)
    interval           INTEGER NOT NULL,   -- scheduled: days if > 0, seconds if < 0 (as Anki)
    last_interval      INTEGER NOT NULL,
    stability_before   REAL,
    difficulty_before  REAL,
    stability_after    REAL NOT NULL,
    difficulty_after   REAL NOT NULL,
    due_after          INTEGER NOT NULL,   -- unix ms
    taken_ms           INTEGER NOT NULL
);
CREATE INDEX revlog_card ON revlog(card_id, reviewed_at);
CREATE INDEX revlog_day ON revlog(day);

-- Undo stack: the card as it was before each undoable operation (persisted, so undo works
-- across a restart).
CREATE TABLE undo_log (
    id         INTEGER PRIMARY KEY,
    op         TEXT NOT NULL,          -- answer, suspend, unsuspend, bury, flag, edit
    card_id    TEXT NOT NULL REFERENCES cards(id),
    revlog_id  INTEGER,
    before     TEXT NOT NULL,          -- JSON of the card's scheduling state
    at         INTEGER NOT NULL
);
