// KaTeX rendering of the backend's math placeholders:
//   <span class="math math-inline">TEX</span> and <div class="math math-display">TEX</div>
import katex from "katex";

/** Renders every math placeholder under `root` in place. Bad TeX shows in red, never throws. */
export function renderMath(root: ParentNode): number {
  let n = 0;
  for (const el of root.querySelectorAll<HTMLElement>(".math-inline, .math-display")) {
    if (el.dataset.rendered === "1") continue;
    const tex = el.textContent ?? "";
    const displayMode = el.classList.contains("math-display");
    try {
      // renderToString + innerHTML rather than katex.render: same output, and no dependence on
      // the document's mode (render refuses quirks-mode documents such as bare test DOMs).
      el.innerHTML = katex.renderToString(tex, {
        displayMode,
        throwOnError: false,
        output: "htmlAndMathml",
        strict: "ignore",
        trust: false,
      });
      el.dataset.tex = tex;
      el.dataset.rendered = "1";
      n++;
    } catch (e) {
      // throwOnError:false covers parse errors; anything else leaves the TeX source visible.
      el.classList.add("math-error");
      el.title = e instanceof Error ? e.message : String(e);
    }
  }
  return n;
}
