// Types of the Coldstart desktop IPC, under the names the UI uses. The shapes are generated from
// the Rust code into ./bindings.ts (tauri-specta; `src-tauri/tests/bindings.rs` fails when that
// file is stale), so this file only renames them; field names are the serde names (snake_case).
// Only the argument objects of the Backend wrappers (SearchRequest, ExamStartRequest,
// ExportRequest) and the error kinds are written here.
import type * as B from "./bindings";

export type Source = B.SourceKind;
export type SourceFilter = B.SourceFilter;

/** The stable `kind` codes of the engine's `Error::kind()` (src/error.rs). */
export type ErrorKind =
  | "io"
  | "parse"
  | "invalid_input"
  | "not_found"
  | "db"
  | "db_corrupt"
  | "schema_too_new"
  | "index";

/** What every command rejects with (the shell's IpcError). */
export interface BackendError {
  kind: ErrorKind | string;
  message: string;
}

// ---- Notes, search, import ----
export type NoteSummary = B.NoteSummary;
export type OutlineItem = B.OutlineItem;
export type NoteView = B.NoteView;
export type SearchHit = B.SearchHit;
export type SearchResults = B.SearchResults;
export type ImportProgress = B.Progress;
export type ImportError = B.ImportError;
export type ImportReport = B.ImportReport;
export type AppInfo = B.AppInfo;

/** The arguments of `search` (omitted: the engine's defaults). */
export interface SearchRequest {
  query: string;
  limit?: number;
  service?: string;
  source?: SourceFilter;
}

// ---- Simulators ----
export type InputValue = B.InputValue;
export type InputKind = B.InputKind;
export type InputSpec = B.InputSpec_Serialize;
export type OutputSpec = B.OutputSpec;
export type ModelInfo = B.ModelInfo_Serialize;
export type SimSeries = B.Series;
export type JsonValue = B.Value;
export type SimResult = B.SimResult;

// ---- Practice exams ----
export type ExamMode = B.ExamMode;
export type ExamDomain = B.Domain;
export type ExamStatus = B.ExamStatus;
export type Difficulty = B.Difficulty;
export type ExamConfig = B.ExamConfig_Serialize;
export type ExamNoteRef = B.NoteRef;
export type ExamFeedback = B.Feedback;
export type ExamNavItem = B.NavItem_Serialize;
export type ExamQuestionView = B.QuestionView_Serialize;
export type ExamState = B.ExamState_Serialize;
export type ExamBreakdown = B.Breakdown_Serialize;
export type ExamScaledScore = B.ScaledScore;
export type ExamResultItem = B.ResultItem;
export type ExamResult = B.ExamResult_Serialize;
export type ExamSummary = B.ExamSummary_Serialize;

/** The arguments of `exam_start` (every field optional: the engine's defaults). */
export interface ExamStartRequest {
  mode?: ExamMode;
  questions?: number;
  /** 0 = untimed. */
  minutes?: number;
  services?: string[];
  domains?: ExamDomain[];
  seed?: number;
  includeGenerated?: boolean;
}

// ---- Review and Stats ----
export type Grade = B.Rating;
export type CardState = B.CardState;
export type CardKind = B.CardKind;
export type CardSource = B.CardSource;
export type CardInfo = B.CardInfo_Serialize;
export type QueueItem = B.QueueItem;
export type DueSummary = B.DueSummary_Serialize;
export type GradePreview = B.GradePreview;
export type ReviewCard = B.ReviewCard_Serialize;
export type AnswerResult = B.AnswerResult;
export type UndoResult = B.UndoResult;
export type UndoOp = B.UndoOp;
export type OptimizeStatus = B.OptimizeStatus;
export type CardFilter = B.CardFilter_Deserialize;
export type DayCount = B.DayCount;
export type Forecast = B.Forecast;
export type MonthRetention = B.MonthRetention;
export type StateCounts = B.StateCounts;
export type ServiceMastery = B.ServiceMastery;
export type Stats = B.Stats;
export type OptimizeProgress = B.OptimizeProgress;
export type OptimizeReport = B.OptimizeReport;
export type ReviewSettings = B.ReviewSettings;

/** The keys `set_setting` takes (the fields of ReviewSettings the learner may change). */
export type SettingKey = keyof Omit<ReviewSettings, "fsrs_params" | "previous_params">;

// ---- Fact check ----
export type FindingKind = B.FindingKind;
export type Finding = B.Finding_Serialize;
export type CheckReport = B.CheckReport_Serialize;

// ---- Anki and CSV ----
export type ExportFormat = B.ExportFormat;
export type ExportReport = B.ExportReport;
export type DeckImportReport = B.DeckImportReport;
export type RestoreReport = B.RestoreReport_Serialize;

/** The arguments of `export_deck`. */
export interface ExportRequest {
  format: ExportFormat;
  /** Absolute path chosen in the save dialog. */
  path: string;
  /** Only this service's cards (all when omitted). */
  service?: string;
  /** Parent deck name (the engine defaults to "Coldstart"). */
  deck?: string;
  /** Include the review log and FSRS memory state. */
  withHistory?: boolean;
}
