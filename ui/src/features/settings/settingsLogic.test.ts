import { describe, expect, it } from "vitest";
import type { ReviewSettings } from "../../lib/ipc/types";
import { formatSteps, optimizePercent, parseSteps, settingText, settingValue, validateSetting } from "./settingsLogic";

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

describe("learning steps", () => {
  it("format and parse like the engine (1m 10m; s, m, h, d; bare numbers are minutes)", () => {
    expect(formatSteps([60, 600])).toBe("1m 10m");
    expect(formatSteps([30, 3600, 86400])).toBe("30s 1h 1d");
    expect(parseSteps("1m 10m")).toEqual({ ok: true, value: [60, 600] });
    expect(parseSteps("30s, 1h,1d")).toEqual({ ok: true, value: [30, 3600, 86400] });
    expect(parseSteps("5 15")).toEqual({ ok: true, value: [300, 900] });
    const bad = parseSteps("1m soon");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain("soon");
  });
});

describe("validation", () => {
  it("desired retention between 0.70 and 0.99", () => {
    expect(validateSetting("desired_retention", "0.9")).toBeNull();
    expect(validateSetting("desired_retention", "0.70")).toBeNull();
    expect(validateSetting("desired_retention", "0.5")).toMatch(/0\.70 and 0\.99/);
    expect(validateSetting("desired_retention", "1")).toMatch(/0\.70 and 0\.99/);
    expect(validateSetting("desired_retention", "abc")).toMatch(/number/);
  });
  it("whole numbers in range for limits and the day boundary; at least one learning step", () => {
    expect(validateSetting("new_per_day", "20")).toBeNull();
    expect(validateSetting("new_per_day", "2.5")).toMatch(/whole number/);
    expect(validateSetting("new_per_day", "10000")).toMatch(/between 0 and 9999/);
    expect(validateSetting("reviews_per_day", "-1")).toMatch(/whole number/);
    expect(validateSetting("day_starts_at", "24")).toMatch(/between 0 and 23/);
    expect(validateSetting("learning_steps", "")).toMatch(/at least one/);
    expect(validateSetting("relearning_steps", "")).toBeNull();
  });
  it("shows and sends values in the engine's text form", () => {
    expect(settingText(defaults, "desired_retention")).toBe("0.90");
    expect(settingText(defaults, "learning_steps")).toBe("1m 10m");
    expect(settingText(defaults, "day_starts_at")).toBe("4");
    expect(settingValue("learning_steps", " 60s, 10 ")).toBe("1m 10m");
    expect(settingValue("new_per_day", " 30 ")).toBe("30");
  });
  it("optimisation progress percent, unknown while the total is 0", () => {
    expect(optimizePercent(0, 0)).toBeNull();
    expect(optimizePercent(5, 20)).toBe(25);
    expect(optimizePercent(30, 20)).toBe(100);
  });
});
