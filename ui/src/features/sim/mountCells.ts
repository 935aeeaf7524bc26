// Turns the note renderer's `<div class="sim-cell" data-sim data-inputs>` placeholders into
// live widgets, and takes them down again when the note changes.
import { mount, unmount } from "svelte";
import { backend, type Backend } from "../../lib/ipc/client";
import type { ModelInfo } from "../../lib/ipc/types";
import { toasts } from "../../lib/toasts.svelte";
import SimWidget from "./SimWidget.svelte";
import { cachedCatalog, loadCatalog } from "./catalog";
import { parseCellInputs } from "./simLogic";

export const LIVE_CLASS = "sim-live";

/** Mounts a widget into every sim cell under `root`. Returns the function that unmounts them. */
export function mountSimCells(root: ParentNode, be: Backend = backend()): () => void {
  const cells = [...root.querySelectorAll<HTMLElement>(".sim-cell[data-sim]")];
  const widgets: Record<string, unknown>[] = [];
  let disposed = false;

  function mountAll(catalog: ModelInfo[]) {
    if (disposed) return;
    for (const cell of cells) {
      if (!cell.isConnected || cell.classList.contains(LIVE_CLASS)) continue;
      const name = cell.dataset.sim ?? "";
      const { inputs, problems } = parseCellInputs(cell.dataset.inputs);
      const model = catalog.find((m) => m.name === name) ?? null;
      widgets.push(mount(SimWidget, { target: cell, props: { name, model, initial: inputs, problems, be } }));
      cell.classList.add(LIVE_CLASS); // hides the static fallback (the cell's source)
    }
  }

  if (cells.length) {
    const ready = cachedCatalog(be);
    if (ready) mountAll(ready);
    else
      loadCatalog(be).then(mountAll, (e) => {
        if (!disposed) toasts.error(e, "Loading the simulators");
      });
  }

  return () => {
    disposed = true;
    for (const w of widgets) void unmount(w);
    widgets.length = 0;
    for (const cell of cells) cell.classList.remove(LIVE_CLASS);
  };
}
