// Dark mode: every view screenshotted in the dark theme (tests/e2e/logs/dark-*.png) and the
// contrast of its text measured from getComputedStyle colours: WCAG AA asks 4.5:1 for body text.
// Also the zoom keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useApp, browser, logs, openPalette, typeSlowly } from "./harness.mjs";

useApp({ name: "dark" });

// Runs in the page: visible elements with text of their own whose colour is under 4.5:1 against
// the background they sit on (the nearest backgrounds, alpha-blended; disabled controls exempt).
function lowContrast(scope) {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const out = [];
  let checked = 0;
  for (const el of scope.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest("[disabled], [aria-disabled='true'], svg, canvas, .katex-mathml")) continue;
    const rect = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || st.visibility === "hidden" || Number(st.opacity) === 0) continue;
    const bg = background(el);
    const fg = over(parse(st.color) ?? { r: 0, g: 0, b: 0, a: 1 }, bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    checked++;
    if (ratio < 4.5) {
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)}:1 (${st.color} on rgb(${bg.r | 0}, ${bg.g | 0}, ${bg.b | 0}))`);
    }
  }
  return { checked, out };
}

async function checkView(name) {
  await browser.pause(700); // data loads, charts draw
  await browser.saveScreenshot(path.join(logs, `dark-${name}.png`));
  const { checked, out } = await browser.execute(
    `return (${lowContrast.toString()})(document.querySelector('.view:not([hidden])') ?? document.body)`,
  );
  assert.ok(checked > 0, `${name}: no text found to check`);
  assert.deepEqual(out, [], `${name}: text under 4.5:1 in the dark theme`);
}

test("choosing the dark theme in Settings turns the window dark", async () => {
  await (await browser.$('[data-testid="note-tree"]')).waitForDisplayed({ timeout: 15000 });
  await browser.$('[data-testid="nav-settings"]').click();
  const select = await browser.$('[data-testid="settings-theme"]');
  await select.waitForDisplayed({ timeout: 5000 });
  await select.selectByAttribute("value", "dark");
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "dark", {
    timeout: 3000,
    timeoutMsg: "data-theme did not become dark",
  });
  const bg = await browser.execute(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, "rgb(247, 247, 245)", "the page background is still the light one");
});

test("a note in the dark theme: text, code and highlights readable", async () => {
  const input = await openPalette();
  await typeSlowly(input, "900 seco");
  const first = await browser.$('[data-testid="search-hit"]');
  await browser.waitUntil(async () => (await first.isExisting()) && /<b>900<\/b>/.test(await first.getHTML()), {
    timeout: 5000,
  });
  await browser.keys(["Enter"]);
  await (await browser.$('[data-testid="note-view"] .hit-section')).waitForExist({ timeout: 5000 });
  await checkView("notebook");
});

for (const view of ["simulators", "library", "review", "exam", "stats", "settings"]) {
  test(`${view} view in the dark theme`, async () => {
    await browser.$(`[data-testid="nav-${view}"]`).click();
    await checkView(view);
  });
}

test("Ctrl+= zooms in, Ctrl+- out, Ctrl+0 back to 100 %", async () => {
  const z = () => browser.execute(() => document.documentElement.style.getPropertyValue("zoom") || "1");
  await browser.keys(["Control", "="]);
  assert.equal(await z(), "1.1");
  await browser.keys(["Control", "0"]);
  assert.equal(await z(), "1");
  await browser.keys(["Control", "-"]);
  assert.equal(await z(), "0.9");
  await browser.keys(["Control", "0"]);
});
