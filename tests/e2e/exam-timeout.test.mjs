// End-to-end: an exam that runs out of time. The app starts at a pinned time (COLDSTART_NOW, the
// engine's one clock rule), a one-minute custom exam is started and one question answered; when
// the minute is up the engine submits the attempt as timed out and the window shows its score.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, runCli } from "./harness.mjs";

// 2026-01-05T10:00:00Z: far from the real date, so the attempt's start time shows the pin was used.
const PINNED_SECS = 1767607200;
let dataDir;
useApp({ name: "exam-timeout", prepare: (d) => (dataDir = d), env: { COLDSTART_NOW: String(PINNED_SECS) } });

const $ = (id) => browser.$(`[data-testid="${id}"]`);

test("a timed exam left to run out is submitted as timed out, with its score", { timeout: 240000 }, async () => {
  const nav = await $("nav-exam");
  await nav.waitForClickable({ timeout: 15000 });
  await nav.click();
  await (await $("exam-view")).waitForDisplayed({ timeout: 10000 });
  await (await $("exam-start")).waitForDisplayed({ timeout: 10000 });
  await (await $("exam-mode-custom")).click();
  const count = await $("exam-custom-count");
  await count.waitForDisplayed({ timeout: 3000 });
  await count.setValue("3");
  await (await $("exam-custom-minutes")).setValue("1");
  await (await $("exam-start")).click();

  await (await $("exam-question")).waitForDisplayed({ timeout: 10000 });
  await browser.keys(["a"]);
  const choiceA = await $("exam-choice-A");
  await browser.waitUntil(async () => (await choiceA.getAttribute("aria-checked")) === "true", {
    timeout: 5000,
    timeoutMsg: "choice A was not selected",
  });

  // Nothing more is done: the minute runs out and the next heartbeat finds the attempt submitted.
  const results = await $("exam-results");
  await results.waitForDisplayed({ timeout: 150000, timeoutMsg: "the exam never ended on its own" });
  assert.match(await results.getText(), /time ran out/);

  const attempt = JSON.parse(runCli(dataDir, ["exams", "--json"])).at(-1);
  assert.equal(attempt.status, "submitted");
  assert.equal(attempt.answered, 1);
  assert.equal(attempt.time_limit_ms, 60000);
  assert.equal(attempt.elapsed_ms, 60000, "the clock stopped at the limit");
  // Started on the pinned clock (plus the seconds the app took to get there), not today's date.
  const startedSecs = attempt.started_at / 1000;
  assert.ok(startedSecs >= PINNED_SECS && startedSecs < PINNED_SECS + 600, `started_at ${attempt.started_at}`);

  // The score on screen is the engine's.
  const score = await $("exam-score");
  assert.equal(await score.getText(), `${attempt.percent}%`);
  assert.equal(Number(await (await $("exam-scaled")).getText()), attempt.scaled);
  await browser.saveScreenshot(path.join(logs, "exam-timeout.png"));
});
