// Pure logic of the live simulator widget: cell inputs, control values, slider scales, output
// formatting, error attribution and latest-response-wins. No DOM, no Svelte, no backend.
import type { InputKind, InputSpec, InputValue, JsonValue, SimSeries } from "../../lib/ipc/types";

/** The inputs the widget holds: `undefined` is a field left empty (the engine's default or "not set"). */
export type Draft = Record<string, InputValue | undefined>;

export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

export function numberRange(kind: InputKind): NumberRange | null {
  return typeof kind === "object" ? (kind.number ?? null) : null;
}

export function choices(kind: InputKind): string[] | null {
  return typeof kind === "object" ? (kind.choice ?? null) : null;
}

export function isBool(kind: InputKind): boolean {
  return kind === "bool";
}

function isInputValue(v: unknown): v is InputValue {
  return (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean" || typeof v === "string";
}

/**
 * Reads a cell's `data-inputs` (JSON object written by the note renderer). Values that are not a
 * number, boolean or word are left out and reported, naming the key.
 */
export function parseCellInputs(attr: string | null | undefined): { inputs: Record<string, InputValue>; problems: string[] } {
  const inputs: Record<string, InputValue> = {};
  const problems: string[] = [];
  if (!attr || !attr.trim()) return { inputs, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(attr);
  } catch {
    return { inputs, problems: ["the cell's inputs are not valid (expected key = value lines)"] };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { inputs, problems: ["the cell's inputs are not a table of key = value"] };
  }
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (isInputValue(v)) inputs[k] = v;
    else problems.push(`input \`${k}\` in the cell is not a number, true/false or a word; it was ignored`);
  }
  return { inputs, problems };
}

/**
 * The widget's starting inputs: every spec'd input in display order (its default, or empty when
 * it has none), with the cell's values merged over them. Keys the model does not know are kept
 * (after the known ones) so the engine can name them in its error.
 */
export function mergeInputs(specs: InputSpec[], cell: Record<string, InputValue>): Draft {
  const out: Draft = {};
  for (const s of specs) out[s.key] = s.key in cell ? cell[s.key] : (s.default ?? undefined);
  for (const [k, v] of Object.entries(cell)) if (!(k in out)) out[k] = v;
  return out;
}

/** What is sent to `sim_run`: the draft without empty fields. */
export function toRunInputs(draft: Draft): Record<string, InputValue> {
  const out: Record<string, InputValue> = {};
  for (const [k, v] of Object.entries(draft)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * A control's raw value (text of a number field or select, checked state of a checkbox) as an
 * InputValue. Empty text is `undefined` (not set). Text that is not a number is passed on as a
 * word, so the engine's error names the key and the valid range.
 */
export function coerceControl(kind: InputKind, raw: string | boolean): InputValue | undefined {
  if (isBool(kind)) {
    if (typeof raw === "boolean") return raw;
    const t = raw.trim().toLowerCase();
    if (t === "") return undefined;
    if (t === "true") return true;
    if (t === "false") return false;
    return raw.trim();
  }
  if (typeof raw === "boolean") return raw;
  const t = raw.trim();
  if (t === "") return undefined;
  if (numberRange(kind)) {
    const cleaned = t.replace(/[,_\s]/g, "");
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) {
      const n = Number(cleaned);
      if (Number.isFinite(n)) return n;
    }
    return t;
  }
  return t;
}

/** A number as a person types it: no thousands separators, no float noise (0.1+0.2 → 0.3). */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(12)));
}

/** The text a number field shows for a value. */
export function fieldText(v: InputValue | undefined): string {
  if (v === undefined) return "";
  return typeof v === "number" ? plainNumber(v) : String(v);
}

// ---- Sliders ---------------------------------------------------------------------------------

/** Slider positions run 0..steps; ranges wider than this many units use a logarithmic scale. */
const LOG_ABOVE = 10_000;
const POSITIONS = 1000;

export interface SliderScale {
  log: boolean;
  /** The slider's max position (min is 0, step 1). */
  steps: number;
}

