import { describe, expect, it } from "vitest";
import type { InputSpec } from "../../lib/ipc/types";
import {
  LatestGate,
  chartAxes,
  coerceControl,
  errorsByKey,
  fieldText,
  formatOutput,
  fromSlider,
  humanize,
  mergeInputs,
  outputUnit,
  parseCellInputs,
  sliderScale,
  toRunInputs,
  toSlider,
} from "./simLogic";

const specs: InputSpec[] = [
  { key: "reads_per_second", unit: "reads/s", kind: { number: { min: 0, max: 1e8, step: 0 } }, default: 0, help: "", optional: false },
  { key: "writes_per_second", unit: "writes/s", kind: { number: { min: 0, max: 1e8, step: 0 } }, default: 0, help: "", optional: false },
  { key: "item_size_kb", unit: "KB", kind: { number: { min: 0.001, max: 400, step: 0 } }, default: null, help: "", optional: false },
  { key: "read_consistency", unit: "", kind: { choice: ["eventual", "strong", "transactional"] }, default: "eventual", help: "", optional: false },
  { key: "free_tier", unit: "", kind: "bool", default: true, help: "", optional: false },
  { key: "reserved", unit: "", kind: { number: { min: 0, max: 1e6, step: 1 } }, default: null, help: "", optional: true },
];

describe("cell inputs", () => {
  it("parses the renderer's data-inputs and reports values that are not inputs", () => {
    expect(parseCellInputs('{"writes_per_second":10,"item_size_kb":2,"write_mode":"standard"}')).toEqual({
      inputs: { writes_per_second: 10, item_size_kb: 2, write_mode: "standard" },
      problems: [],
    });
    const odd = parseCellInputs('{"a":[1,2],"b":true,"c":{"x":1}}');
    expect(odd.inputs).toEqual({ b: true });
    expect(odd.problems).toHaveLength(2);
    expect(odd.problems[0]).toContain("`a`");
    expect(parseCellInputs("{}").inputs).toEqual({});
    expect(parseCellInputs(null).inputs).toEqual({});
    expect(parseCellInputs("not json").problems).toHaveLength(1);
    expect(parseCellInputs("[1]").problems).toHaveLength(1);
  });

  it("merges cell values over defaults, in display order, keeping unknown keys for the engine to name", () => {
    const merged = mergeInputs(specs, { item_size_kb: 4.5, writes_per_second: 6, bogus: 1 });
    expect(Object.keys(merged)).toEqual([
      "reads_per_second",
      "writes_per_second",
      "item_size_kb",
      "read_consistency",
      "free_tier",
      "reserved",
      "bogus",
    ]);
    expect(merged).toEqual({
      reads_per_second: 0,
      writes_per_second: 6,
      item_size_kb: 4.5,
      read_consistency: "eventual",
      free_tier: true,
      reserved: undefined,
      bogus: 1,
    });
    // Empty fields are not sent: the engine fills defaults or reports the missing key.
    expect(toRunInputs(merged)).not.toHaveProperty("reserved");
    expect(toRunInputs(mergeInputs(specs, {}))).toEqual({ reads_per_second: 0, writes_per_second: 0, read_consistency: "eventual", free_tier: true });
  });
});

describe("control values", () => {
  const n = specs[1].kind;
  it("coerces number fields, keeping text that is not a number for the engine to reject", () => {
    expect(coerceControl(n, "20")).toBe(20);
    expect(coerceControl(n, " 4.5 ")).toBe(4.5);
    expect(coerceControl(n, "1,000,000")).toBe(1_000_000);
    expect(coerceControl(n, "1_000")).toBe(1000);
    expect(coerceControl(n, "2e3")).toBe(2000);
    expect(coerceControl(n, ".5")).toBe(0.5);
    expect(coerceControl(n, "-1")).toBe(-1);
    expect(coerceControl(n, "")).toBeUndefined();
    expect(coerceControl(n, "abc")).toBe("abc");
    expect(coerceControl(n, "12abc")).toBe("12abc");
    expect(coerceControl(n, "Infinity")).toBe("Infinity");
  });

  it("coerces checkboxes and selects", () => {
    expect(coerceControl("bool", true)).toBe(true);
    expect(coerceControl("bool", false)).toBe(false);
    expect(coerceControl("bool", "false")).toBe(false);
    expect(coerceControl({ choice: ["eventual", "strong"] }, "strong")).toBe("strong");
    expect(coerceControl({ choice: ["eventual", "strong"] }, "")).toBeUndefined();
  });

  it("shows numbers in fields without float noise", () => {
    expect(fieldText(0.1 + 0.2)).toBe("0.3");
    expect(fieldText(1e6)).toBe("1000000");
    expect(fieldText(undefined)).toBe("");
    expect(fieldText("strong")).toBe("strong");
  });
});

describe("sliders", () => {
  it("use a log scale for wide ranges and round to friendly numbers", () => {
    const wide = { min: 0, max: 1e8, step: 0 };
    expect(sliderScale(wide).log).toBe(true);
    expect(fromSlider(0, wide)).toBe(0);
    expect(fromSlider(1000, wide)).toBe(1e8);
    for (const v of [1, 20, 350, 12000, 4_000_000]) {
      const back = fromSlider(toSlider(v, wide), wide);
      expect(Math.abs(back - v) / v).toBeLessThan(0.05);
    }
    const p = fromSlider(500, wide);
    expect(String(p)).toMatch(/^\d{1,2}0*$/); // two significant digits
  });

  it("use the input's step on narrow ranges", () => {
    const attempts = { min: 0, max: 1000, step: 1 };
    expect(sliderScale(attempts)).toEqual({ log: false, steps: 1000 });
    expect(fromSlider(3, attempts)).toBe(3);
    expect(toSlider(3, attempts)).toBe(3);
    const memory = { min: 128, max: 10240, step: 1 };
    expect(Number.isInteger(fromSlider(333, memory))).toBe(true);
    const hours = { min: 1, max: 744, step: 0 };
    expect(fromSlider(toSlider(730, hours), hours)).toBeCloseTo(730, 0);
    expect(toSlider(-5, hours)).toBe(0); // clamped
    expect(toSlider(1e9, hours)).toBe(1000);
  });
});

