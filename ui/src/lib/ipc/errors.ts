import type { BackendError } from "./types";

/** Turns whatever a rejected command (or any failure) produced into a BackendError. */
export function toBackendError(e: unknown): BackendError {
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    if (typeof o.message === "string" && o.message.length > 0) {
      return { kind: typeof o.kind === "string" ? o.kind : "error", message: o.message };
    }
  }
  if (typeof e === "string" && e.length > 0) return { kind: "error", message: e };
  if (e instanceof Error) return { kind: "error", message: e.message || String(e) };
  let text: string;
  try {
    text = JSON.stringify(e) ?? String(e);
  } catch {
    text = String(e);
  }
  return { kind: "error", message: `Unexpected error: ${text}` };
}

const KIND_LABELS: Record<string, string> = {
  io: "File error",
  parse: "Could not read note",
  invalid_input: "Invalid input",
  not_found: "Not found",
  db: "Database error",
  db_corrupt: "Database is damaged",
  schema_too_new: "Database is from a newer version",
  index: "Search index error",
};

export function errorTitle(kind: string): string {
  return KIND_LABELS[kind] ?? "Error";
}
