// The one place that talks to Tauri. Everything else uses the `Backend` interface,
// so the UI also runs in a plain browser (`vite dev`) as a demo that replays recorded engine output.
import { Channel } from "@tauri-apps/api/core";
import { commands } from "./bindings";
import { open, save } from "@tauri-apps/plugin-dialog";
import { toBackendError } from "./errors";
import { exportFilter, IMPORT_FILTER } from "../../features/library/interop";
import type { ExamBlueprint } from "../../features/exam/examLogic";
import type {
  AnswerResult,
  CardFilter,
  CardInfo,
  DueSummary,
  Grade,
  OptimizeProgress,
  OptimizeReport,
  ReviewCard,
  ReviewSettings,
  Stats,
  UndoResult,
} from "./types";
import type { CheckReport } from "./types";
import type { DeckImportReport, ExportFormat, ExportReport, ExportRequest, RestoreReport } from "./types";
import type {
  AppInfo,
  ImportProgress,
  ImportReport,
  InputValue,
  ModelInfo,
  NoteSummary,
  NoteView,
  SearchRequest,
  SourceFilter,
  SearchResults,
  SimResult,
  ExamResult,
  ExamStartRequest,
  ExamState,
  ExamSummary,
} from "./types";

export interface Backend {
  /** "tauri" inside the desktop app, "demo" in a browser (`vite dev` only). */
  readonly kind: "tauri" | "demo";
  listNotes(): Promise<NoteSummary[]>;
  openNote(id: string): Promise<NoteView>;
  search(req: SearchRequest): Promise<SearchResults>;
  /** The palette's remembered scope. */
  getSearchScope(): Promise<SourceFilter>;
  setSearchScope(scope: SourceFilter): Promise<SourceFilter>;
  importPaths(paths: string[], onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
  listServices(): Promise<string[]>;
  appInfo(): Promise<AppInfo>;
  /** Native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** The simulator catalog: every model with its inputs (ranges, defaults) and outputs. */
  simCatalog(): Promise<ModelInfo[]>;
  /** Runs one model; rejects with invalid_input naming the key, value and valid range. */
  simRun(name: string, inputs: Record<string, InputValue>): Promise<SimResult>;
  // Fact check.
  /** Checks the given files/folders (absolute paths), or every known note; dismissed ones left out. */
  checkNotes(paths?: string[]): Promise<CheckReport>;
  /** Remembers a dismissal (idempotent). */
  dismissFinding(id: string): Promise<void>;
  // Review and Stats.
  reviewDue(): Promise<DueSummary>;
  /** null: nothing left for now (see reviewDue().next_learning_due). */
  reviewNext(): Promise<ReviewCard | null>;
  reviewAnswer(cardId: string, grade: Grade, takenMs?: number): Promise<AnswerResult>;
  /** null: nothing to undo. */
  reviewUndo(): Promise<UndoResult | null>;
  cardSuspend(cardId: string, suspended: boolean): Promise<CardInfo>;
  cardBury(cardId: string): Promise<CardInfo>;
  cardFlag(cardId: string, flag: number): Promise<CardInfo>;
  /** null/undefined leaves a side; "" reverts to the generated text. */
  cardEdit(cardId: string, front?: string | null, back?: string | null): Promise<CardInfo>;
  listCards(filter?: CardFilter): Promise<CardInfo[]>;
  reviewStats(): Promise<Stats>;
  reviewOptimize(onProgress: (p: OptimizeProgress) => void, restorePrevious?: boolean): Promise<OptimizeReport>;
  getSettings(): Promise<ReviewSettings>;
  setSetting(key: string, value: string): Promise<ReviewSettings>;
  // Practice exams. Positions and choices are 0-based.
  examStart(req: ExamStartRequest): Promise<ExamState>;
  /** The unfinished attempt (or null); also the ~15 s heartbeat that saves the clock. */
  examCurrent(): Promise<ExamState | null>;
  examAnswer(attemptId: number, index: number, choices: number[]): Promise<ExamState>;
  /** `flagged` omitted: toggle. */
  examFlag(attemptId: number, index: number, flagged?: boolean): Promise<ExamState>;
  examGoto(attemptId: number, index: number): Promise<ExamState>;
  examPause(attemptId: number): Promise<ExamState>;
  examResume(attemptId: number): Promise<ExamState>;
  examSubmit(attemptId: number): Promise<ExamResult>;
  examResult(attemptId: number): Promise<ExamResult>;
  examHistory(): Promise<ExamSummary[]>;
  /** The domains with their weights and the pass line. */
  examBlueprint(): Promise<ExamBlueprint>;
  // Database health.
  /** Resolves when the library opened; rejects with e.g. db_corrupt or schema_too_new. */
  libraryStatus(): Promise<void>;
  /** Moves the damaged database aside, copies in the newest backup and reopens the library. */
  restoreBackup(): Promise<RestoreReport>;
  // Anki and CSV.
  exportDeck(req: ExportRequest): Promise<ExportReport>;
  importDeck(path: string): Promise<DeckImportReport>;
  /** Native save dialog for an export; null when the user cancels. */
  pickExportPath(format: ExportFormat, defaultName: string): Promise<string | null>;
  /** Native open dialog for an Anki package or CSV; null when the user cancels. */
  pickDeckFile(): Promise<string | null>;
}

/** Every rejection becomes a BackendError ({kind, message}). */
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toBackendError(e);
  }
}

