// Fact-check findings for the Library view (pure, testable): which imported source it comes from, and grouping by source and kind.
import type { Finding, FindingKind, NoteSummary } from "../../lib/ipc/types";

export const KINDS: FindingKind[] = ["stale", "contradiction", "arithmetic"];

export const KIND_LABEL: Record<FindingKind, string> = {
  stale: "Stale",
  contradiction: "Contradiction",
  arithmetic: "Arithmetic",
};

export const KIND_HINT: Record<FindingKind, string> = {
  stale: "a value that is no longer the current one",
  contradiction: "two places disagree about one fact",
  arithmetic: "a worked example whose result does not follow",
};

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/[\\/]+$/, "") : p;
}

/** Forward slashes (Windows paths compare as they are displayed elsewhere). */
function norm(p: string): string {
  return trimSlash(p.replace(/\\/g, "/"));
}

function isUnder(file: string, dir: string): boolean {
  const f = norm(file);
  const d = norm(dir);
  return f === d || f.startsWith(d === "/" ? "/" : `${d}/`);
}

export function dirname(p: string): string {
  const n = norm(p);
  const i = n.lastIndexOf("/");
  return i <= 0 ? (i === 0 ? "/" : n) : n.slice(0, i);
}

/**
 * The note a finding belongs to, as the engine reports it (`Finding.note_id`: `content/...` for a
 * bundled note, the path of an imported one); null for a checked file that is not in the library.
 * (The field is in types.ts once the bindings are generated from the engine, issue 12.)
 */
export function findingNoteId(f: Finding): string | null {
  return (f as Finding & { note_id?: string | null }).note_id ?? null;
}

/** The path on disk to check for a note: imported notes only (bundled content is checked clean). */
export function diskPathForNote(note: { id: string; source: string; file: string }): string | null {
  if (note.source !== "imported") return null;
  return note.file || note.id;
}

/**
 * The imported folders, from the ones the app knows (import reports) and the imported notes'
 * files: a note outside every known folder adds its top-most directory among the others.
 */
export function inferSources(importedFiles: string[], known: string[] = []): string[] {
  const roots = new Set(known.map(norm));
  const dirs = [...new Set(importedFiles.filter((f) => ![...roots].some((r) => isUnder(f, r))).map(dirname))];
  for (const d of dirs) if (!dirs.some((o) => o !== d && isUnder(d, o))) roots.add(d);
  // A known folder inside another known folder is part of it.
  const all = [...roots];
  return all.filter((r) => !all.some((o) => o !== r && isUnder(r, o))).sort();
}

export interface KindGroup {
  kind: FindingKind;
  findings: Finding[];
}

export interface SourceGroup {
  /** Stable key: the source folder, "bundled", or "other". */
  key: string;
  /** What the heading shows. */
  label: string;
  type: "imported" | "bundled" | "other";
  /** The folder that relative paths are shown against ("" for none). */
  root: string;
  count: number;
  /** Only kinds that have findings, in KINDS order. */
  kinds: KindGroup[];
}

export interface GroupInput {
  findings: Finding[];
  notes: NoteSummary[];
  /** Imported folders known from import reports (may be empty). */
  sources?: string[];
  contentDir?: string | null;
}

function byLine(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind);
}

/**
 * Findings per imported source (every source gets a group, even when clean), then bundled notes
 * (always a group, normally empty), then anything else (a file checked that is not in the
 * library); inside each, by kind in a fixed order, each sorted by file and line.
 */
export function groupFindings({ findings, notes, sources = [], contentDir }: GroupInput): SourceGroup[] {
  const imported = notes.filter((n) => n.source === "imported").map((n) => n.file || n.id);
  const roots = inferSources(imported, sources);
  const groups = new Map<string, { g: SourceGroup; items: Finding[] }>();
  for (const r of roots) {
    groups.set(r, { g: { key: r, label: r, type: "imported", root: r, count: 0, kinds: [] }, items: [] });
  }
  const bundledKey = "bundled";
  const otherKey = "other";
  // Bundled notes always get a group: it says they were checked (and, normally, are clean).
  groups.set(bundledKey, {
    g: { key: bundledKey, label: "Bundled notes", type: "bundled", root: contentDir ? norm(contentDir) : "", count: 0, kinds: [] },
    items: [],
  });
  for (const f of findings) {
    // Longest matching root wins (nested sources).
    let root: string | null = null;
    for (const r of roots) if (isUnder(f.file, r) && (!root || r.length > root.length)) root = r;
    let key: string;
    if (root) {
      key = root;
    } else {
      const id = findingNoteId(f);
      const note = id ? notes.find((n) => n.id === id) : undefined;
      key = note?.source === "bundled" || (contentDir && isUnder(f.file, contentDir)) ? bundledKey : otherKey;
      if (!groups.has(key)) {
        groups.set(key, { g: { key, label: "Other files", type: "other", root: "", count: 0, kinds: [] }, items: [] });
      }
    }
    groups.get(key)!.items.push(f);
  }
  const out: SourceGroup[] = [];
  for (const { g, items } of groups.values()) {
    g.count = items.length;
    g.kinds = KINDS.map((kind) => ({ kind, findings: items.filter((f) => f.kind === kind).sort(byLine) })).filter(
      (k) => k.findings.length > 0,
    );
    out.push(g);
  }
  const rank = { imported: 0, bundled: 1, other: 2 } as const;
  return out.sort((a, b) => rank[a.type] - rank[b.type] || a.label.localeCompare(b.label));
}

/** `file:line` for display, relative to the group's folder when inside it. */
export function location(f: Finding, root: string): string {
  const file = norm(f.file);
  const r = norm(root);
  const rel = r && file.startsWith(`${r}/`) ? file.slice(r.length + 1) : file;
  return `${rel}:${f.line}`;
}

/** "3 stale, 1 contradiction" */
export function kindSummary(groups: KindGroup[]): string {
  return groups.map((k) => `${k.findings.length} ${k.kind === "contradiction" && k.findings.length !== 1 ? "contradictions" : k.kind}`).join(", ");
}

/** The findings without one (after a dismissal), leaving the rest untouched. */
export function withoutFinding(findings: Finding[], id: string): Finding[] {
  return findings.filter((f) => f.id !== id);
}

/**
 * An explanation with long paths made readable: bundled files as `content/...`, files in the
 * group's folder relative to it (the full text stays in the finding for anyone who needs it).
 */
export function shortenPaths(text: string, contentDir: string | null | undefined, root: string): string {
  let out = text;
  if (contentDir) out = out.split(`${norm(contentDir)}/`).join("content/");
  if (root && root !== "/") out = out.split(`${norm(root)}/`).join("");
  return out;
}