export function sliderScale(r: NumberRange): SliderScale {
  const span = r.max - r.min;
  if (span > LOG_ABOVE) return { log: true, steps: POSITIONS };
  if (r.step > 0 && span / r.step <= POSITIONS) return { log: false, steps: Math.max(1, Math.round(span / r.step)) };
  return { log: false, steps: POSITIONS };
}

/** Slider position of a value (clamped to the range). */
export function toSlider(value: number, r: NumberRange): number {
  const s = sliderScale(r);
  const v = Math.min(r.max, Math.max(r.min, value));
  const span = r.max - r.min;
  if (span <= 0) return 0;
  const t = s.log ? Math.log10(v - r.min + 1) / Math.log10(span + 1) : (v - r.min) / span;
  return Math.round(t * s.steps);
}

function roundSignificant(n: number, digits: number): number {
  if (n === 0) return 0;
  const p = Math.pow(10, digits - 1 - Math.floor(Math.log10(Math.abs(n))));
  return Math.round(n * p) / p;
}

/** Value at a slider position: a round number, snapped to the input's step, inside the range. */
export function fromSlider(pos: number, r: NumberRange): number {
  const s = sliderScale(r);
  const t = Math.min(1, Math.max(0, pos / s.steps));
  const span = r.max - r.min;
  let v: number;
  if (pos >= s.steps) return r.max;
  if (pos <= 0) return r.min;
  if (s.log) {
    v = r.min + roundSignificant(Math.pow(10, t * Math.log10(span + 1)) - 1, 2);
  } else {
    v = r.min + t * span;
    if (!(r.step > 0)) {
      const decimals = Math.max(0, -Math.floor(Math.log10(span / POSITIONS)));
      v = Number(v.toFixed(decimals));
    }
  }
  if (r.step > 0) v = r.min + Math.round((v - r.min) / r.step) * r.step;
  v = Number(v.toPrecision(12));
  return Math.min(r.max, Math.max(r.min, v));
}

// ---- Outputs ---------------------------------------------------------------------------------

const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nf = (maxFrac: number) => new Intl.NumberFormat("en-US", { maximumFractionDigits: maxFrac });

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return nf(0).format(n);
  const a = Math.abs(n);
  if (a >= 100) return nf(2).format(n);
  if (a >= 1) return nf(4).format(n);
  if (a >= 0.001) return nf(6).format(n);
  return String(Number(n.toPrecision(4)));
}

