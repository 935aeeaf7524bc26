// The card browser's part of the contract (engine: src/browse, commands: src-tauri/src/commands_browse.rs).
// Kept beside client.ts so the browser's calls are in one place; undo is the review's reviewUndo().
import { invoke } from "@tauri-apps/api/core";
import { toBackendError } from "./errors";
import { isTauri } from "./client";
import type { CardInfo, CardKind, CardSource, CardState, Grade } from "./types";

export type SortColumn =
  | "note"
  | "front"
  | "service"
  | "section"
  | "due"
  | "interval"
  | "stability"
  | "difficulty"
  | "retrievability"
  | "lapses"
  | "reviews"
  | "flag"
  | "added";

export interface BrowseRow {
  id: string;
  kind: CardKind;
  service: string;
  front: string;
  source: CardSource;
  /** Note title › headings. */
  section: string;
  source_key: string;
  source_kind: "bundled" | "imported";
  tags: string[];
  state: CardState;
  /** ms; 0 for new cards. */
  due: number;
  /** Study days until due (negative: overdue); null for new cards. */
  due_in_days: number | null;
  interval_days: number;
  stability: number | null;
  /** 1–10. */
  difficulty: number | null;
  /** 0–1, now. */
  retrievability: number | null;
  lapses: number;
  reps: number;
  flag: number;
  suspended: boolean;
  buried: boolean;
  missing: boolean;
  changed: boolean;
  edited: boolean;
  added_day: number;
  introduced_day: number | null;
  new_order: number;
}

export interface BrowseResult {
  query: string;
  total: number;
  matched: number;
  took_ms: number;
  load_ms: number;
  rows: BrowseRow[];
  /** Every match, in order. */
  ids: string[];
}

/** The query parsed (`ok`), or did not: the token at fault, by 0-based character offset. */
export type BrowseReply =
  | { status: "ok"; result: BrowseResult }
  | { status: "query_error"; message: string; position: number; token: string };

export type BulkAction =
  | { action: "suspend" }
  | { action: "unsuspend" }
  | { action: "bury" }
  | { action: "flag"; flag: number }
  | { action: "forget" }
  | { action: "set_due"; days: string }
  | { action: "reschedule" }
  | { action: "edit"; front?: string | null; back?: string | null };

export interface BulkReport {
  op: string;
  selected: number;
  changed: number;
  undo_available: number;
}

export interface CardReview {
  at: number;
  /** RFC 3339, local time. */
  date: string;
  rating: Grade;
  state_before: CardState;
  interval: string;
  interval_secs: number;
  stability: number;
  difficulty: number;
  taken_ms: number;
}

export interface RetrievabilityPoint {
  day: number;
  date: string;
  r: number;
}

export interface ExamQuestion {
  id: string;
  service: string;
  domain: string;
  stem: string;
  choices: string[];
  answer: number[];
  explanation: string;
}

export interface CardDetails {
  card: CardInfo;
  section: string;
  retrievability: number | null;
  reviews: CardReview[];
  curve: RetrievabilityPoint[];
  question: ExamQuestion | null;
}

export interface BrowseBackend {
  browse(query: string, sort: SortColumn, desc: boolean): Promise<BrowseReply>;
  bulk(ids: string[], action: BulkAction): Promise<BulkReport>;
  cardDetails(id: string): Promise<CardDetails>;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

class TauriBrowse implements BrowseBackend {
  browse(query: string, sort: SortColumn, desc: boolean) {
    return call<BrowseReply>("browse_cards", { query, sort, desc });
  }
  bulk(ids: string[], action: BulkAction) {
    return call<BulkReport>("browse_bulk", { ids, action });
  }
  cardDetails(id: string) {
    return call<CardDetails>("card_details", { id });
  }
}

/** Browser-only sample (vite dev): a few rows, plain-substring filtering, no query language. */
class MockBrowse implements BrowseBackend {
  private rows: BrowseRow[] = ["How long can a Lambda function run?", "How big can a DynamoDB item be?", "How long does SQS keep a message?"].map(
    (front, i) => ({
      id: `mock${i}`,
      kind: "qa",
      service: ["lambda", "dynamodb", "sqs"][i],
      front,
      source: { file: "content/mock.md", anchor: "a", heading_path: [], line: i + 1, title: "Sample" },
      section: "Sample",
      source_key: "content/mock.md",
      source_kind: "bundled",
      tags: [],
      state: "new",
      due: 0,
      due_in_days: null,
      interval_days: 0,
      stability: null,
      difficulty: null,
      retrievability: null,
      lapses: 0,
      reps: 0,
      flag: 0,
      suspended: false,
      buried: false,
      missing: false,
      changed: false,
      edited: false,
      added_day: 0,
      introduced_day: null,
      new_order: i,
    }),
  );
  async browse(query: string): Promise<BrowseReply> {
    const rows = this.rows.filter((r) => r.front.toLowerCase().includes(query.trim().toLowerCase()));
    return { status: "ok", result: { query, total: this.rows.length, matched: rows.length, took_ms: 0, load_ms: 0, rows, ids: rows.map((r) => r.id) } };
  }
  async bulk(ids: string[], action: BulkAction): Promise<BulkReport> {
    for (const r of this.rows) if (ids.includes(r.id) && action.action === "suspend") r.suspended = true;
    return { op: action.action, selected: ids.length, changed: ids.length, undo_available: 0 };
  }
  async cardDetails(): Promise<CardDetails> {
    throw { kind: "not_found", message: "card info needs the desktop app" };
  }
}

let instance: BrowseBackend | null = null;

export function browseBackend(): BrowseBackend {
  if (!instance) instance = isTauri() ? new TauriBrowse() : new MockBrowse();
  return instance;
}
