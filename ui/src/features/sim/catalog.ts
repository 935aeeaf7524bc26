// The simulator catalog, fetched once per backend and shared by every widget.
import type { Backend } from "../../lib/ipc/client";
import type { ModelInfo } from "../../lib/ipc/types";

const cache = new WeakMap<Backend, { promise: Promise<ModelInfo[]>; value?: ModelInfo[] }>();

export function loadCatalog(be: Backend): Promise<ModelInfo[]> {
  let entry = cache.get(be);
  if (!entry) {
    const e: { promise: Promise<ModelInfo[]>; value?: ModelInfo[] } = {
      promise: be.simCatalog().then(
        (v) => {
          e.value = v;
          return v;
        },
        (err) => {
          cache.delete(be); // try again next time
          throw err;
        },
      ),
    };
    entry = e;
    cache.set(be, entry);
  }
  return entry.promise;
}

/** The catalog if it has already arrived (lets widgets mount without a flash of the fallback). */
export function cachedCatalog(be: Backend): ModelInfo[] | undefined {
  return cache.get(be)?.value;
}
