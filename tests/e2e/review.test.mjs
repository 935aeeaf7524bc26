// End-to-end: the Review, Stats and Settings views on the real engine (cards from the bundled notes).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, runCli } from "./harness.mjs";

const SPACE = "\uE00D";
let dataDir;
let cliQueue = [];

useApp({
  name: "review",
  // The CLI and the app share one library: what `coldstart due` queues is what the window shows.
  prepare: (dir) => {
    dataDir = dir;
    cliQueue = JSON.parse(runCli(dir, ["due", "--json"])).queue;
  },
});

const norm = (s) => s.replace(/\[(\.\.\.|…)\]/g, "[…]").replace(/\s+/g, " ").trim();

async function remaining() {
  const el = await browser.$('[data-testid="review-remaining"]');
  await el.waitForExist({ timeout: 10000 });
  return Number(await el.getAttribute("data-total"));
}

async function waitRemaining(expected, msg) {
  await browser.waitUntil(async () => (await remaining()) === expected, {
    timeout: 5000,
    timeoutMsg: `${msg}: remaining is ${await remaining()}, expected ${expected}`,
  });
}

async function waitFrontShown() {
  const front = await browser.$('[data-testid="review-front"]');
  await front.waitForDisplayed({ timeout: 15000 });
  return front;
}

test("review: a card from the bundled notes, Space shows the answer, 3 grades Good, u undoes", async () => {
  assert.ok(cliQueue.length > 0, "the CLI queued no cards for a new user");
  await browser.$('[data-testid="nav-review"]').click();
  const front = await waitFrontShown();
  const shown = norm(await front.getText());
  assert.ok(
    cliQueue.some((q) => norm(q.front) === shown),
    `the card shown (${shown}) is not in the CLI's queue`,
  );
  const before = await remaining();
  assert.ok(before > 0);
  assert.equal(await browser.$('[data-testid="review-back"]').isExisting(), false, "the answer shows before Space");

  await browser.keys(SPACE);
  const back = await browser.$('[data-testid="review-back"]');
  await back.waitForDisplayed({ timeout: 5000 });
  assert.ok((await back.getText()).trim().length > 0, "empty answer");
  const source = await browser.$('[data-testid="review-source"]');
  assert.ok((await source.getText()).trim().length > 0, "no source section on reveal");
  for (let i = 1; i <= 4; i++) {
    const text = await browser.$(`[data-testid="grade-${i}"]`).getText();
    assert.match(text, /\d+(\.\d)?(s|m|h|d|mo|y)\b/, `grade-${i} shows no interval: ${text}`);
  }
  await browser.saveScreenshot(path.join(logs, "review.png"));

  await browser.keys("3");
  await waitRemaining(before - 1, "Good did not take the card off today's count");
  await waitFrontShown();

  await browser.keys("u");
  await waitRemaining(before, "undo did not bring the card back");
  await browser.waitUntil(async () => norm(await browser.$('[data-testid="review-front"]').getText()) === shown, {
    timeout: 5000,
    timeoutMsg: "the undone card is not the one shown",
  });

  // Answer it again (with the button this time), so today has a review for the Stats view.
  await browser.$('[data-testid="review-show"]').click();
  await browser.$('[data-testid="grade-3"]').waitForDisplayed({ timeout: 5000 });
  await browser.$('[data-testid="grade-3"]').click();
  await waitRemaining(before - 1, "the Good button did not answer");
});

test("the answer links to its section in the notebook", async () => {
  await waitFrontShown();
  await browser.keys(SPACE);
  const open = await browser.$('[data-testid="review-open-source"]');
  await open.waitForDisplayed({ timeout: 5000 });
  await open.click();
  const title = await browser.$('[data-testid="note-title"]');
  await title.waitForDisplayed({ timeout: 5000 });
  assert.ok((await title.getText()).length > 0);
});

test("stats: the charts render with the real data", async () => {
  await browser.$('[data-testid="nav-stats"]').click();
  const view = await browser.$('[data-testid="stats-view"]');
  await view.waitForDisplayed({ timeout: 5000 });
  const today = await browser.$('[data-testid="stats-today-reviews"]');
  await today.waitForDisplayed({ timeout: 10000 });
  assert.ok(Number(await today.getText()) >= 1, "no answers today in the stats");
  const heat = await browser.$('[data-testid="stats-heatmap"]');
  assert.ok(Number(await heat.getAttribute("data-total")) >= 1, "the heatmap has no answers");
  assert.ok((await heat.$$("rect[data-count]").length) > 100, "the heatmap has no calendar");
  for (const id of ["stats-forecast", "stats-states", "stats-mastery"]) {
    const canvas = await browser.$(`[data-testid="${id}"] canvas`);
    await canvas.waitForExist({ timeout: 5000 });
    const width = await browser.execute((el) => el.width, canvas);
    assert.ok(width > 0, `${id} has an empty canvas`);
  }
  await browser.saveScreenshot(path.join(logs, "stats.png"));
  await browser.execute(() => {
    const v = document.querySelector('[data-testid="stats-view"]');
    v.scrollTop = v.scrollHeight;
  });
  await browser.saveScreenshot(path.join(logs, "stats-charts.png"));
});

test("settings: data directory, and optimisation says there are not enough reviews yet", async () => {
  await browser.$('[data-testid="nav-settings"]').click();
  const dir = await browser.$('[data-testid="settings-data-dir"]');
  await dir.waitForDisplayed({ timeout: 5000 });
  assert.equal(await dir.getText(), dataDir);
  const retention = await browser.$('[data-testid="setting-desired_retention"]');
  assert.equal(await retention.getValue(), "0.90");
  await browser.$('[data-testid="optimize-button"]').click();
  const report = await browser.$('[data-testid="optimize-report"]');
  await report.waitForDisplayed({ timeout: 15000 });
  assert.equal(await report.getAttribute("data-status"), "not_enough_reviews");
  assert.match(await report.getText(), /not enough reviews/i);
  await report.scrollIntoView({ block: "center" });
  await browser.saveScreenshot(path.join(logs, "settings.png"));
});
