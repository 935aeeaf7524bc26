// Types of the Coldstart desktop IPC contract (see IPC_CONTRACT.md).
// Field names are exactly the serde names the Rust side returns (snake_case).

export type Source = "bundled" | "imported";
export type SourceFilter = Source | "all";

export type ErrorKind =
  | "io"
  | "parse"
  | "invalid_input"
  | "not_found"
  | "db"
  | "db_corrupt"
  | "schema_too_new"
  | "index";

/** What every command rejects with. */
export interface BackendError {
  kind: ErrorKind | string;
  message: string;
}

export interface NoteSummary {
  /** The note's file key: "content/lambda/limits.md" (bundled) or an absolute path (imported). */
  id: string;
  title: string;
  /** "lambda", "dynamodb", ... ("general" when unknown). */
  service: string;
  source: Source;
  /** Same as id. */
  file: string;
  sections: number;
}

export interface OutlineItem {
  level: number;
  text: string;
  anchor: string;
  line: number;
  end_line: number;
}

export interface NoteView {
  id: string;
  title: string;
  service: string;
  source: Source;
  file: string;
  tags: string[];
  /**
   * Sanitized HTML. Headings carry id="<anchor>" and data-line="<n>".
   * Math: <span class="math math-inline">TEX</span>, <div class="math math-display">TEX</div>.
   * Remote images: <span class="remote-image" title="URL">…</span>.
   * Sim cells: <div class="sim-cell" data-sim="NAME" data-inputs='{"k":v}'>…fallback…</div>.
   */
  html: string;
  outline: OutlineItem[];
  warnings: string[];
}

export interface SearchHit {
  note_id: string;
  title: string;
  heading_path: string[];
  anchor: string;
  file: string;
  line: number;
  end_line: number;
  service: string;
  source: Source;
  score: number;
  /** HTML with only <b>…</b> highlights, everything else escaped. */
  snippet: string;
  /** The same text in other notes, collapsed into this hit. */
  also_in: AlsoIn[];
  /** Why it matched when not by the words typed: "DLQ → dead-letter queue". */
  matched: string[];
}

/** Another place holding (nearly) the same text as a hit. */
export interface AlsoIn {
  file: string;
  title: string;
  anchor: string;
  line: number;
  source: Source;
}

export interface SearchResults {
  query: string;
  took_ms: number;
  hits: SearchHit[];
  fuzzy: boolean;
  /** Hits with only some of the words were added (all of them together found little). */
  partial?: boolean;
}

export interface SearchRequest {
  query: string;
  limit?: number;
  service?: string;
  source?: SourceFilter;
}

export interface ImportProgress {
  done: number;
  total: number;
  file: string;
}

export interface ImportError {
  file: string;
  line: number;
  message: string;
}

export interface ImportReport {
  sources: string[];
  notes: number;
  sections: number;
  skipped_unchanged: number;
  errors: ImportError[];
}

export interface AppInfo {
  data_dir: string;
  content_dir: string;
  version: string;
}

// ---- Simulators (src/sim/mod.rs) ----

/** One input value: the engine's untagged `InputValue`. */
export type InputValue = number | boolean | string;

/** How `InputKind` serializes: `{"number": {...}}`, the bare string `"bool"`, or `{"choice": [...]}`. */
export type InputKind =
  | { number: { min: number; max: number; step: number } }
  | "bool"
  | { choice: string[] };

export interface InputSpec {
  key: string;
  /** "KB", "ms", "requests/s", …; empty for words and booleans. */
  unit: string;
  kind: InputKind;
  /** null means required (unless `optional`). */
  default: InputValue | null;
  help: string;
  /** May be left out although it has no default. */
  optional: boolean;
}

export interface OutputSpec {
  key: string;
  /** "USD" marks money. */
  unit: string;
  help: string;
}

export interface ModelInfo {
  name: string;
  title: string;
  summary: string;
  inputs: InputSpec[];
  outputs: OutputSpec[];
}

export interface SimSeries {
  name: string;
  x_label: string;
  y_label: string;
  points: [number, number][];
}

/** Outputs are JSON values: numbers, booleans, strings, lists, objects, or null when not applicable. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface SimResult {
  sim: string;
  /** Every input used, defaults filled in. */
  inputs: Record<string, InputValue>;
  outputs: Record<string, JsonValue>;
  /** The formula with the learner's numbers, plain text (may hold newlines). */
  explanation: string;
  series: SimSeries[];
}

// ---------------------------------------------------------------------------------------------
// Practice exams (issue 6; contract: exam-contract.md). Serde shapes of src/exam/mod.rs.
// ---------------------------------------------------------------------------------------------

export type ExamMode = "exam" | "practice" | "custom";
export type ExamDomain = "development" | "security" | "deployment" | "troubleshooting";
export type ExamStatus = "in_progress" | "submitted" | "abandoned";
export type Difficulty = "easy" | "medium" | "hard";

/** exam_start arguments (camelCase; every field optional). */
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

