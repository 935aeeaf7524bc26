// End-to-end: the Exam view (issue 6). A short custom exam taken with the keyboard, a flag, the
// submit dialog, the score checked against the engine (CLI `exams --json`), the missed questions
// found as due cards (`due --json`), the history, and resuming an attempt after the window reloads.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, runCli } from "./harness.mjs";

let dataDir;
useApp({ name: "exam", prepare: (d) => (dataDir = d) });

const $ = (id) => browser.$(`[data-testid="${id}"]`);

async function waitText(id, re, timeout = 5000) {
  const el = await $(id);
  await browser.waitUntil(async () => (await el.isExisting()) && re.test(await el.getText()), {
    timeout,
    timeoutMsg: `${id} never matched ${re}`,
  });
  return el;
}

async function currentPosition() {
  const q = await $("exam-question");
  return Number(await q.getAttribute("data-position"));
}

/** Wait until the question on screen is `pos` (0-based). */
async function waitPosition(pos) {
  await browser.waitUntil(async () => (await currentPosition()) === pos, {
    timeout: 5000,
    timeoutMsg: `question ${pos + 1} never came up`,
  });
}

async function classesOf(id) {
  return (await (await $(id)).getAttribute("class")) ?? "";
}

async function openExamView() {
  const nav = await $("nav-exam");
  await nav.waitForClickable({ timeout: 15000 });
  await nav.click();
  await (await $("exam-view")).waitForDisplayed({ timeout: 10000 });
}

test("a short custom exam taken with the keyboard: flag, submit, score, missed questions become due cards", async () => {
  await openExamView();
  await (await $("exam-start")).waitForDisplayed({ timeout: 10000 });
  await (await $("exam-mode-custom")).click();
  const count = await $("exam-custom-count");
  await count.waitForDisplayed({ timeout: 3000 });
  // The domains and their weights come from the engine's blueprint (exam_blueprint).
  await (await $("exam-domain-development")).waitForExist({ timeout: 5000 });
  const domains = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="exam-domain-"]')].map((el) => ({
      key: el.getAttribute("data-testid").slice("exam-domain-".length),
      weight: Number(/(\d+)%/.exec(el.closest("label").textContent)?.[1]),
    })),
  );
  assert.deepEqual(
    domains.map((d) => d.key),
    ["development", "security", "deployment", "troubleshooting"],
  );
  assert.equal(domains.reduce((n, d) => n + d.weight, 0), 100, JSON.stringify(domains));
  await count.setValue("5");
  await (await $("exam-custom-minutes")).setValue("10");
  await (await $("exam-start")).click();

  const question = await $("exam-question");
  await question.waitForDisplayed({ timeout: 10000 });
  await waitText("exam-timer", /left\s+(9:5\d|10:00)/);
  assert.equal((await browser.$$('[data-testid^="exam-nav-"]')).length, 5);

  // Questions 1–4: "A" (letter key) on odd ones, "1" (number key) on even ones; question 5 left unanswered.
  const given = [];
  for (let pos = 0; pos < 4; pos++) {
    await waitPosition(pos);
    await browser.keys([pos % 2 === 0 ? "a" : "1"]);
    const choiceA = await $("exam-choice-A");
    await browser.waitUntil(async () => (await choiceA.getAttribute("aria-checked")) === "true", {
      timeout: 5000,
      timeoutMsg: `choice A of question ${pos + 1} was not selected by the keyboard`,
    });
    given.push([0]);
    await browser.waitUntil(async () => /answered/.test(await classesOf(`exam-nav-${pos + 1}`)), {
      timeout: 5000,
      timeoutMsg: `the navigator does not show question ${pos + 1} answered`,
    });
    if (pos === 1) {
      await browser.keys(["f"]); // flag question 2
      const flag = await $("exam-flag");
      await browser.waitUntil(async () => (await flag.getAttribute("aria-pressed")) === "true", {
        timeout: 5000,
        timeoutMsg: "F did not flag the question",
      });
      assert.match(await classesOf("exam-nav-2"), /flagged/);
    }
    await browser.keys(["ArrowRight"]);
  }
  await waitPosition(4);
  assert.match(await classesOf("exam-nav-5"), /current/);
  assert.doesNotMatch(await classesOf("exam-nav-5"), /answered/);

  // Arrow left goes back; the navigator jumps.
  await browser.keys(["ArrowLeft"]);
  await waitPosition(3);
  await (await $("exam-nav-5")).click();
  await waitPosition(4);
  await (await $("exam-prev")).click();
  await waitPosition(3);
  await (await $("exam-next")).click();
  await waitPosition(4);
  await browser.saveScreenshot(path.join(logs, "exam.png"));

  // Submit: the dialog names the unanswered and flagged questions.
  await (await $("exam-submit")).click();
  await (await $("exam-confirm")).waitForDisplayed({ timeout: 3000 });
  assert.match(await (await $("exam-confirm-unanswered")).getText(), /^1 unanswered: 5/);
  assert.match(await (await $("exam-confirm-flagged")).getText(), /^1 flagged for review: 2/);
  await browser.saveScreenshot(path.join(logs, "exam-confirm.png"));
  await (await $("exam-confirm-submit")).click();

  const score = await $("exam-score");
  await score.waitForDisplayed({ timeout: 10000 });

  // The engine's own record of the attempt (the CLI reads the same database).
  const history = JSON.parse(runCli(dataDir, ["exams", "--json"]));
  const attempt = history.at(-1);
  assert.equal(attempt.status, "submitted");
  assert.equal(attempt.total, 5);
  assert.equal(attempt.answered, 4);

  // Score on screen = right answers on the results list = the engine's score.
  const items = await browser.$$('[data-testid="exam-result-item"]');
  assert.equal(items.length, 5);
  let right = 0;
  for (const it of items) if (/\bok\b/.test((await it.getAttribute("class")) ?? "")) right++;
  assert.equal(right, attempt.correct, "right answers listed = the engine's count");
  const expectedPercent = Math.round((1000 * right) / 5) / 10;
  assert.equal(await score.getText(), `${expectedPercent}%`);
  assert.equal(attempt.percent, expectedPercent);
  const scaled = await $("exam-scaled");
  assert.equal(Number(await scaled.getText()), attempt.scaled);
  const passfail = await (await $("exam-passfail")).getText();
  assert.match(passfail, attempt.scaled >= 720 ? /Pass/ : /Fail/);
  assert.match(await (await $("exam-results")).getText(), /estimate/i);

  // Every answered question shows "You: A"; the unanswered one shows "—".
  const summaries = [];
  for (const it of items) summaries.push(await (await it.$("summary")).getText());
  for (let i = 0; i < 4; i++) assert.match(summaries[i], /You: A\b/, `question ${i + 1}: ${summaries[i]}`);
  assert.match(summaries[4], /You: —/);

  const missedEl = await $("exam-missed-count");
  const missed = Number(await missedEl.getAttribute("data-count"));
  assert.equal(missed, 5 - right);
  assert.ok(missed > 0, "at least the unanswered question is missed");
  assert.match(await missedEl.getText(), new RegExp(`^${missed} missed question`));
  await browser.saveScreenshot(path.join(logs, "exam-results.png"));

  // The missed questions are due cards of kind "question" in the review queue.
  const due = JSON.parse(runCli(dataDir, ["due", "--json"]));
  const questionCards = due.queue.filter((c) => c.kind === "question");
  assert.equal(questionCards.length, missed, JSON.stringify(due.queue.slice(0, 8)));

  // "Open Review" leads to the Review view.
  await (await $("exam-open-review")).click();
  await (await $("review-view")).waitForDisplayed({ timeout: 5000 });
});

