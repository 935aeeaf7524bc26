// In-memory backend used when the UI runs outside Tauri (plain `vite dev` / `vite preview`).
// It follows the IPC contract closely enough to exercise every view: rendered HTML in the
// backend's shape, search with <b> snippets and a fuzzy fallback, streamed import progress.
import type { Backend } from "./client";
import { MOCK_CATALOG, mockSimRun } from "./mockSim";
import { createReviewMock } from "../../features/review/mockReview";
import { createMockExam } from "../../features/exam/mockExam";
import type {
  AppInfo,
  BackendError,
  CheckReport,
  DeckImportReport,
  ExportFormat,
  ExportReport,
  ExportRequest,
  Finding,
  ImportProgress,
  ImportReport,
  InputValue,
  ModelInfo,
  NoteSummary,
  NoteView,
  OutlineItem,
  SearchHit,
  SearchRequest,
  SearchResults,
  SourceFilter,
  SimResult,
  Source,
} from "./types";

interface MockSection {
  level: number;
  heading: string;
  /** HTML body in the backend's rendered shape. */
  body: string;
}

interface MockNoteDef {
  id: string;
  title: string;
  service: string;
  source: Source;
  tags: string[];
  sections: MockSection[];
  warnings?: string[];
}

interface BuiltSection {
  level: number;
  heading: string;
  anchor: string;
  line: number;
  end_line: number;
  text: string;
  path: string[];
}

interface BuiltNote {
  def: MockNoteDef;
  html: string;
  outline: OutlineItem[];
  sections: BuiltSection[];
}

const LAMBDA: MockNoteDef = {
  id: "content/lambda/limits.md",
  title: "Lambda limits and concurrency",
  service: "lambda",
  source: "bundled",
  tags: ["limits", "concurrency"],
  sections: [
    {
      level: 1,
      heading: "Lambda limits and concurrency",
      body: `<p>The numbers below come up in almost every serverless exam question about Lambda. Learn the
shape of each limit, not just the value.</p>`,
    },
    {
      level: 2,
      heading: "Timeouts and memory",
      body: `<table><thead><tr><th>Setting</th><th>Minimum</th><th>Maximum</th><th>Default</th></tr></thead>
<tbody>
<tr><td>Timeout</td><td>1 s</td><td>900 s (15 min)</td><td>3 s</td></tr>
<tr><td>Memory</td><td>128 MB</td><td>10,240 MB</td><td>128 MB</td></tr>
<tr><td>Ephemeral storage (<code>/tmp</code>)</td><td>512 MB</td><td>10,240 MB</td><td>512 MB</td></tr>
<tr><td>Synchronous payload</td><td>—</td><td>6 MB</td><td>—</td></tr>
</tbody></table>
<p>CPU is allocated in proportion to memory: at 1,769 MB a function gets the equivalent of one full vCPU.</p>`,
    },
    {
      level: 2,
      heading: "Concurrency",
      body: `<p>Concurrency is the number of requests your functions serve at the same moment. By Little's law
it is the request rate times the average duration: <span class="math math-inline">C = R \\times D</span>.</p>
<div class="math math-display">C = 200\\,\\tfrac{\\text{req}}{\\text{s}} \\times 0.25\\,\\text{s} = 50</div>
<div class="admonition tip"><p class="admonition-title">Tip</p><p>The default regional concurrency quota is
1,000 across all functions in an account. Reserved concurrency carves a slice out of it.</p></div>`,
    },
    {
      level: 3,
      heading: "Reserved vs provisioned concurrency",
      body: `<ul><li><strong>Reserved</strong> concurrency both guarantees and caps a function's concurrency. It costs nothing.</li>
<li><strong>Provisioned</strong> concurrency keeps execution environments initialized, removing cold starts for that many
concurrent requests. It is billed while configured.</li></ul>
<p class="card-line">What does reserved concurrency do?:: It guarantees and caps the concurrency of one function.</p>`,
    },
    {
      level: 2,
      heading: "Cold starts",
      body: `<p>A cold start happens when Lambda must create a new execution environment: download the code, start the
runtime and run the initialization code outside the handler.</p>
<pre><code class="language-python">import boto3

# Runs once per execution environment: reuse clients across invocations.
dynamodb = boto3.resource("dynamodb")

def handler(event, context):
    return {"statusCode": 200}
</code></pre>`,
    },
  ],
};

