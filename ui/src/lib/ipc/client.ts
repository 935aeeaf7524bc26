// The one place that talks to Tauri. Everything else uses the `Backend` interface,
// so the UI also runs in a plain browser (`vite dev`) against the in-memory mock.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import { toBackendError } from "./errors";
import { exportFilter, IMPORT_FILTER } from "../../features/library/interop";
import { createMockBackend } from "./mock";
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
  /** "tauri" inside the desktop app, "mock" in a browser. */
  readonly kind: "tauri" | "mock";
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
  // Fact check (check-contract.md).
  /** Checks the given files/folders (absolute paths), or every known note; dismissed ones left out. */
  checkNotes(paths?: string[]): Promise<CheckReport>;
  /** Remembers a dismissal (idempotent). */
  dismissFinding(id: string): Promise<void>;
  // Review and Stats (review-contract.md).
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
  // Practice exams (exam-contract.md). Positions and choices are 0-based.
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
  // Database health (review-contract.md, "A damaged database").
  /** Resolves when the library opened; rejects with e.g. db_corrupt or schema_too_new. */
  libraryStatus(): Promise<void>;
  /** Moves the damaged database aside, copies in the newest backup and reopens the library. */
  restoreBackup(): Promise<RestoreReport>;
  // Anki and CSV (interop-contract.md).
  exportDeck(req: ExportRequest): Promise<ExportReport>;
  importDeck(path: string): Promise<DeckImportReport>;
  /** Native save dialog for an export; null when the user cancels. */
  pickExportPath(format: ExportFormat, defaultName: string): Promise<string | null>;
  /** Native open dialog for an Anki package or CSV; null when the user cancels. */
  pickDeckFile(): Promise<string | null>;
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

  getSearchScope() {
    return call<SourceFilter>("get_search_scope");
  }

  setSearchScope(scope: SourceFilter) {
    return call<SourceFilter>("set_search_scope", { scope });
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

  checkNotes(paths?: string[]) {
    return call<CheckReport>("check_notes", paths ? { paths } : {});
  }

  dismissFinding(id: string) {
    return call<void>("dismiss_finding", { id });
  }

  reviewDue() {
    return call<DueSummary>("review_due");
  }

  reviewNext() {
    return call<ReviewCard | null>("review_next");
  }

  reviewAnswer(cardId: string, grade: Grade, takenMs?: number) {
    const args: Record<string, unknown> = { cardId, grade };
    if (takenMs !== undefined) args.takenMs = Math.round(takenMs);
    return call<AnswerResult>("review_answer", args);
  }

  reviewUndo() {
    return call<UndoResult | null>("review_undo");
  }

  cardSuspend(cardId: string, suspended: boolean) {
    return call<CardInfo>("card_suspend", { cardId, suspended });
  }

  cardBury(cardId: string) {
    return call<CardInfo>("card_bury", { cardId });
  }

  cardFlag(cardId: string, flag: number) {
    return call<CardInfo>("card_flag", { cardId, flag });
  }

  cardEdit(cardId: string, front?: string | null, back?: string | null) {
    return call<CardInfo>("card_edit", { cardId, front: front ?? null, back: back ?? null });
  }

  listCards(filter?: CardFilter) {
    return call<CardInfo[]>("list_cards", filter ? { filter } : {});
  }

  reviewStats() {
    return call<Stats>("review_stats");
  }

  reviewOptimize(onProgress: (p: OptimizeProgress) => void, restorePrevious?: boolean) {
    const channel = new Channel<OptimizeProgress>();
    channel.onmessage = onProgress;
    const args: Record<string, unknown> = { onProgress: channel };
    if (restorePrevious) args.restorePrevious = true;
    return call<OptimizeReport>("review_optimize", args);
  }

  getSettings() {
    return call<ReviewSettings>("get_settings");
  }

  setSetting(key: string, value: string) {
    return call<ReviewSettings>("set_setting", { key, value });
  }

  examStart(req: ExamStartRequest) {
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(req)) if (v !== undefined) args[k] = v;
    return call<ExamState>("exam_start", args);
  }

  examCurrent() {
    return call<ExamState | null>("exam_current");
  }

  examAnswer(attemptId: number, index: number, choices: number[]) {
    return call<ExamState>("exam_answer", { attemptId, index, choices });
  }

  examFlag(attemptId: number, index: number, flagged?: boolean) {
    const args: Record<string, unknown> = { attemptId, index };
    if (flagged !== undefined) args.flagged = flagged;
    return call<ExamState>("exam_flag", args);
  }

  examGoto(attemptId: number, index: number) {
    return call<ExamState>("exam_goto", { attemptId, index });
  }

  examPause(attemptId: number) {
    return call<ExamState>("exam_pause", { attemptId });
  }

  examResume(attemptId: number) {
    return call<ExamState>("exam_resume", { attemptId });
  }

  examSubmit(attemptId: number) {
    return call<ExamResult>("exam_submit", { attemptId });
  }

  examResult(attemptId: number) {
    return call<ExamResult>("exam_result", { attemptId });
  }

  examHistory() {
    return call<ExamSummary[]>("exam_history");
  }

  async libraryStatus(): Promise<void> {
    await call<null>("library_status");
  }

  restoreBackup() {
    return call<RestoreReport>("restore_backup");
  }

  exportDeck(req: ExportRequest) {
    const args: Record<string, unknown> = { format: req.format, path: req.path };
    if (req.service) args.service = req.service;
    if (req.deck) args.deck = req.deck;
    if (req.withHistory) args.withHistory = true;
    return call<ExportReport>("export_deck", args);
  }

  importDeck(path: string) {
    return call<DeckImportReport>("import_deck", { path });
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

/** The backend for this window: Tauri inside the app, the mock in a browser. */
export function backend(): Backend {
  if (!instance) instance = isTauri() ? new TauriBackend() : createMockBackend();
  return instance;
}
