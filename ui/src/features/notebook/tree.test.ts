import { describe, expect, it } from "vitest";
import type { NoteSummary } from "../../lib/ipc/types";
import { firstNote, groupNotes } from "./tree";

const note = (id: string, title: string, service: string, source: "bundled" | "imported"): NoteSummary => ({
  id,
  title,
  service,
  source,
  file: id,
  sections: 3,
});

const NOTES = [
  note("/home/u/sqs.md", "SQS notes", "sqs", "imported"),
  note("content/lambda/limits.md", "Limits", "lambda", "bundled"),
  note("content/lambda/cold.md", "Cold starts", "lambda", "bundled"),
  note("content/misc.md", "Glossary", "general", "bundled"),
  note("content/dynamodb/capacity.md", "Capacity", "dynamodb", "bundled"),
];

describe("groupNotes", () => {
  it("groups by source (bundled first), then service by label with General last, notes by title", () => {
    const g = groupNotes(NOTES);
    expect(g.map((x) => x.label)).toEqual(["Bundled", "Imported"]);
    expect(g[0].services.map((s) => s.label)).toEqual(["DynamoDB", "Lambda", "General"]);
    expect(g[0].services[1].notes.map((n) => n.title)).toEqual(["Cold starts", "Limits"]);
    expect(g[0].count).toBe(4);
    expect(g[1].services.map((s) => s.key)).toEqual(["imported/sqs"]);
    expect(firstNote(g)?.id).toBe("content/dynamodb/capacity.md");
  });

  it("filters by every word of the filter and leaves out empty groups", () => {
    const g = groupNotes(NOTES, "lambda cold");
    expect(g).toHaveLength(1);
    expect(g[0].services).toHaveLength(1);
    expect(g[0].services[0].notes.map((n) => n.id)).toEqual(["content/lambda/cold.md"]);
    expect(groupNotes(NOTES, "nothing-matches")).toEqual([]);
    expect(firstNote([])).toBeNull();
  });
});
