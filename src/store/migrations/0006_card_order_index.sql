-- Each card sync asks for the next new-card position (max(new_order)); without an index that
-- was a scan of every card per note, quadratic over a large import.
CREATE INDEX cards_new_order ON cards(new_order);
