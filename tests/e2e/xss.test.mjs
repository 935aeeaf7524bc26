// End-to-end: hostile notes in the real webview. A folder of notes carrying 60 payloads from the
// families of OWASP's XSS filter-evasion cheat sheet (script tags, event handlers, javascript: and
// data: URLs, SVG and MathML, <base>, <meta refresh>, CSS url() and @import, KaTeX \href and
// \includegraphics, front matter fields, headings, sim cells, tables, callouts, comments and
// mutation tricks) is imported through the CLI and every note is opened in the app. Each payload,
// if it ran, would set `document.title` to PWNED and count itself in `window.__xssHits`; after
// every note the test checks that nothing ran, that the rendered note holds no script, frame,
// object, base, meta or style element, no `on*` attribute and no javascript:/data:/remote URL, and
// that the webview made no request to a non-local address.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { useApp, browser, logs, runCli } from "./harness.mjs";

const RUN = "top.document.title='PWNED';window.__xssHits=(window.__xssHits||0)+1";
// A canary server stands in for a remote host: any request the webview makes to it is a load
// that a hostile note would have made from the network.
const canaryHits = [];
const canary = http.createServer((req, res) => {
  canaryHits.push(req.url);
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("canary");
});
await new Promise((resolve) => canary.listen(0, "127.0.0.1", resolve));
const REMOTE = `http://127.0.0.1:${canary.address().port}`;

/** The payloads, grouped into notes. Each entry is one payload. */
const families = {
  "script tags": [
    `<script>${RUN}</script>`,
    `<SCRIPT SRC=${REMOTE}/x.js></SCRIPT>`,
    `<scr<script>ipt>${RUN}</scr</script>ipt>`,
    `<IMG """><SCRIPT>${RUN}</SCRIPT>">`,
    `<script\x20type="text/javascript">${RUN}</script>`,
  ],
  "event handlers": [
    `<img src=x onerror="${RUN}">`,
    `<IMG SRC=x ONERROR="${RUN}">`,
    `<img/src="x"/onerror="${RUN}">`,
    `<svg onload="${RUN}"></svg>`,
    `<body onload="${RUN}">`,
    `<details open ontoggle="${RUN}"><summary>open</summary></details>`,
    `<input autofocus onfocus="${RUN}">`,
    `<video><source onerror="${RUN}"></video>`,
    `<div onmouseover="${RUN}">hover</div>`,
    `<a href="#" onclick="${RUN}">click</a>`,
  ],
  "javascript URLs": [
    `[link](javascript:${RUN})`,
    `[case](JaVaScRiPt:${RUN})`,
    `[tab](jav&#x09;ascript:${RUN})`,
    `<a href="javascript:${RUN}">anchor</a>`,
    `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${RUN}">entities</a>`,
    `<form action="javascript:${RUN}"><button>go</button></form>`,
    `<iframe src="javascript:${RUN}"></iframe>`,
    `[ref link][evil]\n\n[evil]: javascript:${RUN}`,
  ],
  "data URLs": [
    `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>`,
    `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='${RUN}'/>">`,
    `<object data="data:text/html,<script>${RUN}</script>"></object>`,
    `<embed src="data:text/html,<script>${RUN}</script>">`,
    `![md data](data:text/html,<script>${RUN}</script>)`,
  ],
  "SVG and MathML": [
    `<svg><script>${RUN}</script></svg>`,
    `<svg><a xlink:href="javascript:${RUN}"><text x="10" y="20">svg link</text></a></svg>`,
    `<svg><animate onbegin="${RUN}" attributeName="x" dur="1s"/></svg>`,
    `<svg><foreignObject><img src=x onerror="${RUN}"></foreignObject></svg>`,
    `<math><maction actiontype="statusline" xlink:href="javascript:${RUN}">m</maction></math>`,
    `<math href="javascript:${RUN}"><mi>x</mi></math>`,
  ],
  "base, meta and remote loads": [
    `<base href="${REMOTE}/">\n\n![relative](pixel.png)`,
    `<meta http-equiv="refresh" content="0;url=${REMOTE}/">`,
    `![remote](${REMOTE}/pixel.gif)`,
    `<img src="//${REMOTE.slice("http://".length)}/p.png">`,
    `<img src="https://evil.example/p.png">`,
    `<img srcset="${REMOTE}/a.png 2x">`,
    `<video poster="${REMOTE}/poster.png"></video>`,
    `<audio src="${REMOTE}/a.mp3" autoplay></audio>`,
    `<link rel="stylesheet" href="${REMOTE}/s.css">`,
  ],
  "CSS": [
    `<div style="background:url(${REMOTE}/bg.png)">styled</div>`,
    `<style>@import '${REMOTE}/x.css'; body { background: url(${REMOTE}/b.png) }</style>`,
    `<div style="width: expression(${RUN})">expression</div>`,
    `<p style="behavior: url(${REMOTE}/x.htc)">behaviour</p>`,
  ],
  "KaTeX": [
    `$\\href{javascript:${RUN}}{math link}$`,
    `$$\\url{javascript:${RUN}}$$`,
    `$\\includegraphics[height=1em]{${REMOTE}/k.png}$`,
    `$\\htmlStyle{background:url(${REMOTE}/m.png)}{x}$`,
  ],
  "mutation and comments": [
    `<!--><img src=x onerror="${RUN}">-->`,
    `<noscript><p title="</noscript><img src=x onerror=${RUN}>"></noscript>`,
    `<svg></p><style><a id="</style><img src=1 onerror=${RUN}>">`,
    `<table><td><img src=x onerror="${RUN}"></td></table>`,
  ],
};

