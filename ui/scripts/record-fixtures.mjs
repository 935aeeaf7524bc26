#!/usr/bin/env node
// Records the JSON the real engine emits into ui/src/lib/ipc/fixtures/, for the UI's unit tests and
// the browser demo. Nothing here computes a result: every fixture is `coldstart ... --json` output.
//
// Re-run it whenever an engine report type changes shape (a field added, renamed or retyped):
//
//     node ui/scripts/record-fixtures.mjs          # builds target/debug/coldstart first
//     COLDSTART_BIN=/path/to/coldstart node ui/scripts/record-fixtures.mjs   # use a built binary
//
// then run `npm --prefix ui test` and commit the changed fixtures with the change that made them.
// The run is reproducible: a fresh data directory, the clock pinned with COLDSTART_NOW, the repo's
// content/ and quizzes/ plus tests/fixtures/factcheck as the imported folder, and fixed exam seeds.
// Machine-specific absolute paths are replaced by the placeholders below so the files do not depend
// on where the repo is checked out. Timings (`took_ms`) are set to 0 for the same reason.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(root, "ui/src/lib/ipc/fixtures");
const NOW = "2026-03-02T09:00:00Z";
const IMPORTED = join(root, "tests/fixtures/factcheck");
const PLACEHOLDER_NOTES = "/home/learner/aws-notes";
const PLACEHOLDER_DATA = "/home/learner/.local/share/coldstart";
const PLACEHOLDER_ROOT = "/opt/coldstart";

let bin = process.env.COLDSTART_BIN;
if (!bin) {
  execFileSync("nice", ["cargo", "build", "-p", "coldstart", "--bin", "coldstart"], { cwd: root, stdio: "inherit" });
  bin = join(root, "target/debug/coldstart");
}

const data = mkdtempSync(join(tmpdir(), "coldstart-fixtures-"));
const scratch = join(data, "scratch");
mkdirSync(scratch);
const env = {
  ...process.env,
  COLDSTART_DATA_DIR: join(data, "data"),
  COLDSTART_NOW: NOW,
  COLDSTART_CONTENT_DIR: join(root, "content"),
  COLDSTART_QUIZZES_DIR: join(root, "quizzes"),
};

