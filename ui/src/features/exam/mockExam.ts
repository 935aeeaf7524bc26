// In-memory exam engine for the browser mock (`vite dev`): follows exam-contract.md closely
// enough to exercise the Exam view (timer, practice feedback, submission, history).
import type {
  BackendError,
  Difficulty,
  ExamConfig,
  ExamDomain,
  ExamNoteRef,
  ExamResult,
  ExamStartRequest,
  ExamState,
  ExamSummary,
  ExamBreakdown,
} from "../../lib/ipc/types";

interface MockQuestion {
  id: string;
  service: string;
  domain: ExamDomain;
  difficulty: Difficulty;
  stem: string;
  choices: string[];
  answer: number[];
  explanation: string;
  refs: string[];
}

const BANK: MockQuestion[] = [
  {
    id: "lambda-timeout-001",
    service: "lambda",
    domain: "development",
    difficulty: "easy",
    stem: "A nightly report job runs in a Lambda function and needs about 20 minutes to finish. The team wants to keep it serverless with the least rework. What should the developer do?",
    choices: [
      "Raise the function timeout to 20 minutes",
      "Split the job into steps orchestrated by Step Functions, each under 15 minutes",
      "Increase the memory to 10,240 MB so the job finishes faster than the timeout",
      "Set reserved concurrency to 1 so the job is never throttled",
    ],
    answer: [1],
    explanation:
      "The Lambda timeout cannot exceed 900 seconds (15 minutes), so raising it to 20 minutes is refused. More memory may speed the job up but does not guarantee it finishes in time. Reserved concurrency has nothing to do with duration. Splitting the work into Step Functions states keeps each invocation under the limit.",
    refs: ["lambda/limits.md#timeouts-and-memory"],
  },
  {
    id: "lambda-concurrency-001",
    service: "lambda",
    domain: "troubleshooting",
    difficulty: "medium",
    stem: "An account runs many functions. During a sale, a critical `checkout` function is throttled because other functions consume the account's concurrency. Which TWO actions guarantee `checkout` can always scale to 200 concurrent executions? (Choose two.)",
    choices: [
      "Configure reserved concurrency of 200 on `checkout`",
      "Request a concurrency quota increase if 200 exceeds what can be reserved",
      "Enable provisioned concurrency of 200 on every other function",
      "Raise the memory of `checkout` to reduce its duration",
      "Put `checkout` behind an SQS queue with a batch size of 200",
    ],
    answer: [0, 1],
    explanation:
      "Reserved concurrency sets aside part of the account pool for one function, and the account limit must leave room for it (at least 100 unreserved). Provisioned concurrency on other functions consumes the pool instead of protecting `checkout`. Memory changes duration, not the concurrency ceiling. A queue delays work rather than guaranteeing capacity.",
    refs: ["lambda/limits.md#reserved-vs-provisioned-concurrency", "lambda/limits.md#concurrency"],
  },
  {
    id: "lambda-coldstart-001",
    service: "lambda",
    domain: "troubleshooting",
    difficulty: "medium",
    stem: "A latency-sensitive API backed by Lambda shows occasional 2-second responses after idle periods. What reduces these spikes most directly?",
    choices: [
      "Provisioned concurrency",
      "Reserved concurrency",
      "A longer function timeout",
      "A dead-letter queue",
    ],
    answer: [0],
    explanation:
      "The spikes are cold starts. Provisioned concurrency keeps initialised execution environments ready. Reserved concurrency only caps and guarantees capacity; it does not pre-initialise. Timeout and DLQ settings do not affect start-up latency.",
    refs: ["lambda/limits.md#cold-starts"],
  },
  {
    id: "dynamodb-wcu-001",
    service: "dynamodb",
    domain: "development",
    difficulty: "medium",
    stem: "An application writes 10 items per second, each 2.5 KB, with standard writes. How many WCUs does the table need in provisioned mode?",
    choices: ["10", "25", "30", "60"],
    answer: [2],
    explanation:
      "One WCU covers one write per second of up to 1 KB; sizes round up, so 2.5 KB costs 3 WCUs and 10 writes per second need 30. 25 forgets to round up; 60 doubles it as if the writes were transactional; 10 ignores the item size.",
    refs: ["dynamodb/capacity.md#write-capacity-units"],
  },
  {
    id: "dynamodb-rcu-001",
    service: "dynamodb",
    domain: "development",
    difficulty: "medium",
    stem: "A service reads 20 items per second, each 6 KB, using eventually consistent reads. How many RCUs are needed?",
    choices: ["20", "30", "40", "60"],
    answer: [0],
    explanation:
      "A 6 KB item rounds up to 2 units of 4 KB, so a strongly consistent read costs 2 RCUs; an eventually consistent read costs half: 1 RCU. 20 reads per second need 20 RCUs. 40 is the strongly consistent figure; 30 and 60 use 1 KB or 2 KB units by mistake.",
    refs: ["dynamodb/capacity.md#read-capacity-units"],
  },
  {
    id: "dynamodb-partitions-001",
    service: "dynamodb",
    domain: "troubleshooting",
    difficulty: "hard",
    stem: "A table has ample provisioned capacity but one partition key receives most of the traffic and requests are throttled. Which TWO changes help? (Choose two.)",
    choices: [
      "Add a random suffix to the hot key (write sharding)",
      "Cache the hot items with DAX",
      "Double the provisioned WCUs",
      "Switch to strongly consistent reads",
      "Add a local secondary index",
    ],
    answer: [0, 1],
    explanation:
      "A single partition serves at most 3,000 RCU and 1,000 WCU, whatever the table's total. Write sharding spreads the hot key over partitions, and DAX absorbs repeated reads. More table capacity does not lift the per-partition limit; strong reads cost more; an LSI shares the partition key.",
    refs: ["dynamodb/capacity.md#partitions"],
  },
  {
    id: "apigateway-throttle-001",
    service: "apigateway",
    domain: "troubleshooting",
    difficulty: "easy",
    stem: "Clients of a REST API receive HTTP 429 errors at peak traffic. What does the status code indicate?",
    choices: [
      "The Lambda integration timed out",
      "The request was throttled by API Gateway",
      "The API key is invalid",
      "The authorizer denied the request",
    ],
    answer: [1],
    explanation:
      "429 Too Many Requests means a throttling limit (account, stage, method or usage plan) was exceeded. An integration timeout returns 504; a bad API key 403; an authorizer denial 401 or 403.",
    refs: ["apigateway/throttling.md#account-level-limits"],
  },
  {
    id: "apigateway-usage-001",
    service: "apigateway",
    domain: "security",
    difficulty: "medium",
    stem: "A company sells API access in tiers: each customer gets an API key with a monthly quota and a request rate limit. What should be configured?",
    choices: [
      "Usage plans associated with API keys",
      "A resource policy per customer",
      "Stage variables per customer",
      "A WAF rate-based rule per customer",
    ],
    answer: [0],
    explanation:
      "Usage plans attach throttling and quotas to API keys. Resource policies control who may call the API, not how often. Stage variables configure integrations. WAF rate rules block by IP, not per customer key.",
    refs: ["apigateway/throttling.md#usage-plans"],
  },
  {
    id: "lambda-security-001",
    service: "lambda",
    domain: "security",
    difficulty: "easy",
    stem: "A function must read items from one DynamoDB table. How should it get permissions?",
    choices: [
      "Store an access key in an environment variable",
      "Attach a policy allowing `dynamodb:GetItem` on that table to the function's execution role",
      "Give the execution role `AmazonDynamoDBFullAccess`",
      "Add a resource-based policy to the function allowing DynamoDB",
    ],
    answer: [1],
    explanation:
      "The execution role's credentials are provided to the function automatically; least privilege means only the actions and table it needs. Long-lived keys in environment variables are a risk; full access is too broad; the function's resource policy controls who may invoke it, not what it may call.",
    refs: ["lambda/limits.md#concurrency"],
  },
  {
    id: "lambda-deploy-001",
    service: "lambda",
    domain: "deployment",
    difficulty: "medium",
    stem: "A team wants to shift 10% of traffic to a new Lambda version for 10 minutes and roll back automatically on alarms. What should they use?",
    choices: [
      "An alias with weighted routing driven by CodeDeploy `Canary10Percent10Minutes`",
      "Two functions behind a weighted Route 53 record",
      "`$LATEST` with a CloudWatch alarm",
      "Reserved concurrency of 10% on the new version",
    ],
    answer: [0],
    explanation:
      "CodeDeploy shifts alias weights in canary or linear steps and rolls back on CloudWatch alarms. Route 53 weighting works at DNS level with no automatic rollback. `$LATEST` cannot split traffic. Concurrency settings do not route requests.",
    refs: ["lambda/limits.md#lambda-limits-and-concurrency"],
  },
  {
    id: "dynamodb-deploy-001",
    service: "dynamodb",
    domain: "deployment",
    difficulty: "easy",
    stem: "A new table has unpredictable, spiky traffic and the team does not want to manage capacity. Which mode should it use?",
    choices: ["Provisioned with auto scaling", "On-demand", "Provisioned with reserved capacity", "Global tables"],
    answer: [1],
    explanation:
      "On-demand mode bills per request and absorbs spikes without capacity planning. Auto scaling reacts with a delay; reserved capacity is a billing commitment for steady loads; global tables are about Regions.",
    refs: ["dynamodb/capacity.md#dynamodb-capacity-units"],
  },
  {
    id: "apigateway-deploy-001",
    service: "apigateway",
    domain: "deployment",
    difficulty: "medium",
    stem: "After changing resources in a REST API in the console, clients still see the old behaviour. What is missing?",
    choices: ["A new deployment to the stage", "A cache flush", "A new API key", "A stage variable"],
    answer: [0],
    explanation:
      "REST API changes take effect only when deployed to a stage. A cache flush affects cached responses, not configuration; API keys and stage variables do not publish changes.",
    refs: ["apigateway/throttling.md#api-gateway-throttling"],
  },
];

