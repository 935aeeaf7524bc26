// Pure list logic behind the toasts: identical messages are merged (with a count) instead of
// stacking up, and the list is bounded.

export type ToastKind = "error" | "info";

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message: string;
  count: number;
}

export const MAX_TOASTS = 5;

export function pushToast(list: Toast[], t: Omit<Toast, "count">): Toast[] {
  const same = list.find((x) => x.kind === t.kind && x.title === t.title && x.message === t.message);
  if (same) {
    return [...list.filter((x) => x !== same), { ...same, id: t.id, count: same.count + 1 }];
  }
  const next = [...list, { ...t, count: 1 }];
  return next.length > MAX_TOASTS ? next.slice(next.length - MAX_TOASTS) : next;
}

export function dismissToast(list: Toast[], id: number): Toast[] {
  return list.filter((x) => x.id !== id);
}
