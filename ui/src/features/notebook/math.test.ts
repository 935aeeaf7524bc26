import { describe, expect, it } from "vitest";
import { renderMath } from "./math";

describe("renderMath", () => {
  it("renders inline and display placeholders with KaTeX and survives bad TeX", () => {
    const root = document.createElement("div");
    root.innerHTML =
      '<p>x <span class="math math-inline">C = R \\times D</span></p>' +
      '<div class="math math-display">\\frac{a}{b}</div>' +
      '<span class="math math-inline">\\badcommand{</span>';
    expect(renderMath(root)).toBe(3);
    expect(root.querySelector(".math-inline .katex")).not.toBeNull();
    expect(root.querySelector(".math-display .katex-display")).not.toBeNull();
    expect(root.querySelectorAll(".katex-error").length).toBe(1);
    // Idempotent: already rendered placeholders are left alone.
    expect(renderMath(root)).toBe(0);
  });
});
