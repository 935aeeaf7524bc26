import { describe, expect, it } from "vitest";
import type { ReviewSettings } from "../../lib/ipc/types";
import type { SettingKey } from "../../lib/ipc/types";
import { formatSteps, optimizePercent, settingText } from "./settingsLogic";
import settingsSet from "../../lib/ipc/fixtures/settings-set.json";
import settingsText from "../../lib/ipc/fixtures/settings-text.json";

const defaults: ReviewSettings = {
  desired_retention: 0.9,
  new_per_day: 20,
  reviews_per_day: 200,
  learning_steps: [60, 600],
  relearning_steps: [600],
  day_starts_at: 4,
  max_interval: 36500,
  fsrs_params: [],
  previous_params: 0,
};

describe("showing settings", () => {
  it("formats steps (s, m, h, d)", () => {
    expect(formatSteps([60, 600])).toBe("1m 10m");
    expect(formatSteps([30, 3600, 86400])).toBe("30s 1h 1d");
    expect(formatSteps([])).toBe("");
  });
  it("shows each recorded setting in the engine's own text form", () => {
    // settings-set: the engine's answer to `learning_steps "60s, 10 1h"`; settings-text: its text form.
    const s = settingsSet as ReviewSettings;
    for (const key of ["learning_steps", "relearning_steps", "new_per_day", "day_starts_at", "max_interval"] as SettingKey[]) {
      expect(settingText(s, key), key).toBe((settingsText as Record<string, string>)[key]);
    }
  });
  it("shows retention with two decimals and numbers as they are", () => {
    expect(settingText(defaults, "desired_retention")).toBe("0.90");
    expect(settingText(defaults, "day_starts_at")).toBe("4");
  });
  it("optimisation progress percent, unknown while the total is 0", () => {
    expect(optimizePercent(0, 0)).toBeNull();
    expect(optimizePercent(5, 20)).toBe(25);
    expect(optimizePercent(30, 20)).toBe(100);
  });
});