const NOTE_OF: Record<string, string> = {
  "lambda/limits.md": "content/lambda/limits.md",
  "dynamodb/capacity.md": "content/dynamodb/capacity.md",
  "apigateway/throttling.md": "content/apigateway/throttling.md",
};

function noteRef(r: string): ExamNoteRef {
  const [file, anchor = ""] = r.split("#");
  return { ref: r, note: NOTE_OF[file] ?? `content/${file}`, anchor };
}

interface MockItem {
  q: MockQuestion;
  selected: number[];
  flagged: boolean;
  time_ms: number;
  /** Practice mode: scored once the selection is complete. */
  correct: boolean | null;
}

interface MockAttempt {
  id: number;
  config: ExamConfig;
  status: "in_progress" | "submitted" | "abandoned";
  items: MockItem[];
  current: number;
  elapsed_ms: number;
  time_limit_ms: number | null;
  paused: boolean;
  time_up: boolean;
  started_at: number;
  submitted_at: number | null;
  last: number;
}

const reject = (kind: string, message: string): BackendError => ({ kind, message });
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const round1 = (x: number) => Math.round(x * 10) / 10;

export function scaledEstimate(fraction: number): number {
  const p = Math.min(1, Math.max(0, fraction));
  const s = p <= 0.72 ? 100 + (620 * p) / 0.72 : 720 + (280 * (p - 0.72)) / 0.28;
  return Math.round(s);
}

