import { describe, expect, it } from "vitest";
import { createReviewMock } from "./mockReview";

describe("review mock (the browser demo follows the contract)", () => {
  it("answers, counts down, undoes and counts back up", async () => {
    const m = createReviewMock({ latency: 0 });
    const first = await m.reviewNext();
    expect(first).not.toBeNull();
    expect(first!.previews.map((p) => p.rating)).toEqual(["again", "hard", "good", "easy"]);
    expect(first!.previews[0].interval).toMatch(/^\d+m$/); // Again: back in minutes
    const left = first!.new + first!.learning + first!.review;
    const r = await m.reviewAnswer(first!.card.id, "good", 1200);
    expect(r.interval).toBe(first!.previews[2].interval); // the preview was right
    expect(r.undo_available).toBe(1);
    const second = await m.reviewNext();
    expect(second!.new + second!.learning + second!.review).toBe(left - 1);
    expect(second!.done_today).toBe(1);
    const u = await m.reviewUndo();
    expect(u).toMatchObject({ op: "answer", card_id: first!.card.id, undo_available: 0 });
    const again = await m.reviewNext();
    expect(again!.card.id).toBe(first!.card.id);
    expect(again!.done_today).toBe(0);
    expect(await m.reviewUndo()).toBeNull();
  });

  it("stats have 30 forecast days and today's answers; settings reject bad values naming the key", async () => {
    const m = createReviewMock({ latency: 0 });
    const c = await m.reviewNext();
    await m.reviewAnswer(c!.card.id, "again");
    const s = await m.reviewStats();
    expect(s.forecast).toHaveLength(30);
    expect(s.today.reviews).toBe(1);
    expect(s.reviews_per_day.length).toBeGreaterThan(50);
    await expect(m.setSetting("desired_retention", "1.5")).rejects.toMatchObject({ kind: "invalid_input" });
    expect((await m.setSetting("learning_steps", "1m 5m 20m")).learning_steps).toEqual([60, 300, 1200]);
  });

  it("a new collection has too few reviews to optimise; restoring needs an earlier set", async () => {
    const m = createReviewMock({ latency: 0, historyDays: 0 });
    const r = await m.reviewOptimize(() => {});
    expect(r.status).toBe("not_enough_reviews");
    await expect(m.reviewOptimize(() => {}, true)).rejects.toMatchObject({ kind: "not_found" });
  });
});