describe("outputs", () => {
  it("formats money, fractions, lists, booleans and n/a", () => {
    expect(formatOutput(20, "WCU")).toBe("20");
    expect(outputUnit(20, "WCU")).toBe("WCU");
    expect(formatOutput(131400000, "RRU")).toBe("131,400,000");
    expect(formatOutput(0.8, "USD")).toBe("$0.80");
    expect(formatOutput(0.000016, "USD")).toBe("$0.000016");
    expect(outputUnit(0.8, "USD")).toBe("");
    expect(formatOutput(0.288888888889, "fraction")).toBe("28.9%");
    expect(formatOutput(2.06666666667, "cold starts/s")).toBe("2.0667");
    expect(formatOutput([60, 180], "s")).toBe("60, 180");
    expect(formatOutput([], "")).toBe("none");
    expect(formatOutput([{ message: "memory 20,000 MB is above the maximum 10,240 MB" }], "")).toBe(
      "memory 20,000 MB is above the maximum 10,240 MB",
    );
    expect(formatOutput(true, "")).toBe("yes");
    expect(formatOutput(null, "s")).toBe("n/a");
    expect(outputUnit(null, "s")).toBe("");
    expect(formatOutput("ingest_mb", "")).toBe("ingest mb");
  });

  it("labels keys for people", () => {
    expect(humanize("writes_per_second")).toBe("Writes per second");
    expect(humanize("item_size_kb")).toBe("Item size KB");
    expect(humanize("tmp_mb")).toBe("/tmp MB");
  });
});

describe("engine errors", () => {
  const keys = ["writes_per_second", "item_size_kb", "architecture", "free_tier"];
  it("files each clause under the key it names, with its valid range", () => {
    const e = errorsByKey(
      "input `writes_per_second` = -1 is out of range; valid range is from 0 to 100000000 writes/s; input `item_size_kb` = 500 is out of range; valid range is from 0.001 to 400 KB",
      keys,
    );
    expect(e.byKey).toEqual({
      writes_per_second: "input `writes_per_second` = -1 is out of range; valid range is from 0 to 100000000 writes/s",
      item_size_kb: "input `item_size_kb` = 500 is out of range; valid range is from 0.001 to 400 KB",
    });
    expect(e.general).toEqual([]);
  });

  it("keeps messages that name no input (unknown keys, unknown simulator) general", () => {
    const e = errorsByKey(
      "unknown input `foo` for dynamodb-capacity; valid inputs: reads_per_second, writes_per_second; missing required input `item_size_kb` for dynamodb-capacity (from 0.001 to 400 KB; Size of one item)",
      keys,
    );
    expect(e.general).toEqual(["unknown input `foo` for dynamodb-capacity; valid inputs: reads_per_second, writes_per_second"]);
    expect(e.byKey.item_size_kb).toMatch(/^missing required input `item_size_kb`.*400 KB; Size of one item\)$/);
    expect(errorsByKey("unknown simulator `nope`; known simulators: a, b", keys).general).toEqual([
      "unknown simulator `nope`; known simulators: a, b",
    ]);
  });
});

describe("latest response wins", () => {
  function deferred<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  it("drops a slow answer to an older request", async () => {
    const gate = new LatestGate();
    const applied: string[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    const a = gate.run(() => slow.promise, (v) => applied.push(v), () => applied.push("error"));
    const b = gate.run(() => fast.promise, (v) => applied.push(v), () => applied.push("error"));
    fast.resolve("second");
    slow.resolve("first");
    expect(await b).toBe(true);
    expect(await a).toBe(false);
    expect(applied).toEqual(["second"]);
  });

  it("drops a stale error too, and applies the latest error", async () => {
    const gate = new LatestGate();
    const seen: string[] = [];
    const old = deferred<string>();
    const p1 = gate.run(() => old.promise, (v) => seen.push(v), () => seen.push("old error"));
    const p2 = gate.run(() => Promise.reject(new Error("bad")), (v) => seen.push(v), () => seen.push("new error"));
    old.reject(new Error("late"));
    await Promise.all([p1, p2]);
    expect(seen).toEqual(["new error"]);
    const t = gate.begin();
    expect(gate.isLatest(t)).toBe(true);
    gate.begin();
    expect(gate.isLatest(t)).toBe(false);
  });
});

describe("charts", () => {
  it("title the y axis with a shared unit, or name each series' unit in the legend", () => {
    const s = (name: string, y: string) => ({ name, x_label: "second", y_label: y, points: [] as [number, number][] });
    expect(chartAxes([s("offered", "requests/s"), s("accepted", "requests/s")])).toEqual({
      x: "second",
      y: "requests/s",
      names: ["offered", "accepted"],
    });
    expect(chartAxes([s("peak concurrency", "concurrent executions"), s("throttled", "requests")])).toEqual({
      x: "second",
      y: "",
      names: ["peak concurrency (concurrent executions)", "throttled (requests)"],
    });
  });
});
