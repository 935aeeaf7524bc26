// Pure logic of the Review view: keyboard mapping, interval and time formatting, cloze splitting.
import type { CardInfo, CardSource, Grade } from "../../lib/ipc/types";

export type Phase = "question" | "answer";

export type ReviewAction =
  | { type: "show" }
  | { type: "grade"; grade: Grade }
  | { type: "undo" }
  | { type: "suspend" }
  | { type: "bury" }
  | { type: "flag" }
  | { type: "edit" }
  | { type: "leave" };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export const GRADES: Grade[] = ["again", "hard", "good", "easy"];
export const GRADE_LABELS: Record<Grade, string> = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };

/** 1..4 → "again".."easy"; anything else → null. */
export function gradeOf(n: number): Grade | null {
  return GRADES[n - 1] ?? null;
}

/**
 * What a key press does in the Review view (the same flow as `coldstart review` and Anki):
 * Space/Enter shows the answer, 1–4 grade it (answer side only), u or Ctrl/⌘+Z undoes,
 * s suspends, b buries, f flags, e edits, q/Escape leaves.
 */
export function keyAction(e: KeyLike, phase: Phase): ReviewAction | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod) {
    return !e.altKey && key === "z" ? { type: "undo" } : null;
  }
  if (e.altKey) return null;
  switch (key) {
    case " ":
    case "Spacebar":
    case "Enter":
      return phase === "question" ? { type: "show" } : null;
    case "1":
    case "2":
    case "3":
    case "4":
      return phase === "answer" ? { type: "grade", grade: gradeOf(Number(key))! } : null;
    case "u":
      return { type: "undo" };
    case "s":
      return { type: "suspend" };
    case "b":
      return { type: "bury" };
    case "f":
      return { type: "flag" };
    case "e":
      return { type: "edit" };
    case "q":
    case "Escape":
      return { type: "leave" };
    default:
      return null;
  }
}

/** True when a key event comes from a place where typing must not trigger shortcuts. */
export function isTypingTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || typeof el.tagName !== "string") return false;
  const tag = el.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable === true;
}

function trim1(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** The engine's interval format (src/review/mod.rs `format_interval`): "45s", "10m", "3h", "4d", "1.5mo", "2y". */
export function formatInterval(secs: number): string {
  const s = Math.max(0, secs);
  if (s < 60) return `${Math.floor(s)}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86_400) return `${Math.round(s / 3600)}h`;
  if (s < 30 * 86_400) return `${Math.round(s / 86_400)}d`;
  if (s < 365 * 86_400) return `${trim1(s / (30 * 86_400))}mo`;
  return `${trim1(s / (365 * 86_400))}y`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "14:05" in local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** When something is due, for a person: "now", "in 8 min (14:05)", "in 3 h (17:00)", "tomorrow at 04:00". */
export function formatDueAt(ms: number, now: number): string {
  const diff = ms - now;
  if (diff <= 30_000) return "now";
  const mins = Math.round(diff / 60_000);
  if (mins < 60) return `in ${Math.max(1, mins)} min (${clockTime(ms)})`;
  const due = new Date(ms);
  const today = new Date(now);
  const sameDay = due.toDateString() === today.toDateString();
  if (sameDay) return `in ${Math.round(diff / 3_600_000)} h (${clockTime(ms)})`;
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  if (due.toDateString() === tomorrow.toDateString()) return `tomorrow at ${clockTime(ms)}`;
  return `${due.toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" })} at ${clockTime(ms)}`;
}

export interface Segment {
  text: string;
  cloze: boolean;
}

/** Splits card text on the engine's cloze gap "[...]" (also "[…]"), so the gap can be styled; never HTML. */
export function clozeSegments(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /\[(?:\.\.\.|…)\]/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i > last) out.push({ text: text.slice(last, i), cloze: false });
    out.push({ text: "[…]", cloze: true });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), cloze: false });
  return out;
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[\s\p{P}]+/gu, " ").trim();
}

/** The context is worth showing unless it only repeats the question and the answer. */
export function contextWorthShowing(card: Pick<CardInfo, "front" | "back" | "context">): boolean {
  const c = norm(card.context);
  if (!c) return false;
  const f = norm(card.front);
  const b = norm(card.back);
  return c !== b && c !== f && c !== norm(`${card.front} ${card.back}`);
}

export type SourceLink =
  | { kind: "note"; id: string; anchor: string; label: string }
  | { kind: "sim"; name: string; label: string }
  | { kind: "none" };

/** Where "Open in notebook" goes: a note (bundled or imported), a simulator, or nowhere (the fact base). */
export function sourceLink(src: CardSource): SourceLink {
  if (src.file.startsWith("sim:")) return { kind: "sim", name: src.file.slice(4) || src.anchor, label: "Open simulator" };
  if (/\.(md|markdown|mdx|txt)$/i.test(src.file)) {
    return { kind: "note", id: src.file, anchor: src.anchor, label: "Open in notebook" };
  }
  return { kind: "none" };
}

export const FLAG_NAMES = ["", "Red", "Orange", "Green", "Blue", "Pink", "Turquoise", "Purple"];
export const FLAG_COLORS = ["", "#d93f3f", "#e58a1f", "#2e9b4f", "#2f6fdf", "#d45fa9", "#1fa8a8", "#7c4dce"];

/** `f` toggles the red flag; on a card with another colour it clears it. */
export function toggledFlag(current: number): number {
  return current === 0 ? 1 : 0;
}

/** Which sides an edit changes: null leaves a side as it is. */
export function editPayload(
  original: { front: string; back: string },
  edited: { front: string; back: string },
): { front: string | null; back: string | null } | null {
  const front = edited.front !== original.front ? edited.front.trim() : null;
  const back = edited.back !== original.back ? edited.back.trim() : null;
  return front === null && back === null ? null : { front, back };
}
