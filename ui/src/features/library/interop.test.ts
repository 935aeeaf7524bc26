import { describe, expect, it } from "vitest";
import type { DeckImportReport, ExportReport } from "../../lib/ipc/types";
import { fixtures } from "../../lib/ipc/demo";
import {
  IMPORT_FILTER,
  baseName,
  dbDialogFor,
  deckArg,
  deckImportRows,
  defaultExportName,
  withExtension,
  exportFilter,
  summarizeDeckImport,
  summarizeExport,
  summarizeRestore,
} from "./interop";

const exportReport = (over: Partial<ExportReport> = {}): ExportReport => ({
  path: "/home/me/Documents/coldstart.apkg",
  format: "apkg",
  notes: 840,
  cards: 840,
  reviews: 0,
  decks: ["Coldstart", "Coldstart::Lambda", "Coldstart::DynamoDB"],
  skipped: [],
  ...over,
});

const importReport = (over: Partial<DeckImportReport> = {}): DeckImportReport => ({
  path: "C:\\Users\\me\\Downloads\\AWS.apkg",
  format: "apkg",
  notes: 128,
  cards: 131,
  added: 100,
  updated: 31,
  reviews: 612,
  reviews_known: 0,
  skipped: ["3 media files in the package (not imported)"],
  decks: ["AWS::Lambda"],
  ...over,
});

describe("export defaults", () => {
  it("suggests coldstart.apkg / coldstart.csv, with the service when one is chosen", () => {
    expect(defaultExportName("apkg")).toBe("coldstart.apkg");
    expect(defaultExportName("csv")).toBe("coldstart.csv");
    expect(defaultExportName("apkg", "")).toBe("coldstart.apkg");
    expect(defaultExportName("csv", "api-gateway")).toBe("coldstart-api-gateway.csv");
    expect(defaultExportName("apkg", "Step Functions")).toBe("coldstart-step-functions.apkg");
  });

  it("filters the save dialog by the chosen format and the open dialog by every importable one", () => {
    expect(exportFilter("apkg")).toEqual({ name: "Anki package", extensions: ["apkg"] });
    expect(exportFilter("csv")).toEqual({ name: "CSV", extensions: ["csv"] });
    expect(IMPORT_FILTER.extensions).toEqual(["apkg", "colpkg", "csv"]);
  });

  it("adds the format's extension when the save dialog returns a name without it", () => {
    expect(withExtension("/d/deck", "apkg")).toBe("/d/deck.apkg");
    expect(withExtension("/d/deck.APKG", "apkg")).toBe("/d/deck.APKG");
    expect(withExtension("/d/cards.csv", "csv")).toBe("/d/cards.csv");
    expect(withExtension("/d/cards.apkg", "csv")).toBe("/d/cards.apkg.csv");
  });

  it("sends the deck name trimmed and leaves it out when empty", () => {
    expect(deckArg("  Coldstart  ")).toBe("Coldstart");
    expect(deckArg("AWS::Serverless")).toBe("AWS::Serverless");
    expect(deckArg("   ")).toBeUndefined();
  });
});

