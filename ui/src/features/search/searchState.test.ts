import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SearchRequest, SearchResults } from "../../lib/ipc/types";
import { Searcher, moveSelection, sanitizeSnippet, toRequest, type SearchParams } from "./searchState";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const results = (query: string, n = 1): SearchResults => ({
  query,
  took_ms: 1,
  fuzzy: false,
  partial: false,
  hits: Array.from({ length: n }, (_, i) => ({
    note_id: `n${i}`,
    title: `T${i}`,
    heading_path: ["T"],
    anchor: `a${i}`,
    file: `n${i}`,
    line: 1,
    end_line: 2,
    service: "lambda",
    source: "bundled" as const,
    score: 1,
    snippet: "",
    also_in: [],
    matched: [],
  })),
});

const p = (query: string, extra: Partial<SearchParams> = {}): SearchParams => ({ query, service: "", source: "all", ...extra });

describe("Searcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("ignores a stale response that arrives after a newer one", async () => {
    const pending = new Map<string, ReturnType<typeof deferred<SearchResults>>>();
    const onResults = vi.fn();
    const s = new Searcher({
      search: (req) => {
        const d = deferred<SearchResults>();
        pending.set(req.query, d);
        return d.promise;
      },
      onResults,
      onError: vi.fn(),
    });
    const a = s.run(p("lam"));
    const b = s.run(p("lambda"));
    pending.get("lambda")!.resolve(results("lambda", 2));
    await b;
    pending.get("lam")!.resolve(results("lam", 5));
    await a;
    expect(onResults).toHaveBeenCalledTimes(1);
    expect(onResults.mock.calls[0][0].query).toBe("lambda");
  });

  it("debounces keystrokes into one request for the last query", async () => {
    const search = vi.fn(async (req: SearchRequest) => results(req.query));
    const onResults = vi.fn();
    const s = new Searcher({ search, onResults, onError: vi.fn(), delayMs: 60 });
    s.update(p("c"));
    s.update(p("co"));
    await vi.advanceTimersByTimeAsync(30);
    s.update(p("col"));
    expect(search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60);
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0][0]).toMatchObject({ query: "col", source: "all" });
    expect(onResults).toHaveBeenLastCalledWith(expect.objectContaining({ query: "col" }), expect.anything());
  });

  it("clearing the query drops responses still in flight", async () => {
    const d = deferred<SearchResults>();
    const onResults = vi.fn();
    const s = new Searcher({ search: () => d.promise, onResults, onError: vi.fn() });
    const run = s.run(p("throttle"));
    s.update(p("   "));
    expect(onResults).toHaveBeenLastCalledWith(null, expect.anything());
    d.resolve(results("throttle"));
    await run;
    expect(onResults).toHaveBeenCalledTimes(1);
  });

  it("reports errors of the current request as BackendErrors, not stale ones", async () => {
    const first = deferred<SearchResults>();
    const second = deferred<SearchResults>();
    const queue = [first, second];
    const onError = vi.fn();
    const s = new Searcher({ search: () => queue.shift()!.promise, onResults: vi.fn(), onError });
    const a = s.run(p("a b"));
    const b = s.run(p("a b c"));
    second.reject({ kind: "invalid_input", message: "bad query" });
    await b;
    first.reject("old failure");
    await a;
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0]).toEqual({ kind: "invalid_input", message: "bad query" });
  });

  it("passes filters through and leaves out an empty service", () => {
    expect(toRequest(p(" wcu ", { service: "dynamodb", source: "imported" }), 20)).toEqual({
      query: "wcu",
      limit: 20,
      service: "dynamodb",
      source: "imported",
    });
    expect(toRequest(p("wcu"), 20)).not.toHaveProperty("service");
  });
});

describe("moveSelection", () => {
  it("wraps at both ends", () => {
    expect(moveSelection(0, 1, 3)).toBe(1);
    expect(moveSelection(2, 1, 3)).toBe(0);
    expect(moveSelection(0, -1, 3)).toBe(2);
  });

  it("starts from the right end when nothing is selected, and is -1 for no results", () => {
    expect(moveSelection(-1, 1, 4)).toBe(0);
    expect(moveSelection(-1, -1, 4)).toBe(3);
    expect(moveSelection(5, 1, 2)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe("sanitizeSnippet", () => {
  it("keeps <b> highlights and escaped text", () => {
    expect(sanitizeSnippet("a &lt;tag&gt; and <b>cold</b> start &amp; more")).toBe("a &lt;tag&gt; and <b>cold</b> start &amp; more");
  });

  it("drops every other element and attribute", () => {
    const out = sanitizeSnippet('<img src=x onerror="alert(1)"><b onclick="x()">hi</b><a href="http://e">link</a>');
    expect(out).toBe("<b>hi</b>link");
  });
});
