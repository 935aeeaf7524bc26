"""Build a small deck with Anki's own package and export it, as a learner's Anki would.

Usage: python anki_make_deck.py OUT.apkg [--legacy] [--colpkg]

Makes a fresh collection with a deck "AWS::Lambda" holding two Basic notes, one "Basic (and
reversed card)" note, one Cloze note with two deletions and one note with an image, answers a few
cards through Anki's scheduler (FSRS on), and exports it with Anki's exporter (the current
`collection.anki21b` format, or the legacy `collection.anki21` one with --legacy; a whole
collection package with --colpkg). Prints JSON describing what it made.
"""
import json
import os
import sys
import tempfile
import time

from anki.collection import Collection, ExportAnkiPackageOptions


def main() -> None:
    out = os.path.abspath(sys.argv[1])
    legacy = "--legacy" in sys.argv
    colpkg = "--colpkg" in sys.argv
    tmp = tempfile.mkdtemp()
    col = Collection(os.path.join(tmp, "collection.anki2"))
    col.set_config("fsrs", True)
    did = col.decks.id("AWS::Lambda")
    basic = col.models.by_name("Basic")
    reverse = col.models.by_name("Basic (and reversed card)")
    cloze = col.models.by_name("Cloze")

    def add(model, tags, **fields):
        n = col.new_note(model)
        for k, v in fields.items():
            n[k] = v
        n.tags = tags
        col.add_note(n, did)
        return n

    add(basic, ["lambda"], Front="Longest Lambda timeout?", Back="<b>15</b> minutes")
    add(basic, ["lambda", "memory"], Front="Max Lambda memory?", Back="10,240&nbsp;MB")
    add(reverse, [], Front="SQS", Back="Simple Queue Service")
    add(cloze, ["sqs"], Text="SQS keeps messages {{c1::4 days}} by default, up to {{c2::14 days}}.")
    add(basic, [], Front='Which architecture? <img src="arch.png">', Back="Event-driven")

    # Answer a few cards through Anki's scheduler: one card three times on different days
    # (the scheduler's own revlog rows), two others once.
    col.decks.select(did)
    answered = 0
    for _ in range(3):
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, 3)
        answered += 1
    # Age the review log by a few days so the history spans several days, as a real one does.
    day_ms = 86_400_000
    col.db.execute("update revlog set id = id - ?", 3 * day_ms)
    reviews = col.db.scalar("select count() from revlog")
    if colpkg:
        col.export_collection_package(out, include_media=True, legacy=legacy)
    else:
        col.export_anki_package(
            out_path=out,
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
            ),
            limit=None,
        )
        notes = col.note_count()
        cards = col.card_count()
        col.close()
    if colpkg:
        col2 = Collection(os.path.join(tmp, "collection.anki2"))
        notes, cards = col2.note_count(), col2.card_count()
        col2.close()
    print(json.dumps({"notes": notes, "cards": cards, "reviews": reviews, "answered": answered}))


if __name__ == "__main__":
    main()
