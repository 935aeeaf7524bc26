-- Sources of notes and the files indexed from them.
CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('bundled', 'imported')),
    path      TEXT NOT NULL UNIQUE,
    added_at  INTEGER NOT NULL
);

CREATE TABLE files (
    file        TEXT PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    disk_path   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    title       TEXT NOT NULL,
    service     TEXT NOT NULL,
    sections    INTEGER NOT NULL,
    indexed_at  INTEGER NOT NULL
);
CREATE INDEX files_source ON files(source_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