export interface ExamConfig {
  mode: ExamMode;
  questions: number;
  minutes: number | null;
  services: string[];
  domains: ExamDomain[];
  seed: number;
  include_generated: boolean;
}

export interface ExamNoteRef {
  /** As in the bank: "lambda/concurrency.md#reserved-concurrency". */
  ref: string;
  /** Note id for open_note: "content/lambda/concurrency.md". */
  note: string;
  anchor: string;
}

export interface ExamFeedback {
  correct: boolean;
  answer: number[];
  explanation: string;
  /** Why each choice is right or wrong, one per choice (absent or empty: none written). */
  choice_explanations?: string[];
  /** Official pages that support the key. */
  sources?: string[];
  refs: ExamNoteRef[];
}

export interface ExamNavItem {
  position: number;
  answered: boolean;
  flagged: boolean;
  correct: boolean | null;
}

export interface ExamQuestionView {
  position: number;
  id: string;
  service: string;
  domain: ExamDomain;
  difficulty: Difficulty;
  stem: string;
  choices: string[];
  multiple: boolean;
  choose: number;
  selected: number[];
  flagged: boolean;
  time_ms: number;
  generated: boolean;
  feedback: ExamFeedback | null;
}

export interface ExamState {
  attempt_id: number;
  mode: ExamMode;
  status: ExamStatus;
  config: ExamConfig;
  total: number;
  current: number;
  answered: number;
  flagged: number;
  time_limit_ms: number | null;
  elapsed_ms: number;
  remaining_ms: number | null;
  paused: boolean;
  can_pause: boolean;
  immediate_feedback: boolean;
  time_up: boolean;
  started_at: number;
  navigator: ExamNavItem[];
  question: ExamQuestionView;
}

export interface ExamBreakdown {
  key: string;
  total: number;
  correct: number;
  percent: number;
  weight_percent: number | null;
}

export interface ExamScaledScore {
  score: number;
  pass_mark: number;
  passed: boolean;
  estimate: boolean;
  label: string;
}

export interface ExamResultItem {
  position: number;
  id: string;
  service: string;
  domain: ExamDomain;
  difficulty: Difficulty;
  stem: string;
  choices: string[];
  multiple: boolean;
  selected: number[];
  answer: number[];
  correct: boolean;
  answered: boolean;
  flagged: boolean;
  time_ms: number;
  explanation: string;
  /** Why each choice is right or wrong, one per choice (absent or empty: none written). */
  choice_explanations?: string[];
  /** Official pages that support the key. */
  sources?: string[];
  refs: ExamNoteRef[];
  generated: boolean;
}

export interface ExamResult {
  attempt_id: number;
  mode: ExamMode;
  status: ExamStatus;
  config: ExamConfig;
  started_at: number;
  submitted_at: number | null;
  time_up: boolean;
  time_limit_ms: number | null;
  elapsed_ms: number;
  total: number;
  answered: number;
  correct: number;
  percent: number;
  scaled: ExamScaledScore;
  by_domain: ExamBreakdown[];
  by_service: ExamBreakdown[];
  mean_time_ms: number;
  questions: ExamResultItem[];
}

export interface ExamSummary {
  attempt_id: number;
  mode: ExamMode;
  status: ExamStatus;
  started_at: number;
  submitted_at: number | null;
  total: number;
  answered: number;
  correct: number | null;
  percent: number | null;
  scaled: number | null;
  passed: boolean | null;
  elapsed_ms: number;
  time_limit_ms: number | null;
  services: string[];
  domains: ExamDomain[];
}

// ---- Review and Stats (src/review/, contract: review-contract.md) ----

export type Grade = "again" | "hard" | "good" | "easy";
export type CardState = "new" | "learning" | "review" | "relearning";
/** "question": an exam question the learner missed (not in the contract's list, but the engine emits it). */
export type CardKind = "qa" | "cloze" | "definition" | "number" | "fact" | "exercise" | "question";

export interface CardSource {
  /** Note key ("content/lambda/limits.md" or an absolute path), "content/facts.toml", or "sim:<model>". */
  file: string;
  anchor: string;
  heading_path: string[];
  /** 1-based; 0 when not from a note. */
  line: number;
  title: string;
}

export interface CardInfo {
  id: string;
  kind: CardKind;
  explicit: boolean;
  service: string;
  /** Plain text; a cloze shows "[...]" where the answer goes. */
  front: string;
  /** Plain text (may contain "\n"). */
  back: string;
  edited: boolean;
  source: CardSource;
  context: string;
  state: CardState;
  /** ms; 0 for new cards. */
  due: number;
  interval_days: number;
  stability: number | null;
  difficulty: number | null;
  reps: number;
  lapses: number;
  suspended: boolean;
  missing: boolean;
  buried: boolean;
  /** 0 none, 1..7 (Anki colours). */
  flag: number;
  changed: boolean;
}

export interface QueueItem {
  id: string;
  kind: CardKind;
  service: string;
  front: string;
  state: CardState;
  due: number;
}

