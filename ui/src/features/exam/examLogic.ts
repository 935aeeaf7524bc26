// Pure logic of the Exam view: keyboard mapping, selection toggling, clocks, navigator states,
// the start request, the submit summary and the history trend. No Svelte, no IPC: unit-tested.
import type {
  ExamDomain,
  ExamMode,
  ExamNavItem,
  ExamResult,
  ExamStartRequest,
  ExamState,
  ExamSummary,
} from "../../lib/ipc/types";

export const LETTERS = ["A", "B", "C", "D", "E"] as const;

/** 0 → "A" (choices are 0-based in the engine, A–E on screen). */
export function letter(index: number): string {
  return LETTERS[index] ?? String(index + 1);
}

/**
 * The engine's exam blueprint (`exam_blueprint`): the domains with their weights and the pass
 * line. (In types.ts once the bindings are generated from the engine, issue 12.)
 */
export interface ExamBlueprint {
  domains: { key: ExamDomain; label: string; weight_percent: number }[];
  pass_mark: number;
  pass_percent: number;
}

/** Display names of the domains (the weights are the engine's, from the blueprint). */
const DOMAIN_LABELS: Record<ExamDomain, string> = {
  development: "Development with AWS services",
  security: "Security",
  deployment: "Deployment",
  troubleshooting: "Troubleshooting and optimization",
};

export function domainLabel(key: string): string {
  return DOMAIN_LABELS[key as ExamDomain] ?? key;
}

export function modeLabel(mode: ExamMode): string {
  return mode === "exam" ? "Exam" : mode === "practice" ? "Practice" : "Custom";
}

// ---------------------------------------------------------------------------------------------
// Keyboard
// ---------------------------------------------------------------------------------------------

export type KeyAction =
  | { type: "choose"; index: number }
  | { type: "flag" }
  | { type: "prev" }
  | { type: "next" };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * The exam keyboard: 1–5 or A–E choose (only choices that exist), F flags, ←/→ move.
 * Anything with Ctrl, Cmd or Alt is left to the app (Ctrl+K opens search).
 */
export function keyAction(e: KeyLike, choiceCount: number): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key;
  if (k === "ArrowLeft") return { type: "prev" };
  if (k === "ArrowRight") return { type: "next" };
  if (k.length !== 1) return null;
  if (k === "f" || k === "F") return { type: "flag" };
  let index = -1;
  if (k >= "1" && k <= "5") index = k.charCodeAt(0) - "1".charCodeAt(0);
  else {
    const up = k.toUpperCase();
    if (up >= "A" && up <= "E") index = up.charCodeAt(0) - "A".charCodeAt(0);
  }
  if (index < 0 || index >= choiceCount) return null;
  return { type: "choose", index };
}

/** Keys typed into form fields, or while a dialog is open, are not exam keys. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const el = target as Element;
  if (el.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Selection
// ---------------------------------------------------------------------------------------------

export interface Toggle {
  /** The new selection to send to exam_answer (sorted), or null when nothing changes. */
  selection: number[] | null;
  /** Why nothing changed, for a hint. */
  hint?: string;
}

/**
 * Choosing `index`: a radio button replaces the answer (choosing it again keeps it);
 * a checkbox toggles, up to `choose` boxes (uncheck one before checking another).
 */
export function toggleChoice(selected: number[], index: number, multiple: boolean, choose: number): Toggle {
  if (!multiple) {
    if (selected.length === 1 && selected[0] === index) return { selection: null };
    return { selection: [index] };
  }
  if (selected.includes(index)) {
    return { selection: selected.filter((i) => i !== index).sort((a, b) => a - b) };
  }
  if (selected.length >= choose) {
    return { selection: null, hint: `Choose ${numberWord(choose)}: clear one of your answers first.` };
  }
  return { selection: [...selected, index].sort((a, b) => a - b) };
}

