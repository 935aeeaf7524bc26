// Anki / CSV export and import in the Library view, and the damaged-database dialog (pure, testable).
import type { BackendError, DeckImportReport, ExportFormat, ExportReport } from "../../lib/ipc/types";

export const DEFAULT_DECK = "Coldstart";

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  apkg: "Anki package (.apkg)",
  csv: "Spreadsheet (.csv)",
};

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The save dialog's file-type filter for an export format. */
export function exportFilter(format: ExportFormat): FileFilter {
  return format === "apkg" ? { name: "Anki package", extensions: ["apkg"] } : { name: "CSV", extensions: ["csv"] };
}

/** The open dialog's filter for a deck import. */
export const IMPORT_FILTER: FileFilter = { name: "Anki or CSV", extensions: ["apkg", "colpkg", "csv"] };

/** Keeps letters, digits, dashes; everything else becomes a dash (for a file name). */
function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The file name the save dialog suggests: `coldstart.apkg` / `coldstart.csv`, or
 * `coldstart-lambda.apkg` when one service is exported.
 */
export function defaultExportName(format: ExportFormat, service?: string | null): string {
  const s = service ? slug(service) : "";
  return `coldstart${s ? `-${s}` : ""}.${format}`;
}

/** The chosen path with the format's extension (Anki only imports files that end in .apkg). */
export function withExtension(path: string, format: ExportFormat): string {
  return path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`;
}

/** The deck name to send: trimmed; undefined when empty (the engine's default "Coldstart" applies). */
export function deckArg(name: string): string | undefined {
  const t = name.trim();
  return t ? t : undefined;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** The last path component (either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/** "840 cards written to coldstart.apkg (9 decks)" and, with history, the review count. */
export function summarizeExport(r: ExportReport): string {
  let s = `${plural(r.cards, "card")} written to ${baseName(r.path)}`;
  const extras: string[] = [];
  if (r.decks.length) extras.push(plural(r.decks.length, "deck"));
  if (r.reviews) extras.push(plural(r.reviews, "review"));
  if (extras.length) s += ` (${extras.join(", ")})`;
  return s;
}

/** "Imported 120 cards from deck.apkg: 100 new, 20 updated, 340 reviews" (or nothing new). */
export function summarizeDeckImport(r: DeckImportReport): string {
  const name = baseName(r.path);
  if (r.cards === 0) return `No cards imported from ${name}`;
  const parts = [`${r.added.toLocaleString("en-US")} new`, `${r.updated.toLocaleString("en-US")} updated`];
  if (r.reviews) parts.push(plural(r.reviews, "review"));
  let s = `Imported ${plural(r.cards, "card")} from ${name}: ${parts.join(", ")}`;
  if (r.added === 0 && r.reviews === 0) s += " (nothing new: this deck was imported before)";
  return s;
}

/** Label/value rows for the import report grid. */
export function deckImportRows(r: DeckImportReport): [string, string][] {
  const rows: [string, string][] = [
    ["Format", r.format === "colpkg" ? "Anki collection (.colpkg)" : r.format === "apkg" ? "Anki package (.apkg)" : "CSV"],
    ["Notes", String(r.notes)],
    ["Cards", String(r.cards)],
    ["Added", String(r.added)],
    ["Updated", String(r.updated)],
    ["Reviews", r.reviews_known ? `${r.reviews} added, ${r.reviews_known} already here` : String(r.reviews)],
  ];
  if (r.decks.length) rows.push([r.decks.length === 1 ? "Deck" : "Decks", r.decks.join(", ")]);
  return rows;
}

export interface DbDialog {
  title: string;
  message: string;
  /** Offer "Restore latest backup". */
  canRestore: boolean;
  hint: string;
}

/**
 * Which dialog library_status()'s rejection calls for: a damaged database offers the restore;
 * any other failure (newer schema, unreadable data directory, ...) is explained without it.
 */
export function dbDialogFor(err: BackendError): DbDialog {
  switch (err.kind) {
    case "db_corrupt":
      return {
        title: "Your library database is damaged",
        // The engine's message ends with the CLI's way out; here the button is the way out.
        message: err.message.replace(/;\s*run `coldstart --restore-backup`[^;]*$/, ""),
        canRestore: true,
        hint:
          "Restoring moves the damaged file aside (it is kept, never overwritten) and copies in the latest backup. " +
          "Reviews made since that backup are lost.",
      };
    case "schema_too_new":
      return {
        title: "This library is from a newer Coldstart",
        message: err.message,
        canRestore: false,
        hint: "Install the newer version of Coldstart to open it. Nothing was changed.",
      };
    default:
      return {
        title: "Coldstart could not open your library",
        message: err.message,
        canRestore: false,
        hint: "Check the data directory and restart Coldstart. Nothing was changed.",
      };
  }
}

/** One line for after a restore. */
export function summarizeRestore(r: { restored_from: string; moved_aside: string | null }): string {
  const from = `Restored ${baseName(r.restored_from)}`;
  return r.moved_aside ? `${from}; the damaged file was kept as ${baseName(r.moved_aside)}` : from;
}
