// In-memory review backend for the browser mock (`vite dev`): a few cards made from the mock notes,
// a simplified scheduler (learning steps, then growing intervals), undo, and months of synthetic
// history so the Stats view has something to draw. Follows review-contract.md's shapes.
import type {
  AnswerResult,
  BackendError,
  CardFilter,
  CardInfo,
  CardKind,
  CardState,
  DayCount,
  DueSummary,
  Forecast,
  Grade,
  GradePreview,
  MonthRetention,
  OptimizeProgress,
  OptimizeReport,
  QueueItem,
  ReviewCard,
  ReviewSettings,
  ServiceMastery,
  Stats,
  UndoResult,
} from "../../lib/ipc/types";
import { formatInterval, GRADES } from "./reviewLogic";

const DAY = 86_400_000;

interface Def {
  kind: CardKind;
  service: string;
  front: string;
  back: string;
  file: string;
  anchor: string;
  path: string[];
  line: number;
  title: string;
  context: string;
}

const LAMBDA_T = "Lambda limits and concurrency";
const DDB_T = "DynamoDB capacity units";
const APIGW_T = "API Gateway throttling";

const DEFS: Def[] = [
  {
    kind: "qa",
    service: "lambda",
    front: "What does reserved concurrency do?",
    back: "It guarantees and caps the concurrency of one function.",
    file: "content/lambda/limits.md",
    anchor: "reserved-vs-provisioned-concurrency",
    path: [LAMBDA_T, "Concurrency", "Reserved vs provisioned concurrency"],
    line: 30,
    title: LAMBDA_T,
    context:
      "Reserved concurrency both guarantees and caps a function's concurrency. It costs nothing. Provisioned concurrency keeps execution environments initialized.",
  },
  {
    kind: "number",
    service: "lambda",
    front: "The maximum Lambda timeout is [...] s (15 min).",
    back: "900 s",
    file: "content/lambda/limits.md",
    anchor: "timeouts-and-memory",
    path: [LAMBDA_T, "Timeouts and memory"],
    line: 9,
    title: LAMBDA_T,
    context: "Timeout: minimum 1 s, maximum 900 s (15 min), default 3 s.",
  },
  {
    kind: "number",
    service: "lambda",
    front: "At [...] MB a function gets the equivalent of one full vCPU.",
    back: "1,769 MB",
    file: "content/lambda/limits.md",
    anchor: "timeouts-and-memory",
    path: [LAMBDA_T, "Timeouts and memory"],
    line: 16,
    title: LAMBDA_T,
    context: "CPU is allocated in proportion to memory: at 1,769 MB a function gets the equivalent of one full vCPU.",
  },
  {
    kind: "definition",
    service: "lambda",
    front: "What is meant by “Provisioned concurrency”?",
    back: "Execution environments kept initialized, removing cold starts for that many concurrent requests; billed while configured.",
    file: "content/lambda/limits.md",
    anchor: "reserved-vs-provisioned-concurrency",
    path: [LAMBDA_T, "Concurrency", "Reserved vs provisioned concurrency"],
    line: 31,
    title: LAMBDA_T,
    context:
      "Provisioned concurrency keeps execution environments initialized, removing cold starts for that many concurrent requests. It is billed while configured.",
  },
  {
    kind: "number",
    service: "lambda",
    front: "The default regional concurrency quota is [...] across all functions in an account.",
    back: "1,000",
    file: "content/lambda/limits.md",
    anchor: "concurrency",
    path: [LAMBDA_T, "Concurrency"],
    line: 22,
    title: LAMBDA_T,
    context: "The default regional concurrency quota is 1,000 across all functions in an account. Reserved concurrency carves a slice out of it.",
  },
  {
    kind: "qa",
    service: "dynamodb",
    front: "How many WCUs does one standard write per second of a 4.5 KB item need?",
    back: "5 WCU\n(items round up to the next KB: ⌈4.5⌉ = 5)",
    file: "content/dynamodb/capacity.md",
    anchor: "write-capacity-units",
    path: [DDB_T, "Write capacity units"],
    line: 12,
    title: DDB_T,
    context: "One WCU is one write per second of an item up to 1 KB. Larger items round up to the next KB.",
  },
  {
    kind: "number",
    service: "dynamodb",
    front: "A single partition serves at most [...] RCU and 1,000 WCU.",
    back: "3,000 RCU",
    file: "content/dynamodb/capacity.md",
    anchor: "partitions",
    path: [DDB_T, "Partitions"],
    line: 30,
    title: DDB_T,
    context: "A single partition serves at most 3,000 RCU and 1,000 WCU, and stores about 10 GB.",
  },
  {
    kind: "cloze",
    service: "dynamodb",
    front: "Transactional writes cost [...] WCUs per KB.",
    back: "two",
    file: "content/dynamodb/capacity.md",
    anchor: "write-capacity-units",
    path: [DDB_T, "Write capacity units"],
    line: 16,
    title: DDB_T,
    context: "Transactional writes cost twice as much: two WCUs per KB.",
  },
  {
    kind: "number",
    service: "apigateway",
    front: "By default each account gets a steady-state rate of [...] requests per second per Region.",
    back: "10,000 requests per second",
    file: "content/apigateway/throttling.md",
    anchor: "account-level-limits",
    path: [APIGW_T, "Account-level limits"],
    line: 9,
    title: APIGW_T,
    context: "By default each account gets a steady-state rate of 10,000 requests per second per Region with a burst of 5,000 requests.",
  },
  {
    kind: "qa",
    service: "apigateway",
    front: "Are usage plans and API keys a security mechanism?",
    back: "No: they set per-client throttling and quotas. Use an authorizer for security.",
    file: "content/apigateway/throttling.md",
    anchor: "usage-plans",
    path: [APIGW_T, "Usage plans"],
    line: 14,
    title: APIGW_T,
    context: "Usage plans set per-client throttling and quotas, identified by API keys. They are not a security mechanism.",
  },
  {
    kind: "fact",
    service: "sqs",
    front: "What is the maximum SQS visibility timeout?",
    back: "12 hours (as of 2026-11)",
    file: "content/facts.toml",
    anchor: "sqs.visibility_timeout_max",
    path: ["Fact base", "sqs"],
    line: 0,
    title: "Fact base",
    context: "Maximum visibility timeout of an SQS message",
  },
  {
    kind: "exercise",
    service: "dynamodb",
    front: "A table takes 6 writes/s of 4.5 KB items. How many WCU does it need?",
    back: "30 WCU\n\n6 writes/s × ⌈4.5 KB / 1 KB⌉ = 6 × 5 = 30 WCU",
    file: "sim:dynamodb-capacity",
    anchor: "dynamodb-capacity",
    path: ["Simulators", "DynamoDB capacity"],
    line: 0,
    title: "DynamoDB capacity",
    context: "Write capacity for a steady write rate of items of a given size.",
  },
];