const WORDS = ["zero", "one", "two", "three", "four", "five"];
export function numberWord(n: number): string {
  return WORDS[n] ?? String(n);
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

/**
 * A clock: "1:05:09" from an hour up, else "12:05" / "0:09". Counting down rounds up,
 * so "0:00" means the time is really up.
 */
export function formatClock(ms: number, roundUp = false): string {
  const total = Math.max(0, roundUp ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A short duration for time per question: "42s", "1m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total}s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}m ${String(s).padStart(2, "0")}s`;
}

/**
 * Time left now, counting down locally from the last state the engine returned `sinceMs` ago
 * (the engine stays authoritative). null when untimed; no countdown while paused.
 */
export function remainingNow(state: Pick<ExamState, "remaining_ms" | "paused">, sinceMs: number): number | null {
  if (state.remaining_ms === null) return null;
  if (state.paused) return state.remaining_ms;
  return Math.max(0, state.remaining_ms - Math.max(0, sinceMs));
}

/** Elapsed time now (for untimed attempts). */
export function elapsedNow(state: Pick<ExamState, "elapsed_ms" | "paused">, sinceMs: number): number {
  return state.paused ? state.elapsed_ms : state.elapsed_ms + Math.max(0, sinceMs);
}

/** Under five minutes left (or 10% of the limit, whichever is less): show the clock in red. */
export function timeIsShort(remaining: number | null, limit: number | null): boolean {
  if (remaining === null || limit === null) return false;
  return remaining <= Math.min(5 * 60_000, limit * 0.1);
}

// ---------------------------------------------------------------------------------------------
// Navigator
// ---------------------------------------------------------------------------------------------

export interface NavCell {
  position: number;
  label: string;
  classes: string;
  title: string;
}

/** One square of the navigator: its CSS classes and an accessible description. */
export function navCell(item: ExamNavItem, current: number): NavCell {
  const cls: string[] = ["nav-cell"];
  const words: string[] = [];
  if (item.position === current) {
    cls.push("current");
    words.push("current");
  }
  if (item.answered) {
    cls.push("answered");
    words.push("answered");
  } else words.push("not answered");
  if (item.flagged) {
    cls.push("flagged");
    words.push("flagged");
  }
  if (item.correct === true) {
    cls.push("right");
    words.push("right");
  } else if (item.correct === false) {
    cls.push("wrong");
    words.push("wrong");
  }
  return {
    position: item.position,
    label: String(item.position + 1),
    classes: cls.join(" "),
    title: `Question ${item.position + 1}: ${words.join(", ")}`,
  };
}

/** The position the arrows lead to, or null at either end. */
export function step(current: number, total: number, delta: -1 | 1): number | null {
  const next = current + delta;
  return next < 0 || next >= total ? null : next;
}

export interface SubmitSummary {
  total: number;
  answered: number;
  unanswered: number;
  flagged: number;
  /** 1-based numbers of the unanswered questions. */
  unansweredNumbers: number[];
  flaggedNumbers: number[];
}

export function submitSummary(nav: ExamNavItem[]): SubmitSummary {
  const un = nav.filter((n) => !n.answered).map((n) => n.position + 1);
  const fl = nav.filter((n) => n.flagged).map((n) => n.position + 1);
  return {
    total: nav.length,
    answered: nav.length - un.length,
    unanswered: un.length,
    flagged: fl.length,
    unansweredNumbers: un,
    flaggedNumbers: fl,
  };
}

/** "1, 2, 3, 7 and 4 more" */
export function listNumbers(ns: number[], max = 8): string {
  if (ns.length <= max) return ns.join(", ");
  return `${ns.slice(0, max).join(", ")} and ${ns.length - max} more`;
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

export interface StartForm {
  mode: ExamMode;
  practiceQuestions: number;
  customQuestions: number;
  /** 0 = untimed. */
  customMinutes: number;
  services: string[];
  domains: ExamDomain[];
}

export const DEFAULT_FORM: StartForm = {
  mode: "exam",
  practiceQuestions: 20,
  customQuestions: 30,
  customMinutes: 60,
  services: [],
  domains: [],
};

/** exam_start arguments for the form: Exam is always the full 65 / 130 min. */
export function startRequest(f: StartForm): ExamStartRequest {
  if (f.mode === "exam") return { mode: "exam" };
  if (f.mode === "practice") return { mode: "practice", questions: clampInt(f.practiceQuestions, 1, 500) };
  return {
    mode: "custom",
    questions: clampInt(f.customQuestions, 1, 500),
    minutes: clampInt(f.customMinutes, 0, 1440),
    services: [...f.services],
    domains: [...f.domains],
  };
}

export function clampInt(n: number, lo: number, hi: number): number {
  if (!Number.isFinite(n)) return lo;
  return Math.min(hi, Math.max(lo, Math.round(n)));
}

// ---------------------------------------------------------------------------------------------
// Results and history
// ---------------------------------------------------------------------------------------------

/** Questions answered wrongly or left unanswered: each one is now due in the review queue. */
export function missedCount(r: Pick<ExamResult, "questions">): number {
  return r.questions.filter((q) => !q.correct).length;
}

export function missedLine(n: number): string {
  if (n === 0) return "No missed questions: nothing was added to your review queue.";
  return `${n} missed question${n === 1 ? " was" : "s were"} added to your review queue.`;
}

export interface TrendPoint {
  attempt: number;
  x: number;
  percent: number;
  scaled: number;
  mode: ExamMode;
  at: number;
}

/** One point per submitted attempt, oldest first, numbered 1..n on the x axis. */
export function trendPoints(history: ExamSummary[]): TrendPoint[] {
  return history
    .filter((h) => h.status === "submitted" && h.percent !== null)
    .sort((a, b) => (a.submitted_at ?? a.started_at) - (b.submitted_at ?? b.started_at))
    .map((h, i) => ({
      attempt: h.attempt_id,
      x: i + 1,
      percent: h.percent ?? 0,
      scaled: h.scaled ?? 0,
      mode: h.mode,
      at: h.submitted_at ?? h.started_at,
    }));
}

/** The stems and explanations are plain text with `code` spans: split them for safe rendering. */
export function codeSegments(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const parts = text.split("`");
  // An odd number of backticks leaves the last one literal.
  const balanced = parts.length % 2 === 1;
  parts.forEach((p, i) => {
    const code = i % 2 === 1 && (balanced || i < parts.length - 1);
    if (!code && i % 2 === 1) {
      out.push({ code: false, text: "`" + p });
    } else if (p !== "") out.push({ code, text: p });
  });
  return out;
}

export function formatDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "B, D" for [1, 3]; "—" when empty. */
export function lettersOf(choices: number[]): string {
  return choices.length ? choices.map(letter).join(", ") : "—";
}
