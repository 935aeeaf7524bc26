import { errorTitle, toBackendError } from "./ipc/errors";
import { dismissToast, pushToast, type Toast } from "./toastList";

class Toasts {
  items = $state<Toast[]>([]);
  private nextId = 1;

  /** Shows a backend (or any) error until the user dismisses it. */
  error(e: unknown, context?: string): void {
    const err = toBackendError(e);
    const title = context ? `${context}: ${errorTitle(err.kind)}` : errorTitle(err.kind);
    this.items = pushToast(this.items, { id: this.nextId++, kind: "error", title, message: err.message });
  }

  /** A short notice that goes away by itself. */
  info(message: string, title = "Note"): void {
    const id = this.nextId++;
    this.items = pushToast(this.items, { id, kind: "info", title, message });
    setTimeout(() => this.dismiss(id), 5000);
  }

  dismiss(id: number): void {
    this.items = dismissToast(this.items, id);
  }
}

export const toasts = new Toasts();
