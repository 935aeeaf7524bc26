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

test("the answer opens the card's own section in the notebook", async () => {
  const front = await waitFrontShown();
  const shown = norm(await front.getText());
  // The card's source, as the engine records it (the window must open exactly that note and section).
  const card = JSON.parse(runCli(dataDir, ["cards", "--json"])).find((c) => norm(c.front) === shown);
  assert.ok(card, `the card shown (${shown}) is not in \`coldstart cards\``);
  assert.match(card.source.file, /\.md$/, `the first card's source is not a note: ${card.source.file}`);
  await browser.keys(SPACE);
  const open = await browser.$('[data-testid="review-open-source"]');
  await open.waitForDisplayed({ timeout: 5000 });
  await open.click();
  const title = await browser.$('[data-testid="note-title"]');
  await title.waitForDisplayed({ timeout: 5000 });
  await browser.waitUntil(async () => (await title.getText()) === card.source.title, {
    timeout: 5000,
    timeoutMsg: `opened "${await title.getText()}", not the card's note "${card.source.title}"`,
  });
  // The highlighted section starts at the card's heading, and it is on screen.
  const hit = await browser.execute(() => {
    const first = document.querySelector(".hit-section");
    if (!first) return null;
    const r = first.getBoundingClientRect();
    return { id: first.id, text: first.textContent.trim(), top: r.top, bottom: r.bottom, height: window.innerHeight };
  });
  assert.ok(hit, "no section is highlighted");
  assert.equal(hit.id, card.source.anchor, `highlighted #${hit.id} (${hit.text}), not the card's #${card.source.anchor}`);
  assert.ok(hit.text.includes(card.source.heading_path.at(-1)), `the highlighted heading is "${hit.text}"`);
  assert.ok(hit.bottom > 0 && hit.top < hit.height, `the section is off screen: ${JSON.stringify(hit)}`);
  await browser.$('[data-testid="nav-review"]').click();
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
    const box = await browser.$(`[data-testid="${id}"]`);
    const canvas = await box.$("canvas");
    await canvas.waitForExist({ timeout: 5000 });
    // The chart was given data (non-zero values), and it painted them: a blank canvas has no
    // pixel with colour, and axes alone have no filled areas of a data set's colour.
    assert.ok(Number(await box.getAttribute("data-points")) >= 1, `${id} was given no data`);
    const painted = await browser.execute((el) => {
      const { data } = el.getContext("2d").getImageData(0, 0, el.width, el.height);
      const colours = new Map();
      let opaque = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        opaque++;
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        // Grey (axes, labels, grid) has r = g = b; a data set's fill has a hue.
        if (Math.max(r, g, b) - Math.min(r, g, b) > 40) {
          const k = `${r >> 4},${g >> 4},${b >> 4}`;
          colours.set(k, (colours.get(k) ?? 0) + 1);
        }
      }
      return { opaque, coloured: Math.max(0, ...colours.values()) };
    }, canvas);
    assert.ok(painted.coloured >= 50, `${id} painted no data: ${JSON.stringify(painted)}`);
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