/** Calls the generated commands (./bindings.ts); optional arguments left out are sent as null. */
export class TauriBackend implements Backend {
  readonly kind = "tauri" as const;

  listNotes() {
    return call(() => commands.listNotes());
  }

  openNote(id: string) {
    return call(() => commands.openNote(id));
  }

  search(req: SearchRequest) {
    return call(() => commands.search(req.query, req.limit ?? null, req.service || null, req.source ?? null));
  }

  getSearchScope() {
    return call(() => commands.getSearchScope());
  }

  setSearchScope(scope: SourceFilter) {
    return call(() => commands.setSearchScope(scope));
  }

  importPaths(paths: string[], onProgress: (p: ImportProgress) => void) {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call(() => commands.importPaths(paths, channel));
  }

  listServices() {
    return call(() => commands.listServices());
  }

  appInfo() {
    return call(() => commands.appInfo());
  }

  simCatalog() {
    return call(() => commands.simCatalog());
  }

  simRun(name: string, inputs: Record<string, InputValue>) {
    return call(() => commands.simRun(name, inputs));
  }

  checkNotes(paths?: string[]) {
    return call(() => commands.checkNotes(paths ?? null));
  }

  async dismissFinding(id: string): Promise<void> {
    await call(() => commands.dismissFinding(id));
  }

  reviewDue() {
    return call(() => commands.reviewDue());
  }

  reviewNext() {
    return call(() => commands.reviewNext());
  }

  reviewAnswer(cardId: string, grade: Grade, takenMs?: number) {
    return call(() => commands.reviewAnswer(cardId, grade, takenMs === undefined ? null : Math.round(takenMs)));
  }

  reviewUndo() {
    return call(() => commands.reviewUndo());
  }

  cardSuspend(cardId: string, suspended: boolean) {
    return call(() => commands.cardSuspend(cardId, suspended));
  }

  cardBury(cardId: string) {
    return call(() => commands.cardBury(cardId));
  }

  cardFlag(cardId: string, flag: number) {
    return call(() => commands.cardFlag(cardId, flag));
  }

  cardEdit(cardId: string, front?: string | null, back?: string | null) {
    return call(() => commands.cardEdit(cardId, front ?? null, back ?? null));
  }

  listCards(filter?: CardFilter) {
    return call(() => commands.listCards(filter ?? null));
  }

  reviewStats() {
    return call(() => commands.reviewStats());
  }

