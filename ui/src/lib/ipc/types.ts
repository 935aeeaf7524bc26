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
