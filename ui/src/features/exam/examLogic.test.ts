import { describe, expect, it } from "vitest";
import type { ExamNavItem, ExamSummary } from "../../lib/ipc/types";
import {
  DEFAULT_FORM,
  codeSegments,
  elapsedNow,
  formatClock,
  formatDuration,
  isTypingTarget,
  keyAction,
  letter,
  listNumbers,
  lettersOf,
  missedCount,
  missedLine,
  navCell,
  remainingNow,
  startRequest,
  step,
  submitSummary,
  timeIsShort,
  toggleChoice,
  trendPoints,
} from "./examLogic";
import { fixtures } from "../../lib/ipc/demo";

const nav = (position: number, answered: boolean, flagged: boolean, correct: boolean | null = null): ExamNavItem => ({
  position,
  answered,
  flagged,
  correct,
});

describe("keyboard", () => {
  it("maps 1–5 and A–E (either case) to 0-based choices", () => {
    expect(keyAction({ key: "1" }, 5)).toEqual({ type: "choose", index: 0 });
    expect(keyAction({ key: "5" }, 5)).toEqual({ type: "choose", index: 4 });
    expect(keyAction({ key: "a" }, 4)).toEqual({ type: "choose", index: 0 });
    expect(keyAction({ key: "D" }, 4)).toEqual({ type: "choose", index: 3 });
    expect(keyAction({ key: "c" }, 4)).toEqual({ type: "choose", index: 2 });
  });

  it("ignores choices the question does not have", () => {
    expect(keyAction({ key: "5" }, 4)).toBeNull();
    expect(keyAction({ key: "e" }, 4)).toBeNull();
    expect(keyAction({ key: "6" }, 5)).toBeNull();
    expect(keyAction({ key: "0" }, 5)).toBeNull();
  });

  it("maps F to flag and the arrows to moves", () => {
    expect(keyAction({ key: "f" }, 4)).toEqual({ type: "flag" });
    expect(keyAction({ key: "F" }, 4)).toEqual({ type: "flag" });
    expect(keyAction({ key: "ArrowLeft" }, 4)).toEqual({ type: "prev" });
    expect(keyAction({ key: "ArrowRight" }, 4)).toEqual({ type: "next" });
    expect(keyAction({ key: "ArrowUp" }, 4)).toBeNull();
    expect(keyAction({ key: "Enter" }, 4)).toBeNull();
    expect(keyAction({ key: "g" }, 4)).toBeNull();
  });

  it("leaves Ctrl/Cmd/Alt combinations to the app (Ctrl+K, Ctrl+A, ...)", () => {
    expect(keyAction({ key: "a", ctrlKey: true }, 4)).toBeNull();
    expect(keyAction({ key: "f", metaKey: true }, 4)).toBeNull();
    expect(keyAction({ key: "1", altKey: true }, 4)).toBeNull();
  });

  it("does not treat typing in form fields as exam keys", () => {
    const input = document.createElement("input");
    const button = document.createElement("button");
    document.body.append(input, button);
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(button)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("choosing", () => {
  it("a radio answer replaces the previous one; choosing it again changes nothing", () => {
    expect(toggleChoice([], 2, false, 1)).toEqual({ selection: [2] });
    expect(toggleChoice([2], 0, false, 1)).toEqual({ selection: [0] });
    expect(toggleChoice([2], 2, false, 1)).toEqual({ selection: null });
  });

  it("checkboxes toggle and keep the selection sorted", () => {
    expect(toggleChoice([], 3, true, 2)).toEqual({ selection: [3] });
    expect(toggleChoice([3], 1, true, 2)).toEqual({ selection: [1, 3] });
    expect(toggleChoice([1, 3], 3, true, 2)).toEqual({ selection: [1] });
    expect(toggleChoice([1], 1, true, 2)).toEqual({ selection: [] });
  });

  it("checkboxes stop at the number to choose, with a hint", () => {
    const t = toggleChoice([0, 2], 4, true, 2);
    expect(t.selection).toBeNull();
    expect(t.hint).toMatch(/Choose two/);
  });

  it("shows 0-based choices as letters", () => {
    expect(letter(0)).toBe("A");
    expect(letter(4)).toBe("E");
    expect(lettersOf([1, 3])).toBe("B, D");
    expect(lettersOf([])).toBe("—");
  });
});

describe("time", () => {
  it("formats clocks with and without hours", () => {
    expect(formatClock(130 * 60_000)).toBe("2:10:00");
    expect(formatClock(65_000)).toBe("1:05");
    expect(formatClock(9_000)).toBe("0:09");
    expect(formatClock(-5)).toBe("0:00");
  });

  it("rounds a countdown up, so 0:00 means the time is really up", () => {
    expect(formatClock(400, true)).toBe("0:01");
    expect(formatClock(59_001, true)).toBe("1:00");
    expect(formatClock(0, true)).toBe("0:00");
  });

  it("formats time per question", () => {
    expect(formatDuration(42_400)).toBe("42s");
    expect(formatDuration(65_000)).toBe("1m 05s");
    expect(formatDuration(3_720_000)).toBe("1h 02m");
  });

  it("counts down locally from the last engine state, never below zero, not while paused", () => {
    expect(remainingNow({ remaining_ms: 60_000, paused: false }, 15_000)).toBe(45_000);
    expect(remainingNow({ remaining_ms: 10_000, paused: false }, 15_000)).toBe(0);
    expect(remainingNow({ remaining_ms: 60_000, paused: true }, 15_000)).toBe(60_000);
    expect(remainingNow({ remaining_ms: null, paused: false }, 15_000)).toBeNull();
    expect(elapsedNow({ elapsed_ms: 1000, paused: false }, 500)).toBe(1500);
    expect(elapsedNow({ elapsed_ms: 1000, paused: true }, 500)).toBe(1000);
  });

  it("warns when under five minutes (or a tenth of a short limit) are left", () => {
    expect(timeIsShort(4 * 60_000, 130 * 60_000)).toBe(true);
    expect(timeIsShort(6 * 60_000, 130 * 60_000)).toBe(false);
    expect(timeIsShort(50_000, 10 * 60_000)).toBe(true);
    expect(timeIsShort(2 * 60_000, 10 * 60_000)).toBe(false);
    expect(timeIsShort(null, null)).toBe(false);
  });
});

describe("navigator", () => {
  it("describes each square: current, answered, flagged, right/wrong", () => {
    const c = navCell(nav(2, true, true), 2);
    expect(c.label).toBe("3");
    expect(c.classes.split(" ")).toEqual(["nav-cell", "current", "answered", "flagged"]);
    expect(c.title).toBe("Question 3: current, answered, flagged");
    expect(navCell(nav(0, false, false), 2).classes).toBe("nav-cell");
    expect(navCell(nav(0, false, false), 2).title).toBe("Question 1: not answered");
    expect(navCell(nav(1, true, false, false), 0).classes).toContain("wrong");
    expect(navCell(nav(1, true, false, true), 0).classes).toContain("right");
  });

  it("moves with the arrows but not past either end", () => {
    expect(step(0, 5, -1)).toBeNull();
    expect(step(0, 5, 1)).toBe(1);
    expect(step(4, 5, 1)).toBeNull();
    expect(step(3, 5, -1)).toBe(2);
  });

  it("sums up unanswered and flagged questions for the submit dialog", () => {
    const s = submitSummary([nav(0, true, false), nav(1, false, true), nav(2, false, false), nav(3, true, true)]);
    expect(s).toEqual({
      total: 4,
      answered: 2,
      unanswered: 2,
      flagged: 2,
      unansweredNumbers: [2, 3],
      flaggedNumbers: [2, 4],
    });
    expect(listNumbers([1, 2, 3], 8)).toBe("1, 2, 3");
    expect(listNumbers([1, 2, 3, 4, 5], 3)).toBe("1, 2, 3 and 2 more");
  });
});

describe("start, results and history", () => {
  it("builds exam_start arguments for each mode", () => {
    expect(startRequest({ ...DEFAULT_FORM, mode: "exam" })).toEqual({ mode: "exam" });
    expect(startRequest({ ...DEFAULT_FORM, mode: "practice", practiceQuestions: 10 })).toEqual({
      mode: "practice",
      questions: 10,
    });
    expect(
      startRequest({
        ...DEFAULT_FORM,
        mode: "custom",
        customQuestions: 5,
        customMinutes: 0,
        services: ["lambda"],
        domains: ["security"],
      }),
    ).toEqual({ mode: "custom", questions: 5, minutes: 0, services: ["lambda"], domains: ["security"] });
    expect(startRequest({ ...DEFAULT_FORM, mode: "custom", customQuestions: 9999, customMinutes: -3 })).toMatchObject({
      questions: 500,
      minutes: 0,
    });
  });

  it("counts missed questions (wrong or unanswered) and words the review line", () => {
    const qs = [{ correct: true }, { correct: false }, { correct: false }] as { correct: boolean }[];
    expect(missedCount({ questions: qs as never })).toBe(2);
    expect(missedLine(2)).toBe("2 missed questions were added to your review queue.");
    expect(missedLine(1)).toBe("1 missed question was added to your review queue.");
    expect(missedLine(0)).toMatch(/No missed questions/);
  });

  it("plots only submitted attempts, oldest first", () => {
    const h = (id: number, status: ExamSummary["status"], percent: number | null, at: number): ExamSummary => ({
      attempt_id: id,
      mode: "custom",
      status,
      started_at: at - 1000,
      submitted_at: status === "submitted" ? at : null,
      total: 5,
      answered: 5,
      correct: null,
      percent,
      scaled: null,
      passed: null,
      elapsed_ms: 0,
      time_limit_ms: null,
      services: [],
      domains: [],
    });
    const pts = trendPoints([h(3, "submitted", 80, 3000), h(1, "submitted", 40, 1000), h(2, "abandoned", null, 2000)]);
    expect(pts.map((p) => [p.x, p.attempt, p.percent])).toEqual([
      [1, 1, 40],
      [2, 3, 80],
    ]);
  });

  it("splits `code` spans out of plain text without interpreting HTML", () => {
    expect(codeSegments("Use `GetItem` on <b>table</b>")).toEqual([
      { code: false, text: "Use " },
      { code: true, text: "GetItem" },
      { code: false, text: " on <b>table</b>" },
    ]);
    expect(codeSegments("a `b")).toEqual([
      { code: false, text: "a " },
      { code: false, text: "`b" },
    ]);
  });
});

describe("recorded engine output", () => {
  it("plots the recorded history: submitted attempts only, oldest first, with the engine's percent", () => {
    const history = fixtures.exams;
    expect(history.some((e) => e.status !== "submitted")).toBe(true);
    const submitted = history.filter((e) => e.status === "submitted").sort((a, b) => a.started_at - b.started_at);
    expect(submitted.length).toBeGreaterThanOrEqual(2);
    const pts = trendPoints(history);
    expect(pts.map((p) => [p.attempt, p.percent])).toEqual(submitted.map((e) => [e.attempt_id, e.percent]));
  });

  it("counts as missed exactly the recorded questions the engine did not score as correct", () => {
    expect(fixtures.examResults.length).toBe(2);
    for (const r of fixtures.examResults) expect(missedCount(r)).toBe(r.total - (r.correct ?? 0));
  });
});
