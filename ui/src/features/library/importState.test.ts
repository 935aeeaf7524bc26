import { describe, expect, it } from "vitest";
import { applyProgress, idleImport, percent, summarizeReport, type ImportStatus } from "./importState";

describe("import progress", () => {
  it("follows progress messages and ignores ones that arrive out of order", () => {
    let s: ImportStatus = { ...idleImport, phase: "importing" };
    s = applyProgress(s, { done: 0, total: 4, file: "/n/a.md" });
    s = applyProgress(s, { done: 2, total: 4, file: "/n/c.md" });
    s = applyProgress(s, { done: 1, total: 4, file: "/n/b.md" });
    expect([s.done, s.total, s.file, percent(s)]).toEqual([2, 4, "/n/c.md", 50]);
    expect(applyProgress(idleImport, { done: 1, total: 2, file: "x" })).toBe(idleImport);
  });

  it("summarizes a report", () => {
    expect(
      summarizeReport({ sources: ["/n"], notes: 1, sections: 6, skipped_unchanged: 2, indexed: 1, removed: 0, errors: [{ file: "/n/x.md", line: 3, message: "bad" }] }),
    ).toBe("Imported 1 note, 6 sections, 2 unchanged, 1 error");
  });
});