test("the history lists the attempt with a trend chart", async () => {
  await openExamView();
  // The results screen is still up from the previous test: go back to the start screen.
  const back = await $("exam-back");
  await back.waitForDisplayed({ timeout: 5000 });
  await back.click();
  const table = await $("exam-history");
  await table.waitForDisplayed({ timeout: 5000 });
  assert.match(await table.getText(), /Custom/);
  assert.match(await table.getText(), /\d+(\.\d)?%/);
  await (await $("exam-trend")).waitForExist({ timeout: 3000 });
  await browser.saveScreenshot(path.join(logs, "exam-start.png"));
});

test("practice mode gives feedback at once, pauses, and an attempt resumes after the window reloads", async () => {
  await (await $("exam-mode-practice")).click();
  await (await $("exam-practice-count")).setValue("3");
  await (await $("exam-start")).click();
  await (await $("exam-question")).waitForDisplayed({ timeout: 10000 });
  await waitText("exam-timer", /elapsed\s+0:0\d/);

  // Answer until the question is complete (multiple response needs its number of boxes).
  for (const key of ["b", "c", "d"]) {
    if (await (await $("exam-feedback")).isExisting()) break;
    await browser.keys([key]);
    await browser.pause(300);
  }
  const feedback = await $("exam-feedback");
  await feedback.waitForDisplayed({ timeout: 5000 });
  assert.match(await feedback.getText(), /Correct|Not quite/);
  assert.match(await classesOf("exam-nav-1"), /right|wrong/);
  await browser.saveScreenshot(path.join(logs, "exam-practice.png"));

  await (await $("exam-pause")).click();
  await (await $("exam-paused")).waitForDisplayed({ timeout: 5000 });
  await (await $("exam-resume-clock")).click();
  await (await $("exam-question")).waitForDisplayed({ timeout: 5000 });
  await browser.keys(["ArrowRight"]);
  await waitPosition(1);

  // Close the window's page (reload): the attempt was autosaved and is offered for Resume.
  await browser.refresh();
  await openExamView();
  const resume = await $("exam-resume");
  await resume.waitForDisplayed({ timeout: 10000 });
  assert.match(await (await $("exam-unfinished")).getText(), /Question 2 of 3 · 1 answered/);
  await resume.click();
  await (await $("exam-question")).waitForDisplayed({ timeout: 5000 });
  await waitPosition(1);
  assert.match(await classesOf("exam-nav-1"), /answered/);
});
