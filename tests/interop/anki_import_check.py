"""Import an Anki package into a collection with Anki's own importer and print what is in it.

Usage: python anki_import_check.py COLLECTION.anki2 PACKAGE.apkg [--update-always]

The collection is created if missing (a fresh one), or reused (to check that a second import
updates notes instead of duplicating them). Prints JSON: the importer's log counts, note and card
counts, deck names, note types with fields, every note's fields and tags (by GUID), card
scheduling and the review log count.
"""
import json
import sys

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition


def main() -> None:
    col_path, pkg = sys.argv[1], sys.argv[2]
    always = "--update-always" in sys.argv
    col = Collection(col_path)
    try:
        cond = (
            ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
            if always
            else ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
        )
        out = col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=pkg,
                options=ImportAnkiPackageOptions(
                    with_scheduling=True,
                    with_deck_configs=False,
                    merge_notetypes=False,
                    update_notes=cond,
                    update_notetypes=cond,
                ),
            )
        )
        log = out.log
        notes = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            notes[note.guid] = {
                "notetype": note.note_type()["name"],
                "fields": dict(note.items()),
                "tags": note.tags,
                "cards": len(note.card_ids()),
            }
        cards = []
        for cid in col.find_cards(""):
            c = col.get_card(cid)
            ms = c.memory_state
            cards.append(
                {
                    "guid": c.note().guid,
                    "deck": col.decks.name(c.did),
                    "type": c.type,
                    "queue": c.queue,
                    "ivl": c.ivl,
                    "reps": c.reps,
                    "stability": ms.stability if ms else None,
                    "difficulty": ms.difficulty if ms else None,
                    "revlog": col.db.scalar("select count() from revlog where cid = ?", cid),
                }
            )
        print(
            json.dumps(
                {
                    "anki_version": __import__("anki.buildinfo").buildinfo.version,
                    "log": {
                        "new": len(log.new),
                        "updated": len(log.updated),
                        "duplicate": len(log.duplicate),
                        "conflicting": len(log.conflicting),
                        "first_field_match": len(log.first_field_match),
                        "missing_notetype": len(log.missing_notetype),
                        "missing_deck": len(log.missing_deck),
                        "empty_first_field": len(log.empty_first_field),
                        "found_notes": log.found_notes,
                    },
                    "note_count": col.note_count(),
                    "card_count": col.card_count(),
                    "revlog_count": col.db.scalar("select count() from revlog"),
                    "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
                    "notetypes": {
                        m["name"]: [f["name"] for f in m["flds"]] for m in col.models.all()
                    },
                    "notes": notes,
                    "cards": cards,
                    "check_database": col.fix_integrity()[0],
                }
            )
        )
    finally:
        col.close()


if __name__ == "__main__":
    main()
