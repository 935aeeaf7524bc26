import { describe, expect, it } from "vitest";
import { backend, isTauri } from "./client";
import { fixtures } from "./demo";

describe("the backend outside Tauri", () => {
  it("is the demo, which loads lazily and replays recorded engine output", async () => {
    expect(isTauri()).toBe(false);
    const be = backend();
    expect(be.kind).toBe("demo");
    // Awaiting the backend itself must not treat it as a promise.
    expect(await Promise.resolve(be)).toBe(be);
    expect(await be.listNotes()).toEqual(fixtures.notes);
    await expect(be.reviewNext()).rejects.toMatchObject({ kind: "demo" });
  });
});
