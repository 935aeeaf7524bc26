// Shared harness for the end-to-end tests: starts tauri-driver (on fresh ports, in its own
// process group) and the real desktop binary with a fresh data directory, and tears both down.
// Each *.test.mjs file gets its own app and data directory.
import { before, after } from "node:test";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, openSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

export const root = path.resolve(import.meta.dirname, "../..");
export const app = process.env.COLDSTART_APP ?? path.join(root, "target/debug/coldstart-desktop");
export const cli = process.env.COLDSTART_CLI ?? path.join(root, "target/debug/coldstart");
const driverBin = process.env.TAURI_DRIVER ?? path.join(os.homedir(), ".cache/coldstart-tools/bin/tauri-driver");
export const logs = path.join(root, "tests/e2e/logs");
mkdirSync(logs, { recursive: true });

let driver;
let dataDir;
/** The WebdriverIO session, set once `useApp()`'s `before` hook has run. */
export let browser;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

async function waitPorts(ports, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const open = await Promise.all(ports.map(portOpen));
    if (open.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${ports.join(" and ")} within ${ms} ms`);
}

/**
 * Register before/after hooks that start the app on a fresh data directory and stop it.
 * `prepare(dataDir)` runs first (e.g. CLI commands that fill the library); `name` names the log;
 * `env` adds variables for the app (e.g. `COLDSTART_NOW`).
 */
export function useApp({ name = "app", prepare, env = {} } = {}) {
before(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "coldstart-e2e-"));
  if (prepare) prepare(dataDir);
  const log = openSync(path.join(logs, `tauri-driver-${name}.log`), "w");
  // Fresh ports every run, so a driver left over from an earlier run can never answer for this one.
  const port = await freePort();
  const nativePort = await freePort();
  driver = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env, COLDSTART_DATA_DIR: dataDir },
    stdio: ["ignore", log, log],
    detached: true, // own process group: tauri-driver, WebKitWebDriver and the app die together
  });
  await waitPorts([port, nativePort], 20000);
  browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: app },
    },
  });
});

after(async () => {
  try { await browser?.deleteSession(); } catch { /* the app may already be gone */ }
  if (driver) {
    try { process.kill(-driver.pid, "SIGKILL"); } catch { /* already gone */ }
  }
  // The app was started by WebKitWebDriver inside the driver's process group: killed with it.
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
}

export async function openPalette() {
  await browser.keys(["Control", "k"]);
  const input = await browser.$('[data-testid="search-input"]');
  await input.waitForDisplayed({ timeout: 5000 });
  return input;
}

export async function typeSlowly(input, text) {
  await input.clearValue();
  for (const ch of text) await input.addValue(ch); // results update as each character arrives
}

/** Run the CLI against the same data directory (e.g. to prepare state). */
export function runCli(dataDir, args) {
  return execFileSync(cli, ["--data-dir", dataDir, ...args], { stdio: ["ignore", "pipe", "inherit"] }).toString();
}
