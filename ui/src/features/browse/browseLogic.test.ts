import { describe, expect, it } from "vitest";
import { browseKey, clickRow, curvePath, EMPTY_SELECTION, errorParts, keepVisible, nextSort, selectAll, selectedInOrder, suspendToggle, visibleWindow } from "./browseLogic";
import type { BrowseRow } from "../../lib/ipc/browse";

const order = ["a", "b", "c", "d", "e"];
const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
  browseKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("selection", () => {
  it("click selects one, ctrl-click toggles, shift-click takes the range from the anchor", () => {
    let s = clickRow(EMPTY_SELECTION, order, "b", { shift: false, toggle: false });
    expect([...s.ids]).toEqual(["b"]);
    s = clickRow(s, order, "d", { shift: true, toggle: false });
    expect(selectedInOrder(s, order)).toEqual(["b", "c", "d"]);
    s = clickRow(s, order, "a", { shift: true, toggle: false });
    expect(selectedInOrder(s, order)).toEqual(["a", "b"]);
    s = clickRow(s, order, "e", { shift: false, toggle: true });
    expect(selectedInOrder(s, order)).toEqual(["a", "b", "e"]);
    s = clickRow(s, order, "a", { shift: false, toggle: true });
    expect(selectedInOrder(s, order)).toEqual(["b", "e"]);
    expect(selectedInOrder(selectAll(order), order)).toEqual(order);
  });
  it("a new search keeps only the rows still there", () => {
    const s = keepVisible(selectAll(order), ["b", "z"]);
    expect([...s.ids]).toEqual(["b"]);
    expect(s.anchor).toBeNull();
  });
});

describe("virtual window", () => {
  it("renders only the visible rows and a margin", () => {
    expect(visibleWindow(0, 300, 30, 100_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleWindow(30_000, 300, 30, 100_000, 5)).toEqual({ start: 995, end: 1016 });
    expect(visibleWindow(1e9, 300, 30, 100, 5)).toEqual({ start: 100, end: 100 });
  });
});

describe("shortcuts", () => {
  it("follow Anki's browser", () => {
    expect(key("j", { ctrlKey: true })).toEqual({ type: "bulk", action: { action: "suspend" }, toggleSuspend: true });
    expect(key("J", { ctrlKey: true, shiftKey: true })).toEqual({ type: "bulk", action: { action: "bury" } });
    expect(key("3", { ctrlKey: true })).toEqual({ type: "bulk", action: { action: "flag", flag: 3 } });
    expect(key("n", { ctrlKey: true, altKey: true })).toEqual({ type: "bulk", action: { action: "forget" } });
    expect(key("z", { metaKey: true })).toEqual({ type: "undo" });
    expect(key("a", { ctrlKey: true })).toEqual({ type: "select_all" });
    expect(key("D", { ctrlKey: true, shiftKey: true })).toEqual({ type: "set_due" });
    expect(key("j")).toBeNull();
    expect(key("ArrowDown", { shiftKey: true })).toEqual({ type: "move", by: 1, extend: true });
  });
  it("Ctrl+J unsuspends when every selected card is suspended", () => {
    const r = (suspended: boolean) => ({ suspended }) as BrowseRow;
    expect(suspendToggle([r(true), r(true)])).toEqual({ action: "unsuspend" });
    expect(suspendToggle([r(true), r(false)])).toEqual({ action: "suspend" });
  });
});

describe("sorting and errors", () => {
  it("a header click sorts ascending, a second one flips", () => {
    expect(nextSort({ sort: "note", desc: false }, "due")).toEqual({ sort: "due", desc: false });
    expect(nextSort({ sort: "due", desc: false }, "due")).toEqual({ sort: "due", desc: true });
  });
  it("marks the token at fault by character position", () => {
    expect(errorParts("is:new foo:bar x", 7, "foo:bar")).toEqual({ before: "is:new ", token: "foo:bar", after: " x" });
    expect(errorParts("größe (", 6, "(")).toEqual({ before: "größe ", token: "(", after: "" });
    expect(errorParts("abc", 3, "")).toEqual({ before: "abc", token: " ", after: "" });
  });
  it("draws the curve from full recall at the top", () => {
    expect(curvePath([{ day: 10, r: 1 }, { day: 20, r: 0.5 }], 100, 50)).toBe("M0.0,0.0 L100.0,25.0");
  });
});
