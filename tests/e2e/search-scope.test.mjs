// End-to-end: search scope in the palette. A notes folder imported through the CLI; with "All" the
// learner's own note comes first, Alt+S cycles My notes / Bundled / All and the hits follow, the
// scope survives a reload of the window (an engine setting), and a hit says why it matched.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, root, runCli, openPalette, typeSlowly } from "./harness.mjs";

const fixture = path.join(root, "tests/fixtures/e2e-search");

useApp({
  name: "search-scope",
  prepare: (dataDir) => runCli(dataDir, ["import", fixture]),
});

async function scope() {
  return (await browser.$('[data-testid="search-source"]')).getAttribute("data-scope");
}

/** The hits once they settle on `query`: [{source, why}]. */
async function hitsFor(query) {
  await browser.waitUntil(
    async () =>
      browser.execute((q) => {
        const footer = document.querySelector(".palette-footer")?.textContent ?? "";
        return document.querySelector('[data-testid="search-input"]')?.value === q && /result/.test(footer);
      }, query),
    { timeout: 10000, timeoutMsg: `no results settled for ${query}` },
  );
  await browser.pause(400); // let a search started by the last keystroke finish
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="search-hit"]')].map((el) => ({
      source: el.getAttribute("data-source"),
      why: el.querySelector('[data-testid="search-why"]')?.textContent ?? "",
      file: el.querySelector(".hit-file")?.getAttribute("title") ?? "",
    })),
  );
}

async function cycle() {
  await browser.keys(["Alt", "s"]);
}

test("with All, the learner's own note comes first; Alt+S cycles the scope and the hits follow", async () => {
  await (await browser.$('[data-testid="note-tree"]')).waitForDisplayed({ timeout: 15000 });
  const input = await openPalette();
  assert.equal(await scope(), "all");
  await typeSlowly(input, "visibility timeout");
  let hits = await hitsFor("visibility timeout");
  assert.ok(hits.length >= 2, JSON.stringify(hits));
  assert.equal(hits[0].source, "imported", JSON.stringify(hits));
  assert.match(hits[0].file, /my-sqs-notes\.md/);
  assert.ok(hits.some((h) => h.source === "bundled"), "bundled notes are in All too");

  await cycle(); // All -> My notes
  await browser.waitUntil(async () => (await scope()) === "imported", { timeout: 5000 });
  hits = await hitsFor("visibility timeout");
  assert.ok(hits.length > 0 && hits.every((h) => h.source === "imported"), JSON.stringify(hits));

  await cycle(); // My notes -> Bundled
  await browser.waitUntil(async () => (await scope()) === "bundled", { timeout: 5000 });
  await browser.waitUntil(
    async () => (await hitsFor("visibility timeout")).every((h) => h.source === "bundled"),
    { timeout: 5000, timeoutMsg: "bundled scope still shows imported notes" },
  );
  hits = await hitsFor("visibility timeout");
  assert.ok(hits.length > 0, "bundled notes answer too");
  await browser.saveScreenshot(path.join(logs, "search-scope-bundled.png"));

  await cycle(); // Bundled -> All
  await browser.waitUntil(async () => (await scope()) === "all", { timeout: 5000 });
});

test("the scope is remembered by the engine across a reload, and a hit says why it matched", async () => {
  await cycle(); // All -> My notes
  await browser.waitUntil(async () => (await scope()) === "imported", { timeout: 5000 });
  await browser.pause(300); // the setting is saved asynchronously
  await browser.refresh();
  await (await browser.$('[data-testid="note-tree"]')).waitForDisplayed({ timeout: 15000 });
  const input = await openPalette();
  await browser.waitUntil(async () => (await scope()) === "imported", {
    timeout: 5000,
    timeoutMsg: "the scope was not remembered",
  });
  await typeSlowly(input, "DLQ");
  const hits = await hitsFor("DLQ");
  assert.ok(hits.length > 0 && hits.every((h) => h.source === "imported"), JSON.stringify(hits));
  assert.match(hits[0].why, /DLQ → dead-letter queue/);
  await browser.saveScreenshot(path.join(logs, "search-scope-why.png"));
});
