// End-to-end test of the real desktop binary: Xvfb + tauri-driver + WebKitWebDriver + WebdriverIO.
// Run through `npm run test:e2e` (which wraps it in xvfb-run and a timeout).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, root, openPalette, typeSlowly, runCli } from "./harness.mjs";

useApp({
  name: "notebook",
  // A learner's folder imported through the CLI shows up in the app: one library, two front ends.
  prepare: (dataDir) => runCli(dataDir, ["import", path.join(root, "tests/fixtures/notes/course")]),
});

test("notebook opens on the bundled notes", async () => {
  const tree = await browser.$('[data-testid="note-tree"]');
  await tree.waitForDisplayed({ timeout: 15000 });
  const text = await tree.getText();
  assert.match(text, /lambda/i);
  assert.match(text, /dynamodb/i);
});

test("search as you type finds 900 seconds and opens the section highlighted", async () => {
  const input = await openPalette();
  await typeSlowly(input, "900 seco");
  const first = await browser.$('[data-testid="search-hit"]');
  // Results update as each character arrives; wait for the ones of the whole query.
  await browser.waitUntil(
    async () => (await first.isExisting()) && /<b>900<\/b>/.test(await first.getHTML()),
    { timeout: 5000, timeoutMsg: "no hit highlighting 900 while typing" },
  );
  await browser.keys(["Enter"]);
  const title = await browser.$('[data-testid="note-title"]');
  await title.waitForDisplayed({ timeout: 5000 });
  const marked = await browser.$('[data-testid="note-view"] .hit-section mark');
  await marked.waitForExist({ timeout: 5000 });
  assert.match(await marked.getText(), /900|seco/i);
  await browser.saveScreenshot(path.join(logs, "note.png"));
});

test("a note imported through the CLI is found in the app", async () => {
  const input = await openPalette();
  await typeSlowly(input, "fifteen minutes");
  await browser.waitUntil(
    async () => {
      const hits = await browser.$$('[data-testid="search-hit"]');
      for (const h of hits) if (/compute\.md/.test(await h.getText())) return true;
      return false;
    },
    { timeout: 5000, timeoutMsg: "imported note not found" },
  );
  await browser.keys(["Escape"]);
});

test("a simulator cell in a note is a live widget: changing writes per second updates the WCU", async () => {
  const input = await openPalette();
  await typeSlowly(input, "standard writes of 2 KB");
  await browser.waitUntil(
    async () => {
      const hit = await browser.$('[data-testid="search-hit"]');
      return (await hit.isExisting()) && /capacity-units\.md/.test(await hit.getText());
    },
    { timeout: 5000, timeoutMsg: "capacity-units.md is not the first hit" },
  );
  await browser.keys(["Enter"]);
  const title = await browser.$('[data-testid="note-title"]');
  await browser.waitUntil(async () => /RCU and WCU/.test(await title.getText()), {
    timeout: 5000,
    timeoutMsg: "the capacity units note did not open",
  });

  // The first cell: writes_per_second = 10, item_size_kb = 2, standard → 10 × ceil(2 / 1) = 20 WCU.
  const widget = await browser.$('[data-testid="sim-widget"][data-sim="dynamodb-capacity"]');
  await widget.waitForExist({ timeout: 5000 });
  const wcu = await widget.$('[data-testid="sim-output-wcu"]');
  await browser.waitUntil(async () => (await wcu.getText()) === "20", {
    timeout: 5000,
    timeoutMsg: "the widget did not show the cell's 20 WCU",
  });
  const field = await widget.$('[data-testid="sim-input-writes_per_second"]');
  assert.equal(await field.getValue(), "10");

  // 20 writes/s of a 2 KB item: 20 × ceil(2 KB / 1 KB) = 40 WCU.
  await browser.execute((el) => {
    el.value = "20";
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, field);
  await browser.waitUntil(async () => (await wcu.getText()) === "40", {
    timeout: 2000,
    timeoutMsg: `WCU did not update to 40 (shows ${await wcu.getText()})`,
  });
  assert.match(await widget.$('[data-testid="sim-explanation"]').getText(), /20 writes\/s × 2 = 40 WCU/);
  // Search highlighting never reaches into a live widget's DOM.
  assert.equal(await widget.$$("mark").length, 0);
  await widget.scrollIntoView({ block: "start" });
  await browser.saveScreenshot(path.join(logs, "sim-widget.png"));

  // The same models, without a note: the Simulators view, with a chart where a curve helps.
  await browser.$('[data-testid="nav-simulators"]').click();
  const cost = await browser.$('[data-testid="simulators-view"] [data-sim="lambda-cost"]');
  await cost.waitForExist({ timeout: 5000 });
  await cost.$('[data-testid="sim-chart"]').waitForExist({ timeout: 5000 });
  await cost.scrollIntoView({ block: "start" });
  await browser.saveScreenshot(path.join(logs, "simulators.png"));
});

// Regression: simulator widgets render after the note is shown and used to push the section
// opened from search out of view.
test("a section opened from search stays in view while widgets render", async () => {
  const input = await openPalette();
  await typeSlowly(input, "reserved concurrency");
  // Wait for this query's results (the palette still shows the previous query's until they come).
  await browser.waitUntil(
    async () => {
      const first = await browser.$('[data-testid="search-hit"]');
      return (await first.isExisting()) && /Reserved concurrency/.test(await first.getText());
    },
    { timeout: 5000, timeoutMsg: "no hit for the Reserved concurrency section" },
  );
  await browser.keys(["Enter"]);
  await (await browser.$("#reserved-concurrency")).waitForExist({ timeout: 5000 });
  await browser.pause(2500); // widgets fetch results and grow the note meanwhile
  const top = await browser.execute(() => {
    const h = document.getElementById("reserved-concurrency");
    const pane = h.closest("main") ?? document.body;
    return h.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  });
  assert.ok(top >= 0 && top < 250, `heading is ${top}px from the top of the note pane`);
});
