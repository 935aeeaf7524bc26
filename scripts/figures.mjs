// Figures for the installed release app (not a test: it prints, it does not judge). Run by
// scripts/figures.sh under Xvfb. For each app (Coldstart, then the empty-window floor):
// time from process start to the note tree and to the first search result, and the resident
// memory of the app and its WebKit processes after opening a note, a search, and a 20-card review.
//   node scripts/figures.mjs APP [FLOOR_APP]
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

const driverBin = process.env.TAURI_DRIVER ?? path.join(os.homedir(), ".cache/coldstart-tools/bin/tauri-driver");
const cli = process.env.COLDSTART_CLI ?? "/usr/bin/coldstart";
const [app, floor] = process.argv.slice(2);
const HZ = 100; // USER_HZ: /proc/<pid>/stat start times are in these ticks

const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
const open = (port) =>
  new Promise((res) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), res(true)));
    s.once("error", () => res(false));
  });

function procs() {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: Number(d), comm, ppid: Number(f[1]), start: Number(f[19]) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The app process (started by WebKitWebDriver in the driver's tree) and its descendants. */
function appTree(driverPid, name) {
  const all = procs();
  const below = (root) => {
    const set = new Set([root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of all) if (!set.has(p.pid) && set.has(p.ppid)) set.add(p.pid), (grew = true);
    }
    return set;
  };
  const mine = below(driverPid);
  const appProc = all.find((p) => mine.has(p.pid) && p.comm === name.slice(0, 15));
  if (!appProc) return null;
  const tree = below(appProc.pid);
  return { app: appProc, procs: all.filter((p) => tree.has(p.pid)) };
}

function memory(tree) {
  const rows = [];
  for (const p of tree.procs) {
    try {
      const status = readFileSync(`/proc/${p.pid}/status`, "utf8");
      const rss = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      const roll = readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8");
      const pss = Number(roll.match(/Pss:\s+(\d+)/)?.[1] ?? 0);
      if (rss > 0) rows.push({ comm: p.comm, rss, pss });
    } catch {
      /* gone or not readable */
    }
  }
  const mb = (kb) => (kb / 1024).toFixed(0);
  const total = rows.reduce((a, r) => ({ rss: a.rss + r.rss, pss: a.pss + r.pss }), { rss: 0, pss: 0 });
  return `${rows.map((r) => `${r.comm} ${mb(r.rss)} MB`).join(", ")}; total RSS ${mb(total.rss)} MB (PSS ${mb(total.pss)} MB)`;
}

const sinceStart = (tree) => {
  const up = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  return Math.round((up - tree.app.start / HZ) * 1000);
};

async function session(application, dataDir) {
  const port = await freePort();
  const native = await freePort();
  const log = openSync(path.join(dataDir, "driver.log"), "w");
  const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(native)], {
    env: { ...process.env, COLDSTART_DATA_DIR: dataDir },
    stdio: ["ignore", log, log],
    detached: true,
  });
  for (let i = 0; i < 200 && !((await open(port)) && (await open(native))); i++) await new Promise((r) => setTimeout(r, 100));
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: { "wdio:enforceWebDriverClassic": true, "tauri:options": { application } },
  });
  return { browser, driver };
}

async function until(browser, fn, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out");
}

async function coldstart() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coldstart-figures-"));
  const { browser, driver } = await session(app, dataDir);
  try {
    const tree = () => appTree(driver.pid, path.basename(app));
    const t = tree();
    await until(browser, () => browser.execute(() => !!document.querySelector('[data-testid="note-tree"] *')));
    console.log(`time from process start to the note tree shown: ${sinceStart(t)} ms (polled every 20 ms)`);
    const pageStart = await browser.execute(() => performance.timeOrigin);
    const startedAt = Date.now() - sinceStart(t);
    console.log(`  of which process start → page load began: ${Math.round(pageStart - startedAt)} ms`);
    await browser.keys(["Control", "k"]);
    const input = await browser.$('[data-testid="search-input"]');
    await input.waitForDisplayed({ timeout: 5000 });
    const q0 = Date.now();
    await input.setValue("900 seconds");
    await until(browser, async () => /<b>900<\/b>/.test(await browser.execute(() => document.querySelector('[data-testid="search-hit"]')?.innerHTML ?? "")));
    console.log(`time from process start to the first search result: ${sinceStart(t)} ms (the query itself: ${Date.now() - q0} ms after typing began)`);
    console.log(`memory after a search: ${memory(tree())}`);
    await browser.keys(["Enter"]);
    await (await browser.$('[data-testid="note-view"] .hit-section')).waitForExist({ timeout: 5000 });
    await browser.pause(1500);
    console.log(`memory after opening a note: ${memory(tree())}`);
    await browser.$('[data-testid="nav-review"]').click();
    for (let i = 0; i < 20; i++) {
      const show = await browser.$('[data-testid="review-show"]');
      await show.waitForClickable({ timeout: 5000 });
      await show.click();
      const good = await browser.$('[data-testid="grade-3"]');
      await good.waitForClickable({ timeout: 5000 });
      await good.click();
    }
    await browser.pause(1000);
    const stats = JSON.parse(execFileSync(cli, ["--data-dir", dataDir, "stats", "--json"]).toString());
    console.log(`memory after a ${stats.total_reviews}-card review: ${memory(tree())}`);
    const dom = await browser.execute(() => ({ nodes: document.getElementsByTagName("*").length, heap: performance.memory?.usedJSHeapSize }));
    console.log(`DOM: ${dom.nodes} elements`);
  } finally {
    try { await browser.deleteSession(); } catch { /* gone */ }
    try { process.kill(-driver.pid, "SIGKILL"); } catch { /* gone */ }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function emptyWindow() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coldstart-floor-"));
  const { browser, driver } = await session(floor, dataDir);
  try {
    const t = appTree(driver.pid, path.basename(floor));
    await until(browser, () => browser.execute(() => !!document.getElementById("ready")));
    console.log(`floor (empty Tauri window, same build): shown ${sinceStart(t)} ms after process start`);
    await browser.pause(1500);
    console.log(`floor memory: ${memory(appTree(driver.pid, path.basename(floor)))}`);
  } finally {
    try { await browser.deleteSession(); } catch { /* gone */ }
    try { process.kill(-driver.pid, "SIGKILL"); } catch { /* gone */ }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await coldstart();
if (floor) await emptyWindow();