  reviewOptimize(onProgress: (p: OptimizeProgress) => void, restorePrevious?: boolean) {
    const channel = new Channel<OptimizeProgress>();
    channel.onmessage = onProgress;
    return call(() => commands.reviewOptimize(restorePrevious ? true : null, channel));
  }

  getSettings() {
    return call(() => commands.getSettings());
  }

  setSetting(key: string, value: string) {
    return call(() => commands.setSetting(key, value));
  }

  examStart(req: ExamStartRequest) {
    return call(() =>
      commands.examStart(
        req.mode ?? null,
        req.questions ?? null,
        req.minutes ?? null,
        req.services ?? null,
        req.domains ?? null,
        req.seed ?? null,
        req.includeGenerated ?? null,
      ),
    );
  }

  examCurrent() {
    return call(() => commands.examCurrent());
  }

  examAnswer(attemptId: number, index: number, choices: number[]) {
    return call(() => commands.examAnswer(attemptId, index, choices));
  }

  examFlag(attemptId: number, index: number, flagged?: boolean) {
    return call(() => commands.examFlag(attemptId, index, flagged ?? null));
  }

  examGoto(attemptId: number, index: number) {
    return call(() => commands.examGoto(attemptId, index));
  }

  examPause(attemptId: number) {
    return call(() => commands.examPause(attemptId));
  }

  examResume(attemptId: number) {
    return call(() => commands.examResume(attemptId));
  }

  examSubmit(attemptId: number) {
    return call(() => commands.examSubmit(attemptId));
  }

  examResult(attemptId: number) {
    return call(() => commands.examResult(attemptId));
  }

  examHistory() {
    return call(() => commands.examHistory());
  }

  examBlueprint() {
    return call(() => commands.examBlueprint());
  }

  async libraryStatus(): Promise<void> {
    await call(() => commands.libraryStatus());
  }

  restoreBackup() {
    return call(() => commands.restoreBackup());
  }

  exportDeck(req: ExportRequest) {
    return call(() =>
      commands.exportDeck(req.format, req.path, req.service || null, req.deck || null, req.withHistory ? true : null),
    );
  }

  importDeck(path: string) {
    return call(() => commands.importDeck(path));
  }

  async pickExportPath(format: ExportFormat, defaultName: string): Promise<string | null> {
    try {
      return await save({ title: "Export cards", defaultPath: defaultName, filters: [exportFilter(format)] });
    } catch (e) {
      throw toBackendError(e);
    }
  }

  async pickDeckFile(): Promise<string | null> {
    try {
      const picked = await open({ multiple: false, directory: false, title: "Import a deck", filters: [IMPORT_FILTER] });
      if (picked === null) return null;
      return Array.isArray(picked) ? (picked[0] ?? null) : picked;
    } catch (e) {
      throw toBackendError(e);
    }
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

/** The backend for this window: Tauri inside the app, the recorded-fixture demo in a browser. */
export function backend(): Backend {
  if (!instance) instance = isTauri() ? new TauriBackend() : browserBackend();
  return instance;
}

/**
 * Outside Tauri: under `vite dev` the demo (./demo.ts, loaded on first use), in a production build a
 * backend whose every call says the app must run as the desktop app. `import.meta.env.DEV` is false
 * in `vite build`, so the demo and its fixtures are left out of the bundle.
 */
function browserBackend(): Backend {
  const load: Promise<Backend> = import.meta.env.DEV
    ? import("./demo").then((m) => m.createDemoBackend())
    : Promise.reject({ kind: "demo", message: "Coldstart runs as a desktop app; this page has no engine." });
  load.catch(() => {});
  return new Proxy({ kind: "demo" } as Backend, {
    get: (target, prop) =>
      // "then" stays undefined, so the backend is never mistaken for a promise.
      prop === "kind" || prop === "then" || typeof prop === "symbol"
        ? Reflect.get(target, prop)
        : (...args: unknown[]) => load.then((b) => (b[prop as keyof Backend] as (...a: unknown[]) => unknown)(...args)),
  });
}