describe("report formatting", () => {
  it("summarizes an export with decks and, with history, reviews", () => {
    expect(summarizeExport(exportReport())).toBe("840 cards written to coldstart.apkg (3 decks)");
    expect(summarizeExport(exportReport({ reviews: 2016 }))).toBe(
      "840 cards written to coldstart.apkg (3 decks, 2,016 reviews)",
    );
    expect(summarizeExport(exportReport({ path: "/tmp/x.csv", format: "csv", cards: 1, notes: 1, decks: [] }))).toBe(
      "1 card written to x.csv",
    );
  });

  it("summarizes an import, including a repeated one that added nothing", () => {
    expect(summarizeDeckImport(importReport())).toBe("Imported 131 cards from AWS.apkg: 100 new, 31 updated, 612 reviews");
    expect(summarizeDeckImport(importReport({ added: 0, updated: 131, reviews: 0, reviews_known: 612 }))).toBe(
      "Imported 131 cards from AWS.apkg: 0 new, 131 updated (nothing new: this deck was imported before)",
    );
    expect(summarizeDeckImport(importReport({ cards: 0, added: 0, updated: 0, reviews: 0 }))).toBe(
      "No cards imported from AWS.apkg",
    );
  });

  it("lists the import counts, known reviews and decks", () => {
    const rows = Object.fromEntries(deckImportRows(importReport({ reviews: 5, reviews_known: 607 })));
    expect(rows.Format).toBe("Anki package (.apkg)");
    expect(rows.Notes).toBe("128");
    expect(rows.Cards).toBe("131");
    expect(rows.Added).toBe("100");
    expect(rows.Updated).toBe("31");
    expect(rows.Reviews).toBe("5 added, 607 already here");
    expect(rows.Deck).toBe("AWS::Lambda");
    const csv = Object.fromEntries(deckImportRows(importReport({ format: "csv", decks: ["a.csv", "b.csv"] })));
    expect(csv.Format).toBe("CSV");
    expect(csv.Decks).toBe("a.csv, b.csv");
  });

  it("takes the file name from either kind of path", () => {
    expect(baseName("/a/b/c.apkg")).toBe("c.apkg");
    expect(baseName("C:\\x\\y.csv")).toBe("y.csv");
    expect(baseName("plain.csv")).toBe("plain.csv");
  });
});

describe("the database dialog", () => {
  it("offers the restore only for a damaged database", () => {
    const corrupt = dbDialogFor({ kind: "db_corrupt", message: "database x is damaged" });
    expect(corrupt.canRestore).toBe(true);
    expect(corrupt.message).toBe("database x is damaged");
    expect(corrupt.hint).toMatch(/kept/);
    for (const kind of ["schema_too_new", "io", "db", "invalid_input", "error"]) {
      const d = dbDialogFor({ kind, message: `m-${kind}` });
      expect(d.canRestore, kind).toBe(false);
      expect(d.message).toBe(`m-${kind}`);
    }
    expect(dbDialogFor({ kind: "schema_too_new", message: "" }).title).toMatch(/newer/);
    // The CLI's advice at the end of the engine's message is left out: the dialog has the button.
    const engine = dbDialogFor({
      kind: "db_corrupt",
      message:
        "database /d/coldstart.db is damaged (not an SQLite database); the file was left as it is; run `coldstart --restore-backup` to move it aside and restore the latest backup",
    });
    expect(engine.message).toBe("database /d/coldstart.db is damaged (not an SQLite database); the file was left as it is");
  });

  it("says where the damaged file went after a restore", () => {
    expect(
      summarizeRestore({ restored_from: "/d/coldstart.db.daily-1.bak", moved_aside: "/d/coldstart.db.corrupt-2" }),
    ).toBe("Restored coldstart.db.daily-1.bak; the damaged file was kept as coldstart.db.corrupt-2");
    expect(summarizeRestore({ restored_from: "/d/coldstart.db.daily-1.bak", moved_aside: null })).toBe(
      "Restored coldstart.db.daily-1.bak",
    );
  });
});

describe("recorded export and import reports", () => {
  it("summarises the engine's export and deck-import reports with their own counts", () => {
    const e = fixtures.exportReport;
    expect(e.cards).toBeGreaterThan(0);
    expect(summarizeExport(e)).toBe(`${e.cards} cards written to coldstart.csv`);
    const d = fixtures.importDeck;
    expect(summarizeDeckImport(d)).toBe(`Imported ${d.cards} cards from coldstart.csv: ${d.added} new, ${d.updated} updated`);
    const rows = Object.fromEntries(deckImportRows(d));
    expect(rows).toMatchObject({ Format: "CSV", Cards: String(d.cards), Added: String(d.added), Deck: d.decks[0] });
  });
});
