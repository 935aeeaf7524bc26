// A few simulators for the browser mock, in the engine's shapes and with its error messages,
// so the notebook's widgets and the Simulators view work in `vite dev`. The desktop app uses
// the real engine (src/sim/); these copies are only a demo.
import type { BackendError, InputSpec, InputValue, JsonValue, ModelInfo, SimResult, SimSeries } from "./types";

const num = (key: string, unit: string, min: number, max: number, step: number, def: number | null, help: string, optional = false): InputSpec => ({
  key,
  unit,
  kind: { number: { min, max, step } },
  default: def,
  help,
  optional,
});
const choice = (key: string, opts: string[], def: string, help: string): InputSpec => ({
  key,
  unit: "",
  kind: { choice: opts },
  default: def,
  help,
  optional: false,
});

export const MOCK_CATALOG: ModelInfo[] = [
  {
    name: "dynamodb-capacity",
    title: "DynamoDB capacity units",
    summary: "Read and write capacity units (RCU, WCU) a provisioned table needs for a workload, with item sizes rounded up to 4 KB for reads and 1 KB for writes.",
    inputs: [
      num("reads_per_second", "reads/s", 0, 1e8, 0, 0, "Item reads per second"),
      num("writes_per_second", "writes/s", 0, 1e8, 0, 0, "Item writes per second"),
      num("item_size_kb", "KB", 0.001, 400, 0, null, "Size of one item (attribute names and values)"),
      choice("read_consistency", ["eventual", "strong", "transactional"], "eventual", "Read consistency: eventual (half an RCU per 4 KB), strong, or transactional (double)"),
      choice("write_mode", ["standard", "transactional"], "standard", "Write mode: standard, or transactional (double)"),
    ],
    outputs: [
      { key: "rcu", unit: "RCU", help: "Read capacity units to provision" },
      { key: "wcu", unit: "WCU", help: "Write capacity units to provision" },
      { key: "read_chunks", unit: "4 KB chunks", help: "Item size in 4 KB chunks, rounded up" },
      { key: "write_chunks", unit: "1 KB chunks", help: "Item size in 1 KB chunks, rounded up" },
    ],
  },
  {
    name: "lambda-cost",
    title: "Lambda monthly cost",
    summary: "Monthly bill of one function: requests plus GB-seconds of compute, with the free tier.",
    inputs: [
      num("requests_per_month", "requests", 0, 1e12, 1, null, "Invocations per month"),
      num("avg_duration_ms", "ms", 0, 900000, 0, null, "Average duration of one invocation"),
      num("memory_mb", "MB", 128, 10240, 1, 128, "Memory configured"),
      choice("architecture", ["x86_64", "arm64"], "x86_64", "Instruction set architecture"),
      { key: "free_tier", unit: "", kind: "bool", default: true, help: "Apply the monthly free tier", optional: false },
    ],
    outputs: [
      { key: "gb_seconds", unit: "GB-s", help: "Compute used" },
      { key: "request_cost_usd", unit: "USD", help: "Request charge" },
      { key: "compute_cost_usd", unit: "USD", help: "Compute charge" },
      { key: "total_cost_usd", unit: "USD", help: "Total per month" },
    ],
  },
  {
    name: "retry-schedule",
    title: "Retry schedule with exponential backoff",
    summary: "When each retry happens and when the caller gives up.",
    inputs: [
      num("interval_seconds", "s", 0, 1e6, 0, 1, "Wait before the first retry"),
      num("backoff_rate", "×", 1, 100, 0, 2, "Multiplier of the wait after each retry"),
      num("max_attempts", "retries", 0, 1000, 1, 3, "Retries before giving up"),
    ],
    outputs: [
      { key: "attempt_times_seconds", unit: "s", help: "When each retry starts" },
      { key: "total_seconds", unit: "s", help: "Time until the caller gives up" },
    ],
  },
];

function fmt(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 6 });
}

function rangeText(spec: InputSpec): string {
  if (typeof spec.kind !== "object" || !("number" in spec.kind)) return "";
  const { min, max, step } = spec.kind.number;
  return `${step === 1 ? "a whole number " : ""}from ${min} to ${max}${spec.unit ? ` ${spec.unit}` : ""}`;
}

