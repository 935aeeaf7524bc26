// Pure logic of the Settings view: how a setting is shown. Validation and normalisation are the
// engine's (set_setting rejects a bad value with a message naming it).
import type { ReviewSettings, SettingKey } from "../../lib/ipc/types";

/** Seconds → "1m 10m", as the engine normalises steps (checked against a recorded set_setting). */
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

/** "4 am", "12 pm", "0:00" style label of an hour for the day-boundary picker. */
export function hourLabel(h: number): string {
  return `${String(h).padStart(2, "0")}:00`;
}

/** Percent of an optimisation run, or null while the total is unknown. */
export function optimizePercent(current: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((current / total) * 100)));
}
