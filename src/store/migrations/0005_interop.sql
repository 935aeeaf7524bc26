-- Cards imported from Anki: where each came from, so a second import of the same deck finds the
-- same cards (their ids are derived from the note GUID and card ordinal) and the learner can see
-- the original deck, note type and tags.
CREATE TABLE anki_links (
    card_id      TEXT PRIMARY KEY REFERENCES cards(id),
    guid         TEXT NOT NULL,
    ord          INTEGER NOT NULL,
    notetype     TEXT NOT NULL,
    deck         TEXT NOT NULL,
    tags         TEXT NOT NULL,     -- space-separated, as Anki stores them
    imported_at  INTEGER NOT NULL   -- unix ms
);
CREATE INDEX anki_links_guid ON anki_links(guid, ord);
CREATE INDEX revlog_card_time ON revlog(card_id, reviewed_at);