/** Validates like the engine: every problem in one message naming the key, value and range. */
function validate(model: ModelInfo, given: Record<string, InputValue>): Record<string, InputValue> {
  const errors: string[] = [];
  const out: Record<string, InputValue> = {};
  for (const k of Object.keys(given)) {
    if (!model.inputs.some((s) => s.key === k))
      errors.push(`unknown input \`${k}\` for ${model.name}; valid inputs: ${model.inputs.map((s) => s.key).join(", ")}`);
  }
  for (const s of model.inputs) {
    const v = given[s.key] ?? s.default;
    if (v === null || v === undefined) {
      if (!s.optional) errors.push(`missing required input \`${s.key}\` for ${model.name} (${rangeText(s)}; ${s.help})`);
      continue;
    }
    const shown = typeof v === "string" ? JSON.stringify(v) : String(v);
    if (s.kind === "bool") {
      if (typeof v !== "boolean") errors.push(`input \`${s.key}\` = ${shown} has the wrong type: expected true or false`);
    } else if ("choice" in s.kind) {
      if (typeof v !== "string" || !s.kind.choice.includes(v))
        errors.push(`input \`${s.key}\` = ${shown} is not valid; choose one of: ${s.kind.choice.join(", ")}`);
    } else {
      const { min, max, step } = s.kind.number;
      if (typeof v !== "number") errors.push(`input \`${s.key}\` = ${shown} has the wrong type: expected a number, valid values are ${rangeText(s)}`);
      else if (v < min || v > max) errors.push(`input \`${s.key}\` = ${v} is out of range; valid range is ${rangeText(s)}`);
      else if (step === 1 && !Number.isInteger(v)) errors.push(`input \`${s.key}\` = ${v} must be a whole number; valid range is ${rangeText(s)}`);
    }
    out[s.key] = v;
  }
  if (errors.length) throw { kind: "invalid_input", message: errors.join("; ") } satisfies BackendError;
  return out;
}

const ceil = (x: number) => Math.ceil(x - 1e-9);

function compute(name: string, i: Record<string, InputValue>): { outputs: Record<string, JsonValue>; explanation: string; series: SimSeries[] } {
  const n = (k: string) => i[k] as number;
  switch (name) {
    case "dynamodb-capacity": {
      const size = n("item_size_kb");
      const rc = Math.max(1, ceil(size / 4));
      const wc = Math.max(1, ceil(size / 1));
      const rf = { eventual: 0.5, strong: 1, transactional: 2 }[i.read_consistency as string] ?? 1;
      const wf = i.write_mode === "transactional" ? 2 : 1;
      const rcu = ceil(n("reads_per_second") * rc * rf);
      const wcu = ceil(n("writes_per_second") * wc * wf);
      return {
        outputs: { rcu, wcu, read_chunks: rc, write_chunks: wc },
        explanation:
          `Reads: ceil(${fmt(size)} / 4) = ${rc} chunk(s) × ${rf} = ${rc * rf} RCU per read; ${fmt(n("reads_per_second"))} reads/s → ${fmt(rcu)} RCU.\n` +
          `Writes: ceil(${fmt(size)} / 1) = ${wc} chunk(s) × ${wf} = ${wc * wf} WCU per write; ${fmt(n("writes_per_second"))} writes/s → ${fmt(wcu)} WCU.`,
        series: [],
      };
    }
    case "lambda-cost": {
      const price = i.architecture === "arm64" ? 0.0000133334 : 0.0000166667;
      const cost = (req: number) => {
        const gbs = (req * n("avg_duration_ms")) / 1000 * (n("memory_mb") / 1024);
        const freeG = i.free_tier ? 400000 : 0;
        const freeR = i.free_tier ? 1e6 : 0;
        const rc = (Math.max(0, req - freeR) * 0.2) / 1e6;
        const cc = Math.max(0, gbs - freeG) * price;
        return { gbs, rc, cc, total: rc + cc };
      };
      const req = n("requests_per_month");
      const c = cost(req);
      const top = Math.max(req * 2, 1e6);
      const points: [number, number][] = Array.from({ length: 41 }, (_, k) => [(top * k) / 40, cost((top * k) / 40).total]);
      return {
        outputs: { gb_seconds: c.gbs, request_cost_usd: c.rc, compute_cost_usd: c.cc, total_cost_usd: c.total },
        explanation: `Compute: ${fmt(req)} × ${fmt(n("avg_duration_ms") / 1000)} s × ${n("memory_mb")} MB / 1024 = ${fmt(c.gbs)} GB-s.\nTotal: $${c.total.toFixed(2)} per month.`,
        series: [{ name: "total cost", x_label: "requests per month", y_label: "USD per month", points }],
      };
    }
    default: {
      const times: number[] = [];
      let t = 0;
      for (let k = 0; k < n("max_attempts"); k++) {
        t += n("interval_seconds") * Math.pow(n("backoff_rate"), k);
        times.push(t);
      }
      return {
        outputs: { attempt_times_seconds: times, total_seconds: t },
        explanation: `Waits: ${fmt(n("interval_seconds"))} s × ${fmt(n("backoff_rate"))}^(k−1); retries at [${times.map(fmt).join(", ")}] s.`,
        series: [{ name: "retries", x_label: "seconds after the first failure", y_label: "retry number", points: times.map((x, k) => [x, k + 1]) }],
      };
    }
  }
}

export function mockSimRun(name: string, inputs: Record<string, InputValue>): SimResult {
  const model = MOCK_CATALOG.find((m) => m.name === name);
  if (!model)
    throw { kind: "invalid_input", message: `unknown simulator \`${name}\`; known simulators: ${MOCK_CATALOG.map((m) => m.name).join(", ")}` } satisfies BackendError;
  const used = validate(model, inputs);
  return { sim: name, inputs: used, ...compute(name, used) };
}
