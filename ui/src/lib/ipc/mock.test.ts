import { describe, expect, it, vi } from "vitest";
import { createMockBackend } from "./mock";

describe("mock backend", () => {
  const be = createMockBackend({ latency: [0, 0] });

  it("lists notes and opens one with headings that carry anchors", async () => {
    const notes = await be.listNotes();
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(notes.map((n) => n.source))).toEqual(new Set(["bundled", "imported"]));
    const view = await be.openNote("content/lambda/limits.md");
    expect(view.outline.map((o) => o.anchor)).toContain("concurrency");
    expect(view.html).toContain('<h2 id="concurrency" data-line=');
    await expect(be.openNote("nope.md")).rejects.toEqual({ kind: "not_found", message: "no note with id nope.md" });
  });

  it("searches with <b> snippets, filters and a fuzzy fallback", async () => {
    const r = await be.search({ query: "cold start" });
    expect(r.fuzzy).toBe(false);
    expect(r.hits[0].anchor).toBe("cold-starts");
    expect(r.hits[0].snippet).toMatch(/<b>cold<\/b>/i);
    const filtered = await be.search({ query: "timeout", source: "imported" });
    expect(filtered.hits.every((h) => h.source === "imported")).toBe(true);
    expect(filtered.hits.length).toBeGreaterThan(0);
    const fuzzy = await be.search({ query: "throtling" });
    expect(fuzzy.fuzzy).toBe(true);
    expect(fuzzy.hits[0].service).toBe("apigateway");
  });

  it("streams import progress and reports errors with file and line", async () => {
    vi.useFakeTimers();
    const progress = vi.fn();
    const done = be.importPaths(["/home/learner/aws-notes"], progress);
    await vi.runAllTimersAsync();
    const report = await done;
    vi.useRealTimers();
    const last = progress.mock.calls.at(-1)![0];
    expect(last.done).toBe(last.total);
    expect(report.errors[0]).toMatchObject({ line: 3 });
    expect((await be.listNotes()).some((n) => n.id.endsWith("step-functions.md"))).toBe(true);
  });
});
