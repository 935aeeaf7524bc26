// Pure logic of the Stats view: heatmap bucketing and the series the charts draw.
import { serviceLabel } from "../../lib/format";
import type { DayCount, MonthRetention, ServiceMastery, StateCounts } from "../../lib/ipc/types";

const DAY_MS = 86_400_000;

/** "2026-11-21" → days since 1970-01-01 (a calendar date, no time zone involved). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Days since 1970-01-01 → "2026-11-21". */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return (((day + 3) % 7) + 7) % 7;
}

export interface HeatCell {
  date: string;
  count: number;
  /** 0 (none) … 4 (busiest). */
  level: number;
  /** After today: drawn empty. */
  future: boolean;
}

export interface Heatmap {
  /** Columns of 7 cells, Monday first. */
  weeks: HeatCell[][];
  /** Month labels: the column where each month starts. */
  months: { col: number; label: string }[];
  max: number;
  total: number;
  activeDays: number;
}

/** Intensity 0–4 relative to the busiest day (any answer at all is at least 1). */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Buckets answers per day into a calendar of `weeks` columns ending with the week of `today`. */
export function buildHeatmap(days: DayCount[], today: string, weeks = 26): Heatmap {
  const t = dayNumber(today);
  const lastMonday = t - weekday(t);
  const first = lastMonday - (weeks - 1) * 7;
  const counts = new Map<number, number>();
  for (const d of days) {
    const n = dayNumber(d.date);
    if (n >= first && n <= t) counts.set(n, (counts.get(n) ?? 0) + d.reviews);
  }
  const max = Math.max(0, ...counts.values());
  const cols: HeatCell[][] = [];
  const months: { col: number; label: string }[] = [];
  let lastMonth = -1;
  for (let w = 0; w < weeks; w++) {
    const col: HeatCell[] = [];
    for (let i = 0; i < 7; i++) {
      const n = first + w * 7 + i;
      const count = counts.get(n) ?? 0;
      col.push({ date: dateOf(n), count, level: heatLevel(count, max), future: n > t });
    }
    const month = Number(dateOf(first + w * 7).slice(5, 7)) - 1;
    if (month !== lastMonth) {
      // Skip a label squeezed into the very first column when the next month starts a column later.
      months.push({ col: w, label: MONTHS[month] });
      lastMonth = month;
    }
    cols.push(col);
  }
  if (months.length > 1 && months[1].col - months[0].col < 2) months.shift();
  let total = 0;
  for (const c of counts.values()) total += c;
  return { weeks: cols, months, max, total, activeDays: counts.size };
}

/** "2026-11" → "Nov 2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m >= 1 && m <= 12 ? `${MONTHS[m - 1]} ${y}` : month;
}

/** Retention per month as percentages (null where there were no review answers). */
export function retentionSeries(months: MonthRetention[]): { labels: string[]; values: (number | null)[] } {
  const sorted = [...months].sort((a, b) => a.month.localeCompare(b.month));
  return {
    labels: sorted.map((m) => monthLabel(m.month)),
    values: sorted.map((m) => (m.reviews > 0 ? Math.round(m.retention * 1000) / 10 : null)),
  };
}

export interface Slice {
  label: string;
  value: number;
  color: string;
}

/** The card-state slices, in Anki's colours; empty states left out. */
export function stateSlices(s: StateCounts): Slice[] {
  const all: Slice[] = [
    { label: "New", value: s.new, color: "#4c8bf5" },
    { label: "Learning", value: s.learning, color: "#e0703a" },
    { label: "Relearning", value: s.relearning, color: "#c93c37" },
    { label: "Young", value: s.young, color: "#7cc47f" },
    { label: "Mature", value: s.mature, color: "#2e7d32" },
    { label: "Suspended", value: s.suspended, color: "#d4b200" },
    { label: "Buried", value: s.buried, color: "#9a9a9a" },
  ];
  return all.filter((x) => x.value > 0);
}

export interface MasteryRow {
  service: string;
  label: string;
  percent: number;
  cards: number;
  studied: number;
}

/** Mastery per service as percentages, best first (ties by name). */
export function masteryRows(m: ServiceMastery[]): MasteryRow[] {
  return m
    .filter((x) => x.cards > 0)
    .map((x) => ({
      service: x.service,
      label: serviceLabel(x.service),
      percent: Math.round(x.mastery * 1000) / 10,
      cards: x.cards,
      studied: x.studied,
    }))
    .sort((a, b) => b.percent - a.percent || a.label.localeCompare(b.label));
}

/** Short axis label for a forecast day: "Today", "Tomorrow", then "Tue 24". */
export function forecastLabel(date: string, inDays: number): string {
  if (inDays === 0) return "Today";
  if (inDays === 1) return "Tomorrow";
  const n = dayNumber(date);
  const names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  return `${names[weekday(n)]} ${Number(date.slice(8, 10))}`;
}

/** "1 h 5 min", "12 min", "40 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const mins = Math.round(seconds / 60);
  if (mins < 60) return `${mins} min`;
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
