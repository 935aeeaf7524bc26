// The one place that talks to Tauri. Everything else uses the `Backend` interface,
// so the UI also runs in a plain browser (`vite dev`) against the in-memory mock.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open } from "@tauri-apps/plugin-dialog";
import { toBackendError } from "./errors";
import { createMockBackend } from "./mock";
import type {
  AppInfo,
  ImportProgress,
  ImportReport,
  InputValue,
  ModelInfo,
  NoteSummary,
  NoteView,
  SearchRequest,
  SearchResults,
  SimResult,
} from "./types";

export interface Backend {
  /** "tauri" inside the desktop app, "mock" in a browser. */
  readonly kind: "tauri" | "mock";
  listNotes(): Promise<NoteSummary[]>;
  openNote(id: string): Promise<NoteView>;
  search(req: SearchRequest): Promise<SearchResults>;
  importPaths(paths: string[], onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
  listServices(): Promise<string[]>;
  appInfo(): Promise<AppInfo>;
  /** Native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** The simulator catalog: every model with its inputs (ranges, defaults) and outputs. */
  simCatalog(): Promise<ModelInfo[]>;
  /** Runs one model; rejects with invalid_input naming the key, value and valid range. */
  simRun(name: string, inputs: Record<string, InputValue>): Promise<SimResult>;
}

/** Every rejection becomes a BackendError ({kind, message}). */
async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

export class TauriBackend implements Backend {
  readonly kind = "tauri" as const;

  listNotes() {
    return call<NoteSummary[]>("list_notes");
  }

  openNote(id: string) {
    return call<NoteView>("open_note", { id });
  }

  search(req: SearchRequest) {
    const args: Record<string, unknown> = { query: req.query };
    if (req.limit !== undefined) args.limit = req.limit;
    if (req.service) args.service = req.service;
    if (req.source) args.source = req.source;
    return call<SearchResults>("search", args);
  }

  importPaths(paths: string[], onProgress: (p: ImportProgress) => void) {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call<ImportReport>("import_paths", { paths, onProgress: channel });
  }

  listServices() {
    return call<string[]>("list_services");
  }

  appInfo() {
    return call<AppInfo>("app_info");
  }

  simCatalog() {
    return call<ModelInfo[]>("sim_catalog");
  }

  simRun(name: string, inputs: Record<string, InputValue>) {
    return call<SimResult>("sim_run", { name, inputs });
  }

  async pickFolder(): Promise<string | null> {
    try {
      const picked = await open({ directory: true, multiple: false, title: "Import a folder of notes" });
      if (picked === null) return null;
      return Array.isArray(picked) ? (picked[0] ?? null) : picked;
    } catch (e) {
      throw toBackendError(e);
    }
  }
}

export function isTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

let instance: Backend | null = null;

/** The backend for this window: Tauri inside the app, the mock in a browser. */
export function backend(): Backend {
  if (!instance) instance = isTauri() ? new TauriBackend() : createMockBackend();
  return instance;
}
