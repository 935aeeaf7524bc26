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
}

export interface SearchResults {
  query: string;
  took_ms: number;
  hits: SearchHit[];
  fuzzy: boolean;
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
