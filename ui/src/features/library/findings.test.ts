import { describe, expect, it } from "vitest";
import type { Finding, NoteSummary } from "../../lib/ipc/types";
import {
  diskPathForNote,
  groupFindings,
  inferSources,
  kindSummary,
  location,
  findingNoteId,
  shortenPaths,
  withoutFinding,
} from "./findings";
import { DEMO_NOTES_DIR, fixtures } from "../../lib/ipc/demo";

function note(id: string, source: "bundled" | "imported"): NoteSummary {
  return { id, title: id, service: "lambda", source, file: id, sections: 1 };
}

let n = 0;
function finding(file: string, line: number, kind: Finding["kind"] = "stale", claim = "3,008 MB", noteId: string | null = file): Finding {
  return {
    id: (++n).toString(16).padStart(16, "0"),
    kind,
    file,
    note_id: noteId,
    line,
    column: 0,
    claim,
    expected: "10,240 MB",
    fact_id: "lambda.memory.max",
    source: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
    explanation: "Maximum memory is 10,240 MB.",
  };
}

const NOTES = [
  note("content/lambda/limits.md", "bundled"),
  note("content/dynamodb/capacity.md", "bundled"),
  note("/home/me/aws/lambda.md", "imported"),
  note("/home/me/aws/db/dynamo.md", "imported"),
  note("/srv/course/week1.md", "imported"),
];

describe("notes of findings", () => {
  it("only imported notes have a disk path to check", () => {
    expect(diskPathForNote(NOTES[2])).toBe("/home/me/aws/lambda.md");
    expect(diskPathForNote(NOTES[0])).toBeNull();
  });
});

describe("imported sources", () => {
  it("infers top-most folders from note files and keeps known ones", () => {
    const files = NOTES.filter((x) => x.source === "imported").map((x) => x.id);
    expect(inferSources(files)).toEqual(["/home/me/aws", "/srv/course"]);
    expect(inferSources(files, ["/home/me"])).toEqual(["/home/me", "/srv/course"]);
    expect(inferSources([], ["/a/b", "/a"])).toEqual(["/a"]);
  });
});

describe("grouping findings", () => {
  it("groups by source then kind, with counts; every source and the bundled notes get a group", () => {
    const findings = [
      finding("/home/me/aws/db/dynamo.md", 12, "arithmetic", "25 WCU"),
      finding("/home/me/aws/lambda.md", 9),
      finding("/home/me/aws/lambda.md", 4, "contradiction", "5 minutes"),
      finding("/home/me/aws/lambda.md", 4, "stale", "5 minutes"),
    ];
    const groups = groupFindings({ findings, notes: NOTES, contentDir: "/opt/coldstart/content" });
    expect(groups.map((g) => [g.label, g.type, g.count])).toEqual([
      ["/home/me/aws", "imported", 4],
      ["/srv/course", "imported", 0],
      ["Bundled notes", "bundled", 0],
    ]);
    const aws = groups[0];
    expect(aws.kinds.map((k) => [k.kind, k.findings.length])).toEqual([
      ["stale", 2],
      ["contradiction", 1],
      ["arithmetic", 1],
    ]);
    expect(aws.kinds[0].findings.map((f) => f.line)).toEqual([4, 9]);
    expect(kindSummary(aws.kinds)).toBe("2 stale, 1 contradiction, 1 arithmetic");
    expect(location(aws.kinds[2].findings[0], aws.root)).toBe("db/dynamo.md:12");
  });

  it("puts bundled findings in the bundled group and unknown files in 'Other files'", () => {
    const groups = groupFindings({
      findings: [
        finding("/opt/coldstart/content/lambda/limits.md", 20, "stale", "3,008 MB", "content/lambda/limits.md"),
        finding("/tmp/loose.md", 1, "stale", "3,008 MB", null),
      ],
      notes: NOTES,
      contentDir: "/opt/coldstart/content",
    });
    const bundled = groups.find((g) => g.type === "bundled")!;
    expect(bundled.count).toBe(1);
    expect(location(bundled.kinds[0].findings[0], bundled.root)).toBe("lambda/limits.md:20");
    expect(groups.at(-1)!.label).toBe("Other files");
  });

  it("dismissing drops exactly one finding", () => {
    const a = finding("/home/me/aws/lambda.md", 1);
    const b = finding("/home/me/aws/lambda.md", 2);
    expect(withoutFinding([a, b], a.id)).toEqual([b]);
  });
});

describe("explanations and recorded findings", () => {
  it("shortens bundled and in-folder paths in explanations", () => {
    const text = "/n/a.md:6 says 10 items but /n/sub/b.md:5 says 25; see /opt/app/content/lambda/x.md:31.";
    expect(shortenPaths(text, "/opt/app/content", "/n")).toBe("a.md:6 says 10 items but sub/b.md:5 says 25; see content/lambda/x.md:31.");
  });

  it("takes each recorded finding's note from the engine, and groups them under the imported folder", () => {
    const all = fixtures.check.findings;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const ids = new Set(fixtures.notes.map((x) => x.id));
    for (const f of all) {
      expect(f.file.startsWith(`${DEMO_NOTES_DIR}/`)).toBe(true);
      expect(ids.has(findingNoteId(f) ?? "(none)"), f.file).toBe(true);
    }
    const groups = groupFindings({ findings: all, notes: fixtures.notes, sources: [DEMO_NOTES_DIR] });
    expect(groups[0]).toMatchObject({ key: DEMO_NOTES_DIR, type: "imported", count: all.length });
  });
});
