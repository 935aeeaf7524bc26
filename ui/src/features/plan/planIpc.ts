// The Plan view's calls: the desktop app's plan_* commands through the generated bindings. In a
// plain browser (the vite dev demo) they reject like every other unrecorded call.
import { commands } from "../../lib/ipc/bindings";
import { toBackendError } from "../../lib/ipc/errors";
import type { CardInfo } from "../../lib/ipc/types";
import type { PlanReport, PlanUpdate } from "./planTypes";

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toBackendError(e);
  }
}

export function planGet(): Promise<PlanReport> {
  return call(() => commands.planGet());
}

export function planSet(update: PlanUpdate): Promise<PlanReport> {
  return call(() => commands.planSet(update));
}

export function planCard(cardId: string): Promise<CardInfo> {
  return call(() => commands.planCard(cardId));
}
