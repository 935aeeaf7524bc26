import { beforeEach, describe, expect, it } from "vitest";
import { activeAnchor, clearHighlights, HIT_CLASS, highlightSection, queryTerms, sectionElements } from "./highlight";

const HTML = `
<h1 id="lambda" data-line="1">Lambda</h1>
<p id="p-intro">Intro about concurrency.</p>
<h2 id="concurrency" data-line="5">Concurrency</h2>
<p id="p1">Concurrency is rate times duration. Concurrent users.</p>
<h3 id="reserved" data-line="9">Reserved concurrency</h3>
<p id="p2">Reserved <em>concurrency</em> caps a function.</p>
<h2 id="cold-starts" data-line="12">Cold starts</h2>
<p id="p3">Concurrency grows on cold starts.</p>
`;

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = "";
  root = document.createElement("div");
  root.innerHTML = HTML;
  document.body.appendChild(root);
});

const ids = (els: Element[]) => els.map((e) => e.id);

describe("sectionElements", () => {
  it("runs to the next heading of the same or a higher level, keeping deeper subsections", () => {
    expect(ids(sectionElements(root.querySelector("#concurrency")!))).toEqual(["concurrency", "p1", "reserved", "p2"]);
    expect(ids(sectionElements(root.querySelector("#reserved")!))).toEqual(["reserved", "p2"]);
    expect(ids(sectionElements(root.querySelector("#cold-starts")!))).toEqual(["cold-starts", "p3"]);
  });
});

describe("highlightSection", () => {
  it("marks the section and the query words inside it only", () => {
    const r = highlightSection(root, "concurrency", "concurr")!;
    expect(r).not.toBeNull();
    expect(ids([...root.querySelectorAll(`.${HIT_CLASS}`)])).toEqual(["concurrency", "p1", "reserved", "p2"]);
    // heading, "Concurrency" + "Concurrent" in p1, heading h3, <em> in p2
    expect(r.marks).toBe(5);
    expect(root.querySelector("#p-intro mark")).toBeNull();
    expect(root.querySelector("#p3 mark")).toBeNull();
    expect(root.querySelector("#p2 em mark")?.textContent).toBe("concurrency");
    // Text is unchanged apart from the wrapping.
    expect(root.querySelector("#p1")!.textContent).toBe("Concurrency is rate times duration. Concurrent users.");
  });

  it("matches at word starts only and ignores operators and field filters", () => {
    expect(queryTerms('service:lambda "cold start" -warm rate~1 c AND dur*')).toEqual(["start", "cold", "rate", "dur"]);
    highlightSection(root, "concurrency", "rate");
    const marks = [...root.querySelectorAll("mark")].map((m) => m.textContent);
    expect(marks).toEqual(["rate"]); // not the "rat" inside "duration"/"Concurrent"
  });

  it("clears the previous highlight when another section is highlighted", () => {
    highlightSection(root, "concurrency", "concurrency");
    highlightSection(root, "cold-starts", "cold");
    expect(ids([...root.querySelectorAll(`.${HIT_CLASS}`)])).toEqual(["cold-starts", "p3"]);
    expect([...root.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Cold", "cold"]);
    clearHighlights(root);
    expect(root.querySelectorAll("mark, ." + HIT_CLASS)).toHaveLength(0);
    expect(root.querySelector("#p1")!.childNodes).toHaveLength(1); // text nodes merged back
  });

  it("returns null for an anchor the note no longer has", () => {
    expect(highlightSection(root, "gone", "x")).toBeNull();
    expect(root.querySelectorAll("." + HIT_CLASS)).toHaveLength(0);
  });

  it("does not mark inside rendered math", () => {
    root.innerHTML = `<h2 id="m">Rate</h2><p>rate <span class="math math-inline">rate</span></p>`;
    const r = highlightSection(root, "m", "rate")!;
    expect(r.marks).toBe(2);
    expect(root.querySelector(".math mark")).toBeNull();
  });
});

describe("activeAnchor", () => {
  it("is the last heading scrolled past the threshold", () => {
    const pos = [
      { anchor: "a", top: -300 },
      { anchor: "b", top: 40 },
      { anchor: "c", top: 500 },
    ];
    expect(activeAnchor(pos, 80)).toBe("b");
    expect(activeAnchor([{ anchor: "a", top: 200 }], 80)).toBe("a");
    expect(activeAnchor([], 80)).toBeNull();
  });
});
