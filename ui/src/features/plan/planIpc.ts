// The Plan view's calls: the desktop app's plan_* commands, or a small in-memory sample in a
// plain browser (vite dev), like the rest of the UI's mock backend.
import { invoke } from "@tauri-apps/api/core";
import { backend } from "../../lib/ipc/client";
import { toBackendError } from "../../lib/ipc/errors";
import type { CardInfo } from "../../lib/ipc/types";
import type { PlanReport, PlanUpdate } from "./planTypes";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

let mockSettings = { exam_date: null as string | null, minutes_per_day: null as number | null, target: 720 };

function mockReport(): PlanReport {
  const active = mockSettings.exam_date !== null;
  const days = active ? 14 : 0;
  const workload = Array.from({ length: days }, (_, i) => ({
    date: `2026-12-${String(4 + i).padStart(2, "0")}`,
    plan_reviews: 40 + (i % 5) * 3,
    plan_minutes: 8 + (i % 5) * 0.6,
    plain_reviews: 55 + (i % 4) * 4,
    plain_minutes: 11 + (i % 4) * 0.8,
  }));
  return {
    settings: { ...mockSettings, reviews_per_day: null },
    active,
    today: "2026-12-04",
    days_left: days,
    target_retention: 0.9,
    secs_per_review: 12,
    secs_from_log: false,
    new_per_day: 10,
    cards_planned: 12,
    brought_forward: 3,
    safe_until_exam: 20,
    fit: {
      fits: true,
      minutes_per_day_needed: 9.5,
      reviews_per_day_needed: 47,
      reviews_per_day_allowed: null,
      topics_short: [],
      message: active ? "the plan fits: about 10 minutes a day" : "no exam date set",
    },
    workload,
    plan_total_reviews: workload.reduce((s, d) => s + d.plan_reviews, 0),
    plain_total_reviews: workload.reduce((s, d) => s + d.plain_reviews, 0),
    plan_exam_recall: 0.92,
    plain_exam_recall: 0.95,
    forecast: active
      ? {
          fraction: 0.76,
          scaled: 758,
          low: 668,
          high: 850,
          p_target: 0.7,
          domains: [
            { domain: "development", weight_percent: 32, fraction: 0.77, scaled: 765, low: 610, high: 930 },
            { domain: "security", weight_percent: 26, fraction: 0.74, scaled: 740, low: 580, high: 920 },
            { domain: "deployment", weight_percent: 24, fraction: 0.78, scaled: 775, low: 600, high: 950 },
            { domain: "troubleshooting", weight_percent: 18, fraction: 0.73, scaled: 730, low: 540, high: 940 },
          ],
          topics: [],
        }
      : null,
    weakest: [],
    study_card_ids: [],
    history: active ? [{ date: "2026-12-04", scaled: 758, low: 668, high: 850 }] : [],
  };
}

export function planGet(): Promise<PlanReport> {
  if (backend().kind === "mock") return Promise.resolve(mockReport());
  return call<PlanReport>("plan_get");
}

export function planSet(update: PlanUpdate): Promise<PlanReport> {
  if (backend().kind === "mock") {
    if (update.clear) mockSettings = { exam_date: null, minutes_per_day: null, target: 720 };
    else
      mockSettings = {
        exam_date: update.exam_date ?? mockSettings.exam_date,
        minutes_per_day: update.minutes_per_day ?? mockSettings.minutes_per_day,
        target: update.target ?? mockSettings.target,
      };
    return Promise.resolve(mockReport());
  }
  return call<PlanReport>("plan_set", { update });
}

export function planCard(cardId: string): Promise<CardInfo> {
  if (backend().kind === "mock") return Promise.reject(new Error("no cards in the browser sample"));
  return call<CardInfo>("plan_card", { cardId });
}