const WEIGHT: Record<ExamDomain, number> = { development: 32, security: 26, deployment: 24, troubleshooting: 18 };
const DOMAIN_ORDER: ExamDomain[] = ["development", "security", "deployment", "troubleshooting"];

export function createMockExam() {
  const attempts: MockAttempt[] = [];
  let nextId = 1;

  // A past attempt or two, so the history and the trend chart have something to show.
  for (const [daysAgo, correct] of [
    [9, 6],
    [5, 8],
    [2, 9],
  ] as const) {
    const items = BANK.slice(0, 12).map((q, i) => ({
      q,
      selected: i < correct ? [...q.answer] : [(q.answer[0] + 1) % q.choices.length],
      flagged: false,
      time_ms: 40_000 + ((i * 7919) % 50_000),
      correct: i < correct,
    }));
    const started = Date.now() - daysAgo * 86_400_000;
    attempts.push({
      id: nextId++,
      config: { mode: "custom", questions: 12, minutes: 24, services: [], domains: [], seed: daysAgo, include_generated: true },
      status: "submitted",
      items,
      current: 0,
      elapsed_ms: items.reduce((s, it) => s + it.time_ms, 0),
      time_limit_ms: 24 * 60_000,
      paused: false,
      time_up: false,
      started_at: started,
      submitted_at: started + 15 * 60_000,
      last: 0,
    });
  }

  function find(id: number): MockAttempt {
    const a = attempts.find((x) => x.id === id);
    if (!a) throw reject("not_found", `no exam attempt ${id}`);
    return a;
  }

  function isRight(it: MockItem): boolean {
    const sel = [...it.selected].sort((x, y) => x - y);
    return sel.length > 0 && same(sel, [...it.q.answer].sort((x, y) => x - y));
  }

  function finish(a: MockAttempt, timeUp: boolean) {
    for (const it of a.items) it.correct = isRight(it);
    a.status = "submitted";
    a.submitted_at = Date.now();
    a.time_up = timeUp;
    a.paused = false;
  }

  /** Count the time since the last action, submit when it ran out. */
  function tick(a: MockAttempt) {
    const now = Date.now();
    if (!a.paused) {
      const d = Math.max(0, now - a.last);
      a.elapsed_ms += d;
      a.items[a.current].time_ms += d;
    }
    a.last = now;
    if (a.time_limit_ms !== null && a.elapsed_ms >= a.time_limit_ms) {
      a.elapsed_ms = a.time_limit_ms;
      finish(a, true);
      return true;
    }
    return false;
  }

  function act(id: number, f: (a: MockAttempt) => void): ExamState {
    const a = find(id);
    if (a.status !== "in_progress") throw reject("invalid_input", `exam attempt ${id} is ${a.status.replace("_", " ")}; start a new one`);
    if (!tick(a)) f(a);
    return state(a);
  }

  function notPaused(a: MockAttempt) {
    if (a.paused) throw reject("invalid_input", "the exam is paused; resume it first");
  }

  function pos(a: MockAttempt, i: number): number {
    if (i < 0 || i >= a.items.length) throw reject("invalid_input", `question ${i} does not exist`);
    return i;
  }

  function reveal(a: MockAttempt, it: MockItem): boolean {
    return a.status !== "in_progress" || (a.config.mode === "practice" && it.correct !== null);
  }

  function state(a: MockAttempt): ExamState {
    const it = a.items[a.current];
    const q = it.q;
    const shown = reveal(a, it);
    return {
      attempt_id: a.id,
      mode: a.config.mode,
      status: a.status,
      config: structuredClone(a.config),
      total: a.items.length,
      current: a.current,
      answered: a.items.filter((x) => x.selected.length > 0).length,
      flagged: a.items.filter((x) => x.flagged).length,
      time_limit_ms: a.time_limit_ms,
      elapsed_ms: a.elapsed_ms,
      remaining_ms: a.time_limit_ms === null ? null : Math.max(0, a.time_limit_ms - a.elapsed_ms),
      paused: a.paused,
      can_pause: a.config.mode === "practice" && a.status === "in_progress",
      immediate_feedback: a.config.mode === "practice",
      time_up: a.time_up,
      started_at: a.started_at,
      navigator: a.items.map((x, i) => ({
        position: i,
        answered: x.selected.length > 0,
        flagged: x.flagged,
        correct: reveal(a, x) ? isRight(x) : null,
      })),
      question: {
        position: a.current,
        id: q.id,
        service: q.service,
        domain: q.domain,
        difficulty: q.difficulty,
        stem: q.stem,
        choices: [...q.choices],
        multiple: q.answer.length > 1,
        choose: q.answer.length,
        selected: [...it.selected],
        flagged: it.flagged,
        time_ms: it.time_ms,
        generated: false,
        feedback: shown
          ? { correct: isRight(it), answer: [...q.answer], explanation: q.explanation, refs: q.refs.map(noteRef) }
          : null,
      },
    };
  }

  function breakdown(items: MockItem[], key: (it: MockItem) => string, weights: boolean): ExamBreakdown[] {
    const m = new Map<string, [number, number]>();
    for (const it of items) {
      const k = key(it);
      const v = m.get(k) ?? [0, 0];
      v[0] += 1;
      v[1] += isRight(it) ? 1 : 0;
      m.set(k, v);
    }
    let keys = [...m.keys()];
    keys = weights
      ? DOMAIN_ORDER.filter((d) => m.has(d))
      : keys.sort();
    return keys.map((k) => {
      const [t, c] = m.get(k)!;
      return { key: k, total: t, correct: c, percent: round1((100 * c) / t), weight_percent: weights ? WEIGHT[k as ExamDomain] : null };
    });
  }

  function result(a: MockAttempt): ExamResult {
    const correct = a.items.filter(isRight).length;
    const total = a.items.length;
    const score = scaledEstimate(correct / total);
    return {
      attempt_id: a.id,
      mode: a.config.mode,
      status: a.status,
      config: structuredClone(a.config),
      started_at: a.started_at,
      submitted_at: a.submitted_at,
      time_up: a.time_up,
      time_limit_ms: a.time_limit_ms,
      elapsed_ms: a.elapsed_ms,
      total,
      answered: a.items.filter((x) => x.selected.length > 0).length,
      correct,
      percent: round1((100 * correct) / total),
      scaled: {
        score,
        pass_mark: 720,
        passed: score >= 720,
        estimate: true,
        label: "Estimated scaled score (100–1000, pass 720): a Coldstart estimate, not an official AWS score",
      },
      by_domain: breakdown(a.items, (it) => it.q.domain, true),
      by_service: breakdown(a.items, (it) => it.q.service, false),
      mean_time_ms: Math.round(a.items.reduce((s, it) => s + it.time_ms, 0) / total),
      questions: a.items.map((it, i) => ({
        position: i,
        id: it.q.id,
        service: it.q.service,
        domain: it.q.domain,
        difficulty: it.q.difficulty,
        stem: it.q.stem,
        choices: [...it.q.choices],
        multiple: it.q.answer.length > 1,
        selected: [...it.selected],
        answer: [...it.q.answer],
        correct: isRight(it),
        answered: it.selected.length > 0,
        flagged: it.flagged,
        time_ms: it.time_ms,
        explanation: it.q.explanation,
        refs: it.q.refs.map(noteRef),
        generated: false,
      })),
    };
  }

  return {
    async examStart(req: ExamStartRequest): Promise<ExamState> {
      await delay(5);
      const mode = req.mode ?? "exam";
      const questions = req.questions ?? (mode === "exam" ? 65 : mode === "practice" ? 20 : 30);
      if (questions < 1 || questions > 500) throw reject("invalid_input", `questions must be between 1 and 500, not ${questions}`);
      const minutes =
        req.minutes === 0
          ? null
          : req.minutes !== undefined
            ? req.minutes
            : mode === "exam" && req.questions === undefined
              ? 130
              : mode === "practice"
                ? null
                : questions * 2;
      const pool = BANK.filter(
        (q) =>
          (!req.services?.length || req.services.includes(q.service)) &&
          (!req.domains?.length || req.domains.includes(q.domain)),
      );
      if (pool.length === 0) throw reject("invalid_input", "no questions match the services and domains chosen");
      for (const a of attempts) if (a.status === "in_progress") a.status = "abandoned";
      const seed = req.seed ?? Date.now() % 100_000;
      // The mock bank is small: repeat it to reach the count.
      const items: MockItem[] = [];
      for (let i = 0; i < questions; i++) {
        const q = pool[(i + seed) % pool.length];
        items.push({ q, selected: [], flagged: false, time_ms: 0, correct: null });
      }
      const now = Date.now();
      const a: MockAttempt = {
        id: nextId++,
        config: {
          mode,
          questions,
          minutes,
          services: [...(req.services ?? [])].sort(),
          domains: [...(req.domains ?? [])],
          seed,
          include_generated: req.includeGenerated ?? mode !== "exam",
        },
        status: "in_progress",
        items,
        current: 0,
        elapsed_ms: 0,
        time_limit_ms: minutes === null ? null : minutes * 60_000,
        paused: false,
        time_up: false,
        started_at: now,
        submitted_at: null,
        last: now,
      };
      attempts.push(a);
      return state(a);
    },

    async examCurrent(): Promise<ExamState | null> {
      await delay(5);
      const a = [...attempts].reverse().find((x) => x.status === "in_progress");
      if (!a) return null;
      tick(a);
      return state(a);
    },

    async examAnswer(attemptId: number, index: number, choices: number[]): Promise<ExamState> {
      await delay(5);
      return act(attemptId, (a) => {
        notPaused(a);
        const p = pos(a, index);
        const it = a.items[p];
        const sel = [...new Set(choices)].sort((x, y) => x - y);
        if (sel.some((c) => c >= it.q.choices.length)) throw reject("invalid_input", "that choice does not exist");
        if (it.q.answer.length === 1 && sel.length > 1) throw reject("invalid_input", "this question takes one answer");
        if (a.config.mode === "practice") {
          if (it.correct !== null) throw reject("invalid_input", "already answered (practice mode shows the answer at once)");
          if (sel.length === 0) throw reject("invalid_input", "choose at least one answer");
          if (sel.length === it.q.answer.length) {
            it.selected = sel;
            it.correct = isRight(it);
          }
        }
        it.selected = sel;
        a.current = p;
      });
    },

    async examFlag(attemptId: number, index: number, flagged?: boolean): Promise<ExamState> {
      await delay(5);
      return act(attemptId, (a) => {
        notPaused(a);
        const it = a.items[pos(a, index)];
        it.flagged = flagged ?? !it.flagged;
      });
    },

    async examGoto(attemptId: number, index: number): Promise<ExamState> {
      await delay(5);
      return act(attemptId, (a) => {
        notPaused(a);
        a.current = pos(a, index);
      });
    },

    async examPause(attemptId: number): Promise<ExamState> {
      await delay(5);
      return act(attemptId, (a) => {
        if (a.config.mode !== "practice") throw reject("invalid_input", "pause is only allowed in practice mode");
        a.paused = true;
      });
    },

    async examResume(attemptId: number): Promise<ExamState> {
      await delay(5);
      return act(attemptId, (a) => {
        if (a.config.mode !== "practice") throw reject("invalid_input", "pause and resume are only allowed in practice mode");
        a.paused = false;
      });
    },

    async examSubmit(attemptId: number): Promise<ExamResult> {
      await delay(20);
      const a = find(attemptId);
      if (a.status === "submitted") return result(a);
      if (a.status !== "in_progress") throw reject("invalid_input", `exam attempt ${attemptId} is ${a.status}`);
      if (!tick(a)) finish(a, false);
      return result(a);
    },

    async examResult(attemptId: number): Promise<ExamResult> {
      await delay(5);
      return result(find(attemptId));
    },

    async examHistory(): Promise<ExamSummary[]> {
      await delay(5);
      return attempts.map((a) => {
        const done = a.status === "submitted";
        const r = result(a);
        return {
          attempt_id: a.id,
          mode: a.config.mode,
          status: a.status,
          started_at: a.started_at,
          submitted_at: a.submitted_at,
          total: r.total,
          answered: r.answered,
          correct: done ? r.correct : null,
          percent: done ? r.percent : null,
          scaled: done ? r.scaled.score : null,
          passed: done ? r.scaled.passed : null,
          elapsed_ms: a.elapsed_ms,
          time_limit_ms: a.time_limit_ms,
          services: [...a.config.services],
          domains: [...a.config.domains],
        };
      });
    },
  };
}