export interface DueSummary {
  date: string;
  new: number;
  learning: number;
  review: number;
  total: number;
  done_today: number;
  new_done: number;
  reviews_done: number;
  new_limit: number;
  review_limit: number;
  review_due_total: number;
  next_learning_due: number | null;
  queue: QueueItem[];
}

export interface GradePreview {
  rating: Grade;
  /** "1m", "10m", "3d", "1.5mo", "2y". */
  interval: string;
  interval_secs: number;
  due: number;
  state: CardState;
}

export interface ReviewCard {
  card: CardInfo;
  /** Always 4: again, hard, good, easy. */
  previews: GradePreview[];
  new: number;
  learning: number;
  review: number;
  done_today: number;
}

export interface AnswerResult {
  card_id: string;
  rating: Grade;
  revlog_id: number;
  state: CardState;
  due: number;
  due_at: string;
  interval: string;
  interval_days: number;
  interval_secs: number;
  stability: number;
  difficulty: number;
  undo_available: number;
}

export interface UndoResult {
  op: "answer" | "suspend" | "unsuspend" | "bury" | "flag" | string;
  card_id: string;
  undo_available: number;
}

export interface CardFilter {
  service?: string | null;
  limit?: number | null;
  offset?: number | null;
}

export interface DayCount {
  date: string;
  day: number;
  reviews: number;
  new: number;
  review: number;
  passed: number;
  seconds: number;
}
/** in_days 0 includes overdue cards. */
export interface Forecast {
  date: string;
  in_days: number;
  due: number;
}
export interface MonthRetention {
  month: string;
  reviews: number;
  passed: number;
  /** 0..1 */
  retention: number;
}
export interface StateCounts {
  total: number;
  new: number;
  learning: number;
  young: number;
  mature: number;
  relearning: number;
  suspended: number;
  buried: number;
  missing: number;
}
export interface ServiceMastery {
  service: string;
  cards: number;
  studied: number;
  mature: number;
  /** 0..1 */
  mastery: number;
}
export interface Stats {
  today: DayCount;
  /** Last 365 days, only days with answers. */
  reviews_per_day: DayCount[];
  /** Exactly 30 entries. */
  forecast: Forecast[];
  retention_by_month: MonthRetention[];
  states: StateCounts;
  mastery: ServiceMastery[];
  total_reviews: number;
}

/** total 0 = not yet known. */
export interface OptimizeProgress {
  current: number;
  total: number;
}
export interface OptimizeReport {
  status: "optimized" | "not_enough_reviews" | "restored" | string;
  reviews: number;
  needed: number;
  params: number[];
  previous: number[];
  message: string;
}

export interface ReviewSettings {
  desired_retention: number;
  new_per_day: number;
  reviews_per_day: number;
  /** Seconds. */
  learning_steps: number[];
  relearning_steps: number[];
  /** Local hour the study day starts. */
  day_starts_at: number;
  max_interval: number;
  fsrs_params: number[];
  /** Earlier parameter sets kept (restorable). */
  previous_params: number;
}

export type SettingKey =
  | "desired_retention"
  | "new_per_day"
  | "reviews_per_day"
  | "learning_steps"
  | "relearning_steps"
  | "day_starts_at"
  | "max_interval";

// ---- Fact check (check-contract.md) ----

export type FindingKind = "stale" | "contradiction" | "arithmetic";

export interface Finding {
  /** Stable id: 16 hex digits (kind + file + claim + fact id); what dismiss_finding takes. */
  id: string;
  kind: FindingKind;
  /** Absolute path of the note on disk (bundled notes too). */
  file: string;
  /** 1-based line of the claim in that file (a bullet's continuation line when it sits there). */
  line: number;
  /** 1-based column where the claim's number starts on that line; 0 when unknown. */
  column?: number;
  /** The claim as written ("3,008 MB", "25 WCU", a worked line). */
  claim: string;
  /** What it should say. */
  expected: string;
  fact_id: string | null;
  /** Official source URL of the fact (shown as text: the app is offline). */
  source: string | null;
  explanation: string;
}

export interface CheckReport {
  /** Sorted by file, then line, then kind; dismissed findings are left out. */
  findings: Finding[];
}

// Anki and CSV interop (interop-contract.md).
export type ExportFormat = "apkg" | "csv";

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

export interface ExportReport {
  path: string;
  format: ExportFormat | string;
  notes: number;
  cards: number;
  reviews: number;
  /** "Coldstart", "Coldstart::Lambda", ... (empty for CSV). */
  decks: string[];
  skipped: string[];
}

export interface DeckImportReport {
  path: string;
  format: "apkg" | "colpkg" | "csv" | string;
  notes: number;
  cards: number;
  added: number;
  updated: number;
  reviews: number;
  reviews_known: number;
  skipped: string[];
  decks: string[];
}

// Database recovery (review-contract.md, issue 4).
export interface RestoreReport {
  /** The backup copied in. */
  restored_from: string;
  /** Where the damaged database was moved (kept, never overwritten); null when there was none. */
  moved_aside: string | null;
}
