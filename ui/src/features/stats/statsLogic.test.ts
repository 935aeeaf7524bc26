import { describe, expect, it } from "vitest";
import type { DayCount } from "../../lib/ipc/types";
import {
  buildHeatmap,
  dateOf,
  dayNumber,
  forecastLabel,
  formatDuration,
  heatLevel,
  masteryRows,
  monthLabel,
  retentionSeries,
  stateSlices,
  weekday,
} from "./statsLogic";

const day = (date: string, reviews: number): DayCount => ({ date, day: dayNumber(date), reviews, new: 0, review: reviews, passed: reviews, seconds: 0 });

describe("calendar arithmetic", () => {
  it("round-trips dates and knows the weekday (Monday = 0)", () => {
    expect(dateOf(dayNumber("2026-11-21"))).toBe("2026-11-21");
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(weekday(dayNumber("2026-11-23"))).toBe(0); // a Monday
    expect(weekday(dayNumber("2026-11-22"))).toBe(6); // a Sunday
    expect(weekday(dayNumber("2024-02-29"))).toBe(3); // a Thursday
  });
});

describe("heatmap bucketing", () => {
  it("levels are relative to the busiest day; any answer is at least level 1", () => {
    expect(heatLevel(0, 50)).toBe(0);
    expect(heatLevel(1, 50)).toBe(1);
    expect(heatLevel(25, 50)).toBe(2);
    expect(heatLevel(50, 50)).toBe(4);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it("lays 26 Monday-first weeks ending with today's week; future days marked, old days dropped", () => {
    const today = "2026-11-21"; // Saturday
    const h = buildHeatmap([day("2026-11-21", 10), day("2026-11-16", 40), day("2026-11-16", 2), day("2025-01-01", 99)], today);
    expect(h.weeks).toHaveLength(26);
    expect(h.weeks.every((w) => w.length === 7)).toBe(true);
    const last = h.weeks[25];
    expect(last[0].date).toBe("2026-11-16"); // Monday of today's week
    expect(last[0].count).toBe(42); // two rows for one day are summed
    expect(last[0].level).toBe(4);
    expect(last[5]).toMatchObject({ date: today, count: 10, level: 1, future: false });
    expect(last[6].future).toBe(true);
    expect(h.total).toBe(52); // the 2025 day is outside the window
    expect(h.activeDays).toBe(2);
    expect(h.weeks[0][0].date).toBe(dateOf(dayNumber("2026-11-16") - 25 * 7));
    expect(h.months.map((m) => m.label).at(-1)).toBe("Nov");
  });


});

describe("chart series", () => {
  it("retention by month as sorted percentages, gaps where there were no reviews", () => {
    const r = retentionSeries([
      { month: "2026-11", reviews: 10, passed: 9, retention: 0.9 },
      { month: "2026-09", reviews: 0, passed: 0, retention: 0 },
      { month: "2026-10", reviews: 3, passed: 2, retention: 2 / 3 },
    ]);
    expect(r.labels).toEqual(["Sep 2026", "Oct 2026", "Nov 2026"]);
    expect(r.values).toEqual([null, 66.7, 90]);
    expect(monthLabel("2026-01")).toBe("Jan 2026");
  });

  it("card states drop empty slices; mastery sorted best first with service names", () => {
    const slices = stateSlices({ total: 10, new: 6, learning: 1, young: 3, mature: 0, relearning: 0, suspended: 0, buried: 0, missing: 0 });
    expect(slices.map((s) => s.label)).toEqual(["New", "Learning", "Young"]);
    const rows = masteryRows([
      { service: "lambda", cards: 10, studied: 2, mature: 0, mastery: 0.12 },
      { service: "dynamodb", cards: 5, studied: 5, mature: 1, mastery: 0.876 },
      { service: "empty", cards: 0, studied: 0, mature: 0, mastery: 0 },
    ]);
    expect(rows.map((r) => [r.label, r.percent])).toEqual([
      ["DynamoDB", 87.6],
      ["Lambda", 12],
    ]);
  });

  it("labels forecast days and durations", () => {
    expect(forecastLabel("2026-11-21", 0)).toBe("Today");
    expect(forecastLabel("2026-11-22", 1)).toBe("Tomorrow");
    expect(forecastLabel("2026-11-24", 3)).toBe("Tue 24");
    expect(formatDuration(40)).toBe("40 s");
    expect(formatDuration(720)).toBe("12 min");
    expect(formatDuration(3900)).toBe("1 h 5 min");
  });
});