const DYNAMODB: MockNoteDef = {
  id: "content/dynamodb/capacity.md",
  title: "DynamoDB capacity units",
  service: "dynamodb",
  source: "bundled",
  tags: ["capacity", "provisioned"],
  sections: [
    {
      level: 1,
      heading: "DynamoDB capacity units",
      body: `<p>Provisioned tables are sized in read and write capacity units.</p>`,
    },
    {
      level: 2,
      heading: "Write capacity units",
      body: `<p>One WCU is one write per second of an item up to 1 KB. Larger items round <em>up</em> to the next KB:</p>
<div class="math math-display">\\text{WCU} = w \\times \\left\\lceil \\frac{s}{1\\,\\text{KB}} \\right\\rceil</div>
<div class="sim-cell" data-sim="dynamodb-capacity" data-inputs='{"writes_per_second":6,"item_size_kb":4.5}'>
<p class="sim-fallback"><strong>dynamodb-capacity</strong>: writes_per_second = 6, item_size_kb = 4.5 → 30 WCU</p></div>
<div class="admonition warning"><p class="admonition-title">Warning</p><p>Transactional writes cost twice as much:
two WCUs per KB.</p></div>`,
    },
    {
      level: 2,
      heading: "Read capacity units",
      body: `<p>One RCU is one strongly consistent read per second of an item up to 4 KB, or two eventually
consistent reads. Transactional reads cost two RCUs per 4 KB.</p>
<table><thead><tr><th>Read type</th><th>Item ≤ 4 KB</th><th>Item of 9 KB</th></tr></thead>
<tbody><tr><td>Eventually consistent</td><td>0.5 RCU</td><td>1.5 RCU</td></tr>
<tr><td>Strongly consistent</td><td>1 RCU</td><td>3 RCU</td></tr>
<tr><td>Transactional</td><td>2 RCU</td><td>6 RCU</td></tr></tbody></table>`,
    },
    {
      level: 2,
      heading: "Partitions",
      body: `<p>A single partition serves at most 3,000 RCU and 1,000 WCU, and stores about 10 GB. Hot keys hit the
per-partition limit long before the table limit.</p>`,
    },
  ],
};

const APIGW: MockNoteDef = {
  id: "content/apigateway/throttling.md",
  title: "API Gateway throttling",
  service: "apigateway",
  source: "bundled",
  tags: ["throttling", "limits"],
  sections: [
    {
      level: 1,
      heading: "API Gateway throttling",
      body: `<p>API Gateway throttles with a token bucket: the <em>rate</em> refills the bucket, the <em>burst</em> is its size.</p>
<span class="remote-image" title="https://example.com/token-bucket.png">🖼 remote image: https://example.com/token-bucket.png</span>`,
    },
    {
      level: 2,
      heading: "Account-level limits",
      body: `<p>By default each account gets a steady-state rate of 10,000 requests per second per Region with a burst of
5,000 requests. Requests over the limit receive <code>429 Too Many Requests</code>.</p>
<div class="admonition caution"><p class="admonition-title">Caution</p><p>The limit is shared by every API in the
account and Region.</p></div>`,
    },
    {
      level: 2,
      heading: "Usage plans",
      body: `<p>Usage plans set per-client throttling and quotas, identified by API keys. They are not a security
mechanism: use an authorizer for that.</p>`,
    },
  ],
};