/** Notes whose structure carries the payload: front matter, headings, sim cells, callouts, cards. */
const structural = [
  {
    name: "front-matter.md",
    count: 2,
    text: `---\ntitle: "Front <img src=x onerror=\\"${RUN}\\"> matter"\ntags: ["<script>${RUN}</script>"]\n---\n\nBody of the front matter note.\n`,
  },
  {
    name: "headings.md",
    count: 2,
    text: `# Headings\n\n## <img src=x onerror="${RUN}"> heading\n\nText.\n\n### Heading <script>${RUN}</script>\n\nMore text.\n`,
  },
  {
    name: "sim-cells.md",
    count: 2,
    text: "# Sim cells\n\n```sim lambda-cost\nmemory_mb = \"<img src=x onerror=" + RUN + ">\"\n```\n\n" +
      "```sim <script>" + RUN + "</script>\nx = 1\n```\n",
  },
  {
    name: "callouts-and-cards.md",
    count: 3,
    text: `# Callouts and cards\n\n> [!warning] <img src=x onerror="${RUN}">\n> callout body\n\n` +
      `What does the hostile card ask <img src=x onerror="${RUN}">?:: It answers <script>${RUN}</script>\n\n` +
      `| Limit | Value |\n|---|---|\n| <img src=x onerror="${RUN}"> | 15 |\n`,
  },
];

const payloadCount =
  Object.values(families).reduce((n, list) => n + list.length, 0) + structural.reduce((n, s) => n + s.count, 0);

let folder;

useApp({
  name: "xss",
  prepare: (dataDir) => {
    folder = mkdtempSync(path.join(os.tmpdir(), "coldstart-xss-"));
    mkdirSync(folder, { recursive: true });
    let i = 0;
    for (const [family, list] of Object.entries(families)) {
      i += 1;
      const body = list.map((p, k) => `Payload ${k + 1}:\n\n${p}\n`).join("\n");
      writeFileSync(path.join(folder, `payloads-${String(i).padStart(2, "0")}.md`), `# Payloads: ${family}\n\n${body}`);
    }
    for (const s of structural) writeFileSync(path.join(folder, s.name), s.text);
    runCli(dataDir, ["import", folder]);
  },
});

