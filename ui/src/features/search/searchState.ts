// The search palette's logic, kept free of Svelte so it can be tested directly:
// debouncing, sequence numbers so a slow old response never overwrites a newer one,
// keyboard selection, and a defensive snippet filter.
import { toBackendError } from "../../lib/ipc/errors";
import type { BackendError, SearchRequest, SearchResults, SourceFilter } from "../../lib/ipc/types";

export interface SearchParams {
  query: string;
  service: string; // "" = all services
  source: SourceFilter;
}

export interface SearcherOptions {
  search(req: SearchRequest): Promise<SearchResults>;
  /** New results for `params`, or null when the query was cleared. */
  onResults(results: SearchResults | null, params: SearchParams): void;
  onError(error: BackendError, params: SearchParams): void;
  onPending?(pending: boolean): void;
  delayMs?: number;
  limit?: number;
}

export function toRequest(p: SearchParams, limit: number): SearchRequest {
  const req: SearchRequest = { query: p.query.trim(), limit, source: p.source };
  if (p.service) req.service = p.service;
  return req;
}

export class Searcher {
  /** Sequence number of the last request issued. */
  private issued = 0;
  /** Sequence number of the newest response applied (or of the last clear). */
  private applied = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = 0;
  private readonly delayMs: number;
  private readonly limit: number;

  constructor(private readonly opts: SearcherOptions) {
    this.delayMs = opts.delayMs ?? 60;
    this.limit = opts.limit ?? 30;
  }

  /** Call on every keystroke or filter change: searches after `delayMs` of quiet. */
  update(params: SearchParams): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!params.query.trim()) {
      // Clearing the query wins over every response still on its way.
      this.applied = ++this.issued;
      this.opts.onResults(null, params);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run(params);
    }, this.delayMs);
  }

  /** Searches now, without waiting for the debounce. */
  async run(params: SearchParams): Promise<void> {
    const seq = ++this.issued;
    this.setPending(+1);
    try {
      const res = await this.opts.search(toRequest(params, this.limit));
      if (seq <= this.applied) return; // stale: a newer response (or a clear) is already shown
      this.applied = seq;
      this.opts.onResults(res, params);
    } catch (e) {
      if (seq <= this.applied) return;
      this.applied = seq;
      this.opts.onError(toBackendError(e), params);
    } finally {
      this.setPending(-1);
    }
  }

  /** Stops everything: pending timers and responses still on their way are dropped. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.applied = Number.MAX_SAFE_INTEGER;
  }

  private setPending(delta: number) {
    const before = this.inFlight > 0;
    this.inFlight += delta;
    const after = this.inFlight > 0;
    if (before !== after) this.opts.onPending?.(after);
  }
}

/** Moves a list selection by `delta`, wrapping at both ends; -1 when the list is empty. */
export function moveSelection(current: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return delta >= 0 ? 0 : count - 1;
  return (((current + delta) % count) + count) % count;
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Keeps only text and <b> elements of a snippet. The backend already escapes everything else;
 * this is a second line of defence since notes are untrusted input.
 */
export function sanitizeSnippet(html: string, doc: Document = document): string {
  const tpl = doc.createElement("template");
  tpl.innerHTML = html;
  const walk = (node: Node): string => {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += escapeText(child.textContent ?? "");
      else if (child.nodeType === 1) {
        const inner = walk(child);
        out += (child as Element).tagName.toUpperCase() === "B" ? `<b>${inner}</b>` : inner;
      }
    }
    return out;
  };
  return walk(tpl.content);
}
