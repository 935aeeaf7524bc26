// Pure logic of the Settings view: learning steps as text, validation before a value is sent.
import type { ReviewSettings, SettingKey } from "../../lib/ipc/types";

/** Seconds → "1m 10m" (the format `set_setting learning_steps` accepts). */
export function formatSteps(secs: number[]): string {
  return secs
    .map((s) => {
      if (s % 86_400 === 0) return `${s / 86_400}d`;
      if (s % 3600 === 0) return `${s / 3600}h`;
      if (s % 60 === 0) return `${s / 60}m`;
      return `${s}s`;
    })
    .join(" ");
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "1m 10m" (also commas, and bare numbers as minutes) → seconds; an error names the bad step. */
export function parseSteps(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const out: number[] = [];
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/i.exec(p);
    if (!m) return { ok: false, error: `"${p}" is not a step: use numbers with s, m, h or d, like "1m 10m"` };
    const secs = Math.round(Number(m[1]) * UNIT[(m[2] || "m").toLowerCase()]);
    if (secs <= 0) return { ok: false, error: `"${p}": a step must be longer than 0` };
    out.push(secs);
  }
  return { ok: true, value: out };
}

/** Checks a value before it is sent; the engine checks again and names the key when it rejects. */
export function validateSetting(key: SettingKey, raw: string): string | null {
  const v = raw.trim();
  const int = (lo: number, hi: number, what: string) => {
    if (!/^\d+$/.test(v)) return `${what} must be a whole number`;
    const n = Number(v);
    return n < lo || n > hi ? `${what} must be between ${lo} and ${hi}` : null;
  };
  switch (key) {
    case "desired_retention": {
      const n = Number(v);
      if (v === "" || !Number.isFinite(n)) return "Desired retention must be a number";
      return n < 0.7 || n > 0.99 ? "Desired retention must be between 0.70 and 0.99" : null;
    }
    case "new_per_day":
      return int(0, 9999, "New cards per day");
    case "reviews_per_day":
      return int(0, 99999, "Reviews per day");
    case "day_starts_at":
      return int(0, 23, "The day boundary");
    case "max_interval":
      return int(1, 36500, "Maximum interval");
    case "learning_steps":
    case "relearning_steps": {
      const r = parseSteps(v);
      if (!r.ok) return r.error;
      return key === "learning_steps" && r.value.length === 0 ? "Give at least one learning step" : null;
    }
  }
}

/** The value a setting shows in its field. */
export function settingText(s: ReviewSettings, key: SettingKey): string {
  switch (key) {
    case "desired_retention":
      return s.desired_retention.toFixed(2);
    case "learning_steps":
      return formatSteps(s.learning_steps);
    case "relearning_steps":
      return formatSteps(s.relearning_steps);
    default:
      return String(s[key]);
  }
}

/** What the value is sent as: steps normalised ("1m 10m"), numbers trimmed. */
export function settingValue(key: SettingKey, raw: string): string {
  if (key === "learning_steps" || key === "relearning_steps") {
    const r = parseSteps(raw);
    return r.ok ? formatSteps(r.value) : raw.trim();
  }
  return raw.trim();
}

/** "4 am", "12 pm", "0:00" style label of an hour for the day-boundary picker. */
export function hourLabel(h: number): string {
  return `${String(h).padStart(2, "0")}:00`;
}

/** Percent of an optimisation run, or null while the total is unknown. */
export function optimizePercent(current: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((current / total) * 100)));
}
