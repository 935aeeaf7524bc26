"""Review, Anki's side of the comparison (run with Anki's python; `npm run bench` does).

    python anki_review.py SPEC.json

Builds in Anki (its own `anki` package, FSRS on) the collection that tests/benches/review_anki.rs
built in Coldstart from the same spec: the same cards in one deck with a Basic note each, review
cards with the same due day, interval and FSRS memory state, new cards, the same review log, and
9,999 reviews / 20 new cards a day. Then times, median of several runs, the same three steps:
open + first queue (`Collection(...)` and `get_queued_cards`), next card after an answer
(`get_queued_cards`), and answer (`build_answer` + `answer_card`, which commits). Prints one JSON
line. The bulk rows are written with SQL in one transaction (adding 100,000 notes one by one
through the API, or a million rows through its bridge, takes minutes); the scheduler then sees
them as Anki's own.
"""

import json
import os
import shutil
import statistics
import sys
import time

from anki.collection import Collection  # first: it sets up the rest of the package
from anki.buildinfo import version
from anki.cards import Card
from anki.scheduler.v3 import CardAnswer

DAY_MS = 86_400_000


def checksum(text):
    import hashlib

    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def build(spec):
    d = spec["anki_dir"]
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    path = os.path.join(d, "collection.anki2")
    col = Collection(path)
    col.set_config("fsrs", True)
    did = 1  # Default deck
    conf = col.decks.config_dict_for_deck_id(did)
    conf["new"]["perDay"] = spec["new_per_day"]
    conf["rev"]["perDay"] = spec["reviews_per_day"]
    col.decks.update_config(conf)
    mid = col.models.by_name("Basic")["id"]
    today = col.sched.today
    now_ms = int(time.time() * 1000)
    now_s = now_ms // 1000
    notes, cards = [], []
    cid_of = {}
    with open(spec["cards_tsv"]) as fh:
        next(fh)
        for line in fh:
            idx, state, due_day, ivl, stab, diff, reps, lapses = line.rstrip("\n").split("\t")
            i = int(idx)
            nid = cid = 1_600_000_000_000 + i
            cid_of[i] = cid
            front = f"Generated question number {i} about a serverless limit?"
            back = f"Answer {i}"
            notes.append((nid, f"g{i:016x}", mid, now_s, -1, "", front + "\x1f" + back, front, checksum(front), 0, ""))
            if state == "new":
                cards.append((cid, nid, did, 0, now_s, -1, 0, 0, i, 0, 0, 0, 0, 0, 0, 0, 0, "{}"))
            else:
                data = json.dumps({"s": float(stab), "d": float(diff), "dr": 0.9})
                cards.append((cid, nid, did, 0, now_s, -1, 2, 2, today + int(due_day), int(ivl), 2500,
                              int(reps), int(lapses), 0, 0, 0, 0, data))
    revlog = []
    with open(spec["revlog_tsv"]) as fh:
        next(fh)
        taken_at = {}
        for line in fh:
            idx, ms_ago, rating, ivl, last_ivl, kind, taken = line.rstrip("\n").split("\t")
            # Revlog ids are unique milliseconds: reviews at the same instant go a millisecond
            # apart (at most a few seconds over a day, so never onto another day's reviews).
            base = now_ms - int(ms_ago)
            rid = base + taken_at.get(base, 0)
            taken_at[base] = taken_at.get(base, 0) + 1
            revlog.append((rid, cid_of[int(idx)], -1, int(rating), int(ivl), int(last_ivl), 2500,
                           int(taken), int(kind)))
    col.close()
    # Straight into the file with SQLite (Anki's own executemany goes row by row through its
    # backend bridge and takes minutes for a million rows); Anki reads these as its own rows.
    import sqlite3

    db = sqlite3.connect(path)
    db.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    with db:
        db.executemany("insert into notes values (?,?,?,?,?,?,?,?,?,?,?)", notes)
        db.executemany("insert into cards values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", revlog)
    db.close()
    return path, len(cards), len(revlog)


def main():
    spec = json.load(open(sys.argv[1]))
    t = time.perf_counter()
    path, ncards, nrev = build(spec)
    built = time.perf_counter() - t
    print(f"anki: built {ncards} cards, {nrev} review-log rows in {built:.1f} s", file=sys.stderr)
    # A first open outside the timing (Anki may upgrade or check the fresh file once).
    col = Collection(path)
    col.sched.get_queued_cards(fetch_limit=1)
    col.close()
    open_queue = []
    queued = 0
    for _ in range(7):
        t = time.perf_counter()
        col = Collection(path)
        q = col.sched.get_queued_cards(fetch_limit=1)
        open_queue.append((time.perf_counter() - t) * 1000)
        queued = q.new_count + q.learning_count + q.review_count
        col.close()
    col = Collection(path)
    nxt, ans = [], []
    for _ in range(100):
        t = time.perf_counter()
        q = col.sched.get_queued_cards(fetch_limit=1)
        top = q.cards[0]
        card = Card(col, backend_card=top.card)
        nxt.append((time.perf_counter() - t) * 1000)
        card.start_timer()
        t = time.perf_counter()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=CardAnswer.GOOD))
        ans.append((time.perf_counter() - t) * 1000)
    col.close()
    print(json.dumps({
        "version": version,
        "summary": f"{ncards} cards, {nrev} review-log rows, {queued} queued",
        "queued": queued,
        "open_queue_ms": statistics.median(open_queue),
        "next_ms": statistics.median(nxt),
        "answer_ms": statistics.median(ans),
    }))


if __name__ == "__main__":
    main()
