import { describe, expect, it } from "vitest";
import { MAX_TOASTS, dismissToast, pushToast, type Toast } from "./toastList";

describe("toast list", () => {
  it("merges a repeated message into one toast with a count, and dismisses by id", () => {
    let list: Toast[] = [];
    list = pushToast(list, { id: 1, kind: "error", title: "Search", message: "index locked" });
    list = pushToast(list, { id: 2, kind: "error", title: "Import", message: "denied" });
    list = pushToast(list, { id: 3, kind: "error", title: "Search", message: "index locked" });
    expect(list.map((t) => [t.id, t.count])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(dismissToast(list, 3).map((t) => t.id)).toEqual([2]);
  });

  it("keeps at most MAX_TOASTS, dropping the oldest", () => {
    let list: Toast[] = [];
    for (let i = 0; i < MAX_TOASTS + 2; i++) list = pushToast(list, { id: i, kind: "error", title: "E", message: `m${i}` });
    expect(list).toHaveLength(MAX_TOASTS);
    expect(list[0].message).toBe("m2");
  });
});
