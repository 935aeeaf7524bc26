// Grouping of the note list into the notebook's tree: source (Bundled / Imported), then service.
import type { NoteSummary, Source } from "../../lib/ipc/types";
import { serviceLabel } from "../../lib/format";

export interface ServiceGroup {
  /** Stable key for collapse state: "bundled/lambda". */
  key: string;
  service: string;
  label: string;
  notes: NoteSummary[];
}

export interface SourceGroup {
  key: Source;
  source: Source;
  label: string;
  count: number;
  services: ServiceGroup[];
}

const SOURCE_ORDER: Source[] = ["bundled", "imported"];
const SOURCE_LABELS: Record<Source, string> = { bundled: "Bundled", imported: "Imported" };

function matchesFilter(n: NoteSummary, needle: string): boolean {
  if (!needle) return true;
  const hay = `${n.title} ${n.service} ${serviceLabel(n.service)} ${n.file}`.toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * Groups notes by source (Bundled first, then Imported), then by service (sorted by label,
 * "General" last), notes sorted by title. Empty groups are left out; `filter` keeps notes whose
 * title, service or file contains every word of it.
 */
export function groupNotes(notes: NoteSummary[], filter = ""): SourceGroup[] {
  const groups: SourceGroup[] = [];
  for (const source of SOURCE_ORDER) {
    const bySvc = new Map<string, NoteSummary[]>();
    for (const n of notes) {
      if (n.source !== source || !matchesFilter(n, filter.trim())) continue;
      const svc = n.service || "general";
      let list = bySvc.get(svc);
      if (!list) bySvc.set(svc, (list = []));
      list.push(n);
    }
    if (bySvc.size === 0) continue;
    const services: ServiceGroup[] = [...bySvc.entries()].map(([service, list]) => ({
      key: `${source}/${service}`,
      service,
      label: serviceLabel(service),
      notes: [...list].sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)),
    }));
    services.sort((a, b) => {
      if (a.service === "general" && b.service !== "general") return 1;
      if (b.service === "general" && a.service !== "general") return -1;
      return a.label.localeCompare(b.label);
    });
    groups.push({
      key: source,
      source,
      label: SOURCE_LABELS[source],
      count: services.reduce((k, s) => k + s.notes.length, 0),
      services,
    });
  }
  return groups;
}

/** The note the notebook opens when nothing was asked for: the first note of the tree. */
export function firstNote(groups: SourceGroup[]): NoteSummary | null {
  return groups[0]?.services[0]?.notes[0] ?? null;
}
