// End-to-end: a damaged database. The CLI makes a library (and its daily backup), the test
// overwrites the database's header with junk, and the app starts with a modal that offers to
// restore the latest backup; after restoring, the notebook works and the damaged file is kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, openSync, readdirSync, writeSync } from "node:fs";
import path from "node:path";
import { useApp, browser, logs, runCli } from "./harness.mjs";

let dataDir;

useApp({
  name: "recovery",
  prepare: (dir) => {
    dataDir = dir;
    runCli(dir, ["due"]); // creates coldstart.db
    runCli(dir, ["due"]); // opens it again: the daily backup coldstart.db.daily-*.bak
    const files = readdirSync(dir);
    assert.ok(files.some((f) => /^coldstart\.db\..*\.bak$/.test(f)), `no backup was made: ${files.join(", ")}`);
    const fd = openSync(path.join(dir, "coldstart.db"), "r+");
    writeSync(fd, Buffer.alloc(100, "junk"), 0, 100, 0);
    closeSync(fd);
  },
});

test("a damaged database opens a dialog that restores the latest backup", async () => {
  const dialog = await browser.$('[data-testid="db-dialog"]');
  await dialog.waitForDisplayed({ timeout: 15000 });
  assert.match(await dialog.getText(), /damaged/i);
  assert.equal(await dialog.getAttribute("data-can-restore"), "true");
  // It is a modal, not a toast, and the views wait behind it.
  assert.equal(await dialog.getAttribute("aria-modal"), "true");
  assert.equal((await browser.$$('[data-testid="note-tree"]')).length, 0);
  // The window has only just started: let it paint before the screenshot.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(250);
  await browser.saveScreenshot(path.join(logs, "recovery-dialog.png"));

  // "Not now" lets the views start (without a library) and leaves a banner to come back.
  await browser.$('[data-testid="db-not-now"]').click();
  const banner = await browser.$('[data-testid="db-banner"]');
  await banner.waitForDisplayed({ timeout: 5000 });
  await banner.$("button").click();
  await browser.$('[data-testid="db-restore"]').waitForDisplayed({ timeout: 5000 });

  await browser.$('[data-testid="db-restore"]').click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="db-dialog"]')).length === 0, {
    timeout: 15000,
    timeoutMsg: "the dialog did not close after the restore",
  });

  // The notebook works again: the tree lists the bundled notes.
  const tree = await browser.$('[data-testid="note-tree"]');
  await tree.waitForDisplayed({ timeout: 15000 });
  await browser.waitUntil(async () => /Lambda/i.test(await tree.getText()), {
    timeout: 15000,
    timeoutMsg: "the note tree did not list the bundled notes after the restore",
  });

  // The damaged file was kept aside, beside the restored database.
  const files = readdirSync(dataDir);
  assert.ok(files.some((f) => /^coldstart\.db\.corrupt-/.test(f)), `the damaged file was not kept: ${files.join(", ")}`);
  assert.ok(files.includes("coldstart.db"));
  assert.equal((await browser.$$('[data-testid="db-banner"]')).length, 0);
});

test("after the restore the Library shows the export panel", async () => {
  await browser.$('[data-testid="nav-library"]').click();
  const panel = await browser.$('[data-testid="export-panel"]');
  await panel.waitForDisplayed({ timeout: 5000 });
  // The service filter comes from list_services, which works again.
  const service = await browser.$('[data-testid="export-service"]');
  await browser.waitUntil(async () => (await service.$$("option")).length > 2, {
    timeout: 5000,
    timeoutMsg: "the service filter was not filled",
  });
  assert.equal(await browser.$('[data-testid="export-deck"]').getValue(), "Coldstart");
  assert.ok(await browser.$('[data-testid="export-button"]').isEnabled());
  assert.ok(await browser.$('[data-testid="import-deck-button"]').isEnabled());
  await panel.scrollIntoView();
  await browser.saveScreenshot(path.join(logs, "export-panel.png"));
});
