// Pure helpers of the Browse view: selection (click, shift-click, Ctrl+A), the virtual window,
// keyboard shortcuts (Anki's where it has one), cell formatting, the query-error marker.
import type { BrowseRow, BulkAction, SortColumn } from "../../lib/ipc/browse";

export interface Selection {
  ids: Set<string>;
  /** The row a shift-click extends from. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

/** Click: select only this row; Ctrl/Cmd-click: toggle it; Shift-click: the range from the anchor. */
export function clickRow(sel: Selection, order: string[], id: string, mods: { shift: boolean; toggle: boolean }): Selection {
  if (mods.shift && sel.anchor !== null) {
    const a = order.indexOf(sel.anchor);
    const b = order.indexOf(id);
    if (a >= 0 && b >= 0) {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const ids = mods.toggle ? new Set(sel.ids) : new Set<string>();
      for (const x of order.slice(lo, hi + 1)) ids.add(x);
      return { ids, anchor: sel.anchor };
    }
  }
  if (mods.toggle) {
    const ids = new Set(sel.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }
  return { ids: new Set([id]), anchor: id };
}

export function selectAll(order: string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/** Keep only the selected rows that are still in the result (after a new search). */
export function keepVisible(sel: Selection, order: string[]): Selection {
  const present = new Set(order);
  const ids = new Set([...sel.ids].filter((x) => present.has(x)));
  return { ids, anchor: sel.anchor !== null && present.has(sel.anchor) ? sel.anchor : null };
}

/** Selected ids in table order. */
export function selectedInOrder(sel: Selection, order: string[]): string[] {
  return order.filter((x) => sel.ids.has(x));
}

/** Rows to render for a scroll position: the visible ones plus `overscan` either side. */
export function visibleWindow(scrollTop: number, height: number, rowHeight: number, count: number, overscan = 8): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, height) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + shown + overscan);
  return { start, end: Math.max(start, end) };
}

export type BrowseKey =
  | { type: "bulk"; action: BulkAction; toggleSuspend?: boolean }
  | { type: "undo" }
  | { type: "select_all" }
  | { type: "focus_search" }
  | { type: "info" }
  | { type: "set_due" }
  | { type: "move"; by: number; extend: boolean };

/** Shortcuts in the table: Ctrl+J suspend/unsuspend (as Anki), Ctrl+Shift+J bury, Ctrl+1–7 flag
 * (Ctrl+0 clears), Ctrl+Alt+N forget, Ctrl+Shift+D set due date, Ctrl+Shift+R reschedule,
 * Ctrl+Z undo, Ctrl+A select all, Ctrl+F search, Ctrl+Shift+I card info, arrows move. */
export function browseKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): BrowseKey | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.toLowerCase();
  if (!mod) {
    if (e.key === "ArrowDown") return { type: "move", by: 1, extend: e.shiftKey };
    if (e.key === "ArrowUp") return { type: "move", by: -1, extend: e.shiftKey };
    return null;
  }
  if (e.altKey) return k === "n" ? { type: "bulk", action: { action: "forget" } } : null;
  if (e.shiftKey) {
    if (k === "j") return { type: "bulk", action: { action: "bury" } };
    if (k === "d") return { type: "set_due" };
    if (k === "r") return { type: "bulk", action: { action: "reschedule" } };
    if (k === "i") return { type: "info" };
    return null;
  }
  if (k === "j") return { type: "bulk", action: { action: "suspend" }, toggleSuspend: true };
  if (k === "z") return { type: "undo" };
  if (k === "a") return { type: "select_all" };
  if (k === "f") return { type: "focus_search" };
  if (/^[0-7]$/.test(k)) return { type: "bulk", action: { action: "flag", flag: Number(k) } };
  return null;
}

/** Ctrl+J suspends the selection, or unsuspends it when every selected card is suspended (Anki's toggle). */
export function suspendToggle(rows: BrowseRow[]): BulkAction {
  return rows.length > 0 && rows.every((r) => r.suspended) ? { action: "unsuspend" } : { action: "suspend" };
}

export interface Column {
  key: SortColumn;
  label: string;
  /** CSS width. */
  width: string;
  numeric: boolean;
}

export const COLUMNS: Column[] = [
  { key: "front", label: "Question", width: "minmax(16rem, 3fr)", numeric: false },
  { key: "service", label: "Service", width: "8rem", numeric: false },
  { key: "section", label: "Source section", width: "minmax(10rem, 2fr)", numeric: false },
  { key: "due", label: "Due", width: "6rem", numeric: true },
  { key: "interval", label: "Interval", width: "5rem", numeric: true },
  { key: "stability", label: "Stability", width: "5.5rem", numeric: true },
  { key: "difficulty", label: "Difficulty", width: "5.5rem", numeric: true },
  { key: "retrievability", label: "Retriev.", width: "5rem", numeric: true },
  { key: "lapses", label: "Lapses", width: "4.5rem", numeric: true },
  { key: "reviews", label: "Reviews", width: "4.5rem", numeric: true },
  { key: "flag", label: "Flag", width: "3.5rem", numeric: true },
];

/** Clicking a column header: sort by it ascending, or flip the direction when it already is. */
export function nextSort(cur: { sort: SortColumn; desc: boolean }, col: SortColumn): { sort: SortColumn; desc: boolean } {
  return cur.sort === col ? { sort: col, desc: !cur.desc } : { sort: col, desc: false };
}

export function dueLabel(r: BrowseRow): string {
  if (r.state === "new" || r.due_in_days === null) return "new";
  const d = r.due_in_days;
  if (d === 0) return "today";
  if (d === 1) return "tomorrow";
  return d < 0 ? `${-d}d ago` : `in ${d}d`;
}

export function cell(r: BrowseRow, col: SortColumn): string {
  switch (col) {
    case "front":
      return r.front.replace(/\s+/g, " ");
    case "service":
      return r.service;
    case "section":
      return r.section;
    case "due":
      return dueLabel(r);
    case "interval":
      return r.state === "new" ? "" : `${r.interval_days}d`;
    case "stability":
      return r.stability === null ? "" : `${r.stability.toFixed(1)}d`;
    case "difficulty":
      // As Anki shows it: (D − 1) / 9 as a percentage.
      return r.difficulty === null ? "" : `${Math.round(((r.difficulty - 1) / 9) * 100)}%`;
    case "retrievability":
      return r.retrievability === null ? "" : `${Math.round(r.retrievability * 100)}%`;
    case "lapses":
      return String(r.lapses);
    case "reviews":
      return String(r.reps);
    case "flag":
      return r.flag ? String(r.flag) : "";
    default:
      return "";
  }
}

/** The query split around the token at fault (position counts characters, as the engine does). */
export function errorParts(query: string, position: number, token: string): { before: string; token: string; after: string } {
  const chars = Array.from(query);
  const pos = Math.min(Math.max(0, position), chars.length);
  const len = Math.max(1, Array.from(token).length);
  return {
    before: chars.slice(0, pos).join(""),
    token: chars.slice(pos, pos + len).join("") || " ",
    after: chars.slice(pos + len).join(""),
  };
}

/** Points of a line chart of retrievability (0–1) over days, in a `w`×`h` box. */
export function curvePath(points: { day: number; r: number }[], w: number, h: number): string {
  if (points.length === 0) return "";
  const d0 = points[0].day;
  const span = Math.max(1, points[points.length - 1].day - d0);
  return points
    .map((p, i) => `${i ? "L" : "M"}${(((p.day - d0) / span) * w).toFixed(1)},${((1 - p.r) * h).toFixed(1)}`)
    .join(" ");
}
