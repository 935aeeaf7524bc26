import { describe, expect, it } from "vitest";
import { resolveTheme, stepZoom, zoomKey, ZOOM_STEPS } from "./desktop";

describe("theme", () => {
  it("follows the system only when the choice is system", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });
});

describe("zoom", () => {
  const key = (k: string, ctrl = true) => zoomKey({ key: k, ctrlKey: ctrl, metaKey: false, altKey: false });
  it("maps Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0 and nothing else", () => {
    expect([key("="), key("+"), key("-"), key("0")]).toEqual([1, 1, -1, 0]);
    expect(key("k")).toBeNull();
    expect(key("=", false)).toBeNull();
  });
  it("steps through the zoom levels and stops at both ends", () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(1.5, 0)).toBe(1);
    expect(stepZoom(ZOOM_STEPS.at(-1)!, 1)).toBe(ZOOM_STEPS.at(-1));
    expect(stepZoom(ZOOM_STEPS[0], -1)).toBe(ZOOM_STEPS[0]);
    expect(stepZoom(1.23, 1)).toBe(1.1); // an unknown level starts from 100 %
  });
});
