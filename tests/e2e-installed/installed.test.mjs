// The INSTALLED package (/usr/bin/coldstart-desktop from the .deb), driven like the other e2e
// tests. Run by .ci/deb-e2e.sh, which installs the package, points COLDSTART_APP at a wrapper that
// hides the source tree and records connect() calls, and checks the record afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, openPalette, typeSlowly } from "../e2e/harness.mjs";

const resources = process.env.COLDSTART_EXPECT_RESOURCES ?? "/usr/lib/Coldstart";

useApp({ name: "installed" });

test("the installed app opens on the bundled notes from the package", async () => {
  const tree = await browser.$('[data-testid="note-tree"]');
  await tree.waitForDisplayed({ timeout: 15000 });
  const text = await tree.getText();
  assert.match(text, /lambda/i);
  assert.match(text, /dynamodb/i);
  // The notes come from the package's resources, not from a source tree.
  const info = await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke("app_info").then(done, (e) => done({ error: String(e) }));
  });
  assert.equal(info.content_dir, path.join(resources, "content"));
});

test("search works in the installed app", async () => {
  const input = await openPalette();
  await typeSlowly(input, "900 seco");
  const first = await browser.$('[data-testid="search-hit"]');
  await browser.waitUntil(
    async () => (await first.isExisting()) && /<b>900<\/b>/.test(await first.getHTML()),
    { timeout: 5000, timeoutMsg: "no hit highlighting 900" },
  );
  await browser.keys(["Enter"]);
  const marked = await browser.$('[data-testid="note-view"] .hit-section mark');
  await marked.waitForExist({ timeout: 5000 });
  await browser.saveScreenshot(path.join(logs, "installed-note.png"));
});
