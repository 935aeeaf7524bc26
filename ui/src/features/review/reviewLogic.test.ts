import { describe, expect, it } from "vitest";
import {
  clozeSegments,
  contextWorthShowing,
  editPayload,
  formatDueAt,
  formatInterval,
  gradeOf,
  isTypingTarget,
  keyAction,
  sourceLink,
  toggledFlag,
} from "./reviewLogic";

describe("keyAction", () => {
  it("Space and Enter show the answer only on the question side", () => {
    expect(keyAction({ key: " " }, "question")).toEqual({ type: "show" });
    expect(keyAction({ key: "Enter" }, "question")).toEqual({ type: "show" });
    expect(keyAction({ key: " " }, "answer")).toBeNull();
    expect(keyAction({ key: "Enter" }, "answer")).toBeNull();
  });

  it("1–4 grade only once the answer is shown", () => {
    expect(keyAction({ key: "1" }, "answer")).toEqual({ type: "grade", grade: "again" });
    expect(keyAction({ key: "2" }, "answer")).toEqual({ type: "grade", grade: "hard" });
    expect(keyAction({ key: "3" }, "answer")).toEqual({ type: "grade", grade: "good" });
    expect(keyAction({ key: "4" }, "answer")).toEqual({ type: "grade", grade: "easy" });
    expect(keyAction({ key: "3" }, "question")).toBeNull();
    expect(keyAction({ key: "5" }, "answer")).toBeNull();
  });

  it("u and Ctrl/⌘+Z undo; s, b, f, e, q and Escape act on both sides", () => {
    for (const phase of ["question", "answer"] as const) {
      expect(keyAction({ key: "u" }, phase)).toEqual({ type: "undo" });
      expect(keyAction({ key: "z", ctrlKey: true }, phase)).toEqual({ type: "undo" });
      expect(keyAction({ key: "Z", metaKey: true }, phase)).toEqual({ type: "undo" });
      expect(keyAction({ key: "s" }, phase)).toEqual({ type: "suspend" });
      expect(keyAction({ key: "b" }, phase)).toEqual({ type: "bury" });
      expect(keyAction({ key: "f" }, phase)).toEqual({ type: "flag" });
      expect(keyAction({ key: "e" }, phase)).toEqual({ type: "edit" });
      expect(keyAction({ key: "Escape" }, phase)).toEqual({ type: "leave" });
    }
  });

  it("ignores other modifier combinations (Ctrl+S, Alt+1, Ctrl+K belong to someone else)", () => {
    expect(keyAction({ key: "s", ctrlKey: true }, "answer")).toBeNull();
    expect(keyAction({ key: "k", ctrlKey: true }, "question")).toBeNull();
    expect(keyAction({ key: "1", altKey: true }, "answer")).toBeNull();
    expect(keyAction({ key: "x" }, "answer")).toBeNull();
  });

  it("gradeOf maps 1..4 and nothing else", () => {
    expect([1, 2, 3, 4].map(gradeOf)).toEqual(["again", "hard", "good", "easy"]);
    expect(gradeOf(0)).toBeNull();
    expect(gradeOf(5)).toBeNull();
  });

  it("typing in a field never triggers shortcuts", () => {
    expect(isTypingTarget({ tagName: "TEXTAREA" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "INPUT" } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "DIV", isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: "BUTTON" } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("formatInterval (same as the engine's format_interval)", () => {
  it("formats seconds to minutes, hours, days, months and years", () => {
    expect(formatInterval(30)).toBe("30s");
    expect(formatInterval(60)).toBe("1m");
    expect(formatInterval(600)).toBe("10m");
    expect(formatInterval(5 * 3600)).toBe("5h");
    expect(formatInterval(86_400)).toBe("1d");
    expect(formatInterval(4 * 86_400)).toBe("4d");
    expect(formatInterval(45 * 86_400)).toBe("1.5mo");
    expect(formatInterval(60 * 86_400)).toBe("2mo");
    expect(formatInterval(2 * 365 * 86_400)).toBe("2y");
    expect(formatInterval(-5)).toBe("0s");
  });
});

describe("formatDueAt", () => {
  const now = new Date(2026, 10, 21, 14, 0, 0).getTime();
  it("says now, in minutes, in hours, tomorrow", () => {
    expect(formatDueAt(now + 10_000, now)).toBe("now");
    expect(formatDueAt(now + 8 * 60_000, now)).toBe("in 8 min (14:08)");
    expect(formatDueAt(now + 3 * 3_600_000, now)).toBe("in 3 h (17:00)");
    expect(formatDueAt(new Date(2026, 10, 22, 4, 0).getTime(), now)).toBe("tomorrow at 04:00");
  });

});

describe("card text", () => {
  it("splits the cloze gap out of plain text (never HTML)", () => {
    expect(clozeSegments("Up to [...] MB for <b>REST</b>.")).toEqual([
      { text: "Up to ", cloze: false },
      { text: "[…]", cloze: true },
      { text: " MB for <b>REST</b>.", cloze: false },
    ]);
    expect(clozeSegments("[...] and […]").filter((s) => s.cloze)).toHaveLength(2);
    expect(clozeSegments("no gap")).toEqual([{ text: "no gap", cloze: false }]);
    expect(clozeSegments("")).toEqual([]);
  });

  it("hides a context that only repeats the question and answer", () => {
    const front = "What is the cheaper API type?";
    expect(contextWorthShowing({ front, back: "An HTTP API", context: "What is the cheaper API type? An HTTP API" })).toBe(false);
    expect(contextWorthShowing({ front: "x [...]", back: "10 MB", context: "" })).toBe(false);
    expect(contextWorthShowing({ front: "x [...]", back: "10 MB", context: "Accepts payloads up to 10 MB." })).toBe(true);
  });

  it("links notes to the notebook, exercises to the simulator, facts nowhere", () => {
    const base = { heading_path: [], line: 3, title: "t" };
    expect(sourceLink({ ...base, file: "content/lambda/limits.md", anchor: "timeouts" })).toEqual({
      kind: "note",
      id: "content/lambda/limits.md",
      anchor: "timeouts",
      label: "Open in notebook",
    });
    expect(sourceLink({ ...base, file: "/home/me/notes/sqs.md", anchor: "a" }).kind).toBe("note");
    expect(sourceLink({ ...base, file: "sim:lambda-cost", anchor: "lambda-cost" })).toMatchObject({ kind: "sim", name: "lambda-cost" });
    expect(sourceLink({ ...base, file: "content/facts.toml", anchor: "x" }).kind).toBe("none");
  });

  it("f toggles the red flag; an edit sends only the sides that changed", () => {
    expect(toggledFlag(0)).toBe(1);
    expect(toggledFlag(1)).toBe(0);
    expect(toggledFlag(4)).toBe(0);
    const orig = { front: "Q", back: "A" };
    expect(editPayload(orig, { front: "Q", back: "A" })).toBeNull();
    expect(editPayload(orig, { front: "Q2 ", back: "A" })).toEqual({ front: "Q2", back: null });
    expect(editPayload(orig, { front: "Q", back: "" })).toEqual({ front: null, back: "" });
  });
});
