// End-to-end: the Browse view on the real engine: queries and their rows, a query error marked at
// its token, bulk-suspend and undo, card info after reviews.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, runCli } from "./harness.mjs";

let dataDir;
let lambdaNew = 0;
let answered = "";

const cardsJson = (args) => JSON.parse(runCli(dataDir, ["cards", "--json", ...args]));

useApp({
  name: "browse",
  // Answer one card three times through the CLI, so the app has a history to show.
  prepare: (dir) => {
    dataDir = dir;
    lambdaNew = cardsJson(["service:lambda", "is:new"]).matched;
    answered = cardsJson(["service:lambda", "concurrency"]).rows.find((r) => r.source.file.endsWith(".md")).id;
    for (const grade of ["good", "again", "good"]) runCli(dir, ["answer", answered, grade, "--time-ms", "4200"]);
  },
});

async function count() {
  const el = await browser.$('[data-testid="browse-count"]');
  const m = /^(\d+) of (\d+) cards/.exec((await el.getText()).trim());
  return m ? { matched: Number(m[1]), total: Number(m[2]) } : null;
}

async function search(q, expected, msg) {
  const input = await browser.$('[data-testid="browse-search"]');
  await input.waitForDisplayed({ timeout: 10000 });
  await input.setValue(q);
  await browser.waitUntil(async () => (await count())?.matched === expected, {
    timeout: 10000,
    timeoutMsg: `${msg}: ${JSON.stringify(await count())}, expected ${expected} matches for ${q}`,
  });
}

const rowsShown = () => browser.$$('[data-testid="browse-row"]');

test("browse: queries show the engine's matches; only the visible rows are rendered", async () => {
  await browser.$('[data-testid="nav-browse"]').click();
  const all = cardsJson(["--sort", "note"]); // a sort makes it the browser's result (plain `cards --json` is a list)
  await browser.waitUntil(async () => (await count())?.total === all.total, { timeout: 15000, timeoutMsg: "no card count" });
  const rendered = await rowsShown();
  assert.ok(all.total > 500, `${all.total}`);
  assert.ok(rendered.length > 5 && rendered.length < 100, `${rendered.length} rows rendered for ${all.total} cards`);

  await search("service:lambda is:new", lambdaNew - 1, "lambda new cards (one answered)");
  for (const r of await rowsShown()) {
    assert.equal((await r.$(".c-service").getProperty("textContent")).trim(), "lambda");
  }
  const sqs = cardsJson(["service:sqs", "or", "service:dynamodb"]).matched;
  await search("service:sqs or service:dynamodb", sqs, "or");
  const neg = cardsJson(["--", "-is:new"]).matched;
  await search("-is:new", neg, "negation");
  assert.equal(neg, 1);
  assert.equal(await (await rowsShown())[0].getAttribute("data-id"), answered);

  // Sorting by reviews, descending, puts the answered card first.
  await search("service:lambda", cardsJson(["service:lambda"]).matched, "service");
  await browser.$('[data-testid="browse-sort-reviews"]').click();
  await browser.$('[data-testid="browse-sort-reviews"]').click();
  await browser.waitUntil(async () => (await (await rowsShown())[0].getAttribute("data-id")) === answered, {
    timeout: 5000,
    timeoutMsg: "sorting by reviews (desc) did not put the answered card first",
  });

  // A query that does not parse: the token at fault is marked, the rows stay.
  const input = await browser.$('[data-testid="browse-search"]');
  await input.setValue("service:lambda (is:new foo:bar");
  const tokenEl = await browser.$('[data-testid="browse-error-token"]');
  await tokenEl.waitForDisplayed({ timeout: 5000 });
  // (While typing, "(" is the token at fault until the query reaches foo:bar.)
  await browser.waitUntil(async () => (await tokenEl.getText()) === "foo:bar", {
    timeout: 5000,
    timeoutMsg: `the marked token is ${await tokenEl.getText()}`,
  });
  assert.match(await browser.$('[data-testid="browse-query-error"]').getText(), /unknown search field/);
  await browser.saveScreenshot(path.join(logs, "browse-error.png"));
});

test("browse: Ctrl+A, Ctrl+J suspends the selection, Ctrl+Z undoes it", async () => {
  const q2 = "service:lambda timeout";
  const n = cardsJson(["service:lambda", "timeout"]).matched;
  assert.ok(n >= 2, `${n}`);
  await search(q2, n, "timeout cards");
  const first = (await rowsShown())[0];
  await first.click();
  await browser.keys(["Control", "a"]);
  await browser.waitUntil(async () => (await browser.$('[data-testid="browse-count"]').getText()).includes(`${n} selected`), {
    timeout: 5000,
    timeoutMsg: "Ctrl+A did not select every row",
  });
  await browser.keys(["Control", "j"]);
  await browser.waitUntil(async () => {
    const rows = await rowsShown();
    for (const r of rows) if ((await r.getAttribute("data-suspended")) !== "true") return false;
    return rows.length > 0;
  }, { timeout: 5000, timeoutMsg: "the rows do not show suspended" });
  assert.equal(cardsJson(["is:suspended"]).matched, n, "the engine has them suspended");
  assert.match(await browser.$('[data-testid="browse-status"]').getText(), new RegExp(`suspend: ${n} of ${n}`));
  await browser.saveScreenshot(path.join(logs, "browse-suspended.png"));

  await browser.keys(["Control", "z"]);
  await browser.waitUntil(async () => {
    for (const r of await rowsShown()) if ((await r.getAttribute("data-suspended")) === "true") return false;
    return true;
  }, { timeout: 5000, timeoutMsg: "undo did not unsuspend the rows" });
  assert.equal(cardsJson(["is:suspended"]).matched, 0, "one undo restored every card");
});

test("browse: card info after reviews shows the history, the curve and the source", async () => {
  await search("rated:1", 1, "answered today");
  await (await rowsShown())[0].click();
  const info = await browser.$('[data-testid="browse-info"]');
  await info.waitForDisplayed({ timeout: 5000 });
  const reviews = await browser.$$('[data-testid="browse-info-review"]');
  assert.equal(reviews.length, 3);
  const grades = [];
  for (const r of reviews) grades.push((await r.$$("td"))[1]);
  const texts = await Promise.all(grades.map((g) => g.getText()));
  assert.deepEqual(texts, ["good", "again", "good"]);
  assert.match(await reviews[0].getText(), /4\.2s/, "time taken");
  assert.ok((await browser.$('[data-testid="browse-info-section"]').getText()).trim().length > 0);
  assert.ok(await browser.$('[data-testid="browse-info-curve"]').isExisting(), "no retrievability chart");
  await browser.saveScreenshot(path.join(logs, "browse-info.png"));
  // The source opens in the notebook.
  await browser.$('[data-testid="browse-open-source"]').click();
  await browser.waitUntil(async () => (await browser.$('[data-testid="nav-notebook"]').getAttribute("aria-current")) === "page", {
    timeout: 5000,
    timeoutMsg: "the notebook did not open",
  });
});