/** One output value as text; the unit is shown beside it, except money and fractions. */
export function formatOutput(v: JsonValue, unit: string): string {
  if (v === null) return "n/a";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return v.replace(/_/g, " ");
  if (typeof v === "number") {
    if (unit === "USD") {
      const a = Math.abs(v);
      if (a === 0 || a >= 0.01) return `$${money.format(v)}`.replace("$-", "−$");
      return `$${String(Number(v.toPrecision(3)))}`;
    }
    if (unit === "fraction") return `${nf(1).format(v * 100)}%`;
    return formatNumber(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "none";
    return v
      .map((x) => {
        if (x && typeof x === "object" && !Array.isArray(x) && typeof x.message === "string") return x.message;
        return typeof x === "number" ? formatNumber(x) : typeof x === "string" ? x : JSON.stringify(x);
      })
      .join(typeof v[0] === "object" ? "; " : ", ");
  }
  return JSON.stringify(v);
}

/** The unit shown after a formatted output (money and fractions carry their own). */
export function outputUnit(v: JsonValue, unit: string): string {
  if (v === null || typeof v === "boolean" || typeof v === "string") return "";
  if (unit === "USD" || unit === "fraction") return "";
  if (Array.isArray(v) && (v.length === 0 || typeof v[0] === "object")) return "";
  return unit;
}

const ACRONYMS: Record<string, string> = {
  kb: "KB",
  mb: "MB",
  gb: "GB",
  rps: "RPS",
  rcu: "RCU",
  wcu: "WCU",
  usd: "USD",
  tmp: "/tmp",
  env: "environment",
  avg: "average",
};

/** "writes_per_second" → "Writes per second"; "item_size_kb" → "Item size KB". */
export function humanize(key: string): string {
  const s = key
    .split("_")
    .map((w) => ACRONYMS[w] ?? w)
    .join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The outputs each model is about (issue 5's "outputs (at least)"): shown in bold. */
export const HEADLINE_OUTPUTS = new Set([
  "rcu",
  "wcu",
  "partitions",
  "provisioned_usd",
  "on_demand_usd",
  "total_cost_usd",
  "concurrency_needed",
  "throttled_per_second",
  "fits",
  "accepted",
  "throttled_429",
  "total_seconds",
  "recommended_visibility_timeout_seconds",
  "shards",
]);

// ---- Errors ----------------------------------------------------------------------------------

export interface KeyedErrors {
  /** Clauses of the message that name an input, by key. */
  byKey: Record<string, string>;
  /** Clauses that name no known input (unknown keys, unknown simulator, …). */
  general: string[];
}

/**
 * Splits an engine error ("input `x` = 5 is out of range; valid range is …; missing required
 * input `y` …") into clauses and files each under the input it names. A clause that names no
 * input continues the one before it (e.g. "valid range is from 0 to 400 KB").
 */
export function errorsByKey(message: string, keys: string[]): KeyedErrors {
  const known = new Set(keys);
  const byKey: Record<string, string> = {};
  const general: string[] = [];
  let lastKey: string | null = null;
  let lastGeneral = -1;
  for (const raw of message.split(/;\s+/)) {
    const clause = raw.trim();
    if (!clause) continue;
    const named = [...clause.matchAll(/`([^`]+)`/g)].map((m) => m[1]).find((k) => known.has(k));
    const namesSomething = /^(input|missing|unknown)\b/i.test(clause) || /`[^`]+`/.test(clause);
    if (named) {
      byKey[named] = byKey[named] ? `${byKey[named]}; ${clause}` : clause;
      lastKey = named;
      lastGeneral = -1;
    } else if (!namesSomething && lastKey) {
      byKey[lastKey] = `${byKey[lastKey]}; ${clause}`;
    } else if (!namesSomething && lastGeneral >= 0) {
      general[lastGeneral] = `${general[lastGeneral]}; ${clause}`;
    } else {
      general.push(clause);
      lastGeneral = general.length - 1;
      lastKey = null;
    }
  }
  return { byKey, general };
}

// ---- Latest response wins --------------------------------------------------------------------

/**
 * Numbers requests so that only the newest one's response is applied: a slow answer to an
 * older input never overwrites the answer to a newer one.
 */
export class LatestGate {
  private seq = 0;

  /** Starts a request; returns its ticket. */
  begin(): number {
    return ++this.seq;
  }

  /** True when no request was started after the one with this ticket. */
  isLatest(ticket: number): boolean {
    return ticket === this.seq;
  }

  /** Runs `task` and hands its outcome on only if it is still the latest request. */
  async run<T>(task: () => Promise<T>, onValue: (v: T) => void, onError: (e: unknown) => void): Promise<boolean> {
    const ticket = this.begin();
    try {
      const v = await task();
      if (!this.isLatest(ticket)) return false;
      onValue(v);
    } catch (e) {
      if (!this.isLatest(ticket)) return false;
      onError(e);
    }
    return true;
  }
}

// ---- Charts ----------------------------------------------------------------------------------

/**
 * Series that share an x axis are drawn together. When they share a y unit it titles the axis;
 * when they do not, the axis has no title and each legend entry carries its own unit.
 */
export function chartAxes(series: SimSeries[]): { x: string; y: string; names: string[] } {
  const xs = [...new Set(series.map((s) => s.x_label))];
  const ys = [...new Set(series.map((s) => s.y_label))];
  const shared = ys.length <= 1;
  return {
    x: xs.join(" / "),
    y: shared ? (ys[0] ?? "") : "",
    names: series.map((s) => (shared || !s.y_label || s.y_label === s.name ? s.name : `${s.name} (${s.y_label})`)),
  };
}