const SQS: MockNoteDef = {
  id: "/home/learner/aws-notes/sqs-visibility.md",
  title: "SQS visibility timeout",
  service: "sqs",
  source: "imported",
  tags: ["sqs", "retries"],
  sections: [
    {
      level: 1,
      heading: "SQS visibility timeout",
      body: `<p>While a consumer processes a message, SQS hides it from other consumers for the visibility timeout.</p>`,
    },
    {
      level: 2,
      heading: "With Lambda",
      body: `<div class="admonition note"><p class="admonition-title">Note</p><p>Set the queue's visibility timeout to at least
six times the function timeout when Lambda polls the queue.</p></div>
<div class="admonition danger"><p class="admonition-title">Danger</p><p>A timeout shorter than the function's run
time makes the same message be processed twice.</p></div>`,
    },
    {
      level: 2,
      heading: "Numbers from the course",
      body: `<ul>
<li>A Lambda consumer can run for at most 5 minutes, so keep batches small.</li>
<li>Lambda memory goes up to <strong>3008 MB</strong>.</li>
<li>Visibility timeout for a 30 s function: 6 × 30 s = 120 s.</li>
</ul>`,
    },
  ],
};

/** Fact-check findings the mock reports, on the imported SQS note ("Numbers from the course"). */
function mockFindings(sqs: BuiltNote): Finding[] {
  const section = sqs.sections.find((s) => s.heading === "Numbers from the course");
  const base = section ? section.line + 2 : 1;
  const file = sqs.def.id;
  const lambdaQuotas = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
  return [
    {
      id: "a1f3c5e7092b4d6f",
      kind: "stale",
      file,
      line: base,
      claim: "5 minutes",
      expected: "900 s",
      fact_id: "lambda.timeout.max",
      source: lambdaQuotas,
      explanation: "Maximum Lambda function timeout is 900 s (15 minutes) (as of 2026-11); 300 s was the value until 2018-10.",
    },
    {
      id: "b2e4d6f8103c5e7a",
      kind: "stale",
      file,
      line: base + 1,
      claim: "3008 MB",
      expected: "10,240 MB",
      fact_id: "lambda.memory.max",
      source: lambdaQuotas,
      explanation: "Maximum memory of a Lambda function is 10,240 MB (as of 2026-11); 3,008 MB was the value until 2020-12.",
    },
    {
      id: "c3d5e7f9214d6f8b",
      kind: "arithmetic",
      file,
      line: base + 2,
      claim: "6 × 30 s = 120 s",
      expected: "180 s",
      fact_id: null,
      source: null,
      explanation: "6 × 30 s = 180 s, not 120 s.",
    },
  ];
}