/** What the page shows of a payload having run, or reached outside, right now. */
async function evidence() {
  return browser.execute(() => {
    const view = document.querySelector("main") ?? document.body;
    const bad = [];
    for (const el of view.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      if (["script", "iframe", "object", "embed", "base", "meta", "link", "style", "form", "frame"].includes(tag)) {
        if (!el.closest("[data-testid='note-view'], [data-testid='review-card']")) continue;
        bad.push(`<${tag}>`);
      }
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        const value = a.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (name.startsWith("on")) bad.push(`${tag}[${name}]`);
        if (["href", "src", "xlink:href", "action", "formaction", "srcset", "poster", "data"].includes(name)) {
          if (value.startsWith("javascript:") || value.startsWith("vbscript:") || value.startsWith("data:text")) {
            bad.push(`${tag}[${name}=${a.value.slice(0, 40)}]`);
          }
          if (/^(https?:)?\/\//.test(value) && name !== "href") bad.push(`${tag}[${name}] loads ${a.value.slice(0, 60)}`);
        }
        if (name === "style" && /url\(|expression\(|behavior/.test(value)) bad.push(`${tag}[style=${a.value.slice(0, 40)}]`);
      }
    }
    // Resource timing, where the webview records it (it does not for the app's own protocol).
    const local = (u) => /^(tauri|ipc|asset|data|blob|about):/.test(u) || /^https?:\/\/(tauri\.|ipc\.)?localhost(:\d+)?\//.test(u);
    const requests = performance.getEntriesByType("resource").map((e) => e.name);
    return { ran: window.__xssHits ?? 0, title: document.title, bad, remote: requests.filter((u) => !local(u)) };
  });
}

after(() => canary.close());

function assertInert(e, where) {
  assert.deepEqual(canaryHits, [], `${where}: the webview requested the stand-in remote host`);
  assert.equal(e.ran, 0, `${where}: a payload ran`);
  assert.notEqual(e.title, "PWNED", `${where}: a payload changed the title`);
  assert.deepEqual(e.bad, [], `${where}: executable or remote markup survived`);
  assert.deepEqual(e.remote, [], `${where}: the webview requested a non-local address`);
}

test(`${payloadCount} hostile payloads in imported notes render inert, with no request outside`, async () => {
  assert.ok(payloadCount >= 50, `only ${payloadCount} payloads`);
  const tree = await browser.$('[data-testid="note-tree"]');
  await tree.waitForDisplayed({ timeout: 15000 });
  const ours = async () =>
    browser.execute((dir) => [...document.querySelectorAll('[data-testid="tree-note"]')].filter((b) => (b.title || "").startsWith(dir)).length, folder);
  // Open the imported folder's groups if they start closed.
  if ((await ours()) === 0) {
    await browser.execute(() => document.querySelectorAll('[data-testid="note-tree"] button[aria-expanded="false"]').forEach((b) => b.click()));
  }
  const files = Object.keys(families).length + structural.length;
  await browser.waitUntil(async () => (await ours()) === files, { timeout: 10000, timeoutMsg: "the hostile notes are not all in the tree" });
  for (let i = 0; i < files; i++) {
    const name = await browser.execute((dir, k) => {
      const b = [...document.querySelectorAll('[data-testid="tree-note"]')].filter((x) => (x.title || "").startsWith(dir))[k];
      b.click();
      return b.title;
    }, folder, i);
    const view = await browser.$('[data-testid="note-view"]');
    await view.waitForDisplayed({ timeout: 5000 });
    await browser.waitUntil(async () => (await browser.$('[data-testid="note-title"]').getText()).length > 0, { timeout: 5000 });
    // Hover and focus what a handler would need, then let timers and loads settle.
    await browser.execute(() => document.querySelectorAll("[data-testid='note-view'] *").forEach((el) => {
      el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    }));
    await browser.pause(300);
    const e = await evidence();
    assertInert(e, path.basename(name));
    if (path.basename(name).startsWith("payloads-")) {
      assert.match(await view.getText(), /Payload 1:/, `${name}: the note did not render`);
    }
  }
  // The checks can fail: markup planted past the sanitizer is caught.
  await browser.execute(() => {
    const planted = document.createElement("div");
    planted.id = "planted";
    planted.innerHTML = '<img src="x" onerror="void 0"><a href="javascript:void 0">x</a>';
    document.querySelector("[data-testid='note-view']").append(planted);
  });
  const planted = await evidence();
  assert.ok(planted.bad.includes("img[onerror]"), `planted handler not seen: ${planted.bad}`);
  assert.ok(planted.bad.some((b) => b.startsWith("a[href=javascript")), `planted URL not seen: ${planted.bad}`);
  // The second layer: even a load planted past the sanitizer is refused by the page's CSP.
  await browser.execute((u) => {
    const img = document.createElement("img");
    img.src = `${u}/planted.png`;
    document.getElementById("planted").append(img);
    fetch(`${u}/fetched`).catch(() => {});
  }, REMOTE);
  await browser.pause(1000);
  assert.deepEqual(canaryHits, [], "the CSP let a planted load through");
  await browser.execute(() => document.getElementById("planted").remove());
  await browser.saveScreenshot(path.join(logs, "xss.png"));
});

test("the hostile notes' links and math still render as text, and the app still works", async () => {
  const text = await browser.$('[data-testid="note-view"]').getText();
  assert.ok(text.length > 0, "the last note rendered something");
  // The app is alive: the palette still searches.
  await browser.keys(["Control", "k"]);
  const input = await browser.$('[data-testid="search-input"]');
  await input.waitForDisplayed({ timeout: 5000 });
  await input.setValue("hostile card");
  await browser.keys("Escape");
  assertInert(await evidence(), "after search");
});
