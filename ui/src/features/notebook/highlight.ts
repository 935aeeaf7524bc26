// Highlighting of a search hit inside a rendered note: the section under an anchor gets the
// class `hit-section`, and the query's words inside it are wrapped in <mark>.

export const HIT_CLASS = "hit-section";
const MARK_CLASS = "hit-mark";

/** Words of a search query worth marking: operators, field filters and quotes removed. */
export function queryTerms(query: string): string[] {
  const out = new Set<string>();
  for (let raw of query.split(/\s+/)) {
    if (!raw) continue;
    if (/^[\w-]+:/.test(raw)) continue; // service:lambda, tag:limits …
    if (raw.startsWith("-")) continue; // excluded term
    raw = raw.replace(/^["'(+]+/, "").replace(/["')]+$/, "");
    raw = raw.replace(/[~^][\d.]*$/, "").replace(/\*+$/, ""); // fuzzy~1, boost^2, prefix*
    const upper = raw.toUpperCase();
    if (upper === "AND" || upper === "OR" || upper === "NOT") continue;
    const w = raw.toLowerCase().trim();
    if (w.length >= 2) out.add(w);
  }
  // Longer terms first so that "concurrency" wins over "con" when both match.
  return [...out].sort((a, b) => b.length - a.length);
}

export function headingLevel(el: Element): number {
  const m = /^H([1-6])$/.exec(el.tagName.toUpperCase());
  return m ? Number(m[1]) : 0;
}

export function findById(root: ParentNode, id: string): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>("[id]")) {
    if (el.id === id) return el;
  }
  return null;
}

/**
 * The elements of the section that starts at `heading`: the heading itself and its following
 * siblings up to (not including) the next heading of the same or a higher level.
 */
export function sectionElements(heading: Element): Element[] {
  const level = headingLevel(heading) || 6;
  const out: Element[] = [heading];
  for (let el = heading.nextElementSibling; el; el = el.nextElementSibling) {
    const l = headingLevel(el);
    if (l > 0 && l <= level) break;
    out.push(el);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const SKIP = new Set(["SCRIPT", "STYLE", "MARK", "TEXTAREA", "SVG", "MATH"]);

function skipped(el: Element | null, stop: Element): boolean {
  for (let e = el; e && e !== stop.parentElement; e = e.parentElement) {
    if (SKIP.has(e.tagName.toUpperCase())) return true;
    if (e.classList.contains("katex") || e.classList.contains("math")) return true;
    // Live simulator widgets own their DOM (Svelte): never split their text nodes.
    if (e.classList.contains("sim-widget")) return true;
  }
  return false;
}

/**
 * Wraps each word that starts with one of the terms (case-insensitive: a prefix typed in the
 * palette marks the whole word, as the search matched it) in <mark class="hit-mark">.
 * Returns the count.
 */
export function markTerms(root: Element, terms: string[]): number {
  if (terms.length === 0) return 0;
  const doc = root.ownerDocument;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*`, "giu");
  const texts: Text[] = [];
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (t.data.trim() && !skipped(t.parentElement, root)) texts.push(t);
  }
  let count = 0;
  for (const t of texts) {
    const data = t.data;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let last = 0;
    const frag = doc.createDocumentFragment();
    while ((m = re.exec(data))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (m.index > last) frag.appendChild(doc.createTextNode(data.slice(last, m.index)));
      const mark = doc.createElement("mark");
      mark.className = MARK_CLASS;
      mark.textContent = m[0];
      frag.appendChild(mark);
      last = m.index + m[0].length;
      count++;
    }
    if (last === 0) continue;
    if (last < data.length) frag.appendChild(doc.createTextNode(data.slice(last)));
    t.parentNode!.replaceChild(frag, t);
  }
  return count;
}

/** Removes every hit-section class and <mark> that `highlightSection` added. */
export function clearHighlights(root: Element): void {
  for (const el of [...root.querySelectorAll(`.${HIT_CLASS}`)]) el.classList.remove(HIT_CLASS);
  for (const mark of [...root.querySelectorAll(`mark.${MARK_CLASS}`)]) {
    const parent = mark.parentNode!;
    parent.replaceChild(root.ownerDocument.createTextNode(mark.textContent ?? ""), mark);
    parent.normalize();
  }
}

export interface HighlightResult {
  heading: HTMLElement;
  section: Element[];
  marks: number;
}

/**
 * Highlights the section under `anchor` and marks the query's words in it.
 * Returns null when the note has no element with that id (the note changed since indexing).
 */
export function highlightSection(root: Element, anchor: string, query = ""): HighlightResult | null {
  clearHighlights(root);
  const heading = findById(root, anchor);
  if (!heading) return null;
  const section = headingLevel(heading) ? sectionElements(heading) : [heading];
  for (const el of section) el.classList.add(HIT_CLASS);
  const terms = queryTerms(query);
  let marks = 0;
  for (const el of section) marks += markTerms(el, terms);
  return { heading, section, marks };
}

/** Which heading the reader is in: the last one whose top is at or above `threshold` px. */
export function activeAnchor(positions: { anchor: string; top: number }[], threshold = 80): string | null {
  let active: string | null = positions[0]?.anchor ?? null;
  for (const p of positions) {
    if (p.top <= threshold) active = p.anchor;
    else break;
  }
  return active;
}
