// Desktop behaviour: the window opens at the size and place saved in the data directory, and a
// second start on the same data directory does not open a second window on the same database; it
// asks the running one to come to the front and exits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { useApp, browser, app } from "./harness.mjs";

const saved = { x: 60, y: 40, width: 1000, height: 640, maximized: false };
useApp({
  name: "desktop",
  prepare: (dataDir) => writeFileSync(path.join(dataDir, "window.json"), JSON.stringify(saved)),
});

test("the window opens at the saved size and position", async () => {
  await (await browser.$('[data-testid="note-tree"]')).waitForDisplayed({ timeout: 15000 });
  const rect = await browser.getWindowRect();
  assert.deepEqual([rect.width, rect.height], [saved.width, saved.height], JSON.stringify(rect));
  assert.deepEqual([rect.x, rect.y], [saved.x, saved.y], JSON.stringify(rect));
});

test("a second start on the same data directory exits and leaves the running window", async () => {
  await (await browser.$('[data-testid="note-tree"]')).waitForDisplayed({ timeout: 15000 });
  const info = await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke("app_info").then(done, (e) => done({ error: String(e) }));
  });
  assert.ok(info.data_dir, `app_info: ${JSON.stringify(info)}`);
  const second = spawn(app, [], {
    env: { ...process.env, COLDSTART_DATA_DIR: info.data_dir },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  second.stderr.on("data", (d) => (err += d));
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      second.kill("SIGKILL");
      resolve("still running after 10 s");
    }, 10000);
    second.on("exit", (c) => (clearTimeout(timer), resolve(c)));
  });
  assert.equal(code, 0, `second instance: ${code}; ${err}`);
  assert.match(err, /already open/);
  // The first one still answers.
  assert.ok(await browser.$('[data-testid="note-tree"]').isDisplayed());
});
