import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { createDemoBackend } from "../../lib/ipc/demo";
import { mountSimCells } from "./mountCells";

async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
    flushSync();
  }
}

describe("sim cells in a note", () => {
  it("mount a live widget that recomputes on input and unmount on note change", async () => {
    // Replays the engine runs recorded by ui/scripts/record-fixtures.mjs for exactly these inputs.
    const be = createDemoBackend();
    const root = document.createElement("div");
    document.body.appendChild(root);
    root.innerHTML = `<h2 id="w">Writes</h2>
<div class="sim-cell" data-sim="dynamodb-capacity" data-inputs='{"writes_per_second":10,"item_size_kb":2}'><pre><code>writes_per_second = 10</code></pre></div>
<div class="sim-cell" data-sim="no-such-model" data-inputs='{}'><pre><code></code></pre></div>`;
    const dispose = mountSimCells(root, be);

    const out = () => root.querySelector('[data-sim="dynamodb-capacity"] [data-testid="sim-output-wcu"]')?.textContent;
    await until(() => out() === "20");
    const widget = root.querySelector('[data-testid="sim-widget"][data-sim="dynamodb-capacity"]')!;
    expect(widget.querySelector("h3")?.textContent).toBe("DynamoDB capacity units");
    expect(root.querySelector(".sim-cell")!.classList.contains("sim-live")).toBe(true);

    // Every control has a label.
    for (const el of widget.querySelectorAll<HTMLElement>('[data-testid^="sim-input-"]')) {
      expect(widget.querySelector(`label[for="${el.id}"]`), el.dataset.testid).not.toBeNull();
    }

    const field = widget.querySelector<HTMLInputElement>('[data-testid="sim-input-writes_per_second"]')!;
    field.value = "20";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await until(() => out() === "40");

    // Out of range: the error is shown next to the input, naming it.
    field.value = "-3";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await until(() => widget.querySelector('[data-testid="sim-error-writes_per_second"]') !== null);
    expect(widget.querySelector('[data-testid="sim-error-writes_per_second"]')!.textContent).toMatch(/`writes_per_second` = -3 is out of range/);

    // The select is a choice input.
    const mode = widget.querySelector<HTMLSelectElement>('[data-testid="sim-input-write_mode"]')!;
    field.value = "10";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    mode.value = "transactional";
    mode.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => out() === "40" && widget.querySelector('[data-testid="sim-error-writes_per_second"]') === null);

    // An unknown model shows the engine's message instead of a widget's inputs.
    const unknown = root.querySelector('[data-testid="sim-widget"][data-sim="no-such-model"]')!;
    await until(() => /unknown simulator/.test(unknown.textContent ?? ""));

    dispose();
    expect(root.querySelector('[data-testid="sim-widget"]')).toBeNull();
    expect(root.querySelector(".sim-live")).toBeNull();
    root.remove();
  });
});
