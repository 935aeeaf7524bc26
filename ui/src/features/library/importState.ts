// Import progress bookkeeping for the Library view (pure, testable).
import type { ImportProgress, ImportReport } from "../../lib/ipc/types";

export interface ImportStatus {
  phase: "idle" | "picking" | "importing" | "done" | "failed";
  done: number;
  total: number;
  file: string;
  report: ImportReport | null;
}

export const idleImport: ImportStatus = { phase: "idle", done: 0, total: 0, file: "", report: null };

/** Applies one progress message. Messages that would move backwards (out of order) are ignored. */
export function applyProgress(s: ImportStatus, p: ImportProgress): ImportStatus {
  if (s.phase !== "importing") return s;
  if (p.total === s.total && p.done < s.done) return s;
  return { ...s, done: Math.min(p.done, p.total), total: p.total, file: p.file || s.file };
}

export function percent(s: ImportStatus): number {
  return s.total > 0 ? Math.round((100 * s.done) / s.total) : 0;
}

/** A one-line summary of an import report. */
export function summarizeReport(r: ImportReport): string {
  const parts = [
    `${r.notes} ${r.notes === 1 ? "note" : "notes"}`,
    `${r.sections} ${r.sections === 1 ? "section" : "sections"}`,
  ];
  if (r.skipped_unchanged) parts.push(`${r.skipped_unchanged} unchanged`);
  parts.push(`${r.errors.length} ${r.errors.length === 1 ? "error" : "errors"}`);
  return `Imported ${parts.join(", ")}`;
}
