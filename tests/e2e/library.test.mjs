// End-to-end: the Library's fact check on a folder imported through the CLI. Findings are listed
// by kind with their expected values, one opens its note at the claim (highlighted, with the
// explanation beside it and an inline marker), and a dismissal sticks across a re-check.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, root, runCli } from "./harness.mjs";

const fixture = path.join(root, "tests/fixtures/e2e-stale");

useApp({
  name: "library",
  prepare: (dataDir) => runCli(dataDir, ["import", fixture]),
});

/** The finding rows as {id, text}. */
async function findings() {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="finding"]')].map((el) => ({
      id: el.getAttribute("data-finding-id"),
      kind: el.closest("[data-testid^='finding-kind-']")?.getAttribute("data-testid"),
      claim: el.querySelector('[data-testid="finding-claim"]')?.textContent,
      expected: el.querySelector('[data-testid="finding-expected"]')?.textContent,
      text: el.textContent,
    })),
  );
}

async function waitChecked() {
  const recheck = await browser.$('[data-testid="recheck"]');
  await browser.waitUntil(async () => (await recheck.isEnabled()) && (await browser.$$('[data-testid="finding"]')).length > 0, {
    timeout: 15000,
    timeoutMsg: "the fact check did not finish with findings",
  });
}

test("the Library lists the stale claims of the imported folder with their current values", async () => {
  await (await browser.$('[data-testid="note-tree"]')).waitForDisplayed({ timeout: 15000 });
  await browser.$('[data-testid="nav-library"]').click();
  const list = await browser.$('[data-testid="findings"]');
  await list.waitForDisplayed({ timeout: 5000 });
  await waitChecked();

  const rows = await findings();
  const stale = rows.filter((r) => r.kind === "finding-kind-stale");
  const byClaim = Object.fromEntries(stale.map((r) => [r.claim, r.expected]));
  assert.equal(byClaim["5 minutes"], "900 s");
  assert.equal(byClaim["3008 MB"], "10,240 MB");
  assert.equal(byClaim["25 items"], "100");
  // The historical mention and the default timeout are not findings.
  assert.ok(!rows.some((r) => r.claim === "3,008 MB"), "a history line was flagged");
  assert.ok(!rows.some((r) => /3 seconds/.test(r.claim)), "the default timeout was flagged");
  // The wrong worked example is an arithmetic finding with the recomputed result.
  const arith = rows.find((r) => r.kind === "finding-kind-arithmetic");
  assert.equal(arith?.expected, "30 WCU");
  // Each row names its file:line and its source as text.
  const memory = stale.find((r) => r.claim === "3008 MB");
  assert.match(memory.text, /lambda-limits\.md:14/);
  assert.match(memory.text, /https:\/\/docs\.aws\.amazon\.com\//);
  await browser.saveScreenshot(path.join(logs, "library.png"));
  // Grouped by the imported folder; the bundled notes are checked and clean.
  const text = await list.getText();
  const groups = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="findings-source"]')].map((g) => g.getAttribute("data-source")),
  );
  assert.ok(groups.includes(fixture), `the imported folder names its group: ${groups.join(", ")}`);
  assert.match(text, /bundled notes are clean/i);
});

test("a finding opens its note at the claim, highlighted, with the explanation beside it", async () => {
  const rows = await findings();
  const memory = rows.find((r) => r.claim === "3008 MB");
  await browser.$(`[data-finding-id="${memory.id}"] [data-testid="finding-open"]`).click();

  const title = await browser.$('[data-testid="note-title"]');
  await browser.waitUntil(async () => /Lambda limits/.test(await title.getText()), {
    timeout: 5000,
    timeoutMsg: "the note did not open",
  });
  const focus = await browser.$('[data-testid="note-view"] .claim-focus');
  await focus.waitForExist({ timeout: 5000 });
  assert.equal(await browser.execute(() => [...document.querySelectorAll(".claim-focus")].map((e) => e.textContent).join("")), "3008 MB");
  assert.ok(await focus.isDisplayed({ withinViewport: true }), "the claim is scrolled into view");
  const callout = await browser.$('[data-testid="finding-callout"]');
  assert.match(await callout.getText(), /10,240 MB/);
  assert.match(await callout.getText(), /Source: https:\/\/docs\.aws\.amazon\.com\//);
  // The callout sits in the list item of the claim's line.
  const li = await browser.execute(() => document.querySelector('[data-testid="finding-callout"]').closest("li")?.textContent ?? "");
  assert.match(li, /Memory goes up to/);

  // Every finding of the open note has an inline marker; the "5 minutes" one shows a tooltip on focus.
  const markers = await browser.$$('[data-testid="note-view"] [data-testid="claim-marker"]');
  assert.ok(markers.length >= 3, `expected 3 markers, got ${markers.length}`);
  const texts = await browser.execute(() => [...document.querySelectorAll('[data-testid="claim-marker"]')].map((m) => m.textContent));
  assert.ok(texts.includes("5 minutes"), `markers: ${texts.join(", ")}`);
  // Not the decoy in the History section ("about 5 minutes").
  const decoy = await browser.execute(() => document.querySelector("#history")?.nextElementSibling?.querySelector(".claim-marker") ?? null);
  assert.equal(decoy, null);
  await browser.saveScreenshot(path.join(logs, "finding-in-note.png"));
  await browser.execute(() => {
    const m = [...document.querySelectorAll('[data-testid="claim-marker"]')].find((x) => x.textContent === "5 minutes");
    m.focus();
  });
  const tip = await browser.$('[data-testid="claim-tip"]');
  await tip.waitForDisplayed({ timeout: 3000 });
  assert.match(await tip.getText(), /900 s/);
  assert.match(await tip.getText(), /content\/lambda\//); // bundled paths shown as content/...
  await browser.saveScreenshot(path.join(logs, "claim-tooltip.png"));
});

test("a dismissed finding disappears and stays gone after a re-check", async () => {
  await browser.$('[data-testid="nav-library"]').click();
  await waitChecked();
  const before = await findings();
  const five = before.find((r) => r.claim === "5 minutes");
  assert.ok(five, "the 5 minutes finding is listed");
  await browser.$(`[data-finding-id="${five.id}"] [data-testid="finding-dismiss"]`).click();
  await browser.waitUntil(async () => !(await browser.$(`[data-finding-id="${five.id}"]`).isExisting()), {
    timeout: 5000,
    timeoutMsg: "the dismissed finding is still listed",
  });
  assert.equal((await findings()).length, before.length - 1);

  await browser.$('[data-testid="recheck"]').click();
  await waitChecked();
  const after = await findings();
  assert.equal(after.length, before.length - 1);
  assert.ok(!after.some((r) => r.id === five.id), "the dismissed finding came back after Re-check");

  // Its marker is gone from the note too; the others stay.
  await browser.$('[data-testid="nav-notebook"]').click();
  const texts = await browser.execute(() => [...document.querySelectorAll('[data-testid="claim-marker"]')].map((m) => m.textContent));
  assert.ok(!texts.includes("5 minutes"), `markers: ${texts.join(", ")}`);
  assert.ok(texts.includes("3008 MB"), `markers: ${texts.join(", ")}`);
});