interface Sched {
  state: CardState;
  step: number;
  due: number;
  interval_days: number;
  stability: number | null;
  difficulty: number | null;
  reps: number;
  lapses: number;
  suspended: boolean;
  buried_until: string;
  flag: number;
  last_review: number | null;
}

interface MockCard {
  id: string;
  def: Def;
  front: string | null;
  back: string | null;
  sched: Sched;
}

interface LogRow {
  at: number;
  date: string;
  card_id: string;
  rating: Grade;
  before: CardState;
  taken_ms: number;
}

type UndoEntry = { op: string; card_id: string; before: Sched; revlog: boolean };

function hexId(i: number): string {
  return (0x5eed0000 + i * 2654435761).toString(16).replace("-", "").padStart(16, "0").slice(-16);
}

/** Deterministic PRNG (mulberry32), so the demo history looks the same on every load. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number) {
  return String(n).padStart(2, "0");
}

function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function err(kind: string, message: string): BackendError {
  return { kind, message };
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ReviewMockOptions {
  /** Milliseconds of fake latency per call (default 5). */
  latency?: number;
  /** Fake clock (tests). */
  now?: () => number;
  /** Synthetic history days (default 170). 0: a brand-new collection. */
  historyDays?: number;
}

export function createReviewMock(opts: ReviewMockOptions = {}) {
  const latency = opts.latency ?? 5;
  const now = opts.now ?? (() => Date.now());
  const settings: ReviewSettings = {
    desired_retention: 0.9,
    new_per_day: 20,
    reviews_per_day: 200,
    learning_steps: [60, 600],
    relearning_steps: [600],
    day_starts_at: 4,
    max_interval: 36500,
    fsrs_params: [],
    previous_params: 0,
  };
  const paramHistory: number[][] = [];
  const studyDate = (ms: number) => localDate(ms - settings.day_starts_at * 3_600_000);
  const today = () => studyDate(now());
  const endOfDay = () => {
    const d = new Date(now() - settings.day_starts_at * 3_600_000);
    d.setHours(0, 0, 0, 0);
    return d.getTime() + DAY + settings.day_starts_at * 3_600_000;
  };

  const fresh = (): Sched => ({
    state: "new",
    step: 0,
    due: 0,
    interval_days: 0,
    stability: null,
    difficulty: null,
    reps: 0,
    lapses: 0,
    suspended: false,
    buried_until: "",
    flag: 0,
    last_review: null,
  });

  const cards: MockCard[] = DEFS.map((def, i) => ({ id: hexId(i + 1), def, front: null, back: null, sched: fresh() }));
  // Background cards already in review: they fill the forecast, card states and mastery charts.
  const rand = rng(42);
  const services = ["lambda", "dynamodb", "apigateway", "sqs", "stepfunctions"];
  const historyDays = opts.historyDays ?? 170;
  if (historyDays > 0) {
    for (let i = 0; i < 60; i++) {
      const service = services[i % services.length];
      const ivl = 1 + Math.floor(rand() * rand() * 60);
      const due = now() + (1 + Math.floor(rand() * 29)) * DAY + 3_600_000; // from tomorrow: the demo starts on real cards
      cards.push({
        id: hexId(100 + i),
        def: {
          kind: "number",
          service,
          front: `Studied ${service} card ${i + 1}: a limit worth [...] remembering.`,
          back: "well",
          file: "content/lambda/limits.md",
          anchor: "concurrency",
          path: [LAMBDA_T, "Concurrency"],
          line: 20,
          title: LAMBDA_T,
          context: "",
        },
        front: null,
        back: null,
        sched: {
          ...fresh(),
          state: "review",
          due,
          interval_days: ivl,
          stability: ivl * (0.8 + rand() * 0.8),
          difficulty: 3 + rand() * 5,
          reps: 3 + Math.floor(rand() * 8),
          lapses: Math.floor(rand() * 2),
          last_review: due - ivl * DAY,
        },
      });
    }
  }

  // Synthetic review history: most days studied, busier on weekdays.
  const history: LogRow[] = [];
  for (let d = historyDays; d >= 1; d--) {
    const at = now() - d * DAY;
    if (rand() < 0.22) continue;
    const n = Math.floor(5 + rand() * 40 + (d % 7 < 5 ? 10 : 0));
    for (let k = 0; k < n; k++) {
      const r = rand();
      const rating: Grade = r < 0.1 ? "again" : r < 0.2 ? "hard" : r < 0.92 ? "good" : "easy";
      history.push({
        at: at + k * 40_000,
        date: studyDate(at),
        card_id: "history",
        rating,
        before: rand() < 0.25 ? "new" : "review",
        taken_ms: 4000 + Math.floor(rand() * 9000),
      });
    }
  }
  const log: LogRow[] = [];
  const undo: UndoEntry[] = [];

  const find = (id: string) => {
    const c = cards.find((x) => x.id === id);
    if (!c) throw err("not_found", `card "${id}" does not exist`);
    return c;
  };

  const isBuried = (c: MockCard) => c.sched.buried_until !== "" && c.sched.buried_until > today();
  const active = (c: MockCard) => !c.sched.suspended && !isBuried(c);

  function info(c: MockCard): CardInfo {
    const s = c.sched;
    return {
      id: c.id,
      kind: c.def.kind,
      explicit: c.def.kind === "qa" || c.def.kind === "cloze",
      service: c.def.service,
      front: c.front ?? c.def.front,
      back: c.back ?? c.def.back,
      edited: c.front !== null || c.back !== null,
      source: { file: c.def.file, anchor: c.def.anchor, heading_path: c.def.path, line: c.def.line, title: c.def.title },
      context: c.def.context,
      state: s.state,
      due: s.due,
      interval_days: s.interval_days,
      stability: s.stability,
      difficulty: s.difficulty,
      reps: s.reps,
      lapses: s.lapses,
      suspended: s.suspended,
      missing: false,
      buried: isBuried(c),
      flag: s.flag,
      changed: false,
    };
  }

  function counts() {
    const t = today();
    const todays = log.filter((l) => l.date === t);
    const newDone = todays.filter((l) => l.before === "new").length;
    const reviewsDone = todays.filter((l) => l.before === "review").length;
    const n = now();
    const learningCards = cards.filter(
      (c) => active(c) && (c.sched.state === "learning" || c.sched.state === "relearning"),
    );
    const learningDue = learningCards.filter((c) => c.sched.due <= n);
    const reviewDue = cards.filter((c) => active(c) && c.sched.state === "review" && c.sched.due < endOfDay());
    const newCards = cards.filter((c) => active(c) && c.sched.state === "new");
    const newLeft = Math.max(0, Math.min(newCards.length, settings.new_per_day - newDone));
    const reviewLeft = Math.max(0, Math.min(reviewDue.length, settings.reviews_per_day - reviewsDone));
    const pending = learningCards.filter((c) => c.sched.due > n).map((c) => c.sched.due);
    return {
      newCards: newCards.slice(0, newLeft),
      learningDue: learningDue.sort((a, b) => a.sched.due - b.sched.due),
      reviewDue: reviewDue.slice(0, reviewLeft),
      learningAhead: learningCards
        .filter((c) => c.sched.due > n && c.sched.due <= n + 20 * 60_000)
        .sort((a, b) => a.sched.due - b.sched.due),
      newDone,
      reviewsDone,
      doneToday: todays.length,
      reviewDueTotal: reviewDue.length,
      nextLearning: pending.length ? Math.min(...pending) : null,
    };
  }

  /** The simplified scheduler: learning steps, then intervals that grow with the grade. */
  function schedule(s: Sched, g: Grade, at: number): Sched {
    const next: Sched = { ...s, reps: s.reps + 1, last_review: at };
    const steps = s.state === "relearning" ? settings.relearning_steps : settings.learning_steps;
    const graduate = (days: number) => {
      next.state = "review";
      next.step = 0;
      next.interval_days = Math.min(settings.max_interval, Math.max(1, Math.round(days)));
      next.due = at + next.interval_days * DAY;
      next.stability = next.interval_days;
      next.difficulty = next.difficulty ?? 5;
    };
    const toStep = (state: CardState, step: number, secs: number) => {
      next.state = state;
      next.step = step;
      next.interval_days = 0;
      next.due = at + secs * 1000;
    };
    if (s.state === "new" || s.state === "learning" || s.state === "relearning") {
      const lstate: CardState = s.state === "relearning" ? "relearning" : "learning";
      const step = s.state === "new" ? 0 : s.step;
      if (g === "again") toStep(lstate, 0, steps[0] ?? 60);
      else if (g === "hard") toStep(lstate, step, step === 0 && steps.length > 1 ? ((steps[0] + steps[1]) / 2) : (steps[step] ?? 600) * 1.2);
      else if (g === "good") {
        if (step + 1 < steps.length) toStep(lstate, step + 1, steps[step + 1]);
        else graduate(s.state === "relearning" ? Math.max(1, s.interval_days * 0.5) : 1);
      } else graduate(s.state === "relearning" ? Math.max(2, s.interval_days * 0.7) : 4);
    } else {
      const ivl = Math.max(1, s.interval_days);
      if (g === "again") {
        next.lapses = s.lapses + 1;
        toStep("relearning", 0, settings.relearning_steps[0] ?? 600);
        next.interval_days = 0;
      } else graduate(ivl * (g === "hard" ? 1.2 : g === "good" ? 2.5 : 3.6) * (settings.desired_retention >= 0.9 ? 1 : 1.3));
    }
    return next;
  }

  function previews(c: MockCard): GradePreview[] {
    const at = now();
    return GRADES.map((rating) => {
      const after = schedule(c.sched, rating, at);
      const secs = Math.round((after.due - at) / 1000);
      return { rating, interval: formatInterval(secs), interval_secs: secs, due: after.due, state: after.state };
    });
  }

  function queueItem(c: MockCard): QueueItem {
    return { id: c.id, kind: c.def.kind, service: c.def.service, front: c.front ?? c.def.front, state: c.sched.state, due: c.sched.due };
  }

  function change(id: string, op: string, f: (s: Sched) => void): CardInfo {
    const c = find(id);
    const before = { ...c.sched };
    f(c.sched);
    if (JSON.stringify(before) !== JSON.stringify(c.sched)) undo.push({ op, card_id: id, before, revlog: false });
    return info(c);
  }

  function dayCounts(rows: LogRow[]): DayCount[] {
    const by = new Map<string, LogRow[]>();
    for (const r of rows) by.set(r.date, [...(by.get(r.date) ?? []), r]);
    return [...by.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, rs]) => ({
        date,
        day: Math.floor(Date.parse(date) / DAY),
        reviews: rs.length,
        new: rs.filter((r) => r.before === "new").length,
        review: rs.filter((r) => r.before === "review").length,
        passed: rs.filter((r) => r.before === "review" && r.rating !== "again").length,
        seconds: Math.round(rs.reduce((a, r) => a + r.taken_ms, 0) / 1000),
      }));
  }

  const slow = async () => {
    if (latency > 0) await wait(latency);
  };

  return {
    async reviewDue(): Promise<DueSummary> {
      await slow();
      const k = counts();
      const queue = [...k.learningDue, ...k.reviewDue, ...k.newCards].map(queueItem);
      return {
        date: today(),
        new: k.newCards.length,
        learning: k.learningDue.length,
        review: k.reviewDue.length,
        total: k.newCards.length + k.learningDue.length + k.reviewDue.length,
        done_today: k.doneToday,
        new_done: k.newDone,
        reviews_done: k.reviewsDone,
        new_limit: settings.new_per_day,
        review_limit: settings.reviews_per_day,
        review_due_total: k.reviewDueTotal,
        next_learning_due: k.nextLearning,
        queue,
      };
    },

    async reviewNext(): Promise<ReviewCard | null> {
      await slow();
      const k = counts();
      const c = k.learningDue[0] ?? k.reviewDue[0] ?? k.newCards[0] ?? k.learningAhead[0];
      if (!c) return null;
      return {
        card: info(c),
        previews: previews(c),
        new: k.newCards.length,
        learning: k.learningDue.length + (k.learningDue.length === 0 && c === k.learningAhead[0] ? 1 : 0),
        review: k.reviewDue.length,
        done_today: k.doneToday,
      };
    },

    async reviewAnswer(cardId: string, grade: Grade, takenMs?: number): Promise<AnswerResult> {
      await slow();
      if (!GRADES.includes(grade)) throw err("invalid_input", `grade "${grade}": expected again, hard, good or easy`);
      const c = find(cardId);
      const at = now();
      const before = { ...c.sched };
      c.sched = schedule(c.sched, grade, at);
      log.push({ at, date: today(), card_id: c.id, rating: grade, before: before.state === "new" ? "new" : before.state === "review" ? "review" : "learning", taken_ms: takenMs ?? 0 });
      undo.push({ op: "answer", card_id: c.id, before, revlog: true });
      const secs = Math.round((c.sched.due - at) / 1000);
      return {
        card_id: c.id,
        rating: grade,
        revlog_id: log.length,
        state: c.sched.state,
        due: c.sched.due,
        due_at: new Date(c.sched.due).toISOString(),
        interval: formatInterval(secs),
        interval_days: c.sched.interval_days,
        interval_secs: secs,
        stability: c.sched.stability ?? 0.5,
        difficulty: c.sched.difficulty ?? 5,
        undo_available: undo.length,
      };
    },

    async reviewUndo(): Promise<UndoResult | null> {
      await slow();
      const u = undo.pop();
      if (!u) return null;
      find(u.card_id).sched = u.before;
      if (u.revlog) {
        const i = log.map((l) => l.card_id).lastIndexOf(u.card_id);
        if (i >= 0) log.splice(i, 1);
      }
      return { op: u.op, card_id: u.card_id, undo_available: undo.length };
    },

    async cardSuspend(cardId: string, suspended: boolean): Promise<CardInfo> {
      await slow();
      return change(cardId, suspended ? "suspend" : "unsuspend", (s) => (s.suspended = suspended));
    },

    async cardBury(cardId: string): Promise<CardInfo> {
      await slow();
      const tomorrow = localDate(Date.parse(`${today()}T12:00:00`) + DAY);
      return change(cardId, "bury", (s) => (s.buried_until = tomorrow));
    },

    async cardFlag(cardId: string, flag: number): Promise<CardInfo> {
      await slow();
      if (!Number.isInteger(flag) || flag < 0 || flag > 7) throw err("invalid_input", `flag ${flag}: expected 0-7`);
      return change(cardId, "flag", (s) => (s.flag = flag));
    },

    async cardEdit(cardId: string, front?: string | null, back?: string | null): Promise<CardInfo> {
      await slow();
      const c = find(cardId);
      if (front !== null && front !== undefined) c.front = front === "" ? null : front;
      if (back !== null && back !== undefined) c.back = back === "" ? null : back;
      return info(c);
    },

    async listCards(filter?: CardFilter): Promise<CardInfo[]> {
      await slow();
      const list = cards.filter((c) => !filter?.service || c.def.service === filter.service).map(info);
      const off = filter?.offset ?? 0;
      return list.slice(off, off + (filter?.limit ?? 1000));
    },

    async reviewStats(): Promise<Stats> {
      await slow();
      const all = [...history, ...log];
      const t = today();
      const perDay = dayCounts(all);
      const todayCount = perDay.find((d) => d.date === t) ?? {
        date: t,
        day: Math.floor(Date.parse(t) / DAY),
        reviews: 0,
        new: 0,
        review: 0,
        passed: 0,
        seconds: 0,
      };
      const forecast: Forecast[] = [];
      const start = Date.parse(`${t}T12:00:00`);
      for (let i = 0; i < 30; i++) {
        const date = localDate(start + i * DAY);
        const due = cards.filter(
          (c) => !c.sched.suspended && c.sched.state !== "new" && (i === 0 ? studyDate(c.sched.due) <= date : studyDate(c.sched.due) === date),
        ).length;
        forecast.push({ date, in_days: i, due });
      }
      const months = new Map<string, { reviews: number; passed: number }>();
      for (const r of all) {
        if (r.before !== "review") continue;
        const m = r.date.slice(0, 7);
        const v = months.get(m) ?? { reviews: 0, passed: 0 };
        v.reviews++;
        if (r.rating !== "again") v.passed++;
        months.set(m, v);
      }
      const retention_by_month: MonthRetention[] = [...months.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, v]) => ({ month, ...v, retention: v.reviews ? v.passed / v.reviews : 0 }));
      const st = { total: cards.length, new: 0, learning: 0, young: 0, mature: 0, relearning: 0, suspended: 0, buried: 0, missing: 0 };
      for (const c of cards) {
        if (c.sched.suspended) st.suspended++;
        else if (isBuried(c)) st.buried++;
        else if (c.sched.state === "new") st.new++;
        else if (c.sched.state === "learning") st.learning++;
        else if (c.sched.state === "relearning") st.relearning++;
        else if ((c.sched.stability ?? 0) >= 21) st.mature++;
        else st.young++;
      }
      const mastery: ServiceMastery[] = [...new Set(cards.map((c) => c.def.service))].sort().map((service) => {
        const mine = cards.filter((c) => c.def.service === service && !c.sched.suspended);
        let sum = 0;
        for (const c of mine) {
          if (c.sched.state === "new" || c.sched.last_review === null) continue;
          const elapsed = Math.max(0, (now() - c.sched.last_review) / DAY);
          sum += Math.pow(1 + elapsed / (9 * Math.max(0.1, c.sched.stability ?? 0.5)), -1);
        }
        return {
          service,
          cards: mine.length,
          studied: mine.filter((c) => c.sched.reps > 0).length,
          mature: mine.filter((c) => (c.sched.stability ?? 0) >= 21).length,
          mastery: mine.length ? sum / mine.length : 0,
        };
      });
      return {
        today: todayCount,
        reviews_per_day: perDay,
        forecast,
        retention_by_month,
        states: st,
        mastery,
        total_reviews: all.length,
      };
    },

    async reviewOptimize(onProgress: (p: OptimizeProgress) => void, restorePrevious?: boolean): Promise<OptimizeReport> {
      await slow();
      if (restorePrevious) {
        const prev = paramHistory.pop();
        if (!prev) throw err("not_found", "no earlier FSRS parameters to go back to");
        settings.fsrs_params = prev;
        settings.previous_params = paramHistory.length;
        return { status: "restored", reviews: 0, needed: 0, params: prev, previous: [], message: "went back to the previous FSRS parameters" };
      }
      const reviews = history.filter((r) => r.before === "review").length + log.filter((r) => r.before === "review").length;
      if (reviews < 400) {
        return {
          status: "not_enough_reviews",
          reviews,
          needed: 400,
          params: settings.fsrs_params,
          previous: settings.fsrs_params,
          message: `not enough reviews to optimise yet: ${reviews} of the 400 needed (reviews of cards seen on an earlier day count); the parameters were not changed`,
        };
      }
      onProgress({ current: 0, total: 0 });
      await wait(300);
      const total = 20;
      for (let i = 1; i <= total; i++) {
        await wait(60);
        onProgress({ current: i, total });
      }
      const previous = settings.fsrs_params;
      const r = rng(reviews + paramHistory.length);
      const params = Array.from({ length: 21 }, (_, i) => Math.round((0.2 + r() * (i < 4 ? 8 : 2)) * 10000) / 10000);
      paramHistory.push(previous);
      settings.fsrs_params = params;
      settings.previous_params = paramHistory.length;
      return {
        status: "optimized",
        reviews,
        needed: 400,
        params,
        previous,
        message: `optimised from ${reviews} reviews; the previous parameters are kept`,
      };
    },

    async getSettings(): Promise<ReviewSettings> {
      await slow();
      return structuredClone(settings);
    },

    async setSetting(key: string, value: string): Promise<ReviewSettings> {
      await slow();
      const v = value.trim();
      const bad = (why: string) => err("invalid_input", `setting ${key} = "${value}": ${why}`);
      const int = (lo: number, hi: number) => {
        if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi) throw bad(`expected a whole number ${lo}-${hi}`);
        return Number(v);
      };
      const steps = () =>
        v.split(/[\s,]+/).filter(Boolean).map((p) => {
          const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(p);
          if (!m) throw bad(`"${p}" is not a step such as 1m or 10m`);
          return Math.round(Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2] || "m"]);
        });
      switch (key) {
        case "desired_retention": {
          const r = Number(v);
          if (!Number.isFinite(r) || r < 0.7 || r > 0.99) throw bad("must be between 0.70 and 0.99");
          settings.desired_retention = r;
          break;
        }
        case "new_per_day":
          settings.new_per_day = int(0, 9999);
          break;
        case "reviews_per_day":
          settings.reviews_per_day = int(0, 99999);
          break;
        case "day_starts_at":
          settings.day_starts_at = int(0, 23);
          break;
        case "max_interval":
          settings.max_interval = int(1, 36500);
          break;
        case "learning_steps":
          settings.learning_steps = steps();
          break;
        case "relearning_steps":
          settings.relearning_steps = steps();
          break;
        default:
          throw err("invalid_input", `unknown setting "${key}"`);
      }
      return structuredClone(settings);
    },
  };
}