/** Runs the CLI; returns stdout, stderr and the exit code. */
function cli(args, { input = "", now = NOW } = {}) {
  const r = spawnSync(bin, args, { env: { ...env, COLDSTART_NOW: now }, input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** `--json` output of a command that must succeed (exit 0, or 1 for `check` with findings). */
function json(args, opts = {}) {
  const r = cli([...args, "--json"], opts);
  if (r.code !== 0 && !(args[0] === "check" && r.code === 1)) {
    throw new Error(`coldstart ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

/** The message of a command that must fail (exit 2): what the engine says, without the CLI's prefix. */
function failure(args) {
  const r = cli([...args, "--json"]);
  if (r.code !== 2) throw new Error(`coldstart ${args.join(" ")} was expected to fail, exited ${r.code}`);
  return { message: r.stderr.trim().replace(/^coldstart: /, "") };
}

function portable(text) {
  return text
    .split(IMPORTED).join(PLACEHOLDER_NOTES)
    .split(join(data, "data")).join(PLACEHOLDER_DATA)
    .split(scratch).join("/home/learner/exports")
    .split(root).join(PLACEHOLDER_ROOT)
    .replace(/"took_ms": [0-9.e-]+/g, '"took_ms": 0');
}

const written = [];
function save(name, value) {
  writeFileSync(join(outDir, `${name}.json`), portable(JSON.stringify(value, null, 2)) + "\n");
  written.push(name);
}

for (const f of readdirSync(outDir)) if (f.endsWith(".json")) rmSync(join(outDir, f));

// Library: import a folder, list and open notes.
save("import", json(["import", IMPORTED]));
const notes = json(["notes"]);
save("notes", notes);
const views = {};
for (const id of ["content/dynamodb/capacity-units.md", "content/lambda/concurrency.md", join(IMPORTED, "lambda-course.md")]) {
  views[id] = json(["note", id]);
}
save("note-views", views);

// Search: plain words, a service filter, a typo (fuzzy), nothing found.
save("search", {
  lambda: json(["search", "lambda timeout", "--limit", "5"]),
  dynamodb: json(["search", "capacity", "--service", "dynamodb", "--limit", "5"]),
  fuzzy: json(["search", "concurency", "--limit", "5"]),
  imported: json(["search", "lambda", "--source", "imported", "--limit", "5"]),
  none: json(["search", "zzqxv"]),
});

// Simulators: the catalog, every model that runs on its defaults alone, and the runs the tests use.
const catalog = json(["sim"]);
save("sim-catalog", catalog);
const runs = {};
for (const m of catalog) {
  const r = cli(["sim", m.name, "--json"]);
  if (r.code === 0) runs[m.name] = JSON.parse(r.stdout);
}
save("sim-defaults", runs);
save("sim-runs", {
  "dynamodb-capacity writes_per_second=10 item_size_kb=2": json(["sim", "dynamodb-capacity", "writes_per_second=10", "item_size_kb=2"]),
  "dynamodb-capacity writes_per_second=20 item_size_kb=2": json(["sim", "dynamodb-capacity", "writes_per_second=20", "item_size_kb=2"]),
  "dynamodb-capacity writes_per_second=10 item_size_kb=2 write_mode=transactional": json([
    "sim", "dynamodb-capacity", "writes_per_second=10", "item_size_kb=2", "write_mode=transactional",
  ]),
});
save("sim-errors", {
  "dynamodb-capacity writes_per_second=-3 item_size_kb=2": failure(["sim", "dynamodb-capacity", "writes_per_second=-3", "item_size_kb=2"]),
  "no-such-model": failure(["sim", "no-such-model"]),
});

// Fact check of the imported folder.
save("check", json(["check", IMPORTED]));

// Review: the queue, one answer and its undo, then a few answers for the statistics.
const due = json(["due"]);
save("due", due);
save("cards", json(["cards", "--service", "dynamodb", "--limit", "5"]));
const first = due.queue[0].id;
save("answer", json(["answer", first, "good", "--time-ms", "4200"]));
save("undo", json(["undo"]));
for (const [i, grade] of ["good", "again", "easy", "hard", "good", "good"].entries()) {
  json(["answer", due.queue[i].id, grade, "--time-ms", "3000"]);
}
save("due-after", json(["due"]));
save("stats", json(["stats"]));
save("settings", json(["settings"]));
save("settings-set", json(["settings", "learning_steps", "60s, 10 1h"]));
// The engine's own text form of each setting (`coldstart settings` without --json), to check the UI's display.
save("settings-text", Object.fromEntries(
  cli(["settings"]).stdout.trim().split("\n").map((l) => l.split(" = ")),
));
save("settings-errors", {
  "max_interval 0": failure(["settings", "max_interval", "0"]),
  "learning_steps 40d": failure(["settings", "learning_steps", "40d"]),
  "learning_steps (empty)": failure(["settings", "learning_steps", ""]),
  "desired_retention 1.5": failure(["settings", "desired_retention", "1.5"]),
});

// Exams: a custom attempt, one left unfinished (then abandoned by the next --new), a practice attempt,
// each answered from the terminal half an hour apart, then the history.
save("exam-result-custom", json(
  ["exam", "--mode", "custom", "--questions", "3", "--minutes", "0", "--seed", "7", "--new", "--line"],
  { input: "a\nn\nb\nn\nc\ns\n", now: "2026-03-02T09:10:00Z" },
));
cli(["exam", "--mode", "custom", "--questions", "2", "--minutes", "0", "--seed", "9", "--new", "--line"], {
  input: "a\nq\n",
  now: "2026-03-02T09:40:00Z",
});
save("exam-result-practice", json(
  ["exam", "--mode", "practice", "--questions", "2", "--seed", "11", "--new", "--line"],
  { input: "a\nn\nb\ns\n", now: "2026-03-02T10:10:00Z" },
));
save("exams", json(["exams"]));

// Anki and CSV.
const csv = join(scratch, "coldstart.csv");
save("export", json(["export", "--format", "csv", "--out", csv, "--service", "lambda"]));
save("import-deck", json(["import-deck", csv]));

rmSync(data, { recursive: true, force: true });
console.log(`recorded ${written.length} fixtures into ${outDir}: ${written.join(", ")}`);
