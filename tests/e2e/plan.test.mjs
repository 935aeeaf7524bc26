// End-to-end: the Plan view (issue 15). From the Exam start screen to the Plan view; set an
// exam date and a budget; the forecast (checked against the engine through the CLI), its band
// per domain and the workload chart appear; "Study these" starts a review of exactly the weakest
// topics' cards, and an answer given there is recorded by the engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, browser, runCli } from "./harness.mjs";

let dataDir;
useApp({ name: "plan", prepare: (d) => (dataDir = d) });

const $ = (id) => browser.$(`[data-testid="${id}"]`);

function isoDay(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function setInput(id, value) {
  const el = await $(id);
  await el.waitForDisplayed({ timeout: 5000 });
  // Date inputs do not take typed text reliably in WebKit: set the value and fire `input`.
  await browser.execute(
    (sel, v) => {
      const input = document.querySelector(sel);
      input.value = v;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    `[data-testid="${id}"]`,
    value,
  );
}

test("set an exam date, see the forecast and the workload, study the weakest topics", async () => {
  const nav = await $("nav-exam");
  await nav.waitForClickable({ timeout: 15000 });
  await nav.click();
  const link = await $("exam-plan-link");
  await link.waitForClickable({ timeout: 10000 });
  await link.click();
  await (await $("plan-view")).waitForDisplayed({ timeout: 10000 });
  await (await $("plan-inactive")).waitForDisplayed({ timeout: 10000 });

  const date = isoDay(30);
  await setInput("plan-date", date);
  await setInput("plan-minutes", "30");
  await (await $("plan-save")).click();

  const score = await $("plan-forecast-score");
  await score.waitForDisplayed({ timeout: 20000 });
  const shown = Number(await score.getText());
  const engine = JSON.parse(runCli(dataDir, ["plan", "--json"]));
  assert.equal(engine.settings.exam_date, date);
  assert.equal(engine.settings.minutes_per_day, 30);
  assert.equal(shown, engine.forecast.scaled);
  const band = await (await $("plan-forecast-band")).getText();
  assert.ok(band.includes(`${engine.forecast.low}–${engine.forecast.high}`), band);
  assert.equal((await (await $("plan-domains")).$$("li")).length, 4);
  await (await $("plan-workload")).waitForDisplayed({ timeout: 5000 });
  assert.ok((await (await $("plan-workload")).$$("path")).length >= 2);
  assert.match(await (await $("plan-fit")).getText(), /days to go/);

  // Study exactly the weakest topics' cards.
  const ids = engine.study_card_ids;
  assert.ok(ids.length > 0);
  const study = await $("plan-study");
  await study.waitForClickable({ timeout: 5000 });
  assert.match(await study.getText(), new RegExp(`\\(${ids.length} cards\\)`));
  await study.click();
  await (await $("plan-session")).waitForDisplayed({ timeout: 5000 });
  const front = await $("plan-session-front");
  await front.waitForDisplayed({ timeout: 10000 });
  const card = (id) => JSON.parse(runCli(dataDir, ["cards", "--json"])).find((c) => c.id === id);
  const first = card(ids[0]);
  assert.equal(await front.getText(), first.front);
  await browser.keys([" "]);
  await (await $("plan-session-back")).waitForDisplayed({ timeout: 5000 });
  await browser.keys(["3"]);
  const progress = await $("plan-session-progress");
  await browser.waitUntil(async () => (await progress.getText()).startsWith("2 of"), {
    timeout: 5000,
    timeoutMsg: "the session did not move to the second card",
  });
  const after = card(ids[0]);
  assert.equal(after.reps, 1, "the answer was recorded by the engine");
});