const EXTRA_IMPORTED: MockNoteDef = {
  id: "/home/learner/aws-notes/step-functions.md",
  title: "Step Functions retries",
  service: "stepfunctions",
  source: "imported",
  tags: ["retries"],
  sections: [
    {
      level: 1,
      heading: "Step Functions retries",
      body: `<p>A <code>Retry</code> field retries a failed state with exponential backoff:
<span class="math math-inline">t_n = \\text{interval} \\times \\text{rate}^{n-1}</span>.</p>`,
    },
    {
      level: 2,
      heading: "Defaults",
      body: `<div class="admonition info"><p class="admonition-title">Info</p><p>Defaults: IntervalSeconds 1,
MaxAttempts 3, BackoffRate 2.0.</p></div>`,
    },
  ],
};

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, "")
      .trim()
      .replace(/\s+/g, "-") || "section"
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function plainText(html: string): string {
  return html
    .replace(/<(span|div) class="math[^"]*">[^<]*<\/\1>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function buildNote(def: MockNoteDef): BuiltNote {
  let line = 5; // after the front matter
  const html: string[] = [];
  const outline: OutlineItem[] = [];
  const sections: BuiltSection[] = [];
  const stack: { level: number; heading: string }[] = [];
  const used = new Set<string>();
  for (const s of def.sections) {
    let anchor = slugify(s.heading);
    for (let i = 1; used.has(anchor); i++) anchor = `${slugify(s.heading)}-${i}`;
    used.add(anchor);
    const bodyLines = s.body.split("\n").length + 1;
    const endLine = line + bodyLines;
    html.push(`<h${s.level} id="${anchor}" data-line="${line}">${escapeHtml(s.heading)}</h${s.level}>\n${s.body}\n`);
    outline.push({ level: s.level, text: s.heading, anchor, line, end_line: endLine });
    while (stack.length && stack[stack.length - 1].level >= s.level) stack.pop();
    stack.push({ level: s.level, heading: s.heading });
    sections.push({
      level: s.level,
      heading: s.heading,
      anchor,
      line,
      end_line: endLine,
      text: plainText(s.body),
      path: stack.map((x) => x.heading),
    });
    line = endLine + 1;
  }
  return { def, html: html.join(""), outline, sections };
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

/** Levenshtein distance, capped: returns max+1 as soon as it is exceeded. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

function termMatches(term: string, word: string, fuzzy: boolean): boolean {
  if (word.startsWith(term)) return true;
  if (!fuzzy || term.length < 4) return false;
  // Whole word within one edit, or a prefix of the word within one edit (typing in progress).
  return editDistance(term, word, 1) <= 1 || editDistance(term, word.slice(0, term.length), 1) <= 1;
}

function makeSnippet(text: string, terms: string[], fuzzy: boolean): string {
  const lower = text.toLowerCase();
  let first = -1;
  for (const m of lower.matchAll(WORD)) {
    if (terms.some((t) => termMatches(t, m[0], fuzzy))) {
      first = m.index ?? 0;
      break;
    }
  }
  const start = Math.max(0, first - 60);
  let window = text.slice(start, start + 180);
  if (start > 0) window = "…" + window.replace(/^\S*\s/, "");
  if (start + 180 < text.length) window = window.replace(/\s\S*$/, "") + "…";
  const tokens = window.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
  return tokens
    .map((tok) => {
      const esc = escapeHtml(tok);
      const isWord = /^[\p{L}\p{N}]/u.test(tok);
      return isWord && terms.some((t) => termMatches(t, tok.toLowerCase(), fuzzy)) ? `<b>${esc}</b>` : esc;
    })
    .join("");
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `?db=corrupt` (or `too_new`) in the demo's URL simulates a library that failed to open. */
function dbErrorFromUrl(): BackendError | null {
  if (typeof location === "undefined") return null;
  const db = new URLSearchParams(location.search).get("db");
  if (db === "corrupt") {
    return {
      kind: "db_corrupt",
      message:
        "database ~/.local/share/coldstart/coldstart.db is damaged (not an SQLite database (wrong header)); the file was left as it is",
    };
  }
  if (db === "too_new") {
    return { kind: "schema_too_new", message: "the database was written by a newer Coldstart (schema 9; this build knows 4)" };
  }
  return null;
}

function reject(kind: string, message: string): BackendError {
  return { kind, message };
}

export interface MockOptions {
  /** Simulate a library that failed to open (the browser demo: `?db=corrupt` / `?db=too_new`). */
  dbError?: BackendError | null;
  /** Simulated latency range in ms for search (default 10–70). 0 disables. */
  latency?: [number, number];
}

export function createMockBackend(opts: MockOptions = {}): Backend {
  const [lo, hi] = opts.latency ?? [10, 70];
  const notes = new Map<string, BuiltNote>();
  for (const def of [LAMBDA, DYNAMODB, APIGW, SQS]) notes.set(def.id, buildNote(def));
  const imported = new Set<string>(["/home/learner/aws-notes"]);

  const dismissed = new Set<string>();
  let dbError: BackendError | null = opts.dbError !== undefined ? opts.dbError : dbErrorFromUrl();
  const importedDecks = new Set<string>();
  let searchScope: SourceFilter = "all";
  const wait = () => (hi > 0 ? delay(lo + Math.random() * (hi - lo)) : Promise.resolve());

  function summary(n: BuiltNote): NoteSummary {
    const d = n.def;
    return { id: d.id, title: d.title, service: d.service, source: d.source, file: d.id, sections: n.sections.length };
  }

  function runSearch(req: SearchRequest, fuzzy: boolean): SearchHit[] {
    const terms = [...new Set(words(req.query))];
    if (terms.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const n of notes.values()) {
      const d = n.def;
      if (req.service && d.service !== req.service) continue;
      if (req.source && req.source !== "all" && d.source !== req.source) continue;
      for (const s of n.sections) {
        const ws = words(`${s.heading} ${s.text} ${d.tags.join(" ")}`);
        let score = 0;
        let all = true;
        for (const t of terms) {
          const c = ws.filter((w) => termMatches(t, w, fuzzy)).length;
          if (c === 0) all = false;
          score += c + (words(s.heading).some((w) => termMatches(t, w, fuzzy)) ? 3 : 0);
        }
        if (!all) continue;
        hits.push({
          note_id: d.id,
          title: d.title,
          heading_path: s.path,
          anchor: s.anchor,
          file: d.id,
          line: s.line,
          end_line: s.end_line,
          service: d.service,
          source: d.source,
          score: Math.round(score * 100) / 100,
          snippet: makeSnippet(s.text || s.heading, terms, fuzzy),
          also_in: [],
          matched: [],
        });
      }
    }
    hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
    return hits.slice(0, req.limit ?? 20);
  }

  return {
    kind: "mock",
    ...createReviewMock({ latency: hi > 0 ? 5 : 0 }),

    async listNotes() {
      await delay(5);
      return [...notes.values()].map(summary);
    },

    async openNote(id: string): Promise<NoteView> {
      await delay(5);
      const n = notes.get(id);
      if (!n) throw reject("not_found", `no note with id ${id}`);
      const d = n.def;
      return {
        id: d.id,
        title: d.title,
        service: d.service,
        source: d.source,
        file: d.id,
        tags: d.tags,
        html: n.html,
        outline: n.outline,
        warnings: d.warnings ?? [],
      };
    },

    async search(req: SearchRequest): Promise<SearchResults> {
      const t0 = performance.now();
      await wait();
      if (req.query.length > 500) throw reject("invalid_input", "query is longer than 500 characters");
      let hits = runSearch(req, false);
      let fuzzy = false;
      if (hits.length === 0) {
        hits = runSearch(req, true);
        fuzzy = hits.length > 0;
      }
      return { query: req.query, took_ms: Math.round(performance.now() - t0), hits, fuzzy };
    },

    async getSearchScope(): Promise<SourceFilter> {
      return searchScope;
    },

    async setSearchScope(scope: SourceFilter): Promise<SourceFilter> {
      searchScope = scope;
      return scope;
    },

    async importPaths(paths: string[], onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
      if (paths.length === 0) throw reject("invalid_input", "no paths to import");
      const files = ["sqs-visibility.md", "step-functions.md", "broken.md", "kinesis.md", "README.md", "eventbridge.md"];
      const root = paths[0].replace(/\/$/, "");
      for (let i = 0; i < files.length; i++) {
        onProgress({ done: i, total: files.length, file: `${root}/${files[i]}` });
        await delay(180);
      }
      onProgress({ done: files.length, total: files.length, file: "" });
      paths.forEach((p) => imported.add(p));
      const before = notes.size;
      if (!notes.has(EXTRA_IMPORTED.id)) notes.set(EXTRA_IMPORTED.id, buildNote(EXTRA_IMPORTED));
      const added = notes.size - before;
      return {
        sources: [...imported],
        notes: added,
        sections: added ? notes.get(EXTRA_IMPORTED.id)!.sections.length : 0,
        skipped_unchanged: files.length - 1 - added,
        errors: [{ file: `${root}/broken.md`, line: 3, message: "front matter is not valid YAML: missing ':' after key" }],
      };
    },

    async listServices() {
      await delay(5);
      return [...new Set([...notes.values()].map((n) => n.def.service))].sort();
    },

    async appInfo(): Promise<AppInfo> {
      await delay(5);
      return {
        data_dir: "~/.local/share/coldstart (browser mock: nothing is stored)",
        content_dir: "content",
        version: "0.1.0-mock",
      };
    },

    async pickFolder() {
      await delay(5);
      return "/home/learner/aws-notes";
    },

    async simCatalog(): Promise<ModelInfo[]> {
      await delay(5);
      return structuredClone(MOCK_CATALOG);
    },

    async simRun(name: string, inputs: Record<string, InputValue>): Promise<SimResult> {
      await delay(1);
      return mockSimRun(name, inputs);
    },

    // Practice exams: an in-memory engine (features/exam/mockExam.ts).
    ...createMockExam(),

    async checkNotes(paths?: string[]): Promise<CheckReport> {
      await delay(hi > 0 ? 400 : 0); // long enough to see the spinner
      const sqs = notes.get(SQS.id)!;
      const inScope = (f: Finding) =>
        !paths || paths.some((p) => f.file === p || f.file.startsWith(p.replace(/\/$/, "") + "/"));
      return { findings: mockFindings(sqs).filter((f) => !dismissed.has(f.id) && inScope(f)) };
    },

    async libraryStatus(): Promise<void> {
      await delay(5);
      if (dbError) throw { ...dbError };
    },

    async restoreBackup() {
      await delay(hi > 0 ? 300 : 0);
      if (!dbError) throw reject("invalid_input", "the library is not damaged; nothing to restore");
      if (dbError.kind !== "db_corrupt") throw reject(dbError.kind, dbError.message);
      dbError = null;
      const dir = "~/.local/share/coldstart";
      return {
        restored_from: `${dir}/coldstart.db.daily-1763700000.bak`,
        moved_aside: `${dir}/coldstart.db.corrupt-1763790000`,
      };
    },

    async exportDeck(req: ExportRequest): Promise<ExportReport> {
      await delay(hi > 0 ? 400 : 0);
      if (req.format !== "apkg" && req.format !== "csv") throw reject("invalid_input", `export format "${req.format}": expected apkg or csv`);
      const all = ["lambda", "dynamodb", "apigateway", "sqs"];
      const perService: Record<string, number> = { lambda: 212, dynamodb: 187, apigateway: 96, sqs: 74 };
      const services = req.service ? [req.service] : all;
      if (req.service && !perService[req.service]) throw reject("not_found", `cards of service "${req.service}" (see \`coldstart cards\`)`);
      const cards = services.reduce((n, s) => n + perService[s], 0);
      const parent = req.deck?.trim() || "Coldstart";
      const label: Record<string, string> = { lambda: "Lambda", dynamodb: "DynamoDB", apigateway: "API Gateway", sqs: "SQS" };
      return {
        path: req.path,
        format: req.format,
        notes: cards,
        cards,
        reviews: req.withHistory ? Math.round(cards * 2.4) : 0,
        decks: req.format === "apkg" ? [parent, ...services.map((s) => `${parent}::${label[s]}`)] : [],
        skipped: [],
      };
    },

    async importDeck(path: string): Promise<DeckImportReport> {
      await delay(hi > 0 ? 600 : 0);
      const ext = path.toLowerCase().split(".").pop() ?? "";
      if (!["apkg", "colpkg", "csv"].includes(ext)) {
        throw reject("invalid_input", `${path}: not an Anki package (.apkg, .colpkg) or a CSV file`);
      }
      const again = importedDecks.has(path);
      importedDecks.add(path);
      const name = path.split(/[\\/]/).pop() ?? path;
      const csv = ext === "csv";
      return {
        path,
        format: ext,
        notes: csv ? 40 : 128,
        cards: csv ? 40 : 131,
        added: again ? 0 : csv ? 40 : 131,
        updated: again ? (csv ? 40 : 131) : 0,
        reviews: again || csv ? 0 : 612,
        reviews_known: again && !csv ? 612 : 0,
        skipped: csv ? [] : ["3 media files in the package (not imported)", "2 notes with images or sounds (media dropped, text kept)"],
        decks: csv ? [name] : ["AWS::Lambda", "AWS::DynamoDB"],
      };
    },

    async pickExportPath(_format: ExportFormat, defaultName: string) {
      await delay(5);
      return `/home/learner/Documents/${defaultName}`;
    },

    async pickDeckFile() {
      await delay(5);
      return "/home/learner/Downloads/AWS.apkg";
    },

    async dismissFinding(id: string): Promise<void> {
      await delay(5);
      if (!/^[0-9a-f]{16}$/i.test(id.trim())) throw reject("invalid_input", `${JSON.stringify(id)} is not a finding id`);
      dismissed.add(id.trim().toLowerCase());
    },
  };
}
